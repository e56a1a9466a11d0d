"""The grouped overlap analysis gives exactly what the obvious one gives: every pair of
schools scanning every item and every link (the analysis as first written, O(S^2 (L + E)),
kept here as the reference), on seeded random topics and on a generated one."""

from __future__ import annotations

import random
from dataclasses import replace
from itertools import combinations

import pytest

from argmap.check import check_topic
from argmap.model import (
    Claim,
    Evidence,
    EvidenceCite,
    Factor,
    Historian,
    HistorianCite,
    Relation,
    School,
    Topic,
)
from argmap.overlap import Link, Overlap, Pair, analyse
from bench.generate import generate


def naive(topic: Topic) -> Overlap:
    """The reference: for each pair of schools, a scan of every item and every link."""
    order = [s.id for s in topic.schools]
    evidence_users: dict[str, list[str]] = {e.id: [] for e in topic.evidence}
    historian_users: dict[str, list[str]] = {h.id: [] for h in topic.historians}
    factor_users: dict[str, list[str]] = {f.id: [] for f in topic.factors}

    def add(users: list[str], school: str) -> None:
        if school not in users:
            users.append(school)

    for school in topic.schools:
        for claim in school.claims:
            for cite in claim.evidence:
                add(evidence_users[cite.id], school.id)
            for factor in claim.factors:
                add(factor_users[factor], school.id)
        for historian in school.all_historians:
            add(historian_users[historian], school.id)

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

    def both(users: dict[str, list[str]], a: str, b: str) -> tuple[str, ...]:
        return tuple(item for item, schools in users.items() if a in schools and b in schools)

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
                evidence=both(evidence_users, a, b),
                historians=both(historian_users, a, b),
                factors=both(factor_users, a, b),
                agreements=tuple(x for x in between if x.kind != "challenges"),
                conflicts=tuple(x for x in between if x.kind == "challenges"),
            )
        )

    def used(users: dict[str, list[str]]) -> dict[str, tuple[str, ...]]:
        return {item: tuple(schools) for item, schools in users.items() if schools}

    return Overlap(
        schools=tuple(order),
        pairs=tuple(pairs),
        evidence_users=used(evidence_users),
        historian_users=used(historian_users),
        factor_users=used(factor_users),
        links=tuple(links),
    )


def random_topic(rng: random.Random) -> Topic:
    """A model built directly (no files): schools in a shuffled order, items used by any
    number of schools or none, relations within a school and across, written on one side
    or both, and qualifications both ways."""
    evidence = [Evidence(f"e{i}", "E") for i in range(rng.randint(0, 12))]
    historians = [Historian(f"h{i}", "H") for i in range(rng.randint(0, 6))]
    factors = [Factor(f"f{i}", "F") for i in range(rng.randint(0, 5))]
    school_ids = [f"s{i}" for i in range(rng.randint(0, 7))]
    rng.shuffle(school_ids)  # topic order is the file's order, not the ids' order
    claim_ids = {s: [f"c{j}" for j in range(rng.randint(1, 4))] for s in school_ids}
    keys = [f"{s}.{c}" for s in school_ids for c in claim_ids[s]]

    def some(pool: list[str], most: int) -> tuple[str, ...]:
        return tuple(rng.sample(pool, rng.randint(0, min(most, len(pool)))))

    schools = []
    for s in school_ids:
        claims = []
        for c in claim_ids[s]:
            mine = f"{s}.{c}"
            others = [k for k in keys if k != mine]
            relations = {kind: some(others, 2) for kind in ("agrees", "qualifies", "challenges")}
            notes = tuple(
                Relation(kind, target, f"note {kind} {mine} {target}")
                for kind, targets in relations.items()
                for target in targets
                if rng.random() < 0.4
            )
            claims.append(
                Claim(
                    id=c,
                    school=s,
                    text="C",
                    historians=tuple(HistorianCite(h) for h in some([h.id for h in historians], 2)),
                    evidence=tuple(EvidenceCite(e) for e in some([e.id for e in evidence], 4)),
                    factors=some([f.id for f in factors], 2),
                    supports=some(others, 1),
                    notes=notes,
                    **relations,
                )
            )
        schools.append(
            School(
                id=s,
                name=s,
                thesis="T",
                claims=tuple(claims),
                historians=some([h.id for h in historians], 2),
            )
        )
    return Topic(
        id="random",
        question="Q?",
        factors=tuple(factors),
        historians=tuple(historians),
        evidence=tuple(evidence),
        schools=tuple(schools),
    )


def assert_same(topic: Topic) -> None:
    got, want = analyse(topic), naive(topic)
    assert got == want
    # Same order too: equal tuples are equal in order, and dicts must list keys alike.
    for name in ("evidence_users", "historian_users", "factor_users"):
        assert list(getattr(got, name).items()) == list(getattr(want, name).items())
    for p in want.pairs:
        assert got.pair(p.a, p.b) == p and got.pair(p.b, p.a) == p
    with pytest.raises(KeyError):
        got.pair("nobody", want.schools[0] if want.schools else "nobody")


@pytest.mark.parametrize("seed", range(300))
def test_grouped_analysis_equals_the_naive_one_on_random_topics(seed: int) -> None:
    assert_same(random_topic(random.Random(seed)))


def test_random_topics_exercise_every_relation() -> None:
    """The random topics above are not trivially empty: across them, pairs share each kind
    of item, agree, qualify both ways and clash, some links stay within one school, and some carry
    a note."""
    seen: set[str] = set()
    for seed in range(300):
        overlap = analyse(random_topic(random.Random(seed)))
        for p in overlap.pairs:
            seen.update(name for name, count in p.counts().items() if count)
        if any(link.source.split(".")[0] == link.target.split(".")[0] for link in overlap.links):
            seen.add("within one school")
        if any(link.note for link in overlap.links):
            seen.add("notes")
    assert seen == {
        "evidence",
        "historians",
        "factors",
        "agreements",
        "conflicts",
        "within one school",
        "notes",
    }


def test_grouped_analysis_equals_the_naive_one_on_a_generated_topic(tmp_path) -> None:
    folder = generate(tmp_path / "s", schools=10, claims=200, evidence=300, historians=30)
    topic = check_topic(str(folder)).topic
    assert topic is not None
    assert sum(len(p.evidence) for p in analyse(topic).pairs) > 0
    assert_same(topic)
