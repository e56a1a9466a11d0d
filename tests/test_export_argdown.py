"""`argmap export -f argdown`: Argdown's own command line (``@argdown/cli``, installed by
``npm ci`` from package.json) must parse the file without a syntax error, find every
statement, text, datum and relation where argmap put it, and draw a map with the claims.

Without the Argdown tool these tests skip, except in CI (``CI`` set), where they fail."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from argmap.analysis import Analysis
from argmap.check import check_topic
from argmap.cli import cli
from argmap.documents.argdown import (
    claim_text,
    evidence_text,
    evidence_title,
    fold,
    text,
    title,
    to_argdown,
)
from argmap.model import Topic
from argmap.overlap import Overlap, analyse

from .conftest import BUNDLED, REPO, SPLIT_TOPIC, checked
from .test_render import HOSTILE, hostile_topic

ARGDOWN = REPO / "node_modules" / ".bin" / "argdown"


def argdown_tool() -> Path:
    """The Argdown command line, or a skip (a failure in CI) saying how to install it."""
    if ARGDOWN.is_file() and shutil.which("node"):
        return ARGDOWN
    why = f"Argdown's command line is missing ({ARGDOWN}): run `npm ci` in {REPO}"
    if os.environ.get("CI"):
        pytest.fail(why)
    pytest.skip(why)


def argdown(*args: str | Path) -> None:
    proc = subprocess.run(
        [str(argdown_tool()), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    said = proc.stdout + proc.stderr
    assert proc.returncode == 0, said
    assert "error" not in said.lower(), said


def parse(source: str, folder: Path) -> tuple[dict[str, Any], str]:
    """What Argdown makes of a file: its JSON export (the model) and its map, as DOT."""
    path = folder / "topic.argdown"
    path.write_text(source, encoding="utf-8")
    argdown("json", path, folder / "json")
    argdown("map", path, folder / "map", "--format", "dot")
    model = json.loads((folder / "json" / "topic.json").read_text(encoding="utf-8"))
    return model, (folder / "map" / "topic.dot").read_text(encoding="utf-8")


def expected_claim_data(topic: Topic, key: str) -> dict[str, Any]:
    claim = topic.claim[key]
    school = topic.school[claim.school]
    out: dict[str, Any] = {"school": school.id}
    if school.color:
        out["color"] = school.color
    if claim.historians:
        out["historians"] = [
            {k: v for k, v in (("id", c.id), ("work", c.work), ("page", c.page)) if v}
            for c in claim.historians
        ]
    if claim.factors:
        out["factors"] = list(claim.factors)
    if claim.agrees:
        out["agrees"] = list(claim.agrees)
    if claim.qualifies:
        out["qualifies"] = list(claim.qualifies)
    notes = {c.id: c.note for c in claim.evidence if c.note}
    if notes:
        out["evidence_notes"] = notes
    return out


def accepted(topic: Topic, overlap: Overlap, folder: Path) -> tuple[dict[str, Any], str]:
    """Export, have Argdown read it, and check that it read what the topic says."""
    model, dot = parse(to_argdown(Analysis(topic, overlap)), folder)
    statements = model["statements"]

    def defined(name: str) -> tuple[str, Any]:
        """The text and data of a statement's one definition."""
        texts = [m for m in statements[name]["members"] if "text" in m]
        assert len(texts) == 1, (name, texts)
        return texts[0]["text"].strip(), texts[0].get("data")

    # Sections: one per school, named as the school, then the evidence.
    sections = [s["title"] for s in model["sections"]]
    assert sections == [fold(s.name) for s in topic.schools] + (
        ["Evidence"] if topic.evidence else []
    )
    section_of = {s["title"]: s["id"] for s in model["sections"]}

    # Statements: theses, claims and evidence, and nothing else (no argument, no tag).
    want = {s.id for s in topic.schools} | set(topic.claim)
    want |= {evidence_title(e.id) for e in topic.evidence}
    assert set(statements) == want
    assert model["arguments"] == {}
    assert model["tags"] == {}
    for school in topic.schools:
        assert defined(school.id) == (fold(school.thesis), {"school": school.id, "thesis": True})
    for claim in topic.claims:
        assert defined(claim.key) == (
            fold(claim_text(topic, claim)),
            expected_claim_data(topic, claim.key),
        )
        assert statements[claim.key]["section"] == section_of[fold(topic.school[claim.school].name)]
    for item in topic.evidence:
        data = {"kind": item.kind}
        data.update({k: getattr(item, k) for k in ("date", "quote", "source") if getattr(item, k)})
        if item.factors:
            data["factors"] = list(item.factors)
        assert defined(evidence_title(item.id)) == (fold(evidence_text(item)), data)
        assert statements[evidence_title(item.id)]["section"] == section_of["Evidence"]

    # Relations: evidence and `supports` as support, challenges as attacks, nothing else.
    relations = {(r["from"], r["relationType"], r["to"]) for r in model["relations"]}
    support = {(evidence_title(c.id), "support", k.key) for k in topic.claims for c in k.evidence}
    support |= {(k.key, "support", target) for k in topic.claims for target in k.supports}
    attack = {(x.source, "attack", x.target) for x in overlap.links if x.kind == "challenges"}
    assert relations == support | attack

    # The map draws every claim that takes part in a relation.
    related = {name for r in relations for name in (r[0], r[2])}
    drawn = map_titles(dot)
    assert {c.key for c in topic.claims if c.key in related} <= drawn
    return model, dot


