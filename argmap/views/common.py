"""What every view shares: a canvas that draws the model's things the same way in every
diagram, remembers each style it used, and ends with a title and a legend that explains
exactly those styles.

Views describe graphs; they never render. All user text goes through :mod:`argmap.dot`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

import graphviz

from argmap import dot
from argmap.analysis import Analysis
from argmap.model import Claim, Evidence, Factor, Historian, HistorianCite, School
from argmap.overlap import Link
from argmap.themes import RenderSettings, SchoolLook, Theme

# Edge kinds: what the legend says of each, and how it is drawn (before theme sizes).
EDGE_KINDS: dict[str, tuple[str, dict[str, str]]] = {
    "cites": ("claim cites evidence", {"style": "solid", "arrowhead": "none", "color": "#888888"}),
    "argues": (
        "historian argues the claim",
        {"style": "dotted", "arrowhead": "none", "color": "#888888"},
    ),
    "carries": ("bears on factor", {"style": "dotted", "arrowhead": "empty", "color": "#AAAAAA"}),
    "develops": ("claim develops the thesis", {"style": "solid", "arrowhead": "none"}),
    "supports": ("supports", {"style": "solid", "arrowhead": "normal"}),
    "agrees": ("agrees with", {"style": "dashed", "arrowhead": "normal", "dir": "both"}),
    "qualifies": (
        "qualifies (partly accepts, partly corrects)",
        {"style": "dashed", "arrowhead": "onormal"},
    ),
    "challenges": ("challenges (conflict)", {"style": "bold", "arrowhead": "tee"}),
    "uses": ("school draws on this", {"style": "dotted", "arrowhead": "none"}),
    "shares": (
        "the more they share, the thicker the line",
        {"style": "solid", "arrowhead": "none", "color": "#8C8C8C"},
    ),
}

# A view split into a series of pages (or slides) splits into at most this many; a topic
# that would need more is drawn whole, and render.LIMITS refuses that with advice (draw one
# school, or a comparison of two): hundreds of slides are no more readable than a wall.
SERIES_LIMIT = 60

NODE_SHAPES = {
    "thesis": "box",
    "claim": "box",
    "evidence": "note",
    "historian": "ellipse",
    "factor": "hexagon",
    "school": "box",
}


def table(rows: Iterable[dot.Markup], padding: int = 1) -> dot.Markup:
    """An HTML-like table of rows, without borders: the body of every label."""
    return dot.table(rows, cellpadding=padding)


def text_row(content: dot.Markup, **attrs: object) -> dot.Markup:
    """A row of one left-aligned cell (the body of a card)."""
    return dot.row(dot.cell(content, align="LEFT", balign="LEFT", **attrs))


@dataclass(frozen=True)
class Entity:
    """What a node of a diagram stands for: a thing of the model, by kind and id (a claim
    by its key). The HTML report links and explains nodes with it."""

    kind: str  # "claim", "evidence", "historian", "factor", "school"
    id: str


@dataclass(frozen=True)
class KeyEntry:
    """One entry of a diagram's legend, as data: a school (its look is the theme's), a kind
    of box (``style``: shape, fill, border) or a kind of line (``style``: its DOT
    attributes). The HTML report draws one key for all its diagrams from these."""

    kind: str  # "school", "node" or "edge"
    name: str  # the school id, the node kind ("evidence", a view's own), the edge kind
    words: str
    style: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Diagram:
    """A finished graph description: what to call it, the DOT to lay out, how to render
    it (kept out of the DOT), and which node stands for which thing of the model.

    A view returns one Diagram, or several (a series of pages: a slide split in three);
    the pages of a series carry ``page`` and ``pages``."""

    name: str  # the file stem: "overlap", "school-power-politics", ...
    title: str
    graph: graphviz.Digraph
    settings: RenderSettings = field(default_factory=lambda: RenderSettings())
    entities: Mapping[str, Entity] = field(default_factory=dict)
    page: int = 1
    pages: int = 1
    key: tuple[KeyEntry, ...] = ()  # what its legend explains (drawn or not: --no-legend)

    @property
    def source(self) -> str:
        return self.graph.source


class Canvas:
    """Draws the model's things in one consistent style and keeps a legend of them."""

    def __init__(
        self,
        analysis: Analysis,
        theme: Theme,
        *,
        name: str,
        title: str,
        shows: str,
        rankdir: str = "TB",
        newrank: bool = False,
        narrow: bool = False,
    ) -> None:
        """``narrow``: the diagram is narrow (a portrait page), so is its title."""
        self.analysis = analysis
        self.topic = topic = analysis.topic
        self.overlap = analysis.overlap
        self.theme = theme
        self.name = name
        self.title = title
        self.looks: dict[str, SchoolLook] = theme.looks(topic)
        self.graph = graphviz.Digraph(name=name.replace("-", "_"))
        self.rankdir = rankdir
        self.newrank = newrank
        self._last: list[str] = []  # nodes the legend must come after (see finish)
        self._legend_nodes: dict[str, tuple[str, dict[str, str]]] = {}
        self._legend_edges: dict[str, str] = {}
        self._legend_schools: list[str] = []
        self._legend_samples: dict[str, tuple[dot.Markup, str]] = {}
        self.entities: dict[str, Entity] = {}
        t = theme
        self.graph.attr(
            "graph",
            rankdir=rankdir,
            newrank="true" if newrank else None,
            fontname=t.font,
            fontsize=f"{t.size:g}",
            labelloc="t",
            labeljust="l",
            nodesep="0.3",
            ranksep="0.45",
            bgcolor="white",
            outputorder="edgesfirst",
            label=dot.html(
                dot.block(
                    topic.question,
                    60 if t.slide or narrow else 90,
                    size=t.title,
                    bold=True,
                )
                + dot.block(title, 80 if narrow else 110, size=t.size, color=t.muted)
                + dot.block(shows, 100 if narrow else 120, size=t.small, color=t.muted)
            ),
            **t.graph_attrs,
        )
        self.graph.attr(
            "node",
            fontname=t.font,
            fontsize=f"{t.size:g}",
            penwidth=f"{t.penwidth:g}",
            color=t.ink,
            fontcolor=t.ink,
            margin="0.12,0.06",
        )
        self.graph.attr(
            "edge",
            penwidth=f"{t.penwidth:g}",
            color=t.ink,
            fontname=t.font,
            fontsize=f"{t.small:g}",
        )

    # -- the things of the model -----------------------------------------------------------

    def school_tag(self, school: str, *, legend: bool = True) -> dot.Markup:
        """The coloured tag cell of a school, as in a table row (``legend``: the legend
        explains the school; a view that names the school beside its tag says no)."""
        look = self.looks[school]
        if legend:
            self.use_school(school)
        return dot.cell(
            dot.block(look.tag, 12, size=self.theme.small, bold=True, align="CENTER"),
            bgcolor=look.fill,
            color=self.theme.line,
            border=1,
        )

    def tags_row(self, schools: tuple[str, ...] | list[str], colspan: int = 1) -> dot.Markup:
        inner = dot.table(
            [dot.row(*(self.school_tag(s) for s in schools))], cellspacing=2, cellpadding=2
        )
        return dot.row(dot.cell(inner, colspan=colspan, align="LEFT", border=0))

    def record(self, node: str, kind: str, ident: str) -> str:
        """Remember that ``node`` stands for a thing of the model (for the report)."""
        self.entities[node] = Entity(kind, ident)
        return node

    def claim(
        self,
        claim: Claim,
        *,
        graph: graphviz.Digraph | None = None,
        wrap: int | None = None,
        counter: bool = False,
    ) -> str:
        """A claim, in its school's look, labelled with the school's tag."""
        look = self.looks[claim.school]
        self.use_school(claim.school)
        name = dot.node_id("claim", claim.key)
        kind = "counter" if counter else "claim"
        self.legend_node(kind)
        text = dot.block(claim.text, wrap or self.theme.wrap)
        label = table([self.tags_row([claim.school]), text_row(text)])
        (graph or self.graph).node(
            name,
            label=dot.html(label),
            shape="box",
            style=look.box_style,
            fillcolor=look.fill,
            color=self.theme.line,
            tooltip=dot.plain(self.claim_tooltip(claim)),
        )
        return self.record(name, "claim", claim.key)

    def claim_tooltip(self, claim: Claim) -> str:
        school = self.topic.school[claim.school]
        people = "; ".join(self.cite_text(c) for c in claim.historians)
        return f"{school.name}: {claim.text}" + (f"\nHistorians: {people}" if people else "")

    def cite_text(self, cite: HistorianCite) -> str:
        person = self.topic.historian[cite.id]
        if cite.work:
            _, work = self.topic.work[cite.work]
            year = f", {work.year}" if work.year else ""
            page = f", p. {cite.page}" if cite.page else ""
            return f"{person.name}, {work.title}{year}{page}"
        return person.name

    def evidence(
        self, item: Evidence, *, users: tuple[str, ...] = (), graph: graphviz.Digraph | None = None
    ) -> str:
        """An evidence item with its date; shared ones carry the tags of every user."""
        name = dot.node_id("evidence", item.id)
        shared = len(users) > 1
        self.legend_node("shared-evidence" if shared else "evidence")
        rows = []
        if shared:
            rows.append(self.tags_row(users))
        head = item.date or "undated"
        if item.kind != "event":
            head += f" · {item.kind}"
        rows.append(
            text_row(
                dot.block(head, 40, size=self.theme.small, bold=True)
                + dot.block(item.text, self.theme.wrap)
            )
        )
        (graph or self.graph).node(
            name,
            label=dot.html(table(rows)),
            shape="note",
            style="filled",
            fillcolor="#FFFFFF" if not shared else "#F4F4F4",
            penwidth=f"{self.theme.penwidth * (2 if shared else 1):g}",
            tooltip=dot.plain(self.evidence_tooltip(item)),
        )
        return self.record(name, "evidence", item.id)

    def evidence_tooltip(self, item: Evidence) -> str:
        parts = [f"{item.date or 'undated'}: {item.text}"]
        if item.quote:
            parts.append(f"“{item.quote}”")
        if item.source:
            parts.append(f"Source: {item.source}")
        if item.caveat:
            parts.append(f"Caveat: {item.caveat}")
        return "\n".join(parts)

    def historian(
        self,
        person: Historian,
        *,
        users: tuple[str, ...] = (),
        cites: tuple[HistorianCite, ...] = (),
        graph: graphviz.Digraph | None = None,
    ) -> str:
        """A historian with the works this diagram cites (or their first work)."""
        name = dot.node_id("historian", person.id)
        shared = len(users) > 1
        self.legend_node("shared-historian" if shared else "historian")
        works = [c.work for c in cites if c.work]
        chosen = [w for w in person.works if w.id in works] or list(person.works[:1])
        lines = dot.join(
            dot.block(
                f"{w.title} ({w.year})" if w.year else w.title,
                self.theme.wrap,
                size=self.theme.small,
                italic=True,
            )
            for w in chosen
        )
        rows = [self.tags_row(users)] if shared else []
        rows.append(dot.row(dot.cell(dot.block(person.name, 30, bold=True) + lines, balign="LEFT")))
        (graph or self.graph).node(
            name,
            label=dot.html(table(rows)),
            shape="ellipse",
            style="filled",
            fillcolor="#FFFFFF" if not shared else "#F4F4F4",
            penwidth=f"{self.theme.penwidth * (2 if shared else 1):g}",
            tooltip=dot.plain("; ".join([person.name, *(w.title for w in person.works)])),
        )
        return self.record(name, "historian", person.id)

    def factor(
        self, factor: Factor, *, users: tuple[str, ...] = (), graph: graphviz.Digraph | None = None
    ) -> str:
        name = dot.node_id("factor", factor.id)
        shared = len(users) > 1
        self.legend_node("shared-factor" if shared else "factor")
        rows = [self.tags_row(users)] if shared else []
        rows.append(dot.row(dot.cell(dot.block(factor.name, 26, bold=True, align="CENTER"))))
        (graph or self.graph).node(
            name,
            label=dot.html(table(rows)),
            shape="hexagon",
            style="filled",
            fillcolor="#FFF8E1" if not self.theme.greyscale else "#F2F2F2",
            penwidth=f"{self.theme.penwidth * (2 if shared else 1):g}",
            tooltip=dot.plain(factor.description or factor.name),
        )
        return self.record(name, "factor", factor.id)

    def edge(
        self,
        tail: str,
        head: str,
        kind: str,
        *,
        school: str | None = None,
        graph: graphviz.Digraph | None = None,
        **attrs: str,
    ) -> None:
        """An edge of a known kind; a school colours it when given (not in print)."""
        merged = self.edge_style(kind)
        merged.update(attrs)
        self._legend_edges.setdefault(kind, EDGE_KINDS[kind][0])
        (graph or self.graph).edge(tail, head, **merged)

    def edge_style(self, kind: str) -> dict[str, str]:
        """How an edge of a kind is drawn in this theme (what the legend samples too)."""
        style = dict(EDGE_KINDS[kind][1])
        if kind == "challenges":
            style["color"] = self.theme.conflict
            style["penwidth"] = f"{self.theme.penwidth * 2:g}"
        elif kind in ("agrees", "qualifies"):
            style["color"] = self.theme.agreement
        return style

    # -- title and legend ----------------------------------------------------------------

    def use_school(self, school: str) -> None:
        """Put a school's colour, pattern and tag in the legend."""
        if school not in self._legend_schools:
            self._legend_schools.append(school)

    def legend_node(self, kind: str, text: str | None = None, shape: str = "box") -> None:
        """Put a kind of node in the legend: one of the model's kinds below, or a view's
        own (``text`` says what it is, ``shape`` how it is drawn)."""
        if text is not None:
            self._legend_nodes.setdefault(kind, (text, {"shape": shape}))
            return
        descriptions = {
            "claim": ("claim, in its school's colour", "box"),
            "counter": ("counter-argument (a claim that challenges)", "box"),
            "evidence": ("evidence, with its date", "note"),
            "shared-evidence": ("evidence shared by the schools tagged on it", "note"),
            "historian": ("historian, with work and year", "ellipse"),
            "shared-historian": ("historian shared by the schools tagged", "ellipse"),
            "factor": ("factor (theme of an essay)", "hexagon"),
            "shared-factor": ("factor carried by the schools tagged", "hexagon"),
        }
        text, shape = descriptions[kind]
        self._legend_nodes.setdefault(kind, (text, {"shape": shape}))

    def legend_sample(self, key: str, sample: dot.Markup, words: str) -> None:
        """Put a view's own miniature in the legend (a cell drawn as the diagram draws the
        thing: a count in its colour, a shaded cell), once per ``key``."""
        self._legend_samples.setdefault(key, (sample, words))

    def legend_mark(self, kind: str, mark: str, text: str, color: str | None = None) -> None:
        """Put a mark drawn inside boxes in the legend (a card's stub: "✕ challenged by"),
        as the mark itself in its colour beside its words."""
        t = self.theme
        sample = dot.cell(
            dot.text(mark, size=t.size, bold=True, color=color or t.ink, align="CENTER"),
            width=round(t.small * 3.2),
        )
        self.legend_sample(kind, sample, text)

    def legend_entries(self) -> list[str]:
        """What the legend explains, in words (also what tests compare with the graph)."""
        entries = [
            f"{self.looks[s].tag}: {self.topic.school[s].name}"
            + (f" ({self.looks[s].pattern})" if self.looks[s].pattern else "")
            for s in self._legend_schools
        ]
        entries += [text for text, _ in self._legend_nodes.values()]
        entries += list(self._legend_edges.values())
        entries += [words for _, words in self._legend_samples.values()]
        return entries

    def legend_samples(self) -> list[tuple[dot.Markup, str]]:
        """Each legend entry as a real miniature (a school's swatch, a box drawn as the
        diagram draws it, a short sample of a line) and its words."""
        t = self.theme
        out = []
        for s in self._legend_schools:
            look = self.looks[s]
            words = self.topic.school[s].name + (f" ({look.pattern})" if look.pattern else "")
            out.append((self.swatch(look.fill, look.border, look.tag), words))
        for kind, (text, _) in self._legend_nodes.items():
            fill, border = _node_swatch(kind)
            out.append((self.swatch(fill, border, ""), text))
        for kind, text in self._legend_edges.items():
            style = self.edge_style(kind)
            width = max(1, round(float(style.get("penwidth", t.penwidth))))
            line = style.get("style", "solid")
            out.append(
                (
                    dot.cell(
                        sides="B",
                        border=width,
                        color=style.get("color", t.ink),
                        style=line if line in ("dashed", "dotted") else None,
                        width=round(t.small * 4),
                        height=round(t.small),
                        fixedsize=True,
                    ),
                    text,
                )
            )
        out.extend(self._legend_samples.values())
        return out

    def key(self) -> tuple[KeyEntry, ...]:
        """What the legend explains, as data (in the legend's order)."""
        out = [KeyEntry("school", s, self.topic.school[s].name) for s in self._legend_schools]
        for kind, (text, attrs) in self._legend_nodes.items():
            fill, border = _node_swatch(kind)
            shape = attrs.get("shape", "box")
            out.append(
                KeyEntry("node", kind, text, (("shape", shape), ("fill", fill), ("border", border)))
            )
        for kind, text in self._legend_edges.items():
            out.append(KeyEntry("edge", kind, text, tuple(sorted(self.edge_style(kind).items()))))
        return tuple(out)

    def swatch(self, fill: str, border: str, tag: str) -> dot.Markup:
        """A miniature rounded box in ``fill`` with a ``border`` outline (and ``tag``)."""
        t = self.theme
        return dot.cell(
            dot.text(tag, size=t.small, bold=True, align="CENTER") if tag else dot.EMPTY,
            bgcolor=fill,
            color=t.line,
            border=2 if border == "bold" else 1,
            style="rounded" + (f",{border}" if border in ("dashed", "dotted") else ""),
            width=round(t.small * 3.2),
            height=round(t.small * 1.6),
            fixedsize=True,
        )

    def finish(self, *, columns: int | None = None) -> Diagram:
        """Add the legend (every colour, shape and line style used, once) and return the
        diagram. The legend is one strip out of the flow: below a top-down diagram, beside
        a left-to-right one (the last rank either way), ``columns`` entries a row."""
        t = self.theme
        samples = self.legend_samples()
        if not t.legend or not samples:
            return self.diagram()
        across = self.rankdir in ("LR", "RL")
        per_row = columns or (1 if across else (3 if t.slide else 4))
        rows = []
        for start in range(0, len(samples), per_row):
            cells: list[dot.Markup] = []
            for sample, words in samples[start : start + per_row]:
                cells.append(sample)
                words_of = dot.text(words, 24 if t.slide else 34, size=t.small, lines=3)
                cells.append(dot.cell(words_of, align="LEFT"))
            rows.append(dot.row(*cells))
        key = dot.text("Key", size=t.small, bold=True, color=t.muted)
        head = dot.row(dot.cell(key, colspan=2 * min(per_row, len(samples)), align="LEFT"))
        with self.graph.subgraph(name="legend") as legend:
            legend.attr(rank="sink")  # the last rank (newrank ignores it: see after())
            legend.node(
                "legend",
                label=dot.html(dot.table([head, *rows], cellspacing=2, cellpadding=1)),
                shape="plain",
                id="legend",
            )
        for node in self._last:
            self.graph.edge(node, "legend", style="invis")
        return self.diagram()

    def after(self, *nodes: str) -> None:
        """Nodes of the last rank: the legend goes one rank after them. A diagram drawn
        with ``newrank`` needs this (Graphviz's newrank ignores rank=sink)."""
        self._last.extend(nodes)

    def diagram(self) -> Diagram:
        """The diagram as drawn so far (``finish`` adds the legend first)."""
        return Diagram(
            self.name,
            self.title,
            self.graph,
            settings=self.theme.page_settings,
            entities=dict(self.entities),
            key=self.key(),
        )


