"""argmap deck: the slides in teaching order, their notes, progressive builds in which
nothing moves, and the three ways it is written (PPTX read back by python-pptx and turned
into PDF by LibreOffice, one HTML file driven in Chromium, a folder of numbered slides).

LibreOffice (``soffice``) and Chromium are Debian packages that ``.ci/run`` installs: on a
developer's machine without them their tests skip; under CI (``CI`` set) they fail.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import graphviz
import pytest
from click.testing import CliRunner
from PIL import Image

from argmap import deck, registry
from argmap.analysis import Analysis
from argmap.build import build
from argmap.cli import cli
from argmap.render import Renderer, render
from argmap.themes import THEMES
from argmap.views.common import Diagram, Entity, reveal, reveal_steps
from tests.conftest import BUNDLED, checked
from tests.readability import SLIDE_BARS, Bars, generated_topic, problems, read, subset_topic
from tests.test_report import CHROMIUM, CHROMIUM_ARGS

SVG = "{http://www.w3.org/2000/svg}"
# Every slide of a deck, whichever view drew it: 16:9 within 2%, text >= 14 px on 1920x1080.
DECK_BARS = Bars(aspect=16 / 9, min_px=14.0)
TWO = ["power-politics", "structuralist"]


def unavailable(why: str) -> None:
    """Skip a test whose tool is missing; under CI, fail it (CI installs the tools)."""
    if os.environ.get("CI"):
        pytest.fail(f"{why}: under CI this test must run", pytrace=False)
    pytest.skip(why)


@pytest.fixture(scope="module")
def bundled() -> Analysis:
    return checked(BUNDLED)


@pytest.fixture(scope="module")
def two(tmp_path_factory: pytest.TempPathFactory) -> Analysis:
    """Two schools of the bundled topic, real text, that challenge each other."""
    return checked(subset_topic(tmp_path_factory.mktemp("two"), TWO))


@pytest.fixture(scope="module")
def two_drawn(two: Analysis) -> deck.Drawing:
    with Renderer() as renderer:
        return deck.draw(deck.slides(two, build_up=True), renderer)


# -- which slides, in which order ---------------------------------------------------------


def test_the_deck_follows_the_order_of_a_lesson(two):
    slides = deck.slides(two)
    views = [s.view for s in slides]
    assert views[0] == "title"
    wanted = ["title", *(v for v in deck.ORDER if v in registry.VIEWS)]
    assert [v for v in wanted if v in views] == list(dict.fromkeys(views))
    schools = [s.name for s in slides if s.view == "school"]
    firsts = [n for n in schools if not re.search(r"_\d+$", n)]
    assert firsts == [f"school-{s.id}" for s in two.topic.schools]
    compared = {s.name.split("_")[0] for s in slides if s.view == "compare"}
    assert compared == {f"compare-{a}" for a, _ in deck.challenging_pairs(two)}
    assert deck.challenging_pairs(two) == [("power-politics", "structuralist")]
    assert all(s.notes.strip() for s in slides)


def test_pairs_can_be_chosen_and_are_checked(bundled):
    topic = bundled.topic
    ids = [s.id for s in topic.schools]
    assert deck.parse_pairs([f"{ids[0]},{ids[1]}"], topic) == [(ids[0], ids[1])]
    assert deck.parse_pairs(
        [f"{ids[0]},{ids[1]},{ids[2]},{ids[3]}", f"{ids[1]},{ids[0]}"], topic
    ) == [
        (ids[0], ids[1]),
        (ids[2], ids[3]),
        (ids[1], ids[0]),
    ]
    with pytest.raises(ValueError, match="did you mean 'ideological'"):
        deck.parse_pairs(["power-politics,idealogical"], topic)
    with pytest.raises(ValueError, match="names 3 schools"):
        deck.parse_pairs([f"{ids[0]},{ids[1]},{ids[2]}"], topic)
    with pytest.raises(ValueError, match="two different schools"):
        deck.parse_pairs([f"{ids[0]},{ids[0]}"], topic)


def test_the_pairs_chosen_are_the_pairs_compared(two):
    slides = deck.slides(two, pairs=[(TWO[1], TWO[0])])
    compares = {s.name.split("_vs_")[0] for s in slides if s.view == "compare"}
    assert compares == {f"compare-{TWO[1]}"}


def test_a_wrong_pair_on_the_command_line_is_a_usage_error():
    result = CliRunner().invoke(
        cli, ["deck", str(BUNDLED), "--pair", "power-politics,strcturalist", "-o", "x.html"]
    )
    assert result.exit_code == 2
    assert "did you mean 'structuralist'" in result.stderr
    result = CliRunner().invoke(cli, ["deck", str(BUNDLED), "-o", "deck.pdf"])
    assert result.exit_code == 2 and ".pptx" in result.stderr


def test_the_notes_hold_in_full_what_the_slides_shorten(two):
    topic = two.topic
    slides = deck.slides(two)
    title = slides[0]
    assert topic.question in title.notes and (topic.summary or "")[:200] in title.notes
    for school in topic.schools:
        pages = [s for s in slides if s.view == "school" and school.id in s.name]
        assert pages
        notes = "\n".join(s.notes for s in pages)
        assert " ".join(school.thesis.split()) in notes
        shown = {e.id for s in pages for e in s.diagram.entities.values() if e.kind == "claim"}
        for claim in school.claims:
            if claim.key not in shown:
                continue
            assert " ".join(claim.text.split()) in notes
            for cite in claim.historians:
                assert topic.historian[cite.id].name in notes
            for item in claim.evidence:
                assert " ".join(topic.evidence_item[item.id].text.split()) in notes
    compare = "\n".join(s.notes for s in slides if s.view == "compare")
    for link in two.overlap.pair(*TWO).conflicts:
        assert " ".join(topic.claim[link.source].text.split()) in compare
        if link.note:
            assert " ".join(link.note.split()) in compare


# -- progressive builds -------------------------------------------------------------------


def _toy() -> Diagram:
    g = graphviz.Digraph("toy")
    with g.subgraph(name="cluster_a") as a:
        a.attr(label="A", style="rounded")
        a.node("school__a", label="A", style="filled")
        a.node("claim__a__1", label="a1")
    g.node("school__b", label="B")
    g.node("shared", label="shared by A and B")
    g.edge("school__a", "claim__a__1")
    g.edge("school__a", "shared")
    g.edge("shared", "school__b")
    g.edge("claim__a__1", "school__b", style="invis")
    g.node("legend", label="key")
    g.edge("school__b", "legend", style="invis")
    entities = {
        "school__a": Entity("school", "a"),
        "school__b": Entity("school", "b"),
        "claim__a__1": Entity("claim", "a.1"),
    }
    return Diagram("toy", "Toy", g, entities=entities)


def _invisible(source: str) -> set[str]:
    """The nodes and edges (``a->b``) that a DOT source draws invisible."""
    out = set()
    for line in source.splitlines():
        m = re.match(r'\s*"?([\w.-]+)"?(?:\s*->\s*"?([\w.-]+)"?)?\s*\[.*style=invis\]\s*$', line)
        if m:
            out.add(f"{m.group(1)}->{m.group(2)}" if m.group(2) else m.group(1))
    return out


def test_reveal_hides_what_comes_later_and_what_links_to_it():
    toy = _toy()
    assert reveal_steps(toy, "school") == 2
    first = reveal(toy, "school", 1)
    hidden = _invisible(first.source) - _invisible(toy.source)
    # B is not shown yet, nor what A shares with it, nor the lines to them; the legend is.
    assert hidden == {"school__b", "shared", "school__a->shared", "shared->school__b"}
    assert reveal(toy, "school", 2).source == toy.source  # the last step is the slide
    none = reveal(toy, "school", 0)
    assert "layer=hidden" in none.source and "layerselect=shown" in none.source
    assert "school__a" in _invisible(none.source) and "legend" not in _invisible(none.source)


def _geometry(svg: bytes) -> tuple[str, dict[tuple[str, str], list[tuple[str, str]]]]:
    """The canvas, and every drawn node, edge and cluster with its shapes' coordinates."""
    root = ET.fromstring(svg)
    shapes = {}
    for g in root.iter(f"{SVG}g"):
        kind = g.get("class")
        if kind not in ("node", "edge", "cluster"):
            continue
        title = g.find(f"{SVG}title")
        drawn = [
            (el.tag, " ".join(f"{k}={el.get(k)}" for k in ("points", "d", "x", "y", "cx", "cy")))
            for el in g.iter()
            if el.tag.removeprefix(SVG) in ("polygon", "path", "ellipse", "text", "polyline")
        ]
        if drawn:
            shapes[(kind, title.text if title is not None else "")] = drawn
    return root.get("viewBox") or "", shapes


