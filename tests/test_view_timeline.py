"""The timeline view: a year axis, each dated evidence item in the rank of its year and in
date order, tagged with exactly the schools that cite it; undated items left out and
counted in the title; a legend for all of it."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

import pygraphviz
import pytest

from argmap import dot
from argmap.analysis import Analysis
from argmap.check import check_topic
from argmap.model import Topic
from argmap.overlap import Overlap, analyse
from argmap.render import TooLarge, render
from argmap.themes import THEMES
from argmap.views import get
from argmap.views.common import Diagram
from argmap.views.timeline import LEGEND_NODE, LEGEND_TEXT, dated, year_id
from tests import htmllabel
from tests.conftest import bundled_part
from tests.svgcheck import assert_slide

BUNDLED = Path(__file__).resolve().parent.parent / "interpretations" / "stalin-rise"

# Evidence written out of date order. In 1922 a bare year sorts before its months, and a
# month before its days. "shared" is cited by alpha and beta, "undated" has no date and
# "lonely" is dated but cited by nobody.
SMALL = {
    "topic.yaml": """\
        format: 1
        id: small
        question: Why did it happen?
        evidence:
          - {id: shared, text: "A congress <b>&</b> a vote.", date: 1924-05}
          - {id: day, text: A day in April., date: "1922-04-03"}
          - {id: undated, text: Something undated.}
          - {id: month, text: A month., date: 1922-04}
          - {id: year-only, text: Some time that year., date: "1922"}
          - {id: lonely, text: Nobody cites this., date: "1930", kind: statistic}
        """,
    "schools/alpha.yaml": """\
        id: alpha
        name: Alpha
        thesis: It was the apparatus.
        claims:
          - id: appoint
            text: He appointed his people.
            evidence: [shared, year-only, undated]
        """,
    "schools/beta.yaml": """\
        id: beta
        name: Beta
        thesis: It was ideas.
        claims:
          - id: belief
            text: They believed in him.
            evidence: [month, day, shared]
        """,
}


def build(topic_path: str | Path, theme: str = "default") -> tuple[Topic, Overlap, Diagram]:
    result = check_topic(str(topic_path))
    assert result.topic is not None, [str(p) for p in result.errors]
    overlap = analyse(result.topic)
    return result.topic, overlap, get("timeline")(Analysis(result.topic, overlap), THEMES[theme])


@pytest.fixture
def small(topic_dir) -> tuple[Topic, Overlap, Diagram]:
    return build(topic_dir(SMALL))


@pytest.fixture(scope="module")
def bundled() -> tuple[Topic, Overlap, Diagram]:
    return build(BUNDLED.resolve())


def graph_of(diagram: Diagram) -> pygraphviz.AGraph:
    return pygraphviz.AGraph(string=diagram.source)


def title(diagram: Diagram) -> str:
    """The words of the graph's label: the question, the title and the "shows" line."""
    graph = graph_of(diagram)  # kept alive while its attributes are read
    return htmllabel.text(htmllabel.fragment(graph.graph_attr["label"]))


def year_ranks(graph: pygraphviz.AGraph) -> dict[str, list[str]]:
    """Each rank=same subgraph holding a year node: the year node, then its items in the
    left-to-right order the subgraph's flat edges fix."""
    ranks = {}
    for sub in graph.subgraphs():
        if sub.graph_attr.get("rank") != "same":
            continue
        years = [n for n in sub.nodes() if n.startswith("year__")]
        if not years:
            continue
        assert len(years) == 1, years
        following = {str(e[0]): str(e[1]) for e in sub.edges()}
        chain = [str(years[0])]
        while chain[-1] in following:
            chain.append(following[chain[-1]])
        assert sorted(chain) == sorted(str(n) for n in sub.nodes()), "rank not one chain"
        ranks[str(years[0])] = chain
    return ranks


def axis(graph: pygraphviz.AGraph) -> list[str]:
    """The year nodes along the visible axis edges, from the first."""
    edges = {
        str(e[0]): str(e[1])
        for e in graph.edges()
        if str(e[0]).startswith("year__") and e.attr.get("style") != "invis"
    }
    heads = set(edges.values())
    starts = [n for n in edges if n not in heads]
    if not edges:
        return [n for n in graph.nodes() if n.startswith("year__")]
    assert len(starts) == 1, starts
    chain = [starts[0]]
    while chain[-1] in edges:
        chain.append(edges[chain[-1]])
    return chain


