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
(:func:`html.escape` after :func:`argmap.dot.clean`), the tooltip data is a JSON blob in a
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
from pathlib import Path

from argmap import __version__, dot
from argmap.model import Claim, Evidence, HistorianCite, School, Topic
from argmap.overlap import Overlap
from argmap.themes import THEMES

# (stem, title, SVG bytes): one diagram as the build wrote it.
DiagramFile = tuple[str, str, bytes]

_SVG_JUNK = re.compile(r"<\?xml.*?\?>|<!DOCTYPE[^>]*>|<!--.*?-->", re.S)
_TAG = re.compile(r"<[^<>]*>")
_TAG_ID = re.compile(r'(<[A-Za-z][^<>]*?\sid=")')
_URL_REF = re.compile(r"url\(#")
_LOCAL_HREF = re.compile(r'(\s(?:xlink:)?href=")#')
_OTHER_HREF = re.compile(r'\s(?:xlink:)?href="(?!#)[^"]*"')
_NODE = re.compile(r'<g id="[^"]*" class="node">\s*<title>([^<]*)</title>')
_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")
_NOT_ANCHOR = re.compile(r"[^a-z0-9.-]+")


def text(value: str | None) -> str:
    """User text as HTML text or an attribute value: nothing in it is markup."""
    return html.escape(dot.clean(value or ""), quote=True)


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
    source = _SVG_JUNK.sub("", svg.decode("utf-8")).strip()
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


def node_names(svg: bytes) -> list[str]:
    """The DOT names of the nodes of an SVG from Graphviz, in the order drawn."""
    return [html.unescape(m.group(1)) for m in _NODE.finditer(svg.decode("utf-8"))]


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
        return dot.clean(value)
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


def aliases(names: Sequence[str], known: dict[str, object]) -> dict[str, str]:
    """Nodes that stand for a thing of the model under another name: a point of the plan
    (``point__<branch>__<school>__<claim>``) is its claim."""
    out = {}
    for name in names:
        parts = name.split("__")
        if parts[0] == "point" and len(parts) == 4:
            claim = node_name("claim", f"{parts[2]}.{parts[3]}")
            if claim in known:
                out[name] = claim
    return out


# -- the page ------------------------------------------------------------------------------


def report(topic: Topic, overlap: Overlap, diagrams: Sequence[DiagramFile]) -> str:
    """The whole page, for ``diagrams`` in the order given."""
    stems = [stem for stem, _, _ in diagrams]
    known = entities(topic, overlap, stems)
    names = {stem: node_names(svg) for stem, _, svg in diagrams}
    alias = aliases([n for stem in stems for n in names[stem]], known)
    shown: dict[str, list[tuple[str, str, str]]] = {}  # entity -> (stem, title, node)
    for stem, title, _ in diagrams:
        for name in names[stem]:
            key = alias.get(name, name)
            if key in known and all(s != stem for s, _, _ in shown.get(key, [])):
                shown.setdefault(key, []).append((stem, title, name))
    page = _Page(topic, overlap, diagrams, shown)
    data = {"entities": known, "alias": alias}
    return page.render(_json_for_script(data))


def report_from_folder(
    topic: Topic, overlap: Overlap, folder: Path, *, titles: Mapping[str, str] | None = None
) -> str:
    """The page for a built topic folder (``OUTPUT/<topic-id>/``), from the SVGs the build
    wrote there: every diagram of the screen theme, the overlap first; a diagram whose SVG
    is missing (its render failed) is left out. ``titles`` (diagram titles by stem, as a
    build knows them) saves making each view again to learn its title."""
    return report(topic, overlap, diagrams_in(topic, overlap, folder, titles=titles))


def diagrams_in(
    topic: Topic, overlap: Overlap, folder: Path, *, titles: Mapping[str, str] | None = None
) -> list[DiagramFile]:
    from argmap.build import targets

    found = []
    for target in targets(topic, overlap):
        if target.theme is not THEMES["default"]:
            continue
        path = folder / f"{target.stem}.svg"
        if path.is_file():
            title = titles[target.stem] if titles else target.make().title
            found.append((target.stem, title, path.read_bytes()))
    found.sort(key=lambda d: d[0] != "overlap")  # stable: the rest keep the build's order
    return found


