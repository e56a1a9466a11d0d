"""How a rendered diagram reads where it is used, measured from its SVG the way the diagram
review measured it (../shared/tools/viewaudit.py): the canvas's shape, the smallest text
in pixels when the whole canvas is fitted to a 1920x1080 screen and when its width is fitted
to a 1440-pixel laptop, the legend's share of the canvas, the texts cut with an ellipsis,
and (for a slide) the margin left empty on each edge.

The bars (PRODUCT.md, issues 11 and 12) are in :data:`DEFAULT_BARS` and :data:`SLIDE_BARS`;
:func:`problems` says which a drawing misses. The topics of other shapes that the tests
measure besides the bundled one are made here too: two schools taken from the bundled
topic (real text), and seeded synthetic topics of 8 schools and of 10 schools and 200
claims (bench/generate.py: realistic lengths, made-up words).
"""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import yaml

SVG = "{http://www.w3.org/2000/svg}"
REPO = Path(__file__).resolve().parent.parent
BUNDLED = REPO / "interpretations" / "stalin-rise"
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")
_SCALE = re.compile(r"scale\(\s*([-\d.eE+]+)")
_TRANSLATE = re.compile(r"translate\(\s*([-\d.eE+]+)[\s,]+([-\d.eE+]+)")


@dataclass(frozen=True)
class Reading:
    width: float  # the canvas, in viewBox units
    height: float
    aspect: float  # width / height
    px: float  # the smallest text, whole canvas fitted into 1920x1080
    pxw: float  # the smallest text, canvas width fitted to 1440 px
    legend: float  # the legend's share of the canvas area (0: none found)
    cuts: int  # texts that end in an ellipsis
    margin: float  # the smallest empty share of the canvas on any edge (content to edge)
    texts: tuple[str, ...]
    printed: float = 0.0  # the smallest text in points, printed on A3 (see printed_size)


def _points(element: ET.Element) -> list[tuple[float, float]]:
    raw = element.get("points") or element.get("d") or ""
    nums = [float(v) for v in _NUMBER.findall(raw)]
    return list(zip(nums[0::2], nums[1::2], strict=False))


def read(svg: bytes | str) -> Reading:
    root = ET.fromstring(svg.encode("utf-8") if isinstance(svg, str) else svg)
    _, _, w, h = (float(v) for v in (root.get("viewBox") or "0 0 0 0").split())
    group = root.find(f"{SVG}g")
    transform = group.get("transform", "") if group is not None else ""
    scale = float(m.group(1)) if (m := _SCALE.search(transform)) else 1.0
    dx, dy = (
        (float(m.group(1)), float(m.group(2))) if (m := _TRANSLATE.search(transform)) else (0, 0)
    )
    sizes = [float(t.get("font-size", "0")) for t in root.iter(f"{SVG}text") if t.get("font-size")]
    smallest = min(sizes) if sizes else 0.0
    fit = min(1920 / w, 1080 / h) if w and h else 0.0
    texts = tuple("".join(t.itertext()) for t in root.iter(f"{SVG}text"))
    legend = 0.0
    for g in root.iter(f"{SVG}g"):
        title = g.find(f"{SVG}title")
        name = f"{title.text if title is not None and title.text else ''} {g.get('id', '')}"
        if "legend" not in name.lower():
            continue
        pts = [
            p for tag in ("polygon", "path") for el in g.iter(f"{SVG}{tag}") for p in _points(el)
        ]
        if pts:
            xs, ys = [p[0] for p in pts], [p[1] for p in pts]
            area = (max(xs) - min(xs)) * (max(ys) - min(ys)) * scale * scale
            legend = max(legend, area / (w * h))
    # The content's box: every drawn shape and text, in viewBox units.
    xs, ys = [], []
    for el in root.iter():
        tag = el.tag.removeprefix(SVG)
        if tag in ("polygon", "path", "polyline", "ellipse", "text") and el.get("fill") != "white":
            if tag == "text":
                pts = [(float(el.get("x", 0)), float(el.get("y", 0)))]
            elif tag == "ellipse":
                cx, cy = float(el.get("cx", 0)), float(el.get("cy", 0))
                rx, ry = float(el.get("rx", 0)), float(el.get("ry", 0))
                pts = [(cx - rx, cy - ry), (cx + rx, cy + ry)]
            elif tag == "path":  # its ends: a curve's control points lie off the curve
                pts = _points(el)
                pts = [pts[0], pts[-1]] if pts else []
            else:
                pts = _points(el)
            xs += [(x + dx) * scale for x, _ in pts]
            ys += [(y + dy) * scale for _, y in pts]
    margin = 0.0
    if xs and ys and w and h:
        margin = min(min(xs) / w, (w - max(xs)) / w, min(ys) / h, (h - max(ys)) / h)
    return Reading(
        width=w,
        height=h,
        aspect=w / h if h else 0.0,
        px=smallest * scale * fit,
        pxw=smallest * scale * 1440 / w if w else 0.0,
        legend=legend,
        cuts=sum(1 for t in texts if t.rstrip().endswith(("…", "..."))),
        margin=margin,
        texts=texts,
        printed=smallest * scale * printed_scale(w, h),
    )


