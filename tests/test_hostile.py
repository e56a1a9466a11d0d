"""Hostile text stays text: in every view, every theme and every export.

Every text field of a topic holds DOT and HTML syntax, quotes, backslashes, Graphviz's
``\\N \\G \\l`` escapes, ``<script>``, ``on...=`` handlers, entities, control characters,
right-to-left and isolate marks, emoji, line breaks and a word of 3,000 letters. Beside it
is its *twin*, the same topic with plain words in the same places. Then:

- the DOT of every view parses, and has exactly the twin's structure: the same nodes (all
  named by argmap's scheme), edges, clusters, and the same attributes on each;
- the SVG has no element and no attribute the twin's has not (so nothing the user wrote
  became markup), the same ids and classes, and its text reads as the user wrote it (less
  the control and bidi characters, which argmap drops);
- every export has the twin's structure (the same JSON shape; the same kind of line, line
  for line, in Markdown and Argdown) and holds the text as written where it keeps it whole.
"""

from __future__ import annotations

import json
import re
import unicodedata
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pygraphviz
import pytest
from click.testing import CliRunner

from argmap import registry
from argmap.analysis import Analysis
from argmap.cli import cli
from argmap.render import Renderer
from argmap.themes import THEMES

from .conftest import checked
from .test_render import HOSTILE, HOSTILE_WORDS, hostile_topic

MORE = (
    ' "]; evil -> x [label=" } subgraph cluster_x { <<TABLE>> &lt;b&gt; &#92;N &amp; '
    'javascript:alert(1) style="fill:red" onload=alert(2) <svg/onload=alert(3)> '
    "\x07\x1b[31m\x00\x7f\x9b \u200fRLM\u2066iso\u2069 \u200b zero-width\nsecond line\r\tend"
)
TEXT = HOSTILE + MORE
LONG_WORD = "W" * 3000
# A slide holds less (it refuses a drawing too wide for its large type): the worst of it.
SLIDE_TEXT = (
    '<script>x</script> & \\N \\G \\l "q" ]]> "]; a -> b [" <i onerror=e()> \u202e\x1b[1m🙂'
)
SLIDE_WORDS = ["<script>x</script>", "&", "\\N", "\\G", "\\l", '"q"', "]]>", '"];', "->", "["]
SLIDE_WORDS += ["<i", "onerror=e()>", "[1m🙂"]
MORE_WORDS = [
    '"];', "evil", "->", '[label="', "}", "subgraph", "cluster_x", "<<TABLE>>", "&lt;b&gt;",
    "&#92;N", "&amp;", "javascript:alert(1)", 'style="fill:red"', "onload=alert(2)",
    "<svg/onload=alert(3)>", "RLM", "iso", "zero-width", "second", "line", "end",
]  # fmt: skip
# What argmap drops from a label: control characters, and format characters such as bidi
# controls (which could make a label read differently from what was written) but the
# zero-width joiner of emoji sequences.
DROPPED = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f"
    + "".join(
        chr(c)
        for c in range(0xA0, 0x110000)
        if unicodedata.category(chr(c)) == "Cf" and c != 0x200D
    )
    + "]"
)

VIEWS = [
    ("school", {"school": "s1"}),
    ("school", {"school": "s2"}),
    ("overlap", {}),
    ("overlap", {"detail": True}),
    ("compare", {"a": "s1", "b": "s2"}),
    ("matrix", {}),
    ("timeline", {}),
    ("historiography", {}),
    ("plan", {}),
    ("plan", {"by": "school"}),
    ("plan", {"focus": "f1"}),
]
CASES = [(kind, options, theme) for kind, options in VIEWS for theme in THEMES]
# Views drawn as a series whose split follows the length of the text.
SERIES = ("overlap", "matrix", "timeline", "historiography")
NODE_NAME = re.compile(r"^[a-z][a-z0-9_-]*$")  # dot.node_id's scheme, and legend__*


def topic_with(folder: Path, text: str, long_word: str):
    """The hostile topic's template filled with ``text``; evidence e2 also carries a very
    long word."""
    path = hostile_topic(folder, text)
    src = path.read_text(encoding="utf-8").replace('text: "E2 ', f'text: "E2 {long_word} ', 1)
    path.write_text(src, encoding="utf-8")
    return checked(path)


