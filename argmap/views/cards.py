"""The claim card: one claim as the school, compare and plan views all draw it.

A card is one node, a table with a coloured head and a white body:

- the head: the card's number (and its school's tag where schools mix), then the claim's
  text; its authored ``short`` form where space is short (:class:`Fit`), the full text
  in the tooltip. Nothing is cut silently: :func:`argmap.dot.text` ends a cut with "…";
- the claim's evidence, one line each in date order (dated first), the date as
  :func:`argmap.dates.display` writes it and the item's short form; each line's tooltip
  holds the full text, the quotation, the source, the caveat and the citation's note. On a
  slide: the two items the topic cites most, and how many more;
- its historians, with the works the claim cites them for (on a slide, names only);
- a *stub* for each relation the claim makes or receives across schools (challenges,
  agreements, qualifications; support): one line, a mark, the other claim (its number
  when the diagram draws it, else its tag and short form), and the relation's note as
  the line's tooltip (or written out, in the plan, where the note says how a
  counter-argument answers). A stub can be a port, where an edge of the diagram ends.

The grid helpers place cards in rows and columns (:func:`grid`) and split them over pages
(:func:`pages`). Both work from what a card holds (how many lines of each kind), never
from the length of user text, so what a user writes can never change a diagram's structure,
only the size of its boxes.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property

import graphviz

from argmap import dates, dot
from argmap.analysis import Analysis
from argmap.model import Claim, Evidence
from argmap.render import SLIDE_MARGIN
from argmap.themes import Theme
from argmap.views.common import Canvas

# The mark of each kind of stub, and the words for it, made (True) or received (False).
MARKS = {"challenges": "✕", "agrees": "=", "qualifies": "≈", "supports": "↑"}
WORDS = {
    ("challenges", True): "challenges",
    ("challenges", False): "challenged by",
    ("agrees", True): "agrees with",
    ("agrees", False): "agrees with",
    ("qualifies", True): "qualifies",
    ("qualifies", False): "qualified by",
    ("supports", True): "supports",
    ("supports", False): "supported by",
}
LEGEND_WORDS = {
    "challenges": "challenges, challenged by",
    "agrees": "agrees with",
    "qualifies": "qualifies, qualified by",
    "supports": "supports another claim",
}


@dataclass(frozen=True)
class Fit:
    """How much a card holds where it is drawn.

    ``width`` is the card's width in points; ``wrap`` and ``ev_wrap`` the characters of a
    line of the claim and of an evidence item; ``short``: the claim's short form where it
    has one; ``evidence``: "lines" (every item), "top" (the two most cited, and a count) or
    "shared" (only the items the diagram shades as shared, and a count);
    ``works``: historians with their works (else names only); ``notes``: a stub's note
    written out under it (else in its tooltip only)."""

    width: int
    wrap: int
    ev_wrap: int
    date_wrap: int
    short: bool
    evidence: str = "lines"
    works: bool = True
    notes: bool = False
    size: float = 11
    small: float = 9
    line: float = 1.8  # points a counted line takes, in units of ``small`` (measured)
    whole: bool = True  # an item with no short form may show its whole text (not a slide)
    # On paper a card's lines are bounded (a long text without a short form is cut, with an
    # ellipsis), so that the pages planned from what cards hold are never overrun.
    bounded: bool = False

    def cap(self, lines: int) -> int | None:
        """At most ``lines`` lines, where the fit bounds them."""
        return lines if self.bounded else None

    @property
    def date_width(self) -> int:
        """Points of a card's date column."""
        return round(self.small * self.date_wrap * 0.62)

    @property
    def unit(self) -> float:
        """Points a line of :meth:`Cards.lines` takes."""
        return self.small * self.line


def fit(theme: Theme, *, short: bool = False, notes: bool = False, evidence: str = "lines") -> Fit:
    """The card of a theme: a page's (default, print) or a slide's, where it is compact
    (short forms, the two most cited items, names only)."""
    if theme.slide:
        return Fit(
            width=520,
            wrap=30,
            ev_wrap=22,
            date_wrap=11,
            short=True,
            evidence="top" if evidence == "lines" else evidence,
            works=False,
            notes=notes,
            size=theme.size,
            small=theme.small,
            line=1.4,
            whole=False,
        )
    return Fit(
        bounded=theme.greyscale,
        width=280,
        wrap=38,
        ev_wrap=36,
        date_wrap=12,
        short=short,
        evidence=evidence,
        notes=notes,
        size=theme.size,
        small=theme.small,
    )


