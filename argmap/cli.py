"""The command line: click, and the only module that prints.

Exit status: 0 ok, 1 bad input (every problem printed as path:line:col: error: ...),
2 usage. No input makes it print a traceback.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from argmap import __version__

DEFAULT_TOPIC = Path("interpretations") / "stalin-rise"
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


class InputProblems(click.ClickException):
    """The input has problems: print each one, then a count; exit 1."""

    exit_code = 1

    def __init__(self, problems: list[Any], summary: str) -> None:
        super().__init__(summary)
        self.problems = problems

    def show(self, file: Any = None) -> None:
        for problem in self.problems:
            click.echo(str(problem), err=True)
        click.echo(self.message, err=True)


def fail(message: str) -> NoReturn:
    """Bad input that is not a located problem (a file exists, a folder is missing)."""
    raise click.ClickException(message)


def cannot_write(exc: OSError) -> str:
    """Why a path cannot be written, in words (the path itself is the caller's to say)."""
    if isinstance(exc, (FileExistsError, NotADirectoryError)):
        return "a part of the path is a file, not a folder"
    return exc.strerror or str(exc)


def write_output(path: Path, data: bytes | str) -> None:
    """Write a file the user named, atomically; one that cannot be written is a message."""
    from argmap.files import write_atomic

    try:
        write_atomic(path, data)
    except OSError as exc:
        fail(f"cannot write {path}: {cannot_write(exc)}")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


def _count(problems: list[Any]) -> str:
    errors = sum(1 for p in problems if p.is_error)
    return f"{_plural(errors, 'error')}, {_plural(len(problems) - errors, 'warning')}"


def resolve_topic(topic: str | None) -> str:
    if topic:
        return topic
    if DEFAULT_TOPIC.exists():
        return str(DEFAULT_TOPIC)
    raise click.UsageError(
        f"no TOPIC given, and there is no {DEFAULT_TOPIC} here: name a topic folder or file"
    )


def load_checked(topic: str | None, *, strict: bool = False, show_warnings: bool = False):
    """Check a topic; on errors (or warnings under --strict) exit 1 with every problem."""
    from argmap.check import check_topic
    from argmap.load import TopicNotFound

    try:
        result = check_topic(resolve_topic(topic))
    except TopicNotFound as exc:
        raise click.BadParameter(str(exc), param_hint="TOPIC") from None
    failing = result.errors or (strict and result.warnings)
    if failing:
        raise InputProblems(result.problems, f"{_count(result.problems)}: nothing written")
    if show_warnings:
        for problem in result.warnings:
            click.echo(str(problem), err=True)
    assert result.topic is not None
    return result


TOPIC_ARG = click.argument("topic", required=False, metavar="[TOPIC]")
DOT_OPTION = click.option(
    "--dot",
    "dot_binary",
    metavar="PROGRAM",
    help="Render with this Graphviz `dot` program instead of the bundled library.",
)
OUT_DIR_OPTION = click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("output"),
    show_default=True,
    help="Folder to write into (under <topic-id>/).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="argmap")
def cli() -> None:
    """Check historiography argument maps written as YAML and compile them into diagrams.

    TOPIC is a topic folder (topic.yaml, historians.yaml, evidence.yaml, schools/*.yaml)
    or a one-file topic; without it, commands use interpretations/stalin-rise.

    \b
    Example:
      argmap check interpretations/stalin-rise --strict
    """


@cli.command()
@TOPIC_ARG
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
def check(topic: str | None, strict: bool) -> None:
    """Validate a topic: every problem as path:line:col: error|warning: message.

    \b
    Example:
      argmap check interpretations/stalin-rise --strict
    """
    result = load_checked(topic, strict=strict, show_warnings=True)
    t = result.topic
    counts = [
        _plural(len(t.schools), "school"),
        _plural(len(t.claims), "claim"),
        _plural(len(t.evidence), "evidence item"),
        _plural(len(t.historians), "historian"),
        _plural(len(t.factors), "factor"),
    ]
    click.echo(f"{t.id}: {', '.join(counts)}; {_count(result.problems)}")


@cli.command(name="list")
@TOPIC_ARG
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of tables.")
def list_(topic: str | None, as_json: bool) -> None:
    """Schools, claims, historians, evidence, factors, and what each pair of schools shares.

    \b
    Example:
      argmap list
      argmap list interpretations/stalin-rise --json
    """
    from argmap import listing
    from argmap.overlap import analyse

    t = load_checked(topic).topic
    overlap = analyse(t)
    if as_json:
        click.echo(json.dumps(listing.summary(t, overlap), indent=2, ensure_ascii=False))
    else:
        click.echo(listing.text(t, overlap), nl=False)


@cli.command()
def schema() -> None:
    """Print the JSON Schema of the format (version 1).

    Editors that use yaml-language-server complete and check keys with it when a file
    starts with '# yaml-language-server: $schema=PATH'.

    \b
    Example:
      argmap schema > format-1.schema.json
    """
    from argmap.scaffold import schema_path

    click.echo(schema_path().read_text(encoding="utf-8"), nl=False)


@cli.command(context_settings={"ignore_unknown_options": False})
@click.argument("what", nargs=-1, required=True, metavar="TOPIC | school ID [TOPIC]")
def new(what: tuple[str, ...]) -> None:
    """Scaffold a new topic folder, or a new school in a topic; both pass `check`.

    \b
    Examples:
      argmap new cold-war-origins             # a topic folder, ready to edit
      argmap new school revisionist cold-war-origins
    """
    from argmap import scaffold

    if what[0] == "school":
        if len(what) not in (2, 3):
            raise click.UsageError("usage: argmap new school ID [TOPIC]")
        school_id = what[1]
        if not SLUG_RE.match(school_id):
            raise click.BadParameter(
                f"'{school_id}' is not an id: use lowercase letters, digits and hyphens",
                param_hint="ID",
            )
        folder = Path(resolve_topic(what[2] if len(what) == 3 else None))
        if not (folder / "topic.yaml").is_file():
            fail(f"{folder} is not a topic folder (it has no topic.yaml)")
        t = load_checked(str(folder)).topic
        files = {
            folder / "schools" / f"{school_id}.yaml": scaffold.school_text(
                school_id,
                t.historians[0].id if t.historians else None,
                t.evidence[0].id if t.evidence else None,
                t.factors[0].id if t.factors else None,
            )
        }
        if school_id in t.school:
            fail(f"the topic already has a school '{school_id}'")
    else:
        if len(what) != 1:
            raise click.UsageError("usage: argmap new TOPIC  or  argmap new school ID [TOPIC]")
        folder = Path(what[0])
        topic_id = folder.name
        if not SLUG_RE.match(topic_id):
            raise click.BadParameter(
                f"the folder name '{topic_id}' becomes the topic id: use lowercase letters, "
                "digits and hyphens",
                param_hint="TOPIC",
            )
        if folder.exists() and any(folder.iterdir()):
            fail(f"{folder} already exists and is not empty: nothing written")
        files = scaffold.topic_files(folder, topic_id)
    for path in files:
        if path.exists():
            fail(f"{path} already exists: nothing written")
    for path, body in files.items():
        write_output(path, scaffold.schema_comment(path) + body)
        click.echo(f"wrote {path}")


FORMAT_CHOICES = ("svg", "png", "pdf", "dot")


def timeout_option(func: Any) -> Any:
    """--timeout: the longest one diagram's layout may take (a build goes on without it)."""
    return click.option(
        "--timeout",
        type=click.FloatRange(min=0, min_open=True),
        default=60.0,
        show_default=True,
        metavar="SECONDS",
        help="Stop a diagram whose layout takes longer than this, and report it.",
    )(func)


def diagram_options(func: Any) -> Any:
    """-o, -f, --theme, --dot and --timeout: shared by every command that draws one diagram."""
    from argmap.themes import THEMES

    func = timeout_option(func)
    func = DOT_OPTION(func)
    func = click.option(
        "--theme",
        type=click.Choice(list(THEMES)),
        default="default",
        show_default=True,
        help="default (screen), slides (16:9, large type) or print (greyscale).",
    )(func)
    func = click.option(
        "-f",
        "--format",
        "fmt",
        type=click.Choice(FORMAT_CHOICES),
        help="Output format; default: from the file name, else svg.",
    )(func)
    func = click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, path_type=Path),
        help="File to write; default: standard output.",
    )(func)
    return func