@pytest.mark.slow
@pytest.mark.parametrize("view,kind", sorted(deck.BUILD_UP.items()))
def test_nothing_moves_between_the_steps_of_a_progressive_build(two, view, kind):
    options = {"a": TWO[0], "b": TWO[1]} if view == "compare" else {}
    most = 0
    for diagram in registry.view(view).draw(two, THEMES["slides"], **options):
        steps = reveal_steps(diagram, kind)
        assert steps >= 1  # a slide may hold one claim (the last of a factor's)
        most = max(most, steps)
        aspect = diagram.settings.aspect
        box, whole = _geometry(render(diagram.source, "svg", aspect=aspect))
        order = [n for n, e in diagram.entities.items() if e.kind == kind]
        seen = 0
        for k in range(1, steps + 1):
            step = reveal(diagram, kind, k)
            step_box, shapes = _geometry(render(step.source, "svg", aspect=aspect))
            assert step_box == box
            for key, drawn in shapes.items():
                assert drawn == whole[key], f"{key} moved at step {k} of {view}"
            shown = {title for (what, title) in shapes if what == "node"}
            assert shown & set(order) == set(order[:k])
            assert len(shapes) >= seen
            seen = len(shapes)
        assert seen == len(whole)
    assert most >= 2


def test_a_progressive_build_adds_steps_before_each_revealed_slide(two):
    plain, built_up = deck.slides(two), deck.slides(two, build_up=True)
    assert [s.name for s in built_up if s.step is None or s.step[0] == s.step[1]] == [
        s.name for s in plain
    ]
    for slide in built_up:
        if slide.step and slide.step[0] < slide.step[1]:
            assert slide.view in deck.BUILD_UP and slide.whole
            assert slide.notes.startswith(f"Step {slide.step[0]} of {slide.step[1]}")
    overlap = [s for s in built_up if s.view == "overlap"]
    assert [s.step for s in overlap][: len(two.topic.schools)] == [
        (k, len(two.topic.schools)) for k in range(1, len(two.topic.schools) + 1)
    ]


