"""Drawings whose places the view sets itself: the overlap summary's ring of schools, the
timeline's years spaced by their distance, the historiography's lanes of works.

Graphviz's ``dot`` puts nodes in ranks of equal spacing and orders them to spare crossings;
these views need a place to mean something (a year, a school on a ring), so they give each
node its position and let Graphviz's ``neato`` draw it there (``layout=neato`` in the DOT,
positions in points, every node pinned): the layout is the view's, deterministic, and the
same in every renderer. Label sizes are estimated from the text (DejaVu Sans, the themes'
font), which is all a view can know before layout; the estimates err on the large side.

Coordinates are Graphviz's: points, ``y`` upwards.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import graphviz

# The mean advance of a character of DejaVu Sans, in ems (measured on English prose with
# the bundled Graphviz: 0.47-0.53 regular, a little more bold), and the line height.
EM = 0.55
BOLD_EM = 0.62
LEADING = 1.22


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """The estimated width in points of one line of ``text`` at ``size`` points."""
    return len(text) * size * (BOLD_EM if bold else EM)


def lines_height(lines: int, size: float) -> float:
    return lines * size * LEADING


@dataclass(frozen=True)
class Box:
    """A rectangle by its centre and size."""

    x: float
    y: float
    w: float
    h: float

    @property
    def left(self) -> float:
        return self.x - self.w / 2

    @property
    def right(self) -> float:
        return self.x + self.w / 2

    @property
    def bottom(self) -> float:
        return self.y - self.h / 2

    @property
    def top(self) -> float:
        return self.y + self.h / 2

    def moved(self, x: float, y: float) -> Box:
        return Box(x, y, self.w, self.h)

    def grown(self, by: float) -> Box:
        return Box(self.x, self.y, self.w + 2 * by, self.h + 2 * by)

    def overlap(self, other: Box) -> float:
        """The area this box shares with ``other``.

        >>> Box(0, 0, 4, 2).overlap(Box(3, 0, 4, 2))
        2.0
        """
        w = min(self.right, other.right) - max(self.left, other.left)
        h = min(self.top, other.top) - max(self.bottom, other.bottom)
        return max(w, 0.0) * max(h, 0.0)

    def crosses(self, a: tuple[float, float], b: tuple[float, float]) -> bool:
        """Whether the segment from ``a`` to ``b`` passes through this box (Liang-Barsky).

        >>> Box(0, 0, 2, 2).crosses((-5, 0), (5, 0)), Box(0, 0, 2, 2).crosses((-5, 3), (5, 3))
        (True, False)
        """
        (x0, y0), (x1, y1) = a, b
        dx, dy = x1 - x0, y1 - y0
        low, high = 0.0, 1.0
        for p, q in (
            (-dx, x0 - self.left),
            (dx, self.right - x0),
            (-dy, y0 - self.bottom),
            (dy, self.top - y0),
        ):
            if p == 0:
                if q < 0:
                    return False
                continue
            t = q / p
            if p < 0:
                low = max(low, t)
            else:
                high = min(high, t)
            if low > high:
                return False
        return True


def bounds(boxes: Iterable[Box]) -> Box:
    """The smallest box around ``boxes``."""
    listed = list(boxes)
    left = min(b.left for b in listed)
    right = max(b.right for b in listed)
    bottom = min(b.bottom for b in listed)
    top = max(b.top for b in listed)
    return Box((left + right) / 2, (bottom + top) / 2, right - left, top - bottom)


def pin_layout(graph: graphviz.Digraph, *, splines: str = "line") -> None:
    """Draw ``graph`` with every node where :func:`at` puts it (positions in points)."""
    graph.attr("graph", layout="neato", inputscale="72", splines=splines, overlap="true")


def at(x: float, y: float) -> str:
    """A pinned position (points)."""
    return f"{x:.1f},{y:.1f}!"
