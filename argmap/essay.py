"""The essay analysis: how a topic becomes an essay plan (pure data, no rendering).

An essay weighs factors. For each factor it gathers:

- the *claims that bear on it*: the claims that carry it in ``factors``. A claim that
  carries several factors bears on each of them, and so appears in each branch. Claims
  that carry no factor at all are not lost: they form one last branch, "Other arguments"
  (key :data:`OTHER`), which is not a factor and so is not ranked;
- the *schools* of those claims (from the shared overlap analysis, in topic order);
- the *evidence* those claims cite, in date order (undated items last), and how much of it
  is dated;
- the *historians* those claims name, with the works they are cited for;
- the *counter-arguments*: every ``challenges`` relation that touches one of those claims,
  whichever side wrote it (a claim that challenges one of them, or one of them that
  challenges another). ``challenges`` is symmetric in meaning, so a challenge written on
  both sides counts once. Each counter-argument is attached to the branch claim it
  answers: the challenged claim when it is in the branch, else the branch claim that
  made the challenge (the claim it challenges is then the argument against it);
- ``agrees``/``qualifies`` relations touching those claims, as nuance (they do not
  change the standing of a factor).

The *ranking* of factors (:func:`standings`) orders them by how many schools bear on them,
then by how much dated evidence those claims cite, then by fewest challenges, then as the
topic lists them. Each factor has a status: "common ground" (two or more schools and no
challenge), "contested" (any challenge), "one school" (one school and no challenge), or
"not argued" (no claim carries it; a topic with such a factor still passes ``check``, with
a warning). Views and documents draw on this module; it draws on
:mod:`argmap.overlap` and never recomputes what that analysis already knows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from argmap.model import Claim, Factor, HistorianCite, Topic, Work
from argmap.overlap import Link, Overlap

# The branch key of claims that carry no factor: not an id (no id starts with "_"), so
# that a factor with the id "other" keeps its own branch.
OTHER = "_other"
OTHER_TITLE = "Other arguments"

COMMON = "common ground"
CONTESTED = "contested"
ONE_SCHOOL = "one school"
NOT_ARGUED = "not argued"
STATUSES = (COMMON, CONTESTED, ONE_SCHOOL, NOT_ARGUED)


@dataclass(frozen=True)
class Counter:
    """A counter-argument: ``counter`` argues against ``point`` (a claim of the branch).

    ``link`` is the ``challenges`` relation as it was written (either direction)."""

    point: str  # claim key, in the branch
    counter: str  # claim key, in the branch or not
    link: Link


@dataclass(frozen=True)
class HistorianRef:
    """A historian as a claim names them, with the works that stand for the citation."""

    historian: str  # historian id
    works: tuple[Work, ...]  # see :func:`cited_works`
    page: str | None = None


@dataclass(frozen=True)
class Branch:
    """One branch of the plan: a factor, a school, or the claims with no factor."""

    key: str  # factor id, school id, or OTHER
    kind: str  # "factor", "school" or "other"
    title: str
    claims: tuple[str, ...]  # claim keys, in topic order
    schools: tuple[str, ...]  # in topic order
    evidence: tuple[str, ...]  # evidence ids cited by the claims, dated first, in date order
    dated: int  # how many of them carry a date
    historians: tuple[HistorianRef, ...]
    counters: tuple[Counter, ...]
    nuances: tuple[Link, ...]  # agrees/qualifies touching the claims
    description: str | None = None

    def counters_of(self, claim: str) -> tuple[Counter, ...]:
        return tuple(c for c in self.counters if c.point == claim)


@dataclass(frozen=True)
class FactorStanding:
    """Where a factor stands in the debate: the numbers the conclusion weighs."""

    factor: str  # factor id
    schools: tuple[str, ...]
    dated_evidence: int
    challenges: int
    status: str


# -- relations, from the shared overlap analysis -------------------------------------------


def challenges(overlap: Overlap) -> tuple[Link, ...]:
    """Every ``challenges`` relation once (one written on both sides counts once)."""
    seen: set[frozenset[str]] = set()
    out = []
    for link in overlap.links:
        pair = frozenset((link.source, link.target))
        if link.kind == "challenges" and pair not in seen:
            seen.add(pair)
            out.append(link)
    return tuple(out)


def _counters(claims: tuple[str, ...], overlap: Overlap) -> tuple[Counter, ...]:
    inside = set(claims)
    out = []
    for link in challenges(overlap):
        if link.target in inside:
            out.append(Counter(link.target, link.source, link))
        elif link.source in inside:
            out.append(Counter(link.source, link.target, link))
    order = {key: i for i, key in enumerate(claims)}
    return tuple(sorted(out, key=lambda c: order[c.point]))


def _nuances(claims: tuple[str, ...], overlap: Overlap) -> tuple[Link, ...]:
    inside = set(claims)
    return tuple(
        link
        for link in overlap.links
        if link.kind != "challenges" and (link.source in inside or link.target in inside)
    )


# -- historians and works ------------------------------------------------------------------


def cited_works(topic: Topic, cite: HistorianCite) -> tuple[Work, ...]:
    """The works that stand for a citation of a historian.

    A citation with ``work`` stands for that work. A historian named without a work (in a
    claim's or a school's ``historians``) stands for the works of theirs that the topic
    cites elsewhere, or, if it cites none, for their first listed work (if any)."""
    if cite.work:
        return (topic.work[cite.work][1],)
    person = topic.historian[cite.id]
    explicit = {
        c.work for claim in topic.claims for c in claim.historians if c.id == cite.id and c.work
    }
    # In the order the historian lists them.
    return tuple(w for w in person.works if w.id in explicit) or person.works[:1]


def school_historians(topic: Topic, school: str) -> tuple[str, ...]:
    """A school's main historians: its own list, or, if it names none, its claims'."""
    s = topic.school[school]
    return s.historians or s.all_historians


def _historian_refs(topic: Topic, claims: list[Claim]) -> tuple[HistorianRef, ...]:
    refs: dict[tuple[str, tuple[Work, ...]], HistorianRef] = {}
    for claim in claims:
        for cite in claim.historians:
            works = cited_works(topic, cite)
            refs.setdefault((cite.id, works), HistorianRef(cite.id, works, cite.page))
    return tuple(refs.values())


# -- branches ------------------------------------------------------------------------------


def _branch(
    topic: Topic,
    overlap: Overlap,
    key: str,
    kind: str,
    title: str,
    claims: list[Claim],
    schools: tuple[str, ...],
    description: str | None = None,
) -> Branch:
    keys = tuple(c.key for c in claims)
    ids = dict.fromkeys(cite.id for c in claims for cite in c.evidence)
    items = sorted((topic.evidence_item[i] for i in ids), key=lambda e: e.date_key)
    return Branch(
        key=key,
        kind=kind,
        title=title,
        claims=keys,
        schools=schools,
        evidence=tuple(e.id for e in items),
        dated=sum(1 for e in items if e.date),
        historians=_historian_refs(topic, claims),
        counters=_counters(keys, overlap),
        nuances=_nuances(keys, overlap),
        description=description,
    )


def factor_branch(topic: Topic, overlap: Overlap, factor: Factor) -> Branch:
    claims = [c for c in topic.claims if factor.id in c.factors]
    return _branch(
        topic,
        overlap,
        factor.id,
        "factor",
        factor.name,
        claims,
        overlap.factor_users.get(factor.id, ()),
        factor.description,
    )


def other_branch(topic: Topic, overlap: Overlap) -> Branch | None:
    """The claims that carry no factor, or None when every claim carries one."""
    claims = [c for c in topic.claims if not c.factors]
    if not claims:
        return None
    schools = tuple(s for s in overlap.schools if any(c.school == s for c in claims))
    return _branch(topic, overlap, OTHER, "other", OTHER_TITLE, claims, schools)


def branches(
    topic: Topic,
    overlap: Overlap,
    *,
    by: str = "factor",
    focus: str | None = None,
    ranked: tuple[FactorStanding, ...] | None = None,
) -> tuple[Branch, ...]:
    """The branches of a plan.

    ``by="factor"`` (a thematic essay): one branch per factor in topic order, then "Other
    arguments" if any claim carries no factor. With ``focus`` (a factor id): that factor
    first, then the others in ranking order (the strongest alternatives first), then
    "Other arguments". ``by="school"``: one branch per school, in topic order.
    ``ranked`` is :func:`standings` when the caller has it already."""
    if by == "school":
        return tuple(
            _branch(
                topic,
                overlap,
                s.id,
                "school",
                s.name,
                list(s.claims),
                (s.id,),
                s.thesis,
            )
            for s in topic.schools
        )
    if by != "factor":
        raise ValueError(f"a plan is by 'factor' or 'school', not {by!r}")
    factors = list(topic.factors)
    if focus is not None:
        if focus not in topic.factor:
            raise KeyError(focus)
        order = [s.factor for s in (ranked or standings(topic, overlap))]
        factors = [topic.factor[focus]] + [topic.factor[f] for f in order if f != focus]
    out = [factor_branch(topic, overlap, f) for f in factors]
    other = other_branch(topic, overlap)
    return tuple(out + ([other] if other else []))


# -- the ranking ---------------------------------------------------------------------------


def status_of(schools: int, challenges: int) -> str:
    if challenges:
        return CONTESTED
    if schools >= 2:
        return COMMON
    return ONE_SCHOOL if schools == 1 else NOT_ARGUED


def standing(branch: Branch) -> FactorStanding:
    return FactorStanding(
        factor=branch.key,
        schools=branch.schools,
        dated_evidence=branch.dated,
        challenges=len(branch.counters),
        status=status_of(len(branch.schools), len(branch.counters)),
    )


def standings(topic: Topic, overlap: Overlap) -> tuple[FactorStanding, ...]:
    """Every factor's standing, in ranking order: most schools, then most dated evidence,
    then fewest challenges, then topic order."""
    order = {f.id: i for i, f in enumerate(topic.factors)}
    all_ = [standing(factor_branch(topic, overlap, f)) for f in topic.factors]
    return tuple(
        sorted(
            all_,
            key=lambda s: (-len(s.schools), -s.dated_evidence, s.challenges, order[s.factor]),
        )
    )


def ranking_json(topic: Topic, overlap: Overlap) -> list[dict[str, Any]]:
    """The ranking as JSON-ready dicts, best-supported first (``argmap list --json``,
    key "ranking")::

        {"rank": 1, "factor": "party-apparatus", "name": "Control of the Party apparatus",
         "schools": ["power-politics", ...], "dated_evidence": 14, "challenges": 0,
         "status": "common ground"}
    """
    return [
        {
            "rank": i,
            "factor": s.factor,
            "name": topic.factor[s.factor].name,
            "schools": list(s.schools),
            "dated_evidence": s.dated_evidence,
            "challenges": s.challenges,
            "status": s.status,
        }
        for i, s in enumerate(standings(topic, overlap), start=1)
    ]


def by_status(ranked: tuple[FactorStanding, ...]) -> dict[str, tuple[FactorStanding, ...]]:
    """The ranking grouped by status (each group in ranking order; every status present)."""
    return {status: tuple(s for s in ranked if s.status == status) for status in STATUSES}


# -- the paragraphs, in the order a plan recommends ----------------------------------------


@dataclass(frozen=True)
class Rank:
    """A factor's place in the ranking: 1 is the best supported. Factors that tie on every
    measure (schools, dated evidence, challenges) share a place, as in a sports table
    (1, 2, 2, 4), and ``tied`` says so."""

    place: int
    tied: bool = False

    @property
    def label(self) -> str:
        """How a plan writes it: "3", or "3=" for a place shared with another factor."""
        return f"{self.place}=" if self.tied else str(self.place)


def _measure(s: FactorStanding) -> tuple[int, int, int]:
    return (len(s.schools), s.dated_evidence, s.challenges)


def ranks(ranked: tuple[FactorStanding, ...]) -> dict[str, Rank]:
    """Each factor's :class:`Rank`, from :func:`standings` (in ranking order).

    >>> s = [FactorStanding(f, ("a",) * n, d, 0, "") for f, n, d in
    ...      [("x", 3, 5), ("y", 2, 4), ("z", 2, 4), ("w", 1, 0)]]
    >>> [r.label for r in ranks(tuple(s)).values()]
    ['1', '2=', '2=', '4']
    """
    out: dict[str, Rank] = {}
    for s in ranked:
        first = next(j for j, t in enumerate(ranked) if _measure(t) == _measure(s))
        tied = sum(1 for t in ranked if _measure(t) == _measure(s)) > 1
        out[s.factor] = Rank(first + 1, tied)
    return out


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of an essay plan, in the order the plan recommends it.

    ``number`` is the one number the plan gives it, in the diagram and in the written plan
    alike: a factor's rank label ("1", "3=" for a tie: :class:`Rank`), a school's place in
    the topic's school order, and "" for "Other arguments" (not a factor, not ranked)."""

    branch: Branch
    number: str
    rank: Rank | None = None  # a factor's; None for a school or "Other arguments"


