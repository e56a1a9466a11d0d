"""The matrix view: one HTML-like table node, a cell per pair of schools with what they share
and their conflicts, each school's size on the diagonal, and a legend for all of it."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pydot
import pygraphviz
import pytest

from argmap.analysis import Analysis
from argmap.check import check_topic
from argmap.model import Topic
from argmap.overlap import Overlap, analyse
from argmap.render import render
from argmap.themes import THEMES, Theme
from argmap.views import get
from argmap.views.common import Diagram
from argmap.views.matrix import CELL_WORDS, CONFLICT_MARK, LEGEND_NODE, LEGEND_TEXT, cell_id
from tests import htmllabel
from tests.svgcheck import assert_slide, slide_problems

BUNDLED = Path(__file__).resolve().parent.parent / "interpretations" / "stalin-rise"

# Three schools. alpha and beta share evidence (gensec, speech), a historian (carr), a factor
# (apparatus), one agreement and one qualification, and beta challenges alpha twice. beta and
# gamma share one piece of evidence; alpha and gamma share nothing. The school names carry
# markup that must stay text.
SMALL = {
    "topic.yaml": """\
        format: 1
        id: small
        question: Why did it happen?
        factors:
          - {id: apparatus, name: The apparatus}
          - {id: ideas, name: Ideas}
        historians:
          - {id: carr, name: E. H. Carr}
          - {id: fitz, name: Sheila Fitzpatrick}
        evidence:
          - {id: gensec, text: He becomes General Secretary., date: 1922-04}
          - {id: speech, text: A speech., date: 1924}
          - {id: famine, text: A famine.}
        """,
    "schools/alpha.yaml": """\
        id: alpha
        name: "Alpha <b>&amp;</b>"
        thesis: It was the apparatus.
        historians: [carr]
        claims:
          - id: appoint
            text: He appointed his people.
            evidence: [gensec, speech]
            factors: [apparatus]
          - id: outcome
            text: So he won.
            evidence: [gensec]
        """,
    "schools/beta.yaml": """\
        id: beta
        name: Beta
        thesis: It was ideas.
        historians: [carr, fitz]
        claims:
          - id: belief
            text: They believed in him.
            evidence: [speech, gensec, famine]
            factors: [ideas, apparatus]
            agrees: [alpha.appoint]
            challenges: [alpha.outcome]
          - id: doubt
            text: Not everyone did.
            qualifies: [alpha.outcome]
            challenges: [alpha.appoint]
        """,
    "schools/gamma.yaml": """\
        id: gamma
        name: Gamma
        thesis: It was hunger.
        historians: [fitz]
        claims:
          - id: hunger
            text: Hunger decided it.
            evidence: [famine]
            factors: [ideas]
        """,
}


def build(topic_path: str | Path, theme: str = "default") -> tuple[Topic, Overlap, Diagram]:
    result = check_topic(str(topic_path))
    assert result.topic is not None, [str(p) for p in result.errors]
    overlap = analyse(result.topic)
    return result.topic, overlap, get("matrix")(Analysis(result.topic, overlap), THEMES[theme])


@pytest.fixture
def small(topic_dir) -> tuple[Topic, Overlap, Diagram]:
    return build(topic_dir(SMALL))


def parsed(diagram: Diagram) -> pydot.Dot:
    graphs = pydot.graph_from_dot_data(diagram.source)
    assert graphs, "pydot could not parse the DOT"
    return graphs[0]


def node_label(graph: pydot.Dot, name: str) -> ET.Element:
    nodes = graph.get_node(name)
    if not nodes:  # nodes inside a subgraph (the legend cluster)
        nodes = [n for sub in graph.get_subgraphs() for n in sub.get_node(name)]
    assert nodes, f"no node {name!r}"
    return htmllabel.parse(nodes[0].get("label"))


def table(diagram: Diagram) -> ET.Element:
    return node_label(parsed(diagram), "matrix")


def cell_counts(cell: ET.Element) -> dict[str, int]:
    """What a cell says, as {relation: count}, read back from its words."""
    words = {word: kind for kind, forms in CELL_WORDS.items() for word in forms}
    counts = {}
    for match in re.finditer(r"(\d+) ([a-z]+)", htmllabel.text(cell)):
        counts[words[match.group(2)]] = int(match.group(1))
    return counts


def assert_cells_match(topic: Topic, overlap: Overlap, grid: ET.Element, theme: Theme) -> None:
    ids = [s.id for s in topic.schools]
    for a in ids:
        for b in ids:
            cell = htmllabel.by_id(grid, cell_id(a, b))
            if a == b:
                claims = len(topic.school[a].claims)
                assert htmllabel.text(cell) == f"{claims} claim{'s' if claims != 1 else ''}"
                continue
            pair = overlap.pair(a, b)
            assert cell_counts(cell) == pair.counts(), (a, b)
            marked = CONFLICT_MARK in htmllabel.text(cell)
            assert marked == bool(pair.conflicts), (a, b)
            assert (cell.get("COLOR") == theme.conflict) == bool(pair.conflicts), (a, b)
            if pair.conflicts:
                assert int(cell.get("BORDER", "1")) >= 3


def test_one_table_node_holds_the_whole_matrix(small):
    _, _, diagram = small
    graph = parsed(diagram)
    nodes = [
        n.get_name() for n in graph.get_nodes() if n.get_name() not in ("graph", "node", "edge")
    ]
    assert nodes == ["matrix"]
    assert graph.get_node("matrix")[0].get("shape") == "plain"
    assert diagram.name == "matrix"


def test_each_cell_counts_what_the_pair_shares(small):
    topic, overlap, diagram = small
    grid = table(diagram)
    assert_cells_match(topic, overlap, grid, THEMES["default"])
    # The expected numbers, written out, so a fault in the overlap analysis shows here too.
    assert cell_counts(htmllabel.by_id(grid, cell_id("alpha", "beta"))) == {
        "evidence": 2,
        "historians": 1,
        "factors": 1,
        "agreements": 2,
        "conflicts": 2,
    }
    assert cell_counts(htmllabel.by_id(grid, cell_id("alpha", "gamma"))) == dict.fromkeys(
        CELL_WORDS, 0
    )
    assert cell_counts(htmllabel.by_id(grid, cell_id("gamma", "beta")))["evidence"] == 1


def test_the_table_is_symmetric(small):
    topic, _, diagram = small
    grid = table(diagram)
    ids = [s.id for s in topic.schools]
    for a in ids:
        for b in ids:
            assert htmllabel.text(htmllabel.by_id(grid, cell_id(a, b))) == htmllabel.text(
                htmllabel.by_id(grid, cell_id(b, a))
            )


def test_conflicts_are_marked_in_colour_and_with_a_symbol(small):
    _, _, diagram = small
    grid = table(diagram)
    clash = htmllabel.by_id(grid, cell_id("beta", "alpha"))
    assert f"{CONFLICT_MARK} 2 challenges" in htmllabel.text(clash)
    fonts = [f for f in clash.iter("FONT") if CONFLICT_MARK in htmllabel.text(f)]
    assert fonts and all(f.get("COLOR") == THEMES["default"].conflict for f in fonts)
    calm = htmllabel.by_id(grid, cell_id("beta", "gamma"))
    assert CONFLICT_MARK not in htmllabel.text(calm)
    assert calm.get("COLOR") is None


def test_print_marks_conflicts_without_colour(topic_dir):
    topic, overlap, diagram = build(topic_dir(SMALL), "print")
    grid = table(diagram)
    assert_cells_match(topic, overlap, grid, THEMES["print"])
    colours = set(re.findall(r'COLOR="(#[0-9A-Fa-f]{6})"', diagram.source))
    # Greyscale: every colour in the diagram has equal red, green and blue.
    assert colours and all(c[1:3] == c[3:5] == c[5:7] for c in (c.upper() for c in colours))


def test_headers_name_and_tag_every_school_as_text(small):
    topic, _, diagram = small
    grid = table(diagram)
    first_row = grid.find("TR")
    assert first_row is not None
    words = htmllabel.text(first_row)
    looks = THEMES["default"].looks(topic)
    for school in topic.schools:
        assert school.name in words and looks[school.id].tag in words
    # The markup in a school's name is text, not markup.
    assert "Alpha <b>&amp;</b>" in words
    assert "<b>" not in diagram.source


def test_the_legend_explains_the_cells_and_every_school(small):
    topic, _, diagram = small
    graph = parsed(diagram)
    legend = [s for s in graph.get_subgraphs() if s.get_name() == "legend"]
    assert legend
    key = htmllabel.text(node_label(graph, "legend"))
    for school in topic.schools:
        assert school.name in key
    explained = htmllabel.text(node_label(graph, LEGEND_NODE))
    for words in LEGEND_TEXT.values():
        assert words in explained
    for kind, (one, many) in CELL_WORDS.items():
        assert one in explained or many in explained, kind
    assert CONFLICT_MARK in explained
    legend_sample = node_label(graph, LEGEND_NODE)
    assert any(td.get("COLOR") == THEMES["default"].conflict for td in legend_sample.iter("TD"))


def test_the_title_names_the_relations_shown(small):
    _, _, diagram = small
    for words in ("shared evidence", "shared historians", "shared factors", "challenges"):
        assert words in diagram.source


def test_a_topic_without_schools_still_draws(topic_dir):
    topic, _, diagram = build(
        topic_dir({"topic.yaml": "format: 1\nid: empty\nquestion: Why?\n"}, name="empty")
    )
    assert not topic.schools
    assert not pygraphviz.AGraph(string=diagram.source).has_node("legend")  # nothing to key
    assert render(diagram.source, "svg").startswith(b"<?xml")


def test_bundled_topic_cells_match_the_overlap_analysis():
    topic, overlap, diagram = build(BUNDLED)
    assert len(topic.schools) == 5
    assert_cells_match(topic, overlap, table(diagram), THEMES["default"])
    # The bundled topic has conflicts, so the mark is exercised on real data.
    assert any(p.conflicts for p in overlap.pairs)


@pytest.mark.parametrize("theme", sorted(THEMES))
def test_bundled_topic_renders_in_every_theme(theme):
    _, _, diagram = build(BUNDLED, theme)
    svg = render(diagram.source, "svg", diagram=diagram.name, **vars(diagram.settings))
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    texts = " ".join(" ".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert "Power politics" in texts and "challenges" in texts
    if THEMES[theme].slide:
        assert_slide(svg)


def test_the_slide_check_can_fail():
    """The slide check is not vacuous: the default theme's matrix is no 16:9 slide."""
    _, _, diagram = build(BUNDLED, "default")
    assert slide_problems(render(diagram.source, "svg"))


def test_the_test_helpers_examples_hold():
    import doctest

    from tests import svgcheck

    for module in (svgcheck, htmllabel):
        assert doctest.testmod(module).failed == 0
