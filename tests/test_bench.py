"""The benchmark still runs: `bench/run.py --quick` (the smallest size, one repetition)
exits 0 and prints every figure. It asserts no timing: benchmarks are never timed tests."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from bench.run import FIGURES

pytestmark = pytest.mark.slow  # every test here builds, forks or fuzzes

REPO = Path(__file__).resolve().parent.parent


def test_quick_benchmark_runs_and_prints_every_figure() -> None:
    done = subprocess.run(
        [sys.executable, "bench/run.py", "--quick"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    for figure in FIGURES:
        found = [line for line in lines if line.startswith(figure)]
        assert len(found) == 1, f"no single line for {figure!r} in:\n{done.stdout}"
        assert "not measured" not in found[0], found[0]
    (overlap,) = [line for line in lines if line.startswith("overlap analysis / check:")]
    assert re.match(r"overlap analysis / check: \d+\.\d\dx \(overlap\.analyse in process ", overlap)
    assert overlap.endswith(("target <= 0.3x: met", "%"))
    (cores,) = [line for line in lines if line.startswith("cores used by build:")]
    workers = re.match(r"cores used by build: (\d+) render workers \(cores usable (\d+),", cores)
    assert workers is not None, cores
    assert int(workers.group(1)) == int(workers.group(2)) >= 1
    assert re.search(r"the build kept \d+\.\d\d cores busy", cores), cores
