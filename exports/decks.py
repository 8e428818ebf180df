"""A whole Sitzungsmappe as one file: a multi-page PDF or a PPTX, one page / slide per view, in order.

The pages are the single export's map (``exports.charts``, preset ``praesentation``)
rendered by ``exports.images``; this module only resolves the stored views against
today's data and assembles the file. Every image takes the export lock on its own
(``images.render``, a plain ``threading.Lock``): taking it here too would deadlock, and
holding it for a whole deck would block every other export for seconds. A view whose
indicator or year has no data any more gets a page that says so, never a failed deck.
A view of an indicator internal to the reader (``data_access.access``) gets the very page of an
unknown indicator, without the presenter's heading and note: never its data or its name.
pypdf and python-pptx are imported on first use, like kaleido: the explorer starts without them.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import texts
from data_access import access
from data_access.decks import DeckSpec, SlideSpec
from data_access.geodata import Boundaries
from data_access.store import Store
from data_access.views import View, build_view
from exports.charts import (
    map_export,
    map_signs,
    message_export,
    source_text,
    subtitle_text,
    title_text,
    year_range,
)
from exports.downloads import allows, reader
from exports.images import DEFAULT_CHROMIUM, PRESETS, render

if TYPE_CHECKING:
    from pptx.slide import Slide

log = logging.getLogger(__name__)

PRESET = "praesentation"
# A 16:9 slide in EMU (914 400 per inch): 13.333 × 7.5 in, PowerPoint's "Breitbild".
SLIDE_WIDTH, SLIDE_HEIGHT = 12_192_000, 6_858_000
INCH = 914_400
MARGIN = round(0.45 * INCH)
TITLE_TOP, TITLE_HEIGHT = round(0.3 * INCH), round(1.0 * INCH)
SUBTITLE_TOP, SUBTITLE_HEIGHT = round(1.3 * INCH), round(0.6 * INCH)
PICTURE_TOP, PICTURE_BOTTOM = round(1.95 * INCH), round(6.75 * INCH)
SOURCE_TOP, SOURCE_HEIGHT = round(6.78 * INCH), round(0.62 * INCH)
TITLE_PT, SUBTITLE_PT, MESSAGE_PT, SOURCE_PT = 32, 16, 24, 10
GREY = "555555"
TITLE_ONLY_LAYOUT = 5  # python-pptx's default template: "Title Only"


@dataclass(frozen=True)
class Page:
    """One view of a deck resolved against the store: its data, or the German reason why there is none."""

    slide: SlideSpec
    name: str  # the indicator's name (its id when the catalogue no longer knows it)
    view: View | None
    message: str = ""

    @property
    def title(self) -> str:
        """What the page is called: the presenter's heading, else the indicator and period."""
        if self.slide.heading:
            return self.slide.heading
        return title_text("karte", self.view) if self.view else self.name


def resolve(store: Store, boundaries: Boundaries, deck: DeckSpec, who: access.Access | None = None) -> list[Page]:
    """Every view of the deck with today's data, read before any image is rendered.

    ``who`` is the reader (default: this request's); a view it may not see resolves like an unknown indicator.
    """
    who = reader() if who is None else who
    return [_resolve(store, boundaries, deck, slide, who) for slide in deck.views]


def _resolve(store: Store, boundaries: Boundaries, deck: DeckSpec, slide: SlideSpec, who: access.Access) -> Page:
    hidden = not allows(who, slide.indicator)  # asked before the store: nothing of an internal view is read
    if hidden:
        slide = replace(slide, heading="", note="")  # the presenter's words would describe it
    try:
        if hidden:
            raise KeyError(slide.indicator)
        spec = store.spec(slide.indicator)
    except KeyError:
        why = "intern" if hidden else "unbekannt"
        log.warning("Sitzungsmappe %s, Ansicht %d: Indikator %s %s", deck.slug, slide.position, slide.indicator, why)
        return Page(slide, slide.indicator, None, texts.DECK_VIEW_UNKNOWN_INDICATOR.format(indicator=slide.indicator))
    view = build_view(store, boundaries, spec.id, slide.year, slide.gemeinde)
    message = ""
    if view is None:
        message = texts.EXPORT_NO_DATA.format(name=spec.name)
    elif slide.year is not None and view.year != slide.year:  # build_view would silently show the latest year
        message = texts.EXPORT_MISSING_YEAR.format(name=spec.name, year=slide.year, years=year_range(view.years))
    if message:
        log.warning("Sitzungsmappe %s, Ansicht %d: %s", deck.slug, slide.position, message)
        return Page(slide, spec.name, None, message)
    if slide.gemeinde and view.selected is None:
        log.warning(
            "Sitzungsmappe %s, Ansicht %d: Gemeinde %s nicht im Gebiet, ohne Hervorhebung",
            deck.slug,
            slide.position,
            slide.gemeinde,
        )
    return Page(slide, spec.name, view)


def _unavailable(page: Page) -> str:
    return f"{texts.DECK_VIEW_UNAVAILABLE} {page.message}"


def _creator(boundaries: Boundaries) -> str:
    return texts.APP_TITLE.format(kreis=boundaries.title)


