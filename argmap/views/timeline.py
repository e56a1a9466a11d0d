"""The timeline view: the dated evidence on a time axis, years spaced by their distance.

The axis runs down the left, earliest at the top. Each year that has evidence is a band as
tall as its items need (in date order, left to right, then down); a year without evidence
still takes a short step, so that 1917 to 1919 looks further apart than 1928 to 1929; a run
of BREAK_YEARS or more empty years is cut short with a visible break, "⋮ 20 years ⋮"
(vertical ellipses: the axis runs down, and a text ending in "…" reads as cut). The years
of the topic's question (its ``period``) are shaded. Each item shows its date as a reader
writes it (:func:`argmap.dates.display`: "c. 1780", "1924?", "4–11 February 1945"), its
kind apart from the date (events have none), the tags of the schools that cite it (a thick
border when several do), and its short form (else its text, cut with an ellipsis in at
most PAGE_LINES lines; the full text is in its tooltip). Undated evidence has no place on
the axis: it is left out, and the title says how many items that is.

Every place is set here (:mod:`argmap.views.place`). A timeline too tall for its page or
slide is a numbered series, a run of years each; a slide never cuts a text (it holds
fewer items instead).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from argmap import dates, dot
from argmap.analysis import Analysis
from argmap.model import Evidence, Topic
from argmap.themes import PAGE_POINTS, Theme
from argmap.views import place
from argmap.views.common import SERIES_LIMIT, Canvas, Diagram, numbered, year_span

BREAK_YEARS = 6  # this many empty years in a row, or more, are cut short
PAGE_LINES = 3  # lines of an item's text on a page (a slide: all of it, up to SLIDE_LINES)
SLIDE_LINES = 12
AXIS = "#888888"


@dataclass(frozen=True)
class Layout:
    """How a theme lays the timeline out: lanes of items, their width (points), the
    characters a line of text, and the tallest page (points; past it, a series)."""

    lanes: int
    lane: float
    wrap: int
    tallest: float


LAYOUTS = {
    "default": Layout(lanes=5, lane=250, wrap=34, tallest=3100),
    "print": Layout(lanes=3, lane=255, wrap=34, tallest=PAGE_POINTS[0] * 0.93 - 230),
    "slides": Layout(lanes=5, lane=520, wrap=30, tallest=1080 * 0.9 / 14 * 24 - 420),
}


def dated(topic: Topic) -> list[Evidence]:
    """Dated evidence in date order (ties keep the topic's order)."""
    return sorted((e for e in topic.evidence if e.date), key=lambda e: e.date_key)


def year_id(year: int) -> str:
    return dot.node_id("year", str(year))


@dataclass
class Band:
    """One stretch of the axis: a year and its items in rows, an empty year, or a break."""

    kind: str  # "year", "empty" or "break"
    year: int  # the (first) year
    years: int = 1  # years it stands for (a break: the empty years cut short)
    rows: list[list[Evidence]] = field(default_factory=list)
    heights: list[float] = field(default_factory=list)  # of each row, points

    @property
    def height(self) -> float:
        return sum(self.heights)


def view(analysis: Analysis, theme: Theme) -> Diagram | list[Diagram]:
    topic = analysis.topic
    layout = LAYOUTS.get(theme.name, LAYOUTS["default"])
    drawer = _Drawer(analysis, theme, layout)
    bands = drawer.bands(dated(topic))
    # No page taller than 2.5 times its width (less its title and legend).
    width = drawer.year_w + 3 * drawer.gap + drawer.lanes * layout.lane
    pages = _pages(bands, min(layout.tallest, 2.4 * width - 400))
    if len(pages) > SERIES_LIMIT:  # drawn whole: refused as too large, with advice
        pages = [bands]
    made = [drawer.draw(part, k, len(pages)) for k, part in enumerate(pages, start=1)]
    return made[0] if len(made) == 1 else made


def _pages(bands: list[Band], tallest: float) -> list[list[Band]]:
    """Runs of bands a page, each no taller than ``tallest`` (a band taller than a page has
    one to itself); no page starts or ends with an empty year or a break."""
    pages: list[list[Band]] = [[]]
    used = 0.0
    for band in bands:
        if pages[-1] and used + band.height > tallest and band.kind == "year":
            while pages[-1] and pages[-1][-1].kind != "year":
                pages[-1].pop()
            pages.append([])
            used = 0.0
        if not pages[-1] and band.kind != "year":
            continue
        pages[-1].append(band)
        used += band.height
    return [p for p in pages if p] or [[]]


class _Drawer:
    def __init__(self, analysis: Analysis, theme: Theme, layout: Layout) -> None:
        self.analysis = analysis
        self.topic, self.overlap = analysis.topic, analysis.overlap
        self.theme, self.layout = theme, layout
        t = theme
        self.step = t.small * 1.1  # an empty year
        self.gap = t.small * 0.8
        self.year_w = place.text_width("0000", t.title if not t.slide else t.size, bold=True)
        self.lines = None if t.slide else PAGE_LINES
        self.lanes = layout.lanes

    # -- sizes ---------------------------------------------------------------------------

    def text(self, item: Evidence) -> str:
        """Its short form, else its text: whole on a slide (up to SLIDE_LINES lines, the
        most a slide can show of one item), in at most PAGE_LINES lines on a page."""
        if item.short:
            return item.short
        lines = self.lines or SLIDE_LINES
        if len(dot.wrap(item.text, self.layout.wrap)) <= lines:
            return item.text
        return " ".join(dot.fit(item.text, self.layout.wrap, lines))

    def item_height(self, item: Evidence) -> float:
        t = self.theme
        users = self.overlap.evidence_users.get(item.id, ())
        lines = len(dot.wrap(self.text(item), self.layout.wrap))
        head = place.lines_height(1, t.small) * 1.1
        tags = place.lines_height(1, t.small) * 1.5 if users else 0.0
        return head + tags + place.lines_height(lines, t.size) + t.small * 1.6

    def bands(self, items: list[Evidence]) -> list[Band]:
        """The axis from the first dated year to the last: a band a year with items (rows
        of lanes), a short step an empty year, a break for a long run of them."""
        by_year: dict[int, list[Evidence]] = {}
        for item in items:
            assert item.year is not None
            by_year.setdefault(item.year, []).append(item)
        if not by_year:
            return []
        out: list[Band] = []
        # As many lanes as the busiest year fills (at least two): a sparse record is narrow.
        lanes = self.lanes = max(2, min(self.layout.lanes, max(map(len, by_year.values()))))
        year, last = min(by_year), max(by_year)
        while year <= last:
            if year in by_year:
                row_items = by_year[year]
                rows = [row_items[i : i + lanes] for i in range(0, len(row_items), lanes)]
                heights = [max(self.item_height(x) for x in row) + self.gap for row in rows]
                out.append(Band("year", year, rows=rows, heights=heights))
                year += 1
                continue
            empty = year
            while empty <= last and empty not in by_year:
                empty += 1
            run = empty - year
            if run >= BREAK_YEARS:
                out.append(Band("break", year, run, heights=[self.theme.small * 3.2]))
            else:
                out.extend(Band("empty", y, heights=[self.step]) for y in range(year, empty))
            year = empty
        return out

    # -- drawing -------------------------------------------------------------------------

    def draw(self, bands: list[Band], page: int, pages: int) -> Diagram:
        t, layout, topic = self.theme, self.layout, self.topic
        items = [x for b in bands for row in b.rows for x in row]
        first = next((b.year for b in bands if b.kind == "year"), None)
        last = next((b.year for b in reversed(bands) if b.kind == "year"), None)
        canvas = Canvas(
            self.analysis,
            t,
            name="timeline",
            title=numbered(
                "Timeline: the evidence in date order, years spaced by their distance",
                year_span(first, last),
                page,
                pages,
            ),
            shows=self._shows(),
        )
        place.pin_layout(canvas.graph)
        g = canvas.graph
        g.attr(outputorder="nodesfirst")  # the axis over the period's shade
        # The period's shade is drawn first, under everything: its node comes first.
        g.node("period", label="", shape="point", style="invis", width="0", pos=place.at(0, 0))
        axis_x = 0.0
        left = axis_x + self.gap
        right = left + self.lanes * layout.lane
        y = 0.0
        ticks: list[tuple[str, float, bool]] = []  # node, y, dashed (a break)
        period = topic.period
        shade: list[float] = []  # the top and bottom of the shaded years
        for band in bands:
            top = y
            if band.kind == "break":
                node = dot.node_id("gap", str(band.year))
                words = f"⋮ {band.years} years ⋮"
                g.node(
                    node,
                    label=dot.html(dot.text(words, size=t.small, italic=True, color=t.muted)),
                    shape="plaintext",
                    pos=place.at(axis_x, -(top + band.height / 2)),
                )
                ticks.append((node, top + band.height / 2, True))
                canvas.legend_sample(
                    "break",
                    dot.cell(dot.text("⋮ 20 years ⋮", size=t.small, italic=True, color=t.muted)),
                    "years without evidence, cut short",
                )
            else:
                tick = year_id(band.year)
                size = t.title if band.kind == "year" and not t.slide else t.size
                label = dot.text(
                    str(band.year),
                    size=size if band.kind == "year" else t.small,
                    bold=band.kind == "year",
                    color=None if band.kind == "year" else t.muted,
                )
                g.node(
                    tick,
                    label=dot.html(label),
                    shape="plaintext",
                    margin="0",
                    pos=place.at(axis_x - self.year_w / 2 - self.gap, -(top + size * 0.6)),
                )
                dotted = dot.node_id("tick", str(band.year))
                g.node(
                    dotted,
                    label="",
                    shape="point",
                    width="0.06",
                    color=AXIS,
                    pos=place.at(axis_x, -top),
                )
                ticks.append((dotted, top, False))
                if period and period[0] <= band.year <= period[1]:
                    shade = [shade[0] if shade else top, top + band.height]
            row_y = top
            for row, height in zip(band.rows, band.heights, strict=False):
                for lane, item in enumerate(row):
                    x = left + lane * layout.lane + (layout.lane - self.gap) / 2
                    self._item(canvas, item, x, -(row_y + height / 2 - self.gap / 2))
                row_y += height
            y += band.height
        end = dot.node_id("tick", "end")
        g.node(end, label="", shape="point", width="0.01", style="invis", pos=place.at(axis_x, -y))
        ticks.append((end, y, False))
        for (a, _, dashed_a), (b, _, dashed_b) in zip(ticks, ticks[1:], strict=False):
            g.edge(
                a,
                b,
                color=AXIS,
                penwidth=f"{t.penwidth * 2:g}",
                arrowhead="none",
                style="dashed" if dashed_a or dashed_b else "solid",
                **{"class": "axis"},
            )
        if shade and period:
            self._shade(canvas, period, shade, axis_x - self.year_w - 2 * self.gap, right)
        self._legend(canvas, items)
        diagram = canvas.finish(columns=3 if t.slide else 4)
        if t.legend and canvas.legend_samples():
            g.node("legend", pos=place.at((axis_x + right) / 2, -(y + t.small * 5)))
        return replace(diagram, page=page, pages=pages)

    def _shows(self) -> str:
        left_out = sum(1 for e in self.topic.evidence if not e.date)
        shows = (
            "Shows: each dated evidence item under its year, in date order, with its kind and "
            "the tags of the schools that cite it; years spaced by their distance, long gaps "
            "cut short"
        )
        shows += ", the question's period shaded." if self.topic.period else "."
        shows += (
            f" {left_out} undated item{'s' if left_out != 1 else ''} left out."
            if left_out
            else " No evidence is undated."
        )
        return shows

    def _item(self, canvas: Canvas, item: Evidence, x: float, y: float) -> None:
        t, layout = self.theme, self.layout
        users = self.overlap.evidence_users.get(item.id, ())
        assert item.when is not None
        head = [dot.cell(dot.text(dates.display(item.when), size=t.small, bold=True), align="LEFT")]
        if item.kind != "event":
            head.append(
                dot.cell(
                    dot.text(item.kind, size=t.small, italic=True, color=t.muted),
                    align="RIGHT",
                )
            )
        # A gap between the date and the kind, which would otherwise touch ("1924quotation").
        gap = round(t.small * 0.6)
        rows = [
            dot.row(
                dot.cell(dot.table([dot.row(*head)], cellpadding=0, cellspacing=gap), align="LEFT")
            )
        ]
        if users:
            rows.append(canvas.tags_row(users))
        rows.append(
            dot.row(dot.cell(dot.text(self.text(item), layout.wrap), align="LEFT", balign="LEFT"))
        )
        shared = len(users) > 1
        name = dot.node_id("evidence", item.id)
        canvas.graph.node(
            name,
            label=dot.html(dot.table(rows, cellpadding=1)),
            shape="box",
            style="filled,rounded",
            fillcolor="#F4F4F4" if shared else "#FFFFFF",
            color=t.ink if users else t.muted,
            penwidth=f"{t.penwidth * (2 if shared else 1):g}",
            width=f"{(layout.lane - self.gap) / 72:.2f}",
            margin=f"{t.small * 0.5 / 72:.3f},{t.small * 0.3 / 72:.3f}",
            pos=place.at(x, y),
            tooltip=dot.plain(canvas.evidence_tooltip(item)),
        )
        canvas.record(name, "evidence", item.id)

    def _shade(
        self, canvas: Canvas, period: tuple[int, int], span: list[float], x0: float, x1: float
    ) -> None:
        """The question's years, shaded behind their items (its node is declared first, so
        drawn first)."""
        t = self.theme
        fill = "#EFEFEF" if t.greyscale else "#FFF3D6"
        top, bottom = span
        canvas.graph.node(
            "period",
            label="",
            shape="box",
            style="filled",
            fillcolor=fill,
            color=fill,
            fixedsize="true",
            width=f"{(x1 - x0) / 72:.2f}",
            height=f"{(bottom - top) / 72:.2f}",
            pos=place.at((x0 + x1) / 2, -(top + bottom) / 2),
            tooltip=dot.plain(f"The question's period, {period[0]}–{period[1]}"),
        )
        canvas.legend_sample(
            "period",
            dot.cell(bgcolor=fill, width=round(t.small * 3), height=round(t.small * 1.4)),
            f"the question's period, {period[0]}–{period[1]}",
        )

    def _legend(self, canvas: Canvas, items: list[Evidence]) -> None:
        t = self.theme
        kinds = {len(self.overlap.evidence_users.get(x.id, ())) for x in items}
        if any(k > 1 for k in kinds):
            canvas.legend_sample(
                "shared",
                dot.cell(dot.text("1924", size=t.small, bold=True), border=2, bgcolor="#F4F4F4"),
                "cited by several schools (their tags)",
            )
        if 1 in kinds:
            canvas.legend_sample(
                "one",
                dot.cell(dot.text("1924", size=t.small, bold=True), border=1),
                "cited by one school (its tag)",
            )
        if 0 in kinds:
            canvas.legend_sample(
                "uncited",
                dot.cell(dot.text("1924", size=t.small, bold=True), border=1, color=t.muted),
                "cited by no school",
            )
        points = [p for x in items if x.when for p in (x.when.start, x.when.end) if p]
        if any(p.uncertain for p in points):
            canvas.legend_sample(
                "uncertain",
                dot.cell(dot.text("1924?", size=t.small, bold=True)),
                "a date the record leaves uncertain",
            )
        if any(p.approximate for p in points):
            canvas.legend_sample(
                "approximate",
                dot.cell(dot.text("c. 1924", size=t.small, bold=True)),
                "an approximate date",
            )
        if any(x.kind != "event" for x in items):
            canvas.legend_sample(
                "kind",
                dot.cell(dot.text("statistic", size=t.small, italic=True, color=t.muted)),
                "the kind of item (events have none)",
            )
