"""`argmap export -f json`: the whole checked model and the overlap analysis, versioned,
documented key by key in docs/json.md, byte-stable, and read back into the same model."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from argmap.analysis import Analysis
from argmap.check import check_topic
from argmap.cli import cli
from argmap.documents.json_export import FORMAT, NotAnExport, from_json, to_data, to_json
from argmap.model import (
    Claim,
    Evidence,
    EvidenceCite,
    Factor,
    Historian,
    HistorianCite,
    School,
    Topic,
    Work,
)

from .conftest import BUNDLED, REPO, SPLIT_TOPIC, checked
from .test_render import HOSTILE, hostile_topic

DOCS = REPO / "docs" / "json.md"


def round_trip(topic: Topic) -> str:
    """Export, read back, and check the model and the export itself survive unchanged."""
    text = to_json(Analysis.of(topic))
    back = from_json(text)
    assert back == topic
    # The overlap part is derived: recomputed from the model read back, it exports the same.
    assert to_json(Analysis.of(back)) == text
    return text


def test_bundled_topic_round_trips():
    topic, _ = checked(BUNDLED)
    round_trip(topic)


def test_the_shape_starts_with_its_format_and_follows_the_yaml():
    topic, overlap = checked(BUNDLED)
    data = json.loads(to_json(Analysis(topic, overlap)))
    assert list(data) == [
        "format",
        "id",
        "question",
        "period",
        "summary",
        "factors",
        "historians",
        "evidence",
        "schools",
        "overlap",
        "school_order",
        "bibliography",
    ]
    assert data["format"] == FORMAT == 1
    assert data["id"] == "stalin-rise"
    assert data["period"] == [1922, 1929]
    claim = data["schools"][0]["claims"][0]
    assert claim["key"] == f"{data['schools'][0]['id']}.{claim['id']}"
    assert list(claim) == [
        "id",
        "key",
        "text",
        "historians",
        "evidence",
        "factors",
        "supports",
        "agrees",
        "qualifies",
        "challenges",
        "short",
        "notes",
    ]
    assert list(data["overlap"]) == ["schools", "users", "links", "pairs"]
    assert len(data["overlap"]["pairs"]) == len(topic.schools) * (len(topic.schools) - 1) // 2
    assert len(data["overlap"]["links"]) == len(overlap.links)


def test_same_input_gives_byte_identical_output(tmp_path, monkeypatch):
    first = to_json(checked(BUNDLED))
    # Checked again, and named another way (relative, from another folder): same bytes.
    monkeypatch.chdir(BUNDLED.parent)
    assert to_json(checked(BUNDLED.name)) == first
    assert first.endswith("}\n") and "\\u" not in first


def test_every_key_is_documented():
    """docs/json.md names every key the export writes (as `key`), and shows the version."""
    doc = DOCS.read_text(encoding="utf-8")
    topic, overlap = checked(BUNDLED)
    keys: set[str] = set()

    def walk(value: object, path: tuple[str, ...]) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                # overlap.users.<kind> maps ids (not names) to schools.
                if path[-2:-1] != ("users",):
                    keys.add(key)
                walk(inner, (*path, key))
        elif isinstance(value, list):
            for inner in value:
                walk(inner, path)

    walk(to_data(topic, overlap), ())
    missing = sorted(k for k in keys if f"`{k}`" not in doc)
    assert not missing, f"keys missing from docs/json.md: {missing}"
    assert '"format": 1' in doc


def test_the_documented_example_is_a_real_export(tmp_path):
    """The full example in docs/json.md is what argmap writes for the topic shown beside it."""
    doc = DOCS.read_text(encoding="utf-8")
    yaml_block = re.search(r"```yaml\n(.*?)```", doc, re.S)
    json_block = re.search(r"```json\n(\{\n  \"format\".*?)```", doc, re.S)
    assert yaml_block and json_block
    path = tmp_path / "example.yaml"
    path.write_text(yaml_block.group(1), encoding="utf-8")
    assert to_json(checked(path)) == json_block.group(1)


def test_a_topic_built_here_round_trips_exactly():
    """Every optional field both empty and set, a living historian, a challenge written on
    both sides, a qualification, a work with no id and no year."""
    topic = Topic(
        id="built",
        question="Why?",
        period=None,
        summary=None,
        factors=(Factor("f1", "One"), Factor("f2", "Two", "The second.")),
        historians=(
            Historian("h1", "Ada Lovelace", (1815, 1852), (Work("Notes", "h1-notes", 1843),)),
            Historian("h2", "Living Person", (1950, None), (Work("Untitled"),)),  # type: ignore[arg-type]
            Historian("h3", "Plato"),
        ),
        evidence=(
            Evidence("e1", "Something happened.", "1922-04-03", "event", None, None, ("f1",)),
            Evidence("e2", "Numbers.", None, "statistic", "“q”", "a record", ()),
        ),
        schools=(
            School(
                "a",
                "A",
                "It was one thing.",
                (
                    Claim(
                        "c1",
                        "a",
                        "First.",
                        (HistorianCite("h1", "h1-notes", "xii"), HistorianCite("h2")),
                        (EvidenceCite("e1", "a note"), EvidenceCite("e2")),
                        ("f1", "f2"),
                        challenges=("b.d1",),
                    ),
                    Claim("c2", "a", "Second.", supports=("c1",)),
                ),
                historians=("h1",),
                color="#0072B2",
            ),
            School(
                "b",
                "B",
                "It was another.",
                (
                    Claim(
                        "d1",
                        "b",
                        "Against.",
                        challenges=("a.c1",),
                        qualifies=("a.c2",),
                        agrees=("a.c2",),
                    ),
                ),
            ),
        ),
    )
    text = round_trip(topic)
    data = json.loads(text)
    assert data["period"] is None and data["summary"] is None
    assert data["historians"][1]["lived"] == [1950, None]
    assert data["historians"][1]["works"][0] == {"id": None, "title": "Untitled", "year": None} | {
        key: None for key in list(data["historians"][1]["works"][0])[3:]
    }
    assert data["historians"][2]["lived"] is None and data["historians"][2]["works"] == []
    # A challenge written on both sides is one link; qualifies and agrees are two more.
    assert [link["kind"] for link in data["overlap"]["links"]] == [
        "challenges",
        "agrees",
        "qualifies",
    ]
    assert data["overlap"]["pairs"] == [
        {
            "schools": ["a", "b"],
            "evidence": [],
            "historians": [],
            "factors": [],
            "agreements": [
                {"source": "b.d1", "kind": "agrees", "target": "a.c2", "note": None},
                {"source": "b.d1", "kind": "qualifies", "target": "a.c2", "note": None},
            ],
            "conflicts": [{"source": "a.c1", "kind": "challenges", "target": "b.d1", "note": None}],
        }
    ]


def test_a_small_topic_from_files_round_trips(topic_dir):
    topic, _ = checked(topic_dir(SPLIT_TOPIC))
    data = json.loads(round_trip(topic))
    assert data["overlap"]["users"]["evidence"] == {
        "gensec": ["alpha"],
        "speech": ["alpha", "beta"],
    }
    assert data["overlap"]["users"]["historians"] == {"carr": ["alpha", "beta"], "fitz": ["beta"]}
    assert data["evidence"][1]["date"] == "1924-05-23"
    assert data["schools"][0]["claims"][0]["historians"] == [
        {"id": "carr", "work": "carr-history", "page": "12"}
    ]


def test_hostile_text_round_trips_exactly(tmp_path):
    result = check_topic(str(hostile_topic(tmp_path)))
    assert result.topic is not None
    text = round_trip(result.topic)
    data = json.loads(text)
    assert data["question"] == f"Q {HOSTILE}"
    assert data["evidence"][0]["quote"] == f"Q {HOSTILE}"
    assert data["schools"][1]["claims"][0]["text"] == f"C2 {HOSTILE}"
    assert data["historians"][0]["works"][0]["title"] == f"W {HOSTILE}"
    assert "\u202e" in data["schools"][0]["name"]  # kept: JSON is data, not display


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not json", "not JSON"),
        ("[1, 2]", "no 'format' key"),
        ('{"format": 2}', "format 2: this argmap reads format 1"),
        ('{"format": 1, "id": "x"}', "KeyError"),
        ('{"format": 1, "id": "x", "question": "q", "period": 5}', "TypeError"),
        ('{"format": 1, "id": "x", "question": "q", "period": [1]}', "IndexError"),
    ],
)
def test_from_json_refuses_what_is_not_an_export(text, message):
    with pytest.raises(NotAnExport, match=re.escape(message)):
        from_json(text)


def test_from_json_refuses_a_claim_key_that_does_not_match(topic_dir):
    data = json.loads(to_json(checked(topic_dir(SPLIT_TOPIC))))
    data["schools"][0]["claims"][0]["key"] = "beta.appoint"
    with pytest.raises(NotAnExport, match="claim key 'beta.appoint' is not 'alpha.appoint'"):
        from_json(json.dumps(data))


# -- the command line -----------------------------------------------------------------------


def test_cli_prints_the_export(topic_dir):
    topic = topic_dir(SPLIT_TOPIC)
    result = CliRunner().invoke(cli, ["export", "-f", "json", topic])
    assert result.exit_code == 0, result.output
    assert result.stdout == to_json(checked(topic))
    assert result.stderr == ""


def test_cli_writes_the_export_to_a_file(topic_dir, in_tmp):
    topic = topic_dir(SPLIT_TOPIC)
    result = CliRunner().invoke(cli, ["export", "-f", "json", topic, "-o", "out/small.json"])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == "wrote out/small.json\n"
    assert (
        from_json((in_tmp / "out" / "small.json").read_text(encoding="utf-8"))
        == checked(topic).topic
    )


def test_cli_refuses_focus_outside_markdown(topic_dir):
    result = CliRunner().invoke(
        cli, ["export", "-f", "json", "--focus", "ideas", topic_dir(SPLIT_TOPIC)]
    )
    assert result.exit_code == 2
    assert "--focus applies to -f markdown, -f docx, not to -f json" in result.stderr


def test_cli_writes_nothing_for_a_topic_with_errors(topic_dir, in_tmp):
    files = dict(SPLIT_TOPIC)
    files["schools/beta.yaml"] = files["schools/beta.yaml"].replace("alpha.outcome", "alpha.nope")
    result = CliRunner().invoke(cli, ["export", "-f", "json", topic_dir(files), "-o", "x.json"])
    assert result.exit_code == 1
    assert "error:" in result.stderr and "nothing written" in result.stderr
    assert not (in_tmp / "x.json").exists()
