"""The deck: a topic as a presentation in teaching order (``argmap deck``; ``deck.html``
and ``deck.pptx`` in a build).

The order: a title slide (the question, the period, the schools); each school (one slide,
or its numbered series); the overlap summary; the comparisons of the pairs of schools whose
claims challenge each other (or the pairs asked for); the matrix; the timeline; the
historiography (when argmap has that view); the essay plan's summary. Every slide is a
registered view drawn in the slides theme (``registry.view(name).draw``), so the views'
own improvements reach the deck as they land; every slide has speaker notes with the full
texts, evidence and citations that it shortens (:mod:`argmap.documents.notes`).

A progressive build (``build_up``) shows the overlap summary one school at a time and each
comparison claim by claim, as consecutive slides: the diagram is laid out whole each time
and what is not yet revealed is drawn invisible in place
(:func:`argmap.views.common.reveal`), so nothing moves from one step to the next.

Each slide is rendered as SVG (the HTML deck and a folder of slides) and as a 1920x1080 PNG
(the PPTX and the folder), by the bundled Graphviz through a :class:`~argmap.render.Renderer`.
Nothing here imports python-pptx: :mod:`argmap.documents.slides_pptx` does, when a .pptx
is written.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import graphviz

from argmap import __version__, dot, registry, slugs
from argmap.analysis import Analysis
from argmap.documents.notes import Notes, one_line, period
from argmap.model import Topic
from argmap.problems import did_you_mean
from argmap.render import Job, Renderer, RenderError, TooLarge
from argmap.themes import THEMES, Theme
from argmap.views.common import Diagram, reveal, reveal_steps

THEME = "slides"
# The deck compares at most this many pairs unless asked (--pair): those with the most
# challenges, in the topic's order. A lesson rarely has time for more.
DEFAULT_PAIRS = 8
WIDTH, HEIGHT = 1920, 1080  # pixels of a slide's PNG
# The order of a lesson: views in this order (those registered), each with its options.
ORDER = ("school", "overlap", "compare", "matrix", "timeline", "historiography", "plan")
# What a progressive build reveals a step at a time, by view.
BUILD_UP = {"overlap": "school", "compare": "claim"}
# Bump when what the deck writes changes for the same slides (the build's cache key).
FORMAT = 1


@dataclass(frozen=True)
class Slide:
    """One slide: a diagram to draw, its title as text, and its speaker notes."""

    name: str  # a file stem: "title", "school-power-politics_2", "overlap-step-3"
    title: str
    view: str  # "title" for the title slide, else the registered view
    diagram: Diagram
    notes: str
    step: tuple[int, int] | None = None  # a progressive build: step k of n
    whole: str = ""  # a step of a progressive build: the name of its whole slide

    @property
    def base(self) -> str:
        return self.whole or self.name


@dataclass(frozen=True)
class Drawn:
    """A slide as drawn: its SVG and its 1920x1080 PNG."""

    slide: Slide
    svg: bytes
    png: bytes


@dataclass
class Drawing:
    """What :func:`draw` made of the slides: the drawn ones in order, and why others are
    not in the deck."""

    drawn: list[Drawn] = field(default_factory=list)
    skipped: list[TooLarge] = field(default_factory=list)
    failed: list[RenderError] = field(default_factory=list)


# -- which slides --------------------------------------------------------------------------


def challenging_pairs(analysis: Analysis) -> list[tuple[str, str]]:
    """The pairs of schools whose claims challenge each other, in the topic's order."""
    return [(p.a, p.b) for p in analysis.overlap.pairs if p.conflicts]


def default_pairs(analysis: Analysis) -> tuple[list[tuple[str, str]], int]:
    """The pairs a deck compares when none is asked for (at most :data:`DEFAULT_PAIRS`,
    those with most challenges), and how many challenging pairs that leaves out."""
    pairs = [p for p in analysis.overlap.pairs if p.conflicts]
    chosen = sorted(pairs, key=lambda p: -len(p.conflicts))[:DEFAULT_PAIRS]
    keep = {(p.a, p.b) for p in chosen}
    return [(p.a, p.b) for p in pairs if (p.a, p.b) in keep], len(pairs) - len(chosen)