def paragraphs(
    topic: Topic,
    overlap: Overlap,
    *,
    by: str = "factor",
    focus: str | None = None,
    ranked: tuple[FactorStanding, ...] | None = None,
) -> tuple[Paragraph, ...]:
    """The paragraphs of an essay plan in the order it recommends, each with its number.

    ``by="factor"`` (a thematic essay): the factors in ranking order, the best supported
    first (factors that tie keep the topic's order and share their number, "3="), then
    "Other arguments" if any claim carries no factor. With ``focus``: that factor first,
    then the others in ranking order, each still numbered by its rank. ``by="school"``:
    one paragraph per school, in the topic's school order, numbered 1, 2, ...

    The plan diagram (:mod:`argmap.views.plan`) and the written plan
    (:mod:`argmap.documents.markdown`) both number and order their paragraphs from here,
    so the two always agree."""
    if by == "school":
        return tuple(
            Paragraph(b, str(i))
            for i, b in enumerate(branches(topic, overlap, by="school"), start=1)
        )
    ranked = ranked or standings(topic, overlap)
    order = [s.factor for s in ranked]
    if focus is not None:
        if focus not in topic.factor:
            raise KeyError(focus)
        order = [focus] + [f for f in order if f != focus]
    place = ranks(ranked)
    out = [
        Paragraph(factor_branch(topic, overlap, topic.factor[f]), place[f].label, place[f])
        for f in order
    ]
    other = other_branch(topic, overlap)
    return tuple(out + ([Paragraph(other, "")] if other else []))


def focus_statement(topic: Topic, focus: str) -> str:
    """The claim a "how far do you agree" essay on one factor weighs."""
    return f"“{topic.factor[focus].name}” was the most important factor. How far do you agree?"
