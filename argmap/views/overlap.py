"""The overlap view: every school at once, what they share between them, where they clash.

Graphviz cannot put a node in two clusters, so each school is a cluster holding its thesis
and its claims, and what two or more schools share (evidence, historians, factors) stands
outside every cluster, in a middle column between them, tagged with each school that uses
it and linked to each: evidence to the claims that cite it, historians to the claims that
name them (or the thesis), factors to the school. Schools are split between a left and a
right side so that the shared column really is between them. Cross-school agreements and
qualifications are drawn as agreement edges, challenges as conflict edges.

What only one school uses is not drawn: its box says how much of it there is (the school
diagram shows it). On a slide the view becomes a summary: one node per school, the shared
items (or a count per kind when there are too many) and one edge per clashing pair.
"""

from __future__ import annotations

from collections.abc import Sequence

from argmap import dot
from argmap.analysis import Analysis
from argmap.model import Claim, School, Topic
from argmap.overlap import Overlap
from argmap.themes import Theme
from argmap.views.common import (
    Canvas,
    Diagram,
    flow_edge,
    link_attrs,
    pin_columns,
    school_cluster,
    school_of,
    short,
    thesis_node,
)

KINDS = ("factors", "historians", "evidence")
KIND_WORDS = {"evidence": "evidence items", "historians": "historians", "factors": "factors"}
# A slide holds at most this many nodes (schools, shared items and counts) at readable size.
SLIDE_NODES = 18
SLIDE_ROW = 3  # shared nodes a row of the slide


# -- helpers shared with the compare view (candidates for common.py) --------------------------


def own_note(topic: Topic, overlap: Overlap, school: str, others: Sequence[str]) -> str:
    """What a school uses that none of ``others`` does, and that the view does not draw."""

    def own(users: dict[str, tuple[str, ...]]) -> list[str]:
        return [
            item
            for item, by in users.items()
            if school in by and not any(other in by for other in others)
        ]

    evidence = own(overlap.evidence_users)
    people = [topic.historian[h].name for h in own(overlap.historian_users)]
    factors = [topic.factor[f].name for f in own(overlap.factor_users)]
    parts = []
    if evidence:
        parts.append(f"{len(evidence)} evidence item{'s' if len(evidence) != 1 else ''}")
    if people:
        parts.append("historians " + ", ".join(people))
    if factors:
        parts.append("factor" + ("s " if len(factors) > 1 else " ") + "; ".join(factors))
    return "Only this school: " + "; ".join(parts) + "." if parts else ""


def split_sides(topic: Topic, weight: dict[str, int]) -> tuple[list[School], list[School]]:
    """Schools on the left and right of the shared column, balanced by ``weight``
    (heaviest first to the lighter side); each side keeps the topic's order."""
    left: set[str] = set()
    totals = [0, 0]
    for school in sorted(topic.schools, key=lambda s: -weight[s.id]):
        side = 0 if totals[0] <= totals[1] else 1
        totals[side] += weight[school.id]
        if side == 0:
            left.add(school.id)
    return (
        [s for s in topic.schools if s.id in left],
        [s for s in topic.schools if s.id not in left],
    )


# -- the view --------------------------------------------------------------------------------