def _node_swatch(kind: str) -> tuple[str, str]:
    """The fill and border of a kind of box in the legend: shared things are grey, bold."""
    shared = kind.startswith("shared-")
    return ("#F4F4F4", "bold") if shared else ("#FFFFFF", "solid")


# -- building blocks that several views share --------------------------------------------

BORDERS = ("solid", "dashed", "dotted", "bold")


def school_of(key: str) -> str:
    """The school id of a claim key ``<school>.<claim>``."""
    return key.split(".")[0]


def school_cluster(canvas: Canvas, school: School, label: str) -> graphviz.Digraph:
    """A cluster for one school, in its look: the border colour and border style (print)."""
    look = canvas.looks[school.id]
    border = look.border if look.border != "bold" else "solid"
    cluster = graphviz.Digraph(name=dot.node_id("cluster_school", school.id))
    cluster.attr(
        label=label,
        style=f"rounded,{border}",
        color=look.color,
        penwidth=f"{canvas.theme.penwidth * 1.5:g}",
        fontcolor=canvas.theme.ink,
        labeljust="l",
        margin="12",
    )
    canvas.use_school(school.id)  # the legend explains the school's colour and tag
    return cluster


def school_heading(
    canvas: Canvas,
    school: School,
    *,
    wrap: int,
    thesis: str | None = None,
    note: str = "",
    small_thesis: bool = False,
) -> dot.Markup:
    """A school's tag, name and thesis (and a muted note), as an HTML-like table."""
    t = canvas.theme
    body = (
        dot.block(school.name, wrap, bold=True)
        + dot.block(
            thesis or school.thesis, wrap, italic=True, size=t.small if small_thesis else None
        )
        + (dot.block(note, wrap + 6, size=t.small, color=t.muted) if note else dot.EMPTY)
    )
    return table([canvas.tags_row([school.id]), text_row(body)])


