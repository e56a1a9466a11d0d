"""The overlap view, summary first: who shares what with whom, and who clashes.

The schools stand on a ring, in the topic's order. Each pair that shares anything is joined
by a grey line whose weight grows with what they share (evidence, historians, factors); on
the line sits its label: the counts, the factors shared (named, or lettered when many pairs
name them, with a key of the letters), and the agreements and qualifications between their
claims in the agreement colour. A pair whose claims challenge each other gets a second,
bent line in the conflict colour, its bar on the school challenged, labelled with how many.
Every place is set here (:mod:`argmap.views.place`): labels sit where they cover the fewest
other lines and labels.

``--detail`` draws the item-level diagram (:mod:`argmap.views.overlap_detail`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from argmap import dates, dot
from argmap.analysis import Analysis
from argmap.overlap import Pair
from argmap.themes import PAGE_POINTS, Theme
from argmap.views import place
from argmap.views.common import Canvas, Diagram, school_of
from argmap.views.place import Box

# Factors are named on the lines up to this many labels naming any; past it, lettered.
NAMED_FACTOR_LABELS = 3
# The canvas a summary is laid out for, in units of the theme's smallest type: a screen
# 1920x1080 showing that type at 12 px (slides: 14 px inside a 5% margin; paper: A3).
SCREEN_UNITS = {
    "slides": (1920 * 0.9 / 14, 1080 * 0.9 / 14),
    # An A3 page inside its margins, whose 9-point text prints at 8 points.
    "print": (PAGE_POINTS[0] * 0.93 / 9, PAGE_POINTS[1] * 0.93 / 9),
}
DEFAULT_UNITS = (1920 / 12, 1080 / 12)
LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
# Labels are placed where they cover least for up to this many pairs (20 schools).
SEARCHED_PAIRS = 190
# A topic of two schools names what they share on its one line, up to this many items.
SHARED_NAMED = 10


def view(analysis: Analysis, theme: Theme, *, detail: bool = False) -> Diagram | list[Diagram]:
    if detail:
        from argmap.views.overlap_detail import detail_view

        return detail_view(analysis, theme)
    return _Summary(analysis, theme).draw()


@dataclass
class _Label:
    """The label on a pair's line: its node, its lines as plain text, its place."""

    node: str
    pair: Pair
    markup: dot.Markup
    box: Box


