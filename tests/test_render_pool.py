"""Several render workers at once (Renderer.render_all): the same drawings as one by one;
each fault (a real Graphviz crash, a layout past its time limit, a library that cannot be
loaded) is reported for its own diagram only; every job comes back exactly once; and the
jobs are read lazily, so the caller makes diagrams while the workers draw."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from argmap import render as render_module
from argmap.render import Job, Renderer, RenderError, TooLarge, render, usable_cores
from argmap.themes import THEMES

from .test_faults import CRASHING, ENDLESS, NO_LIMITS, two_step

SLIDES = THEMES["slides"]
OUTPUT = Path(__file__).resolve().parent.parent / "output" / "stalin-rise"
SMALL = [f"digraph {{ a{i} -> b{i} [label=x{i}]; b{i} -> c{i} }}" for i in range(8)]


def draws(renderer: Renderer, jobs: list[Job]) -> dict[object, bytes | RenderError]:
    """Every job's result by key, checking that each job came back exactly once."""
    results = list(renderer.render_all(jobs))
    assert Counter(job.key for job, _ in results) == Counter(job.key for job in jobs)
    assert all(job is next(j for j in jobs if j.key == job.key) for job, _ in results)
    return {job.key: result for job, result in results}


def timed(source: str, fmt: str, *, diagram: str, **settings: float | None) -> bytes:
    """Half a second of "layout" (a sleep), answered with who drew it and when."""
    start = time.monotonic()
    time.sleep(0.5)
    return f"{os.getpid()} {start} {time.monotonic()}".encode()


def test_the_default_is_one_worker_per_usable_core():
    assert Renderer().workers == usable_cores() >= 1
    assert usable_cores() <= (os.cpu_count() or 1)
    with pytest.raises(ValueError):
        Renderer(workers=0)


def test_small_diagrams_drawn_in_parallel_are_the_ones_drawn_one_by_one():
    jobs = [Job(source, "svg", f"d{i}", key=i) for i, source in enumerate(SMALL)]
    with Renderer(workers=2) as renderer:
        got = draws(renderer, jobs)
        assert len(renderer.pids) == 2
    for i, source in enumerate(SMALL):
        assert got[i] == render(source, "svg", diagram=f"d{i}")


@pytest.mark.slow
def test_the_bundled_diagrams_drawn_in_parallel_are_the_ones_drawn_one_by_one():
    """Every DOT file of the committed build (slides with their settings), drawn by two
    workers, gives what one worker gives drawing them one after another: the same bytes,
    or the same refusal for a slide too wide (the build wrote no SVG for it either)."""
    jobs = []
    for path in sorted(OUTPUT.rglob("*.dot")):
        slide = path.parent.name == "slides"
        jobs.append(
            Job(
                path.read_text(encoding="utf-8"),
                "svg",
                path.stem,
                aspect=SLIDES.aspect if slide else None,
                max_width=SLIDES.max_width if slide else None,
                key=path,
            )
        )
    assert len(jobs) > 20

    def outcome(result: bytes | RenderError) -> bytes | str:
        return result if isinstance(result, bytes) else f"{type(result).__name__}: {result}"

    with Renderer(workers=2) as renderer:
        together = {key: outcome(result) for key, result in draws(renderer, jobs).items()}
    one_by_one: dict[object, bytes | str] = {}
    with Renderer(workers=1) as renderer:
        for job in jobs:
            try:
                one_by_one[job.key] = renderer.render(
                    job.source,
                    "svg",
                    diagram=job.diagram,
                    aspect=job.aspect,
                    max_width=job.max_width,
                )
            except RenderError as exc:
                one_by_one[job.key] = outcome(exc)
    assert together == one_by_one
    for path, result in together.items():
        assert isinstance(path, Path)
        drawn = path.with_suffix(".svg").exists()
        assert isinstance(result, bytes) == drawn, (path, result if not drawn else "")
        assert result.startswith(b"<?xml") if drawn else result.startswith("TooLarge: ")


@pytest.mark.slow
def test_two_workers_draw_at_the_same_time_each_job_on_its_own_clock():
    """Six jobs of half a second each, on two workers with a one-second limit: none runs
    out of time (the clock is each job's, not the batch's), both workers draw, and their
    drawings overlap in time."""
    jobs = [Job("digraph { a }", "svg", f"d{i}", key=i) for i in range(6)]
    with Renderer(workers=2, timeout=1.0, draw=timed) as renderer:
        got = draws(renderer, jobs)
    assert all(isinstance(r, bytes) for r in got.values()), got
    spans: dict[int, list[tuple[float, float]]] = {}
    for answer in got.values():
        assert isinstance(answer, bytes)
        pid, start, end = answer.split()
        spans.setdefault(int(pid), []).append((float(start), float(end)))
    assert len(spans) == 2
    first, second = spans.values()
    assert any(a0 < b1 and b0 < a1 for a0, a1 in first for b0, b1 in second)


