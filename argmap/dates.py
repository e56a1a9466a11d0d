"""Evidence dates: the forms of EDTF (ISO 8601-2) that the format allows, their order, and
how a reader sees them. Every date argmap parses, sorts or shows goes through here.

The forms (FORMAT.md, "Additions of December 2026"): ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``;
each may end in ``~`` (approximate), ``?`` (uncertain) or ``%`` (both); and an interval
``A/B`` of two of those. Nothing else of EDTF (seasons, unspecified digits, open ends,
negative years) is accepted.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date as Day

MONTHS = tuple(calendar.month_name)[1:]  # English names, whatever the locale
_POINT = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?([~?%]?)$")
FORMS = (
    "use YYYY, YYYY-MM or YYYY-MM-DD; an interval 1778/1783; "
    "1780~ (approximate), 1924? (uncertain), 1924% (both)"
)


class InvalidDate(ValueError):
    """Text that is not a date of the allowed forms; the message says why."""


@dataclass(frozen=True)
class Point:
    """One date of year, month or day precision, possibly approximate or uncertain."""

    year: int
    month: int | None = None
    day: int | None = None
    approximate: bool = False
    uncertain: bool = False

    @property
    def earliest(self) -> Day:
        return Day(self.year, self.month or 1, self.day or 1)

    @property
    def latest(self) -> Day:
        month = self.month or 12
        return Day(self.year, month, self.day or calendar.monthrange(self.year, month)[1])


@dataclass(frozen=True)
class Date:
    """A point in time, or an interval ``start/end`` of two."""

    start: Point
    end: Point | None = None

    @property
    def earliest(self) -> Day:
        return self.start.earliest

    @property
    def latest(self) -> Day:
        return (self.end or self.start).latest

    @property
    def year(self) -> int:
        return self.start.year


def parse(text: str) -> Date:
    """The date written as ``text``; raises :class:`InvalidDate` saying what is wrong.

    >>> parse("1945-02-04/1945-02-11").latest
    datetime.date(1945, 2, 11)
    >>> parse("1924?")
    Date(start=Point(year=1924, month=None, day=None, approximate=False, uncertain=True), end=None)
    """
    if text.count("/") == 1:
        first, last = text.split("/")
        start, end = _point(first), _point(last)
        if start.earliest > end.earliest:
            raise InvalidDate(f"the interval runs backwards: {first} is after {last}")
        return Date(start, end)
    return Date(_point(text))


def _point(text: str) -> Point:
    match = _POINT.match(text)
    if not match:
        raise InvalidDate(FORMS)
    year, month, day = (int(g) if g else None for g in match.groups()[:3])
    mark = match.group(4)
    assert year is not None
    if year == 0:
        raise InvalidDate("there is no year 0 (1 BC is followed by AD 1): dates start at 0001")
    if month is not None and not 1 <= month <= 12:
        raise InvalidDate(f"there is no month {month}")
    if (
        day is not None
        and month is not None
        and not 1 <= day <= calendar.monthrange(year, month)[1]
    ):
        raise InvalidDate(f"there is no day {day} in {MONTHS[month - 1]} {year}")
    return Point(year, month, day, approximate=mark in ("~", "%"), uncertain=mark in ("?", "%"))


def sort_key(when: Date | None) -> tuple[int, int, int]:
    """Undated last; otherwise by earliest day, then the longer span first (a year comes
    before its months, a month before its days, an interval before the days inside it)."""
    if when is None:
        return (1, 0, 0)
    return (0, when.earliest.toordinal(), -when.latest.toordinal())


def reading_key(when: Date | None) -> tuple[int, int, int]:
    """The order of a chronology a person reads (the written plan's evidence): undated last;
    an interval at its start; a date of month or year precision after the days (or months)
    it contains, since it says only "some time in April 1923", not "on 1 April".

    >>> days = ["1923-04", "1923-04-03", "1923", "1923-04-01/1923-04-05"]
    >>> [display(parse(d)) for d in sorted(days, key=lambda d: reading_key(parse(d)))]
    ['1–5 April 1923', '3 April 1923', 'April 1923', '1923']
    """
    if when is None:
        return (1, 0, 0)
    if when.end is not None and when.end != when.start:
        return (0, when.earliest.toordinal(), 0)
    return (0, when.latest.toordinal(), 1)


def display(when: Date) -> str:
    """A date as a reader sees it: "c." before an approximate date, "?" after an uncertain
    one, an interval written once where its ends share a month or a year.

    >>> [display(parse(t)) for t in ("1780~", "1778/1783", "1924?", "1922-04", "1924-05-23")]
    ['c. 1780', '1778–1783', '1924?', 'April 1922', '23 May 1924']
    >>> display(parse("1945-02-04/1945-02-11"))
    '4–11 February 1945'
    """
    start, end = when.start, when.end
    if end is None or end == start:
        return _qualify(start, _plain(start))
    if _marks(start) != _marks(end):  # each end says its own qualifier
        return f"{display(Date(start))} – {display(Date(end))}"
    return _qualify(start, _span(start, end))


def _span(start: Point, end: Point) -> str:
    """Two unqualified dates as one span: "1778–1783", "February–March 1945",
    "4–11 February 1945", "4 February – 11 March 1945"."""
    if (start.month is None, start.day is None) == (end.month is None, end.day is None):
        if start.month is None or end.month is None:
            return f"{start.year}–{end.year}"
        if start.year == end.year and start.day is None:
            return f"{MONTHS[start.month - 1]}–{_plain(end)}"
        if start.year == end.year and start.month == end.month:
            return f"{start.day}–{_plain(end)}"
        if start.year == end.year:
            return f"{start.day} {MONTHS[start.month - 1]} – {_plain(end)}"
    return f"{_plain(start)} – {_plain(end)}"


def _plain(point: Point) -> str:
    if point.month is None:
        return str(point.year)
    month = MONTHS[point.month - 1]
    return f"{point.day} {month} {point.year}" if point.day else f"{month} {point.year}"


def _marks(point: Point) -> tuple[bool, bool]:
    return (point.approximate, point.uncertain)


def _qualify(point: Point, body: str) -> str:
    """``c.`` before an approximate date, ``?`` after an uncertain one."""
    return ("c. " if point.approximate else "") + body + ("?" if point.uncertain else "")
