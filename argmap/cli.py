"""The command line: click, and the only module that prints.

Exit status: 0 ok, 1 bad input (every problem printed as path:line:col: error: ...),
2 usage. No input makes it print a traceback.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from argmap import __version__, slugs
from argmap.pipeline import count, plural

DEFAULT_TOPIC = Path("interpretations") / "stalin-rise"


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


def _write_schemas(folder: Path) -> None:
    """Write the JSON Schemas into ``folder`` and say each file written."""
    from argmap import scaffold
    from argmap.files import cannot_write

    try:
        written = scaffold.write_schemas(folder)
    except OSError as exc:
        fail(f"cannot write {folder}: {cannot_write(exc)}")
    for path in written:
        click.echo(f"wrote {path}")


def write_stdout(data: bytes) -> None:
    """Bytes (a PNG, a PDF) to standard output, as written."""
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def write_output(path: Path, data: bytes | str) -> None:
    """Write a file the user named (atomically; through a link, the file it names; into a
    device or a pipe, as a stream); one that cannot be written is a message."""
    from argmap import files

    try:
        files.write_output(path, data)
    except files.NotWritable as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"cannot write {path}: {files.cannot_write(exc)}")


def topic_inputs(topic: str, bibliography: str | None = None) -> list[Path]:
    """Every file a topic is read from: its YAML files, and the bibliography it names."""
    from argmap.files import walk_topic

    root = Path(topic)
    if root.is_file():
        return [root] + ([root.parent / bibliography] if bibliography else [])
    return walk_topic(root).files + ([root / bibliography] if bibliography else [])


def refuse_input(output: Path | None, topic: str, bibliography: str | None = None) -> None:
    """An output that is one of the topic's own files is a usage error (exit 2)."""
    from argmap.files import is_input

    if output is not None and is_input(output, topic_inputs(topic, bibliography)):
        raise click.BadParameter(
            f"{output} is one of the topic's files: write somewhere else", param_hint="-o"
        )


def resolve_topic(topic: str | None) -> str:
    """The topic a command works on: the one named; else interpretations/stalin-rise when
    run in the repository; else the copy of it inside the installed package."""
    if topic:
        return topic
    if DEFAULT_TOPIC.exists():
        return str(DEFAULT_TOPIC)
    from argmap.scaffold import bundled_topic

    return str(bundled_topic())


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
        raise InputProblems(result.problems, f"{count(result.problems)}: nothing written")
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
        plural(len(t.schools), "school"),
        plural(len(t.claims), "claim"),
        plural(len(t.evidence), "evidence item"),
        plural(len(t.historians), "historian"),
        plural(len(t.factors), "factor"),
    ]
    click.echo(f"{t.id}: {', '.join(counts)}; {count(result.problems)}")


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
    from argmap.text import printable

    t = load_checked(topic).topic
    overlap = analyse(t)
    if as_json:  # JSON escapes what a terminal would act on; the data stay as written
        data = json.dumps(listing.summary(t, overlap), indent=2, ensure_ascii=False)
        click.echo(printable(data, json=True))
    else:
        lines = listing.text(t, overlap).split("\n")
        click.echo("\n".join(printable(line) for line in lines), nl=False)


@cli.command()
@click.option(
    "--kind",
    type=click.Choice(["topic", "historians", "evidence", "school"]),
    help="The schema of one kind of file (a validator's messages are then about that kind).",
)
@click.option(
    "--write",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write the schema of each kind of file into FOLDER (format-1.<kind>.schema.json).",
    metavar="FOLDER",
)
def schema(kind: str | None, folder: Path | None) -> None:
    """Print the JSON Schema of the format (version 1), or write one for each kind of file.

    Editors that use yaml-language-server complete and check keys with it when a file
    starts with '# yaml-language-server: $schema=PATH'; `argmap new` writes the schemas
    into the topic's schemas/ folder and that line into each file.

    \b
    Examples:
      argmap schema > format-1.schema.json
      argmap schema --write cold-war/schemas
    """
    import json as json_module

    from argmap import scaffold

    if folder is not None:
        _write_schemas(folder)
        return
    click.echo(json_module.dumps(scaffold.schema(kind), indent=2, ensure_ascii=False))


