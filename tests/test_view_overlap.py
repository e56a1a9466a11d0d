"""The overlap view. The summary: the schools on a ring, a line for each pair that shares
anything or clashes, weighted by what it shares and labelled with the counts, the factors
(named or lettered) and the relations; every place set by the view. The detail: each
school's claims, numbered, with their relations in words and as lines, and the items that
two or more schools share, most shared first, each naming the claims that cite it; split
into pages and slides that each hold a part, every claim exactly once."""

from __future__ import annotations

import re
from collections.abc import Callable

import pygraphviz
import pytest

from argmap import dot, registry
from argmap.analysis import Analysis
from argmap.render import render
from argmap.themes import THEMES
from argmap.views.common import Diagram
from argmap.views.overlap_detail import claim_numbers, shared_items
from tests import htmllabel
from tests.conftest import BUNDLED, SPLIT_TOPIC, checked
from tests.readability import SLIDE_BARS, SUMMARY_BARS, problems, read

KIND_NODE = {"evidence": "evidence", "historians": "historian", "factors": "factor"}


@pytest.fixture
def small(topic_dir: Callable[..., str]) -> Analysis:
    return checked(topic_dir(SPLIT_TOPIC))


@pytest.fixture(scope="module")
def bundled() -> Analysis:
    return checked(BUNDLED)


def pages(analysis: Analysis, theme: str = "default", **options: object) -> tuple[Diagram, ...]:
    return registry.view("overlap").draw(analysis, THEMES[theme], **options)


def label_text(graph: pygraphviz.AGraph, node: str) -> str:
    return htmllabel.text(htmllabel.parse(graph.get_node(node).attr["label"]))


def ends(edge: pygraphviz.Edge) -> set[str]:
    return {str(edge[0]), str(edge[1])}


# -- the summary ---------------------------------------------------------------------------


def assert_summary(analysis: Analysis, diagram: Diagram) -> None:
    """What the summary promises, checked on its DOT."""
    topic, overlap = analysis.topic, analysis.overlap
    graph = pygraphviz.AGraph(string=diagram.source)
    assert graph.graph_attr["layout"] == "neato"
    nodes = {str(n) for n in graph.nodes()}
    for node in nodes:  # every node where the view put it
        assert graph.get_node(node).attr["pos"].endswith("!"), node
    schools = [dot.node_id("school", s.id) for s in topic.schools]
    assert set(schools) <= nodes
    assert all(diagram.entities[s].kind == "school" for s in schools)
    looks = THEMES["default"].looks(topic)
    weights = {}
    for pair in overlap.pairs:
        node = dot.node_id("pair", f"{pair.a}.{pair.b}")
        shared = len(pair.evidence) + len(pair.historians) + len(pair.factors)
        if not (shared or pair.agreements or pair.conflicts):
            assert node not in nodes
            continue
        words = label_text(graph, node)
        if pair.evidence:
            assert f"{len(pair.evidence)} evidence" in words
        if pair.historians:
            assert f"{len(pair.historians)} historian" in words
        if pair.conflicts:
            assert f"{len(pair.conflicts)} challenge" in words
            by = {x.source.split(".")[0] for x in pair.conflicts}
            if len(by) == 1:
                (source,) = by
                target = pair.b if source == pair.a else pair.a
                assert f"{looks[source].tag} → {looks[target].tag}" in words
            conflict = [
                e for e in graph.edges() if node in ends(e) and e.attr["class"] == "conflict"
            ]
            challenged = {x.target.split(".")[0] for x in pair.conflicts}
            barred = {str(e[1]) for e in conflict if e.attr.get("arrowhead") == "tee"}
            assert barred == {dot.node_id("school", s) for s in challenged}
        lines = [e for e in graph.edges() if node in ends(e) and e.attr["class"] == "shares"]
        if shared or pair.agreements:
            linked = {x for e in lines for x in ends(e)} - {node}
            assert linked == {dot.node_id("school", pair.a), dot.node_id("school", pair.b)}
            weights[shared] = float(lines[0].attr["penwidth"])
        else:
            assert not lines
    # The more a pair shares, the thicker its line.
    assert [weights[k] for k in sorted(weights)] == sorted(weights.values())


