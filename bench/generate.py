"""A synthetic topic in the argmap format, seeded, at any size, for the benchmark.

The proportions follow the bundled topic as first written (interpretations/stalin-rise before
its December 2026 rewrite: 5 schools, 35 claims, 64 evidence items, 10 historians, 8 factors;
it now has 40 claims, 72 items and 21 historians, and names a historian in almost every
claim), kept so that benchmark runs stay comparable: a claim cites about 3.7 evidence items
(a note on about half of the citations), names a historian one time in two (with a work most
of the time), carries one or two factors, supports another claim of its school two times in three,
and agrees with, qualifies or challenges another school's claim about one time in two.
A school draws most of its evidence from its own part of the record and the rest from what
everybody cites, so schools overlap as real ones do: a lot with a few, a little with many.

Every item is cited, every historian named and every factor carried, so a generated topic
passes ``argmap check --strict``. Text is written as a person would: long text as folded
blocks (``>-``), dates sometimes quoted, citations both bare and as ``{id: ..., note: ...}``.

    python bench/generate.py OUT_DIR [--schools 50 --claims 2000 --evidence 3000 ...]
"""

from __future__ import annotations

import argparse
import random
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


WORDS = _words(
    "party apparatus secretary congress faction opposition leader bureaucracy peasant worker "
    "grain harvest industry plan market policy ideology revolution socialism country power "
    "rival alliance vote delegate committee politburo member cadre official appointment "
    "testament funeral succession debate programme army trade union press speech letter "
    "report decree famine price crisis war reform state class loyalty patronage support "
    "enemy ally control purge exile heir doctrine tradition culture society town village "
    "education propaganda image cult myth memory archive census record statistic"
)
ADJECTIVES = _words(
    "early late central local radical moderate cautious ruthless skilful loyal hostile "
    "popular secret official rural urban economic political social cultural military "
    "ideological bureaucratic personal collective national international gradual sudden"
)
VERBS = _words(
    "shaped explains drove weakened strengthened undermined reflected enabled limited "
    "outweighed accompanied followed preceded decided concealed revealed"
)
GIVEN = _words(
    "Robert Sheila Isaac Edward Stephen Leonard Moshe Alec Orlando Christopher Lynne "
    "Graeme Ronald Hiroaki Robert Catherine Oleg Yoram Sarah Dmitri Richard Evan Anne"
)
SURNAMES = _words(
    "Conquest Fitzpatrick Deutscher Carr Cohen Schapiro Lewin Nove Figes Read Viola Gill "
    "Suny Kuromiya Service Merridale Khlevniuk Gorlizki Davies Volkogonov Pipes Brovkin "
    "Getty Kotkin Hosking Daniels Ward McNeal Kenez Lih Harris Priestland"
)
KINDS = ("event",) * 17 + ("quotation",) * 2 + ("statistic", "document")


@dataclass
class _Claim:
    id: str
    school: str
    text: str
    evidence: list[tuple[str, str | None]] = field(default_factory=list)
    historians: list[tuple[str, str | None, str | None]] = field(default_factory=list)
    factors: list[str] = field(default_factory=list)
    supports: list[str] = field(default_factory=list)
    agrees: list[str] = field(default_factory=list)
    qualifies: list[str] = field(default_factory=list)
    challenges: list[str] = field(default_factory=list)


@dataclass
class _School:
    id: str
    name: str
    thesis: str
    historians: list[str]
    claims: list[_Claim] = field(default_factory=list)