@cli.command()
@click.argument("folder", required=False, type=click.Path(path_type=Path))
def example(folder: Path | None) -> None:
    """Copy the bundled topic (Stalin's rise, five schools) into FOLDER to read, edit and
    build; FOLDER is ./stalin-rise when not given, and must not exist yet.

    \b
    Example:
      argmap example stalin-rise && argmap build stalin-rise -o output
    """
    from argmap.scaffold import BUNDLED, bundled_topic, copy_topic

    folder = folder or Path(BUNDLED)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        fail(f"{folder} already exists and is not an empty folder: nothing written")
    try:
        written = copy_topic(bundled_topic(), folder)
    except OSError as exc:
        from argmap.files import cannot_write

        fail(f"cannot write {folder}: {cannot_write(exc)}")
    click.echo(f"wrote {len(written)} files into {folder}", err=True)


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
        new_school(what)
        return
    if len(what) != 1:
        raise click.UsageError("usage: argmap new TOPIC  or  argmap new school ID [TOPIC]")
    folder = Path(what[0])
    topic_id = folder.name
    if not slugs.is_slug(topic_id):
        raise click.BadParameter(
            f"the folder name '{topic_id}' becomes the topic id: use lowercase letters, "
            "digits and hyphens",
            param_hint="TOPIC",
        )
    if folder.is_symlink() and not folder.exists():
        fail(
            f"{folder} is a link to {Path(folder).resolve()}, which does not exist: nothing written"
        )
    if folder.exists() and not folder.is_dir():
        fail(f"{folder} is a file, not a folder: nothing written")
    try:
        occupied = folder.exists() and any(folder.iterdir())
    except OSError as exc:
        fail(f"cannot read {folder}: {exc.strerror or exc}: nothing written")
    if occupied:
        fail(f"{folder} already exists and is not empty: nothing written")
    write_new(scaffold.topic_files(folder, topic_id))


def new_school(what: tuple[str, ...]) -> None:
    """`argmap new school ID [TOPIC]`: in the topic named, else in the topic folder this
    is run in. A topic that still has errors gets its school too; its problems follow."""
    from argmap import scaffold
    from argmap.check import check_topic

    if len(what) not in (2, 3):
        raise click.UsageError("usage: argmap new school ID [TOPIC]")
    school_id = what[1]
    if not slugs.is_slug(school_id):
        raise click.BadParameter(
            f"'{school_id}' is not an id: use lowercase letters, digits and hyphens",
            param_hint="ID",
        )
    if len(what) == 3:
        folder = Path(what[2])
        if not any((folder / name).is_file() for name in ("topic.yaml", "topic.yml")):
            fail(f"{folder} is not a topic folder (it has no topic.yaml)")
    else:
        folder = Path()
        if not any(Path(name).is_file() for name in ("topic.yaml", "topic.yml")):
            fail(
                "there is no topic.yaml here: run this inside a topic folder, or name the "
                f"topic: argmap new school {school_id} TOPIC"
            )
    path = folder / "schools" / f"{school_id}.yaml"
    for other in (path, path.with_suffix(".yml")):
        if other.exists():
            fail(f"{other} already exists: nothing written")
    result = check_topic(str(folder))
    known = result.known
    if school_id in known.get("school", ()):
        fail(f"the topic already has a school '{school_id}'")

    def first(kind: str) -> str | None:
        return known[kind][0] if known.get(kind) else None

    body = scaffold.school_text(school_id, first("historian"), first("evidence"), first("factor"))
    write_new({path: body})
    if result.errors:
        for problem in result.problems:
            click.echo(str(problem), err=True)
        click.echo(
            f"the topic has {count(result.problems)} (not in the new school): "
            f"argmap check {folder} lists them",
            err=True,
        )


