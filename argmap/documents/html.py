"""The HTML report (``index.html`` in a build): one self-contained page.

The page holds the question, the schools and their theses, every diagram inline (the SVGs
the build rendered) with a table of contents, and an entry for every claim, evidence item,
historian and factor. Hovering a node in a diagram shows a tooltip drawn from the model
(an evidence item's date and quote, a claim's historians and works); clicking a school or a
claim opens its school diagram at that node, and clicking anything else goes to its entry.

It makes no network request: styles, script and SVGs are inline, fonts are the system's,
and a Content-Security-Policy (``default-src 'none'``, the one script and the one style
allowed by hash) forbids any other script, style or fetch, a second fence behind escaping.

User text never becomes markup or script: every piece of it goes through :func:`text`
(:func:`html.escape` after :func:`argmap.text.clean`), the tooltip data is a JSON blob in a
``<script type="application/json">`` with ``<``, ``>`` and ``&`` escaped, and the script
puts it into the page with ``textContent`` only. The SVGs come from Graphviz, which has
already escaped user text; their prolog, doctype and comments are dropped and their ids are
prefixed per diagram, so that ids stay unique on the page.

The same input gives the same bytes: nothing depends on time, order of a set, or place.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from argmap import __version__, colors, dot
from argmap.analysis import Analysis
from argmap.model import Claim, Evidence, HistorianCite, School, Topic
from argmap.overlap import Overlap
from argmap.text import clean
from argmap.themes import THEMES
from argmap.views.common import EDGE_KINDS, Entity, KeyEntry

_SVG_JUNK = re.compile(r"<\?xml.*?\?>|<!DOCTYPE[^>]*>|<!--.*?-->", re.S)
_TAG = re.compile(r"<[^<>]*>")
_TAG_ID = re.compile(r'(<[A-Za-z][^<>]*?\sid=")')
_URL_REF = re.compile(r"url\(#")
_LOCAL_HREF = re.compile(r'(\s(?:xlink:)?href=")#')
_OTHER_HREF = re.compile(r'\s(?:xlink:)?href="(?!#)[^"]*"')
_NOT_ANCHOR = re.compile(r"[^a-z0-9.-]+")


def text(value: str | None) -> str:
    """User text as HTML text or an attribute value: nothing in it is markup."""
    return html.escape(clean(value or ""), quote=True)


def anchor(kind: str, ident: str) -> str:
    """The id of an element of the page: ``claim-power-politics.crush``, ``diagram-plan``."""
    return f"{kind}-{_NOT_ANCHOR.sub('-', ident.lower())}"


def node_name(kind: str, ident: str) -> str:
    """A node's DOT name, as the views give it (and as Graphviz puts it in ``<title>``)."""
    return dot.node_id(kind, ident)


# -- the SVGs ----------------------------------------------------------------------------


def inline_svg(svg: bytes, prefix: str) -> str:
    """An SVG from Graphviz, ready to sit in an HTML page: no XML prolog, doctype or
    comment; every id prefixed (and every reference to one), so two diagrams on one page
    never share an id; no link out of the page."""
    # Graphviz writes UTF-8; should it ever write a byte that is not, the page still
    # builds (with U+FFFD there) rather than the whole build failing.
    source = _SVG_JUNK.sub("", svg.decode("utf-8", "replace")).strip()
    # Graphviz writes < > " in text and attribute values as entities, so a match of
    # _TAG_ID (no < or > before it within the tag) is an id attribute, never user text.
    source = _TAG_ID.sub(rf"\g<1>{prefix}", source)
    if "url(#" not in source and "href=" not in source:
        return source  # the common case, and the fast one

    def fix(tag: re.Match[str]) -> str:
        t = _URL_REF.sub(f"url(#{prefix}", tag.group(0))
        t = _LOCAL_HREF.sub(rf"\g<1>#{prefix}", t)
        return _OTHER_HREF.sub("", t)

    return _TAG.sub(fix, source)  # references only inside tags: text is left as written


# -- what the tooltips and entries say ---------------------------------------------------


