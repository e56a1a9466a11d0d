"""The essay plan: the shared analysis (argmap.essay), the plan view and the written plan."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pygraphviz
import pytest

from argmap import essay, registry, views
from argmap.analysis import Analysis
from argmap.documents.plan import essay_plan, paragraphs, text
from argmap.model import Topic
from argmap.overlap import Overlap
from argmap.render import render
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


# -- the paragraphs: one order and one numbering for the diagram and the written plan -----


def test_paragraphs_follow_the_ranking_and_tied_factors_share_a_number(tmp_path):
    """A factor that ties with another on every measure shares its number ("3="); the
    paragraphs run in ranking order, "Other arguments" last and unnumbered."""
    files = dict(SMALL)
    files["topic.yaml"] += "  - {id: chance, name: Chance}\n"
    files["schools/alpha.yaml"] = files["schools/alpha.yaml"].replace(
        "factors: [luck]", "factors: [luck, chance]"
    )
    topic, overlap = checked(write_files(tmp_path / "tie", files))
    analysis = Analysis(topic, overlap)
    made = analysis.paragraphs()
    assert [(p.branch.key, p.number) for p in made] == [
        ("apparatus", "1"),
        ("ideas", "2"),
        ("luck", "3="),
        ("chance", "3="),
        ("unused", "5"),
        (essay.OTHER, ""),
    ]
    assert made[2].rank == essay.Rank(3, True) and made[0].rank == essay.Rank(1, False)
    # With a focus, that factor first; each keeps its number.
    focused = analysis.paragraphs(focus="luck")
    assert [(p.branch.key, p.number) for p in focused][:3] == [
        ("luck", "3="),
        ("apparatus", "1"),
        ("ideas", "2"),
    ]
    assert [p.number for p in analysis.paragraphs(by="school")] == ["1", "2", "3"]
    # The diagram says each number once, in the banner, tie included.
    pages = views_draw(analysis)
    banners = {
        n: words(g, n)
        for g in (parse_page(d) for d in pages)
        for n in g.nodes()
        if n.startswith("branch__")
    }
    assert banners["branch__luck"].startswith("3= Luck") and "(a tie)" in banners["branch__luck"]
    assert banners["branch__chance"].startswith("3= Chance")
    assert not any("ranked" in text or "Paragraph" in text for text in banners.values())


# -- the plan view ----------------------------------------------------------------------------


def views_draw(analysis: Analysis, theme: str = "default", **options: str) -> tuple:
    return registry.view("plan").draw(analysis, THEMES[theme], **options)


def parse_page(diagram) -> pygraphviz.AGraph:
    return pygraphviz.AGraph(string=diagram.source)


def parse(topic: Topic, overlap: Overlap, theme: str = "default", **options: str):
    """The plan drawn, and its pages read as one graph (the nodes of every page)."""
    pages = views_draw(Analysis(topic, overlap), theme, **options)
    return pages, _merged(pages)


def _merged(pages) -> pygraphviz.AGraph:
    merged = pygraphviz.AGraph(directed=True)
    for d in pages:
        g = pygraphviz.AGraph(string=d.source)
        for node in g.nodes():
            merged.add_node(node, **node.attr)
        for edge in g.edges():
            merged.add_edge(edge[0], edge[1], **edge.attr)
        for sub in g.subgraphs():
            if (sub.name or "").startswith("cluster_branch__"):
                merged.add_subgraph(list(sub.nodes()), name=f"{sub.name}__{d.page}")
    return merged


def clusters(graph) -> list:
    return [s for s in graph.subgraphs() if (s.name or "").startswith("cluster_branch__")]


def label(graph, node: str) -> str:
    """A node's label as text: its markup (TABLE, TD, FONT, BR...) gone, entities read."""
    markup = re.sub(r"<*/?[A-Z]+\b[^<>]*>+", " ", graph.get_node(node).attr["label"])
    return html.unescape(markup)


def words(graph, node: str) -> str:
    return " ".join(label(graph, node).split())


def point(branch: str, key: str) -> str:
    return "point__" + f"{branch}.{key}".replace(".", "__")


def test_plan_has_question_paragraphs_points_and_conclusion(any_topic):
    topic, overlap = any_topic
    analysis = Analysis(topic, overlap)
    pages, graph = parse(topic, overlap)
    assert all(d.name == "plan" for d in pages)
    assert graph.has_node("question") and graph.has_node("conclusion")
    paragraphs = analysis.paragraphs()
    order = [c.name.split("__")[1] for c in clusters(graph)]
    assert list(dict.fromkeys(order)) == [p.branch.key for p in paragraphs]  # in plan order
    for p in paragraphs:
        branch = p.branch
        assert graph.has_node(f"branch__{branch.key}")
        for key in branch.claims:  # each point once, a card of its claim
            name = point(branch.key, key)
            assert graph.has_node(name)
            claim = topic.claim[key]
            assert (claim.short or claim.text).split()[0] in words(graph, name)
    # No line but the ones that order the plan: counter-arguments are stubs on the cards.
    assert not [e for e in graph.edges() if e.attr.get("style") != "invis"]


