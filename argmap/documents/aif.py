"""The topic in the Argument Interchange Format, as the JSON that AIFdb and OVA read and
write (``argmap export -f aif``).

One object with four lists, following AIFdb's JSON (``nodes``, ``edges``, ``locutions``)
and OVA's ``participants``:

- ``nodes``: ``{"nodeID", "text", "type", "timestamp"}`` (RA and CA nodes also carry
  AIFdb's ``scheme`` and ``schemeID``). Every claim and every evidence item is an I-node
  (information) whose ``text`` is the user's text exactly as written. Each support is an
  RA node ("Default Inference", scheme 72) with an edge from the premise to the RA node and
  one from the RA node to the conclusion: an evidence item a claim cites is a premise of
  that claim, and a claim whose ``supports`` names another is a premise of it. Each
  challenge is a CA node ("Default Conflict", scheme 71), from the challenging claim to the
  challenged one; a challenge written on both sides is one conflict, in the direction first
  written, as the overlap analysis (:mod:`argmap.overlap`) counts it.
- ``edges``: ``{"edgeID", "fromID", "toID", "formEdgeID": null}``.
- ``participants``: each historian of the topic, ``{"participantID", "firstname",
  "surname"}`` (the given names, and the family name with its particle and suffix, as
  :mod:`argmap.names` finds them).
- ``locutions``: a historian's argument, in AIF's dialogical form. For each historian a
  claim names, an L-node (``"<name> : <claim text>"``) with its locution
  ``{"nodeID", "personID", "timestamp", "start", "end", "source"}``, anchored to the claim's
  I-node through a YA node "Asserting" (edges L -> YA -> I).

AIF has no node for agreement, and a qualification ("partly accepts, partly corrects") is
neither inference nor conflict, so ``agrees`` and ``qualifies`` are not exported here (the
JSON and Argdown exports keep them). Nor are schools, theses, factors or dates: AIF has no
place for them that AIFdb or OVA would read.

All ids are decimal strings, as AIFdb writes them, numbered in topic order (I-nodes, RA,
CA, then L and YA; edges in the order their nodes are made), and ``timestamp`` is empty,
so the same topic gives byte-identical output.
"""

from __future__ import annotations

import json
from typing import Any

from argmap.analysis import Analysis
from argmap.model import Historian, Topic
from argmap.overlap import Overlap

INFERENCE = {"text": "Default Inference", "type": "RA", "scheme": "Default Inference"}
CONFLICT = {"text": "Default Conflict", "type": "CA", "scheme": "Default Conflict"}
SCHEME_IDS = {"RA": "72", "CA": "71"}


class _Graph:
    def __init__(self) -> None:
        self.nodes: list[dict[str, Any]] = []
        self.edges: list[dict[str, Any]] = []

    def node(self, text: str, kind: str, **extra: str) -> str:
        node_id = str(len(self.nodes) + 1)
        self.nodes.append({"nodeID": node_id, "text": text, "type": kind, "timestamp": "", **extra})
        return node_id

    def edge(self, source: str, target: str) -> None:
        self.edges.append(
            {
                "edgeID": str(len(self.edges) + 1),
                "fromID": source,
                "toID": target,
                "formEdgeID": None,
            }
        )

    def scheme(self, spec: dict[str, str], premise: str, conclusion: str) -> None:
        kind = spec["type"]
        node_id = self.node(spec["text"], kind, scheme=spec["scheme"], schemeID=SCHEME_IDS[kind])
        self.edge(premise, node_id)
        self.edge(node_id, conclusion)


def participant(person: Historian) -> tuple[str, str]:
    """(first name, surname) of a historian: "Ludwig von Mises" is ("Ludwig", "von Mises")."""
    parts = person.parts
    return parts.given, " ".join(p for p in (parts.surname, parts.suffix) if p)


def to_data(topic: Topic, overlap: Overlap) -> dict[str, Any]:
    """The AIF graph as plain data (see the module docstring)."""
    g = _Graph()
    claim_node = {c.key: g.node(c.text, "I") for c in topic.claims}
    evidence_node = {e.id: g.node(e.text, "I") for e in topic.evidence}
    for claim in topic.claims:
        for cite in claim.evidence:
            g.scheme(INFERENCE, evidence_node[cite.id], claim_node[claim.key])
        for target in claim.supports:
            g.scheme(INFERENCE, claim_node[claim.key], claim_node[target])
    for link in overlap.links:
        if link.kind == "challenges":
            g.scheme(CONFLICT, claim_node[link.source], claim_node[link.target])

    person = {h.id: str(i) for i, h in enumerate(topic.historians, start=1)}
    participants = []
    for h in topic.historians:
        first, last = participant(h)
        participants.append({"participantID": person[h.id], "firstname": first, "surname": last})
    locutions = []
    for claim in topic.claims:
        for historian in dict.fromkeys(c.id for c in claim.historians):
            said = g.node(f"{topic.historian[historian].name} : {claim.text}", "L")
            locutions.append(
                {
                    "nodeID": said,
                    "personID": person[historian],
                    "timestamp": "",
                    "start": None,
                    "end": None,
                    "source": None,
                }
            )
            asserting = g.node("Asserting", "YA")
            g.edge(said, asserting)
            g.edge(asserting, claim_node[claim.key])
    return {
        "nodes": g.nodes,
        "edges": g.edges,
        "locutions": locutions,
        "participants": participants,
    }


def to_aif(analysis: Analysis) -> str:
    """The AIF graph as JSON text: two-space indentation, text as written, final newline."""
    return (
        json.dumps(to_data(analysis.topic, analysis.overlap), indent=2, ensure_ascii=False) + "\n"
    )
