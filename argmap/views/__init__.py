"""Views: checked model + analyses -> graph descriptions (never rendering).

Each view is one module with a function ``view(analysis, theme, **options)`` that returns
a :class:`Diagram` (or a series of them, the pages of a split slide). Views are registered
in :mod:`argmap.registry`, the one list of what argmap can draw.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from argmap.views.common import Diagram


def get(name: str) -> Callable[..., Diagram | Sequence[Diagram]]:
    """The view function of a registered diagram kind."""
    from argmap import registry

    return registry.view(name).function()


__all__ = ["Diagram", "get"]
