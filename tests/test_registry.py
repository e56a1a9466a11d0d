"""The registry of outputs: adding a view is one module and one registry line, and the
command line, the build and the report all follow from it."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from argmap import registry
from argmap.build import drawings

from .conftest import SPLIT_TOPIC, checked

THROWAWAY = '''\
"""A throwaway view: one node per school, for the registry test."""

from argmap import dot
from argmap.views.common import Canvas


def view(analysis, theme, *, school=None):
    canvas = Canvas(analysis, theme, name="census", title="Census", shows="Shows: schools.")
    for s in analysis.topic.schools:
        if school in (None, s.id):
            canvas.graph.node(dot.node_id("census", s.id), label=dot.html(dot.text(s.name)))
    return canvas.finish()
'''


@pytest.fixture
def throwaway(tmp_path, monkeypatch):
    """A view module written to disk and registered with one line, removed afterwards."""
    (tmp_path / "throwaway_census.py").write_text(THROWAWAY, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(registry, "VIEWS", dict(registry.VIEWS))
    registry.register(
        registry.View(
            "census",
            "throwaway_census",
            "One node per school.",
            ("argmap census -o census.svg",),
            params=(registry.Param("school", "school", "Only this school.", flag="--school"),),
            targets=lambda topic: [registry.Target("census", "census", {})],
        )
    )
    yield
    sys.modules.pop("throwaway_census", None)


def test_a_registered_view_is_drawn_by_the_build(throwaway, topic_dir):
    analysis = checked(topic_dir(SPLIT_TOPIC))
    stems = [stem for stem, _ in drawings(analysis)]
    assert "census" in stems


def test_a_registered_view_is_a_command_with_checked_options(throwaway, topic_dir, in_tmp):
    from argmap import cli as cli_module

    cli_module.view_command(registry.VIEWS["census"])
    try:
        topic = topic_dir(SPLIT_TOPIC)
        runner = CliRunner()
        helped = runner.invoke(cli_module.cli, ["census", "--help"])
        assert helped.exit_code == 0 and "argmap census -o census.svg" in helped.stdout
        made = runner.invoke(cli_module.cli, ["census", topic, "-f", "dot", "--school", "alpha"])
        assert made.exit_code == 0, made.output
        assert "census__alpha" in made.stdout and "census__beta" not in made.stdout
        wrong = runner.invoke(cli_module.cli, ["census", topic, "--school", "alpah"])
        assert wrong.exit_code == 2 and "did you mean 'alpha'?" in wrong.stderr
    finally:
        cli_module.cli.commands.pop("census", None)


def test_names_are_unique_and_modules_exist():
    with pytest.raises(ValueError, match="registered already"):
        registry.register(registry.VIEWS["school"])
    for entry in registry.VIEWS.values():
        assert callable(entry.function())
    for entry in registry.EXPORTS.values():
        assert callable(entry.function())


def test_every_view_and_export_is_a_command():
    from argmap.cli import cli

    for name in registry.VIEWS:
        assert name in cli.commands
    helped = CliRunner().invoke(cli, ["export", "--help"])
    for name in registry.EXPORTS:
        assert name in helped.stdout


def test_views_build_labels_only_through_the_dot_door():
    """No hand-written HTML-like markup outside argmap/dot.py: every label is built by its
    typed builders (table, row, cell, text), which escape what they are given."""
    package = Path(__file__).resolve().parent.parent / "argmap"
    dot_source = (package / "dot.py").read_text(encoding="utf-8")
    assert "def unchecked(" not in dot_source and "def legacy_block(" not in dot_source
    for path in sorted(package.rglob("*.py")):
        if path.name in ("dot.py", "render.py"):  # the door; and render.py only counts cells
            continue
        source = path.read_text(encoding="utf-8")
        hand_written = any(tag in source for tag in ("<TABLE", "<TD", "<FONT", "<BR"))
        assert not hand_written, f"{path.name} writes label markup by hand"


def test_a_label_refuses_text_that_the_door_did_not_make():
    from argmap import dot

    with pytest.raises(TypeError):
        dot.html("<B>raw</B>")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        dot.text("a") + "<B>raw</B>"  # type: ignore[operator]
    with pytest.raises(TypeError):
        dot.cell("raw")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        dot.cell(dot.text("a"), bgcolor="red; x")
    assert "&lt;B&gt;" in dot.html(dot.text("<B>raw</B>"))


def test_doctests_of_the_pure_modules_pass():
    import doctest

    from argmap import colors, dot, essay, problems, render, slugs, text, themes

    for module in (colors, dot, essay, problems, render, slugs, text, themes):
        failed, _ = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
        assert failed == 0, module.__name__


def test_a_topic_file_walk_is_shared(tmp_path):
    """load, the build's fast path and watch see exactly the same files: schools/x.YAML,
    a hidden .gamma.yaml (a stray file: an error, never ignored) and a __drafts/ folder
    (D5, D11, D16); not the files of a hidden folder, nor files that are not YAML. Each
    file they see, edited, changes what each of them sees; no other file does."""
    from argmap import load, stamp, watch
    from argmap.files import topic_files

    files = dict(SPLIT_TOPIC)
    folder = tmp_path / "t"
    for name, body in files.items():
        path = folder / name.replace("beta.yaml", "beta.YAML")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(body), encoding="utf-8")
    (folder / "schools" / ".gamma.yaml").write_text("id: gamma\n", encoding="utf-8")
    (folder / "__drafts").mkdir()
    (folder / "__drafts" / "n.yaml").write_text("x: 1\n", encoding="utf-8")
    (folder / ".git").mkdir()
    (folder / ".git" / "config.yaml").write_text("x: 1\n", encoding="utf-8")
    (folder / "notes.md").write_text("x\n", encoding="utf-8")
    walked = [str(p) for p in topic_files(folder)]
    assert any(p.endswith("beta.YAML") for p in walked)
    assert any(p.endswith(".gamma.yaml") for p in walked)
    assert any(p.endswith("n.yaml") for p in walked)
    assert not any(".git" in p or "notes" in p for p in walked)
    loaded, problems = load.find_files(str(folder))
    strays = {str(folder / "schools" / ".gamma.yaml"), str(folder / "__drafts" / "n.yaml")}
    assert {p.where.path for p in problems.items} == strays
    assert sorted([p for p, _ in loaded] + sorted(strays)) == sorted(walked)
    assert [p for p, _, _ in watch.fingerprint(folder)] == walked
    for path in [*walked, str(folder / ".git" / "config.yaml"), str(folder / "notes.md")]:
        digest, seen = stamp.inputs_digest(str(folder), None), watch.fingerprint(folder)
        with open(path, "a", encoding="utf-8") as handle:
            handle.write("# edited\n")
        changed = path in walked
        assert (stamp.inputs_digest(str(folder), None) != digest) == changed, path
        assert (watch.fingerprint(folder) != seen) == changed, path
