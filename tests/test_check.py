"""Stage 2, the checker: every rule of FORMAT.md, at the right line and column.

Each file in tests/cases/ is a one-file topic with one kind of mistake; the comment lines
``# expect: LINE:COL: SEVERITY: MESSAGE`` at its end are every problem it must produce, in
order. The cases that need several files are written inline here.
"""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from argmap import load
from argmap.check import check_sources, check_topic
from argmap.model import Claim, EvidenceCite, HistorianCite, Topic
from argmap.problems import Problems

from .conftest import CASES, SPLIT_TOPIC, check_lines, copy_case, write_files

pytestmark = pytest.mark.usefixtures("in_tmp")

CASE_FILES = sorted(CASES.glob("*.yaml"))


def expected(case: Path) -> list[str]:
    prefix = "# expect: "
    text = case.read_text(encoding="utf-8")
    return [line[len(prefix) :] for line in text.splitlines() if line.startswith(prefix)]


@pytest.mark.parametrize("case", CASE_FILES, ids=[c.stem for c in CASE_FILES])
def test_case(case: Path):
    copy_case(case, Path.cwd())
    want = expected(case)
    assert want, f"{case.name} names no expected problem"
    result = check_topic(case.name)
    assert {p.where.path for p in result.problems} == {case.name}
    got = [f"{p.where.line}:{p.where.column}: {p.severity}: {p.message}" for p in result.problems]
    assert got == want
    if result.errors:
        assert result.topic is None


def test_cases_cover_every_error_of_the_format():
    """A guard that the case files keep covering what FORMAT.md lists."""
    messages = "\n".join("\n".join(expected(c)) for c in CASE_FILES)
    for fragment in [
        "YAML syntax:",
        "duplicate key 'name' (first at line 7)",
        "(did you mean 'evidence'?)",
        "expected a list",
        "expected text, not a list",
        "expected a year such as 1924, not 'nineteen-fifty'",
        "is missing the required key",
        "invalid topic id '../../etc'",
        "invalid factor id 'Apparatus'",
        "format must be 1",
        "YAML anchor",
        "YAML alias",
        "unknown factor",
        "unknown historian",
        "unknown evidence",
        "unknown work",
        "unknown claim 'appointment' in school 'power': a claim of another school is written "
        "with its school's id, as in 'structural.appointment'",
        "unknown school 'struct' in the claim reference 'struct.appointment'",
        "a claim cannot support itself",
        "'agrees' links claims of different schools",
        "but the two are also said to agree",
        "work 'carr-history' is by 'carr', not 'conquest'",
        "invalid date '2023-13'",
        "invalid date '1923-02-30'",
        "invalid date 'April 1923'",
        "color must be",
        "(did you mean 'statistic'?)",
        "period runs backwards",
        "a school needs at least one claim",
        # The additions of December 2026.
        "unknown school 'betta' (did you mean 'beta'?)",
        "is listed twice in school_order",
        "invalid date '1789-02-30': there is no day 30 in February 1789",
        "invalid date '1783/1778': the interval runs backwards",
        "invalid date '0000-01-01': there is no year 0",
        "short must be at most 80 characters",
        "tag must be 1 to 4 capital letters or digits",
        "tag 'B1' is already the tag of school 'beta'",
        "unknown work type 'monograph'",
        "url must start with http:// or https://",
        "unknown key 'nte' in a relation (did you mean 'note'?)",
        "'gadis1997' is not in the bibliography 'refs.json' (did you mean 'gaddis1997'?)",
        "cannot read the bibliography 'broken.bib'",
        "cannot read the bibliography 'broken.json': not JSON",
        "cannot read the bibliography 'nowhere.json'",
    ]:
        assert fragment in messages, fragment


# -- a clean topic and its model ------------------------------------------------------------


