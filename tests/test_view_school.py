"""The school view: the thesis on top in the largest type, the claims as cards in a grid
(each with its dated evidence in date order, its historians and works, and stubs for the
relations it makes and receives), the criticisms of the school; slides and print pages
split into numbered series."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET

import pygraphviz
import pytest

from argmap import dates, dot, registry
from argmap.analysis import Analysis
from argmap.render import render
from argmap.themes import THEMES
from argmap.views import cards
from argmap.views.common import Canvas, Diagram
from tests.conftest import BUNDLED, SPLIT_TOPIC, Checked, checked, write_files

SVG = "{http://www.w3.org/2000/svg}"

# A school with dated evidence written out of order, a relation note on each side, a
# criticism made by another school's claim, and five claims (a grid, not a column).
SCHOOL = {
    **SPLIT_TOPIC,
    "evidence.yaml": SPLIT_TOPIC["evidence.yaml"]
    + """\
  - {id: late, text: A late event., short: Late, date: "1928-11"}
  - {id: early, text: An early event., short: Early, date: "1917~"}
  - {id: span, text: A span of years., short: Span, date: "1923/1925"}
  - {id: nodate, text: Undated thing., short: Nodate}
""",
    "schools/alpha.yaml": SPLIT_TOPIC["schools/alpha.yaml"]
    + """\
  - id: third
    text: A third claim.
    short: Third
    evidence: [late, nodate, early, span]
    historians: [{id: carr, work: carr-history, page: "7"}, fitz]
    challenges: [{claim: beta.belief, note: It was not belief.}]
  - id: fourth
    text: A fourth claim.
    evidence: [late]
  - id: fifth
    text: A fifth claim.
    evidence: [early]
criticisms:
  - text: Too neat.
    historians: [{id: fitz}]
    claim: beta.belief
