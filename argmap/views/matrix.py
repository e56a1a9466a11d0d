"""The matrix view: a school x school table, drawn as one Graphviz HTML-like table node.

Each off-diagonal cell counts what the pair of schools shares (evidence, historians,
factors, agreements and qualifications) and how often their claims clash (challenges). A
cell with a challenge gets a thick border in the theme's conflict colour *and* a ``✖`` mark,
so it reads in greyscale too. The diagonal gives each school's own size (its claims). The
table is symmetric: read a school's row to see what it shares with each of the others.
"""

from __future__ import annotations

from argmap import dot
from argmap.analysis import Analysis
from argmap.overlap import RELATIONS
from argmap.themes import Theme
from argmap.views.common import Canvas, Diagram

CONFLICT_MARK = "✖"
MATRIX_NODE = "matrix"
LEGEND_NODE = "legend__matrix"

# The rows of a cell: relation -> (singular, plural) as printed after the count.
CELL_WORDS: dict[str, tuple[str, str]] = {
    "evidence": ("evidence", "evidence"),
    "historians": ("historian", "historians"),
    "factors": ("factor", "factors"),
    "agreements": ("agreement", "agreements"),
    "conflicts": ("challenge", "challenges"),
}

# What the legend says of each part of a cell (tests compare these with the drawn legend).
LEGEND_TEXT: dict[str, str] = {
    "evidence": "evidence items cited by claims of both schools",
    "historians": "historians named by both schools",
    "factors": "factors carried by claims of both schools",
    "agreements": "claims of one agree with or qualify claims of the other",
    "conflicts": "claims of one challenge claims of the other (conflict)",
    "zero": "a grey 0: nothing of that kind",
    "diagonal": "the school's own number of claims",
}


def cell_id(a: str, b: str) -> str:
    """The ID of the table cell in row ``a``, column ``b`` (also on the diagonal)."""
    return dot.node_id("cell", f"{a}.{b}")


def view(analysis: Analysis, theme: Theme) -> Diagram:
    canvas = Canvas(
        analysis,
        theme,
        name="matrix",
        title="Overlap matrix: what each pair of schools shares, and where they clash",
        shows="Shows: for each pair of schools, "
        + ", ".join(RELATIONS[k] for k in ("evidence", "historians", "factors", "agreements"))
        + f", and {RELATIONS['conflicts']} (marked {CONFLICT_MARK}); "
        "on the diagonal, each school's number of claims. The table is symmetric.",
        # Left to right: the legend's two parts stack in one column beside the table,
        # which keeps the drawing low (a slide is stretched to 16:9 from its height).
        rankdir="LR",
    )
    table = _Table(canvas)
    canvas.graph.node(
        MATRIX_NODE,
        label=dot.html_unchecked(table.render()),
        shape="plain",
        tooltip=dot.plain("Overlap matrix"),
    )
    diagram = canvas.finish()
    with canvas.graph.subgraph(name="legend") as legend:
        legend.attr(rank="sink")
        legend.node(LEGEND_NODE, label=dot.html_unchecked(table.legend()), shape="plain")
    return diagram