def map_titles(dot: str) -> set[str]:
    """The statement titles an Argdown map shows (bold, wrapped with <BR/>, escaped)."""
    return {
        html.unescape(bold.replace("<BR/>", "")) for bold in re.findall(r"<B>(.*?)</B>", dot, re.S)
    }


def test_the_bundled_topic_is_accepted(tmp_path):
    topic, overlap = checked(BUNDLED)
    _, dot = accepted(topic, overlap, tmp_path)
    assert set(topic.claim) <= map_titles(dot)
    assert {evidence_title(e.id) for e in topic.evidence} <= map_titles(dot)


def test_a_small_topic_is_accepted(topic_dir, in_tmp):
    topic, overlap = checked(topic_dir(SPLIT_TOPIC))
    model, _ = accepted(topic, overlap, in_tmp)
    relations = {(r["from"], r["relationType"], r["to"]) for r in model["relations"]}
    assert relations == {
        ("evidence: gensec", "support", "alpha.appoint"),
        ("evidence: speech", "support", "alpha.appoint"),
        ("evidence: gensec", "support", "alpha.outcome"),
        ("alpha.outcome", "support", "alpha.appoint"),
        ("evidence: speech", "support", "beta.belief"),
        ("beta.belief", "attack", "alpha.outcome"),
    }
    # The agreement is data on the claim that wrote it, and a comment for readers.
    assert model["statements"]["beta.belief"]["data"]["agrees"] == ["alpha.appoint"]
    source = to_argdown(Analysis(topic, overlap))
    assert "// beta.belief agrees with alpha.appoint\n[beta.belief]: " in source
    assert "[alpha.appoint]: He appointed his people. — E. H. Carr (A History of Soviet " in source


def test_hostile_text_is_accepted_and_reads_as_written(tmp_path):
    result = check_topic(str(hostile_topic(tmp_path)))
    assert result.topic is not None
    model, _ = accepted(result.topic, analyse(result.topic), tmp_path)
    text_of = {
        name: next(m["text"] for m in ec["members"] if "text" in m).strip()
        for name, ec in model["statements"].items()
    }
    clean = HOSTILE.replace("\u202e", "").replace("\u202c", "")
    assert text_of["s2.c2"] == f"C2 {clean}"
    assert text_of["s1"] == f"T {clean}"
    assert text_of["evidence: e1"] == f"1924-01: E {clean}"
    assert model["statements"]["evidence: e1"]["data"]["quote"] == f"Q {HOSTILE}"


# Text that means something to Argdown wherever it may stand, with line breaks that would
# put it at the start of a line.
NASTY = [
    "[title]: a statement",
    "<argument>: an argument",
    "a\n+ [support]",
    "a\n  - [attack]",
    "a\n+> in\n-> in\n<+ out\n<- out\n>< x\n_> undercut\n<_ u",
    "# heading",
    "a\n## heading",
    "#tag #(tag two) a#b",
    "@[mention] @<argument>",
    "{data: 1}",
    "} x {",
    "a }\n\n+ [x] {",
    "=== front: matter ===",
    "a\n===\ntitle: x\n===",
    "a\n--\n(1) premise\n----\n(2) conclusion",
    "1. item\n* item\n2) item",
    "**bold** __bold__ *italic* _italic_ a*b",
    "<!-- comment --> after",
    "/* comment */ after // line comment",
    "http://example.org/a_b?c=d#e",
    "[link](http://example.org)",
    ".A. .E. :smile: :) :-( e.g. U.S.A. 12:30 ... 1.5 a.b.c",
    "back\\slash \\[ \\n \\",
    "line\nbreak\r\nand\rmore\u2028sep\u2029para\x85nel\x0bvt\x0cff",
    "tab\there  and  spaces",
    "nbsp\u00a0here",
    "Сталин 🙂 👨\u200d👩 a\x00b\x7fc",
    "\u202eevil\u202c \ufeffbom \u200binvisible",
    "quotes \" ' ` and a,b;c",
    "ends with a backslash \\",
    "ends with a colon:",
    "+ starts with a plus",
    "- starts with a minus",
    "> starts with a bracket",
]


