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

from argmap import files
from argmap.files import walk_topic
from argmap.problems import Problems, Where

MAX_BYTES = files.MAX_FILE_BYTES
MAX_TOPIC_BYTES = files.MAX_TOPIC_BYTES
MAX_TOPIC_NODES = files.MAX_TOPIC_NODES
# Tags a hand-written file may carry explicitly (``!!str 1922``); anything else is refused.
ALLOWED_TAGS = frozenset(
    "tag:yaml.org,2002:" + t
    for t in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")
)

# An anchor (&a), alias (*a) or tag (!t) starts a node: wherever libyaml may start a token
# (the start of a line; after a space or a line break; after a byte-order mark, which it
# skips at the start of a line; after a flow indicator, or after '?' or ':', which are
# indicators anywhere in a flow collection), and is followed by a name. Prose such as
# "Party & state", "No!" or "5*3" does not match, so the event scan below (a second
# parse) runs only when it may matter.
_MAYBE_NODE_PROPERTY = re.compile(r"(?:^|[\s\ufeff\[\]{},:?])[&*!][^\s]", re.MULTILINE)
_NODE_PROPERTY_MARK = re.compile(r"[&*!](?=\S)")  # found first: a regex that tries
# _MAYBE_NODE_PROPERTY's alternatives at every character is slow on a large file.


def may_hold_node_property(text: str) -> bool:
    """Whether ``text`` may hold an anchor, alias or tag (see _MAYBE_NODE_PROPERTY)."""
    for mark in _NODE_PROPERTY_MARK.finditer(text):
        at = mark.start()
        if at == 0 or _MAYBE_NODE_PROPERTY.match(text, at - 1) or text[at - 1] == "\n":
            return True
    return False


# What YAML 1.1 does not allow in a file (libyaml refuses it before any parsing).
_NOT_YAML = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Line breaks as YAML counts them, so that a place is where an editor shows it.
LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
# Every node starts after one of these (or at the start of the file), and none starts more
# than two: twice their number (plus two) bounds the nodes of a file without parsing it.
_NODE_DELIMITERS = "\n\r\x85\u2028\u2029,:?[]{}"
_CONTROL_NAMES = {
    0x00: "null", 0x07: "bell", 0x08: "backspace", 0x0B: "vertical tab",
    0x0C: "form feed", 0x1B: "escape", 0x7F: "delete",
}  # fmt: skip

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
        _warn_folder_not_read(topic, problems)
        return [(topic, "topic")], problems
    if not root.is_dir():
        raise TopicNotFound(f"no topic folder or file at '{topic}'")

    files: list[tuple[str, str]] = []
    roles: dict[str, str] = {}
    walk = walk_topic(root)
    for folder, why in walk.faults:
        rel = folder.relative_to(root)
        problems.error(Where(os.path.join(topic, rel) if rel.parts else topic), why)
    for path in walk.files:
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


def _warn_folder_not_read(topic: str, problems: Problems) -> None:
    """A one-file topic that is the topic.yaml of a folder: only that file is read, and
    the check says so (else "0 schools" looks as if the schools had vanished)."""
    path = Path(topic)
    if path.stem.lower() != "topic" or not path.name.lower().endswith((".yaml", ".yml")):
        return
    folder = path.parent
    others = [
        p.relative_to(folder).as_posix()
        for p in walk_topic(folder).files
        if p.resolve() != path.resolve()
    ]
    if others:
        shown = ", ".join(others[:3]) + (", ..." if len(others) > 3 else "")
        problems.warning(
            Where(topic),
            f"only this file was read, not the other files of its folder ({shown}): "
            f"to check the whole topic, give the folder: {os.path.dirname(topic) or '.'}",
        )