def write_new(files: dict[Path, str]) -> None:
    """Write starter files, none of which may exist yet, each with its schema line, and
    the schemas that line names (in the topic's schemas/ folder) when they are missing."""
    from argmap import scaffold

    for path in files:
        if path.exists():
            fail(f"{path} already exists: nothing written")
    first = next(iter(files))
    schemas = scaffold.topic_folder(first) / scaffold.SCHEMA_FOLDER
    for path, body in files.items():
        write_output(path, scaffold.schema_comment(path) + body)
        click.echo(f"wrote {path}")
    if not all((schemas / scaffold.schema_name(k)).is_file() for k in scaffold.SCHEMA_KINDS):
        _write_schemas(schemas)


class Seconds(click.FloatRange):
    """A number of seconds: more than 0, at most a day, and a number (not inf or nan)."""

    name = "seconds"

    def __init__(self) -> None:
        super().__init__(min=0, max=MAX_TIMEOUT, min_open=True)

    def convert(self, value: Any, param: Any, ctx: Any) -> Any:
        import math

        seconds = super().convert(value, param, ctx)
        if not math.isfinite(seconds):
            self.fail(f"{value!r} is not a number of seconds", param, ctx)
        return seconds


MAX_TIMEOUT = 24 * 60 * 60  # a day: longer is no time limit at all


def timeout_option(func: Any) -> Any:
    """--timeout: the longest one diagram's layout may take (a build goes on without it)."""
    return click.option(
        "--timeout",
        type=Seconds(),
        default=60.0,
        show_default=True,
        metavar="SECONDS",
        help="Stop a diagram whose layout takes longer than this, and report it.",
    )(func)


def diagram_options(func: Any) -> Any:
    """-o, -f, --theme, --dot and --timeout: shared by every command that draws one diagram."""
    from argmap.render import FORMATS
    from argmap.themes import THEMES

    func = timeout_option(func)
    func = DOT_OPTION(func)
    func = click.option(
        "--no-legend",
        "no_legend",
        is_flag=True,
        help="Leave the legend out (for a figure whose caption explains it).",
    )(func)
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
        type=click.Choice(FORMATS),
        help="Output format; default: from the file name, else svg.",
    )(func)
    func = click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, path_type=Path),
        help="File to write; default: standard output.",
    )(func)
    return func


def param_decorator(param: Any) -> Any:
    """A registry parameter as a click argument or option."""
    if param.flag is None:
        return click.argument(param.name, metavar=param.metavar or param.name.upper())
    if param.kind == "flag":
        return click.option(param.flag, param.name, is_flag=True, help=param.help)
    if param.kind == "choice":
        return click.option(
            param.flag,
            param.name,
            type=click.Choice(param.choices),
            default=param.default,
            show_default=param.default is not None,
            help=param.help,
        )
    return click.option(param.flag, param.name, metavar=param.metavar, help=param.help)


def check_params(params: Any, topic: Any, given: dict[str, Any]) -> None:
    """Every school or factor a command names must be in the topic (usage error, exit 2)."""
    from argmap.problems import did_you_mean

    for param in params:
        value = given.get(param.name)
        if value is not None and param.kind == "style":
            from argmap.citations import CitationError, style

            try:
                style(value)
            except CitationError as exc:
                raise click.BadParameter(str(exc), param_hint=param.flag) from None
            continue
        if value is None or param.kind not in ("school", "factor"):
            continue
        known = topic.school if param.kind == "school" else topic.factor
        if value not in known:
            raise click.BadParameter(
                f"no {param.kind} '{value}' in {topic.id}{did_you_mean(value, known)}; "
                f"{param.kind}s: {', '.join(known)}",
                param_hint=param.flag or param.metavar or param.name.upper(),
            )


