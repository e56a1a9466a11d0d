"""The benchmark: PRODUCT.md's performance bars, each as a ratio to a floor measured in the
same run, on this machine.

    python bench/run.py            # every figure, at every size (about a minute)
    python bench/run.py --quick    # the smallest size only, one repetition: proves it works

Every argmap figure times the real command line in a child process (``python -m argmap``),
several times, and keeps the fastest run; peak memory is the child's own maximum RSS
(``os.wait4``, from a small intermediate process: bench/peak.py). The floors:

- build: Graphviz alone (pygraphviz, the library argmap renders with) laying out and drawing
  as SVG the very DOT files that build wrote, all in one Python process, timed from that
  process's start (so the floor includes one interpreter start, as argmap's time does);
- rebuild with nothing changed: ``argmap --version``;
- check: PyYAML alone, in one process, parsing the same files with its fastest loader
  (``yaml.load`` with ``CSafeLoader``);
- overlap analysis: ``argmap check`` of the same (largest) topic: the analysis, timed in
  this process, should be a small part of what checking the topic costs.

The cores line says how many render workers a build starts (one per core this process may
use) and how many cores the build actually kept busy: its CPU time (its own and its
workers', from ``os.wait4``) over its wall time.

Growth (how ``check`` and DOT generation scale from the smallest synthetic topic to the
largest) is timed in this process and printed as the exponent k of a least-squares fit of
time ~ claims^k: 1 is linear. Nothing here is a test: targets print as met or missed, and
the exit status is 1 only when a figure could not be measured at all (a command failed).
"""

from __future__ import annotations

import argparse
import compileall
import gc
import math
import os
import platform
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import SIZES, Size, generate  # noqa: E402
from peak import measured  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
BUNDLED = "interpretations/stalin-rise"
ARGMAP = (sys.executable, "-m", "argmap")
# The smallest size at half scale: with it, --quick still fits a growth exponent (over two
# tiny sizes, so the number means nothing; it proves the code runs).
HALF = Size("xs-half", schools=3, claims=18, evidence=32, historians=5, factors=4)

GRAPHVIZ_ALONE = """
import sys
import pygraphviz
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as f:
        graph = pygraphviz.AGraph(string=f.read())
    graph.draw(format="svg", prog="dot")  # one layout and one drawing, as argmap does
"""
PYYAML_ALONE = """
import sys
import yaml
for path in sys.argv[1:]:
    with open(path, "rb") as f:
        yaml.load(f, Loader=yaml.CSafeLoader)
"""

# Every line the benchmark prints a figure on starts with one of these (tests check them).
FIGURES = (
    "build / graphviz-alone:",
    "rebuild / argmap --version:",
    "check / pyyaml-alone:",
    "check peak memory:",
    "overlap analysis / check:",
    "cores used by build:",
    "growth of check:",
    "growth of dot generation:",
    "argdown:",
)


class NotMeasured(Exception):
    """A command the figure needs failed: the figure prints why, and the run exits 1."""


@dataclass(frozen=True)
class Run:
    seconds: float
    max_rss_mb: float
    cpu_seconds: float = 0.0  # user + system, the command's and its reaped children's


