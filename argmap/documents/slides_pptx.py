"""The deck as a PowerPoint file (``argmap deck -o deck.pptx``), through python-pptx.

16:9 (13.33 x 7.5 in). The title slide is real text: the question as its title, the period
and the schools as its subtitle. Every other slide is its diagram as a 1920x1080 PNG drawn
by the bundled Graphviz, filling the slide; its title is real text too (in the outline,
for search and for screen readers), placed behind the picture, which carries the same
title drawn; the picture's alternative text is the title. The speaker notes are in each
slide's notes pane.

The same deck gives the same bytes: the package's parts are zipped in a fixed order with a
fixed time, and its creation and modification times are ``SOURCE_DATE_EPOCH`` when set,
else 1 January 1980 (the zip format's first day), never the clock.

python-pptx is imported here only (about 0.3 s), when a .pptx is written.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from collections.abc import Sequence
from typing import TYPE_CHECKING

from argmap.analysis import Analysis
from argmap.documents.notes import one_line, period
from argmap.text import clean

if TYPE_CHECKING:
    from argmap.deck import Drawn

SLIDE_WIDTH = 12192000  # EMU: 13.333 in
SLIDE_HEIGHT = 6858000  # EMU: 7.5 in
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
TITLE_LAYOUT, TITLE_ONLY_LAYOUT = 0, 5


def _when() -> dt.datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).replace(tzinfo=None)
    return dt.datetime(1980, 1, 1)


def _text(value: str) -> str:
    """Text a slide may hold: cleaned (no control characters, which XML cannot hold)."""
    return clean(value).replace("\r", "")


def presentation(analysis: Analysis, drawn: Sequence[Drawn]) -> bytes:
    """The .pptx file's bytes: the title slide, then one slide for each drawn slide after
    the first (the first is the title slide's picture, which the text replaces)."""
    from pptx import Presentation
    from pptx.util import Emu, Pt

    topic = analysis.topic
    prs = Presentation()
    prs.slide_width = Emu(SLIDE_WIDTH)
    prs.slide_height = Emu(SLIDE_HEIGHT)
    props = prs.core_properties
    props.title = _text(one_line(topic.question))[:255]
    props.subject = _text(topic.id)
    props.author = props.last_modified_by = "argmap"
    props.created = props.modified = _when()
    props.revision = 1

    for number, d in enumerate(drawn):
        slide = d.slide
        if number == 0 and slide.view == "title":
            page = prs.slides.add_slide(prs.slide_layouts[TITLE_LAYOUT])
            title, subtitle = page.shapes.title, page.placeholders[1]
            margin = Emu(SLIDE_WIDTH // 12)
            title.left, title.top = margin, Emu(SLIDE_HEIGHT // 6)
            title.width, title.height = Emu(SLIDE_WIDTH - 2 * margin), Emu(SLIDE_HEIGHT * 2 // 5)
            subtitle.left, subtitle.top = margin, Emu(SLIDE_HEIGHT * 3 // 5)
            subtitle.width = Emu(SLIDE_WIDTH - 2 * margin)
            subtitle.height = Emu(SLIDE_HEIGHT // 4)
            title.text_frame.text = _text(one_line(topic.question))
            for paragraph in title.text_frame.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(40)
                    run.font.bold = True
            lines = [period(topic)] if period(topic) else []
            lines.append("Schools: " + " · ".join(one_line(s.name) for s in topic.schools))
            subtitle.text_frame.text = _text("\n".join(lines))
            for paragraph in subtitle.text_frame.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(22)
        else:
            page = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY_LAYOUT])
            title = page.shapes.title
            step = f" (step {slide.step[0]} of {slide.step[1]})" if slide.step else ""
            title.text_frame.text = _text(slide.title + step)
            title.left, title.top = Emu(0), Emu(0)
            title.width, title.height = Emu(SLIDE_WIDTH), Emu(SLIDE_HEIGHT // 8)
            picture = page.shapes.add_picture(
                io.BytesIO(d.png), Emu(0), Emu(0), Emu(SLIDE_WIDTH), Emu(SLIDE_HEIGHT)
            )
            picture.name = f"Slide {number + 1}: {_text(slide.name)}"
            picture._element.nvPicPr.cNvPr.set("descr", _text(slide.title + step))
        page.notes_slide.notes_text_frame.text = _text(slide.notes.strip())
    buffer = io.BytesIO()
    prs.save(buffer)
    return _fixed_zip(buffer.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """The same zip with a fixed time on every member (python-pptx stamps the clock's)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            target.writestr(member, source.read(info.filename))
    return out.getvalue()
