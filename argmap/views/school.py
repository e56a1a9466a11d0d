"""The school view: one school drawn as argument-mapping tools draw a case.

The thesis on top, in the largest type, with the school's main historians; under it the
school's claims as cards in a grid (:mod:`argmap.views.cards`), numbered in the school's
order, each holding its dated evidence as lines in date order, its historians and works,
and a stub for each challenge, agreement and qualification it makes or receives from
other schools (the relation's note as the stub's tooltip) and for the support it gives to
the school's other claims ("supports 2"); at the bottom, the criticisms of the school:
the objection, who makes it, and the claim of another school that makes it.

One school: no card carries a tag band (the legend names the school's colour once).
On a page (default, print) the grid has as many columns as keep the canvas near a
screen's or an A3 page's shape; print and slides split the claims over numbered pages
when one page would not hold them at a readable size (a slide holds at most
:data:`SLIDE_CARDS` cards; the criticisms get a slide of their own).
"""

from __future__ import annotations

from dataclasses import replace

import graphviz

from argmap import dot
from argmap.analysis import Analysis
from argmap.model import School
from argmap.themes import Theme
from argmap.views import cards
from argmap.views.common import Canvas, Diagram, on_hover

SLIDE_CARDS = 8  # cards on one slide
# A page at most this many times taller than wide (the bar is 2.5; cards are estimated
# from what they hold, on the safe side: measured at most 1.5).
TALL = 2.4


def view(analysis: Analysis, theme: Theme, *, school: str) -> Diagram | list[Diagram]:
    topic = analysis.topic
    if school not in topic.school:
        known = ", ".join(s.id for s in topic.schools)
        raise ValueError(f"no school {school!r} in this topic (known: {known})")
    s = topic.school[school]
    fit = cards.fit(theme)
    numbers = {c.key: str(i) for i, c in enumerate(s.claims, start=1)}
    probe = cards.Cards(Canvas(analysis, theme, name="probe", title="", shows=""), fit)
    heights = [probe.lines(c, cards.stubs(analysis, c)) for c in s.claims]
    plan = cards.best_layout(heights, theme, fit, overhead=_overhead(s, theme), max_tall=TALL)
    # The criticisms: under the grid on a screen, on a page (a slide) of their own else.
    apart = theme.slide or theme.greyscale
    pages: list[tuple[list[int], int, bool]] = [
        (indexes, columns, bool(s.criticisms) and not apart and k == len(plan) - 1)
        for k, (indexes, columns) in enumerate(plan)
    ]
    if apart and s.criticisms:
        pages.append(([], 1, True))
    total = len(pages)
    out = []
    for k, (indexes, columns, with_criticisms) in enumerate(pages, start=1):
        diagram = _page(
            analysis,
            theme,
            s,
            [s.claims[i].key for i in indexes],
            columns=columns,
            numbers=numbers,
            criticisms=with_criticisms,
            page=(k, total),
        )
        out.append(replace(diagram, page=k, pages=total))
    return out[0] if total == 1 else out


def _overhead(s: School, theme: Theme) -> float:
    """Lines of a card (:meth:`cards.Cards.lines`) that what frames the grid takes: the
    title, the thesis, the legend, and on a page the criticisms (a slide gives them a
    slide of their own)."""
    apart = theme.slide or theme.greyscale
    criticisms = 0 if apart or not s.criticisms else 2 + 4 * len(s.criticisms)
    long_thesis = 6 if theme.slide and not s.short else 0  # a slide shows the short form
    return (20 if theme.slide else 26) + criticisms + long_thesis