class _Table:
    """The HTML-like markup of the matrix and of its legend."""

    def __init__(self, canvas: Canvas) -> None:
        self.canvas = canvas
        self.theme = canvas.theme
        self.topic = canvas.topic
        self.overlap = canvas.overlap
        self.schools = [s.id for s in canvas.topic.schools]
        self.pad = 8 if self.theme.slide else 5

    # -- the table --------------------------------------------------------------------------

    def render(self) -> str:
        head = "".join(self._column_head(s) for s in self.schools)
        rows = [f'<TR><TD BORDER="0"></TD>{head}</TR>']
        for a in self.schools:
            cells = "".join(self._cell(a, b) for b in self.schools)
            rows.append(f"<TR>{self._row_head(a)}{cells}</TR>")
        return (
            f'<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="4" CELLPADDING="{self.pad}" '
            f'COLOR="#999999">{"".join(rows)}</TABLE>'
        )

    def _name(self, school: str, align: str) -> str:
        t = self.theme
        return dot.legacy_block(
            self.topic.school[school].name, 14 if t.slide else 16, bold=True, align=align
        )

    def _column_head(self, school: str) -> str:
        tag = self.canvas.school_tag(school)
        return (
            f'<TD BORDER="0" VALIGN="BOTTOM"><TABLE BORDER="0" CELLSPACING="0" CELLPADDING="2">'
            f'<TR><TD BORDER="0">{self._name(school, "CENTER")}</TD></TR>'
            f'<TR><TD BORDER="0"><TABLE BORDER="0" CELLSPACING="0" CELLPADDING="0"><TR>{tag}'
            "</TR></TABLE></TD></TR></TABLE></TD>"
        )

    def _row_head(self, school: str) -> str:
        tag = self.canvas.school_tag(school)
        return (
            f'<TD BORDER="0" ALIGN="RIGHT"><TABLE BORDER="0" CELLSPACING="0" CELLPADDING="2">'
            f'<TR><TD BORDER="0" ALIGN="RIGHT" BALIGN="RIGHT">{self._name(school, "RIGHT")}</TD>'
            f"{tag}</TR></TABLE></TD>"
        )

    def _cell(self, a: str, b: str) -> str:
        if a == b:
            return self._diagonal(a)
        pair = self.overlap.pair(a, b)
        counts = pair.counts()
        rows = "".join(f"<TR>{self._count_row(kind, counts[kind])}</TR>" for kind in CELL_WORDS)
        attrs = f'ID="{cell_id(a, b)}" VALIGN="TOP"'
        if pair.conflicts:
            attrs += f' BORDER="{3 if not self.theme.slide else 5}" COLOR="{self.theme.conflict}"'
        return f'<TD {attrs}><TABLE BORDER="0" CELLSPACING="0" CELLPADDING="2">{rows}</TABLE></TD>'

    def _count_row(self, kind: str, count: int) -> str:
        """Three cells: the conflict mark (or nothing), the count, and what it counts."""
        t = self.theme
        one, many = CELL_WORDS[kind]
        word = one if count == 1 else many
        conflict = kind == "conflicts" and count > 0
        color = t.conflict if conflict else (t.ink if count else "#999999")
        # Graphviz refuses an empty <B></B>: a cell without the mark stays empty.
        mark = (
            dot.legacy_block(CONFLICT_MARK, 2, size=t.size, bold=True, color=color, align="CENTER")
            if conflict
            else ""
        )
        return (
            f'<TD ALIGN="CENTER" BORDER="0">{mark}</TD>'
            f'<TD ALIGN="RIGHT" BORDER="0">'
            f"{dot.legacy_block(str(count), 4, size=t.size, bold=bool(count), color=color, align='RIGHT')}"  # noqa: E501 - transitional
            f'</TD><TD ALIGN="LEFT" BORDER="0">'
            f"{dot.legacy_block(word, 12, size=t.small, bold=conflict, color=color)}</TD>"
        )

    def _diagonal(self, school: str) -> str:
        t = self.theme
        look = self.canvas.looks[school]
        claims = len(self.topic.school[school].claims)
        word = "claim" if claims == 1 else "claims"
        return (
            f'<TD ID="{cell_id(school, school)}" BGCOLOR="{look.fill.split(":")[0]}" '
            f'COLOR="{look.color}">'
            f"{dot.legacy_block(str(claims), 4, size=t.title, bold=True, align='CENTER')}<BR/>"
            f"{dot.legacy_block(word, 8, size=t.small, align='CENTER')}</TD>"
        )

    # -- the legend: how to read a cell -------------------------------------------------------

    def legend(self) -> str:
        """A sample cell, each of its rows explained, and the diagonal."""
        t = self.theme
        sample = {"evidence": 3, "historians": 0, "factors": 2, "agreements": 1, "conflicts": 2}
        rows = [
            f'<TR><TD COLSPAN="4" ALIGN="LEFT" BORDER="0">'
            f"{dot.legacy_block('How to read a cell (row school × column school)', 30, bold=True)}"
            "</TD></TR>"
        ]
        for kind in CELL_WORDS:
            rows.append(
                f'<TR>{self._count_row(kind, sample[kind])}<TD ALIGN="LEFT" BORDER="0">'
                f"{dot.legacy_block(LEGEND_TEXT[kind], 30, size=t.small)}</TD></TR>"
            )
        rows.append(
            f'<TR>{self._count_row("historians", 0)}<TD ALIGN="LEFT" BORDER="0">'
            f"{dot.legacy_block(LEGEND_TEXT['zero'], 30, size=t.small)}</TD></TR>"
        )
        conflict_cell = (
            f'<TD COLSPAN="3" BORDER="{3 if not t.slide else 5}" COLOR="{t.conflict}">'
            f"{dot.legacy_block(CONFLICT_MARK, 2, size=t.size, bold=True, color=t.conflict)}</TD>"
        )
        rows.append(
            f'<TR>{conflict_cell}<TD ALIGN="LEFT" BORDER="0">'
            f"{dot.legacy_block(_border_words(t), 30, size=t.small)}</TD></TR>"
        )
        # The diagonal sample in the first school's look (as the table's first diagonal cell).
        looks = [self.canvas.looks[s] for s in self.schools[:1]]
        fill, color = (looks[0].fill.split(":")[0], looks[0].color) if looks else ("#FFFFFF", t.ink)
        rows.append(
            f'<TR><TD COLSPAN="3" BORDER="1" BGCOLOR="{fill}" COLOR="{color}">'
            f"{dot.legacy_block('N claims', 10, size=t.small, align='CENTER')}</TD>"
            f'<TD ALIGN="LEFT" BORDER="0">'
            f"{dot.legacy_block('diagonal: ' + LEGEND_TEXT['diagonal'], 30, size=t.small)}</TD></TR>"  # noqa: E501 - transitional
        )
        return (
            '<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="3" CELLPADDING="2">'
            + "".join(rows)
            + "</TABLE>"
        )


def _border_words(theme: Theme) -> str:
    return f"a thick border like this and {CONFLICT_MARK}: the pair has at least one challenge"
