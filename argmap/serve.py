"""`argmap watch --serve`: the build on this computer's own address, and a report that
reloads itself when a rebuild finishes.

Standard library only: :mod:`http.server` in a thread, bound to 127.0.0.1 and never to
another address. It serves the files under the output folder and nothing outside it (no
directory listing, no symbolic link out of it), and one address of its own,
:data:`STATUS`: what the watch knows, as JSON (the report of the last build and the word
its page carries, whether a build is running, what the last one said). The report asks it
every half second or so when it was served from 127.0.0.1, and reloads when the word of
the page on disk is no longer its own (report.js); a report opened from disk asks nothing.

A request that names another host than this server is refused, so that a web page
elsewhere cannot reach these files by pointing a name of its own at 127.0.0.1.
"""

from __future__ import annotations

import json
import re
import threading
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote, urlsplit

from argmap.documents.html import PAGE_META

if TYPE_CHECKING:
    from argmap.pipeline import Outcome

HOST = "127.0.0.1"
DEFAULT_PORT = 8000
STATUS = "/.argmap/status"
REPORT = "index.html"
_WORD = re.compile(rb'<meta name="' + PAGE_META.encode() + rb'" content="([0-9a-f]+)">')

# What a browser shows at / before any build has written a report (it looks again).
WAITING = b"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="1">
<title>argmap: waiting for a build</title></head>
<body><p>argmap is waiting for a build of the topic to finish; the terminal says what is
wrong if it cannot build. This page looks again every second.</p></body></html>
"""


class Preview:
    """The server: ``start()`` it, tell it of each build (:meth:`building`,
    :meth:`finished`), ``close()`` it. ``port`` 0 takes any free port (see :attr:`url`)."""

    def __init__(self, root: Path, port: int = DEFAULT_PORT) -> None:
        self.root = root.resolve()
        self._lock = threading.Lock()
        self._state: dict[str, Any] = {
            "page": None,
            "building": False,
            "built": False,
            "summary": "",
            "problems": [],
        }
        self._report: Path | None = None
        self.server = ThreadingHTTPServer((HOST, port), partial(_Handler, preview=self))
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.hosts = {f"{HOST}:{self.port}", f"localhost:{self.port}"}
        if self.port == 80:
            self.hosts |= {HOST, "localhost"}
        self._thread = threading.Thread(
            target=self.server.serve_forever, args=(0.1,), name="argmap-serve", daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/"

    def start(self) -> Preview:
        self._thread.start()
        return self

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> Preview:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- what the watch tells it -------------------------------------------------------

    def building(self) -> None:
        with self._lock:
            self._state["building"] = True

    def finished(self, outcome: Outcome) -> None:
        """A build ended: its report (when it wrote one, or found its files current) is
        the page to show; its problems are what the page says when it did not."""
        from argmap import pipeline

        built = outcome.report is not None or outcome.fresh is not None
        problems = [str(p) for p in outcome.problems]
        if outcome.error:
            problems.append(f"error: {outcome.error}")
        with self._lock:
            if built and outcome.folder is not None:
                self._report = outcome.folder.resolve() / REPORT
            self._state.update(
                building=False,
                built=built,
                summary=pipeline.summary(outcome),
                problems=problems,
                page=self._href(self._report),
            )

    def _href(self, report: Path | None) -> str | None:
        if report is None:
            return None
        try:
            return "/" + quote(report.relative_to(self.root).as_posix())
        except ValueError:  # the topic's folder is outside what is served: cannot show it
            return None

    def status(self) -> dict[str, Any]:
        """What :data:`STATUS` answers: the state, and the word of the page on disk."""
        with self._lock:
            state = dict(self._state)
            report = self._report
        state["digest"] = page_word(report) if report is not None else None
        return state


def page_word(report: Path) -> str | None:
    """The word a report carries in its head (html.PAGE_META), or None."""
    try:
        with report.open("rb") as f:
            head = f.read(4096)
    except OSError:
        return None
    found = _WORD.search(head)
    return found.group(1).decode("ascii") if found else None


class _Handler(SimpleHTTPRequestHandler):
    """Files under the preview's root, the status, and a way to the report from ``/``."""

    def __init__(self, *args: Any, preview: Preview, **kwargs: Any) -> None:
        self.preview = preview
        super().__init__(*args, directory=str(preview.root), **kwargs)

    def do_GET(self) -> None:
        if self._route():
            super().do_GET()

    def do_HEAD(self) -> None:
        if self._route():
            super().do_HEAD()

    def _route(self) -> bool:
        """Answer what is not a plain file; True when it is one, for the base class."""
        if self.headers.get("Host", "") not in self.preview.hosts:
            self.send_error(HTTPStatus.FORBIDDEN, "only this computer's own address is served")
            return False
        path = unquote(urlsplit(self.path).path)
        if path == STATUS:
            self._send(HTTPStatus.OK, json.dumps(self.preview.status()).encode(), "json")
            return False
        if path == "/":
            page = self.preview.status()["page"]
            if page is None:
                self._send(HTTPStatus.OK, WAITING, "html")
            else:
                self.send_response(HTTPStatus.FOUND)
                self.send_header("Location", page)
                self.send_header("Content-Length", "0")
                self.end_headers()
            return False
        target = Path(self.translate_path(self.path))
        try:
            real = target.resolve(strict=True)
        except (OSError, RuntimeError):
            real = None
        if real is None or not real.is_relative_to(self.preview.root) or not real.is_file():
            self.send_error(HTTPStatus.NOT_FOUND, "not a file of the build")
            return False
        return True

    def _send(self, status: HTTPStatus, body: bytes, kind: str) -> None:
        self.send_response(status)
        types = {"json": "application/json", "html": "text/html; charset=utf-8"}
        self.send_header("Content-Type", types[kind])
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base's name
        """Quiet: the watch prints what matters, one line a build."""
