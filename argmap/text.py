"""The one policy for characters in user text that must not act where the text is shown.

Two places show a topic's text: a drawing or a page (SVG, HTML, Markdown), where a control
character is not allowed at all and a bidi control would make a line read differently
from what was written, and a terminal, where an escape sequence can recolour or clear the
screen. :func:`clean` is for the first, :func:`printable` for the second.

>>> clean("Party\\x1b[2J \\u202eevil")
'Party[2J evil'
>>> printable("key\\x1b[2J\\nnext")
'key\\\\x1b[2J\\\\nnext'
"""

from __future__ import annotations

import re
import unicodedata

# What cannot appear in SVG or XML at all, or stands for no character: C0/C1 control
# characters (except tab and newline), lone surrogates, and the noncharacters (U+FFFE,
# U+FFFF, U+FDD0-U+FDEF and the last two code points of every plane).
CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(
        f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)
    )
    + "]"
)
# What a file's text must not do on a terminal: control characters, line breaks (one
# problem is one line) and bidi controls.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_JSON_UNPRINTABLE = re.compile("[\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")
ZERO_WIDTH_JOINER = "\u200d"  # joins emoji and Indic letters: kept


def clean(text: str) -> str:
    """User text with what cannot be drawn removed: control characters (a tab becomes a
    space), surrogates and noncharacters, and format characters (bidi controls among
    them) except the zero-width joiner."""
    text = CONTROL.sub("", text.replace("\t", " "))
    if text.isascii():
        return text  # no format characters below U+0080
    return "".join(ch for ch in text if ch == ZERO_WIDTH_JOINER or unicodedata.category(ch) != "Cf")


def printable(text: str, *, json: bool = False) -> str:
    """``text`` with every character that could act on a terminal written as an escape
    (``json``: as a JSON escape, ``\\u001b``, for text inside JSON strings)."""
    if json:  # (JSON writes the characters under U+0020 as escapes itself)
        return _JSON_UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


_MARKUP = re.compile(r"([\\`*_\[\]<>#|~^@$%{}])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_LIST_START = re.compile(r"^(\d+)([.)])")


def markdown(value: str) -> str:
    """User text as inline (pandoc) Markdown that reads as written: one line, every
    character that Markdown, pandoc's citations or footnotes would read as markup escaped.

    >>> markdown("*his* [1] @key <b>")
    '\\\\*his\\\\* \\\\[1\\\\] \\\\@key \\\\<b\\\\>'
    """
    value = clean(value)
    value = " ".join(value.split())
    value = _MARKUP.sub(r"\\\1", value)
    value = _ENTITY.sub("&amp;", value)
    value = _LIST_START.sub(r"\1\\\2", value)
    if value[:1] in ("-", "+", "=", ":") or value.startswith("    "):
        value = "\\" + value
    return value


def escaped(value: str) -> str:
    """A key or id (plain ASCII by the format) with every other character written as an
    escape, so that a look-alike (a Cyrillic а) or an invisible one can be seen.

    >>> print(escaped("n\\u0430me"))
    n\\u0430me
    """
    if value.isascii():
        return value
    return "".join(
        ch if ch.isascii() else (f"\\u{ord(ch):04x}" if ord(ch) < 0x10000 else f"\\U{ord(ch):08x}")
        for ch in value
    )


def unseen(value: str) -> str:
    """What is odd about a key or id that is not plain ASCII, to end a message with
    (empty for plain ASCII): the first such character, named."""
    odd = next((ch for ch in value if not ch.isascii()), None)
    if odd is None:
        return ""
    name = unicodedata.name(odd, "")
    category = unicodedata.category(odd)
    if category[0] in "CZ" or category == "Mn":
        what = "which cannot be seen"
    elif category[0] == "L":
        what = "which only looks like a Latin letter"
    else:
        what = "which is not a plain ASCII character"
    return f"; it holds U+{ord(odd):04X}{f' {name}' if name else ''}, {what}: retype it"


_VISIBLE_ASCII = re.compile("[!-~]")


def invisible(value: str) -> bool:
    """Whether ``value`` shows nothing once drawn: only spaces and characters that
    :func:`clean` drops (U+FEFF, U+200B, bidi controls...) or that join others."""
    if _VISIBLE_ASCII.search(value):  # nearly every text: at its first character
        return False
    return not clean(value).replace(ZERO_WIDTH_JOINER, "").strip()
