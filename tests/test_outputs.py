"""What argmap writes: never a partial file, never outside its folder, never a file it did
not make; an output that cannot be written is a message.

The crash tests kill a real `argmap build` (SIGKILL, in a child process) at several
moments while it replaces an older build, then look at every file it left: each is the
old file or the new one, whole; and the next build repairs everything, byte for byte as a
clean build makes it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from argmap.analysis import Analysis
from argmap.build import _TEMPORARY, build
from argmap.cli import cli
from argmap.files import UnsafePath, inside
from argmap.stamp import CACHE_NAME

from .conftest import BUNDLED, bundled_part, checked

pytestmark = pytest.mark.slow  # every test here builds, forks or fuzzes

ARGMAP = [sys.executable, "-m", "argmap"]


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` but the build's cache, by relative path."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != CACHE_NAME
    }


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory):
    """Two versions of the bundled topic (the new one changes the question, so every
    diagram changes), and a clean build of each."""
    root = tmp_path_factory.mktemp("versions")
    old, new = root / "old" / "stalin-rise", root / "new" / "stalin-rise"
    shutil.copytree(BUNDLED, old)
    shutil.copytree(BUNDLED, new)
    topic = new / "topic.yaml"
    topic.write_text(topic.read_text().replace("question: ", "question: Again, ", 1))
    built = {}
    for name, source in (("old", old), ("new", new)):
        out = root / f"{name}-build"
        done = subprocess.run([*ARGMAP, "build", str(source), "-o", str(out)], capture_output=True)
        assert done.returncode == 0, done.stderr
        built[name] = snapshot(out / "stalin-rise")
    assert all(built["old"][n] != built["new"][n] for n in built["new"] if n.endswith(".svg"))
    return root, new, built


def children(pid: int) -> list[int]:
    """The processes ``pid`` started (Linux), e.g. the Graphviz worker of a build."""
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(c) for c in text.split()]


@pytest.mark.parametrize("after", [1, 6, 20, 36])
def test_a_build_killed_at_any_moment_leaves_old_or_new_files_and_is_repaired(versions, after):
    root, new, built = versions
    out = root / f"killed-after-{after}"
    shutil.copytree(root / "old-build", out)
    folder = out / "stalin-rise"
    before = {p: p.stat().st_ino for p in folder.rglob("*")}

    build = subprocess.Popen(
        [*ARGMAP, "build", str(new), "-o", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers: list[int] = []
    deadline = time.monotonic() + 60
    while build.poll() is None and time.monotonic() < deadline:
        workers = children(build.pid) or workers
        replaced = sum(1 for p, ino in before.items() if not p.exists() or p.stat().st_ino != ino)
        if replaced >= after:
            build.send_signal(signal.SIGKILL)
            break
        time.sleep(0.002)
    assert build.wait(60) == -signal.SIGKILL, "the build ended before it could be killed"

    # Every file is the old one or the new one, whole; a temporary file may be left.
    leftovers = []
    for name, data in snapshot(folder).items():
        if _TEMPORARY.match(Path(name).name):
            leftovers.append(name)
            continue
        assert data in (built["old"].get(name), built["new"].get(name)), name
    json.loads((folder / CACHE_NAME).read_text())  # the cache too is whole, old or new
    # The Graphviz worker died with the build: no layout goes on without it.
    own = os.getpid()
    if Path(f"/proc/{own}/task/{own}/children").exists():  # where Linux lists children
        assert workers or after == 1  # by then the build has started its worker
    time.sleep(0.2)
    for pid in workers:
        assert not Path(f"/proc/{pid}").exists() or "zombie" in _state(pid), pid

    # The next build repairs everything: exactly a clean build, and no temporary file.
    again = subprocess.run([*ARGMAP, "build", str(new), "-o", str(out)], capture_output=True)
    assert again.returncode == 0, again.stderr
    assert snapshot(folder) == built["new"], leftovers
    assert (
        b"inputs unchanged"
        in subprocess.run([*ARGMAP, "build", str(new), "-o", str(out)], capture_output=True).stdout
    )


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/status").read_text().lower()
    except OSError:
        return "zombie"


def test_temporary_files_of_a_killed_build_are_swept_and_nothing_else(tmp_path):
    topic, overlap = checked(BUNDLED)
    folder = tmp_path / topic.id
    (folder / "slides").mkdir(parents=True)
    left = [folder / ".matrix.svg.a1b2c3d4.tmp", folder / "slides" / ".plan.svg.zz_9yx8w.tmp"]
    kept = [folder / "notes.tmp", folder / ".notes.txt", folder / "mine.svg.tmp"]
    for path in left + kept:
        path.write_text("x")
    build(Analysis(topic, overlap), tmp_path)
    assert not any(p.exists() for p in left)
    assert all(p.read_text() == "x" for p in kept)


# -- a cache is a record, never an instruction ---------------------------------------------


def test_a_foreign_cache_never_makes_the_build_remove_what_it_did_not_write(tmp_path):
    topic, overlap = checked(BUNDLED)
    build(Analysis(topic, overlap), tmp_path / "out")
    folder = tmp_path / "out" / topic.id
    clean = snapshot(folder)
    victim = tmp_path / "victim.txt"
    victim.write_text("the user's")
    (folder / "notes.md").write_text("the user's notes")
    cache = json.loads((folder / CACHE_NAME).read_text())
    cache["written"] |= {
        "../../victim.txt": "0" * 64,  # outside the folder
        str(victim): "0" * 64,  # an absolute path
        "notes.md": "0" * 64,  # a file of the user's, recorded with another digest
    }
    cache["files"]["../../victim"] = {"dot": "x", "svg": "y"}
    (folder / CACHE_NAME).write_text(json.dumps(cache))
    report = build(Analysis(topic, overlap), tmp_path / "out")
    assert not report.failed and report.removed == []
    assert victim.read_text() == "the user's"
    assert (folder / "notes.md").read_text() == "the user's notes"
    assert snapshot(folder) == clean | {"notes.md": b"the user's notes"}


def test_a_file_of_an_older_build_goes_only_if_it_is_as_that_build_wrote_it(tmp_path):
    source = tmp_path / "topic"
    shutil.copytree(BUNDLED, source)
    out = tmp_path / "out"
    assert build(checked(source), out).rendered
    folder = out / "stalin-rise"
    (folder / "school-ideological.dot").write_text("edited by hand")  # no longer ours
    # The same topic without the ideological school (and what names it): no school-ideological.
    others = tuple(p.stem for p in sorted((source / "schools").glob("*.yaml")))
    without = bundled_part(tmp_path / "part", tuple(s for s in others if s != "ideological"))
    report = build(checked(without), out)
    assert "school-ideological.svg" in report.removed
    assert "compare-power-politics_vs_ideological.svg" in report.removed  # in school_order
    assert "school-ideological.dot" not in report.removed
    assert (folder / "school-ideological.dot").read_text() == "edited by hand"
    assert not (folder / "school-ideological.svg").exists()


def test_a_corrupted_cache_is_ignored(tmp_path, versions):
    root, new, built = versions
    out = tmp_path / "out"
    shutil.copytree(root / "new-build", out)
    cache = out / "stalin-rise" / CACHE_NAME
    for junk in (b"", b"\x00\xff", b"[]", b'{"version": 1, "files": [], "written": 3}'):
        cache.write_bytes(junk)
        (out / "stalin-rise" / "matrix.svg").write_text("<svg>tampered</svg>")
        done = subprocess.run([*ARGMAP, "build", str(new), "-o", str(out)], capture_output=True)
        assert done.returncode == 0, done.stderr
        assert snapshot(out / "stalin-rise") == built["new"]


# -- never outside the folder, and a clear message when it cannot be written ---------------


@pytest.mark.parametrize(
    "bad", ["..", "../x", "a/../../x", "/etc/passwd", "~/../../x", "a/./../../b", "a\\..\\..\\b"]
)
def test_inside_refuses_any_name_that_leaves_the_folder(tmp_path, bad):
    if "\\" in bad:  # a backslash is a character of a name here, not a separator
        assert inside(tmp_path, bad).parent == tmp_path.resolve()
        return
    with pytest.raises(UnsafePath):
        inside(tmp_path / "out", bad)


def test_a_link_out_of_the_output_folder_is_refused(tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    folder = tmp_path / "out" / "stalin-rise"
    folder.mkdir(parents=True)
    (folder / "slides").symlink_to(outside, target_is_directory=True)
    result = CliRunner().invoke(cli, ["build", str(BUNDLED), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "would be written outside" in result.stderr and "Traceback" not in result.output
    assert list(outside.iterdir()) == []


@pytest.mark.parametrize("topic_id", ["..", "../escape", "a/b", "/tmp", "UPPER", "x" * 65])
def test_a_topic_id_that_is_not_a_slug_stops_before_anything_is_written(tmp_path, topic_id):
    topic = tmp_path / "t.yaml"
    src = (BUNDLED / "topic.yaml").read_text().replace("id: stalin-rise", f"id: {topic_id!r}")
    topic.write_text(src)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(topic), "-o", str(out)])
    assert result.exit_code == 1
    assert f"invalid topic id '{topic_id[:39]}" in result.stderr
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["t.yaml"]


# A path under an existing FILE cannot be written, even by root (CI runs as root, so a
# folder without write permission would not do).
WRITERS = [
    ["build", str(BUNDLED), "-o", "{blocked}/out"],
    ["overlap", str(BUNDLED), "-o", "{blocked}/overlap.svg"],
    ["matrix", str(BUNDLED), "-f", "png", "-o", "{blocked}/matrix.png"],
    ["export", "-f", "markdown", str(BUNDLED), "-o", "{blocked}/plan.md"],
    ["export", "-f", "json", str(BUNDLED), "-o", "{blocked}/deeper/topic.json"],
    ["new", "{blocked}/topic"],
]


@pytest.mark.parametrize("args", WRITERS, ids=[" ".join(a[:2]) for a in WRITERS])
def test_an_output_that_cannot_be_written_is_a_message(tmp_path, args):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    argv = [a.format(blocked=blocked) for a in args]
    result = CliRunner().invoke(cli, argv)
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stderr.startswith("Error: cannot write")
    assert "a part of the path is a file, not a folder" in result.stderr
    assert "Traceback" not in result.output
    assert blocked.read_text() == "not a folder"
    done = subprocess.run([*ARGMAP, *argv], capture_output=True, text=True)  # the real thing
    assert done.returncode == 1 and done.stderr == result.stderr


def test_a_second_build_into_the_same_folder_is_refused_while_one_runs(tmp_path):
    import fcntl

    folder = tmp_path / "stalin-rise"
    folder.mkdir()
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # as a running build holds it
        result = CliRunner().invoke(cli, ["build", str(BUNDLED), "-o", str(tmp_path)])
    finally:
        os.close(fd)
    assert result.exit_code == 1
    assert "another argmap build is writing to" in result.stderr
    assert list(folder.iterdir()) == []


def test_the_fast_path_trusts_no_name_outside_the_folder(tmp_path):
    """The no-change fast path reads the files a cache names: never one outside."""
    out = tmp_path / "out"
    runner = CliRunner()
    assert runner.invoke(cli, ["build", str(BUNDLED), "-o", str(out)]).exit_code == 0
    cache_path = out / "stalin-rise" / CACHE_NAME
    victim = tmp_path / "victim.txt"
    victim.write_text("x")
    for name in (str(victim), "../../victim.txt"):
        cache = json.loads(cache_path.read_text())
        cache["written"][name] = hashlib.sha256(b"x").hexdigest()
        cache_path.write_text(json.dumps(cache))
        result = runner.invoke(cli, ["build", str(BUNDLED), "-o", str(out)])
        assert result.exit_code == 0
        assert "inputs unchanged" not in result.stdout, name
    assert victim.read_text() == "x"
