"""Checks of a rendered SVG as a projected slide: is it 16:9, and is its smallest text
still readable when the drawing is shown on a screen of a given width?

Graphviz writes ``<svg viewBox="0 0 W H">`` with one root group ``<g transform="scale(s)
...">`` and text sizes as ``font-size`` attributes in viewBox units. Shown ``screen`` pixels
wide, a text of size ``f`` is ``f * s * screen / W`` pixels tall.

>>> svg = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 3200 1800">'
...        '<g transform="scale(0.5 0.5)"><text font-size="60">x</text></g></svg>')
>>> geometry(svg).smallest_font
60.0
>>> round(smallest_font_px(svg), 1)
18.0
>>> slide_problems(svg)
[]
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

SVG = "{http://www.w3.org/2000/svg}"
_SCALE = re.compile(r"scale\(\s*([-\d.eE+]+)(?:[\s,]+([-\d.eE+]+))?\s*\)")
_STYLE_SIZE = re.compile(r"font-size\s*:\s*([\d.]+)(px|pt)?")


@dataclass(frozen=True)
class Geometry:
    width: float  # viewBox width
    height: float  # viewBox height
    scale: float  # the transform scale of the root group (the smaller of x and y)
    smallest_font: float  # in the root group's units; 0 when the SVG has no text


def geometry(svg: str | bytes) -> Geometry:
    """The viewBox, the root group's scale, and the smallest font size of an SVG."""
    root = ET.fromstring(svg.encode("utf-8") if isinstance(svg, str) else svg)
    box = root.get("viewBox")
    if not box:
        raise ValueError("the SVG has no viewBox")
    _, _, width, height = (float(v) for v in box.replace(",", " ").split())
    scale = 1.0
    group = root.find(f"{SVG}g")
    if group is not None:
        match = _SCALE.search(group.get("transform", ""))
        if match:
            sx = float(match.group(1))
            sy = float(match.group(2)) if match.group(2) else sx
            scale = min(abs(sx), abs(sy))
    sizes = [size for el in root.iter() if (size := _font_size(el)) is not None]
    return Geometry(width, height, scale, min(sizes) if sizes else 0.0)


def _font_size(element: ET.Element) -> float | None:
    """The font size an element sets, from its attribute or its style (pt as 4/3 px)."""
    if element.get("font-size"):
        return float(re.sub(r"[a-z]+$", "", element.get("font-size", "")))
    match = _STYLE_SIZE.search(element.get("style", ""))
    if match:
        return float(match.group(1)) * (4 / 3 if match.group(2) == "pt" else 1)
    return None


def smallest_font_px(svg: str | bytes, screen_width: float = 1920) -> float:
    """The height in pixels of the smallest text when the viewBox is shown
    ``screen_width`` pixels wide."""
    g = geometry(svg)
    return g.smallest_font * g.scale * screen_width / g.width


def slide_problems(
    svg: str | bytes,
    *,
    ratio: float = 16 / 9,
    tolerance: float = 0.01,
    screen_width: float = 1920,
    min_px: float = 14,
) -> list[str]:
    """What keeps an SVG from reading well as a slide (empty when nothing does): a viewBox
    whose width/height is off ``ratio`` by more than ``tolerance`` (relative), or text
    smaller than ``min_px`` when shown ``screen_width`` pixels wide."""
    g = geometry(svg)
    problems = []
    actual = g.width / g.height
    if abs(actual - ratio) / ratio > tolerance:
        problems.append(f"viewBox {g.width:g}x{g.height:g} is {actual:.3f}:1, not {ratio:.3f}:1")
    if g.smallest_font <= 0:
        problems.append("the SVG has no text")
    else:
        px = smallest_font_px(svg, screen_width)
        if px < min_px:
            problems.append(
                f"smallest text is {px:.1f} px at {screen_width:g} px wide (needs {min_px:g}): "
                f"font-size {g.smallest_font:g} x scale {g.scale:g} in a viewBox "
                f"{g.width:g} wide"
            )
    return problems


def assert_slide(svg: str | bytes, **limits: float) -> None:
    """Fail with every problem :func:`slide_problems` finds."""
    problems = slide_problems(svg, **limits)
    assert not problems, "; ".join(problems)