def draw(
    kind: str,
    topic: str | None,
    output: Path | None,
    fmt: str | None,
    theme: str,
    dot_binary: str | None,
    timeout: float,
    **options: str,
) -> None:
    """Check the topic, build one view, render it, write it (atomically) or print it."""
    from argmap import views
    from argmap.overlap import analyse
    from argmap.problems import did_you_mean
    from argmap.render import Renderer, RenderError
    from argmap.themes import THEMES

    t = load_checked(topic).topic
    for name, value in options.items():
        if name == "focus" and value is not None and value not in t.factor:
            raise click.BadParameter(
                f"no factor '{value}' in {t.id}{did_you_mean(value, t.factor)}; "
                f"factors: {', '.join(t.factor)}",
                param_hint="--focus",
            )
        if name in ("school", "a", "b") and value not in t.school:
            raise click.BadParameter(
                f"no school '{value}' in {t.id}{did_you_mean(value, t.school)}; "
                f"schools: {', '.join(t.school)}",
                param_hint=name.upper() if name != "school" else "ID",
            )
    if fmt is None:
        suffix = output.suffix.lower().lstrip(".") if output else ""
        fmt = suffix if suffix in FORMAT_CHOICES else "svg"
    if output is None and fmt in ("png", "pdf") and sys.stdout.isatty():
        raise click.UsageError(f"{fmt} is binary: write it to a file with -o FILE")
    chosen = THEMES[theme]
    diagram = views.get(kind)(t, analyse(t), chosen, **options)
    try:
        with Renderer(timeout=timeout, dot_binary=dot_binary) as renderer:
            data = renderer.render(
                diagram.source, fmt, diagram=diagram.name, max_width=chosen.max_width
            )
    except RenderError as exc:
        fail(str(exc))
    if output is None:
        click.get_binary_stream("stdout").write(data)
    else:
        write_output(output, data)
        click.echo(f"wrote {output}", err=True)


