"""Rendering through the bundled Graphviz, and user text that must stay text."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pygraphviz
import pytest

from argmap import views
from argmap.check import check_topic
from argmap.overlap import analyse
from argmap.render import RenderError, render
from argmap.themes import THEMES

HOSTILE = (
    '<script>alert("x")</script> & {braces} [brackets] \\N \\G \\l "dq" \'sq\' '
    "<b>bold</b> <img src=x onerror=evil()> ]]> -- Сталин 🙂 \u202eevil\u202c"
)
# The words of HOSTILE that must read in the SVG as written (bidi controls are dropped).
HOSTILE_WORDS = [
    '<script>alert("x")</script>',
    "&",
    "{braces}",
    "[brackets]",
    "\\N",
    "\\G",
    "\\l",
    '"dq"',
    "'sq'",
    "<b>bold</b>",
    "<img",
    "src=x",
    "onerror=evil()>",
    "]]>",
    "--",
    "Сталин",
    "🙂",
    "evil",
]


def hostile_topic(tmp_path: Path) -> Path:
    """A one-file topic whose every text field is hostile."""
    text = HOSTILE.replace("\\", "\\\\").replace('"', '\\"')
    src = f"""\
format: 1
id: hostile
question: "Q {text}"
factors:
  - {{id: f1, name: "F {text}", description: "D {text}"}}
historians:
  - id: h1
    name: "H {text}"
    works: [{{id: w1, title: "W {text}", year: 1999}}]
evidence:
  - {{id: e1, text: "E {text}", date: "1924-01", quote: "Q {text}", source: "S {text}",
     factors: [f1]}}
  - {{id: e2, text: "E2 {text}", date: "1925", factors: [f1]}}
schools:
  - id: s1
    name: "S1 {text}"
    thesis: "T {text}"
    historians: [h1]
    claims:
      - {{id: c1, text: "C1 {text}", historians: [{{id: h1, work: w1}}], evidence: [e1, e2],
         factors: [f1], challenges: [s2.c2]}}
  - id: s2
    name: "S2 {text}"
    thesis: "T2 {text}"
    historians: [h1]
    claims:
      - {{id: c2, text: "C2 {text}", evidence: [e1], factors: [f1], qualifies: [s1.c1]}}
"""
    path = tmp_path / "hostile.yaml"
    path.write_text(src, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory):
    result = check_topic(str(hostile_topic(tmp_path_factory.mktemp("hostile"))))
    assert result.topic is not None, [str(p) for p in result.problems]
    return result.topic, analyse(result.topic)


def all_views(topic):
    yield "school", {"school": "s1"}
    yield "overlap", {}
    yield "compare", {"a": "s1", "b": "s2"}
    yield "matrix", {}
    yield "timeline", {}


def svg_text(svg: bytes) -> tuple[ET.Element, str]:
    root = ET.fromstring(svg)
    words = " ".join("".join(el.itertext()) for el in root.iter("{http://www.w3.org/2000/svg}text"))
    return root, words


@pytest.mark.parametrize("theme", ["default", "print"])
def test_hostile_text_stays_text_in_every_view(hostile, theme):
    topic, overlap = hostile
    for kind, options in all_views(topic):
        diagram = views.get(kind)(topic, overlap, THEMES[theme], **options)
        # The DOT keeps the structure the view meant: it parses, and every node is named
        # by our scheme (kind__id), none by user text.
        graph = pygraphviz.AGraph(string=diagram.source)
        for node in graph.nodes():
            assert re.match(r"^[A-Za-z][A-Za-z0-9_-]*$", node), (kind, node)
        assert "alert" not in " ".join(graph.nodes())
        svg = render(diagram.source, "svg", diagram=diagram.name)
        root, words = svg_text(svg)  # parses: no broken XML
        for el in root.iter():
            tag = el.tag.split("}")[-1]
            assert tag not in ("script", "img", "b", "foreignObject"), (kind, tag)
            for attr in el.attrib:
                assert not attr.split("}")[-1].lower().startswith("on"), (kind, attr)
        if kind in ("school", "compare"):
            for word in HOSTILE_WORDS:
                assert word in words, (kind, word)
        assert "\u202e" not in words


def test_every_format_renders_without_noise(tmp_path):
    """SVG, PNG and PDF come from the bundled library, with nothing on stderr."""
    code = (
        "from argmap.render import render\n"
        "src = 'digraph { a -> b }'\n"
        "assert render(src, 'svg').startswith(b'<?xml')\n"
        "assert render(src, 'png').startswith(b'\\x89PNG')\n"
        "assert render(src, 'pdf').startswith(b'%PDF')\n"
        "assert render(src, 'dot') == src.encode()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={"PATH": "/nonexistent"},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""


def test_graphviz_failure_names_the_diagram():
    with pytest.raises(RenderError, match="^overlap: Graphviz failed"):
        render("digraph { a -> }", "svg", diagram="overlap")


def test_a_broken_dot_program_is_reported():
    with pytest.raises(RenderError, match="^matrix: .*cannot run"):
        render("digraph { a }", "svg", diagram="matrix", dot_binary="/nonexistent/dot")


def test_slide_too_wide_is_refused_with_advice():
    wide = "digraph { " + " ".join(f"n{i}" for i in range(200)) + " }"
    with pytest.raises(RenderError, match="too large for a slide"):
        render(wide, "svg", diagram="x", max_width=THEMES["slides"].max_width)


def test_same_input_gives_byte_identical_dot_and_svg(hostile):
    topic, overlap = hostile
    first = views.get("school")(topic, overlap, THEMES["default"], school="s1").source
    second = views.get("school")(topic, overlap, THEMES["default"], school="s1").source
    assert first == second
    assert render(first, "svg") == render(second, "svg")
