"""The command line: check, list, schema, new. Exit 0 clean, 1 bad input, 2 usage; stdout
and stderr apart; never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from argmap.cli import cli
from argmap.scaffold import schema_path

from .conftest import CASES, SPLIT_TOPIC, EditorLoader, checked, copy_case

pytestmark = pytest.mark.usefixtures("in_tmp")

ARGMAP = Path(sys.executable).parent / "argmap"  # the installed console script


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


# -- check --------------------------------------------------------------------------------


def test_check_a_clean_topic(topic_dir):
    result = run("check", topic_dir(SPLIT_TOPIC), "--strict")
    assert result.exit_code == 0
    assert result.stdout == (
        "small: 2 schools, 3 claims, 2 evidence items, 2 historians, 2 factors; "
        "0 errors, 0 warnings\n"
    )
    assert result.stderr == ""


def test_check_prints_warnings_and_passes(one_file):
    path = one_file((CASES / "warnings.yaml").read_text(encoding="utf-8"))
    result = run("check", path)
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        "t.yaml:8:5: warning: factor 'unused' is carried by no claim or evidence",
        "t.yaml:13:5: warning: historian 'uncited' is named by no school or claim",
        "t.yaml:19:5: warning: evidence 'uncited' is cited by no claim",
        "t.yaml:30:5: warning: school 'anonymous' names no historian",
        "t.yaml:34:9: warning: claim 'anonymous.bare' cites no evidence",
    ]
    assert result.stdout.endswith("; 0 errors, 5 warnings\n")


def test_strict_turns_warnings_into_failure(one_file):
    path = one_file((CASES / "warnings.yaml").read_text(encoding="utf-8"))
    result = run("check", "--strict", path)
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == "t.yaml:8:5: warning: factor 'unused' is carried by no claim or evidence"
    assert len(lines) == 6
    assert lines[-1] == "0 errors, 5 warnings: nothing written"


def test_check_a_bad_topic_prints_every_problem_and_exits_1(topic_dir):
    files = {
        **SPLIT_TOPIC,
        "evidence.yaml": SPLIT_TOPIC["evidence.yaml"].replace("date: 1922-04", "date: 1922-4"),
        "schools/beta.yaml": SPLIT_TOPIC["schools/beta.yaml"].replace("agrees:", "agree:"),
        "schools/alpha.yaml": SPLIT_TOPIC["schools/alpha.yaml"] + "nmae: typo\n",
    }
    result = run("check", topic_dir(files))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "topic/evidence.yaml:4:11: error: invalid date '1922-4': use YYYY, YYYY-MM or "
        "YYYY-MM-DD; an interval 1778/1783; 1780~ (approximate), 1924? (uncertain), "
        "1924% (both)\n"
        "topic/schools/alpha.yaml:16:1: error: unknown key 'nmae' in a school "
        "(did you mean 'name'?)\n"
        "topic/schools/beta.yaml:10:5: error: unknown key 'agree' in a claim "
        "(did you mean 'agrees'?)\n"
        "3 errors, 0 warnings: nothing written\n"
    )


def test_check_every_bad_case_exits_1_with_its_problems(tmp_path):
    for case in sorted(CASES.glob("*.yaml")):
        if case.stem == "warnings":
            continue
        copy_case(case, tmp_path)
        result = run("check", case.name)
        assert result.exit_code == 1, case.name
        assert result.stdout == "", case.name
        problems = [x for x in result.stderr.splitlines() if x.startswith(f"{case.name}:")]
        assert len(problems) == case.read_text().count("# expect:")


def test_without_a_topic_outside_the_repository_the_packaged_copy_is_used(in_tmp):
    """Run where there is no interpretations/ folder: the topic inside the package."""
    result = run("check")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("stalin-rise: 5 schools")


def test_example_copies_the_bundled_topic_and_it_checks(in_tmp):
    made = run("example", "mine")
    assert made.exit_code == 0, made.output
    assert (in_tmp / "mine" / "topic.yaml").is_file()
    assert run("check", "mine", "--strict").exit_code == 0
    again = run("example", "mine")
    assert again.exit_code == 1 and "already exists" in again.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "no-such-folder"], "no topic folder or file at 'no-such-folder'"),
        (["check", "--no-such-option"], "No such option '--no-such-option'"),
        (["no-such-command"], "No such command 'no-such-command'"),
        (["list", "a", "b"], "Got unexpected extra argument (b)"),
        (["new"], "Missing argument"),
        (["new", "school"], "usage: argmap new school ID [TOPIC]"),
        (["new", "a", "b"], "usage: argmap new TOPIC  or  argmap new school ID [TOPIC]"),
        (["new", "Bad_Name"], "the folder name 'Bad_Name' becomes the topic id"),
        (["new", "school", "Bad", "x"], "'Bad' is not an id"),
    ],
)
def test_usage_errors_exit_2(args, message):
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert result.stdout == ""


def test_version_and_help():
    assert run("--version").stdout.startswith("argmap, version ")
    for command in ("check", "list", "schema", "new"):
        result = run(command, "--help")
        assert result.exit_code == 0
        assert "Example" in result.stdout, command


# -- list ---------------------------------------------------------------------------------


def test_list_json_has_every_section(topic_dir):
    result = run("list", topic_dir(SPLIT_TOPIC), "--json")
    assert result.exit_code == 0
    assert result.stderr == ""
    data = json.loads(result.stdout)
    for section in ("schools", "claims", "historians", "evidence", "factors"):
        assert isinstance(data[section], list), section
    assert data["topic"] == {
        "id": "small",
        "question": "Why did it happen?",
        "period": [1922, 1929],
    }
    assert [s["id"] for s in data["schools"]] == ["alpha", "beta"]
    assert data["schools"][1]["historians"] == ["fitz", "carr"]
    assert [c["key"] for c in data["claims"]] == ["alpha.appoint", "alpha.outcome", "beta.belief"]
    assert data["evidence"][1] == {
        "id": "speech",
        "date": "1924-05-23",
        "kind": "quotation",
        "text": "A speech.",
        "schools": ["alpha", "beta"],
    }
    assert data["factors"][1] == {"id": "ideas", "name": "Ideas", "schools": ["beta"]}
    assert data["historians"][0]["works"] == [{"title": "A History of Soviet Russia", "year": 1950}]
    assert data["pairs"] == [
        {
            "schools": ["alpha", "beta"],
            "evidence": ["speech"],
            "historians": ["carr"],
            "factors": ["apparatus"],
            "agreements": [["beta.belief", "agrees", "alpha.appoint"]],
            "conflicts": [["beta.belief", "challenges", "alpha.outcome"]],
        }
    ]


def test_list_text_has_a_table_per_section(topic_dir):
    result = run("list", topic_dir(SPLIT_TOPIC))
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("Why did it happen?  [small]\n")
    for heading in ("Schools\n", "Claims\n", "Historians\n", "Evidence\n", "Factors\n"):
        assert f"\n{heading}" in out
    assert (
        "alpha + beta  1          evidence: speech; historians: carr; factors: apparatus; " in out
    )


def test_list_refuses_a_bad_topic(one_file):
    result = run("list", one_file("format: 1\nid: t\n"), "--json")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines()[0] == (
        "t.yaml:1:1: error: topic.yaml is missing the required key 'question'"
    )


# -- schema -------------------------------------------------------------------------------


def test_schema_is_a_valid_draft_2020_12_schema():
    result = run("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    assert result.stdout == schema_path().read_text(encoding="utf-8")


def test_schema_accepts_good_files_and_rejects_typos():
    validator = jsonschema.Draft202012Validator(json.loads(run("schema").stdout))
    for name, text in SPLIT_TOPIC.items():
        data = yaml.load(text, Loader=EditorLoader)
        assert list(validator.iter_errors(data)) == [], name
    assert not validator.is_valid(yaml.safe_load("format: 1\nid: t\nquestion: Q\nevidense: []\n"))
    assert not validator.is_valid(yaml.safe_load("format: 2\nid: t\nquestion: Q\n"))
    assert not validator.is_valid(yaml.safe_load("id: s\nname: S\nthesis: T\nclaims: []\n"))
    assert not validator.is_valid(yaml.safe_load("evidence: [{id: E, text: T}]\n"))


# -- new ----------------------------------------------------------------------------------


def test_new_topic_passes_check_strict():
    result = run("new", "cold-war")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "wrote cold-war/topic.yaml",
        "wrote cold-war/historians.yaml",
        "wrote cold-war/evidence.yaml",
        "wrote cold-war/schools/first-school.yaml",
        "wrote cold-war/schemas/format-1.topic.schema.json",
        "wrote cold-war/schemas/format-1.historians.schema.json",
        "wrote cold-war/schemas/format-1.evidence.schema.json",
        "wrote cold-war/schemas/format-1.school.schema.json",
    ]
    check = run("check", "--strict", "cold-war")
    assert check.exit_code == 0, check.stderr
    assert check.stderr == ""
    assert check.stdout.startswith("cold-war: 1 school, 1 claim,")


def test_new_school_passes_check_strict():
    assert run("new", "cold-war").exit_code == 0
    result = run("new", "school", "revisionist", "cold-war")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "wrote cold-war/schools/revisionist.yaml\n"
    check = run("check", "--strict", "cold-war")
    assert check.exit_code == 0, check.stderr
    assert check.stdout.startswith("cold-war: 2 schools, 2 claims,")


def test_new_files_show_the_additions_and_their_commented_keys_pass_too():
    run("new", "cold-war")
    topic, _ = checked("cold-war")
    assert topic.school_order == ("first-school",)
    person = topic.historians[0]
    assert (person.family, person.given, person.suffix) == ("Surname", "Firstname", "Jr.")
    assert (person.works[0].type, person.works[0].publisher) == ("book", "Publisher")
    assert topic.evidence[0].short and topic.schools[0].short
    assert topic.schools[0].criticisms and topic.claims[0].short
    # The keys shown as comments are ready to use: uncommented, the topic still passes.
    for path, line in (
        ("cold-war/schools/first-school.yaml", "# tag: AB"),
        ("cold-war/evidence.yaml", "# caveat:"),
    ):
        text = Path(path).read_text(encoding="utf-8")
        assert line in text
        Path(path).write_text(text.replace(line, line[2:]), encoding="utf-8")
    check = run("check", "--strict", "cold-war")
    assert check.exit_code == 0, check.stderr
    assert checked("cold-war").topic.schools[0].tag == "AB"


def test_new_files_point_their_editor_at_the_schema():
    """Each file names the schema of its kind, written into the topic's schemas/ folder:
    the line resolves wherever the topic is copied, whatever argmap is installed."""
    run("new", "cold-war")
    for path in sorted(Path("cold-war").rglob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        prefix = "# yaml-language-server: $schema="
        assert first.startswith(prefix), path
        target = (path.parent / first[len(prefix) :]).resolve()
        assert target.parent == Path("cold-war/schemas").resolve(), path
        validator = jsonschema.Draft202012Validator(json.loads(target.read_text()))
        assert validator.is_valid(yaml.load(path.read_text(), Loader=EditorLoader)), path
    assert json.loads(schema_path().read_text())["$defs"] == json.loads(target.read_text())["$defs"]


def test_new_refuses_to_overwrite():
    run("new", "cold-war")
    Path("cold-war/topic.yaml").write_text("mine\n")
    result = run("new", "cold-war")
    assert result.exit_code == 1
    assert result.stderr == "Error: cold-war already exists and is not empty: nothing written\n"
    assert Path("cold-war/topic.yaml").read_text() == "mine\n"

    Path("cold-war/schools/revisionist.yaml").write_text("mine\n")
    result = run("new", "school", "revisionist", "cold-war")
    assert result.exit_code == 1
    assert Path("cold-war/schools/revisionist.yaml").read_text() == "mine\n"


def test_new_school_refuses_an_existing_school_id():
    run("new", "cold-war")
    result = run("new", "school", "first-school", "cold-war")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: cold-war/schools/first-school.yaml already exists: nothing written\n"
    )
    text = Path("cold-war/topic.yaml").read_text(encoding="utf-8")
    Path("cold-war/topic.yaml").write_text(
        text + "schools:\n  - {id: inline, name: I, thesis: T, claims: [{id: i, text: T}]}\n",
        encoding="utf-8",
    )
    result = run("new", "school", "inline", "cold-war")
    assert result.exit_code == 1
    assert result.stderr == "Error: the topic already has a school 'inline'\n"


def test_new_in_an_empty_folder_is_allowed():
    Path("empty").mkdir()
    assert run("new", "empty").exit_code == 0
    assert run("check", "--strict", "empty").exit_code == 0


def test_new_school_needs_a_topic_folder():
    Path("plain").mkdir()
    result = run("new", "school", "x", "plain")
    assert result.exit_code == 1
    assert result.stderr == "Error: plain is not a topic folder (it has no topic.yaml)\n"


def test_new_school_in_a_topic_with_errors_is_added_and_the_errors_said(one_file):
    run("new", "cold-war")
    Path("cold-war/evidence.yaml").write_text("evidence: [{id: e}]\n")
    result = run("new", "school", "revisionist", "cold-war")
    assert result.exit_code == 0
    assert "cold-war/evidence.yaml:1:12: error: an evidence item is missing" in result.stderr
    assert Path("cold-war/schools/revisionist.yaml").exists()


# -- the real console script --------------------------------------------------------------


def console(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(ARGMAP), *args], capture_output=True, text=True, timeout=60, cwd=cwd)


BAD_INPUTS = {
    "syntax.yaml": b"format: 1\nid: t\nquestion: [Why?\n",
    "latin1.yaml": b"format: 1\nid: t\nquestion: caf\xe9\n",
    "empty.yaml": b"",
    "list.yaml": b"- 1\n- 2\n",
    "scalar.yaml": b"just text\n",
    "laughs.yaml": b'a: &a ["x","x"]\nb: &b [*a,*a]\nc: [*b,*b]\n',
    "python.yaml": b"!!python/object/apply:os.system [echo hi]\n",
    "binary.yaml": bytes(range(256)),
    "types.yaml": b"format: [1]\nid: {a: b}\nquestion: 3\nfactors: 7\nschools: [1, [2], {x: y}]\n",
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_the_console_script_never_shows_a_traceback(name):
    Path(name).write_bytes(BAD_INPUTS[name])
    proc = console("check", name)
    assert "Traceback" not in proc.stderr
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr.startswith(f"{name}:")
    assert proc.stdout == ""


@pytest.mark.slow
def test_the_console_script_exit_codes(topic_dir):
    topic = topic_dir(SPLIT_TOPIC)
    ok = console("check", "--strict", topic)
    assert (ok.returncode, ok.stderr) == (0, "")
    usage = console("check", "--strict", "missing-topic")
    assert usage.returncode == 2
    assert "Traceback" not in usage.stderr
    module = subprocess.run(
        [sys.executable, "-m", "argmap", "list", topic, "--json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert module.returncode == 0
    assert json.loads(module.stdout)["topic"]["id"] == "small"


def test_check_does_not_import_pygraphviz(topic_dir):
    topic = topic_dir(SPLIT_TOPIC)
    code = textwrap.dedent(
        f"""\
        import sys
        from argmap.cli import main
        sys.argv = ["argmap", "check", "--strict", {topic!r}]
        try:
            main()
        except SystemExit as exit:
            assert exit.code in (0, None), exit.code
        heavy = sorted(m for m in sys.modules if m.split(".")[0] == "pygraphviz")
        print("imported:", heavy, file=sys.stderr)
        """
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("small: 2 schools")
    assert proc.stderr == "imported: []\n"