@pytest.mark.slow
def test_one_worker_draws_one_job_after_another_like_the_single_worker_did():
    jobs = [Job("digraph { a }", "svg", f"d{i}", key=i) for i in range(3)]
    with Renderer(workers=1, timeout=1.0, draw=timed) as renderer:
        got = draws(renderer, jobs)
        assert len(renderer.pids) == 1
    spans = sorted(tuple(map(float, r.split()[1:])) for r in got.values())  # type: ignore[union-attr]
    assert len({r.split()[0] for r in got.values()}) == 1  # type: ignore[union-attr]
    assert all(end <= start for (_, end), (start, _) in zip(spans, spans[1:], strict=False))


def crash_one(source: str, fmt: str, *, diagram: str, **settings: float | None) -> bytes:
    """The real renderer, but the diagram named "crash" meets the real Graphviz crash, and
    one named "slow..." takes a while (so that a warm-up keeps both workers busy)."""
    if diagram == "crash":
        return two_step(CRASHING, fmt, diagram=diagram)
    if diagram.startswith("slow"):
        time.sleep(0.4)
    return render(source, fmt, diagram=diagram, **settings)


@pytest.mark.slow
def test_a_crash_is_reported_for_its_job_only_and_every_other_job_is_drawn():
    jobs = [Job(source, "svg", f"d{i}", key=i) for i, source in enumerate(SMALL)]
    jobs.insert(3, Job(CRASHING, "svg", "crash", key="crash"))
    with Renderer(workers=2, draw=crash_one) as renderer:
        # Slow jobs, more than one worker can draw alone: the second worker starts.
        draws(renderer, [Job(s, "svg", f"slow{i}", key=i) for i, s in enumerate(SMALL * 2)])
        before = set(renderer.pids)
        assert len(before) == 2
        got = draws(renderer, jobs)
        after = set(renderer.pids)
        # The crashed worker is gone, the other drew on (a replacement starts when needed).
        assert len(before & after) == 1 and len(after) <= 2
    crash = got.pop("crash")
    assert isinstance(crash, RenderError)
    assert re.fullmatch(
        r"crash: Graphviz failed: the Graphviz library crashed "
        r"\(signal (11, SIGSEGV|6, SIGABRT)\) while drawing this diagram",
        str(crash),
    ), str(crash)
    for i, source in enumerate(SMALL):
        assert got[i] == render(source, "svg", diagram=f"d{i}")


@pytest.mark.slow
def test_a_timeout_is_reported_for_its_job_only_and_every_other_job_is_drawn():
    jobs = [Job(source, "svg", f"d{i}", key=i) for i, source in enumerate(SMALL)]
    jobs.insert(1, Job(ENDLESS, "svg", "endless", key="endless"))
    start = time.monotonic()
    with Renderer(workers=2, timeout=1.5, limits=NO_LIMITS) as renderer:
        got = draws(renderer, jobs)
    assert time.monotonic() - start < 15
    endless = got.pop("endless")
    assert isinstance(endless, RenderError)
    assert re.match(r"^endless: Graphviz failed: the layout took longer than 1.5 s", str(endless))
    for i, source in enumerate(SMALL):
        assert got[i] == render(source, "svg", diagram=f"d{i}")


def test_a_library_that_cannot_load_is_said_once_and_every_job_is_reported(monkeypatch):
    def cannot_load() -> None:
        raise ImportError("libcgraph.so.6: cannot open shared object file")

    monkeypatch.setattr(render_module, "_pygraphviz", cannot_load)  # in the forked workers
    jobs = [Job(source, "svg", f"d{i}", key=i) for i, source in enumerate(SMALL)]
    started = []
    real_start = Renderer._start

    def counting(self: Renderer, diagram: str):  # noqa: ANN202
        worker = real_start(self, diagram)
        started.append(diagram)  # a worker was forked
        return worker

    monkeypatch.setattr(Renderer, "_start", counting)
    with Renderer(workers=2) as renderer:
        results = list(renderer.render_all(jobs))
        assert renderer.pids == ()
    assert [job.key for job, _ in results] == list(range(len(SMALL)))
    messages = [str(error) for _, error in results]
    assert messages[0].startswith(
        "d0: Graphviz failed: cannot load the Graphviz library (pygraphviz): ImportError: "
        "libcgraph.so.6"
    )
    assert messages[1:] == [
        f"d{i}: Graphviz failed: cannot load the Graphviz library, as said for d0"
        for i in range(1, len(SMALL))
    ]
    assert started == ["d0"]  # no second worker tried a library the first could not load


