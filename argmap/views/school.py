"""The school view: one school's thesis, its claims, the evidence under each claim, the
historians who argue them (with work and year), and the claims' internal support."""

from __future__ import annotations

from argmap import dot
from argmap.analysis import Analysis
from argmap.themes import Theme
from argmap.views.common import Canvas, Diagram, thesis_node


def view(analysis: Analysis, theme: Theme, *, school: str) -> Diagram:
    topic, overlap = analysis.topic, analysis.overlap
    s = topic.school[school]
    canvas = Canvas(
        analysis,
        theme,
        name=f"school-{s.id}",
        title=f"School: {s.name}",
        rankdir="LR",
        shows="Shows: the thesis, each claim with its evidence and historians, and support "
        "between claims. Evidence tagged with other schools is shared with them.",
    )
    g = canvas.graph
    thesis = thesis_node(canvas, s, g, wrap=theme.wrap + 20)
    drawn: set[str] = set()
    for claim in s.claims:
        node = canvas.claim(claim)
        canvas.edge(thesis, node, "develops", school=s.id)
        for cite in claim.evidence:
            name = dot.node_id("evidence", cite.id)
            if name not in drawn:
                canvas.evidence(
                    topic.evidence_item[cite.id], users=overlap.evidence_users.get(cite.id, ())
                )
                drawn.add(name)
            canvas.edge(node, name, "cites")
        for person in claim.historians:
            name = dot.node_id("historian", person.id)
            if name not in drawn:
                cites = tuple(c for c2 in s.claims for c in c2.historians if c.id == person.id)
                canvas.historian(
                    topic.historian[person.id],
                    users=overlap.historian_users.get(person.id, ()),
                    cites=cites,
                )
                drawn.add(name)
            canvas.edge(name, node, "argues", constraint="false")
    for hid in s.historians:
        name = dot.node_id("historian", hid)
        if name not in drawn:
            canvas.historian(topic.historian[hid], users=overlap.historian_users.get(hid, ()))
            drawn.add(name)
            canvas.edge(name, thesis, "argues")
    for claim in s.claims:
        for target in claim.supports:
            if target.split(".")[0] == s.id:
                note = claim.note("supports", target)
                canvas.edge(
                    dot.node_id("claim", claim.key),
                    dot.node_id("claim", target),
                    "supports",
                    school=s.id,
                    constraint="false",
                    **(
                        {"tooltip": dot.plain(f"{claim.key} supports {target}: {note}")}
                        if note
                        else {}
                    ),
                )
    return canvas.finish()
