"""Colours: the one rule for what a colour may be, and one spelling of each.

A topic may give a school ``color: "#07B"`` or ``"#0077BB"``; themes mix tints from it;
the SVGs, the HTML report and the deck all show it. Each of them reads the colour through
:func:`normalise`, so ``#07B`` is the same blue everywhere.

>>> normalise("#07b")
'#0077BB'
>>> tint("#0077BB", 0.8)
'#CCE4F1'
>>> is_color("red")
False
"""

from __future__ import annotations

import re

COLOR_RE = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
HELP = "a colour is '#rrggbb' or '#rgb', as in \"#0072B2\""


def is_color(value: str) -> bool:
    """Whether ``value`` is a colour a topic may give (#rgb or #rrggbb)."""
    return bool(COLOR_RE.match(value))


def normalise(value: str) -> str:
    """``#RRGGBB`` (upper case) for ``#rgb`` or ``#rrggbb``; anything else is a ValueError."""
    if not COLOR_RE.match(value):
        raise ValueError(f"not a colour: {value!r} ({HELP})")
    digits = value[1:]
    if len(digits) == 3:
        digits = "".join(ch * 2 for ch in digits)
    return "#" + digits.upper()


def rgb(value: str) -> tuple[int, int, int]:
    digits = normalise(value)[1:]
    return (int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16))


def hex_of(red: float, green: float, blue: float) -> str:
    return "#" + "".join(f"{max(0, min(255, round(c))):02X}" for c in (red, green, blue))


def shade(value: str, amount: float) -> str:
    """``value`` mixed with black (``amount`` 0: the colour, 1: black), for a border."""
    return hex_of(*(c * (1 - amount) for c in rgb(value)))


def tint(value: str, amount: float = 0.8) -> str:
    """``value`` mixed with white (``amount`` 0: the colour, 1: white), for a fill."""
    return hex_of(*(c + (255 - c) * amount for c in rgb(value)))