# An A3 sheet in points, less a 10 mm margin on every edge.
A3_PRINTABLE = (842.0 - 57, 1191.0 - 57)


def printed_scale(width: float, height: float) -> float:
    """How much a canvas of ``width`` x ``height`` points is scaled to print on A3 (portrait
    or landscape, whichever holds it larger; a smaller canvas prints at its own size)."""
    if not width or not height:
        return 0.0
    short, long = A3_PRINTABLE
    return min(1.0, max(min(short / width, long / height), min(long / width, short / height)))


@dataclass(frozen=True)
class Bars:
    max_tall: float | None = None  # height / width at most (a canvas no taller than this)
    aspect: float | None = None  # the aspect required, within 2%
    min_px: float = 0.0  # on a 1920x1080 screen
    min_pxw: float = 0.0  # at 1440 wide
    max_legend: float = 0.12
    max_cuts: int | None = None
    min_margin: float = 0.0
    min_printed: float = 0.0  # points, printed on A3 (print theme)


DEFAULT_BARS = Bars(max_tall=2.5, min_pxw=9.0)
SLIDE_BARS = Bars(aspect=16 / 9, min_px=14.0, max_cuts=3, min_margin=0.04)
SUMMARY_BARS = Bars(max_tall=2.5, min_pxw=9.0, min_px=12.0)  # the overlap summary
PRINT_BARS = Bars(max_tall=2.5, min_pxw=9.0, min_printed=8.0)  # sized to A3 pages


def problems(reading: Reading, bars: Bars) -> list[str]:
    """What the drawing misses of ``bars``, in words (empty: it meets them all)."""
    out = []
    r = reading
    if bars.max_tall is not None and r.height > bars.max_tall * r.width:
        out.append(
            f"canvas {r.height / r.width:.2f} times taller than wide (at most {bars.max_tall})"
        )
    if bars.aspect is not None and abs(r.aspect / bars.aspect - 1) > 0.02:
        out.append(f"aspect {r.aspect:.3f}, not {bars.aspect:.3f} within 2%")
    if r.px < bars.min_px:
        out.append(f"smallest text {r.px:.1f} px on 1920x1080 (at least {bars.min_px})")
    if r.pxw < bars.min_pxw:
        out.append(f"smallest text {r.pxw:.1f} px at 1440 wide (at least {bars.min_pxw})")
    if r.legend > bars.max_legend:
        out.append(f"legend {r.legend:.0%} of the canvas (at most {bars.max_legend:.0%})")
    if bars.max_cuts is not None and r.cuts > bars.max_cuts:
        out.append(f"{r.cuts} cut texts (at most {bars.max_cuts})")
    if r.printed < bars.min_printed:
        out.append(f"smallest text {r.printed:.1f} pt printed on A3 (at least {bars.min_printed})")
    if r.margin < bars.min_margin - 1e-3:
        out.append(f"margin {r.margin:.1%} (at least {bars.min_margin:.0%} on every edge)")
    return out


# -- topics of other shapes ----------------------------------------------------------------


def _keeps(value: object, schools: set[str]) -> bool:
    target = value.get("claim") if isinstance(value, dict) else value
    return not isinstance(target, str) or "." not in target or target.split(".")[0] in schools


def subset_topic(folder: Path, keep: list[str], source: Path = BUNDLED) -> Path:
    """The bundled topic with only the schools ``keep``: relations to the others and
    criticisms made by their claims are dropped, everything else is as written."""
    schools = set(keep)
    folder.mkdir(parents=True, exist_ok=True)
    for path in source.rglob("*.yaml"):
        rel = path.relative_to(source)
        if rel.parts[0] == "schools" and path.stem not in schools:
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if rel.parts[0] == "schools":
            for claim in data.get("claims", []):
                for key in ("supports", "agrees", "qualifies", "challenges"):
                    if key in claim:
                        claim[key] = [v for v in claim[key] if _keeps(v, schools)]
                        if not claim[key]:
                            del claim[key]
            for criticism in data.get("criticisms", []) or []:
                if not _keeps(criticism.get("claim"), schools):
                    del criticism["claim"]
        if rel.name == "topic.yaml" and "school_order" in data:
            data["school_order"] = [s for s in data["school_order"] if s in schools]
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(
            yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
    for path in source.iterdir():  # a bibliography file, when the topic has one
        if path.suffix in (".json", ".bib"):
            (folder / path.name).write_bytes(path.read_bytes())
    return folder


def generated_topic(folder: Path, *, schools: int, claims: int, seed: int = 7) -> Path:
    """A seeded synthetic topic (bench/generate.py) of ``schools`` and ``claims``."""
    sys.path.insert(0, str(REPO / "bench"))
    try:
        from generate import generate
    finally:
        sys.path.pop(0)
    return generate(
        folder,
        schools=schools,
        claims=claims,
        evidence=round(claims * 1.6),
        historians=max(4, schools * 2),
        factors=min(12, max(4, schools + 2)),
        seed=seed,
    )
