"""`argmap build`: every diagram of a topic, rendered only when its DOT changed.

The plan of a build is a list of targets (a diagram, a theme, a file name). Each target's
DOT is generated (cheap), then compared with the cache: the SVG is rendered again only when
the DOT's content hash differs from the one it was rendered from, or when the SVG on disk
is not the one the cache recorded. So a cache can never serve a stale picture, and a
corrupted or foreign cache is simply ignored. Every file is written atomically.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

from argmap import __version__, views
from argmap.documents import html
from argmap.files import inside, write_atomic
from argmap.model import Topic
from argmap.overlap import Overlap
from argmap.render import RenderError, render
from argmap.stamp import CACHE_NAME
from argmap.themes import THEMES, Theme
from argmap.views.common import Diagram

CACHE_VERSION = 1


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
    for a, b in combinations([s.id for s in topic.schools], 2):
        add(f"compare-{a}-vs-{b}", "compare", default, a=a, b=b)
    add("matrix", "matrix", default)
    add("timeline", "timeline", default)
    add("plan", "plan", default)
    add("slides/overlap", "overlap", slides)
    add("slides/matrix", "matrix", slides)
    add("slides/plan", "plan", slides)
    return out


def documents(topic: Topic, overlap: Overlap) -> dict[str, str]:
    """The written documents of a build, by file name."""
    from argmap.documents import markdown

    return {"plan.md": markdown.essay_plan(topic, overlap)}


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _load_cache(path: Path) -> dict[str, dict[str, str]]:
    """The cache, or an empty one if it is missing, corrupted or not ours."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != CACHE_VERSION:
        return {}
    entries = data.get("files")
    if not isinstance(entries, dict):
        return {}
    return {
        k: v
        for k, v in entries.items()
        if isinstance(k, str)
        and isinstance(v, dict)
        and all(isinstance(v.get(x), str) for x in ("dot", "svg"))
    }


def build(
    topic: Topic,
    overlap: Overlap,
    out_dir: Path,
    *,
    progress: Callable[[list[Target]], Iterator[Target]] = iter,
    dot_binary: str | None = None,
    inputs: str | None = None,
    source: str | None = None,
) -> Report:
    """Write every diagram of ``topic`` under ``out_dir/<topic-id>/``.

    ``inputs`` (stamp.inputs_digest) and ``source`` (stamp.source_name) are recorded so
    that the next build with the same inputs can stop early (stamp.fresh_output).
    """
    folder = inside(out_dir, topic.id)
    cache_path = folder / CACHE_NAME
    cache = _load_cache(cache_path)
    fresh: dict[str, dict[str, str]] = {}
    written: dict[str, str] = {}  # every file this build leaves, by its digest
    report = Report()
    plan = targets(topic, overlap)
    titles: dict[str, str] = {}
    for target in progress(plan):
        diagram = target.make()
        titles[target.stem] = diagram.title
        dot_bytes = diagram.source.encode("utf-8")
        dot_path = inside(folder, f"{target.stem}.dot")
        svg_path = inside(folder, f"{target.stem}.svg")
        if not dot_path.exists() or dot_path.read_bytes() != dot_bytes:
            write_atomic(dot_path, dot_bytes, durable=False)
        written[f"{target.stem}.dot"] = digest(dot_bytes)
        key = digest(dot_bytes + f"|{__version__}|{dot_binary or 'bundled'}".encode())
        old = cache.get(target.stem)
        if (
            old
            and old["dot"] == key
            and svg_path.exists()
            and digest(svg_path.read_bytes()) == old["svg"]
        ):
            report.unchanged.append(target.stem)
            fresh[target.stem] = old
            written[f"{target.stem}.svg"] = old["svg"]
            continue
        try:
            svg = render(
                diagram.source,
                "svg",
                diagram=target.stem,
                dot_binary=dot_binary,
                max_width=target.theme.max_width,
            )
        except RenderError as exc:
            report.failed.append(exc)  # the old picture stays; no cache entry, so retried
            continue
        write_atomic(svg_path, svg, durable=False)
        fresh[target.stem] = {"dot": key, "svg": digest(svg)}
        written[f"{target.stem}.svg"] = fresh[target.stem]["svg"]
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
    # Files this build wrote before and no longer makes (a school removed): only ours go.
    for stem in sorted(set(cache) - {t.stem for t in plan}):
        for suffix in (".dot", ".svg"):
            path = inside(folder, stem + suffix)
            if path.exists():
                path.unlink()
                report.removed.append(stem + suffix)
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
