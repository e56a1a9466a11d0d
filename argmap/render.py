"""DOT -> bytes, with Graphviz in-process through pygraphviz's bundled library.

No subprocess and no system `dot`: pygraphviz's wheel carries Graphviz with the dot layout,
cairo and pango. It is imported here, lazily, so `argmap check` never pays for it. What the
library prints on stderr (a Fontconfig warning about the system's configuration) is caught
and dropped; Graphviz's own errors become a RenderError that names the diagram.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

FORMATS = ("svg", "png", "pdf", "dot")

_NOISE = ("Fontconfig", "fontconfig")


class RenderError(Exception):
    """Graphviz could not lay out or draw a diagram."""

    def __init__(self, diagram: str, message: str) -> None:
        super().__init__(f"{diagram}: Graphviz failed: {message}")
        self.diagram = diagram


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


def render(source: str, fmt: str, *, diagram: str = "diagram") -> bytes:
    """Lay out DOT source with dot and draw it as ``fmt`` (svg, png, pdf, or dot as laid out)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    if fmt == "dot":
        return source.encode("utf-8")
    pgv = _pygraphviz()
    try:
        with _quiet_stderr() as errors:
            graph = pgv.AGraph(string=source)
            graph.layout(prog="dot")
            data = graph.draw(format=fmt)
    except Exception as exc:  # pygraphviz raises several types; all are this diagram's fault
        message = " ".join(str(exc).split()) or type(exc).__name__
        raise RenderError(diagram, message) from None
    if data is None or not data:
        detail = "; ".join(errors) or "no output"
        raise RenderError(diagram, detail)
    return bytes(data)