def view(analysis: Analysis, theme: Theme) -> Diagram:
    topic, overlap = analysis.topic, analysis.overlap
    if theme.slide:
        return _summary(analysis, theme)
    canvas = Canvas(
        analysis,
        theme,
        name="overlap",
        title="Overlap: what the schools share and where they clash",
        rankdir="LR",
        newrank=True,
        shows="Shows: shared evidence, shared historians and shared factors (in the middle, "
        "outside every school, tagged with each school that uses them), agreements and "
        "qualifications, and challenges. What only one school uses is counted in its box, "
        "not drawn.",
    )
    g = canvas.graph
    g.attr(compound="true", ranksep="0.6")
    shared = {kind: overlap.shared(kind) for kind in KINDS}
    left, right = split_sides(topic, {s.id: len(s.claims) + 2 for s in topic.schools})
    # Columns: left theses, left claims, shared items, right claims, right theses.
    columns: list[list[str]] = [[], [], [], [], []]
    column: dict[str, int] = {}

    def place(node: str, index: int) -> None:
        columns[index].append(node)
        column[node] = index

    for school in topic.schools:
        on_left = school in left
        others = [s.id for s in topic.schools if s.id != school.id]
        cluster = school_cluster(canvas, school, label="")
        thesis = thesis_node(
            canvas,
            school,
            cluster,
            wrap=44,
            note=own_note(topic, overlap, school.id, others),
        )
        place(thesis, 0 if on_left else 4)
        for claim in school.claims:
            node = canvas.claim(claim, graph=cluster, wrap=40)
            place(node, 1 if on_left else 3)
            flow_edge(canvas, thesis, node, "develops", column, school=school.id, graph=cluster)
        g.subgraph(cluster)

    for item_id, users in shared["evidence"].items():
        node = canvas.evidence(topic.evidence_item[item_id], users=users)
        place(node, 2)
        for claim in _citing(topic, users, item_id):
            flow_edge(canvas, dot.node_id("claim", claim.key), node, "cites", column)
    for person_id, users in shared["historians"].items():
        cites = tuple(h for c in topic.claims for h in c.historians if h.id == person_id)
        node = canvas.historian(topic.historian[person_id], users=users, cites=cites)
        place(node, 2)
        for school_id in users:
            claims = [
                c
                for c in topic.school[school_id].claims
                if any(h.id == person_id for h in c.historians)
            ]
            for claim in claims:
                flow_edge(canvas, node, dot.node_id("claim", claim.key), "argues", column)
            if not claims:
                _to_school(canvas, node, school_id, "argues", column)
    for factor_id, users in shared["factors"].items():
        node = canvas.factor(topic.factor[factor_id], users=users)
        place(node, 2)
        for school_id in users:
            _to_school(canvas, node, school_id, "uses", column)

    for link in overlap.links:
        flow_edge(
            canvas,
            dot.node_id("claim", link.source),
            dot.node_id("claim", link.target),
            link.kind,
            column,
            **link_attrs(link),
        )
    canvas.after(pin_columns(g, columns, "overlap"))
    return canvas.finish()


def _citing(topic: Topic, schools: Sequence[str], evidence: str) -> list[Claim]:
    """The claims of ``schools`` that cite an evidence item, in topic order."""
    return [
        c
        for s in schools
        for c in topic.school[s].claims
        if any(e.id == evidence for e in c.evidence)
    ]


def _to_school(canvas: Canvas, node: str, school: str, kind: str, column: dict[str, int]) -> None:
    """An edge from a shared item to a school as a whole: it ends at the school's box."""
    thesis = dot.node_id("thesis", school)
    cluster = dot.node_id("cluster_school", school)
    clip = "ltail" if column.get(thesis, 0) < column.get(node, 0) else "lhead"
    flow_edge(canvas, node, thesis, kind, column, school=school, **{clip: cluster})


# -- the slide summary -----------------------------------------------------------------------


