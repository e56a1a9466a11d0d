"""The historiography view: the historians' works on a time axis, a lane per school, so
that the debate reads as a sequence of waves.

Time runs left to right by year of first publication (a work's ``original_year`` where it
has one, else its ``year``), on a linear scale with a line every decade (or less, on a
short span). Each school is a
lane, in the topic's order; a historian belongs to every school that names them (at school
level or on a claim), and each of their dated works stands in each of those lanes. A work
in several lanes is drawn alike in each (a thick border, the tags of all its schools) and
its copies are joined by a dotted line, straight down its year, so a reader sees at once
which works several schools claim. Works close in time stack in their lane. Undated works
have no place on the axis: the title counts them.

Every place is set here (:mod:`argmap.views.place`). A span of years too crowded for one
slide or page is a numbered series of runs of years.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from argmap import colors, dot
from argmap.analysis import Analysis
from argmap.model import Historian, Topic, Work
from argmap.themes import PAGE_POINTS, Theme
from argmap.views import place
from argmap.views.common import SERIES_LIMIT, Canvas, Diagram, numbered, year_span
from argmap.views.place import Box

GRID = "#BBBBBB"
SLACK = 0.35  # how far (of a box's width) a work may move right to stay in its row


@dataclass(frozen=True)
class Layout:
    """How a theme lays the lanes out: the axis's width (points), a work's width, the
    characters a line of its title, and the tallest drawing (points; past it, a series)."""

    width: float
    box: float
    wrap: int
    tallest: float


LAYOUTS = {
    "default": Layout(width=1180, box=150, wrap=24, tallest=2600),
    # An A3 page, landscape, with its text at 8 points; a slide, at 14 pixels.
    "print": Layout(width=1000, box=150, wrap=24, tallest=PAGE_POINTS[1] * 0.93 - 300),
    "slides": Layout(width=2500, box=300, wrap=18, tallest=1000),
}


@dataclass(frozen=True)
class Entry:
    """One dated work of one historian."""

    person: Historian
    work: Work
    index: int  # the work's place among the historian's works
    year: int
    schools: tuple[str, ...]  # that name the historian, in the topic's order

    @property
    def key(self) -> str:
        """A node name's part: the work's id, or its place among its author's works."""
        return f"{self.person.id}.{self.work.id or f'work-{self.index + 1}'}"


def entries(topic: Topic) -> tuple[list[Entry], int]:
    """Every dated work of a historian some school names, by year (then author); and how
    many such works have no year."""
    schools_of: dict[str, list[str]] = {}
    for school in topic.schools:
        for named in school.all_historians:
            schools_of.setdefault(named, []).append(school.id)
    out: list[Entry] = []
    undated = 0
    for person in topic.historians:
        if person.id not in schools_of:
            continue
        for index, work in enumerate(person.works):
            year = work.original_year or work.year
            if year is None:
                undated += 1
                continue
            out.append(Entry(person, work, index, year, tuple(schools_of[person.id])))
    out.sort(key=lambda e: (e.year, e.person.parts.family, e.work.title))
    return out, undated


def view(analysis: Analysis, theme: Theme) -> Diagram | list[Diagram]:
    layout = LAYOUTS.get(theme.name, LAYOUTS["default"])
    works, undated = entries(analysis.topic)
    drawer = _Drawer(analysis, theme, layout, undated)
    parts = drawer.split(works)
    if len(parts) > SERIES_LIMIT:  # drawn whole: refused as too large, with advice
        parts = [(works, [s.id for s in analysis.topic.schools])]
    made = [
        drawer.draw(part, schools, k, len(parts))
        for k, (part, schools) in enumerate(parts, start=1)
    ]
    return made[0] if len(made) == 1 else made