@dataclass(frozen=True)
class Stub:
    """A relation of a card's claim, drawn as one line of the card.

    ``made``: the card's claim wrote it ("challenges X"), else it received it
    ("challenged by X"). ``port``: a name an edge of the diagram can end at."""

    kind: str  # "challenges", "agrees", "qualifies" or "supports"
    other: str  # the other claim's key
    made: bool
    note: str | None = None
    port: str | None = None

    @property
    def words(self) -> str:
        return WORDS[(self.kind, self.made)]


def stubs(analysis: Analysis, claim: Claim, *, within: bool = True) -> list[Stub]:
    """Every relation ``claim`` makes or receives across schools (from the overlap
    analysis, notes included), and, with ``within``, the support it gives to and gets
    from claims of its own school; challenges first, then agreements, qualifications and
    support."""
    out: list[Stub] = []
    for link in analysis.overlap.links:
        if link.source == claim.key:
            out.append(Stub(link.kind, link.target, True, link.note))
        elif link.target == claim.key:
            out.append(Stub(link.kind, link.source, False, link.note))
    for target in claim.supports:
        if within or target.split(".")[0] != claim.school:
            out.append(Stub("supports", target, True, claim.note("supports", target)))
    for other in analysis.topic.claims:
        if claim.key in other.supports and (within or other.school != claim.school):
            out.append(Stub("supports", other.key, False, other.note("supports", claim.key)))
    order = list(MARKS)
    return sorted(out, key=lambda s: order.index(s.kind))