def run(cmd: Sequence[str], *, cwd: Path = REPO) -> Run:
    """Run a command to completion; its wall time and its own peak RSS (bench/peak.py)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        result = measured(cmd, cwd=cwd, stdout=out, stderr=err)
        seconds = time.perf_counter() - start
        if result.status != 0:
            err.seek(0)
            lines = err.read().decode("utf-8", "replace").strip().splitlines()
            detail = lines[0] if lines else "no message"
            shown = " ".join(c if c != sys.executable else "python" for c in cmd[:4])
            raise NotMeasured(f"'{shown} ...' exited {result.status}: {detail}")
    return Run(seconds, result.peak_mb, result.cpu_seconds)


def best(cmd: Sequence[str], repeat: int, *, before: Callable[[], None] | None = None) -> Run:
    """The fastest of ``repeat`` runs (with its CPU time), and the highest peak memory seen
    in any of them."""
    runs = []
    for _ in range(repeat):
        if before:
            before()
        runs.append(run(cmd))
    fastest = min(runs, key=lambda r: r.seconds)
    return Run(fastest.seconds, max(r.max_rss_mb for r in runs), fastest.cpu_seconds)


def ratio_line(
    name: str, ours: float, floor: float, target: float, what: str, timed: str = "argmap"
) -> str:
    r = ours / floor
    verdict = "met" if r <= target else f"missed by {r / target - 1:.0%}"
    return (
        f"{name} {r:.2f}x ({timed} {_s(ours)}, floor {_s(floor)}: {what}) "
        f"target <= {target:g}x: {verdict}"
    )


def _s(seconds: float) -> str:
    if seconds < 0.01:
        return f"{seconds * 1000:.2f} ms"
    return f"{seconds:.3f} s" if seconds < 10 else f"{seconds:.1f} s"


def fit_exponent(sizes: Sequence[float], times: Sequence[float]) -> float:
    """k in time ~ size^k, by least squares on the logarithms."""
    xs = [math.log(s) for s in sizes]
    ys = [math.log(max(t, 1e-9)) for t in times]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mx) ** 2 for x in xs
    )


# -- the figures --------------------------------------------------------------------------


def figure_build(work: Path, repeat: int) -> tuple[str, Path, Run]:
    """Build the bundled topic from nothing; the floor renders the DOT files it wrote."""
    out = work / "build"

    def fresh() -> None:
        shutil.rmtree(out, ignore_errors=True)

    ours = best((*ARGMAP, "build", BUNDLED, "-o", str(out)), repeat, before=fresh)
    dots = sorted(str(p) for p in out.rglob("*.dot"))
    if not dots:
        raise NotMeasured(f"argmap build wrote no DOT file under {out}")
    floor = best((sys.executable, "-c", GRAPHVIZ_ALONE, *dots), repeat)
    line = ratio_line(
        "build / graphviz-alone:",
        ours.seconds,
        floor.seconds,
        1.25,
        f"pygraphviz draw(svg, prog=dot) of the same {len(dots)} DOT files in one process",
    )
    return line, out, ours


def figure_cores(build: Run) -> str:
    from argmap.render import Renderer, usable_cores

    return (
        f"cores used by build: {Renderer().workers} render workers (cores usable "
        f"{usable_cores()}, os.cpu_count() {os.cpu_count()}); the build kept "
        f"{build.cpu_seconds / build.seconds:.2f} cores busy (CPU time {_s(build.cpu_seconds)} "
        f"over wall time {_s(build.seconds)}, its workers included)"
    )


def figure_rebuild(out: Path, repeat: int) -> str:
    ours = best((*ARGMAP, "build", BUNDLED, "-o", str(out)), repeat)
    floor = best((*ARGMAP, "--version"), repeat)
    return ratio_line(
        "rebuild / argmap --version:", ours.seconds, floor.seconds, 1.5, "argmap --version"
    )


def figure_check(topic: Path, size: Size, repeat: int) -> list[str]:
    """Check's time and memory against PyYAML's, and the overlap analysis against check."""
    files = sorted(str(p) for p in topic.rglob("*.yaml"))
    ours = best((*ARGMAP, "check", str(topic)), repeat)
    floor = best((sys.executable, "-c", PYYAML_ALONE, *files), repeat)
    mb = sum(os.path.getsize(f) for f in files) / 1e6
    verdict = "met" if ours.max_rss_mb < 150 else f"missed by {ours.max_rss_mb / 150 - 1:.0%}"
    return [
        ratio_line(
            "check / pyyaml-alone:",
            ours.seconds,
            floor.seconds,
            2,
            f"yaml.load with CSafeLoader of the same {len(files)} files, {mb:.1f} MB, "
            f"topic {size.name}",
        ),
        f"check peak memory: {ours.max_rss_mb:.0f} MB (max RSS of argmap check, topic "
        f"{size.name}; pyyaml-alone {floor.max_rss_mb:.0f} MB) target < 150 MB: {verdict}",
        figure_overlap(topic, size, ours.seconds, repeat),
    ]


def figure_overlap(topic: Path, size: Size, check_seconds: float, repeat: int) -> str:
    """overlap.analyse of the topic, timed in this process, against ``argmap check`` of it
    (a child process, interpreter start included, as a user runs it)."""
    from argmap.check import check_topic
    from argmap.overlap import analyse

    checked = check_topic(str(topic)).topic
    if checked is None:
        raise NotMeasured(f"{topic} does not pass argmap check")
    ours = _fastest(lambda: analyse(checked), repeat)
    return ratio_line(
        "overlap analysis / check:",
        ours,
        check_seconds,
        0.3,
        f"argmap check of the same topic {size.name}, {size.schools} schools",
        timed="overlap.analyse in process",
    )


def _fastest(func: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def _dot_generation(folder: Path) -> tuple[Callable[[], object], int]:
    """A function that analyses a topic and generates the DOT of its cheap views (every
    school, and the matrix), skipping views that do not exist yet or raise."""
    from argmap import views
    from argmap.analysis import Analysis
    from argmap.check import check_topic
    from argmap.themes import THEMES

    topic = check_topic(str(folder)).topic
    if topic is None:
        raise NotMeasured(f"{folder} does not pass argmap check")
    theme = THEMES["default"]
    jobs: list[tuple[Callable[..., object], dict[str, str]]] = []
    for kind in ("school", "matrix"):
        try:
            view = views.get(kind)
        except Exception:  # noqa: BLE001 - a view not written yet is skipped
            continue
        options = [{"school": s.id} for s in topic.schools] if kind == "school" else [{}]
        jobs.extend((view, o) for o in options)
    analysis = Analysis.of(topic)
    working = []
    for view, options in jobs:
        try:
            view(analysis, theme, **options)
        except Exception:  # noqa: BLE001, S112 - a view that raises is skipped
            continue
        working.append((view, options))
    if not working:
        raise NotMeasured("no view generates DOT")

    def generate_all() -> None:
        fresh = Analysis.of(topic)
        for view, options in working:
            view(fresh, theme, **options)

    return generate_all, len(working)


def figure_growth(topics: Sequence[tuple[Size, Path]], repeat: int, note: str = "") -> list[str]:
    from argmap.check import check_topic

    claims = [size.claims for size, _ in topics]
    check_times = [_fastest(lambda f=folder: check_topic(str(f)), repeat) for _, folder in topics]
    dot_times, diagrams = [], 0
    for _, folder in topics:
        func, diagrams = _dot_generation(folder)
        dot_times.append(_fastest(func, repeat))
    span = f"{claims[0]} -> {claims[-1]} claims"
    return [
        f"growth of check: time ~ claims^{fit_exponent(claims, check_times):.2f} "
        f"({span}: {_per_size(check_times)}; in process, no interpreter start){note}",
        f"growth of dot generation: time ~ claims^{fit_exponent(claims, dot_times):.2f} "
        f"({span}: {_per_size(dot_times)}; overlap analysis + school views + matrix if "
        f"present, {diagrams} diagrams at the largest){note}",
    ]


def _per_size(times: Sequence[float]) -> str:
    return ", ".join(f"{t * 1000:.1f} ms" if t < 1 else f"{t:.2f} s" for t in times)


def figure_argdown(work: Path, repeat: int) -> str:
    """The bundled topic's whole map drawn by argmap (its overlap diagram, as SVG) and by
    Argdown's own CLI fed argmap's Argdown export (`argdown map --format svg`)."""
    argdown = REPO / "node_modules" / ".bin" / "argdown"
    if not (shutil.which("node") and argdown.exists()):
        return "argdown: skipped: Argdown's CLI is not installed (make test runs npm ci)"
    source = work / "stalin-rise.argdown"
    run([*ARGMAP, "export", "-f", "argdown", str(BUNDLED), "-o", str(source)])
    ours = best([*ARGMAP, "overlap", str(BUNDLED), "-o", str(work / "overlap.svg")], repeat)
    theirs = best(
        [
            str(argdown),
            "map",
            str(source),
            str(work / "argdown-map"),
            "--format",
            "svg",
            "--silent",
        ],
        repeat,
    )
    return (
        f"argdown: argmap {_s(ours.seconds)} (argmap overlap, svg) against Argdown's CLI "
        f"{_s(theirs.seconds)} (argdown map --format svg of argmap's export): "
        f"{ours.seconds / theirs.seconds:.2f}x; no target"
    )


def once(measure: Callable[[], list[str]]) -> Callable[[], list[str]]:
    """A measurement that gives several figures: run on first use, its result (or its
    failure) kept for the others."""
    kept: list[list[str] | NotMeasured] = []

    def get() -> list[str]:
        if not kept:
            try:
                kept.append(measure())
            except NotMeasured as exc:
                kept.append(exc)
        if isinstance(kept[0], NotMeasured):
            raise kept[0]
        return kept[0]

    return get


# -- the run ------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="smallest size only, one repetition (for CI)"
    )
    parser.add_argument("--repeat", type=int, help="runs per measurement (default 5, quick 1)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the synthetic topics")
    args = parser.parse_args(argv)
    repeat = args.repeat or (1 if args.quick else 5)
    sizes = (HALF, SIZES[0]) if args.quick else SIZES

    import pygraphviz
    import yaml

    # Measure argmap as an installed package is: with its byte code compiled (pip does
    # that on install; an editable install under PYTHONDONTWRITEBYTECODE never would,
    # and every run would compile argmap from source).
    compileall.compile_dir(str(REPO / "argmap"), quiet=1)

    print(
        f"argmap bench: python {platform.python_version()}, PyYAML {yaml.__version__} "
        f"(CSafeLoader: {hasattr(yaml, 'CSafeLoader')}), pygraphviz {pygraphviz.__version__}, "
        f"{os.cpu_count()} CPUs; fastest of {repeat} run(s); sizes "
        + ", ".join(f"{s.name} ({s.schools}/{s.claims}/{s.evidence}/{s.historians})" for s in sizes)
        + " (schools/claims/evidence/historians)",
        flush=True,
    )
    failed = 0

    def show(figure: str, measure: Callable[[], str | list[str]]) -> None:
        nonlocal failed
        try:
            result = measure()
        except NotMeasured as exc:
            failed += 1
            result = f"{figure} not measured: {exc}"
        for line in [result] if isinstance(result, str) else result:
            print(line, flush=True)

    with tempfile.TemporaryDirectory(prefix="argmap-bench-") as tmp:
        work = Path(tmp)
        built: list[tuple[Path, Run]] = []

        def build() -> str:
            line, out, ours = figure_build(work, repeat)
            built.append((out, ours))
            return line

        def rebuild() -> str:
            if not built:
                raise NotMeasured("the build figure failed, so there is nothing to rebuild")
            return figure_rebuild(built[0][0], repeat)

        def cores() -> str:
            if not built:
                raise NotMeasured("the build figure failed")
            return figure_cores(built[0][1])

        show(FIGURES[0], build)
        show(FIGURES[1], rebuild)

        topics = [
            (size, generate(work / "topics" / size.name, seed=args.seed, **size.counts()))
            for size in sizes
        ]
        largest_size, largest = topics[-1]
        checks = once(lambda: figure_check(largest, largest_size, repeat))
        note = " [--quick: two tiny sizes, the exponent means nothing]" if args.quick else ""
        growth = once(lambda: figure_growth(topics, repeat, note))
        show(FIGURES[2], lambda: checks()[0])
        show(FIGURES[3], lambda: checks()[1])
        show(FIGURES[4], lambda: checks()[2])
        show(FIGURES[5], cores)
        show(FIGURES[6], lambda: growth()[0])
        show(FIGURES[7], lambda: growth()[1])
        show(FIGURES[8], lambda: figure_argdown(work, repeat))
    if failed:
        print(f"{failed} figure(s) not measured", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
