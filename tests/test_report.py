"""The HTML report: a self-contained page, checked as markup and in a real headless browser.

The browser is Debian's Chromium (``/usr/bin/chromium``, or ``$ARGMAP_CHROMIUM``) driven by
Playwright for Python. Without them the browser tests skip on a developer's machine, but
fail under CI (the environment variable ``CI`` set), where ``.ci/run`` installs Chromium.
"""

from __future__ import annotations

import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
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
from tests.conftest import BUNDLED, SPLIT_TOPIC, checked, write_files
from tests.readability import subset_topic
from tests.test_render import HOSTILE, hostile_topic

CHROMIUM = Path(os.environ.get("ARGMAP_CHROMIUM", "/usr/bin/chromium"))
LOCAL = "http://127.0.0.1:"  # argmap watch --serve: the only address a page may ask
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
    assert all(str(e).startswith(("slides/", "deck/")) for e in report.failed), report.failed
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
    series = list(dict.fromkeys(re.sub(r"-\d+$", "", stem) for stem in stems))  # pages once
    assert series[: len(expected)] == expected
    assert {"matrix", "timeline", "plan"} <= set(stems)
    assert not any(s.startswith("slides") for s in stems)
    assert page.count('<div class="stage" tabindex="0"><svg') == len(stems)
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
        report_html.Drawn(stem, d.title, (folder / f"{stem}.svg").read_bytes(), d.entities, d.key)
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

    def __init__(
        self, browser: Any, path: Path | str, width: int = 1400, height: int = 900
    ) -> None:
        phone = width < 600
        self.context = browser.new_context(
            viewport={"width": width, "height": height}, is_mobile=phone, has_touch=phone
        )
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
        self.url = path.as_uri() if isinstance(path, Path) else path
        self.page.goto(self.url)
        self.page.wait_for_load_state("load")

    def _route(self, route: Any) -> None:
        if route.request.url.startswith(("file://", LOCAL)):
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
        assert all(u.startswith(("file://", LOCAL)) for u in self.requests), self.requests
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

    def open_(path: Path | str, width: int = 1400, height: int = 900) -> Visit:
        visits.append(Visit(browser, path, width, height))
        return visits[-1]

    yield open_
    for v in visits:
        v.context.close()


@pytest.mark.slow
def test_the_page_loads_offline_without_errors(visit, bundled, bundled_page):
    v = visit(bundled_page)
    v.page.wait_for_timeout(1500)  # a served page would have asked for its status by now
    v.clean()
    assert v.requests == [v.url]  # opened from disk, it asks for nothing
    topic, _ = bundled
    assert v.page.locator("h1").inner_text() == topic.question
    for school in topic.schools:
        card = v.page.locator(f"#school-{school.id}")
        assert school.name in card.inner_text()
        assert " ".join(school.thesis.split()) in " ".join(card.inner_text().split())


@pytest.mark.slow
def test_every_diagram_is_visible_without_its_own_legend_or_heading(visit, bundled_page):
    v = visit(bundled_page)
    figures = v.page.locator("section.diagram .stage svg")
    count = figures.count()
    assert count >= 19
    for i in range(count):
        box = figures.nth(i).bounding_box()
        assert box is not None and box["width"] > 100 and box["height"] > 100, i
    # Graphviz's own titles are gone, so only the styled tooltip shows.
    assert v.page.locator("section.diagram svg title").count() == 0
    # Each diagram's legend is in its SVG but not drawn: the page has one key.
    legends = v.page.locator('section.diagram svg g[id$="-legend"]')
    assert legends.count() == count
    assert all(not legends.nth(i).is_visible() for i in range(count))
    assert v.page.locator("#key").is_visible()
    # The diagram's heading is not drawn again in it; what it shows is the caption.
    overlap = v.page.locator("#diagram-overlap")
    assert overlap.locator("svg g.graph > text").first.is_hidden()
    assert overlap.locator(".shows").inner_text().startswith("Shows:")
    v.clean()


@pytest.mark.slow
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


@pytest.mark.slow
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


@pytest.mark.slow
def test_click_on_a_claim_opens_its_school_diagram_at_it(visit, bundled, bundled_page):
    topic, _ = bundled
    claim = topic.schools[-1].claims[0]
    name = f"claim__{claim.key.replace('.', '__')}"
    v = visit(bundled_page)
    before = v.page.evaluate("window.scrollY")
    v.node("overlap-detail", name).click()
    assert v.page.url.endswith(f"#diagram-school-{claim.school}")
    assert v.page.evaluate("window.scrollY") != before
    assert v.in_view(v.node(f"school-{claim.school}", name))
    # In its own school diagram, the same claim leads to its entry.
    v.node(f"school-{claim.school}", name).click()
    assert v.page.url.endswith(f"#claim-{claim.key}")
    assert v.in_view(v.page.locator(f'[id="claim-{claim.key}"]'))
    v.clean()


