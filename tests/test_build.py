"""`argmap build`: every view, incremental, deterministic, atomic, and the committed output."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from argmap.analysis import Analysis
from argmap.build import CACHE_NAME, DECK_FILES, build, documents, drawings
from argmap.check import check_topic
from argmap.cli import cli
from argmap.files import UnsafePath, inside
from argmap.overlap import analyse

from .conftest import BUNDLED_TOO_LARGE

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "interpretations" / "stalin-rise"


@pytest.fixture(scope="module")
def stalin():
    result = check_topic(str(BUNDLED))
    assert result.topic is not None
    return result.topic, analyse(result.topic)


@pytest.fixture(scope="module")
def built(stalin, tmp_path_factory):
    topic, overlap = stalin
    out = tmp_path_factory.mktemp("out")
    first = build(Analysis(topic, overlap), out)
    return out, first


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.mark.slow
def test_build_writes_every_view_with_names_that_say_what_they_hold(stalin, built):
    topic, _ = stalin
    out, report = built
    assert not report.failed, [str(e) for e in report.failed]
    folder = out / topic.id
    names = {p.relative_to(folder).as_posix() for p in folder.rglob("*.svg")}
    expected = {f"school-{s.id}.svg" for s in topic.schools}
    expected |= {
        "overlap.svg",
        "matrix.svg",
        "timeline.svg",
        "slides/overlap.svg",
        "slides/matrix.svg",
    }
    ids = [s.id for s in topic.schools]
    expected |= {f"compare-{a}_vs_{b}.svg" for i, a in enumerate(ids) for b in ids[i + 1 :]}
    # Too large for a slide since the December 2026 rewrite of the bundled topic, so not
    # drawn and reported (issue 12 is to split it instead); every other view is drawn.
    diagrams = [e.diagram for e in report.skipped if not e.diagram.startswith("deck/")]
    assert diagrams == [*BUNDLED_TOO_LARGE]
    expected -= {f"{name}.svg" for name in BUNDLED_TOO_LARGE}
    assert expected <= names
    assert not names & {f"{name}.svg" for name in BUNDLED_TOO_LARGE}
    for name in names:
        assert (folder / name).with_suffix(".dot").exists()
    pages = [*documents(Analysis(topic, _)), "index.html"]
    drawn = len(drawings(Analysis(topic, _))) - len(BUNDLED_TOO_LARGE)
    assert len(report.rendered) == drawn + len(pages) + len(DECK_FILES)
    assert {*DECK_FILES} <= {p.name for p in folder.iterdir()}
    assert (folder / "index.html").exists()
    assert (folder / "plan.md").exists()


@pytest.mark.slow
def test_second_build_renders_nothing_and_changes_no_byte(stalin, built):
    topic, overlap = stalin
    out, _ = built
    before = snapshot(out)
    again = build(Analysis(topic, overlap), out)
    assert again.rendered == []
    pages = [*documents(Analysis(topic, overlap)), "index.html"]
    drawn = len(drawings(Analysis(topic, overlap))) - len(BUNDLED_TOO_LARGE)
    assert len(again.unchanged) == drawn + len(pages) + len(DECK_FILES)
    assert snapshot(out) == before


@pytest.mark.slow
def test_a_changed_or_missing_svg_is_rendered_again(stalin, built, tmp_path):
    topic, overlap = stalin
    out = tmp_path / "copy"
    shutil.copytree(built[0], out)
    folder = out / topic.id
    (folder / "matrix.svg").unlink()
    (folder / "timeline.svg").write_text("<svg>tampered</svg>")
    report = build(Analysis(topic, overlap), out)
    assert sorted(report.rendered) == ["matrix", "timeline"]
    assert snapshot(out) == snapshot(built[0])


@pytest.mark.slow
def test_a_corrupted_or_foreign_cache_is_ignored(stalin, built, tmp_path):
    topic, overlap = stalin
    out = tmp_path / "copy"
    shutil.copytree(built[0], out)
    cache = out / topic.id / CACHE_NAME
    for junk in (
        "{not json",
        json.dumps({"version": 99, "files": {}}),
        json.dumps({"version": 1, "files": {"matrix": {"dot": 3}}}),
    ):
        cache.write_text(junk)
        report = build(Analysis(topic, overlap), out)
        pages = {*documents(Analysis(topic, overlap)), "index.html", *DECK_FILES}
        assert set(report.unchanged) <= pages
        assert not report.failed
    assert snapshot(out) == snapshot(built[0])


@pytest.mark.slow
def test_committed_output_is_what_a_fresh_build_makes(stalin):
    """output/ is committed so readers see the diagrams; it must not drift from the code."""
    topic, overlap = stalin
    folder = ROOT / "output" / topic.id
    for stem, diagram in drawings(Analysis(topic, overlap)):
        committed = folder / f"{stem}.dot"
        assert committed.exists(), f"{committed} is missing: run make build"
        assert committed.read_text(encoding="utf-8") == diagram.source, (
            f"{committed} differs from a fresh build: run make build and commit output/"
        )


def test_ids_cannot_escape_the_output_folder(tmp_path):
    assert inside(tmp_path, "a", "b.svg") == (tmp_path / "a" / "b.svg").resolve()
    for bad in ("../x.svg", "/etc/passwd", "a/../../x"):
        with pytest.raises(UnsafePath):
            inside(tmp_path, bad)


def test_unwritable_output_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = CliRunner().invoke(cli, ["build", str(BUNDLED), "-o", str(blocker / "out")])
    assert result.exit_code == 1
    assert "cannot write to" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_build_cli_reports_counts(tmp_path):
    runner = CliRunner()
    first = runner.invoke(cli, ["build", str(BUNDLED), "-o", str(tmp_path)])
    assert first.exit_code == 0, first.stderr
    second = runner.invoke(cli, ["build", str(BUNDLED), "-o", str(tmp_path)])
    assert second.exit_code == 0
    assert " 0 rendered" in second.stdout


def test_every_slide_of_a_build_is_16_9_and_readable_at_1920(stalin, built):
    """Every SVG of the slides theme: a 16:9 view box, smallest text >= 14 px at 1920x1080."""
    from tests.svgcheck import slide_problems

    topic, _ = stalin
    slides = sorted((built[0] / topic.id / "slides").glob("*.svg"))
    assert slides, "the build made no slide"
    for svg in slides:
        assert slide_problems(svg.read_bytes()) == [], svg.name


@pytest.mark.slow
def test_a_rebuild_with_nothing_changed_stops_before_parsing(tmp_path):
    """Same inputs and every output as written: the fast path, without YAML or Graphviz."""
    topic = tmp_path / "topic"
    shutil.copytree(BUNDLED, topic)
    out = tmp_path / "out"
    runner = CliRunner()
    assert runner.invoke(cli, ["build", str(topic), "-o", str(out)]).exit_code == 0
    again = runner.invoke(cli, ["build", str(topic), "-o", str(out)])
    assert again.exit_code == 0
    assert "inputs unchanged" in again.stdout
    # An output changed by hand is not trusted: the full build runs and repairs it.
    (out / "stalin-rise" / "matrix.svg").write_text("<svg/>")
    repaired = runner.invoke(cli, ["build", str(topic), "-o", str(out)])
    assert "inputs unchanged" not in repaired.stdout
    assert " 1 rendered" in repaired.stdout
    # A changed topic file is not trusted either.
    school = topic / "schools" / "structuralist.yaml"
    text = school.read_text()
    assert "Power flowed in a circle" in text  # a claim's text, drawn in several views
    school.write_text(text.replace("Power flowed in a circle", "Power flowed in a ring"))
    edited = runner.invoke(cli, ["build", str(topic), "-o", str(out)])
    assert edited.exit_code == 0
    assert "inputs unchanged" not in edited.stdout
    assert " 0 rendered" not in edited.stdout


@pytest.mark.slow
def test_the_fast_path_reads_no_yaml_and_no_graphviz(tmp_path):
    """Measured as imports: a no-change rebuild loads neither PyYAML nor pygraphviz."""
    import subprocess
    import sys

    out = tmp_path / "out"
    for _ in range(2):
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys; from argmap.cli import main; sys.argv = ['argmap', 'build', "
                f"{str(BUNDLED)!r}, '-o', {str(out)!r}]\n"
                "try:\n    main()\nexcept SystemExit:\n    pass\n"
                "print(*(m in sys.modules for m in ('yaml', 'pygraphviz', 'graphviz')))",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
    assert "inputs unchanged" in done.stdout
    assert done.stdout.strip().endswith("False False False")


def test_outputs_get_the_mode_a_new_file_gets_not_a_private_one(tmp_path):
    """mkstemp makes 0600 files; a build's outputs must be readable as any file would be."""
    import os

    from argmap.files import write_atomic

    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "new.svg", "<svg/>")
        assert (tmp_path / "new.svg").stat().st_mode & 0o777 == 0o644
        (tmp_path / "kept.svg").write_text("old")
        (tmp_path / "kept.svg").chmod(0o640)
        write_atomic(tmp_path / "kept.svg", "new")
        assert (tmp_path / "kept.svg").stat().st_mode & 0o777 == 0o640
    finally:
        os.umask(old)
