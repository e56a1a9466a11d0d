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


def _count(problems: list[Any]) -> str:
    errors = sum(1 for p in problems if p.is_error)
    warnings = len(problems) - errors
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"


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
    click.echo(
        f"{t.id}: {len(t.schools)} schools, {len(t.claims)} claims, "
        f"{len(t.evidence)} evidence items, {len(t.historians)} historians, "
        f"{len(t.factors)} factors; {_count(result.problems)}"
    )


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
    from argmap.files import write_atomic

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
        write_atomic(path, scaffold.schema_comment(path) + body)
        click.echo(f"wrote {path}")


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
