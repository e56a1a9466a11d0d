"""The checked model and its overlap analysis as JSON (``argmap export -f json``).

The shape is documented, key by key, in ``docs/json.md``. It is versioned by ``"format": 1``
at the top (the same number as the YAML format it mirrors) and follows the YAML files: the
topic's own keys, then ``factors``, ``historians``, ``evidence`` and ``schools`` with their
claims, each entity with every key always present (``null`` or ``[]`` when the topic leaves
it out), so a reader never has to guess whether a key may be missing. Two keys are added:
each claim's ``key`` (``<school-id>.<claim-id>``, how relations name claims) and ``overlap``,
the one overlap analysis (:mod:`argmap.overlap`) that every view and document draws on.

Output is deterministic: keys in a fixed order (the order of ``docs/json.md``, not sorted),
lists in topic order, two-space indentation, UTF-8 text as written (not ``\\u`` escapes), and
a final newline. The same topic gives byte-identical JSON. Places in the source files
(``where``) are not exported: they depend on how the topic was named on the command line,
and model equality ignores them.

:func:`from_json` reads the export back into the model; ``from_json(to_json(t, o)) == t``.
"""

from __future__ import annotations

import json
from dataclasses import fields
from typing import Any

from argmap.analysis import Analysis
from argmap.model import (
    Claim,
    Criticism,
    Evidence,
    EvidenceCite,
    Factor,
    Historian,
    HistorianCite,
    Relation,
    School,
    Topic,
    Work,
)
from argmap.overlap import Link, Overlap

FORMAT = 1


class NotAnExport(ValueError):
    """Text that is not an argmap JSON export of a format this argmap reads."""


# -- model -> JSON -------------------------------------------------------------------------


def to_json(analysis: Analysis) -> str:
    """The topic and its overlap analysis as JSON text (``docs/json.md``)."""
    return (
        json.dumps(to_data(analysis.topic, analysis.overlap), indent=2, ensure_ascii=False) + "\n"
    )


def to_data(topic: Topic, overlap: Overlap) -> dict[str, Any]:
    """The export as plain data (dicts in their documented key order)."""
    return {
        "format": FORMAT,
        "id": topic.id,
        "question": topic.question,
        "period": list(topic.period) if topic.period else None,
        "summary": topic.summary,
        "factors": [_factor(f) for f in topic.factors],
        "historians": [_historian(h) for h in topic.historians],
        "evidence": [_evidence(e) for e in topic.evidence],
        "schools": [_school(s) for s in topic.schools],
        "overlap": _overlap(overlap),
        "school_order": list(topic.school_order),
        "bibliography": topic.bibliography,
    }


def _factor(f: Factor) -> dict[str, Any]:
    return {"id": f.id, "name": f.name, "description": f.description}


# The keys added in December 2026, at the end of their objects (docs/json.md): a work's
# fields after id, title and year; a historian's name parts, as written.
WORK_FIELDS = tuple(f.name for f in fields(Work))[3:]
NAME_PARTS = ("family", "given", "suffix", "particle")


def _historian(h: Historian) -> dict[str, Any]:
    return {
        "id": h.id,
        "name": h.name,
        "lived": list(h.lived) if h.lived else None,
        "works": [_work(w) for w in h.works],
        **{part: getattr(h, part) for part in NAME_PARTS},
    }


def _work(w: Work) -> dict[str, Any]:
    return {"id": w.id, "title": w.title, "year": w.year} | {
        key: getattr(w, key) for key in WORK_FIELDS
    }


def _evidence(e: Evidence) -> dict[str, Any]:
    return {
        "id": e.id,
        "text": e.text,
        "date": e.date,
        "kind": e.kind,
        "quote": e.quote,
        "source": e.source,
        "factors": list(e.factors),
        "short": e.short,
        "caveat": e.caveat,
    }


def _school(s: School) -> dict[str, Any]:
    return {
        "id": s.id,
        "name": s.name,
        "thesis": s.thesis,
        "historians": list(s.historians),
        "color": s.color,
        "claims": [_claim(c) for c in s.claims],
        "tag": s.tag,
        "short": s.short,
        "criticisms": [
            {"text": c.text, "historians": _cites(c.historians), "claim": c.claim}
            for c in s.criticisms
        ],
    }


def _cites(cites: tuple[HistorianCite, ...]) -> list[dict[str, Any]]:
    return [{"id": h.id, "work": h.work, "page": h.page} for h in cites]


def _claim(c: Claim) -> dict[str, Any]:
    return {
        "id": c.id,
        "key": c.key,
        "text": c.text,
        "historians": _cites(c.historians),
        "evidence": [{"id": e.id, "note": e.note} for e in c.evidence],
        "factors": list(c.factors),
        "supports": list(c.supports),
        "agrees": list(c.agrees),
        "qualifies": list(c.qualifies),
        "challenges": list(c.challenges),
        "short": c.short,
        "notes": [{"kind": r.kind, "target": r.target, "note": r.note} for r in c.notes],
    }


