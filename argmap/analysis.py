"""The analyses every view and document draws on, made once per checked topic.

:class:`Analysis` holds the checked topic and its overlap analysis (:mod:`argmap.overlap`),
and computes the essay analysis (:mod:`argmap.essay`: branches, the ranking of factors) the
first time a view or document asks for it, then keeps it: a build that draws the plan, its
slide and its written version ranks the factors once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from argmap import essay
from argmap.model import Topic
from argmap.overlap import Overlap, analyse


@dataclass(frozen=True, eq=False)
class Analysis:
    topic: Topic
    overlap: Overlap
    _branches: dict[tuple[str, str | None], tuple[essay.Branch, ...]] = field(
        default_factory=dict, repr=False
    )
    _paragraphs: dict[tuple[str, str | None], tuple[essay.Paragraph, ...]] = field(
        default_factory=dict, repr=False
    )

    @classmethod
    def of(cls, topic: Topic) -> Analysis:
        return cls(topic, analyse(topic))

    @cached_property
    def standings(self) -> tuple[essay.FactorStanding, ...]:
        """Every factor's standing, in ranking order (:func:`argmap.essay.standings`)."""
        return essay.standings(self.topic, self.overlap)

    @cached_property
    def ranks(self) -> dict[str, essay.Rank]:
        """Each factor's rank, ties shared (:func:`argmap.essay.ranks`)."""
        return essay.ranks(self.standings)

    @cached_property
    def by_status(self) -> dict[str, tuple[essay.FactorStanding, ...]]:
        """The ranking grouped by status, each group in ranking order."""
        return essay.by_status(self.standings)

    def branches(self, *, by: str = "factor", focus: str | None = None) -> tuple[essay.Branch, ...]:
        """The branches of an essay plan (:func:`argmap.essay.branches`), made once each."""
        key = (by, focus)
        if key not in self._branches:
            ranked = self.standings if focus is not None else None
            self._branches[key] = essay.branches(
                self.topic, self.overlap, by=by, focus=focus, ranked=ranked
            )
        return self._branches[key]

    def paragraphs(
        self, *, by: str = "factor", focus: str | None = None
    ) -> tuple[essay.Paragraph, ...]:
        """The paragraphs of an essay plan in the order it recommends, each with its one
        number (:func:`argmap.essay.paragraphs`): what the plan diagram and the written
        plan both follow."""
        key = (by, focus)
        if key not in self._paragraphs:
            self._paragraphs[key] = essay.paragraphs(
                self.topic, self.overlap, by=by, focus=focus, ranked=self.standings
            )
        return self._paragraphs[key]
