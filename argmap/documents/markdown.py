"""The written essay plan, as Markdown (``argmap export -f markdown``, ``plan.md``).

Drawn from the essay analysis (:mod:`argmap.essay`): the question; an introduction that
names every school in one sentence with its main historians, then each school's thesis in
one line; one section per factor (the point, the evidence in date order, the historians
with work and year, the counter-argument, and a prompt for the student's own judgement);
"Other arguments" for claims that carry no factor; a conclusion that weighs common ground
against contested ground in ranking order; and a bibliography of every work cited, each
once, sorted by family name, in one style (``Family, Given names, Suffix. *Title*. Year.``).

User text is not Markdown: characters that Markdown would read as markup are escaped
(:func:`text`), and line breaks inside a value are folded, so nothing a user writes can
start a heading, a list, a link, a table or raw HTML.
"""

from __future__ import annotations

import re

from argmap import dates, essay
from argmap.analysis import Analysis
from argmap.essay import Branch, FactorStanding
from argmap.model import Evidence, Historian, Work
from argmap.text import clean

_MARKUP = re.compile(r"([\\`*_\[\]<>#|~])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_LIST_START = re.compile(r"^(\d+)([.)])")


def text(value: str) -> str:
    """User text as inline Markdown that reads as written: one line, markup escaped."""
    value = clean(value)
    value = " ".join(value.split())
    value = _MARKUP.sub(r"\\\1", value)
    value = _ENTITY.sub("&amp;", value)
    value = _LIST_START.sub(r"\1\\\2", value)
    if value[:1] in ("-", "+", "=") or value.startswith("    "):
        value = "\\" + value
    return value


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


def quoted(value: str) -> str:
    """A claim quoted inside a sentence: “...”, without its own final full stop."""
    value = text(value)
    if value.endswith(".") and not value.endswith("..."):
        value = value[:-1]
    return f"“{value}”"


def sentence(value: str) -> str:
    """Text followed by a full stop unless it already ends a sentence."""
    return value if value.endswith((".", "?", "!")) else value + "."


def reference(person: Historian, work: Work | None) -> str:
    """One bibliography entry: ``Family, Given names, Suffix. *Title*. Year.``"""
    author = text(person.parts.inverted)
    if work is None:
        return f"{sentence(author)} (No work listed.)"
    year = str(work.year) if work.year else "n.d."
    title = text(work.title)
    return f"{sentence(author)} *{sentence(title)}* {year}."


def cite(person: Historian, works: tuple[Work, ...], page: str | None = None) -> str:
    """A historian with work and year, as the sections name them."""
    if not works:
        return text(person.name)
    shown = "; ".join(
        f"*{text(w.title)}* ({w.year})" if w.year else f"*{text(w.title)}*" for w in works
    )
    return f"{text(person.name)}, {shown}" + (f", p. {text(page)}" if page else "")