def test_the_split_topic_is_clean_and_builds_the_model(topic_dir):
    result = check_topic(topic_dir(SPLIT_TOPIC))
    assert result.problems == []
    t = result.topic
    assert t is not None
    assert (t.id, t.question, t.period) == ("small", "Why did it happen?", (1922, 1929))
    assert [s.id for s in t.schools] == ["alpha", "beta"]
    assert list(t.claim) == ["alpha.appoint", "alpha.outcome", "beta.belief"]
    assert t.historian["fitz"].lived == (1941, None)
    assert t.work["carr-history"][1].year == 1950
    assert t.evidence_item["gensec"].date == "1922-04"
    assert t.evidence_item["gensec"].kind == "event"  # the default
    assert t.evidence_item["speech"].date == "1924-05-23"
    assert t.evidence_item["speech"].kind == "quotation"
    assert t.claim["alpha.appoint"] == Claim(
        id="appoint",
        school="alpha",
        text="He appointed his people.",
        historians=(HistorianCite("carr", "carr-history", "12"),),
        evidence=(EvidenceCite("gensec"), EvidenceCite("speech", "it shows the habit")),
        factors=("apparatus",),
    )
    assert t.claim["alpha.outcome"].supports == ("alpha.appoint",)  # bare id, own school
    assert t.claim["beta.belief"].agrees == ("alpha.appoint",)
    assert t.claim["beta.belief"].challenges == ("alpha.outcome",)
    assert t.school["beta"].all_historians == ("fitz", "carr")
    assert t.school["alpha"].color == "#0072B2"
    # where each thing was written is kept for later messages
    assert str(t.claim["beta.belief"].where) == "topic/schools/beta.yaml:6:5"
    assert str(t.evidence_item["speech"].where) == "topic/evidence.yaml:6:5"


def one_file_text(files: dict[str, str]) -> str:
    """The split topic written as one topic.yaml: the same content, inline."""
    parts = [files["topic.yaml"], files["historians.yaml"], files["evidence.yaml"], "schools:\n"]
    for name in sorted(k for k in files if k.startswith("schools/")):
        body = files[name]
        parts.append(textwrap.indent(body, "    ").replace("    ", "  - ", 1))
    return "".join(parts)


def test_a_one_file_topic_loads_to_the_same_model_as_the_split_topic(topic_dir, one_file):
    split = check_topic(topic_dir(SPLIT_TOPIC))
    single = check_topic(one_file(one_file_text(SPLIT_TOPIC)))
    assert split.problems == [] and single.problems == []
    assert single.topic == split.topic
    # equality ignores where things were written, which does differ
    here, there = single.topic.claim["beta.belief"].where, split.topic.claim["beta.belief"].where
    assert str(here) == "t.yaml:54:9"
    assert str(there) == "topic/schools/beta.yaml:6:5"
    assert single.topic.claim["beta.belief"].where.path == "t.yaml"


def test_a_mixed_topic_merges_inline_and_file_entries(topic_dir):
    files = dict(SPLIT_TOPIC)
    evidence = yaml.safe_load(files.pop("evidence.yaml"))["evidence"]
    files["topic.yaml"] += "evidence:\n  - id: gensec\n    text: He becomes General Secretary.\n"
    files["topic.yaml"] += "    date: 1922-04\n    factors: [apparatus]\n"
    files["evidence.yaml"] = yaml.safe_dump({"evidence": evidence[1:]})
    merged = check_topic(topic_dir(files, name="mixed"))
    split = check_topic(topic_dir(SPLIT_TOPIC))
    assert merged.problems == []
    assert merged.topic == split.topic


# -- rules that need more than one file -----------------------------------------------------


def test_duplicate_ids_in_two_files_name_both_places(topic_dir):
    topic = topic_dir(
        {
            **SPLIT_TOPIC,
            "topic.yaml": SPLIT_TOPIC["topic.yaml"]
            + """\
historians:
  - id: fitz
    name: Another Fitz
evidence:
  - id: speech
    text: Another speech.
schools:
  - id: beta
    name: Beta inline
    thesis: T
    claims:
      - id: other
        text: O
""",
        }
    )
    assert check_lines(topic) == [
        "topic/evidence.yaml:6:9: error: duplicate evidence id 'speech': "
        "already defined at topic/topic.yaml:15:9",
        "topic/historians.yaml:9:9: error: duplicate historian id 'fitz': "
        "already defined at topic/topic.yaml:12:9",
        "topic/schools/beta.yaml:1:5: error: duplicate school id 'beta': "
        "already defined at topic/topic.yaml:18:9",
    ]


