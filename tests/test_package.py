"""The package as a user installs it: a wheel built from this repository, installed into a
clean virtual environment, checks and draws the bundled topic from anywhere."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow  # builds a wheel and a virtual environment


def test_a_wheel_installs_into_a_clean_venv_and_draws_the_bundled_topic(tmp_path):
    wheels = tmp_path / "wheels"
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(REPO)],
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr
    [wheel] = list(wheels.glob("argmap-*.whl"))
    env = tmp_path / "venv"
    venv.create(env, with_pip=True)
    python = env / "bin" / "python"
    # A clean environment: nothing of this checkout on the path (pip would take it for an
    # installed argmap).
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    installed = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", str(wheel)],
        capture_output=True,
        text=True,
        env=clean,
    )
    assert installed.returncode == 0, installed.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    argmap = str(env / "bin" / "argmap")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [argmap, *args], cwd=elsewhere, capture_output=True, text=True, env=clean
        )

    checked = run("check", "--strict")
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.startswith("stalin-rise: 5 schools")
    drawn = run("build", "-o", "out")
    assert drawn.returncode == 0, drawn.stderr
    folder = elsewhere / "out" / "stalin-rise"
    assert (folder / "overlap.svg").read_bytes().startswith(b"<?xml")
    assert (folder / "index.html").is_file() and (folder / "plan.md").is_file()
    copied = run("example", "mine")
    assert copied.returncode == 0, copied.stderr
    assert run("check", "mine", "--strict").returncode == 0
    # The installed package is not this repository's folder.
    where = subprocess.run(
        [str(python), "-c", "import argmap; print(argmap.__file__)"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env=clean,
    )
    assert str(env) in where.stdout
