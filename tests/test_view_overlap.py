"""The overlap view: shared items stand outside every school cluster and link to each user,
one-school items stay out, every challenge is a conflict edge, the legend explains what is
drawn; the slide version is a small summary that stays readable at 1920 px."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable

import pydot
import pygraphviz
import pytest

from argmap import dot
from argmap.analysis import Analysis
from argmap.model import Topic
from argmap.overlap import Overlap
from argmap.render import TooLarge, render
from argmap.themes import THEMES
from argmap.views import get
from argmap.views.overlap import KIND_WORDS, KINDS
from tests.conftest import BUNDLED, SPLIT_TOPIC, bundled_part, checked

KIND_NODE = {"evidence": "evidence", "historians": "historian", "factors": "factor"}


@pytest.fixture
def small(topic_dir: Callable[..., str]) -> tuple[Topic, Overlap]:
    return checked(topic_dir(SPLIT_TOPIC))


@pytest.fixture(scope="module")
def bundled() -> tuple[Topic, Overlap]:
    return checked(BUNDLED)


def _overlap(topic: Topic, overlap: Overlap, theme: str = "default") -> str:
    return get("overlap")(Analysis(topic, overlap), THEMES[theme]).source


def _clusters(graph: pygraphviz.AGraph) -> dict[str, set[str]]:
    """Every cluster (at any depth) and the nodes inside it."""
    found: dict[str, set[str]] = {}
    stack = list(graph.subgraphs())
    while stack:
        sub = stack.pop()
        if (sub.name or "").startswith("cluster"):
            found[sub.name] = {str(n) for n in sub.nodes()}
        stack.extend(sub.subgraphs())
    return found


def _ends(edge: pygraphviz.Edge) -> set[str]:
    return {str(edge[0]), str(edge[1])}


def _school_nodes(clusters: dict[str, set[str]], school: str) -> set[str]:
    return clusters[dot.node_id("cluster_school", school)]


def _is_conflict(edge: pygraphviz.Edge) -> bool:
    a = edge.attr
    tee = a.get("arrowhead") == "tee" or (a.get("dir") == "back" and a.get("arrowtail") == "tee")
    return tee and a.get("class") == "conflict"


def _legend_text(graph: pygraphviz.AGraph) -> str:
    """The legend's words, markup removed (wrapped lines joined by a space)."""
    legend = graph.get_subgraph("legend")
    labels = " ".join(legend.get_node(n).attr.get("label", "") for n in legend.nodes())
    return " ".join(re.sub(r"<[^>]+>", " ", labels).split())


def assert_overlap_structure(topic: Topic, overlap: Overlap, source: str) -> None:
    """What the overlap view promises, checked on the DOT it generated."""
    graph = pygraphviz.AGraph(string=source)
    clusters = _clusters(graph)
    in_schools = set().union(*(_school_nodes(clusters, s) for s in overlap.schools))
    nodes = {str(n) for n in graph.nodes()}

    for school in topic.schools:
        inside = _school_nodes(clusters, school.id)
        assert dot.node_id("thesis", school.id) in inside
        assert {dot.node_id("claim", c.key) for c in school.claims} <= inside

    for kind, prefix in KIND_NODE.items():
        users_of = {"evidence": overlap.evidence_users, "historians": overlap.historian_users,
                    "factors": overlap.factor_users}[kind]  # fmt: skip
        for item, users in users_of.items():
            node = dot.node_id(prefix, item)
            if len(users) < 2:
                assert node not in nodes, f"{node} is used by one school only: not drawn"
                continue
            assert node in nodes, f"shared {node} missing"
            assert node not in in_schools, f"shared {node} inside a school cluster"
            linked = {x for e in graph.edges() if node in _ends(e) for x in _ends(e)} - {node}
            for school in users:
                assert linked & _school_nodes(clusters, school), f"{node} not linked to {school}"

    edges = graph.edges()
    for link in overlap.links:
        ends = {dot.node_id("claim", link.source), dot.node_id("claim", link.target)}
        between = [e for e in edges if _ends(e) == ends]
        if link.kind == "challenges":
            assert any(_is_conflict(e) for e in between), f"no conflict edge for {link}"
        else:
            assert any(e.attr.get("class") == "agreement" for e in between), link
    conflicts = [e for e in edges if _is_conflict(e)]
    assert len(conflicts) == sum(link.kind == "challenges" for link in overlap.links)

    legend = _legend_text(graph)
    for school in topic.schools:
        assert dot.escape(school.name) in legend
    assert "evidence shared by the schools tagged on it" in legend
    if conflicts:
        assert "challenges (conflict)" in legend
    assert "supports" not in legend  # no support edge is drawn, so none is explained