def test_summary_of_two_schools_names_what_they_share(small: Analysis) -> None:
    (diagram,) = pages(small)
    assert diagram.name == "overlap"
    assert_summary(small, diagram)
    graph = pygraphviz.AGraph(string=diagram.source)
    words = label_text(graph, "pair__alpha__beta")
    # One pair: the factor is named, not lettered, and there is no key of letters.
    (factor,) = small.overlap.shared("factors")
    assert small.topic.factor[factor].name in words and "factor_key" not in diagram.source
    assert "1 agree" in words and "1 challenge, BE → AL" in words


def test_summary_of_the_bundled_topic_letters_its_factors(bundled: Analysis) -> None:
    (diagram,) = pages(bundled)
    assert_summary(bundled, diagram)
    graph = pygraphviz.AGraph(string=diagram.source)
    key = label_text(graph, "factor_key")
    shared = [f for f in bundled.topic.factors if f.id in bundled.overlap.shared("factors")]
    for letter, factor in zip("ABCDEFGH", shared, strict=False):
        assert f"{letter} {factor.name}"[:20] in key
    pair = next(p for p in bundled.overlap.pairs if len(p.factors) > 1)
    words = label_text(graph, dot.node_id("pair", f"{pair.a}.{pair.b}"))
    assert re.search(r"factors [A-H](, [A-H])+", words), words


def test_summary_legend_explains_the_lines_and_not_the_schools(bundled: Analysis) -> None:
    (diagram,) = pages(bundled)
    graph = pygraphviz.AGraph(string=diagram.source)
    legend = label_text(graph, "legend")
    assert "the thicker the line" in legend and "challenges (conflict)" in legend
    assert "agree with or qualify" in legend
    # Each school is named on its own box, so the legend does not repeat them.
    assert not any(s.name in legend for s in bundled.topic.schools)
    assert "legend" not in {str(n) for n in graph.nodes()} or graph.get_node("legend").attr["pos"]


def test_summary_is_the_same_every_time(bundled: Analysis) -> None:
    assert pages(bundled)[0].source == pages(bundled)[0].source


@pytest.mark.parametrize("theme", ["default", "print"])
def test_summary_of_the_bundled_topic_fits_a_screen(bundled: Analysis, theme: str) -> None:
    """On 1920x1080 its smallest text is 12 px or more (the slow readability test measures
    the other shapes)."""
    (diagram,) = pages(bundled, theme)
    svg = render(diagram.source, "svg", diagram=diagram.name, **vars(diagram.settings))
    assert not problems(
        read(svg), SUMMARY_BARS if theme == "default" else SUMMARY_BARS.__class__(min_px=10)
    )


def test_summary_slide_draws_the_whole_bundled_topic(bundled: Analysis) -> None:
    (diagram,) = pages(bundled, "slides")
    svg = render(diagram.source, "svg", diagram=diagram.name, **vars(diagram.settings))
    assert problems(read(svg), SLIDE_BARS) == []


# -- the detail ----------------------------------------------------------------------------