class Cards:
    """Draws claim cards on a canvas, and what they used into its legend.

    ``numbers`` names the claims this diagram draws ("3", or "PP 3" where schools mix): a
    stub to one of them names it by its number."""

    def __init__(self, canvas: Canvas, fit: Fit) -> None:
        self.canvas = canvas
        self.topic = canvas.topic
        self.theme = canvas.theme
        self.fit = fit
        self.numbers: dict[str, str] = {}
        self._height = 0.0  # points of the card being built (see card())

    @cached_property
    def citations(self) -> Counter[str]:
        """How many claims of the topic cite each evidence item."""
        return Counter(cite.id for c in self.topic.claims for cite in c.evidence)

    # -- text, and how tall it is -----------------------------------------------------------

    def words(
        self,
        value: str,
        width: int,
        *,
        size: float,
        lines: int | None = None,
        **style: object,
    ) -> dot.Markup:
        """:func:`argmap.dot.text`, counting the lines it takes into the card's height."""
        count = len(dot.fit(value, width, lines) if lines else dot.wrap(value, width))
        self._height += count * size * LEADING
        return dot.text(value, width, size=size, lines=lines, **style)

    def row_space(self) -> None:
        self._height += 2 * PADDING

    def text(self, claim: Claim) -> str:
        return claim.short if self.fit.short and claim.short else claim.text

    def color(self, kind: str) -> str:
        t = self.theme
        return {"challenges": t.conflict, "agrees": t.agreement, "qualifies": t.agreement}.get(
            kind, t.ink
        )

    # -- the parts of a card ---------------------------------------------------------------

    def head(self, claim: Claim, number: str, *, tag: bool) -> dot.Markup:
        """The card's head: its number (after the school's tag where schools mix), then
        the claim's text, on the school's fill."""
        f = self.fit
        look = self.canvas.looks[claim.school]
        label = f"{look.tag} {number}" if tag else number
        badge_width = round(f.size * (0.8 + 0.65 * len(label)))
        badge = dot.cell(
            dot.text(label, size=f.size, bold=True, align="CENTER"),
            valign="TOP",
            align="LEFT",
            width=badge_width,
        )
        before = self._height
        words = dot.cell(
            self.words(self.text(claim), f.wrap, size=f.size, lines=f.cap(HEAD_LINES)),
            align="LEFT",
            balign="LEFT",
            valign="TOP",
            width=f.width - badge_width - 16,
        )
        self._height = max(self._height, before + f.small * 2)
        self._height += 2 * PADDING + 6
        inner = dot.table([dot.row(badge, words)], cellspacing=2, cellpadding=2)
        return dot.row(dot.cell(inner, colspan=2, bgcolor=look.fill, align="LEFT"))

    def evidence_items(self, claim: Claim) -> list[tuple[Evidence, str | None]]:
        """The claim's evidence in date order (undated last), each with its note."""
        items = [(self.topic.evidence_item[c.id], c.note) for c in claim.evidence]
        return sorted(items, key=lambda pair: pair[0].date_key)

    def evidence_rows(self, claim: Claim, shared: frozenset[str]) -> list[dot.Markup]:
        """A line per evidence item in date order: its date and its short form (each line's
        tooltip: the whole item and the citation's note). Items in ``shared`` are shaded."""
        t, f = self.theme, self.fit
        items = self.evidence_items(claim)
        shown = items
        if f.evidence == "shared":
            shown = [p for p in items if p[0].id in shared]
            if not f.whole and any(not item.short for item, _ in shown):
                return self.count_rows(items)  # a slide: no room for whole texts
        elif f.evidence == "top":
            shown = self.top(items)
            if not f.whole and any(not item.short for item, _ in shown):
                return self.count_rows(items)
        date_width = f.date_width
        rows = []
        for item, note in shown:
            when = dates.display(item.when) if item.when else "undated"
            tip = self.canvas.evidence_tooltip(item) + (f"\nHow it bears: {note}" if note else "")
            fill = "#E8E8E8" if item.id in shared else None
            before = self._height
            date = self.words(
                when, f.date_wrap, size=f.small, bold=True, color=t.ink if item.when else t.muted
            )
            after_date, self._height = self._height, before
            words = self.words(
                item.short or item.text, f.ev_wrap, size=f.small, lines=f.cap(ITEM_LINES)
            )
            self._height = max(self._height, after_date)
            self.row_space()
            cell = {"align": "LEFT", "balign": "LEFT", "valign": "TOP", "tooltip": tip}
            rows.append(
                dot.row(
                    dot.cell(date, width=date_width, bgcolor=fill, **cell),
                    dot.cell(words, width=f.width - date_width, bgcolor=fill, **cell),
                )
            )
        more = len(items) - len(shown)
        if more or not items:
            said = "no evidence cited"
            if more:
                noun = f"item{'s' * (more != 1)}"
                said = f"and {more} more {noun}" if shown else f"{more} evidence {noun}"
                if f.evidence == "shared":
                    tag = self.canvas.looks[claim.school].tag
                    said = f"{'and ' if shown else ''}{more} {noun} only {tag} cites"
            self.row_space()
            rows.append(
                dot.row(
                    dot.cell(
                        self.words(said, f.ev_wrap + 12, size=f.small, color=t.muted),
                        colspan=2,
                        align="LEFT",
                        balign="LEFT",
                    )
                )
            )
        return rows

    def top(self, items: list[tuple[Evidence, str | None]]) -> list[tuple[Evidence, str | None]]:
        """The two items the topic cites most (then the earliest), in date order."""
        ranked = sorted(items, key=lambda p: (-self.citations[p[0].id], p[0].date_key))
        keep = {p[0].id for p in ranked[:2]}
        return [p for p in items if p[0].id in keep]

    def count_rows(self, items: list[tuple[Evidence, str | None]]) -> list[dot.Markup]:
        """The claim's evidence as a count and a span of years (where items have no short
        form to show on a slide); the tooltip lists them."""
        t, f = self.theme, self.fit
        years = [item.year for item, _ in items if item.year]
        words = f"{len(items)} evidence item{'s' * (len(items) != 1)}"
        if years:
            span = f"{min(years)}–{max(years)}" if min(years) != max(years) else str(years[0])
            words += f", {span}"
        tip = "\n".join(
            f"{dates.display(item.when) if item.when else 'undated'}: {item.text}"
            for item, _ in items
        )
        self.row_space()
        return [
            dot.row(
                dot.cell(
                    self.words(words, f.ev_wrap + f.date_wrap, size=f.small, color=t.muted),
                    colspan=2,
                    align="LEFT",
                    balign="LEFT",
                    tooltip=tip or None,
                )
            )
        ]

    def historian_rows(self, claim: Claim) -> list[dot.Markup]:
        """A line per historian with the works the claim cites (a page, if given); on a
        slide one line of names."""
        f = self.fit
        people: dict[str, list[str]] = {}
        for cite in claim.historians:
            works = people.setdefault(cite.id, [])
            if f.works and cite.work:
                _, work = self.topic.work[cite.work]
                words = work.title + (f" ({work.year})" if work.year else "")
                works.append(words + (f", p. {cite.page}" if cite.page else ""))
        if not people:
            return []
        wrap = f.ev_wrap + f.date_wrap
        if not f.works:
            names = ", ".join(self.topic.historian[h].name for h in people)
            body = self.words(names, wrap, size=f.small, italic=True)
        else:
            body = dot.join(
                self.words(
                    self.topic.historian[h].name + (", " + "; ".join(w) if w else ""),
                    wrap,
                    size=f.small,
                    italic=True,
                    lines=f.cap(2),
                )
                for h, w in people.items()
            )
        self.row_space()
        return [dot.row(dot.cell(body, colspan=2, align="LEFT", balign="LEFT"))]

    def label_of(self, key: str) -> str:
        """A claim as every diagram names it: its school's tag and its place in the school
        ("PP 3")."""
        claim = self.topic.claim[key]
        school = self.topic.school[claim.school]
        place = next(i for i, c in enumerate(school.claims, start=1) if c.key == key)
        return f"{self.canvas.looks[claim.school].tag} {place}"

    def other_name(self, key: str, wrap: int) -> dot.Markup:
        """The other claim of a stub: its number here; else its tag and place, then (on a
        page, not a slide) its short form."""
        f = self.fit
        if key in self.numbers:
            return dot.text(self.numbers[key], size=f.small, bold=True)
        claim = self.topic.claim[key]
        self.canvas.use_school(claim.school)  # the legend says what its tag stands for
        label = self.label_of(key)
        if not f.whole:  # a slide: the tag and place say which claim
            return dot.text(label, size=f.small, bold=True)
        # The tag and place end the stub's first line; the claim's words run the width.
        self._height += f.small * LEADING
        return dot.text(label, size=f.small, bold=True) + self.words(
            claim.short or claim.text,
            wrap,
            size=f.small,
            italic=True,
            lines=ITEM_LINES if f.bounded else 3,
        )

    def stub_rows(self, stubs: Sequence[Stub]) -> list[dot.Markup]:
        """A line per relation: its mark, its words, the other claim; the note as the
        line's tooltip (and written under it where the fit says so)."""
        t, f = self.theme, self.fit
        wrap = f.ev_wrap + f.date_wrap - 2
        rows: list[dot.Markup] = []
        # Support between claims this diagram numbers reads as one line: "supports 2, 5".
        grouped = [s for s in stubs if s.kind == "supports" and s.other in self.numbers]
        for made in (True, False):
            group = [s for s in grouped if s.made == made and s.port is None]
            if not group:
                continue
            words = (
                WORDS[("supports", made)] + " " + ", ".join(self.numbers[s.other] for s in group)
            )
            notes = [f"{self.numbers[s.other]}: {s.note}" for s in group if s.note]
            body = self.words(f"{MARKS['supports']} {words}", wrap, size=f.small)
            rows.append(self._stub("supports", body, "\n".join(notes) or None))
        for s in stubs:
            if s in grouped and s.port is None:
                continue
            color = self.color(s.kind)
            before = self._height
            lead = f"{MARKS[s.kind]} {s.words} "
            named = self.other_name(s.other, wrap)
            lead_markup = dot.span(lead, size=f.small, bold=True, color=color)
            self._height = max(self._height, before + f.small * LEADING)
            body = lead_markup + named
            if f.notes and s.note:
                body = body + self.words(
                    s.note, wrap, size=f.small, color=t.muted, lines=f.cap(NOTE_LINES)
                )
            other = self.topic.claim[s.other]
            tip = f"{s.words} {other.text}" + (f"\nHow: {s.note}" if s.note else "")
            rows.append(self._stub(s.kind, body, tip, port=s.port))
        return rows

    def _stub(
        self, kind: str, body: dot.Markup, note: str | None, *, port: str | None = None
    ) -> dot.Markup:
        if port is None:  # a stub with a port ends a line, which the legend explains
            self.canvas.legend_mark(kind, MARKS[kind], LEGEND_WORDS[kind], self.color(kind))
        self.row_space()
        return dot.row(
            dot.cell(
                body, colspan=2, align="LEFT", balign="LEFT", valign="TOP", port=port, tooltip=note
            )
        )

    # -- the card ----------------------------------------------------------------------------

    def card(
        self,
        claim: Claim,
        *,
        name: str,
        number: str,
        stubs: Sequence[Stub] = (),
        tag: bool = False,
        shared: frozenset[str] = frozenset(),
        graph: graphviz.Digraph | None = None,
        height: float | None = None,
        see: str | None = None,
        **attrs: str,
    ) -> str:
        """Draw ``claim`` as a card named ``name``, at least ``height`` points tall (its
        row's tallest card: :meth:`height`), record it as the claim (the report links it)
        and return its name. ``see``: the card is drawn in full elsewhere in the diagram
        (this says where), so only its head is drawn here."""
        t = self.theme
        look = self.canvas.looks[claim.school]
        self.canvas.use_school(claim.school)
        self.canvas.legend_node("card", "claim, its evidence, historians", "box")
        label = self.label(claim, number, stubs, tag, shared, see, fill=height)
        border = look.border if look.border in ("dashed", "dotted") else "solid"
        (graph or self.canvas.graph).node(
            name,
            label=dot.html(label),
            shape="box",
            style=f"filled,{border}",
            fillcolor="#FFFFFF",
            color=t.line,
            penwidth=f"{t.penwidth * (2.5 if look.border == 'bold' else 1):g}",
            margin="0",
            tooltip=dot.plain(self.canvas.claim_tooltip(claim)),
            **attrs,
        )
        return self.canvas.record(name, "claim", claim.key)

    def label(
        self,
        claim: Claim,
        number: str,
        stubs: Sequence[Stub],
        tag: bool,
        shared: frozenset[str],
        see: str | None = None,
        fill: float | None = None,
    ) -> dot.Markup:
        """The card's table; ``fill``: the points it should take (its row's tallest card),
        made up by an empty last row. (Not the node's height: a node taller than its label
        makes Graphviz number the label's links differently, by the label's size.)"""
        self._height = 0.0
        rows = self.rows(claim, number, stubs, tag, shared, see)
        room = max(1, round((fill or 0) - self._height - 4))
        # The last row sets the two columns' widths (a cell's WIDTH is all of it, padding
        # included; a table's WIDTH would not widen its cells), and fills the card out.
        f = self.fit
        rows.append(
            dot.row(
                dot.cell(width=f.date_width, height=room),
                dot.cell(width=f.width - f.date_width, height=room),
            )
        )
        return dot.table(rows, cellspacing=0, cellpadding=PADDING)

    def rows(
        self,
        claim: Claim,
        number: str,
        stubs: Sequence[Stub],
        tag: bool,
        shared: frozenset[str],
        see: str | None,
    ) -> list[dot.Markup]:
        rows = [self.head(claim, number, tag=tag)]
        if see is not None:
            words = f"its evidence, historians and relations: {see}"
            self.row_space()
            rows.append(
                dot.row(
                    dot.cell(
                        self.words(words, self.fit.ev_wrap + 10, size=self.fit.small, italic=True),
                        colspan=2,
                        align="LEFT",
                        balign="LEFT",
                    )
                )
            )
            return rows
        rows += self.evidence_rows(claim, shared)
        rows += self.historian_rows(claim)
        rows += self.stub_rows(stubs)
        return rows

    def height(
        self,
        claim: Claim,
        stubs: Sequence[Stub] = (),
        tag: bool = False,
        shared: frozenset[str] = frozenset(),
        see: str | None = None,
    ) -> float:
        """How tall the card of ``claim`` is drawn, in points (an estimate from its
        wrapped lines: cards of a row are drawn as tall as the tallest)."""
        self.label(claim, "0", stubs, tag, shared, see)
        return self._height + 4

    def lines(
        self,
        claim: Claim,
        stubs: Sequence[Stub] = (),
        shared: frozenset[str] = frozenset(),
        see: bool = False,
    ) -> float:
        """How tall a card is, in lines of small type, counted from what it holds (how
        many items, historians, stubs), never from how long its texts are: the number of
        columns and pages follows from this, and user text must not decide a structure."""
        f = self.fit
        big = f.size / f.small
        long_head = HEAD_LINES if f.bounded else (5.5 if f.whole else 8.0)
        head = (2.0 if (f.short and claim.short) else long_head) * big
        long_item = ITEM_LINES if f.bounded else 3.2
        if see:
            return head + 3
        n = len(claim.evidence)
        items = [self.topic.evidence_item[c.id] for c in claim.evidence]
        if f.evidence == "top":
            shown = [item for item, _ in self.top([(i, None) for i in items])]
            if not f.whole and not all(item.short for item in shown):
                evidence = 1.5
            else:
                evidence = sum(1.1 if i.short else long_item for i in shown) + (n > 2)
        elif f.evidence == "shared":
            evidence = sum(1.1 if i.short else long_item for i in items if i.id in shared) + 1
        else:
            evidence = sum(1.1 if i.short else long_item for i in items)
        each = 2.0 if f.bounded else (1.0 if not f.works else 1.5)
        people = len({c.id for c in claim.historians}) * each
        stub = ITEM_LINES + 1.4 if f.bounded else (1.4 if not f.whole else 2.4)
        notes = sum(NOTE_LINES if f.bounded else 2.0 for s in stubs if s.note and f.notes)
        return head + max(evidence, 1) + people + len(stubs) * stub + notes + 1