# -- every slide drawn, and how it reads ------------------------------------------------


@pytest.mark.slow
def test_every_slide_is_16_9_with_text_of_14_px_and_a_1920x1080_png(two_drawn, bundled):
    drawings = [two_drawn]
    with Renderer() as renderer:
        drawings.append(deck.draw(deck.slides(bundled), renderer))
    for drawing in drawings:
        assert not drawing.failed, drawing.failed
        assert drawing.drawn[0].slide.view == "title"
        for d in drawing.drawn:
            reading = read(d.svg)
            assert problems(reading, DECK_BARS) == [], d.slide.name
            with Image.open(io.BytesIO(d.png)) as image:
                assert image.size == (1920, 1080) and image.format == "PNG"
        title = drawing.drawn[0]
        assert problems(read(title.svg), SLIDE_BARS) == []


@pytest.mark.slow
@pytest.mark.parametrize("schools,claims", [(8, 48), (10, 200)])
def test_decks_of_large_topics_draw_and_read(tmp_path, schools, claims):
    analysis = checked(generated_topic(tmp_path / "t", schools=schools, claims=claims))
    with Renderer() as renderer:
        drawing = deck.draw(deck.slides(analysis), renderer)
    assert not drawing.failed, drawing.failed
    assert drawing.drawn
    for d in drawing.drawn:
        assert problems(read(d.svg), DECK_BARS) == [], d.slide.name
    compared = {d.slide.name.split("_vs_")[0] for d in drawing.drawn if d.slide.view == "compare"}
    assert len(compared) <= deck.DEFAULT_PAIRS


# -- PPTX ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pptx_bytes(two, two_drawn) -> bytes:
    return deck.pptx(two, two_drawn.drawn)