class _Summary:
    def __init__(self, analysis: Analysis, theme: Theme) -> None:
        self.topic = analysis.topic
        self.overlap = analysis.overlap
        self.theme = theme
        self.canvas = Canvas(
            analysis,
            theme,
            name="overlap",
            title="Overlap at a glance: what each pair of schools shares, and where they clash",
            shows="Shows: for each pair of schools, the evidence, historians and factors they "
            "share (the line's weight and label), the agreements and qualifications between "
            "their claims, and their challenges (a second line, barred at the school "
            "challenged). Each item: argmap overlap --detail.",
        )
        place.pin_layout(self.canvas.graph)
        self.unit = theme.small
        self.gap = theme.small * 1.2
        self.pairs = [p for p in self.overlap.pairs if _shared(p) or p.agreements or p.conflicts]
        naming = [p for p in self.pairs if p.factors]
        self.lettered = len(naming) > NAMED_FACTOR_LABELS
        shared = [f.id for f in self.topic.factors if any(f.id in p.factors for p in naming)]
        self.letter = {f: _letter(i) for i, f in enumerate(shared)} if self.lettered else {}
        self.most = max((_shared(p) for p in self.pairs), default=0)

    # -- the parts -----------------------------------------------------------------------

    def school_label(self, school_id: str) -> tuple[dot.Markup, Box]:
        """A school's tag, name, short thesis (never a cut one: the thesis is in the
        tooltip) and size; and the estimated size of the box."""
        t = self.theme
        school = self.topic.school[school_id]
        name_lines = dot.wrap(school.name, 22)
        rows = [
            dot.row(
                self.canvas.school_tag(school_id, legend=False),
                dot.cell(dot.text(school.name, 22, bold=True), align="LEFT", balign="LEFT"),
            )
        ]
        tag_width = place.text_width(self.canvas.looks[school_id].tag, t.small, bold=True)
        widths = [place.text_width(max(name_lines, key=len), t.size, bold=True)]
        height = place.lines_height(len(name_lines), t.size)
        if school.short:
            short_lines = dot.wrap(school.short, 34)
            text = dot.text(school.short, 34, size=t.small, italic=True)
            rows.append(dot.row(dot.cell(), dot.cell(text, align="LEFT", balign="LEFT")))
            widths.append(place.text_width(max(short_lines, key=len), t.small))
            height += place.lines_height(len(short_lines), t.small)
        own = self._own(school_id)
        rows.append(
            dot.row(dot.cell(), dot.cell(dot.text(own, size=t.small, color=t.muted), align="LEFT"))
        )
        widths.append(place.text_width(own, t.small))
        height += place.lines_height(1, t.small)
        box = Box(0, 0, max(widths) + tag_width + 2.5 * t.small, height + 1.6 * t.small)
        return dot.table(rows, cellpadding=1), box

    def _own(self, school_id: str) -> str:
        n = len(self.topic.school[school_id].claims)
        evidence = sum(1 for users in self.overlap.evidence_users.values() if school_id in users)
        return f"{n} claim{'s' * (n != 1)} · {evidence} evidence"

    def pair_label(self, pair: Pair) -> tuple[dot.Markup, Box]:
        """The label on a pair's line: what they share, the factors (by letter or by name),
        their agreements and their challenges; and its estimated size. A topic of two
        schools has room on its one line to name what they share, as a list."""
        t = self.theme
        listing = len(self.pairs) == 1
        span = 2 if listing else 1
        align = "LEFT" if listing else "CENTER"
        rows: list[dot.Markup] = []
        plain: list[str] = []

        def add(line: str, width: int = 60, **style: object) -> None:
            text = dot.text(line, width, size=t.small, align=align, **style)
            rows.append(dot.row(dot.cell(text, colspan=span, align=align, balign=align)))
            plain.extend(dot.wrap(line, width))

        counts = [
            f"{len(pair.evidence)} evidence" if pair.evidence else "",
            _count(len(pair.historians), "historian"),
        ]
        if any(counts):
            add(" · ".join(c for c in counts if c), bold=True)
        if listing:
            self.name_items(pair, rows, plain)
        if pair.factors and self.lettered:
            word = "factor " if len(pair.factors) == 1 else "factors "
            add(word + ", ".join(self.letter[f] for f in pair.factors))
        elif pair.factors:
            names = "; ".join(self.topic.factor[f].name for f in pair.factors)
            add(("Factors: " if listing else "") + names, 44 if listing else 30)
        if pair.agreements:
            agree = sum(1 for x in pair.agreements if x.kind == "agrees")
            qualify = len(pair.agreements) - agree
            parts = [f"{agree} agree" if agree else "", _count(qualify, "qualification")]
            add(" · ".join(x for x in parts if x), color=t.agreement)
        if pair.conflicts:
            add(self.clash_words(pair), bold=True, color=t.conflict)
        width = max(place.text_width(line, t.small, bold=True) for line in plain)
        box = Box(0, 0, width + 1.2 * t.small, place.lines_height(len(plain), t.small) + t.small)
        return dot.table(
            rows, cellpadding=1 if listing else 0, cellspacing=1 if listing else 0
        ), box

    def name_items(self, pair: Pair, rows: list[dot.Markup], plain: list[str]) -> None:
        """The shared evidence that has a short form, dated, in date order, and the shared
        historians. Items without a short form are counted, never cut."""
        t = self.theme
        items = sorted(
            (self.topic.evidence_item[e] for e in pair.evidence), key=lambda e: e.date_key
        )
        named = [e for e in items if e.short][:SHARED_NAMED]
        for item in named:
            when = dates.display(item.when) if item.when else ""
            rows.append(
                dot.row(
                    dot.cell(
                        dot.text(when, size=t.small, color=t.muted), align="RIGHT", valign="TOP"
                    ),
                    dot.cell(
                        dot.text(item.short or "", 40, size=t.small), align="LEFT", balign="LEFT"
                    ),
                )
            )
            lines = dot.wrap(item.short or "", 40)
            plain.append(when + "  " + lines[0])
            plain.extend(lines[1:])
        more = len(items) - len(named)
        if named and more:
            text = dot.text(f"and {more} more", size=t.small, color=t.muted)
            rows.append(dot.row(dot.cell(), dot.cell(text, align="LEFT")))
            plain.append("and more")
        if pair.historians:
            names = ", ".join(self.topic.historian[h].name for h in pair.historians)
            text = dot.text(f"Historians: {names}", 48, size=t.small)
            rows.append(dot.row(dot.cell(text, colspan=2, align="LEFT", balign="LEFT")))
            plain.extend(dot.wrap(f"Historians: {names}", 48))

    def clash_words(self, pair: Pair) -> str:
        """``2 challenges, PP → ST``: how many, and which school's claims make them."""
        tag = {s: self.canvas.looks[s].tag for s in (pair.a, pair.b)}
        by = {school_of(x.source) for x in pair.conflicts}
        if len(by) == 2:
            way = "both ways"
        else:
            (source,) = by
            way = f"{tag[source]} → {tag[pair.b if source == pair.a else pair.a]}"
        return f"{_count(len(pair.conflicts), 'challenge')}, {way}"

    # -- the drawing ---------------------------------------------------------------------

    def draw(self) -> Diagram:
        canvas, t = self.canvas, self.theme
        g = canvas.graph
        schools = [s.id for s in self.topic.schools]
        labels = {s: self.school_label(s) for s in schools}
        key = self.factor_key()
        centres = self.ring(schools, [labels[s][1] for s in schools], key[1] if key else None)
        boxes = {s: labels[s][1].moved(*centres[s]) for s in schools}
        for s in schools:
            school = self.topic.school[s]
            look = canvas.looks[s]
            node = dot.node_id("school", s)
            g.node(
                node,
                label=dot.html(labels[s][0]),
                shape="box",
                style=look.box_style,
                fillcolor=look.fill,
                color=t.line,
                penwidth=f"{t.penwidth * 1.5:g}",
                margin=f"{t.small * 0.5 / 72:.3f},{t.small * 0.3 / 72:.3f}",
                pos=place.at(*centres[s]),
                tooltip=dot.plain(f"{school.name}: {school.thesis}"),
            )
            canvas.record(node, "school", s)

        placed = self.place_labels(boxes)
        for label in placed:
            pair = label.pair
            a, b = dot.node_id("school", pair.a), dot.node_id("school", pair.b)
            g.node(
                label.node,
                label=dot.html(label.markup),
                shape="box",
                style="rounded,filled",
                fillcolor="#FFFFFF",
                color=t.conflict if pair.conflicts else "#B0B0B0",
                penwidth=f"{t.penwidth * (1.2 if pair.conflicts else 0.7):g}",
                margin=f"{t.small * 0.4 / 72:.3f},{t.small * 0.2 / 72:.3f}",
                pos=place.at(label.box.x, label.box.y),
                tooltip=dot.plain(self.tooltip(pair)),
            )
            width = f"{self.weight(pair):.1f}"
            if _shared(pair) or pair.agreements:
                canvas.edge(a, label.node, "shares", penwidth=width, **{"class": "shares"})
                canvas.edge(label.node, b, "shares", penwidth=width, **{"class": "shares"})
            if pair.conflicts:
                # A red core along the grey line, its bar on each school challenged.
                challenged = {school_of(x.target) for x in pair.conflicts}
                for end, side in ((a, pair.a), (b, pair.b)):
                    canvas.edge(
                        label.node,
                        end,
                        "challenges",
                        arrowhead="tee" if side in challenged else "none",
                        penwidth=f"{t.penwidth * 1.5:g}",
                        **{"class": "conflict"},
                    )
        if any(p.agreements for p in self.pairs):
            canvas.legend_sample(
                "agreements",
                dot.cell(dot.text("2 agree", size=t.small, color=t.agreement)),
                "claims agree with or qualify each other",
            )
        used = [*boxes.values(), *(label.box for label in placed)]
        drawn = place.bounds(used) if used else Box(0, 0, 0, 0)
        if key:
            markup, size = key
            g.node(
                "factor_key",
                label=dot.html(markup),
                shape="plain",
                pos=place.at(drawn.right + self.gap * 2 + size.w / 2, drawn.top - size.h / 2),
            )
        diagram = canvas.finish(columns=4)
        if t.legend and canvas.legend_samples():
            g.node("legend", pos=place.at(drawn.x, drawn.bottom - self.gap * 3.5))
        return diagram

    def factor_key(self) -> tuple[dot.Markup, Box] | None:
        """The lettered factors, each with its name and the tags of the schools that carry
        it: a column beside the ring (None when the lines name the factors)."""
        if not self.letter:
            return None
        t = self.theme
        head = dot.text("Factors shared", size=t.small, bold=True, color=t.muted)
        rows = [dot.row(dot.cell(head, colspan=2, align="LEFT"))]
        lines = 1
        for factor_id, letter in self.letter.items():
            factor = self.topic.factor[factor_id]
            tags = " · ".join(
                self.canvas.looks[u].tag for u in self.overlap.factor_users[factor_id]
            )
            letter_cell = dot.cell(dot.text(letter, size=t.small, bold=True), valign="TOP")
            body = dot.text(factor.name, 30, size=t.small, lines=3) + dot.text(
                tags, 40, size=t.small, color=t.muted
            )
            rows.append(
                dot.row(
                    letter_cell, dot.cell(body, align="LEFT", balign="LEFT", tooltip=factor.name)
                )
            )
            lines += min(3, len(dot.wrap(factor.name, 30))) + len(dot.wrap(tags, 40))
        widest = max(
            max(len(line) for line in dot.wrap(self.topic.factor[f].name, 30)) for f in self.letter
        )
        size = Box(
            0,
            0,
            place.text_width("W" * widest, t.small) * 0.9 + 2 * t.small,
            place.lines_height(lines, t.small) + len(self.letter) * 4 + 2 * t.small,
        )
        return dot.table(rows, cellspacing=2, cellpadding=1), size

    def ring(
        self, schools: Sequence[str], sizes: Sequence[Box], key: Box | None
    ) -> dict[str, tuple[float, float]]:
        """The schools' centres on an ellipse that fills the screen the summary is made for
        (less the factor key beside it), in the topic's order, clockwise from the top."""
        n = len(schools)
        if not n:
            return {}
        wide, high = SCREEN_UNITS.get(self.theme.name, DEFAULT_UNITS)
        widest = max(b.w for b in sizes)
        tallest = max(b.h for b in sizes)
        # The ring's room: the screen less the title above, the legend below, the key beside.
        room_w = wide * self.unit - widest - 2 * self.gap - (key.w + 2 * self.gap if key else 0)
        room_h = high * self.unit - tallest - 16 * self.unit
        fill = min(1.0, (n + 3) / 8)
        a = max(room_w / 2 * fill, widest * 0.9)
        if n == 2:  # one line between two boxes: as long as its label needs
            label = max((self.pair_label(p)[1].w for p in self.pairs), default=0.0)
            a = widest / 2 + label / 2 + 3 * self.gap
        b = max(room_h / 2 * fill, tallest * 1.2)
        start = math.pi / 2 + math.pi / n
        out = {}
        for i, s in enumerate(schools):
            angle = start - 2 * math.pi * i / n
            out[s] = (round(a * math.cos(angle), 1), round(b * math.sin(angle), 1))
        return out

    def place_labels(self, schools: dict[str, Box]) -> list[_Label]:
        """Each pair's label on its line where it covers the fewest other labels and lines
        (the pairs that share most choose first), in the topic's order of pairs."""
        chords = {
            (p.a, p.b): ((schools[p.a].x, schools[p.a].y), (schools[p.b].x, schools[p.b].y))
            for p in self.pairs
        }
        taken = [b.grown(self.gap / 2) for b in schools.values()]
        out = []
        searched = len(self.pairs) <= SEARCHED_PAIRS
        for pair in sorted(self.pairs, key=lambda p: -(_shared(p) + len(p.agreements))):
            markup, size = self.pair_label(pair)
            (x0, y0), (x1, y1) = chords[(pair.a, pair.b)]
            if not searched:  # too many schools to draw (render.LIMITS): at the middle
                box = size.moved((x0 + x1) / 2, (y0 + y1) / 2)
                out.append(_Label(dot.node_id("pair", f"{pair.a}.{pair.b}"), pair, markup, box))
                continue
            others = [seg for k, seg in chords.items() if k != (pair.a, pair.b)]
            best: tuple[float, Box] | None = None
            for t in (0.5, 0.42, 0.58, 0.34, 0.66, 0.27, 0.73, 0.2, 0.8):
                box = size.moved(x0 + (x1 - x0) * t, y0 + (y1 - y0) * t)
                area = box.w * box.h or 1.0
                covered = sum(box.overlap(other) for other in taken) / area
                crossed = sum(1 for seg in others if box.crosses(*seg))
                cost = covered * 40 + crossed * 3 + abs(t - 0.5) * 4
                if best is None or cost < best[0]:
                    best = (cost, box)
            assert best is not None
            out.append(_Label(dot.node_id("pair", f"{pair.a}.{pair.b}"), pair, markup, best[1]))
            taken.append(best[1].grown(self.gap / 3))
        order = {(p.a, p.b): i for i, p in enumerate(self.overlap.pairs)}
        return sorted(out, key=lambda x: order[(x.pair.a, x.pair.b)])

    def weight(self, pair: Pair) -> float:
        """The line's width: thin for a pair that shares one thing, thick for the most."""
        t = self.theme
        thinnest, thickest = t.penwidth * 0.8, t.penwidth * 2 + t.small * 0.5
        if not self.most:
            return thinnest
        return thinnest + (thickest - thinnest) * _shared(pair) / self.most

    def tooltip(self, pair: Pair) -> str:
        """Everything the pair shares, by name, and every relation between their claims."""
        topic = self.topic
        parts = [f"{topic.school[pair.a].name} and {topic.school[pair.b].name}"]
        items = [topic.evidence_item[e] for e in pair.evidence]
        if items:
            parts.append("Evidence: " + "; ".join(e.short or e.text for e in items))
        if pair.historians:
            parts.append(
                "Historians: " + ", ".join(topic.historian[h].name for h in pair.historians)
            )
        if pair.factors:
            parts.append("Factors: " + "; ".join(topic.factor[f].name for f in pair.factors))
        from argmap.views.overlap_detail import claim_numbers

        tags = {s: look.tag for s, look in self.canvas.looks.items()}
        number = claim_numbers(topic, tags)  # claims as a reader finds them: PP 3
        for link in (*pair.agreements, *pair.conflicts):
            said = f"{number[link.source]} {link.kind} {number[link.target]}"
            parts.append(said + (f": {link.note}" if link.note else ""))
        return "\n".join(parts)


def _shared(pair: Pair) -> int:
    return len(pair.evidence) + len(pair.historians) + len(pair.factors)


def _count(n: int, word: str) -> str:
    """``2 historians``, ``1 qualification``; empty for none."""
    return f"{n} {word}{'s' * (n != 1)}" if n else ""


def _letter(i: int) -> str:
    return LETTERS[i] if i < len(LETTERS) else f"F{i + 1}"
