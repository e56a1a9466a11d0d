"""Files: which files make a topic (one walk that load, the build's fast path and watch
share), and writing files safely: atomically, and never outside their folder."""

from __future__ import annotations

import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

YAML_SUFFIXES = (".yaml", ".yml")  # in any case: schools/x.YAML is a school file too

# How much a topic may hold. A file of 5 MB is far larger than any topic needs; the whole
# topic is limited too, in bytes and in values (YAML nodes: each costs about 300 bytes of
# memory once read, so a 5 MB list of one-letter items would take 800 MB).
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_TOPIC_BYTES = 20 * 1024 * 1024
MAX_TOPIC_NODES = 500_000


def is_yaml(name: str) -> bool:
    return name.lower().endswith(YAML_SUFFIXES)


@dataclass(frozen=True)
class Walk:
    """The YAML files of a topic folder, and the folders in it that could not be looked
    into (each with why): a topic with such a folder is not read as if it were empty."""

    files: list[Path]
    faults: list[tuple[Path, str]]


def walk_topic(root: Path) -> Walk:
    """Every YAML file under a topic folder, in a stable order (folders sorted, files sorted
    within each): what ``load`` reads, what the fast path digests and what ``watch``
    watches, the one walk all three make. Hidden files are the topic's too (a stray one
    is an error, as any stray file); hidden folders (``.git/``) are not. A folder that
    cannot be read, or a link to a folder (not followed: it could lead anywhere), is a
    fault, never skipped in silence."""
    found: list[Path] = []
    faults: list[tuple[Path, str]] = []

    def unreadable(exc: OSError) -> None:
        faults.append((Path(exc.filename or root), f"cannot read folder: {exc.strerror or exc}"))

    for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable):
        kept = []
        for name in sorted(d for d in dirnames if not d.startswith(".")):
            if os.path.islink(os.path.join(dirpath, name)):
                faults.append(
                    (
                        Path(dirpath, name),
                        "a link to a folder, which argmap does not follow: "
                        "put the folder itself here",
                    )
                )
            else:
                kept.append(name)
        dirnames[:] = kept
        found += [Path(dirpath, name) for name in sorted(filenames) if is_yaml(name)]
    return Walk(found, sorted(faults))


def topic_files(root: Path) -> list[Path]:
    """The YAML files of a topic folder (:func:`walk_topic`, without its faults)."""
    return walk_topic(root).files


def cannot_write(exc: OSError) -> str:
    """Why a path cannot be written, in words (the path itself is the caller's to say)."""
    if isinstance(exc, (FileExistsError, NotADirectoryError)):
        return "a part of the path is a file, not a folder"
    return exc.strerror or str(exc)


class UnsafePath(ValueError):
    """A name that would put a file outside its output folder."""


def inside(folder: Path, *parts: str) -> Path:
    """``folder/parts...``, refusing any name that escapes ``folder``."""
    base = folder.resolve()
    target = base.joinpath(*parts).resolve()
    if target != base and base not in target.parents:
        raise UnsafePath(f"'{'/'.join(parts)}' would be written outside {folder}")
    return target


def write_atomic(path: Path, data: bytes | str, *, durable: bool = True) -> None:
    """Write through a temporary file in the same folder and rename it into place, so a
    reader (or a killed process) sees the old file or the new one, never a partial one.

    ``durable`` also flushes the data to disk before the rename, so that even a power cut
    cannot leave an empty file under the new name. A build's outputs skip that (it costs
    more than the rest of a rebuild): they can be made again, and the build's cache
    compares every output with its recorded digest, so a torn file is redrawn next time.
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes the file private (0600); give it the mode a new file would get,
        # or keep the mode of the file it replaces.
        os.chmod(tmp, path.stat().st_mode & 0o7777 if path.exists() else 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    """The process's umask (reading it means setting it: set it straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


class NotWritable(ValueError):
    """An output path that must not be written (a folder, a block device); says why."""


def write_output(path: Path, data: bytes | str) -> None:
    """Write a file a person named: a regular file (new or not) atomically, as
    :func:`write_atomic`; through a symbolic link, the file it names (the link stays); into
    a character device or a pipe (``/dev/null``, ``/dev/stdout``) as a stream, never
    replacing it with a file. A folder, a socket or a block device (a disk) is refused
    (:class:`NotWritable`)."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    try:
        mode: int | None = os.stat(path).st_mode  # through links: /dev/stdout is one
    except OSError:
        mode = None  # not there (yet): a new file, or a link to one
    if mode is not None and (stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)):
        with open(path, "wb") as stream:
            stream.write(data)
    elif mode is not None and not stat.S_ISREG(mode):
        kind = "a folder" if stat.S_ISDIR(mode) else "not a file (a disk or a socket)"
        raise NotWritable(f"{path} is {kind}: not written")
    else:
        write_atomic(Path(os.path.realpath(path)) if path.is_symlink() else path, data)


def is_input(path: Path, inputs: list[Path]) -> bool:
    """Whether writing ``path`` would write over one of ``inputs`` (the same file, however
    it is named: through a link, ``./``, another case on a case-blind disk)."""
    target = Path(os.path.realpath(path))
    for source in inputs:
        try:
            if target.exists() and os.path.samefile(target, source):
                return True
        except OSError:
            continue
        if target == Path(os.path.realpath(source)):
            return True
    return False
