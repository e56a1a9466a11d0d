"""A large topic (PRODUCT.md's: 50 schools, 2,000 claims, 3,000 evidence items, 300
historians) is checked and built within bounded memory; the diagrams too large to read are
refused before any layout, with a note that says how to draw a part instead, and the
build still writes every diagram that can be read.

How large a diagram may be is render.LIMITS, counted from the DOT by render.measure(),
which must count as Graphviz does.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import pygraphviz
import pytest
from click.testing import CliRunner

from argmap.cli import cli
from argmap.render import LIMITS, Renderer, TooLarge, measure

from .conftest import REPO

sys.path.insert(0, str(REPO / "bench"))
from generate import SIZES, generate  # noqa: E402
from peak import measured  # noqa: E402

pytestmark = pytest.mark.slow  # every test here builds, forks or fuzzes

ARGMAP = [sys.executable, "-m", "argmap"]
LARGEST = SIZES[-1]  # 50 schools, 2,000 claims, 3,000 evidence items, 300 historians
ADVICE = ("argmap school ID", "argmap compare A B", "argmap plan --focus FACTOR")


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(tmp_path_factory.mktemp("large") / "large", **LARGEST.counts())


def run_measured(args: list[str], cwd: Path) -> tuple[int, str, str, float]:
    """Exit status, stdout, stderr and peak memory (MB) of argmap in a child process.

    The peak is argmap's own (bench/peak.py): a child started straight from this test
    process would report at least this process's peak, which grows as the suite runs.
    """
    out, err = cwd / "stdout.txt", cwd / "stderr.txt"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        result = measured([*ARGMAP, *args], cwd=cwd, stdout=stdout, stderr=stderr)
    return result.status, out.read_text(), err.read_text(), result.peak_mb


def test_the_largest_topic_checks_in_bounded_memory(large, tmp_path):
    status, out, err, peak = run_measured(["check", str(large), "--strict"], tmp_path)
    assert status == 0, err
    assert out.startswith("large: 50 schools, 2000 claims, 3000 evidence items")
    assert peak < 150, f"check took {peak:.0f} MB"  # PRODUCT.md's bar


def test_the_largest_topic_builds_what_can_be_read_and_says_what_cannot(large, tmp_path):
    start = time.monotonic()
    status, out, err, peak = run_measured(["build", str(large), "-o", str(tmp_path)], tmp_path)
    took = time.monotonic() - start
    assert status == 0, err  # a diagram too large to read is a note, not a failure
    assert peak < 1024, f"build took {peak:.0f} MB"
    notes = [line for line in err.splitlines() if line.startswith("note: ")]
    assert [line for line in err.splitlines() if not line.startswith("note: ")] == []
    refused = {line.split(":")[1].strip() for line in notes}
    # The matrix and the timeline are drawn as series of readable pages (blocks of schools,
    # runs of years); what a series of at most SERIES_LIMIT pages cannot hold is refused.
    assert refused == {
        "compare-*",  # 1,225 pairs: none drawn
        "overlap",
        "overlap-detail",
        "historiography",
        "plan",
        "slides/overlap",
        "slides/overlap-detail",
        "slides/matrix",
        "slides/timeline",
        "slides/historiography",
        "slides/plan",
        "deck",  # 50 schools: longer than a lesson (argmap deck still makes one)
        "slides/school-*",  # 50 schools: a build draws school slides for at most 15
    }
    by_name = {line.split(":")[1].strip(): line for line in notes}
    for name in ("overlap", "overlap-detail", "plan"):
        assert "nodes, more than the 500 a readable diagram can hold" in by_name[name]
        assert all(command in by_name[name] for command in ADVICE), by_name[name]
    assert (
        "1,225 comparisons" in by_name["compare-*"] and "argmap compare A B" in by_name["compare-*"]
    )
    # Hundreds of slides are no plan: drawn as one, it is refused as too large to read.
    assert "more than the 500 a readable diagram can hold" in by_name["slides/plan"]
    assert "a deck of 50 schools" in by_name["deck"]
    assert "argmap school ID --theme slides" in by_name["slides/school-*"]
    assert out.rstrip().endswith(f", {len(refused)} too large to draw")

    folder = tmp_path / "large"
    svgs = sorted(p.name for p in folder.glob("*.svg"))
    schools = [name for name in svgs if name.startswith("school-")]
    assert len({re.sub(r"(_\d+)?\.svg$", "", name) for name in schools}) == 50  # or series
    assert set(svgs) - set(schools) == {
        *(f"matrix{'' if k == 1 else f'_{k}'}.svg" for k in range(1, 50)),  # 7 x 7 blocks
        *(name for name in svgs if re.fullmatch(r"timeline(_\d+)?\.svg", name)),
    }
    assert "timeline_2.svg" in svgs
    assert not list(folder.glob("compare-*"))
    for name in ("overlap", "overlap-detail", "plan"):
        assert (folder / f"{name}.dot").is_file()  # the description is kept, for other tools
    assert (folder / "plan.md").is_file() and (folder / "index.html").is_file()
    assert took < 120  # refused before layout: minutes of layout would show here


def test_a_single_diagram_too_large_is_refused_with_advice_and_its_dot_still_given(large, tmp_path):
    runner = CliRunner()
    start = time.monotonic()
    refused = runner.invoke(cli, ["overlap", str(large), "-o", str(tmp_path / "o.svg")])
    assert refused.exit_code == 1
    assert re.match(
        r"Error: overlap: not drawn: [0-9,]{5} nodes, more than the 500", refused.stderr
    )
    assert all(command in refused.stderr for command in ADVICE)
    assert not (tmp_path / "o.svg").exists()
    assert time.monotonic() - start < 30
    dot = runner.invoke(cli, ["overlap", str(large), "-f", "dot", "-o", str(tmp_path / "o.dot")])
    assert dot.exit_code == 0 and (tmp_path / "o.dot").stat().st_size > 1_000_000


def test_too_large_is_decided_before_any_layout():
    wall = "digraph {" + " ".join(f"n{i} -> n{i + 1};" for i in range(LIMITS.nodes)) + "}"
    with Renderer() as renderer:
        with pytest.raises(TooLarge, match=r"^wall: not drawn: 501 nodes, more than the 500"):
            renderer.render(wall, "svg", diagram="wall")
        assert renderer.pids == ()  # no worker was started: nothing was laid out
        assert renderer.render(wall, "dot", diagram="wall") == wall.encode()


def test_measure_counts_as_graphviz_does():
    """Every committed DOT file, counted by measure() and by Graphviz's own parser."""
    sources = [p.read_text("utf-8") for p in sorted((REPO / "output").rglob("*.dot"))]
    sources += [
        'digraph { a -> b -> c; "a" -> "d e"; x:p:n -> y; subgraph s { z } q [label="r -> s"] }',
        'digraph g { node [shape=box]; rank=same; "quoted \\" -> v"; w [label=<<B>t</B>>] }',
        "strict graph { a -- b; a -- b; /* c -- d */ // e -- f\n # g -- h\n}",
    ]
    for source in sources:
        graph = pygraphviz.AGraph(string=source)
        size = measure(source)
        assert (size.nodes, size.cells) == (graph.number_of_nodes(), source.count("<TD")), source[
            :80
        ]
        if not graph.is_strict():  # a strict graph keeps one of two equal edges
            assert size.edges == graph.number_of_edges(), source[:80]
