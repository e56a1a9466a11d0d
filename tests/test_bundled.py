"""The bundled topic, interpretations/stalin-rise: clean under --strict, the five schools of
the source, and every file valid for an editor against the JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from argmap.check import check_topic
from argmap.cli import cli
from argmap.scaffold import schema_path

from .conftest import REPO, EditorLoader

BUNDLED = REPO / "interpretations" / "stalin-rise"
FILES = sorted(BUNDLED.rglob("*.yaml"))
SCHEMA_COMMENT = "# yaml-language-server: $schema="


def test_the_bundled_topic_is_there():
    assert (BUNDLED / "topic.yaml").is_file()
    assert len(FILES) >= 6  # topic, historians, evidence and the five schools


def test_check_strict_passes():
    result = CliRunner().invoke(cli, ["check", "--strict", str(BUNDLED)])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.startswith("stalin-rise: 5 schools, ")


def test_commands_default_to_the_bundled_topic_in_the_repository(monkeypatch):
    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(cli, ["check", "--strict"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("stalin-rise: 5 schools, ")


def test_the_five_schools_of_the_source():
    topic = check_topic(str(BUNDLED)).topic
    assert topic is not None
    assert sorted(topic.school) == sorted(
        [
            "power-politics",
            "structuralist",
            "socio-cultural",
            "ideological",
            "bureaucratic-degeneration",
        ]
    )
    assert sorted(p.stem for p in (BUNDLED / "schools").glob("*.yaml")) == sorted(topic.school)


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(BUNDLED)) for p in FILES])
def test_each_file_names_the_schema_for_its_editor(path: Path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith(SCHEMA_COMMENT)
    target = (path.parent / first[len(SCHEMA_COMMENT) :].strip()).resolve()
    assert target.is_file(), target
    assert target == schema_path().resolve()


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(BUNDLED)) for p in FILES])
def test_each_file_is_valid_against_the_json_schema(path: Path):
    schema = json.loads(schema_path().read_text(encoding="utf-8"))
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=EditorLoader)
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in jsonschema.Draft202012Validator(schema).iter_errors(data)
    ]
    assert errors == []
