"""Rendering through the bundled Graphviz, and user text that must stay text."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from argmap import views
from argmap.analysis import Analysis
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


def yaml_quoted(text: str) -> str:
    """``text`` as the inside of a YAML double-quoted scalar that reads back exactly: quotes
    and backslashes escaped, and characters YAML forbids or reads as line breaks written as
    escapes (everything else, bidi controls and emoji included, as it is)."""
    out = []
    for ch in text:
        if ch in '\\"':
            out.append("\\" + ch)
        elif ch in "\n\r\t":
            out.append({"\n": "\\n", "\r": "\\r", "\t": "\\t"}[ch])
        elif ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F or ch in "\u2028\u2029\ufeff":
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "".join(out)


def hostile_topic(tmp_path: Path, hostile: str = HOSTILE, name: str = "hostile.yaml") -> Path:
    """A one-file topic whose every text field is hostile (``hostile`` after a word)."""
    text = yaml_quoted(hostile)
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
    path = tmp_path / name
    path.write_text(src, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory):
    result = check_topic(str(hostile_topic(tmp_path_factory.mktemp("hostile"))))
    assert result.topic is not None, [str(p) for p in result.problems]
    return result.topic, analyse(result.topic)


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
    first = views.get("school")(Analysis(topic, overlap), THEMES["default"], school="s1").source
    second = views.get("school")(Analysis(topic, overlap), THEMES["default"], school="s1").source
    assert first == second
    assert render(first, "svg") == render(second, "svg")
