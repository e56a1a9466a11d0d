"""DOT -> bytes, with Graphviz in-process through pygraphviz's bundled library.

No subprocess and no system `dot`: pygraphviz's wheel carries Graphviz with the dot layout,
cairo and pango. It is imported lazily, so `argmap check` never pays for it. What the
library prints on stderr (a Fontconfig warning about the system's configuration) is caught
and dropped; Graphviz's own errors become a RenderError that names the diagram.

Graphviz can fail in three ways that Python cannot catch in the process that runs it: a
layout that never ends (C code cannot be interrupted), a crash (Graphviz 14 segfaults on
some graphs), and a library that cannot be loaded. So the commands draw through a
:class:`Renderer`: it forks worker processes from argmap, one per usable core, each of
which imports pygraphviz once and draws diagram after diagram (:func:`render`, the same
in-process call). The parent gives each free worker the next :class:`Job`, waits on all of
their pipes at once, and allows each diagram at most ``timeout`` seconds from its own
start; after a timeout or a crash it kills that worker, reports that diagram, and starts a
new worker for the next one. Before any layout, a diagram larger than :data:`LIMITS`
(counted from its DOT by :func:`measure`) is refused with a :class:`TooLarge` that says
what to draw instead.

Render settings (a slide's ``aspect`` and ``max_width``) travel beside the DOT, as
arguments, never inside it.
"""

from __future__ import annotations

import os
import re
import signal
import sys
import tempfile
import time
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Protocol

from argmap.themes import A3, PAGE_ASPECT

FORMATS = ("svg", "png", "pdf", "dot")

_NOISE = ("Fontconfig", "fontconfig")

# The share of a slide left empty on each edge, at least (issue 12 asks for 4%); of a page.
SLIDE_MARGIN = 0.05
PAGE_MARGIN = 0.03
DEFAULT_TIMEOUT = 60.0  # seconds for one diagram's layout and drawing (--timeout)
START_TIMEOUT = 60.0  # seconds for the worker to load the Graphviz library


@dataclass(frozen=True)
class Limits:
    """How large a diagram argmap draws. Past these a diagram is a wall nobody can read
    (and its layout can take minutes): it is refused before layout, with advice.

    Measured on synthetic topics (bench/generate.py): a 10-school, 200-claim topic draws
    every diagram (its largest, the essay plan, has 455 nodes); at 25 schools and 800
    claims the overlap (1,035 nodes), the timeline (1,160) and the plan (1,803) are refused,
    while every school and every comparison is still drawn.
    """

    nodes: int = 500  # nodes in one diagram
    edges: int = 1500  # edges in one diagram
    cells: int = 5000  # cells of HTML-like tables in its labels (the matrix: schools^2)
    compared_schools: int = 15  # a build draws every pair of schools up to this many


LIMITS = Limits()

FILTER_ADVICE = (
    "draw a part of it: one school (argmap school ID), two schools side by side "
    "(argmap compare A B), or the essay plan of one factor (argmap plan --focus FACTOR)"
)


class RenderError(Exception):
    """Graphviz could not lay out or draw a diagram."""

    reason = "Graphviz failed"

    def __init__(self, diagram: str, message: str) -> None:
        super().__init__(f"{diagram}: {self.reason}: {message}")
        self.diagram = diagram
        self.detail = message


class TooLarge(RenderError):
    """A diagram too large to read: refused before layout (or, for a slide, after)."""

    reason = "not drawn"


@dataclass(frozen=True)
class Size:
    """What a graph description holds, counted without laying it out."""

    nodes: int
    edges: int
    cells: int


