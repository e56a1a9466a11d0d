"""`argmap build`: every diagram of a topic, rendered only when its DOT changed.

The plan of a build is a list of targets (a diagram, a theme, a file name). Each target's
DOT is generated (cheap), then compared with the cache: the SVG is rendered again only when
the DOT's content hash differs from the one it was rendered from, or when the SVG on disk
is not the one the cache recorded. So a cache can never serve a stale picture, and a
corrupted or foreign cache is simply ignored.

A build never leaves a partial file and never loses one it did not make: every file is
written atomically (a killed build leaves each output old or new, and the next build
repairs the rest and sweeps the temporary files a killed one left); only files that the
previous build recorded writing, unchanged since, are ever removed; and one build at a
time writes into a folder. Diagrams are drawn through one :class:`~argmap.render.Renderer`
(a worker process, with a time limit for each): a diagram that fails is reported and the
others are still written; a diagram too large to read is not drawn, with advice.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from argmap import __version__, registry, slugs
from argmap.analysis import Analysis
from argmap.documents import html
from argmap.files import UnsafePath, inside, write_atomic
from argmap.model import Topic
from argmap.render import DEFAULT_TIMEOUT, Job, Renderer, RenderError, TooLarge
from argmap.stamp import CACHE_NAME
from argmap.themes import THEMES
from argmap.views.common import Diagram

CACHE_VERSION = 1

# What files.write_atomic leaves behind when killed mid-write: ".<name>.<8 random>.tmp".
_TEMPORARY = re.compile(r"^\.(?P<name>.+)\.[a-z0-9_]{8}\.tmp$")


@dataclass
class Report:
    rendered: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[RenderError] = field(default_factory=list)
    skipped: list[TooLarge] = field(default_factory=list)  # too large to read: not drawn
    # Documents changed since argmap wrote them (or that it never wrote): left as they are.
    kept: list[Path] = field(default_factory=list)


def comparisons_refused(topic: Topic) -> TooLarge | None:
    """Why a build draws no comparison of two schools (too many pairs), or None."""
    n = len(topic.schools)
    if n <= registry.COMPARED_SCHOOLS:
        return None
    return TooLarge(
        "compare-*",
        f"{n} schools make {n * (n - 1) // 2:,} comparisons; a build draws every pair for "
        f"at most {registry.COMPARED_SCHOOLS} schools: draw the pairs you need with "
        "argmap compare A B",
    )


def school_slides_refused(topic: Topic) -> TooLarge | None:
    """Why a build draws no school's slides (too many schools to draw them all), or None."""
    n = len(topic.schools)
    if n <= registry.COMPARED_SCHOOLS:
        return None
    return TooLarge(
        "slides/school-*",
        f"{n} schools; a build draws the slides of every school for at most "
        f"{registry.COMPARED_SCHOOLS} schools: draw the ones you need with "
        "argmap school ID --theme slides",
    )


def expand(analysis: Analysis, target: registry.Target) -> list[tuple[str, Diagram]]:
    """The diagram (or the pages of the series) a build target draws, with their stems."""
    series = registry.view(target.view).draw(analysis, THEMES[target.theme], **target.options)
    return [(slugs.page_stem(target.stem, diagram.page), diagram) for diagram in series]


def drawings(analysis: Analysis) -> list[tuple[str, Diagram]]:
    """Every diagram a build writes, by stem, in build order."""
    return [d for t in registry.build_targets(analysis.topic) for d in expand(analysis, t)]


def documents(analysis: Analysis) -> dict[str, str]:
    """The written documents of a build, by file name (the exports that name one)."""
    out = {}
    for entry in registry.EXPORTS.values():
        if entry.build_file:
            made = entry.function()(analysis)
            out[entry.build_file] = made if isinstance(made, str) else made.decode("utf-8")
    return out


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class _Cache:
    """What the previous build recorded: the DOT key and SVG digest of each diagram it
    drew, and the digest of every file it left."""

    files: dict[str, dict[str, str]] = field(default_factory=dict)
    written: dict[str, str] = field(default_factory=dict)