# -- PDF ---------------------------------------------------------------------------------------------


def deck_pdf(
    store: Store,
    boundaries: Boundaries,
    deck: DeckSpec,
    chromium: Path = DEFAULT_CHROMIUM,
    who: access.Access | None = None,
) -> bytes:
    """One PDF page per view, each the single export's map PDF, so deck and single export never differ."""
    from pypdf import PdfReader, PdfWriter

    preset = PRESETS[PRESET]
    writer = PdfWriter()
    for page in resolve(store, boundaries, deck, who):
        if page.view is not None:
            figure = map_export(page.view, boundaries, preset, heading=page.slide.heading)
        else:
            figure = message_export(page.title, _unavailable(page), preset, page.name if page.slide.heading else "")
        writer.append(PdfReader(io.BytesIO(render(figure, "pdf", preset, chromium))))
    creator = _creator(boundaries)
    writer.add_metadata({"/Title": deck.name, "/Author": creator, "/Creator": creator})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# -- PPTX --------------------------------------------------------------------------------------------


def deck_pptx(
    store: Store,
    boundaries: Boundaries,
    deck: DeckSpec,
    chromium: Path = DEFAULT_CHROMIUM,
    who: access.Access | None = None,
) -> bytes:
    """16:9 slides with title, subtitle, the map as a picture, the source line and the speaker note.

    Title, subtitle and source are slide text (editable, searchable); the picture is the bare map
    with its colour bar, rendered to the size of its box so PowerPoint does not stretch it.
    """
    from pptx import Presentation

    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    layout = presentation.slide_layouts[TITLE_ONLY_LAYOUT]
    width = SLIDE_WIDTH - 2 * MARGIN
    height = PICTURE_BOTTOM - PICTURE_TOP
    base = PRESETS[PRESET]
    picture_preset = replace(base, name="folie", height=round(base.width * height / width))
    for page in resolve(store, boundaries, deck, who):
        slide = presentation.slides.add_slide(layout)
        _slide_title(slide, page.title)
        if page.view is not None:
            lines = [title_text("karte", page.view)] if page.slide.heading else []
            lines.append(subtitle_text("karte", page.view, boundaries, definition=False))
            _text_box(slide, SUBTITLE_TOP, SUBTITLE_HEIGHT, lines, SUBTITLE_PT, GREY)
            figure = map_export(page.view, boundaries, picture_preset, framed=False)
            image = render(figure, "png", picture_preset, chromium)
            picture = slide.shapes.add_picture(io.BytesIO(image), MARGIN, PICTURE_TOP, width, height)
            # python-pptx 1.0 has no API for alt text; cNvPr/@descr is where PowerPoint keeps it.
            picture._element.nvPicPr.cNvPr.set(
                "descr", texts.DECK_PICTURE_ALT.format(title=title_text("karte", page.view))
            )
            source = [map_signs(page.view, boundaries), source_text(page.view), texts.ATTRIBUTION]
            _text_box(slide, SOURCE_TOP, SOURCE_HEIGHT, [line for line in source if line], SOURCE_PT, GREY)
        else:
            if page.slide.heading:
                _text_box(slide, SUBTITLE_TOP, SUBTITLE_HEIGHT, [page.name], SUBTITLE_PT, GREY)
            _text_box(slide, PICTURE_TOP, height, [_unavailable(page)], MESSAGE_PT, "222222")
        if page.slide.note:
            slide.notes_slide.notes_text_frame.text = page.slide.note
    properties = presentation.core_properties
    properties.title = deck.name
    properties.author = properties.last_modified_by = _creator(boundaries)
    properties.language = texts.DOCUMENT_LANGUAGE
    out = io.BytesIO()
    presentation.save(out)
    return out.getvalue()


def _slide_title(slide: Slide, text: str) -> None:
    """The layout's title placeholder, moved to the 16:9 width (the template is 4:3) and left-aligned."""
    from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
    from pptx.util import Pt

    title = slide.shapes.title
    title.left, title.top, title.width, title.height = MARGIN, TITLE_TOP, SLIDE_WIDTH - 2 * MARGIN, TITLE_HEIGHT
    frame = title.text_frame
    frame.text = text
    frame.word_wrap = True
    frame.vertical_anchor = MSO_ANCHOR.BOTTOM
    paragraph = frame.paragraphs[0]
    paragraph.alignment = PP_ALIGN.LEFT
    for run in paragraph.runs:
        run.font.size = Pt(TITLE_PT)
        run.font.bold = True


def _text_box(slide: Slide, top: int, height: int, lines: list[str], size: int, colour: str) -> None:
    """A text box across the slide, one paragraph per line (plotly's ``<br>`` breaks become paragraphs)."""
    from pptx.dml.color import RGBColor
    from pptx.util import Pt

    box = slide.shapes.add_textbox(MARGIN, top, SLIDE_WIDTH - 2 * MARGIN, height)
    frame = box.text_frame
    frame.word_wrap = True
    paragraphs = [part for line in lines for part in line.split("<br>") if part]
    for index, text in enumerate(paragraphs):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = text
        run.font.size = Pt(size)
        run.font.color.rgb = RGBColor.from_string(colour)