HEAD_LINES = 5  # the most lines of a claim's text on paper (Fit.bounded)
ITEM_LINES = 2  # the most lines of an evidence item on paper
NOTE_LINES = 3  # the most lines of a relation's note on paper
LEADING = 1.15  # a line of text is this many times its type size (DejaVu Sans in Graphviz)
PADDING = 2  # cell padding of a card's table, points


# -- grids and pages ------------------------------------------------------------------------


def rows_of(items: Sequence[str], columns: int) -> list[list[str]]:
    """``items`` in rows of ``columns``, in order."""
    columns = max(1, columns)
    return [list(items[i : i + columns]) for i in range(0, len(items), columns)]


def grid(
    graph: graphviz.Digraph, rows: Sequence[Sequence[str]], *, above: Iterable[str] = ()
) -> None:
    """Pin ``rows`` of nodes as a grid: each row one rank, left to right in order, each
    under the row before (and the first under the nodes ``above``), each column kept
    straight (every card of a column in one ``group``)."""
    previous = list(above)
    for r, row in enumerate(rows):
        with graph.subgraph() as same:
            same.attr(rank="same")
            for node in row:
                same.node(node)
        for a, b in zip(row, row[1:], strict=False):
            graph.edge(a, b, style="invis")
        for c, node in enumerate(row):
            if r > 0:
                over = rows[r - 1][min(c, len(rows[r - 1]) - 1)]
                graph.edge(over, node, style="invis", weight="10")
            else:
                for top in previous:
                    graph.edge(top, node, style="invis")
        previous = []


