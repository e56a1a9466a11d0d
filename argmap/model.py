"""The checked model: frozen dataclasses, built only from a clean node tree.

Every entity keeps ``where`` (its place in the source) for later messages; it takes no part
in equality, so two models of the same content compare equal wherever they came from.
Claims are known everywhere by their key, ``<school-id>.<claim-id>``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from argmap.problems import Where

NOWHERE = Where("<model>", 0, 0)
EVIDENCE_KINDS = ("event", "statistic", "quotation", "document")


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
    title: str
    id: str | None = None
    year: int | None = None


@dataclass(frozen=True)
class Historian:
    id: str
    name: str
    lived: tuple[int, int | None] | None = None  # (born, None): living
    works: tuple[Work, ...] = ()
    where: Where = _where()

    @property
    def surname(self) -> str:
        return self.name.split()[-1] if self.name.split() else self.name


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

    @property
    def year(self) -> int | None:
        return int(self.date[:4]) if self.date else None

    @property
    def date_key(self) -> tuple[int, int, int]:
        """Sort key: undated items last; a bare year sorts before its months."""
        if not self.date:
            return (10_000, 0, 0)
        parts = [int(p) for p in self.date.split("-")]
        return (parts[0], parts[1] if len(parts) > 1 else 0, parts[2] if len(parts) > 2 else 0)


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

    @property
    def key(self) -> str:
        return f"{self.school}.{self.id}"


@dataclass(frozen=True)
class School:
    id: str
    name: str
    thesis: str
    claims: tuple[Claim, ...]
    historians: tuple[str, ...] = ()
    color: str | None = None
    where: Where = _where()

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
