"""Shared helpers: write real topic files into a temporary folder and check them.

The tests of the checker run in their own empty working folder (fixture ``in_tmp``), so the
paths in messages are the short relative paths a user would type:
``topic/schools/a.yaml:3:5: error: ...``.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from argmap import registry
from argmap.analysis import Analysis
from argmap.check import Result, check_topic
from argmap.themes import THEMES
from argmap.views.common import Diagram

# Fixtures that build a whole topic (every diagram drawn): a test that uses one is slow,
# whatever else it does.
BUILDS = {"built", "bundled_page", "hostile_page"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if BUILDS & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


REPO = Path(__file__).resolve().parent.parent
BUNDLED = REPO / "interpretations" / "stalin-rise"
# The views of the bundled topic that `build` refuses as too large to read (and reports):
# none since issue 12 (slides that always draw, split into a series when needed).
BUNDLED_TOO_LARGE: tuple[str, ...] = ()


class Checked(Analysis):
    """The analysis of a topic that must pass check; it unpacks as ``topic, overlap``."""

    def __iter__(self):  # noqa: ANN204 - a test convenience
        return iter((self.topic, self.overlap))


def checked(path: str | Path) -> Checked:
    """A topic that must pass check, with its analyses."""
    result = check_topic(str(path))
    assert result.topic is not None, [str(p) for p in result.problems]
    return Checked.of(result.topic)  # type: ignore[return-value]


def draw(analysis: Analysis, view: str, theme: str = "default", **options: object) -> Diagram:
    """The (first page of the) diagram of a registered view."""
    return registry.view(view).draw(analysis, THEMES[theme], **options)[0]


CASES = Path(__file__).resolve().parent / "cases"


def copy_case(case: Path, folder: Path) -> None:
    """Copy a case file into ``folder``, with the bibliography files the cases name."""
    for path in (case, *CASES.glob("*.json"), *CASES.glob("*.bib")):
        (folder / path.name).write_bytes(path.read_bytes())


# A small clean topic split into files: two schools that share evidence, a historian and a
# factor, one agreement and one challenge between them. Clean under --strict.
_SPLIT_TOPIC = {
    "topic.yaml": """\
        format: 1
        id: small
        question: Why did it happen?
        period: [1922, 1929]
        factors:
          - id: apparatus
            name: Control of the apparatus
          - id: ideas
            name: Ideas
            description: What people believed.
        """,
    "historians.yaml": """\
        historians:
          - id: carr
            name: E. H. Carr
            lived: [1892, 1982]
            works:
              - id: carr-history
                title: A History of Soviet Russia
                year: 1950
          - id: fitz
            name: Sheila Fitzpatrick
            lived: [1941, null]
        """,
    "evidence.yaml": """\
        evidence:
          - id: gensec
            text: He becomes General Secretary.
            date: 1922-04
            factors: [apparatus]
          - id: speech
            text: A speech.
            date: "1924-05-23"
            kind: quotation
            quote: Words.
            source: A record.
        """,
    "schools/alpha.yaml": """\
        id: alpha
        name: Alpha
        thesis: It was the apparatus.
        historians: [carr]
        color: "#0072B2"
        claims:
          - id: appoint
            text: He appointed his people.
            historians: [{id: carr, work: carr-history, page: "12"}]
            evidence: [gensec, {id: speech, note: it shows the habit}]
            factors: [apparatus]
          - id: outcome
            text: So he won.
            evidence: [gensec]
            supports: [appoint]
        """,
    "schools/beta.yaml": """\
        id: beta
        name: Beta
        thesis: It was ideas.
        historians: [fitz, carr]
        claims:
          - id: belief
            text: They believed in him.
            evidence: [speech]
            factors: [ideas, apparatus]
            agrees: [alpha.appoint]
            challenges: [alpha.outcome]
        """,
}
SPLIT_TOPIC = {path: textwrap.dedent(text) for path, text in _SPLIT_TOPIC.items()}


def write_files(root: Path, files: dict[str, str]) -> Path:
    """Write ``{relative path: YAML text}`` (dedented) under ``root``; return ``root``."""
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run a test in its own empty folder, so message paths are short and relative.
    A module opts in with ``pytestmark = pytest.mark.usefixtures("in_tmp")``."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def topic_dir(in_tmp: Path) -> Callable[..., str]:
    """``topic_dir({"topic.yaml": "...", "schools/a.yaml": "..."})`` writes a topic folder
    and returns its path relative to the working folder (``"topic"``)."""

    def make(files: dict[str, str], name: str = "topic") -> str:
        write_files(in_tmp / name, files)
        return name

    return make


@pytest.fixture
def one_file(in_tmp: Path) -> Callable[..., str]:
    """``one_file("format: 1 ...")`` writes a one-file topic and returns its relative path."""

    def make(text: str, name: str = "t.yaml") -> str:
        write_files(in_tmp, {name: text})
        return name

    return make


def lines(result: Result) -> list[str]:
    """Every problem as the CLI prints it: ``path:line:col: severity: message``."""
    return [str(p) for p in result.problems]


def check_lines(topic: str) -> list[str]:
    return lines(check_topic(topic))


class EditorLoader(yaml.SafeLoader):
    """YAML as an editor's yaml-language-server reads it (YAML 1.2), to check files against
    the JSON Schema: ``date: 1922-04-03`` is the text written, not a Python date (which
    ``yaml.safe_load``, reading YAML 1.1, would make, and the schema rightly refuses)."""


EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


RELATIONS = ("supports", "agrees", "challenges", "qualifies")


def bundled_part(root: Path, schools: tuple[str, ...]) -> Path:
    """The bundled topic cut down to ``schools``, written under ``root`` as a topic folder:
    the other schools' files go, and so do what names them (relation entries, the claim a
    criticism answers, ``school_order`` entries) and the evidence no kept claim cites.
    For a test that needs a real topic smaller than the bundled one (a slide that fits)."""
    folder = root / BUNDLED.name
    (folder / "schools").mkdir(parents=True, exist_ok=True)

    def load(rel: str) -> dict:
        return yaml.load((BUNDLED / rel).read_text("utf-8"), Loader=EditorLoader)

    def keep(ref: object) -> bool:
        name = ref.get("claim") if isinstance(ref, dict) else ref
        return str(name).split(".")[0] in schools

    def dump(rel: str, data: dict) -> None:
        text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
        (folder / rel).write_text(text, encoding="utf-8")

    cited: set[str] = set()
    for school in schools:
        data = load(f"schools/{school}.yaml")
        for criticism in data.get("criticisms", []):
            if "claim" in criticism and not keep(criticism["claim"]):
                del criticism["claim"]
        for claim in data.get("claims", []):
            cited.update(e["id"] if isinstance(e, dict) else e for e in claim.get("evidence", []))
            for relation in RELATIONS:
                if relation in claim:
                    claim[relation] = [r for r in claim[relation] if keep(r)]
                    if not claim[relation]:
                        del claim[relation]
        dump(f"schools/{school}.yaml", data)
    topic = load("topic.yaml")
    if "school_order" in topic:
        topic["school_order"] = [s for s in topic["school_order"] if s in schools]
    dump("topic.yaml", topic)
    evidence = load("evidence.yaml")
    evidence["evidence"] = [e for e in evidence["evidence"] if e["id"] in cited]
    dump("evidence.yaml", evidence)
    dump("historians.yaml", load("historians.yaml"))
    return folder
