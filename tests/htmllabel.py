"""Read Graphviz HTML-like labels in tests: they are XML once the outer ``<...>`` is off.

>>> table = parse('<<TABLE><TR><TD ID="a">1 <B>x</B><BR ALIGN="LEFT"/>y</TD></TR></TABLE>>')
>>> text(by_id(table, "a"))
'1 x y'
"""

from __future__ import annotations

import xml.etree.ElementTree as ET


def parse(label: str) -> ET.Element:
    """An HTML-like label (as pydot gives it, ``<<TABLE>...>``, or as pygraphviz does,
    ``<TABLE>...``) as an element tree."""
    label = label.strip()
    if label.startswith("<<"):
        label = label[1:-1]
    return ET.fromstring(label)


def fragment(label: str) -> ET.Element:
    """A label that may be several pieces (``<FONT>..</FONT><FONT>..</FONT>``) under one
    root element."""
    label = label.strip()
    if label.startswith("<<"):
        label = label[1:-1]
    return ET.fromstring(f"<LABEL>{label}</LABEL>")


def text(element: ET.Element) -> str:
    """All the words under an element, one space between pieces and lines."""
    return " ".join(" ".join(element.itertext()).split())


def by_id(table: ET.Element, ident: str) -> ET.Element:
    found = table.find(f".//*[@ID='{ident}']")
    assert found is not None, f"no element with ID {ident!r}"
    return found


def tag_cells(element: ET.Element) -> list[str]:
    """The texts of the coloured school tag cells (``Canvas.school_tag``) under an element."""
    return [text(td) for td in element.iter("TD") if "BGCOLOR" in td.attrib and text(td)]