@pytest.mark.slow
def test_click_on_evidence_and_on_a_school_goes_to_their_entries(visit, bundled, bundled_page):
    topic, overlap = bundled
    item = next(e for e in topic.evidence if e.id in overlap.evidence_users)
    v = visit(bundled_page)
    v.node("timeline", f"evidence__{item.id}").click()
    assert v.page.url.endswith(f"#evidence-{item.id}")
    assert v.in_view(v.page.locator(f"#evidence-{item.id}"))
    school = topic.schools[0]
    v.node("overlap", f"school__{school.id}").click()
    assert v.page.url.endswith(f"#diagram-school-{school.id}")
    v.node(f"school-{school.id}", f"thesis__{school.id}").click()
    assert v.page.url.endswith(f"#school-{school.id}")
    v.clean()


@pytest.mark.slow
def test_an_entry_links_to_its_node_in_each_diagram(visit, bundled, bundled_page):
    topic, _ = bundled
    claim = topic.claims[0]
    v = visit(bundled_page)
    # The plan may be a series of pages (plan, plan_2, ...): the page that draws the claim.
    link = v.page.locator(f'[id="claim-{claim.key}"] a[href^="#diagram-plan"]').first
    name = link.get_attribute("data-node")
    href = link.get_attribute("href")
    assert name and name.startswith("point__")  # the plan draws a claim as a point
    assert href
    page = href.removeprefix("#diagram-")
    link.click()
    assert v.page.url.endswith(href)
    assert v.in_view(v.node(page, name))
    # The plan's point shows its claim's tooltip.
    assert " ".join(claim.text.split()) in " ".join(v.tooltip_after_hover(page, name).split())
    v.clean()


@pytest.mark.slow
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
    tip = v.tooltip_after_hover("timeline", "evidence__e1")  # a school draws it in a card
    assert f"“Q {HOSTILE_READS}”" in tip
    # Clicking around the hostile page runs nothing either.
    v.node("overlap-detail", "claim__s2__c2").click()
    assert page.url.endswith("#diagram-school-s2")
    assert page.evaluate("typeof window.pwned") == "undefined"
    v.clean()


# -- one key, the phone's order, the page's word (markup) ----------------------------------


def test_one_key_explains_every_diagram(bundled, bundled_page):
    topic, _ = bundled
    page = bundled_page.read_text(encoding="utf-8")
    key = page.split('<section class="key" id="key"')[1].split("</section>")[0]
    entries: dict[tuple[str, str], str] = {}
    for stem, diagram in drawings(bundled):
        if not stem.startswith("slides/"):
            for entry in diagram.key:
                entries.setdefault((entry.kind, entry.name), entry.words)
    assert {kind for kind, _ in entries} == {"school", "node", "edge"}
    items = re.findall(r"<li>(.*?)</li>", key)
    assert len(items) == len(entries)  # each once, however many diagrams draw it
    words = [re.sub(r"<[^>]+>", "", item).strip() for item in items]
    # The schools first, in the topic's order, each with its tag.
    for i, school in enumerate(topic.schools):
        assert words[i].endswith(report_html.text(school.name))
        assert f'class="tag sc-{i}"' in items[i]
    for (kind, _), text in entries.items():
        if kind != "school":
            assert sum(w.endswith(report_html.text(text)) for w in words) == 1, text
    # A line is drawn as a short sample in its colour: the challenges line in the
    # conflict colour, outside every school's palette.
    challenge = next(i for i in items if i.endswith("challenges (conflict)"))
    assert 'stroke="#B2182B"' in challenge


def test_a_phone_reads_the_question_and_the_schools_before_the_contents(bundled, bundled_page):
    topic, _ = bundled
    page = bundled_page.read_text(encoding="utf-8")
    body = page.split("<body>")[1]
    h1, answers = body.index("<h1>"), body.index('class="answers"')
    summary, nav = body.index('class="summary"'), body.index('<nav id="toc"')
    assert h1 < answers < summary < nav
    listed = body[answers : body.index("</ul>", answers)]
    for school in topic.schools:
        assert report_html.text(school.name) in listed
        assert report_html.text(school.short or "") in listed
    assert body.index('<a class="to-toc" href="#toc">') < h1


