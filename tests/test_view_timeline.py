"""The timeline view: each dated item once, under its year, in date order; years spaced by
their distance, a long gap cut short with a visible break; the question's period shaded;
dates as a reader writes them and the kind apart; the tags of the schools that cite each
item; a numbered series of runs of years when it is too tall; undated items left out and
counted."""

from __future__ import annotations

import re

import pygraphviz
import pytest

from argmap import dates, dot, registry
from argmap.analysis import Analysis
from argmap.render import render
from argmap.themes import THEMES
from argmap.views.common import Diagram
from argmap.views.timeline import BREAK_YEARS, dated, year_id
from tests import htmllabel
from tests.conftest import BUNDLED, checked

# Evidence written out of date order. In 1922 a bare year sorts before its months, and a
# month before its days. "shared" is cited by alpha and beta, "undated" has no date and
# "lonely" is dated but cited by nobody. 1900 is far before the rest (a break); 1923 has
# no evidence (a step).
SMALL = {
    "topic.yaml": """\
        format: 1
        id: small
        question: Why did it happen?
        period: [1922, 1924]
        evidence:
          - {id: shared, text: "A congress <b>&</b> a vote.", date: 1924-05}
          - {id: day, text: A day in April., date: "1922-04-03"}
          - {id: undated, text: Something undated.}
          - {id: month, text: A month., date: 1922-04, short: The month}
          - {id: year-only, text: Some time that year., date: "1922"}
          - {id: lonely, text: Nobody cites this., date: "1930", kind: statistic}
          - {id: early, text: Long before., date: "1900~"}
          - {id: span, text: Several years., date: "1924/1926", kind: document}
          - {id: unsure, text: Perhaps then., date: "1925?"}
        """,
    "schools/alpha.yaml": """\
        id: alpha
        name: Alpha
        thesis: It was the apparatus.
        claims:
          - id: appoint
            text: He appointed his people.
            evidence: [shared, year-only, undated, early, span, unsure]
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


def draw(analysis: Analysis, theme: str = "default") -> tuple[Diagram, ...]:
    return registry.view("timeline").draw(analysis, THEMES[theme])


@pytest.fixture
def small(topic_dir) -> Analysis:
    return checked(topic_dir(SMALL))


def positions(diagram: Diagram) -> tuple[pygraphviz.AGraph, dict[str, tuple[float, float]]]:
    graph = pygraphviz.AGraph(string=diagram.source)
    out = {}
    for node in graph.nodes():
        pos = node.attr.get("pos")
        assert pos and pos.endswith("!"), node  # every place set by the view
        x, y = pos.rstrip("!").split(",")
        out[str(node)] = (float(x), float(y))
    return graph, out


def title(graph: pygraphviz.AGraph) -> str:
    return htmllabel.text(htmllabel.fragment(graph.graph_attr["label"]))


def assert_timeline(analysis: Analysis, series: tuple[Diagram, ...]) -> None:
    """Each dated item once over the pages, in date order (down the pages, then down each
    page and left to right), under its year's tick; the tags of its schools; its date as
    dates.display writes it and its kind apart."""
    topic, overlap = analysis.topic, analysis.overlap
    looks = THEMES["default"].looks(topic)
    order: list[str] = []
    for diagram in series:
        graph, pos = positions(diagram)
        assert graph.graph_attr["layout"] == "neato"
        items = [n for n in pos if n.startswith("evidence__")]
        # Reading order: by row (y down), then left to right.
        items.sort(key=lambda n: (-round(pos[n][1]), pos[n][0]))
        rows: dict[int, list[str]] = {}
        for n in items:
            rows.setdefault(round(pos[n][1]), []).append(n)
        order += items
        for name in items:
            item = topic.evidence_item[name.split("__", 1)[1]]
            assert item.year is not None and item.when is not None
            # Below its year's tick, above the next year's.
            tick = pos[dot.node_id("tick", str(item.year))][1]
            assert pos[name][1] < tick
            later = [y for n, (_, y) in pos.items() if n.startswith("tick__") and y < tick]
            if later:
                assert pos[name][1] > max(later)
            label = htmllabel.parse(graph.get_node(name).attr["label"])
            cells = [htmllabel.text(td) for td in label.iter("TD")]
            assert dates.display(item.when) in cells
            if item.kind != "event":
                assert item.kind in cells  # in a cell of its own, not with the date
            users = overlap.evidence_users.get(item.id, ())
            assert htmllabel.tag_cells(label) == [looks[s].tag for s in users]
    expected = [dot.node_id("evidence", e.id) for e in dated(topic)]
    assert order == expected


def test_a_small_topic(small: Analysis) -> None:
    series = draw(small)
    assert len(series) == 1
    assert_timeline(small, series)
    graph, pos = positions(series[0])
    words = title(graph)
    assert "1 undated item left out." in words
    assert "evidence__undated" not in series[0].source
    # A short form where there is one; user text stays text.
    assert "The month" in htmllabel.text(
        htmllabel.parse(graph.get_node("evidence__month").attr["label"])
    )
    shared = htmllabel.parse(graph.get_node("evidence__shared").attr["label"])
    assert "A congress <b>&</b> a vote." in htmllabel.text(shared)
    # As a reader writes dates: approximate, uncertain, an interval.
    assert "c. 1900" in series[0].source and "1925?" in series[0].source
    assert "1924–1926" in series[0].source


def test_years_are_spaced_by_their_distance_and_long_gaps_cut_short(small: Analysis) -> None:
    (diagram,) = draw(small)
    graph, pos = positions(diagram)
    # 1901-1921 (21 empty years) is one break, saying how long; 1923 (one empty year) a step.
    breaks = [n for n in pos if n.startswith("gap__")]
    assert breaks == ["gap__1901"]
    assert "⋮ 21 years ⋮" in htmllabel.text(
        htmllabel.fragment(graph.get_node("gap__1901").attr["label"])
    )
    assert BREAK_YEARS <= 21
    assert year_id(1923) in pos and dot.node_id("tick", "1923") in pos
    assert not any(year_id(y) in pos for y in range(1901, 1922))
    ticks = {int(n.split("__")[1]): y for n, (_, y) in pos.items() if re.match(r"tick__\d+$", n)}
    assert sorted(ticks, key=lambda y: -ticks[y]) == sorted(ticks)  # down the page
    # The axis is a chain of lines down the ticks, dashed across the break.
    dashed = [e for e in graph.edges() if e.attr.get("style") == "dashed"]
    assert {str(x) for e in dashed for x in e} >= {"gap__1901"}


def test_the_period_is_shaded(small: Analysis) -> None:
    (diagram,) = draw(small)
    graph, pos = positions(diagram)
    shade = graph.get_node("period")
    assert shade.attr["style"] == "filled"
    top = pos["period"][1] + float(shade.attr["height"]) * 72 / 2
    bottom = pos["period"][1] - float(shade.attr["height"]) * 72 / 2
    assert top == pytest.approx(pos["tick__1922"][1], abs=1)
    assert bottom < pos["evidence__shared"][1]  # 1924 is inside
    assert bottom > pos["tick__1925"][1] - 1  # 1925 is not
    # Declared first: drawn under everything.
    first = re.search(r"^\s*(\w+) \[", diagram.source.split("{", 1)[1], re.MULTILINE)
    assert first is not None and first.group(1) in ("graph", "node", "edge", "period")


def test_a_topic_without_a_period_has_no_shade(topic_dir) -> None:
    files = dict(SMALL)
    files["topic.yaml"] = SMALL["topic.yaml"].replace("        period: [1922, 1924]\n", "")
    (diagram,) = draw(checked(topic_dir(files)))
    graph = pygraphviz.AGraph(string=diagram.source)
    assert graph.get_node("period").attr["style"] == "invis"


def test_slides_split_the_bundled_topic_by_runs_of_years() -> None:
    analysis = checked(BUNDLED)
    series = draw(analysis, "slides")
    assert len(series) > 1
    assert_timeline(analysis, series)
    spans = []
    for k, diagram in enumerate(series, start=1):
        graph = pygraphviz.AGraph(string=diagram.source)
        match = re.search(rf": (\d+)(?:–(\d+))? \({k}/{len(series)}\)", title(graph))
        assert match, title(graph)
        spans.append((int(match.group(1)), int(match.group(2) or match.group(1))))
    assert all(a[1] < b[0] for a, b in zip(spans, spans[1:], strict=False))


def test_slides_cut_no_text(topic_dir) -> None:
    long_text = " ".join(f"word{i}" for i in range(40))  # 10 lines: shown whole
    files = dict(SMALL)
    files["topic.yaml"] = SMALL["topic.yaml"].replace("Some time that year.", long_text)
    analysis = checked(topic_dir(files))
    series = draw(analysis, "slides")
    assert_timeline(analysis, series)
    words = []
    for diagram in series:
        graph = pygraphviz.AGraph(string=diagram.source)  # alive while its labels are read
        if graph.has_node("evidence__year-only"):
            words.append(
                htmllabel.text(htmllabel.parse(graph.get_node("evidence__year-only").attr["label"]))
            )
    assert any(long_text in w for w in words)
    assert "…" not in "".join(d.source for d in series).replace("⋮", "")


@pytest.mark.parametrize("theme", sorted(THEMES))
def test_the_bundled_topic_draws_in_every_theme(theme: str) -> None:
    analysis = checked(BUNDLED)
    series = draw(analysis, theme)
    assert_timeline(analysis, series)
    first = series[0]
    svg = render(first.source, "svg", diagram=first.name, **vars(first.settings))
    assert b"<svg" in svg
