"""The matrix view: one table node; above the diagonal each pair's counts (agreements and
qualifications apart, challenges marked), below it what the pair shares most by name, both
halves shaded alike by how much the pair shares; each school's size on the diagonal;
headings that never break a word; a series of blocks when the table is too large."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pygraphviz
import pytest

from argmap import registry
from argmap.analysis import Analysis
from argmap.render import render
from argmap.themes import THEMES
from argmap.views.common import Diagram
from argmap.views.matrix import CONFLICT_MARK, SHADES, blocks, cell_id, shared
from tests import htmllabel
from tests.conftest import BUNDLED, checked
from tests.readability import generated_topic

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
          - {id: gensec, text: He becomes General Secretary., date: 1922-04, short: Gensec}
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
        name: Beta Extraordinarilylongschoolname
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


def draw(analysis: Analysis, theme: str = "default") -> tuple[Diagram, ...]:
    return registry.view("matrix").draw(analysis, THEMES[theme])


@pytest.fixture
def small(topic_dir) -> Analysis:
    return checked(topic_dir(SMALL))


def table(diagram: Diagram) -> ET.Element:
    graph = pygraphviz.AGraph(string=diagram.source)
    return htmllabel.parse(graph.get_node("matrix").attr["label"])


def cells(grid: ET.Element) -> dict[str, ET.Element]:
    return {td.get("ID"): td for td in grid.iter("TD") if (td.get("ID") or "").startswith("cell")}


def test_the_upper_half_counts_and_the_lower_half_names(small: Analysis) -> None:
    (diagram,) = draw(small)
    grid = cells(table(diagram))
    upper = htmllabel.text(grid[cell_id("alpha", "beta")])
    assert (
        upper == f"2 evidence 1 historian 1 factor 1 agree 1 qualifies {CONFLICT_MARK} 2 challenges"
    )
    # Below: the evidence with a short form by name, the other counted; then the historian.
    lower = htmllabel.text(grid[cell_id("beta", "alpha")])
    assert lower == "• Gensec • E. H. Carr • The apparatus and 1 more"  # a bullet each
    assert htmllabel.text(grid[cell_id("alpha", "gamma")]) == "nothing shared"
    assert (
        htmllabel.text(grid[cell_id("gamma", "beta")]) == "• Sheila Fitzpatrick • Ideas and 1 more"
    )
    assert htmllabel.text(grid[cell_id("beta", "gamma")]) == "1 evidence 1 historian 1 factor"
    assert htmllabel.text(grid[cell_id("gamma", "gamma")]) == "1 claim"


def test_every_count_matches_the_overlap_analysis(small: Analysis) -> None:
    (diagram,) = draw(small)
    grid = cells(table(diagram))
    ids = [s.id for s in small.topic.schools]
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            pair = small.overlap.pair(a, b)
            words = htmllabel.text(grid[cell_id(a, b)])
            for items, word in ((pair.evidence, "evidence"), (pair.factors, "factor")):
                assert (f"{len(items)} {word}" in words) == bool(items)
            assert (CONFLICT_MARK in words) == bool(pair.conflicts)


def test_both_halves_of_a_pair_are_shaded_alike_the_darker_the_more_shared(small: Analysis):
    (diagram,) = draw(small)
    grid = cells(table(diagram))
    ids = [s.id for s in small.topic.schools]
    order = ("#FFFFFF", *SHADES)
    seen = []
    for a in ids:
        for b in ids:
            if a != b:
                shade = grid[cell_id(a, b)].get("BGCOLOR")
                assert shade == grid[cell_id(b, a)].get("BGCOLOR")
                seen.append((shared(small.overlap.pair(a, b)), order.index(shade)))
    assert [s for _, s in sorted(seen)] == sorted(s for _, s in seen)
    assert grid[cell_id("alpha", "gamma")].get("BGCOLOR") == "#FFFFFF"


def test_a_clash_is_marked_in_both_halves_in_colour_and_by_border(small: Analysis) -> None:
    for theme in ("default", "print"):
        (diagram,) = draw(small, theme)
        grid = cells(table(diagram))
        for cell in (grid[cell_id("alpha", "beta")], grid[cell_id("beta", "alpha")]):
            assert cell.get("COLOR") == THEMES[theme].conflict
            assert int(cell.get("BORDER", "1")) >= 3
        assert grid[cell_id("beta", "gamma")].get("COLOR") is None


def test_print_is_greyscale(small: Analysis) -> None:
    (diagram,) = draw(small, "print")
    colours = set(re.findall(r'(?:BG)?COLOR="(#[0-9A-Fa-f]{6})"', diagram.source))
    assert colours and all(c[1:3] == c[3:5] == c[5:7] for c in (c.upper() for c in colours))


@pytest.mark.parametrize("theme", sorted(THEMES))
def test_headings_never_break_a_word(small: Analysis, theme: str) -> None:
    (diagram,) = draw(small, theme)
    graph = pygraphviz.AGraph(string=diagram.source)
    label = graph.get_node("matrix").attr["label"]
    lines = [
        html.unescape(re.sub(r"<[^>]+>", "", line)).split()
        for line in re.split(r"<BR[^>]*/>", label)
    ]
    for school in small.topic.schools:
        for word in school.name.split():
            assert any(word in line for line in lines), (theme, word)
    # The markup in a school's name is text, not markup.
    assert "Alpha <b>&amp;</b>" in htmllabel.text(table(diagram)) and "<b>" not in diagram.source


def test_the_legend_explains_shading_halves_clashes_and_the_diagonal(small: Analysis) -> None:
    (diagram,) = draw(small)
    graph = pygraphviz.AGraph(string=diagram.source)
    key = htmllabel.text(htmllabel.parse(graph.get_node("legend").attr["label"]))
    for words in ("the darker", "above the diagonal", "below it", "agree", "challenge", "diagonal"):
        assert words in key
    assert CONFLICT_MARK in key


def test_a_topic_without_schools_still_draws(topic_dir) -> None:
    empty = checked(topic_dir({"topic.yaml": "format: 1\nid: empty\nquestion: Why?\n"}, name="e"))
    (diagram,) = draw(empty)
    assert render(diagram.source, "svg").startswith(b"<?xml")


def test_blocks_hold_every_cell_once() -> None:
    for n, size in ((10, 8), (7, 5), (5, 5), (1, 4)):
        parts = blocks(n, size)
        cells_seen = [(r, c) for rows, cols in parts for r in rows for c in cols]
        assert sorted(cells_seen) == [(r, c) for r in range(n) for c in range(n)]
        assert all(len(rows) <= size for rows, _ in parts)


@pytest.mark.slow
def test_ten_schools_are_drawn_as_a_numbered_series_of_blocks(tmp_path: Path) -> None:
    analysis = checked(generated_topic(tmp_path / "ten", schools=10, claims=60))
    ids = [s.id for s in analysis.topic.schools]
    for theme in ("default", "slides"):
        series = draw(analysis, theme)
        assert len(series) > 1
        found = []
        for k, diagram in enumerate(series, start=1):
            assert (diagram.page, diagram.pages) == (k, len(series))
            assert ": rows " in diagram.source and f" ({k}/{len(series)})" in diagram.source
            found += list(cells(table(diagram)))
        assert sorted(found) == sorted(cell_id(a, b) for a in ids for b in ids)


def test_the_bundled_topic_is_one_table_in_every_theme() -> None:
    analysis = checked(BUNDLED)
    for theme in THEMES:
        (diagram,) = draw(analysis, theme)
        grid = cells(table(diagram))
        assert len(grid) == len(analysis.topic.schools) ** 2