def test_a_counter_argument_says_which_way_it_runs_and_how(tmp_path):
    files = dict(SMALL)
    files["schools/gamma.yaml"] = files["schools/gamma.yaml"].replace(
        "challenges: [beta.belief]",
        "challenges: [{claim: beta.belief, note: Belief came after the appointments.}]",
    )
    topic, overlap = checked(write_files(tmp_path / "how", files))
    _, graph = parse(topic, overlap)
    challenged = words(graph, point("ideas", "beta.belief"))
    challenger = words(graph, point("ideas", "gamma.doubt"))
    assert "challenged by GS 1 Belief had nothing to do with it." in challenged
    assert "challenges BS 1 They believed in him." in challenger
    for said in (challenged, challenger):
        assert "Belief came after the appointments." in said  # how: the note, written out


def test_a_claim_on_several_factors_is_drawn_in_full_once(stalin):
    """In full in the first paragraph that has it; later paragraphs say where."""
    topic, overlap = stalin
    analysis = Analysis(topic, overlap)
    _, graph = parse(topic, overlap)
    claim = next(c for c in topic.claims if len(c.factors) > 1)
    where = [p for p in analysis.paragraphs() if claim.key in p.branch.claims]
    drawn = [words(graph, point(p.branch.key, claim.key)) for p in where]
    brief = "its evidence, historians and relations"
    assert brief not in drawn[0]
    assert all(f"{brief}: paragraph {where[0].number}" in later for later in drawn[1:])


def test_plan_conclusion_sorts_common_and_contested_ground(small):
    topic, overlap = small
    _, graph = parse(topic, overlap)
    conclusion = words(graph, "conclusion")
    common = conclusion.index("Common ground")
    contested = conclusion.index("Contested")
    one = conclusion.index("Argued by one school")
    assert common < conclusion.index("1 The [party] apparatus") < contested
    assert contested < conclusion.index("2 Ideas") < one
    assert "CONTESTED" in words(graph, "branch__ideas")
    assert "COMMON GROUND" in words(graph, "branch__apparatus")


def test_plan_by_school(small):
    topic, overlap = small
    pages, graph = parse(topic, overlap, by="school")
    assert pages[0].name == "plan-by-school"
    order = [c.name.split("__")[1] for c in clusters(graph)]
    assert list(dict.fromkeys(order)) == [s.id for s in topic.schools]
    for school in topic.schools:
        for claim in school.claims:
            assert graph.has_node(point(school.id, claim.key))
    assert "challenged by GS 1" in words(graph, point("beta", "beta.belief"))
    assert "challenges BS 1" in words(graph, point("gamma", "gamma.doubt"))


def test_plan_focus_draws_only_what_the_focus_needs(any_topic):
    topic, overlap = any_topic
    analysis = Analysis(topic, overlap)
    focus = topic.factors[-1].id
    pages, graph = parse(topic, overlap, focus=focus)
    assert pages[0].name == f"plan-focus-{focus}"
    # The focus first, the alternatives after it in ranking order (as banners).
    source = "\n".join(d.source for d in pages)
    keys = [p.branch.key for p in analysis.paragraphs(focus=focus)]
    at = [re.search(f'"?branch__{key}"? \\[label', source).start() for key in keys]
    assert at == sorted(at)
    assert [c.name.split("__")[1] for c in clusters(graph)] == [focus]
    points = {n for n in graph.nodes() if n.startswith("point__")}
    focused = analysis.paragraphs(focus=focus)[0].branch
    assert points == {point(focus, key) for key in focused.claims}  # the others: banners
    assert words(graph, f"branch__{focus}").startswith("Focus")
    assert "How far do you agree?" in words(graph, "question")
    _, full = parse(topic, overlap)
    assert len(graph.nodes()) < len(full.nodes())


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
def test_slides_open_with_the_plan_at_a_glance_then_a_slide_per_paragraph(stalin, options):
    topic, overlap = stalin
    analysis = Analysis(topic, overlap)
    pages = views_draw(analysis, "slides", **options)
    first = parse_page(pages[0])
    assert not [n for n in first.nodes() if n.startswith("point__")]
    assert first.has_node("question") and first.has_node("conclusion")
    paragraphs = analysis.paragraphs(**options)
    assert {f"branch__{p.branch.key}" for p in paragraphs} <= set(first.nodes())
    shown: list[str] = []
    for d in pages[1:]:
        graph = parse_page(d)
        assert len(clusters(graph)) == 1 and graph.has_node("legend")
        assert f"({d.page}/{len(pages)})" in d.title
        shown += [n for n in graph.nodes() if n.startswith("point__")]
    expected = [
        point(p.branch.key, key)
        for p in paragraphs
        if options.get("focus") in (None, p.branch.key)
        for key in p.branch.claims
    ]
    assert sorted(shown) == sorted(expected)


def test_plan_is_deterministic(stalin):
    topic, overlap = stalin
    first = [d.source for d in views_draw(Analysis(topic, overlap), "print")]
    assert first == [d.source for d in views_draw(Analysis(topic, overlap), "print")]


@pytest.mark.slow
def test_plan_renders(stalin):
    topic, overlap = stalin
    for d in views_draw(Analysis(topic, overlap), "print")[:2]:
        assert render(d.source, "svg").startswith(b"<?xml")


def test_hostile_text_stays_text_in_the_plan(tmp_path):
    topic, overlap = checked(hostile_topic(tmp_path))
    for options in ({}, {"by": "school"}, {"focus": "f1"}):
        pages, graph = parse(topic, overlap, **options)
        for node in graph.nodes():
            assert re.match(r"^[A-Za-z][A-Za-z0-9_-]*$", node), node
        for d in pages:
            svg = render(d.source, "svg", diagram=d.name)
            assert b"<script" not in svg and b"<img" not in svg
