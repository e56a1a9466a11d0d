"""Graphviz faults, produced for real: a layout error, a layout that never ends, a crash of
the library (the known Graphviz 14 segfault), a worker killed from outside, and a library
that cannot be loaded. Each is a message that names the diagram; the other diagrams of a
build are still written; nothing reaches stderr but argmap's own lines."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from argmap import render as render_module
from argmap.analysis import Analysis
from argmap.build import build, drawings
from argmap.cli import cli
from argmap.render import Limits, Renderer, RenderError, render, usable_cores

from .conftest import BUNDLED, BUNDLED_TOO_LARGE, checked

pytestmark = pytest.mark.slow  # every test here builds, forks or fuzzes

# Graphviz 14 segfaults on this graph when layout() and draw() are two calls (render.py
# makes one draw call, which does not crash): a real crash, not a simulated one.
CRASHING = "digraph { ratio=0.5625; a -> b [label=x] }"
# A complete digraph on 45 nodes: dot's crossing minimisation takes about 100 s on it.
ENDLESS = (
    "digraph {" + " ".join(f"n{i} -> n{j};" for i in range(45) for j in range(45) if i != j) + "}"
)
NO_LIMITS = Limits(nodes=10**6, edges=10**6, cells=10**6)


def two_step(source: str, fmt: str, *, diagram: str, **settings: float | None) -> bytes:
    """What render.py avoids: a separate layout() then draw(), which crashes on CRASHING."""
    import pygraphviz

    graph = pygraphviz.AGraph(string=source)
    graph.layout("dot")
    return graph.draw(format=fmt)


def test_a_layout_error_names_the_diagram_and_the_worker_goes_on():
    with Renderer() as renderer:
        with pytest.raises(RenderError, match=r"^overlap: Graphviz failed: syntax error in line 1"):
            renderer.render("digraph { a -> }", "svg", diagram="overlap")
        workers = renderer.pids
        assert renderer.render("digraph { a -> b }", "svg").startswith(b"<?xml")
        assert renderer.pids == workers  # an error is not a crash: the same worker draws on


def test_a_graphviz_crash_is_a_message_and_the_next_diagram_is_drawn():
    with Renderer(draw=two_step) as renderer:
        with pytest.raises(RenderError) as caught:
            renderer.render(CRASHING, "svg", diagram="slides/plan")
        # The crash is heap corruption: glibc may notice it first (SIGABRT, "double
        # free or corruption") or the read may fault first (SIGSEGV); seen both here.
        assert re.fullmatch(
            r"slides/plan: Graphviz failed: the Graphviz library crashed "
            r"\(signal (11, SIGSEGV|6, SIGABRT)\) while drawing this diagram",
            str(caught.value),
        ), str(caught.value)
        assert renderer.render("digraph { a -> b }", "svg").startswith(b"<?xml")


def test_a_layout_that_never_ends_is_stopped_at_the_time_limit():
    with Renderer(timeout=1.0, limits=NO_LIMITS) as renderer:
        start = time.monotonic()
        with pytest.raises(RenderError, match=r"^endless: .*longer than 1 s.*--timeout"):
            renderer.render(ENDLESS, "svg", diagram="endless")
        assert time.monotonic() - start < 10
        assert renderer.pids == ()  # killed; the next diagram gets a new one
        assert renderer.render("digraph { a -> b }", "svg").startswith(b"<?xml")


def test_a_tiny_time_limit_stops_a_real_diagram():
    topic, overlap = checked(BUNDLED)
    source = dict(drawings(Analysis(topic, overlap)))["overlap"].source
    with Renderer(timeout=0.001) as renderer, pytest.raises(RenderError, match="longer than"):
        renderer.render(source, "svg", diagram="overlap")


def test_a_worker_killed_mid_layout_is_reported_and_replaced():
    with Renderer(timeout=30, limits=NO_LIMITS) as renderer:
        renderer.render("digraph { a }", "svg")  # the worker is up
        (pid,) = renderer.pids
        threading.Timer(0.5, os.kill, (pid, signal.SIGKILL)).start()
        with pytest.raises(RenderError, match=r"^endless: .*crashed \(signal 9, SIGKILL"):
            renderer.render(ENDLESS, "svg", diagram="endless")
        assert renderer.render("digraph { a }", "svg").startswith(b"<?xml")


def test_a_worker_killed_while_idle_is_replaced_silently():
    with Renderer() as renderer:
        renderer.render("digraph { a }", "svg")
        os.kill(*renderer.pids, signal.SIGKILL)
        time.sleep(0.2)
        assert renderer.render("digraph { a }", "svg").startswith(b"<?xml")


def test_each_worker_of_a_build_starts_once_and_draws_many_diagrams(tmp_path):
    """A build forks one worker per usable core, once: no worker is started per diagram."""
    topic, overlap = checked(BUNDLED)
    started = []
    real_start = Renderer._start

    def counting(self, diagram):  # noqa: ANN001, ANN202
        started.append(diagram)
        return real_start(self, diagram)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(Renderer, "_start", counting)
        report = build(Analysis(topic, overlap), tmp_path)
    assert len(report.rendered) > 20 and not report.failed
    assert len(started) == min(usable_cores(), len(report.rendered))
    assert set(started) <= set(report.rendered)


def faulty(source: str, fmt: str, *, diagram: str, **settings: float | None) -> bytes:
    """The real renderer, except for three diagrams that meet a real fault each."""
    if diagram == "matrix":
        return two_step(CRASHING, fmt, diagram=diagram)
    if diagram == "timeline":
        return render(ENDLESS, fmt, diagram=diagram)
    if diagram == "overlap":
        return render(source.replace("digraph", "digraph {", 1), fmt, diagram=diagram)
    return render(source, fmt, diagram=diagram, **settings)


def test_a_build_reports_each_fault_and_writes_every_other_diagram(tmp_path, monkeypatch):
    monkeypatch.setattr(render_module, "render", faulty)  # the worker's draw function
    result = CliRunner().invoke(cli, ["build", str(BUNDLED), "-o", str(tmp_path), "--timeout", "2"])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    errors = sorted(line for line in result.stderr.splitlines() if line.startswith("error:"))
    assert len(errors) == 3, result.stderr
    assert errors[0].startswith("error: matrix: Graphviz failed: the Graphviz library crashed")
    assert errors[1].startswith("error: overlap: Graphviz failed: syntax error in line")
    assert errors[2].startswith("error: timeline: Graphviz failed: the layout took longer than")
    assert result.stdout.rstrip().endswith(", 3 failed")
    topic, overlap = checked(BUNDLED)
    folder = tmp_path / topic.id
    for stem, _ in drawings(Analysis(topic, overlap)):
        assert (folder / f"{stem}.dot").is_file()
        svg = folder / f"{stem}.svg"
        failed_or_too_large = ("matrix", "overlap", "timeline", *BUNDLED_TOO_LARGE)
        assert svg.is_file() == (stem not in failed_or_too_large)
        if svg.is_file():
            ET.fromstring(svg.read_bytes())
    assert (folder / "plan.md").is_file() and (folder / "index.html").is_file()

    # With the faults gone, the next build draws exactly the three that failed.
    monkeypatch.undo()
    again = CliRunner().invoke(cli, ["build", str(BUNDLED), "-o", str(tmp_path)])
    assert again.exit_code == 0, again.stderr
    assert again.stdout.startswith(f"{folder}: 4 rendered")  # the three, and index.html


def run_argmap(*args: str, block: str | None = None, cwd: Path | None = None):
    """The command line in a child process; ``block`` makes that module unimportable."""
    code = "import sys\n"
    if block:
        code += f"sys.modules[{block!r}] = None\n"
    code += f"from argmap.cli import main\nsys.argv = ['argmap', *{list(args)!r}]\nmain()\n"
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=cwd
    )


@pytest.mark.parametrize("block", ["pygraphviz", "pygraphviz._graphviz"])
def test_a_missing_or_broken_library_is_a_message_and_the_rest_is_written(tmp_path, block):
    done = run_argmap("build", str(BUNDLED), "-o", str(tmp_path), block=block)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and "Fontconfig" not in done.stderr
    topic, overlap = checked(BUNDLED)
    plan = [stem for stem, _ in drawings(Analysis(topic, overlap))]
    lines = done.stderr.splitlines()
    errors = [line for line in lines if line.startswith("error: ") and "deck/" not in line]
    assert len(errors) == len(plan)
    deck_errors = [line for line in lines if line.startswith("error: deck/")]
    assert deck_errors and all(f"as said for {plan[0]}" in line for line in deck_errors)
    first, *rest = errors
    assert first.startswith(f"error: {plan[0]}: Graphviz failed: cannot load the Graphviz")
    assert "pip install --force-reinstall pygraphviz" in first and "--dot dot" in first
    for line, stem in zip(rest, plan[1:], strict=True):
        assert line == (
            f"error: {stem}: Graphviz failed: cannot load the Graphviz library, "
            f"as said for {plan[0]}"
        )
    folder = tmp_path / topic.id
    assert all((folder / f"{stem}.dot").is_file() for stem in plan)
    assert (folder / "plan.md").is_file() and not list(folder.rglob("*.svg"))
    assert not (folder / "deck.pptx").exists()  # a deck of no slide is not written

    one = run_argmap("overlap", str(BUNDLED), "-o", str(tmp_path / "x.svg"), block=block)
    assert one.returncode == 1
    assert one.stderr.startswith("Error: overlap: Graphviz failed: cannot load the Graphviz")
    assert "Traceback" not in one.stderr and not (tmp_path / "x.svg").exists()


def test_graphviz_runs_only_in_the_worker_and_says_nothing(tmp_path):
    """The command line never loads Graphviz into its own process (a crash cannot reach
    it) and prints nothing of the library's on stderr: only its own note for each view of
    the bundled topic too large to draw."""
    code = (
        "import sys\nfrom argmap.cli import main\n"
        f"sys.argv = ['argmap', 'build', {str(BUNDLED)!r}, '-o', {str(tmp_path)!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('pygraphviz' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "False"
    notes = [f"note: {name}: not drawn: too large for a slide" for name in BUNDLED_TOO_LARGE]
    lines = [line for line in done.stderr.splitlines() if not line.startswith("note: deck/")]
    assert len(lines) == len(notes)
    assert all(line.startswith(note) for line, note in zip(lines, notes, strict=True))


def test_timeout_option_on_build_and_diagram_commands(tmp_path):
    runner = CliRunner()
    one = runner.invoke(
        cli, ["overlap", str(BUNDLED), "-o", str(tmp_path / "o.svg"), "--timeout", "0.001"]
    )
    assert one.exit_code == 1
    assert one.stderr.startswith(
        "Error: overlap: Graphviz failed: the layout took longer than 0.001 s"
    )
    assert not (tmp_path / "o.svg").exists()
    whole = runner.invoke(cli, ["build", str(BUNDLED), "-o", str(tmp_path), "--timeout", "0.001"])
    assert whole.exit_code == 1
    # Which diagram is stopped first depends on which the workers start first.
    stopped = r"error: [\w/-]+: Graphviz failed: the layout took longer than 0\.001 s"
    assert re.search(stopped, whole.stderr), whole.stderr
    assert (tmp_path / "stalin-rise" / "overlap.dot").is_file()
    for bad in ("0", "-1", "soon"):
        usage = runner.invoke(cli, ["build", str(BUNDLED), "--timeout", bad])
        assert usage.exit_code == 2, bad
