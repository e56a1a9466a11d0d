"""The overlap in detail (``argmap overlap --detail``): each school's claims, and every
item that two or more schools share.

Each school is a column, side by side in the topic's order: its heading (name, short
thesis, what it alone uses), then its claims, top down. Every claim carries its number
(``PP 3``: the school's tag and the claim's place in it) and says in words which claims it
challenges, agrees with or qualifies, and which do so to it; the same relations are drawn
as lines between the claims (red for a challenge), so a challenge can be read even where
its line is hard to follow. Below the schools, in rows, stand the items they share
(evidence, historians, factors): most shared first, then by date, each tagged with every
school that uses it and naming the claims that cite it.

What only one school uses is not drawn: its heading counts it (the school diagram shows it).
A topic too large for one readable page becomes a series, a group of schools a page. A
slide holds one school, or part of one: its claims on the left and the items they share
beside them; a relation to a claim on another slide is said in words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import graphviz

from argmap import dates, dot
from argmap.analysis import Analysis
from argmap.model import Claim, Evidence, School, Topic
from argmap.overlap import Overlap
from argmap.themes import Theme
from argmap.views.common import (
    SERIES_LIMIT,
    Canvas,
    Diagram,
    link_attrs,
    numbered,
    school_cluster,
    text_row,
)


@dataclass(frozen=True)
class PageSize:
    """What one page of the default or print theme holds: columns of claims (a school of
    many claims takes several) of so many claims each, and shared items below them in rows;
    past that, the diagram is a series of pages."""

    columns: int
    claims: int  # a column
    items: int
    row: int  # items a row
    lines: float | None = None  # lines of text top to bottom, estimated (None: unchecked)


PAGES = {
    "default": PageSize(columns=5, claims=10, items=56, row=6),
    # An A3 page, landscape, with its text at 8 points.
    "print": PageSize(columns=3, claims=6, items=12, row=4, lines=46),
}
# A slide: a column of claims, its shared items beside it SLIDE_ROW a row, in at most this
# many lines of text top to bottom (a row is as tall as its tallest box).
SLIDE_LINES = 40
SLIDE_ROW = 3
SLIDE_CLAIMS = 10  # the most claims a slide holds, short ones
TAG_ROW = 5  # school tags a row on a shared item
KIND_ORDER = {"factors": 0, "historians": 1, "evidence": 2}
MARK = "✖"
# Characters a line: of a claim, of an item (page; slide).
WRAP = {False: (27, 21), True: (32, 24)}
# A claim's or item's text on a page, at most this many lines (cut with an ellipsis, the
# full text in its tooltip); a slide never cuts: it holds fewer claims instead.
PAGE_LINES = 3

Item = tuple[str, str, tuple[str, ...]]  # kind ("evidence", "historians", "factors"), id, users


def claim_numbers(topic: Topic, tags: dict[str, str]) -> dict[str, str]:
    """Each claim's number: its school's tag and its place in the school (``PP 3``)."""
    return {
        claim.key: f"{tags[school.id]} {i}"
        for school in topic.schools
        for i, claim in enumerate(school.claims, start=1)
    }


def brief(short: str | None, text: str, width: int, lines: int | None) -> str:
    """What a box has room for: the authored short form, else the text, in at most
    ``lines`` lines (None: all) ending in an ellipsis when cut."""
    if short:
        return short
    return text if lines is None else " ".join(dot.fit(text, width, lines))


def shared_items(topic: Topic, overlap: Overlap, claims: Sequence[Claim]) -> list[Item]:
    """The shared items that ``claims`` (or their schools, for historians) use: most
    shared first, then factors, historians, evidence, then by date."""
    schools = {c.school for c in claims}
    evidence = {e.id for c in claims for e in c.evidence}
    people = {h.id for c in claims for h in c.historians}
    people |= {h for s in schools for h in topic.school[s].historians}
    factors = {f for c in claims for f in c.factors}
    found = [
        (kind, item, users)
        for kind, used in (("evidence", evidence), ("historians", people), ("factors", factors))
        for item, users in overlap.shared(kind).items()
        if item in used and schools & set(users)
    ]
    return sorted(found, key=lambda x: (-len(x[2]), KIND_ORDER[x[0]], _date(topic, x[0], x[1])))


def _date(topic: Topic, kind: str, item: str) -> tuple[int, int, int]:
    if kind == "evidence":
        return topic.evidence_item[item].date_key
    if kind == "historians":
        years = [w.original_year or w.year for w in topic.historian[item].works]
        first = min((y for y in years if y), default=None)
        return (0, first, 0) if first else (1, 0, 0)
    return (1, 0, 0)


def detail_view(analysis: Analysis, theme: Theme) -> Diagram | list[Diagram]:
    """The whole diagram on one page when it is readable there, else a series."""
    topic, overlap = analysis.topic, analysis.overlap
    size = PAGES.get(theme.name, PAGES["default"])
    most = SLIDE_CLAIMS if theme.slide else size.columns * size.claims
    # A slide or a printed page holds a few claims and what they share: a topic of 10
    # schools and 200 claims takes about 110 slides (90 pages), which it must still draw.
    limit = SERIES_LIMIT * 2 if theme.slide or theme.paper else SERIES_LIMIT
    if len(topic.claims) > most * limit:
        groups = [list(topic.claims)]  # more than a series holds: drawn whole, and refused
    elif theme.slide:
        groups = _slide_groups(topic, overlap)
    else:
        groups = _page_groups(topic, overlap, size)
    if len(groups) > limit:  # drawn whole: refused as too large, with advice
        groups = [list(topic.claims)]
    pages = [
        _Page(analysis, theme, claims, page=k, pages=len(groups)).draw()
        for k, claims in enumerate(groups, start=1)
    ]
    return pages[0] if len(pages) == 1 else pages


def _page_groups(topic: Topic, overlap: Overlap, size: PageSize) -> list[list[Claim]]:
    """Claims a page, in the topic's order: whole schools while they fit, a school too
    large for a page split over several."""

    wrap, item_wrap = WRAP[False]

    def fits(claims: list[Claim]) -> bool:
        per = {s: [c for c in claims if c.school == s] for s in {c.school for c in claims}}
        columns = sum(-(-len(mine) // size.claims) for mine in per.values())
        items = shared_items(topic, overlap, claims)
        if columns > size.columns or len(items) > size.items:
            return False
        if size.lines is None:
            return True
        tallest = max(
            _heading_lines(topic.school[s], wrap)
            + max(
                sum(_claim_lines(overlap, c, wrap, PAGE_LINES) for c in mine[i : i + size.claims])
                for i in range(0, len(mine), size.claims)
            )
            for s, mine in per.items()
        )
        heights = [_item_lines(topic, x, item_wrap, PAGE_LINES) for x in items]
        rows = sum(max(heights[i : i + size.row]) for i in range(0, len(heights), size.row))
        return tallest + rows <= size.lines

    pages: list[list[Claim]] = []
    for school in topic.schools:
        whole = list(school.claims)
        if pages and fits([*pages[-1], *whole]):
            pages[-1].extend(whole)
            continue
        pages.append([])
        for claim in whole:
            if pages[-1] and not fits([*pages[-1], claim]):
                pages.append([])
            pages[-1].append(claim)
    return pages or [[]]


def _slide_groups(topic: Topic, overlap: Overlap) -> list[list[Claim]]:
    """A slide per school, split where its claims and the items they share would pass
    SLIDE_LINES lines from top to bottom."""
    wrap, item_wrap = WRAP[True]
    out: list[list[Claim]] = []
    for school in topic.schools:
        part: list[Claim] = []
        head = _heading_lines(school, wrap)
        for claim in school.claims:
            trial = [*part, claim]
            claims = [head, *(_claim_lines(overlap, c, wrap) for c in trial)]
            items = [_item_lines(topic, x, item_wrap) for x in shared_items(topic, overlap, trial)]
            if part and _slide_height(claims, items) > SLIDE_LINES:
                out.append(part)
                trial = [claim]
            part = trial
        if part:
            out.append(part)
    return out or [[]]


def _slide_height(claims: list[float], items: list[float]) -> float:
    """Lines from top to bottom of a slide: row r holds claim r (the heading first) and
    items r*SLIDE_ROW onwards, and is as tall as the tallest of them."""
    rows = max(len(claims), -(-len(items) // SLIDE_ROW))
    return sum(
        max([*claims[r : r + 1], *items[r * SLIDE_ROW : (r + 1) * SLIDE_ROW], 0.0])
        for r in range(rows)
    )


def _heading_lines(school: School, wrap: int) -> float:
    return (
        len(dot.wrap(school.name, wrap))
        + len(dot.wrap(school.short or school.thesis, wrap + 4))
        + 2
    )


def _claim_lines(overlap: Overlap, claim: Claim, wrap: int, most: int = 99) -> float:
    """A claim's height in lines of text (``most``: the lines its text may take)."""
    relations = sum(1 for x in overlap.links if claim.key in (x.source, x.target))
    return min(most, len(dot.wrap(claim.short or claim.text, wrap))) + relations * 0.9 + 1.2


