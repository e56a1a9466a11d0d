"""Personal names in parts, as CSL names them (family, given, suffix, particle).

A historian's ``name`` is written as in prose ("Arthur M. Schlesinger Jr."). When the
topic writes no parts, :func:`split` finds them: a suffix at the end (Jr., Sr., II, III,
IV), lowercase particles before the family name (de, van, von, van der, ...), the family
name last and the given names before it. Written parts are taken as they are.
"""

from __future__ import annotations

from dataclasses import dataclass

SUFFIXES = frozenset({"Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"})
PARTICLES = frozenset(
    {
        "da", "dal", "das", "de", "degli", "del", "della", "dei", "den", "der", "des",
        "di", "do", "dos", "du", "la", "le", "ten", "ter", "van", "von", "vom", "zu", "zum",
    }
)  # fmt: skip


@dataclass(frozen=True)
class NameParts:
    family: str
    given: str = ""
    suffix: str = ""
    particle: str = ""

    def csl(self) -> dict[str, str]:
        """The name as a CSL-JSON name object (empty parts left out)."""
        parts = {
            "family": self.family,
            "given": self.given,
            "suffix": self.suffix,
            "non-dropping-particle": self.particle,
        }
        return {key: value for key, value in parts.items() if value}

    @property
    def surname(self) -> str:
        """The family name with its particle, as prose names a person ("von Mises")."""
        return " ".join(p for p in (self.particle, self.family) if p)

    @property
    def sort_key(self) -> tuple[str, str]:
        return (self.family.casefold(), self.given.casefold())


def split(name: str) -> NameParts:
    """The parts of a name written as in prose.

    >>> split("Arthur M. Schlesinger Jr.")
    NameParts(family='Schlesinger', given='Arthur M.', suffix='Jr.', particle='')
    >>> split("Ludwig van der Waals")
    NameParts(family='Waals', given='Ludwig', suffix='', particle='van der')
    """
    words = name.split()
    suffix = ""
    if len(words) > 1 and words[-1] in SUFFIXES:
        suffix = words.pop()
        words[-1] = words[-1].rstrip(",")
    if len(words) <= 1:
        return NameParts(" ".join(words), suffix=suffix)
    # Particles: the lowercase words before the family name, never the first word.
    first = len(words) - 1
    while first > 1 and words[first - 1] in PARTICLES:
        first -= 1
    return NameParts(
        family=words[-1],
        given=" ".join(words[:first]),
        suffix=suffix,
        particle=" ".join(words[first:-1]),
    )