def cite_text(topic: Topic, cite: HistorianCite) -> str:
    """``Robert Conquest, The Great Terror, 1968, p. 12``: a historian as a claim cites them."""
    person = topic.historian[cite.id]
    if not cite.work:
        return person.name
    _, work = topic.work[cite.work]
    year = f", {work.year}" if work.year else ""
    page = f", p. {cite.page}" if cite.page else ""
    return f"{person.name}, {work.title}{year}{page}"


def evidence_head(item: Evidence) -> str:
    head = item.date or "undated"
    return head if item.kind == "event" else f"{head} · {item.kind}"


def short(value: str, limit: int = 90) -> str:
    value = " ".join(value.split())
    return value if len(value) <= limit else value[:limit].rsplit(" ", 1)[0] + " …"


RELATION_WORDS = {
    "supports": "Supports",
    "agrees": "Agrees with",
    "qualifies": "Qualifies",
    "challenges": "Challenges",
}


def _claim_line(topic: Topic, key: str) -> str:
    claim = topic.claim[key]
    return f"{topic.school[claim.school].name}: {short(claim.text, 80)}"


def entities(topic: Topic, overlap: Overlap, stems: Sequence[str]) -> dict[str, object]:
    """What a tooltip shows of each thing of the model, and where a click on it goes,
    keyed by the node name the views give it."""
    out: dict[str, dict[str, object]] = {}

    def home(school: str, node: str) -> dict[str, str]:
        stem = f"school-{school}"
        return {"diagram": anchor("diagram", stem), "node": node} if stem in stems else {}

    for school in topic.schools:
        name = node_name("thesis", school.id)
        people = [topic.historian[h].name for h in school.all_historians]
        out[name] = {
            "head": "School",
            "title": school.name,
            "text": school.thesis,
            "rows": [["Historians", people], ["Claims", [str(len(school.claims))]]],
            "entry": anchor("school", school.id),
            **home(school.id, name),
        }
    for claim in topic.claims:
        name = node_name("claim", claim.key)
        rows: list[list[object]] = [
            ["Historians", [cite_text(topic, c) for c in claim.historians] or ["none named"]],
            [
                "Evidence",
                [
                    f"{evidence_head(topic.evidence_item[c.id])}: "
                    f"{short(topic.evidence_item[c.id].text, 70)}"
                    for c in claim.evidence
                ],
            ],
            ["Factors", [topic.factor[f].name for f in claim.factors]],
        ]
        for kind, words in RELATION_WORDS.items():
            rows.append([words, [_claim_line(topic, _key(claim, t)) for t in getattr(claim, kind)]])
        out[name] = {
            "head": f"Claim · {topic.school[claim.school].name}",
            "text": claim.text,
            "rows": [r for r in rows if r[1]],
            "entry": anchor("claim", claim.key),
            **home(claim.school, name),
        }
    for item in topic.evidence:
        users = overlap.evidence_users.get(item.id, ())
        out[node_name("evidence", item.id)] = {
            "head": f"Evidence · {evidence_head(item)}",
            "text": item.text,
            "quote": item.quote,
            "rows": [
                r
                for r in (
                    ["Source", [item.source] if item.source else []],
                    ["Cited by", [topic.school[s].name for s in users]],
                    ["Factors", [topic.factor[f].name for f in item.factors]],
                )
                if r[1]
            ],
            "entry": anchor("evidence", item.id),
        }
    for person in topic.historians:
        lived = _lived(person.lived)
        out[node_name("historian", person.id)] = {
            "head": "Historian",
            "title": person.name + (f" ({lived})" if lived else ""),
            "rows": [
                r
                for r in (
                    ["Works", [_work_text(w.title, w.year) for w in person.works]],
                    [
                        "Schools",
                        [topic.school[s].name for s in overlap.historian_users.get(person.id, ())],
                    ],
                )
                if r[1]
            ],
            "entry": anchor("historian", person.id),
        }
    for factor in topic.factors:
        out[node_name("factor", factor.id)] = {
            "head": "Factor",
            "title": factor.name,
            "text": factor.description,
            "rows": [
                [
                    "Carried by",
                    [topic.school[s].name for s in overlap.factor_users.get(factor.id, ())],
                ]
            ],
            "entry": anchor("factor", factor.id),
        }
    return {name: _cleaned(value) for name, value in out.items()}


