"""The pipeline, stage by stage, as plain functions: what the command line, ``watch`` and
the deck run. Nothing here prints; every outcome is data.

    files --load/check--> problems | Topic --analyse--> Analysis --draw--> Diagrams (DOT)
          --render--> SVG/PNG/PDF bytes;   Analysis --export--> documents;
    build = draw + render every registered diagram + the documents, incrementally.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from argmap.problems import Problem

if TYPE_CHECKING:  # stages are imported when run: `argmap check` never loads Graphviz
    from argmap.analysis import Analysis
    from argmap.build import Report
    from argmap.check import Result
    from argmap.registry import Target
    from argmap.render import Renderer
    from argmap.themes import Theme
    from argmap.views.common import Diagram


def check(topic: str) -> Result:
    """Load and check a topic folder or one-file topic (raises only TopicNotFound)."""
    from argmap.check import check_topic

    return check_topic(topic)


def analyse(result: Result) -> Analysis:
    """The shared analyses of a checked topic (``result`` must have no error)."""
    from argmap.analysis import Analysis

    assert result.topic is not None, "analyse a topic only once it checks"
    return Analysis.of(result.topic)


def draw(analysis: Analysis, view: str, theme: Theme, **options: Any) -> tuple[Diagram, ...]:
    """One view of the topic: one diagram, or a series of pages."""
    from argmap import registry

    return registry.view(view).draw(analysis, theme, **options)


def render(diagram: Diagram, fmt: str, renderer: Renderer) -> bytes:
    """One diagram drawn as ``fmt`` (svg, png, pdf, dot) by ``renderer``."""
    return renderer.render(
        diagram.source,
        fmt,
        diagram=diagram.name,
        max_width=diagram.settings.max_width,
        aspect=diagram.settings.aspect,
    )


def export(analysis: Analysis, fmt: str, **options: Any) -> str | bytes:
    """The topic in another format (a registered export)."""
    from argmap import registry

    return registry.EXPORTS[fmt].function()(analysis, **options)


@dataclass(frozen=True)
class Outcome:
    """One build of a topic from its files: the problems of the check; the build's report
    when it ran; ``fresh`` (files unchanged) when nothing had changed since the last build;
    or an error that stopped it (the topic is missing, the output cannot be written)."""

    problems: tuple[Problem, ...] = ()
    report: Report | None = None
    fresh: int | None = None
    error: str | None = None
    folder: Path | None = None  # where the build wrote: OUTPUT/<topic-id>

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.is_error)


def build(
    topic: str,
    out_dir: Path,
    *,
    dot_binary: str | None = None,
    timeout: float | None = None,
    strict: bool = False,
    progress: Callable[[list[Target]], Iterator[Target]] | None = None,
) -> Outcome:
    """Check ``topic`` and build every diagram and document of it into ``out_dir``,
    re-rendering only what changed, and stopping before any parsing when nothing did.
    Bad input is an outcome (its problems), never an exception."""
    from argmap import stamp

    inputs = stamp.inputs_digest(topic, dot_binary) if Path(topic).exists() else None
    if inputs and out_dir.is_dir():
        fresh = stamp.fresh_output(out_dir, topic, inputs)
        if fresh is not None:  # same inputs, every output as written: nothing to do
            return Outcome(fresh=fresh[1], folder=fresh[0])
    from argmap.files import UnsafePath, cannot_write
    from argmap.load import TopicNotFound

    try:
        result = check(topic)
    except TopicNotFound as exc:
        return Outcome(error=str(exc))
    except OSError as exc:  # a file vanished or changed under the check: look again later
        return Outcome(error=f"cannot read {topic}: {exc.strerror or exc}")
    problems = tuple(result.problems)
    if result.errors or (strict and result.warnings) or result.topic is None:
        return Outcome(problems=problems)
    from argmap.build import build as build_all
    from argmap.render import DEFAULT_TIMEOUT

    home = Path(topic).resolve()
    home = home.parent if home.is_file() else home
    if (out_dir / result.topic.id).resolve() == home:  # outputs among the inputs
        return Outcome(
            problems=problems,
            error=f"cannot build into {out_dir / result.topic.id}: it is the topic's own "
            "folder; build into another folder (-o)",
        )
    try:
        report = build_all(
            analyse(result),
            out_dir,
            progress=progress or iter,
            dot_binary=dot_binary,
            inputs=inputs,
            source=stamp.source_name(topic, out_dir),
            timeout=timeout or DEFAULT_TIMEOUT,
        )
    except UnsafePath as exc:
        return Outcome(problems=problems, error=str(exc))
    except OSError as exc:  # named where it failed, not where the build was asked to write
        where = exc.filename if isinstance(exc.filename, str) and exc.filename else out_dir
        return Outcome(problems=problems, error=f"cannot write to {where}: {cannot_write(exc)}")
    return Outcome(problems=problems, report=report, folder=out_dir / result.topic.id)


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


def count(problems: tuple[Problem, ...] | list[Problem]) -> str:
    """``2 errors, 1 warning``."""
    errors = sum(1 for p in problems if p.is_error)
    return f"{plural(errors, 'error')}, {plural(len(problems) - errors, 'warning')}"


def summary(outcome: Outcome) -> str:
    """The one line that says what a build did."""
    if outcome.fresh is not None:
        return f"{outcome.folder}: 0 rendered, {outcome.fresh} files unchanged (inputs unchanged)"
    report = outcome.report
    if report is None:
        return f"{count(outcome.problems)}: nothing written"
    return (
        f"{outcome.folder}: {len(report.rendered)} rendered, {len(report.unchanged)} unchanged"
        + (f", {len(report.removed)} removed" if report.removed else "")
        + (f", {len(report.skipped)} too large to draw" if report.skipped else "")
        + (f", {len(report.failed)} failed" if report.failed else "")
        + (f", {len(report.kept)} kept" if report.kept else "")
    )