def pages(heights: Sequence[float], columns: int, budget: float) -> list[list[int]]:
    """The indexes of items (in order) split over pages: rows of ``columns`` items, each
    row as tall as its tallest item, as many rows to a page as ``budget`` holds (at least
    one row, however tall)."""
    out: list[list[int]] = [[]]
    used = 0.0
    for start in range(0, len(heights), max(1, columns)):
        row = list(range(start, min(start + columns, len(heights))))
        tall = max(heights[i] for i in row)
        if out[-1] and used + tall > budget:
            out.append([])
            used = 0.0
        out[-1].extend(row)
        used += tall
    return out if out[0] else []


# -- how many cards a page holds, and in how many columns ------------------------------------

CARD_PAD = 14.0  # points a card adds to its lines (borders, padding)
GAP = 22.0  # points between two cards, across and down
FRAME = 60.0  # points around the grid (cluster margins, the canvas's pad)


@dataclass(frozen=True)
class Sheet:
    """Where a diagram is shown: the shape to aim for (width / height), the largest
    canvas (points; None: any) at which its small type stays readable, and how much taller
    than wide a canvas may be."""

    aspect: float
    width: float
    height: float | None
    min_width: float  # what the title and the legend take whatever the cards
    max_tall: float = 2.2  # the bar is 2.5: estimates err


