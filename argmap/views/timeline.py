"""The timeline view: dated evidence in order, one rank per year.

A year axis (a chain of year nodes, earliest at the top) holds each year's evidence in the
same rank, ordered left to right by date. Every item is tagged with the schools that cite
it, one tag when a single school does, several when it is shared. Undated evidence has no
place on the axis: it is left out, and the title says how many items that is.

On slides (a 16:9 canvas whose smallest type must stay readable when projected) an item's
text is shortened to a headline that fits its year's row; the full text stays in its
tooltip, and the title says so.
"""

from __future__ import annotations

import textwrap
from itertools import groupby

import graphviz

from argmap import dot
from argmap.analysis import Analysis
from argmap.model import Evidence, Topic
from argmap.text import clean
from argmap.themes import Theme
from argmap.views.common import Canvas, Diagram

LEGEND_NODE = "legend__timeline"
AXIS_STYLE = {"color": "#888888", "arrowhead": "normal", "style": "bold"}

# What the legend says of each kind of thing drawn (tests compare these with the legend).
LEGEND_TEXT: dict[str, str] = {
    "evidence": "evidence, with its date, tagged with the school that cites it",
    "shared": "evidence shared by the schools tagged on it (thick border)",
    "uncited": "evidence that no school cites",
    "axis": "year axis: earliest at the top",
}

# Slides: how many characters a row of items can hold side by side (at the slide's type size,
# the width a 16:9 slide allows), the fewest characters per line of an item, and its lines.
SLIDE_ROW_CHARS = 180
SLIDE_MIN_CHARS = 14
SLIDE_LINES = 2
# A year whose items have room for a long line gets one line each: on a slide the height
# runs out first (21 years of the bundled topic share 1080 pixels).
SLIDE_ONE_LINE_MIN = 70
SLIDE_ONE_LINE_MAX = 110


def year_id(year: int) -> str:
    return dot.node_id("year", str(year))


def dated(topic: Topic) -> list[Evidence]:
    """Dated evidence in date order (ties keep the topic's order)."""
    return sorted((e for e in topic.evidence if e.date), key=lambda e: e.date_key)


def view(analysis: Analysis, theme: Theme) -> Diagram:
    topic, overlap = analysis.topic, analysis.overlap
    items = dated(topic)
    left_out = len(topic.evidence) - len(items)
    shows = (
        "Shows: each dated evidence item in its year, in date order, tagged with the "
        "schools that cite it."
    )
    shows += (
        f" {left_out} undated item{'s' if left_out != 1 else ''} left out."
        if left_out
        else " No evidence is undated."
    )
    if theme.slide:
        shows += " Texts are shortened to fit; each item's tooltip has the full text."
    canvas = Canvas(
        analysis,
        theme,
        name="timeline",
        title="Timeline: the evidence in date order",
        shows=shows,
        newrank=True,
    )
    g = canvas.graph
    g.attr(
        "graph", nodesep="0.12" if theme.slide else "0.25", ranksep="0.1" if theme.slide else "0.3"
    )
    # On a slide, a row's height is what runs out first: the year is no taller than its items.
    year_size = theme.size + 2 if theme.slide else theme.title
    used: dict[str, None] = {}
    years: list[int] = []
    for year, group in groupby(items, key=lambda e: e.year):
        assert year is not None
        row = list(group)
        years.append(year)
        with g.subgraph(name=f"year_{year}") as rank:
            rank.attr(rank="same")
            rank.node(
                year_id(year),
                label=dot.html_unchecked(
                    dot.legacy_block(str(year), 6, size=year_size, bold=True, align="CENTER")
                ),
                shape="plaintext",
            )
            previous = year_id(year)
            wrap = _row_wrap(canvas, row) if theme.slide else theme.wrap
            for item in row:
                users = overlap.evidence_users.get(item.id, ())
                used[_kind(users)] = None
                name = _item(canvas, item, users, wrap=wrap, graph=rank)
                # A flat invisible edge keeps the year first, then the items in date order.
                rank.edge(previous, name, style="invis")
                previous = name
    for earlier, later in zip(years, years[1:], strict=False):
        g.edge(
            year_id(earlier),
            year_id(later),
            penwidth=f"{theme.penwidth * 2:g}",
            # Slides leave little room between years: a smaller head keeps clear of the next.
            arrowsize="0.6" if theme.slide else "1",
            **AXIS_STYLE,
        )
    if years:
        canvas.after(year_id(years[-1]))
    diagram = canvas.finish()
    if years:
        with g.subgraph(name="legend") as legend:
            legend.node(
                LEGEND_NODE, label=dot.html_unchecked(_legend(theme, list(used))), shape="plain"
            )
        g.edge(year_id(years[-1]), LEGEND_NODE, style="invis")
    return diagram


def _row_wrap(canvas: Canvas, row: list[Evidence]) -> int:
    """Slides: characters per line for the items of one year, so that the row fits the
    slide's width (tags take room beside each item's text)."""
    users = [canvas.overlap.evidence_users.get(e.id, ()) for e in row]
    tags = sum(len(canvas.looks[s].tag) + 2 for u in users for s in u)
    room = (SLIDE_ROW_CHARS - tags) // len(row) - 2
    if room >= SLIDE_ONE_LINE_MIN:
        return min(SLIDE_ONE_LINE_MAX, room)
    return max(SLIDE_MIN_CHARS, min(SLIDE_ONE_LINE_MIN - 1, room))