def test_duplicate_work_ids_across_historians(topic_dir):
    files = dict(SPLIT_TOPIC)
    files["historians.yaml"] += "    works: [{id: carr-history, title: Another}]\n"
    assert check_lines(topic_dir(files)) == [
        "topic/historians.yaml:12:18: error: duplicate work id 'carr-history': "
        "already defined at topic/historians.yaml:6:13"
    ]


def test_claim_ids_are_unique_across_the_whole_topic(topic_dir):
    # FORMAT.md: ids are unique within their kind across the whole topic, claims included.
    files = dict(SPLIT_TOPIC)
    files["schools/beta.yaml"] += "  - id: appoint\n    text: Same id as alpha's.\n"
    assert check_lines(topic_dir(files)) == [
        "topic/schools/beta.yaml:12:9: error: duplicate claim id 'appoint': "
        "already defined at topic/schools/alpha.yaml:7:9"
    ]


def test_a_school_id_must_equal_its_file_name(topic_dir):
    files = dict(SPLIT_TOPIC)
    files["schools/gamma.yml"] = files.pop("schools/beta.yaml")
    assert check_lines(topic_dir(files)) == [
        "topic/schools/gamma.yml:1:5: error: school id 'beta' must equal the file's name: "
        "rename the file to 'beta.yaml' or the id to 'gamma'"
    ]


def test_a_school_file_must_be_a_mapping(topic_dir):
    files = {**SPLIT_TOPIC, "schools/gamma.yaml": "- id: gamma\n"}
    assert check_lines(topic_dir(files)) == [
        "topic/schools/gamma.yaml:1:1: error: a school must be a mapping of 'key: value' lines, "
        "not a list"
    ]


def test_historians_and_evidence_files_need_their_key(topic_dir):
    files = {
        "topic.yaml": "format: 1\nid: t\nquestion: Why?\n",
        "historians.yaml": "- id: carr\n",
        "evidence.yaml": "evidence:\n  - id: gensec\n    text: T\nhistorians: []\n",
    }
    assert check_lines(topic_dir(files)) == [
        "topic/evidence.yaml:4:1: error: unknown key 'historians' in evidence.yaml",
        "topic/historians.yaml:1:1: error: historians.yaml must be a mapping of 'key: value' "
        "lines, not a list",
    ]


def test_a_reference_to_a_claim_of_another_file_resolves(topic_dir):
    # beta.yaml is read after alpha.yaml; a reference from alpha to beta still resolves.
    files = dict(SPLIT_TOPIC)
    files["schools/alpha.yaml"] += "    qualifies: [beta.belief]\n"
    result = check_topic(topic_dir(files))
    assert result.problems == []
    assert result.topic.claim["alpha.outcome"].qualifies == ("beta.belief",)


def test_a_bare_cross_school_id_suggests_the_qualified_one(topic_dir):
    files = dict(SPLIT_TOPIC)
    files["schools/beta.yaml"] = files["schools/beta.yaml"].replace(
        "agrees: [alpha.appoint]", "agrees: [appoint]"
    )
    files["schools/beta.yaml"] += "    supports: [outcome]\n"
    assert check_lines(topic_dir(files)) == [
        "topic/schools/beta.yaml:10:14: error: 'agrees' links claims of different schools; "
        "within a school use 'supports' (did you mean 'alpha.appoint'?)",
        "topic/schools/beta.yaml:12:16: error: unknown claim 'outcome' in school 'beta': a "
        "claim of another school is written with its school's id, as in 'alpha.outcome'",
    ]


def test_agrees_written_on_both_sides_is_not_a_duplicate(topic_dir):
    files = dict(SPLIT_TOPIC)
    files["schools/alpha.yaml"] = files["schools/alpha.yaml"].replace(
        "factors: [apparatus]\n", "factors: [apparatus]\n    agrees: [beta.belief]\n", 1
    )
    result = check_topic(topic_dir(files))
    assert result.problems == []