def assert_timeline(topic: Topic, overlap: Overlap, diagram: Diagram) -> None:
    """Everything the view promises about the axis, the ranks and the tags."""
    graph = graph_of(diagram)
    items = dated(topic)
    by_year: dict[int, list[str]] = defaultdict(list)
    for item in items:
        assert item.year is not None
        by_year[item.year].append(dot.node_id("evidence", item.id))
    years = sorted(by_year)
    # One axis, one year node per year that has evidence, in order.
    assert axis(graph) == [year_id(y) for y in years]
    # Each year's rank holds exactly its items, ordered by date.
    ranks = year_ranks(graph)
    assert sorted(ranks) == sorted(year_id(y) for y in years)
    for year in years:
        keys = [topic.evidence_item[n.split("__", 1)[1]].date_key for n in by_year[year]]
        assert keys == sorted(keys)
        assert ranks[year_id(year)] == [year_id(year), *by_year[year]]
    # Undated items are left out.
    drawn = {str(n) for n in graph.nodes()}
    for item in topic.evidence:
        assert (dot.node_id("evidence", item.id) in drawn) == bool(item.date), item.id
    # Each item carries exactly the tags of the schools that cite it, in topic order.
    looks = THEMES["default"].looks(topic)
    for item in items:
        label = htmllabel.parse(graph.get_node(dot.node_id("evidence", item.id)).attr["label"])
        users = overlap.evidence_users.get(item.id, ())
        assert htmllabel.tag_cells(label) == [looks[s].tag for s in users], item.id


def test_the_axis_ranks_and_tags_of_a_small_topic(small):
    topic, overlap, diagram = small
    assert_timeline(topic, overlap, diagram)
    graph = graph_of(diagram)
    # Written out, so that a fault in the helpers cannot hide one in the view.
    assert axis(graph) == ["year__1922", "year__1924", "year__1930"]
    assert year_ranks(graph)["year__1922"] == [
        "year__1922",
        "evidence__year-only",
        "evidence__month",
        "evidence__day",
    ]
    shared = htmllabel.parse(graph.get_node("evidence__shared").attr["label"])
    assert htmllabel.tag_cells(shared) == ["AL", "BE"]
    assert htmllabel.tag_cells(htmllabel.parse(graph.get_node("evidence__day").attr["label"])) == [
        "BE"
    ]
    assert (
        htmllabel.tag_cells(htmllabel.parse(graph.get_node("evidence__lonely").attr["label"])) == []
    )
    assert "evidence__undated" not in diagram.source


def test_user_text_stays_text(small):
    _, _, diagram = small
    graph = graph_of(diagram)
    label = htmllabel.parse(graph.get_node("evidence__shared").attr["label"])
    assert "A congress <b>&</b> a vote." in htmllabel.text(label)


def test_the_title_counts_the_undated_items_left_out(small):
    _, _, diagram = small
    assert "1 undated item left out." in title(diagram)


def test_a_topic_with_every_item_dated_says_so(topic_dir):
    files = dict(SMALL)
    files["topic.yaml"] = SMALL["topic.yaml"].replace(
        "{id: undated, text: Something undated.}", "{id: undated, text: Dated., date: 1923}"
    )
    _, _, diagram = build(topic_dir(files))
    assert "No evidence is undated." in title(diagram)
    assert "year__1923" in diagram.source


def test_layout_puts_each_item_level_with_its_year_in_date_order(small):
    topic, _, diagram = small
    graph = graph_of(diagram)
    graph.layout(prog="dot")

    def pos(name: str) -> tuple[float, float]:
        x, y = graph.get_node(name).attr["pos"].split(",")
        return float(x), float(y)

    ranks = year_ranks(graph)
    heights = [pos(year)[1] for year in axis(graph)]
    assert heights == sorted(heights, reverse=True)  # earliest at the top
    for year, chain in ranks.items():
        assert {pos(n)[1] for n in chain} == {pos(year)[1]}
        xs = [pos(n)[0] for n in chain]
        assert xs == sorted(xs), year