@cli.command()
@click.argument("school_id", metavar="ID")
@TOPIC_ARG
@diagram_options
def school(school_id: str, topic: str | None, **kw: Any) -> None:
    """One school: thesis, claims, evidence under each claim, historians, support.

    \b
    Example:
      argmap school power-politics -o power-politics.svg
    """
    draw("school", topic, school=school_id, **kw)


@cli.command()
@TOPIC_ARG
@diagram_options
def overlap(topic: str | None, **kw: Any) -> None:
    """All schools at once: what they share (between them) and where they clash.

    \b
    Example:
      argmap overlap -o overlap.svg
      argmap overlap --theme slides -o overlap-slide.svg
    """
    draw("overlap", topic, **kw)


@cli.command()
@click.argument("a")
@click.argument("b")
@TOPIC_ARG
@diagram_options
def compare(a: str, b: str, topic: str | None, **kw: Any) -> None:
    """Two schools side by side: A left, B right, shared ground in the middle.

    \b
    Example:
      argmap compare power-politics ideological -o compare.png
    """
    if a == b:
        raise click.UsageError("compare needs two different schools")
    draw("compare", topic, a=a, b=b, **kw)


@cli.command()
@TOPIC_ARG
@diagram_options
def matrix(topic: str | None, **kw: Any) -> None:
    """A school x school table of what each pair shares and where it conflicts.

    \b
    Example:
      argmap matrix --theme print -o matrix.pdf
    """
    draw("matrix", topic, **kw)


