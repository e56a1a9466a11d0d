"""Themes: how a view looks on a screen, on a projected slide, and on a greyscale page.

A theme gives each school a *look* (colour, fill, border style, a short tag) and sizes for
type and lines. The default palette is Okabe-Ito, which colour-blind readers tell apart;
the print theme tells schools apart by border style and fill pattern, not colour alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the model is only a type here: importing themes stays cheap
    from argmap.model import Topic

# Okabe & Ito (2008), "Color Universal Design": colour, and a light tint for fills.
OKABE_ITO = (
    ("#0072B2", "#CCE3F0"),  # blue
    ("#E69F00", "#FAECCC"),  # orange
    ("#009E73", "#CCECE3"),  # bluish green
    ("#CC79A7", "#F5E4ED"),  # reddish purple
    ("#D55E00", "#F7DFCC"),  # vermillion
    ("#56B4E9", "#DDF0FB"),  # sky blue
    ("#F0E442", "#FCFAD9"),  # yellow
    ("#000000", "#DDDDDD"),  # black
)

# Print: greyscale, told apart by border style and fill pattern.
PRINT_LOOKS = (
    ("solid", "#FFFFFF", "filled"),
    ("dashed", "#D9D9D9", "filled"),
    ("dotted", "#BDBDBD:#FFFFFF", "striped"),
    ("bold", "#FFFFFF:#BDBDBD", "radial"),
    ("solid", "#EEEEEE", "filled,diagonals"),
    ("dashed", "#FFFFFF:#D9D9D9:#FFFFFF", "striped"),
    ("dotted", "#E5E5E5", "filled"),
    ("bold", "#BDBDBD", "filled"),
)


@dataclass(frozen=True)
class SchoolLook:
    color: str  # border, edge and tag colour
    fill: str  # fillcolor (may be a colour list for striped/radial fills)
    style: str  # node style: "filled", "striped", "radial", plus a border style
    tag: str  # a short name, shown where space is tight and for readers without colour
    pattern: str  # words for the legend: "dashed border, light grey fill"

    @property
    def box_style(self) -> str:
        """The node style of a box in this look: rounded, except a striped fill (which
        Graphviz draws only in square boxes)."""
        return self.style if "striped" in self.style else f"{self.style},rounded"


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
    shared_fill: str = "#FFFFFF"
    conflict: str = "#D55E00"
    agreement: str = "#009E73"
    graph_attrs: dict[str, str] = field(default_factory=dict)

    @property
    def aspect(self) -> float | None:
        """Width/height of the canvas: 16:9 for a slide, else whatever the layout gives."""
        return 16 / 9 if self.slide else None

    @property
    def max_width(self) -> float | None:
        """For a slide: the widest drawing (points) whose smallest text is still 14 px when
        the slide is shown 1920 px wide. None: any width."""
        return self.small * 1920 / 14 if self.slide else None

    def looks(self, topic: Topic) -> dict[str, SchoolLook]:
        """Each school's look, in topic order; a school's own ``color`` wins on screen."""
        tags = school_tags([s.name for s in topic.schools], [s.tag for s in topic.schools])
        looks = {}
        for i, school in enumerate(topic.schools):
            if self.greyscale:
                border, fill, style = PRINT_LOOKS[i % len(PRINT_LOOKS)]
                pattern = _pattern_words(border, fill, style)
                looks[school.id] = SchoolLook(
                    "#000000", fill, f"{style},{border}", tags[i], pattern
                )
            else:
                color, tint = OKABE_ITO[i % len(OKABE_ITO)]
                if school.color:
                    color, tint = school.color, _tint(school.color)
                looks[school.id] = SchoolLook(color, tint, "filled,solid", tags[i], "")
        return looks


def _pattern_words(border: str, fill: str, style: str) -> str:
    fills = {"filled": "plain fill", "striped": "striped fill", "radial": "shaded fill"}
    kind = "hatched fill" if "diagonals" in style else fills[style.split(",")[0]]
    return f"{border} border, {kind}"


def _tint(color: str, amount: float = 0.8) -> str:
    """A light tint of ``#rgb``/``#rrggbb`` (mixed with white) for a fill."""
    value = color.lstrip("#")
    if len(value) == 3:
        value = "".join(ch * 2 for ch in value)
    rgb = [int(value[i : i + 2], 16) for i in (0, 2, 4)]
    mixed = [round(c + (255 - c) * amount) for c in rgb]
    return "#" + "".join(f"{c:02X}" for c in mixed)


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
        # The two argmap_ attributes tell render.py (Graphviz ignores them).
        graph_attrs={"pad": "0", "argmap_aspect": "1.7778", "argmap_max_width": "3291"},
    ),
    "print": Theme("print", greyscale=True, conflict="#000000", agreement="#000000"),
}