def test_a_challenge_against_an_agreement_from_the_other_side_is_an_error(topic_dir):
    files = dict(SPLIT_TOPIC)
    files["schools/alpha.yaml"] = files["schools/alpha.yaml"].replace(
        "factors: [apparatus]\n", "factors: [apparatus]\n    challenges: [beta.belief]\n", 1
    )
    assert check_lines(topic_dir(files)) == [
        "topic/schools/alpha.yaml:7:5: error: 'alpha.appoint' challenges 'beta.belief', but the "
        "two are also said to agree: keep the one you mean"
    ]


def test_repeated_references_are_warnings(topic_dir):
    files = dict(SPLIT_TOPIC)
    files["schools/beta.yaml"] = (
        files["schools/beta.yaml"]
        .replace("evidence: [speech]", "evidence: [speech, {id: speech}]")
        .replace("agrees: [alpha.appoint]", "agrees: [alpha.appoint, alpha.appoint]")
    )
    result = check_topic(topic_dir(files))
    assert [str(p) for p in result.problems] == [
        "topic/schools/beta.yaml:8:15: warning: evidence item 'speech' is listed twice",
        "topic/schools/beta.yaml:10:13: warning: claim 'alpha.appoint' is listed twice",
    ]
    assert result.topic.claim["beta.belief"].agrees == ("alpha.appoint",)


# -- all problems, sorted -------------------------------------------------------------------


def test_every_problem_of_every_file_is_reported_sorted(topic_dir):
    files = {
        **SPLIT_TOPIC,
        "topic.yaml": SPLIT_TOPIC["topic.yaml"].replace("format: 1", "format: 2"),
        "historians.yaml": SPLIT_TOPIC["historians.yaml"].replace("year: 1950", "year: 19x0"),
        "evidence.yaml": SPLIT_TOPIC["evidence.yaml"]
        .replace("date: 1922-04", "date: 1922-13")
        .replace("kind: quotation", "kind: quote"),
        "schools/alpha.yaml": SPLIT_TOPIC["schools/alpha.yaml"]
        .replace("historians: [carr]", "historians: [car]")
        .replace("supports: [appoint]", "suports: [appoint]"),
        "schools/beta.yaml": "id: beta\nname: [B]\n",
        "stray.yaml": "x: 1\n",
    }
    result = check_topic(topic_dir(files))
    assert [str(p) for p in result.problems] == [
        "topic/evidence.yaml:4:11: error: invalid date '1922-13': there is no month 13",
        "topic/evidence.yaml:9:11: error: unknown evidence kind 'quote': use one of event, "
        "statistic, quotation, document",
        "topic/historians.yaml:8:15: error: expected a year such as 1924, not '19x0'",
        "topic/schools/alpha.yaml:4:14: error: unknown historian 'car' (did you mean 'carr'?)",
        "topic/schools/alpha.yaml:15:5: error: unknown key 'suports' in a claim "
        "(did you mean 'supports'?)",
        "topic/schools/beta.yaml:1:1: error: a school is missing the required key 'claims'",
        "topic/schools/beta.yaml:1:1: error: a school is missing the required key 'thesis'",
        "topic/schools/beta.yaml:2:7: error: expected text, not a list",
        "topic/stray.yaml:1:1: error: this YAML file has no place in a topic: expected "
        "topic.yaml, historians.yaml, evidence.yaml or schools/<school-id>.yaml",
        "topic/topic.yaml:1:9: error: format must be 1 (this argmap reads format 1), not '2'",
    ]
    assert result.problems == sorted(result.problems)
    assert result.topic is None


def test_errors_hold_back_the_unused_warnings(topic_dir):
    # An error (here a dangling reference) makes "nothing cites it" a misleading guess.
    files = dict(SPLIT_TOPIC)
    files["schools/beta.yaml"] = files["schools/beta.yaml"].replace("[speech]", "[speeches]")
    assert check_lines(topic_dir(files)) == [
        "topic/schools/beta.yaml:8:16: error: unknown evidence 'speeches' (did you mean 'speech'?)"
    ]