def thesis_node(
    canvas: Canvas,
    school: School,
    graph: graphviz.Digraph,
    *,
    wrap: int,
    thesis: str | None = None,
    note: str = "",
) -> str:
    """A school's thesis (or ``thesis`` given, e.g. shortened) under its name, in its look."""
    t = canvas.theme
    look = canvas.looks[school.id]
    name = dot.node_id("thesis", school.id)
    label = school_heading(canvas, school, wrap=wrap, thesis=thesis, note=note)
    graph.node(
        name,
        label=dot.html(label),
        shape="box",
        style=look.box_style,
        fillcolor=look.fill,
        color=look.color,
        penwidth=f"{t.penwidth * 2:g}",
        tooltip=dot.plain(f"{school.name}: {school.thesis}"),
    )
    canvas.legend_node("thesis", "school: its name and thesis, in its colour")
    return canvas.record(name, "school", school.id)


def numbered(title: str, part: str, page: int, pages: int) -> str:
    """A page's title in a series, one scheme for every view: what the view shows, what
    this page holds, and its number ("Timeline: ...: 1922–1925 (2/4)")."""
    if pages <= 1:
        return title
    return f"{title}: {part} ({page}/{pages})" if part else f"{title} ({page}/{pages})"


def year_span(first: object, last: object) -> str:
    """ "1922–1925", or "1960" for a run of one year."""
    return str(first) if first == last else f"{first}–{last}"


