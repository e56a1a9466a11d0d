"""The written plan's citations (a CSL processor), its Word version, the worksheet, the
reference exports and the citation styles."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from argmap import citations
from argmap.analysis import Analysis
from argmap.cli import cli
from argmap.documents import plan, references
from tests.conftest import checked

ROOT = Path(__file__).resolve().parent.parent
COLD_WAR = ROOT / "tests" / "topics" / "cold-war"
BUNDLED = ROOT / "interpretations" / "stalin-rise"


def bibliography(md: str) -> list[str]:
    part = md.split("## Bibliography\n", 1)[1].split("\n\n[^", 1)[0]
    return [line[2:] for line in part.splitlines() if line.startswith("- ")]


@pytest.fixture(scope="module")
def bib_topic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The cold-war topic reading its BibTeX twin instead of its CSL-JSON."""
    folder = tmp_path_factory.mktemp("bib") / "cold-war"
    shutil.copytree(COLD_WAR, folder)
    (folder / "references.json").unlink()
    topic = folder / "topic.yaml"
    topic.write_text(topic.read_text().replace("references.json", "references.bib"))
    return folder


# By hand, Chicago notes and bibliography, 17th edition (the default).
BY_HAND = [
    # a book, from the bibliography file
    "Gaddis, John Lewis. *The United States and the Origins of the Cold War, 1941-1947*. "
    "New York: Columbia University Press, 1972.",
    "———. *We Now Know: Rethinking Cold War History*. Oxford: Clarendon Press, 1997.",
    # an article in a journal, by a suffixed name
    "Schlesinger, Arthur M., Jr. “Origins of the Cold War.” *Foreign Affairs* 46, no. 1 "
    "(October 1967): 22–52.",
    # a translated work, with a particle
    "Tocqueville, Alexis de. *Democracy in America*. Translated by George Lawrence. Garden "
    "City, NY: Anchor Books, 1969. Originally published as *De la démocratie en Amérique* "
    "(1835).",
    "Williams, William Appleman. *The Tragedy of American Diplomacy*. Cleveland: World "
    "Publishing Company, 1959.",
]


def test_the_bibliography_is_chicago_as_written_by_hand():
    md = plan.essay_plan(Analysis(*checked(COLD_WAR)))
    assert bibliography(md) == BY_HAND


@pytest.mark.slow
def test_a_chapter_and_a_series_volume_by_hand():
    md = plan.essay_plan(Analysis(*checked(BUNDLED)))
    entries = bibliography(md)
    assert (
        "———. “The Civil War as a Formative Experience.” In *Bolshevik Culture: Experiment "
        "and Order in the Russian Revolution*. Bloomington: Indiana University Press, 1985."
    ) in entries
    assert (
        "Carr, E. H. *Socialism in One Country, 1924-1926, Volume One*. Vol. 5. A History of "
        "Soviet Russia. London: Macmillan, 1958."
    ) in entries
    # Every work of the topic, once, including those used only as sources.
    topic = checked(BUNDLED).topic
    assert len(entries) == sum(len(h.works) for h in topic.historians)
    assert any(e.startswith("Trotsky, Leon. *My Life") for e in entries)
    # Page ranges by the style ("5:174–86"), not "p. 174-186".
    assert "Carr, *Socialism in One Country, 1924-1926, Volume One*, 5:174–86" in md


@pytest.mark.slow
@pytest.mark.parametrize(
    "style",
    [None, "chicago-author-date", "apa", "modern-language-association"],
)
def test_the_bibliography_is_the_processors_own_for_json_and_bibtex(bib_topic, style):
    chosen = citations.style(style)
    for folder in (COLD_WAR, bib_topic):
        topic, overlap = checked(folder)
        md = plan.essay_plan(Analysis(topic, overlap), style=style)
        own = citations.bibliography_entries(citations.markdown_items(topic), chosen)
        assert bibliography(md) == own, folder
    if style is None:  # Chicago title-cases; APA and MLA keep a BibTeX title's case rules
        json_md = plan.essay_plan(Analysis(*checked(COLD_WAR)))
        bib_md = plan.essay_plan(Analysis(*checked(bib_topic)))
        assert bibliography(json_md) == bibliography(bib_md)


@pytest.mark.slow
def test_the_bibtex_twin_matches_pandoc_reading_the_file_itself(bib_topic):
    direct = citations.run([str(bib_topic / "references.bib")], "csljson", source_format="biblatex")
    by_key = {i["id"]: i for i in json.loads(direct)}
    items = {i["id"]: i for i in citations.items(checked(bib_topic).topic)}
    article = items["schlesinger-origins"]
    assert article["issue"] == by_key["schlesinger1967"]["issue"] == "1"
    assert article["issued"] == by_key["schlesinger1967"]["issued"]
    assert article["author"] == [{"family": "Schlesinger", "given": "Arthur M.", "suffix": "Jr."}]


def test_a_topic_without_any_addition_gets_a_plan_with_a_bibliography(tmp_path):
    from tests.conftest import write_files
    from tests.test_plan import SMALL

    topic, overlap = checked(write_files(tmp_path / "small", SMALL))
    md = plan.essay_plan(Analysis(topic, overlap))
    assert bibliography(md) == [
        "Abel, Tom. *\\<B\\>Bold\\</b\\> Claims*. 2001.",
        "Zed, Anna. *Alpha Book*. 1990.",
        "———. *Beta Book*. 1980.",
    ]
    # The historian with no work is named in the text, not in the bibliography.
    assert "Tom Abel and Moe argue that" in md


