"""`argmap watch`: rebuild a topic every time one of its files is saved.

A change is seen by polling: every half second, the path, modification time and size of
each YAML file of the topic (no dependency, and it works on every file system, network and
container mounts included). Each rebuild checks the topic first; a topic with errors is not
built, its problems are the outcome, and watching goes on until the next save.

The loop (:func:`watch`) takes what it runs, what it compares, how it waits and when it
stops as callables, so that it is tested without real time or real files. It prints
nothing: the command line shows each :class:`Outcome`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from pathlib import Path

from argmap import bibliography
from argmap.build import Report, build
from argmap.problems import Problem

INTERVAL = 0.5  # seconds between two looks at the files
SUFFIXES = (".yaml", ".yml")

Fingerprint = tuple[tuple[str, int, int], ...]


def fingerprint(topic: Path) -> Fingerprint:
    """``(path, mtime_ns, size)`` of every YAML file of a topic (a folder or one file), in
    path order, then of the bibliography files beside it; a topic that is not there (yet)
    is an empty fingerprint."""
    if topic.is_file():
        files = [topic, *bibliography.beside(topic)]
    elif topic.is_dir():
        files = sorted(p for p in topic.rglob("*") if p.suffix in SUFFIXES)
        files += bibliography.beside(topic)
    else:
        files = []
    out = []
    for path in files:
        try:
            st = path.stat()
        except OSError:  # removed between the listing and now: the next look sees it
            continue
        if path.is_file():
            out.append((str(path), st.st_mtime_ns, st.st_size))
    return tuple(out)


@dataclass(frozen=True)
class Outcome:
    """One rebuild: the problems of the check; the build's report when it ran; or an error
    that stopped it (the topic is missing, the output folder cannot be written)."""

    problems: tuple[Problem, ...] = ()
    report: Report | None = None
    error: str | None = None
    folder: Path | None = None  # where the build wrote: OUTPUT/<topic-id>

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.is_error)


def rebuild(topic: str, out_dir: Path, *, dot_binary: str | None = None) -> Outcome:
    """Check ``topic`` and, when it has no error, build it into ``out_dir`` as
    ``argmap build`` does. Bad input is an outcome, never an exception."""
    from argmap.check import check_topic
    from argmap.files import UnsafePath
    from argmap.load import TopicNotFound
    from argmap.overlap import analyse

    try:
        result = check_topic(topic)
    except TopicNotFound as exc:
        return Outcome(error=str(exc))
    except OSError as exc:  # a file vanished or changed under the check: look again later
        return Outcome(error=f"cannot read {topic}: {exc.strerror or exc}")
    problems = tuple(result.problems)
    if result.errors or result.topic is None:
        return Outcome(problems=problems)
    try:
        report = build(result.topic, analyse(result.topic), out_dir, dot_binary=dot_binary)
    except UnsafePath as exc:
        return Outcome(problems=problems, error=str(exc))
    except OSError as exc:
        return Outcome(problems=problems, error=f"cannot write to {out_dir}: {exc.strerror or exc}")
    return Outcome(problems=problems, report=report, folder=out_dir / result.topic.id)


def watch(
    step: Callable[[], object],
    look: Callable[[], Hashable],
    *,
    sleep: Callable[[float], None] | None = None,
    stop: Callable[[], bool] = lambda: False,
    interval: float = INTERVAL,
) -> int:
    """Run ``step`` once, then again after every change of ``look()``, until ``stop()``
    says so; return how many times ``step`` ran. The files are looked at before each step,
    so a save made while a step runs is seen at the next look."""
    sleep = sleep or time.sleep
    last = look()
    step()
    runs = 1
    while not stop():
        sleep(interval)
        now = look()
        if now != last:
            last = now
            step()
            runs += 1
    return runs