def parse_pairs(values: Iterable[str], topic: Topic) -> list[tuple[str, str]]:
    """``--pair`` values (``A,B``, repeatable, or a comma list ``A,B,C,D`` taken two by
    two) as pairs of school ids; a ValueError names the first problem (an unknown school,
    with did-you-mean; an odd count; a school paired with itself)."""
    out: list[tuple[str, str]] = []
    for value in values:
        ids = [part.strip() for part in value.split(",") if part.strip()]
        if len(ids) % 2:
            raise ValueError(
                f"'{value}' names {len(ids)} school{'s' * (len(ids) != 1)}: a pair is two "
                "school ids, A,B (several pairs: A,B,C,D or --pair again)"
            )
        for school in ids:
            if school not in topic.school:
                raise ValueError(
                    f"no school '{school}' in {topic.id}{did_you_mean(school, topic.school)}; "
                    f"schools: {', '.join(topic.school)}"
                )
        for a, b in zip(ids[0::2], ids[1::2], strict=True):
            if a == b:
                raise ValueError(f"a pair needs two different schools, got '{a}' twice")
            if (a, b) not in out:
                out.append((a, b))
    return out


def slides(
    analysis: Analysis,
    *,
    pairs: Sequence[tuple[str, str]] | None = None,
    build_up: bool = False,
    theme: Theme | None = None,
) -> list[Slide]:
    """Every slide of the deck, in teaching order (nothing is rendered here)."""
    theme = theme or THEMES[THEME]
    notes = Notes(analysis)
    topic = analysis.topic
    if pairs is None:
        pairs = default_pairs(analysis)[0]
    out = [
        Slide(
            "title",
            one_line(topic.question),
            "title",
            title_diagram(analysis, theme),
            notes.title(),
        )
    ]
    for view in ORDER:
        if view not in registry.VIEWS:
            continue  # a view argmap does not have (yet): the deck goes on without it
        for stem, options in _targets(view, topic, pairs):
            series = registry.view(view).draw(analysis, theme, **options)
            for diagram in series:
                name = slugs.page_stem(stem, diagram.page)
                title = diagram.title + (
                    f" ({diagram.page}/{diagram.pages})" if diagram.pages > 1 else ""
                )
                text = notes.slide(view, diagram.entities, options)
                kind = BUILD_UP.get(view)
                steps = reveal_steps(diagram, kind) if build_up and kind else 0
                for k in range(1, steps):
                    shown = reveal(diagram, kind, k)  # type: ignore[arg-type]
                    out.append(
                        Slide(
                            f"{name}-step-{k}",
                            title,
                            view,
                            shown,
                            _step_notes(notes, text, diagram, kind, k, steps),  # type: ignore[arg-type]
                            (k, steps),
                            name,
                        )
                    )
                final = (steps, steps) if steps > 1 else None
                out.append(Slide(name, title, view, diagram, text, final))
    return out


def _targets(
    view: str, topic: Topic, pairs: Sequence[tuple[str, str]]
) -> list[tuple[str, dict[str, Any]]]:
    if view == "school":
        return [(slugs.school_stem(s.id), {"school": s.id}) for s in topic.schools]
    if view == "compare":
        return [(slugs.compare_stem(a, b), {"a": a, "b": b}) for a, b in pairs]
    return [(view, {})]


def _step_notes(notes: Notes, text: str, diagram: Diagram, kind: str, k: int, steps: int) -> str:
    """A step's notes: what this step adds, then the notes of the whole slide."""
    shown = [e.id for e in diagram.entities.values() if e.kind == kind]
    return f"{notes.step(kind, shown[k - 1], k, steps)}\n\n{text}"


