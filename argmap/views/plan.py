"""The plan view: an essay plan as a diagram, drawn from the essay analysis
(:mod:`argmap.essay`), which draws on the shared overlap analysis.

Top down, in the order of the essay: the question (or, with ``focus``, the "how far do you
agree" statement) with the schools to introduce; one row per branch, each boxed: a factor
(the default, a thematic essay) or a school (``by="school"``) on the left, with its status,
rank and counts, then one card per point: a claim that bears on the branch, in its school's
colour, with its evidence (date first, in date order) and its historians (work and year).
The counter-arguments to a point stand in one node beside it, joined by a conflict edge
whose tee is at the challenged claim. At the bottom, the conclusion sorts the factors into
common ground (several schools, no challenge), contested ground, and factors only one
school argues, each in ranking order. With ``focus``, the focus factor comes first and the
others follow as alternatives, strongest first.

On a slide the view is compact: the question, one node per branch with its schools, counts
and status, and the conclusion, so that its smallest type stays readable when projected.
"""

from __future__ import annotations

from collections.abc import Sequence

import graphviz

from argmap import dot, essay
from argmap.analysis import Analysis
from argmap.essay import Branch, FactorStanding
from argmap.model import Claim
from argmap.themes import Theme
from argmap.views.common import Canvas, Diagram

QUESTION = "question"
CONCLUSION = "conclusion"
LEGEND_NODE = "legend__plan"
SLIDE_ROW = 8  # branch heads side by side on a slide

STATUS_WORDS = {
    essay.COMMON: "several schools argue it, none is challenged",
    essay.CONTESTED: "a claim on it is challenged (a counter-argument)",
    essay.ONE_SCHOOL: "only one school argues it",
    essay.NOT_ARGUED: "no claim carries it",
}


def branch_id(branch: Branch) -> str:
    return dot.node_id("branch", branch.key)


def cluster_id(branch: Branch) -> str:
    return dot.node_id("cluster_branch", branch.key)


def point_id(branch: Branch, claim: str) -> str:
    return dot.node_id("point", f"{branch.key}.{claim}")


def counter_id(branch: Branch, point: str) -> str:
    """The node of the counter-arguments beside one point of a branch."""
    return dot.node_id("counter", f"{branch.key}.{point}")


def view(
    analysis: Analysis,
    theme: Theme,
    *,
    by: str = "factor",
    focus: str | None = None,
) -> Diagram:
    topic = analysis.topic
    if by not in ("factor", "school"):
        raise ValueError(f"a plan is by 'factor' or 'school', not {by!r}")
    if focus is not None and by != "factor":
        raise ValueError("a focused plan weighs factors: it cannot be by school")
    if focus is not None and focus not in topic.factor:
        raise ValueError(f"no factor {focus!r} in {topic.id}")
    branches = analysis.branches(by=by, focus=focus)
    if focus is not None:
        name = f"plan-focus-{focus}"
        title = f"Essay plan weighing one factor against the others: {topic.factor[focus].name}"
    elif by == "school":
        name, title = "plan-by-school", "Essay plan, school by school"
    else:
        name, title = "plan", "Essay plan, factor by factor"
    shows = (
        "Shows: "
        + ("one branch per school, with its claims" if by == "school" else "")
        + ("one branch per factor, with the claims that carry it" if by == "factor" else "")
        + (
            ", coloured by school; challenges as counter-arguments; a conclusion that "
            "ranks the factors by schools, dated evidence and challenges."
        )
    )
    canvas = Canvas(
        analysis,
        theme,
        name=name,
        title=title,
        shows=shows,
        rankdir="TB",
        newrank=True,
    )
    plan = _Plan(canvas, branches, focus)
    if theme.slide:
        plan.compact()
    else:
        plan.full()
    if not theme.slide:
        canvas.after(CONCLUSION)
    diagram = canvas.finish(columns=2 if theme.slide else None)
    with canvas.graph.subgraph(name="legend") as legend:
        legend.node(LEGEND_NODE, label=dot.html_unchecked(plan.legend()), shape="plain")
    if theme.slide:  # the conclusion and the two keys side by side: a slide is wide
        with canvas.graph.subgraph() as same:
            same.attr(rank="same")
            for node in (CONCLUSION, LEGEND_NODE, *(["legend"] if theme.legend else [])):
                same.node(node)
    else:
        canvas.graph.edge(CONCLUSION, LEGEND_NODE, style="invis")
    return diagram