# What carries no statement: quoted strings, HTML strings (whose tags hold no '<' or '>'),
# comments. The string patterns are unrolled loops: linear, whatever a label holds.
_TEXT = re.compile(
    r"""
      (?P<quoted>"[^"\\]*(?:\\.[^"\\]*)*")
    | (?P<html><[^<>]*(?:<[^<>]*>[^<>]*)*>)
    | //[^\n]* | /\*.*?\*/ | ^[ \t]*\#[^\n]*
    """,
    re.VERBOSE | re.DOTALL | re.MULTILINE,
)
_ATTRIBUTES = re.compile(r"\[[^\]]*\]")  # once strings are gone, a list holds no ']'
_TOKEN = re.compile(r"->|--|[{};=:,]|[^\s{};=:,\[\]<>-]+")
_CELL = re.compile(r"<TD\b", re.IGNORECASE)
_PLAIN_ID = re.compile(r"^[A-Za-z_][A-Za-z_0-9]*$")
_KEYWORDS = frozenset(("graph", "digraph", "node", "edge", "strict"))


def measure(source: str) -> Size:
    """Count the nodes, edges and table cells of DOT source, without Graphviz.

    Only statements count: a node named in a node or edge statement (once, however often
    it is named), each edge operator, and each ``<TD>`` of an HTML-like label. Strings and
    attribute lists are set aside first, so no text inside a label changes the count.
    Malformed DOT is measured as far as it goes (Graphviz reports the error).

    >>> measure('digraph g { a [label=<<TABLE><TR><TD>x</TD></TR></TABLE>>]; a -> "b c" }')
    Size(nodes=2, edges=1, cells=1)
    """
    names: dict[str, str] = {}  # a quoted name -> the placeholder that stands for it
    cells = 0

    def set_aside(match: re.Match[str]) -> str:
        nonlocal cells
        if match.lastgroup == "html":
            cells += len(_CELL.findall(match.group()))
            return " @html "
        if match.lastgroup == "quoted":
            name = match.group()[1:-1]  # "a" and a name the same node
            if not _PLAIN_ID.match(name):
                name = names.setdefault(name, f"@{len(names)}")
            return f" {name} "
        return " "

    skeleton = _ATTRIBUTES.sub(" ", _TEXT.sub(set_aside, source))
    tokens = _TOKEN.findall(skeleton[skeleton.find("{") + 1 :])  # the graph's name is none
    nodes: set[str] = set()
    edges = 0
    i = 0
    while i < len(tokens):
        token = tokens[i]
        after = tokens[i + 1] if i + 1 < len(tokens) else ""
        if token in ("->", "--"):
            edges += 1
        elif token in ("{", "}", ";", ",", "=", ":"):
            pass
        elif after == "=":
            i += 2  # an attribute statement: name = value
        elif token.lower() == "subgraph":
            i += 1 if after not in ("{", "") else 0  # its name is no node
        elif token.lower() not in _KEYWORDS:
            nodes.add(token)
            while i + 2 < len(tokens) and tokens[i + 1] == ":":  # a port is no node
                i += 2
        i += 1
    return Size(len(nodes), edges, cells)


def check_size(source: str, diagram: str, limits: Limits = LIMITS) -> Size:
    """The size of a diagram; a TooLarge when it passes ``limits``."""
    size = measure(source)
    for count, limit, what in (
        (size.nodes, limits.nodes, "nodes"),
        (size.edges, limits.edges, "edges"),
        (size.cells, limits.cells, "table cells"),
    ):
        if count > limit:
            raise TooLarge(
                diagram,
                f"{count:,} {what}, more than the {limit:,} a readable diagram can hold; "
                + FILTER_ADVICE,
            )
    return size


@contextmanager
def _quiet_stderr() -> Iterator[list[str]]:
    """Send file descriptor 2 to a temporary file while Graphviz runs; yield its lines
    (less known library noise) once done."""
    lines: list[str] = []
    saved = os.dup(2)
    with tempfile.TemporaryFile(mode="w+b") as sink:
        os.dup2(sink.fileno(), 2)
        try:
            yield lines
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            sink.seek(0)
            text = sink.read().decode("utf-8", "replace")
            lines.extend(
                line for line in text.splitlines() if line.strip() and not line.startswith(_NOISE)
            )