def title_diagram(analysis: Analysis, theme: Theme) -> Diagram:
    """The title slide: the question, the period, and the schools in their colours, each
    with its tag, name and short thesis (the full theses are in the notes)."""
    topic = analysis.topic
    t = theme
    looks = t.looks(topic)
    g = graphviz.Digraph(name="title")
    g.attr(
        "graph",
        rankdir="TB",
        fontname=t.font,
        bgcolor="white",
        nodesep="0.5",
        ranksep="0.5",
        **t.graph_attrs,
    )
    g.attr(margin="1.2")  # inches: nothing near the edges a projector crops
    g.attr("node", fontname=t.font, fontsize=f"{t.size:g}", fontcolor=t.ink, margin="0.2,0.12")
    when = period(topic)
    n = len(topic.schools)
    head = dot.text(topic.question, 36, size=t.title * 1.5, bold=True, align="CENTER")
    sub = f"{when} · " if when else ""
    sub += f"{n} school{'s' * (n != 1)} of historians"
    heading = dot.table(
        [
            dot.row(dot.cell(head)),
            dot.row(dot.cell(dot.text(sub, size=t.size, color=t.muted, align="CENTER"))),
        ],
        cellpadding=6,
    )
    g.node("title", label=dot.html(heading), shape="plain")
    columns = 1 if n <= 3 else 2 if n <= 8 else 3
    cards = []
    widest = max((len(look.tag) for look in looks.values()), default=2)
    lines = [line for s in topic.schools for line in dot.wrap(s.name, 30)]
    lines += [line for s in topic.schools if s.short for line in dot.wrap(s.short, 44)]
    room = round(max((len(line) for line in lines), default=10) * t.size * 0.66)
    for school in topic.schools:
        look = looks[school.id]
        tag = dot.cell(
            dot.text(look.tag, size=t.small, bold=True, align="CENTER"),
            bgcolor=look.fill,
            border=1,
            color=t.line,
            width=round(max(widest, 3) * t.small * 0.8 + 12),
            height=round(t.small * 1.6),
            fixedsize=True,
        )
        body = dot.text(school.name, 30, bold=True)
        if school.short:
            body = body + dot.text(school.short, 44, size=t.small, italic=True)
        # Every card as wide as the widest (a narrower one would be stretched, its text
        # centred): a cell's width is its least.
        text = dot.cell(body, align="LEFT", balign="LEFT", valign="TOP", width=room)
        card = dot.table(
            [dot.row(tag, text)],
            border=2,
            cellborder=0,
            cellpadding=6,
            cellspacing=4,
            color=look.color if not t.greyscale else t.ink,
            style="rounded",
        )
        cards.append(dot.cell(card, align="LEFT", valign="TOP"))
    grid = dot.table(
        [dot.row(*cards[i : i + columns]) for i in range(0, n, columns)], cellspacing=20
    )
    g.node("schools", label=dot.html(grid), shape="plain")
    g.edge("title", "schools", style="invis")
    return Diagram("title", one_line(topic.question), g, settings=t.render_settings)


# -- drawing -----------------------------------------------------------------------------

_VIEW_BOX = re.compile(rb'viewBox="[-\d.]+ [-\d.]+ ([\d.]+) ([\d.]+)"')
_TRANSFORM = re.compile(
    rb'<g id="graph0" class="graph" transform="scale\(1 1\) rotate\(0\) '
    rb'translate\(([-\d.]+) ([-\d.]+)\)"'
)