def _cleaned(value: object) -> object:
    """Tooltip data as the page shows it: text cleaned as everywhere else (no control or
    bidi characters), empty fields left out."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        return {k: _cleaned(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_cleaned(v) for v in value]
    return value


def _key(claim: Claim, target: str) -> str:
    """A relation's target as a claim key (``supports`` names a claim of the same school)."""
    return target if "." in target else f"{claim.school}.{target}"


def _lived(lived: tuple[int, int | None] | None) -> str:
    if not lived:
        return ""
    born, died = lived
    return f"{born}–{died}" if died else f"born {born}"


def _work_text(title: str, year: int | None) -> str:
    return f"{title} ({year})" if year else title


@dataclass(frozen=True)
class Drawn:
    """One diagram as the report shows it: its stem and title, the SVG the build drew,
    which node stands for which thing of the model (as the view recorded it), and what its
    legend explains (the page hides each diagram's legend and shows one key for all)."""

    stem: str
    title: str
    svg: bytes
    entities: Mapping[str, Entity]
    key: Sequence[KeyEntry] = ()
    not_drawn: str | None = None  # why there is no picture (the page says so, in its place)


# -- the key's miniatures ------------------------------------------------------------------

PAGE_META = "argmap-page"  # the <meta> that names what a page shows (argmap watch --serve)

ZOOM_BUTTONS = (
    '<div class="zoom" role="group" aria-label="Size of the diagram">'
    '<button type="button" data-zoom="out" aria-label="Zoom out" title="Zoom out (-)">\u2212'
    "</button>"
    '<output class="level" aria-live="polite"></output>'
    '<button type="button" data-zoom="in" aria-label="Zoom in" title="Zoom in (+)">+</button>'
    '<button type="button" data-zoom="fit" title="The whole diagram (0)">Fit</button>'
    '<button type="button" data-zoom="full" title="Actual size (1)">100%</button>'
    '<button type="button" class="show-key" aria-expanded="false">Key</button>'
    "</div>"
)

_DASHES = {"dashed": "5 3", "dotted": "1.5 2.5"}
# The key's boxes: each kind beside its shared form; a view's own kinds come after.
BOX_ORDER = (
    "thesis",
    "claim",
    "counter",
    "evidence",
    "shared-evidence",
    "historian",
    "shared-historian",
    "factor",
    "shared-factor",
)


def _colour(value: str | None, default: str) -> str:
    return colors.normalise(value) if value and colors.is_color(value) else default


def box_sample(style: Mapping[str, str]) -> str:
    """A miniature of a kind of box (``shape``, ``fill``, ``border``), as inline SVG."""
    fill = _colour(style.get("fill"), "#FFFFFF")
    border = style.get("border", "solid")
    width = "2.4" if border == "bold" else "1.2"
    dash = f' stroke-dasharray="{_DASHES[border]}"' if border in _DASHES else ""
    paint = f'fill="{fill}" stroke="#555555" stroke-width="{width}"{dash}'
    shape = style.get("shape", "box")
    if shape == "ellipse":
        drawn = f'<ellipse cx="18" cy="10" rx="16" ry="8.5" {paint}/>'
    elif shape == "hexagon":
        drawn = f'<polygon points="2,10 9,1.5 27,1.5 34,10 27,18.5 9,18.5" {paint}/>'
    elif shape == "note":
        drawn = (
            f'<path d="M2 1.5H28L34 7.5V18.5H2Z" {paint}/>'
            '<path d="M28 1.5V7.5H34" fill="none" stroke="#555555" stroke-width="1"/>'
        )
    else:
        drawn = f'<rect x="2" y="1.5" width="32" height="17" rx="3" {paint}/>'
    return (
        '<svg class="mini" width="36" height="20" viewBox="0 0 36 20" aria-hidden="true">'
        f"{drawn}</svg>"
    )