def _item_lines(topic: Topic, item: Item, wrap: int, most: int = 99) -> float:
    """A shared item's height in lines of text (``most``: the lines its text may take)."""
    kind, ident, users = item
    tags = -(-len(users) // TAG_ROW)
    if kind == "evidence":
        ev = topic.evidence_item[ident]
        body = min(most, len(dot.wrap(ev.short or ev.text, wrap))) + 1
        cites = sum(1 for c in topic.claims if any(e.id == ident for e in c.evidence))
    elif kind == "historians":
        body = 3
        cites = len(users) + 1
    else:
        body = len(dot.wrap(topic.factor[ident].name, wrap))
        cites = len(users)
    return tags * 1.1 + body + len(dot.wrap("cited by " + "AA 10, " * cites, wrap + 4)) * 0.9 + 1.2


class _Page:
    """One page (or slide) of the detail: the schools of ``claims`` and what they share."""

    def __init__(
        self, analysis: Analysis, theme: Theme, claims: list[Claim], *, page: int, pages: int
    ) -> None:
        self.topic, self.overlap, self.theme = analysis.topic, analysis.overlap, theme
        self.claims = claims
        ids = {c.school for c in claims}
        self.schools = [s for s in self.topic.schools if s.id in ids]
        self.page, self.pages = page, pages
        self.on_page = {c.key for c in claims}
        self.wrap, self.item_wrap = WRAP[theme.slide]
        self.lines = None if theme.slide else PAGE_LINES
        self.size = PAGES.get(theme.name, PAGES["default"])
        self.canvas = Canvas(
            analysis,
            theme,
            name="overlap-detail",
            title=self._title(),
            newrank=True,
            shows=self._shows(),
        )
        self.tags = {s: look.tag for s, look in self.canvas.looks.items()}
        self.number = claim_numbers(self.topic, self.tags)

    def _title(self) -> str:
        if self.pages == 1:
            return "Overlap in detail: each claim, and what the schools share"
        names = ", ".join(s.name for s in self.schools)
        part = ""
        if self.theme.slide and self.schools:
            every = self.schools[0].claims
            if len(self.claims) < len(every):
                first = every.index(self.claims[0]) + 1
                last = first + len(self.claims) - 1
                part = f", claims {first}–{last}" if last > first else f", claim {first}"
        return numbered("Overlap in detail", names + part, self.page, self.pages)

    def _shows(self) -> str:
        if self.theme.slide:
            return (
                "Shows: the school's claims, numbered; the items they share with other schools "
                "(tagged with every school that uses them, most shared first); and their "
                "challenges, agreements and qualifications, by claim number."
            )
        return (
            "Shows: each claim, numbered within its school; below, the evidence, historians "
            "and factors that two or more schools share (most shared first, then by date), "
            "each naming the claims that cite it; agreements and qualifications (blue) and "
            "challenges (red) between claims, drawn and written on each claim."
        )

    # -- the page ------------------------------------------------------------------------

    def draw(self) -> Diagram:
        canvas = self.canvas
        canvas.graph.attr(ranksep="0.3", nodesep="0.16")
        heads, columns = [], []
        for school in self.schools:
            cluster = school_cluster(canvas, school, label="")
            cluster.attr(margin="8")
            head = self._heading(school, cluster)
            heads.append(head)
            claims = [self._claim(c, cluster) for c in self.claims if c.school == school.id]
            # A school of many claims stands in several columns under its heading.
            for start in range(0, len(claims) or 1, self.size.claims):
                chain = [head, *claims[start : start + self.size.claims]]
                for upper, lower in zip(chain, chain[1:], strict=False):
                    cluster.edge(upper, lower, style="invis", weight="20")
                columns.append(chain)
            canvas.graph.subgraph(cluster)
        items = [self._item(*item) for item in shared_items(self.topic, self.overlap, self.claims)]
        last = (
            self._slide(columns, items) if self.theme.slide else self._rows(heads, columns, items)
        )
        self._links()
        canvas.after(*last)
        diagram = canvas.finish(columns=3 if self.theme.slide or self.theme.paper else None)
        return replace(diagram, page=self.page, pages=self.pages)

    def _rows(self, heads: list[str], columns: list[list[str]], items: list[str]) -> list[str]:
        """The schools side by side, the items below them, in rows, in order."""
        g = self.canvas.graph
        with g.subgraph() as same:  # the headings level, in the topic's order
            same.attr(rank="same")
            for left, right in zip(heads, heads[1:], strict=False):
                same.edge(left, right, style="invis")
        per = self.size.row
        rows = [items[r : r + per] for r in range(0, len(items), per)]
        above = [chain[-1] for chain in columns]
        for row in rows:
            with g.subgraph() as same:
                same.attr(rank="same")
                for left, right in zip(row, row[1:], strict=False):
                    same.edge(left, right, style="invis")
            for i, node in enumerate(row):
                g.edge(above[min(i, len(above) - 1)], node, style="invis")
            above = row
        return above

    def _slide(self, columns: list[list[str]], items: list[str]) -> list[str]:
        """Row r: claim r (the heading first), then items r*SLIDE_ROW onwards."""
        g = self.canvas.graph
        chain = columns[0] if columns else []
        rows = max(len(chain), -(-len(items) // SLIDE_ROW))
        last: list[str] = []
        for r in range(rows):
            row = [*chain[r : r + 1], *items[r * SLIDE_ROW : (r + 1) * SLIDE_ROW]]
            with g.subgraph() as same:
                same.attr(rank="same")
                for left, right in zip(row, row[1:], strict=False):
                    same.edge(left, right, style="invis")
            if r >= len(chain) and last:  # below the claims: keep the items' columns
                for above, node in zip(last[-SLIDE_ROW:], row, strict=False):
                    g.edge(above, node, style="invis")
            last = row
        return last[:1]

    # -- schools and claims ----------------------------------------------------------------

    def _heading(self, school: School, cluster: graphviz.Digraph) -> str:
        """The school's tag, name, thesis (its short form, else whole: never cut) and what
        it alone uses."""
        t = self.theme
        own = self._own(school)
        body = (
            dot.text(school.name, self.wrap, bold=True)
            + dot.text(school.short or school.thesis, self.wrap + 4, size=t.small, italic=True)
            + (dot.text(own, self.wrap + 4, size=t.small, color=t.muted) if own else dot.EMPTY)
        )
        tag = self.canvas.school_tag(school.id)
        label = dot.table(
            [dot.row(tag, dot.cell(body, align="LEFT", balign="LEFT"))], cellspacing=2
        )
        name = dot.node_id("school", school.id)
        cluster.node(
            name,
            label=dot.html(label),
            shape="plain",
            tooltip=dot.plain(f"{school.name}: {school.thesis}"),
        )
        return self.canvas.record(name, "school", school.id)

    def _own(self, school: School) -> str:
        """What the school alone uses (not drawn here)."""
        alone = [e for e, users in self.overlap.evidence_users.items() if users == (school.id,)]
        people = [h for h, users in self.overlap.historian_users.items() if users == (school.id,)]
        parts = []
        if alone:
            parts.append(f"{len(alone)} evidence item{'s' * (len(alone) != 1)}")
        if people:
            parts.append(f"{len(people)} historian{'s' * (len(people) != 1)}")
        return "Only this school: " + " and ".join(parts) + "." if parts else ""

    def _claim(self, claim: Claim, graph: graphviz.Digraph) -> str:
        t = self.theme
        canvas = self.canvas
        look = canvas.looks[claim.school]
        text = brief(claim.short, claim.text, self.wrap, self.lines)
        number = dot.cell(dot.text(self.number[claim.key], size=t.small, bold=True), valign="TOP")
        rows = [dot.row(number, dot.cell(dot.text(text, self.wrap), align="LEFT", balign="LEFT"))]
        for words, color in self._relations(claim):
            said = dot.text(words, self.wrap + 6, size=t.small, bold=True, color=color)
            rows.append(dot.row(dot.cell(), dot.cell(said, align="LEFT", balign="LEFT")))
        name = dot.node_id("claim", claim.key)
        graph.node(
            name,
            label=dot.html(dot.table(rows, cellspacing=2)),
            shape="box",
            style=look.box_style,
            fillcolor=look.fill,
            color=t.line,
            margin="0.06,0.04",
            tooltip=dot.plain(canvas.claim_tooltip(claim)),
        )
        canvas.legend_node("claim", "claim, numbered within its school")
        return canvas.record(name, "claim", claim.key)

    def _relations(self, claim: Claim) -> list[tuple[str, str]]:
        """The claim's relations with other schools' claims, in words: ``✖ challenges ST 2``."""
        t = self.theme
        verbs = {
            ("challenges", True): f"{MARK} challenges",
            ("challenges", False): f"{MARK} challenged by",
            ("agrees", True): "agrees with",
            ("agrees", False): "agrees with",
            ("qualifies", True): "qualifies",
            ("qualifies", False): "qualified by",
        }
        out = []
        for link in self.overlap.links:
            if claim.key in (link.source, link.target):
                made = link.source == claim.key
                other = self.number[link.target if made else link.source]
                color = t.conflict if link.kind == "challenges" else t.agreement
                out.append((f"{verbs[(link.kind, made)]} {other}", color))
        return out

    def _links(self) -> None:
        """The relations between claims both drawn here, as lines (the rest are in words)."""
        for link in self.overlap.links:
            if link.source in self.on_page and link.target in self.on_page:
                tail, head = dot.node_id("claim", link.source), dot.node_id("claim", link.target)
                self.canvas.edge(tail, head, link.kind, constraint="false", **link_attrs(link))

    # -- the shared items --------------------------------------------------------------------

    def _item(self, kind: str, item: str, users: tuple[str, ...]) -> str:
        t = self.theme
        canvas, topic, wrap = self.canvas, self.topic, self.item_wrap
        if kind == "evidence":
            ev = topic.evidence_item[item]
            text = brief(ev.short, ev.text, wrap, self.lines)
            body = dot.text(self._evidence_head(ev), size=t.small, bold=True) + dot.text(text, wrap)
            name, shape, tooltip = (
                dot.node_id("evidence", item),
                "note",
                canvas.evidence_tooltip(ev),
            )
            canvas.legend_node("shared-evidence")
        elif kind == "historians":
            person = topic.historian[item]
            dated = [w for w in person.works if w.year or w.original_year]
            body = dot.text(person.name, wrap, bold=True)
            if dated:
                first = min(dated, key=lambda w: w.original_year or w.year or 0)
                work = f"{first.title} ({first.original_year or first.year})"
                body = body + dot.text(work, wrap + 4, size=t.small, italic=True)
            name, shape = dot.node_id("historian", item), "box"
            tooltip = "; ".join([person.name, *(w.title for w in person.works)])
            canvas.legend_node("shared-historian")
        else:
            factor = topic.factor[item]
            body = dot.text(factor.name, wrap, bold=True)
            name, shape = dot.node_id("factor", item), "box"
            tooltip = factor.description or factor.name
            canvas.legend_node("shared-factor")
        cited = dot.text(self._cited_by(kind, item), wrap + 4, size=t.small, color=t.muted)
        canvas.graph.node(
            name,
            label=dot.html(dot.table([self._tags(users), text_row(body), text_row(cited)])),
            shape=shape,
            style="filled" if shape == "note" else "filled,rounded",
            fillcolor="#FFF8E1" if kind == "factors" and not t.greyscale else "#F4F4F4",
            penwidth=f"{t.penwidth * 2:g}",
            margin="0.08,0.04",
            tooltip=dot.plain(tooltip),
        )
        entity = {"historians": "historian", "factors": "factor"}.get(kind, kind)
        return canvas.record(name, entity, item)

    def _tags(self, users: tuple[str, ...]) -> dot.Markup:
        """The tags of the schools that use an item, TAG_ROW a row."""
        rows = [
            dot.row(*(self.canvas.school_tag(s) for s in users[i : i + TAG_ROW]))
            for i in range(0, len(users), TAG_ROW)
        ]
        return dot.row(dot.cell(dot.table(rows, cellspacing=2, cellpadding=1), align="LEFT"))

    @staticmethod
    def _evidence_head(item: Evidence) -> str:
        when = dates.display(item.when) if item.when else "undated"
        return when if item.kind == "event" else f"{when} · {item.kind}"

    def _cited_by(self, kind: str, item: str) -> str:
        """Which claims use an item, by number (a factor: how many claims of each school)."""
        topic = self.topic
        if kind == "factors":
            counts = [(s.id, sum(1 for c in s.claims if item in c.factors)) for s in topic.schools]
            return "carried by " + ", ".join(f"{self.tags[s]} ({n})" for s, n in counts if n)
        if kind == "evidence":
            keys = [c.key for c in topic.claims if any(e.id == item for e in c.evidence)]
            return "cited by " + ", ".join(self.number[k] for k in keys)
        keys = [c.key for c in topic.claims if any(h.id == item for h in c.historians)]
        named = {topic.claim[k].school for k in keys}
        whole = [
            self.tags[s.id] for s in topic.schools if item in s.historians and s.id not in named
        ]
        return "named by " + ", ".join([*(self.number[k] for k in keys), *whole])