def draw(
    view: str,
    topic: str | None,
    output: Path | None,
    fmt: str | None,
    theme: str,
    dot_binary: str | None,
    timeout: float,
    no_legend: bool = False,
    **options: Any,
) -> None:
    """Check the topic, draw one view, render it, write it (atomically) or print it."""
    from argmap import pipeline, registry
    from argmap.render import FORMATS, Renderer, RenderError
    from argmap.themes import THEMES

    entry = registry.view(view)
    if entry.check is not None and (problem := entry.check(options)):
        raise click.UsageError(problem)
    refuse_input(output, resolve_topic(topic))
    if fmt is None and output is not None and output.suffix:
        suffix = output.suffix.lower().lstrip(".")
        if suffix not in FORMATS:
            raise click.BadParameter(
                f"-o names a .{suffix} file, and argmap draws {', '.join(FORMATS[:-1])} or "
                f"{FORMATS[-1]}: end the name with one of those (or choose one with -f)",
                param_hint="-o",
            )
    result = load_checked(topic)
    refuse_input(output, resolve_topic(topic), result.topic.bibliography)
    check_params(entry.params, result.topic, options)
    if fmt is None:
        suffix = output.suffix.lower().lstrip(".") if output else ""
        fmt = suffix if suffix in FORMATS else "svg"
    if output is None and fmt in ("png", "pdf") and sys.stdout.isatty():
        raise click.UsageError(f"{fmt} is binary: write it to a file with -o FILE")
    analysis = pipeline.analyse(result)
    chosen = THEMES[theme].without_legend() if no_legend else THEMES[theme]
    series = pipeline.draw(analysis, view, chosen, **options)
    if output is None and len(series) > 1 and fmt != "dot":
        raise click.UsageError(
            f"this {view} diagram is a series of {len(series)} pages: write it to files "
            "with -o FILE (FILE, FILE-2, ...)"
        )
    pages = []
    try:
        with Renderer(timeout=timeout, dot_binary=dot_binary) as renderer:
            for diagram in series:
                pages.append(pipeline.render(diagram, fmt, renderer))
    except RenderError as exc:
        fail(str(exc))
    if output is None:
        for data in pages:
            write_stdout(data)
        return
    for page, data in enumerate(pages, start=1):
        path = output if page == 1 else output.with_name(f"{output.stem}-{page}{output.suffix}")
        write_output(path, data)
        click.echo(f"wrote {path}", err=True)


def view_command(entry: Any) -> click.Command:
    """The command of a registered view: its arguments, its options, the diagram options."""

    def command(topic: str | None, **kw: Any) -> None:
        draw(entry.name, topic, **kw)

    examples = "\n".join(f"  {e}" for e in entry.examples)
    command.__doc__ = f"{entry.help}\n\n\b\nExample{'s' * (len(entry.examples) > 1)}:\n{examples}"
    command = diagram_options(command)
    for param in reversed(entry.params):
        if param.flag is not None:
            command = param_decorator(param)(command)
    command = TOPIC_ARG(command)
    for param in reversed(entry.params):
        if param.flag is None:
            command = param_decorator(param)(command)
    return cli.command(name=entry.name)(command)


def _add_view_commands() -> None:
    from argmap import registry

    for entry in registry.VIEWS.values():
        view_command(entry)


def _export_help() -> str:
    from argmap import registry

    return "; ".join(f"{e.name}: {e.help}" for e in registry.EXPORTS.values()) + "."