def line_sample(style: Mapping[str, str]) -> str:
    """A short sample of a kind of line (its DOT attributes), arrowheads as drawn."""
    colour = _colour(style.get("color"), THEMES["default"].ink)
    kind = style.get("style", "solid")
    try:
        width = float(style.get("penwidth", THEMES["default"].penwidth))
    except ValueError:
        width = THEMES["default"].penwidth
    width = max(width, 2.4) if kind == "bold" else width
    dash = f' stroke-dasharray="{_DASHES[kind]}"' if kind in _DASHES else ""
    ends = [(42.0, 1)]  # (x of the tip, direction)
    if style.get("dir") == "both":
        ends.append((2.0, -1))
    elif style.get("dir") == "back":
        ends = [(2.0, -1)]
    heads = []
    shape = style.get("arrowhead", "normal")
    for tip, way in ends:
        back = tip - 7 * way
        if shape in ("normal", "onormal", "empty"):
            fill = colour if shape == "normal" else "#FFFFFF"
            heads.append(
                f'<polygon points="{tip:g},7 {back:g},3.5 {back:g},10.5" fill="{fill}" '
                f'stroke="{colour}" stroke-width="1"/>'
            )
        elif shape == "tee":
            bar = tip - 1.5 * way
            heads.append(
                f'<line x1="{bar:g}" y1="2" x2="{bar:g}" y2="12" stroke="{colour}" '
                f'stroke-width="{max(width, 2):g}"/>'
            )
    return (
        '<svg class="mini" width="44" height="14" viewBox="0 0 44 14" aria-hidden="true">'
        f'<line x1="2" y1="7" x2="41" y2="7" stroke="{colour}" stroke-width="{width:g}"{dash}/>'
        f"{''.join(heads)}</svg>"
    )


# -- the page ------------------------------------------------------------------------------


def report(analysis: Analysis, diagrams: Sequence[Drawn]) -> str:
    """The whole page, for ``diagrams`` in the order given."""
    topic, overlap = analysis.topic, analysis.overlap
    stems = [d.stem for d in diagrams]
    known = entities(topic, overlap, stems)
    alias: dict[str, str] = {}
    shown: dict[str, list[tuple[str, str, str]]] = {}  # entity -> (stem, title, node)
    for d in diagrams:
        for name, entity in d.entities.items():
            key = node_name("thesis" if entity.kind == "school" else entity.kind, entity.id)
            if key not in known:
                continue
            if name != key:
                alias[name] = key
            if all(s != d.stem for s, _, _ in shown.get(key, [])):
                shown.setdefault(key, []).append((d.stem, d.title, name))
    page = _Page(topic, overlap, diagrams, shown)
    page.plan = _plan_section(analysis)
    data = {"entities": known, "alias": dict(sorted(alias.items()))}
    return page.render(_json_for_script(data))


def _plan_section(analysis: Analysis) -> str:
    """The written essay plan as the report's own section (:mod:`argmap.documents.plan`);
    a note in its place if the citation processor cannot run."""
    from argmap.citations import CitationError
    from argmap.documents.plan import essay_plan_html

    try:
        body = essay_plan_html(analysis)
    except CitationError as exc:
        body = f"<p>The written plan could not be made: {text(str(exc))}</p>"
    return f'<section id="plan">{body}</section>'


def _json_for_script(data: object) -> str:
    """JSON that cannot end its ``<script>`` element or open a comment in it."""
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return raw.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def page_head(csp: str) -> str:
    """The start of every page argmap writes (the report, the HTML deck), up to the
    page's own head: its policy ``csp``, the viewport, argmap's version."""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="argmap {text(__version__)}">\n'
    )


