"""The checked model: frozen dataclasses, built only from a clean node tree.

Every entity keeps ``where`` (its place in the source) for later messages; it takes no part
in equality, so two models of the same content compare equal wherever they came from.
Claims are known everywhere by their key, ``<school-id>.<claim-id>``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from argmap import dates, names
from argmap.problems import Where

NOWHERE = Where("<model>", 0, 0)
EVIDENCE_KINDS = ("event", "statistic", "quotation", "document")
WORK_TYPES = ("book", "article", "chapter", "document", "speech", "letter")
RELATIONS = ("supports", "agrees", "qualifies", "challenges")


def _where() -> Where:
    return field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True)
class Factor:
    id: str
    name: str
    description: str | None = None
    where: Where = _where()


@dataclass(frozen=True)
class Work:
    """A work, with the fields its bibliography entry (``ref``) filled in."""

    title: str
    id: str | None = None
    year: int | None = None
    ref: str | None = None
    type: str | None = None  # one of WORK_TYPES
    publisher: str | None = None
    place: str | None = None
    volume: str | None = None
    series: str | None = None
    edition: str | None = None
    original_year: int | None = None
    original_title: str | None = None
    translator: str | None = None
    container: str | None = None
    pages: str | None = None
    doi: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Historian:
    id: str
    name: str
    lived: tuple[int, int | None] | None = None  # (born, None): living
    works: tuple[Work, ...] = ()
    where: Where = _where()
    # Name parts as written; when none is, ``parts`` splits ``name``.
    family: str | None = None
    given: str | None = None
    suffix: str | None = None
    particle: str | None = None

    @property
    def parts(self) -> names.NameParts:
        written = (self.family, self.given, self.suffix, self.particle)
        if all(p is None for p in written):
            return names.split(self.name)
        return names.NameParts(*(p or "" for p in written))


@dataclass(frozen=True)
class Evidence:
    id: str
    text: str
    date: str | None = None
    kind: str = "event"
    quote: str | None = None
    source: str | None = None
    factors: tuple[str, ...] = ()
    where: Where = _where()
    short: str | None = None
    caveat: str | None = None

    @cached_property
    def when(self) -> dates.Date | None:
        """The date written, parsed (the checker has made sure it parses)."""
        return dates.parse(self.date) if self.date else None

    @property
    def year(self) -> int | None:
        """The earliest year of the date."""
        return self.when.year if self.when else None

    @property
    def date_key(self) -> tuple[int, int, int]:
        """Sort key: undated items last (:func:`argmap.dates.sort_key`)."""
        return dates.sort_key(self.when)


@dataclass(frozen=True)
class HistorianCite:
    id: str
    work: str | None = None
    page: str | None = None


@dataclass(frozen=True)
class EvidenceCite:
    id: str
    note: str | None = None


@dataclass(frozen=True)
class Relation:
    """One relation a claim writes: ``kind`` (one of RELATIONS), the target's claim key, and
    the note that says how (``None`` when the relation is written as a plain reference)."""

    kind: str
    target: str
    note: str | None = None


@dataclass(frozen=True)
class Claim:
    id: str
    school: str
    text: str
    historians: tuple[HistorianCite, ...] = ()
    evidence: tuple[EvidenceCite, ...] = ()
    factors: tuple[str, ...] = ()
    supports: tuple[str, ...] = ()
    agrees: tuple[str, ...] = ()
    qualifies: tuple[str, ...] = ()
    challenges: tuple[str, ...] = ()
    where: Where = _where()
    short: str | None = None
    notes: tuple[Relation, ...] = ()  # the relations written with a note, kind by kind

    @property
    def key(self) -> str:
        return f"{self.school}.{self.id}"

    @property
    def relations(self) -> tuple[Relation, ...]:
        """Every relation this claim writes, kind by kind, each with its note."""
        return tuple(
            Relation(kind, target, self.note(kind, target))
            for kind in RELATIONS
            for target in getattr(self, kind)
        )

    def note(self, kind: str, target: str) -> str | None:
        """The note written on this claim's ``kind`` relation to ``target``, if any."""
        return next((r.note for r in self.notes if (r.kind, r.target) == (kind, target)), None)


@dataclass(frozen=True)
class Criticism:
    """A standard objection to a school, who makes it, and the claim that makes it."""

    text: str
    historians: tuple[HistorianCite, ...] = ()
    claim: str | None = None  # a claim key


@dataclass(frozen=True)
class School:
    id: str
    name: str
    thesis: str
    claims: tuple[Claim, ...]
    historians: tuple[str, ...] = ()
    color: str | None = None
    where: Where = _where()
    tag: str | None = None
    short: str | None = None
    criticisms: tuple[Criticism, ...] = ()

    @cached_property
    def all_historians(self) -> tuple[str, ...]:
        """The school's historians, then its claims', each once, in order of appearance."""
        seen = dict.fromkeys(self.historians)
        for claim in self.claims:
            seen.update(dict.fromkeys(c.id for c in claim.historians))
        return tuple(seen)


@dataclass(frozen=True)
class Topic:
    id: str
    question: str
    period: tuple[int, int] | None = None
    summary: str | None = None
    factors: tuple[Factor, ...] = ()
    historians: tuple[Historian, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    schools: tuple[School, ...] = ()
    where: Where = _where()
    school_order: tuple[str, ...] = ()  # as written; ``schools`` already follows it
    bibliography: str | None = None  # the file name as written in topic.yaml

    def __post_init__(self) -> None:
        """Schools in display order: ``school_order`` first, then the others by id."""
        if self.school_order:
            rank = {s: i for i, s in enumerate(self.school_order)}
            ordered = sorted(self.schools, key=lambda s: (rank.get(s.id, len(rank)), s.id))
            object.__setattr__(self, "schools", tuple(ordered))

    # Indexes by id, built once on first use.
    @cached_property
    def factor(self) -> dict[str, Factor]:
        return {f.id: f for f in self.factors}

    @cached_property
    def historian(self) -> dict[str, Historian]:
        return {h.id: h for h in self.historians}

    @cached_property
    def work(self) -> dict[str, tuple[Historian, Work]]:
        return {w.id: (h, w) for h in self.historians for w in h.works if w.id}

    @cached_property
    def evidence_item(self) -> dict[str, Evidence]:
        return {e.id: e for e in self.evidence}

    @cached_property
    def school(self) -> dict[str, School]:
        return {s.id: s for s in self.schools}

    @cached_property
    def claim(self) -> dict[str, Claim]:
        """Claims by key, ``<school-id>.<claim-id>``."""
        return {c.key: c for s in self.schools for c in s.claims}

    @property
    def claims(self) -> tuple[Claim, ...]:
        return tuple(self.claim.values())