def _export_command() -> None:
    from argmap import registry

    def export(topic: str | None, fmt: str, output: Path | None, **options: Any) -> None:
        from argmap import pipeline

        for param in registry.misplaced(fmt, options):
            raise click.UsageError(
                f"{param.flag} applies to -f {', -f '.join(param.only)}, not to -f {fmt}"
            )
        refuse_input(output, resolve_topic(topic))
        result = load_checked(topic)
        refuse_input(output, resolve_topic(topic), result.topic.bibliography)
        chosen = registry.export_options(fmt, options)
        check_params(registry.EXPORT_PARAMS, result.topic, chosen)
        made = pipeline.export(pipeline.analyse(result), fmt, **chosen)
        if output is None:
            if isinstance(made, bytes):
                if sys.stdout.isatty():
                    raise click.UsageError(f"-f {fmt} is binary: write it to a file with -o FILE")
                write_stdout(made)
            else:
                click.echo(made, nl=False)
            return
        write_output(output, made)
        click.echo(f"wrote {output}", err=True)

    examples = [
        "argmap export -f markdown -o plan.md",
        "argmap export -f docx --style apa -o plan.docx",
        "argmap export -f docx --worksheet -o worksheet.docx",
        "argmap export -f csl-json -o references.json",
        "argmap export -f json -o stalin-rise.json",
        "argmap export -f argdown -o stalin-rise.argdown",
        "argmap export -f aif -o stalin-rise.aif.json",
    ]
    export.__doc__ = (
        "The topic in another format: "
        + ", ".join(registry.EXPORTS)
        + ".\n\n\b\nExamples:\n"
        + "\n".join(f"  {e}" for e in examples)
    )
    command: Any = export
    command = click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, path_type=Path),
        help="File to write; default: standard output.",
    )(command)
    for param in reversed(registry.EXPORT_PARAMS):
        command = param_decorator(param)(command)
    command = click.option(
        "-f",
        "--format",
        "fmt",
        type=click.Choice(list(registry.EXPORTS)),
        required=True,
        help=_export_help(),
    )(command)
    command = TOPIC_ARG(command)
    cli.command(name="export")(command)


_add_view_commands()
_export_command()


@cli.command()
@TOPIC_ARG
@click.option(
    "-o",
    "--output",
    "output_name",
    type=click.Path(),
    required=True,
    metavar="deck.pptx|deck.html|DIR/",
    help="A PowerPoint file (.pptx), one HTML file (.html), or a folder of numbered SVG and "
    "PNG slides with notes.md (any other name).",
)
@click.option(
    "--pair",
    "pairs",
    multiple=True,
    metavar="A,B",
    help="Compare these two schools (repeat, or list several pairs: A,B,C,D). Default: the "
    "pairs whose claims challenge each other.",
)
@click.option(
    "--build-up",
    is_flag=True,
    help="Reveal the overlap summary one school at a time, and each comparison claim by "
    "claim, as consecutive slides in which nothing moves.",
)
@DOT_OPTION
@timeout_option
def deck(
    topic: str | None,
    output_name: str,
    pairs: tuple[str, ...],
    build_up: bool,
    dot_binary: str | None,
    timeout: float,
) -> None:
    """A presentation of a topic in teaching order, with speaker notes on every slide.

    The title (question and period), each school, the overlap summary, the comparisons
    of the pairs of schools that challenge each other, the matrix, the timeline, the
    historiography and the essay plan's summary. The notes hold the full texts, evidence
    and citations that each slide shortens. In the HTML deck: arrow keys, space or a click
    to move, f for full screen, n for the notes.

    \b
    Examples:
      argmap deck -o deck.pptx
      argmap deck -o deck.html --build-up
      argmap deck --pair power-politics,structuralist -o slides/
    """
    from argmap import deck as decks
    from argmap import pipeline
    from argmap.render import Renderer

    output = Path(output_name)
    try:
        kind = decks.kind_of(output_name)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="-o") from None
    result = load_checked(topic)
    analysis = pipeline.analyse(result)
    chosen = None
    if pairs:
        try:
            chosen = decks.parse_pairs(pairs, result.topic)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--pair") from None
    else:
        _, left_out = decks.default_pairs(analysis)
        if left_out:
            click.echo(
                f"note: {left_out} more pair{'s' * (left_out != 1)} of schools challenge each "
                f"other; the deck compares the {decks.DEFAULT_PAIRS} with most challenges "
                "(choose with --pair A,B)",
                err=True,
            )
    slides = decks.slides(analysis, pairs=chosen, build_up=build_up)
    with Renderer(timeout=timeout, dot_binary=dot_binary) as renderer:
        drawing = decks.draw(slides, renderer)
    for note in drawing.skipped:
        click.echo(f"note: {note}: left out of the deck", err=True)
    for error in drawing.failed:
        click.echo(f"error: {error}: left out of the deck", err=True)
    if not drawing.drawn:
        fail("no slide could be drawn: nothing written")
    if kind == "html":
        write_output(output, decks.html(analysis, drawing.drawn))
    elif kind == "pptx":
        write_output(output, decks.pptx(analysis, drawing.drawn))
    else:
        write_folder(output, decks.folder_files(drawing.drawn))
    n = len(drawing.drawn)
    click.echo(f"wrote {output} ({n} slide{'s' * (n != 1)})", err=True)
    if drawing.failed:
        sys.exit(1)


