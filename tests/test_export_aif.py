"""`argmap export -f aif`: Argument Interchange Format JSON as AIFdb and OVA read it. The
graph must hold together (every edge names nodes that exist, every RA and CA node has a
premise and a conclusion), match the model count for count, and keep every text intact."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from click.testing import CliRunner

from argmap.analysis import Analysis
from argmap.check import check_topic
from argmap.cli import cli
from argmap.documents.aif import participant, to_aif, to_data
from argmap.model import Historian, Topic
from argmap.overlap import Overlap, analyse

from .conftest import BUNDLED, SPLIT_TOPIC, checked
from .test_render import HOSTILE, hostile_topic


def valid_graph(topic: Topic, overlap: Overlap) -> dict[str, Any]:
    """Export, read the JSON back, and check the graph holds together and fits the model."""
    graph = json.loads(to_aif(Analysis(topic, overlap)))
    assert list(graph) == ["nodes", "edges", "locutions", "participants"]
    nodes = {n["nodeID"]: n for n in graph["nodes"]}
    assert len(nodes) == len(graph["nodes"]), "node ids are unique"
    assert len({e["edgeID"] for e in graph["edges"]}) == len(graph["edges"])
    for node in graph["nodes"]:
        assert set(node) >= {"nodeID", "text", "type"}
        assert isinstance(node["nodeID"], str) and isinstance(node["text"], str)
    incoming: dict[str, list[str]] = {n: [] for n in nodes}
    outgoing: dict[str, list[str]] = {n: [] for n in nodes}
    for edge in graph["edges"]:
        assert set(edge) >= {"edgeID", "fromID", "toID"}
        assert edge["fromID"] in nodes and edge["toID"] in nodes, edge
        outgoing[edge["fromID"]].append(edge["toID"])
        incoming[edge["toID"]].append(edge["fromID"])

    def kind(node_id: str) -> str:
        return nodes[node_id]["type"]

    # Every RA and CA node has one premise and one conclusion, both I-nodes; a YA node
    # anchors one L-node to one I-node.
    for node_id, node in nodes.items():
        if node["type"] in ("RA", "CA", "YA"):
            assert len(incoming[node_id]) == 1 and len(outgoing[node_id]) == 1, node
            source = "L" if node["type"] == "YA" else "I"
            assert (kind(incoming[node_id][0]), kind(outgoing[node_id][0])) == (source, "I")

    # Counts match the model.
    counts = Counter(n["type"] for n in graph["nodes"])
    supports = sum(len(c.evidence) + len(c.supports) for c in topic.claims)
    conflicts = [x for x in overlap.links if x.kind == "challenges"]
    speakers = sum(len({h.id for h in c.historians}) for c in topic.claims)
    assert (
        counts
        == Counter(
            {
                "I": len(topic.claims) + len(topic.evidence),
                "RA": supports,
                "CA": len(conflicts),
                "L": speakers,
                "YA": speakers,
            }
        )
        - Counter()
    )  # (drops zero counts)
    assert len(graph["edges"]) == 2 * (supports + len(conflicts) + speakers)

    # Texts intact, and the relations are the model's, premise -> conclusion.
    i_texts = [n["text"] for n in graph["nodes"] if n["type"] == "I"]
    assert i_texts == [c.text for c in topic.claims] + [e.text for e in topic.evidence]
    text_of = {n: nodes[n]["text"] for n in nodes}
    inferences = Counter(
        (text_of[incoming[n][0]], text_of[outgoing[n][0]]) for n in nodes if kind(n) == "RA"
    )
    assert inferences == Counter(
        [(topic.evidence_item[c.id].text, k.text) for k in topic.claims for c in k.evidence]
        + [(k.text, topic.claim[t].text) for k in topic.claims for t in k.supports]
    )
    attacks = Counter(
        (text_of[incoming[n][0]], text_of[outgoing[n][0]]) for n in nodes if kind(n) == "CA"
    )
    assert attacks == Counter(
        (topic.claim[x.source].text, topic.claim[x.target].text) for x in conflicts
    )

    # Participants are the historians; each locution is an L-node said by one of them.
    assert [(p["firstname"], p["surname"]) for p in graph["participants"]] == [
        participant(h) for h in topic.historians
    ]
    person = {
        p["participantID"]: h for p, h in zip(graph["participants"], topic.historians, strict=True)
    }
    assert len(person) == len(topic.historians)
    said_by: Counter[tuple[str, str]] = Counter()
    for locution in graph["locutions"]:
        assert kind(locution["nodeID"]) == "L"
        claim_text = text_of[outgoing[outgoing[locution["nodeID"]][0]][0]]
        name = person[locution["personID"]].name
        assert text_of[locution["nodeID"]] == f"{name} : {claim_text}"
        said_by[(name, claim_text)] += 1
    assert said_by == Counter(
        (topic.historian[h].name, c.text)
        for c in topic.claims
        for h in {x.id for x in c.historians}
    )
    return graph


def test_the_bundled_topic_makes_a_valid_graph():
    topic, overlap = checked(BUNDLED)
    graph = valid_graph(topic, overlap)
    assert {p["surname"] for p in graph["participants"]} >= {"Trotsky", "Carr", "Fitzpatrick"}
    ra = next(n for n in graph["nodes"] if n["type"] == "RA")
    assert (ra["text"], ra["scheme"], ra["schemeID"]) == (
        "Default Inference",
        "Default Inference",
        "72",
    )
    ca = next(n for n in graph["nodes"] if n["type"] == "CA")
    assert (ca["text"], ca["scheme"], ca["schemeID"]) == (
        "Default Conflict",
        "Default Conflict",
        "71",
    )


def test_a_small_topic_counts_as_written(topic_dir):
    topic, overlap = checked(topic_dir(SPLIT_TOPIC))
    graph = valid_graph(topic, overlap)
    counts = Counter(n["type"] for n in graph["nodes"])
    # 3 claims + 2 evidence; appoint cites 2 items, outcome 1 and supports appoint, belief
    # cites 1; belief challenges outcome; carr argues appoint.
    assert counts == Counter({"I": 5, "RA": 5, "CA": 1, "L": 1, "YA": 1})
    assert graph["participants"] == [
        {"participantID": "1", "firstname": "E. H.", "surname": "Carr"},
        {"participantID": "2", "firstname": "Sheila", "surname": "Fitzpatrick"},
    ]
    assert graph["locutions"] == [
        {
            "nodeID": graph["locutions"][0]["nodeID"],
            "personID": "1",
            "timestamp": "",
            "start": None,
            "end": None,
            "source": None,
        }
    ]
    said = next(n for n in graph["nodes"] if n["type"] == "L")
    assert said["text"] == "E. H. Carr : He appointed his people."


def test_a_challenge_written_on_both_sides_is_one_conflict(topic_dir):
    files = dict(SPLIT_TOPIC)
    files["schools/alpha.yaml"] = files["schools/alpha.yaml"].replace(
        "supports: [appoint]", "supports: [appoint]\n    challenges: [beta.belief]"
    )
    topic, overlap = checked(topic_dir(files))
    assert sum(len(c.challenges) for c in topic.claims) == 2
    graph = valid_graph(topic, overlap)
    assert [n["type"] for n in graph["nodes"]].count("CA") == 1


def test_hostile_text_stays_intact(tmp_path):
    result = check_topic(str(hostile_topic(tmp_path)))
    assert result.topic is not None
    topic = result.topic
    graph = valid_graph(topic, analyse(topic))
    texts = [n["text"] for n in graph["nodes"]]
    assert f"C1 {HOSTILE}" in texts and f"E {HOSTILE}" in texts
    assert f"H {HOSTILE} : C1 {HOSTILE}" in texts
    first, last = participant(topic.historians[0])
    assert graph["participants"] == [{"participantID": "1", "firstname": first, "surname": last}]


def test_participants_take_the_name_parts():
    assert participant(Historian("t", "Robert C. Tucker")) == ("Robert C.", "Tucker")
    assert participant(Historian("p", "Plato")) == ("", "Plato")
    assert participant(Historian("m", "Ludwig von Mises")) == ("Ludwig", "von Mises")
    assert participant(Historian("s", "Arthur M. Schlesinger Jr.")) == (
        "Arthur M.",
        "Schlesinger Jr.",
    )


def test_same_input_gives_byte_identical_output():
    first = to_aif(checked(BUNDLED))
    assert to_aif(checked(BUNDLED)) == first
    assert json.loads(first) == to_data(*checked(BUNDLED))


def test_cli_prints_and_writes_the_graph(topic_dir, in_tmp):
    topic = topic_dir(SPLIT_TOPIC)
    printed = CliRunner().invoke(cli, ["export", "-f", "aif", topic])
    assert printed.exit_code == 0, printed.output
    assert printed.stdout == to_aif(checked(topic))
    written = CliRunner().invoke(cli, ["export", "-f", "aif", topic, "-o", "small.json"])
    assert written.exit_code == 0 and written.stderr == "wrote small.json\n"
    assert (in_tmp / "small.json").read_text(encoding="utf-8") == printed.stdout
