"""A topic's bibliography file, and works as CSL-JSON items.

``bibliography:`` in topic.yaml names a file beside it: CSL-JSON (``.json``, as Zotero
exports it) or BibTeX/BibLaTeX (``.bib``, as Better BibTeX exports it, read with
bibtexparser). :func:`read` gives each entry as the fields of a work (the names of
:class:`argmap.model.Work`), which fill whatever a work that cites the entry by ``ref``
does not write. :func:`csl` gives a work as a CSL-JSON item, for a citation processor.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from argmap.names import split as split_name

if TYPE_CHECKING:  # only types here: reading a bibliography stays cheap
    from argmap.model import Historian, Work

SUFFIXES = (".json", ".bib")
Entry = dict[str, str | int]

# argmap's work types and CSL's item types.
CSL_TYPES = {
    "book": "book",
    "article": "article-journal",
    "chapter": "chapter",
    "document": "manuscript",
    "speech": "speech",
    "letter": "personal_communication",
}
_FROM_CSL = {
    **{csl: ours for ours, csl in CSL_TYPES.items()},
    "article": "article",
    "article-magazine": "article",
    "article-newspaper": "article",
    "document": "document",
    "letter": "letter",
}
_FROM_BIBTEX = {
    "book": "book",
    "mvbook": "book",
    "collection": "book",
    "article": "article",
    "incollection": "chapter",
    "inbook": "chapter",
    "inproceedings": "chapter",
    "unpublished": "document",
    "manuscript": "document",
    "letter": "letter",
}
# CSL-JSON variables and BibTeX/BibLaTeX fields, by work field (the first one found wins).
_CSL_FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "publisher": ("publisher",),
    "place": ("publisher-place",),
    "volume": ("volume",),
    "series": ("collection-title",),
    "edition": ("edition",),
    "original_title": ("original-title",),
    "container": ("container-title",),
    "pages": ("page",),
    "doi": ("DOI",),
    "url": ("URL",),
}
_BIBTEX_FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "publisher": ("publisher",),
    "place": ("location", "address"),
    "volume": ("volume",),
    "series": ("series",),
    "edition": ("edition",),
    "original_title": ("origtitle",),
    "container": ("journaltitle", "journal", "booktitle"),
    "pages": ("pages",),
    "doi": ("doi",),
    "url": ("url",),
}
_YEAR = re.compile(r"^\s*(\d{1,4})\b")


class Unreadable(Exception):
    """A bibliography that cannot be read or parsed; the message says why."""


def beside(topic: Path) -> list[Path]:
    """The files that may be a topic's bibliography: the .json and .bib files beside its
    topic.yaml (or beside a one-file topic), for the build's fast path and for watch."""
    folder = topic.parent if topic.is_file() else topic
    try:
        return sorted(p for p in folder.iterdir() if p.suffix.lower() in SUFFIXES)
    except OSError:
        return []


def read(path: str) -> dict[str, Entry]:
    """The entries of a bibliography file by key; raises :class:`Unreadable`."""
    from argmap import load  # PyYAML comes with it: not for the callers of beside()

    try:
        data = load.read_bytes(path)
    except load.Unreadable as exc:
        raise Unreadable(str(exc)) from None
    try:
        text = data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Unreadable(f"not UTF-8 text (byte 0x{data[exc.start]:02x})") from None
    if path.lower().endswith(".bib"):
        return _bibtex(text)
    return _csl_json(text)


def _csl_json(text: str) -> dict[str, Entry]:
    try:
        items = json.loads(text)
    except ValueError as exc:
        raise Unreadable(f"not JSON: {exc}") from None
    if isinstance(items, dict) and isinstance(items.get("items"), list):
        items = items["items"]  # CSL-JSON wrapped in an object, as some tools write it
    if not isinstance(items, list) or not all(
        isinstance(i, dict) and isinstance(i.get("id"), str | int) for i in items
    ):
        raise Unreadable("not CSL-JSON: expected a list of items, each with an 'id'")
    entries: dict[str, Entry] = {}
    for item in items:
        key = str(item["id"])
        if key in entries:
            raise Unreadable(f"two items have the id '{key}'")
        entry = _fields(item, _CSL_FIELDS, _FROM_CSL.get(str(item.get("type"))))
        for field, variable in (("year", "issued"), ("original_year", "original-date")):
            year = _csl_year(item.get(variable))
            if year is not None:
                entry[field] = year
        translators = [_csl_name(n) for n in item.get("translator") or [] if isinstance(n, dict)]
        if any(translators):
            entry["translator"] = " and ".join(t for t in translators if t)
        entries[key] = entry
    return entries