def test_the_page_names_what_it_shows_in_one_word(bundled, bundled_page):
    page = bundled_page.read_text(encoding="utf-8")
    word = re.search(rf'<meta name="{report_html.PAGE_META}" content="([0-9a-f]+)">', page)
    assert word and page.index(word.group(0)) < 2000  # in the head, read by the server
    shown = [d for d in drawn(bundled, bundled_page.parent) if d.stem != "matrix"]
    other = report_html.report(bundled, shown)
    assert f'content="{word.group(1)}"' not in other
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert csp is not None
    rules = dict(r.strip().split(" ", 1) for r in csp.group(1).split(";"))
    assert rules["default-src"] == "'none'" and rules["connect-src"] == "'self'"
    assert "unsafe" not in csp.group(1)


# -- reading the diagrams (in the browser) -------------------------------------------------

# The size in CSS px of every drawn text of a diagram as it is on screen now.
TEXT_PX = """section => {
  const out = [];
  section.querySelectorAll('svg text').forEach(t => {
    if (t.closest('[display=none]')) return;
    out.push(parseFloat(t.getAttribute('font-size')) * t.getScreenCTM().a);
  });
  return out;
}"""
STAGE = """stage => ({x: stage.scrollLeft, y: stage.scrollTop, w: stage.clientWidth,
  h: stage.clientHeight, sw: stage.scrollWidth, sh: stage.scrollHeight})"""


def text_px(v: Visit, diagram: str) -> list[float]:
    return v.page.locator(f"#diagram-{diagram}").evaluate(TEXT_PX)


def level(v: Visit, diagram: str) -> int:
    return int(v.page.locator(f"#diagram-{diagram} .level").inner_text().rstrip("%"))


# The largest diagram of the bundled report (the overlap summary now fits its column).
LARGE = "overlap-detail"


@pytest.mark.slow
def test_a_large_diagram_opens_readable_and_moves_and_zooms(visit, bundled_page):
    v = visit(bundled_page, 1440, 900)
    page = v.page
    stage = page.locator(f"#diagram-{LARGE} .stage")
    page.locator(f"#diagram-{LARGE}").scroll_into_view_if_needed()
    # As opened at 1440 wide: the smallest text 11 px (fitted to the column it would be less).
    sizes = text_px(v, LARGE)
    assert min(sizes) >= 10.9, min(sizes)
    at = stage.evaluate(STAGE)
    assert at["sw"] > at["w"] and at["sh"] > at["h"]  # larger than its frame: it moves
    # Drag with the mouse: the drawing follows; the drag is not a click on a box.
    box = stage.bounding_box()
    assert box is not None
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(cx, cy)
    page.mouse.down()
    page.mouse.move(cx - 150, cy - 200, steps=5)
    page.mouse.up()
    moved = stage.evaluate(STAGE)
    assert moved["x"] - at["x"] == pytest.approx(150, abs=3)
    assert moved["y"] - at["y"] == pytest.approx(200, abs=3)
    assert page.url == v.url
    # Buttons, keys, Ctrl and the wheel.
    opened = level(v, LARGE)
    page.locator(f'#diagram-{LARGE} button[data-zoom="in"]').click()
    assert level(v, LARGE) > opened
    page.locator(f'#diagram-{LARGE} button[data-zoom="fit"]').click()
    fitted = stage.evaluate(STAGE)
    assert fitted["sw"] <= fitted["w"] + 1 and fitted["sh"] <= fitted["h"] + 1  # whole
    assert (
        page.locator(f'#diagram-{LARGE} button[data-zoom="fit"]').get_attribute("aria-pressed")
        == "true"
    )
    stage.focus()
    page.keyboard.press("1")
    assert level(v, LARGE) == 100
    page.keyboard.press("-")
    assert level(v, LARGE) == 80
    page.mouse.move(cx, cy)
    page.keyboard.down("Control")
    page.mouse.wheel(0, -300)
    page.keyboard.up("Control")
    page.wait_for_function(
        f"() => parseInt(document.querySelector('#diagram-{LARGE} .level').textContent) > 80"
    )
    # The one key, beside this diagram on demand; Escape puts it away.
    page.locator(f"#diagram-{LARGE} .show-key").click()
    pop = page.locator(f"#diagram-{LARGE} .key-pop")
    assert pop.is_visible()
    assert pop.locator("li").count() == page.locator("#key li").count()
    page.keyboard.press("Escape")
    assert pop.count() == 0
    v.clean()


