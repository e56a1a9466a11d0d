"""Themes: how a view looks on a screen, on a projected slide, and on a greyscale page.

A theme gives each school a *look* (a fill, a colour, a border style, a short tag) and
sizes for type and lines.

Screen and slides: schools are filled with Paul Tol's "light" scheme, made for black text
and for readers with colour blindness, in the order that keeps the first schools furthest
apart under deuteranopia and protanopia (Machado et al. 2009; tests/test_colours.py
measures it). The colours of relations (challenges, agreements) lie outside the school
palette, so a line never reads as a school. Print: schools are told apart by border style
(solid, dashed, dotted, bold) and grey level, never by colour alone, and every school
carries its tag.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from argmap import colors

if TYPE_CHECKING:  # the model is only a type here: importing themes stays cheap
    from argmap.model import Topic

# Paul Tol, "Colour schemes" (SRON/EPS/TN/09-002, 2021), the light scheme without its grey,
# ordered so that any first k schools stay furthest apart under colour blindness.
SCHOOL_FILLS = (
    "#77AADD",  # light blue
    "#BBCC33",  # pear
    "#44BB99",  # mint
    "#EEDD88",  # light yellow
    "#99DDFF",  # light cyan
    "#EE8866",  # orange
    "#FFAABB",  # pink
    "#AAAA00",  # olive
)
BORDERS = ("solid", "dashed", "dotted", "bold")
# An A-series page, width/height (landscape); A3 is 1191 x 842 points.
PAGE_ASPECT = 2**0.5
A3 = (1191.0, 842.0)
# The largest drawing (points, before it is scaled to A3, margins included) whose 9-point
# text still prints at 8 points or more: (landscape width, height).
PAGE_POINTS = (A3[0] * 9 / 8, A3[1] * 9 / 8)
# Print: a grey level and a border style for each school (the first four differ in both).
PRINT_LOOKS = (
    ("#FFFFFF", "solid"),
    ("#D9D9D9", "dashed"),
    ("#FFFFFF", "dotted"),
    ("#BDBDBD", "bold"),
    ("#D9D9D9", "solid"),
    ("#FFFFFF", "dashed"),
    ("#BDBDBD", "dotted"),
    ("#D9D9D9", "bold"),
)
GREY_WORDS = {"#FFFFFF": "white", "#D9D9D9": "light grey", "#BDBDBD": "mid grey"}


@dataclass(frozen=True)
class RenderSettings:
    """How a diagram is rendered, beside its DOT (never inside it): ``aspect`` pads the
    drawing after layout to that width/height (16:9 for a slide), ``max_width`` (points)
    refuses a drawing too wide for its smallest text to stay readable."""

    aspect: float | None = None
    max_width: float | None = None


@dataclass(frozen=True)
class SchoolLook:
    fill: str  # a light fill that black text reads on
    color: str  # the school's colour for cluster borders and swatches (its fill; ink in print)
    border: str  # how its boxes are outlined: solid, dashed, dotted or bold
    tag: str  # a short name, shown where space is tight and for readers without colour
    pattern: str = ""  # words for the legend in print: "dashed border, light grey"

    @property
    def box_style(self) -> str:
        """The node style of a box in this look."""
        return f"filled,rounded,{self.border}"

    @property
    def style(self) -> str:
        return f"filled,{self.border}"


@dataclass(frozen=True)
class Theme:
    name: str
    font: str = "DejaVu Sans"
    size: float = 11  # body text, points
    small: float = 9  # dates, works, tags
    title: float = 18
    penwidth: float = 1.2
    wrap: int = 34  # characters per line of a claim or evidence label
    greyscale: bool = False
    slide: bool = False  # a 16:9 canvas meant to be projected at 1920x1080
    ink: str = "#222222"
    muted: str = "#666666"
    line: str = "#555555"  # the outline of every box (schools differ by fill, not outline)
    shared_fill: str = "#FFFFFF"
    # Outside the school palette (tests/test_colours.py): a dark red and a dark blue.
    conflict: str = "#B2182B"
    agreement: str = "#004488"
    legend: bool = True  # False: --no-legend
    paper: bool = False  # drawn for A4 or A3 pages (see page_settings)
    graph_attrs: dict[str, str] = field(default_factory=dict)

    def without_legend(self) -> Theme:
        return replace(self, legend=False)

    @property
    def aspect(self) -> float | None:
        """Width/height of the canvas: 16:9 for a slide, else whatever the layout gives."""
        return 16 / 9 if self.slide else None

    @property
    def max_width(self) -> float | None:
        """For a slide: the widest drawing (points) whose smallest text is still 14 px when
        the slide is shown 1920 px wide. None: any width."""
        return self.small * 1920 / 14 if self.slide else None

    @property
    def render_settings(self) -> RenderSettings:
        return RenderSettings(self.aspect, self.max_width)

    @property
    def page_settings(self) -> RenderSettings:
        """For paper: an A-series page (PAGE_ASPECT: landscape, or portrait for a drawing
        taller than wide) no larger than A3 (render.py); every view is drawn so (Canvas),
        and keeps its text at 8 points on that page by splitting over pages (PAGE_POINTS)."""
        return RenderSettings(PAGE_ASPECT) if self.paper else self.render_settings

    def looks(self, topic: Topic) -> dict[str, SchoolLook]:
        """Each school's look, in topic order; a school's own ``color`` wins on screen."""
        tags = school_tags([s.name for s in topic.schools], [s.tag for s in topic.schools])
        looks = {}
        for i, school in enumerate(topic.schools):
            if self.greyscale:
                fill, border = PRINT_LOOKS[i % len(PRINT_LOOKS)]
                pattern = f"{border} border, {GREY_WORDS[fill]}"
                looks[school.id] = SchoolLook(fill, self.ink, border, tags[i], pattern)
                continue
            fill = SCHOOL_FILLS[i % len(SCHOOL_FILLS)]
            # Past the palette, colours repeat: the border style then tells them apart.
            border = BORDERS[(i // len(SCHOOL_FILLS)) % len(BORDERS)]
            if school.color:
                fill = colors.tint(school.color, 0.55)
            looks[school.id] = SchoolLook(fill, fill, border, tags[i])
        return looks


# Words that open a name without telling schools apart ("The Fischer thesis" is FT).
ARTICLES = frozenset({"the", "a", "an", "le", "la", "les", "der", "die", "das", "el", "los", "las"})


def school_tags(names: list[str], written: Sequence[str | None] = ()) -> list[str]:
    """Short, unique tags: a school's own (``written``, by position), else initials of its
    name without a leading article, never one that another school already has.

    >>> school_tags(["Power politics", "Structuralist", "Socio-cultural"])
    ['PP', 'ST', 'SC']
    >>> school_tags(["The Fischer thesis", "Orthodox", "Le Front populaire"], [None, "FT", None])
    ['FT2', 'FT', 'FP']
    """
    own = list(written) + [None] * (len(names) - len(written))
    tags: list[str] = []
    taken = {t for t in own if t}
    for name, tag in zip(names, own, strict=True):
        if tag:
            tags.append(tag)
            continue
        base = _initials(name)
        derived, n = base, 2
        while derived in taken:
            derived, n = f"{base}{n}", n + 1
        taken.add(derived)
        tags.append(derived)
    return tags


def _initials(name: str) -> str:
    words = name.replace("-", " ").split()
    if words and words[0][:2].lower() == "l'" and len(words[0]) > 2:
        words[0] = words[0][2:]  # L'école -> école
    elif len(words) > 1 and words[0].lower() in ARTICLES:
        words = words[1:]
    words = [w for w in (w.replace("'", "") for w in words) if w[:1].isalnum()]
    if len(words) >= 2:
        return "".join(w[0] for w in words[:3]).upper()
    return (words[0][:2] if words else "S").upper()


THEMES: dict[str, Theme] = {
    "default": Theme("default"),
    "slides": Theme(
        "slides",
        size=26,
        small=24,
        title=40,
        penwidth=3.5,
        wrap=26,
        slide=True,
        # 16:9 by padding the drawing after layout (render.py), never by shrinking text.
        graph_attrs={"pad": "0"},
    ),
    # Paper: a view drawn for pages (page_settings) is padded to an A-series page and
    # scaled down to A3 when larger (render.py).
    "print": Theme(
        "print",
        greyscale=True,
        conflict="#000000",
        agreement="#000000",
        paper=True,
    ),
}
