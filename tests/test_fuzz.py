"""No input makes argmap crash, hang or print anything but located problems.

Property tests (hypothesis), run through the real command line (`argmap check`, with
click's CliRunner) on real files: the bundled topic mutated (keys dropped, renamed and
duplicated, values of the wrong type, ids broken, references dangling, items repeated or
removed, deep nesting, huge strings, odd Unicode, YAML syntax, bytes that are not UTF-8),
as one file and as a folder (files missing, stray, misnamed, not regular); and YAML
documents made up from scratch. For every input, `check` either passes (exit 0) or prints
each problem as ``path:line:col: error|warning: message`` on one line, at a line the file
has, then a count, and exits 1: never an exception, never a traceback, never a hang.
Topics that stay valid while every text in them is odd are drawn too (every view's DOT,
the documents, and a rendered diagram).

Every test is seeded (``derandomize``), so a run tests the same inputs every time.
``ARGMAP_FUZZ_EXAMPLES`` sets how many inputs the largest test tries (default 2000, which
CI runs; the others try a share of it); ``ARGMAP_FUZZ_EXAMPLES=20000 pytest
tests/test_fuzz.py`` fuzzes for longer.
"""

from __future__ import annotations

import contextlib
import copy
import os
import re
import shutil
import signal
import stat
import tempfile
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pygraphviz
import pytest
import yaml
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap import dot, registry, views
from argmap.analysis import Analysis
from argmap.check import check_topic
from argmap.cli import cli
from argmap.documents import aif, argdown, json_export, plan
from argmap.files import UnsafePath, inside
from argmap.overlap import analyse
from argmap.render import Renderer, TooLarge, measure
from argmap.themes import THEMES

from .conftest import BUNDLED, SPLIT_TOPIC, EditorLoader, checked

pytestmark = pytest.mark.slow  # every test here builds, forks or fuzzes

EXAMPLES = int(os.environ.get("ARGMAP_FUZZ_EXAMPLES", "2000"))
FUZZ = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
TIME_LIMIT = 30  # seconds for one input: far more than any takes; past it is a hang


def share(fraction: float) -> int:
    return max(10, int(EXAMPLES * fraction))


def one_file_topic() -> str:
    """The bundled topic as one YAML file: topic.yaml, then its historians, its evidence,
    and its schools as a list."""
    parts = [(BUNDLED / f"{name}.yaml").read_text("utf-8") for name in ("topic", "historians")]
    parts += [(BUNDLED / "evidence.yaml").read_text("utf-8"), "schools:\n"]
    for school in sorted((BUNDLED / "schools").glob("*.yaml")):
        lines = [ln for ln in school.read_text("utf-8").splitlines() if not ln.startswith("#")]
        parts.append(
            "".join(("  - " if i == 0 else "    ") + ln + "\n" for i, ln in enumerate(lines))
        )
    return "".join(parts)


ONE_FILE = one_file_topic()
TREE = yaml.load(ONE_FILE, Loader=EditorLoader)  # plain data; dates stay text

# -- what goes into a file ----------------------------------------------------------------