def write_folder(folder: Path, files: dict[str, bytes]) -> None:
    """Write a deck's files into ``folder``: a new or empty folder, or one that holds a
    deck written before (whose files this replaces; those it no longer makes go, if still
    as written). A folder holding anything else is refused."""
    from argmap import deck as decks
    from argmap.files import cannot_write, write_atomic

    try:
        if folder.exists() and not folder.is_dir():
            fail(f"{folder} is a file: a deck folder is written as a new or empty folder")
        old = decks.read_manifest(folder)
        if old is None:
            fail(
                f"{folder} is not empty and holds no deck that argmap wrote: nothing written "
                "(choose a new folder)"
            )
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            write_atomic(folder / name, data)
        decks.replace_manifest(folder, files, old)
    except OSError as exc:
        fail(f"cannot write {folder}: {cannot_write(exc)}")


def print_outcome(outcome: Any, stamp: str = "") -> None:
    """A build's problems, notes and errors on stderr, and its summary line on stdout
    (``watch`` puts the time before each line)."""
    from argmap import pipeline

    lead = f"{stamp} " if stamp else ""
    for problem in outcome.problems:
        if stamp or not problem.is_error:
            click.echo(str(problem), err=True)
    if outcome.error:
        click.echo(f"{lead}error: {outcome.error}", err=True)
    report = outcome.report
    if report is not None:
        for note in report.skipped:
            click.echo(f"{lead}note: {note}", err=True)
        for path in report.kept:
            click.echo(
                f"{lead}note: {path} was changed since argmap wrote it: kept as it is; "
                "move it away, or delete it, to have it written again",
                err=True,
            )
        for error in report.failed:
            click.echo(f"{lead}error: {error}", err=True)
    if report is not None or outcome.fresh is not None:
        click.echo(f"{lead}{pipeline.summary(outcome)}")
    elif outcome.problems:
        click.echo(f"{lead}{pipeline.summary(outcome)}", err=True)


@cli.command()
@TOPIC_ARG
@OUT_DIR_OPTION
@DOT_OPTION
@timeout_option
def build(topic: str | None, out_dir: Path, dot_binary: str | None, timeout: float) -> None:
    """Every diagram of a topic, as SVG and DOT, re-rendering only what changed.

    Writes OUTPUT/<topic-id>/: school-<id>, overlap, overlap-detail,
    compare-<a>_vs_<b>, matrix, timeline, historiography, plan, slides/ (the slide
    versions; a diagram split over several slides is <name>, <name>_2, ...), plan.md
    (the written essay plan), index.html (every diagram on one page, offline), and the
    deck (deck.html and deck.pptx: see argmap deck).

    A diagram too large to read is not drawn (a note says what to draw instead); a
    diagram Graphviz fails on is reported and the others are still written (exit 1).

    \b
    Example:
      argmap build interpretations/stalin-rise -o output
    """
    from argmap import pipeline

    path = resolve_topic(topic)

    def progress(plan: list[Any]):  # noqa: ANN202
        if not sys.stderr.isatty():
            yield from plan
            return
        with click.progressbar(
            plan,
            label=f"Building {Path(path).name}",
            file=sys.stderr,
            item_show_func=lambda x: x.stem if x else "",
        ) as bar:
            yield from bar

    outcome = pipeline.build(
        path, out_dir, dot_binary=dot_binary, timeout=timeout, progress=progress
    )
    if outcome.report is None and outcome.fresh is None:
        if outcome.error and not outcome.problems:
            if outcome.folder is None and "no topic" in outcome.error:
                raise click.BadParameter(outcome.error, param_hint="TOPIC")
            fail(outcome.error)
        if outcome.errors:
            raise InputProblems(list(outcome.problems), pipeline.summary(outcome))
        fail(outcome.error or "nothing written")
    print_outcome(outcome)
    if outcome.report is not None and (outcome.report.failed or outcome.report.kept):
        sys.exit(1)


