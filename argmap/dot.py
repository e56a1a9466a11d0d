"""The one door through which user text enters DOT.

Every label is an HTML-like label built here from escaped text; every other attribute that
carries user text (a tooltip) goes through :func:`plain`. Views never concatenate user text
into DOT themselves.

>>> cell("<script>&\\"x\\"")
'&lt;script&gt;&amp;&quot;x&quot;'
>>> str(plain("a \\\\N <b>"))
'a \\\\\\\\N <b>'
"""

from __future__ import annotations

import re
import textwrap
import unicodedata
from functools import lru_cache

import graphviz

# C0/C1 control characters (except tab and newline) cannot appear in SVG or XML at all.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_ID_RE = re.compile(r"^[a-z][a-z0-9_-]*$")
# Characters of a tooltip: escaped, at most twice as many, far under the 16,384 Graphviz
# reads, and few enough that quoting a run of backslashes (quadratic in the graphviz
# package) stays quick.
PLAIN_LIMIT = 1000
# Characters of one line of a label: escaped, a backslash takes ten ("&#92;&#92;").
CELL_LIMIT = 1000


def clean(text: str) -> str:
    """User text with what cannot be drawn removed: control characters, and bidi controls
    that could make a label read differently from what was written."""
    text = _CONTROL.sub("", text.replace("\t", " "))
    if text.isascii():
        return text  # no format characters below U+0080
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf" or ch == "\u200d")


def cell(text: str) -> str:
    """Escape user text for an HTML-like label: nothing in it can become markup.

    A line is cut (with an ellipsis) past :data:`CELL_LIMIT` characters: Graphviz reads no
    run of label text of 16,384 characters, and a line that long is unreadable anyway.
    """
    text = clean(text)
    if len(text) > CELL_LIMIT:
        text = text[: CELL_LIMIT - 1] + "…"
    return (
        text.replace("&", "&amp;")
        .replace("\\", "&#92;&#92;")  # Graphviz expands \G, \N... even in HTML labels
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#39;")
    )


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` characters; a word longer than that is broken."""
    lines: list[str] = []
    for paragraph in clean(text).split("\n"):
        lines.extend(
            textwrap.wrap(paragraph, width, break_long_words=True, break_on_hyphens=False) or [""]
        )
    return lines


@lru_cache(maxsize=4096)
def block(
    text: str,
    width: int,
    *,
    size: float | None = None,
    bold: bool = False,
    italic: bool = False,
    color: str | None = None,
    align: str = "LEFT",
) -> str:
    """Wrapped, escaped user text as an HTML-like fragment."""
    body = f'<BR ALIGN="{align}"/>'.join(cell(line) for line in wrap(text, width))
    body += f'<BR ALIGN="{align}"/>' if align != "CENTER" else ""
    if bold:
        body = f"<B>{body}</B>"
    if italic:
        body = f"<I>{body}</I>"
    attrs = []
    if size:
        attrs.append(f'POINT-SIZE="{size:g}"')
    if color:
        attrs.append(f'COLOR="{_color(color)}"')
    return f"<FONT {' '.join(attrs)}>{body}</FONT>" if attrs else body


def html(fragment: str) -> str:
    """A finished HTML-like label (the graphviz package emits ``<...>`` unquoted)."""
    return f"<{fragment}>"


def plain(text: str) -> str:
    """User text for a quoted (non-HTML) attribute such as a tooltip: backslash escapes
    (``\\N``, ``\\l``) are neutralised and it is never read as an HTML-like label.

    Past :data:`PLAIN_LIMIT` characters it is cut (with an ellipsis): Graphviz cannot
    read a quoted string of 16,384 characters or more, and a tooltip is read at a glance.
    """
    text = clean(text)
    if len(text) > PLAIN_LIMIT:
        text = text[: PLAIN_LIMIT - 1] + "…"
    return graphviz.escape(text)


def node_id(kind: str, ident: str) -> str:
    """A DOT node name from a checked id (a slug, or a claim key with a dot).

    Slugs have no underscore, so ``kind__school__claim`` is unambiguous; no colon, which
    DOT would read as a port.

    >>> node_id("claim", "power-politics.crush-factions")
    'claim__power-politics__crush-factions'
    """
    name = f"{kind}__{ident.replace('.', '__')}"
    if not _ID_RE.match(name):
        raise ValueError(f"not a node name: {name!r}")
    return name


def _color(value: str) -> str:
    if not re.match(r"^#[0-9a-fA-F]{3,8}$|^[a-z]+[0-9]*$", value):
        raise ValueError(f"not a colour: {value!r}")
    return value