def test_small_topic_structure(small: tuple[Topic, Overlap]) -> None:
    topic, overlap = small
    assert overlap.shared("evidence") == {"speech": ("alpha", "beta")}
    assert_overlap_structure(topic, overlap, _overlap(topic, overlap))


@pytest.mark.slow
def test_small_topic_with_pydot(small: tuple[Topic, Overlap]) -> None:
    """An independent parser agrees: the shared items are top-level nodes, the one-school
    evidence (gensec) and historian (fitz) are not drawn, and the challenge is a tee edge."""
    topic, overlap = small
    (graph,) = pydot.graph_from_dot_data(_overlap(topic, overlap))
    top = {n.get_name().strip('"') for n in graph.get_nodes()}
    assert {"evidence__speech", "historian__carr", "factor__apparatus"} <= top
    everything = graph.to_string()
    assert "evidence__gensec" not in everything
    assert "historian__fitz" not in everything
    tees = [
        e
        for e in graph.get_edges()
        if (e.get("arrowhead") or "").strip('"') == "tee"
        or (e.get("arrowtail") or "").strip('"') == "tee"
    ]
    ends = {(e.get_source().strip('"'), e.get_destination().strip('"')) for e in tees}
    pair = {"claim__beta__belief", "claim__alpha__outcome"}
    assert any(set(end) == pair for end in ends)
    # The thesis says what only one school uses.
    beta = next(
        s for s in graph.get_subgraphs() if s.get_name().strip('"') == "cluster_school__beta"
    )
    thesis = beta.get_node("thesis__beta")[0]
    assert "Sheila Fitzpatrick" in thesis.get("label")


def test_school_level_historian_links_to_thesis(small: tuple[Topic, Overlap]) -> None:
    """beta names carr only at school level: the edge goes to beta's thesis, clipped at
    beta's box; alpha's claim that cites carr gets its own edge."""
    topic, overlap = small
    graph = pygraphviz.AGraph(string=_overlap(topic, overlap))
    carr = [e for e in graph.edges() if "historian__carr" in _ends(e)]
    others = {x for e in carr for x in _ends(e)} - {"historian__carr"}
    assert others == {"thesis__beta", "claim__alpha__appoint"}
    to_beta = next(e for e in carr if "thesis__beta" in _ends(e))
    clip = to_beta.attr.get("lhead") or to_beta.attr.get("ltail")
    assert clip == "cluster_school__beta"


@pytest.mark.slow
def test_bundled_structure_and_svg(bundled: tuple[Topic, Overlap]) -> None:
    topic, overlap = bundled
    source = _overlap(topic, overlap)
    assert_overlap_structure(topic, overlap, source)
    svg = render(source, "svg", diagram="overlap")
    assert b"<title>cluster_school__ideological</title>" in svg
    challenges = sum(link.kind == "challenges" for link in overlap.links)
    assert svg.count(b'class="edge conflict"') == challenges


@pytest.mark.parametrize("theme", ["print"])
def test_bundled_other_theme(bundled: tuple[Topic, Overlap], theme: str) -> None:
    topic, overlap = bundled
    source = _overlap(topic, overlap, theme)
    assert_overlap_structure(topic, overlap, source)
    assert b"<svg" in render(source, "svg")


def test_output_is_deterministic(bundled: tuple[Topic, Overlap]) -> None:
    topic, overlap = bundled
    assert _overlap(topic, overlap) == _overlap(topic, overlap)


# -- slides ------------------------------------------------------------------------------------


def _content_nodes(graph: pygraphviz.AGraph) -> list[str]:
    """Drawn nodes other than the legend and the invisible column anchors."""
    legend = set(graph.get_subgraph("legend").nodes())
    return [
        str(n)
        for n in graph.nodes()
        if n not in legend and graph.get_node(n).attr.get("style") != "invis"
    ]


# The whole bundled topic (5 schools, 5 pairs that challenge each other, 8 shared factors and
# 5 shared historians since the December 2026 rewrite) is more than one slide holds, so its
# summary is refused with advice (below). Issue 12 (slides that always draw) is to split it
# instead; until then what the summary promises is checked on a real part of it that fits.
SLIDE_PART = ("bureaucratic-degeneration", "power-politics", "structuralist")
# The part whose slide is drawn and read. Since the second historian's review cited Lewin
# in Trotsky's school as well as in power politics (one more shared historian), the
# SLIDE_PART slide no longer fits at 14 px and is refused like the whole topic's; this
# part (two pairs without a clash, so not the one above) still fits.
READ_PART = ("power-politics", "socio-cultural", "ideological")


