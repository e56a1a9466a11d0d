"""Views: checked model + overlap analysis -> graph descriptions (never rendering).

Each view is one module with a function ``view(topic, overlap, theme, **options) ->
Diagram``. Adding a diagram is one new module and one line in ``VIEWS``.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any

from argmap.views.common import Diagram

VIEWS: dict[str, str] = {
    "school": "argmap.views.school",
    "overlap": "argmap.views.overlap",
    "compare": "argmap.views.compare",
    "matrix": "argmap.views.matrix",
    "timeline": "argmap.views.timeline",
    "plan": "argmap.views.plan",
}


def get(name: str) -> Callable[..., Diagram]:
    """The view function of a diagram kind."""
    module: Any = import_module(VIEWS[name])
    return module.view


__all__ = ["VIEWS", "Diagram", "get"]
