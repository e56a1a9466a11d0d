"""Problems are data: a located message, sortable, printed in one parsable format."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from argmap.text import printable

Severity = Literal["error", "warning"]


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