def on_hover(theme: Theme, what: str) -> str:
    """ " (WHAT on hover)" for a subtitle, where a reader can hover: not on paper."""
    return "" if theme.paper else f" ({what} on hover)"


def pin_columns(graph: graphviz.Digraph, columns: Sequence[Sequence[str]], prefix: str) -> str:
    """Pin each column of nodes to one rank, columns in order (left to right under LR),
    with an invisible anchor per column so that an empty or unlinked column keeps its place;
    the last column's anchor."""
    anchors = []
    for i, column in enumerate(columns):
        anchor = f"{prefix}__col{i}"
        with graph.subgraph() as same:
            same.attr(rank="same")
            same.node(anchor, label="", shape="point", style="invis", width="0", height="0")
            for node in column:
                same.node(node)
        anchors.append(anchor)
    for tail, head in zip(anchors, anchors[1:], strict=False):
        graph.edge(tail, head, style="invis")
    return anchors[-1]


def flow_edge(
    canvas: Canvas,
    tail: str,
    head: str,
    kind: str,
    column: dict[str, int],
    **attrs: str,
) -> None:
    """An edge written left to right (as the columns run) so it never fights the ranks;
    when that reverses it, ``dir=back`` keeps its arrow where its meaning puts it."""
    if column.get(tail, 0) > column.get(head, 0):
        style = EDGE_KINDS[kind][1]
        tail, head = head, tail
        if style.get("dir") != "both":
            attrs = {"dir": "back", "arrowtail": style.get("arrowhead", "normal"), **attrs}
    canvas.edge(tail, head, kind, **attrs)


