"""The topic as an Argdown file (``argmap export -f argdown``), for Argdown's own tools.

The layout:

- a few ``//`` comments at the top: the question, and how to read the file;
- one section per school, ``# <school name>``, holding the school's thesis as the statement
  ``[<school-id>]`` and each claim as ``[<school-id>.<claim-id>]`` (the claim's key: ids
  are slugs, so keys are already valid Argdown titles, and :func:`title` refuses anything
  else). After each claim's text come the historians who argue it, with the work, year and
  page they are cited for;
- a last section, ``# Evidence``, with each evidence item as ``[evidence: <evidence-id>]``
  (the space and colon cannot occur in an id, so these titles never collide with a claim or
  a thesis), its text after its date when it has one.

Relations are written under the claim they bear on, as Argdown reads them: ``+ [x]`` says
that x is a reason for the claim (an evidence item the claim cites, or a claim whose
``supports`` names it), ``- [x]`` that claim x attacks it (``challenges``). A challenge
written on both sides is one attack, kept in the direction first written, as the overlap
analysis (:mod:`argmap.overlap`) counts it.

Argdown has no relation for agreement: its ``+`` means "is a reason for", and in strict
mode even entailment, and ``-`` means "is a reason against". An agreement between two
schools is neither, and a qualification ("partly accepts, partly corrects") is both at
once, so drawing either as support or attack would misstate the debate. They are kept as
data on the claim that wrote them, ``{agrees: [...], qualifies: [...]}`` (Argdown's JSON
export carries it, so other tools can read it), and said in words in a ``//`` comment above
the claim, for a person reading the file. Argdown's maps do not draw them.

Everything else the model knows goes into ``{data}`` after the statement's text: a claim's
school, historian citations (ids, work and page), factors and evidence notes; an evidence
item's kind, date, quote, source and factors; a thesis is marked ``thesis: true``. Data is
YAML in Argdown; every string in it is written double-quoted (:func:`yaml_string`).

User text cannot break Argdown syntax. In text (:func:`text`): line breaks and other
whitespace are folded into single spaces (so nothing a user writes starts a line, where
Argdown reads ``+``, ``-``, ``#``, ``>``, ``(1)``, ``===`` or ``--``), control and
invisible formatting characters (bidi overrides) are dropped, and every character that
Argdown reads as markup anywhere on a line is escaped with a backslash: ``\\ [ ] < > { } @
# * _ / =``, and a ``.`` or ``:`` that would open a shortcode (``.A.``, ``:smile:``: the
same character again before the next space). In data: strings are JSON-quoted, which is
YAML, with ``{`` and ``}`` (which would end the data) and line separators written as ``\\u``
escapes.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import TypeAlias

from argmap.analysis import Analysis
from argmap.model import Claim, Evidence, HistorianCite, School, Topic

EVIDENCE_SECTION = "Evidence"
_SLUG_KEY = re.compile(r"^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)?$")
# Characters Argdown reads as markup wherever they stand on a line.
_MARKUP = re.compile(r"([\\\[\]<>{}@#*_/=])")
# `.x.` and `:x:` (no space inside) are shortcodes, as `.A.` for ∀: escape the opening one.
_SHORTCODE = re.compile(r"([.:])(?=\S+?\1)")

DataValue: TypeAlias = "str | int | bool | None | Sequence[DataValue] | Mapping[str, DataValue]"


def title(key: str) -> str:
    """A claim key, school id or evidence id as an Argdown title: it must be a slug (with at
    most one dot), which Argdown reads as written."""
    if not _SLUG_KEY.match(key):
        raise ValueError(f"not an id or claim key: {key!r}")
    return key


def evidence_title(evidence_id: str) -> str:
    return f"evidence: {title(evidence_id)}"


def fold(value: str) -> str:
    """User text on one line: whitespace runs (line breaks included) become one space,
    control characters and invisible formatting characters (but the zero-width joiner that
    emoji need) are dropped."""
    kept = []
    for ch in value:
        category = unicodedata.category(ch)
        if category == "Cc" and not ch.isspace():
            continue
        if category == "Cf" and ch != "\u200d":
            continue
        kept.append(ch)
    return " ".join("".join(kept).split())


def text(value: str) -> str:
    """User text as Argdown statement or heading text: one line, markup escaped."""
    value = _MARKUP.sub(r"\\\1", fold(value))
    return _SHORTCODE.sub(r"\\\1", value)


def yaml_string(value: str) -> str:
    """A string as a YAML double-quoted scalar that cannot end Argdown's ``{data}`` early:
    JSON quoting (a subset of YAML's), with braces, line separators and every character YAML
    does not allow raw written as escapes."""
    out = []
    for ch in json.dumps(value, ensure_ascii=False):
        code = ord(ch)
        if ch in "{}" or (
            code > 0x7E and unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn")
        ):
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
        else:
            out.append(ch)
    return "".join(out)


def data(value: DataValue) -> str:
    """A value as YAML flow (Argdown's ``{data}``): mappings, lists, quoted strings, ints."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if value is None:
        return "null"
    if isinstance(value, str):
        return yaml_string(value)
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{yaml_string(k)}: {data(v)}" for k, v in value.items()) + "}"
    return "[" + ", ".join(data(v) for v in value) + "]"


def _cite(topic: Topic, cite: HistorianCite) -> str:
    """A historian as a claim cites them: ``Name (Title, 1968, p. 12)``."""
    parts = []
    if cite.work:
        work = topic.work[cite.work][1]
        parts.append(work.title)
        if work.year is not None:
            parts.append(str(work.year))
    if cite.page:
        parts.append(f"p. {cite.page}")
    name = topic.historian[cite.id].name
    return f"{name} ({', '.join(parts)})" if parts else name


def claim_text(topic: Topic, claim: Claim) -> str:
    """What a claim's statement says, before escaping: its text, then its historians."""
    if not claim.historians:
        return claim.text
    return f"{claim.text} — {'; '.join(_cite(topic, c) for c in claim.historians)}"


def evidence_text(item: Evidence) -> str:
    """What an evidence statement says, before escaping: its date, then its text."""
    return f"{item.date}: {item.text}" if item.date else item.text


def _claim_data(claim: Claim, school: School) -> dict[str, DataValue]:
    out: dict[str, DataValue] = {"school": school.id}
    if school.color:
        out["color"] = school.color
    if claim.historians:
        out["historians"] = [
            {
                "id": c.id,
                **({"work": c.work} if c.work else {}),
                **({"page": c.page} if c.page else {}),
            }
            for c in claim.historians
        ]
    if claim.factors:
        out["factors"] = list(claim.factors)
    for relation in ("agrees", "qualifies"):
        if getattr(claim, relation):
            out[relation] = list(getattr(claim, relation))
    notes = {c.id: c.note for c in claim.evidence if c.note}
    if notes:
        out["evidence_notes"] = notes
    return out


def _evidence_data(item: Evidence) -> dict[str, DataValue]:
    out: dict[str, DataValue] = {"kind": item.kind}
    for key in ("date", "quote", "source"):
        if getattr(item, key):
            out[key] = getattr(item, key)
    if item.factors:
        out["factors"] = list(item.factors)
    return out


def _comment(claim: Claim) -> str | None:
    """The agreements and qualifications a claim writes, in words (ids only: safe in a
    ``//`` comment, which runs to the end of the line)."""
    said = []
    if claim.agrees:
        said.append("agrees with " + ", ".join(title(k) for k in claim.agrees))
    if claim.qualifies:
        said.append("qualifies " + ", ".join(title(k) for k in claim.qualifies))
    return f"// {title(claim.key)} {'; '.join(said)}" if said else None


def to_argdown(analysis: Analysis) -> str:
    """The topic as Argdown text (see the module docstring for the layout)."""
    topic, overlap = analysis.topic, analysis.overlap
    supporters: dict[str, list[str]] = {}
    for claim in topic.claims:
        for target in claim.supports:
            supporters.setdefault(target, []).append(claim.key)
    attackers: dict[str, list[str]] = {}
    for link in overlap.links:
        if link.kind == "challenges":
            attackers.setdefault(link.target, []).append(link.source)

    out = [
        f"// {fold(topic.question)}",
        f"// The topic {topic.id} in Argdown, exported by argmap.",
        "// [school-id] is a school's thesis, [school-id.claim-id] a claim, [evidence: id] an",
        "// evidence item. Under a claim, + names a reason for it (evidence it cites, a claim",
        "// that supports it) and - a claim that challenges it. Agreements and qualifications",
        "// are neither: they are kept in a claim's data and in a comment above it.",
        "",
    ]
    for school in topic.schools:
        heading: dict[str, DataValue] = {"school": school.id}
        if school.color:
            heading["color"] = school.color
        out += [f"# {text(school.name)} {data(heading)}", ""]
        thesis: dict[str, DataValue] = {"school": school.id, "thesis": True}
        out += [f"[{title(school.id)}]: {text(school.thesis)} {data(thesis)}", ""]
        for claim in school.claims:
            comment = _comment(claim)
            if comment:
                out.append(comment)
            out.append(
                f"[{title(claim.key)}]: {text(claim_text(topic, claim))} "
                f"{data(_claim_data(claim, school))}"
            )
            out += [f"  + [{evidence_title(c.id)}]" for c in claim.evidence]
            out += [f"  + [{title(k)}]" for k in supporters.get(claim.key, ())]
            out += [f"  - [{title(k)}]" for k in attackers.get(claim.key, ())]
            out.append("")
    if topic.evidence:
        out += [f"# {EVIDENCE_SECTION} {data({'evidence': True})}", ""]
        for item in topic.evidence:
            out += [
                f"[{evidence_title(item.id)}]: {text(evidence_text(item))} "
                f"{data(_evidence_data(item))}",
                "",
            ]
    return "\n".join(out).rstrip("\n") + "\n"