def draw(deck: Sequence[Slide], renderer: Renderer) -> Drawing:
    """Render every slide as SVG and as a 1920x1080 PNG, several at once (the renderer's
    workers). A slide Graphviz refuses or fails on is left out of the deck and said (in
    ``skipped`` or ``failed``), once: the steps of a slide not drawn are not tried."""
    out = Drawing()
    svgs: dict[str, bytes] = {}
    wholes = [s for s in deck if not s.whole]
    for slide, result in _each(renderer, (_job(s, "svg") for s in wholes)):
        _keep(out, svgs, slide, result)
    steps = [s for s in deck if s.whole and s.whole in svgs]
    for slide, result in _each(renderer, (_job(s, "svg") for s in steps)):
        _keep(out, svgs, slide, result)
    drawn = [s for s in deck if s.name in svgs]
    pngs: dict[str, bytes] = {}
    again = []  # drawn at another size than measured: drawn as the renderer pads them
    for slide, result in _each(renderer, (_png_job(s, svgs[s.name]) for s in drawn)):
        if isinstance(result, RenderError) or not _full_size(result):
            again.append(slide)
        else:
            pngs[slide.name] = result
    for slide, result in _each(renderer, (_job(s, "png") for s in again)):
        if isinstance(result, RenderError):
            out.failed.append(result)
        else:
            pngs[slide.name] = result
    out.drawn = [Drawn(s, svgs[s.name], _exact(pngs[s.name])) for s in drawn if s.name in pngs]
    return out


def _job(slide: Slide, fmt: str, source: str | None = None) -> Job:
    settings = slide.diagram.settings
    padded = source is not None  # the source pads itself: no aspect, no width to check
    return Job(
        source or slide.diagram.source,
        fmt,
        diagram=f"deck/{slide.name}",
        aspect=None if padded else settings.aspect,
        max_width=None if padded else settings.max_width,
        key=slide,
    )


def _each(renderer: Renderer, jobs: Iterable[Job]) -> Iterator[tuple[Slide, bytes | RenderError]]:
    for job, result in renderer.render_all(jobs):
        yield job.key, result


def _keep(out: Drawing, svgs: dict[str, bytes], slide: Slide, result: bytes | RenderError) -> None:
    if isinstance(result, TooLarge):
        out.skipped.append(result)
    elif isinstance(result, RenderError):
        out.failed.append(result)
    else:
        svgs[slide.name] = result


def _png_job(slide: Slide, svg: bytes) -> Job:
    """The slide as a PNG drawn by Graphviz (cairo) at the resolution that makes its
    padded 16:9 drawing 1920 pixels wide.

    The SVG, already padded to 16:9 by the renderer, says how much padding it has (the
    translation of its graph: the left pad, and the height less the bottom pad); the PNG
    is drawn with that padding and a ``dpi`` of 1920 * 72 / width, so its layout is the
    SVG's. (A drawing this cannot read is drawn as the renderer pads it, and scaled.)"""
    box, moved = _VIEW_BOX.search(svg), _TRANSFORM.search(svg)
    if not (box and moved):
        return _job(slide, "png")
    width, height = float(box.group(1)), float(box.group(2))
    left, bottom = float(moved.group(1)), height - float(moved.group(2))
    graph = slide.diagram.graph.copy()
    graph.attr(pad=f"{left / 72:.4f},{bottom / 72:.4f}", dpi=f"{WIDTH * 72 / width:.4f}")
    return _job(slide, "png", graph.source)


