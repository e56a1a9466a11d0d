"""Every work of a topic for a reference manager: CSL-JSON (``export -f csl-json``, as
Zotero imports it) and BibTeX (``export -f bibtex``, written by pandoc from the same CSL
items, :func:`argmap.citations.items`)."""

from __future__ import annotations

import json

from argmap.analysis import Analysis


def to_csl_json(analysis: Analysis) -> str:
    """Every work of the topic as a CSL-JSON array, in the order the historians list them."""
    from argmap import citations

    return json.dumps(citations.items(analysis.topic), ensure_ascii=False, indent=2) + "\n"


def to_bibtex(analysis: Analysis) -> str:
    """Every work of the topic as BibTeX entries, keyed by the works' ids."""
    from argmap import citations

    items = citations.items(analysis.topic)
    if not items:
        return ""
    made = citations.run(["-"], "bibtex", source_format="csljson", stdin=json.dumps(items).encode())
    return made.decode("utf-8")