def _pygraphviz():  # noqa: ANN202 - the module, imported on first use
    with _quiet_stderr():
        import pygraphviz

    return pygraphviz


def render(
    source: str,
    fmt: str,
    *,
    diagram: str = "diagram",
    dot_binary: str | None = None,
    max_width: float | None = None,
    aspect: float | None = None,
) -> bytes:
    """Lay out DOT source with dot and draw it as ``fmt`` (svg, png, pdf; dot is the source),
    in this process: no time limit, and a Graphviz crash ends the process. The commands
    draw through a :class:`Renderer`, whose worker calls this.

    ``dot_binary`` uses a user's own ``dot`` program instead of the bundled library.
    ``aspect`` (width/height, 16/9 for a slide) pads the drawing to that shape, never
    shrinking it; ``max_width`` (points) then refuses a drawing too wide to read.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    if fmt == "dot":
        return source.encode("utf-8")
    if dot_binary:
        return _render_with(dot_binary, source, fmt, diagram)
    pgv = _pygraphviz()
    errors: list[str] = []
    try:
        with _quiet_stderr() as errors:
            # Layout and drawing in one call each time: dot's own `ratio`, and a separate
            # layout() then draw(), crash the bundled Graphviz 14 on graphs with edge labels.
            graph = pgv.AGraph(string=source)
            if not (aspect or max_width):
                data = graph.draw(format=fmt, prog="dot")
            else:
                # A slide: lay out once to measure, then once more with the padding that
                # makes it 16:9 (the padded width is known without drawing it).
                data = graph.draw(format="svg", prog="dot")
                width, height = _view_box(data)
                pad, margin = None, 0.0
                if aspect:
                    margin = SLIDE_MARGIN
                    if aspect == PAGE_ASPECT:  # a page: portrait for a tall drawing
                        margin = PAGE_MARGIN
                        aspect = aspect if width >= height else 1 / aspect
                    pad = _pad_to((width, height), aspect, margin)
                    width = max(width, aspect * height) / (1 - 2 * margin)
                if max_width is not None:
                    _check_width(width, max_width, diagram)
                if pad is not None or fmt != "svg":
                    graph = pgv.AGraph(string=source)
                    if pad is not None:
                        graph.graph_attr["pad"] = pad
                    if margin == PAGE_MARGIN:  # no larger than A3 (its longer side)
                        graph.graph_attr["size"] = f"{A3[0] / 72:.2f},{A3[0] / 72:.2f}"
                    data = graph.draw(format=fmt, prog="dot")
    except RenderError:
        raise
    except Exception as exc:  # pygraphviz raises several types; all are this diagram's fault
        # Graphviz says what is wrong on stderr ("Error: syntax error in line 1 near '}'");
        # pygraphviz's exception often only says "Invalid Input".
        said = [line.removeprefix("Error: ") for line in errors if line.startswith("Error:")]
        raise RenderError(diagram, "; ".join(said) or _one_line(exc)) from None
    if not data:
        raise RenderError(diagram, "; ".join(errors) or "no output")
    return _number_links(bytes(data)) if fmt == "svg" else bytes(data)


# The id Graphviz gives a link inside a label (a table cell with a tooltip): a_node3_17.
_LINK_ID = re.compile(rb'id="a_((?:node|edge|clust)\d+)_\d+"')


def _number_links(svg: bytes) -> bytes:
    """Graphviz numbers the links inside labels with one counter that runs on from one
    drawing to the next in a process (a_node2_0 in the first drawing, a_node2_6 in the
    next): number them from 0 in each drawing, so the same DOT always gives the same SVG.

    >>> _number_links(b'<g id="a_node2_6"><g id="a_node5_7">')
    b'<g id="a_node2_0"><g id="a_node5_1">'
    """
    count = iter(range(1 << 30))
    return _LINK_ID.sub(lambda m: b'id="a_%s_%d"' % (m.group(1), next(count)), svg)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _view_box(svg: bytes) -> tuple[float, float]:
    match = re.search(rb'viewBox="[-\d.]+ [-\d.]+ ([\d.]+) ([\d.]+)"', svg)
    return (float(match.group(1)), float(match.group(2))) if match else (0.0, 0.0)


def _pad_to(size: tuple[float, float], aspect: float, margin: float = SLIDE_MARGIN) -> str:
    """Graphviz ``pad`` (inches, x,y) that brings a drawing of ``size`` points to
    ``aspect``, centred, with at least ``margin`` of the result empty on every edge (a
    projector crops the edges, a printer cannot print them); pad already in the drawing is
    kept.

    >>> _pad_to((1600, 900), 16 / 9)  # 9/10 of the width, 9/10 of the height
    '1.2346,0.6944'
    """
    width, height = size
    if not width or not height:
        return "0"
    outer = max(width, aspect * height) / (1 - 2 * margin)
    return f"{(outer - width) / 2 / 72:.4f},{(outer / aspect - height) / 2 / 72:.4f}"


def _check_width(width: float, max_width: float, diagram: str) -> None:
    if width > max_width:
        raise TooLarge(
            diagram,
            f"too large for a slide ({width:.0f} pt wide, at most {max_width:.0f} pt so that "
            "text stays 14 px high at 1920x1080): use the default theme, or draw a smaller "
            "part (one school, or a comparison of two)",
        )


def _render_with(
    dot_binary: str, source: str, fmt: str, diagram: str, timeout: float = DEFAULT_TIMEOUT
) -> bytes:
    """Render with a user's own Graphviz ``dot`` program (never required)."""
    import subprocess

    try:
        done = subprocess.run(
            [dot_binary, f"-T{fmt}"],
            input=source.encode("utf-8"),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise RenderError(diagram, _too_slow(timeout)) from None
    except OSError as exc:
        raise RenderError(diagram, f"cannot run {dot_binary}: {exc}") from None
    if done.returncode != 0 or not done.stdout:
        detail = done.stderr.decode("utf-8", "replace").strip() or f"exit {done.returncode}"
        raise RenderError(diagram, detail)
    return done.stdout


def _too_slow(timeout: float) -> str:
    return (
        f"the layout took longer than {timeout:g} s and was stopped; "
        f"{FILTER_ADVICE}, or allow more time with --timeout SECONDS"
    )


# -- the workers -------------------------------------------------------------------------


class Draw(Protocol):
    """What a worker calls to draw one diagram: :func:`render`'s signature. Tests pass one
    that provokes a real Graphviz crash."""

    def __call__(
        self,
        source: str,
        fmt: str,
        *,
        diagram: str,
        max_width: float | None,
        aspect: float | None,
    ) -> bytes: ...


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity where the system tells it, else
    every core): how many workers a :class:`Renderer` starts by default."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):  # no affinity on this system
        return os.cpu_count() or 1