def _kind(users: tuple[str, ...]) -> str:
    return "shared" if len(users) > 1 else "evidence" if users else "uncited"


def _item(
    canvas: Canvas,
    item: Evidence,
    users: tuple[str, ...],
    *,
    wrap: int,
    graph: graphviz.Digraph,
) -> str:
    """An evidence item with its date and the tags of every school that cites it: tags
    above the text on screen and paper, beside a two-line headline on slides."""
    t = canvas.theme
    name = dot.node_id("evidence", item.id)
    shared = len(users) > 1
    if t.slide:
        tags = "".join(canvas.school_tag(s) for s in users)
        lines = 1 if wrap >= SLIDE_ONE_LINE_MIN else SLIDE_LINES
        body = _headline(_slide_date(item), item.text, wrap, lines=lines, size=t.small)
        rows = f'<TR>{tags}<TD ALIGN="LEFT" BALIGN="LEFT">{body}</TD></TR>'
    else:
        head = item.date or "undated"
        if item.kind != "event":
            head += f" · {item.kind}"
        rows = (str(canvas.tags_row(users)) if users else "") + (
            f'<TR><TD ALIGN="LEFT" BALIGN="LEFT">'
            f"{dot.legacy_block(head, 40, size=t.small, bold=True)}{dot.legacy_block(item.text, wrap)}</TD></TR>"  # noqa: E501 - transitional
        )
    graph.node(
        name,
        label=dot.html_unchecked(
            f'<TABLE BORDER="0" CELLSPACING="{3 if t.slide else 0}" CELLPADDING="1">{rows}</TABLE>'
        ),
        shape="note" if not t.slide else "box",
        style="filled",
        fillcolor="#F4F4F4" if shared else "#FFFFFF",
        penwidth=f"{t.penwidth * (2 if shared else 1):g}",
        color=t.ink if users else t.muted,
        margin="0.04,0.02" if t.slide else "0.1,0.05",
        tooltip=dot.plain(canvas.evidence_tooltip(item)),
    )
    return canvas.record(name, "evidence", item.id)


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _slide_date(item: Evidence) -> str:
    """The date within its year ("21 Jan", "May", or nothing), and the kind if not an event:
    on a slide the year is already on the axis beside the item."""
    start = item.when.start if item.when else None
    month, day = (start.month, start.day) if start else (None, None)
    date = f"{day} {MONTHS[month - 1]}" if day and month else MONTHS[month - 1] if month else ""
    if item.kind != "event":
        date = f"{date} {item.kind}".strip()
    return date


def _headline(head: str, text: str, width: int, *, lines: int, size: float) -> str:
    """``head`` in bold, then ``text``, in at most ``lines`` lines of about ``width``
    characters; text that does not fit is cut at a word and ends in an ellipsis."""
    indent = " " * (len(head) + 1) if head else ""
    # A word is never broken: a line may run a little over ``width`` instead.
    wrapped = textwrap.wrap(
        " ".join(clean(text).split()),
        width,
        initial_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    )
    if len(wrapped) > lines:
        last = wrapped[lines - 1]
        if len(last) >= width and " " in last.strip():
            last = last[: width - 1].rsplit(" ", 1)[0]
        wrapped = [*wrapped[: lines - 1], last.rstrip(",;:.-–— ") + "…"]
    if wrapped and indent:
        wrapped[0] = wrapped[0][len(indent) :]
    body = "".join(f'{dot.escape(line)}<BR ALIGN="LEFT"/>' for line in wrapped)
    bold = f"<B>{dot.escape(head)}</B> " if head else ""
    return f'<FONT POINT-SIZE="{size:g}">{bold}{body}</FONT>'


def _legend(theme: Theme, kinds: list[str]) -> str:
    """A sample of each kind of item drawn (border width and fill as on the diagram), and
    of the year axis (its colour, a thick line, its arrow)."""
    rows = []
    for kind in kinds:
        border = max(round(theme.penwidth * (2 if kind == "shared" else 1)), 1)
        fill = "#F4F4F4" if kind == "shared" else "#FFFFFF"
        color = theme.muted if kind == "uncited" else theme.ink
        rows.append(
            f'<TR><TD BORDER="{border}" COLOR="{color}" BGCOLOR="{fill}">'
            f"{dot.legacy_block('date', 6, size=theme.small, bold=True, align='CENTER')}</TD>"
            f'<TD ALIGN="LEFT">{dot.legacy_block(LEGEND_TEXT[kind], 40, size=theme.small)}</TD></TR>'  # noqa: E501 - transitional
        )
    arrow = dot.legacy_block("↓", 2, size=theme.title, bold=True, color=AXIS_STYLE["color"])
    rows.append(
        f'<TR><TD>{arrow}</TD><TD ALIGN="LEFT">'
        f"{dot.legacy_block(LEGEND_TEXT['axis'], 40, size=theme.small)}</TD></TR>"
    )
    return '<TABLE BORDER="0" CELLSPACING="3" CELLPADDING="4">' + "".join(rows) + "</TABLE>"