@cli.command()
@TOPIC_ARG
@OUT_DIR_OPTION
@DOT_OPTION
@timeout_option
@click.option(
    "--serve",
    is_flag=True,
    help="Also serve the build at http://127.0.0.1:PORT/ (this computer only): the report "
    "open in a browser reloads itself after each rebuild.",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=None,
    metavar="N",
    help="The port for --serve (default 8000; 0 takes any free port).",
)
def watch(
    topic: str | None,
    out_dir: Path,
    dot_binary: str | None,
    timeout: float,
    serve: bool,
    port: int | None,
) -> None:
    """Rebuild a topic, as `build` does, every time one of its files is saved.

    Problems are printed as they appear and a bad edit never stops the watch: fix the
    file, save, and it builds again. Ctrl-C ends it. With --serve, open the address it
    prints: the report shows each rebuild as it finishes, and what is wrong when a save
    does not build.

    \b
    Examples:
      argmap watch interpretations/stalin-rise -o output
      argmap watch interpretations/stalin-rise -o output --serve
    """
    import time

    from argmap import pipeline
    from argmap import watch as watching

    if port is not None and not serve:
        raise click.BadParameter("--port goes with --serve", param_hint="--port")
    path = resolve_topic(topic)
    preview = None
    if serve:
        from argmap.serve import DEFAULT_PORT, Preview

        out_dir.mkdir(parents=True, exist_ok=True)
        wanted = DEFAULT_PORT if port is None else port
        try:
            preview = Preview(out_dir, wanted).start()
        except OSError as exc:
            fail(
                f"cannot serve on port {wanted}: {exc.strerror or exc}: "
                "choose another with --port N (0 takes any free port)"
            )

    def step() -> None:
        if preview is not None:
            preview.building()
        try:
            outcome = pipeline.build(path, out_dir, dot_binary=dot_binary, timeout=timeout)
        except Exception as exc:  # noqa: BLE001 - a bug met on one save must not end the watch
            message = f"internal error: {type(exc).__name__}: {exc}"
            outcome = pipeline.Outcome(error=message)
            click.echo(
                f"{time.strftime('%H:%M:%S')} {message} "
                "(please report it with the files that caused it)",
                err=True,
            )
            if preview is not None:
                preview.finished(outcome)
        else:
            if preview is not None:
                preview.finished(outcome)
            print_outcome(outcome, time.strftime("%H:%M:%S"))
        if outcome.report is None and outcome.fresh is None:
            click.echo(f"{time.strftime('%H:%M:%S')} waiting for a change to {path}", err=True)

    click.echo(f"watching {path} (Ctrl-C to stop)", err=True)
    if preview is not None:
        click.echo(
            f"serving {out_dir} at {preview.url} (this computer only): open it in a browser; "
            "the report reloads itself after each rebuild",
            err=True,
        )
    try:
        watching.watch(step, lambda: watching.fingerprint(Path(path)))
    except KeyboardInterrupt:
        click.echo("stopped watching", err=True)
    finally:
        if preview is not None:
            preview.close()


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