def link_attrs(link: Link) -> dict[str, str]:
    """A class for the SVG (and for tests) and a tooltip naming the two claims."""
    return {
        "class": "conflict" if link.kind == "challenges" else "agreement",
        "tooltip": dot.plain(
            f"{link.source} {link.kind} {link.target}" + (f": {link.note}" if link.note else "")
        ),
    }


def short(text: str, limit: int) -> str:
    """The first sentence of ``text``, cut at a word to at most ``limit`` characters."""
    first = text.split(". ")[0].split("; ")[0].rstrip(".")
    if len(first) <= limit:
        return first + "."
    return first[:limit].rsplit(" ", 1)[0].rstrip(",;:") + " …"


# -- progressive builds: one diagram revealed a step at a time (argmap deck --build-up) --------

# The head of one statement of the graphviz package's DOT: a node or an edge (each end an
# ID with up to two ports), a default or assignment, a subgraph's opening or its end.
_DOT_ID = (
    r'"(?:[^"\\]|\\.)*"|[A-Za-z_\x80-\U0010ffff][\w\x80-\U0010ffff]*|-?(?:\.\d+|\d+(?:\.\d*)?)'
)
_STATEMENT = re.compile(
    rf"(?P<tail>{_DOT_ID})(?::(?:{_DOT_ID})){{0,2}}\s*(?:->\s*(?P<head>{_DOT_ID})"
    rf"(?::(?:{_DOT_ID})){{0,2}})?\s*(?P<rest>.*)\Z",
    re.S,
)
_INVISIBLE = re.compile(r'\bstyle\s*=\s*"?invis"?[\s\]]')
_OPEN = re.compile(rf"(?:subgraph\s*(?P<name>{_DOT_ID})?\s*)?\{{\s*\Z", re.S)


