"""The one overlap analysis (FORMAT.md, "Where schools overlap") that every view and
document draws on.

Two schools overlap where (a) claims of both cite the same evidence, (b) they share a
historian, (c) claims of both carry the same factor, or (d) a claim of one agrees with or
qualifies a claim of the other. They conflict where a claim of one challenges a claim of the
other. Computed once per model; everything in it is ordered as the topic is.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import combinations

from argmap.model import Topic

# The five relations, as views and documents name them.
RELATIONS = {
    "evidence": "shared evidence",
    "historians": "shared historians",
    "factors": "shared factors",
    "agreements": "agreements and qualifications",
    "conflicts": "challenges",
}


@dataclass(frozen=True)
class Link:
    """One claim-to-claim relation across two schools, in the direction it was written."""

    source: str  # claim key
    target: str  # claim key
    kind: str  # "agrees", "qualifies" or "challenges"
    note: str | None = None  # how, as written on the relation (either side, if symmetric)


@dataclass(frozen=True)
class Pair:
    """What two schools share and where they clash. ``a`` comes before ``b`` in the topic."""

    a: str
    b: str
    evidence: tuple[str, ...]
    historians: tuple[str, ...]
    factors: tuple[str, ...]
    agreements: tuple[Link, ...]  # agrees and qualifies
    conflicts: tuple[Link, ...]  # challenges

    @property
    def shares_anything(self) -> bool:
        return bool(self.evidence or self.historians or self.factors or self.agreements)

    def counts(self) -> dict[str, int]:
        return {name: len(getattr(self, name)) for name in RELATIONS}


@dataclass(frozen=True)
class Overlap:
    schools: tuple[str, ...]
    pairs: tuple[Pair, ...]
    # For each item, the schools that use it (in topic order); only used items appear.
    evidence_users: dict[str, tuple[str, ...]]
    historian_users: dict[str, tuple[str, ...]]
    factor_users: dict[str, tuple[str, ...]]
    links: tuple[Link, ...]  # every cross-school agrees/qualifies/challenges

    def pair(self, a: str, b: str) -> Pair:
        for p in self.pairs:
            if (p.a, p.b) in ((a, b), (b, a)):
                return p
        raise KeyError((a, b))

    def shared(self, kind: str) -> dict[str, tuple[str, ...]]:
        """Items of a kind ("evidence", "historians", "factors") used by two or more schools."""
        users = {
            "evidence": self.evidence_users,
            "historians": self.historian_users,
            "factors": self.factor_users,
        }[kind]
        return {item: schools for item, schools in users.items() if len(schools) > 1}


def analyse(topic: Topic) -> Overlap:
    order = [s.id for s in topic.schools]
    evidence_users: dict[str, list[str]] = {e.id: [] for e in topic.evidence}
    historian_users: dict[str, list[str]] = {h.id: [] for h in topic.historians}
    factor_users: dict[str, list[str]] = {f.id: [] for f in topic.factors}
    for school in topic.schools:
        for claim in school.claims:
            for cite in claim.evidence:
                _add(evidence_users[cite.id], school.id)
            for factor in claim.factors:
                _add(factor_users[factor], school.id)
        for historian in school.all_historians:
            _add(historian_users[historian], school.id)

    links = _links(topic)

    pairs = []
    for a, b in combinations(order, 2):
        between = [
            link
            for link in links
            if {link.source.split(".")[0], link.target.split(".")[0]} == {a, b}
        ]
        pairs.append(
            Pair(
                a=a,
                b=b,
                evidence=_both(evidence_users, a, b),
                historians=_both(historian_users, a, b),
                factors=_both(factor_users, a, b),
                agreements=tuple(x for x in between if x.kind != "challenges"),
                conflicts=tuple(x for x in between if x.kind == "challenges"),
            )
        )
    return Overlap(
        schools=tuple(order),
        pairs=tuple(pairs),
        evidence_users=_used(evidence_users),
        historian_users=_used(historian_users),
        factor_users=_used(factor_users),
        links=links,
    )


def _links(topic: Topic) -> tuple[Link, ...]:
    """Every cross-school relation once. `agrees` and `challenges` are symmetric: written on
    both sides they are one relation (kept in the direction first written, with the first
    note found on either side); `qualifies` has a direction, so A qualifies B and B
    qualifies A are two."""
    found: dict[tuple[str, frozenset[str]], int] = {}
    links: list[Link] = []
    for claim in topic.claims:
        for kind in ("agrees", "qualifies", "challenges"):
            for target in getattr(claim, kind):
                note = claim.note(kind, target)
                key = (kind, frozenset((claim.key, target)))
                if kind != "qualifies" and key in found:
                    first = links[found[key]]
                    if first.note is None and note is not None:
                        links[found[key]] = replace(first, note=note)
                    continue
                found[key] = len(links)
                links.append(Link(claim.key, target, kind, note))
    return tuple(links)


def _add(users: list[str], school: str) -> None:
    if school not in users:
        users.append(school)


def _both(users: dict[str, list[str]], a: str, b: str) -> tuple[str, ...]:
    return tuple(item for item, schools in users.items() if a in schools and b in schools)


def _used(users: dict[str, list[str]]) -> dict[str, tuple[str, ...]]:
    return {item: tuple(schools) for item, schools in users.items() if schools}