KEYS = sorted(
    {"format", "id", "question", "period", "summary", "factors", "historians", "evidence"}
    | {"schools", "name", "description", "lived", "works", "title", "year", "text", "date"}
    | {"kind", "quote", "source", "thesis", "color", "claims", "supports", "agrees"}
    | {"qualifies", "challenges", "work", "page", "note"}
)
IDS = sorted(
    {"conquest", "carr", "power-politics", "ideological", "structuralist", "gensec-1922"}
    | {"power-politics.crush-factions", "ideological.genuine-differences", "party-apparatus"}
)
ODD_CHARS = (
    "\x00\x01\x07\x08\x0b\x0c\x1b\x7f\x85\x9f\u00a0\u200b\u200d\u200e\u200f\u2028\u2029"
    "\u202a\u202e\u2066\u2069\ufeff\ufffe\uffff\U0001f642\U0001f469\u200d\U0001f52c"
    "\u0301\u05d0\u0627\u4e2d\ud7ff\ue000\U0010fffd<>&\"'\\`{}[]|:#*!%@,?-"
)
# What Graphviz reads as a character reference or an entity: text must stay as written.
ENTITIES = ["&#xD800;", "&#1;", "&#x1b;", "&mdash;", "&amp;", "&lt;", "&#38;", "&", "&#"]
ODD_TEXT = st.lists(
    st.one_of(
        st.sampled_from(ODD_CHARS),
        st.sampled_from(ENTITIES),
        st.characters(exclude_categories=("Cs",)),
    ),
    max_size=40,
).map(lambda pieces: "".join(pieces)[:40])
HUGE_TEXT = st.builds(
    lambda piece, n: piece * n,
    st.sampled_from(["x", "é", "🙂", "ab ", "\u202e", "<b>&amp;", "\\N"]),
    st.integers(2_000, 200_000),
)
# Text as long as a pasted page (a tooltip past 16,384 characters once broke Graphviz).
LONG_TEXT = st.builds(
    lambda piece, n: piece * n, st.sampled_from(["x", "ab ", "\\", "é<"]), st.integers(1, 3_300)
)
TEXT = st.one_of(ODD_TEXT, ODD_TEXT, ODD_TEXT, LONG_TEXT)
BAD_IDS = st.one_of(
    st.sampled_from(["", " ", "A", "a b", "../../etc", "/etc/passwd", "a/b", "a.b", "-a"]),
    st.sampled_from(["x" * 65, "a\nb", "café", "a_b", "a:b", "..", "~", "con", "*"]),
    ODD_TEXT,
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(),
    st.sampled_from(IDS + KEYS + ["1922-04", "1923-02-30", "#0072B2", "1.5", "0x1F", "~"]),
    ODD_TEXT,
)
WRONG = st.recursive(
    st.one_of(SCALARS, HUGE_TEXT),
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(KEYS), ODD_TEXT), children, max_size=4),
    ),
    max_leaves=8,
)
SNIPPETS = [
    ": ", "- ", "-", "[", "]", "{", "}", ",", "? ", "|", ">-", "'", '"', "#", "\t", "\n",
    "  ", "&a ", "*a", "&a [1] ", "<<: *a\n", "!!python/object/apply:os.system ['x'] ",
    "!custom ", "!!binary ", "%YAML 1.1\n", "---\n", "...\n", "id: x\n", "id:\n",
    "claims: []\n", "historians: 3\n", "supports: [nowhere]\n", "challenges: [x.y]\n",
    "date: 1923-02-30\n", "\\", "\\N", "\u2028", "\x85", "\ufeff",
]  # fmt: skip
RAW_BYTES = [b"\xff", b"\xc3(", b"\x00", b"\xef\xbb\xbf", b"\r", b"\r\n", b"\xed\xa0\x80"]