def _unquote(name: str) -> str:
    return name[1:-1].replace('\\"', '"') if name.startswith('"') else name


@dataclass
class _Statement:
    """One entry of a graph's body, as the graphviz package writes them, one a line."""

    kind: str  # "node", "edge", "open", "close", "other"
    names: tuple[str, ...] = ()  # a node's name; an edge's tail and head
    invisible: bool = False  # an edge that was drawn invisible already (layout only)
    cluster: str | None = None  # an opening: the subgraph's name when it is a cluster


def _statement(entry: str) -> _Statement:
    text = entry.strip()
    if text == "}":
        return _Statement("close")
    opening = _OPEN.match(text)
    if opening:
        name = _unquote(opening.group("name") or "")
        return _Statement("open", cluster=name if name.startswith("cluster") else None)
    match = _STATEMENT.match(text)
    if match is None:
        return _Statement("other")
    tail, head, rest = match.group("tail"), match.group("head"), match.group("rest")
    if head is None and (tail in ("graph", "node", "edge") or rest.startswith("=")):
        return _Statement("other")  # defaults, or an attribute of the (sub)graph
    if head is None:
        return _Statement("node", (_unquote(tail),))
    return _Statement("edge", (_unquote(tail), _unquote(head)), bool(_INVISIBLE.search(rest)))


