"""`argmap watch --serve`: the server on its own (the page that reloads itself is tested in
Chromium in test_report.py)."""

from __future__ import annotations

import http.client
import json
from email.message import Message
from pathlib import Path

import pytest
from click.testing import CliRunner

from argmap.cli import cli
from argmap.documents.html import PAGE_META
from argmap.pipeline import Outcome
from argmap.problems import Problem, Where
from argmap.serve import STATUS, Preview, page_word


def get(preview: Preview, path: str, host: str | None = None) -> tuple[int, Message, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", preview.port, timeout=5)
    try:
        conn.putrequest("GET", path, skip_host=True)
        conn.putheader("Host", host or f"127.0.0.1:{preview.port}")
        conn.endheaders()
        response = conn.getresponse()
        return response.status, response.msg, response.read()
    finally:
        conn.close()


def page(word: str) -> str:
    return f'<!DOCTYPE html>\n<head>\n<meta name="{PAGE_META}" content="{word}">\n<h1>Q</h1>'


@pytest.fixture
def served(tmp_path: Path):
    root = tmp_path / "out"
    (root / "small").mkdir(parents=True)
    (root / "small" / "index.html").write_text(page("abc123"), encoding="utf-8")
    (root / "small" / "overlap.svg").write_text("<svg/>", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("not yours", encoding="utf-8")
    with Preview(root, 0) as preview:
        yield preview


def test_it_listens_on_this_computer_only(served):
    assert served.server.server_address[0] == "127.0.0.1"
    assert served.url == f"http://127.0.0.1:{served.port}/"


def test_before_a_build_it_waits_then_points_to_the_report(served):
    status, _, body = get(served, "/")
    assert status == 200 and b'http-equiv="refresh"' in body
    assert json.loads(get(served, STATUS)[2])["page"] is None
    served.building()
    assert json.loads(get(served, STATUS)[2])["building"] is True
    served.finished(Outcome(fresh=3, folder=served.root / "small"))
    status, headers, _ = get(served, "/")
    assert status == 302 and headers["Location"] == "/small/index.html"
    state = json.loads(get(served, STATUS)[2])
    assert state["page"] == "/small/index.html" and state["digest"] == "abc123"
    assert state["building"] is False and state["built"] is True


def test_the_status_follows_the_page_on_disk_and_keeps_it_when_a_build_fails(served):
    served.finished(Outcome(fresh=3, folder=served.root / "small"))
    (served.root / "small" / "index.html").write_text(page("def456"), encoding="utf-8")
    assert json.loads(get(served, STATUS)[2])["digest"] == "def456"
    problem = Problem(Where("t/topic.yaml", 9, 1), "error", "unknown key 'questin'")
    served.finished(Outcome(problems=(problem,)))
    state = json.loads(get(served, STATUS)[2])
    assert state["built"] is False and state["page"] == "/small/index.html"
    assert state["summary"] == "1 error, 0 warnings: nothing written"
    assert state["problems"] == [str(problem)]


def test_files_of_the_build_and_nothing_else(served):
    status, headers, body = get(served, "/small/overlap.svg")
    assert status == 200 and body == b"<svg/>"
    assert headers["Content-Type"] == "image/svg+xml"
    assert headers["Cache-Control"] == "no-store"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert get(served, "/small/")[0] == 404  # no listing
    assert get(served, "/../secret.txt")[0] == 404
    assert get(served, "/small/../../secret.txt")[0] == 404
    (served.root / "small" / "leak").symlink_to(served.root.parent / "secret.txt")
    assert get(served, "/small/leak")[0] == 404  # a link out of the folder
    assert get(served, "/small/missing.svg")[0] == 404


def test_a_request_for_another_host_is_refused(served):
    """A page elsewhere that points a name of its own at 127.0.0.1 reads nothing."""
    assert get(served, "/small/index.html", host=f"localhost:{served.port}")[0] == 200
    for host in ("evil.example", f"evil.example:{served.port}", "127.0.0.1:1"):
        assert get(served, "/small/index.html", host=host)[0] == 403
        assert get(served, STATUS, host=host)[0] == 403


def test_a_page_word_is_read_from_the_head(tmp_path):
    report = tmp_path / "index.html"
    assert page_word(report) is None
    report.write_text(page("0a1b"), encoding="utf-8")
    assert page_word(report) == "0a1b"
    report.write_text("<html>no word</html>", encoding="utf-8")
    assert page_word(report) is None


def test_a_port_in_use_is_said_plainly(served, tmp_path):
    result = CliRunner().invoke(
        cli,
        ["watch", str(tmp_path), "-o", str(tmp_path / "o"), "--serve", "--port", str(served.port)],
    )
    assert result.exit_code != 0
    assert f"cannot serve on port {served.port}" in result.stderr
    assert "--port N" in result.stderr


def test_port_goes_with_serve(tmp_path):
    result = CliRunner().invoke(cli, ["watch", str(tmp_path), "--port", "8123"])
    assert result.exit_code == 2
    assert "--port goes with --serve" in result.stderr