def locations(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every place in a YAML tree, as the keys and indexes that lead to it."""
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from locations(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from locations(value, (*path, i))


def writable(tree: Any, path: tuple[Any, ...]) -> tuple[Any, Any]:
    """A new root for ``tree`` and the container at ``path[:-1]`` in it, copying only the
    containers on the way: whatever else the new tree shares with the old is unchanged,
    so the parsed originals are never modified and can be dumped from a cache."""
    root = node = copy.copy(tree)
    for step in path[:-1]:
        node[step] = copy.copy(node[step])
        node = node[step]
    return root, node


def value_at(tree: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        tree = tree[step]
    return tree


def mutate_tree(data: st.DataObject, tree: Any) -> Any:
    """``tree`` with one structural mistake somewhere, as a person or a tool might make."""
    places = [p for p in (PLACES if tree is TREE else locations(tree)) if p]
    if not places:
        return tree
    path = data.draw(st.sampled_from(places), label="at")
    tree, parent = writable(tree, path)
    key = path[-1]
    value = parent[key]
    op = data.draw(
        st.sampled_from(["drop", "rename", "retype", "break-id", "dangle", "repeat", "copy"]),
        label="op",
    )
    if op == "drop":
        del parent[key]
    elif op == "rename" and isinstance(parent, dict):
        new = data.draw(st.one_of(st.sampled_from(KEYS), ODD_TEXT, st.just(str(key)[::-1])))
        parent[new] = parent.pop(key)
    elif op == "break-id" and isinstance(value, dict) and "id" in value:
        parent[key] = {**value, "id": data.draw(BAD_IDS, label="id")}
    elif op == "dangle" and isinstance(value, str):
        parent[key] = data.draw(
            st.one_of(
                st.sampled_from(IDS), st.builds("{}.{}".format, st.sampled_from(IDS), ODD_TEXT)
            )
        )
    elif op == "repeat" and isinstance(parent, list):  # a copy: a shared one dumps as an alias
        parent.insert(key, copy.deepcopy(value))
    elif op == "copy":
        source = value_at(tree, data.draw(st.sampled_from(places), label="from"))
        parent[key] = copy.deepcopy(source)
    else:  # retype, or an op that does not apply here: a value of the wrong type
        parent[key] = data.draw(WRONG, label="value")
    return tree


def mutate_text(data: st.DataObject, text: bytes) -> bytes:
    """One slip of the keyboard or of a tool: in lines, characters or bytes."""
    lines = text.split(b"\n")
    op = data.draw(
        st.sampled_from(
            ["insert", "delete-line", "repeat-line", "swap-lines", "indent", "truncate"]
            + ["nest", "bytes", "replace"]
        ),
        label="text op",
    )
    at = data.draw(st.integers(0, len(text)), label="pos")
    line = data.draw(st.integers(0, max(0, len(lines) - 1)), label="line")
    if op == "insert":
        piece = data.draw(st.one_of(st.sampled_from(SNIPPETS), ODD_TEXT), label="piece")
        return text[:at] + piece.encode("utf-8") + text[at:]
    if op == "delete-line":
        return b"\n".join(lines[:line] + lines[line + 1 :])
    if op == "repeat-line":  # a key twice, an item twice
        return b"\n".join(lines[: line + 1] + lines[line:])
    if op == "swap-lines":
        other = data.draw(st.integers(0, max(0, len(lines) - 1)))
        lines[line], lines[other] = lines[other], lines[line]
        return b"\n".join(lines)
    if op == "indent":
        shift = data.draw(st.sampled_from([b" ", b"  ", b"    ", b"\t", b"-"]))
        if data.draw(st.booleans()):
            lines[line] = shift + lines[line]
        else:
            lines[line] = lines[line][len(shift) :]
        return b"\n".join(lines)
    if op == "truncate":
        return text[:at]
    if op == "nest":  # deeper than any parser's limit, in flow or block style
        depth = data.draw(st.integers(1, 1500), label="depth")
        style = data.draw(st.sampled_from(["[", "{a: ", "- "]))
        close = {"[": "]", "{a: ": "}", "- ": ""}[style]
        return text[:at] + (style * depth + "x" + close * depth).encode() + text[at:]
    if op == "bytes":
        return text[:at] + data.draw(st.sampled_from(RAW_BYTES), label="bytes") + text[at:]
    end = data.draw(st.integers(at, min(len(text), at + 200)))
    return text[:at] + data.draw(ODD_TEXT).encode("utf-8") + text[end:]


def dump(tree: Any) -> bytes:
    return yaml.dump(
        tree, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False, width=100
    ).encode("utf-8")


def _chunks(tree: dict[str, Any]) -> dict[int, bytes]:
    """The YAML of each top-level entry of the topic and of each item of its lists, by the
    identity of the parsed object."""
    chunks = {}
    for key, value in tree.items():
        chunks[id(value)] = dump({key: value})
        if isinstance(value, list):
            chunks |= {id(item): dump([item]) for item in value}
    return chunks


PLACES = list(locations(TREE))
CHUNKS = _chunks(TREE)


def dump_topic(tree: Any) -> bytes:
    """``dump(tree)`` for a mutated one-file topic, in about the same block style, dumping
    again only what the mutations touched (the rest is still the parsed original)."""
    if not isinstance(tree, dict):
        return dump(tree)
    out = []
    for key, value in tree.items():
        if id(value) in CHUNKS and TREE.get(key) is value:
            out.append(CHUNKS[id(value)])
        elif isinstance(value, list) and value and isinstance(key, str) and key in KEYS:
            out.append(
                f"{key}:\n".encode() + b"".join(CHUNKS.get(id(i)) or dump([i]) for i in value)
            )
        else:
            out.append(dump({key: value}))
    return b"".join(out)


# -- what the command line must do with it ------------------------------------------------

PROBLEM = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning): .+$")
SUMMARY = re.compile(r"^\d+ errors?, \d+ warnings?: nothing written$")
PASSED = re.compile(r"^[a-z0-9][a-z0-9-]*: \d+ schools?, .* errors?, \d+ warnings?$")


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Fail, rather than hang, past ``seconds`` (SIGALRM interrupts the Python code)."""

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"no answer in {seconds} s: argmap hangs on this input")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def check_cli(topic: Path) -> Result:
    with time_limit(TIME_LIMIT):
        return CliRunner().invoke(cli, ["check", str(topic)])