@pytest.mark.slow
def test_worksheet_hides_the_counter_arguments_and_leaves_a_table(tmp_path):
    analysis = Analysis(*checked(BUNDLED))
    sheet = plan.essay_plan(analysis, worksheet=True)
    assert sheet.startswith("# Essay worksheet: Why did Stalin")
    assert "How:" not in sheet and "A criticism of" not in sheet
    rows = [line for line in sheet.splitlines() if line.startswith("| ") and "|  |" in line]
    assert len(rows) == len(plan.paragraphs(analysis))
    for item in analysis.topic.evidence:
        if any(c.id == item.id for claim in analysis.topic.claims for c in claim.evidence):
            assert plan.text(item.text) in sheet, item.id


def docx_parts(data: bytes) -> tuple[object, str]:
    import docx

    document = docx.Document(io.BytesIO(data))
    notes = zipfile.ZipFile(io.BytesIO(data)).read("word/footnotes.xml").decode()
    return document, notes


@pytest.mark.slow
def test_docx_has_word_headings_real_footnotes_and_the_bibliography():
    analysis = Analysis(*checked(COLD_WAR))
    data = plan.essay_plan_docx(analysis)
    document, notes = docx_parts(data)
    styles = {p.style.name for p in document.paragraphs}
    assert {"Heading 1", "Heading 2"} <= styles
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert headings[:2] == ["Introduction", "1. Ideology"] and headings[-1] == "Bibliography"
    md = plan.essay_plan(analysis)
    footnotes = re.findall(r"^\[\^\d+\]: ", md, flags=re.M)
    # Word's footnotes part holds two separators, then one footnote per Markdown note.
    assert notes.count("<w:footnote ") == len(footnotes) + 2
    assert "Schlesinger Jr., “Origins of the Cold War,”" in re.sub(r"<[^>]+>", "", notes)
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Oxford: Clarendon Press, 1997." in text


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_converts_the_docx_to_pdf(tmp_path):
    (tmp_path / "plan.docx").write_bytes(plan.essay_plan_docx(Analysis(*checked(BUNDLED))))
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
         str(tmp_path / "plan.docx")],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    pdf = (tmp_path / "plan.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 50_000


@pytest.mark.slow
def test_csl_json_and_bibtex_exports_hold_every_work():
    import bibtexparser

    topic, overlap = checked(BUNDLED)
    analysis = Analysis(topic, overlap)
    works = [w for h in topic.historians for w in h.works]
    items = json.loads(references.to_csl_json(analysis))
    assert [i["id"] for i in items] == [w.id for w in works]
    assert all(i["author"] and i["title"] for i in items)
    library = bibtexparser.parse_string(references.to_bibtex(analysis))
    assert [e.key for e in library.entries] == [w.id for w in works]
    assert not library.failed_blocks


def test_styles_are_checked_with_did_you_mean():
    assert citations.style().path.name == "chicago-notes-bibliography-17th-edition.csl"
    assert citations.style("apa").notes is False
    assert citations.style("chicago").notes is True
    dependent = citations.style("nature-digest")  # a dependent style: its parent's file
    assert dependent.path.name == "nature.csl" and dependent.locale == "en-GB"
    with pytest.raises(citations.CitationError, match="did you mean 'chicago-author-date'"):
        citations.style("chicago-autor-date")
    result = CliRunner().invoke(
        cli, ["export", "-f", "markdown", "--style", "chicgo-author-date", str(COLD_WAR)]
    )
    assert result.exit_code == 2
    assert "no citation style 'chicgo-author-date' (did you mean" in result.stderr
    result = CliRunner().invoke(cli, ["export", "-f", "json", "--worksheet", str(COLD_WAR)])
    assert result.exit_code == 2 and "--worksheet applies to -f markdown" in result.stderr


def test_an_author_date_style_keeps_citations_in_the_text():
    md = plan.essay_plan(Analysis(*checked(COLD_WAR)), style="apa")
    assert "[^" not in md
    assert "(Schlesinger, 1967)" in md


def test_the_plan_as_html_for_the_report():
    fragment = plan.essay_plan_html(Analysis(*checked(COLD_WAR)))
    assert fragment.startswith("<h2 ")
    ids = re.findall(r'id="([^"]+)"', fragment)
    assert ids and all(i.startswith("plan-") for i in ids)
    assert "<script" not in fragment


@pytest.mark.slow
def test_the_report_holds_the_written_plan_as_its_own_section(tmp_path):
    from argmap import pipeline

    outcome = pipeline.build(str(COLD_WAR), tmp_path)
    page = (tmp_path / "cold-war-origins" / "index.html").read_text(encoding="utf-8")
    section = page.split('<section id="plan">', 1)[1].split("</section>\n<section", 1)[0]
    assert outcome.report is not None
    assert '<a href="#plan">Essay plan</a>' in page
    assert "Schlesinger, Arthur M., Jr." in section and 'id="plan-fn1"' in section