@pytest.fixture(scope="module")
def part(tmp_path_factory: pytest.TempPathFactory) -> tuple[Topic, Overlap]:
    return checked(bundled_part(tmp_path_factory.mktemp("part"), SLIDE_PART))


@pytest.fixture(scope="module")
def read_part(tmp_path_factory: pytest.TempPathFactory) -> tuple[Topic, Overlap]:
    return checked(bundled_part(tmp_path_factory.mktemp("read_part"), READ_PART))


def test_slide_summary_structure(part: tuple[Topic, Overlap]) -> None:
    topic, overlap = part
    graph = pygraphviz.AGraph(string=_overlap(topic, overlap, "slides"))
    nodes = _content_nodes(graph)
    assert len(nodes) <= 20
    schools = [dot.node_id("thesis", s.id) for s in topic.schools]
    assert set(schools) <= set(nodes)
    # Each kind of shared item is drawn item by item when it fits, or else as one count that
    # says how many there are; this part has both (its 8 factors are drawn, its evidence is
    # a count).
    counted = []
    for kind in KINDS:
        items = overlap.shared(kind)
        count = dot.node_id("count", kind)
        drawn = [dot.node_id(KIND_NODE[kind], item) in nodes for item in items]
        if count in nodes:
            counted.append(kind)
            assert not any(drawn)
            label = graph.get_node(count).attr["label"]
            assert f"{len(items)} shared {KIND_WORDS[kind]}" in label
        else:
            assert all(drawn)
    assert "evidence" in counted and "factors" not in counted
    # One labelled clash per pair that has challenges, linking the two schools.
    assert sum(bool(pair.conflicts) for pair in overlap.pairs) >= 2
    for pair in overlap.pairs:
        node = dot.node_id("conflicts", f"{pair.a}.{pair.b}")
        if not pair.conflicts:
            assert node not in nodes
            continue
        assert f"{len(pair.conflicts)} challenge" in graph.get_node(node).attr["label"]
        edges = [e for e in graph.edges() if node in _ends(e)]
        assert all(e.attr.get("class") == "conflict" for e in edges)
        assert any(_is_conflict(e) for e in edges)  # the tee is on the challenged side
        linked = {x for e in edges for x in _ends(e)}
        assert linked - {node} == {dot.node_id("thesis", pair.a), dot.node_id("thesis", pair.b)}


def _smallest_text_px(svg: bytes, screen: float = 1920) -> float:
    root = ET.fromstring(svg)
    width = float(root.get("viewBox", "").split()[2])
    group = root.find("{http://www.w3.org/2000/svg}g")
    match = re.search(r"scale\(([\d.]+)", group.get("transform", "") if group is not None else "")
    scale = float(match.group(1)) if match else 1.0
    sizes = [float(e.get("font-size", "0")) for e in root.iter() if e.get("font-size")]
    return min(sizes) * scale * screen / width


def test_slide_is_readable_at_1920(read_part: tuple[Topic, Overlap]) -> None:
    topic, overlap = read_part
    diagram = get("overlap")(Analysis(topic, overlap), THEMES["slides"])
    # Drawn with the build's settings (not refused as too large), and readable.
    svg = render(diagram.source, "svg", diagram="overlap", **vars(diagram.settings))
    assert _smallest_text_px(svg) >= 14


def test_bundled_slide_too_large_is_refused_with_advice(bundled: tuple[Topic, Overlap]) -> None:
    """Until issue 12 splits it: refused, never drawn with text too small to read."""
    topic, overlap = bundled
    diagram = get("overlap")(Analysis(topic, overlap), THEMES["slides"])
    with pytest.raises(TooLarge, match=r"^overlap: not drawn: too large for a slide .*draw a"):
        render(diagram.source, "svg", diagram="overlap", **vars(diagram.settings))


def test_slide_lists_small_topics_items(small: tuple[Topic, Overlap]) -> None:
    """A small topic's shared evidence fits on the slide as items, not as a count."""
    topic, overlap = small
    graph = pygraphviz.AGraph(string=_overlap(topic, overlap, "slides"))
    nodes = _content_nodes(graph)
    assert "evidence__speech" in nodes and "count__evidence" not in nodes
    assert "conflicts__alpha__beta" in nodes