def line_count(data: bytes) -> int:
    """The lines of a file as YAML counts them: \\r, \\x85, \\u2028 and \\u2029 break lines
    too (an editor shows them so)."""
    return len(YAML_LINE_BREAK.split(data.decode("utf-8", "replace")))


YAML_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def lines_in(folder: Path) -> dict[str, int]:
    """How many lines each YAML file of a topic folder has (1 for one that cannot be read
    as text: a problem about it is at line 1)."""
    known = {str(folder / "topic.yaml"): 1}
    for path in folder.rglob("*"):
        if path.suffix not in (".yaml", ".yml"):
            continue
        known[str(path)] = 1
        try:
            info = path.stat()
        except OSError:
            continue
        if stat.S_ISREG(info.st_mode) and info.st_size <= 6_000_000:
            known[str(path)] = line_count(path.read_bytes())
    return known


def assert_reported(result: Result, known: dict[str, int]) -> None:
    """``check`` passed, or printed each problem on one line at a place the file has."""
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(
            "argmap raised: " + "".join(traceback.format_exception(result.exception)[-6:])
        )
    assert "Traceback" not in result.output
    out = result.stdout.splitlines()
    err = result.stderr.splitlines()  # splitlines breaks at \x85, \u2028... too
    if result.exit_code == 0:
        assert len(out) == 1 and PASSED.match(out[0]), result.stdout
        problems = err
    else:
        assert result.exit_code == 1, (result.exit_code, result.output)
        assert out == [], result.stdout
        assert err and SUMMARY.match(err[-1]), result.stderr
        problems = err[:-1]
        assert problems, result.stderr
    severities = set()
    for line in problems:
        match = PROBLEM.match(line)
        assert match, f"not a located problem: {line!r}"
        assert match["path"] in known, line
        assert 1 <= int(match["line"]) <= known[match["path"]] + 1, line
        assert int(match["col"]) >= 1, line
        severities.add(match["sev"])
    assert ("error" in severities) == (result.exit_code == 1), result.stderr


@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    """A folder for the inputs of one test (hypothesis runs many inputs per test call)."""
    with tempfile.TemporaryDirectory(prefix="argmap-fuzz-") as name:
        yield Path(name)


@FUZZ
@given(st.data())
def test_a_mutated_one_file_topic_is_checked_or_located(scratch, data):
    tree = TREE
    text = ONE_FILE.encode("utf-8")
    for _ in range(data.draw(st.integers(1, 4), label="mistakes")):
        if data.draw(st.booleans(), label="in the tree"):
            tree = mutate_tree(data, tree)
            text = dump_topic(tree)
        else:
            text = mutate_text(data, text)
    path = scratch / "topic.yaml"
    path.write_bytes(text)
    assert_reported(check_cli(path), {str(path): line_count(text)})


# Layout mistakes of a topic folder, each a function of the folder.
def _stray(folder: Path) -> None:
    (folder / "notes.yaml").write_text("anything: at all\n")


def _misnamed(folder: Path) -> None:
    (folder / "schools" / "ideological.yaml").rename(folder / "schools" / "ideology.yaml")


def _twice(folder: Path) -> None:
    shutil.copy(folder / "schools" / "ideological.yaml", folder / "schools" / "ideological.yml")


def _empty(folder: Path) -> None:
    (folder / "schools" / "new.yaml").write_bytes(b"")


def _folder_named_yaml(folder: Path) -> None:
    (folder / "schools" / "folder.yaml").mkdir()


def _loop(folder: Path) -> None:
    (folder / "schools" / "loop.yaml").symlink_to("loop.yaml")


def _dangling(folder: Path) -> None:
    (folder / "schools" / "gone.yaml").symlink_to(folder / "nowhere.yaml")


def _pipe(folder: Path) -> None:  # reading it would wait forever for a writer
    os.mkfifo(folder / "schools" / "pipe.yaml")


def _endless(folder: Path) -> None:  # reading it would never end
    (folder / "schools" / "zero.yaml").symlink_to("/dev/zero")


def _too_big(folder: Path) -> None:
    (folder / "evidence.yaml").write_bytes(b"evidence:\n" + b"#" * (5 * 1024 * 1024))


def _nested(folder: Path) -> None:
    (folder / "schools" / "deeper").mkdir()
    shutil.copy(folder / "schools" / "ideological.yaml", folder / "schools" / "deeper" / "x.yaml")


def _no_topic(folder: Path) -> None:
    (folder / "topic.yaml").unlink()


def _hidden(folder: Path) -> None:  # a hidden YAML file: a stray one, reported
    (folder / "schools" / ".ideological.yaml.swp.yaml").write_text("[")