def _csl_year(value: Any) -> int | None:
    if not isinstance(value, dict):
        return None
    parts = value.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
        return _year(parts[0][0])
    return _year(value.get("raw") or value.get("literal"))


def _csl_name(name: dict[str, Any]) -> str:
    if name.get("literal"):
        return str(name["literal"])
    words = [name.get(k) for k in ("given", "dropping-particle", "non-dropping-particle")]
    words.append(name.get("family"))
    text = " ".join(str(w) for w in words if w)
    return f"{text}, {name['suffix']}" if name.get("suffix") else text


def _bibtex(text: str) -> dict[str, Entry]:
    import logging

    import bibtexparser  # only for a topic with a .bib file
    from bibtexparser import middlewares

    # Problems are reported from the parsed library, not logged to the terminal.
    logger = logging.getLogger("bibtexparser")
    logger.addHandler(logging.NullHandler())
    logger.propagate = False
    library = bibtexparser.parse_string(
        text,
        append_middleware=[
            middlewares.LatexDecodingMiddleware(),
            middlewares.SeparateCoAuthors(),
            middlewares.SplitNameParts(),
        ],
    )
    if library.failed_blocks:
        block = library.failed_blocks[0]
        error = getattr(block, "error", None)
        why = getattr(error, "abort_reason", None) or str(error or "").split(". Note:")[0]
        line = (block.start_line or 0) + 1
        raise Unreadable(f"BibTeX, line {line}: {why.strip() or 'cannot parse'}")
    entries: dict[str, Entry] = {}
    for item in library.entries:
        fields = {f.key.lower(): f.value for f in item.fields}
        entry = _fields(fields, _BIBTEX_FIELDS, _FROM_BIBTEX.get(item.entry_type.lower()))
        for field, names in (("year", ("date", "year")), ("original_year", ("origdate",))):
            year = next((_year(fields[n]) for n in names if n in fields), None)
            if year is not None:
                entry[field] = year
        if isinstance(fields.get("translator"), list):
            entry["translator"] = " and ".join(_bibtex_name(n) for n in fields["translator"])
        entries[item.key] = entry
    return entries


def _bibtex_name(name: Any) -> str:
    text = " ".join([*name.first, *name.von, *name.last])
    return f"{text}, {' '.join(name.jr)}" if name.jr else text


def _fields(source: dict[str, Any], names: dict[str, tuple[str, ...]], kind: str | None) -> Entry:
    entry: Entry = {"type": kind} if kind else {}
    for field, keys in names.items():
        value = next((source[k] for k in keys if isinstance(source.get(k), str | int)), None)
        if value is not None and str(value).strip():
            entry[field] = " ".join(str(value).split())
    return entry


def _year(value: Any) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    match = _YEAR.match(value) if isinstance(value, str) else None
    return int(match.group(1)) if match else None


# -- works as CSL-JSON -----------------------------------------------------------------


def csl(person: Historian, work: Work) -> dict[str, Any]:
    """A work of ``person`` as a CSL-JSON item (empty variables left out)."""
    item: dict[str, Any] = {
        "id": work.id or work.ref or f"{person.id}: {work.title}",
        "type": CSL_TYPES[work.type or "book"],
        "title": work.title,
        "author": [person.parts.csl()],
    }
    if work.year is not None:
        item["issued"] = {"date-parts": [[work.year]]}
    if work.original_year is not None:
        item["original-date"] = {"date-parts": [[work.original_year]]}
    if work.translator:  # one or more names, "A and B", as in prose
        item["translator"] = [split_name(n).csl() for n in work.translator.split(" and ")]
    for field, (variable, *_) in _CSL_FIELDS.items():
        value = getattr(work, field)
        if value and field != "title":
            item[variable] = value
    return item
