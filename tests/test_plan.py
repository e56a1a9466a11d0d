"""The essay plan: the shared analysis (argmap.essay), the plan view and the written plan."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pygraphviz
import pytest

from argmap import essay, views
from argmap.analysis import Analysis
from argmap.documents.plan import essay_plan, paragraphs, text
from argmap.model import Topic
from argmap.overlap import Overlap
from argmap.render import _view_box, render
from argmap.themes import THEMES
from tests.conftest import checked, write_files
from tests.test_render import HOSTILE, hostile_topic

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "interpretations" / "stalin-rise"

# Three schools. Factor "apparatus": alpha and beta, no challenge (common ground).
# Factor "ideas": beta and gamma, gamma challenges beta (contested). Factor "luck": alpha
# only (one school). Factor "unused": nothing carries it. One claim carries no factor.
# Markdown-significant text in names and claims; a historian with no work; a work cited.
SMALL = {
    "topic.yaml": """\
        format: 1
        id: small
        question: "Why did *it* happen?"
        period: [1900, 1910]
        summary: A short debate.
        factors:
          - {id: apparatus, name: "The [party] apparatus", description: "Who appointed whom."}
          - {id: ideas, name: Ideas}
          - {id: luck, name: Luck}
          - {id: unused, name: Nobody argues this}
        """,
    "historians.yaml": """\
        historians:
          - id: zed
            name: Anna Zed
            works:
              - {id: zed-a, title: "Alpha Book", year: 1990}
              - {id: zed-b, title: "Beta Book", year: 1980}
          - id: abel
            name: Tom Abel
            works: [{id: abel-1, title: "<b>Bold</b> claims", year: 2001}]
          - id: moe
            name: Moe
        """,
    "evidence.yaml": """\
        evidence:
          - {id: e1, text: "First event.", date: "1905-03-02"}
          - {id: e2, text: "Earlier event.", date: "1901"}
          - {id: e3, text: "Undated event."}
          - {id: e4, text: "A quotation.", date: "1903-07", kind: quotation, quote: "words"}
        """,
    "schools/alpha.yaml": """\
        id: alpha
        name: Alpha school
        thesis: It was the apparatus.
        historians: [zed]
        claims:
          - id: appoint
            text: "He appointed *his* people_here."
            historians: [{id: zed, work: zed-a}]
            evidence: [e1, {id: e2, note: the start}]
            factors: [apparatus]
          - id: lucky
            text: He was lucky.
            evidence: [e3]
            factors: [luck]
          - id: stray
            text: "1. A claim with no factor."
            evidence: [e4]
        """,
    "schools/beta.yaml": """\
        id: beta
        name: Beta school
        thesis: It was ideas.
        historians: [abel, moe]
        claims:
          - id: belief
            text: They believed in him.
            historians: [{id: abel, work: abel-1}, moe]
            evidence: [e4, e2]
            factors: [ideas]
          - id: organise
            text: He organised the apparatus.
            evidence: [e4, e2]
            factors: [apparatus]
        """,
    "schools/gamma.yaml": """\
        id: gamma
        name: Gamma school
        thesis: It was neither.
        historians: [zed]
        claims:
          - id: doubt
            text: Belief had nothing to do with it.
            historians: [{id: zed, work: zed-b}]
            evidence: [e1]
            factors: [ideas]
            challenges: [beta.belief]
        """,
}


@pytest.fixture(scope="module")
def stalin() -> tuple[Topic, Overlap]:
    return checked(BUNDLED)


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[Topic, Overlap]:
    return checked(write_files(tmp_path_factory.mktemp("small") / "small", SMALL))


@pytest.fixture(params=["stalin", "small"])
def any_topic(request: pytest.FixtureRequest) -> tuple[Topic, Overlap]:
    return request.getfixturevalue(request.param)


# -- the analysis -----------------------------------------------------------------------------


def test_status_common_ground_contested_and_one_school(small):
    topic, overlap = small
    status = {s.factor: s for s in essay.standings(topic, overlap)}
    assert status["apparatus"].status == essay.COMMON
    assert status["apparatus"].schools == ("alpha", "beta")
    assert status["apparatus"].challenges == 0
    assert status["ideas"].status == essay.CONTESTED
    assert status["ideas"].challenges == 1
    assert status["luck"].status == essay.ONE_SCHOOL
    assert status["unused"].status == essay.NOT_ARGUED
    # Dated evidence cited by the claims that carry the factor: e1, e2, e4 (e3 undated).
    assert status["apparatus"].dated_evidence == 3


def test_ranking_orders_by_schools_then_dated_evidence_then_challenges(small):
    topic, overlap = small
    ranked = [s.factor for s in essay.standings(topic, overlap)]
    # apparatus: 2 schools, 3 dated; ideas: 2 schools, 3 dated, 1 challenge; luck: 1; unused: 0
    assert ranked == ["apparatus", "ideas", "luck", "unused"]


def test_ranking_json_is_plain_data(small):
    topic, overlap = small
    data = essay.ranking_json(topic, overlap)
    assert json.loads(json.dumps(data)) == data
    assert data[0] == {
        "rank": 1,
        "factor": "apparatus",
        "name": "The [party] apparatus",
        "schools": ["alpha", "beta"],
        "dated_evidence": 3,
        "challenges": 0,
        "status": "common ground",
    }
    assert [d["rank"] for d in data] == [1, 2, 3, 4]


def test_bundled_ranking(stalin):
    topic, overlap = stalin
    standings = essay.standings(topic, overlap)
    status = {s.factor: s.status for s in standings}
    # Since the December 2026 rewrite the schools challenge each other on every factor but
    # one: agency against structure on the apparatus and on the system Lenin left (power
    # politics against structuralist), the 'opportunist facade' (the ideological school
    # against power politics), socialism in one country (Trotsky against the ideological
    # reading), the party's new members (the socio-cultural school against Trotsky). Only
    # the Testament's fate is common ground (Trotsky's account and power politics).
    assert status["luck-testament"] == essay.COMMON
    contested = [f.id for f in topic.factors if f.id != "luck-testament"]
    assert len(contested) == 7
    for factor in contested:
        assert status[factor] == essay.CONTESTED, factor
    # Ranked by how many schools argue a factor: ideology and the NEP, argued by all five.
    assert standings[0].factor == "ideology-nep" and len(standings[0].schools) == 5


def test_counter_arguments_touch_the_branch_from_either_side(small):
    topic, overlap = small
    ideas = essay.factor_branch(topic, overlap, topic.factor["ideas"])
    # Both sides carry "ideas": the challenged claim is the point, the challenger counters.
    assert [(c.point, c.counter) for c in ideas.counters] == [("beta.belief", "gamma.doubt")]
    assert essay.factor_branch(topic, overlap, topic.factor["apparatus"]).counters == ()
    # Seen from the challenger's school, the challenged claim is the counter-argument.
    gamma = [b for b in essay.branches(topic, overlap, by="school") if b.key == "gamma"][0]
    assert [(c.point, c.counter) for c in gamma.counters] == [("gamma.doubt", "beta.belief")]


def test_claims_without_factor_form_other_arguments(small):
    topic, overlap = small
    branches = essay.branches(topic, overlap)
    assert [b.key for b in branches] == ["apparatus", "ideas", "luck", "unused", essay.OTHER]
    assert branches[-1].claims == ("alpha.stray",)


# -- the written plan (more in test_essay_documents.py) ----------------------------------------


def sections(md: str) -> dict[str, str]:
    """Level-two sections by heading."""
    parts = re.split(r"^## (.+)$", md, flags=re.M)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts), 2)}


@pytest.fixture(scope="module")
def small_plan(small) -> str:
    return essay_plan(Analysis(*small))


@pytest.fixture(scope="module")
def stalin_plan(stalin) -> str:
    return essay_plan(Analysis(*stalin))


def test_written_plan_has_every_part_in_the_diagram_order(small, small_plan):
    topic, overlap = small
    parts = sections(small_plan)
    headings = list(parts)
    assert headings[0] == "Introduction"
    assert headings[-2:] == ["Conclusion", "Bibliography"]
    # The paragraphs in the order and with the numbers the plan's one function gives.
    expected = [f"{p.number}. " for p in paragraphs(Analysis(topic, overlap))]
    assert [h[: len(n)] for h, n in zip(headings[1:-2], expected, strict=True)] == expected
    apparatus = parts["1. The \\[party\\] apparatus"]
    order = [apparatus.index(x) for x in ("**The point.**", "- **1.1**", "**Against it.**")]
    assert order == sorted(order) and apparatus.index("**Your judgement.**") > order[-1]
    assert "*Common ground: argued by 2 of 3 schools" in apparatus
    assert "not a measure of how much it mattered" in apparatus  # the caveat at every rank
    # Claims introduced by school and historian, with a footnote to the work.
    assert "*Alpha school.* Anna Zed argues that he appointed \\*his\\* people_here.[^" in (
        apparatus
    )
    # A counter-argument, kept apart, says which point it answers.
    ideas = parts["2. Ideas"]
    assert "- Against 2.1: *Gamma school* (2.2): Belief had nothing to do with it." in ideas
    assert "(No note says how: read both.)" in ideas
    other = parts["5. Other arguments (claims that carry no factor)"]
    assert "- **5.1** *Alpha school.* 1. A claim with no factor." in other
    assert "safe ground" not in small_plan


def test_evidence_is_written_out_once_and_referred_to_after(small, small_plan):
    topic, _ = small
    for item in topic.evidence:
        assert small_plan.count(text(item.text)) <= 1, item.id
    # e4 (July 1903) is given at 1.1... no: at its first point, then "(see N.M)".
    assert re.search(r"\*\*July 1903\*\* \(see \d\.\d\)", small_plan)
    # Reading order: 1901, then July 1903, then 2 March 1905.
    first = sections(small_plan)["1. The \\[party\\] apparatus"]
    found = re.findall(r"\*\*(1901|July 1903|2 March 1905)\*\*", first)
    assert found.index("1901") < found.index("July 1903")


@pytest.mark.slow
def test_the_bundled_plan_fits_300_lines_and_answers_the_review(stalin, stalin_plan):
    topic, _ = stalin
    lines = stalin_plan.splitlines()
    assert len(lines) <= 300
    assert "safe ground" not in stalin_plan
    body = stalin_plan.split("## Bibliography")[0]
    # Every factor's standing carries the ranking's caveat.
    assert body.count("not a measure of how much it mattered") >= len(topic.factors)
    # Every evidence text at most once in full.
    for item in topic.evidence:
        assert body.count(text(item.text)) <= 1, item.id
    # Each relation note appears where its counter-argument stands.
    for claim in topic.claims:
        for rel in claim.relations:
            if rel.kind == "challenges" and rel.note:
                assert text(rel.note) in body, (claim.key, rel.target)
    # Every criticism of every school, once.
    for school in topic.schools:
        for c in school.criticisms:
            assert body.count(text(c.text)) == 1, c.text
    # A claim whose historian names a work cites that work, not the historian's others.
    lewin = next(
        c for c in topic.claims if any(h.work == "lewin-last-struggle" for h in c.historians)
    )
    assert re.search("Lenin[’']s Last Struggle", stalin_plan) and lewin.historians
    # Footnotes: as many definitions as marks.
    marks = set(re.findall(r"\[\^(\d+)\](?!:)", stalin_plan))
    defined = set(re.findall(r"^\[\^(\d+)\]: ", stalin_plan, flags=re.M))
    assert marks == defined and len(defined) > 30


def test_markdown_escapes_user_text(small_plan):
    assert "Why did \\*it\\* happen?" in small_plan
    assert re.search(r"\\<[bB]\\>Bold\\</b\\>", small_plan)  # a style may title-case it
    assert "<b>" not in small_plan


def test_hostile_text_cannot_make_markup(tmp_path):
    topic, overlap = checked(hostile_topic(tmp_path))
    md = essay_plan(Analysis(topic, overlap))
    assert not re.search(r"(?<!\\)[<>]", md)  # every angle bracket is escaped
    assert "\u202e" not in md
    assert "\\<script\\>" in md
    for line in md.splitlines():
        assert not line.startswith(("<", "    ")), line
    assert HOSTILE  # the same text the diagram tests use


def test_focus_plan_puts_the_factor_first_and_weighs_the_others(small):
    topic, overlap = small
    md = essay_plan(Analysis(topic, overlap), focus="ideas")
    parts = list(sections(md))
    assert parts[1] == "1. The focus: Ideas"
    # The others follow as alternatives, in ranking order.
    assert parts[2:5] == [
        "2. An alternative: The \\[party\\] apparatus",
        "3. An alternative: Luck",
        "4. An alternative: Nobody argues this",
    ]
    assert md.startswith(
        "# Essay plan: “Ideas” was the most important factor. How far do you agree?"
    )
    with pytest.raises(ValueError):
        essay_plan(Analysis(topic, overlap), focus="nope")


# -- the plan view ----------------------------------------------------------------------------


def parse(topic: Topic, overlap: Overlap, theme: str = "default", **options: str):
    diagram = views.get("plan")(Analysis(topic, overlap), THEMES[theme], **options)
    return diagram, pygraphviz.AGraph(string=diagram.source)


def clusters(graph) -> list:
    return [s for s in graph.subgraphs() if s.name.startswith("cluster_branch__")]


def label(graph, node: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", graph.get_node(node).attr["label"]))


def words(graph, node: str) -> str:
    return " ".join(label(graph, node).split())


def test_plan_has_question_branches_points_counters_and_conclusion(any_topic):
    topic, overlap = any_topic
    diagram, graph = parse(topic, overlap)
    assert diagram.name == "plan"
    assert graph.has_node("question") and graph.has_node("conclusion")
    branches = essay.branches(topic, overlap)
    found = clusters(graph)
    assert [c.name for c in found] == [f"cluster_branch__{b.key}" for b in branches]
    for branch, cluster in zip(branches, found, strict=True):
        nodes = set(cluster.nodes())
        assert f"branch__{branch.key}" in nodes
        points = {n for n in nodes if n.startswith("point__")}
        assert points == {"point__" + f"{branch.key}.{k}".replace(".", "__") for k in branch.claims}
        for key in branch.claims:
            claim = topic.claim[key]
            node = "point__" + f"{branch.key}.{key}".replace(".", "__")
            assert " ".join(claim.text.split()[:3]) in words(graph, node)
        # One counter node beside each challenged point, joined by a conflict edge.
        counters = {n for n in nodes if n.startswith("counter__")}
        answered = {c.point for c in branch.counters}
        assert len(counters) == len(answered)
        for point in answered:
            node = "counter__" + f"{branch.key}.{point}".replace(".", "__")
            point_node = "point__" + f"{branch.key}.{point}".replace(".", "__")
            edges = [
                e
                for e in graph.edges()
                if set(e) == {node, point_node} and e.attr["style"] != "invis"
            ]
            assert edges and all(e.attr["arrowhead"] == "tee" for e in edges)
            for c in branch.counters_of(point):
                assert " ".join(topic.claim[c.counter].text.split()[:3]) in words(graph, node)
    # The essay runs top down: question, each branch, conclusion.
    heads = ["question"] + [f"branch__{b.key}" for b in branches] + ["conclusion"]
    for a, b in zip(heads, heads[1:], strict=False):
        assert graph.has_edge(a, b)


def test_plan_conclusion_sorts_common_and_contested_ground(small):
    topic, overlap = small
    _, graph = parse(topic, overlap)
    conclusion = words(graph, "conclusion")
    common = conclusion.index("Common ground")
    contested = conclusion.index("Contested")
    one = conclusion.index("Argued by one school")
    assert common < conclusion.index("The [party] apparatus") < contested
    assert contested < conclusion.index("2. Ideas") < one
    assert "CONTESTED" in words(graph, "branch__ideas")
    assert "COMMON GROUND" in words(graph, "branch__apparatus")


def test_plan_by_school(small):
    topic, overlap = small
    diagram, graph = parse(topic, overlap, by="school")
    assert diagram.name == "plan-by-school"
    found = clusters(graph)
    assert [c.name for c in found] == [f"cluster_branch__{s.id}" for s in topic.schools]
    for school, cluster in zip(topic.schools, found, strict=True):
        points = sorted(n for n in cluster.nodes() if n.startswith("point__"))
        assert points == sorted(
            "point__" + f"{school.id}.{c.key}".replace(".", "__") for c in school.claims
        )
    # Gamma's challenge stands beside beta's claim in beta's branch, and vice versa.
    assert graph.has_node("counter__beta__beta__belief")
    assert graph.has_node("counter__gamma__gamma__doubt")
    assert graph.has_edge("counter__beta__beta__belief", "point__beta__beta__belief")
    assert graph.has_edge("point__gamma__gamma__doubt", "counter__gamma__gamma__doubt")


def test_plan_focus(any_topic):
    topic, overlap = any_topic
    focus = topic.factors[-1].id
    diagram, graph = parse(topic, overlap, focus=focus)
    assert diagram.name == f"plan-focus-{focus}"
    found = [c.name for c in clusters(graph)]
    ranked = [s.factor for s in essay.standings(topic, overlap) if s.factor != focus]
    expected = [focus, *ranked] + (
        [essay.OTHER] if any(not c.factors for c in topic.claims) else []
    )
    assert found == [f"cluster_branch__{k}" for k in expected]
    assert words(graph, f"branch__{focus}").startswith("Focus")
    assert words(graph, f"branch__{ranked[0]}").startswith("Alternative 1")
    assert "How far do you agree?" in words(graph, "question")
    assert graph.has_edge("question", f"branch__{focus}")


def test_plan_refuses_bad_options(small):
    topic, overlap = small
    view = views.get("plan")
    with pytest.raises(ValueError):
        view(Analysis(topic, overlap), THEMES["default"], by="decade")
    with pytest.raises(ValueError):
        view(Analysis(topic, overlap), THEMES["default"], focus="nope")
    with pytest.raises(ValueError):
        view(Analysis(topic, overlap), THEMES["default"], by="school", focus="ideas")


@pytest.mark.parametrize("options", [{}, {"by": "school"}, {"focus": "party-apparatus"}])
def test_slide_plan_is_compact_and_readable(stalin, options):
    topic, overlap = stalin
    theme = THEMES["slides"]
    diagram, graph = parse(topic, overlap, "slides", **options)
    assert not [n for n in graph.nodes() if n.startswith(("point__", "counter__"))]
    assert graph.has_node("question") and graph.has_node("conclusion")
    svg = render(diagram.source, "svg", diagram=diagram.name, **vars(diagram.settings))
    width, height = _view_box(svg)
    assert width / height == pytest.approx(16 / 9, rel=0.01)
    assert theme.small * 1920 / width >= 14


def test_plan_renders_and_is_deterministic(stalin):
    topic, overlap = stalin
    first = views.get("plan")(Analysis(topic, overlap), THEMES["print"]).source
    assert first == views.get("plan")(Analysis(topic, overlap), THEMES["print"]).source
    assert render(first, "svg").startswith(b"<?xml")


def test_hostile_text_stays_text_in_the_plan(tmp_path):
    topic, overlap = checked(hostile_topic(tmp_path))
    for options in ({}, {"by": "school"}, {"focus": "f1"}):
        diagram, graph = parse(topic, overlap, **options)
        for node in graph.nodes():
            assert re.match(r"^[A-Za-z][A-Za-z0-9_-]*$", node), node
        svg = render(diagram.source, "svg", diagram=diagram.name)
        assert b"<script" not in svg and b"<img" not in svg
