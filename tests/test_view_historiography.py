"""The historiography view: each dated work of a historian a school names, at its year of
first publication, in the lane of every school that names its author (lanes in the topic's
order); the copies of a work in several lanes joined; a numbered series when crowded."""

from __future__ import annotations

import re

import pygraphviz
import pytest

from argmap import registry
from argmap.analysis import Analysis
from argmap.render import render
from argmap.themes import THEMES
from argmap.views.common import Diagram
from argmap.views.historiography import entries
from tests import htmllabel
from tests.conftest import BUNDLED, checked
from tests.readability import SLIDE_BARS, problems, read

# beta is listed before alpha (school_order). carr is named by both schools (at school level
# by alpha, on a claim by beta): his works stand in both lanes. fitz wrote a work first
# published in 1982 and reissued in 1994 (placed at 1982), and one with no year (left out).
# nobody is named by no school: his work is not drawn.
SMALL = {
    "topic.yaml": """\
        format: 1
        id: small
        question: Why did it happen?
        school_order: [beta, alpha]
        historians:
          - id: carr
            name: E. H. Carr
            works:
              - {id: carr-a, title: "The <b>Interregnum</b>", year: 1954}
              - {id: carr-b, title: Socialism in One Country, year: 1958}
          - id: fitz
            name: Sheila Fitzpatrick
            works:
              - {id: fitz-a, title: The Russian Revolution, year: 1994, original_year: 1982}
              - {id: fitz-b, title: Undated notes}
          - id: nobody
            name: No One
            works:
              - {id: none-a, title: Unread, year: 2000}
        evidence:
          - {id: e1, text: Something., date: 1922}
        """,
    "schools/alpha.yaml": """\
        id: alpha
        name: Alpha
        thesis: It was the apparatus.
        historians: [carr]
        claims:
          - {id: a1, text: He appointed his people., evidence: [e1]}
        """,
    "schools/beta.yaml": """\
        id: beta
        name: Beta
        thesis: It was ideas.
        historians: [fitz]
        claims:
          - {id: b1, text: They believed., evidence: [e1], historians: [{id: carr, work: carr-b}]}
        """,
}


def draw(analysis: Analysis, theme: str = "default") -> tuple[Diagram, ...]:
    return registry.view("historiography").draw(analysis, THEMES[theme])


@pytest.fixture
def small(topic_dir) -> Analysis:
    return checked(topic_dir(SMALL))


def positions(diagram: Diagram) -> tuple[pygraphviz.AGraph, dict[str, tuple[float, float]]]:
    graph = pygraphviz.AGraph(string=diagram.source)
    out = {}
    for node in graph.nodes():
        pos = node.attr["pos"]
        assert pos.endswith("!"), node
        x, y = pos.rstrip("!").split(",")
        out[str(node)] = (float(x), float(y))
    return graph, out


def test_the_works_of_named_historians_by_year(small: Analysis) -> None:
    works, undated = entries(small.topic)
    assert [(e.year, e.work.id) for e in works] == [
        (1954, "carr-a"),
        (1958, "carr-b"),
        (1982, "fitz-a"),  # its first publication, not the edition
    ]
    assert undated == 1
    assert works[0].schools == ("beta", "alpha")  # named by both; in the topic's order


def test_a_lane_per_school_each_work_in_its_schools_lanes(small: Analysis) -> None:
    (diagram,) = draw(small)
    graph, pos = positions(diagram)
    # Lanes in the topic's order, top down.
    assert pos["lane__beta"][1] > pos["lane__alpha"][1]
    for entry in entries(small.topic)[0]:
        for school in ("alpha", "beta"):
            node = f"work__{school}__{entry.key.replace('.', '__')}"
            assert (node in pos) == (school in entry.schools), node
            if node not in pos:
                continue
            lane = graph.get_node(f"lane__{school}")
            half = float(lane.attr["height"]) * 72 / 2
            assert (
                pos[f"lane__{school}"][1] - half < pos[node][1] < pos[f"lane__{school}"][1] + half
            )
    # Later works stand further right.
    xs = [pos[f"work__alpha__carr__{w}"][0] for w in ("carr-a", "carr-b")]
    assert xs == sorted(xs)
    assert pos["work__beta__fitz__fitz-a"][0] > xs[-1]
    assert "nobody" not in diagram.source and "Undated notes" not in diagram.source
    assert "1 undated work left out." in diagram.source


def test_a_work_in_several_lanes_is_marked_and_joined(small: Analysis) -> None:
    (diagram,) = draw(small)
    graph, pos = positions(diagram)
    joined = [e for e in graph.edges() if e.attr.get("class") == "same-work"]
    ends = {frozenset((str(e[0]), str(e[1]))) for e in joined}
    assert ends == {
        frozenset(("work__beta__carr__carr-a", "work__alpha__carr__carr-a")),
        frozenset(("work__beta__carr__carr-b", "work__alpha__carr__carr-b")),
    }
    label = htmllabel.parse(graph.get_node("work__alpha__carr__carr-a").attr["label"])
    assert htmllabel.tag_cells(label) == ["BE", "AL"]
    assert "The <b>Interregnum</b>" in htmllabel.text(label)  # user text stays text
    fitz = htmllabel.parse(graph.get_node("work__beta__fitz__fitz-a").attr["label"])
    assert htmllabel.tag_cells(fitz) == []
    assert "1982 (ed. 1994) Fitzpatrick" in htmllabel.text(fitz)


def test_decades_are_marked(small: Analysis) -> None:
    (diagram,) = draw(small)
    _, pos = positions(diagram)
    marks = sorted(int(m) for m in re.findall(r"decade__(\d+)\b(?!-)", diagram.source))
    assert marks and all(1954 <= m <= 1982 for m in marks)


def test_the_bundled_topic_draws_in_every_theme() -> None:
    analysis = checked(BUNDLED)
    works, _ = entries(analysis.topic)
    assert len(works) > 20
    for theme in THEMES:
        series = draw(analysis, theme)
        drawn = {e.id for d in series for e in d.entities.values() if e.kind == "historian"}
        assert drawn == {e.person.id for e in works}
        for k, diagram in enumerate(series, start=1):
            assert (diagram.page, diagram.pages) == (k, len(series))


def test_a_slide_of_the_bundled_topic_reads_at_1920() -> None:
    series = draw(checked(BUNDLED), "slides")
    first = series[0]
    svg = render(first.source, "svg", diagram=first.name, **vars(first.settings))
    assert problems(read(svg), SLIDE_BARS) == []
