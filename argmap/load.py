"""Stage 1: files -> YAML node trees, and problems.

Nothing here builds Python objects from YAML: the checker validates the composed node tree,
which carries the line and column of everything, and builds the model only after.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from argmap.files import topic_files
from argmap.problems import Problems, Where

MAX_BYTES = 5 * 1024 * 1024
# Tags a hand-written file may carry explicitly (``!!str 1922``); anything else is refused.
ALLOWED_TAGS = frozenset(
    "tag:yaml.org,2002:" + t
    for t in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")
)

# An anchor (&a), alias (*a) or tag (!t) starts a node: after a space, a flow indicator or
# the start of a line, and is followed by a name. Prose such as "Party & state" or "No!"
# does not match, so the event scan below (a second parse) runs only when it may matter.
_MAYBE_NODE_PROPERTY = re.compile(r"(?:^|[\s\[{,:])[&*!][^\s]", re.MULTILINE)

# The C parser where PyYAML has it: same nodes and marks, several times faster.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class TopicNotFound(Exception):
    """The topic argument names no topic folder or file."""


@dataclass(frozen=True)
class Source:
    """One parsed file: its role in the topic and its root node (None if unreadable)."""

    path: str  # as shown to the user
    role: str  # "topic", "historians", "evidence" or "school"
    node: yaml.Node | None


def where(path: str, mark: Any) -> Where:
    """The place of a YAML mark (PyYAML's or libyaml's; None: the file as a whole)."""
    if mark is None:
        return Where(path)
    return Where(path, mark.line + 1, mark.column + 1)


def find_files(topic: str) -> tuple[list[tuple[str, str]], Problems]:
    """The files of a topic as (shown path, role), and problems of its layout.

    A topic is a folder (topic.yaml, historians.yaml, evidence.yaml, schools/*.yaml) or a
    single YAML file. Every YAML file in the folder must have a place: a stray one is an
    error, never silently ignored.
    """
    problems = Problems()
    root = Path(topic)
    if root.is_file():
        return [(topic, "topic")], problems
    if not root.is_dir():
        raise TopicNotFound(f"no topic folder or file at '{topic}'")

    files: list[tuple[str, str]] = []
    roles: dict[str, str] = {}
    for path in topic_files(root):
        rel_dir = path.parent.relative_to(root)
        name = path.name
        stem = os.path.splitext(name)[0]
        shown = os.path.join(topic, rel_dir, name) if rel_dir.parts else os.path.join(topic, name)
        role = _role(rel_dir, stem)
        if role is None:
            problems.error(
                Where(shown),
                "this YAML file has no place in a topic: expected topic.yaml, "
                "historians.yaml, evidence.yaml or schools/<school-id>.yaml",
            )
            continue
        slot = f"{rel_dir}/{stem}"
        if slot in roles:
            problems.error(Where(shown), f"'{roles[slot]}' is the same file: keep only one")
            continue
        roles[slot] = shown
        files.append((shown, role))
    if not any(role == "topic" for _, role in files):
        problems.error(Where(os.path.join(topic, "topic.yaml")), "a topic needs a topic.yaml")
    files.sort(key=lambda f: (("topic", "historians", "evidence", "school").index(f[1]), f[0]))
    return files, problems


def _role(rel_dir: Path, stem: str) -> str | None:
    if not rel_dir.parts and stem in ("topic", "historians", "evidence"):
        return stem
    if rel_dir.parts == ("schools",):
        return "school"
    return None


class Unreadable(Exception):
    """A file that cannot be read as a topic's input; the message says why."""


def read_bytes(path: str) -> bytes:
    """The bytes of a regular file of at most 5 MB; raises :class:`Unreadable`."""
    try:
        # Opened without blocking and checked before reading: a pipe would wait forever
        # for a writer, and a device such as /dev/zero never ends.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise Unreadable("not a regular file (a pipe, device or socket)")
            if info.st_size > MAX_BYTES:
                size = info.st_size / 1024 / 1024
                raise Unreadable(f"file is {size:.1f} MB; the limit is 5 MB")
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise Unreadable(f"cannot read file: {exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:  # it grew while being read
        raise Unreadable("file is over 5 MB; the limit is 5 MB")
    return data


def read_source(path: str, role: str, problems: Problems) -> Source:
    """Read and compose one file; every failure becomes a problem, never an exception."""
    try:
        data = read_bytes(path)
    except Unreadable as exc:
        problems.error(Where(path), str(exc))
        return Source(path, role, None)
    text = _decode(path, data, problems)
    if text is None:
        return Source(path, role, None)
    return Source(path, role, compose(path, text, problems))


def _decode(path: str, data: bytes, problems: Problems) -> str | None:
    # Strip the BOM first: the decoder's error offsets then count from the same byte as
    # YAML's marks, which never see the BOM.
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        # Count characters, not bytes, as YAML's columns do; the line up to here is UTF-8.
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8")) + 1
        problems.error(
            Where(path, line, column),
            f"not UTF-8 text (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
        )
        return None


def compose(path: str, text: str, problems: Problems) -> yaml.Node | None:
    """The node tree of one YAML document, or None with problems said."""
    if _MAYBE_NODE_PROPERTY.search(text) and _refuse_anchors_and_tags(path, text, problems):
        return None
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        _syntax_error(path, exc, problems)
        return None
    except RecursionError:  # PyYAML without libyaml recurses once per level of nesting
        problems.error(Where(path), "YAML syntax: lists or mappings nested too deeply")
        return None
    if node is None:
        problems.error(Where(path), "file is empty")
    return node


def _syntax_error(path: str, exc: yaml.YAMLError, problems: Problems) -> None:
    if not isinstance(exc, yaml.MarkedYAMLError):  # pragma: no cover - PyYAML marks them all
        problems.error(Where(path), f"YAML syntax: {exc}")
        return
    mark = exc.problem_mark or exc.context_mark
    message = " ".join(filter(None, [exc.context, exc.problem]))
    problems.error(where(path, mark), f"YAML syntax: {message}")


def _refuse_anchors_and_tags(path: str, text: str, problems: Problems) -> bool:
    """Report anchors, aliases and non-standard tags, from the event stream.

    Anchors and aliases buy nothing in these files and are a memory-bomb vector
    ("billion laughs"): they are refused before any node is built.
    """
    found = False
    try:
        for event in yaml.parse(text, Loader=_Loader):
            anchor = getattr(event, "anchor", None)
            if isinstance(event, yaml.AliasEvent):
                problems.error(
                    where(path, event.start_mark),
                    f"YAML alias '*{anchor}' is not allowed: write the value out",
                )
                found = True
            elif anchor is not None:
                problems.error(
                    where(path, event.start_mark),
                    f"YAML anchor '&{anchor}' is not allowed: write the value out",
                )
                found = True
            tag = getattr(event, "tag", None)
            if tag and tag != "!" and tag not in ALLOWED_TAGS:
                problems.error(where(path, event.start_mark), f"YAML tag '{tag}' is not allowed")
                found = True
    except yaml.YAMLError as exc:
        if found:  # compose will not run: report the syntax error here
            _syntax_error(path, exc, problems)
        return found  # otherwise compose reports it
    return found