def assert_detail(analysis: Analysis, series: tuple[Diagram, ...]) -> None:
    """Every claim exactly once over the pages, numbered, with its relations in words;
    each page's shared items in order, tagged and naming their claims; a line for each
    relation between two claims on one page; nothing used by one school alone."""
    topic, overlap = analysis.topic, analysis.overlap
    tags = {s: look.tag for s, look in THEMES["default"].looks(topic).items()}
    number = claim_numbers(topic, tags)
    seen: list[str] = []
    for k, diagram in enumerate(series, start=1):
        assert (diagram.page, diagram.pages) == (k, len(series))
        graph = pygraphviz.AGraph(string=diagram.source)
        nodes = [str(n) for n in graph.nodes()]
        claims = [topic.claim[e.id] for n, e in diagram.entities.items() if e.kind == "claim"]
        seen += [c.key for c in claims]
        for claim in claims:
            words = label_text(graph, dot.node_id("claim", claim.key))
            assert words.startswith(number[claim.key])
            for link in overlap.links:
                if claim.key == link.source and link.kind == "challenges":
                    assert f"challenges {number[link.target]}" in words
                if claim.key == link.target and link.kind == "challenges":
                    assert f"challenged by {number[link.source]}" in words
        on_page = {c.key for c in claims}
        for link in overlap.links:
            pair = {dot.node_id("claim", link.source), dot.node_id("claim", link.target)}
            drawn = [e for e in graph.edges() if ends(e) == pair and "class" in e.attr]
            assert bool(drawn) == ({link.source, link.target} <= on_page), link
            if drawn:
                kind = "conflict" if link.kind == "challenges" else "agreement"
                assert drawn[0].attr["class"] == kind
        expected = shared_items(topic, overlap, claims)
        items = [n for n in nodes if n.split("__")[0] in ("evidence", "historian", "factor")]
        assert items == [dot.node_id(KIND_NODE[kind], item) for kind, item, _ in expected]
        counts = [len(users) for _, _, users in expected]
        assert counts == sorted(counts, reverse=True)
        for kind, item, users in expected:
            assert len(users) > 1
            label = htmllabel.parse(
                graph.get_node(dot.node_id(KIND_NODE[kind], item)).attr["label"]
            )
            assert htmllabel.tag_cells(label) == [tags[s] for s in users]
            if kind == "evidence":
                citing = [c.key for c in topic.claims if any(e.id == item for e in c.evidence)]
                assert "cited by " + ", ".join(number[c] for c in citing) in htmllabel.text(label)
        for item, users in overlap.evidence_users.items():
            if len(users) == 1:
                assert dot.node_id("evidence", item) not in nodes
    assert sorted(seen) == sorted(c.key for c in topic.claims)  # each claim once


def test_detail_of_a_small_topic(small: Analysis) -> None:
    series = pages(small, detail=True)
    assert len(series) == 1 and series[0].name == "overlap-detail"
    assert_detail(small, series)
    graph = pygraphviz.AGraph(string=series[0].source)
    assert "historian__fitz" not in series[0].source  # one school names her
    carr = label_text(graph, "historian__carr")
    assert "named by AL 1, BE" in carr  # by a claim of alpha, and by beta as a whole


def test_detail_of_the_bundled_topic_is_one_page(bundled: Analysis) -> None:
    series = pages(bundled, detail=True)
    assert len(series) == 1
    assert_detail(bundled, series)


@pytest.mark.parametrize("theme", ["print", "slides"])
def test_detail_pages_and_slides_split_the_bundled_topic(bundled: Analysis, theme: str) -> None:
    series = pages(bundled, theme, detail=True)
    assert len(series) > 1
    assert_detail(bundled, series)
    for diagram in series:  # each page says which it is
        graph = pygraphviz.AGraph(string=diagram.source)  # alive while its label is read
        label = graph.graph_attr["label"]
        words = htmllabel.text(htmllabel.fragment(label))
        assert "Overlap in detail: " in words and f" ({diagram.page}/{diagram.pages})" in words


def test_a_slide_holds_one_school(bundled: Analysis) -> None:
    for diagram in pages(bundled, "slides", detail=True):
        schools = {e.id for e in diagram.entities.values() if e.kind == "school"}
        assert len(schools) == 1


@pytest.mark.slow
def test_the_cli_writes_a_series_and_says_so(tmp_path) -> None:
    from click.testing import CliRunner

    from argmap.cli import cli

    out = tmp_path / "d.svg"
    done = CliRunner().invoke(
        cli, ["overlap", str(BUNDLED), "--detail", "--theme", "slides", "-o", str(out)]
    )
    assert done.exit_code == 0, done.output
    count = len(pages(checked(BUNDLED), "slides", detail=True))
    expected = {"d.svg", *(f"d-{k}.svg" for k in range(2, count + 1))}
    assert {p.name for p in tmp_path.iterdir()} == expected
    assert f"d-{count}.svg" in done.output + done.stderr
