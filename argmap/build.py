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
from itertools import combinations
from pathlib import Path

from argmap import __version__, views
from argmap.documents import html
from argmap.files import UnsafePath, inside, write_atomic
from argmap.model import Topic
from argmap.overlap import Overlap
from argmap.render import DEFAULT_TIMEOUT, LIMITS, Renderer, RenderError, TooLarge
from argmap.stamp import CACHE_NAME
from argmap.themes import THEMES, Theme
from argmap.views.common import Diagram

CACHE_VERSION = 1

# What files.write_atomic leaves behind when killed mid-write: ".<name>.<8 random>.tmp".
_TEMPORARY = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp$")


@dataclass(frozen=True)
class Target:
    """One diagram to write: ``<stem>.dot`` and ``<stem>.svg`` under the topic folder."""

    stem: str  # relative, e.g. "overlap" or "slides/matrix"
    make: Callable[[], Diagram]
    theme: Theme


@dataclass
class Report:
    rendered: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[RenderError] = field(default_factory=list)
    skipped: list[TooLarge] = field(default_factory=list)  # too large to read: not drawn


def targets(topic: Topic, overlap: Overlap) -> list[Target]:
    """Every diagram of a topic, with file names that say what they hold."""
    default, slides = THEMES["default"], THEMES["slides"]
    out: list[Target] = []

    def add(stem: str, kind: str, theme: Theme, **options: str) -> None:
        view = views.get(kind)
        out.append(Target(stem, lambda: view(topic, overlap, theme, **options), theme))

    for school in topic.schools:
        add(f"school-{school.id}", "school", default, school=school.id)
    add("overlap", "overlap", default)
    if comparisons_refused(topic) is None:
        for a, b in combinations([s.id for s in topic.schools], 2):
            add(f"compare-{a}-vs-{b}", "compare", default, a=a, b=b)
    add("matrix", "matrix", default)
    add("timeline", "timeline", default)
    add("plan", "plan", default)
    add("slides/overlap", "overlap", slides)
    add("slides/matrix", "matrix", slides)
    add("slides/plan", "plan", slides)
    return out


def comparisons_refused(topic: Topic) -> TooLarge | None:
    """Why a build draws no comparison of two schools (too many pairs), or None."""
    n = len(topic.schools)
    if n <= LIMITS.compared_schools:
        return None
    return TooLarge(
        "compare-*",
        f"{n} schools make {n * (n - 1) // 2:,} comparisons; a build draws every pair for "
        f"at most {LIMITS.compared_schools} schools: draw the pairs you need with "
        "argmap compare A B",
    )


def documents(topic: Topic, overlap: Overlap) -> dict[str, str]:
    """The written documents of a build, by file name."""
    from argmap.documents import markdown

    return {"plan.md": markdown.essay_plan(topic, overlap)}


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


def _sweep_temporary(folder: Path) -> None:
    """Remove what a killed build left mid-write (never a finished output)."""
    for dirpath, _, filenames in os.walk(folder):
        for name in filenames:
            if _TEMPORARY.match(name):
                Path(dirpath, name).unlink(missing_ok=True)


def build(
    topic: Topic,
    overlap: Overlap,
    out_dir: Path,
    *,
    progress: Callable[[list[Target]], Iterator[Target]] = iter,
    dot_binary: str | None = None,
    inputs: str | None = None,
    source: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    renderer: Renderer | None = None,
) -> Report:
    """Write every diagram of ``topic`` under ``out_dir/<topic-id>/``.

    ``inputs`` (stamp.inputs_digest) and ``source`` (stamp.source_name) are recorded so
    that the next build with the same inputs can stop early (stamp.fresh_output).
    ``timeout`` limits each diagram's layout (seconds); ``renderer`` replaces the one
    made from ``dot_binary`` and ``timeout``.
    """
    folder = inside(out_dir, topic.id)
    folder.mkdir(parents=True, exist_ok=True)
    with (
        _one_build_at_a_time(folder),
        renderer or Renderer(timeout=timeout, dot_binary=dot_binary) as drawing,
    ):
        _sweep_temporary(folder)
        return _build(topic, overlap, folder, drawing, progress, dot_binary, inputs, source)


def _build(
    topic: Topic,
    overlap: Overlap,
    folder: Path,
    renderer: Renderer,
    progress: Callable[[list[Target]], Iterator[Target]],
    dot_binary: str | None,
    inputs: str | None,
    source: str | None,
) -> Report:
    cache_path = folder / CACHE_NAME
    cache = _load_cache(cache_path)
    fresh: dict[str, dict[str, str]] = {}
    written: dict[str, str] = {}  # every file this build leaves, by its digest
    report = Report()
    refused = comparisons_refused(topic)
    if refused is not None:
        report.skipped.append(refused)
    plan = targets(topic, overlap)
    titles: dict[str, str] = {}
    for target in progress(plan):
        diagram = target.make()
        titles[target.stem] = diagram.title
        dot_bytes = diagram.source.encode("utf-8")
        dot_name, svg_name = f"{target.stem}.dot", f"{target.stem}.svg"
        dot_path = inside(folder, dot_name)
        svg_path = inside(folder, svg_name)
        if not dot_path.exists() or dot_path.read_bytes() != dot_bytes:
            write_atomic(dot_path, dot_bytes, durable=False)
        written[dot_name] = digest(dot_bytes)
        key = digest(dot_bytes + f"|{__version__}|{dot_binary or 'bundled'}".encode())
        old = cache.files.get(target.stem)
        if old and old["dot"] == key and _ours(folder, svg_name, old["svg"]):
            report.unchanged.append(target.stem)
            fresh[target.stem] = old
            written[svg_name] = old["svg"]
            continue
        try:
            svg = renderer.render(
                diagram.source, "svg", diagram=target.stem, max_width=target.theme.max_width
            )
        except TooLarge as exc:
            report.skipped.append(exc)  # an older picture of it goes (below): it is stale
            continue
        except RenderError as exc:
            report.failed.append(exc)  # the old picture stays; no cache entry, so retried
            if _ours(folder, svg_name, cache.written.get(svg_name)):
                written[svg_name] = cache.written[svg_name]
            continue
        write_atomic(svg_path, svg, durable=False)
        fresh[target.stem] = {"dot": key, "svg": digest(svg)}
        written[svg_name] = fresh[target.stem]["svg"]
        report.rendered.append(target.stem)
    pages = documents(topic, overlap)
    # The report inlines the SVGs this build just wrote, so it comes after them.
    pages["index.html"] = html.report_from_folder(topic, overlap, folder, titles=titles)
    for name, text in pages.items():
        path = inside(folder, name)
        data = text.encode("utf-8")
        written[name] = digest(data)
        if not path.exists() or path.read_bytes() != data:
            write_atomic(path, data, durable=False)
            report.rendered.append(name)
        else:
            report.unchanged.append(name)
    # Files the last build wrote and this one does not make (a school removed, a diagram
    # now too large): removed, but only if they are still exactly as that build left them.
    for name in sorted(set(cache.written) - set(written)):
        path = _ours(folder, name, cache.written[name])
        if path is not None:
            path.unlink()
            report.removed.append(name)
    write_atomic(
        cache_path,
        json.dumps(
            {
                "version": CACHE_VERSION,
                "source": source,
                # A failed diagram means the next build must try again: no fast path.
                "inputs": inputs if not report.failed else None,
                "files": fresh,
                "written": written,
            },
            indent=1,
            sort_keys=True,
        )
        + "\n",
    )
    return report
