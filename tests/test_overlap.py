"""The one overlap analysis: what each pair of schools shares, and where they clash."""

from __future__ import annotations

import pytest

from argmap.check import check_topic
from argmap.overlap import Link, Pair, analyse

pytestmark = pytest.mark.usefixtures("in_tmp")

# Three schools. a and b share evidence e1, historian h2 (a's through a claim, b's as the
# school's), factor f1, and one agreement written on both sides. a and c share evidence e3,
# a qualification and a challenge. b and c share nothing and clash once.
THREE_SCHOOLS = """\
format: 1
id: three
question: Why?
factors:
  - {id: f1, name: F1}
  - {id: f2, name: F2}
  - {id: f3, name: F3}
historians:
  - {id: h1, name: H One}
  - {id: h2, name: H Two}
  - {id: h3, name: H Three}
evidence:
  - {id: e1, text: E1}
  - {id: e2, text: E2}
  - {id: e3, text: E3}
  - {id: e4, text: E4}
  - {id: e5, text: E5, factors: [f1, f3]}
schools:
  - id: a
    name: A
    thesis: T
    historians: [h1]
    claims:
      - {id: a1, text: A1, evidence: [e1, e2], factors: [f1], historians: [h2]}
      - {id: a2, text: A2, evidence: [e3], agrees: [b.b1], qualifies: [c.c1]}
  - id: b
    name: B
    thesis: T
    historians: [h2]
    claims:
      - {id: b1, text: B1, evidence: [e1], factors: [f1, f2], agrees: [a.a2], challenges: [c.c1]}
      - {id: b2, text: B2, evidence: [e1], factors: [f2]}
  - id: c
    name: C
    thesis: T
    claims:
      - {id: c1, text: C1, evidence: [e3], historians: [h3], factors: [f3], challenges: [a.a1]}
      - {id: c2, text: C2, evidence: [e4], supports: [a.a1]}
"""


@pytest.fixture
def overlap(one_file):
    result = check_topic(one_file(THREE_SCHOOLS))
    assert result.errors == []
    return analyse(result.topic)


def test_each_pair_in_topic_order(overlap):
    assert overlap.schools == ("a", "b", "c")
    assert [(p.a, p.b) for p in overlap.pairs] == [("a", "b"), ("a", "c"), ("b", "c")]


def test_a_and_b_share_evidence_historian_factor_and_agree(overlap):
    assert overlap.pair("a", "b") == Pair(
        a="a",
        b="b",
        evidence=("e1",),
        historians=("h2",),
        factors=("f1",),
        # agrees written on both sides is one agreement (FORMAT.md: symmetric in meaning)
        agreements=(Link("a.a2", "b.b1", "agrees"),),
        conflicts=(),
    )
    assert overlap.pair("a", "b").counts() == {
        "evidence": 1,
        "historians": 1,
        "factors": 1,
        "agreements": 1,
        "conflicts": 0,
    }


def test_a_and_c_share_evidence_a_qualification_and_clash(overlap):
    pair = overlap.pair("c", "a")  # either order finds the pair
    assert (pair.a, pair.b) == ("a", "c")
    assert pair.evidence == ("e3",)
    assert pair.historians == ()
    assert pair.factors == ()  # f3 is carried by c's claim and e5, but by no claim of a
    assert pair.agreements == (Link("a.a2", "c.c1", "qualifies"),)
    assert pair.conflicts == (Link("c.c1", "a.a1", "challenges"),)
    assert pair.shares_anything


def test_b_and_c_share_nothing_and_clash(overlap):
    pair = overlap.pair("b", "c")
    assert pair.counts() == {
        "evidence": 0,
        "historians": 0,
        "factors": 0,
        "agreements": 0,
        "conflicts": 1,
    }
    assert pair.conflicts == (Link("b.b1", "c.c1", "challenges"),)
    assert not pair.shares_anything


def test_an_unknown_pair_is_a_key_error(overlap):
    with pytest.raises(KeyError):
        overlap.pair("a", "z")


def test_who_uses_what(overlap):
    # Only used items appear; schools in topic order; a school counts once per item.
    assert overlap.evidence_users == {
        "e1": ("a", "b"),
        "e2": ("a",),
        "e3": ("a", "c"),
        "e4": ("c",),
    }
    assert overlap.historian_users == {"h1": ("a",), "h2": ("a", "b"), "h3": ("c",)}
    # factors count through claims only: e5's factors make no school a user
    assert overlap.factor_users == {"f1": ("a", "b"), "f2": ("b",), "f3": ("c",)}
    assert overlap.shared("evidence") == {"e1": ("a", "b"), "e3": ("a", "c")}
    assert overlap.shared("historians") == {"h2": ("a", "b")}
    assert overlap.shared("factors") == {"f1": ("a", "b")}


def test_links_are_every_cross_school_relation_and_no_support(overlap):
    assert overlap.links == (
        Link("a.a2", "b.b1", "agrees"),
        Link("a.a2", "c.c1", "qualifies"),
        Link("b.b1", "c.c1", "challenges"),
        Link("c.c1", "a.a1", "challenges"),
    )  # c.c2 supports a.a1 across schools: support is not an agreement


def test_agrees_written_on_one_side_counts_once(one_file):
    text = THREE_SCHOOLS.replace(", agrees: [a.a2]", "")
    result = check_topic(one_file(text))
    assert result.errors == []
    pair = analyse(result.topic).pair("a", "b")
    assert pair.agreements == (Link("a.a2", "b.b1", "agrees"),)


def test_a_single_school_has_no_pairs(one_file):
    result = check_topic(
        one_file(
            "format: 1\nid: t\nquestion: Why?\n"
            "schools: [{id: s, name: S, thesis: T, claims: [{id: c, text: C}]}]\n"
        )
    )
    overlap = analyse(result.topic)
    assert overlap.schools == ("s",)
    assert overlap.pairs == ()
    assert overlap.evidence_users == {}
