"""The HTML report: a self-contained page, checked as markup and in a real headless browser.

The browser is Debian's Chromium (``/usr/bin/chromium``, or ``$ARGMAP_CHROMIUM``) driven by
Playwright for Python. Without them the browser tests skip on a developer's machine, but
fail under CI (the environment variable ``CI`` set), where ``.ci/run`` installs Chromium.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from argmap.analysis import Analysis
from argmap.build import build, drawings
from argmap.documents import html as report_html
from argmap.model import Topic
from argmap.overlap import Overlap
from tests.conftest import BUNDLED, checked
from tests.test_render import HOSTILE, hostile_topic

CHROMIUM = Path(os.environ.get("ARGMAP_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# The hostile text of test_render, with handlers that would leave a mark if they ever ran.
PWNED = {"evil()": "window.pwned=1", 'alert("x")': "window.pwned=2"}
HOSTILE_HERE = HOSTILE
for _old, _new in PWNED.items():
    HOSTILE_HERE = HOSTILE_HERE.replace(_old, _new)
# What a reader must see: the text as written, without the bidi controls argmap drops.
HOSTILE_READS = HOSTILE_HERE.replace("\u202e", "").replace("\u202c", "")


def built(topic: Topic, overlap: Overlap, out: Path) -> Path:
    """Build a topic into ``out`` and write its report beside the diagrams."""
    report = build(Analysis(topic, overlap), out)
    # A slide may refuse long hostile text; the report shows no slides.
    assert all(str(e).startswith("slides/") for e in report.failed), report.failed
    return out / topic.id / "index.html"


@pytest.fixture(scope="module")
def bundled() -> tuple[Topic, Overlap]:
    return checked(BUNDLED)


@pytest.fixture(scope="module")
def bundled_page(bundled, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built(*bundled, tmp_path_factory.mktemp("bundled"))


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Topic, Overlap]:
    path = hostile_topic(tmp_path_factory.mktemp("hostile-src"))
    src = path.read_text(encoding="utf-8")
    for old, new in PWNED.items():
        src = src.replace(old.replace('"', '\\"'), new.replace('"', '\\"'))
    path.write_text(src, encoding="utf-8")
    topic, overlap = checked(path)
    assert topic.question == f"Q {HOSTILE_HERE}"
    return topic, overlap


@pytest.fixture(scope="module")
def hostile_page(hostile, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built(*hostile, tmp_path_factory.mktemp("hostile"))


# -- the markup, without a browser -----------------------------------------------------------


class Tags(HTMLParser):
    """Every start tag with its attributes, and every id."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def tags_of(page: str) -> Tags:
    parser = Tags()
    parser.feed(page)
    parser.close()
    return parser


@pytest.mark.slow
def test_same_input_gives_the_same_bytes(bundled, bundled_page, tmp_path):
    again = built(*bundled, tmp_path)
    assert again.read_bytes() == bundled_page.read_bytes()


def test_every_diagram_of_the_screen_theme_is_inline_overlap_first(bundled, bundled_page):
    topic, _ = bundled
    page = bundled_page.read_text(encoding="utf-8")
    stems = re.findall(r'<section class="diagram" id="diagram-([^"]+)"', page)
    expected = ["overlap", *(f"school-{s.id}" for s in topic.schools)]
    assert stems[: len(expected)] == expected
    assert {"matrix", "timeline", "plan"} <= set(stems)
    assert not any(s.startswith("slides") for s in stems)
    assert page.count("<svg") == len(stems)
    assert "<?xml" not in page and "<!DOCTYPE svg" not in page and "<!--" not in page


@pytest.mark.slow
def test_nothing_on_the_page_points_outside_it(bundled_page):
    page = bundled_page.read_text(encoding="utf-8")
    parser = tags_of(page)
    for tag, attrs in parser.tags:
        assert tag not in ("link", "img", "iframe", "object", "embed", "base"), tag
        for name, value in attrs:
            if name in ("href", "xlink:href", "src", "action"):
                assert (value or "").startswith("#"), (tag, name, value)
    # The only URLs are the SVG namespaces (names, never fetched).
    # (A reference's DOI in the written plan is text, not a link: no href above is one.)
    urls = {
        u
        for u in re.findall(r"https?://[^\s\"'<>)]+", page)
        if not u.startswith("https://doi.org/")
    }
    assert urls <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}, urls
    assert "default-src 'none'" in page


