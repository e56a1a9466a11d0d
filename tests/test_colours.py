"""Colours that survive colour blindness, and relations that never read as a school.

Each school fill is simulated as readers with protanopia and deuteranopia see it
(Machado, Oliveira and Fernandes 2009, severity 1.0, applied in linear RGB) and compared
in CIELAB (CIE76 distance, D65): every pair of the first schools must stay apart, and the
relation colours must stay far from every school fill.
"""

from __future__ import annotations

import itertools
import math
import re

import pytest

from argmap import colors
from argmap.themes import SCHOOL_FILLS, THEMES

MACHADO = {
    "normal": ((1, 0, 0), (0, 1, 0), (0, 0, 1)),
    "protanopia": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    "deuteranopia": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
}
# Distances in CIELAB: about 2 is just noticeable side by side; fills must stay well apart.
MIN_BETWEEN_FILLS = 10.0
MIN_RELATION_TO_FILL = 20.0


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def lab(color: str, vision: str = "normal") -> tuple[float, float, float]:
    rgb = [_linear(c) for c in colors.rgb(color)]
    m = MACHADO[vision]
    r, g, b = (max(0.0, min(1.0, sum(m[i][j] * rgb[j] for j in range(3)))) for i in range(3))
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return (116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z)))


def distance(a: str, b: str, vision: str) -> float:
    return math.dist(lab(a, vision), lab(b, vision))


def test_the_simulation_is_not_vacuous():
    """Red and green, far apart to most readers, collapse under deuteranopia."""
    assert distance("#CC3333", "#339933", "normal") > 50
    assert distance("#CC3333", "#339933", "deuteranopia") < 25
    # The palette argmap had before: its tints collapsed (two schools about 2.6 apart).
    old = ["#CCE3F0", "#FAECCC", "#CCECE3", "#F5E4ED", "#F7DFCC", "#DDF0FB", "#FCFAD9"]
    worst = min(distance(a, b, "deuteranopia") for a, b in itertools.combinations(old, 2))
    assert worst < MIN_BETWEEN_FILLS


@pytest.mark.parametrize("vision", list(MACHADO))
@pytest.mark.parametrize("schools", [2, 5, 8])
def test_school_fills_stay_apart(vision, schools):
    fills = SCHOOL_FILLS[:schools]
    for a, b in itertools.combinations(fills, 2):
        assert distance(a, b, vision) >= MIN_BETWEEN_FILLS, (a, b, vision)


@pytest.mark.parametrize("vision", list(MACHADO))
def test_relation_colours_are_outside_the_school_palette(vision):
    theme = THEMES["default"]
    for relation in (theme.conflict, theme.agreement):
        for fill in SCHOOL_FILLS:
            assert distance(relation, fill, vision) >= MIN_RELATION_TO_FILL, (relation, fill)
    assert distance(theme.conflict, theme.agreement, vision) >= MIN_RELATION_TO_FILL


def test_black_text_reads_on_every_fill():
    """WCAG contrast of #222222 text on each fill: at least 4.5 (AA for body text)."""

    def luminance(color: str) -> float:
        r, g, b = (_linear(c) for c in colors.rgb(color))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    ink = luminance(THEMES["default"].ink)
    for fill in SCHOOL_FILLS:
        assert (luminance(fill) + 0.05) / (ink + 0.05) >= 4.5, fill


def test_print_uses_no_colour(bundled_print_sources):
    """Every colour in every print diagram is a grey: schools differ by border and grey."""
    for source in bundled_print_sources:
        for value in re.findall(r"#[0-9A-Fa-f]{6}\b", source):
            r, g, b = colors.rgb(value)
            assert r == g == b, value


@pytest.fixture(scope="module")
def bundled_print_sources():
    from argmap import registry

    from .conftest import BUNDLED, checked

    analysis = checked(BUNDLED)
    theme = THEMES["print"]
    out = []
    for name, entry in registry.VIEWS.items():
        options = {p.name: p.default for p in entry.params if p.flag is not None}
        for param in entry.params:
            if param.flag is None:
                options[param.name] = analysis.topic.schools[0].id
        if name == "compare":
            options["b"] = analysis.topic.schools[1].id
        out += [d.source for d in entry.draw(analysis, theme, **options)]
    return out