def csp_hash(source: str) -> str:
    """A Content-Security-Policy source that allows exactly this inline script or style."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode() + "'"


class _Page:
    def __init__(
        self,
        topic: Topic,
        overlap: Overlap,
        diagrams: Sequence[Drawn],
        shown: dict[str, list[tuple[str, str, str]]],
    ) -> None:
        self.topic = topic
        self.overlap = overlap
        self.diagrams = diagrams
        self.shown = shown
        self.looks = THEMES["default"].looks(topic)
        self.index = {s.id: i for i, s in enumerate(topic.schools)}
        self.plan = ""  # the written plan's section (HTML), set by report()

    # -- small parts ----------------------------------------------------------------

    def tag(self, school: str) -> str:
        return (
            f'<span class="tag sc-{self.index[school]}" '
            f'title="{text(self.topic.school[school].name)}">{text(self.looks[school].tag)}</span>'
        )

    def link(self, kind: str, ident: str, label: str) -> str:
        return f'<a href="#{anchor(kind, ident)}">{text(label)}</a>'

    def claim_link(self, key: str) -> str:
        claim = self.topic.claim[key]
        return f"{self.tag(claim.school)} {self.link('claim', key, short(claim.text, 110))}"

    def cite(self, cite: HistorianCite) -> str:
        """A historian as a claim cites them: the name (a link), then work, year, page."""
        t = self.topic
        out = self.link("historian", cite.id, t.historian[cite.id].name)
        if cite.work:
            _, work = t.work[cite.work]
            out += f", <cite>{text(work.title)}</cite>"
            out += f", {work.year}" if work.year else ""
            out += f", p. {text(cite.page)}" if cite.page else ""
        return out

    def shown_in(self, node: str) -> str:
        links = [
            f'<a href="#{anchor("diagram", stem)}" data-node="{text(name)}">{text(title)}</a>'
            for stem, title, name in self.shown.get(node, [])
        ]
        return self.row("Shown in", links, sep=" · ")

    @staticmethod
    def row(label: str, values: Sequence[str], sep: str = "<br>") -> str:
        """A labelled line of an entry; ``values`` are HTML already."""
        if not values:
            return ""
        return f"<dt>{text(label)}</dt><dd>{sep.join(values)}</dd>"

    # -- the sections ----------------------------------------------------------------

    def sections(self) -> list[tuple[str, str, str]]:
        """The page's sections in order: (anchor, title in the contents, HTML). The
        contents list them; a new section is one more entry here."""
        return [
            ("schools", "Schools", self.schools()),
            ("diagrams", "Diagrams", self.diagram_sections()),
            *([("plan", "Essay plan", self.plan)] if self.plan else []),
            ("claims", "Claims", self.claims()),
            ("evidence", "Evidence", self.evidence()),
            ("historians", "Historians", self.historians()),
            ("factors", "Factors", self.factors()),
        ]

    def render(self, data: str) -> str:
        t = self.topic
        style = self.style()
        script = SCRIPT
        # connect-src 'self': served by `argmap watch --serve`, the page asks that server
        # whether a rebuild has finished; opened from disk it asks nothing (report.js).
        csp = (
            "default-src 'none'; "
            f"style-src {csp_hash(style)}; script-src {csp_hash(script)}; "
            "img-src data:; connect-src 'self'; base-uri 'none'; form-action 'none'"
        )
        sections = self.sections()
        body = "\n".join(
            [
                '<a class="to-toc" href="#toc">Contents</a>',
                "<main>",
                self.header(),
                *(html for _, _, html in sections),
                f"<footer>Made with argmap {text(__version__)} from the topic “{text(t.id)}”."
                "</footer>",
                "</main>",
                self.nav([(ident, title) for ident, title, _ in sections]),
            ]
        )
        rest = (
            f"<title>{text(t.question)}</title>\n"
            f"<style>{style}</style>\n</head>\n<body>\n"
            f"{body}\n"
            '<div id="tip" role="tooltip" hidden></div>\n'
            f'<script type="application/json" id="argmap-data">{data}</script>\n'
            f"<script>{script}</script>\n"
            "</body>\n</html>\n"
        )
        # What the page shows, as one word: a page served by `argmap watch --serve` asks
        # the server for the word of the page on disk, and reloads when it differs.
        digest = hashlib.sha256(rest.encode("utf-8")).hexdigest()[:20]
        return page_head(csp) + f'<meta name="{PAGE_META}" content="{digest}">\n' + rest

    def style(self) -> str:
        colours = []
        for school in self.topic.schools:
            look = self.looks[school.id]
            color = colors.normalise(look.color) if colors.is_color(look.color) else "#666666"
            fill = look.fill.split(":")[0]
            fill = colors.normalise(fill) if colors.is_color(fill) else "#EEEEEE"
            colours.append(f".sc-{self.index[school.id]}{{--c:{color};--f:{fill}}}")
        return STYLE + "\n".join(colours) + "\n"

    def nav(self, sections: Sequence[tuple[str, str]]) -> str:
        """The contents: beside the page on a wide screen, after it on a phone (whose first
        screen is the question; a "Contents" link at the top leads here)."""
        t = self.topic
        items = ['<li><a href="#top">The question</a></li>']
        for ident, title in sections:
            sub = ""
            if ident == "schools":
                sub = "".join(
                    f"<li>{self.tag(s.id)} {self.link('school', s.id, s.name)}</li>"
                    for s in t.schools
                )
            elif ident == "diagrams":
                sub = '<li><a href="#key">Key</a></li>' + "".join(self.toc_diagrams())
            inner = f"<ol>{sub}</ol>" if sub else ""
            items.append(f'<li><a href="#{ident}">{text(title)}</a>{inner}</li>')
        return (
            '<nav id="toc" aria-label="Contents">\n<p class="brand">Contents</p>\n'
            f"<ol>{''.join(items)}</ol>\n</nav>"
        )

    def toc_diagrams(self) -> list[str]:
        """Diagrams in the contents: a run of titles with one prefix ("Compare: A and B",
        "Compare: A and C") under that prefix, each by the rest of its title."""
        runs: list[tuple[str, list[tuple[str, str, str]]]] = []
        for stem, title in ((d.stem, d.title) for d in self.diagrams):
            prefix, _, rest = title.partition(": ")
            group = prefix if rest else ""
            if runs and runs[-1][0] == group and group:
                runs[-1][1].append((stem, title, rest))
            else:
                runs.append((group, [(stem, title, rest)]))
        items = []
        for group, members in runs:
            if len(members) == 1:
                stem, title, _ = members[0]
                items.append(f'<li><a href="#{anchor("diagram", stem)}">{text(title)}</a></li>')
                continue
            links = "".join(
                f'<li><a href="#{anchor("diagram", stem)}">{text(rest)}</a></li>'
                for stem, _, rest in members
            )
            items.append(f'<li><span class="group">{text(group)}</span><ol>{links}</ol></li>')
        return items

    def header(self) -> str:
        """The question, then the schools' answers in a line each: a phone's first screen."""
        t = self.topic
        facts = [
            f"{len(t.schools)} schools",
            f"{len(t.claims)} claims",
            f"{len(t.evidence)} evidence items",
            f"{len(t.historians)} historians",
        ]
        period = f"{t.period[0]}–{t.period[1]} · " if t.period else ""
        answers = "".join(
            f'<li class="sc-{self.index[s.id]}"><a href="#{anchor("school", s.id)}">'
            f"{self.tag(s.id)} <strong>{text(s.name)}</strong></a>"
            f'<span class="gist">{text(s.short or short(s.thesis, 110))}</span></li>'
            for s in t.schools
        )
        summary = f'<p class="summary">{text(t.summary)}</p>' if t.summary else ""
        return (
            '<header id="top">'
            f'<p class="kicker">{text(period)}{text(" · ".join(facts))}</p>'
            f"<h1>{text(t.question)}</h1>"
            f'<ul class="answers" aria-label="The schools\u2019 answers">{answers}</ul>'
            f"{summary}"
            '<p class="hint">Hover over a box in a diagram to read it in full, with its dates, '
            "quotes and historians. Click a school or a claim to open its school diagram "
            "there, and anything else to read its entry below. Drag a diagram to move it; "
            "zoom with its buttons, Ctrl and the wheel, or two fingers.</p></header>"
        )

    def schools(self) -> str:
        cards = []
        for school in self.topic.schools:
            people = [
                self.link("historian", h, self.topic.historian[h].name)
                for h in school.all_historians
            ]
            diagram = f"school-{school.id}"
            links = [self.link("claims", school.id, f"{len(school.claims)} claims")]
            if any(d.stem == diagram for d in self.diagrams):
                links.insert(0, self.link("diagram", diagram, "its diagram"))
            cards.append(
                f'<article class="card entry sc-{self.index[school.id]}" '
                f'id="{anchor("school", school.id)}">'
                f"<h3>{self.tag(school.id)} {text(school.name)}</h3>"
                f'<p class="thesis">{text(school.thesis)}</p>'
                f"<dl>{self.row('Historians', people, sep=', ')}</dl>"
                f'<p class="links">{" · ".join(links)}</p></article>'
            )
        return (
            '<section id="schools"><h2>Schools</h2>'
            f'<div class="cards">{"".join(cards)}</div></section>'
        )

    def diagram_sections(self) -> str:
        parts = ['<section id="diagrams"><h2>Diagrams</h2>', self.key()]
        for i, (stem, title, svg) in enumerate((d.stem, d.title, d.svg) for d in self.diagrams):
            ident = anchor("diagram", stem)
            why = self.diagrams[i].not_drawn
            if why is not None:
                parts.append(
                    f'<section class="diagram" id="{ident}" data-stem="{text(ident)}">'
                    f'<div class="diagram-head"><h3>{text(title)}</h3></div>'
                    f'<p class="not-drawn">This diagram was not drawn: {text(why)}</p>'
                    "</section>"
                )
                continue
            parts.append(
                f'<section class="diagram" id="{ident}" data-stem="{text(ident)}">'
                f'<div class="diagram-head"><h3>{text(title)}</h3>{ZOOM_BUTTONS}</div>'
                f'<figure class="figure" aria-label="{text(title)}">'
                f'<div class="stage" tabindex="0">{inline_svg(svg, f"d{i}-")}</div>'
                "</figure></section>"
            )
        parts.append("</section>")
        return "\n".join(parts)

    def key(self) -> str:
        """One key for every diagram on the page (their own legends are hidden): the
        schools, the kinds of box and the kinds of line that any of them draws."""
        seen: dict[tuple[str, str], KeyEntry] = {}
        for d in self.diagrams:
            for entry in d.key:
                seen.setdefault((entry.kind, entry.name), entry)
        edges_order = list(EDGE_KINDS)
        schools = [s for s in self.topic.schools if ("school", s.id) in seen]
        nodes = sorted(
            (e for e in seen.values() if e.kind == "node"),
            key=lambda e: BOX_ORDER.index(e.name) if e.name in BOX_ORDER else len(BOX_ORDER),
        )
        edges = sorted(
            (e for e in seen.values() if e.kind == "edge"),
            key=lambda e: edges_order.index(e.name) if e.name in edges_order else len(EDGE_KINDS),
        )
        groups = []
        if schools:
            items = "".join(f"<li>{self.tag(s.id)} {text(s.name)}</li>" for s in schools)
            groups.append(f'<div><p class="key-head">Schools</p><ul>{items}</ul></div>')
        if nodes:
            items = "".join(f"<li>{box_sample(dict(e.style))} {text(e.words)}</li>" for e in nodes)
            groups.append(f'<div><p class="key-head">Boxes</p><ul>{items}</ul></div>')
        if edges:
            items = "".join(f"<li>{line_sample(dict(e.style))} {text(e.words)}</li>" for e in edges)
            groups.append(f'<div><p class="key-head">Lines</p><ul>{items}</ul></div>')
        if not groups:
            return ""
        return (
            '<section class="key" id="key" aria-labelledby="key-title">'
            '<h3 id="key-title">Key to every diagram</h3>'
            f'<div class="key-groups">{"".join(groups)}</div></section>'
        )

    def claims(self) -> str:
        incoming: dict[str, list[tuple[str, str]]] = {}
        for claim in self.topic.claims:
            for kind in ("challenges", "qualifies", "agrees"):
                for target in getattr(claim, kind):
                    incoming.setdefault(_key(claim, target), []).append((kind, claim.key))
        parts = ['<section id="claims"><h2>Claims</h2>']
        for school in self.topic.schools:
            parts.append(
                f'<h3 id="{anchor("claims", school.id)}">{self.tag(school.id)} '
                f'{text(school.name)}</h3><ol class="entries">'
            )
            parts.extend(self.claim_entry(school, c, incoming) for c in school.claims)
            parts.append("</ol>")
        parts.append("</section>")
        return "\n".join(parts)

    def claim_entry(
        self, school: School, claim: Claim, incoming: dict[str, list[tuple[str, str]]]
    ) -> str:
        t = self.topic
        people = [self.cite(c) for c in claim.historians]
        evidence = [
            f'<span class="date">{text(evidence_head(t.evidence_item[c.id]))}</span> '
            f"{self.link('evidence', c.id, short(t.evidence_item[c.id].text, 110))}"
            + (f' <span class="note">({text(c.note)})</span>' if c.note else "")
            for c in claim.evidence
        ]
        factors = [self.link("factor", f, t.factor[f].name) for f in claim.factors]
        rows = [
            self.row("Historians", people),
            self.row("Evidence", evidence),
            self.row("Factors", factors, sep=", "),
        ]
        for kind, words in RELATION_WORDS.items():
            rows.append(
                self.row(words, [self.claim_link(_key(claim, x)) for x in getattr(claim, kind)])
            )
        back = {"challenges": "Challenged by", "qualifies": "Qualified by", "agrees": "Agreed by"}
        for kind, words in back.items():
            keys = [k for what, k in incoming.get(claim.key, []) if what == kind]
            rows.append(self.row(words, [self.claim_link(k) for k in keys]))
        rows.append(self.shown_in(node_name("claim", claim.key)))
        return (
            f'<li class="entry sc-{self.index[school.id]}" id="{anchor("claim", claim.key)}">'
            f'<p class="text">{text(claim.text)}</p><dl>{"".join(rows)}</dl></li>'
        )

    def evidence(self) -> str:
        t = self.topic
        items = sorted(t.evidence, key=lambda e: e.date_key)
        citing: dict[str, list[str]] = {}
        for claim in t.claims:
            for cite in claim.evidence:
                citing.setdefault(cite.id, []).append(claim.key)
        parts = ['<section id="evidence"><h2>Evidence</h2><ol class="entries">']
        for item in items:
            quote = f"<blockquote>{text(item.quote)}</blockquote>" if item.quote else ""
            rows = [
                self.row("Source", [text(item.source)] if item.source else []),
                self.row("Cited by", [self.claim_link(k) for k in citing.get(item.id, [])]),
                self.row(
                    "Factors", [self.link("factor", f, t.factor[f].name) for f in item.factors]
                ),
                self.shown_in(node_name("evidence", item.id)),
            ]
            parts.append(
                f'<li class="entry" id="{anchor("evidence", item.id)}">'
                f'<p class="date">{text(evidence_head(item))}</p>'
                f'<p class="text">{text(item.text)}</p>{quote}<dl>{"".join(rows)}</dl></li>'
            )
        parts.append("</ol></section>")
        return "\n".join(parts)

    def historians(self) -> str:
        t = self.topic
        people = sorted(t.historians, key=lambda h: (*h.parts.sort_key, h.name.casefold()))
        parts = ['<section id="historians"><h2>Historians</h2><ol class="entries">']
        for person in people:
            lived = _lived(person.lived)
            works = [
                f"<cite>{text(w.title)}</cite>" + (f" ({w.year})" if w.year else "")
                for w in person.works
            ]
            schools = [
                f"{self.tag(s)} {self.link('school', s, t.school[s].name)}"
                for s in self.overlap.historian_users.get(person.id, ())
            ]
            rows = [
                self.row("Works", works),
                self.row("Schools", schools, sep=", "),
                self.shown_in(node_name("historian", person.id)),
            ]
            parts.append(
                f'<li class="entry" id="{anchor("historian", person.id)}">'
                f'<p class="text"><strong>{text(person.name)}</strong>'
                + (f' <span class="date">{text(lived)}</span>' if lived else "")
                + f"</p><dl>{''.join(rows)}</dl></li>"
            )
        parts.append("</ol></section>")
        return "\n".join(parts)

    def factors(self) -> str:
        t = self.topic
        parts = ['<section id="factors"><h2>Factors</h2><ol class="entries">']
        for factor in t.factors:
            schools = [
                f"{self.tag(s)} {self.link('school', s, t.school[s].name)}"
                for s in self.overlap.factor_users.get(factor.id, ())
            ]
            description = f'<p class="text">{text(factor.description)}</p>' * bool(
                factor.description
            )
            rows = [
                self.row("Carried by", schools, sep=", "),
                self.shown_in(node_name("factor", factor.id)),
            ]
            parts.append(
                f'<li class="entry" id="{anchor("factor", factor.id)}">'
                f'<p class="text"><strong>{text(factor.name)}</strong></p>{description}'
                f"<dl>{''.join(rows)}</dl></li>"
            )
        parts.append("</ol></section>")
        return "\n".join(parts)


def asset(name: str) -> str:
    """A file shipped beside this module (a style sheet, a script), as text."""
    return (Path(__file__).with_name(name)).read_text(encoding="utf-8")


STYLE = asset("report.css")
SCRIPT = asset("report.js")