@pytest.mark.slow
def test_ids_are_unique_and_every_link_has_a_target(bundled_page):
    parser = tags_of(bundled_page.read_text(encoding="utf-8"))
    ids = [v for _, attrs in parser.tags for k, v in attrs if k == "id"]
    assert len(ids) == len(set(ids)), [i for i in ids if ids.count(i) > 1][:5]
    targets = {v[1:] for _, attrs in parser.tags for k, v in attrs if k == "href" and v}
    assert targets - set(ids) == set()


def test_hostile_text_is_text_in_the_markup(hostile, hostile_page):
    topic, _ = hostile
    page = hostile_page.read_text(encoding="utf-8")
    parser = tags_of(page)
    for tag, attrs in parser.tags:
        assert tag not in ("img", "b"), tag
        for name, _ in attrs:
            assert not name.startswith("on"), (tag, name)
    assert sum(1 for tag, _ in parser.tags if tag == "script") == 2
    # The tooltip data: no "<" at all, so it cannot end its <script>; it reads back whole.
    blob = page.split('<script type="application/json" id="argmap-data">')[1].split("</script>")[0]
    assert "<" not in blob and ">" not in blob and "&" not in blob
    data = json.loads(blob)
    assert data["entities"]["claim__s1__c1"]["text"] == f"C1 {HOSTILE_READS}"
    assert f"<title>Q {HOSTILE_READS}" not in page  # escaped, not raw
    assert f"<title>{report_html.text(topic.question)}</title>" in page


def drawn(analysis: Analysis, folder: Path) -> list[report_html.Drawn]:
    """The screen diagrams of a built folder, as the build hands them to the report."""
    return [
        report_html.Drawn(stem, d.title, (folder / f"{stem}.svg").read_bytes(), d.entities)
        for stem, d in drawings(analysis)
        if not stem.startswith("slides/")
    ]


@pytest.mark.slow
def test_the_report_is_a_function_of_the_topic_and_the_drawn_diagrams(bundled, bundled_page):
    shown = drawn(bundled, bundled_page.parent)
    shown.sort(key=lambda d: d.stem != "overlap")
    page = report_html.report(bundled, shown)
    assert page == bundled_page.read_text(encoding="utf-8")
    assert report_html.report(bundled, shown) == page


def test_a_diagram_not_drawn_is_left_out(bundled, bundled_page):
    shown = [d for d in drawn(bundled, bundled_page.parent) if d.stem != "matrix"]
    page = report_html.report(bundled, shown)
    assert 'id="diagram-matrix"' not in page and 'id="diagram-timeline"' in page


def test_inline_svg_prefixes_ids_and_references():
    svg = (
        b'<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "x" "y">\n<!-- a -->\n'
        b'<svg xmlns="http://www.w3.org/2000/svg"><defs><linearGradient id="l_0"/></defs>'
        b'<g id="node1" class="node"><title>claim__a__b</title>'
        b'<a xlink:href="https://example.org/x"><path fill="url(#l_0)"/></a>'
        b'<use xlink:href="#l_0"/><text>x id=&quot;y&quot; url(#l_0)</text></g></svg>'
    )
    out = report_html.inline_svg(svg, "d3-")
    assert out.startswith("<svg")
    assert 'id="d3-l_0"' in out and 'id="d3-node1"' in out
    assert "url(#d3-l_0)" in out and 'xlink:href="#d3-l_0"' in out
    assert "example.org" not in out
    assert "<text>x id=&quot;y&quot; url(#l_0)</text>" in out  # text stays as written


# -- in the browser ----------------------------------------------------------------------