LAYOUT = [_stray, _misnamed, _twice, _empty, _folder_named_yaml, _loop, _dangling, _pipe]
LAYOUT += [_endless, _too_big, _nested, _no_topic, _hidden]
FILES = ["topic.yaml", "historians.yaml", "evidence.yaml"] + [
    f"schools/{p.name}" for p in sorted((BUNDLED / "schools").glob("*.yaml"))
]
PARSED = {
    name: yaml.load((BUNDLED / name).read_text("utf-8"), Loader=EditorLoader) for name in FILES
}


@settings(FUZZ, max_examples=share(0.3))
@given(st.data())
def test_a_mutated_topic_folder_is_checked_or_located(scratch, data):
    folder = scratch / "topic"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(BUNDLED, folder)
    for _ in range(data.draw(st.integers(1, 3), label="mistakes")):
        choice = data.draw(st.sampled_from(["file", "layout"]), label="where")
        if choice == "layout":
            mistake = data.draw(st.sampled_from(LAYOUT), label="layout")
            with contextlib.suppress(OSError):  # done already by an earlier mistake
                mistake(folder)
            continue
        name = data.draw(st.sampled_from(FILES), label="file")
        path = folder / name
        if not path.is_file() or path.is_symlink():
            continue
        if data.draw(st.booleans(), label="in the tree"):
            path.write_bytes(dump(mutate_tree(data, PARSED[name])))
        else:
            path.write_bytes(mutate_text(data, path.read_bytes()))
    assert_reported(check_cli(folder), lines_in(folder))


DOCUMENTS = st.recursive(
    st.one_of(SCALARS, st.sampled_from(KEYS)),
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.dictionaries(st.one_of(st.sampled_from(KEYS), SCALARS), children, max_size=6),
    ),
    max_leaves=40,
)


@settings(FUZZ, max_examples=share(0.5))
@given(st.one_of(DOCUMENTS, st.dictionaries(st.sampled_from(KEYS), DOCUMENTS, max_size=9)))
def test_any_yaml_document_is_checked_or_located(scratch, document):
    text = yaml.dump(
        document, Dumper=yaml.CSafeDumper, allow_unicode=True, default_flow_style=None
    ).encode("utf-8")
    path = scratch / "made-up.yaml"
    path.write_bytes(text)
    assert_reported(check_cli(path), {str(path): line_count(text)})


# -- valid topics whose every text is odd: drawn too --------------------------------------

TEXT_FIELDS = ("question", "summary", "name", "description", "title", "text", "quote")
TEXT_FIELDS += ("source", "thesis", "page", "note")


