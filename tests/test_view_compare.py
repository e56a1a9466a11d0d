"""The compare view: A's claim cards on the left, B's on the right, what the two share in
the middle column, and each relation between them as a line from the stub of one card to
the stub of the other, with its note on hover."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import pygraphviz
import pytest

from argmap import dot, registry
from argmap.analysis import Analysis
from argmap.themes import THEMES
from argmap.views.common import Diagram
from tests.conftest import BUNDLED, SPLIT_TOPIC, Checked, checked, write_files

# Three claims of gamma challenge one claim of alpha: three lines must end at three
# different lines of alpha's card, each with its own note.
CROWD = {
    **SPLIT_TOPIC,
    "schools/gamma.yaml": """\
        id: gamma
        name: Gamma
        tag: GA
        thesis: Neither.
        historians: [fitz]
        claims:
          - id: one
            text: Not by appointments.
            evidence: [gensec]
            challenges: [{claim: alpha.appoint, note: First reason.}]
          - id: two
            text: Not by patronage.
            evidence: [speech]
            challenges: [{claim: alpha.appoint, note: Second reason.}]
          - id: three
            text: Not by the Secretariat.
            challenges: [{claim: alpha.appoint, note: Third reason.}]
            agrees: [alpha.outcome]
        """,
}


@pytest.fixture
def small(topic_dir: Callable[..., str]) -> Checked:
    return checked(topic_dir(SPLIT_TOPIC))


@pytest.fixture(scope="module")
def crowd(tmp_path_factory: pytest.TempPathFactory) -> Checked:
    return checked(write_files(tmp_path_factory.mktemp("crowd") / "t", CROWD))


@pytest.fixture(scope="module")
def bundled() -> Checked:
    return checked(BUNDLED)


def pages(analysis: Analysis, a: str, b: str, theme: str = "default") -> tuple[Diagram, ...]:
    made = registry.view("compare").draw(analysis, THEMES[theme], a=a, b=b)
    assert all(d.name == f"compare-{a}-vs-{b}" for d in made)
    return made


def words(graph: pygraphviz.AGraph, node: str) -> str:
    label = graph.get_node(node).attr["label"]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", label)).split())


def ports(graph: pygraphviz.AGraph, node: str) -> set[str]:
    return set(re.findall(r'PORT="([^"]+)"', graph.get_node(node).attr["label"]))


def card(key: str) -> str:
    return dot.node_id("claim", key)


def assert_compare(analysis: Analysis, a: str, b: str, diagram: Diagram) -> pygraphviz.AGraph:
    """One page that shows both schools whole: a card per claim, the shared column, a line
    per relation from port to port, and nothing else drawn between cards."""
    topic, overlap = analysis.topic, analysis.overlap
    graph = pygraphviz.AGraph(string=diagram.source)
    pair = overlap.pair(a, b)
    drawn = {card(c.key) for s in (a, b) for c in topic.school[s].claims}
    assert drawn <= set(graph.nodes())
    assert not [n for n in graph.nodes() if n.startswith("evidence__")]  # lines in cards
    # The middle: every shared evidence item once, naming the cards that cite it.
    middle = [n for n in graph.nodes() if n.startswith("shared__")]
    text = " ".join(words(graph, n) for n in middle)
    for item in pair.evidence:
        e = topic.evidence_item[item]
        assert (e.short or e.text)[:20] in text
    for person in pair.historians:
        assert topic.historian[person].name in text
    for factor in pair.factors:
        assert topic.factor[factor].name in text
    # Each relation: one line, port to port, the note on hover.
    visible = [e for e in graph.edges() if e.attr.get("style") != "invis"]
    between = [e for e in visible if {e[0], e[1]} <= drawn]
    assert len(between) == len(pair.agreements) + len(pair.conflicts)
    for link in (*pair.agreements, *pair.conflicts):
        ends = {card(link.source), card(link.target)}
        (edge,) = [e for e in between if {e[0], e[1]} == ends]
        assert edge.attr["class"] == ("conflict" if link.kind == "challenges" else "agreement")
        for end, port in ((edge[0], edge.attr["tailport"]), (edge[1], edge.attr["headport"])):
            assert port.split(":")[0] in ports(graph, end)
        if link.note:
            assert link.note in edge.attr["tooltip"]
    return graph


def test_small_pair(small: Checked) -> None:
    (diagram,) = pages(small, "alpha", "beta")
    graph = assert_compare(small, "alpha", "beta", diagram)
    # Cards are numbered by school and place; the stubs name the other end.
    assert words(graph, card("alpha.outcome")).startswith("AL 2 So he won.")
    assert "challenged by BE 1" in words(graph, card("alpha.outcome"))
    assert "challenges AL 2" in words(graph, card("beta.belief"))
    # What only alpha cites is counted on its card, not drawn.
    assert "1 item only AL cites" in words(graph, card("alpha.appoint"))
    assert "E. H. Carr" in words(graph, "shared__historians")


def test_left_middle_right_after_layout(small: Checked) -> None:
    (diagram,) = pages(small, "beta", "alpha")
    graph = pygraphviz.AGraph(string=diagram.source)
    graph.layout(prog="dot")

    def x(node: str) -> float:
        return float(graph.get_node(node).attr["pos"].split(",")[0])

    left = max(x(card(c.key)) for c in small.topic.school["beta"].claims)
    right = min(x(card(c.key)) for c in small.topic.school["alpha"].claims)
    middle = [n for n in graph.nodes() if n.startswith("shared__")]
    assert middle and left < min(x(n) for n in middle) <= max(x(n) for n in middle) < right


def test_three_challenges_to_one_claim_end_at_three_lines_of_its_card(crowd: Checked) -> None:
    (diagram,) = pages(crowd, "alpha", "gamma")
    graph = assert_compare(crowd, "alpha", "gamma", diagram)
    target = card("alpha.appoint")
    ends = [
        (e.attr["headport"] if e[1] == target else e.attr["tailport"]).split(":")[0]
        for e in graph.edges()
        if target in (e[0], e[1]) and e.attr.get("class") == "conflict"
    ]
    assert len(ends) == len(set(ends)) == 3
    label = words(graph, target)
    for n in (1, 2, 3):
        assert f"challenged by GA {n}" in label
    notes = {e.attr["tooltip"].split(": ")[-1] for e in graph.edges() if target in (e[0], e[1])}
    assert {"First reason.", "Second reason.", "Third reason."} <= notes


def test_b_follows_the_a_claims_it_relates_to(crowd: Checked) -> None:
    """gamma.three agrees with alpha's second claim: it is drawn after the others, which
    all answer alpha's first."""
    (diagram,) = pages(crowd, "alpha", "gamma")
    source = diagram.source
    order = [source.index(f"{card(k)} [label") for k in ("gamma.one", "gamma.two", "gamma.three")]
    assert order == sorted(order)