@pytest.mark.slow
def test_a_diagram_that_fits_opens_whole(visit, tmp_path):
    topic, overlap = checked(subset_topic(tmp_path / "two", ["power-politics", "structuralist"]))
    v = visit(built(topic, overlap, tmp_path / "out"), 1440, 900)
    for diagram in ("matrix", "school-structuralist"):
        at = v.page.locator(f"#diagram-{diagram} .stage").evaluate(STAGE)
        assert at["sw"] <= at["w"] + 1, diagram  # no sideways scrolling
        assert min(text_px(v, diagram)) >= 9.9, diagram
    v.clean()


@pytest.mark.slow
def test_a_phone_opens_on_the_question_and_the_schools(visit, bundled, bundled_page, tmp_path):
    topic, _ = bundled
    v = visit(bundled_page, 390, 844)
    page = v.page
    assert page.evaluate("window.scrollY") == 0
    assert page.locator("h1").bounding_box()["y"] < 150
    answers = page.locator(".answers li")
    assert answers.count() == len(topic.schools)
    last = answers.nth(len(topic.schools) - 1).bounding_box()
    assert last["y"] + last["height"] <= 844  # every school on the first screen
    assert page.locator("#toc").bounding_box()["y"] > 844 * 10  # the contents at the end
    assert page.locator(".to-toc").is_visible()
    page.screenshot(path=str(tmp_path / "phone.png"))
    # The overlap opens readable on the phone too, and two fingers zoom it.
    page.locator("#diagram-overlap").scroll_into_view_if_needed()
    assert min(text_px(v, "overlap")) >= 10.9
    box = page.locator("#diagram-overlap .stage").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    cdp = v.context.new_cdp_session(page)
    before = level(v, "overlap")

    def touch(kind: str, gap: float) -> None:
        points = [{"x": x - gap, "y": y, "id": 0}, {"x": x + gap, "y": y, "id": 1}]
        cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

    touch("touchStart", 100)
    for gap in (90, 70, 50):
        touch("touchMove", gap)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    assert level(v, "overlap") == pytest.approx(before / 2, abs=3)
    v.clean()


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child is POSIX")
def test_a_served_report_reloads_itself_after_a_rebuild(visit, tmp_path):
    """`argmap watch --serve` on a real topic: open the page, save, see the new text."""
    topic = write_files(tmp_path / "topic", SPLIT_TOPIC)
    argmap = Path(sys.executable).parent / "argmap"
    proc = subprocess.Popen(
        [str(argmap), "watch", str(topic), "-o", str(tmp_path / "out"), "--serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    assert proc.stdout is not None and proc.stderr is not None
    threading.Thread(target=lambda: [lines.put(x) for x in proc.stdout], daemon=True).start()
    try:
        proc.stderr.readline()  # watching ...
        served = re.search(r"at (http://127\.0\.0\.1:\d+/) ", proc.stderr.readline())
        assert served, "no address printed"
        assert "rendered" in lines.get(timeout=30)
        v = visit(served.group(1), 1440, 900)
        page = v.page
        assert page.url == served.group(1) + "small/index.html"
        assert page.locator("h1").inner_text() == "Why did it happen?"
        page.evaluate("window.scrollTo(0, 400); window.before = 1")
        source = (topic / "topic.yaml").read_text(encoding="utf-8")
        (topic / "topic.yaml").write_text(
            source.replace("Why did it happen?", "Why did it really happen?"), encoding="utf-8"
        )
        page.wait_for_function(
            "() => document.querySelector('h1').textContent === 'Why did it really happen?'",
            timeout=30000,
        )
        assert page.evaluate("typeof window.before") == "undefined"  # a new page
        assert page.evaluate("window.scrollY") == 400  # where the reader was
        # A save that does not build: the page says why and stays as it was.
        (topic / "topic.yaml").write_text(source.replace("question:", "questin:"), "utf-8")
        banner = page.locator("#live.bad")
        banner.wait_for(timeout=30000)
        assert "did not build" in banner.inner_text() and "questin" in banner.inner_text()
        assert page.locator("h1").inner_text() == "Why did it really happen?"
        (topic / "topic.yaml").write_text(source, encoding="utf-8")
        page.wait_for_function(
            "() => document.querySelector('h1').textContent === 'Why did it happen?'",
            timeout=30000,
        )
        assert page.locator("#live").count() == 0 or page.locator("#live").is_hidden()
        v.clean()
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=10)
        err = proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, err
    assert err.endswith("stopped watching\n")