@dataclass(frozen=True)
class Job:
    """One diagram to draw: its DOT and format, and the settings that travel beside the DOT
    (:func:`render`'s ``aspect`` and ``max_width``). ``diagram`` names it in messages;
    ``key`` is the caller's own, any value, handed back with the result to match it."""

    source: str
    fmt: str
    diagram: str = "diagram"
    aspect: float | None = None
    max_width: float | None = None
    key: Any = None


Result = tuple[Job, bytes | RenderError]  # a job, and its drawing or why there is none


@dataclass(eq=False)
class _Worker:
    process: Any  # multiprocessing.Process (imported only when a worker starts)
    conn: Any  # the parent's end of a multiprocessing Pipe
    ready: bool = False  # it has loaded the library
    job: Job | None = None  # what it draws, or will once ready; None: idle
    deadline: float = 0.0  # time.monotonic() by which it must answer


class Renderer:
    """Draws diagrams in worker processes, several at once, each within ``timeout`` seconds
    of its own start; every fault (an error, a timeout, a crash, a library that cannot be
    loaded) is a RenderError that names the diagram, and the other diagrams still get drawn.

    Use it as a context manager (the workers end with it)::

        with Renderer(timeout=60) as renderer:
            svg = renderer.render(source, "svg", diagram="overlap")
            for job, result in renderer.render_all(jobs):  # in the order they finish
                ...

    ``workers`` is how many diagrams are drawn at once (default: the cores this process
    may use); each worker is forked from argmap when first needed and draws diagram after
    diagram; a worker that crashes or runs out of time is killed and replaced, and only
    its diagram is reported. ``dot_binary`` draws with a user's own ``dot`` program instead
    (one diagram at a time, same time limit). ``limits`` (None: none) refuses large
    diagrams before layout. ``draw`` is the function the workers call.
    """

    def __init__(
        self,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        dot_binary: str | None = None,
        limits: Limits | None = LIMITS,
        draw: Draw | None = None,
        workers: int | None = None,
    ) -> None:
        if workers is not None and workers < 1:
            raise ValueError(f"workers must be at least 1, not {workers}")
        self.timeout = timeout
        self.dot_binary = dot_binary
        self.limits = limits
        self.workers = workers or usable_cores()
        self._draw: Draw = draw or render
        self._workers: list[_Worker] = []  # every live worker, idle or drawing
        self._loaded = False  # a worker has loaded the library: the others may start
        self._broken: str | None = None  # why the library cannot be loaded
        self._broken_at = ""  # the diagram that said so first

    def __enter__(self) -> Renderer:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def pids(self) -> tuple[int, ...]:
        """The process ids of the live workers."""
        return tuple(w.process.pid for w in self._workers)

    def render(
        self,
        source: str,
        fmt: str,
        *,
        diagram: str = "diagram",
        max_width: float | None = None,
        aspect: float | None = None,
    ) -> bytes:
        """``source`` drawn as ``fmt``, like :func:`render`, but safely (see the class)."""
        ((_, result),) = self.render_all([Job(source, fmt, diagram, aspect, max_width)])
        if isinstance(result, RenderError):
            raise result
        return result

    def render_all(self, jobs: Iterable[Job]) -> Iterator[Result]:
        """Each job with its drawing (bytes) or its RenderError, as each is done: the order
        may differ from the jobs'. ``jobs`` is read lazily, one ahead of the free workers,
        so that the caller makes the next diagram while the workers draw. A TooLarge (see
        ``limits``) is given without a worker. An unknown format is a ValueError.

        One ``render_all`` at a time; leaving it early (``break``) kills the workers that
        were drawing for it.
        """
        pending = iter(jobs)
        more = True
        waiting: deque[Job] = deque()  # read, for the next free worker
        busy: dict[Any, _Worker] = {}  # by the parent's end of the worker's pipe
        done: list[Result] = []
        try:
            while True:
                done += self._collect(busy, block=False)
                done += self._dispatch(waiting, busy)
                if done:
                    yield from done
                    done = []
                elif more and len(busy) + len(waiting) <= self._slots():
                    job = next(pending, None)
                    if job is None:
                        more = False
                    else:
                        early = self._without_worker(job)
                        if early is None:
                            waiting.append(job)
                        else:
                            done.append((job, early))
                elif busy:
                    done = self._collect(busy, block=True)
                else:
                    return
        finally:
            for worker in busy.values():
                self._kill(worker)

    def close(self) -> None:
        """End the workers (each exits when its end of the pipe closes)."""
        workers, self._workers = self._workers, []
        for worker in workers:
            worker.conn.close()
        for worker in workers:
            worker.process.join(1.0)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()

    def _slots(self) -> int:
        """How many diagrams may be drawn at once: one until a worker has loaded the
        library (so that a library that cannot load is said once, for the first diagram)."""
        return self.workers if self._loaded else 1

    def _without_worker(self, job: Job) -> bytes | RenderError | None:
        """What a job gives without a worker (its DOT, a TooLarge, a drawing by the user's
        own ``dot``, or one in this process where there is no fork); None: it needs one."""
        if job.fmt not in FORMATS:
            raise ValueError(f"unknown format {job.fmt!r}")
        if job.fmt == "dot":
            return job.source.encode("utf-8")
        try:
            if self.limits is not None:
                check_size(job.source, job.diagram, self.limits)
            if self.dot_binary:
                return _render_with(self.dot_binary, job.source, job.fmt, job.diagram, self.timeout)
            if not hasattr(os, "fork"):  # no fork on this system: in-process, unprotected
                return self._draw(
                    job.source,
                    job.fmt,
                    diagram=job.diagram,
                    max_width=job.max_width,
                    aspect=job.aspect,
                )
        except RenderError as exc:
            return exc
        return None

    def _dispatch(self, waiting: deque[Job], busy: dict[Any, _Worker]) -> list[Result]:
        """Give waiting jobs to free workers (idle ones first, else new ones)."""
        failed: list[Result] = []
        while waiting and len(busy) < self._slots():
            job = waiting.popleft()
            try:
                worker = self._idle() or self._start(job.diagram)
            except RenderError as exc:  # the library cannot be loaded
                failed.append((job, exc))
                continue
            worker.job = job
            if worker.ready:
                lost = self._send(worker)
                if lost is not None:
                    failed.append((job, lost))
                    continue
            busy[worker.conn] = worker  # a new worker is sent its job once it is ready
        return failed

    def _collect(self, busy: dict[Any, _Worker], *, block: bool) -> list[Result]:
        """The workers' answers (waiting, if ``block``, until one answers or the first time
        limit passes), then the jobs past their time limit."""
        if not busy:
            return []
        from multiprocessing.connection import wait

        timeout = 0.0
        if block:
            timeout = max(0.0, min(w.deadline for w in busy.values()) - time.monotonic())
        done: list[Result] = []
        for conn in wait(list(busy), timeout):
            worker = busy.pop(conn)
            job = worker.job
            assert job is not None
            try:
                kind, payload = worker.conn.recv()
            except (EOFError, OSError):  # the worker died: a crash
                code = self._kill(worker)
                if worker.ready:
                    done.append((job, RenderError(job.diagram, _crashed(code))))
                else:
                    done.append((job, self._cannot_load(job, _crashed(code, "while loading"))))
                continue
            if kind == "ready":
                worker.ready = self._loaded = True
                lost = self._send(worker)
                if lost is None:
                    busy[conn] = worker
                else:
                    done.append((job, lost))
            elif kind == "broken":
                self._kill(worker)
                done.append((job, self._cannot_load(job, payload)))
            else:
                worker.job = None
                done.append((job, payload if kind == "ok" else _error(kind, job, payload)))
        now = time.monotonic()
        for conn, worker in list(busy.items()):
            if now >= worker.deadline and not conn.poll(0):  # no answer, not even a crash
                job = worker.job
                assert job is not None
                del busy[conn]
                self._kill(worker)
                if worker.ready:
                    done.append((job, RenderError(job.diagram, _too_slow(self.timeout))))
                else:
                    done.append((job, self._cannot_load(job, "it did not load")))
        return done

    def _idle(self) -> _Worker | None:
        for worker in list(self._workers):
            if worker.job is None:
                if worker.process.is_alive():
                    return worker
                self._kill(worker)  # it died while idle (killed from outside): nobody's fault
        return None

    def _start(self, diagram: str) -> _Worker:
        """Fork a worker; it says when it has loaded the library (see :meth:`_collect`)."""
        if self._broken is not None:  # said in full once; the rest refer to it
            raise RenderError(
                diagram, f"cannot load the Graphviz library, as said for {self._broken_at}"
            )
        import multiprocessing

        context = multiprocessing.get_context("fork")
        ours, theirs = context.Pipe()
        # The worker closes the parent's ends it inherits (its own and the other workers'):
        # else a pipe never reports the parent's end closed.
        inherited = [ours, *(w.conn for w in self._workers)]
        process = context.Process(
            target=_serve,
            args=(theirs, inherited, self._draw, os.getpid()),
            name="argmap-graphviz",
            daemon=True,
        )
        process.start()
        theirs.close()
        worker = _Worker(process, ours, deadline=time.monotonic() + START_TIMEOUT)
        self._workers.append(worker)
        return worker

    def _send(self, worker: _Worker) -> RenderError | None:
        """Send a ready worker its job and start the job's clock; a RenderError if the
        worker has died since (a crash)."""
        job = worker.job
        assert job is not None
        try:
            worker.conn.send((job.source, job.fmt, job.diagram, job.max_width, job.aspect))
        except OSError:
            return RenderError(job.diagram, _crashed(self._kill(worker)))
        worker.deadline = time.monotonic() + self.timeout
        return None

    def _kill(self, worker: _Worker) -> int | None:
        """Kill a worker (a timeout or a crash); its exit code."""
        if worker in self._workers:
            self._workers.remove(worker)
        worker.process.kill()
        worker.process.join()
        worker.conn.close()
        return worker.process.exitcode

    def _cannot_load(self, job: Job, detail: str) -> RenderError:
        if self._broken is None:
            self._broken = (
                f"cannot load the Graphviz library (pygraphviz): {detail}; reinstall "
                "argmap's dependencies (pip install --force-reinstall pygraphviz), or draw "
                "with your own Graphviz: --dot dot"
            )
            self._broken_at = job.diagram
            return RenderError(job.diagram, self._broken)
        return RenderError(
            job.diagram, f"cannot load the Graphviz library, as said for {self._broken_at}"
        )