@pytest.mark.parametrize("bad", ["nope", "alpha.appoint", ""])
def test_unknown_school_is_a_clear_error(small: Checked, bad: str) -> None:
    with pytest.raises((KeyError, ValueError), match=r"no school .* \(known: alpha, beta\)"):
        pages(small, "alpha", bad)


def test_same_school_twice_is_an_error(small: Checked) -> None:
    with pytest.raises(ValueError, match="two different schools"):
        pages(small, "alpha", "alpha")


@pytest.mark.parametrize(
    ("a", "b"),
    [("power-politics", "ideological"), ("bureaucratic-degeneration", "power-politics")],
)
def test_bundled_pairs(bundled: Checked, a: str, b: str) -> None:
    """A pair too tall for one page is a series: every claim on one page, both sides cut
    at the same places; a relation between two cards of a page is a line between their
    stubs, one between pages a stub that names the other card."""
    made = pages(bundled, a, b)
    topic, pair = bundled.topic, bundled.overlap.pair(a, b)
    where: dict[str, int] = {}
    for d in made:
        graph = pygraphviz.AGraph(string=d.source)
        for node in graph.nodes():
            if node.startswith("claim__"):
                assert node not in where
                where[node] = d.page
    assert set(where) == {card(c.key) for s in (a, b) for c in topic.school[s].claims}
    for d in made:
        graph = pygraphviz.AGraph(string=d.source)
        lines = [e for e in graph.edges() if e.attr.get("class") in ("conflict", "agreement")]
        expected = [
            link
            for link in (*pair.agreements, *pair.conflicts)
            if where[card(link.source)] == where[card(link.target)] == d.page
        ]
        assert len(lines) == len(expected)
    if len(made) == 1:
        assert_compare(bundled, a, b, made[0])


def test_slides_go_factor_by_factor_and_show_every_claim(bundled: Checked) -> None:
    a, b = "power-politics", "ideological"
    made = pages(bundled, a, b, "slides")
    assert len(made) > 1 and [d.page for d in made] == list(range(1, len(made) + 1))
    assert all(d.pages == len(made) and f"({d.page}/{d.pages})" in d.title for d in made)
    shown: set[str] = set()
    for d in made:
        graph = pygraphviz.AGraph(string=d.source)
        cards_here = [n for n in graph.nodes() if n.startswith("claim__")]
        assert len(cards_here) <= 4
        shown |= set(cards_here)
        assert graph.has_node("legend")
    every = {card(c.key) for s in (a, b) for c in bundled.topic.school[s].claims}
    assert shown == every
    pair = bundled.overlap.pair(a, b)
    names = {bundled.topic.factor[f].name for f in pair.factors}
    strip = r"(, part \d+ of \d+)? \(\d+/\d+\)$"  # "...: Factor, part 1 of 2 (3/8)"
    headings = {re.sub(strip, "", d.title.split(": ", 2)[-1]) for d in made}
    assert names <= headings


def test_bundled_pair_with_nothing_shared_but_evidence(bundled: Checked) -> None:
    """socio-cultural and ideological share evidence only: no line between their cards."""
    pair = bundled.overlap.pair("socio-cultural", "ideological")
    assert not pair.agreements and not pair.conflicts and pair.evidence
    for diagram in pages(bundled, "socio-cultural", "ideological", "print"):
        graph = pygraphviz.AGraph(string=diagram.source)
        assert not [e for e in graph.edges() if e.attr.get("style") != "invis"]