# A3 at 100%, less a 10 mm margin, in points; text at 9 pt prints at >= 8 pt on it even
# when a printer fits the page with 10% to spare.
A3 = (1190.0 - 57, 842.0 - 57)


def sheets(theme: Theme) -> list[Sheet]:
    """Where a theme's diagrams are shown: a screen (the report's column, 1118 px wide on
    a 1440-pixel laptop, with text >= 9.9 px), a 16:9 slide (text >= 14 px at 1920x1080,
    a 4% margin each side), or an A3 page, landscape or portrait (print: text >= 8 pt)."""
    if theme.slide:
        widest = theme.small * 1920 / 14 * (1 - 2 * SLIDE_MARGIN)
        return [Sheet(16 / 9, widest * 0.9, widest * 0.9 * 9 / 16, min_width=1500)]
    if theme.greyscale:
        # Printed at >= 8.5/9 of its size; 10% of the height to spare, as a card's height
        # is estimated from what it holds.
        long, short = A3[0] * theme.small / 8.5, A3[1] * theme.small / 8.5
        return [
            Sheet(long / short, long, short * 0.9, min_width=900),
            Sheet(short / long, short, long * 0.9, min_width=700),
        ]
    # A screen: the report's column on a 1440-pixel laptop is 1118 px wide, and shows a
    # diagram whole when its text is at least 9.9 px there.
    return [Sheet(1.4, theme.small * 1118 / 9.9, None, min_width=900)]