def test_no_worker_writes_to_the_terminal():
    """Whatever a worker's drawing prints (Python or C, stdout or stderr), with two
    workers nothing of it reaches the command's own output."""
    code = """
import os, sys
from argmap.render import Job, Renderer, render

def noisy(source, fmt, **settings):
    print("stray stdout"); print("stray stderr", file=sys.stderr)
    os.write(1, b"fd 1\\n"); os.write(2, b"fd 2\\n")
    return render(source, fmt, **settings)

with Renderer(workers=2, draw=noisy) as renderer:
    jobs = [Job("digraph { a%d }" % i, "svg", key=i) for i in range(6)]
    results = list(renderer.render_all(jobs))
    assert len(renderer.pids) == 2
print(sum(isinstance(r, bytes) for _, r in results))
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert (done.stdout, done.stderr) == ("6\n", "")


def test_every_kind_of_result_comes_back_once_and_too_large_needs_no_worker():
    wall = "digraph {" + " ".join(f"n{i} -> n{i + 1};" for i in range(600)) + "}"
    jobs = [
        Job("digraph { a -> }", "svg", "broken", key="error"),
        Job(wall, "svg", "wall", key="large"),
        Job("digraph { a -> b }", "dot", "source", key="dot"),
        Job("digraph { a -> b }", "png", "picture", key="png"),
        Job("digraph { n0 }", "svg", "wide", max_width=1.0, key="wide"),
    ]
    with Renderer(workers=2) as renderer:
        got = draws(renderer, jobs[1:3])  # a TooLarge and a DOT: no worker
        assert renderer.pids == ()
        got.update(draws(renderer, jobs))
    assert isinstance(got["error"], RenderError) and not isinstance(got["error"], TooLarge)
    assert str(got["error"]).startswith("broken: Graphviz failed: syntax error in line 1")
    assert isinstance(got["large"], TooLarge)
    assert str(got["large"]).startswith("wall: not drawn: 601 nodes")
    assert got["dot"] == b"digraph { a -> b }"
    assert isinstance(got["png"], bytes) and got["png"].startswith(b"\x89PNG")
    assert isinstance(got["wide"], TooLarge) and "too large for a slide" in str(got["wide"])
    with pytest.raises(ValueError, match="unknown format"):
        list(Renderer().render_all([Job("digraph {}", "jpeg")]))


def test_render_takes_the_slide_settings_as_arguments_and_not_from_the_dot():
    """aspect pads the drawing to 16:9; the old argmap_aspect attribute in the DOT does
    nothing any more (settings travel beside the DOT)."""
    source = "digraph { pad=0; a -> b -> c }"
    tagged = 'digraph { pad=0; argmap_aspect="1.7778"; a -> b -> c }'

    def box(svg: bytes) -> tuple[float, float]:
        match = re.search(rb'viewBox="[-\d.]+ [-\d.]+ ([\d.]+) ([\d.]+)"', svg)
        assert match is not None
        return float(match.group(1)), float(match.group(2))

    with Renderer(workers=1) as renderer:
        plain = box(renderer.render(tagged, "svg"))
        slide = box(renderer.render(source, "svg", aspect=16 / 9))
    assert plain[0] / plain[1] < 1  # a tall chain: the attribute did not pad it
    assert slide[0] / slide[1] == pytest.approx(16 / 9, rel=0.01)


@pytest.mark.slow
def test_jobs_are_read_lazily_so_drawing_starts_before_the_last_is_made():
    pulled: list[float] = []

    def making() -> Iterator[Job]:
        for i in range(4):
            if i == 3:
                time.sleep(1.0)  # a slow last diagram to make
            pulled.append(time.monotonic())
            yield Job("digraph { a }", "svg", f"d{i}", key=i)

    with Renderer(workers=2, timeout=5.0, draw=timed) as renderer:
        results = list(renderer.render_all(making()))
    starts = sorted(float(r.split()[1]) for _, r in results)  # type: ignore[union-attr]
    assert len(results) == 4
    assert starts[0] < pulled[-1]  # the first drawing began before the last job was made


def test_leaving_early_kills_only_the_workers_still_drawing():
    # A warm pool (one worker, the library loaded), then the endless job first: it takes
    # the idle worker and the quick one a second, so two are drawing when the quick ends.
    jobs = [Job(ENDLESS, "svg", "endless", key=1), Job("digraph { a }", "svg", "quick", key=0)]
    with Renderer(workers=2, timeout=60, limits=NO_LIMITS) as renderer:
        assert renderer.render("digraph { a }", "svg").startswith(b"<?xml")
        for job, result in renderer.render_all(jobs):
            assert job.key == 0 and isinstance(result, bytes)
            before = renderer.pids
            break
        assert len(before) == 2
        assert len(renderer.pids) == 1  # the one drawing an endless layout was killed
        assert renderer.render("digraph { a }", "svg").startswith(b"<?xml")
