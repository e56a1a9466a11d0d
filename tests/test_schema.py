"""The JSON Schema, as outside editors and validators use it: one schema for each kind of
file (so a validator says what is wrong with a school file, not which of four kinds it
fails to be), agreeing with the checker's key tables, accepting what the format allows
when YAML is read as YAML 1.1 (PyYAML), and run for real with check-jsonschema."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from argmap import check, scaffold
from argmap.cli import cli

from .conftest import BUNDLED

CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"
KINDS = {"topic.yaml": "topic", "historians.yaml": "historians", "evidence.yaml": "evidence"}


def kind_of(path: Path) -> str:
    return KINDS.get(path.name, "school")


def validate(schema_file: Path, *files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CHECK_JSONSCHEMA), "--schemafile", str(schema_file), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_schema_and_the_checkers_key_tables_agree():
    defs = scaffold.schema()["$defs"]

    def keys(definition: dict) -> tuple[set[str], set[str]]:
        if "properties" not in definition:  # an id, or the record form
            definition = next(d for d in definition["anyOf"] if d.get("type") == "object")
        assert definition["additionalProperties"] is False
        return set(definition["properties"]), set(definition.get("required", ()))

    for name, table in {
        "topicFile": check.TOPIC_KEYS,
        "factor": check.FACTOR_KEYS,
        "historian": check.HISTORIAN_KEYS,
        "work": check.WORK_KEYS,
        "evidence": check.EVIDENCE_KEYS,
        "school": check.SCHOOL_KEYS,
        "claim": check.CLAIM_KEYS,
        "criticism": check.CRITICISM_KEYS,
        "historianCite": check.HISTORIAN_CITE_KEYS,
        "evidenceCite": check.EVIDENCE_CITE_KEYS,
        "relation": check.RELATION_KEYS,
    }.items():
        properties, required = keys(defs[name])
        assert properties == set(table), name
        assert required == {k for k, needed in table.items() if needed}, name


def test_each_kind_has_its_own_schema_and_the_whole_one_tells_them_apart():
    bad_school = {
        "id": "a",
        "name": "A",
        "colour": "#fff",
        "thesis": "T",
        "claims": [{"id": "c", "text": "T"}],
    }
    for schema in (scaffold.schema("school"), scaffold.schema()):
        errors = list(jsonschema.Draft202012Validator(schema).iter_errors(bad_school))
        assert [e.message for e in errors] == [
            "Additional properties are not allowed ('colour' was unexpected)"
        ]
    for name, kind in KINDS.items():
        data = yaml.safe_load((BUNDLED / name).read_text(encoding="utf-8"))
        for schema in (scaffold.schema(kind), scaffold.schema()):
            assert jsonschema.Draft202012Validator(schema).is_valid(data), name


def test_unquoted_dates_pass_a_validator_that_reads_yaml_with_pyyaml():
    """PyYAML reads YAML 1.1: an unquoted 1922-04-03 is a date, not text."""
    text = (
        "evidence:\n  - {id: a, text: T, date: 1922-04-03}\n  - {id: b, text: T, date: 1922}\n"
        "  - {id: c, text: T, date: 1922-04}\n  - {id: d, text: T, date: 1924-05-23/1924-06}\n"
    )
    data = yaml.safe_load(text)
    assert not isinstance(data["evidence"][0]["date"], str)
    validator = jsonschema.Draft202012Validator(scaffold.schema("evidence"))
    assert [e.message for e in validator.iter_errors(data)] == []
    assert not validator.is_valid(yaml.safe_load("evidence: [{id: a, text: T, date: May 1922}]"))


def test_schema_write_and_kind(tmp_path):
    runner = CliRunner()
    done = runner.invoke(cli, ["schema", "--write", str(tmp_path / "s")])
    assert done.exit_code == 0, done.output
    assert sorted(p.name for p in (tmp_path / "s").iterdir()) == sorted(
        scaffold.schema_name(k) for k in scaffold.SCHEMA_KINDS
    )
    one = runner.invoke(cli, ["schema", "--kind", "school"])
    assert json.loads(one.stdout) == scaffold.schema("school")
    assert json.loads(runner.invoke(cli, ["schema"]).stdout) == scaffold.schema()


@pytest.mark.slow
def test_check_jsonschema_passes_the_bundled_topic_and_new_topics(tmp_path, monkeypatch):
    scaffold.write_schemas(tmp_path / "schemas")
    files = sorted(BUNDLED.rglob("*.yaml"))
    for kind in scaffold.SCHEMA_KINDS:
        mine = [f for f in files if kind_of(f) == kind]
        done = validate(tmp_path / "schemas" / scaffold.schema_name(kind), *mine)
        assert done.returncode == 0, done.stdout + done.stderr
    done = validate(scaffold.schema_path(), *files)  # the schema that tells them apart
    assert done.returncode == 0, done.stdout + done.stderr
    # argmap new's files, each against the schema its own first line names
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(cli, ["new", "cold-war"]).exit_code == 0
    assert CliRunner().invoke(cli, ["new", "school", "late", "cold-war"]).exit_code == 0
    shutil.move("cold-war", "moved")  # the lines resolve wherever the topic goes
    for path in sorted(Path("moved").rglob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        target = path.parent / first.split("$schema=")[1]
        assert target.is_file(), path
        done = validate(target, path)
        assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.slow
def test_check_jsonschema_names_what_is_wrong_in_a_bad_file(tmp_path):
    scaffold.write_schemas(tmp_path / "schemas")
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: a\nname: A\ncolour: '#fff'\nthesis: T\nclaims: [{id: c, text: T}]\n")
    for schema in (tmp_path / "schemas" / scaffold.schema_name("school"), scaffold.schema_path()):
        done = validate(schema, bad)
        assert done.returncode == 1
        assert "('colour' was unexpected)" in done.stdout, done.stdout
        assert "'claims'" not in done.stdout
    evidence = tmp_path / "evidence.yaml"
    evidence.write_text("evidence:\n  - {id: A, text: T}\n")
    done = validate(tmp_path / "schemas" / scaffold.schema_name("evidence"), evidence)
    assert done.returncode == 1 and "'A' does not match" in done.stdout, done.stdout
