"""The plan view: an essay plan as a diagram, drawn from the essay analysis
(:mod:`argmap.essay`).

Top down, in the order the plan recommends (:func:`argmap.essay.paragraphs`, the order
and numbers the written plan uses too): the question (or, with ``focus``, the "how far do
you agree" statement) with the schools to introduce; then one paragraph per factor (the
default, a thematic essay) or per school (``by="school"``): a banner with its number (a
factor's rank, "3=" where two factors tie: the rank is stated once), its title, its
standing and counts, and under it its points as claim cards in a grid
(:mod:`argmap.views.cards`: each claim with its dated evidence and its historians). A
point's counter-arguments are stubs on its card that say which way the challenge runs
("challenged by", "challenges") and how (the relation's note). At the bottom, the
conclusion sorts the factors into common ground, contested ground and factors only one
school argues, each with its number.

With ``focus`` the plan draws only what the focus factor needs: the focus paragraph with
its points, then the other factors as banners only (the alternatives, strongest first),
then the conclusion. A plan too tall for one page is split over numbered pages at
paragraph boundaries. On slides: a first slide with the question, the paragraphs as
banners and the conclusion; then a slide per paragraph (split when it has more cards than
:data:`SLIDE_CARDS`), each complete.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import graphviz

from argmap import dot, essay
from argmap.analysis import Analysis
from argmap.essay import Branch, Paragraph
from argmap.themes import Theme
from argmap.views import cards
from argmap.views.common import Canvas, Diagram

QUESTION = "question"
CONCLUSION = "conclusion"
SLIDE_CARDS = 6  # cards on one slide
SLIDE_ROW = 4  # banners side by side on the first slide
MAX_PAGES = 100  # a longer series is drawn as one diagram, and refused as too large

STATUS_WORDS = {
    essay.COMMON: "several schools argue it, none is challenged",
    essay.CONTESTED: "a claim on it is challenged (a counter-argument)",
    essay.ONE_SCHOOL: "only one school argues it",
    essay.NOT_ARGUED: "no claim carries it",
}
HEADS = {
    essay.COMMON: "Common ground",
    essay.CONTESTED: "Contested",
    essay.ONE_SCHOOL: "Argued by one school",
    essay.NOT_ARGUED: "Not argued",
}


def branch_id(branch: Branch) -> str:
    return dot.node_id("branch", branch.key)


def cluster_id(branch: Branch) -> str:
    return dot.node_id("cluster_branch", branch.key)


def point_id(branch: Branch, claim: str) -> str:
    return dot.node_id("point", f"{branch.key}.{claim}")


@dataclass(frozen=True)
class _Part:
    """What one page draws of a paragraph: its cards (claim keys), and whether it is
    the paragraph's first part (later ones say "continued")."""

    paragraph: Paragraph
    claims: tuple[str, ...]
    first: bool = True
    columns: int = 0  # cards a row (0: the page's)


def view(
    analysis: Analysis,
    theme: Theme,
    *,
    by: str = "factor",
    focus: str | None = None,
) -> Diagram | list[Diagram]:
    topic = analysis.topic
    if by not in ("factor", "school"):
        raise ValueError(f"a plan is by 'factor' or 'school', not {by!r}")
    if focus is not None and by != "factor":
        raise ValueError("a focused plan weighs factors: it cannot be by school")
    if focus is not None and focus not in topic.factor:
        raise ValueError(f"no factor {focus!r} in {topic.id}")
    paragraphs = analysis.paragraphs(by=by, focus=focus)
    if focus is not None:
        name = f"plan-focus-{focus}"
        title = f"Essay plan weighing one factor against the others: {topic.factor[focus].name}"
    elif by == "school":
        name, title = "plan-by-school", "Essay plan, school by school"
    else:
        name, title = "plan", "Essay plan, factor by factor"
    plan = _Plan(analysis, theme, name, title, by, focus, paragraphs)
    pages = plan.pages()
    if len(pages) > MAX_PAGES:
        # Past a hundred pages a plan is no plan: one diagram of everything, which the
        # renderer refuses as too large to read, with its advice (a focused plan).
        whole = [
            _Part(p, plan.drawn(p), True, plan.columns(cards.sheet(theme))) for p in paragraphs
        ]
        pages = [whole]
    out = [
        replace(diagram, page=k, pages=len(pages))
        for k, diagram in enumerate(
            (plan.draw(page, (k, len(pages))) for k, page in enumerate(pages, start=1)),
            start=1,
        )
    ]
    return out[0] if len(out) == 1 else out


