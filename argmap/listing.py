"""`argmap list`: the topic at a glance, as a readable table or as JSON-ready data."""

from __future__ import annotations

from typing import Any

from argmap import essay
from argmap.model import Topic
from argmap.overlap import Overlap


def summary(topic: Topic, overlap: Overlap) -> dict[str, Any]:
    """Everything `list` shows, as plain data (the shape of `argmap list --json`)."""
    return {
        "topic": {"id": topic.id, "question": topic.question, "period": topic.period},
        "schools": [
            {
                "id": s.id,
                "name": s.name,
                "claims": len(s.claims),
                "historians": list(s.all_historians),
            }
            for s in topic.schools
        ],
        "claims": [
            {"key": c.key, "school": c.school, "text": c.text, "evidence": len(c.evidence)}
            for c in topic.claims
        ],
        "historians": [
            {
                "id": h.id,
                "name": h.name,
                "works": [{"title": w.title, "year": w.year} for w in h.works],
                "schools": list(overlap.historian_users.get(h.id, ())),
            }
            for h in topic.historians
        ],
        "evidence": [
            {
                "id": e.id,
                "date": e.date,
                "kind": e.kind,
                "text": e.text,
                "schools": list(overlap.evidence_users.get(e.id, ())),
            }
            for e in topic.evidence
        ],
        "factors": [
            {"id": f.id, "name": f.name, "schools": list(overlap.factor_users.get(f.id, ()))}
            for f in topic.factors
        ],
        "ranking": essay.ranking_json(topic, overlap),
        "pairs": [
            {
                "schools": [p.a, p.b],
                "evidence": list(p.evidence),
                "historians": list(p.historians),
                "factors": list(p.factors),
                "agreements": [[x.source, x.kind, x.target] for x in p.agreements],
                "conflicts": [[x.source, x.kind, x.target] for x in p.conflicts],
            }
            for p in overlap.pairs
        ],
    }


def table(rows: list[list[str]], headers: list[str], width: int = 100) -> str:
    """A plain-text table; the last column is clipped to keep lines under ``width``."""
    cols = [headers, *rows]
    widths = [max(len(r[i]) for r in cols) for i in range(len(headers) - 1)]
    used = sum(widths) + 2 * (len(widths))
    last = max(20, width - used)

    def line(row: list[str]) -> str:
        cells = [c.ljust(w) for c, w in zip(row, widths, strict=False)]
        tail = row[-1] if len(row[-1]) <= last else row[-1][: last - 1] + "…"
        return "  ".join([*cells, tail]).rstrip()

    rule = "  ".join(["-" * w for w in widths] + ["-" * min(last, max(len(r[-1]) for r in cols))])
    return "\n".join([line(headers), rule, *map(line, rows)])


def text(topic: Topic, overlap: Overlap) -> str:
    data = summary(topic, overlap)
    name = {s.id: s.name for s in topic.schools}
    parts = [f"{topic.question}  [{topic.id}]"]
    parts.append(
        "Schools\n"
        + table(
            [
                [s["id"], str(s["claims"]), ", ".join(s["historians"]) or "-"]
                for s in data["schools"]
            ],
            ["school", "claims", "historians"],
        )
    )
    parts.append(
        "Claims\n"
        + table(
            [[c["key"], str(c["evidence"]), c["text"]] for c in data["claims"]],
            ["claim", "evidence", "text"],
        )
    )
    parts.append(
        "Historians\n"
        + table(
            [
                [
                    h["id"],
                    h["name"],
                    ", ".join(h["schools"]) or "-",
                    "; ".join(f"{w['title']} ({w['year'] or 'n.d.'})" for w in h["works"]) or "-",
                ]
                for h in data["historians"]
            ],
            ["historian", "name", "schools", "works"],
        )
    )
    parts.append(
        "Evidence\n"
        + table(
            [
                [e["id"], e["date"] or "-", e["kind"], ", ".join(e["schools"]) or "-", e["text"]]
                for e in data["evidence"]
            ],
            ["evidence", "date", "kind", "schools", "text"],
        )
    )
    parts.append(
        "Factors\n"
        + table(
            [[f["id"], ", ".join(f["schools"]) or "-", f["name"]] for f in data["factors"]],
            ["factor", "schools", "name"],
        )
    )
    rows = []
    for p in overlap.pairs:
        shared = []
        for label, items in (
            ("evidence", p.evidence),
            ("historians", p.historians),
            ("factors", p.factors),
        ):
            if items:
                shared.append(f"{label}: {', '.join(items)}")
        if p.agreements:
            shared.append(f"agreements: {len(p.agreements)}")
        rows.append(
            [
                f"{p.a} + {p.b}",
                str(len(p.conflicts)),
                "; ".join(shared) or "nothing shared",
            ]
        )
    parts.append(
        f"Overlap between each pair of schools ({len(name)} schools)\n"
        + table(rows, ["pair", "conflicts", "shared"], width=10_000)
    )
    return "\n\n".join(parts) + "\n"