# -- warnings -------------------------------------------------------------------------------


def test_warnings_leave_the_model_built(one_file):
    shutil.copy(CASES / "warnings.yaml", "w.yaml")
    result = check_topic("w.yaml")
    assert result.errors == []
    assert len(result.warnings) == 5
    assert isinstance(result.topic, Topic)


def test_a_school_whose_claims_name_a_historian_is_not_anonymous(one_file):
    path = one_file(
        """\
        format: 1
        id: t
        question: Why?
        historians: [{id: h, name: H}]
        evidence: [{id: e, text: E}]
        schools:
          - id: s
            name: S
            thesis: T
            claims: [{id: c, text: C, historians: [h], evidence: [e]}]
        """
    )
    assert check_lines(path) == []


def test_a_factor_carried_only_by_evidence_is_carried(one_file):
    path = one_file(
        """\
        format: 1
        id: t
        question: Why?
        factors: [{id: f, name: F}]
        historians: [{id: h, name: H}]
        evidence: [{id: e, text: E, factors: [f]}]
        schools:
          - {id: s, name: S, thesis: T, historians: [h], claims: [{id: c, text: C, evidence: [e]}]}
        """
    )
    assert check_lines(path) == []


# -- values ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("1922", "1922"),
        ('"1922"', "1922"),
        ("1922-04", "1922-04"),
        ("1922-04-03", "1922-04-03"),  # a YAML timestamp, read as the text written
        ("'1924-02-29'", "1924-02-29"),
    ],
)
def test_dates_quoted_or_not(one_file, written, stored):
    path = one_file(
        f"format: 1\nid: t\nquestion: Why?\nevidence: [{{id: e, text: E, date: {written}}}]\n"
    )
    result = check_topic(path)
    assert result.errors == []
    assert result.topic.evidence[0].date == stored


def test_text_is_kept_as_written(one_file):
    path = one_file(
        'format: 1\nid: t\nquestion: "1984"\nsummary: yes\n'
        "historians: [{id: h, name: Café Ünal, works: [{title: 1984, year: 1949}]}]\n"
    )
    t = check_topic(path).topic
    assert (t.question, t.summary) == ("1984", "yes")
    assert t.historians[0].name == "Café Ünal"
    assert t.historians[0].works[0].title == "1984"


def test_a_key_that_is_not_a_word(one_file):
    path = one_file("format: 1\nid: t\nquestion: Why?\n[a, b]: c\n")
    assert check_lines(path) == [
        "t.yaml:4:1: error: a key in topic.yaml must be a word, not a list",
    ]


def test_model_paths_are_written_as_given(tmp_path):
    write_files(tmp_path / "deep" / "topic", SPLIT_TOPIC)
    result = check_topic(str(tmp_path / "deep" / "topic"))
    assert result.problems == []
    assert result.topic.where.path == str(tmp_path / "deep" / "topic" / "topic.yaml")


# -- no input makes the checker raise -------------------------------------------------------

KEYS = sorted(
    {"format", "id", "question", "period", "factors", "historians", "evidence", "schools"}
    | {"name", "thesis", "claims", "text", "date", "kind", "works", "title", "year", "lived"}
    | {"supports", "agrees", "qualifies", "challenges", "work", "page", "note", "color", "x"}
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3000, 3000),
    st.sampled_from(["a", "b", "a.b", "s.c", "1922-04", "1923-02-30", "#0072B2", "", "A B"]),
    st.text(max_size=5),
)
NODES = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.sampled_from(KEYS), children, max_size=5),
    ),
    max_leaves=25,
)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(KEYS), NODES, max_size=8))
def test_any_shape_of_input_gives_problems_never_an_exception(data):
    text = yaml.safe_dump({"format": 1, **data}, allow_unicode=True)
    problems = Problems()
    source = load.Source("t.yaml", "topic", load.compose("t.yaml", text, problems))
    result = check_sources([source], problems)
    assert (result.topic is None) == bool(result.errors)
    for p in result.problems:
        assert p.where.path == "t.yaml" and p.where.line >= 1 and p.where.column >= 1
