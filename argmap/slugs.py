"""Ids and the file names made from them: one rule for each.

An id is a slug: lowercase letters, digits and hyphens, starting with a letter or digit,
at most 64 characters. File stems join ids with ``_``, which no id holds, so two different
diagrams can never get one name (schools ``a`` and ``b-vs-c`` against ``a-vs-b`` and ``c``).

>>> compare_stem("a", "b-vs-c"), compare_stem("a-vs-b", "c")
('compare-a_vs_b-vs-c', 'compare-a-vs-b_vs_c')
>>> page_stem("school-x", 1), page_stem("school-x", 2)
('school-x', 'school-x_2')
"""

from __future__ import annotations

import re

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
HELP = "use lowercase letters, digits and hyphens, starting with a letter or digit (at most 64)"


def is_slug(value: str) -> bool:
    return bool(SLUG_RE.match(value))


def school_stem(school: str) -> str:
    return f"school-{school}"


def compare_stem(a: str, b: str) -> str:
    return f"compare-{a}_vs_{b}"


def page_stem(stem: str, page: int) -> str:
    """The stem of page ``page`` of a series drawn as ``stem`` (the first keeps it)."""
    return stem if page == 1 else f"{stem}_{page}"
