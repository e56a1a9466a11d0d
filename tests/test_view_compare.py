"""The compare view: A's ground on the left, B's on the right, exactly the Pair's shared
items in the middle, agreements and challenges between A and B as two edge styles."""

from __future__ import annotations

import re
from collections.abc import Callable

import pydot
import pygraphviz
import pytest

from argmap import dot
from argmap.analysis import Analysis
from argmap.model import Topic
from argmap.overlap import Overlap
from argmap.render import render
from argmap.themes import THEMES
from argmap.views import get
from tests.conftest import BUNDLED, SPLIT_TOPIC, checked


@pytest.fixture
def small(topic_dir: Callable[..., str]) -> tuple[Topic, Overlap]:
    return checked(topic_dir(SPLIT_TOPIC))


@pytest.fixture(scope="module")
def bundled() -> tuple[Topic, Overlap]:
    return checked(BUNDLED)


def _compare(topic: Topic, overlap: Overlap, a: str, b: str, theme: str = "default") -> str:
    diagram = get("compare")(Analysis(topic, overlap), THEMES[theme], a=a, b=b)
    assert diagram.name == f"compare-{a}-vs-{b}"
    return diagram.source


def _members(graph: pygraphviz.AGraph, name: str) -> set[str]:
    return {str(n) for n in graph.get_subgraph(name).nodes()}


def _ends(edge: pygraphviz.Edge) -> set[str]:
    return {str(edge[0]), str(edge[1])}


def _x(graph: pygraphviz.AGraph, node: str) -> float:
    return float(graph.get_node(node).attr["pos"].split(",")[0])


def assert_compare_structure(topic: Topic, overlap: Overlap, a: str, b: str, source: str) -> None:
    graph = pygraphviz.AGraph(string=source)
    pair = overlap.pair(a, b)
    shared = {dot.node_id("evidence", i) for i in pair.evidence}
    shared |= {dot.node_id("historian", i) for i in pair.historians}
    shared |= {dot.node_id("factor", i) for i in pair.factors}
    middle = _members(graph, "cluster_shared") - {"compare__nothing"}
    assert middle == shared

    sides = {s: _members(graph, dot.node_id("cluster_school", s)) for s in (a, b)}
    assert not (sides[a] & sides[b]) and not (sides[a] | sides[b]) & middle
    for school in (a, b):
        s = topic.school[school]
        claims = {dot.node_id("claim", c.key) for c in s.claims}
        assert claims <= sides[school]
        own_people = set(s.all_historians) - set(pair.historians)
        own_factors = {f for c in s.claims for f in c.factors} - set(pair.factors)
        own = {dot.node_id("historian", h) for h in own_people}
        own |= {dot.node_id("factor", f) for f in own_factors}
        assert own <= sides[school], f"{school}'s own items not in its column"
        assert not any(n.startswith("evidence__") for n in sides[school])  # counted, not drawn

    # Geometry after layout: A's column left of the middle, B's right of it.
    graph.layout(prog="dot")
    if middle:
        left = max(_x(graph, n) for n in sides[a])
        right = min(_x(graph, n) for n in sides[b])
        assert left < min(_x(graph, n) for n in middle)
        assert max(_x(graph, n) for n in middle) < right

    edges = graph.edges()
    for link in (*pair.agreements, *pair.conflicts):
        ends = {dot.node_id("claim", link.source), dot.node_id("claim", link.target)}
        styled = [e for e in edges if _ends(e) == ends]
        assert styled, f"no edge for {link}"
        attrs = styled[0].attr
        if link.kind == "challenges":
            assert attrs.get("class") == "conflict" and attrs.get("style") == "bold"
            assert "tee" in (attrs.get("arrowhead"), attrs.get("arrowtail"))
        else:
            assert attrs.get("class") == "agreement" and attrs.get("style") == "dashed"
    assert sum(e.attr.get("class") == "conflict" for e in edges) == len(pair.conflicts)
    assert sum(e.attr.get("class") == "agreement" for e in edges) == len(pair.agreements)