def _hide(entry: str) -> str:
    """A node or edge statement drawn invisible (the last ``style`` of a list wins)."""
    body = entry.rstrip()
    return f"{body[:-1]} style=invis]\n" if body.endswith("]") else f"{body} [style=invis]\n"


def reveal_steps(diagram: Diagram, kind: str) -> int:
    """How many steps a progressive build of ``diagram`` by things of ``kind`` takes: one
    for each node that stands for such a thing (see :func:`reveal`)."""
    return sum(1 for entity in diagram.entities.values() if entity.kind == kind)


def reveal(diagram: Diagram, kind: str, shown: int) -> Diagram:
    """The diagram with only its first ``shown`` things of ``kind`` revealed (schools, or
    claims), in the order the view drew them, for a build that shows a diagram a step at a
    time. Nothing moves between steps: the whole diagram is laid out every time, and what
    is not yet revealed is drawn invisible (``style=invis``) in place.

    What is revealed with them: a node that stands for no such thing appears once every
    thing of ``kind`` it is linked to has (what two schools share, once both are shown; a
    claim's evidence once the claims citing it are), or from the start when it is linked
    to none (the legend, headings); a line appears with both its ends; a cluster with
    the first node in it (a cluster not yet shown is put on a layer that is not drawn:
    Graphviz draws the HTML label of an invisible cluster). Lines drawn invisible already
    (layout only) link nothing. With every thing shown the diagram is returned as it was,
    byte for byte.
    """
    order = [node for node, entity in diagram.entities.items() if entity.kind == kind]
    if shown >= len(order):
        return diagram
    graph = diagram.graph.copy()
    parsed = [_statement(entry) for entry in graph.body]
    paced = set(order)
    visible_paced = set(order[: max(shown, 0)])
    linked: dict[str, set[str]] = {}
    declared: set[str] = set()
    for st in parsed:
        if st.kind == "node":
            declared.add(st.names[0])
        elif st.kind == "edge":
            declared.update(st.names)
            if not st.invisible and "legend" not in st.names:
                tail, head = st.names
                linked.setdefault(tail, set()).add(head)
                linked.setdefault(head, set()).add(tail)

    def visible(node: str) -> bool:
        if node in paced:
            return node in visible_paced
        return all(other in visible_paced for other in linked.get(node, ()) if other in paced)

    hidden = {node for node in declared if not visible(node)}
    # Each cluster's nodes (nested ones included), to hide a cluster none of whose is shown.
    members: list[tuple[int, str | None, set[str]]] = []  # open clusters: index, name, nodes
    empty_clusters: set[int] = set()  # index of the closing brace of each cluster to hide
    for i, st in enumerate(parsed):
        if st.kind == "open":
            members.append((i, st.cluster, set()))
        elif st.kind == "close" and members:
            _, cluster, nodes = members.pop()
            if members:
                members[-1][2].update(nodes)
            if cluster and nodes and nodes <= hidden:
                empty_clusters.add(i)
        elif st.kind == "node" and members:
            members[-1][2].add(st.names[0])
    body: list[str] = []
    named: set[str] = set()
    for i, (entry, st) in enumerate(zip(graph.body, parsed, strict=True)):
        if i in empty_clusters:  # Graphviz draws the HTML label of an invisible cluster:
            indent = entry[: len(entry) - len(entry.lstrip())]  # a layer not drawn hides it
            body.append(f"{indent}\tlayer=hidden\n")
        if st.kind == "node" and st.names[0] in hidden:
            named.add(st.names[0])
            entry = _hide(entry)
        elif st.kind == "edge" and not st.invisible and hidden.intersection(st.names):
            entry = _hide(entry)
        body.append(entry)
    # A hidden node that only edges name (never declared on its own line) is hidden too.
    quoted = ('"' + name.replace('"', '\\"') + '"' for name in sorted(hidden - named))
    body += [f"\t{name} [style=invis]\n" for name in quoted]
    if empty_clusters:
        body.append('\tlayers="shown:hidden" layerselect=shown\n')
    graph.body = body
    return replace(diagram, graph=graph)