class _Drawer:
    def __init__(self, analysis: Analysis, theme: Theme, layout: Layout, undated: int) -> None:
        self.analysis = analysis
        self.topic = analysis.topic
        self.theme, self.layout, self.undated = theme, layout, undated
        t = theme
        self.gap = t.small * 0.8
        self.head = (4 if t.slide else 13) * t.small  # the lanes' labels, left of the axis

    # -- sizes ---------------------------------------------------------------------------

    def title_lines(self, entry: Entry) -> list[str]:
        """The title's lines: none on a slide, which shows author and year (the title is
        in the tooltip; cut, it would be a text cut short)."""
        return [] if self.theme.slide else dot.wrap(entry.work.title, self.layout.wrap)

    def head_lines(self, entry: Entry) -> list[str]:
        return dot.wrap(self.head_text(entry), self.layout.wrap + 4)

    def head_text(self, entry: Entry) -> str:
        work = entry.work
        year = str(entry.year)
        if work.original_year and work.year and work.year != work.original_year:
            year += f" (ed. {work.year})"
        return f"{year} {entry.person.parts.family or entry.person.name}"

    def box(self, entry: Entry) -> Box:
        t = self.theme
        tags = 1.5 if len(entry.schools) > 1 else 0.0
        size = t.small if t.slide else t.size
        lines = place.lines_height(len(self.head_lines(entry)), size) + place.lines_height(
            len(self.title_lines(entry)), t.small
        )
        height = lines + place.lines_height(1, t.small) * tags + t.small * 1.4
        return Box(0, 0, self.layout.box, height)

    def lanes(
        self, works: list[Entry], first: int, last: int
    ) -> dict[str, list[list[tuple[Entry, float]]]]:
        """Each school's works in rows, each with its centre: a work goes in the first row
        where it clears the one before it, moved right by at most SLACK of a box's width
        (its year is written on it); else in a new row."""
        scale = self.scale(first, last)
        box, gap = self.layout.box, self.gap
        out: dict[str, list[list[tuple[Entry, float]]]] = {s.id: [] for s in self.topic.schools}
        for entry in works:
            want = self.x(entry.year, first, scale)
            for school in entry.schools:
                rows = out[school]
                for row in rows:
                    free = row[-1][1] + box + gap  # the leftmost centre that clears it
                    if free - want <= SLACK * box:
                        row.append((entry, max(want, free)))
                        break
                else:
                    rows.append([(entry, want)])
        return out

    def scale(self, first: int, last: int) -> float:
        """Points a year."""
        return (self.layout.width - self.layout.box) / max(1, last - first)

    def x(self, year: int, first: int, scale: float) -> float:
        return self.head + self.layout.box / 2 + (year - first) * scale

    def height(self, works: list[Entry], schools: list[str] | None = None) -> float:
        """The lanes' height (of ``schools``, None: all) for these works."""
        if not works:
            return 0.0
        first, last = works[0].year, works[-1].year
        lanes = self.lanes(works, first, last)
        return sum(self.lane_height(lanes[s]) for s in schools or lanes)

    def lane_height(self, rows: list[list[tuple[Entry, float]]]) -> float:
        """A lane as tall as its rows; an empty one as tall as its school's name."""
        if not rows:
            return place.lines_height(1 if self.theme.slide else 2, self.theme.size) + self.gap * 2
        tallest = max(self.box(e).h for row in rows for e, _ in row)
        return len(rows) * (tallest + self.gap) + self.gap * 2

    def split(self, works: list[Entry]) -> list[tuple[list[Entry], list[str]]]:
        """Pages: runs of years, each laid out no taller than the layout's tallest; a year
        too crowded for one page has its lanes split over several (groups of schools in the
        topic's order)."""
        every = [s.id for s in self.topic.schools]
        if not works:
            return [([], every)]
        runs: list[list[Entry]] = [[]]
        for entry in works:
            trial = [*runs[-1], entry]
            if (
                runs[-1]
                and runs[-1][-1].year != entry.year
                and self.height(trial) > self.layout.tallest
            ):
                runs.append([entry])
            else:
                runs[-1] = trial
        pages: list[tuple[list[Entry], list[str]]] = []
        for run in runs:
            if self.height(run) <= self.layout.tallest:
                pages.append((run, every))
                continue
            group: list[str] = []
            for school in every:
                if group and self.height(run, [*group, school]) > self.layout.tallest:
                    pages.append(([e for e in run if set(e.schools) & set(group)], group))
                    group = []
                group.append(school)
            pages.append(([e for e in run if set(e.schools) & set(group)], group))
        return pages

    # -- drawing -------------------------------------------------------------------------

    def draw(self, works: list[Entry], schools: list[str], page: int, pages: int) -> Diagram:
        t, layout, topic = self.theme, self.layout, self.topic
        first = works[0].year if works else 0
        last = works[-1].year if works else 0
        span = year_span(first, last)
        if len(schools) < len(topic.schools):
            span += ", " + ", ".join(topic.school[s].name for s in schools)
        canvas = Canvas(
            self.analysis,
            t,
            name="historiography",
            title=numbered(
                "Historiography: the historians' works by year of first publication, a lane "
                "per school",
                span,
                page,
                pages,
            ),
            shows=self._shows(),
        )
        g = canvas.graph
        place.pin_layout(g)
        # The lines that join a work's copies run under its boxes, seen through the lanes.
        # The lanes' bands, declared first: drawn under everything.
        lanes = self.lanes(works, first, last) if works else {}
        scale = self.scale(first, last)
        right = self.head + layout.width + self.gap
        y = 0.0
        placed: dict[str, list[tuple[str, float, float]]] = {}
        shown = [s for s in topic.schools if s.id in schools]
        for i, school in enumerate(shown):
            rows = lanes.get(school.id, [])
            height = self.lane_height(rows)
            look = canvas.looks[school.id]
            # Every other lane tinted, a little transparent: the lines under it show.
            tinted = "#EDEDED" if t.greyscale else colors.tint(look.fill.split(":")[0], 0.7)
            fill = "#FFFFFF00" if i % 2 else f"{tinted}B0"
            band = dot.node_id("lane", school.id)
            g.node(
                band,
                label="",
                shape="box",
                style="filled",
                fillcolor=fill,
                color=fill,
                fixedsize="true",
                width=f"{right / 72:.2f}",
                height=f"{height / 72:.2f}",
                pos=place.at(right / 2, -(y + height / 2)),
            )
            head = dot.node_id("school", school.id)
            # A slide names the school by its tag (the legend names it in full).
            cells = [canvas.school_tag(school.id, legend=t.slide)]
            if not t.slide:
                words = dot.text(school.name, 16, bold=True)
                cells.append(dot.cell(words, align="LEFT", balign="LEFT"))
            name = dot.table([dot.row(*cells)], cellspacing=2)
            g.node(
                head,
                label=dot.html(name),
                shape="plain",
                pos=place.at(self.head / 2, -(y + min(height, t.size * 3) / 2 + self.gap)),
                tooltip=dot.plain(f"{school.name}: {school.thesis}"),
            )
            canvas.record(head, "school", school.id)
            tallest = max((self.box(e).h for row in rows for e, _ in row), default=0.0)
            for r, row in enumerate(rows):
                cy = y + self.gap * 1.5 + r * (tallest + self.gap) + tallest / 2
                for entry, x in row:
                    node = dot.node_id("work", f"{school.id}.{entry.key}")
                    self._work(canvas, node, entry, x, -cy, tallest)
                    placed.setdefault(entry.key, []).append((node, x, -cy))
            y += height
        self._axis(canvas, first, last, scale, y)
        for copies in placed.values():
            for (a, _, _), (b, _, _) in zip(copies, copies[1:], strict=False):
                g.edge(
                    a,
                    b,
                    style="dotted",
                    color=t.ink,
                    penwidth=f"{t.penwidth * 1.2:g}",
                    arrowhead="none",
                    **{"class": "same-work"},
                )
        if any(len(c) > 1 for c in placed.values()):
            canvas.legend_sample(
                "shared",
                dot.cell(dot.text("1949", size=t.small, bold=True), border=2, bgcolor="#FFFFFF"),
                "named by several schools (joined)",
            )
        if placed:
            canvas.legend_sample(
                "work",
                dot.cell(dot.text("1949", size=t.small, bold=True), border=1, bgcolor="#FFFFFF"),
                "a work, at its year of first publication",
            )
        diagram = canvas.finish(columns=3 if t.slide else 4)
        if t.legend and canvas.legend_samples():
            g.node("legend", pos=place.at(right / 2, -(y + t.small * 7)))
        return replace(diagram, page=page, pages=pages)

    def _shows(self) -> str:
        shows = (
            "Shows: each dated work of the historians a school names, at its year of first "
            "publication, in that school's lane; a work that several schools' historians wrote "
            "stands in each of their lanes, joined by a dotted line."
        )
        if self.undated:
            shows += f" {self.undated} undated work{'s' * (self.undated != 1)} left out."
        return shows

    def _work(
        self, canvas: Canvas, node: str, entry: Entry, x: float, y: float, tall: float
    ) -> None:
        t = self.theme
        head = dot.text(
            self.head_text(entry),
            self.layout.wrap + 4,
            size=t.small if t.slide else t.size,
            bold=True,
        )
        rows = [dot.row(dot.cell(head, align="LEFT", balign="LEFT"))]
        if self.title_lines(entry):
            title = dot.text(entry.work.title, self.layout.wrap, size=t.small, italic=True)
            rows.append(dot.row(dot.cell(title, align="LEFT", balign="LEFT")))
        shared = len(entry.schools) > 1
        if shared:
            rows.append(canvas.tags_row(list(entry.schools)))
        canvas.graph.node(
            node,
            label=dot.html(dot.table(rows, cellpadding=1)),
            shape="box",
            style="filled,rounded",
            fillcolor="#FFFFFF",
            color=t.ink,
            penwidth=f"{t.penwidth * (2 if shared else 1):g}",
            width=f"{(self.layout.box - self.gap / 2) / 72:.2f}",
            margin=f"{t.small * 0.4 / 72:.3f},{t.small * 0.25 / 72:.3f}",
            pos=place.at(x, y),
            tooltip=dot.plain(self._tooltip(entry)),
        )
        canvas.record(node, "historian", entry.person.id)

    def _tooltip(self, entry: Entry) -> str:
        work = entry.work
        parts = [f"{entry.person.name}, {work.title}"]
        if work.original_title:
            parts.append(f"First published as {work.original_title} ({work.original_year})")
        if work.year:
            parts.append(f"Edition cited: {work.year}")
        names = ", ".join(self.topic.school[s].name for s in entry.schools)
        parts.append(f"Named by: {names}")
        return "\n".join(parts)

    def _axis(self, canvas: Canvas, first: int, last: int, scale: float, bottom: float) -> None:
        """A line every decade down the lanes (every 5, 2 or 1 years on a short span),
        labelled above and below them."""
        t, g = self.theme, canvas.graph
        if not last:
            return
        step = 10 if last - first > 40 else 5 if last - first > 12 else 2 if last - first > 5 else 1
        start = first - first % step
        for decade in range(start, last + 1, step):
            if decade < first:
                continue
            x = self.x(decade, first, scale)
            top, low = dot.node_id("decade", str(decade)), dot.node_id("decade", f"{decade}-end")
            label = dot.text(str(decade), size=t.small, bold=True, color=t.muted)
            g.node(
                top,
                label=dot.html(label),
                shape="plaintext",
                margin="0",
                pos=place.at(x, t.small * 1.2),
            )
            g.node(
                low,
                label=dot.html(label),
                shape="plaintext",
                margin="0",
                pos=place.at(x, -(bottom + t.small * 1.2)),
            )
            g.edge(
                top,
                low,
                color=GRID,
                style="dashed",
                arrowhead="none",
                penwidth="0.8",
                **{"class": "decade"},
            )