def _json_for_script(data: object) -> str:
    """JSON that cannot end its ``<script>`` element or open a comment in it."""
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return raw.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _csp_hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode() + "'"


class _Page:
    def __init__(
        self,
        topic: Topic,
        overlap: Overlap,
        diagrams: Sequence[DiagramFile],
        shown: dict[str, list[tuple[str, str, str]]],
    ) -> None:
        self.topic = topic
        self.overlap = overlap
        self.diagrams = diagrams
        self.shown = shown
        self.looks = THEMES["default"].looks(topic)
        self.index = {s.id: i for i, s in enumerate(topic.schools)}

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

    def render(self, data: str) -> str:
        t = self.topic
        style = self.style()
        script = SCRIPT
        csp = (
            "default-src 'none'; "
            f"style-src {_csp_hash(style)}; script-src {_csp_hash(script)}; "
            "img-src data:; base-uri 'none'; form-action 'none'"
        )
        body = "\n".join(
            [
                self.nav(),
                "<main>",
                self.header(),
                self.schools(),
                self.diagram_sections(),
                self.claims(),
                self.evidence(),
                self.historians(),
                self.factors(),
                f"<footer>Made with argmap {text(__version__)} from the topic “{text(t.id)}”."
                "</footer>",
                "</main>",
            ]
        )
        return (
            "<!DOCTYPE html>\n"
            '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta name="generator" content="argmap {text(__version__)}">\n'
            f"<title>{text(t.question)}</title>\n"
            f"<style>{style}</style>\n</head>\n<body>\n"
            f"{body}\n"
            '<div id="tip" role="tooltip" hidden></div>\n'
            f'<script type="application/json" id="argmap-data">{data}</script>\n'
            f"<script>{script}</script>\n"
            "</body>\n</html>\n"
        )

    def style(self) -> str:
        colours = []
        for school in self.topic.schools:
            look = self.looks[school.id]
            color = look.color if _COLOR.match(look.color) else "#666666"
            fill = look.fill.split(":")[0]
            fill = fill if _COLOR.match(fill) else "#EEEEEE"
            colours.append(f".sc-{self.index[school.id]}{{--c:{color};--f:{fill}}}")
        return STYLE + "\n".join(colours) + "\n"

    def nav(self) -> str:
        t = self.topic
        schools = "".join(
            f"<li>{self.tag(s.id)} {self.link('school', s.id, s.name)}</li>" for s in t.schools
        )
        diagrams = "".join(self.toc_diagrams())
        return (
            '<nav id="toc" aria-label="Contents">\n<p class="brand">Contents</p>\n<ol>'
            '<li><a href="#top">The question</a></li>'
            f'<li><a href="#schools">Schools</a><ol>{schools}</ol></li>'
            f'<li><a href="#diagrams">Diagrams</a><ol>{diagrams}</ol></li>'
            '<li><a href="#claims">Claims</a></li>'
            '<li><a href="#evidence">Evidence</a></li>'
            '<li><a href="#historians">Historians</a></li>'
            '<li><a href="#factors">Factors</a></li>'
            "</ol>\n</nav>"
        )

    def toc_diagrams(self) -> list[str]:
        """Diagrams in the contents: a run of titles with one prefix ("Compare: A and B",
        "Compare: A and C") under that prefix, each by the rest of its title."""
        runs: list[tuple[str, list[tuple[str, str, str]]]] = []
        for stem, title, _ in self.diagrams:
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
        t = self.topic
        facts = [
            f"{len(t.schools)} schools",
            f"{len(t.claims)} claims",
            f"{len(t.evidence)} evidence items",
            f"{len(t.historians)} historians",
        ]
        period = f"{t.period[0]}–{t.period[1]} · " if t.period else ""
        summary = f'<p class="summary">{text(t.summary)}</p>' if t.summary else ""
        return (
            '<header id="top">'
            f'<p class="kicker">{text(period)}{text(" · ".join(facts))}</p>'
            f"<h1>{text(t.question)}</h1>{summary}"
            '<p class="hint">Hover over a box in a diagram to read it in full, with its dates, '
            "quotes and historians. Click a school or a claim to open its school diagram "
            "there, and anything else to read its entry below.</p></header>"
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
            if any(stem == diagram for stem, _, _ in self.diagrams):
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
        parts = ['<section id="diagrams"><h2>Diagrams</h2>']
        for i, (stem, title, svg) in enumerate(self.diagrams):
            ident = anchor("diagram", stem)
            parts.append(
                f'<section class="diagram" id="{ident}" data-stem="{text(ident)}">'
                f'<div class="diagram-head"><h3>{text(title)}</h3>'
                '<div class="zoom" role="group" aria-label="Size">'
                '<button type="button" data-zoom="fit" aria-pressed="true">Fit</button>'
                '<button type="button" data-zoom="full" aria-pressed="false">Actual size'
                "</button></div></div>"
                f'<figure class="figure fit" aria-label="{text(title)}">'
                f"{inline_svg(svg, f'd{i}-')}</figure></section>"
            )
        parts.append("</section>")
        return "\n".join(parts)

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


STYLE = """
:root{--ink:#1f2328;--muted:#5b636e;--line:#d8dde3;--bg:#fff;--soft:#f6f8fa;--accent:#0b5cad;
--hi:#fff4c2;color-scheme:light;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,
"DejaVu Sans","Helvetica Neue",Arial,sans-serif;color:var(--ink);background:var(--bg)}
*{box-sizing:border-box}
main,#toc,#tip{overflow-wrap:anywhere}
body{margin:0;display:grid;grid-template-columns:17rem minmax(0,1fr)}
a{color:var(--accent);text-decoration:none}a:hover{text-decoration:underline}
.figure a:hover{text-decoration:none}
#toc{position:sticky;top:0;height:100vh;overflow:auto;padding:1.25rem 1rem 2rem;
border-right:1px solid var(--line);background:var(--soft);font-size:.875rem}
#toc .brand{margin:0 0 .5rem;font-weight:700;text-transform:uppercase;letter-spacing:.06em;
font-size:.75rem;color:var(--muted)}
#toc ol{list-style:none;margin:0;padding:0}#toc li{margin:.2rem 0}
#toc ol ol{margin:.2rem 0 .6rem .6rem;font-size:.8125rem}
#toc>ol>li>a{font-weight:600}#toc .group{color:var(--muted);font-weight:600}
main{padding:1.5rem 2.5rem 4rem;min-width:0}
header{max-width:52rem}
.kicker{margin:0;color:var(--muted);font-size:.875rem}
h1{font-size:1.9rem;line-height:1.2;margin:.3rem 0 .8rem}
h2{font-size:1.4rem;margin:2.5rem 0 1rem;padding-bottom:.3rem;border-bottom:1px solid var(--line)}
h3{font-size:1.05rem;margin:1.4rem 0 .6rem}
.summary{font-size:1.05rem;max-width:52rem}
.hint{color:var(--muted);font-size:.875rem;border-left:3px solid var(--line);padding-left:.75rem}
.tag{display:inline-block;min-width:2.1em;padding:0 .35em;border:1px solid var(--c,#888);
background:var(--f,#eee);border-radius:3px;font-size:.7rem;font-weight:700;text-align:center;
line-height:1.5;vertical-align:.12em;color:var(--ink)}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(17rem,1fr));gap:1rem}
.card{border:1px solid var(--line);border-top:4px solid var(--c,#888);border-radius:6px;
padding:.8rem 1rem;background:#fff}
.card h3{margin:.1rem 0 .5rem}.thesis{margin:.3rem 0;font-style:italic}
.links{margin:.5rem 0 0;font-size:.875rem}
dl{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.15rem .8rem;margin:.4rem 0 0;
font-size:.875rem}
dt{color:var(--muted)}dd{margin:0}
.diagram{margin:1.5rem 0 2.5rem;scroll-margin-top:.5rem}
.diagram-head{display:flex;align-items:baseline;justify-content:space-between;gap:1rem;
flex-wrap:wrap}
.diagram-head h3{margin:.4rem 0}
.zoom button{font:inherit;font-size:.8rem;padding:.15rem .6rem;border:1px solid var(--line);
background:#fff;border-radius:4px;cursor:pointer;color:var(--ink)}
.zoom button[aria-pressed=true]{background:var(--ink);color:#fff;border-color:var(--ink)}
.figure{margin:0;border:1px solid var(--line);border-radius:6px;background:#fff;padding:.5rem}
.figure svg{display:block}
.figure.fit svg{max-width:100%;height:auto}
.figure.full{overflow:auto;max-height:88vh}
.figure.full svg{max-width:none}
.figure g.node[data-go]{cursor:pointer}
.figure g.node.flash{animation:flash 2s ease-out}
@keyframes flash{0%,55%{filter:drop-shadow(0 0 5px #d55e00) drop-shadow(0 0 2px #d55e00)}
100%{filter:none}}
.entries{list-style:none;margin:0;padding:0}
.entry{border-left:4px solid var(--c,var(--line));padding:.5rem .9rem;margin:0 0 .8rem;
background:#fff;scroll-margin-top:1rem;max-width:60rem}
.entry:target,.card:target{background:var(--hi);animation:target 2.5s ease-out}
@keyframes target{0%{box-shadow:0 0 0 3px #d55e00}100%{box-shadow:0 0 0 0 transparent}}
.entry .text{margin:0;white-space:pre-line}
.date{color:var(--muted);font-size:.8rem;font-weight:600;margin:0}
.note{color:var(--muted)}
blockquote{margin:.4rem 0;padding:.1rem .8rem;border-left:3px solid var(--line);
font-style:italic;white-space:pre-line}
footer{margin-top:3rem;color:var(--muted);font-size:.8rem}
#tip{position:fixed;z-index:10;max-width:26rem;padding:.6rem .75rem;background:#fff;
border:1px solid #b8c0c8;border-radius:6px;box-shadow:0 6px 20px rgba(0,0,0,.18);
font-size:.8125rem;line-height:1.4;pointer-events:none;white-space:normal}
#tip[hidden]{display:none}
#tip .head{margin:0 0 .2rem;font-size:.7rem;font-weight:700;text-transform:uppercase;
letter-spacing:.05em;color:var(--muted)}
#tip .title{margin:0 0 .2rem;font-weight:700}
#tip .text{margin:0;white-space:pre-line}
#tip .quote{margin:.35rem 0 0;font-style:italic;white-space:pre-line}
#tip dl{margin-top:.4rem;font-size:.78rem}
#tip .go{margin:.45rem 0 0;color:var(--accent);font-size:.75rem}
@media (max-width:60rem){body{display:block}#toc{position:static;height:auto;
border-right:0;border-bottom:1px solid var(--line)}main{padding:1rem}}
@media print{#toc,.zoom,#tip{display:none}body{display:block}.figure.full{max-height:none}}
"""

SCRIPT = """
(function () {
  "use strict";
  var XLINK = "http://www.w3.org/1999/xlink";
  var data = JSON.parse(document.getElementById("argmap-data").textContent);
  var known = data.entities, alias = data.alias;
  var tip = document.getElementById("tip");

  // Graphviz's own <title> and xlink:title would show as plain browser tooltips on top of
  // ours: keep their text as data and drop them.
  document.querySelectorAll(".figure svg").forEach(function (svg) {
    svg.querySelectorAll("title").forEach(function (title) {
      var g = title.parentNode;
      if (g.classList && g.classList.contains("node")) {
        g.setAttribute("data-name", title.textContent);
      }
      title.remove();
    });
    svg.querySelectorAll("a").forEach(function (a) {
      var words = a.getAttributeNS(XLINK, "title");
      if (words !== null) {
        a.setAttribute("data-tip", words);
        a.removeAttributeNS(XLINK, "title");
      }
    });
    svg.querySelectorAll("g.node").forEach(function (g) {
      if (destination(g)) g.setAttribute("data-go", "");
    });
  });

  function entityOf(node) {
    var name = node.getAttribute("data-name") || "";
    var key = Object.prototype.hasOwnProperty.call(alias, name) ? alias[name] : name;
    return Object.prototype.hasOwnProperty.call(known, key) ? known[key] : null;
  }

  function destination(node) {
    var d = entityOf(node);
    if (!d) return null;
    var here = node.closest("[data-stem]");
    if (d.diagram && document.getElementById(d.diagram) &&
        !(here && here.getAttribute("data-stem") === d.diagram)) {
      return {id: d.diagram, node: d.node, words: "Click: open its school diagram"};
    }
    return {id: d.entry, words: "Click: read its entry on this page"};
  }

  function add(parent, tag, cls, words) {
    var el = document.createElement(tag);
    if (cls) el.className = cls;
    if (words !== undefined) el.textContent = words;
    parent.appendChild(el);
    return el;
  }

  function fill(node) {
    tip.replaceChildren();
    var d = entityOf(node);
    if (!d) {
      var a = node.querySelector("a[data-tip]");
      if (!a) return false;
      add(tip, "p", "text", a.getAttribute("data-tip"));
      return true;
    }
    add(tip, "p", "head", d.head);
    if (d.title) add(tip, "p", "title", d.title);
    if (d.text) add(tip, "p", "text", d.text);
    if (d.quote) add(tip, "p", "quote", "\\u201c" + d.quote + "\\u201d");
    if (d.rows && d.rows.length) {
      var dl = add(tip, "dl");
      d.rows.forEach(function (row) {
        add(dl, "dt", "", row[0]);
        var dd = add(dl, "dd");
        row[1].forEach(function (line, i) {
          if (i) dd.appendChild(document.createElement("br"));
          dd.appendChild(document.createTextNode(line));
        });
      });
    }
    var go = destination(node);
    if (go) add(tip, "p", "go", go.words);
    return true;
  }

  function place(x, y) {
    var pad = 14, w = tip.offsetWidth, h = tip.offsetHeight;
    var left = x + pad + w > window.innerWidth ? Math.max(4, x - pad - w) : x + pad;
    var top = y + pad + h > window.innerHeight ? Math.max(4, y - pad - h) : y + pad;
    tip.style.left = left + "px";
    tip.style.top = top + "px";
  }

  var current = null, lastX = 0, lastY = 0;
  function show(node, x, y) {
    if (node !== current) {
      current = node;
      if (!fill(node)) { hide(); return; }
      tip.hidden = false;
    }
    place(x, y);
  }
  function hide() { current = null; tip.hidden = true; }

  function under(el) {
    return el && el.closest ? el.closest(".figure g.node, .figure g.edge") : null;
  }
  document.addEventListener("mouseover", function (ev) {
    var node = under(ev.target);
    if (node) show(node, ev.clientX, ev.clientY); else hide();
  });
  document.addEventListener("mousemove", function (ev) {
    lastX = ev.clientX;
    lastY = ev.clientY;
    if (current) place(lastX, lastY);
  });
  // Scrolling moves the page under a still pointer: show what is under it now.
  window.addEventListener("scroll", function () {
    if (!current) return;
    var node = under(document.elementFromPoint(lastX, lastY));
    if (node) show(node, lastX, lastY); else hide();
  }, {passive: true});

  function flash(el) {
    el.classList.remove("flash");
    void el.getBoundingClientRect();
    el.classList.add("flash");
    el.addEventListener("animationend", function () { el.classList.remove("flash"); },
                        {once: true});
  }

  function go(target) {
    var el = document.getElementById(target.id);
    if (!el) return;
    hide();
    if (location.hash === "#" + target.id) el.scrollIntoView(); else location.hash = target.id;
    if (target.node) {
      var node = el.querySelector('g.node[data-name="' + CSS.escape(target.node) + '"]');
      if (node) {
        node.scrollIntoView({block: "center", inline: "center"});
        flash(node);
      }
    }
  }

  document.addEventListener("click", function (ev) {
    var node = ev.target.closest && ev.target.closest(".figure g.node");
    if (node) {
      var target = destination(node);
      if (target) { ev.preventDefault(); go(target); }
      return;
    }
    var link = ev.target.closest && ev.target.closest("a[data-node]");
    if (link) {
      ev.preventDefault();
      go({id: link.getAttribute("href").slice(1), node: link.getAttribute("data-node")});
      return;
    }
    var button = ev.target.closest && ev.target.closest(".zoom button");
    if (button) {
      var section = button.closest(".diagram");
      var figure = section.querySelector(".figure");
      var full = button.getAttribute("data-zoom") === "full";
      figure.classList.toggle("full", full);
      figure.classList.toggle("fit", !full);
      section.querySelectorAll(".zoom button").forEach(function (b) {
        b.setAttribute("aria-pressed", String(b === button));
      });
    }
  });
})();
"""
