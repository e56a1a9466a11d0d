"""DOT -> bytes, with Graphviz in-process through pygraphviz's bundled library.

No subprocess and no system `dot`: pygraphviz's wheel carries Graphviz with the dot layout,
cairo and pango. It is imported here, lazily, so `argmap check` never pays for it. What the
library prints on stderr (a Fontconfig warning about the system's configuration) is caught
and dropped; Graphviz's own errors become a RenderError that names the diagram.
"""

from __future__ import annotations

import os
import re
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


def render(
    source: str,
    fmt: str,
    *,
    diagram: str = "diagram",
    dot_binary: str | None = None,
    max_width: float | None = None,
    aspect: float | None = None,
) -> bytes:
    """Lay out DOT source with dot and draw it as ``fmt`` (svg, png, pdf; dot is the source).

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
    try:
        with _quiet_stderr() as errors:
            # Layout and drawing in one call each time: dot's own `ratio`, and a separate
            # layout() then draw(), crash the bundled Graphviz 14 on graphs with edge labels.
            graph = pgv.AGraph(string=source)
            # A slide says so in its own DOT (see themes.Theme.graph_attrs).
            aspect = aspect or _number(graph.graph_attr.get("argmap_aspect"))
            max_width = max_width or _number(graph.graph_attr.get("argmap_max_width"))
            if not (aspect or max_width):
                data = graph.draw(format=fmt, prog="dot")
            else:
                # A slide: lay out once to measure, then once more with the padding that
                # makes it 16:9 (the padded width is known without drawing it).
                data = graph.draw(format="svg", prog="dot")
                width, height = _view_box(data)
                pad = None
                if aspect:
                    pad = _pad_to((width, height), aspect)
                    width = max(width, aspect * height)
                if max_width is not None:
                    _check_width(width, max_width, diagram)
                if pad is not None or fmt != "svg":
                    graph = pgv.AGraph(string=source)
                    if pad is not None:
                        graph.graph_attr["pad"] = pad
                    data = graph.draw(format=fmt, prog="dot")
    except RenderError:
        raise
    except Exception as exc:  # pygraphviz raises several types; all are this diagram's fault
        message = " ".join(str(exc).split()) or type(exc).__name__
        raise RenderError(diagram, message) from None
    if not data:
        raise RenderError(diagram, "; ".join(errors) or "no output")
    return bytes(data)


def _number(value: str | None) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None


def _view_box(svg: bytes) -> tuple[float, float]:
    match = re.search(rb'viewBox="[-\d.]+ [-\d.]+ ([\d.]+) ([\d.]+)"', svg)
    return (float(match.group(1)), float(match.group(2))) if match else (0.0, 0.0)


def _pad_to(size: tuple[float, float], aspect: float) -> str:
    """Graphviz ``pad`` (inches, x,y) that brings a drawing of ``size`` points to
    ``aspect``, centred; pad already in the drawing is kept."""
    width, height = size
    if not width or not height:
        return "0"
    if width / height < aspect:
        return f"{(aspect * height - width) / 2 / 72:.4f},0"
    return f"0,{(width / aspect - height) / 2 / 72:.4f}"


def _check_width(width: float, max_width: float, diagram: str) -> None:
    if width > max_width:
        raise RenderError(
            diagram,
            f"too large for a slide ({width:.0f} pt wide, at most {max_width:.0f} pt so that "
            "text stays 14 px high at 1920x1080): use the default theme, or draw a smaller "
            "part (one school, or a comparison of two)",
        )


def _render_with(dot_binary: str, source: str, fmt: str, diagram: str) -> bytes:
    """Render with a user's own Graphviz ``dot`` program (never required)."""
    import subprocess

    try:
        done = subprocess.run(
            [dot_binary, f"-T{fmt}"],
            input=source.encode("utf-8"),
            capture_output=True,
            timeout=120,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise RenderError(diagram, f"cannot run {dot_binary}: {exc}") from None
    if done.returncode != 0 or not done.stdout:
        detail = done.stderr.decode("utf-8", "replace").strip() or f"exit {done.returncode}"
        raise RenderError(diagram, detail)
    return done.stdout
