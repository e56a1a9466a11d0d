"""Problems are data: a located message, sortable, printed in one parsable format."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]

# What a file's text must not do on a terminal: control characters (an escape sequence can
# recolour or clear the screen), line breaks (one problem is one line) and bidi controls
# (which make a line read differently from what it says).
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    r"""``text`` with every character that could act on a terminal written as an escape.

    >>> printable("key\x1b[2J\nnext")
    'key\\x1b[2J\\nnext'
    """
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


@dataclass(frozen=True, order=True)
class Where:
    """A place in a file, 1-based, as a person counts lines and columns."""

    path: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True, order=True)
class Problem:
    where: Where
    severity: Severity
    message: str

    def __str__(self) -> str:
        return printable(f"{self.where}: {self.severity}: {self.message}")

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


@dataclass
class Problems:
    """Collects every problem of a run; nothing raises on the first one."""

    items: list[Problem] = field(default_factory=list)

    def error(self, where: Where, message: str) -> None:
        self.items.append(Problem(where, "error", message))

    def warning(self, where: Where, message: str) -> None:
        self.items.append(Problem(where, "warning", message))

    def extend(self, problems: Iterable[Problem]) -> None:
        self.items.extend(problems)

    @property
    def has_errors(self) -> bool:
        return any(p.is_error for p in self.items)

    def sorted(self) -> list[Problem]:
        return sorted(set(self.items))


def did_you_mean(word: str, known: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest known word, or nothing.

    >>> did_you_mean("evidense", ["evidence", "factors"])
    " (did you mean 'evidence'?)"
    >>> did_you_mean("zzz", ["evidence"])
    ''
    """
    import difflib  # only when a suggestion is needed

    matches = difflib.get_close_matches(word, sorted(set(known)), n=1, cutoff=0.6)
    return f" (did you mean '{matches[0]}'?)" if matches else ""