def fill_text(data: st.DataObject, node: Any) -> Any:
    """``node`` with every text field (not ids, dates or references) odd."""
    if isinstance(node, dict):
        return {
            key: (
                data.draw(TEXT.filter(str.strip), label=key)
                if key in TEXT_FIELDS and isinstance(value, str)
                else fill_text(data, value)
            )
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [fill_text(data, item) for item in node]
    return node


SMALL = {name: yaml.load(text, Loader=EditorLoader) for name, text in SPLIT_TOPIC.items()}


VIEWS = [
    ("school", {"school": "alpha"}),
    ("overlap", {}),
    ("compare", {"a": "alpha", "b": "beta"}),
    ("matrix", {}),
    ("timeline", {}),
    ("plan", {}),
    ("plan", {"by": "school"}),
    ("plan", {"focus": "ideas"}),
]
DOCUMENTS_OF = [plan.essay_plan, json_export.to_json, argdown.to_argdown, aif.to_aif]


@pytest.fixture(scope="module")
def renderer() -> Iterator[Renderer]:
    with Renderer(timeout=60) as shared:
        yield shared


@settings(FUZZ, max_examples=share(0.15))
@given(st.data())
def test_odd_text_in_a_valid_topic_is_drawn(scratch, renderer, data):
    folder = scratch / "small"
    shutil.rmtree(folder, ignore_errors=True)
    for name, tree in SMALL.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(dump(fill_text(data, tree)))
    with time_limit(TIME_LIMIT):
        result = check_topic(str(folder))
        if result.topic is None:  # a text YAML reads as something else (a number, a date)
            assert result.errors
            return
        topic, overlap = result.topic, analyse(result.topic)
        kind, options = data.draw(st.sampled_from(VIEWS), label="view")
        theme = data.draw(st.sampled_from(sorted(THEMES)), label="theme")
        pages = registry.view(kind).draw(Analysis(topic, overlap), THEMES[theme], **options)
        assert all(measure(diagram.source).nodes >= 1 for diagram in pages)
        document = data.draw(st.sampled_from(DOCUMENTS_OF), label="document")
        document(Analysis(topic, overlap)).encode("utf-8")  # no text that cannot be written
    for diagram in pages:  # a series of pages: each is drawn
        try:
            svg = renderer.render(diagram.source, "svg", diagram=diagram.name)
        except TooLarge:  # a slide too wide for its text to stay readable: refused, as it says
            assert theme == "slides"
            return
        assert_svg(svg)


def assert_svg(svg: bytes) -> None:
    """An SVG that any reader reads: UTF-8 throughout, and well-formed XML throughout (not
    only its first bytes: Graphviz once wrote a surrogate's bytes in a tooltip)."""
    import xml.etree.ElementTree as ET

    svg.decode("utf-8")
    assert ET.fromstring(svg).tag.endswith("svg")


# -- names can never leave the output folder -----------------------------------------------


@FUZZ
@given(
    st.lists(
        st.one_of(ODD_TEXT, st.sampled_from(["..", ".", "/", "../x", "/etc", "a/../.."])),
        min_size=1,
        max_size=4,
    )
)
def test_inside_never_gives_a_path_outside_the_folder(scratch, parts):
    try:
        path = inside(scratch, *parts)
    except (UnsafePath, ValueError):  # ValueError: a NUL byte, which no path can hold
        return
    base = scratch.resolve()
    assert path == base or base in path.parents


# -- what fuzzing found, kept as cases ------------------------------------------------------


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_file_that_is_not_regular_is_a_problem_not_a_hang(tmp_path, command):
    """A pipe waits forever for a writer, /dev/zero never ends, a dangling link has nothing:
    each is a located problem (and `build` does not stop at its fast-path digest)."""
    folder = tmp_path / "topic"
    shutil.copytree(BUNDLED, folder)
    for mistake in (_pipe, _endless, _dangling, _loop):
        mistake(folder)
    args = [command, str(folder)] + (["-o", str(tmp_path / "out")] if command == "build" else [])
    with time_limit(TIME_LIMIT):
        result = CliRunner().invoke(cli, args)
    schools = folder / "schools"
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines() == [
        f"{schools}/gone.yaml:1:1: error: cannot read file: No such file or directory",
        f"{schools}/loop.yaml:1:1: error: cannot read file: Too many levels of symbolic links",
        f"{schools}/pipe.yaml:1:1: error: not a regular file (a pipe, device or socket)",
        f"{schools}/zero.yaml:1:1: error: not a regular file (a pipe, device or socket)",
        "4 errors, 0 warnings: nothing written",
    ]


def test_a_problem_is_one_printable_line_whatever_the_file_holds(tmp_path):
    """Text from a file cannot act on the terminal (an escape sequence could clear it or
    recolour it) nor split a problem over lines."""
    path = tmp_path / "t.yaml"
    path.write_text(
        'format: 1\nid: t\nquestion: "Why?"\n"esc\\e[2Jkey": 1\n"cr\\rkey": 2\n'
        '"ls\\Lkey": 3\n"rtl\\u202Ekey": 4\n"nel\\Nkey": 5\n'
    )
    result = CliRunner().invoke(cli, ["check", str(path)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{path}:4:1: error: unknown key 'esc\\x1b[2Jkey' in topic.yaml",
        f"{path}:5:1: error: unknown key 'cr\\rkey' in topic.yaml",
        f"{path}:6:1: error: unknown key 'ls\\u2028key' in topic.yaml; it holds U+2028 LINE "
        "SEPARATOR, which cannot be seen: retype it",
        f"{path}:7:1: error: unknown key 'rtl\\u202ekey' in topic.yaml; it holds U+202E "
        "RIGHT-TO-LEFT OVERRIDE, which cannot be seen: retype it",
        f"{path}:8:1: error: unknown key 'nel\\u0085key' in topic.yaml; it holds U+0085, "
        "which cannot be seen: retype it",
        "5 errors, 0 warnings: nothing written",
    ]


def test_a_text_longer_than_graphviz_reads_still_draws(tmp_path, renderer):
    """Graphviz reads no quoted string of 16,384 characters: a tooltip is cut (with an
    ellipsis) long before, and the label, wrapped, holds the whole text (of up to the
    10,000 characters a text may hold)."""
    folder = tmp_path / "long"
    long_text = "word " * 1400 + "\\" * 2000  # under the 10,000 characters of one text
    for name, tree in SMALL.items():
        if name == "schools/alpha.yaml":
            tree = {
                **tree,
                "claims": [{**tree["claims"][0], "text": long_text}, *tree["claims"][1:]],
            }
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(dump(tree))
    result = check_topic(str(folder))
    assert result.topic is not None, [str(p) for p in result.problems]
    topic, overlap = result.topic, analyse(result.topic)
    diagram = views.get("school")(Analysis(topic, overlap), THEMES["default"], school="alpha")
    svg = renderer.render(diagram.source, "svg", diagram=diagram.name)
    titles = [
        v
        for k, v in re.findall(r'(xlink:title|<title)[=>]"?([^"<]*)', svg.decode())
        if "word word" in v
    ]
    assert titles and all(len(t) <= 1000 and t.endswith("…") for t in titles)
    assert svg.decode().count(">word word word") > 100  # the label: every line of it


@pytest.mark.parametrize("word", ["\\" * 1700, "x" * 9_000])
def test_a_word_longer_than_graphviz_reads_still_draws(tmp_path, renderer, word):
    """A line of one enormous word (or of 1,700 backslashes, ten characters each once
    escaped) is cut where the timeline shows it, with an ellipsis, on a page and on a
    slide, and every page of it draws."""
    folder = tmp_path / "word"
    for name, tree in SMALL.items():
        if name == "evidence.yaml":
            tree = {"evidence": [{**tree["evidence"][0], "text": word}, *tree["evidence"][1:]]}
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(dump(tree))
    topic, overlap = checked(folder)
    item = topic.evidence[0].id
    for theme in ("default", "slides"):
        series = registry.view("timeline").draw(Analysis(topic, overlap), THEMES[theme])
        for diagram in series:
            svg = renderer.render(
                diagram.source, "svg", diagram=diagram.name, **vars(diagram.settings)
            )
            assert svg.startswith(b"<?xml")
        (page,) = [d for d in series if dot.node_id("evidence", item) in d.source]
        graph = pygraphviz.AGraph(string=page.source)  # alive while its label is read
        label = graph.get_node(dot.node_id("evidence", item)).attr["label"]
        assert "…" in label and dot.escape(word[:20]) in label and len(label) < 8000


def test_nesting_too_deep_for_pure_python_yaml_is_a_problem(tmp_path, monkeypatch):
    """PyYAML without libyaml (its C parser stops at 1,000 levels) recurses once per level:
    deep nesting is a problem, not a RecursionError."""
    from argmap import load

    monkeypatch.setattr(load, "_Loader", yaml.SafeLoader)
    path = tmp_path / "t.yaml"
    path.write_text("format: 1\nid: t\nquestion: " + "[" * 3000 + "]" * 3000 + "\n")
    result = CliRunner().invoke(cli, ["check", str(path)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{path}:1:1: error: YAML syntax: lists or mappings nested too deeply",
        "1 error, 0 warnings: nothing written",
    ]


# -- anchors, aliases and tags: refused wherever libyaml reads one --------------------------

ANCHOR_PLACES = [
    "", " ", "\n", "\ufeff", "\n\ufeff", "?", "? ", "[", "{", "{?", ",", ", ", ":", ": ",
    "- ", "\t", "[\n\ufeff", "{? ", "\r", "\u2028", "\x85", "\n  ", "\n- ", "[\ufeff",
]  # fmt: skip
NODE_PROPERTIES = ["&k", "*k", "&k x", "*k ", "!t x", "!!python/name:os.system x", "&k [", "*k]"]
FILLERS = ["a", "a: b", ", ", "]", "}", "\n", " x", "&", "*", "!", "5*3", "b&c", "No!"]
PREFIXES = ["", "a: ", "a: [", "a: {", "- ", "a:\n  - ", "[{", "a: [\n", "format: 1\nq: "]


def libyaml_reads_a_node_property(text: str) -> bool:
    """Whether libyaml's event stream, up to its first error, holds an anchor, an alias or
    a tag other than YAML's own: the truth the loader's refusal must match."""
    from argmap.load import ALLOWED_TAGS

    try:
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                return True
            tag = getattr(event, "tag", None)
            if tag and tag != "!" and tag not in ALLOWED_TAGS:
                return True
    except yaml.YAMLError:
        pass
    return False


@settings(FUZZ, max_examples=share(1.0))
@given(
    st.sampled_from(PREFIXES),
    st.lists(
        st.tuples(
            st.sampled_from(ANCHOR_PLACES),
            st.one_of(st.sampled_from(NODE_PROPERTIES), st.sampled_from(FILLERS)),
        ),
        min_size=1,
        max_size=6,
    ),
)
def test_every_anchor_alias_and_tag_is_refused_bom_question_mark_and_flow_too(prefix, pieces):
    from argmap import load
    from argmap.problems import Problems

    text = prefix + "".join(place + piece for place, piece in pieces)
    if not libyaml_reads_a_node_property(text):
        return
    assert load._MAYBE_NODE_PROPERTY.search(text), repr(text)
    problems = Problems()
    assert load.compose("t.yaml", text, problems) is None, repr(text)
    assert any("is not allowed" in p.message for p in problems.items), repr(text)


# -- the bound on values: never under the real count ---------------------------------------


def values_read(text: str) -> int:
    """The nodes libyaml reads, up to its first error."""
    nodes = 0
    try:
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            nodes += isinstance(event, (yaml.ScalarEvent, yaml.CollectionStartEvent))
    except yaml.YAMLError:
        pass
    return nodes


@settings(FUZZ, max_examples=share(0.5))
@given(DOCUMENTS, st.sampled_from([None, True, False]), st.data())
def test_the_bound_on_values_is_never_under_the_count(document, flow, data):
    from argmap.load import node_bound

    text = yaml.dump(document, Dumper=yaml.CSafeDumper, allow_unicode=True, default_flow_style=flow)
    if data.draw(st.booleans(), label="mutated"):
        text = mutate_text(data, text.encode("utf-8")).decode("utf-8", "replace")
    assert node_bound(text) >= values_read(text), repr(text[:200])


# -- names made from ids: no two diagrams, branches or anchors share one --------------------

ID_PIECES = ["a", "b", "c", "other", "vs", "a-vs-b", "b-vs-c", "compare", "school", "2"]
ID_PIECES += ["plan", "slides", "index", "overlap", "matrix", "timeline", "x"]
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
MADE_IDS = st.lists(st.sampled_from(ID_PIECES), min_size=1, max_size=3).map("-".join)
MADE_IDS = MADE_IDS.filter(lambda i: bool(SLUG.match(i)))


@settings(FUZZ, max_examples=share(0.1))
@given(
    st.lists(MADE_IDS, min_size=2, max_size=5, unique=True),
    st.lists(MADE_IDS, min_size=1, max_size=4, unique=True),
    st.data(),
)
def test_names_of_schools_and_factors_never_collide_with_names_argmap_makes(
    scratch, schools, factors, data
):
    from argmap import dot, registry
    from argmap.build import documents
    from argmap.documents import html

    if data.draw(st.booleans(), label="a factor named as the plan's own branch"):
        factors = list(dict.fromkeys([*factors, "other"]))
    lines = ["format: 1", "id: t", "question: Q", "factors:"]
    lines += [f"  - {{id: {f}, name: 'Factor {f}'}}" for f in factors]
    lines.append("schools:")
    for i, school in enumerate(schools):  # the first school's claim carries no factor
        carried = data.draw(st.lists(st.sampled_from(factors), max_size=2, unique=True))
        carried = carried if i else []
        lines.append(
            f"  - {{id: {school}, name: 'School {school}', thesis: T, claims: "
            f"[{{id: c-{school}, text: 'Claim {school}', factors: [{', '.join(carried)}]}}]}}"
        )
    path = scratch / "names.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = check_topic(str(path))
    assert result.topic is not None, [str(p) for p in result.problems]
    analysis = Analysis.of(result.topic)
    stems = [t.stem for t in registry.build_targets(result.topic)]
    files = [f"{s}.{x}" for s in stems for x in ("svg", "dot")]
    files += [*documents(analysis), "index.html"]
    assert len(files) == len(set(files)), sorted(files)
    anchors = [html.anchor("diagram", s) for s in stems if not s.startswith("slides/")]
    assert len(anchors) == len(set(anchors))
    for by in ("factor", "school"):
        branches = analysis.branches(by=by) if by == "school" else analysis.branches()
        keys = [dot.node_id("branch", b.key) for b in branches]
        assert len(keys) == len(set(keys)), keys
    source = registry.view("plan").draw(analysis, THEMES["default"])[0].source
    for factor in factors:
        assert f"Factor {factor}" in source