@pytest.fixture(scope="module")
def topics(tmp_path_factory: pytest.TempPathFactory):
    """The hostile topics and their twins: for a page, and for a slide."""
    made = tmp_path_factory.mktemp

    return {
        "page": (
            topic_with(made("hostile"), TEXT, LONG_WORD),
            topic_with(made("twin"), "plain words", "word"),
        ),
        "slide": (
            topic_with(made("slide"), SLIDE_TEXT, "W" * 60),
            topic_with(made("slide-twin"), "plain", "word"),
        ),
    }


@pytest.fixture(scope="module")
def renderer() -> Iterator[Renderer]:
    with Renderer() as shared:
        yield shared


def structure(source: str) -> dict[str, Any]:
    """What a graph is made of, without any label: nodes, edges, clusters, and the names of
    the attributes each carries."""
    graph = pygraphviz.AGraph(string=source)

    def subgraphs(g: pygraphviz.AGraph) -> list[Any]:
        return sorted((s.name or "", subgraphs(s)) for s in g.subgraphs())

    return {
        "graph": sorted(graph.graph_attr.keys()),
        "nodes": {n: sorted(graph.get_node(n).attr.keys()) for n in graph.nodes()},
        "edges": Counter(
            (e[0], e[1], tuple(sorted(k for k, v in e.attr.items() if v))) for e in graph.edges()
        ),
        "subgraphs": subgraphs(graph),
    }


def svg_parts(svg: bytes) -> tuple[set[str], set[str], Counter, str, str]:
    """The element names, attribute names, ids and classes, all the text drawn (each
    ``<text>`` on a line) and all the tooltips of an SVG."""
    root = ET.fromstring(svg)  # it parses: no broken XML
    tags, attrs, marks = set(), set(), Counter()
    texts, titles = [], []
    for el in root.iter():
        tag = el.tag.split("}")[-1]
        tags.add(tag)
        attrs |= set(el.attrib)
        marks.update((k, v) for k, v in el.attrib.items() if k in ("id", "class"))
        if tag == "text":
            texts.append("".join(el.itertext()))
        elif tag == "title":
            titles.append(el.text or "")
        titles += [v for k, v in el.attrib.items() if k.endswith("}title")]
    return tags, attrs, marks, "\n".join(texts), "\n".join(titles)


@pytest.mark.parametrize(
    ("kind", "options", "theme"),
    CASES,
    ids=[f"{k}-{t}-{'-'.join(str(v) for v in o.values())}" for k, o, t in CASES],
)
def test_hostile_text_stays_text_in_every_view_and_theme(topics, renderer, kind, options, theme):
    slide = theme == "slides"
    pair = topics["slide" if slide else "page"]
    # A view may draw a series of pages (a slide split in three). The views that split by
    # what text fits (SERIES) may split the hostile topic differently from its twin: their
    # first pages are compared, and their structure only when neither is split. The
    # others split by what they hold: the twin's, page by page.
    series = [registry.view(kind).draw(Analysis(*t), THEMES[theme], **options) for t in pair]
    same_split = kind not in SERIES or len(series[0]) == len(series[1]) == 1
    if kind in SERIES:
        made = [(series[0][0], series[1][0])]
    else:
        assert len(series[0]) == len(series[1])
        made = list(zip(*series, strict=True))
    texts = []
    for diagram, plain in made:
        # The DOT: the twin's structure exactly, every node named by argmap.
        shape = structure(diagram.source)
        if same_split:
            assert shape == structure(plain.source)
        assert all(NODE_NAME.match(name) for name in shape["nodes"]), sorted(shape["nodes"])
        # The SVG: nothing the twin has not, and the text as written.
        svg, plain_svg = (
            renderer.render(d.source, "svg", diagram=d.name, **vars(d.settings))
            for d in (diagram, plain)
        )
        tags, attrs, marks, text, titles = svg_parts(svg)
        plain_tags, plain_attrs, plain_marks, _, _ = svg_parts(plain_svg)
        assert tags <= plain_tags, tags - plain_tags
        assert attrs <= plain_attrs, attrs - plain_attrs
        assert marks == plain_marks or not same_split
        assert not DROPPED.search(text + titles)
        texts.append(text)
    text = "\n".join(texts)
    for word in SLIDE_WORDS if slide else HOSTILE_WORDS + MORE_WORDS:
        assert word in text, word
    # The question reads whole in the title of every page, line by line; the long word,
    # broken to fit.
    question = DROPPED.sub("", f"Q {SLIDE_TEXT if slide else TEXT}").replace("\t", " ")
    for page in texts:
        flowing = " ".join(page.split())
        for line in question.splitlines():
            assert " ".join(line.split()) in flowing, line
    shows_e2 = kind in ("school", "plan") and options.get("school") != "s2"
    flat = text.replace("\n", "")
    bounded = theme == "print" and kind in ("school", "plan")  # on paper, lines are bounded
    if shows_e2 and not slide and not bounded:  # a slide shows no evidence text
        assert LONG_WORD in flat
    elif shows_e2 and bounded:  # broken to fit, then cut with an ellipsis, never silently
        assert re.search("W{20,} …", flat) and LONG_WORD not in flat
    if kind == "timeline" and not slide:  # three lines of it, then cut
        assert "W" * 90 in flat and "W" * 200 not in flat


