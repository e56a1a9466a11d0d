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
    return Suggestions(known)(word)


class Suggestions:
    """Did-you-mean over one set of known words, for many words. Each word is compared
    with every known word while that stays cheap (a set of a hundred words or fewer, or
    the first lookups, up to :data:`BUDGET` comparisons in all); past that, only with a few
    candidates (the known words next to it in alphabetical order, which share the longest
    beginning with it, and those next to it in order of their endings), so that many
    misspelt references among many ids stay quick: nothing is quadratic."""

    WHOLE = 100  # known words always searched whole
    BUDGET = 50_000  # comparisons with every known word, over all lookups
    NEAR = 6  # past the budget: this many words on each side, by beginning and by ending

    def __init__(self, known: Iterable[str]) -> None:
        self.words = sorted(set(known))
        self.backwards: list[str] | None = None  # made when first needed
        self.spent = 0
        self.seen: dict[str, str] = {}

    def __call__(self, word: str) -> str:
        if word not in self.seen:
            self.seen[word] = self._suggest(word)
        return self.seen[word]

    def _suggest(self, word: str) -> str:
        import difflib  # only when a suggestion is needed
        from bisect import bisect

        candidates = self.words
        if len(candidates) > self.WHOLE and self.spent + len(candidates) > self.BUDGET:
            if self.backwards is None:
                self.backwards = sorted(w[::-1] for w in self.words)
            i = bisect(self.words, word)
            j = bisect(self.backwards, word[::-1])
            near = self.words[max(0, i - self.NEAR) : i + self.NEAR]
            near += [w[::-1] for w in self.backwards[max(0, j - self.NEAR) : j + self.NEAR]]
            candidates = sorted(set(near))
        else:
            self.spent += len(candidates)
        matches = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
        return f" (did you mean '{matches[0]}'?)" if matches else ""