@cli.command()
@TOPIC_ARG
@diagram_options
def timeline(topic: str | None, **kw: Any) -> None:
    """Dated evidence in order, one row per year, tagged with the schools that cite it.

    \b
    Example:
      argmap timeline -o timeline.svg
    """
    draw("timeline", topic, **kw)


@cli.command()
@TOPIC_ARG
@click.option(
    "--by",
    type=click.Choice(["factor", "school"]),
    default="factor",
    show_default=True,
    help="One branch per factor (a thematic essay) or per school.",
)
@click.option(
    "--focus",
    metavar="FACTOR",
    help='Plan a "how far do you agree that FACTOR..." essay: that factor first.',
)
@diagram_options
def plan(topic: str | None, by: str, focus: str | None, **kw: Any) -> None:
    """The essay plan: question, one branch per factor (or school), claims with evidence
    and historians, counter-arguments, and a conclusion on common and contested ground.

    \b
    Examples:
      argmap plan -o plan.svg
      argmap plan --focus party-apparatus -o focus.svg
      argmap plan --by school --theme print -o plan.pdf
    """
    draw("plan", topic, by=by, focus=focus, **kw)


@cli.command()
@TOPIC_ARG
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["json", "markdown", "argdown", "aif"]),
    required=True,
    help="json: the checked model and overlap analysis (docs/json.md); markdown: the "
    "written essay plan with a bibliography; argdown: an .argdown file for Argdown's tools; "
    "aif: Argument Interchange Format JSON for AIFdb and OVA.",
)
@click.option(
    "--focus", metavar="FACTOR", help="Plan a 'how far do you agree' essay (-f markdown only)."
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write; default: standard output.",
)
def export(topic: str | None, fmt: str, focus: str | None, output: Path | None) -> None:
    """The topic in another format: the whole model as JSON, the written essay plan
    (Markdown), an Argdown file, or Argument Interchange Format (AIF) JSON.

    \b
    Examples:
      argmap export -f markdown -o plan.md
      argmap export -f json -o stalin-rise.json
      argmap export -f argdown -o stalin-rise.argdown
      argmap export -f aif -o stalin-rise.aif.json
    """
    from argmap.documents import aif, argdown, json_export, markdown
    from argmap.overlap import analyse
    from argmap.problems import did_you_mean

    if focus is not None and fmt != "markdown":
        raise click.UsageError("--focus plans an essay: use it with -f markdown")
    t = load_checked(topic).topic
    if focus is not None and focus not in t.factor:
        raise click.BadParameter(
            f"no factor '{focus}'{did_you_mean(focus, t.factor)}", param_hint="--focus"
        )
    overlap = analyse(t)
    if fmt == "json":
        text = json_export.to_json(t, overlap)
    elif fmt == "argdown":
        text = argdown.to_argdown(t, overlap)
    elif fmt == "aif":
        text = aif.to_aif(t, overlap)
    else:
        text = markdown.essay_plan(t, overlap, focus=focus)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_output(output, text)
        click.echo(f"wrote {output}", err=True)


