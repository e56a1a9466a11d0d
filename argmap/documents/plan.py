"""The written essay plan: Markdown (``export -f markdown``, the build's ``plan.md``), Word
(``export -f docx``) and an HTML section for the report, all from one pandoc Markdown source
whose citations a CSL processor formats (:mod:`argmap.citations`).

The plan, drawn from the essay analysis (:mod:`argmap.essay`):

- the question, the introduction (the summary; each school with its historians and thesis)
  and the student's line of argument;
- one section per paragraph of the essay, in the order and with the numbers of the plan
  diagram (:func:`paragraphs`): the factor's standing (with the ranking's caveat: it counts
  how much of the debate cites a factor, not how much the factor mattered); the point; the
  case for it, claim by claim ("1.3"), each introduced by its school and historians, with a
  footnote to the works cited and the evidence in date order, each item written out once
  and later referred to by the point that first gave it; then, kept apart, what stands
  against it: the claims that challenge or qualify its points, each saying how (the
  relation's note), and the standard criticisms of the schools that make its case; then a
  prompt for the student's judgement;
- a conclusion that weighs common against contested ground, with the ranking and its
  caveat; and the bibliography of every work of the topic, in the chosen CSL style.

``worksheet=True`` makes the students' copy: the question, the factors with their points,
claims and evidence, every counter-argument and criticism hidden, and an empty judgement
table.

User text is not Markdown: characters that Markdown would read as markup (pandoc's
citations and footnotes among them) are escaped (:func:`text`), and line breaks inside a
value are folded, so nothing a user writes can start a heading, a list, a link, a table,
a citation or raw HTML.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from argmap import dates, essay
from argmap.analysis import Analysis
from argmap.essay import Branch, FactorStanding
from argmap.model import Claim, Evidence, HistorianCite, Work
from argmap.text import clean, markdown

_WORD = re.compile(r"[A-Za-z]+")

# The ranking's caveat, said wherever a rank is given.
CAVEAT = (
    "a count of how much of this debate cites the factor (schools, dated evidence, "
    "challenges), not a measure of how much it mattered"
)


def text(value: str) -> str:
    """User text as inline Markdown that reads as written (:func:`argmap.text.markdown`)."""
    return markdown(value)


def date(item: Evidence) -> str:
    """An evidence item's date as a reader sees it (:func:`argmap.dates.display`)."""
    return dates.display(item.when) if item.when else "Undated"


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def join(items: list[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def sentence(value: str) -> str:
    """Text followed by a full stop unless it already ends a sentence."""
    value = value.rstrip()
    ends = (".", "?", "!", ".”", "?”", "!”", ".*", "?*", "!*", ".)", "?)", "!)")
    return value if value.endswith(ends) else value + "."


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of the essay in the plan's order, with the number the plan diagram
    gives it."""

    branch: Branch
    number: str


def paragraphs(analysis: Analysis, focus: str | None = None) -> tuple[Paragraph, ...]:
    """The paragraphs of the plan, in order, with their numbers: the one place the
    written plan takes them from, so that they match the plan diagram (which numbers
    ``analysis.branches`` in order, 1, 2, ...)."""
    return tuple(
        Paragraph(b, str(i)) for i, b in enumerate(analysis.branches(focus=focus), start=1)
    )


class _Words:
    """Whether a capitalised first word is an ordinary word (lowercased after "argues
    that") or a name (kept): a name if the topic writes it capitalised inside a sentence
    somewhere ("Stalin", "Lenin"), an ordinary word otherwise ("Scarcity", "Once")."""

    _INSIDE = re.compile(r"(?<=[a-z,;:] )([A-Z][a-z']+)")

    def __init__(self, texts: Iterable[str]) -> None:
        self.names = {w for t in texts for w in self._INSIDE.findall(t)}

    def after_that(self, value: str) -> str:
        match = _WORD.match(value)
        if match is None:
            return value
        word = match.group(0)
        if len(word) > 1 and not word[1:].islower():
            return value  # NEP, USSR
        if word in self.names and word not in ("A", "An", "The"):
            return value
        return word.lower() + value[len(word) :]


class _Plan:
    def __init__(
        self,
        analysis: Analysis,
        focus: str | None,
        *,
        worksheet: bool,
        keys: dict[tuple[str, Work], str],
    ) -> None:
        self.analysis = analysis
        self.topic = analysis.topic
        self.focus = focus
        self.worksheet = worksheet
        self.keys = keys  # (historian id, work) -> CSL id
        self.paragraphs = paragraphs(analysis, focus)
        self.rank = {s.factor: i for i, s in enumerate(analysis.standings, start=1)}
        t = self.topic
        self.words = _Words(
            [c.text for c in t.claims]
            + [e.text for e in t.evidence]
            + [s.thesis for s in t.schools]
            + [f.description or "" for f in t.factors]
            + [t.summary or "", t.question]
        )
        # Every claim's label: its place in the first paragraph that argues it ("2.3").
        self.label: dict[str, str] = {}
        for p in self.paragraphs:
            for i, key in enumerate(p.branch.claims, start=1):
                self.label.setdefault(key, f"{p.number}.{i}")
        # Each school's criticisms are given once, in the paragraph where the school makes
        # most of its points (the first of equals).
        self.criticised: dict[str, str] = {}  # school id -> paragraph number
        best: dict[str, int] = {}
        for p in self.paragraphs:
            for school in dict.fromkeys(t.claim[k].school for k in p.branch.claims):
                n = sum(1 for k in p.branch.claims if t.claim[k].school == school)
                if n > best.get(school, 0) and t.school[school].criticisms:
                    best[school] = n
                    self.criticised[school] = p.number
        self.shown_claims: set[str] = set()
        self.shown_evidence: dict[str, str] = {}  # evidence id -> the label that gave it
        self.out: list[str] = []

    def add(self, *lines: str) -> None:
        self.out.extend(lines)

    def school(self, school: str) -> str:
        return text(self.topic.school[school].name)

    def factor(self, factor: str) -> str:
        return text(self.topic.factor[factor].name)

    # -- citations ----------------------------------------------------------------------

    def citation(self, cites: Iterable[HistorianCite]) -> str:
        """``[@key, page; @key2]`` for the works that stand for the citations ('' when
        none has a work)."""
        parts: dict[str, str] = {}
        for cite in cites:
            for work in essay.cited_works(self.topic, cite):
                key = self.keys.get((cite.id, work))
                if key is None:
                    continue
                locator = f", {text(cite.page)}" if cite.page and cite.work else ""
                parts.setdefault(key, f"@{key}{locator}")
        return f"[{'; '.join(parts.values())}]" if parts else ""

    def who(self, cites: Iterable[HistorianCite]) -> list[str]:
        return [text(self.topic.historian[h].name) for h in dict.fromkeys(c.id for c in cites)]

    def argues(self, claim: Claim) -> str:
        """The claim introduced by its school and historians ("*Power politics.* Robert
        Service argues that ..."), with its citation; a claim that names no historian is
        introduced by its school alone."""
        people = self.who(claim.historians)
        school = f"*{self.school(claim.school)}.*"
        if not people:
            return f"{school} {sentence(text(claim.text))}"
        verb = "argue" if len(people) > 1 else "argues"
        body = sentence(text(self.words.after_that(clean(claim.text).strip())))
        return f"{school} {join(people)} {verb} that {body}{self.citation(claim.historians)}"

    def brief(self, key: str) -> str:
        """A claim already given: its school, its short text and where it is argued."""
        claim = self.topic.claim[key]
        where = f" ({self.label[key]})" if key in self.label else ""
        return f"*{self.school(claim.school)}*{where}: {sentence(text(claim.short or claim.text))}"

    # -- evidence -----------------------------------------------------------------------

    def evidence(self, claim: Claim, label: str) -> str:
        """The claim's evidence in reading order: written out the first time, then referred
        to by the point that gave it; each with the note saying how it bears here."""
        t = self.topic
        cites = sorted(claim.evidence, key=lambda c: dates.reading_key(t.evidence_item[c.id].when))
        out = []
        for cite in cites:
            item = t.evidence_item[cite.id]
            if cite.id in self.shown_evidence:
                line = f"**{date(item)}** (see {self.shown_evidence[cite.id]})"
            else:
                self.shown_evidence.setdefault(cite.id, label)
                line = f"**{date(item)}**: {text(item.text)}"
                if item.quote:
                    line = f"{sentence(line)} “{text(item.quote)}”"
                if item.source:
                    line += f" ({text(item.source)})"
                line = sentence(line)
                if item.caveat:
                    line += f" *Caveat: {sentence(text(item.caveat))}*"
            line = sentence(line)
            if cite.note:
                line += f" *Here:* {sentence(text(cite.note))}"
            out.append(line)
        return " ".join(out)

    # -- the parts ----------------------------------------------------------------------

    def title(self) -> None:
        t = self.topic
        lead = "Essay worksheet" if self.worksheet else "Essay plan"
        if self.focus:
            self.add(f"# {lead}: {text(essay.focus_statement(t, self.focus))}", "")
            self.add(f"On the question: *{text(t.question)}*", "")
        else:
            self.add(f"# {lead}: {text(t.question)}", "")
        facts = [plural(len(t.schools), "school"), plural(len(t.factors), "factor")]
        if t.period:
            facts.insert(0, f"{t.period[0]}–{t.period[1]}")
        self.add(f"*{' · '.join(facts)} · made by argmap from the topic “{text(t.id)}”*", "")

    def introduction(self) -> None:
        t = self.topic
        self.add("## Introduction", "")
        if t.summary:
            self.add(text(t.summary), "")
        for school in t.schools:
            people = [text(t.historian[h].name) for h in essay.school_historians(t, school.id)]
            who = f" ({join(people)})" if people else ""
            line = f"- **{text(school.name)}**{who}: {sentence(text(school.thesis))}"
            if school.id in self.criticised and not self.worksheet:
                line += f" *Its critics: paragraph {self.criticised[school.id]}.*"
            self.add(line)
        self.add("")
        if self.focus:
            goal = (
                f"say in one sentence how far you agree that *{self.factor(self.focus)}* "
                "was the most important factor, and which alternative weighs most against it"
            )
        else:
            goal = "say in one sentence which factor you will argue mattered most, and why"
        self.add(
            f"**Your line of argument.** Before you write, {goal}. Points are numbered by "
            "paragraph: 2.3 is the third point of paragraph 2.",
            "",
        )

    def standing(self, s: FactorStanding) -> str:
        schools = len(self.topic.schools)
        challenges = plural(s.challenges, "challenge") if s.challenges else "no challenge"
        return (
            f"*{s.status.capitalize()}: argued by {len(s.schools)} of {schools} schools, "
            f"{plural(s.dated_evidence, 'dated item')} of evidence, {challenges}; "
            f"{ordinal(self.rank[s.factor])} of {len(self.rank)} in the ranking, "
            f"{CAVEAT}.*"
        )

    def heading(self, p: Paragraph) -> str:
        b = p.branch
        if b.kind == "other":
            name = text(b.title) + " (claims that carry no factor)"
        elif self.focus and b.key == self.focus:
            name = f"The focus: {text(b.title)}"
        elif self.focus:
            name = f"An alternative: {text(b.title)}"
        else:
            name = text(b.title)
        return f"## {p.number}. {name}"

    def point(self, b: Branch) -> str:
        if b.description:
            return text(b.description)
        if b.kind == "other":
            return "Arguments that carry no factor of the topic."
        if b.kind == "school":
            return f"The case {text(b.title)} makes."
        if not b.claims:
            return f"No school argues *{text(b.title)}* yet."
        return f"*{text(b.title)}* helps to explain the outcome."

    def section(self, p: Paragraph) -> None:
        b = p.branch
        self.add(self.heading(p), "")
        lead = f"{self.standing(essay.standing(b))} " if b.kind == "factor" else ""
        self.add(f"{lead}**The point.** {self.point(b)}", "")
        for i, key in enumerate(b.claims, start=1):
            label = f"{p.number}.{i}"
            claim = self.topic.claim[key]
            line = f"- **{label}** "
            if key not in self.shown_claims:
                self.shown_claims.add(key)
                line += self.argues(claim)
                evidence = self.evidence(claim, label)
                if evidence:
                    line += f" Evidence: {evidence}"
            else:
                line += f"{self.brief(key)}"
            self.add(line)
        if b.claims:
            self.add("")
        if self.worksheet:
            self.add(
                "**Against it.** Which school would disagree, and how? Find the "
                "counter-argument and say whether the point survives it.",
                "",
                f"**Your judgement.** {self.prompt(b)}",
                "",
            )
            return
        against = self.against(b, p.number)
        self.add("**Against it.**", "")
        self.add(*(against or ["- No school challenges or qualifies these points."]), "")
        self.add(f"**Your judgement.** {self.prompt(b)}", "")

    def against(self, b: Branch, number: str) -> list[str]:
        """The counter-arguments (claims that challenge or qualify the points, and claims
        the points dispute), each saying how; then the criticisms of the schools that make
        the case."""
        t = self.topic
        local = {key: f"{number}.{i}" for i, key in enumerate(b.claims, start=1)}
        rows: dict[tuple[str, str, str | None], list[str]] = {}
        for counter in b.counters:
            attacks = counter.link.source == counter.counter
            kind = "challenges" if attacks else "disputed by"
            rows.setdefault((counter.counter, kind, counter.link.note), []).append(
                local[counter.point]
            )
        for link in b.nuances:
            if link.kind == "qualifies" and link.target in local and link.source not in local:
                rows.setdefault((link.source, "qualifies", link.note), []).append(
                    local[link.target]
                )
        out = []
        for (key, kind, note), points in rows.items():
            how = f" How: {sentence(text(note))}" if note else " (No note says how: read both.)"
            if kind == "disputed by":
                lead = f"{join(points)} {'disputes' if len(points) == 1 else 'dispute'}"
            elif kind == "qualifies":
                lead = f"Qualifying {join(points)}:"
            else:
                lead = f"Against {join(points)}:"
            out.append(f"- {lead} {self.brief(key)}{how}")
        for school in dict.fromkeys(t.claim[k].school for k in b.claims):
            if self.criticised.get(school) != number:
                continue
            for c in t.school[school].criticisms:
                made = f" (The point of {self.label[c.claim]}.)" if c.claim in self.label else ""
                out.append(
                    f"- A criticism of *{self.school(school)}*: "
                    f"{sentence(text(c.text))}{self.citation(c.historians)}{made}"
                )
        return out

    def prompt(self, b: Branch) -> str:
        if b.kind == "other":
            return (
                "These arguments carry no factor. Which paragraph of your essay could use "
                "them, or do they point to a factor the plan has missed?"
            )
        if b.kind == "school":
            return (
                f"How strong is the case {text(b.title)} makes, and which counter-argument "
                "hurts it most? Say how much of the answer it gives, and why."
            )
        name = f"*{text(b.title)}*"
        s = essay.standing(b)
        if self.focus and b.key != self.focus:
            focus = f"*{self.factor(self.focus)}*"
            return (
                f"Does {name} matter more or less than {focus}? Could {focus} have worked "
                "without it? Use it to test your verdict, not only to list another cause."
            )
        if s.status == essay.COMMON:
            lead = (
                f"{plural(len(s.schools), 'school')} agree that {name} mattered, each for "
                "its own reasons. Agreement is not importance: was it decisive, or a "
                "condition that other factors exploited?"
            )
        elif s.status == essay.CONTESTED:
            lead = (
                "The schools disagree here. Which side does the evidence support better, "
                f"and does {name} survive the counter-arguments?"
            )
        elif s.status == essay.ONE_SCHOOL:
            lead = (
                f"Only *{self.school(s.schools[0])}* argues this. Is its evidence strong "
                f"enough on its own, or is {name} a secondary factor?"
            )
        else:
            lead = f"No school argues this yet: does {name} belong in your essay at all?"
        if self.focus:
            lead += " This is the factor the question asks you to weigh: make its case first."
        return lead + " Say how much weight it carries, and why."

    def conclusion(self) -> None:
        groups = self.analysis.by_status
        self.add("## Conclusion", "")
        if self.focus:
            s = next(x for x in self.analysis.standings if x.factor == self.focus)
            self.add(
                f"**The focus.** *{self.factor(self.focus)}* is {s.status}, "
                f"{ordinal(self.rank[self.focus])} of {len(self.rank)} in the ranking "
                f"({CAVEAT}). Weigh it against the strongest alternatives before you give "
                "your verdict.",
                "",
            )

        def names(standings: tuple[FactorStanding, ...]) -> str:
            return join([f"*{self.factor(s.factor)}*" for s in standings])

        ground = []
        common, contested = groups[essay.COMMON], groups[essay.CONTESTED]
        if common:
            ground.append(
                f"**Common ground:** {names(common)}, argued by several schools and "
                "challenged by none. Agreement shows what an answer must include, not what "
                "mattered most."
            )
        if contested:
            ground.append(
                f"**Contested ground:** {names(contested)}, where a counter-argument stands "
                "against at least one claim. Here your essay must take a side and say why."
            )
        if groups[essay.ONE_SCHOOL]:
            ground.append(
                f"**Argued by one school only:** {names(groups[essay.ONE_SCHOOL])}. Use it "
                "to qualify your argument unless its evidence carries it alone."
            )
        if groups[essay.NOT_ARGUED]:
            ground.append(f"**Not argued by any school:** {names(groups[essay.NOT_ARGUED])}.")
        if ground:
            self.add(" ".join(ground), "")
        if self.topic.factors:
            ranked = "; ".join(
                f"{i}. {self.factor(s.factor)} ({s.status}: {plural(len(s.schools), 'school')}, "
                f"{plural(s.dated_evidence, 'dated item')}, {plural(s.challenges, 'challenge')})"
                for i, s in enumerate(self.analysis.standings, start=1)
            )
            self.add(
                "**The ranking** orders the factors by schools, then dated evidence, then "
                f"fewest challenges. It is {CAVEAT}: evidence that only sets the scene counts "
                f"as much as evidence that decides. {ranked}.",
                "",
            )
        self.add(
            "**Your overall judgement.** Which factor mattered most, how did the others "
            "depend on it, and which counter-argument do you answer, and how?",
            "",
        )

    def judgement_table(self) -> None:
        self.add(
            "## Your judgement",
            "",
            "Fill in one row per paragraph; weigh each factor from 1 (minor) to 5 "
            "(decisive), then say which mattered most and why.",
            "",
            "| Paragraph | Strongest evidence for | Strongest counter-argument | "
            "Weight (1–5) | Why |",
            "|---|---|---|---|---|",
        )
        for p in self.paragraphs:
            self.add(f"| {p.number}. {text(p.branch.title)} | | | | |")
        self.add(
            "",
            "**Your overall judgement.** Which factor mattered most, and how did the others "
            "depend on it?",
            "",
        )

    def render(self) -> str:
        self.title()
        self.introduction()
        for p in self.paragraphs:
            self.section(p)
        if self.worksheet:
            self.judgement_table()
        else:
            self.conclusion()
        self.add("## Bibliography", "", "::: {#refs}", ":::", "")
        return "\n".join(self.out).rstrip("\n") + "\n"


# -- the documents ----------------------------------------------------------------------


def _keys(analysis: Analysis) -> dict[tuple[str, Work], str]:
    """The CSL id of each work, by historian and work."""
    from argmap import citations

    ids = citations.work_ids(analysis.topic)
    topic = analysis.topic
    return {(h.id, w): ids[(h.id, i)] for h in topic.historians for i, w in enumerate(h.works)}


def source(
    analysis: Analysis, *, focus: str | None = None, worksheet: bool = False
) -> tuple[str, list[dict[str, Any]]]:
    """The plan as pandoc Markdown with ``[@id]`` citations, and the CSL items it cites
    (every work of the topic, so that the bibliography lists them all)."""
    from argmap import citations

    topic = analysis.topic
    if focus is not None and focus not in topic.factor:
        raise ValueError(f"no factor {focus!r} in {topic.id}")
    items = citations.markdown_items(topic)
    body = _Plan(analysis, focus, worksheet=worksheet, keys=_keys(analysis)).render()
    nocite = ", ".join(f"@{i['id']}" for i in items)
    head = f"---\nnocite: '{nocite}'\n---\n\n" if items else ""
    return head + body, items


_LUA = """
function Div(el)
  if el.identifier == "refs" then
    local items = {}
    for _, entry in ipairs(el.content) do
      if entry.t == "Div" then
        local blocks = entry.content
        if #blocks == 1 and blocks[1].t == "Para" then
          blocks = {pandoc.Plain(blocks[1].content)}
        end
        table.insert(items, blocks)
      end
    end
    return pandoc.BulletList(items)
  end
end
"""
_NOTE = re.compile(r"^\[\^\d+\]: ")


def _tight(markdown: str) -> str:
    """Without the blank lines that separate nothing: between footnote definitions (each
    note is one paragraph) and after a heading (a heading is one line)."""
    lines = markdown.splitlines()
    out: list[str] = []
    for i, line in enumerate(lines):
        after = lines[i + 1] if i + 1 < len(lines) else ""
        if not line and out and _NOTE.match(out[-1]) and _NOTE.match(after):
            continue
        if not line and out and out[-1].startswith("#") and after:
            continue
        out.append(line)
    return "\n".join(out).rstrip("\n") + "\n"


def _convert(
    analysis: Analysis,
    to: str,
    *,
    focus: str | None,
    style: str | None,
    worksheet: bool,
    args: tuple[str, ...] = (),
    markdown_refs: bool = False,
) -> bytes:
    import tempfile
    from pathlib import Path

    from argmap import citations

    chosen = citations.style(style)
    doc, items = source(analysis, focus=focus, worksheet=worksheet)
    if not markdown_refs:
        return citations.convert(doc, to, references=items, chosen=chosen, args=args)
    with tempfile.TemporaryDirectory(prefix="argmap-") as folder:
        lua = Path(folder) / "refs.lua"
        lua.write_text(_LUA, encoding="utf-8")
        return citations.convert(
            doc, to, references=items, chosen=chosen, args=(*args, f"--lua-filter={lua}")
        )


def essay_plan(
    analysis: Analysis,
    *,
    focus: str | None = None,
    style: str | None = None,
    worksheet: bool = False,
) -> str:
    """The written plan as Markdown (GitHub's dialect): footnotes ``[^1]``, the
    bibliography a list at the end, both in the CSL ``style`` (default Chicago notes and
    bibliography). ``focus`` (a factor id) plans a "how far do you agree" essay;
    ``worksheet`` makes the students' copy."""
    made = _convert(
        analysis,
        "gfm-raw_html",
        focus=focus,
        style=style,
        worksheet=worksheet,
        args=("--wrap=none",),
        markdown_refs=True,
    )
    return _tight(made.decode("utf-8"))


def essay_plan_docx(
    analysis: Analysis,
    *,
    focus: str | None = None,
    style: str | None = None,
    worksheet: bool = False,
) -> bytes:
    """The written plan as a Word document: Word's headings (the navigation pane works),
    real footnotes, the bibliography in the CSL ``style``."""
    return _convert(analysis, "docx", focus=focus, style=style, worksheet=worksheet)


def essay_plan_html(
    analysis: Analysis,
    *,
    focus: str | None = None,
    style: str | None = None,
    worksheet: bool = False,
) -> str:
    """The written plan as an HTML fragment for the report: headings shifted one level
    down (under the report's own), every id prefixed ``plan-`` so none collides with the
    report's, footnotes at the end of the fragment, no link outside the page."""
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory(prefix="argmap-") as folder:
        lua = Path(folder) / "links.lua"
        lua.write_text(_NO_LINKS, encoding="utf-8")
        made = _convert(
            analysis,
            "html5",
            focus=focus,
            style=style,
            worksheet=worksheet,
            args=(
                "--shift-heading-level-by=1",
                "--id-prefix=plan-",
                "--wrap=none",
                f"--lua-filter={lua}",
            ),
        )
    return made.decode("utf-8")


# The report is one offline page that points nowhere outside itself: a DOI or URL of a
# reference stays as text, not a link.
_NO_LINKS = """
function Link(el)
  if not el.target:match("^#") then return el.content end
end
"""
