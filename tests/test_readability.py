"""The readability bars, measured from real SVGs on topics of several shapes.

`READABLE` lists the (view, theme) pairs that meet their bars on every topic here; a view
joins it when it is redesigned, and the list only grows (issues 11 and 12)."""

from __future__ import annotations

from pathlib import Path

import pytest

from argmap import registry
from argmap.render import render
from argmap.themes import THEMES

from .conftest import checked
from .readability import (
    BUNDLED,
    DEFAULT_BARS,
    PRINT_BARS,
    SLIDE_BARS,
    SUMMARY_BARS,
    generated_topic,
    problems,
    read,
    subset_topic,
)

# (view and its flags, theme): each meets its bars on every topic here.
READABLE = [
    (view, theme)
    for view in ("matrix", "overlap", "overlap --detail", "timeline", "historiography")
    + ("school", "compare", "plan")
    for theme in ("default", "print", "slides")
]
BARS = {"default": DEFAULT_BARS, "print": PRINT_BARS, "slides": SLIDE_BARS}
# The overlap summary fits a 1920x1080 screen at 12 px, for up to this many schools.
SUMMARY_SCHOOLS = 8
# Views measured on the 10-school, 200-claim topic too (their pages are planned from
# what cards hold).
PAGED = {"school", "compare", "plan"}


@pytest.fixture(scope="module")
def topics(tmp_path_factory):
    made = tmp_path_factory.mktemp("shapes")
    return {
        "bundled": checked(BUNDLED),
        "two": checked(subset_topic(made / "two", ["power-politics", "structuralist"])),
        "eight": checked(generated_topic(made / "eight", schools=8, claims=48)),
        "ten": checked(generated_topic(made / "ten", schools=10, claims=200)),
    }


def test_the_measure_reads_a_known_svg():
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1600 900">'
        '<g id="graph0" transform="scale(1 1) rotate(0) translate(0 900)">'
        '<polygon fill="white" points="0,0 0,-900 1600,-900 1600,0 0,0"/>'
        '<g id="legend"><title>legend</title><polygon points="100,-100 500,-100 500,-50 100,-50"/>'
        "</g>"
        '<text x="800" y="-450" font-size="20">a long text …</text>'
        '<text x="200" y="-800" font-size="30">b</text></g></svg>'
    )
    r = read(svg)
    assert r.aspect == pytest.approx(16 / 9)
    assert r.px == pytest.approx(20 * 1920 / 1600)
    assert r.pxw == pytest.approx(20 * 1440 / 1600)
    assert r.legend == pytest.approx(400 * 50 / (1600 * 900))
    assert r.cuts == 1
    assert r.margin == pytest.approx(min(100 / 1600, 50 / 900))
    assert problems(r, SLIDE_BARS) == []
    edge = read(svg.replace('x="200" y="-800"', 'x="20" y="-800"'))
    assert problems(edge, SLIDE_BARS) == ["margin 1.2% (at least 4% on every edge)"]
    assert problems(r, DEFAULT_BARS) == []
    assert "smallest text" in problems(r, SLIDE_BARS.__class__(min_px=99))[0]


def test_the_topics_of_other_shapes_check(topics):
    assert len(topics["two"].topic.schools) == 2
    assert len(topics["eight"].topic.schools) == 8
    assert {s.id for s in topics["two"].topic.schools} == {"power-politics", "structuralist"}


@pytest.fixture(scope="module")
def ten(tmp_path_factory):
    return checked(generated_topic(tmp_path_factory.mktemp("ten"), schools=10, claims=200))


@pytest.mark.slow
@pytest.mark.parametrize(("view", "theme"), READABLE)
def test_readable_views_meet_their_bars_on_every_shape(topics, ten, view, theme, tmp_path: Path):
    name, *flags = view.split()
    entry = registry.view(name)
    shapes = {**topics, "ten": ten} if name in PAGED else topics
    for shape, analysis in shapes.items():
        options: dict[str, object] = {f.removeprefix("--"): True for f in flags}
        # The largest schools: a school, or the two of a comparison.
        largest = sorted(analysis.topic.schools, key=lambda s: -len(s.claims))
        for param in entry.params:
            if param.flag is None:  # a school or two to draw
                options[param.name] = largest[0].id if param.name != "b" else largest[1].id
        bars = BARS[theme]
        summary = name == "overlap" and not flags and theme == "default"
        if summary and len(analysis.topic.schools) <= SUMMARY_SCHOOLS:
            bars = SUMMARY_BARS
        for diagram in entry.draw(analysis, THEMES[theme], **options):
            svg = render(diagram.source, "svg", diagram=diagram.name, **vars(diagram.settings))
            missed = problems(read(svg), bars)
            assert not missed, (shape, diagram.name, diagram.page, missed)