def _unavailable() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (pip install -e '.[test]')"
    if not CHROMIUM.exists():
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    why = _unavailable()
    if why:
        if os.environ.get("CI"):
            pytest.fail(f"{why}: under CI the browser tests must run", pytrace=False)
        pytest.skip(why)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Visit:
    """One page in a fresh browser context, with everything it asked for and complained of."""

    def __init__(self, browser: Any, path: Path) -> None:
        self.context = browser.new_context(viewport={"width": 1400, "height": 900})
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.context.route("**/*", self._route)
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.url = path.as_uri()
        self.page.goto(self.url)
        self.page.wait_for_load_state("load")

    def _route(self, route: Any) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def clean(self) -> None:
        """No console error, no request beyond the file itself, no dialog."""
        assert self.errors == []
        assert self.blocked == []
        assert all(u.startswith("file://") for u in self.requests), self.requests
        assert self.dialogs == []

    def node(self, diagram: str, name: str) -> Any:
        return self.page.locator(f'#diagram-{diagram} g.node[data-name="{name}"]')

    def tooltip_after_hover(self, diagram: str, name: str) -> str:
        self.node(diagram, name).hover()
        tip = self.page.locator("#tip")
        tip.wait_for(state="visible", timeout=2000)
        return tip.inner_text()

    def in_view(self, locator: Any) -> bool:
        box = locator.bounding_box()
        return box is not None and 0 <= box["y"] + box["height"] / 2 <= 900


@pytest.fixture
def visit(browser) -> Iterator[Any]:
    visits: list[Visit] = []

    def open_(path: Path) -> Visit:
        visits.append(Visit(browser, path))
        return visits[-1]

    yield open_
    for v in visits:
        v.context.close()


def test_the_page_loads_offline_without_errors(visit, bundled, bundled_page):
    v = visit(bundled_page)
    v.clean()
    assert v.requests == [v.url]
    topic, _ = bundled
    assert v.page.locator("h1").inner_text() == topic.question
    for school in topic.schools:
        card = v.page.locator(f"#school-{school.id}")
        assert school.name in card.inner_text()
        assert " ".join(school.thesis.split()) in " ".join(card.inner_text().split())


def test_every_diagram_is_visible(visit, bundled_page):
    v = visit(bundled_page)
    figures = v.page.locator("section.diagram svg")
    count = figures.count()
    assert count >= 19
    for i in range(count):
        box = figures.nth(i).bounding_box()
        assert box is not None and box["width"] > 100 and box["height"] > 100, i
    # Fitted to the column, and readable at actual size when asked.
    overlap = v.page.locator("#diagram-overlap svg")
    fitted = overlap.bounding_box()["width"]
    v.page.locator('#diagram-overlap button[data-zoom="full"]').click()
    assert overlap.bounding_box()["width"] > fitted * 1.5
    # Graphviz's own titles are gone, so only the styled tooltip shows.
    assert v.page.locator("section.diagram svg title").count() == 0
    v.clean()


def test_hover_on_a_claim_shows_its_historians_and_works(visit, bundled, bundled_page):
    topic, _ = bundled
    claim = next(c for c in topic.claims if any(h.work for h in c.historians))
    text = visit(bundled_page).tooltip_after_hover(
        f"school-{claim.school}", f"claim__{claim.key.replace('.', '__')}"
    )
    assert " ".join(claim.text.split()) in " ".join(text.split())
    assert "Historians" in text
    for cite in claim.historians:
        assert topic.historian[cite.id].name in text
        if cite.work:
            assert topic.work[cite.work][1].title in text


def test_hover_on_evidence_shows_its_date_and_quote(visit, bundled, bundled_page):
    topic, overlap = bundled
    item = next(e for e in topic.evidence if e.quote and e.date and e.id in overlap.evidence_users)
    v = visit(bundled_page)
    text = v.tooltip_after_hover("timeline", f"evidence__{item.id}")
    assert item.date in text
    assert " ".join(item.quote.split()) in " ".join(text.split())
    # The tooltip follows the pointer off the node: it goes away.
    v.page.mouse.move(5, 5)
    assert v.page.locator("#tip").is_hidden()
    v.clean()