def nasty_topic(folder: Path) -> Path:
    """A one-file topic with every NASTY text in every field that takes text."""

    def n(i: int) -> str:
        return NASTY[i % len(NASTY)]

    topic: dict[str, Any] = {
        "format": 1,
        "id": "nasty",
        "question": n(0),
        "factors": [{"id": "f", "name": n(1)}],
        "historians": [
            {
                "id": f"h{i}",
                "name": n(i),
                "works": [{"id": f"w{i}", "title": n(i + 1), "year": 1900}],
            }
            for i in range(len(NASTY))
        ],
        "evidence": [
            {"id": f"e{i}", "text": n(i), "quote": n(i + 2), "source": n(i + 3), "factors": ["f"]}
            for i in range(len(NASTY))
        ],
        "schools": [
            {
                "id": f"s{s}",
                "name": n(s),
                "thesis": n(s + 5),
                "historians": ["h0"],
                "claims": [
                    {
                        "id": f"{'ab'[s]}{i}",
                        "text": n(i),
                        "historians": [{"id": f"h{i}", "work": f"w{i}", "page": n(i + 4)}],
                        "evidence": [{"id": f"e{i}", "note": n(i + 6)}],
                        "factors": ["f"],
                        **({"challenges": [f"s0.a{i}"]} if s == 1 else {}),
                        **({"agrees": [f"s0.a{i + 1}"]} if s == 1 and i + 1 < len(NASTY) else {}),
                        **({"supports": [f"{'ab'[s]}{i - 1}"]} if i else {}),
                    }
                    for i in range(len(NASTY))
                ],
            }
            for s in range(2)
        ],
    }
    path = folder / "nasty.yaml"
    path.write_text(yaml.safe_dump(topic, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_text_that_means_something_to_argdown_stays_text(tmp_path):
    result = check_topic(str(nasty_topic(tmp_path)))
    assert result.topic is not None, [str(p) for p in result.problems]
    topic = result.topic
    model, _ = accepted(topic, analyse(topic), tmp_path)
    # Data strings come back exactly, line breaks, braces and invisible characters included.
    for i, claim in enumerate(topic.school["s0"].claims):
        data = model["statements"][claim.key]["data"]
        assert data["historians"][0]["page"] == claim.historians[0].page
        assert data["evidence_notes"] == {f"e{i}": claim.evidence[0].note}
    for item in topic.evidence:
        data = model["statements"][evidence_title(item.id)]["data"]
        assert (data["quote"], data["source"]) == (item.quote, item.source)


def test_text_escapes_markup_and_folds_lines():
    assert text("a [b] <c> {d} @e #f *g* _h_ //i ===j \\k") == (
        "a \\[b\\] \\<c\\> \\{d\\} \\@e \\#f \\*g\\* \\_h\\_ \\/\\/i \\=\\=\\=j \\\\k"
    )
    # A shortcode opener is escaped; a full stop or a colon before a space, or alone, is not.
    assert (
        text("U.S.A. :smile: e.g. 1.5 12:30 end.") == "U\\.S\\.A. \\:smile: e\\.g. 1.5 12:30 end."
    )
    assert text("line\nbreak\r\n+ x \u202eevil\u202c a\u200db") == "line break + x evil a\u200db"
    assert fold("  \t a \u2028 b  ") == "a b"


def test_titles_are_ids_only():
    assert title("power-politics.crush-factions") == "power-politics.crush-factions"
    assert evidence_title("gensec-1922") == "evidence: gensec-1922"
    for bad in ("a]: b", "a b", "-a", "a.b.c", "", "A"):
        with pytest.raises(ValueError):
            title(bad)


def test_same_input_gives_byte_identical_output():
    first = to_argdown(checked(BUNDLED))
    assert to_argdown(checked(BUNDLED)) == first
    assert first.endswith("\n") and not first.endswith("\n\n")


def test_cli_writes_the_argdown_file(topic_dir, in_tmp):
    topic = topic_dir(SPLIT_TOPIC)
    result = CliRunner().invoke(cli, ["export", "-f", "argdown", topic, "-o", "small.argdown"])
    assert result.exit_code == 0, result.output
    assert result.stderr == "wrote small.argdown\n"
    written = (in_tmp / "small.argdown").read_text(encoding="utf-8")
    assert written == to_argdown(checked(topic))
    printed = CliRunner().invoke(cli, ["export", "-f", "argdown", topic])
    assert printed.exit_code == 0 and printed.stdout == written


def test_without_the_tool_these_tests_fail_in_ci_and_skip_elsewhere(monkeypatch, tmp_path):
    monkeypatch.setattr(sys.modules[__name__], "ARGDOWN", tmp_path / "no-argdown")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="run `npm ci`"):
        argdown_tool()
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="run `npm ci`"):
        argdown_tool()
