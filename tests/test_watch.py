"""`argmap watch`: the loop with a scripted clock, and the command on real files."""

from __future__ import annotations

import queue
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from argmap import pipeline, watch
from argmap.cli import cli
from tests.conftest import SPLIT_TOPIC, write_files

BETA = "schools/beta.yaml"
BAD_BETA = SPLIT_TOPIC[BETA].replace("agrees: [alpha.appoint]", "agrees: [alpha.nowhere]")
FIXED_BETA = SPLIT_TOPIC[BETA].replace("They believed in him.", "They believed in him, mostly.")


def scripted(*edits: Callable[[], object]) -> tuple[Callable[[float], None], Callable[[], bool]]:
    """A sleep that makes the next edit instead of waiting, and a stop once all are made."""
    todo = list(edits)

    def sleep(seconds: float) -> None:
        assert seconds == watch.INTERVAL
        todo.pop(0)()

    return sleep, lambda: not todo


def test_the_loop_runs_once_then_on_each_change_only():
    state = {"files": 1}
    seen: list[int] = []
    sleep, stop = scripted(
        lambda: None,
        lambda: state.update(files=2),
        lambda: None,
        lambda: None,
        lambda: state.update(files=3),
    )
    runs = watch.watch(
        lambda: seen.append(state["files"]), lambda: state["files"], sleep=sleep, stop=stop
    )
    assert runs == 3
    assert seen == [1, 2, 3]


@pytest.mark.slow
def test_a_bad_edit_shows_its_problems_and_a_fix_builds_again(tmp_path):
    topic = write_files(tmp_path / "topic", SPLIT_TOPIC)
    out = tmp_path / "out"
    outcomes: list[pipeline.Outcome] = []
    sleep, stop = scripted(
        lambda: (topic / BETA).write_text(BAD_BETA, encoding="utf-8"),
        lambda: None,  # nothing saved: nothing happens
        lambda: (topic / BETA).write_text(FIXED_BETA, encoding="utf-8"),
    )
    runs = watch.watch(
        lambda: outcomes.append(pipeline.build(str(topic), out)),
        lambda: watch.fingerprint(topic),
        sleep=sleep,
        stop=stop,
    )
    assert runs == 3
    first, bad, fixed = outcomes
    assert first.report is not None and "school-beta" in first.report.rendered
    assert first.folder == out / "small"
    svg = (out / "small" / "school-beta.svg").read_bytes()

    assert bad.report is None and bad.errors == 1
    [problem] = [p for p in bad.problems if p.is_error]
    assert str(problem).startswith(f"{topic / BETA}:")
    assert "alpha.nowhere" in problem.message
    assert (out / "small" / "school-beta.svg").read_bytes() == svg  # nothing written

    assert fixed.report is not None and fixed.errors == 0
    assert "school-beta" in fixed.report.rendered
    assert "mostly" in (out / "small" / "school-beta.dot").read_text(encoding="utf-8")


@pytest.mark.slow
def test_a_missing_topic_is_waited_for(tmp_path):
    topic = tmp_path / "later"
    outcomes: list[pipeline.Outcome] = []
    sleep, stop = scripted(lambda: write_files(topic, SPLIT_TOPIC))
    watch.watch(
        lambda: outcomes.append(pipeline.build(str(topic), tmp_path / "out")),
        lambda: watch.fingerprint(topic),
        sleep=sleep,
        stop=stop,
    )
    assert outcomes[0].error and outcomes[0].report is None
    assert outcomes[1].report is not None and outcomes[1].error is None


def test_the_fingerprint_sees_yaml_files_come_change_and_go(tmp_path):
    topic = write_files(tmp_path / "topic", SPLIT_TOPIC)
    first = watch.fingerprint(topic)
    assert len(first) == len(SPLIT_TOPIC)
    (topic / "notes.txt").write_text("not part of the topic", encoding="utf-8")
    (topic / ".beta.yaml.swp").write_bytes(b"\0")
    assert watch.fingerprint(topic) == first
    (topic / BETA).write_text(FIXED_BETA, encoding="utf-8")
    assert watch.fingerprint(topic) != first
    (topic / BETA).unlink()
    assert len(watch.fingerprint(topic)) == len(SPLIT_TOPIC) - 1
    one = tmp_path / "one.yaml"
    one.write_text("format: 1\n", encoding="utf-8")
    assert [p for p, _, _ in watch.fingerprint(one)] == [str(one)]


@pytest.mark.slow
def test_the_command_prints_problems_keeps_going_and_ends_cleanly_on_ctrl_c(tmp_path, monkeypatch):
    topic = write_files(tmp_path / "topic", SPLIT_TOPIC)
    out = tmp_path / "out"

    def interrupt() -> None:
        raise KeyboardInterrupt

    sleep, _ = scripted(
        lambda: (topic / BETA).write_text(BAD_BETA, encoding="utf-8"),
        lambda: (topic / BETA).write_text(FIXED_BETA, encoding="utf-8"),
        interrupt,
    )
    real_sleep = time.sleep

    def watch_sleep(seconds: float) -> None:
        """The watch's own pauses are scripted; any other (a subprocess polling, as the
        citation processor's does) really sleeps."""
        if seconds == watch.INTERVAL:
            sleep(seconds)
        else:
            real_sleep(seconds)

    monkeypatch.setattr(time, "sleep", watch_sleep)
    result = CliRunner().invoke(cli, ["watch", str(topic), "-o", str(out)])
    assert result.exit_code == 0, result.output
    built = [line for line in result.stdout.splitlines() if "rendered" in line]
    assert len(built) == 2
    assert re.search(rf" {re.escape(str(out / 'small'))}: [1-9][0-9]* rendered, ", built[1])
    err = result.stderr
    assert err.startswith(f"watching {topic} (Ctrl-C to stop)\n")
    assert f"{topic / BETA}:" in err and "alpha.nowhere" in err
    assert "1 error, 0 warnings: nothing written" in err
    assert err.endswith("stopped watching\n")
    assert "Traceback" not in result.output


def test_help_shows_examples():
    result = CliRunner().invoke(cli, ["watch", "--help"])
    assert result.exit_code == 0
    assert "Examples:" in result.stdout
    assert "argmap watch interpretations/stalin-rise -o output\n" in result.stdout
    assert "argmap watch interpretations/stalin-rise -o output --serve" in result.stdout


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child is POSIX")
def test_a_real_interrupt_ends_it_with_status_0(tmp_path):
    """The real thing: a process that builds, sees a save, and stops on SIGINT."""
    topic = write_files(tmp_path / "topic", SPLIT_TOPIC)
    argmap = Path(sys.executable).parent / "argmap"
    proc = subprocess.Popen(
        [str(argmap), "watch", str(topic), "-o", str(tmp_path / "out")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    assert proc.stdout is not None
    threading.Thread(target=lambda: [lines.put(x) for x in proc.stdout], daemon=True).start()
    try:
        assert "rendered" in lines.get(timeout=20)
        (topic / BETA).write_text(FIXED_BETA, encoding="utf-8")
        assert re.search(r": [1-9][0-9]* rendered, ", lines.get(timeout=10))  # the save
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=10)  # first: a child that ignores SIGINT fails here, not hangs
        err = proc.stderr.read() if proc.stderr else ""  # it has exited: the read ends
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    assert err.endswith("stopped watching\n")
