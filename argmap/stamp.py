"""The no-change fast path of `argmap build`.

A build records, beside its cache, a digest of everything its output depends on: the
topic's YAML files and the bibliography files beside them, argmap's own code (so an edited
argmap never trusts an old build) and the renderer option; and the digest of every file it
wrote. When the next build finds the same inputs and every output still as written, there
is nothing to do, and it can say so without parsing YAML or importing Graphviz. Anything
else falls through to the full build, whose own cache is keyed on the DOT of each diagram.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path

from argmap import __version__, bibliography
from argmap.files import MAX_FILE_BYTES, MAX_TOPIC_BYTES, walk_topic

CACHE_NAME = ".argmap-cache.json"
_PACKAGE = Path(__file__).resolve().parent


def _code_files() -> list[Path]:
    found = []
    for dirpath, dirnames, filenames in os.walk(_PACKAGE):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "__")))
        found += [
            Path(dirpath, name)
            for name in sorted(filenames)
            if name.endswith((".py", ".json", ".css", ".js"))
        ]
    return found


def inputs_digest(topic: str, dot_binary: str | None) -> str | None:
    """A digest of the topic's files, argmap's code and the build options; None (no fast
    path: the full build's check says what is wrong) when a file cannot be read as a
    topic file: missing, not a regular file (a pipe would block), or over 5 MB."""
    h = hashlib.sha256(f"{__version__}|{dot_binary or 'bundled'}".encode())
    root = Path(topic)
    if root.is_file():
        sources = [root]
    else:
        walk = walk_topic(root)
        if walk.faults:  # a folder that cannot be read: the check says so
            return None
        sources = walk.files
    folder = root.parent if root.is_file() else root
    total = 0
    for kind, base, paths in (
        ("topic", folder, sources),
        ("bibliography", folder, bibliography.beside(root)),
        ("code", _PACKAGE, _code_files()),
    ):
        for path in paths:
            try:
                info = path.stat()
                if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:
                    return None
                total += info.st_size if kind == "topic" else 0
                if total > MAX_TOPIC_BYTES:
                    return None
                data = path.read_bytes()
            except OSError:
                return None
            h.update(f"\0{kind}:{path.relative_to(base).as_posix()}\0".encode())
            h.update(data)
    return h.hexdigest()


def source_name(topic: str, out_dir: Path) -> str:
    """The topic as the cache names it: relative to the output folder, so a committed
    output folder means the same on every machine."""
    return Path(os.path.relpath(Path(topic).resolve(), out_dir.resolve())).as_posix()


def fresh_output(out_dir: Path, topic: str, inputs: str) -> tuple[Path, int] | None:
    """The folder of an up-to-date build of ``topic`` and how many files it holds, or
    None when anything differs (or the cache is missing, corrupted or foreign)."""
    source = source_name(topic, out_dir)
    for cache in sorted(out_dir.glob(f"*/{CACHE_NAME}")):
        try:
            data = json.loads(cache.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not isinstance(data, dict) or data.get("source") != source:
            continue
        written = data.get("written")
        if data.get("inputs") != inputs or not isinstance(written, dict) or not written:
            return None
        folder = cache.parent
        for name, recorded in written.items():
            path = folder / name
            if (
                not isinstance(name, str)
                or Path(name).is_absolute()
                or ".." in Path(name).parts
                or not path.is_file()
            ):
                return None
            if hashlib.sha256(path.read_bytes()).hexdigest() != recorded:
                return None
        return folder, len(written)
    return None