def _link(link: Link) -> dict[str, str | None]:
    return {"source": link.source, "kind": link.kind, "target": link.target, "note": link.note}


def _overlap(o: Overlap) -> dict[str, Any]:
    return {
        "schools": list(o.schools),
        "users": {
            "evidence": {k: list(v) for k, v in o.evidence_users.items()},
            "historians": {k: list(v) for k, v in o.historian_users.items()},
            "factors": {k: list(v) for k, v in o.factor_users.items()},
        },
        "links": [_link(x) for x in o.links],
        "pairs": [
            {
                "schools": [p.a, p.b],
                "evidence": list(p.evidence),
                "historians": list(p.historians),
                "factors": list(p.factors),
                "agreements": [_link(x) for x in p.agreements],
                "conflicts": [_link(x) for x in p.conflicts],
            }
            for p in o.pairs
        ],
    }


# -- JSON -> model -------------------------------------------------------------------------


def from_json(text: str) -> Topic:
    """The model of an export. The ``overlap`` part is derived data and is not read back:
    :func:`argmap.overlap.analyse` of the result computes it again.

    Raises :class:`NotAnExport` (a ``ValueError``) for text that is not JSON, not an
    export, or of another format version."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise NotAnExport(f"not JSON: {exc}") from None
    if not isinstance(data, dict) or "format" not in data:
        raise NotAnExport("not an argmap JSON export: no 'format' key at the top")
    if data["format"] != FORMAT:
        raise NotAnExport(f"format {data['format']!r}: this argmap reads format {FORMAT}")
    try:
        return _topic(data)
    except (KeyError, IndexError, TypeError, ValueError, AttributeError) as exc:
        raise NotAnExport(f"not an argmap JSON export: {type(exc).__name__}: {exc}") from None


def _pair(value: list[Any] | None) -> Any:
    return (value[0], value[1]) if value is not None else None


# The December 2026 keys are read with .get(): an export made before them still reads.


def _topic(d: dict[str, Any]) -> Topic:
    return Topic(
        id=d["id"],
        question=d["question"],
        period=_pair(d["period"]),
        summary=d["summary"],
        factors=tuple(Factor(f["id"], f["name"], f["description"]) for f in d["factors"]),
        historians=tuple(
            Historian(
                h["id"],
                h["name"],
                _pair(h["lived"]),
                tuple(
                    Work(w["title"], w["id"], w["year"], **{k: w.get(k) for k in WORK_FIELDS})
                    for w in h["works"]
                ),
                **{part: h.get(part) for part in NAME_PARTS},
            )
            for h in d["historians"]
        ),
        evidence=tuple(
            Evidence(
                e["id"],
                e["text"],
                e["date"],
                e["kind"],
                e["quote"],
                e["source"],
                tuple(e["factors"]),
                short=e.get("short"),
                caveat=e.get("caveat"),
            )
            for e in d["evidence"]
        ),
        schools=tuple(_school_from(s) for s in d["schools"]),
        school_order=tuple(d.get("school_order", ())),
        bibliography=d.get("bibliography"),
    )


def _cites_from(cites: list[dict[str, Any]]) -> tuple[HistorianCite, ...]:
    return tuple(HistorianCite(h["id"], h["work"], h["page"]) for h in cites)


def _school_from(s: dict[str, Any]) -> School:
    return School(
        id=s["id"],
        name=s["name"],
        thesis=s["thesis"],
        claims=tuple(_claim_from(c, s["id"]) for c in s["claims"]),
        historians=tuple(s["historians"]),
        color=s["color"],
        tag=s.get("tag"),
        short=s.get("short"),
        criticisms=tuple(
            Criticism(c["text"], _cites_from(c["historians"]), c["claim"])
            for c in s.get("criticisms", ())
        ),
    )


def _claim_from(c: dict[str, Any], school: str) -> Claim:
    claim = Claim(
        id=c["id"],
        school=school,
        text=c["text"],
        historians=_cites_from(c["historians"]),
        evidence=tuple(EvidenceCite(e["id"], e["note"]) for e in c["evidence"]),
        factors=tuple(c["factors"]),
        supports=tuple(c["supports"]),
        agrees=tuple(c["agrees"]),
        qualifies=tuple(c["qualifies"]),
        challenges=tuple(c["challenges"]),
        short=c.get("short"),
        notes=tuple(Relation(n["kind"], n["target"], n["note"]) for n in c.get("notes", ())),
    )
    if c["key"] != claim.key:
        raise ValueError(f"claim key {c['key']!r} is not {claim.key!r}")
    return claim