def sheet(theme: Theme) -> Sheet:
    """The first (the preferred) of :func:`sheets`."""
    return sheets(theme)[0]


def best_layout(
    heights: Sequence[float],
    theme: Theme,
    fit: Fit,
    *,
    overhead: float,
    max_cards: int | None = None,
    max_tall: float | None = None,
) -> list[tuple[list[int], int]]:
    """:func:`layout` on each of the theme's sheets (``max_tall`` instead of theirs, for
    a view whose estimates err less); the one that takes fewest pages (the first of
    equals)."""
    shown = [s if max_tall is None else replace(s, max_tall=max_tall) for s in sheets(theme)]
    made = [layout(heights, s, fit, overhead=overhead, max_cards=max_cards) for s in shown]
    return min(made, key=len)


def layout(
    heights: Sequence[float],
    sheet: Sheet,
    fit: Fit,
    *,
    overhead: float,
    max_cards: int | None = None,
) -> list[tuple[list[int], int]]:
    """Cards (their heights in lines, :meth:`Cards.lines`) over the fewest pages that hold
    them, split evenly, each page with the number of columns that brings it nearest the
    sheet's shape: a list of (the indexes of a page's cards, its columns). ``overhead``:
    lines of small type that frame the grid (title, thesis, legend)."""
    n = len(heights)
    if n == 0:
        return [([], 1)]
    unit = fit.unit
    tall = [h * unit + CARD_PAD for h in heights]
    step = fit.width + GAP
    widest = max(1, int((sheet.width - FRAME + GAP) // step))

    def shape(chunk: list[int], columns: int) -> tuple[float, float]:
        rows = rows_of([str(i) for i in chunk], columns)
        height = overhead * unit + sum(max(tall[int(i)] for i in row) + GAP for row in rows)
        width = max(columns * step - GAP + FRAME, sheet.min_width)
        return width, height

    def best(chunk: list[int]) -> int | None:
        fitting = []
        for columns in range(1, min(widest, len(chunk)) + 1):
            width, height = shape(chunk, columns)
            if height > sheet.max_tall * width:
                continue
            if sheet.height is not None and height > sheet.height:
                continue
            fitting.append((abs(math.log(width / height / sheet.aspect)), columns))
        return min(fitting)[1] if fitting else None

    first = math.ceil(n / max_cards) if max_cards else 1
    for count in range(first, n + 1):
        chunks = [list(range(n * p // count, n * (p + 1) // count)) for p in range(count)]
        chosen = [best(chunk) for chunk in chunks]
        if all(c is not None for c in chosen):
            return [(chunk, c or 1) for chunk, c in zip(chunks, chosen, strict=True)]
    # Not even one row fits the sheet's height: a row of cards a page, as wide as it holds.
    per = min(widest, max_cards or widest)
    return [(list(range(i, min(i + per, n))), per) for i in range(0, n, per)]