class _Plan:
    def __init__(self, analysis: Analysis, focus: str | None) -> None:
        self.analysis = analysis
        self.topic = analysis.topic
        self.overlap = analysis.overlap
        self.focus = focus
        self.branches = analysis.branches(focus=focus)
        self.standings = analysis.standings
        self.rank = {s.factor: i for i, s in enumerate(self.standings, start=1)}
        self.out: list[str] = []

    def add(self, *lines: str) -> None:
        self.out.extend(lines)

    def school_name(self, school: str) -> str:
        return text(self.topic.school[school].name)

    def factor_name(self, factor: str) -> str:
        return text(self.topic.factor[factor].name)

    # -- the parts, in order ------------------------------------------------------------------

    def title(self) -> None:
        t = self.topic
        if self.focus:
            self.add(f"# Essay plan: {text(essay.focus_statement(t, self.focus))}", "")
            self.add(f"On the question: *{text(t.question)}*", "")
        else:
            self.add(f"# Essay plan: {text(t.question)}", "")
        facts = [plural(len(t.schools), "school"), plural(len(t.factors), "factor")]
        if t.period:
            facts.insert(0, f"{t.period[0]}–{t.period[1]}")
        self.add(
            f"*{' · '.join(facts)} · plan made by argmap from the topic `{text(t.id)}`*",
            "",
        )

    def introduction(self) -> None:
        t = self.topic
        self.add("## Introduction", "")
        if t.summary:
            self.add(text(t.summary), "")
        named = []
        for school in t.schools:
            people = [text(t.historian[h].name) for h in essay.school_historians(t, school.id)]
            named.append(f"**{text(school.name)}**" + (f" ({join(people)})" if people else ""))
        self.add(
            f"Historians explain this in {plural(len(named), 'main way')}: {join(named)}.",
            "",
        )
        for school in t.schools:
            self.add(f"- **{text(school.name)}**: {text(school.thesis)}")
        self.add("")
        if self.focus:
            self.add(
                f"**Your line of argument.** Say in one sentence how far you agree that "
                f"*{self.factor_name(self.focus)}* was the most important factor, and which "
                "alternative weighs most against it.",
                "",
            )
        else:
            self.add(
                "**Your line of argument.** Say in one sentence which factor you will argue "
                "mattered most, and why.",
                "",
            )

    def section(self, number: int, branch: Branch) -> None:
        t = self.topic
        if branch.kind == "other":
            heading = text(branch.title) + " (claims that carry no factor)"
        elif self.focus and branch.key == self.focus:
            heading = f"The focus: {text(branch.title)}"
        elif self.focus:
            heading = f"An alternative: {text(branch.title)}"
        else:
            heading = text(branch.title)
        self.add(f"## {number}. {heading}", "")
        if branch.kind == "factor":
            self.add(self.standing_line(essay.standing(branch)), "")

        # The point.
        point = "**The point.**"
        if branch.description:
            point += " " + text(branch.description)
        if not branch.claims:
            point += " No school's claims carry this factor yet."
        self.add(point, "")
        numbers = {key: i for i, key in enumerate(branch.claims, start=1)}
        for key, i in numbers.items():
            claim = t.claim[key]
            self.add(f"{i}. *{self.school_name(claim.school)}:* {text(claim.text)}")
        if branch.claims:
            self.add("")

        # The evidence, in date order.
        if branch.evidence:
            self.add("**Evidence, in date order.**", "")
            for item_id in branch.evidence:
                self.add(self.evidence_line(t.evidence_item[item_id], branch, numbers))
            self.add("")

        # The historians.
        if branch.historians:
            self.add("**Historians.**", "")
            for ref in branch.historians:
                points = [
                    numbers[k]
                    for k in branch.claims
                    if any(c.id == ref.historian for c in t.claim[k].historians)
                ]
                self.add(
                    f"- {cite(t.historian[ref.historian], ref.works, ref.page)}"
                    f" — {self.points(points)}"
                )
            self.add("")
        elif branch.claims:
            self.add("**Historians.** No historian is named for these points.", "")

        # The counter-argument.
        self.add("**Counter-argument.**", "")
        if branch.counters:
            # One line per counter-argument and direction, naming every point it answers.
            lines: dict[tuple[str, bool], list[int]] = {}
            for counter in branch.counters:
                attacks = counter.link.source == counter.counter
                lines.setdefault((counter.counter, attacks), []).append(numbers[counter.point])
            for (key, attacks), answered in lines.items():
                other = t.claim[key]
                how = "challenges" if attacks else "is challenged by"
                where = f" (point {numbers[key]} above)" if key in numbers else ""
                self.add(
                    f"- *{self.school_name(other.school)}:* {quoted(other.text)}{where} "
                    f"{how} {self.points(answered)}."
                )
        else:
            self.add("- No school challenges these points.")
        for link in branch.nuances:
            if link.kind != "qualifies":
                continue
            source, target = t.claim[link.source], t.claim[link.target]
            inside = link.source in numbers
            mine = numbers[link.source] if inside else numbers[link.target]
            other = target if inside else source
            also = f" (point {numbers[other.key]} above)" if other.key in numbers else ""
            if inside:
                line = (
                    f"point {mine} partly accepts, partly corrects "
                    f"*{self.school_name(other.school)}:* {quoted(other.text)}{also}"
                )
            else:
                line = (
                    f"*{self.school_name(other.school)}:* {quoted(other.text)}{also} partly "
                    f"accepts, partly corrects point {mine}"
                )
            self.add(f"- A qualification: {line}.")
        self.add("")

        self.add(f"**Your judgement.** {self.prompt(branch)}", "")

    def standing_line(self, s: FactorStanding) -> str:
        schools = join([self.school_name(x) for x in s.schools]) or "none"
        challenges = plural(s.challenges, "challenge") if s.challenges else "no challenge"
        return (
            f"*{s.status.capitalize()}, ranked {self.rank[s.factor]} of {len(self.rank)}.* "
            f"Schools ({len(s.schools)}): {schools}. "
            f"{plural(s.dated_evidence, 'dated item').capitalize()} of evidence; {challenges}."
        )

    def points(self, numbers: list[int]) -> str:
        return ("point " if len(numbers) == 1 else "points ") + join([str(n) for n in numbers])

    def evidence_line(self, item: Evidence, branch: Branch, numbers: dict[str, int]) -> str:
        t = self.topic
        line = f"- **{date(item)}**: {text(item.text)}"
        if item.quote:
            line += f" “{text(item.quote)}”"
        if item.source:
            line += f" ({text(item.source)})"
        users = [k for k in branch.claims if any(c.id == item.id for c in t.claim[k].evidence)]
        notes = [
            f"*Point {numbers[k]}:* {sentence(text(c.note))}"
            for k in users
            for c in t.claim[k].evidence
            if c.id == item.id and c.note
        ]
        line = sentence(line) + f" Used in {self.points([numbers[k] for k in users])}."
        if notes:
            line += " " + " ".join(notes)
        return line

    def prompt(self, branch: Branch) -> str:
        if branch.kind == "other":
            return (
                "These arguments carry no factor. Which paragraph of your essay could use "
                "them, or do they point to a factor the plan has missed?"
            )
        name = f"*{text(branch.title)}*"
        s = essay.standing(branch)
        if self.focus and branch.key != self.focus:
            focus = f"*{self.factor_name(self.focus)}*"
            return (
                f"Does {name} matter more or less than {focus}? Could {focus} have worked "
                f"without it? Use it to test your verdict, not only to list another cause."
            )
        if s.status == essay.COMMON:
            lead = (
                f"{plural(len(s.schools), 'school')} agree that {name} mattered, each for "
                "its own reasons. Is agreement enough to make it decisive, or was it a "
                "condition that other factors exploited?"
            )
        elif s.status == essay.CONTESTED:
            lead = (
                "The schools disagree here. Which side does the evidence above support "
                f"better, and does {name} survive the counter-argument?"
            )
        elif s.status == essay.ONE_SCHOOL:
            lead = (
                f"Only {self.school_name(s.schools[0])} argues this. Is its evidence strong "
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
            s = next(x for x in self.standings if x.factor == self.focus)
            self.add(
                f"**The focus.** *{self.factor_name(self.focus)}* is {s.status}, ranked "
                f"{self.rank[self.focus]} of {len(self.rank)}. Weigh it against the "
                "strongest alternatives before you give your verdict.",
                "",
            )

        def names(standings: tuple[FactorStanding, ...]) -> str:
            return join([f"*{self.factor_name(s.factor)}*" for s in standings])

        common, contested = groups[essay.COMMON], groups[essay.CONTESTED]
        if common:
            self.add(
                f"**Common ground.** {names(common)}: several schools argue "
                f"{'it' if len(common) == 1 else 'each of these'} and none challenges "
                "it. This is safe ground to build your argument on.",
                "",
            )
        else:
            self.add("**Common ground.** No factor is argued by several schools unchallenged.", "")
        if contested:
            self.add(
                f"**Contested ground.** {names(contested)}: a counter-argument stands "
                "against at least one claim. Here your essay must take a side and say why.",
                "",
            )
        else:
            self.add("**Contested ground.** No claim on any factor is challenged.", "")
        if groups[essay.ONE_SCHOOL]:
            self.add(
                f"**Argued by one school only.** {names(groups[essay.ONE_SCHOOL])}: "
                "weaker support; use it to qualify, not to carry, your argument.",
                "",
            )
        if groups[essay.NOT_ARGUED]:
            self.add(f"**Not argued by any school.** {names(groups[essay.NOT_ARGUED])}.", "")
        self.add(
            "**The ranking** (more schools, then more dated evidence, then fewer challenges). "
            "It measures how well each factor is argued in this debate, not how much it "
            "mattered: that is for your judgement.",
            "",
        )
        for i, s in enumerate(self.standings, start=1):
            self.add(
                f"{i}. {self.factor_name(s.factor)}: {s.status}; "
                f"{plural(len(s.schools), 'school')}, "
                f"{plural(s.dated_evidence, 'dated item')} of evidence, "
                f"{plural(s.challenges, 'challenge')}"
            )
        self.add(
            "",
            "**Your overall judgement.** Weigh the common ground against the contested "
            "ground: which factor mattered most, how did the others depend on it, and which "
            "counter-argument do you answer, and how?",
            "",
        )

    def bibliography(self) -> None:
        self.add("## Bibliography", "")
        for entry in essay.bibliography(self.topic):
            self.add(f"- {reference(entry.historian, entry.work)}")
        self.add("")

    def render(self) -> str:
        self.title()
        self.introduction()
        for number, branch in enumerate(self.branches, start=1):
            self.section(number, branch)
        self.conclusion()
        self.bibliography()
        return "\n".join(self.out).rstrip("\n") + "\n"


def essay_plan(analysis: Analysis, *, focus: str | None = None) -> str:
    """The written essay plan of a topic, as Markdown. ``focus`` (a factor id) plans a
    "how far do you agree" essay: that factor first, the others as alternatives."""
    topic = analysis.topic
    if focus is not None and focus not in topic.factor:
        raise ValueError(f"no factor {focus!r} in {topic.id}")
    return _Plan(analysis, focus).render()