def _role(rel_dir: Path, stem: str) -> str | None:
    if not rel_dir.parts and stem in ("topic", "historians", "evidence"):
        return stem
    if rel_dir.parts == ("schools",) and not stem.startswith("."):
        return "school"  # (a hidden file is no school's: it has no place)
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
                raise Unreadable(f"file is {_mb(info.st_size)} MB; the limit is 5 MB")
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise Unreadable(f"cannot read file: {exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:  # it grew while being read
        raise Unreadable("file is over 5 MB; the limit is 5 MB")
    return data


def read_source(path: str, role: str, problems: Problems) -> Source:
    """Read and compose one file; every failure becomes a problem, never an exception."""
    return read_sources([(path, role)], problems)[0]


def read_sources(files: list[tuple[str, str]], problems: Problems) -> list[Source]:
    """Read and compose the files of a topic, within the limits of a whole topic: its bytes
    (counted as they are read) and its values (YAML nodes, counted from the event stream
    before any is built, when a cheap bound says that they may be too many). Past either
    limit nothing is composed: the one problem says which file went over."""
    texts: list[tuple[str, str, str | None]] = []
    total = 0
    for path, role in files:
        text = None
        try:
            data = read_bytes(path)
        except Unreadable as exc:
            problems.error(Where(path), str(exc))
        else:
            total += len(data)
            if total > MAX_TOPIC_BYTES:
                problems.error(
                    Where(path),
                    f"with this file the topic's files hold {_mb(total)} MB; the limit for "
                    f"a whole topic is {MAX_TOPIC_BYTES // 1024 // 1024} MB",
                )
                return [Source(p, r, None) for p, r in files]
            text = _decode(path, data, problems)
        texts.append((path, role, text))
    counting = sum(node_bound(t) for _, _, t in texts if t is not None) > MAX_TOPIC_NODES
    refused: set[str] = set()
    if counting:  # count first, build after: a topic over the limit builds no node
        left = MAX_TOPIC_NODES
        for path, _, text in texts:
            if text is None:
                continue
            found, nodes = _scan(path, text, problems, limit=left)
            if nodes > left:
                problems.error(
                    Where(path),
                    f"with this file the topic holds more than {MAX_TOPIC_NODES:,} values "
                    "(items, keys and texts); the limit for a whole topic is "
                    f"{MAX_TOPIC_NODES:,}",
                )
                return [Source(p, r, None) for p, r in files]
            left -= nodes
            if found:
                refused.add(path)
    sources = []
    for path, role, text in texts:
        node = None
        if text is not None and path not in refused:
            node = _compose(path, text, problems) if counting else compose(path, text, problems)
        sources.append(Source(path, role, node))
    return sources


def node_bound(text: str) -> int:
    """At least as many as the nodes of ``text`` (see _NODE_DELIMITERS), without parsing.
    A '-' starts an item only before a blank (a run of them in a comment counts once)."""
    dashes = sum(text.count(f"-{blank}") for blank in " \t\n\r") + text.endswith("-")
    return 2 * (sum(text.count(c) for c in _NODE_DELIMITERS) + dashes) + 2


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}"


def place(text: str, index: int) -> tuple[int, int]:
    """The line and column (1-based, as YAML and editors count) of ``text[index]``."""
    line, start = 1, 0
    for match in LINE_BREAK.finditer(text, 0, index):
        if match.end() > index:
            break
        line, start = line + 1, match.end()
    return line, index - start + 1


def _decode(path: str, data: bytes, problems: Problems) -> str | None:
    # Strip the BOM first: the decoder's error offsets then count from the same byte as
    # YAML's marks, which never see the BOM.
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.error(Where(path), "this file is UTF-16 text: save it as UTF-8")
        return None
    data = data.removeprefix(b"\xef\xbb\xbf")
    sample = data[:1000]
    if sample.count(b"\x00") * 3 >= len(sample) > 1:  # ASCII in UTF-16 or UTF-32
        wide = "UTF-32" if sample.count(b"\x00") * 10 >= len(sample) * 7 else "UTF-16"
        problems.error(
            Where(path), f"this file is {wide} text without a byte-order mark: save it as UTF-8"
        )
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        # Count lines and characters as YAML does; the text up to here is UTF-8.
        before = data[: exc.start].decode("utf-8")
        problems.error(
            Where(path, *place(before, len(before))),
            f"not UTF-8 text (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
        )
        return None


def compose(path: str, text: str, problems: Problems) -> yaml.Node | None:
    """The node tree of one YAML document, or None with problems said."""
    if may_hold_node_property(text) and _scan(path, text, problems)[0]:
        return None
    return _compose(path, text, problems)


def _compose(path: str, text: str, problems: Problems) -> yaml.Node | None:
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        _syntax_error(path, text, exc, problems)
        return None
    except RecursionError:  # PyYAML without libyaml recurses once per level of nesting
        problems.error(Where(path), "YAML syntax: lists or mappings nested too deeply")
        return None
    if node is None:
        problems.error(Where(path), "file is empty")
    return node