def test_small_topic(small: tuple[Topic, Overlap]) -> None:
    topic, overlap = small
    assert_compare_structure(
        topic, overlap, "alpha", "beta", _compare(topic, overlap, "alpha", "beta")
    )


@pytest.mark.slow
def test_small_topic_with_pydot(small: tuple[Topic, Overlap]) -> None:
    """An independent parser: the middle cluster holds exactly speech, carr and apparatus;
    fitz and ideas (beta's alone) sit in beta's cluster."""
    topic, overlap = small
    (graph,) = pydot.graph_from_dot_data(_compare(topic, overlap, "beta", "alpha"))
    subs = {s.get_name().strip('"'): s for s in graph.get_subgraphs()}
    middle = {n.get_name().strip('"') for n in subs["cluster_shared"].get_nodes()}
    assert middle == {"evidence__speech", "historian__carr", "factor__apparatus"}
    beta = {n.get_name().strip('"') for n in subs["cluster_school__beta"].get_nodes()}
    assert {"historian__fitz", "factor__ideas", "claim__beta__belief"} <= beta
    assert "evidence__gensec" not in graph.to_string()


def test_reversed_order_puts_b_on_the_left(small: tuple[Topic, Overlap]) -> None:
    topic, overlap = small
    source = _compare(topic, overlap, "beta", "alpha")
    assert_compare_structure(topic, overlap, "beta", "alpha", source)


def test_label_counts_own_evidence(small: tuple[Topic, Overlap]) -> None:
    topic, overlap = small
    graph = pygraphviz.AGraph(string=_compare(topic, overlap, "alpha", "beta"))
    label = graph.get_subgraph("cluster_school__alpha").graph_attr["label"]
    text = " ".join(re.sub(r"<[^>]+>", " ", label).split())
    assert "1 evidence item that Beta does not cite" in text
    assert dot.escape("It was the apparatus.") in text


@pytest.mark.parametrize("bad", ["nope", "alpha.appoint", ""])
def test_unknown_school_is_a_clear_error(small: tuple[Topic, Overlap], bad: str) -> None:
    topic, overlap = small
    with pytest.raises((KeyError, ValueError), match=r"no school .* \(known: alpha, beta\)"):
        get("compare")(Analysis(topic, overlap), THEMES["default"], a="alpha", b=bad)


def test_same_school_twice_is_an_error(small: tuple[Topic, Overlap]) -> None:
    topic, overlap = small
    with pytest.raises(ValueError, match="two different schools"):
        get("compare")(Analysis(topic, overlap), THEMES["default"], a="alpha", b="alpha")


@pytest.mark.parametrize(
    ("a", "b"),
    [("power-politics", "ideological"), ("bureaucratic-degeneration", "power-politics")],
)
def test_bundled(bundled: tuple[Topic, Overlap], a: str, b: str) -> None:
    topic, overlap = bundled
    source = _compare(topic, overlap, a, b)
    assert_compare_structure(topic, overlap, a, b, source)
    svg = render(source, "svg", diagram=f"compare-{a}-vs-{b}")
    assert svg.count(b'class="edge conflict"') == len(overlap.pair(a, b).conflicts) > 0


def test_bundled_pair_with_nothing_shared_but_evidence(bundled: tuple[Topic, Overlap]) -> None:
    """socio-cultural and ideological share evidence only: no agreement or conflict edge."""
    topic, overlap = bundled
    pair = overlap.pair("socio-cultural", "ideological")
    assert not pair.agreements and not pair.conflicts and pair.evidence
    source = _compare(topic, overlap, "socio-cultural", "ideological", "print")
    assert_compare_structure(topic, overlap, "socio-cultural", "ideological", source)
    assert b"<svg" in render(source, "svg")
