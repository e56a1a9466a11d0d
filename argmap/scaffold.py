"""`argmap new`: starter files that already pass `argmap check --strict`."""

from __future__ import annotations

import json
import os
from importlib import resources
from pathlib import Path
from typing import Any

SCHEMA_FILE = "format-1.schema.json"


BUNDLED = "stalin-rise"  # the topic that ships inside the package


def bundled_topic() -> Path:
    """The bundled topic's folder inside the installed package (``argmap.topics``)."""
    return Path(str(resources.files("argmap.topics").joinpath(BUNDLED)))


def copy_topic(source: Path, folder: Path) -> list[Path]:
    """Copy a topic's YAML files (and bibliography files) into ``folder``; the paths
    written. ``folder`` must not exist yet, or be empty."""
    import shutil

    written = []
    for path in sorted(source.rglob("*")):
        if path.is_file() and path.suffix.lower() in (".yaml", ".yml", ".json", ".bib"):
            target = folder / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
            written.append(target)
    return written


# The kinds of file, each with its own schema, and the definition it is in the schema.
SCHEMA_KINDS = {
    "topic": "topicFile",
    "historians": "historiansFile",
    "evidence": "evidenceFile",
    "school": "school",
}
SCHEMA_FOLDER = "schemas"  # where `argmap new` puts them in a topic folder


def schema_path() -> Path:
    return Path(str(resources.files("argmap").joinpath(SCHEMA_FILE)))


def schema(kind: str | None = None) -> dict[str, Any]:
    """The JSON Schema of any file of a topic (told apart by its keys), or of one ``kind``
    of file: a validator given the file's own kind says what is wrong with it ("'colour'
    was unexpected"), not which of four kinds it fails to be."""
    whole: dict[str, Any] = json.loads(schema_path().read_text(encoding="utf-8"))
    if kind is None:
        return whole
    name = "a school file (schools/<school-id>.yaml)" if kind == "school" else f"{kind}.yaml"
    return {
        "$schema": whole["$schema"],
        "$id": f"https://argmap.invalid/{schema_name(kind)}",
        "title": f"argmap format 1: {name}",
        "description": f"The {name} of an argmap topic. The structure only: `argmap check` "
        "also checks ids, references, dates and the bibliography.",
        "$ref": f"#/$defs/{SCHEMA_KINDS[kind]}",
        "$defs": whole["$defs"],
    }


def schema_name(kind: str) -> str:
    return f"format-1.{kind}.schema.json"


def write_schemas(folder: Path) -> list[Path]:
    """The schema of each kind of file, written into ``folder``; the paths written."""
    from argmap.files import write_atomic

    written = []
    for kind in SCHEMA_KINDS:
        path = folder / schema_name(kind)
        write_atomic(path, json.dumps(schema(kind), indent=2, ensure_ascii=False) + "\n")
        written.append(path)
    return written


def file_kind(file: Path) -> str:
    """The kind of a topic file, from its place: topic, historians, evidence or school."""
    stem = file.stem.lower()
    return stem if file.parent.name != "schools" and stem in SCHEMA_KINDS else "school"


def topic_folder(file: Path) -> Path:
    return file.parent.parent if file_kind(file) == "school" else file.parent


def schema_comment(file: Path) -> str:
    """The editor hint that makes yaml-language-server complete and check keys: the schema
    of the file's kind in the topic's own schemas/ folder (so that it resolves wherever
    the topic goes, whatever installed argmap)."""
    target = topic_folder(file) / SCHEMA_FOLDER / schema_name(file_kind(file))
    rel = os.path.relpath(target.resolve(), file.resolve().parent)
    return f"# yaml-language-server: $schema={Path(rel).as_posix()}\n"


def topic_files(folder: Path, topic_id: str) -> dict[Path, str]:
    """The files of a new topic folder, by path."""
    return {
        folder / "topic.yaml": f"""\
format: 1
id: {topic_id}
question: What question does this topic answer?
# period: [1914, 1918]          # optional: first and last year
summary: >-
  One paragraph of context for the question.
school_order: [first-school]    # the order of schools in every view; others follow by id
# bibliography: references.json  # a CSL-JSON (Zotero) or .bib (Better BibTeX) file here
factors:
  - id: first-factor
    name: The first factor an essay would weigh
""",
        folder / "historians.yaml": """\
historians:
  - id: first-historian
    name: Firstname Surname Jr.     # as written in prose
    family: Surname                 # optional name parts; without them argmap splits
    given: Firstname                # the name itself, knowing suffixes and particles
    suffix: Jr.                     # (de, van, von ...)
    works:
      - id: first-work
        title: Title of the Work
        year: 2000
        type: book                  # book | article | chapter | document | speech | letter
        publisher: Publisher
        place: City
        # ref: surname2000          # an entry of the bibliography: fills what is not written
        # original_year: 1990       # also: volume, series, edition, original_title,
        # translator: Name          # container (the journal or book), pages, doi, url
""",
        folder / "evidence.yaml": """\
evidence:
  - id: first-evidence
    text: What happened, in one sentence.
    short: What happened, in a few words    # at most 80 characters
    date: "1900"                   # YYYY, YYYY-MM or YYYY-MM-DD; an interval 1899/1901;
                                   # 1900~ (approximate), 1900? (uncertain), 1900% (both)
    kind: event                    # event | statistic | quotation | document
    # caveat: How far the record can be trusted, and why.
    factors: [first-factor]
""",
        folder / "schools" / "first-school.yaml": school_text(
            "first-school", "first-historian", "first-evidence", "first-factor"
        ),
    }


def school_text(
    school_id: str,
    historian: str | None = None,
    evidence: str | None = None,
    factor: str | None = None,
) -> str:
    lines = [
        f"id: {school_id}",
        f"name: {school_id.replace('-', ' ').capitalize()}",
        "# tag: AB                           # 1-4 capitals or digits: its tag in diagrams",
        "thesis: The school's answer to the question, in one sentence.",
        "short: The answer in a few words     # at most 80 characters",
    ]
    if historian:
        lines.append(f"historians: [{historian}]")
    lines += [
        "criticisms:                         # the standard objections to this school",
        "  - text: What its critics say against it.",
    ]
    if historian:
        lines.append(f"    historians: [{historian}]        # who says it")
    lines += [
        "claims:",
        "  - id: " + f"{school_id}-first-claim"[:64].rstrip("-"),
        "    text: A claim this school makes.",
        "    short: The claim in a few words",
    ]
    if historian:
        lines.append(f"    historians: [{historian}]")
    if evidence:
        lines.append(f"    evidence: [{evidence}]")
    if factor:
        lines.append(f"    factors: [{factor}]")
    lines += [
        "    # supports: [another-claim]            # a claim of this school it supports",
        "    # agrees: [other-school.a-claim]       # another school's claim it agrees with",
        "    # qualifies: [other-school.a-claim]    # one it partly accepts, partly corrects",
        "    # challenges:                          # one it contradicts, and how:",
        "    #   - claim: other-school.a-claim",
        "    #     note: Reads the same evidence as ambition, not fear.",
    ]
    return "\n".join(lines) + "\n"
