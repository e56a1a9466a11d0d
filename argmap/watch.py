"""`argmap watch`: rebuild a topic every time one of its files is saved.

A change is seen by polling: every half second, the path, modification time and size of
each YAML file of the topic, the very files ``load`` reads (:func:`argmap.files.topic_files`):
no dependency, and it works on every file system, network and container mounts included.
Each rebuild is :func:`argmap.pipeline.build`: it checks the topic first (a topic with
errors is not built, its problems are the outcome) and keeps the build's no-change fast
path and time limit; watching goes on until the next save.

The loop (:func:`watch`) takes what it runs, what it compares, how it waits and when it
stops as callables, so that it is tested without real time or real files. It prints
nothing: the command line shows each outcome.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from pathlib import Path

from argmap import bibliography
from argmap.files import walk_topic

INTERVAL = 0.5  # seconds between two looks at the files

Fingerprint = tuple[tuple[str, int, int], ...]


def fingerprint(topic: Path) -> Fingerprint:
    """``(path, mtime_ns, size)`` of every YAML file of a topic (a folder or one file), in
    path order, then of the bibliography files beside it; a topic that is not there (yet)
    is an empty fingerprint."""
    out = []
    if topic.is_file():
        files = [topic, *bibliography.beside(topic)]
    elif topic.is_dir():
        walk = walk_topic(topic)
        files = walk.files + bibliography.beside(topic)
        out += [(f"{folder} ({why})", 0, 0) for folder, why in walk.faults]
    else:
        files = []
    for path in files:
        try:
            st = path.stat()
        except OSError:  # removed between the listing and now: the next look sees it
            continue
        if path.is_file():
            out.append((str(path), st.st_mtime_ns, st.st_size))
    return tuple(out)


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