@pytest.mark.slow
def test_the_pptx_reads_back_16_9_with_titles_pictures_and_notes(two, two_drawn, pptx_bytes):
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    prs = Presentation(io.BytesIO(pptx_bytes))
    assert abs(prs.slide_width / prs.slide_height - 16 / 9) < 0.001
    drawn = two_drawn.drawn
    assert len(prs.slides) == len(drawn)
    first = prs.slides[0]
    assert first.shapes.title.text == two.topic.question
    assert "1922" in first.placeholders[1].text
    assert not [s for s in first.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    for page, d in zip(prs.slides, drawn, strict=True):
        assert page.has_notes_slide
        assert page.notes_slide.notes_text_frame.text == d.slide.notes.strip()
        if page is first:
            continue
        assert page.shapes.title.text.startswith(d.slide.title)
        (picture,) = [s for s in page.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert (picture.left, picture.top) == (0, 0)
        assert (picture.width, picture.height) == (prs.slide_width, prs.slide_height)
        assert picture.image.blob == d.png
        assert picture.image.size == (1920, 1080)


@pytest.mark.slow
def test_the_same_deck_gives_the_same_pptx_bytes(two, two_drawn, pptx_bytes):
    again = deck.pptx(two, two_drawn.drawn)
    assert again == pptx_bytes
    with zipfile.ZipFile(io.BytesIO(again)) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert z.testzip() is None


@pytest.mark.slow
def test_python_pptx_is_imported_only_to_write_a_pptx():
    code = (
        "import sys; import argmap.cli, argmap.deck, argmap.build; "
        "assert not [m for m in sys.modules if m.split('.')[0] in ('pptx', 'PIL')], 'imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.slow
def test_libreoffice_turns_the_pptx_into_a_pdf_of_every_slide(two_drawn, pptx_bytes, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        unavailable("no LibreOffice (apt-get install libreoffice-impress-nogui)")
    source = tmp_path / "deck.pptx"
    source.write_bytes(pptx_bytes)
    profile = (tmp_path / "profile").as_uri()  # its own profile: no lock shared with a user's
    done = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    pdf = tmp_path / "deck.pdf"
    assert done.returncode == 0 and pdf.exists(), done.stderr
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))
    assert pages == len(two_drawn.drawn)


# -- the folder of slides ---------------------------------------------------------------


@pytest.mark.slow
def test_a_folder_of_numbered_svg_and_png_slides_with_notes(two_drawn, tmp_path):
    files = deck.folder_files(two_drawn.drawn)
    n = len(two_drawn.drawn)
    assert sorted(f for f in files if f.endswith(".svg")) == [
        f"{i:02d}-{d.slide.name}.svg" for i, d in enumerate(two_drawn.drawn, start=1)
    ]
    assert len([f for f in files if f.endswith(".png")]) == n
    notes = files["notes.md"].decode()
    assert notes.count("\n## ") == n - 1 and notes.startswith("## 1. ")


@pytest.mark.slow
def test_the_deck_command_writes_a_folder_and_rewrites_only_its_own(tmp_path):
    topic = subset_topic(tmp_path / "two", TWO)
    out = tmp_path / "slides"
    runner = CliRunner()
    result = runner.invoke(cli, ["deck", str(topic), "-o", f"{out}/"])
    assert result.exit_code == 0, result.output
    first = sorted(p.name for p in out.iterdir())
    assert {"01-title.svg", "01-title.png", "notes.md", deck.MANIFEST} <= set(first)
    # As if an older deck had written two more slides, one of them edited since.
    manifest = json.loads((out / deck.MANIFEST).read_text())
    for name in ("98-old.svg", "99-edited.svg"):
        (out / name).write_text("<svg/>")
        manifest["files"][name] = hashlib.sha256(b"<svg/>").hexdigest()
    (out / deck.MANIFEST).write_text(json.dumps(manifest))
    (out / "99-edited.svg").write_text("<svg>edited</svg>")
    result = runner.invoke(cli, ["deck", str(topic), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted([*first, "99-edited.svg"])
    other = tmp_path / "other"
    other.mkdir()
    (other / "keep.txt").write_text("x")
    result = runner.invoke(cli, ["deck", str(topic), "-o", str(other)])
    assert result.exit_code == 1 and "holds no deck" in result.stderr
    assert sorted(p.name for p in other.iterdir()) == ["keep.txt"]


# -- the build --------------------------------------------------------------------------


@pytest.mark.slow
def test_build_writes_the_deck_and_draws_it_again_only_when_a_slide_changes(tmp_path):
    source = subset_topic(tmp_path / "src" / "two", TWO)
    analysis = checked(source)
    out = tmp_path / "out"
    first = build(analysis, out)
    folder = out / analysis.topic.id
    assert {"deck.html", "deck.pptx"} <= set(first.rendered)
    assert (folder / "deck.pptx").read_bytes()[:2] == b"PK"
    again = build(analysis, out)
    assert {"deck.html", "deck.pptx"} <= set(again.unchanged) and not again.rendered
    topic = source / "topic.yaml"
    topic.write_text(topic.read_text().replace("question: ", "question: Again, ", 1))
    changed = build(checked(source), out)
    assert {"deck.html", "deck.pptx"} <= set(changed.rendered)
    assert "Again, " in (folder / "deck.html").read_text()


# -- the HTML deck, in a browser --------------------------------------------------------


@pytest.fixture(scope="module")
def deck_page(two, two_drawn, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("html") / "deck.html"
    path.write_text(deck.html(two, two_drawn.drawn), encoding="utf-8")
    return path


@pytest.mark.slow
def test_the_html_deck_is_one_file_that_points_nowhere(deck_page, two_drawn):
    page = deck_page.read_text(encoding="utf-8")
    assert page.count("<svg") == len(two_drawn.drawn)
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert not re.search(r'(?:src|href)="(?!#)', page)
    assert "http://" not in page.replace("http://www.w3.org", "")
    assert "https://" not in page


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright is not installed (pip install -e '.[test]')")
    if not CHROMIUM.exists():
        unavailable(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.mark.slow
def test_the_html_deck_is_driven_by_keys_and_clicks(browser, deck_page, two_drawn):
    drawn = two_drawn.drawn
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(deck_page.as_uri())

    def current() -> int:
        shown = page.locator("section.slide:visible")
        assert shown.count() == 1
        return int(shown.get_attribute("id").removeprefix("slide-"))

    assert current() == 1
    box = page.locator("#slide-1 svg").bounding_box()
    assert box is not None and box["width"] > 1000 and box["height"] > 600  # fills the screen
    page.keyboard.press("ArrowRight")
    assert current() == 2 and page.evaluate("location.hash") == "#2"
    page.locator("#slide-2 .frame").click()
    assert current() == 3
    page.keyboard.press("ArrowLeft")
    assert current() == 2
    notes = page.locator("#slide-2 .notes")
    assert not notes.is_visible()
    page.keyboard.press("n")
    assert notes.is_visible()
    assert drawn[1].slide.notes.splitlines()[0] in notes.inner_text()
    page.keyboard.press("n")
    assert not notes.is_visible()
    page.keyboard.press("End")
    assert current() == len(drawn)
    page.keyboard.press("ArrowRight")
    assert current() == len(drawn)
    page.keyboard.press("Home")
    assert current() == 1
    page.keyboard.press("f")
    page.wait_for_function("document.fullscreenElement !== null", timeout=5000)
    page.keyboard.press("f")
    page.wait_for_function("document.fullscreenElement === null", timeout=5000)
    page.goto(deck_page.as_uri() + "#3")
    page.reload()
    assert current() == 3
    assert errors == []
    assert all(u.startswith("file://") for u in requests), requests
    context.close()


@pytest.mark.slow
def test_hostile_text_stays_text_in_every_form_of_the_deck(tmp_path):
    from pptx import Presentation

    from tests.test_render import HOSTILE, hostile_topic
    from tests.test_report import tags_of

    analysis = checked(hostile_topic(tmp_path))
    with Renderer() as renderer:
        drawing = deck.draw(deck.slides(analysis, build_up=True), renderer)
    assert drawing.drawn
    page = deck.html(analysis, drawing.drawn)
    tags = [tag for tag, _ in tags_of(page).tags]
    assert tags.count("script") == 1 and "img" not in tags and "b" not in tags
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    prs = Presentation(io.BytesIO(deck.pptx(analysis, drawing.drawn)))
    visible = HOSTILE.replace("\u202e", "").replace("\u202c", "")
    assert prs.slides[0].shapes.title.text == f"Q {visible}"
    notes = "\n".join(s.notes_slide.notes_text_frame.text for s in prs.slides)
    assert f"H {visible}" in notes
    files = deck.folder_files(drawing.drawn)
    assert f"Q {visible}".encode() in files["notes.md"]


def test_a_historiography_view_once_registered_comes_before_the_plan(two, monkeypatch):
    if "historiography" not in registry.VIEWS:
        stand_in = registry.View("historiography", "argmap.views.matrix", "Stand-in.", ())
        monkeypatch.setitem(registry.VIEWS, "historiography", stand_in)
    views = list(dict.fromkeys(s.view for s in deck.slides(two)))
    assert views.index("timeline") < views.index("historiography") < views.index("plan")