def _summary(analysis: Analysis, theme: Theme) -> Diagram:
    topic, overlap = analysis.topic, analysis.overlap
    """One node per school, the shared items between them (a count per kind when they do
    not fit), and one conflict edge per clashing pair, labelled with how many challenges.

    Four rows: half the schools, two rows of what they share (each item in the row nearer
    most of its users), the other schools."""
    canvas = Canvas(
        analysis,
        theme,
        name="overlap",
        title="Overlap at a glance",
        rankdir="TB",
        newrank=True,
        shows="Shows: shared factors, historians and evidence (as items, or a count when "
        "there are too many) and challenges between whole schools. Agreements and "
        "qualifications are in the full overlap diagram.",
    )
    g = canvas.graph
    g.attr(nodesep="0.2", ranksep="0.6")
    half = (len(topic.schools) + 1) // 2
    top = {s.id for s in topic.schools[:half]}
    schools: tuple[list[str], list[str]] = ([], [])
    middle: list[tuple[str, Sequence[str]]] = []  # shared nodes and the schools they link
    column: dict[str, int] = {}

    for school in topic.schools:
        node = thesis_node(
            canvas, school, g, wrap=22, thesis=school.short or short(school.thesis, 80)
        )
        schools[0 if school.id in top else 1].append(node)

    budget = SLIDE_NODES - len(topic.schools)
    for kind in KINDS:
        items = overlap.shared(kind)
        if not items:
            continue
        if len(items) <= budget:
            budget -= len(items)
            drawn = [(_shared_item(canvas, topic, kind, i, u), u) for i, u in items.items()]
        else:
            budget -= 1
            using = tuple(s.id for s in topic.schools if any(s.id in u for u in items.values()))
            drawn = [(_count_node(canvas, kind, items), using)]
        middle.extend((node, users) for node, users in drawn)
    # No edge labels here: with the slides theme's ratio, the bundled Graphviz crashes when
    # drawing a labelled edge. A clash's count is a small node on its edge instead.
    clashes = []
    for pair in overlap.pairs:
        if not pair.conflicts:
            continue
        sources = {school_of(x.source) for x in pair.conflicts}
        a, b = dot.node_id("thesis", pair.a), dot.node_id("thesis", pair.b)
        if sources == {pair.b}:
            a, b = b, a
        n = len(pair.conflicts)
        count = dot.node_id("conflicts", f"{pair.a}.{pair.b}")
        g.node(
            count,
            label=dot.html_unchecked(
                dot.legacy_block(
                    f"{n} challenge{'s' if n != 1 else ''}",
                    14,
                    bold=True,
                    color=theme.conflict,
                    align="CENTER",
                )
            ),
            shape="plaintext",
        )
        clashes.append((a, count, b, len(sources) > 1))
        middle.append((count, (pair.a, pair.b)))

    rows = _rows(schools, middle, top)
    column.update({node: i for i, row in enumerate(rows) for node in row})
    clash_nodes = {count for _, count, _, _ in clashes}
    for node, users in middle:
        if node in clash_nodes:
            continue
        for user in users:
            flow_edge(canvas, node, dot.node_id("thesis", user), "uses", column, school=user)
    for a, count, b, both_ways in clashes:
        both = {"dir": "both", "arrowtail": "tee"} if both_ways else {}
        first = {"arrowhead": "none", "class": "conflict", **both}
        flow_edge(canvas, a, count, "challenges", column, **first)
        flow_edge(canvas, count, b, "challenges", column, **{"class": "conflict"})
    canvas.after(pin_columns(g, rows, "overlap"))
    return canvas.finish(columns=5)  # transitional


def _rows(
    schools: tuple[list[str], list[str]],
    middle: list[tuple[str, Sequence[str]]],
    top: set[str],
) -> list[list[str]]:
    """Rows of the slide: the top schools, at most ``SLIDE_ROW`` shared nodes a row (those
    used mostly by the top schools nearer the top), the bottom schools."""
    count = max(1, -(-len(middle) // SLIDE_ROW))
    per_row = -(-len(middle) // count) if middle else 0
    ranked = sorted(middle, key=lambda m: -sum(u in top for u in m[1]) / max(1, len(m[1])))
    rows = [list(schools[0])]
    for i in range(count):
        rows.append([node for node, _ in ranked[i * per_row : (i + 1) * per_row]])
    rows.append(list(schools[1]))
    return rows


def _shared_item(canvas: Canvas, topic: Topic, kind: str, item: str, users: tuple[str, ...]) -> str:
    if kind == "evidence":
        return canvas.evidence(topic.evidence_item[item], users=users)
    if kind == "historians":
        return canvas.historian(topic.historian[item], users=users)
    return canvas.factor(topic.factor[item], users=users)


def _count_node(canvas: Canvas, kind: str, items: dict[str, tuple[str, ...]]) -> str:
    """How many items of a kind the schools share, and how many of them each school uses."""
    t = canvas.theme
    cells = "".join(
        str(canvas.school_tag(school))
        + f"<TD>{dot.legacy_block(str(sum(school in users for users in items.values())), 6)}</TD>"
        for school in canvas.topic.school
        if any(school in users for users in items.values())
    )
    heading = dot.legacy_block(f"{len(items)} shared {KIND_WORDS[kind]}", 24, bold=True)
    label = (
        '<TABLE BORDER="0" CELLSPACING="2" CELLPADDING="2">'
        f'<TR><TD COLSPAN="20" ALIGN="LEFT" BALIGN="LEFT">{heading}</TD></TR>'
        f"<TR>{cells}</TR></TABLE>"
    )
    node = f"count__{kind}"
    canvas.graph.node(
        node,
        label=dot.html_unchecked(label),
        shape="note",
        style="filled",
        fillcolor="#F4F4F4",
        fontsize=f"{t.small:g}",
    )
    canvas.legend_node("count", "shared items counted: how many each school uses", "note")
    return node
