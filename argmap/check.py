"""Stage 2: node trees -> problems, or a checked model. The rules of FORMAT.md, version 1.

The checker walks the composed YAML nodes (which know their line and column), reports every
problem it finds, and builds the frozen model only when there is no error. It never raises
on bad input.
"""

from __future__ import annotations

import gc
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import yaml

from argmap import dates, load
from argmap.model import (
    EVIDENCE_KINDS,
    RELATIONS,
    WORK_TYPES,
    Claim,
    Criticism,
    Evidence,
    EvidenceCite,
    Factor,
    Historian,
    HistorianCite,
    Relation,
    School,
    Topic,
    Work,
)
from argmap.problems import Problem, Problems, Suggestions, Where, did_you_mean
from argmap.text import escaped, invisible, unseen

if TYPE_CHECKING:  # read only for a topic that names a bibliography
    from argmap.bibliography import Entry

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
CLAIM_REF_RE = re.compile(r"^(?:([a-z0-9][a-z0-9-]{0,63})\.)?([a-z0-9][a-z0-9-]{0,63})$")
YEAR_RE = re.compile(r"^-?\d{1,4}$")
COLOR_RE = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
TAG_RE = re.compile(r"^[A-Z0-9]{1,4}$")
URL_RE = re.compile(r"^https?://[^\s/?#]+\S*$", re.IGNORECASE)
SHORT_MAX = 80
# The longest text: about four pages, far more than a label can show (a diagram cuts what
# it shows; a text of megabytes made every output as large, and the build slow).
TEXT_MAX = 10_000
NULL_TAG = "tag:yaml.org,2002:null"

ID_HELP = "use lowercase letters, digits and hyphens, starting with a letter or digit (at most 64)"

# The keys of every mapping, and which are required.
TOPIC_KEYS = {
    "format": True,
    "id": True,
    "question": True,
    "period": False,
    "summary": False,
    "factors": False,
    "historians": False,
    "evidence": False,
    "schools": False,
    "school_order": False,
    "bibliography": False,
}
FACTOR_KEYS = {"id": True, "name": True, "description": False}
NAME_PARTS = ("family", "given", "suffix", "particle")
HISTORIAN_KEYS = {
    "id": True,
    "name": True,
    "lived": False,
    "works": False,
    **dict.fromkeys(NAME_PARTS, False),
}
# A work's fields that are free text, and those that are years (Work's own names).
WORK_TEXTS = (
    "publisher",
    "place",
    "volume",
    "series",
    "edition",
    "original_title",
    "translator",
    "container",
    "pages",
    "doi",
)
WORK_YEARS = ("year", "original_year")
# `title` is required unless the work's `ref` entry gives it (checked in work()).
WORK_KEYS = {
    "id": False,
    "ref": False,
    "title": False,
    "type": False,
    **dict.fromkeys(WORK_YEARS, False),
    **dict.fromkeys(WORK_TEXTS, False),
    "url": False,
}
EVIDENCE_KEYS = {
    "id": True,
    "text": True,
    "date": False,
    "kind": False,
    "quote": False,
    "source": False,
    "factors": False,
    "short": False,
    "caveat": False,
}
SCHOOL_KEYS = {
    "id": True,
    "name": True,
    "thesis": True,
    "historians": False,
    "color": False,
    "claims": True,
    "tag": False,
    "short": False,
    "criticisms": False,
}
CLAIM_KEYS = {
    "id": True,
    "text": True,
    "historians": False,
    "evidence": False,
    "factors": False,
    "supports": False,
    "agrees": False,
    "qualifies": False,
    "challenges": False,
    "short": False,
}
HISTORIAN_CITE_KEYS = {"id": True, "work": False, "page": False}
EVIDENCE_CITE_KEYS = {"id": True, "note": False}
RELATION_KEYS = {"claim": True, "note": False}
CRITICISM_KEYS = {"text": True, "historians": False, "claim": False}
VERBS = {
    "supports": "support",
    "agrees": "agree with",
    "qualifies": "qualify",
    "challenges": "challenge",
}


@dataclass(frozen=True)
class Result:
    """What a check gives: every problem, sorted, and the model when there is no error."""

    problems: list[Problem]
    topic: Topic | None
    # The ids of each kind that the files define, even when there are errors.
    known: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


