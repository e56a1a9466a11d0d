"""The matrix view: a school x school table of what each pair shares and where it clashes.

One HTML-like table node. Above the diagonal (row before column in the topic's order) a
cell counts what the pair shares: evidence, historians, factors, agreements and
qualifications (apart), and challenges (``✖``, in the conflict colour, with a thick border,
so that it reads in greyscale too). Below the diagonal, the mirror cell names what they
share most: the evidence most cited by their claims (by its short form; an item without
one is counted, never cut), then the historians, then the factors. Both halves of a pair are
shaded alike, the darker the more they share. The diagonal gives each school's own size.

A topic with more schools than a page or a slide holds readably is drawn as a numbered
series of blocks of the table (rows of one group of schools against the columns of
another), every cell in exactly one block.
"""

from __future__ import annotations

from dataclasses import replace

from argmap import dot
from argmap.analysis import Analysis
from argmap.overlap import Pair
from argmap.themes import Theme
from argmap.views.common import SERIES_LIMIT, Canvas, Diagram, numbered

CONFLICT_MARK = "✖"
MATRIX_NODE = "matrix"
# Schools a block holds, rows and columns, by theme (past it: a series of blocks).
BLOCK = {"default": 8, "print": 5, "slides": 5}
# Lines of text a block holds top to bottom (estimated), by theme.
LINES = {"slides": 50, "print": 60}
# Shades of a cell, from sharing little to sharing most (none: white).
SHADES = ("#F2F2F2", "#E0E0E0", "#CCCCCC", "#B8B8B8")
NAMED = {"default": 3, "print": 3, "slides": 2}  # items named in a cell of the lower half


def cell_id(a: str, b: str) -> str:
    """The ID of the table cell in row ``a``, column ``b`` (also on the diagonal)."""
    return dot.node_id("cell", f"{a}.{b}")


def shared(pair: Pair) -> int:
    """How much a pair shares: its evidence, historians and factors."""
    return len(pair.evidence) + len(pair.historians) + len(pair.factors)


