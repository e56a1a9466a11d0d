"""The compare view: two schools side by side, A | shared | B.

Left to right: A's claims, what A and B share, B's claims. Each claim is a card
(:mod:`argmap.views.cards`) numbered with its school's tag and its place in the school
("PP 3" is the third claim of Power politics in every diagram); it shows the evidence the
two schools both cite (shaded, date first) and counts the rest, names its historians, and
has a stub for each relation between the two schools. An agreement, qualification or
challenge is a line from the stub of one card to the stub of the other (each stub is a
port, so three challenges to one claim end at three lines of its card, each naming the
other end), with the relation's note on hover.

The columns are balanced: a side with many cards takes two columns (the cards that relate
to the other school nearest the middle), and B's cards are ordered after the A cards they
relate to, so lines run across rather than up and down. The middle column holds the
shared evidence (in date order), historians and factors, each naming the cards that use
it. A comparison too large for one page (print, or a very large pair) is split over
numbered pages; on slides it is split by factor (a slide per factor either school argues,
then one for claims with no factor), each slide complete.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import graphviz

from argmap import dates, dot
from argmap.analysis import Analysis
from argmap.model import Claim, School
from argmap.overlap import Pair
from argmap.themes import Theme
from argmap.views import cards
from argmap.views.common import Canvas, Diagram, link_attrs, on_hover, pin_columns

SLIDE_CARDS = 4  # cards on one slide (both sides)
TALL = 2.4  # a page at most this many times taller than wide (the bar is 2.5)


@dataclass(frozen=True)
class _Page:
    """What one page of a comparison draws: A's claims, B's, and what it is called."""

    left: tuple[str, ...]
    right: tuple[str, ...]
    heading: str = ""


def view(analysis: Analysis, theme: Theme, *, a: str, b: str) -> Diagram | list[Diagram]:
    topic = analysis.topic
    for given in (a, b):
        if given not in topic.school:
            known = ", ".join(s.id for s in topic.schools)
            raise ValueError(f"no school {given!r} in this topic (known: {known})")
    if a == b:
        raise ValueError(f"compare needs two different schools, got {a!r} twice")
    left, right = topic.school[a], topic.school[b]
    pair = analysis.overlap.pair(a, b)
    shared = frozenset(pair.evidence)
    fit = cards.fit(theme, short=True, evidence="shared")
    links = (*pair.agreements, *pair.conflicts)
    order_b = _follow(left, right, links)
    probe = cards.Cards(Canvas(analysis, theme, name="probe", title="", shows=""), fit)
    lines = {
        c.key: probe.lines(c, _stubs(analysis, c, pair), shared)
        for c in (*left.claims, *right.claims)
    }
    if theme.slide:
        pages = _by_factor(analysis, left, right, order_b, pair)
    else:
        pages = _by_size(left, right, order_b, lines, theme, fit)
    out = []
    for k, page in enumerate(pages, start=1):
        diagram = _draw(analysis, theme, fit, left, right, pair, page, lines, (k, len(pages)))
        out.append(replace(diagram, page=k, pages=len(pages)))
    return out[0] if len(out) == 1 else out


def numbers(school: School, tag: str) -> dict[str, str]:
    """Each claim of a school as the comparison names it: its tag and its place."""
    return {c.key: f"{tag} {i}" for i, c in enumerate(school.claims, start=1)}


def _follow(left: School, right: School, links: Sequence) -> list[str]:
    """B's claims in the order that keeps lines short: each after the mean place of the A
    claims it relates to; one that relates to none keeps its place in proportion."""
    place = {c.key: i for i, c in enumerate(left.claims)}
    scale = len(left.claims) / max(len(right.claims), 1)
    keyed = []
    for i, claim in enumerate(right.claims):
        partners = [
            place[other]
            for link in links
            for this, other in ((link.source, link.target), (link.target, link.source))
            if this == claim.key and other in place
        ]
        at = sum(partners) / len(partners) if partners else i * scale
        keyed.append((at, i, claim.key))
    return [key for _, _, key in sorted(keyed)]


def _stubs(analysis: Analysis, claim: Claim, pair: Pair) -> list[cards.Stub]:
    """The relations a card shows in a comparison: those between the two schools, and
    support inside its own school."""
    both = {pair.a, pair.b}
    return [
        s
        for s in cards.stubs(analysis, claim)
        if s.other.split(".")[0] in both
        and (s.kind != "supports" or s.other.split(".")[0] == claim.school)
    ]


def _by_size(
    left: School,
    right: School,
    order_b: list[str],
    lines: dict[str, float],
    theme: Theme,
    fit: cards.Fit,
) -> list[_Page]:
    """As few pages as hold the two sides at a readable size: both sides cut at the same
    fractions (B in the order that follows A)."""
    sheet = cards.sheet(theme)
    unit = fit.unit
    step = fit.width + cards.GAP
    widest = max(3, int((sheet.width - cards.FRAME + cards.GAP) // step))
    a_keys = [c.key for c in left.claims]
    for count in range(1, len(a_keys) + len(order_b) + 1):
        pages = []
        for p in range(count):
            aa = a_keys[len(a_keys) * p // count : len(a_keys) * (p + 1) // count]
            bb = order_b[len(order_b) * p // count : len(order_b) * (p + 1) // count]
            pages.append(_Page(tuple(aa), tuple(bb)))
        if all(_shape(p, lines, unit, step, sheet, widest) for p in pages):
            return pages
    return pages


def _shape(
    page: _Page,
    lines: dict[str, float],
    unit: float,
    step: float,
    sheet: cards.Sheet,
    widest: int,
) -> tuple[int, int] | None:
    """The columns of each side that bring a page nearest the sheet's shape, or None when
    no choice fits."""
    tall = {k: lines[k] * unit + cards.CARD_PAD + cards.GAP for k in (*page.left, *page.right)}
    ha = sum(tall[k] for k in page.left)
    hb = sum(tall[k] for k in page.right)
    best = None
    for ca in range(1, 4):
        for cb in range(1, 4):
            if ca + cb + 1 > widest or (ca > 1 and ca > len(page.left)):
                continue
            if cb > 1 and cb > len(page.right):
                continue
            width = max((ca + cb + 1) * step + cards.FRAME, sheet.min_width)
            height = max(ha / ca, hb / cb) * 1.08 + 14 * unit
            if height > max(sheet.max_tall, TALL) * width:
                continue
            if sheet.height is not None and height > sheet.height:
                continue
            score = abs(math.log(width / height / sheet.aspect)) + 0.05 * (ca + cb)
            if best is None or score < best[0]:
                best = (score, ca, cb)
    return (best[1], best[2]) if best else None


def _by_factor(
    analysis: Analysis, left: School, right: School, order_b: list[str], pair: Pair
) -> list[_Page]:
    """Slides: one per factor both schools argue (in the topic's order), then the claims
    no such slide showed; a slide holds at most :data:`SLIDE_CARDS` cards (half a side),
    a group with more takes several slides."""
    topic = analysis.topic
    groups: list[tuple[str, list[str], list[str]]] = []
    for factor in pair.factors:
        aa = [c.key for c in left.claims if factor in c.factors]
        bb = [k for k in order_b if factor in topic.claim[k].factors]
        groups.append((topic.factor[factor].name, aa, bb))
    shown = {k for _, aa, bb in groups for k in (*aa, *bb)}
    aa = [c.key for c in left.claims if c.key not in shown]
    bb = [k for k in order_b if k not in shown]
    if aa or bb:
        groups.append(("other claims" if groups else "", aa, bb))
    half = SLIDE_CARDS // 2
    pages: list[_Page] = []
    for heading, aa, bb in groups:
        count = max(1, math.ceil(len(aa) / half), math.ceil(len(bb) / half))
        for p in range(count):
            part = f", part {p + 1} of {count}" if count > 1 else ""
            pages.append(
                _Page(
                    tuple(aa[half * p : half * (p + 1)]),  # each side's first cards first
                    tuple(bb[half * p : half * (p + 1)]),
                    heading + part if heading else f"part {p + 1} of {count}" * (count > 1),
                )
            )
    return pages or [_Page((), (), "")]


def _draw(
    analysis: Analysis,
    theme: Theme,
    fit: cards.Fit,
    left: School,
    right: School,
    pair: Pair,
    page: _Page,
    lines: dict[str, float],
    at: tuple[int, int],
) -> Diagram:
    topic = analysis.topic
    k, n = at
    of = f" ({k}/{n})" if n > 1 else ""
    about = f": {page.heading}" if page.heading else ""
    canvas = Canvas(
        analysis,
        theme,
        name=f"compare-{left.id}-vs-{right.id}",
        title=f"Compare: {left.name} and {right.name}{about}{of}",
        rankdir="LR",
        newrank=True,
        shows="Shows: each school's claims on its side, the evidence, historians and "
        "factors both use in the middle, and the agreements and challenges between them, "
        f"from claim to claim{on_hover(theme, 'the note of each')}.",
    )
    g = canvas.graph
    g.attr(ranksep="0.55", nodesep="0.22")
    looks = canvas.looks
    drawer = cards.Cards(canvas, fit)
    drawer.numbers = {
        **numbers(left, looks[left.id].tag),
        **numbers(right, looks[right.id].tag),
    }
    shared = frozenset(pair.evidence)
    drawn = set(page.left) | set(page.right)
    columns: list[list[str]] = []
    stubs_of = {
        key: [
            replace(s, port=_port(s)) if s.other in drawn and s.kind != "supports" else s
            for s in _stubs(analysis, topic.claim[key], pair)
        ]
        for key in drawn
    }
    unit = fit.unit
    sheet = cards.sheet(theme)
    widest = max(3, int((sheet.width - cards.FRAME + cards.GAP) // (fit.width + cards.GAP)))
    split = _shape(page, lines, unit, fit.width + cards.GAP, sheet, widest) or (1, 1)
    sides = {}
    for school, keys, count in ((left, page.left, split[0]), (right, page.right, split[1])):
        side: list[list[str]] = []
        for part in _columns(list(keys), count, stubs_of):
            names = []
            for key in part:
                name = dot.node_id("claim", key)
                drawer.card(
                    topic.claim[key],
                    name=name,
                    number=drawer.numbers[key],
                    stubs=stubs_of[key],
                    shared=shared,
                )
                names.append(name)
            side.append(names)
        if not keys:
            name = dot.node_id("compare__none", school.id)
            words = f"{school.name} makes no claim here"
            g.node(
                name,
                label=dot.html(dot.text(words, 24, size=theme.small, italic=True)),
                shape="plain",
            )
            side.append([name])
        outer = 0 if school is left else len(side) - 1
        side[outer].insert(0, _heading(canvas, school))
        for i, column in enumerate(side):  # the other columns' cards start under it too
            if i != outer:
                column.insert(0, _heading(canvas, school, spacer=i))
        sides[school.id] = side
    # Left to right: A's outer columns, A's inner one, the middle, B's inner, B's outer.
    middle = _middle(canvas, drawer, pair, page, left, right)
    columns = [*sides[left.id], middle, *sides[right.id][::-1]]
    if theme.legend:  # the legend under B's outer column (the last rank): beside, it would
        columns[-1].append("legend")  # widen the canvas
    # Keep each column in order, top to bottom, and the columns' first nodes on one line,
    # so that the columns start together.
    for col in columns:
        for a, b in zip(col, col[1:], strict=False):
            g.edge(a, b, style="invis")
    for left_col, right_col in zip(columns, columns[1:], strict=False):
        g.edge(left_col[0], right_col[0], style="invis", weight="20")
    _lines(canvas, pair, drawn, columns)
    pin_columns(g, columns, "compare")
    diagram = canvas.finish(columns=2)
    return diagram


def _port(stub: cards.Stub) -> str:
    return ("p_" + stub.kind[:2] + "_" + stub.other.replace(".", "_").replace("-", "_"))[:60]


def _columns(keys: list[str], count: int, stubs_of: dict[str, list[cards.Stub]]) -> list[list[str]]:
    """A side's cards in ``count`` columns, the innermost (last) first holding the cards
    whose lines cross to the other school."""
    if not keys:
        return []
    if count <= 1:
        return [keys]
    size = math.ceil(len(keys) / count)
    crossing = [k for k in keys if any(s.port for s in stubs_of[k])]
    rest = [k for k in keys if k not in crossing]
    ordered = rest + crossing  # outermost first, the crossing ones nearest the middle
    parts = [ordered[i * size : (i + 1) * size] for i in range(count)]
    # Outermost first: B's sides are turned round by the caller.
    index = {k: i for i, k in enumerate(keys)}
    return [sorted(p, key=index.__getitem__) for p in parts if p] or [keys]


def _heading(canvas: Canvas, school: School, spacer: int | None = None) -> str:
    """A side's heading, on top of its outer column: the school's tag and name, then its
    thesis (its short form), in the school's look. ``spacer``: an invisible copy, on top
    of the side's other column of that number, so that all its cards start below it."""
    t = canvas.theme
    look = canvas.looks[school.id]
    canvas.use_school(school.id)
    thesis = school.short or school.thesis
    label = dot.table(
        [
            dot.row(
                dot.cell(
                    dot.text(f"{look.tag}  {school.name}", 36, size=t.size + 2, bold=True),
                    align="LEFT",
                    balign="LEFT",
                )
            ),
            dot.row(
                dot.cell(
                    dot.text(thesis, 44, size=t.size, italic=True), align="LEFT", balign="LEFT"
                )
            ),
        ],
        cellpadding=2,
    )
    if spacer is not None:
        name = dot.node_id("compare__spacer", f"{school.id}.{spacer}")
        canvas.graph.node(name, label=dot.html(label), shape="box", style="invis")
        return name
    name = dot.node_id("thesis", school.id)
    canvas.graph.node(
        name,
        label=dot.html(label),
        shape="box",
        style=look.box_style,
        fillcolor=look.fill,
        color=t.line,
        penwidth=f"{t.penwidth * 2:g}",
        tooltip=dot.plain(f"{school.name}: {school.thesis}"),
    )
    return canvas.record(name, "school", school.id)


def _middle(
    canvas: Canvas,
    drawer: cards.Cards,
    pair: Pair,
    page: _Page,
    left: School,
    right: School,
) -> list[str]:
    """The shared column: the evidence both cite (date order), the historians both name,
    the factors both argue; each naming the cards of this page that use it."""
    topic = canvas.topic
    t = canvas.theme
    f = drawer.fit
    drawn = [*page.left, *page.right]
    # A page that shows only some of the claims shows what those claims share.
    partial = len(drawn) < len(left.claims) + len(right.claims)
    cluster = canvas.graph
    heading = "compare__shared"
    cluster.node(
        heading,
        label=dot.html(dot.text("Shared by both", size=t.size + 2, bold=True, align="CENTER")),
        shape="plain",
    )
    nodes = [heading]

    every = [c.key for c in (*left.claims, *right.claims)]

    def users(kind: str, ident: str) -> str:
        """The claims of either school that cite, name or argue the item (on this page or
        another: a shared item is shared by both, whichever page shows their cards); ""
        when none of this page's cards does."""
        uses: dict[str, Callable[[Claim], bool]] = {
            "evidence": lambda c: any(e.id == ident for e in c.evidence),
            "historian": lambda c: any(h.id == ident for h in c.historians),
            "factor": lambda c: ident in c.factors,
        }
        if not any(uses[kind](topic.claim[k]) for k in drawn):
            return ""
        return ", ".join(drawer.numbers[k] for k in every if uses[kind](topic.claim[k]))

    items = sorted((topic.evidence_item[i] for i in pair.evidence), key=lambda e: e.date_key)
    years: dict[int | None, list[tuple[dot.Markup, str]]] = {}
    for item in items:
        who = users("evidence", item.id)
        if not who and partial:
            continue
        canvas.legend_node("shared-evidence", "evidence both cite (shaded on cards)")
        when = dates.display(item.when) if item.when else "undated"
        line = dot.text(when, 30, size=f.small, bold=True)
        words = item.short or ("" if t.slide else item.text)  # a slide: no whole texts
        if words:
            line = line + dot.text(words, f.ev_wrap + 4, size=f.small)
        if who:
            line = line + dot.text("cited by " + who, f.ev_wrap + 4, size=f.small, color=t.muted)
        years.setdefault(item.year, []).append((line, canvas.evidence_tooltip(item)))
    for year, lines in years.items():
        name = dot.node_id("shared", f"year-{year}" if year else "undated")
        rows = [
            dot.row(dot.cell(line, align="LEFT", balign="LEFT", tooltip=tip)) for line, tip in lines
        ]
        cluster.node(
            name,
            label=dot.html(dot.table(rows, cellpadding=2)),
            shape="note",
            style="filled",
            fillcolor="#E8E8E8",
            color=t.line,
            tooltip=dot.plain(f"Evidence both schools cite, {year or 'undated'}"),
        )
        nodes.append(name)
    people = []
    for person in pair.historians:
        who = users("historian", person)
        if who or not partial:
            line = dot.text(topic.historian[person].name, 30, size=f.size, bold=True)
            # A school that names the historian for itself, not for one of its claims.
            listed = [
                f"{canvas.looks[s.id].tag}'s historians"
                for s in (left, right)
                if not any(h.id == person for c in s.claims for h in c.historians)
            ]
            named = ", ".join([who, *listed] if who else listed)
            words = "named by " + named
            people.append(line + dot.text(words, f.ev_wrap, size=f.small, color=t.muted))
    if people:
        canvas.legend_node("shared-historian")
        nodes.append(_listing(cluster, "shared__historians", "Historians both name", people, t))
    factors = []
    for factor in pair.factors if not partial else ():
        who = users("factor", factor)
        line = dot.text(topic.factor[factor].name, 30, size=f.size, bold=True)
        if who:
            line = line + dot.text("argued by " + who, f.ev_wrap, size=f.small, color=t.muted)
        factors.append(line)
    if factors:
        canvas.legend_node("shared-factor")
        nodes.append(_listing(cluster, "shared__factors", "Factors both argue", factors, t))
    if len(nodes) == 1:
        cluster.node(
            "compare__nothing",
            label=dot.html(
                dot.text(
                    "no shared evidence, historians or factors"
                    if not partial
                    else "nothing shared by these claims",
                    20,
                    size=t.small,
                    italic=True,
                    color=t.muted,
                )
            ),
            shape="plaintext",
        )
        nodes.append("compare__nothing")
    return nodes


def _listing(
    cluster: graphviz.Digraph, name: str, title: str, lines: list[dot.Markup], t: Theme
) -> str:
    """One box of the middle column: a title and a line per item."""
    rows = [dot.row(dot.cell(dot.text(title, size=t.small, bold=True, color=t.muted)))]
    rows += [dot.row(dot.cell(line, align="LEFT", balign="LEFT")) for line in lines]
    cluster.node(
        name,
        label=dot.html(dot.table(rows, cellpadding=2)),
        shape="box",
        style="rounded,filled,bold",
        fillcolor="#F4F4F4",
        color=t.line,
    )
    return name


def _lines(canvas: Canvas, pair: Pair, drawn: set[str], columns: list[list[str]]) -> None:
    """Each agreement, qualification and challenge between two drawn cards: a line from
    the stub of one to the stub of the other, written left to right as the columns run
    (``dir=back`` keeps the arrow where the meaning puts it), the note on hover."""
    column = {node: i for i, col in enumerate(columns) for node in col}
    for link in (*pair.agreements, *pair.conflicts):
        if link.source not in drawn or link.target not in drawn:
            continue
        tail, head = dot.node_id("claim", link.source), dot.node_id("claim", link.target)
        tail_port = _port(cards.Stub(link.kind, link.target, True))
        head_port = _port(cards.Stub(link.kind, link.source, False))
        attrs = link_attrs(link)
        style = canvas.edge_style(link.kind)
        if column.get(tail, 0) > column.get(head, 0):
            tail, head = head, tail
            tail_port, head_port = head_port, tail_port
            if style.get("dir") != "both":
                attrs = {"dir": "back", "arrowtail": style.get("arrowhead", "normal"), **attrs}
        canvas.edge(
            tail,
            head,
            link.kind,
            tailport=f"{tail_port}:e",
            headport=f"{head_port}:w",
            **attrs,
        )
