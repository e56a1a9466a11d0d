"""The compare view: two schools side by side.

Five columns, left to right: what only A draws on (its own historians and factors), A's
claims, what A and B share (the Pair's evidence, historians and factors), B's claims, what
only B draws on. The two schools are clusters labelled with their name and thesis; the shared
column is a cluster of its own between them. Agreements and qualifications cross the middle
as one edge style, challenges as another. Evidence that only one of the two cites is counted
in its school's label (the school diagram draws it) to keep the comparison compact.
"""

from __future__ import annotations

import graphviz

from argmap import dot
from argmap.analysis import Analysis
from argmap.model import Claim, School
from argmap.overlap import Overlap
from argmap.themes import Theme
from argmap.views.common import (
    Canvas,
    Diagram,
    flow_edge,
    link_attrs,
    pin_columns,
    school_cluster,
    school_heading,
)


def view(analysis: Analysis, theme: Theme, *, a: str, b: str) -> Diagram:
    topic, overlap = analysis.topic, analysis.overlap
    for given in (a, b):
        if given not in topic.school:
            known = ", ".join(s.id for s in topic.schools)
            raise ValueError(f"no school {given!r} in this topic (known: {known})")
    if a == b:
        raise ValueError(f"compare needs two different schools, got {a!r} twice")
    left, right = topic.school[a], topic.school[b]
    pair = overlap.pair(a, b)
    canvas = Canvas(
        analysis,
        theme,
        name=f"compare-{a}-vs-{b}",
        title=f"Compare: {left.name} and {right.name}",
        rankdir="LR",
        newrank=True,
        shows="Shows: each school's own claims, historians and factors on its side; their "
        "shared evidence, shared historians and shared factors in the middle; agreements "
        "and qualifications, and challenges, between them.",
    )
    g = canvas.graph
    g.attr(compound="true", ranksep="0.7")
    columns: list[list[str]] = [[], [], [], [], []]
    column: dict[str, int] = {}

    def place(node: str, index: int) -> None:
        if node not in column:
            columns[index].append(node)
            column[node] = index

    clusters = {}
    for school, other, claim_col in ((left, right, 1), (right, left, 3)):
        cluster = school_cluster(canvas, school, label=_label(canvas, overlap, school, other))
        clusters[school.id] = cluster
        for claim in school.claims:
            place(canvas.claim(claim, graph=cluster), claim_col)

    # The middle column: what the two share.
    shared = graphviz.Digraph(name="cluster_shared")
    shared.attr(
        label=dot.html_unchecked(dot.legacy_block("Shared by both", 30, bold=True)),
        style="rounded,dashed",
        color="#999999",
        margin="12",
    )
    for item in pair.evidence:
        place(canvas.evidence(topic.evidence_item[item], users=(a, b), graph=shared), 2)
    for person in pair.historians:
        cites = tuple(c for s in (left, right) for cl in s.claims for c in cl.historians)
        node = canvas.historian(
            topic.historian[person],
            users=(a, b),
            cites=tuple(c for c in cites if c.id == person),
            graph=shared,
        )
        place(node, 2)
    for factor in pair.factors:
        place(canvas.factor(topic.factor[factor], users=(a, b), graph=shared), 2)
    if not (pair.evidence or pair.historians or pair.factors):
        shared.node(
            "compare__nothing",
            label=dot.html_unchecked(
                dot.legacy_block("no shared evidence, historians or factors", 20)
            ),
            shape="plaintext",
        )
        place("compare__nothing", 2)

    # Each school's own historians and factors, and every claim's links to its ground.
    for school, own_col in ((left, 0), (right, 4)):
        cluster = clusters[school.id]
        for person in school.all_historians:
            if person in pair.historians:
                node = dot.node_id("historian", person)
            else:
                cites = tuple(c for cl in school.claims for c in cl.historians if c.id == person)
                node = canvas.historian(topic.historian[person], cites=cites, graph=cluster)
                place(node, own_col)
            _historian_edges(canvas, school, person, node, column)
        for factor in dict.fromkeys(f for cl in school.claims for f in cl.factors):
            if factor in pair.factors:
                node = dot.node_id("factor", factor)
            else:
                node = canvas.factor(topic.factor[factor], graph=cluster)
                place(node, own_col)
            for claim in school.claims:
                if factor in claim.factors:
                    flow_edge(canvas, _claim(claim), node, "carries", column)
        for claim in school.claims:
            for cite in claim.evidence:
                if cite.id in pair.evidence:
                    flow_edge(
                        canvas, _claim(claim), dot.node_id("evidence", cite.id), "cites", column
                    )
        g.subgraph(cluster)
    g.subgraph(shared)

    for link in (*pair.agreements, *pair.conflicts):
        flow_edge(
            canvas,
            dot.node_id("claim", link.source),
            dot.node_id("claim", link.target),
            link.kind,
            column,
            **link_attrs(link),
        )
    canvas.after(pin_columns(g, columns, "compare"))
    return canvas.finish()


def _claim(claim: Claim) -> str:
    return dot.node_id("claim", claim.key)


def _historian_edges(
    canvas: Canvas, school: School, person: str, node: str, column: dict[str, int]
) -> None:
    """A historian to the claims of ``school`` that cite them; one the school only names
    is linked to the school's box as a whole (the edge stops at its border)."""
    claims = [c for c in school.claims if any(h.id == person for h in c.historians)]
    for claim in claims:
        flow_edge(canvas, node, _claim(claim), "argues", column)
    if not claims and school.claims:
        first = _claim(school.claims[0])
        clip = "lhead" if column.get(node, 0) < column.get(first, 0) else "ltail"
        flow_edge(
            canvas,
            node,
            first,
            "argues",
            column,
            **{clip: dot.node_id("cluster_school", school.id)},
        )


def _label(canvas: Canvas, overlap: Overlap, school: School, other: School) -> str:
    """A school's cluster label: its tag and name, its thesis, and how much evidence only it
    (of the two) cites, which the view counts rather than draws."""
    own = [
        item
        for item, users in overlap.evidence_users.items()
        if school.id in users and other.id not in users
    ]
    note = (
        f"{len(own)} evidence item{'s' if len(own) != 1 else ''} that {other.name} does not "
        "cite: see the school diagram."
        if own
        else ""
    )
    return dot.html_unchecked(school_heading(canvas, school, wrap=56, note=note, small_thesis=True))