@cli.command()
@TOPIC_ARG
@OUT_DIR_OPTION
@DOT_OPTION
@timeout_option
def build(topic: str | None, out_dir: Path, dot_binary: str | None, timeout: float) -> None:
    """Every diagram of a topic, as SVG and DOT, re-rendering only what changed.

    Writes OUTPUT/<topic-id>/: school-<id>, overlap, compare-<a>-vs-<b>, matrix,
    timeline, plan, slides/ (overlap, matrix and plan in the slide theme), plan.md
    (the written essay plan) and index.html (every diagram on one page, offline).

    A diagram too large to read is not drawn (a note says what to draw instead); a
    diagram Graphviz fails on is reported and the others are still written (exit 1).

    \b
    Example:
      argmap build interpretations/stalin-rise -o output
    """
    from argmap import stamp

    topic = resolve_topic(topic)
    inputs = stamp.inputs_digest(topic, dot_binary) if Path(topic).exists() else None
    fresh = stamp.fresh_output(out_dir, topic, inputs) if inputs and out_dir.is_dir() else None
    if fresh is not None:  # same inputs, every output as written: nothing to parse or draw
        folder, count = fresh
        click.echo(f"{folder}: 0 rendered, {count} files unchanged (inputs unchanged)")
        return

    from argmap.build import Target
    from argmap.build import build as run_build
    from argmap.files import UnsafePath
    from argmap.overlap import analyse

    t = load_checked(topic).topic

    def progress(plan: list[Target]):  # noqa: ANN202
        if not sys.stderr.isatty():
            yield from plan
            return
        with click.progressbar(
            plan,
            label=f"Building {t.id}",
            file=sys.stderr,
            item_show_func=lambda x: x.stem if x else "",
        ) as bar:
            yield from bar

    try:
        report = run_build(
            t,
            analyse(t),
            out_dir,
            progress=progress,
            dot_binary=dot_binary,
            inputs=inputs,
            source=stamp.source_name(topic, out_dir),
            timeout=timeout,
        )
    except UnsafePath as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"cannot write to {out_dir}: {cannot_write(exc)}")
    for note in report.skipped:
        click.echo(f"note: {note}", err=True)
    for error in report.failed:
        click.echo(f"error: {error}", err=True)
    click.echo(
        f"{out_dir / t.id}: {len(report.rendered)} rendered, {len(report.unchanged)} unchanged"
        + (f", {len(report.removed)} removed" if report.removed else "")
        + (f", {len(report.skipped)} too large to draw" if report.skipped else "")
        + (f", {len(report.failed)} failed" if report.failed else "")
    )
    if report.failed:
        sys.exit(1)


@cli.command()
@TOPIC_ARG
@OUT_DIR_OPTION
@DOT_OPTION
def watch(topic: str | None, out_dir: Path, dot_binary: str | None) -> None:
    """Rebuild a topic, as `build` does, every time one of its files is saved.

    Problems are printed as they appear and a bad edit never stops the watch: fix the
    file, save, and it builds again. Ctrl-C ends it.

    \b
    Example:
      argmap watch interpretations/stalin-rise -o output
    """
    import time

    from argmap import watch as watching

    path = resolve_topic(topic)

    def step() -> None:
        outcome = watching.rebuild(path, out_dir, dot_binary=dot_binary)
        stamp = time.strftime("%H:%M:%S")
        for problem in outcome.problems:
            click.echo(str(problem), err=True)
        if outcome.error:
            click.echo(f"{stamp} error: {outcome.error}", err=True)
        report = outcome.report
        if report is None:
            if outcome.problems:
                click.echo(f"{stamp} {_count(list(outcome.problems))}: nothing written", err=True)
            click.echo(f"{stamp} waiting for a change to {path}", err=True)
            return
        for note in report.skipped:
            click.echo(f"{stamp} note: {note}", err=True)
        for error in report.failed:
            click.echo(f"{stamp} error: {error}", err=True)
        click.echo(
            f"{stamp} {outcome.folder}: {len(report.rendered)} rendered, "
            f"{len(report.unchanged)} unchanged"
            + (f", {len(report.removed)} removed" if report.removed else "")
            + (f", {len(report.failed)} failed" if report.failed else "")
        )

    click.echo(f"watching {path} (Ctrl-C to stop)", err=True)
    try:
        watching.watch(step, lambda: watching.fingerprint(Path(path)))
    except KeyboardInterrupt:
        click.echo("stopped watching", err=True)


def main() -> None:
    """Entry point: click's own handling, plus a last guard so no traceback reaches a user."""
    try:
        cli.main(prog_name="argmap", standalone_mode=True)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - a bug must still not show a traceback
        click.echo(f"argmap: internal error: {type(exc).__name__}: {exc}", err=True)
        click.echo("please report this with the input that caused it", err=True)
        sys.exit(70)