def _full_size(png: bytes) -> bool:
    """A PNG of 1920x1080 within a few pixels (Graphviz rounds to a pixel)."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        return abs(image.width - WIDTH) <= 4 and abs(image.height - HEIGHT) <= 4


def _exact(png: bytes) -> bytes:
    """The PNG at exactly 1920x1080 pixels."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        if image.size == (WIDTH, HEIGHT):
            return png
        resized = image.convert("RGB").resize((WIDTH, HEIGHT), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    resized.save(buffer, "PNG")  # optimize=True took 0.3 s a slide (14 s a build)
    return buffer.getvalue()


def key(deck: Sequence[Slide], dot_binary: str | None = None) -> str:
    """A digest of everything the deck's files are made from: each slide's DOT, its render
    settings, its title and notes; the deck's own format; the renderer. The same key
    means the same deck: a build draws the deck again only when it changes."""
    h = hashlib.sha256(f"deck|{FORMAT}|{__version__}|{dot_binary or 'bundled'}".encode())
    for asset in _ASSETS:
        h.update(asset.read_bytes())
    for slide in deck:
        record = {
            "name": slide.name,
            "title": slide.title,
            "notes": slide.notes,
            "step": slide.step,
            "settings": [slide.diagram.settings.aspect, slide.diagram.settings.max_width],
        }
        h.update(json.dumps(record, sort_keys=True).encode())
        h.update(slide.diagram.source.encode())
    return h.hexdigest()


_HERE = Path(__file__).resolve().parent
# The code that writes the deck's files from the drawn slides (part of its cache key).
_ASSETS = (
    _HERE / "deck.py",
    _HERE / "documents" / "slides_html.py",
    _HERE / "documents" / "slides_pptx.py",
    _HERE / "documents" / "deck.css",
    _HERE / "documents" / "deck.js",
)


# -- writing -----------------------------------------------------------------------------

KINDS = ("pptx", "html", "dir")


def kind_of(path: str) -> str:
    """What ``-o PATH`` asks for: a .pptx, a .html (or .htm) file, or else a folder (a name
    that ends with a slash, or an existing folder, is a folder whatever its suffix)."""
    if path.endswith(("/", os.sep)) or Path(path).is_dir():
        return "dir"
    suffix = Path(path).suffix.lower()
    if suffix == ".pptx":
        return "pptx"
    if suffix in (".html", ".htm"):
        return "html"
    if suffix:
        raise ValueError(
            f"{path}: a deck is written as .pptx, as .html, or into a folder (a name "
            f"without a suffix), not as {suffix}"
        )
    return "dir"


def html(analysis: Analysis, drawn: Sequence[Drawn]) -> str:
    from argmap.documents.slides_html import page

    return page(analysis, drawn)


def pptx(analysis: Analysis, drawn: Sequence[Drawn]) -> bytes:
    from argmap.documents.slides_pptx import presentation

    return presentation(analysis, drawn)


def folder_files(drawn: Sequence[Drawn]) -> dict[str, bytes]:
    """The files of a folder of slides: ``01-title.svg``, ``01-title.png``, ... numbered in
    the deck's order, and ``notes.md`` with each slide's notes under its number."""
    width = max(2, len(str(len(drawn))))
    files: dict[str, bytes] = {}
    notes = []
    for number, d in enumerate(drawn, start=1):
        stem = f"{number:0{width}d}-{d.slide.name}"
        files[f"{stem}.svg"] = d.svg
        files[f"{stem}.png"] = d.png
        step = f" (step {d.slide.step[0]} of {d.slide.step[1]})" if d.slide.step else ""
        notes.append(f"## {number}. {d.slide.title}{step}\n\n{d.slide.notes.strip()}\n")
    files["notes.md"] = "\n".join(notes).encode("utf-8")
    return files


MANIFEST = ".argmap-deck.json"


def read_manifest(folder: Path) -> dict[str, str] | None:
    """What a deck written into ``folder`` before left there (name: digest); empty for a
    missing or empty folder; None for a folder that holds other things."""
    if not folder.exists() or not any(folder.iterdir()):
        return {}
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        return None
    return {k: v for k, v in files.items() if isinstance(k, str) and isinstance(v, str)}


def replace_manifest(folder: Path, files: dict[str, bytes], old: dict[str, str]) -> None:
    """Record the deck just written, and remove what the previous one wrote and this one
    does not (only a plain name of that folder, and only if still as it was written)."""
    from argmap.files import write_atomic

    for name in sorted(set(old) - set(files)):
        path = folder / name
        if "/" in name or name.startswith(".") or not path.is_file():
            continue
        if hashlib.sha256(path.read_bytes()).hexdigest() == old[name]:
            path.unlink()
    record = {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}
    write_atomic(folder / MANIFEST, json.dumps({"files": record}, indent=1, sort_keys=True) + "\n")