@dataclass(frozen=True)
class _Ref:
    """A reference seen in a file, checked once every id is known."""

    kind: str  # factor, historian, evidence, claim, work
    id: str
    where: Where
    school: str | None = None  # the school the reference is written in (claims)
    historian: str | None = None  # the historian a cited work must belong to
    relation: str | None = None  # agrees/qualifies/challenges written with a bare claim id
    bare: bool = False  # a claim written without its school's id


def check_topic(topic: str) -> Result:
    """Load and check a topic folder or one-file topic. Raises only TopicNotFound."""
    files, problems = load.find_files(topic)
    # The node trees are large and acyclic: the cycle collector only slows reading them
    # (measured: compose of the largest bench topic 0.46 s with it, 0.14 s without).
    collecting = gc.isenabled()
    gc.disable()
    try:
        sources = load.read_sources(files, problems)
        return check_sources(sources, problems)
    finally:
        if collecting:
            gc.enable()


def check_sources(sources: Iterable[load.Source], problems: Problems | None = None) -> Result:
    checker = _Checker(problems or Problems())
    topic = checker.run(list(sources))
    known = {kind: tuple(ids) for kind, ids in checker.ids.items()}
    return Result(checker.problems.sorted(), topic, known)


def _describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if node.tag == NULL_TAG:
        return "empty"
    return f"'{_clip(node.value)}'"


