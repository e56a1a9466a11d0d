"""Speaker notes: what a slide shortens, in full (``argmap deck``).

A slide shows short forms, counts and the most cited items; its notes give the presenter
the whole of it: each school's thesis, each claim's full text with its evidence (date,
text, source, quotation, caveat) and its historians (work, year, page), the relations
between claims with their notes, and what two schools share, item by item. Which things a
slide stands for is read from the diagram itself (the nodes a view records for a school, a
claim, an evidence item, a historian or a factor), so a slide split into a series gets the
notes of its own page, whatever the view draws.

Notes are plain text (the notes pane of a presentation program reads nothing else): one
paragraph a line, items marked with a dash.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from argmap import dates
from argmap.analysis import Analysis
from argmap.documents.plan import sentence
from argmap.model import Claim, Evidence, HistorianCite, Topic
from argmap.overlap import Link, Pair
from argmap.text import clean
from argmap.themes import THEMES
from argmap.views.common import Entity

RELATION_WORDS = {
    "supports": ("supports", "is supported by"),
    "agrees": ("agrees with", "is agreed with by"),
    "qualifies": ("qualifies", "is qualified by"),
    "challenges": ("challenges", "is challenged by"),
}


def one_line(value: str | None) -> str:
    """User text on one line, as written (folded whitespace, no control characters)."""
    return " ".join(clean(value or "").split())


def period(topic: Topic) -> str:
    """``1922–1929`` (or ``1917``), or nothing when the topic names no period."""
    if topic.period is None:
        return ""
    start, end = topic.period
    return f"{start}–{end}" if end != start else str(start)


class Notes:
    """The notes of every slide of one topic's deck."""

    def __init__(self, analysis: Analysis) -> None:
        self.analysis = analysis
        self.topic = topic = analysis.topic
        self.overlap = analysis.overlap
        self.tags = {s: look.tag for s, look in THEMES["slides"].looks(topic).items()}
        self.number = {
            claim.key: f"{self.tags[school.id]} {i}"
            for school in topic.schools
            for i, claim in enumerate(school.claims, start=1)
        }
        self.incoming: dict[str, list[tuple[str, str, str | None]]] = {}
        for claim in topic.claims:
            for relation in claim.relations:
                self.incoming.setdefault(relation.target, []).append(
                    (relation.kind, claim.key, relation.note)
                )

    # -- the things of the model, in full ------------------------------------------------

    def cite(self, cite: HistorianCite) -> str:
        person = self.topic.historian[cite.id]
        if not cite.work:
            return one_line(person.name)
        _, work = self.topic.work[cite.work]
        year = f", {work.year}" if work.year else ""
        page = f", p. {one_line(cite.page)}" if cite.page else ""
        return f"{one_line(person.name)}, {one_line(work.title)}{year}{page}"

    def evidence(self, item: Evidence, note: str | None = None, *, users: bool = False) -> str:
        """``1924-01 (event): text. Source: ... “quote” Caveat: ... [PP, ST]``."""
        when = dates.display(item.when) if item.when else "undated"
        kind = "" if item.kind == "event" else f" ({item.kind})"
        parts = [f"{when}{kind}: {one_line(item.text)}"]
        if item.quote:
            parts.append(f"“{one_line(item.quote)}”")
        if item.source:
            parts.append(sentence(f"Source: {one_line(item.source)}"))
        if item.caveat:
            parts.append(sentence(f"Caveat: {one_line(item.caveat)}"))
        if note:
            parts.append(sentence(f"Cited for: {one_line(note)}"))
        if users:
            cited = self.overlap.evidence_users.get(item.id, ())
            if cited:
                parts.append("Cited by " + ", ".join(self.tags[s] for s in cited) + ".")
        return " ".join(parts)

    def school(self, school_id: str, *, full: bool = True) -> list[str]:
        school = self.topic.school[school_id]
        lines = [f"{one_line(school.name)} ({self.tags[school_id]}): {one_line(school.thesis)}"]
        if not full:
            return lines
        people = [self.topic.historian[h] for h in school.all_historians]
        if people:
            lines.append("Historians: " + "; ".join(self.person(p.id) for p in people) + ".")
        for criticism in school.criticisms:
            by = "; ".join(self.cite(c) for c in criticism.historians)
            lines.append(
                "Criticism: "
                + one_line(criticism.text)
                + (f" ({by})" if by else "")
                + (f" [on {self.number[criticism.claim]}]" if criticism.claim else "")
            )
        return lines

    def person(self, historian_id: str) -> str:
        person = self.topic.historian[historian_id]
        lived = ""
        if person.lived:
            born, died = person.lived
            lived = f" ({born}–{died})" if died else f" (born {born})"
        works = "; ".join(
            one_line(w.title) + (f" ({w.year})" if w.year else "") for w in person.works
        )
        return f"{one_line(person.name)}{lived}" + (f": {works}" if works else "")

    def claim(self, claim: Claim, *, within: set[str] | None = None) -> list[str]:
        """A claim in full, its evidence and historians, and its relations (only those to
        claims in ``within`` when given)."""
        lines = [f"{self.number[claim.key]}. {one_line(claim.text)}"]
        for cite in claim.evidence:
            item = self.topic.evidence_item[cite.id]
            lines.append("  - " + self.evidence(item, cite.note))
        if claim.historians:
            lines.append("  Historians: " + "; ".join(self.cite(c) for c in claim.historians))
        for kind, other, note in self.relations(claim):
            if within is not None and other not in within:
                continue
            lines.append(
                f"  {kind[0].upper()}{kind[1:]} {self.number[other]}: "
                f"{one_line(self.topic.claim[other].text)}"
                + (f" ({one_line(note)})" if note else "")
            )
        return lines

    def relations(self, claim: Claim) -> Iterable[tuple[str, str, str | None]]:
        """(words, other claim, note): the relations a claim writes, then those written to it."""
        for relation in claim.relations:
            yield RELATION_WORDS[relation.kind][0], relation.target, relation.note
        for kind, source, note in self.incoming.get(claim.key, ()):
            yield RELATION_WORDS[kind][1], source, note

    def link(self, link: Link) -> str:
        t = self.topic
        words = RELATION_WORDS[link.kind][0]
        return (
            f"{self.number[link.source]} {words} {self.number[link.target]}: "
            f"“{one_line(t.claim[link.source].text)}” {words} "
            f"“{one_line(t.claim[link.target].text)}”"
            + (f" ({one_line(link.note)})" if link.note else "")
        )

    def pair(self, pair: Pair) -> list[str]:
        t = self.topic
        lines = [f"{one_line(t.school[pair.a].name)} and {one_line(t.school[pair.b].name)}:"]
        for item in sorted((t.evidence_item[e] for e in pair.evidence), key=lambda e: e.date_key):
            lines.append("  - " + self.evidence(item))
        if pair.historians:
            names = ", ".join(one_line(t.historian[h].name) for h in pair.historians)
            lines.append(f"  Historians they share: {names}.")
        if pair.factors:
            names = "; ".join(one_line(t.factor[f].name) for f in pair.factors)
            lines.append(f"  Factors they share: {names}.")
        lines += ["  " + self.link(x) for x in (*pair.agreements, *pair.conflicts)]
        if len(lines) == 1:
            lines.append("  Nothing shared, no relation between their claims.")
        return lines

    # -- the notes of a slide --------------------------------------------------------------

    def title(self) -> str:
        t = self.topic
        lines = [one_line(t.question)]
        if period(t):
            lines.append(f"Period: {period(t)}.")
        if t.summary:
            lines += ["", one_line(t.summary)]
        lines += ["", "The schools, in the order of this deck:"]
        for school in t.schools:
            lines += ["- " + line for line in self.school(school.id, full=False)]
        return "\n".join(lines)

    def slide(
        self,
        view: str,
        entities: Mapping[str, Entity],
        options: Mapping[str, object],
    ) -> str:
        """The notes of one slide (one page of a view), from what it stands for (its
        title is the slide's, not repeated here)."""
        t = self.topic
        kinds: dict[str, list[str]] = {}
        for entity in entities.values():
            ids = kinds.setdefault(entity.kind, [])
            if entity.id not in ids:
                ids.append(entity.id)
        lines: list[str] = []
        schools = self._schools(view, kinds, options)
        claims = [t.claim[k] for k in kinds.get("claim", ()) if k in t.claim]
        if view == "plan" and not claims:
            return "\n".join(lines + self.plan())
        full = view == "school"
        for school in schools:
            lines += self.school(school, full=full)
        if schools:
            lines.append("")
        within = {c.key for s in schools for c in t.school[s].claims} if view == "compare" else None
        for claim in claims:
            lines += self.claim(claim, within=within)
        covered = {cite.id for claim in claims for cite in claim.evidence}
        items = [
            t.evidence_item[e]
            for e in kinds.get("evidence", ())
            if e in t.evidence_item and e not in covered
        ]
        if view == "timeline" and not items and not claims:
            items = list(t.evidence)
        if items:
            lines.append("Evidence:")
            items.sort(key=lambda e: e.date_key)
            lines += ["- " + self.evidence(item, users=True) for item in items]
        cited = {c.id for claim in claims for c in claim.historians}
        people = [h for h in kinds.get("historian", ()) if h in t.historian and h not in cited]
        if view == "historiography" and not people:
            people = [h.id for h in t.historians]
        if people:
            lines.append("Historians:")
            lines += ["- " + self.person(h) for h in people]
        factors = [f for f in kinds.get("factor", ()) if f in t.factor]
        if factors and view != "compare":
            lines.append("Factors:")
            for f in factors:
                factor = t.factor[f]
                about = f": {one_line(factor.description)}" if factor.description else ""
                lines.append(f"- {one_line(factor.name)}{about}")
        if view in ("overlap", "matrix"):
            lines.append("What each pair shares, and how their claims relate:")
            for pair in self.overlap.pairs:
                if pair.shares_anything or pair.conflicts:
                    lines += self.pair(pair)
        if view == "compare":
            a, b = str(options["a"]), str(options["b"])
            pair = self.overlap.pair(a, b)
            shared = [t.evidence_item[e] for e in pair.evidence if e not in covered or not claims]
            if pair.historians or pair.factors or shared:
                lines.append("Shared by both:")
                lines += ["- " + self.evidence(item) for item in shared]
                if pair.historians:
                    lines.append(
                        "- Historians: "
                        + ", ".join(one_line(t.historian[h].name) for h in pair.historians)
                    )
                if pair.factors:
                    lines.append(
                        "- Factors: " + "; ".join(one_line(t.factor[f].name) for f in pair.factors)
                    )
        return "\n".join(line.rstrip() for line in lines).strip() + "\n"

    def _schools(
        self, view: str, kinds: Mapping[str, Sequence[str]], options: Mapping[str, object]
    ) -> list[str]:
        t = self.topic
        if view == "school":
            return [str(options["school"])]
        if view == "compare":
            return [str(options["a"]), str(options["b"])]
        if view in ("overlap", "matrix"):
            return [s.id for s in t.schools]
        return [s for s in kinds.get("school", ()) if s in t.school]

    def step(self, kind: str, ident: str, k: int, steps: int) -> str:
        """The first line of a step's notes: what the step adds."""
        t = self.topic
        if kind == "school" and ident in t.school:
            what = one_line(t.school[ident].name)
        elif kind == "claim" and ident in t.claim:
            what = f"{self.number[ident]}, “{one_line(t.claim[ident].text)}”"
        else:
            what = ident
        return f"Step {k} of {steps}: adds {what}."

    def plan(self) -> list[str]:
        """The essay plan in full: each branch's points, evidence, historians and the
        counter-arguments, in ranking order."""
        t = self.topic
        lines = []
        for number, branch in enumerate(self.analysis.branches(), start=1):
            lines.append(f"{number}. {one_line(branch.title)}")
            if branch.description:
                lines.append(f"  {one_line(branch.description)}")
            for key in branch.claims:
                lines.append(f"  - {self.number[key]}. {one_line(t.claim[key].text)}")
            for item_id in branch.evidence:
                lines.append("    Evidence: " + self.evidence(t.evidence_item[item_id]))
            for counter in branch.counters:
                lines.append("    Counter-argument: " + self.link(counter.link))
            lines.append("")
        return lines