def blocks(n: int, size: int) -> list[tuple[range, range]]:
    """The blocks of an n x n table, ``size`` schools a side: (rows, columns), every cell in
    exactly one.

    >>> [(r.start, c.start) for r, c in blocks(10, 5)]
    [(0, 0), (0, 5), (5, 0), (5, 5)]
    """
    if n == 0:
        return [(range(0), range(0))]
    count = -(-n // size)
    even = -(-n // count)  # groups as even as they can be: 10 by 8 is 5 and 5
    groups = [range(i, min(i + even, n)) for i in range(0, n, even)] or [range(0)]
    return [(rows, cols) for rows in groups for cols in groups]


def view(analysis: Analysis, theme: Theme) -> Diagram | list[Diagram]:
    ids = [s.id for s in analysis.topic.schools]
    size = BLOCK.get(theme.name, BLOCK["default"])
    while (
        size > 2
        and len(ids) <= size * SERIES_LIMIT
        and any(
            _Block(analysis, theme, [ids[i] for i in r], [ids[i] for i in c], 1, 1).lines()
            > LINES.get(theme.name, 999)
            for r, c in blocks(len(ids), size)
        )
    ):
        size -= 1  # long names: fewer schools a block
    parts = blocks(len(ids), size)
    if len(parts) > SERIES_LIMIT:  # drawn whole: refused as too large, with advice
        parts = [(range(len(ids)), range(len(ids)))]
    pages = [
        _Block(
            analysis, theme, [ids[i] for i in rows], [ids[i] for i in cols], k, len(parts)
        ).draw()
        for k, (rows, cols) in enumerate(parts, start=1)
    ]
    return pages[0] if len(pages) == 1 else pages


class _Block:
    def __init__(
        self,
        analysis: Analysis,
        theme: Theme,
        rows: list[str],
        cols: list[str],
        page: int,
        pages: int,
    ) -> None:
        self.topic, self.overlap, self.theme = analysis.topic, analysis.overlap, theme
        self.rows, self.cols = rows, cols
        self.order = {s.id: i for i, s in enumerate(analysis.topic.schools)}
        self.page, self.pages = page, pages
        self.most = max((shared(p) for p in analysis.overlap.pairs), default=0)
        self.wrap = 18 if theme.slide else 22
        # Before each name below the diagonal, which would run on into the next else; a
        # slide (two names a cell, and no room to spare at 5 schools) has none.
        self.bullet = "" if theme.slide else "• "
        self.named = NAMED.get(theme.name, NAMED["default"])
        names = self.topic.school
        part = ""
        if pages > 1:
            part = (
                f"rows {names[rows[0]].name} to {names[rows[-1]].name}, "
                f"columns {names[cols[0]].name} to {names[cols[-1]].name}"
            )
        self.canvas = Canvas(
            analysis,
            theme,
            name="matrix",
            title=numbered(
                "Overlap matrix: what each pair of schools shares, and where they clash",
                part,
                page,
                pages,
            ),
            shows="Shows: above the diagonal, what each pair shares (evidence, historians, "
            "factors), its agreements and qualifications apart, and its challenges "
            f"({CONFLICT_MARK}); below it, what they share most, by name; each pair shaded "
            "by how much it shares; on the diagonal, each school's claims.",
        )

    def draw(self) -> Diagram:
        t, canvas = self.theme, self.canvas
        head = [dot.cell(border=0), *(self._column_head(s) for s in self.cols)]
        rows = [dot.row(*head)]
        for a in self.rows:
            rows.append(dot.row(self._row_head(a), *(self._cell(a, b) for b in self.cols)))
        table = dot.table(
            rows, cellspacing=3, cellpadding=8 if t.slide else 5, cellborder=1, color="#999999"
        )
        canvas.graph.node(
            MATRIX_NODE,
            label=dot.html(table),
            shape="plain",
            tooltip=dot.plain("Overlap matrix"),
        )
        self._legend()
        diagram = canvas.finish(columns=3 if t.slide else 4)
        return replace(diagram, page=self.page, pages=self.pages)

    def lines(self) -> float:
        """The block's height in lines of text (estimated): its heading row, then each row
        as tall as its tallest cell."""
        names = [self.topic.school[s].name for s in self.cols]
        head = 1.5 + max(
            (len(dot.wrap(n, max(self.wrap - 2, *map(len, n.split())))) for n in names), default=0
        )
        total = head
        for a in self.rows:
            tallest = 2.0
            for b in self.cols:
                if a == b:
                    continue
                pair = self.overlap.pair(a, b)
                if self.order[a] < self.order[b]:
                    count = sum(map(bool, (pair.evidence, pair.historians, pair.factors)))
                    count += 2 * bool(pair.agreements) + bool(pair.conflicts)
                else:
                    ev = [self.topic.evidence_item[e].short for e in pair.evidence]
                    named = [x for x in ev if x]
                    named += [self.topic.historian[h].name for h in pair.historians]
                    named += [self.topic.factor[f].name for f in pair.factors]
                    shown = named[: self.named]
                    count = sum(len(dot.wrap(self.bullet + n, self.wrap)) for n in shown) + 1
                tallest = max(tallest, count)
            total += tallest + 1.2
        return total

    # -- headings ------------------------------------------------------------------------

    def _name(self, school: str, align: str) -> dot.Markup:
        """A school's name, broken only between words (a word longer than a line keeps
        its line to itself)."""
        name = self.topic.school[school].name
        width = max(self.wrap - 2, *(len(word) for word in name.split()))
        return dot.text(name, width, bold=True, align=align)

    def _column_head(self, school: str) -> dot.Markup:
        tag = self.canvas.school_tag(school, legend=False)  # named beside it
        inner = dot.table(
            [dot.row(dot.cell(self._name(school, "CENTER"))), dot.row(tag)], cellpadding=2
        )
        return dot.cell(inner, border=0, valign="BOTTOM")

    def _row_head(self, school: str) -> dot.Markup:
        tag = self.canvas.school_tag(school, legend=False)  # named beside it
        name = dot.cell(self._name(school, "RIGHT"), align="RIGHT", balign="RIGHT")
        inner = dot.table([dot.row(name, tag)], cellpadding=2)
        return dot.cell(inner, border=0, align="RIGHT")

    # -- cells ---------------------------------------------------------------------------

    def _cell(self, a: str, b: str) -> dot.Markup:
        if a == b:
            return self._diagonal(a)
        pair = self.overlap.pair(a, b)
        upper = self.order[a] < self.order[b]
        body = self._counts(pair) if upper else self._names(pair)
        attrs: dict[str, object] = {
            "id": cell_id(a, b),
            "valign": "TOP",
            "bgcolor": self.shade(pair),
        }
        if pair.conflicts:
            attrs.update(border=5 if self.theme.slide else 3, color=self.theme.conflict)
        return dot.cell(body, **attrs)

    def shade(self, pair: Pair) -> str:
        """White for a pair that shares nothing, then darker in SHADES steps."""
        if not shared(pair) or not self.most:
            return "#FFFFFF"
        step = min(len(SHADES) - 1, (len(SHADES) * shared(pair) - 1) // self.most)
        return SHADES[step]

    def _counts(self, pair: Pair) -> dot.Markup:
        """What the pair shares, counted; agreements and qualifications apart; challenges."""
        t = self.theme
        lines: list[dot.Markup] = []
        for items, word in (
            (pair.evidence, "evidence"),
            (pair.historians, "historian"),
            (pair.factors, "factor"),
        ):
            if items:
                plural = "" if len(items) == 1 or word == "evidence" else "s"
                lines.append(_line(f"{len(items)} {word}{plural}", t.small, bold=True))
        agree = sum(1 for x in pair.agreements if x.kind == "agrees")
        qualify = len(pair.agreements) - agree
        if agree:
            lines.append(_line(f"{agree} agree", t.small, color=t.agreement))
        if qualify:
            word = "qualifies" if qualify == 1 else "qualify"
            lines.append(_line(f"{qualify} {word}", t.small, color=t.agreement))
        if pair.conflicts:
            n = len(pair.conflicts)
            lines.append(
                _line(
                    f"{CONFLICT_MARK} {n} challenge{'s' * (n != 1)}",
                    t.small,
                    bold=True,
                    color=t.conflict,
                )
            )
        if not lines:
            lines.append(_line("nothing shared", t.small, color=t.muted))
        return dot.join(lines)

    def _names(self, pair: Pair) -> dot.Markup:
        """What the pair shares most, by name: the evidence most cited by the pair's claims
        (by its short form: one without is counted, never cut), historians, factors."""
        t, topic = self.theme, self.topic
        claims = [c for c in topic.claims if c.school in (pair.a, pair.b)]
        cited = sorted(
            pair.evidence,
            key=lambda e: (
                -sum(any(x.id == e for x in c.evidence) for c in claims),
                topic.evidence_item[e].date_key,
            ),
        )
        named = [s for e in cited if (s := topic.evidence_item[e].short)]
        named += [topic.historian[h].name for h in pair.historians]
        named += [topic.factor[f].name for f in pair.factors]
        total = shared(pair)
        if not total:
            return _line("nothing shared", t.small, color=t.muted)
        shown = named[: self.named]
        lines = [dot.text(self.bullet + name, self.wrap, size=t.small) for name in shown]
        if total > len(shown):
            lines.append(_line(f"and {total - len(shown)} more", t.small, color=t.muted))
        return dot.join(lines)

    def _diagonal(self, school: str) -> dot.Markup:
        t = self.theme
        look = self.canvas.looks[school]
        claims = len(self.topic.school[school].claims)
        body = (
            dot.text(str(claims), size=t.title, bold=True, align="CENTER")
            + dot.line_break("CENTER")
            + dot.text("claim" if claims == 1 else "claims", size=t.small, align="CENTER")
        )
        return dot.cell(body, id=cell_id(school, school), bgcolor=look.fill, color=look.color)

    # -- the legend ------------------------------------------------------------------------

    def _legend(self) -> None:
        t, canvas = self.theme, self.canvas
        ramp = dot.table(
            [
                dot.row(
                    *(
                        dot.cell(bgcolor=s, width=round(t.small * 0.9), height=round(t.small))
                        for s in ("#FFFFFF", *SHADES)
                    )
                )
            ],
            cellspacing=0,
            cellpadding=0,
            border=1,
            color="#999999",
        )
        canvas.legend_sample("shade", dot.cell(ramp), "the darker, the more the pair shares")
        canvas.legend_sample(
            "upper",
            dot.cell(_line("3 evidence", t.small, bold=True), border=1, color="#999999"),
            "above the diagonal: what a pair shares",
        )
        canvas.legend_sample(
            "lower",
            dot.cell(dot.text("by name", size=t.small), border=1, color="#999999"),
            "below it: what they share most",
        )
        if any(p.agreements for p in self.overlap.pairs):
            canvas.legend_sample(
                "agree",
                dot.cell(_line("2 agree", t.small, color=t.agreement)),
                "claims that agree, or qualify (partly accept)",
            )
        if any(p.conflicts for p in self.overlap.pairs):
            mark = dot.text(CONFLICT_MARK, size=t.small, bold=True, color=t.conflict)
            canvas.legend_sample(
                "conflict",
                dot.cell(mark, border=5 if t.slide else 3, color=t.conflict),
                "✖ and a thick border: claims challenge",
            )
        canvas.legend_sample(
            "diagonal",
            dot.cell(dot.text("N", size=t.small, bold=True), border=1, color="#999999"),
            "the diagonal: each school's claims",
        )


def _line(text: str, size: float, *, bold: bool = False, color: str | None = None) -> dot.Markup:
    return dot.text(text, size=size, bold=bold, color=color, align="LEFT")
