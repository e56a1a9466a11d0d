"""The one door through which user text enters DOT.

Labels are Graphviz HTML-like labels, built only by the functions here. Each returns a
:class:`Markup`: a ``str`` that this module made, so that it can hold no unescaped user
text. :func:`html` takes nothing else, and two fragments join only with each other
(``Markup + str`` is a TypeError), so a view cannot slip raw text into a label, by mistake
or otherwise. Every other attribute that carries user text (a tooltip) goes through
:func:`plain`. Views never write ``<TABLE>``, ``<TD>`` or ``<FONT>`` themselves.

>>> str(text("<script>&\\"x\\""))
'&lt;script&gt;&amp;&quot;x&quot;<BR ALIGN="LEFT"/>'
>>> html(table([row(cell(text("a"), align="LEFT"))]))  # doctest: +NORMALIZE_WHITESPACE
'<<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="1"><TR><TD ALIGN="LEFT">a<BR
 ALIGN="LEFT"/></TD></TR></TABLE>>'
>>> html("<b>raw</b>")
Traceback (most recent call last):
...
TypeError: a label must be built by argmap.dot (got str)
>>> str(plain("a \\\\N <b>"))
'a \\\\\\\\N <b>'
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable
from functools import lru_cache

import graphviz

from argmap import colors
from argmap.text import clean

# Characters of a tooltip: escaped, at most twice as many, far under the 16,384 Graphviz
# reads, and few enough that quoting a run of backslashes (quadratic in the graphviz
# package) stays quick.
PLAIN_LIMIT = 1000
# Characters of one line of a label: escaped, a backslash takes ten ("&#92;&#92;").
CELL_LIMIT = 1000
# Characters of one text in a label, however many lines it wraps to (the checker refuses a
# longer text; this holds for text from anywhere else too, a bibliography's).
TEXT_LIMIT = 10_000
ELLIPSIS = "…"

_ID_RE = re.compile(r"^[a-z][a-z0-9_-]*$")
_ALIGN = frozenset(("LEFT", "RIGHT", "CENTER", "TEXT"))
_VALIGN = frozenset(("TOP", "MIDDLE", "BOTTOM"))


class Markup(str):
    """A fragment of an HTML-like label made by this module (escaped, well formed)."""

    __slots__ = ()

    def __add__(self, other: str) -> Markup:
        if not isinstance(other, Markup):
            raise TypeError(f"only argmap.dot fragments join a label (got {type(other).__name__})")
        return Markup(str.__add__(self, other))

    def __radd__(self, other: str) -> Markup:
        if not isinstance(other, Markup):
            raise TypeError(f"only argmap.dot fragments join a label (got {type(other).__name__})")
        return Markup(str.__add__(other, self))


EMPTY = Markup("")


def escape(value: str) -> str:
    """Escape user text for an HTML-like label: nothing in it can become markup.

    A line is cut (with an ellipsis) past :data:`CELL_LIMIT` characters: Graphviz reads no
    run of label text of 16,384 characters, and a line that long is unreadable anyway.
    """
    value = clean(value)
    if len(value) > CELL_LIMIT:
        value = value[: CELL_LIMIT - 1] + ELLIPSIS
    return (
        value.replace("&", "&amp;")
        .replace("\\", "&#92;&#92;")  # Graphviz expands \G, \N... even in HTML labels
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#39;")
    )


def _cut(value: str, limit: int) -> str:
    return value if len(value) <= limit else value[: limit - 1] + ELLIPSIS


def wrap(value: str, width: int) -> list[str]:
    """Lines of at most ``width`` characters; a word longer than that is broken after its
    dashes first ("November–December 1922" as "November–" and "December 1922"), and only
    then where it must.

    >>> wrap("November–December 1922", 11)
    ['November–', 'December', '1922']
    """
    lines: list[str] = []
    for paragraph in clean(value).split("\n"):
        words = [_DASHES.sub(r"\1 ", w) if len(w) > width else w for w in paragraph.split(" ")]
        lines.extend(
            textwrap.wrap(" ".join(words), width, break_long_words=True, break_on_hyphens=False)
            or [""]
        )
    return lines


_DASHES = re.compile(r"([–—-])(?=\S)")  # a dash inside a word, where it may break


def fit(value: str, width: int, lines: int) -> list[str]:
    """``value`` wrapped to ``width`` in at most ``lines`` lines; when it does not fit, the
    last line is cut at a word and ends with an ellipsis (never a silent cut).

    >>> fit("one two three four five six", 9, 2)
    ['one two', 'three …']
    """
    wrapped = wrap(value, width)
    if len(wrapped) <= lines:
        return wrapped
    kept = wrapped[:lines]
    last = kept[-1]
    while len(last) + 2 > width and " " in last:
        last = last.rsplit(" ", 1)[0]
    if len(last) + 2 > width:
        last = last[: max(width - 2, 1)]
    kept[-1] = last.rstrip(" ,;:") + " " + ELLIPSIS
    return kept


def _font(body: str, size: float | None, color: str | None, face: str | None) -> str:
    attrs = []
    if face:
        attrs.append(f'FACE="{escape(face)}"')
    if size:
        attrs.append(f'POINT-SIZE="{float(size):g}"')
    if color:
        attrs.append(f'COLOR="{colors.normalise(color)}"')
    return f"<FONT {' '.join(attrs)}>{body}</FONT>" if attrs else body


@lru_cache(maxsize=4096)
def text(
    value: str,
    width: int | None = None,
    *,
    size: float | None = None,
    bold: bool = False,
    italic: bool = False,
    color: str | None = None,
    align: str = "LEFT",
    lines: int | None = None,
    face: str | None = None,
) -> Markup:
    """User text, wrapped to ``width`` characters a line (None: as written) and escaped;
    with ``lines``, at most that many lines, the last ending in an ellipsis when cut.
    Every line ends with a break aligned ``align`` (a centred last line has none, so that
    Graphviz centres it)."""
    if align not in _ALIGN:
        raise ValueError(f"not an alignment: {align!r}")
    value = _cut(value, TEXT_LIMIT)
    if width is None:
        parts = clean(value).split("\n")
    elif lines is None:
        parts = wrap(value, width)
    else:
        parts = fit(value, width, lines)
    brk = f'<BR ALIGN="{align}"/>'
    body = brk.join(escape(line) for line in parts) + (brk if align != "CENTER" else "")
    if bold:
        body = f"<B>{body}</B>"
    if italic:
        body = f"<I>{body}</I>"
    return Markup(_font(body, size, color, face))


def block(
    value: str,
    width: int,
    *,
    size: float | None = None,
    bold: bool = False,
    italic: bool = False,
    color: str | None = None,
    align: str = "LEFT",
) -> Markup:
    """Wrapped, escaped user text (:func:`text` with a width)."""
    return text(value, width, size=size, bold=bold, italic=italic, color=color, align=align)


def span(
    value: str,
    *,
    size: float | None = None,
    bold: bool = False,
    italic: bool = False,
    color: str | None = None,
) -> Markup:
    """A run of text on one line, with no break after it (for text beside other text)."""
    body = escape(_cut(value, CELL_LIMIT).replace("\n", " "))
    if bold:
        body = f"<B>{body}</B>"
    if italic:
        body = f"<I>{body}</I>"
    return Markup(_font(body, size, color, None))


def join(parts: Iterable[Markup], sep: Markup = EMPTY) -> Markup:
    """Fragments one after another."""
    out = EMPTY
    for i, part in enumerate(parts):
        out = out + (sep + part if i else part)
    return out


def line_break(align: str = "LEFT") -> Markup:
    if align not in _ALIGN:
        raise ValueError(f"not an alignment: {align!r}")
    return Markup(f'<BR ALIGN="{align}"/>')


def _attr_value(name: str, value: object) -> str:
    if name in ("BGCOLOR", "COLOR"):
        return colors.normalise(str(value))
    if name in ("ALIGN", "BALIGN"):
        if value not in _ALIGN:
            raise ValueError(f"not an alignment: {value!r}")
        return str(value)
    if name == "VALIGN":
        if value not in _VALIGN:
            raise ValueError(f"not a vertical alignment: {value!r}")
        return str(value)
    if name in ("HREF", "TOOLTIP", "TITLE", "ID", "STYLE", "SIDES", "PORT", "TARGET"):
        return escape(str(value))
    if name == "FIXEDSIZE":
        return "TRUE" if value else "FALSE"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{name} must be a number, not {value!r}")
    return f"{value:g}" if isinstance(value, float) else str(value)


def _attrs(attrs: dict[str, object]) -> str:
    return "".join(
        f' {name.upper().replace("_", "")}="{_attr_value(name.upper().replace("_", ""), value)}"'
        for name, value in attrs.items()
        if value is not None
    )


def cell(content: Markup = EMPTY, **attrs: object) -> Markup:
    """A ``<TD>`` holding ``content``; attributes by keyword (``align="LEFT"``,
    ``bgcolor="#FFFFFF"``, ``colspan=2``, ``tooltip=user text``...), each validated."""
    if not isinstance(content, Markup):
        raise TypeError(f"a cell holds argmap.dot fragments (got {type(content).__name__})")
    return Markup(f"<TD{_attrs(attrs)}>{content}</TD>")


def row(*cells: Markup) -> Markup:
    return Markup(f"<TR>{join(cells)}</TR>")


def rule() -> Markup:
    """A horizontal line between two rows of a table."""
    return Markup("<HR/>")


def table(
    rows: Iterable[Markup],
    *,
    border: int = 0,
    cellspacing: int = 0,
    cellpadding: int = 1,
    **attrs: object,
) -> Markup:
    """A ``<TABLE>`` of rows (from :func:`row` or :func:`rule`), borderless by default."""
    head = _attrs({"border": border, "cellspacing": cellspacing, "cellpadding": cellpadding})
    return Markup(f"<TABLE{head}{_attrs(attrs)}>{join(rows)}</TABLE>")


def html(fragment: Markup) -> str:
    """A finished HTML-like label (the graphviz package emits ``<...>`` unquoted)."""
    if not isinstance(fragment, Markup):
        raise TypeError(f"a label must be built by argmap.dot (got {type(fragment).__name__})")
    return f"<{fragment}>"


def plain(value: str) -> str:
    """User text for a quoted (non-HTML) attribute such as a tooltip: backslash escapes
    (``\\N``, ``\\l``) are neutralised, it is never read as an HTML-like label, and an
    ``&`` stays an ``&``: Graphviz decodes character references in a tooltip (``&#1;``,
    ``&#xD800;`` became bytes no SVG may hold, ``&mdash;`` a dash), and ``&amp;`` is
    what it decodes to a plain ``&``.

    Past :data:`PLAIN_LIMIT` characters it is cut (with an ellipsis): Graphviz cannot
    read a quoted string of 16,384 characters or more, and a tooltip is read at a glance.
    """
    value = clean(value)
    if len(value) > PLAIN_LIMIT:
        value = value[: PLAIN_LIMIT - 1] + ELLIPSIS
    return graphviz.escape(value).replace("&", "&amp;")


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