def test_click_on_a_claim_opens_its_school_diagram_at_it(visit, bundled, bundled_page):
    topic, _ = bundled
    claim = topic.schools[-1].claims[0]
    name = f"claim__{claim.key.replace('.', '__')}"
    v = visit(bundled_page)
    before = v.page.evaluate("window.scrollY")
    v.node("overlap", name).click()
    assert v.page.url.endswith(f"#diagram-school-{claim.school}")
    assert v.page.evaluate("window.scrollY") != before
    assert v.in_view(v.node(f"school-{claim.school}", name))
    # In its own school diagram, the same claim leads to its entry.
    v.node(f"school-{claim.school}", name).click()
    assert v.page.url.endswith(f"#claim-{claim.key}")
    assert v.in_view(v.page.locator(f'[id="claim-{claim.key}"]'))
    v.clean()


def test_click_on_evidence_and_on_a_school_goes_to_their_entries(visit, bundled, bundled_page):
    topic, overlap = bundled
    item = next(e for e in topic.evidence if e.id in overlap.evidence_users)
    v = visit(bundled_page)
    v.node("timeline", f"evidence__{item.id}").click()
    assert v.page.url.endswith(f"#evidence-{item.id}")
    assert v.in_view(v.page.locator(f"#evidence-{item.id}"))
    school = topic.schools[0]
    v.node("overlap", f"thesis__{school.id}").click()
    assert v.page.url.endswith(f"#diagram-school-{school.id}")
    v.node(f"school-{school.id}", f"thesis__{school.id}").click()
    assert v.page.url.endswith(f"#school-{school.id}")
    v.clean()


def test_an_entry_links_to_its_node_in_each_diagram(visit, bundled, bundled_page):
    topic, _ = bundled
    claim = topic.claims[0]
    v = visit(bundled_page)
    link = v.page.locator(f'[id="claim-{claim.key}"] a[href="#diagram-plan"]')
    name = link.get_attribute("data-node")
    assert name and name.startswith("point__")  # the plan draws a claim as a point
    link.click()
    assert v.page.url.endswith("#diagram-plan")
    assert v.in_view(v.node("plan", name))
    # The plan's point shows its claim's tooltip.
    assert " ".join(claim.text.split()) in " ".join(v.tooltip_after_hover("plan", name).split())
    v.clean()


def test_hostile_text_runs_nothing_and_reads_as_written(visit, hostile, hostile_page):
    topic, _ = hostile
    v = visit(hostile_page)
    page = v.page
    assert page.evaluate("typeof window.pwned") == "undefined"
    assert page.evaluate("document.images.length") == 0
    assert page.evaluate("document.scripts.length") == 2
    handlers = page.evaluate(
        "[...document.querySelectorAll('*')].flatMap(e => [...e.attributes]"
        ".filter(a => a.name.startsWith('on')).map(a => e.tagName + ' ' + a.name))"
    )
    assert handlers == []
    assert page.locator("h1").inner_text() == f"Q {HOSTILE_READS}"
    assert page.title() == f"Q {HOSTILE_READS}"
    assert page.locator("#school-s1 .thesis").inner_text() == f"T {HOSTILE_READS}"
    assert page.locator('[id="claim-s1.c1"] .text').inner_text() == f"C1 {HOSTILE_READS}"
    assert page.locator("#evidence-e1 blockquote").inner_text() == f"Q {HOSTILE_READS}"
    tip = v.tooltip_after_hover("school-s1", "claim__s1__c1")
    assert f"C1 {HOSTILE_READS}" in tip
    assert f"H {HOSTILE_READS}, W {HOSTILE_READS}, 1999" in tip
    tip = v.tooltip_after_hover("school-s1", "evidence__e1")
    assert f"“Q {HOSTILE_READS}”" in tip
    # Clicking around the hostile page runs nothing either.
    v.node("overlap", "claim__s2__c2").click()
    assert page.url.endswith("#diagram-school-s2")
    assert page.evaluate("typeof window.pwned") == "undefined"
    v.clean()