def _clip(text: str, limit: int = 40) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Checker:
    def __init__(self, problems: Problems) -> None:
        self.problems = problems
        self.path = ""
        self.ids: dict[str, dict[str, Where]] = {}
        self.refs: list[_Ref] = []
        self.topic_fields: dict[str, object] = {}
        self.factors: list[Factor] = []
        self.historians: list[Historian] = []
        self.evidence: list[Evidence] = []
        self.schools: list[School] = []
        self.topic_where: Where | None = None
        self.school_order: list[tuple[str, Where]] = []
        self.tags: dict[str, tuple[str, Where]] = {}
        # The bibliography's entries; None without one (or when it cannot be read).
        self.references: dict[str, Entry] | None = None
        # Every claim a file defines, as school.claim, whether or not its school is whole:
        # a school missing its thesis still holds claims that others may name.
        self.claim_keys: set[str] = set()
        # What files that could not be read may have defined ("*": anything; a kind; or
        # "school:<file stem>"), so that no reference to it is reported as unknown: the
        # file's own problem is the cause, reported alone.
        self.unread: set[str] = set()

    # -- locations and problems -------------------------------------------------------

    def at(self, node: yaml.Node) -> Where:
        return load.where(self.path, node.start_mark)

    def error(self, node: yaml.Node, message: str) -> None:
        self.problems.error(self.at(node), message)

    # -- the walk -----------------------------------------------------------------------

    def run(self, sources: list[load.Source]) -> Topic | None:
        for source in sources:
            self.path = source.path
            stem = source.path.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
            unread = {
                "topic": {"*"},
                "historians": {"historian", "work"},
                "evidence": {"evidence"},
                "school": {f"school:{stem}"},
            }[source.role]
            if source.node is None:
                self.unread |= unread
            elif source.role == "topic":
                if not self.topic_file(source.node):
                    self.unread |= unread
            elif source.role in ("historians", "evidence"):
                fields = self.mapping(source.node, {source.role: True}, f"{source.role}.yaml")
                if fields and source.role in fields:
                    self.entries(source.role, fields[source.role])
                else:
                    self.unread |= unread
            elif not self.school(source.node, stem=stem):
                self.unread |= unread
        self.resolve()
        self.warn_unused()
        if self.problems.has_errors or self.topic_where is None:
            return None
        return Topic(
            id=self.topic_fields["id"],  # type: ignore[arg-type]
            question=self.topic_fields["question"],  # type: ignore[arg-type]
            period=self.topic_fields.get("period"),  # type: ignore[arg-type]
            summary=self.topic_fields.get("summary"),  # type: ignore[arg-type]
            factors=tuple(self.factors),
            historians=tuple(self.historians),
            evidence=tuple(self.evidence),
            schools=tuple(self.schools),
            where=self.topic_where,
            school_order=tuple(dict.fromkeys(s for s, _ in self.school_order)),
            bibliography=self.topic_fields.get("bibliography"),  # type: ignore[arg-type]
        )

    def topic_file(self, node: yaml.Node) -> bool:
        """Read topic.yaml; False when it is not even a mapping."""
        fields = self.mapping(node, TOPIC_KEYS, "topic.yaml")
        if fields is None:
            return False
        self.topic_where = self.at(node)
        if "format" in fields:
            fmt = fields["format"]
            if not (
                isinstance(fmt, yaml.ScalarNode) and fmt.tag.endswith(":int") and fmt.value == "1"
            ):
                got = _describe(fmt)
                if isinstance(fmt, yaml.ScalarNode) and fmt.value == "1":
                    got = "the text '1': write it without quotes"
                self.error(fmt, f"format must be 1 (this argmap reads format 1), not {got}")
        self.topic_fields["id"] = self.ident(fields.get("id"), "topic")
        self.topic_fields["question"] = self.text(fields.get("question"))
        if "period" in fields:
            self.topic_fields["period"] = self.year_pair(fields["period"], "period")
        if "summary" in fields:
            self.topic_fields["summary"] = self.text(fields["summary"])
        if "factors" in fields:
            for item in self.sequence(fields["factors"]):
                self.factor(item)
        for item in self.sequence(fields.get("school_order")):
            ident = self.ident(item, "school")
            if ident:
                self.school_order.append((ident, self.at(item)))
        if "bibliography" in fields:  # before the works that cite its entries
            self.read_bibliography(fields["bibliography"])
        for key in ("historians", "evidence", "schools"):
            if key in fields:
                self.entries(key, fields[key])
        return True

    def read_bibliography(self, node: yaml.Node) -> None:
        name = self.text(node)
        if name is None:
            return
        from argmap import bibliography

        self.topic_fields["bibliography"] = name
        if "/" in name or "\\" in name or not name.lower().endswith(bibliography.SUFFIXES):
            self.error(
                node,
                f"bibliography must name a .json (CSL-JSON) or .bib (BibTeX) file beside "
                f"topic.yaml, not '{_clip(name)}'",
            )
            return
        try:
            self.references = bibliography.read(os.path.join(os.path.dirname(self.path), name))
        except bibliography.Unreadable as exc:
            self.error(node, f"cannot read the bibliography '{_clip(name)}': {exc}")

    def entries(self, key: str, node: yaml.Node) -> None:
        builders: dict[str, Callable[[yaml.Node], object]] = {
            "historians": self.historian,
            "evidence": self.evidence_item,
            "schools": self.school,
        }
        build = builders[key]
        for item in self.sequence(node):
            build(item)

    # -- entities -------------------------------------------------------------------------

    def factor(self, node: yaml.Node) -> None:
        f = self.mapping(node, FACTOR_KEYS, "a factor")
        if f is None:
            return
        ident = self.define("factor", f.get("id"))
        name = self.text(f.get("name"))
        desc = self.text(f["description"]) if "description" in f else None
        if ident and name:
            self.factors.append(Factor(ident, name, desc, self.at(node)))

    def historian(self, node: yaml.Node) -> None:
        f = self.mapping(node, HISTORIAN_KEYS, "a historian")
        if f is None:
            return
        ident = self.define("historian", f.get("id"))
        name = self.text(f.get("name"))
        lived = self.lived(f["lived"]) if "lived" in f else None
        works = tuple(w for w in (self.work(item) for item in self.sequence(f.get("works"))) if w)
        parts = {key: self.name_part(f[key]) for key in NAME_PARTS if key in f}
        if ident and name:
            self.historians.append(Historian(ident, name, lived, works, self.at(node), **parts))

    def name_part(self, node: yaml.Node) -> str | None:
        """A part of a name: text, where empty (``particle: ""``) means "none"."""
        if isinstance(node, yaml.ScalarNode):
            return "" if node.tag == NULL_TAG else node.value.strip()
        self.error(node, f"expected text, not {_describe(node)}")
        return None

    def work(self, node: yaml.Node) -> Work | None:
        f = self.mapping(node, WORK_KEYS, "a work")
        if f is None:
            return None
        values: dict[str, object] = {}
        entry = self.bibliography_entry(f["ref"]) if "ref" in f else None
        values.update(entry or {})
        values["id"] = self.define("work", f["id"]) if "id" in f else None
        for key in ("title", "ref", *WORK_TEXTS):
            if key in f:
                values[key] = self.text(f[key])
        for key in WORK_YEARS:
            if key in f:
                values[key] = self.year(f[key])
        if "type" in f:
            values["type"] = self.choice(f["type"], WORK_TYPES, "work type")
        if "url" in f:
            values["url"] = self.url(f["url"])
        if "title" not in values and ("ref" not in f or entry is not None):
            whose = " (nor has its bibliography entry)" if entry is not None else ""
            self.error(node, f"a work is missing the required key 'title'{whose}")
        if not values.get("title"):
            return None
        return Work(**values)  # type: ignore[arg-type]

    def bibliography_entry(self, node: yaml.Node) -> Entry | None:
        """The fields of the entry a work's ``ref`` names (its url only if http(s)), or
        None when there is none (said here, or at the bibliography that cannot be read)."""
        key = self.text(node)
        if key is None:
            return None
        if self.references is None:
            if "bibliography" not in self.topic_fields:
                self.error(
                    node,
                    f"no bibliography to find '{_clip(key)}' in: name the file in topic.yaml, "
                    "as in bibliography: references.json",
                )
            return None  # else: the bibliography itself is reported
        if key not in self.references:
            self.error(
                node,
                f"'{_clip(key)}' is not in the bibliography "
                f"'{self.topic_fields['bibliography']}'{did_you_mean(key, self.references)}",
            )
            return None
        entry = dict(self.references[key])
        url = str(entry.get("url", ""))
        if url and not URL_RE.match(url):
            self.error(
                node,
                f"the url of entry '{_clip(key)}' must start with http:// or https://, "
                f"not '{_clip(url)}'",
            )
            del entry["url"]
        return entry

    def evidence_item(self, node: yaml.Node) -> None:
        f = self.mapping(node, EVIDENCE_KEYS, "an evidence item")
        if f is None:
            return
        ident = self.define("evidence", f.get("id"))
        text = self.text(f.get("text"))
        date = self.date(f["date"]) if "date" in f else None
        kind = self.choice(f["kind"], EVIDENCE_KINDS, "evidence kind") if "kind" in f else None
        quote = self.text(f["quote"]) if "quote" in f else None
        source = self.text(f["source"]) if "source" in f else None
        factors = self.id_refs(f.get("factors"), "factor")
        short = self.short(f["short"]) if "short" in f else None
        caveat = self.text(f["caveat"]) if "caveat" in f else None
        if ident and text:
            self.evidence.append(
                Evidence(
                    ident,
                    text,
                    date,
                    kind or "event",
                    quote,
                    source,
                    factors,
                    self.at(node),
                    short=short,
                    caveat=caveat,
                )
            )

    def school(self, node: yaml.Node, stem: str | None = None) -> bool:
        """Read a school; False when it is not even a mapping."""
        f = self.mapping(node, SCHOOL_KEYS, "a school")
        if f is None:
            return False
        ident = self.define("school", f.get("id"))
        if ident and stem is not None and ident != stem:
            self.error(
                f["id"],
                f"school id '{ident}' must equal the file's name: rename the file to "
                f"'{ident}.yaml' or the id to '{stem}'",
            )
        name = self.text(f.get("name"))
        thesis = self.text(f.get("thesis"))
        historians = self.id_refs(f.get("historians"), "historian")
        color = None
        if "color" in f:
            color = self.text(f["color"], hint='quote it, as in color: "#0072B2"')
            if color and not COLOR_RE.match(color):
                self.error(
                    f["color"], f"color must be '#rrggbb' (as in \"#0072B2\"), not '{_clip(color)}'"
                )
                color = None
        tag = self.tag(f["tag"], ident) if "tag" in f else None
        short = self.short(f["short"]) if "short" in f else None
        criticisms = tuple(
            c
            for c in (self.criticism(n, ident or "?") for n in self.sequence(f.get("criticisms")))
            if c
        )
        claims: list[Claim] = []
        if "claims" in f:
            items = self.sequence(f["claims"])
            if not items and (
                isinstance(f["claims"], yaml.SequenceNode) or f["claims"].tag == NULL_TAG
            ):
                self.error(f["claims"], "a school needs at least one claim")
            # A school file whose id is wrong still names its claims by its file's name.
            school_id = ident or stem or "?"
            claims = [c for c in (self.claim(item, school_id) for item in items) if c]
        if ident and name and thesis:
            self.schools.append(
                School(
                    ident,
                    name,
                    thesis,
                    tuple(claims),
                    historians,
                    color,
                    self.at(node),
                    tag=tag,
                    short=short,
                    criticisms=criticisms,
                )
            )
        return True

    def tag(self, node: yaml.Node, school: str | None) -> str | None:
        tag = self.text(node)
        if tag is None:
            return None
        if not TAG_RE.match(tag):
            self.error(
                node, f"tag must be 1 to 4 capital letters or digits, as in OR, not '{_clip(tag)}'"
            )
            return None
        if tag in self.tags:
            other, where = self.tags[tag]
            self.error(node, f"tag '{tag}' is already the tag of school '{other}' (at {where})")
            return None
        self.tags[tag] = (school or "?", self.at(node))
        return tag

    def criticism(self, node: yaml.Node, school: str) -> Criticism | None:
        f = self.mapping(node, CRITICISM_KEYS, "a criticism")
        if f is None:
            return None
        text = self.text(f.get("text"))
        historians = tuple(
            c for c in (self.historian_cite(n) for n in self.sequence(f.get("historians"))) if c
        )
        claim = None
        if "claim" in f:
            ref = self.claim_ref(f["claim"], school)
            if ref:
                claim = ref[0]
                self.refs.append(
                    _Ref("claim", claim, self.at(f["claim"]), school=school, bare=not ref[1])
                )
        return Criticism(text, historians, claim) if text else None

    def claim(self, node: yaml.Node, school: str) -> Claim | None:
        f = self.mapping(node, CLAIM_KEYS, "a claim")
        if f is None:
            return None
        ident = self.define("claim", f.get("id"))
        if ident:
            self.claim_keys.add(f"{school}.{ident}")
        text = self.text(f.get("text"))
        historians = tuple(
            c for c in (self.historian_cite(n) for n in self.sequence(f.get("historians"))) if c
        )
        evidence = tuple(
            c for c in (self.evidence_cite(n) for n in self.sequence(f.get("evidence"))) if c
        )
        self.warn_repeats(
            f.get("historians"), [f"{c.id} {c.work or ''}" for c in historians], "historian"
        )
        self.warn_repeats(f.get("evidence"), [c.id for c in evidence], "evidence item")
        factors = self.id_refs(f.get("factors"), "factor")
        short = self.short(f["short"]) if "short" in f else None
        notes: list[Relation] = []
        relations = {
            rel: self.claim_refs(f.get(rel), school, ident, rel, notes) for rel in RELATIONS
        }
        if not (ident and text):
            return None
        return Claim(
            ident,
            school,
            text,
            historians,
            evidence,
            factors,
            where=self.at(node),
            short=short,
            notes=tuple(notes),
            **relations,
        )

    def historian_cite(self, node: yaml.Node) -> HistorianCite | None:
        if isinstance(node, yaml.MappingNode):
            f = self.mapping(node, HISTORIAN_CITE_KEYS, "a historian reference")
            if f is None:
                return None
            ident = self.ref("historian", f.get("id"))
            work = self.ref("work", f["work"], historian=ident) if "work" in f else None
            page = self.text(f["page"]) if "page" in f else None
            return HistorianCite(ident, work, page) if ident else None
        ident = self.ref("historian", node, expect="a historian id or {id: ..., work: ...}")
        return HistorianCite(ident) if ident else None

    def evidence_cite(self, node: yaml.Node) -> EvidenceCite | None:
        if isinstance(node, yaml.MappingNode):
            f = self.mapping(node, EVIDENCE_CITE_KEYS, "an evidence reference")
            if f is None:
                return None
            ident = self.ref("evidence", f.get("id"))
            note = self.text(f["note"]) if "note" in f else None
            return EvidenceCite(ident, note) if ident else None
        ident = self.ref("evidence", node, expect="an evidence id or {id: ..., note: ...}")
        return EvidenceCite(ident) if ident else None

    # -- ids and references ---------------------------------------------------------------

    def define(self, kind: str, node: yaml.Node | None) -> str | None:
        """Read a defining id and register it; a duplicate names both places."""
        ident = self.ident(node, kind)
        if ident is None or node is None:
            return None
        seen = self.ids.setdefault(kind, {})
        if ident in seen:
            self.error(node, f"duplicate {kind} id '{ident}': already defined at {seen[ident]}")
            return None
        seen[ident] = self.at(node)
        return ident

    def ref(
        self,
        kind: str,
        node: yaml.Node | None,
        *,
        historian: str | None = None,
        expect: str | None = None,
    ) -> str | None:
        if node is not None and not isinstance(node, yaml.ScalarNode):
            self.error(node, f"expected {expect or f'a {kind} id'}, not {_describe(node)}")
            return None
        ident = self.ident(node, kind)
        if ident and node is not None:
            self.refs.append(_Ref(kind, ident, self.at(node), historian=historian))
        return ident

    def id_refs(self, node: yaml.Node | None, kind: str) -> tuple[str, ...]:
        items = self.sequence(node)
        ids = [i for i in (self.ref(kind, item) for item in items) if i]
        self.warn_repeats(node, ids, kind)
        return tuple(dict.fromkeys(ids))

    def claim_ref(self, node: yaml.Node, school: str) -> tuple[str, bool] | None:
        """The key a claim reference names, and whether it was written with its school."""
        value = self.text(node)
        if value is None:
            return None
        match = CLAIM_REF_RE.match(value)
        if not match:
            self.error(
                node,
                f"invalid claim reference '{_clip(escaped(value))}': write '<claim-id>' for a "
                f"claim of this school or '<school-id>.<claim-id>' for another school's"
                f"{unseen(value)}",
            )
            return None
        return f"{match.group(1) or school}.{match.group(2)}", bool(match.group(1))

    def claim_refs(
        self,
        node: yaml.Node | None,
        school: str,
        own: str | None,
        relation: str,
        notes: list[Relation],
    ) -> tuple[str, ...]:
        """The claims a relation names; an entry written ``{claim: ..., note: ...}`` adds its
        note to ``notes`` (the first note for each claim)."""
        keys: list[str] = []
        noted = {n.target for n in notes if n.kind == relation}  # a set: no quadratic scan
        for entry in self.sequence(node):
            item: yaml.Node | None = entry
            note = None
            if isinstance(entry, yaml.MappingNode):
                f = self.mapping(entry, RELATION_KEYS, "a relation")
                item = f.get("claim") if f else None
                note = self.text(f["note"]) if f and "note" in f else None
            ref = self.claim_ref(item, school) if item is not None else None
            if ref is None or item is None:
                continue
            key, prefixed = ref
            target_school = key.split(".", 1)[0]
            if own and key == f"{school}.{own}":
                self.error(
                    item,
                    f"a claim cannot {VERBS[relation]} itself",
                )
                continue
            if relation != "supports" and target_school == school:
                if prefixed:
                    self.error(item, self.same_school(relation))
                else:  # resolve() says which school's claim a bare id may mean
                    self.refs.append(_Ref("claim", key, self.at(item), relation=relation))
                continue
            self.refs.append(_Ref("claim", key, self.at(item), school=school, bare=not prefixed))
            if note and key not in noted:
                notes.append(Relation(relation, key, note))
                noted.add(key)
            keys.append(key)
        self.warn_repeats(node, keys, "claim")
        return tuple(dict.fromkeys(keys))

    def resolve(self) -> None:
        """Every reference must name something that exists; one that may be in a file that
        could not be read is not reported (that file's problem is)."""
        claims = self.claim_keys
        works_of = {w.id: h.id for h in self.historians for w in h.works if w.id}
        by_bare: dict[str, list[str]] = {}
        by_school: dict[str, list[str]] = {}
        for key in sorted(claims):
            school, bare = key.split(".", 1)
            by_bare.setdefault(bare, []).append(key)
            by_school.setdefault(school, []).append(key)
        schools = self.ids.get("school", {})
        suggest = {kind: Suggestions(known) for kind, known in self.ids.items()}
        everything = "*" in self.unread
        for ref in self.refs:
            if ref.kind == "claim":
                school, bare = ref.id.split(".", 1)
                elsewhere = [k for k in by_bare.get(bare, ()) if k != ref.id]
                if ref.relation:  # a bare id where another school's claim is meant
                    message = self.same_school(ref.relation)
                    if elsewhere and ref.id not in claims:
                        message += f" (did you mean '{elsewhere[0]}'?)"
                    self.problems.error(ref.where, message)
                    continue
                if ref.id in claims or everything or f"school:{school}" in self.unread:
                    continue
                if school not in schools:
                    if school != "?":  # else: the school's own id is the problem, reported
                        self.problems.error(
                            ref.where,
                            f"unknown school '{school}' in the claim reference '{ref.id}'"
                            f"{suggest.get('school', Suggestions(()))(school)}",
                        )
                elif ref.bare and elsewhere:
                    self.problems.error(
                        ref.where,
                        f"unknown claim '{bare}' in school '{school}': a claim of another "
                        f"school is written with its school's id, as in '{elsewhere[0]}'",
                    )
                elif ref.bare:
                    own = [k.split(".", 1)[1] for k in by_school.get(school, ())]
                    self.problems.error(
                        ref.where,
                        f"unknown claim '{bare}' in school '{school}'{did_you_mean(bare, own)}",
                    )
                else:  # only the claims of the school it names
                    self.problems.error(
                        ref.where,
                        f"unknown claim '{ref.id}'"
                        f"{did_you_mean(ref.id, by_school.get(school, ()))}",
                    )
                continue
            if everything or ref.kind in self.unread:
                continue
            known = self.ids.get(ref.kind, {})
            if ref.id not in known:
                hint = suggest[ref.kind](ref.id) if ref.kind in suggest else ""
                self.problems.error(ref.where, f"unknown {ref.kind} '{ref.id}'{hint}")
            elif (
                ref.kind == "work"
                and ref.historian
                and ref.id in works_of
                and works_of[ref.id] != ref.historian
            ):
                self.problems.error(
                    ref.where,
                    f"work '{ref.id}' is by '{works_of.get(ref.id)}', not '{ref.historian}'",
                )
        self.check_school_order()
        self.check_contradictions()

    def check_school_order(self) -> None:
        """school_order names each school at most once, and only schools that exist."""
        known = self.ids.get("school", {})
        seen: set[str] = set()
        for ident, where in self.school_order:
            if ident in seen:
                self.problems.error(where, f"school '{ident}' is listed twice in school_order")
            elif ident not in known and f"school:{ident}" not in self.unread:
                self.problems.error(where, f"unknown school '{ident}'{did_you_mean(ident, known)}")
            seen.add(ident)

    @staticmethod
    def same_school(relation: str) -> str:
        return f"'{relation}' links claims of different schools; within a school use 'supports'"

    def check_contradictions(self) -> None:
        agrees = {frozenset((c.key, t)) for s in self.schools for c in s.claims for t in c.agrees}
        for school in self.schools:
            for claim in school.claims:
                for target in claim.challenges:
                    if frozenset((claim.key, target)) in agrees:
                        self.problems.error(
                            claim.where,
                            f"'{claim.key}' challenges '{target}', but the two are also "
                            "said to agree: keep the one you mean",
                        )

    # -- warnings -------------------------------------------------------------------------

    def warn_unused(self) -> None:
        if self.problems.has_errors:
            return  # a dangling reference makes "unused" guesses misleading
        cited_evidence = {e.id for s in self.schools for c in s.claims for e in c.evidence}
        cited_historians = {h for s in self.schools for h in s.all_historians}
        cited_historians |= {
            c.id for s in self.schools for crit in s.criticisms for c in crit.historians
        }
        carried = {f for s in self.schools for c in s.claims for f in c.factors}
        carried |= {f for e in self.evidence for f in e.factors}
        for school in self.schools:
            if not school.all_historians:
                self.problems.warning(school.where, f"school '{school.id}' names no historian")
            for claim in school.claims:
                if not claim.evidence:
                    self.problems.warning(claim.where, f"claim '{claim.key}' cites no evidence")
        for item in self.evidence:
            if item.id not in cited_evidence:
                self.problems.warning(item.where, f"evidence '{item.id}' is cited by no claim")
        for person in self.historians:
            if person.id not in cited_historians:
                self.problems.warning(
                    person.where, f"historian '{person.id}' is named by no school or claim"
                )
        for factor in self.factors:
            if factor.id not in carried:
                self.problems.warning(
                    factor.where, f"factor '{factor.id}' is carried by no claim or evidence"
                )

    def warn_repeats(self, node: yaml.Node | None, ids: list[str], kind: str) -> None:
        if node is not None and len(set(ids)) < len(ids):
            repeated = sorted(i for i, n in Counter(ids).items() if n > 1)
            self.problems.warning(
                self.at(node), f"{kind} '{repeated[0].split()[0]}' is listed twice"
            )

    # -- node shapes ----------------------------------------------------------------------

    def mapping(
        self, node: yaml.Node | None, keys: dict[str, bool], what: str
    ) -> dict[str, yaml.Node] | None:
        """The fields of a mapping; unknown, duplicate and missing keys are errors."""
        if node is None:
            return None
        if not isinstance(node, yaml.MappingNode):
            self.error(
                node, f"{what} must be a mapping of 'key: value' lines, not {_describe(node)}"
            )
            return None
        fields: dict[str, yaml.Node] = {}
        seen: dict[str, yaml.Node] = {}
        for key_node, value in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.error(key_node, f"a key in {what} must be a word, not {_describe(key_node)}")
                continue
            key = key_node.value
            if key in seen:
                first = self.at(seen[key])
                self.error(
                    key_node,
                    f"duplicate key '{_clip(key)}' (first at line {first.line}): YAML would "
                    "silently keep only the last one",
                )
                continue
            seen[key] = key_node
            if key not in keys:
                self.error(
                    key_node,
                    f"unknown key '{_clip(escaped(key))}' in {what}{did_you_mean(key, keys)}"
                    f"{unseen(key)}",
                )
                continue
            fields[key] = value
        for key, required in keys.items():
            if required and key not in seen:
                self.error(node, f"{what} is missing the required key '{key}'")
        return fields

    def sequence(self, node: yaml.Node | None) -> list[yaml.Node]:
        if node is None:
            return []
        if isinstance(node, yaml.SequenceNode):
            return list(node.value)
        if isinstance(node, yaml.ScalarNode) and node.tag == NULL_TAG:
            return []  # `key:` with nothing after it: an empty list
        self.error(node, f"expected a list (as in [a, b] or '- a' lines), not {_describe(node)}")
        return []

    def text(self, node: yaml.Node | None, hint: str | None = None) -> str | None:
        """A scalar's text exactly as written (so `title: 1984` is the text '1984')."""
        if node is None:
            return None
        if not isinstance(node, yaml.ScalarNode):
            self.error(node, f"expected text, not {_describe(node)}")
            return None
        if node.tag == NULL_TAG or not node.value.strip():
            self.error(node, "this value is empty" + (f": {hint}" if hint else ""))
            return None
        value = node.value.strip()
        if invisible(value):
            shown = ", ".join(dict.fromkeys(f"U+{ord(ch):04X}" for ch in value if not ch.isspace()))
            self.error(
                node, f"this text shows nothing: it holds only invisible characters ({shown})"
            )
            return None
        if len(value) > TEXT_MAX:
            self.error(
                node,
                f"this text is {len(value):,} characters long; the limit is {TEXT_MAX:,} "
                "(about four pages): keep the part that matters",
            )
            return None
        return value

    def ident(self, node: yaml.Node | None, kind: str) -> str | None:
        value = self.text(node)
        if value is None or node is None:
            return None
        if not ID_RE.match(value):
            self.error(
                node, f"invalid {kind} id '{_clip(escaped(value))}': {ID_HELP}{unseen(value)}"
            )
            return None
        return value

    def year(self, node: yaml.Node) -> int | None:
        if isinstance(node, yaml.ScalarNode) and YEAR_RE.match(node.value) and node.tag != NULL_TAG:
            return int(node.value)
        self.error(node, f"expected a year such as 1924, not {_describe(node)}")
        return None

    def lived(self, node: yaml.Node) -> tuple[int, int | None] | None:
        """[birth, death], or [birth, null] for a living historian."""
        if (
            isinstance(node, yaml.SequenceNode)
            and len(node.value) == 2
            and isinstance(node.value[1], yaml.ScalarNode)
            and node.value[1].tag == NULL_TAG
        ):
            born = self.year(node.value[0])
            return (born, None) if born is not None else None
        return self.year_pair(node, "lived")

    def year_pair(self, node: yaml.Node, key: str) -> tuple[int, int] | None:
        if not (isinstance(node, yaml.SequenceNode) and len(node.value) == 2):
            self.error(node, f"{key} must be two years, first and last, as in [1922, 1929]")
            return None
        first, last = (self.year(n) for n in node.value)
        if first is None or last is None:
            return None
        if first > last:
            self.error(node, f"{key} runs backwards: {first} is after {last}")
            return None
        return (first, last)

    def date(self, node: yaml.Node) -> str | None:
        value = self.text(node)
        if value is None:
            return None
        try:
            dates.parse(value)
        except dates.InvalidDate as exc:
            self.error(node, f"invalid date '{_clip(value)}': {exc}")
            return None
        return value

    def choice(self, node: yaml.Node, choices: tuple[str, ...], what: str) -> str | None:
        """One of a few words, written exactly (``kind: statistic``)."""
        value = self.text(node)
        if value is None or value in choices:
            return value
        self.error(
            node,
            f"unknown {what} '{_clip(value)}': use one of "
            f"{', '.join(choices)}{did_you_mean(value, choices)}",
        )
        return None

    def short(self, node: yaml.Node) -> str | None:
        """A short form, at most SHORT_MAX characters, for where space is short."""
        value = self.text(node)
        if value is not None and len(value) > SHORT_MAX:
            self.error(
                node,
                f"short must be at most {SHORT_MAX} characters, not {len(value)}: "
                "say it in fewer words",
            )
            return None
        return value

    def url(self, node: yaml.Node) -> str | None:
        value = self.text(node)
        if value is not None and not URL_RE.match(value):
            self.error(node, f"url must start with http:// or https://, not '{_clip(value)}'")
            return None
        return value
