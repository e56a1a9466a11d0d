"""The defects of the reliability review (shared/reviews/reliability.md), one test or more
each, named after the finding (``test_d2_...``): each failed before its fix.

"base" is the review's valid one-file topic: schools ``a`` and ``b``, claims ``c1`` and
``c2``, evidence ``e`` (1922-04), factor ``f``, historian ``h``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from argmap import dot
from argmap.cli import cli
from argmap.render import render

BASE = """\
format: 1
id: base
question: Why?
factors:
  - id: f
    name: F
historians:
  - id: h
    name: H One
evidence:
  - id: e
    text: Something happened.
    date: 1922-04
    factors: [f]
schools:
  - id: a
    name: A
    thesis: It was A.
    historians: [h]
    claims:
      - id: c1
        text: Claim one.
        evidence: [e]
        factors: [f]
  - id: b
    name: B
    thesis: It was B.
    historians: [h]
    claims:
      - id: c2
        text: Claim two.
        evidence: [e]
        challenges: [a.c1]
"""


def base(tmp_path: Path, *edits: tuple[str, str], name: str = "base.yaml") -> Path:
    """The base topic as one file, with each ``(old, new)`` edit made once."""
    text = BASE
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def invoke(*args: str | Path):
    return CliRunner().invoke(cli, [str(a) for a in args])


def tooltips(svg: bytes) -> list[str]:
    """The tooltips of an SVG, read as XML (which fails on a malformed SVG)."""
    svg.decode("utf-8")  # strictly UTF-8
    root = ET.fromstring(svg)
    return [v for el in root.iter() for k, v in el.attrib.items() if k.endswith("}title")]


# -- D2, D3: what Graphviz decodes in tooltips and labels -----------------------------------

ENTITY_TEXTS = [
    "Stalin &#xD800; x",  # D2: a surrogate, which Graphviz wrote as bytes ED A0 80
    "Stalin &#x1b;[2J &#1; x",  # D3: control characters by reference
    "&mdash; and &lt;b&gt; as written",  # D3: named entities, decoded in tooltips
    "A &amp; B; a&b;c && &#38;",
]


@pytest.mark.parametrize("text", ENTITY_TEXTS)
def test_d2_d3_a_tooltip_reads_as_written_and_the_svg_is_utf8_xml(text):
    source = f'digraph {{ n [label="x" URL="#n" tooltip="{dot.plain(text)}"] }}'
    assert tooltips(render(source, "svg")) == [text]


@pytest.mark.parametrize("char", ["\ufffe", "\uffff", "\ufdd0", "\U0001fffe"])
def test_d3_noncharacters_are_dropped_from_labels_and_tooltips(char):
    label = dot.html(dot.table([dot.row(dot.cell(dot.text(f"a{char}b")))]))
    source = f'digraph {{ n [label={label} URL="#n" tooltip="{dot.plain(f"c{char}d")}"] }}'
    svg = render(source, "svg")
    assert tooltips(svg) == ["cd"]
    assert ">ab<" in svg.decode("utf-8")


@pytest.mark.slow
def test_d2_d3_a_text_of_entities_builds_every_svg_as_xml(tmp_path):
    # (U+FFFE cannot be written in a YAML file, but it can be escaped in a quoted text.)
    texts = [*ENTITY_TEXTS, "U+FFFE \\uFFFE U+FFFF \\uFFFF"]
    topic = base(
        tmp_path,
        ("text: Claim two.", f'text: "{texts[0]}"'),
        ("text: Claim one.", f'text: "{texts[1]}"'),
        ("thesis: It was A.", f'thesis: "{texts[2]}"'),
        ("text: Something happened.", f'text: "{texts[3]} {texts[4]}"'),
    )
    out = tmp_path / "out"
    done = invoke("build", topic, "-o", out)
    assert done.exit_code == 0, done.output
    svgs = sorted((out / "base").rglob("*.svg"))
    assert len(svgs) >= 7
    for svg in svgs:
        tooltips(svg.read_bytes())
    page = (out / "base" / "index.html").read_text(encoding="utf-8")
    assert "&amp;#xD800;" in page
    one = invoke("school", "b", topic, "-o", tmp_path / "b.svg")
    assert one.exit_code == 0, one.output
    assert "Stalin &#xD800; x" in " ".join(tooltips((tmp_path / "b.svg").read_bytes()))


def test_d2_an_unexpected_failure_of_one_rebuild_does_not_end_watch(tmp_path, monkeypatch):
    """watch promises that a bad edit never stops it: even a bug in argmap, met on one
    save, is reported and the watch goes on to the next."""
    import time

    from argmap import pipeline
    from argmap import watch as watching

    calls = []

    def build(*args, **kwargs):  # noqa: ANN202
        calls.append(args)
        if len(calls) == 1:
            raise UnicodeDecodeError("utf-8", b"\xed", 0, 1, "invalid continuation byte")
        return pipeline.Outcome(error="second look")

    def loop(step, look, **kwargs):  # noqa: ANN001, ANN202
        step()
        step()
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "build", build)
    monkeypatch.setattr(watching, "watch", loop)
    monkeypatch.setattr(time, "strftime", lambda fmt: "12:00:00")
    done = invoke("watch", base(tmp_path), "-o", tmp_path / "out")
    assert done.exit_code == 0, done.output
    assert len(calls) == 2
    assert "12:00:00 internal error: UnicodeDecodeError" in done.stderr
    assert "12:00:00 error: second look" in done.stderr
    assert done.stderr.endswith("stopped watching\n")


def test_d2_the_report_inlines_an_svg_that_is_not_utf8_without_failing():
    from argmap.documents.html import inline_svg

    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><title>\xed\xa0\x80</title></svg>'
    assert inline_svg(svg, "d0-").startswith("<svg")
