"""The deck as one self-contained HTML file (``argmap deck -o deck.html``).

Every slide is its SVG inline (ids prefixed per slide, as in the report), one slide on the
screen at a time, scaled to fit it. Arrow keys, space, Page Up/Down and a click move
between slides (shift-click goes back), Home and End go to the ends, ``f`` toggles full
screen, ``n`` shows or hides the speaker notes under the slide; the address ends in the
slide's number (``deck.html#5``), so a reload stays on it.

Like the report, the page makes no request: style, script and pictures are inline, and a
Content-Security-Policy (``default-src 'none'``, the one style and the one script allowed
by their hashes) forbids anything else. User text reaches the page only as escaped text
(the notes, the titles) or inside Graphviz's SVG, which has escaped it already.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from argmap.analysis import Analysis
from argmap.documents.html import asset, csp_hash, inline_svg, page_head, text

if TYPE_CHECKING:
    from argmap.deck import Drawn

STYLE = asset("deck.css")
SCRIPT = asset("deck.js")


def notes_html(count: str, title: str, notes: str) -> str:
    """The notes of a slide: its number and title, then one paragraph a line (blank lines
    kept as a gap), as escaped text."""
    lines = notes.strip("\n").split("\n")
    body = "".join(
        f"<p>{text(line)}</p>" if line.strip() else '<p class="gap"></p>' for line in lines
    )
    head = f'<span class="count">{text(count)}</span>{text(title)}'
    return f'<aside class="notes"><h2>{head}</h2>{body}</aside>'


def page(analysis: Analysis, drawn: Sequence[Drawn]) -> str:
    """The whole deck, slides in the order given."""
    topic = analysis.topic
    sections = []
    total = len(drawn)
    for number, d in enumerate(drawn, start=1):
        slide = d.slide
        step = f", step {slide.step[0]} of {slide.step[1]}" if slide.step else ""
        label = f"Slide {number} of {total}: {slide.title}{step}"
        sections.append(
            f'<section class="slide" id="slide-{number}" aria-roledescription="slide" '
            f'aria-label="{text(label)}" data-name="{text(slide.name)}">'
            f'<div class="frame">{inline_svg(d.svg, f"s{number}-")}</div>'
            f"{notes_html(f'{number} / {total}', slide.title + step, slide.notes)}</section>"
        )
    csp = (
        "default-src 'none'; "
        f"style-src {csp_hash(STYLE)}; script-src {csp_hash(SCRIPT)}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    keys = "→ space click: next · ←: back · f: full screen · n: notes"
    return (
        page_head(csp) + f"<title>{text(topic.question)}</title>\n"
        f"<style>{STYLE}</style>\n</head>\n<body>\n"
        f'<main id="deck">\n' + "\n".join(sections) + "\n</main>\n"
        f'<div id="bar"><span id="count">1 / {total}</span>'
        f'<span class="keys">{text(keys)}</span></div>\n'
        f"<script>{SCRIPT}</script>\n"
        "</body>\n</html>\n"
    )
