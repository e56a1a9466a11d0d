"""The pre-commit hook that other repositories use to run `argmap check` on their topics."""

from __future__ import annotations

import re

import yaml
from click.testing import CliRunner

from argmap.cli import cli

from .conftest import BUNDLED, REPO

HOOKS = REPO / ".pre-commit-hooks.yaml"


def hooks() -> list[dict[str, object]]:
    loaded = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    assert isinstance(loaded, list)
    return loaded


def test_the_hook_file_declares_argmap_check():
    (hook,) = hooks()
    assert hook["id"] == "argmap-check"
    assert hook["entry"] == "argmap check"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False
    assert {"id", "name", "entry", "language"} <= set(hook)


def test_the_entry_names_an_installed_command():
    (hook,) = hooks()
    program, command = str(hook["entry"]).split()
    # pyproject.toml installs the program as argmap's console script.
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    scripts = pyproject.split("[project.scripts]", 1)[1].split("\n[", 1)[0]
    assert re.search(rf'^{program} = "argmap\.cli:main"$', scripts, re.M)
    assert command in cli.commands
    # The entry runs as written, with the arguments a user would give it in `args:`.
    result = CliRunner().invoke(cli, [command, str(BUNDLED), "--strict"])
    assert result.exit_code == 0, result.output


def test_the_hook_runs_when_a_yaml_file_changes():
    (hook,) = hooks()
    files = re.compile(str(hook["files"]))
    for path in ("topic.yaml", "interpretations/x/schools/a.yml", "evidence.yaml"):
        assert files.search(path), path
    for path in ("README.md", "argmap/cli.py", "a.yaml.bak"):
        assert not files.search(path), path