def _syntax_error(path: str, text: str, exc: yaml.YAMLError, problems: Problems) -> None:
    if not isinstance(exc, yaml.MarkedYAMLError):  # a character YAML does not allow
        bad = _NOT_YAML.search(text)
        if bad is None:  # pragma: no cover - libyaml refuses only these
            problems.error(Where(path), f"YAML syntax: {exc}")
            return
        problems.error(
            Where(path, *place(text, bad.start())),
            f"{_character(bad.group())} is not allowed in a YAML file: delete it "
            "(most editors do not show it)",
        )
        return
    said = " ".join(filter(None, [exc.context, exc.problem]))
    plain = _plain_words(exc, text)
    if plain is None:
        mark = exc.problem_mark or exc.context_mark
        problems.error(where(path, mark), f"YAML syntax: {said}")
        return
    mark, words = plain
    problems.error(where(path, mark), f"YAML syntax: {words} (YAML: {said})")


def _character(char: str) -> str:
    """A character named for a person: ``the control character U+000C (form feed)``."""
    code = ord(char)
    if code < 0x20 or 0x7F <= code <= 0x9F:
        name = _CONTROL_NAMES.get(code)
        return f"the control character U+{code:04X}" + (f" ({name})" if name else "")
    return f"the character U+{code:04X} (a noncharacter)"


INDENTED = (
    "this line is indented differently from the line above: "
    "line its key up with the keys it belongs with"
)


def _plain_words(exc: yaml.MarkedYAMLError, text: str) -> tuple[Any, str] | None:
    """Where a YAML syntax error's cause is, and what to do about it in plain words; None
    for an error without a plainer wording (YAML's own words are said alone)."""
    context, problem = exc.context or "", exc.problem or ""
    mark = exc.problem_mark
    if mark is None:
        return None
    lines = LINE_BREAK.split(text)
    line = lines[mark.line] if mark.line < len(lines) else ""
    char = line[mark.column] if mark.column < len(line) else ""
    if "quoted scalar" in context and "end of stream" in problem:
        return exc.context_mark, "this quote is never closed: end the text with the same quote"
    if "flow sequence" in context and "']'" in problem:
        return exc.context_mark, (
            "this '[' opens a list that is never closed: end it with ']' "
            "(a text that starts with '[' must be in quotes)"
        )
    if "flow mapping" in context and "'}'" in problem:
        return exc.context_mark, (
            "this '{' opens a mapping that is never closed: end it with '}' "
            "(a text that starts with '{' must be in quotes)"
        )
    if "mapping values are not allowed" in problem:
        if ": " in line[: mark.column].lstrip(" -"):
            return mark, (
                "a ': ' inside a text needs the whole text in quotes, as in thesis: \"A: B\""
            )
        return mark, INDENTED
    if "tab" in problem or char == "\t":
        return mark, "a tab is used for indentation: indent with spaces only"
    if "cannot start any token" in problem and char in ("@", "`", "%"):
        return mark, f"a text cannot start with '{char}': put it in quotes"
    if "unknown escape" in problem:
        letter = line[mark.column + 1 : mark.column + 2] if char == "\\" else char
        return mark, (
            f"'\\{letter}' is not an escape inside double quotes: write '\\\\' for a "
            "backslash, or use single quotes"
        )
    if "simple key" in context and "':'" in problem:
        return exc.context_mark, "this line has no ': ' after its key: write 'key: value'"
    if "another document" in problem:
        return mark, "a line '---' starts a second document, and a file holds one: remove it"
    if "block" in context and ("expected key" in problem or "expected" in problem):
        if mark.column <= len(line) - len(line.lstrip(" ")):
            return mark, INDENTED
        value = re.match(r"^[ ]*(?:-[ ]+)*(?:[^\s\"'\[{][^:]*:[ ]+)?(.)", line)
        first = value.group(1) if value else ""
        if first in ("'", '"'):
            return mark, (
                "a text that starts with a quote must end with it: put the whole text in "
                "single quotes, as in '\"No\", he said'"
            )
        if first in ("[", "{"):
            return mark, "a text that starts with '[' or '{' must be in quotes"
    return None


def _scan(path: str, text: str, problems: Problems, limit: int | None = None) -> tuple[bool, int]:
    """Report anchors, aliases and non-standard tags, from the event stream; and count the
    nodes, stopping past ``limit`` (when given). Whether any was refused, and the count.

    Anchors and aliases buy nothing in these files and are a memory-bomb vector
    ("billion laughs"): they are refused before any node is built.
    """
    found = False
    nodes = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, (yaml.ScalarEvent, yaml.CollectionStartEvent)):
                nodes += 1
                if limit is not None and nodes > limit:
                    break
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
            _syntax_error(path, text, exc, problems)
    return found, nodes