def table(rows: Sequence[str], padding: int = 1) -> str:
    """Transitional: this view still writes its table rows by hand."""
    return (
        f'<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="{padding}">' + "".join(rows) + "</TABLE>"
    )


def _row(content: str, attrs: str = "") -> str:
    """A table row of one cell."""
    return f"<TR><TD{' ' + attrs if attrs else ''}>{content}</TD></TR>"


class _Plan:
    def __init__(self, canvas: Canvas, branches: tuple[Branch, ...], focus: str | None) -> None:
        self.canvas = canvas
        self.topic = canvas.topic
        self.theme = canvas.theme
        self.g = canvas.graph
        self.branches = branches
        self.focus = focus
        self.standings = canvas.analysis.standings
        self.rank = {s.factor: i for i, s in enumerate(self.standings, start=1)}
        self.last_row: list[str] = [QUESTION]

    # -- the parts shared by both versions ----------------------------------------------------

    def question(self, graph: graphviz.Digraph) -> None:
        t = self.theme
        text = essay.focus_statement(self.topic, self.focus) if self.focus else self.topic.question
        schools = [s.id for s in self.topic.schools]
        rows = [
            _row(
                dot.legacy_block(
                    text, 30 if t.slide else 40, bold=True, size=t.size + 3, align="CENTER"
                )
            ),
            _row(
                dot.legacy_block(
                    f"Introduction: {len(schools)} schools of interpretation",
                    50,
                    size=t.small,
                    color=t.muted,
                    align="CENTER",
                )
            ),
        ]
        label = (
            '<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="3">'
            + "".join(rows)
            + self.canvas.tags_row(schools).replace('ALIGN="LEFT"', 'ALIGN="CENTER"', 1)
            + "</TABLE>"
        )
        graph.node(
            QUESTION,
            label=dot.html_unchecked(label),
            shape="box",
            style="rounded,filled",
            fillcolor="#FFFFFF",
            penwidth=f"{t.penwidth * 2:g}",
            tooltip=dot.plain(text),
        )

    def heading(self, branch: Branch, index: int) -> str:
        """The words above a branch: its place in the essay."""
        if branch.kind == "other":
            return "Other arguments (no factor)"
        if self.focus is not None:
            return "Focus" if branch.key == self.focus else f"Alternative {index - 1}"
        return f"Paragraph {index}" if branch.kind == "factor" else f"School {index}"

    def status_rows(self, branch: Branch) -> list[str]:
        """Rows of a branch head: its status and rank (factors), and its counts."""
        t = self.theme
        n, c = len(branch.schools), len(branch.counters)
        counts = [
            f"{n} school{'s' * (n != 1)}"
            if branch.kind != "school"
            else f"{len(branch.claims)} claims",
            f"{branch.dated} dated evidence",
            f"{c} challenge{'s' * (c != 1)}",
        ]
        sep = "<BR/>" if t.slide else " · "
        rows = []
        if branch.kind == "factor":
            standing = essay.standing(branch)
            color = {essay.COMMON: t.agreement, essay.CONTESTED: t.conflict}.get(
                standing.status, t.muted
            )
            rank = f"ranked {self.rank[branch.key]} of {len(self.rank)}"
            rows.append(
                dot.legacy_block(
                    standing.status.upper(),
                    30,
                    size=t.small,
                    bold=True,
                    color=color,
                    align="CENTER",
                )
                + ("<BR/>" if t.slide else "")
                + dot.legacy_block(
                    ("" if t.slide else " · ") + rank,
                    30,
                    size=t.small,
                    bold=True,
                    color=color,
                    align="CENTER",
                )
            )
        rows.append(
            sep.join(
                dot.legacy_block(x, 40, size=t.small, color=t.muted, align="CENTER") for x in counts
            )
        )
        return [f"<TR><TD>{r}</TD></TR>" for r in rows]

    def branch_node(self, branch: Branch, index: int, graph: graphviz.Digraph) -> str:
        t = self.theme
        name = branch_id(branch)
        rows = [
            _row(
                dot.legacy_block(
                    self.heading(branch, index), 30, size=t.small, color=t.muted, align="CENTER"
                )
            ),
            _row(
                dot.legacy_block(
                    branch.title,
                    28 if not t.slide else 16,
                    bold=True,
                    size=t.size + 1,
                    align="CENTER",
                )
            ),
            *self.status_rows(branch),
        ]
        if branch.kind == "factor" and branch.schools:
            rows.append(self._tags(branch.schools))
        label = dot.html_unchecked(table(rows))
        focused = branch.key == self.focus
        if branch.kind == "school":
            look = self.canvas.looks[branch.key]
            self.canvas.use_school(branch.key)
            graph.node(
                name,
                label=label,
                shape="box",
                style=look.box_style,
                fillcolor=look.fill,
                color=look.color,
                penwidth=f"{t.penwidth * 2:g}",
                tooltip=dot.plain(f"{branch.title}: {branch.description or ''}"),
            )
            return name
        # A factor is a hexagon as in every view; on a slide a box, which is narrower.
        hexagon = branch.kind == "factor" and not t.slide
        if hexagon:
            self.canvas.legend_node("factor")
        graph.node(
            name,
            label=label,
            shape="hexagon" if hexagon else "box",
            margin="0.02,0.02" if hexagon else "0.1,0.05",
            style="filled"
            if hexagon
            else "filled,rounded" + (",dashed" * (branch.kind == "other")),
            fillcolor="#FFF8E1" if not t.greyscale else "#F2F2F2",
            penwidth=f"{t.penwidth * (3 if focused else 1.5):g}",
            tooltip=dot.plain(branch.description or branch.title),
        )
        return name

    def _tags(self, schools: tuple[str, ...]) -> str:
        """The tags of schools, centred; on a slide two to a line, to keep nodes narrow."""
        per = 2 if self.theme.slide else len(schools)
        lines = [schools[i : i + per] for i in range(0, len(schools), per)]
        inner = "".join(
            f"<TR>{''.join(self.canvas.school_tag(s) for s in line)}</TR>" for line in lines
        )
        return (
            '<TR><TD ALIGN="CENTER" BORDER="0"><TABLE BORDER="0" CELLSPACING="2" '
            f'CELLPADDING="2">{inner}</TABLE></TD></TR>'
        )

    def conclusion(self, graph: graphviz.Digraph) -> None:
        t = self.theme
        groups = self.canvas.analysis.by_status
        heads = {
            essay.COMMON: "Common ground",
            essay.CONTESTED: "Contested",
            essay.ONE_SCHOOL: "Argued by one school",
            essay.NOT_ARGUED: "Not argued",
        }
        colors = {essay.COMMON: t.agreement, essay.CONTESTED: t.conflict}
        wrap = 34 if not t.slide else 22
        columns = []
        for status, standings in groups.items():
            if not standings:
                continue
            body = dot.legacy_block(heads[status], wrap, bold=True, color=colors.get(status, t.ink))
            body += dot.legacy_block(STATUS_WORDS[status], wrap, size=t.small, color=t.muted)
            for s in standings:
                words = self.topic.factor[s.factor].name
                body += dot.legacy_block(f"{self.rank[s.factor]}. {words}", wrap)
                if not t.slide:
                    body += dot.legacy_block(
                        self._standing_words(s), wrap, size=t.small, color=t.muted
                    )
            columns.append(f'<TD ALIGN="LEFT" BALIGN="LEFT" VALIGN="TOP">{body}</TD>')
        span = max(len(columns), 1)
        rows = [
            f'<TR><TD COLSPAN="{span}">'
            + dot.legacy_block("Conclusion", 30, bold=True, size=t.size + 3, align="CENTER")
            + "</TD></TR>"
        ]
        if self.focus is not None:
            s = next(x for x in self.standings if x.factor == self.focus)
            verdict = (
                f"The focus, {self.topic.factor[self.focus].name}, is {s.status}, ranked "
                f"{self.rank[self.focus]} of {len(self.rank)}: weigh it against the alternatives."
            )
            rows.append(
                f'<TR><TD COLSPAN="{span}" ALIGN="LEFT" BALIGN="LEFT">'
                f"{dot.legacy_block(verdict, wrap * span)}</TD></TR>"
            )
        rows.append(f"<TR>{''.join(columns)}</TR>")
        rows.append(
            f'<TR><TD COLSPAN="{span}" ALIGN="LEFT" BALIGN="LEFT">'
            + dot.legacy_block(
                "Factors by rank: more schools, then more dated evidence, then fewer "
                "challenges. Build on common ground; take a side where it is contested.",
                wrap * span,
                size=t.small,
                color=t.muted,
            )
            + "</TD></TR>"
        )
        graph.node(
            CONCLUSION,
            label=dot.html_unchecked(table(rows, 3)),
            shape="box",
            style="rounded,filled",
            fillcolor="#FFFFFF",
            penwidth=f"{t.penwidth * 2:g}",
            tooltip=dot.plain("Conclusion: common ground against contested ground"),
        )

    def _standing_words(self, s: FactorStanding) -> str:
        n = len(s.schools)
        words = f"{n} school{'s' * (n != 1)}, {s.dated_evidence} dated evidence"
        if s.challenges:
            words += f", {s.challenges} challenge{'s' * (s.challenges != 1)}"
        return words

    def legend(self) -> str:
        t = self.theme
        rows = [
            ("Question", "the essay question, and the schools to introduce"),
            ("Branch", "a paragraph: a factor (its status, rank and counts) or a school"),
            (
                "Point",
                "a claim of the branch; under it its evidence (date first, in date "
                "order) and its historians (work, year)",
            ),
            (
                "Conclusion",
                "the factors by status, each group in ranking order (more "
                "schools, then more dated evidence, then fewer challenges)",
            ),
        ]
        if t.slide:
            rows = [rows[0], rows[1], rows[3]]
        rows += [
            (s.upper(), STATUS_WORDS[s]) for s in (essay.COMMON, essay.CONTESTED, essay.ONE_SCHOOL)
        ]
        body = "".join(
            f'<TR><TD ALIGN="LEFT">{dot.legacy_block(head, 16, size=t.small, bold=True)}</TD>'
            f'<TD ALIGN="LEFT">{dot.legacy_block(text, 40, size=t.small)}</TD></TR>'
            for head, text in rows
        )
        return f'<TABLE BORDER="0" CELLSPACING="2" CELLPADDING="2">{body}</TABLE>'

    # -- the full plan ------------------------------------------------------------------------

    def full(self) -> None:
        """Top down, in the order of the essay: the question, then one row per branch (its
        head on the left, its points to the right, each counter-argument under the point
        it answers), then the conclusion."""
        g = self.g
        g.attr("graph", nodesep="0.2", ranksep="0.3")
        self.question(g)
        spine = [QUESTION]
        for index, branch in enumerate(self.branches, start=1):
            cluster = graphviz.Digraph(name=cluster_id(branch))
            focused = branch.key == self.focus
            cluster.attr(
                label="",
                style="rounded,bold" if focused else "rounded",
                color="#999999",
                penwidth=f"{self.theme.penwidth * (2 if focused else 1):g}",
                margin="8",
            )
            head = self.branch_node(branch, index, cluster)
            g.edge(spine[-1], head, color="#888888")
            spine.append(head)
            row = [head]
            for key in branch.claims:
                point = self.point(branch, self.topic.claim[key], cluster)
                row.append(point)
                # Beside the point they answer, all in one node (even a counter-argument
                # that is also a point of this branch: an edge across the row, or over
                # other counter-arguments, would be hard to follow).
                counters = branch.counters_of(key)
                if counters:
                    row.append(self.counters(branch, key, counters, cluster))
            with cluster.subgraph() as same:
                same.attr(rank="same")
                for node in row:
                    same.node(node)
            for a, b in zip(row, row[1:], strict=False):
                cluster.edge(a, b, style="invis")
            g.subgraph(cluster)
        self.conclusion(g)
        g.edge(spine[-1], CONCLUSION, color="#888888")

    def _look_attrs(self, claim: Claim) -> dict[str, str]:
        look = self.canvas.looks[claim.school]
        self.canvas.use_school(claim.school)
        return {
            "style": look.box_style,
            "fillcolor": look.fill,
            "color": look.color,
        }

    def point(self, branch: Branch, claim: Claim, graph: graphviz.Digraph) -> str:
        t = self.theme
        self.canvas.legend_node("claim")
        name = point_id(branch, claim.key)
        rows = [
            self.canvas.tags_row([claim.school], colspan=2),
            _row(dot.legacy_block(claim.text, t.wrap), 'COLSPAN="2" ALIGN="LEFT" BALIGN="LEFT"'),
        ]
        items = sorted(
            (self.topic.evidence_item[c.id] for c in claim.evidence), key=lambda e: e.date_key
        )
        for item in items:
            rows.append(
                f'<TR><TD ALIGN="LEFT" VALIGN="TOP" BALIGN="LEFT">'
                f"{dot.legacy_block(item.date or 'undated', 12, size=t.small, bold=True)}</TD>"
                f'<TD ALIGN="LEFT" BALIGN="LEFT">'
                f"{dot.legacy_block(item.text, t.wrap + 6, size=t.small)}</TD></TR>"
            )
        people = []
        for cite in claim.historians:
            person = self.topic.historian[cite.id]
            works = essay.cited_works(self.topic, cite)
            text = person.name
            if works:
                text += ", " + "; ".join(
                    f"{w.title} ({w.year})" if w.year else w.title for w in works
                )
            if cite.page:
                text += f", p. {cite.page}"
            people.append(text)
        if people:
            rows.append(
                '<TR><TD COLSPAN="2" ALIGN="LEFT" BALIGN="LEFT">'
                + "".join(
                    dot.legacy_block(p, t.wrap + 6, size=t.small, italic=True) for p in people
                )
                + "</TD></TR>"
            )
        graph.node(
            name,
            label=dot.html_unchecked(table(rows, 2)),
            shape="box",
            tooltip=dot.plain(self.canvas.claim_tooltip(claim)),
            **self._look_attrs(claim),
        )
        return self.canvas.record(name, "claim", claim.key)

    def counters(
        self,
        branch: Branch,
        point: str,
        counters: tuple[essay.Counter, ...],
        graph: graphviz.Digraph,
    ) -> str:
        """The counter-arguments to one point, in one node beside it, each tagged with its
        school; a conflict edge per direction, the tee at the challenged side."""
        t = self.theme
        self.canvas.legend_node("counter")
        name = counter_id(branch, point)
        rows: list[str] = []
        for counter in counters:
            claim = self.topic.claim[counter.counter]
            how = (
                "challenges this point"
                if counter.link.source == counter.counter
                else "challenged by this point"
            )
            rows.append(self.canvas.tags_row([claim.school]))
            rows.append(
                '<TR><TD ALIGN="LEFT" BALIGN="LEFT">'
                + dot.legacy_block(
                    f"Counter-argument: {how}", 44, size=t.small, bold=True, color=t.conflict
                )
                + f"{dot.legacy_block(claim.text, t.wrap)}</TD></TR>"
            )
        graph.node(
            name,
            label=dot.html_unchecked(table(rows, 2)),
            shape="box",
            style="rounded,filled",
            fillcolor="#FFFFFF",
            color=t.conflict,
            penwidth=f"{t.penwidth * 2:g}",
            tooltip=dot.plain(
                "\n".join(self.canvas.claim_tooltip(self.topic.claim[c.counter]) for c in counters)
            ),
        )
        node = point_id(branch, point)
        # As written: the tee is at the challenged claim.
        if any(c.link.source == c.counter for c in counters):
            self.canvas.edge(name, node, "challenges", constraint="false")
        if any(c.link.source != c.counter for c in counters):
            self.canvas.edge(node, name, "challenges", constraint="false")
        return name

    # -- the compact plan (slides) ------------------------------------------------------------

    def compact(self) -> None:
        """Top down: the question, the branch heads in rows of at most
        :data:`SLIDE_ROW`, the conclusion."""
        g = self.g
        g.attr("graph", nodesep="0.15", ranksep="0.5")
        self.question(g)
        heads = [
            self.branch_node(branch, index, g) for index, branch in enumerate(self.branches, 1)
        ]
        rows = [heads[i : i + SLIDE_ROW] for i in range(0, len(heads), SLIDE_ROW)]
        for r, row in enumerate(rows):
            with g.subgraph() as same:
                same.attr(rank="same")
                for head in row:
                    same.node(head)
            for a, b in zip(row, row[1:], strict=False):
                g.edge(a, b, style="invis")
            for i, head in enumerate(row):
                if r == 0:
                    g.edge(QUESTION, head, color="#888888", arrowhead="none")
                else:
                    # Under the head above it; the line from the question runs behind.
                    g.edge(rows[r - 1][min(i, len(rows[r - 1]) - 1)], head, style="invis")
                    g.edge(QUESTION, head, color="#888888", arrowhead="none", constraint="false")
        self.last_row = rows[-1] if rows else [QUESTION]
        self.conclusion(g)
        for head in self.last_row:
            g.edge(head, CONCLUSION, style="invis")