def _load_cache(path: Path) -> _Cache:
    """The cache, or an empty one if it is missing, corrupted or not ours; entries of the
    wrong shape are dropped one by one."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return _Cache()
    if not isinstance(data, dict) or data.get("version") != CACHE_VERSION:
        return _Cache()
    entries = data.get("files")
    written = data.get("written")
    return _Cache(
        {
            k: v
            for k, v in (entries.items() if isinstance(entries, dict) else ())
            if isinstance(k, str)
            and isinstance(v, dict)
            and all(isinstance(v.get(x), str) for x in ("dot", "svg"))
        },
        {
            k: v
            for k, v in (written.items() if isinstance(written, dict) else ())
            if isinstance(k, str) and isinstance(v, str)
        },
    )


def _ours(folder: Path, name: str, recorded: str | None) -> Path | None:
    """The file ``name`` under ``folder`` if it is still exactly as a build recorded
    writing it (so it is ours to replace or remove), else None. A name that would leave
    the folder (a foreign cache's) is never ours."""
    if recorded is None:
        return None
    try:
        path = inside(folder, name)
    except UnsafePath:
        return None
    try:
        return path if path.is_file() and digest(path.read_bytes()) == recorded else None
    except OSError:
        return None


@contextmanager
def _one_build_at_a_time(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on the output folder while a build writes into it; a second
    build is refused rather than interleaved. The lock goes with the process, however it
    ends. (Systems without flock build unlocked.)"""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OSError(
                f"another argmap build is writing to {folder}: wait for it to finish"
            ) from None
        yield
    finally:
        os.close(fd)


def _sweep_temporary(folder: Path, names: set[str]) -> None:
    """Remove what a killed build left mid-write: the temporary files of ``names`` (the
    files a build writes, relative to ``folder``), never a finished output, and never a
    file of the user's that merely looks like one."""
    for dirpath, _, filenames in os.walk(folder):
        for name in filenames:
            match = _TEMPORARY.match(name)
            if match is None:
                continue
            own = Path(dirpath, match["name"]).relative_to(folder).as_posix()
            if own in names:
                Path(dirpath, name).unlink(missing_ok=True)


def _names(analysis: Analysis, cache: _Cache) -> set[str]:
    """Every file a build of ``analysis`` may write, and every one the last build wrote."""
    names = {CACHE_NAME, "index.html", *DECK_FILES, *cache.written}
    names |= {e.build_file for e in registry.EXPORTS.values() if e.build_file}
    for target in registry.build_targets(analysis.topic):
        names |= {f"{target.stem}.dot", f"{target.stem}.svg"}
    return names


def build(
    analysis: Analysis,
    out_dir: Path,
    *,
    progress: Callable[[list[registry.Target]], Iterator[registry.Target]] = iter,
    dot_binary: str | None = None,
    inputs: str | None = None,
    source: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    renderer: Renderer | None = None,
) -> Report:
    """Write every diagram and document of a topic under ``out_dir/<topic-id>/``.

    ``inputs`` (stamp.inputs_digest) and ``source`` (stamp.source_name) are recorded so
    that the next build with the same inputs can stop early (stamp.fresh_output).
    ``timeout`` limits each diagram's layout (seconds); ``renderer`` replaces the one
    made from ``dot_binary`` and ``timeout``.
    """
    folder = inside(out_dir, analysis.topic.id)
    folder.mkdir(parents=True, exist_ok=True)
    with (
        _one_build_at_a_time(folder),
        renderer or Renderer(timeout=timeout, dot_binary=dot_binary) as drawing,
    ):
        _sweep_temporary(folder, _names(analysis, _load_cache(folder / CACHE_NAME)))
        return _build(analysis, folder, drawing, progress, dot_binary, inputs, source)


@dataclass
class _Run:
    """What one build knows as it goes: the cache it read, and what it has written."""

    folder: Path
    cache: _Cache
    drawn_by: str  # argmap's version and the renderer, part of every cache key
    report: Report = field(default_factory=Report)
    fresh: dict[str, dict[str, str]] = field(default_factory=dict)
    written: dict[str, str] = field(default_factory=dict)  # every file left, by digest
    shown: dict[str, html.Drawn] = field(default_factory=dict)  # screen diagrams by stem

    def key(self, diagram: Diagram) -> str:
        """The cache key of a diagram: its DOT and everything else its SVG depends on."""
        s = diagram.settings
        extra = f"|{self.drawn_by}|{s.aspect}|{s.max_width}"
        return digest(diagram.source.encode("utf-8") + extra.encode())

    def keep(self, stem: str, theme: str, diagram: Diagram, svg: bytes) -> None:
        if theme == "default":
            self.shown[stem] = html.Drawn(stem, diagram.title, svg, diagram.entities, diagram.key)


def _build(
    analysis: Analysis,
    folder: Path,
    renderer: Renderer,
    progress: Callable[[list[registry.Target]], Iterator[registry.Target]],
    dot_binary: str | None,
    inputs: str | None,
    source: str | None,
) -> Report:
    cache_path = folder / CACHE_NAME
    run = _Run(folder, _load_cache(cache_path), f"{__version__}|{dot_binary or 'bundled'}")
    for refused in (comparisons_refused(analysis.topic), school_slides_refused(analysis.topic)):
        if refused is not None:
            run.report.skipped.append(refused)
    order: list[str] = []  # every stem, in plan order (results come back as they finish)

    def jobs() -> Iterator[Job]:
        """Each diagram's DOT written, and a job for each one whose SVG is not current:
        made lazily, so the workers draw while the next diagrams are generated."""
        for target in progress(registry.build_targets(analysis.topic)):
            for stem, diagram in expand(analysis, target):
                order.append(stem)
                if (svg := _current(run, stem, diagram)) is not None:
                    run.keep(stem, target.theme, diagram, svg)
                    continue
                s = diagram.settings
                yield Job(
                    diagram.source,
                    "svg",
                    diagram=stem,
                    aspect=s.aspect,
                    max_width=s.max_width,
                    key=(stem, target.theme, diagram),
                )

    for job, outcome in renderer.render_all(jobs()):
        stem, theme, diagram = job.key
        svg = _drawn(run, stem, diagram, outcome)
        if svg is not None:
            run.keep(stem, theme, diagram, svg)
        elif theme == "default":  # the page says so, in its place (never an older picture)
            run.shown[stem] = html.Drawn(
                stem, diagram.title, b"", {}, diagram.key, not_drawn=str(outcome)
            )
    rank = {stem: i for i, stem in enumerate(order)}
    report = run.report
    for listed in (report.rendered, report.unchanged):
        listed.sort(key=lambda stem: rank.get(stem, len(rank)))
    report.failed.sort(key=lambda e: rank.get(e.diagram, len(rank)))
    _deck(analysis, run, renderer, dot_binary)
    pages = documents(analysis)
    # The report: the overlap first, then the build's order.
    shown = sorted(run.shown.values(), key=lambda d: (d.stem != "overlap", rank[d.stem]))
    pages["index.html"] = html.report(analysis, shown)
    written = run.written
    for name, text in pages.items():
        path = inside(folder, name)
        data = text.encode("utf-8")
        if path.exists() and path.read_bytes() == data:
            report.unchanged.append(name)
        elif path.exists() and not _replaceable(path, run.cache.written.get(name)):
            report.kept.append(path)  # a person's edits: never written over
            continue
        else:
            write_atomic(path, data, durable=False)
            report.rendered.append(name)
        written[name] = digest(data)
    # Files the last build wrote and this one does not make (a school removed, a diagram
    # now too large): removed, but only if they are still exactly as that build left them.
    for name in sorted(set(run.cache.written) - set(written)):
        stale = _ours(folder, name, run.cache.written[name])
        if stale is not None:
            stale.unlink()
            report.removed.append(name)
    _write_cache(cache_path, source, inputs, report, run.fresh, written)
    return report


DECK_FILES = ("deck.html", "deck.pptx")


def _deck(analysis: Analysis, run: _Run, renderer: Renderer, dot_binary: str | None) -> None:
    """Write the deck (:mod:`argmap.deck`) as deck.html and deck.pptx, drawing its slides
    only when what it is made from changed: its cache entries hold the deck's key where a
    diagram's hold its DOT's, and the digest of the file written."""
    from argmap import deck

    n = len(analysis.topic.schools)
    if n > registry.COMPARED_SCHOOLS:
        run.report.skipped.append(
            TooLarge(
                "deck",
                f"a deck of {n} schools is longer than a lesson; a build writes the deck for "
                f"at most {registry.COMPARED_SCHOOLS} schools: make one with argmap deck "
                "TOPIC -o deck.pptx (--pair A,B to choose the comparisons)",
            )
        )
        return
    slides = deck.slides(analysis)
    key = deck.key(slides, dot_binary)
    old = {name: run.cache.files.get(name) for name in DECK_FILES}
    if all(
        entry and entry["dot"] == key and _ours(run.folder, name, entry["svg"])
        for name, entry in old.items()
    ):
        for name, entry in old.items():
            assert entry is not None
            run.fresh[name] = entry
            run.written[name] = entry["svg"]
            run.report.unchanged.append(name)
        return
    drawing = deck.draw(slides, renderer)
    run.report.skipped.extend(drawing.skipped)
    run.report.failed.extend(drawing.failed)
    if not drawing.drawn:
        return  # no deck of no slide (an older deck goes, as a picture not drawn does)
    made = {
        "deck.html": deck.html(analysis, drawing.drawn).encode("utf-8"),
        "deck.pptx": deck.pptx(analysis, drawing.drawn),
    }
    for name, data in made.items():
        path = inside(run.folder, name)
        if (
            path.exists()
            and not _replaceable(path, run.cache.written.get(name))
            and path.read_bytes() != data
        ):
            run.report.kept.append(path)  # a deck edited by hand: never written over
            continue
        if not path.exists() or path.read_bytes() != data:
            write_atomic(path, data, durable=False)
            run.report.rendered.append(name)
        else:
            run.report.unchanged.append(name)
        run.written[name] = digest(data)
        if not drawing.failed:  # else drawn again next time
            run.fresh[name] = {"dot": key, "svg": run.written[name]}


def _replaceable(path: Path, recorded: str | None) -> bool:
    """Whether a document may be written over: it is still as the last build left it, or
    empty (a write cut short by a power cut). Anything else is a person's: kept."""
    try:
        data = path.read_bytes()
    except OSError:
        return True  # gone, or not a file: writing says why
    return not data or (recorded is not None and digest(data) == recorded)


def _write_cache(
    cache_path: Path,
    source: str | None,
    inputs: str | None,
    report: Report,
    fresh: dict[str, dict[str, str]],
    written: dict[str, str],
) -> None:
    write_atomic(
        cache_path,
        json.dumps(
            {
                "version": CACHE_VERSION,
                "source": source,
                # A failed diagram, or a document kept, means the next build must look
                # again: no fast path.
                "inputs": inputs if not (report.failed or report.kept) else None,
                "files": fresh,
                "written": written,
            },
            indent=1,
            sort_keys=True,
        )
        + "\n",
    )


def _current(run: _Run, stem: str, diagram: Diagram) -> bytes | None:
    """Write a diagram's DOT (when it changed); its SVG when the one on disk is current
    (drawn from this very DOT, and still as the last build wrote it), else None."""
    dot_bytes = diagram.source.encode("utf-8")
    dot_name, svg_name = f"{stem}.dot", f"{stem}.svg"
    dot_path = inside(run.folder, dot_name)
    if not dot_path.exists() or dot_path.read_bytes() != dot_bytes:
        write_atomic(dot_path, dot_bytes, durable=False)
    run.written[dot_name] = digest(dot_bytes)
    old = run.cache.files.get(stem)
    if old and old["dot"] == run.key(diagram) and (path := _ours(run.folder, svg_name, old["svg"])):
        run.report.unchanged.append(stem)
        run.fresh[stem] = old
        run.written[svg_name] = old["svg"]
        return path.read_bytes()
    return None


def _drawn(run: _Run, stem: str, diagram: Diagram, outcome: bytes | RenderError) -> bytes | None:
    """Write what a worker drew; its SVG, or None when it was not drawn (too large, or
    Graphviz failed: an older picture that is ours then stays, and is retried next time)."""
    svg_name = f"{stem}.svg"
    if isinstance(outcome, TooLarge):
        run.report.skipped.append(outcome)  # an older picture of it goes (below): stale
        return None
    if isinstance(outcome, RenderError):
        run.report.failed.append(outcome)
        if _ours(run.folder, svg_name, run.cache.written.get(svg_name)):
            run.written[svg_name] = run.cache.written[svg_name]
        return None
    write_atomic(inside(run.folder, svg_name), outcome, durable=False)
    run.fresh[stem] = {"dot": run.key(diagram), "svg": digest(outcome)}
    run.written[svg_name] = run.fresh[stem]["svg"]
    run.report.rendered.append(stem)
    return outcome