class _Plan:
    def __init__(
        self,
        analysis: Analysis,
        theme: Theme,
        name: str,
        title: str,
        by: str,
        focus: str | None,
        paragraphs: tuple[Paragraph, ...],
    ) -> None:
        self.analysis = analysis
        self.topic = analysis.topic
        self.theme = theme
        self.name = name
        self.title = title
        self.by = by
        self.focus = focus
        self.paragraphs = paragraphs
        # Compact cards (the written plan has everything): the two most cited items; on a
        # page each counter-argument says how it answers, on a slide only which way.
        self.fit = cards.fit(theme, short=True, notes=not theme.slide, evidence="top")
        self.numbers = {
            c.key: f"{i}" for s in self.topic.schools for i, c in enumerate(s.claims, start=1)
        }
        # On a page a claim that carries several factors is drawn in full in the first
        # paragraph it appears in; later paragraphs show its head and say where it is.
        self.first: dict[str, Paragraph] = {}
        if not theme.slide:
            for p in paragraphs:
                for key in self.drawn(p):
                    self.first.setdefault(key, p)

    def see(self, paragraph: Paragraph, key: str) -> str | None:
        """Where the full card of a claim is, when not in ``paragraph``."""
        first = self.first.get(key)
        if first is None or first is paragraph:
            return None
        return f"paragraph {first.number}" if first.number else f"“{first.branch.title}”"

    # -- pages ------------------------------------------------------------------------------

    def drawn(self, paragraph: Paragraph) -> tuple[str, ...]:
        """The points a paragraph draws as cards (the alternatives of a focused plan
        draw none: the focus is what the plan weighs), those drawn in full first."""
        if self.focus is not None and paragraph.branch.key != self.focus:
            return ()
        claims = paragraph.branch.claims
        first = getattr(self, "first", {})
        return tuple(sorted(claims, key=lambda k: first.get(k, paragraph) is not paragraph))

    def stubs(self, key: str) -> list[cards.Stub]:
        return [
            s
            for s in cards.stubs(self.analysis, self.topic.claim[key], within=False)
            if s.kind != "supports"
        ]

    def pages(self) -> list[list[_Part] | None]:
        """The parts each page draws (None: the first slide, the plan at a glance)."""
        probe = cards.Cards(
            Canvas(self.analysis, self.theme, name="p", title="", shows=""), self.fit
        )
        if self.theme.slide:
            out: list[list[_Part] | None] = [None]
            for p in self.paragraphs:
                claims = self.drawn(p)
                if not claims and self.focus is not None:
                    continue  # an alternative to the focus: its banner on the first slide
                heights = [probe.lines(self.topic.claim[k], self.stubs(k)) for k in claims]
                laid = cards.layout(
                    heights, cards.sheet(self.theme), self.fit, overhead=22, max_cards=SLIDE_CARDS
                )
                for i, (indexes, columns) in enumerate(laid):
                    part = tuple(claims[j] for j in indexes)
                    out.append([_Part(p, part, i == 0, columns)])
            return out
        made = [self.paged(probe, sheet) for sheet in cards.sheets(self.theme)]
        fewest = min(made, key=lambda pages: len(pages))
        return list[list[_Part] | None](fewest)

    def paged(self, probe: cards.Cards, sheet: cards.Sheet) -> list[list[_Part]]:
        """The paragraphs in rows of cards, as many rows to a page as ``sheet`` holds; a
        paragraph that runs over a page goes on, "continued", on the next."""
        unit = self.fit.unit
        columns = self.columns(sheet)
        width = max(columns * (self.fit.width + cards.GAP) + cards.FRAME, sheet.min_width)
        budget = sheet.height if sheet.height is not None else sheet.max_tall * width
        budget -= 14 * unit  # the title and the legend
        banner = 6 * unit
        pages: list[list[_Part]] = [[]]
        used = 10 * unit  # the question
        for p in self.paragraphs:
            for r, row in enumerate(cards.rows_of(list(self.drawn(p)), columns) or [[]]):
                tall = max(
                    (
                        probe.lines(
                            self.topic.claim[k], self.stubs(k), see=self.see(p, k) is not None
                        )
                        * unit
                        + cards.GAP
                        for k in row
                    ),
                    default=0.0,
                )
                starts = r == 0
                if pages[-1] and used + tall + banner * starts > budget:
                    pages.append([])
                    used, starts = 0.0, True
                if starts:
                    pages[-1].append(_Part(p, tuple(row), r == 0, columns))
                    used += banner
                else:
                    last = pages[-1][-1]
                    pages[-1][-1] = replace(last, claims=(*last.claims, *row))
                used += tall
        conclusion = (6 + len(self.analysis.standings)) * unit * 1.5
        if used + conclusion > budget and pages[-1]:
            pages.append([])
        return pages

    def columns(self, sheet: cards.Sheet) -> int:
        """Cards a row: as many as the sheet's width allows, fewer for a small plan."""
        step = self.fit.width + cards.GAP
        widest = max(1, int((sheet.width - cards.FRAME + cards.GAP) // step))
        most = max((len(self.drawn(p)) for p in self.paragraphs), default=1)
        return max(1, min(widest, most, 4))

    # -- a page -----------------------------------------------------------------------------

    def draw(self, parts: list[_Part] | None, at: tuple[int, int]) -> Diagram:
        k, n = at
        t = self.theme
        of = f" ({k}/{n})" if n > 1 else ""
        shows = "Shows: " + (
            "one paragraph per school, with its claims"
            if self.by == "school"
            else "one paragraph per factor, best supported first, with the claims that carry it"
        )
        shows += (
            ", coloured by school; each claim's dated evidence, historians and "
            "counter-arguments (which way they run, and how); a conclusion on common and "
            "contested ground."
        )
        canvas = Canvas(
            self.analysis,
            t,
            name=self.name,
            title=self.title + of,
            shows=shows,
            rankdir="TB",
            newrank=True,
        )
        g = canvas.graph
        g.attr("graph", nodesep="0.25", ranksep="0.3", compound="true")
        drawer = cards.Cards(canvas, self.fit)
        above = [self.question(canvas)] if k == 1 else []
        if parts is None:  # the first slide: the plan at a glance
            above = self.banners(canvas, above)
            last = [self.conclusion(canvas)]
            for node in above:
                g.edge(node, CONCLUSION, style="invis")
        else:
            columns = self.columns(cards.sheet(t))
            alternatives = []  # a focused plan's other factors: banners, in a grid
            for part in parts:
                if self.focus is not None and part.paragraph.branch.key != self.focus:
                    alternatives.append(part.paragraph)
                    continue
                above = self.paragraph(canvas, drawer, part, part.columns or columns, above)
            if alternatives:
                width = self.fit.width
                heads = [self.banner(canvas, p, g, width=width) for p in alternatives]
                rows = cards.rows_of(heads, max(columns, 2))
                cards.grid(g, rows, above=above)
                above = rows[-1]
            last = above
            if k == n and not t.slide:
                node = self.conclusion(canvas)
                for a in last:
                    g.edge(a, node, style="invis")
                last = [node]
        canvas.after(*last)
        return canvas.finish(columns=3 if t.slide else 4)

    def question(self, canvas: Canvas) -> str:
        t = self.theme
        text = essay.focus_statement(self.topic, self.focus) if self.focus else self.topic.question
        schools = [s.id for s in self.topic.schools]
        rows = [
            dot.row(
                dot.cell(
                    dot.text(
                        text, 30 if t.slide else 50, bold=True, size=t.size + 3, align="CENTER"
                    )
                )
            ),
            dot.row(
                dot.cell(
                    dot.text(
                        f"Introduction: {len(schools)} schools of interpretation",
                        size=t.small,
                        color=t.muted,
                        align="CENTER",
                    )
                )
            ),
            self.tags(canvas, schools),
        ]
        canvas.graph.node(
            QUESTION,
            label=dot.html(dot.table(rows, cellpadding=3)),
            shape="box",
            style="rounded,filled",
            fillcolor="#FFFFFF",
            penwidth=f"{t.penwidth * 2:g}",
            tooltip=dot.plain(text),
        )
        return QUESTION

    def tags(self, canvas: Canvas, schools: tuple[str, ...] | list[str]) -> dot.Markup:
        per = 4 if self.theme.slide else 10
        lines = [schools[i : i + per] for i in range(0, len(schools), per)]
        inner = dot.table(
            [dot.row(*(canvas.school_tag(s) for s in line)) for line in lines],
            cellspacing=2,
            cellpadding=2,
        )
        return dot.row(dot.cell(inner, align="CENTER"))

    def heading(self, paragraph: Paragraph) -> str:
        """The words before a paragraph's title: its one number."""
        branch = paragraph.branch
        if branch.kind == "other":
            return "Other arguments (no factor)"
        if self.focus is not None and branch.key == self.focus:
            return f"Focus · ranked {paragraph.number} of {len(self.analysis.standings)}"
        return paragraph.number

    def banner(
        self,
        canvas: Canvas,
        paragraph: Paragraph,
        graph: graphviz.Digraph,
        *,
        width: float,
        brief: bool = False,
    ) -> str:
        """A paragraph's banner: number and title, standing, counts, schools (``brief``:
        number, title and standing only)."""
        t = self.theme
        branch = paragraph.branch
        name = branch_id(branch)
        number = self.heading(paragraph)
        title_size = t.size + (3 if not t.slide else 2)
        wrap = max(16, min(60, int(width / (title_size * 0.62))))  # as wide as the banner
        head = (
            dot.span(number + "  ", size=title_size, bold=True)
            if number and len(number) < 5
            else dot.EMPTY
        )
        if number and len(number) >= 5:
            head = dot.text(number, size=t.small, bold=True, color=t.muted)
        rows = [
            dot.row(
                dot.cell(
                    head + dot.text(branch.title, wrap, size=title_size, bold=True),
                    align="LEFT",
                    balign="LEFT",
                )
            )
        ]
        n, c = len(branch.schools), len(branch.counters)
        counts = [
            f"{n} school{'s' * (n != 1)}"
            if branch.kind != "school"
            else f"{len(branch.claims)} claims",
            f"{branch.dated} dated evidence",
            f"{c} challenge{'s' * (c != 1)}",
        ]
        if brief:
            counts = []
        words = dot.EMPTY
        if branch.kind == "factor":
            standing = essay.standing(branch)
            color = {essay.COMMON: t.agreement, essay.CONTESTED: t.conflict}.get(
                standing.status, t.muted
            )
            tie = " (a tie)" if paragraph.rank and paragraph.rank.tied else ""
            words = dot.span(
                standing.status.upper() + tie + "  ", size=t.small, bold=True, color=color
            )
        if words or counts:
            rows.append(
                dot.row(
                    dot.cell(
                        words
                        + dot.text(
                            " · ".join(counts),
                            int(wrap * title_size / t.small) - 12,
                            size=t.small,
                            color=t.muted,
                        ),
                        align="LEFT",
                        balign="LEFT",
                    )
                )
            )
        if branch.kind == "factor" and branch.schools and not brief:
            rows.append(self.tags(canvas, branch.schools))
        focused = branch.key == self.focus
        attrs: dict[str, str] = {}
        if branch.kind == "school":
            look = canvas.looks[branch.key]
            canvas.use_school(branch.key)
            attrs = {"style": look.box_style, "fillcolor": look.fill}
        else:
            attrs = {
                "style": "filled,rounded" + (",dashed" if branch.kind == "other" else ""),
                "fillcolor": "#FFF8E1" if not t.greyscale else "#F2F2F2",
            }
            if branch.kind == "factor":
                canvas.legend_node("banner", "a paragraph: a factor, its rank and standing", "box")
        graph.node(
            name,
            label=dot.html(dot.table(rows, cellpadding=2)),
            shape="box",
            color=t.line,
            penwidth=f"{t.penwidth * (3 if focused else 1.5):g}",
            margin="0.12,0.06",
            width=f"{width / 72:.2f}",
            tooltip=dot.plain(branch.description or branch.title),
            **attrs,
        )
        return name

    def paragraph(
        self,
        canvas: Canvas,
        drawer: cards.Cards,
        part: _Part,
        columns: int,
        above: list[str],
    ) -> list[str]:
        """A paragraph (or a part of it): its banner, then its cards in a grid, in a
        frame; returns the nodes of its last row."""
        t = self.theme
        g = canvas.graph
        branch = part.paragraph.branch
        focused = branch.key == self.focus
        cluster = graphviz.Digraph(name=cluster_id(branch))
        cluster.attr(
            label=dot.html(dot.text("continued", size=t.small, italic=True, color=t.muted))
            if not part.first
            else "",
            style="rounded,bold" if focused else "rounded",
            color="#999999",
            penwidth=f"{t.penwidth * (2 if focused else 1):g}",
            margin="8",
        )
        width = columns * (self.fit.width + cards.GAP) - cards.GAP
        if not part.claims:
            width = min(width, self.fit.width * 2)
        head = self.banner(canvas, part.paragraph, cluster, width=width, brief=not part.first)
        for node in above:
            g.edge(node, head, style="invis")
        drawer.numbers = {}
        rows = []
        for row in cards.rows_of(list(part.claims), columns):
            claims = [self.topic.claim[k] for k in row]
            relations = [self.stubs(k) for k in row]
            sees = [self.see(part.paragraph, k) for k in row]
            tallest = max(
                drawer.height(c, r, tag=True, see=w)
                for c, r, w in zip(claims, relations, sees, strict=True)
            )
            names = []
            for claim, related, where in zip(claims, relations, sees, strict=True):
                names.append(
                    drawer.card(
                        claim,
                        name=point_id(branch, claim.key),
                        number=self.numbers[claim.key],
                        stubs=related,
                        tag=True,
                        graph=cluster,
                        height=tallest,
                        see=where,
                    )
                )
            rows.append(names)
        # Every row as wide as the grid (a short row is filled out with blanks), each
        # column straight under the same column of the paragraph before.
        for r, row in enumerate(rows):
            for j in range(len(row), columns):
                blank = dot.node_id(
                    "blank", f"{branch.key}-{part.claims[0] if part.claims else 'x'}-{r}-{j}"
                )
                cluster.node(
                    blank,
                    label="",
                    shape="box",
                    style="invis",
                    width=f"{self.fit.width / 72:.2f}",
                    height="0.1",
                )
                row.append(blank)
        cards.grid(cluster, rows, above=[head])
        g.subgraph(cluster)
        return rows[-1] if rows else [head]

    def banners(self, canvas: Canvas, above: list[str]) -> list[str]:
        """The first slide: every paragraph as a banner, in rows, in the plan's order."""
        g = canvas.graph
        width = self.fit.width * 0.9
        heads = [self.banner(canvas, p, g, width=width, brief=True) for p in self.paragraphs]
        rows = cards.rows_of(heads, SLIDE_ROW)
        cards.grid(g, rows, above=above)
        return rows[-1] if rows else above

    def conclusion(self, canvas: Canvas) -> str:
        t = self.theme
        groups = self.analysis.by_status
        ranks = self.analysis.ranks
        colors = {essay.COMMON: t.agreement, essay.CONTESTED: t.conflict}
        wrap = 34 if not t.slide else 22
        columns = []
        for status, standings in groups.items():
            if not standings:
                continue
            body = dot.text(HEADS[status], wrap, bold=True, color=colors.get(status, t.ink))
            body += dot.text(STATUS_WORDS[status], wrap, size=t.small, color=t.muted)
            if t.slide:  # the banners above name them: the numbers say which
                body += dot.text(", ".join(ranks[s.factor].label for s in standings), wrap)
            for s in standings if not t.slide else ():
                words = self.topic.factor[s.factor].name
                body += dot.text(f"{ranks[s.factor].label}  {words}", wrap)
            columns.append(dot.cell(body, align="LEFT", balign="LEFT", valign="TOP"))
        span = max(len(columns), 1)
        rows = [
            dot.row(
                dot.cell(
                    dot.text("Conclusion", bold=True, size=t.size + 3, align="CENTER"),
                    colspan=span,
                )
            )
        ]
        if self.focus is not None:
            s = next(x for x in self.analysis.standings if x.factor == self.focus)
            verdict = (
                f"The focus, {self.topic.factor[self.focus].name}, is {s.status}, ranked "
                f"{ranks[self.focus].label} of {len(ranks)}: weigh it against the alternatives."
            )
            rows.append(
                dot.row(
                    dot.cell(
                        dot.text(verdict, wrap * span), colspan=span, align="LEFT", balign="LEFT"
                    )
                )
            )
        rows.append(dot.row(*columns) if columns else dot.row(dot.cell()))
        rows.append(
            dot.row(
                dot.cell(
                    dot.text(
                        "Numbers are ranks: more schools, then more dated evidence, then "
                        "fewer challenges; 3= is a tie. Build on common ground; take a side "
                        "where it is contested.",
                        wrap * span,
                        size=t.small,
                        color=t.muted,
                    ),
                    colspan=span,
                    align="LEFT",
                    balign="LEFT",
                )
            )
        )
        canvas.legend_node("conclusion", "the conclusion: factors by standing and rank")
        canvas.graph.node(
            CONCLUSION,
            label=dot.html(dot.table(rows, cellpadding=3)),
            shape="box",
            style="rounded,filled",
            fillcolor="#FFFFFF",
            penwidth=f"{t.penwidth * 2:g}",
            tooltip=dot.plain("Conclusion: common ground against contested ground"),
        )
        return CONCLUSION
