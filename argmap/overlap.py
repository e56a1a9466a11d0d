"""The one overlap analysis (FORMAT.md, "Where schools overlap") that every view and
document draws on.

Two schools overlap where (a) claims of both cite the same evidence, (b) they share a
historian, (c) claims of both carry the same factor, or (d) a claim of one agrees with or
qualifies a claim of the other. They conflict where a claim of one challenges a claim of the
other. Computed once per model, in one pass over the claims and one over the items and
links (each shared item goes straight to the pairs of schools that use it, instead of every
pair of schools scanning every item); everything in it is ordered as the topic is.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
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
        """The pair of schools ``a`` and ``b``, in either order; KeyError if there is none."""
        try:
            return self._by_schools[(a, b)]
        except KeyError:
            raise KeyError((a, b)) from None

    @cached_property
    def _by_schools(self) -> dict[tuple[str, str], Pair]:
        """Each pair under both orders of its schools (built on first use)."""
        index: dict[tuple[str, str], Pair] = {}
        for p in self.pairs:
            index[(p.a, p.b)] = index[(p.b, p.a)] = p
        return index

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
    # Who uses what: an item's schools as the keys of a dict (an ordered set), in topic
    # order because the schools are walked in topic order.
    evidence_users: dict[str, dict[str, None]] = {e.id: {} for e in topic.evidence}
    historian_users: dict[str, dict[str, None]] = {h.id: {} for h in topic.historians}
    factor_users: dict[str, dict[str, None]] = {f.id: {} for f in topic.factors}
    for school in topic.schools:
        for claim in school.claims:
            for cite in claim.evidence:
                evidence_users[cite.id][school.id] = None
            for factor in claim.factors:
                factor_users[factor][school.id] = None
        for historian in school.all_historians:
            historian_users[historian][school.id] = None

    links = _links(topic)

    # What each pair shares, grouped in one pass: an item used by k schools goes to its
    # k(k-1)/2 pairs, a link to its one pair. Items and links are walked in topic order,
    # so each pair's lists come out in topic order.
    grouped = {pair: _Shared() for pair in combinations(order, 2)}
    for users, column in (
        (evidence_users, "evidence"),
        (historian_users, "historians"),
        (factor_users, "factors"),
    ):
        for item, schools in users.items():
            for pair in combinations(schools, 2):
                getattr(grouped[pair], column).append(item)
    rank = {school: i for i, school in enumerate(order)}
    for link in links:
        one, other = _school_of(link.source), _school_of(link.target)
        if one == other or one not in rank or other not in rank:
            continue  # within one school: no pair's business
        shared = grouped[(one, other) if rank[one] < rank[other] else (other, one)]
        (shared.conflicts if link.kind == "challenges" else shared.agreements).append(link)

    return Overlap(
        schools=tuple(order),
        pairs=tuple(
            Pair(
                a=a,
                b=b,
                evidence=tuple(shared.evidence),
                historians=tuple(shared.historians),
                factors=tuple(shared.factors),
                agreements=tuple(shared.agreements),
                conflicts=tuple(shared.conflicts),
            )
            for (a, b), shared in grouped.items()
        ),
        evidence_users=_used(evidence_users),
        historian_users=_used(historian_users),
        factor_users=_used(factor_users),
        links=links,
    )


@dataclass
class _Shared:
    """A pair's lists while they are being grouped."""

    evidence: list[str] = field(default_factory=list)
    historians: list[str] = field(default_factory=list)
    factors: list[str] = field(default_factory=list)
    agreements: list[Link] = field(default_factory=list)
    conflicts: list[Link] = field(default_factory=list)


def _school_of(claim_key: str) -> str:
    return claim_key.split(".")[0]


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


def _used(users: dict[str, dict[str, None]]) -> dict[str, tuple[str, ...]]:
    return {item: tuple(schools) for item, schools in users.items() if schools}