def _crashed(code: int | None, when: str = "while drawing this diagram") -> str:
    """What a worker's exit code says about how it died."""
    if code is not None and code < 0:
        try:
            how = f"signal {-code}, {signal.Signals(-code).name}"
        except ValueError:
            how = f"signal {-code}"
    else:
        how = f"exit status {code}"
    if code == -signal.SIGKILL:
        how += ": killed, perhaps for want of memory"
    return f"the Graphviz library crashed ({how}) {when}"


def _error(kind: str, job: Job, detail: str) -> RenderError:
    return (TooLarge if kind == "too-large" else RenderError)(job.diagram, detail)


def _serve(conn: Any, inherited: list[Any], draw: Draw, parent: int) -> None:
    """A worker: load the library, then draw each request until the pipe closes.

    It never writes to the terminal (both stdout and stderr go to /dev/null; render()
    catches Graphviz's own messages), leaves Ctrl-C to the parent, and dies with it.
    """
    import faulthandler

    for other in inherited:
        other.close()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    faulthandler.disable()  # a crash is reported by the parent, not dumped on stderr
    _die_with(parent)
    quiet = os.open(os.devnull, os.O_WRONLY)
    os.dup2(quiet, 1)
    os.dup2(quiet, 2)
    sys.stdout = sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - for the process's life
    try:
        _pygraphviz()
    except BaseException as exc:  # noqa: BLE001 - any failure to load is reported as such
        conn.send(("broken", f"{type(exc).__name__}: {_one_line(exc)}"))
        return
    conn.send(("ready", None))
    while True:
        try:
            source, fmt, diagram, max_width, aspect = conn.recv()
        except (EOFError, OSError):
            return
        reply: tuple[str, bytes | str]
        try:
            reply = ("ok", draw(source, fmt, diagram=diagram, max_width=max_width, aspect=aspect))
        except TooLarge as exc:
            reply = ("too-large", exc.detail)
        except RenderError as exc:
            reply = ("error", exc.detail)
        except Exception as exc:  # noqa: BLE001 - reported as this diagram's failure
            reply = ("error", _one_line(exc))
        conn.send(reply)


def _die_with(parent: int) -> None:
    """Ask Linux to kill this worker when its parent dies (a killed build leaves no
    layout running); elsewhere the worker ends when its pipe closes."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(0)