def _page(
    analysis: Analysis,
    theme: Theme,
    s: School,
    keys: list[str],
    *,
    columns: int,
    numbers: dict[str, str],
    criticisms: bool,
    page: tuple[int, int],
) -> Diagram:
    topic = analysis.topic
    k, n = page
    of = f" ({k}/{n})" if n > 1 else ""
    what = "its criticisms" if not keys else "its claims, each with its dated evidence"
    canvas = Canvas(
        analysis,
        theme,
        name=f"school-{s.id}",
        title=f"School: {s.name}{of}",
        rankdir="TB",
        shows=f"Shows: the school's thesis, {what}, historians and works, and the "
        f"relations each makes with other schools{on_hover(theme, 'the note of each')}.",
        narrow=columns <= 2 and not theme.slide,
    )
    g = canvas.graph
    g.attr(compound="true", nodesep="0.25", ranksep="0.35")
    fit = cards.fit(theme)
    drawer = cards.Cards(canvas, fit)
    drawer.numbers = dict(numbers)
    thesis = _thesis(canvas, s, brief=theme.slide or k > 1, columns=columns)
    last = [thesis]
    if keys:
        box = graphviz.Digraph(name=dot.node_id("cluster_claims", s.id))
        box.attr(
            label=dot.html(
                dot.text(
                    f"Claims {keys and numbers[keys[0]]}–{numbers[keys[-1]]} of {len(s.claims)}"
                    if n > 1
                    else f"{len(s.claims)} claim{'s' * (len(s.claims) != 1)}",
                    size=theme.small,
                    bold=True,
                    color=theme.muted,
                )
            ),
            style="rounded",
            color="#BBBBBB",
            margin="10",
            labeljust="l",
        )
        rows: list[list[str]] = []
        for row in cards.rows_of(keys, columns):
            claims = [topic.claim[key] for key in row]
            relations = [cards.stubs(analysis, c) for c in claims]
            tallest = max(drawer.height(c, r) for c, r in zip(claims, relations, strict=True))
            names = []
            for claim, related in zip(claims, relations, strict=True):
                name = dot.node_id("claim", claim.key)
                drawer.card(
                    claim,
                    name=name,
                    number=numbers[claim.key],
                    stubs=related,
                    graph=box,
                    height=tallest,
                )
                names.append(name)
            rows.append(names)
        # A short last row is filled out with empty places, so that what comes under the
        # grid (the criticisms) is centred under it, not under the row's first card.
        for i in range(len(rows[0]) - len(rows[-1])):
            name = dot.node_id("place", f"{s.id}.{i}")
            box.node(name, label="", shape="box", style="invis", width=f"{fit.width / 72:.2f}")
            rows[-1].append(name)
        cards.grid(box, rows)
        g.subgraph(box)
        canvas.edge(
            thesis,
            rows[0][len(rows[0]) // 2],
            "develops",
            lhead=dot.node_id("cluster_claims", s.id),
        )
        for top in rows[0]:
            g.edge(thesis, top, style="invis")
        last = rows[-1]
    if criticisms:
        node = _criticisms(canvas, s, wide=keys != [])
        for above in last:
            g.edge(above, node, style="invis")
        last = [node]
    canvas.after(*last)
    per_row = 3 if theme.slide or columns <= 2 else 4
    return canvas.finish(columns=per_row)


def _thesis(canvas: Canvas, s: School, *, brief: bool, columns: int) -> str:
    """The school's name and thesis (``brief``: its short form, if it has one), the
    largest type of the diagram, and its historians."""
    t = canvas.theme
    look = canvas.looks[s.id]
    canvas.use_school(s.id)
    text = s.short if brief and s.short else s.thesis
    people = [canvas.topic.historian[h].name for h in s.historians]
    # As wide as the grid under it (a character of the title type is about 10 points).
    wrap = 48 if t.slide else max(36, min(70, columns * 26))
    size = t.title
    if t.slide and text == s.thesis:  # no short form: the whole thesis, never cut
        wrap, size = 72, t.size + 4
    rows = [
        dot.row(dot.cell(dot.text(s.name, 60, size=t.size, bold=True), align="LEFT")),
        dot.row(dot.cell(dot.text(text, wrap, size=size), align="LEFT")),
    ]
    if people:
        rows.append(
            dot.row(
                dot.cell(
                    dot.text(
                        "Historians: " + ", ".join(people),
                        60 if t.slide else 100,
                        size=t.small,
                        italic=True,
                    ),
                    align="LEFT",
                )
            )
        )
    name = dot.node_id("thesis", s.id)
    canvas.graph.node(
        name,
        label=dot.html(dot.table(rows, cellpadding=2)),
        shape="box",
        style=look.box_style,
        fillcolor=look.fill,
        color=t.line,
        penwidth=f"{t.penwidth * 2:g}",
        margin="0.2,0.1",
        tooltip=dot.plain(f"{s.name}: {s.thesis}"),
    )
    return canvas.record(name, "school", s.id)


def _criticisms(canvas: Canvas, s: School, *, wide: bool) -> str:
    """The standard objections to the school: each objection, who makes it (historian and
    work), and the claim of another school that makes it."""
    t = canvas.theme
    topic = canvas.topic
    wrap = 60 if t.slide else (110 if wide else 80)
    rows = [
        dot.row(
            dot.cell(
                dot.text(f"Criticisms of {s.name}", wrap, size=t.size, bold=True),
                colspan=2,
                align="LEFT",
                balign="LEFT",
            )
        )
    ]
    for i, criticism in enumerate(s.criticisms, start=1):
        who = "; ".join(canvas.cite_text(c) for c in criticism.historians)
        body = dot.text(criticism.text, wrap, size=t.small)
        if who:
            body = body + dot.text("— " + who, wrap, size=t.small, italic=True, color=t.muted)
        if criticism.claim:
            claim = topic.claim[criticism.claim]
            look = canvas.looks[claim.school]
            canvas.use_school(claim.school)
            body = body + dot.text(
                f"made by {look.tag}: {claim.short or claim.text}",
                wrap,
                size=t.small,
                color=t.muted,
                lines=2 if not t.slide else None,
            )
        rows.append(
            dot.row(
                dot.cell(dot.text(f"{i}.", size=t.small, bold=True), valign="TOP", align="RIGHT"),
                dot.cell(body, align="LEFT", balign="LEFT", valign="TOP"),
            )
        )
    name = dot.node_id("criticisms", s.id)
    canvas.legend_node("criticisms", "the standard objections to the school, and who makes them")
    canvas.graph.node(
        name,
        label=dot.html(dot.table(rows, cellpadding=3)),
        shape="box",
        style="rounded,filled",
        fillcolor="#FFFFFF",
        color=t.line,
        tooltip=dot.plain(f"Criticisms of {s.name}"),
    )
    return name