def test_the_legend_lists_what_is_used(small):
    topic, _, diagram = small
    graph = graph_of(diagram)
    legend = graph.get_subgraph("legend")
    assert legend is not None
    names = {str(n) for n in legend.nodes()}
    assert {"legend", LEGEND_NODE} <= names
    key = htmllabel.text(htmllabel.parse(graph.get_node("legend").attr["label"]))
    for school in topic.schools:
        assert school.name in key
    explained = htmllabel.text(htmllabel.parse(graph.get_node(LEGEND_NODE).attr["label"]))
    for kind in ("evidence", "shared", "uncited", "axis"):
        assert LEGEND_TEXT[kind] in explained, kind


def test_the_legend_leaves_out_what_is_not_used(topic_dir):
    files = dict(SMALL)
    files["topic.yaml"] = SMALL["topic.yaml"].replace(
        '- {id: lonely, text: Nobody cites this., date: "1930", kind: statistic}', ""
    )
    _, _, diagram = build(topic_dir(files))
    graph = graph_of(diagram)
    explained = htmllabel.text(htmllabel.parse(graph.get_node(LEGEND_NODE).attr["label"]))
    assert LEGEND_TEXT["uncited"] not in explained
    assert LEGEND_TEXT["shared"] in explained


def test_slides_shorten_texts_to_two_lines_and_keep_the_full_text_in_the_tooltip(topic_dir):
    long_text = " ".join(f"word{i}" for i in range(80))
    files = dict(SMALL)
    files["topic.yaml"] = SMALL["topic.yaml"].replace("A month.", long_text)
    topic, overlap, diagram = build(topic_dir(files), "slides")
    assert_timeline(topic, overlap, diagram)
    graph = graph_of(diagram)  # kept: a node's attributes live in its graph
    node = graph.get_node("evidence__month")
    label = htmllabel.parse(node.attr["label"])
    assert len(label.findall(".//BR")) <= 2
    assert htmllabel.text(label).endswith("…")
    assert long_text in node.attr["tooltip"]
    assert "Texts are shortened to fit" in title(diagram)


def test_bundled_topic_timeline(bundled):
    topic, overlap, diagram = bundled
    assert_timeline(topic, overlap, diagram)
    undated = [e for e in topic.evidence if not e.date]
    assert undated  # the bundled topic exercises leaving items out
    # Since the second historian's review dated the leaders' profiles, one item is left.
    noun = "item" if len(undated) == 1 else "items"
    assert f"{len(undated)} undated {noun} left out." in title(diagram)


# Since the December 2026 rewrite the whole bundled topic (72 evidence items, 12 of them in
# 1924) is too tall for one slide, and the slide is refused with advice (below). Issue 12 is
# to split the timeline by period instead; until then the slide is checked on a real part of
# the bundled topic that fits.
SLIDE_PART = ("structuralist", "socio-cultural", "ideological")


@pytest.mark.parametrize("theme", sorted(THEMES))
def test_bundled_topic_renders_in_every_theme(theme, tmp_path):
    path = bundled_part(tmp_path, SLIDE_PART) if THEMES[theme].slide else BUNDLED.resolve()
    topic, overlap, diagram = build(path, theme)
    if theme != "default":
        assert_timeline(topic, overlap, diagram)
    svg = render(diagram.source, "svg", diagram=diagram.name, **vars(diagram.settings))
    root = ET.fromstring(svg)
    words = " ".join(" ".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert "1924" in words and "Key" in words
    if THEMES[theme].slide:
        assert_slide(svg)


def test_bundled_slide_too_large_is_refused_with_advice():
    """Until issue 12 splits it by period: refused, never drawn with text too small to read."""
    _, _, diagram = build(BUNDLED.resolve(), "slides")
    with pytest.raises(TooLarge, match=r"^timeline: not drawn: too large for a slide .*draw a"):
        render(diagram.source, "svg", diagram=diagram.name, **vars(diagram.settings))