""",
}


@pytest.fixture(scope="module")
def school(tmp_path_factory: pytest.TempPathFactory) -> Checked:
    return checked(write_files(tmp_path_factory.mktemp("school") / "t", SCHOOL))


@pytest.fixture(scope="module")
def bundled() -> Checked:
    return checked(BUNDLED)


def draw(analysis: Analysis, school: str, theme: str = "default") -> tuple[Diagram, ...]:
    return registry.view("school").draw(analysis, THEMES[theme], school=school)


def words(graph: pygraphviz.AGraph, node: str) -> str:
    label = graph.get_node(node).attr["label"]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", label)).split())


def test_every_claim_is_a_card_holding_its_evidence_in_date_order(school: Checked) -> None:
    (diagram,) = draw(school, "alpha")
    graph = pygraphviz.AGraph(string=diagram.source)
    topic = school.topic
    claims = topic.school["alpha"].claims
    assert {dot.node_id("claim", c.key) for c in claims} <= set(graph.nodes())
    assert not [n for n in graph.nodes() if n.startswith(("evidence__", "historian__"))]
    third = words(graph, dot.node_id("claim", "alpha.third"))
    order = [third.index(dates.display(dates.parse(d))) for d in ("1917~", "1923/1925", "1928-11")]
    assert order == sorted(order) and third.index("undated") > order[-1]
    assert third.startswith("3 A third claim.")  # the number, then the text (in full)
    assert "E. H. Carr, A History of Soviet Russia (1950), p. 7" in third
    assert "Sheila Fitzpatrick" in third
    # One school: no tag band on the cards (the legend names the school once).
    assert all(not re.search(r"\bAL\b", words(graph, dot.node_id("claim", c.key))) for c in claims)


def test_stubs_name_the_relation_both_ways_with_the_note_on_hover(school: Checked) -> None:
    (diagram,) = draw(school, "alpha")
    graph = pygraphviz.AGraph(string=diagram.source)
    third = graph.get_node(dot.node_id("claim", "alpha.third")).attr["label"]
    assert "challenges" in words(graph, dot.node_id("claim", "alpha.third"))
    assert re.search(r'TOOLTIP="[^"]*It was not belief\.', third)
    outcome = words(graph, dot.node_id("claim", "alpha.outcome"))
    assert "challenged by BE 1 They believed in him." in outcome  # by tag and place
    assert "supports 1" in outcome  # support inside the school, by number
    assert "supported by 2" in words(graph, dot.node_id("claim", "alpha.appoint"))
    # The criticisms: the objection, who makes it, the claim that makes it.
    criticisms = words(graph, dot.node_id("criticisms", "alpha"))
    assert "Too neat." in criticisms and "Sheila Fitzpatrick" in criticisms
    assert "made by BE: They believed in him." in criticisms


def test_the_thesis_is_on_top_in_the_largest_type_and_cards_form_a_grid(
    bundled: Checked,
) -> None:
    s = max(bundled.topic.schools, key=lambda s: len(s.claims))
    diagram = draw(bundled, s.id)[0]  # ten cards: two screen pages (TALL), thesis on each
    svg = render(diagram.source, "svg", diagram=diagram.name)
    root = ET.fromstring(svg)
    where: dict[str, tuple[set[float], set[float], float]] = {}
    for g in root.iter(f"{SVG}g"):
        title = g.find(f"{SVG}title")
        if g.get("class") != "node" or title is None or not title.text:
            continue
        xs = {round(float(t.get("x", 0))) for t in g.iter(f"{SVG}text")}
        ys = {float(t.get("y", 0)) for t in g.iter(f"{SVG}text")}
        size = max(float(t.get("font-size", 0)) for t in g.iter(f"{SVG}text"))
        where[title.text] = (xs, ys, size)
    thesis = where[dot.node_id("thesis", s.id)]
    claims = [where[n] for c in s.claims if (n := dot.node_id("claim", c.key)) in where]
    assert len(claims) >= 5
    assert max(thesis[1]) < min(min(c[1]) for c in claims)  # above every card
    assert thesis[2] > max(c[2] for c in claims)  # in larger type
    lefts = {min(c[0]) for c in claims}
    tops = {round(min(c[1])) for c in claims}
    assert len(lefts) >= 3 and len(tops) >= 2  # columns and rows, not one long column


def test_slides_are_a_numbered_series_that_shows_every_claim_once(bundled: Checked) -> None:
    s = max(bundled.topic.schools, key=lambda s: len(s.claims))
    made = draw(bundled, s.id, "slides")
    assert len(made) > 1
    seen: list[str] = []
    for d in made:
        assert f"({d.page}/{len(made)})" in d.title and d.pages == len(made)
        graph = pygraphviz.AGraph(string=d.source)
        here = [n for n in graph.nodes() if n.startswith("claim__")]
        assert len(here) <= 8 and graph.has_node("legend")
        assert graph.has_node(dot.node_id("thesis", s.id))
        seen += here
    assert sorted(seen) == sorted(dot.node_id("claim", c.key) for c in s.claims)


def test_a_slide_shows_the_two_most_cited_items_and_counts_the_rest(school: Checked) -> None:
    made = draw(school, "alpha", "slides")
    name = dot.node_id("claim", "alpha.third")
    (graph,) = [g for g in map(pygraphviz.AGraph, (d.source for d in made)) if g.has_node(name)]
    third = words(graph, name)
    assert third.startswith("3 Third")  # a slide: the short form
    assert "and 2 more items" in third
    assert "BE 1" in third and "They believed" not in third  # a slide names, by number
    # The criticisms take a slide of their own.
    last = pygraphviz.AGraph(string=made[-1].source)
    assert last.has_node(dot.node_id("criticisms", "alpha"))


def test_the_grid_is_planned_from_counts_not_from_text(school: Checked) -> None:
    """Two cards that hold the same things take the same room in the plan of the grid,
    however long their texts: a user's text can change a box's size, not the structure."""
    drawer = cards.Cards(
        Canvas(school, THEMES["default"], name="x", title="", shows=""),
        cards.fit(THEMES["default"]),
    )
    fourth, fifth = school.topic.claim["alpha.fourth"], school.topic.claim["alpha.fifth"]
    assert drawer.lines(fourth) == drawer.lines(fifth)
    long = type(fourth)(**{**vars(fourth), "text": "word " * 500})
    assert drawer.lines(long) == drawer.lines(fourth)
    assert drawer.height(long) > drawer.height(fourth)


def test_unknown_school_is_a_clear_error(school: Checked) -> None:
    with pytest.raises(ValueError, match=r"no school 'nope' in this topic \(known: alpha, beta\)"):
        draw(school, "nope")