EXPORTS = ["json", "markdown", "argdown", "aif", "csl-json", "bibtex", "docx"]


def export(topic_path: Path, fmt: str) -> str:
    result = CliRunner().invoke(cli, ["export", "-f", fmt, str(topic_path)])
    assert result.exit_code == 0, result.stderr
    return result.stdout


def shape_of(value: Any) -> Any:
    """A JSON value with every string replaced by its kind: user text, or one of ours."""
    if isinstance(value, dict):
        return {k: shape_of(v) for k, v in value.items()}
    if isinstance(value, list):
        return [shape_of(v) for v in value]
    return type(value).__name__


MARKDOWN_LINE = re.compile(r"^(#+ |\s*[-*+] |\s*\d+\. |> |\||$)?")
ARGDOWN_LINE = re.compile(r"^(\s*(?:[+\-<>_]+|<[+\-_>]|[+\-_]>)\s|\s*\[|\s*<|#+ |//|\s*\{|\s*}|$)?")


@pytest.mark.parametrize("fmt", EXPORTS)
def test_hostile_text_stays_text_in_every_export(tmp_path, fmt):
    # `export` has exactly these formats (a new one must be added here).
    choices = next(p for p in cli.commands["export"].params if p.name == "fmt").type.choices
    assert sorted(choices) == sorted(EXPORTS)
    hostile = hostile_topic(tmp_path, TEXT, name="hostile.yaml")
    plain = hostile_topic(tmp_path, "plain words", name="twin.yaml")
    if fmt == "docx":  # binary: the text reads as written in Word's paragraphs
        import io

        import docx

        data = CliRunner().invoke(cli, ["export", "-f", fmt, str(hostile)]).stdout_bytes
        document = docx.Document(io.BytesIO(data))
        assert any('<script>alert("x")</script>' in p.text for p in document.paragraphs)
        return
    out, twin_out = export(hostile, fmt), export(plain, fmt)
    if fmt == "bibtex":  # one entry either way, every brace balanced
        import bibtexparser

        for made in (out, twin_out):
            library = bibtexparser.parse_string(made)
            assert len(library.entries) == 1 and not library.failed_blocks
        return
    if fmt == "csl-json":  # the titles as written, in JSON's own escapes
        data = json.loads(out)
        assert shape_of(data) == shape_of(json.loads(twin_out))
        assert data[0]["title"].startswith('W <script>alert("x")</script> & {braces}')
        return
    if fmt in ("json", "aif"):
        data = json.loads(out)
        assert shape_of(data) == shape_of(json.loads(twin_out))
        strings = json.dumps(data, ensure_ascii=False)
        assert json.dumps(f"Q {TEXT}", ensure_ascii=False)[1:-1] in strings or (
            json.dumps(f"C1 {TEXT}", ensure_ascii=False)[1:-1] in strings
        )
        return
    # Text formats: user text never starts a line, so each line is of the twin's kind.
    pattern = MARKDOWN_LINE if fmt == "markdown" else ARGDOWN_LINE
    lines, twin_lines = out.splitlines(), twin_out.splitlines()
    assert len(lines) == len(twin_lines)
    for line, twin_line in zip(lines, twin_lines, strict=True):
        assert pattern.match(line).group() == pattern.match(twin_line).group(), (line, twin_line)
    if fmt == "markdown":
        assert not re.search(r"(?<!\\)[<>]", out)  # no raw HTML: every angle bracket escaped