def _sentence(rng: random.Random, low: int, high: int) -> str:
    words = [rng.choice(WORDS if i % 3 else ADJECTIVES) for i in range(rng.randint(low, high))]
    words.insert(len(words) // 2, rng.choice(VERBS))
    if rng.random() < 0.3:
        words[len(words) // 3] += ","
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def _scalar(key: str, text: str, indent: int) -> str:
    """``key: text`` as a person writes it: plain when short, a folded block when long."""
    pad = " " * indent
    if len(text) + len(key) + indent < 80:
        return f"{pad}{key}: {text}\n"
    body = textwrap.fill(text, 84, initial_indent=pad + "  ", subsequent_indent=pad + "  ")
    return f"{pad}{key}: >-\n{body}\n"


def _flow(items: Sequence[str]) -> str:
    return "[" + ", ".join(items) + "]"


def _take(rng: random.Random, pool: Sequence[str], k: int) -> list[str]:
    return rng.sample(list(pool), min(k, len(pool)))


def generate(
    folder: str | Path,
    *,
    schools: int = 5,
    claims: int = 35,
    evidence: int = 64,
    historians: int = 10,
    factors: int = 8,
    seed: int = 1,
) -> Path:
    """Write a topic folder (topic.yaml, historians.yaml, evidence.yaml, schools/*.yaml)
    with these counts; the same arguments always give the same bytes. Returns the folder."""
    if schools < 2 or claims < schools or evidence < 1 or historians < 1 or factors < 1:
        raise ValueError("need at least 2 schools, a claim per school, and one of each item")
    rng = random.Random(seed)
    root = Path(folder)
    (root / "schools").mkdir(parents=True, exist_ok=True)

    factor_ids = [f"factor-{i + 1:03d}-{rng.choice(WORDS)}" for i in range(factors)]
    evidence_ids = [f"ev-{i + 1:05d}-{rng.choice(WORDS)}" for i in range(evidence)]
    historian_ids = [f"{rng.choice(SURNAMES).lower()}-{i + 1:03d}" for i in range(historians)]
    works: dict[str, list[str]] = {
        h: [f"{h}-w{j + 1}" for j in range(rng.choice((0, 1, 1, 1, 2, 2, 3)))]
        for h in historian_ids
    }

    # Claims per school: uneven, as real schools are (a power-politics school of 14 claims
    # beside a structuralist one of 5), summing to `claims`.
    weights = [rng.uniform(0.5, 2.0) for _ in range(schools)]
    sizes = [max(1, round(claims * w / sum(weights))) for w in weights]
    while sum(sizes) != claims:
        i = rng.randrange(schools)
        if sum(sizes) > claims and sizes[i] > 1:
            sizes[i] -= 1
        elif sum(sizes) < claims:
            sizes[i] += 1

    # Each school's own slice of the record, plus a common pool everybody draws on.
    common = evidence_ids[: max(1, evidence // 10)]
    rest = evidence_ids[len(common) :] or common
    slices = [
        rest[i * len(rest) // schools : (i + 1) * len(rest) // schools] for i in range(schools)
    ]
    hist_slices = [
        historian_ids[i * historians // schools : (i + 1) * historians // schools]
        for i in range(schools)
    ]

    school_list: list[_School] = []
    serial = 0
    for i in range(schools):
        sid = f"{rng.choice(ADJECTIVES)}-{rng.choice(WORDS)}-{i + 1:02d}"
        own_historians = hist_slices[i] or [rng.choice(historian_ids)]
        named = _take(rng, own_historians, rng.choice((1, 1, 2, 3, 5)))
        school = _School(sid, sid.replace("-", " ").capitalize(), _sentence(rng, 14, 30), named)
        for _ in range(sizes[i]):
            serial += 1
            claim = _Claim(f"{rng.choice(WORDS)}-{rng.choice(WORDS)}-{serial}", sid, "")
            claim.text = _sentence(rng, 8, 40)
            local = slices[i] or common
            for _ in range(rng.choice((1, 2, 3, 3, 4, 4, 5, 6))):
                item = rng.choice(local) if rng.random() < 0.75 else rng.choice(common)
                if all(item != e for e, _ in claim.evidence):
                    note = _sentence(rng, 5, 14) if rng.random() < 0.45 else None
                    claim.evidence.append((item, note))
            if rng.random() < 0.5:
                who = rng.choice(own_historians if rng.random() < 0.8 else historian_ids)
                work = rng.choice(works[who]) if works[who] and rng.random() < 0.8 else None
                page = str(rng.randint(1, 600)) if work and rng.random() < 0.3 else None
                claim.historians.append((who, work, page))
            claim.factors = _take(rng, factor_ids, rng.choice((0, 1, 1, 2, 2, 3)))
            school.claims.append(claim)
        school_list.append(school)

    # Support within a school (now and then across), to a claim written earlier, so the
    # support graph has no cycle. Evidence, historians and factors nobody cited get a home.
    for school in school_list:
        for n, claim in enumerate(school.claims):
            if n and rng.random() < 0.6:
                for target in _take(rng, school.claims[:n], rng.choice((1, 1, 2))):
                    claim.supports.append(target.id)
    everyone = [c for s in school_list for c in s.claims]
    for claim in rng.sample(everyone, len(everyone) // 50):
        other = rng.choice(school_list)
        if other.id != claim.school:
            claim.supports.append(f"{other.id}.{rng.choice(other.claims).id}")

    cited = {e for c in everyone for e, _ in c.evidence}
    for i, item in enumerate(evidence_ids):
        if item not in cited:
            owner = next((k for k, s in enumerate(slices) if item in s), i % schools)
            rng.choice(school_list[owner].claims).evidence.append((item, None))
    named = {h for s in school_list for h in s.historians} | {
        h for c in everyone for h, _, _ in c.historians
    }
    for i, who in enumerate(historian_ids):
        if who not in named:
            school_list[i % schools].historians.append(who)
    carried = {f for c in everyone for f in c.factors}
    for i, factor in enumerate(factor_ids):
        if factor not in carried:
            everyone[(i * 7919) % len(everyone)].factors.append(factor)

    # Cross-school relations, about one claim in two: never to its own school, and at most
    # one relation per pair of claims (so never agrees and challenges the same pair).
    related: set[frozenset[str]] = set()
    kinds = ("agrees",) * 4 + ("qualifies",) * 3 + ("challenges",) * 3
    for claim in everyone:
        for _ in range(rng.choice((0, 0, 0, 1, 1, 2))):
            other = rng.choice(school_list)
            if other.id == claim.school:
                continue
            target = rng.choice(other.claims)
            pair = frozenset((f"{claim.school}.{claim.id}", f"{other.id}.{target.id}"))
            if pair in related:
                continue
            related.add(pair)
            getattr(claim, rng.choice(kinds)).append(f"{other.id}.{target.id}")

    _write_topic(root, rng, factor_ids)
    _write_historians(root, rng, historian_ids, works)
    _write_evidence(root, rng, evidence_ids, factor_ids)
    for school in school_list:
        _write_school(root, school)
    return root


def _write_topic(root: Path, rng: random.Random, factor_ids: list[str]) -> None:
    out = [
        "format: 1\n",
        f"id: {root.name if _slug(root.name) else 'synthetic'}\n",
        "question: How far do the schools agree on why it happened?\n",
        "period: [1900, 1960]\n",
        _scalar("summary", _sentence(rng, 30, 60), 0),
        "factors:\n",
    ]
    for factor in factor_ids:
        out.append(f"  - id: {factor}\n")
        out.append(f"    name: {_sentence(rng, 2, 5)[:-1]}\n")
        if rng.random() < 0.5:
            out.append(_scalar("description", _sentence(rng, 8, 20), 4))
    (root / "topic.yaml").write_text("".join(out), encoding="utf-8")


def _write_historians(
    root: Path, rng: random.Random, historian_ids: list[str], works: dict[str, list[str]]
) -> None:
    out = ["historians:\n"]
    for who in historian_ids:
        born = rng.randint(1880, 1960)
        died = "null" if born > 1940 and rng.random() < 0.6 else str(born + rng.randint(50, 95))
        surname = who.rsplit("-", 1)[0].capitalize()
        out.append(f"  - id: {who}\n    name: {rng.choice(GIVEN)} {surname}\n")
        out.append(f"    lived: [{born}, {died}]\n")
        if works[who]:
            out.append("    works:\n")
            for work in works[who]:
                title = _sentence(rng, 3, 9)[:-1].replace(",", "")
                out.append(f'      - id: {work}\n        title: "{title}"\n')
                out.append(f"        year: {born + rng.randint(25, 60)}\n")
    (root / "historians.yaml").write_text("".join(out), encoding="utf-8")


def _write_evidence(
    root: Path, rng: random.Random, evidence_ids: list[str], factor_ids: list[str]
) -> None:
    out = ["evidence:\n"]
    for item in evidence_ids:
        out.append(f"  - id: {item}\n")
        out.append(_scalar("text", _sentence(rng, 6, 30), 4))
        roll = rng.random()
        year = rng.randint(1878, 1960)
        if roll < 0.4:
            out.append(f'    date: "{year}"\n')
        elif roll < 0.7:
            out.append(f"    date: {year}-{rng.randint(1, 12):02d}\n")
        elif roll < 0.9:
            out.append(f'    date: "{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"\n')
        kind = rng.choice(KINDS)
        if kind != "event":
            out.append(f"    kind: {kind}\n")
        if kind == "quotation" or rng.random() < 0.05:
            out.append(_scalar("quote", _sentence(rng, 8, 30), 4))
            out.append(f"    source: {rng.choice(SURNAMES)}, {rng.choice(WORDS)} record\n")
        if rng.random() < 0.8:
            out.append(f"    factors: {_flow(_take(rng, factor_ids, rng.choice((1, 1, 1, 2))))}\n")
    (root / "evidence.yaml").write_text("".join(out), encoding="utf-8")


def _write_school(root: Path, school: _School) -> None:
    out = [
        f"id: {school.id}\n",
        f"name: {school.name}\n",
        _scalar("thesis", school.thesis, 0),
        f"historians: {_flow(school.historians)}\n",
        "claims:\n",
    ]
    for claim in school.claims:
        out.append(f"  - id: {claim.id}\n")
        out.append(_scalar("text", claim.text, 4))
        if claim.historians:
            cites = [
                who
                if not work
                else f"{{id: {who}, work: {work}" + (f', page: "{page}"}}' if page else "}")
                for who, work, page in claim.historians
            ]
            out.append(f"    historians: {_flow(cites)}\n")
        if claim.evidence:
            out.append("    evidence:\n")
            for item, note in claim.evidence:
                out.append(
                    f'      - {{id: {item}, note: "{note}"}}\n' if note else f"      - {item}\n"
                )
        for key in ("factors", "supports", "agrees", "qualifies", "challenges"):
            values: list[str] = getattr(claim, key)
            if values:
                out.append(f"    {key}: {_flow(values)}\n")
    (root / "schools" / f"{school.id}.yaml").write_text("".join(out), encoding="utf-8")


def _slug(name: str) -> bool:
    return re.fullmatch(r"[a-z0-9][a-z0-9-]{0,63}", name) is not None


@dataclass(frozen=True)
class Size:
    """One benchmark size: the counts passed to :func:`generate`."""

    name: str
    schools: int
    claims: int
    evidence: int
    historians: int
    factors: int

    def counts(self) -> dict[str, int]:
        return {
            "schools": self.schools,
            "claims": self.claims,
            "evidence": self.evidence,
            "historians": self.historians,
            "factors": self.factors,
        }


# From the size of the bundled topic as first written up to the one PRODUCT.md's quality
# bar names.
SIZES = (
    Size("xs", schools=5, claims=35, evidence=64, historians=10, factors=8),
    Size("s", schools=10, claims=200, evidence=300, historians=30, factors=12),
    Size("m", schools=25, claims=800, evidence=1200, historians=120, factors=20),
    Size("l", schools=50, claims=2000, evidence=3000, historians=300, factors=30),
)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder")
    largest = SIZES[-1]
    for key, value in largest.counts().items():
        parser.add_argument(f"--{key}", type=int, default=value)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    counts = {key: getattr(args, key) for key in largest.counts()}
    print(generate(args.folder, seed=args.seed, **counts))


if __name__ == "__main__":
    main()
