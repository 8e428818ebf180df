"""A Sitzungsmappe as one file: /export/sitzungsmappe/<slug>.{pdf|pptx}, read back with pypdf and python-pptx.

The example deck (``seed_example``: three views, two with a heading) is exported once
per format for the whole module; every page renders through Debian's Chromium.
"""

from __future__ import annotations

import io
import logging
import os
import threading
import unicodedata
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pypdf import PdfReader
from sqlalchemy import select

from config import Settings
from data_access import decks
from data_access.models import Deck, DeckView
from data_access.store import Store
from tests.conftest import KREIS

CHROMIUM = Path(os.environ.get("BILDUNGSMONITOR_CHROMIUM", "/usr/bin/chromium"))
ATTRIBUTION = "© GeoBasis-DE / BKG 2016 (Daten verändert)"
DEMO_LABEL = "Demodaten (synthetisch)"
PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
# The example deck's views as the demo data show them: indicator and latest period, heading, note.
TITLES = (
    "Betreuungsquote unter 3 Jahren, Stichtag 1. März 2024",
    "Abgängerinnen und Abgänger ohne Hauptschulabschluss, Jahr 2024",
    "Ausländeranteil, Stichtag 31. Dezember 2024",
)
HEADINGS = tuple(heading for _, _, _, heading, _ in decks.EXAMPLE_VIEWS)
NAMES = tuple(title.split(",")[0] for title in TITLES)

pytestmark = pytest.mark.skipif(not CHROMIUM.is_file(), reason=f"Chromium fehlt unter {CHROMIUM}")


def _add_raw_view(store: Store, slug: str, indicator: str, heading: str) -> None:
    """A stored view whose indicator the catalogue no longer knows (``add_view`` would refuse it)."""
    deck = decks.get_deck(store, slug)
    assert deck is not None
    with store.sessions.begin() as session:
        deck_id = session.scalar(select(Deck.id).where(Deck.slug == slug))
        session.add(
            DeckView(deck_id=deck_id, position=len(deck.views) + 1, theme="x", indicator=indicator, heading=heading)
        )


@pytest.fixture(scope="module")
def client(seeded_db, tmp_path_factory):
    """The app on a copy of the demo store with the example deck, an empty deck and a deck gone stale."""
    from app import create_app

    folder = tmp_path_factory.mktemp("deck_exports")
    path = folder / "store.sqlite"
    path.write_bytes(Path(seeded_db).read_bytes())
    store = Store(f"sqlite:///{path}")
    decks.seed_example(store)
    decks.create_deck(store, "Leere Mappe", slug="leer")
    decks.create_deck(store, "Veraltete Mappe", slug="veraltet")
    decks.add_view(store, "veraltet", "t", "betreuungsquote_u3", 1990, None, "Altes Jahr", "Gibt es nicht mehr.")
    _add_raw_view(store, "veraltet", "abgeschaffter_indikator", "")
    decks.add_view(store, "veraltet", "t", "auslaenderanteil", None, None, "", "")
    settings = Settings(
        database_url=f"sqlite:///{path}", kreis=KREIS, instance_dir=folder / "instance", chromium=CHROMIUM
    )
    return create_app(settings, store).server.test_client()


@pytest.fixture(scope="module")
def example_pdf(client):
    return client.get("/export/sitzungsmappe/beispiel.pdf")


@pytest.fixture(scope="module")
def example_pptx(client):
    return client.get("/export/sitzungsmappe/beispiel.pptx")


def _attachment(response) -> str:
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    return disposition.split("filename=", 1)[1].strip('"')


def _page_texts(data: bytes) -> list[str]:
    """Each page's text as one line; NFKC undoes the font's ligatures ("ﬀ" → "ff")."""
    pages = PdfReader(io.BytesIO(data)).pages
    return [" ".join(unicodedata.normalize("NFKC", page.extract_text()).split()) for page in pages]


def _slide_text(slide) -> str:
    return " ".join(" ".join(shape.text_frame.text.split()) for shape in slide.shapes if shape.has_text_frame)


def _pictures(slide) -> list:
    return [shape for shape in slide.shapes if shape.shape_type == MSO_SHAPE_TYPE.PICTURE]


# -- PDF -------------------------------------------------------------------------------------------


def test_pdf_has_one_page_per_view_in_order(example_pdf):
    assert example_pdf.status_code == 200, example_pdf.data
    assert example_pdf.mimetype == "application/pdf"
    assert _attachment(example_pdf) == "sitzungsmappe_beispiel.pdf"
    reader = PdfReader(io.BytesIO(example_pdf.data))
    assert len(reader.pages) == 3
    assert reader.metadata.title == decks.EXAMPLE_NAME
    for page in reader.pages:  # the single export's presentation size: 1920 × 1080 px
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (1440, 810)


def test_pdf_pages_carry_heading_title_source_and_attribution(example_pdf):
    pages = _page_texts(example_pdf.data)
    assert len(pages) == 3
    for number, (text, title, heading) in enumerate(zip(pages, TITLES, HEADINGS, strict=True)):
        assert title in text, f"page {number + 1}: {text[:200]}"
        if heading:
            assert heading in text
        assert ATTRIBUTION in text and DEMO_LABEL in text
        others = [name for index, name in enumerate(NAMES) if index != number]
        assert not any(name in text for name in others), f"page {number + 1} shows another view"


def test_pdf_heading_is_the_page_title(example_pdf):
    """With a heading, the page starts with it; the indicator line follows as the subtitle."""
    first = _page_texts(example_pdf.data)[0]
    assert first.index(HEADINGS[0]) < first.index(TITLES[0])


# -- PPTX ------------------------------------------------------------------------------------------


def test_pptx_has_one_16_9_slide_per_view(example_pptx):
    assert example_pptx.status_code == 200, example_pptx.data
    assert example_pptx.mimetype == PPTX_MIME
    assert _attachment(example_pptx) == "sitzungsmappe_beispiel.pptx"
    presentation = Presentation(io.BytesIO(example_pptx.data))
    assert len(presentation.slides) == 3
    assert presentation.slide_width * 9 == presentation.slide_height * 16
    assert presentation.core_properties.title == decks.EXAMPLE_NAME


def test_pptx_slides_have_title_map_source_and_note(example_pptx):
    presentation = Presentation(io.BytesIO(example_pptx.data))
    for slide, title, heading, note in zip(presentation.slides, TITLES, HEADINGS, decks.EXAMPLE_NOTES, strict=True):
        assert slide.shapes.title.text == (heading or title)
        text = _slide_text(slide)
        assert title in text  # under a heading the indicator line stays on the slide
        assert ATTRIBUTION in text and DEMO_LABEL in text
        pictures = _pictures(slide)
        assert len(pictures) == 1
        picture = pictures[0]
        assert picture.image.content_type == "image/png"
        width, height = picture.image.size
        assert width >= 1600
        assert picture.width / picture.height == pytest.approx(width / height, rel=0.01)  # not stretched
        assert picture.left >= 0 and picture.left + picture.width <= presentation.slide_width
        assert picture.top > slide.shapes.title.top
        assert picture.top + picture.height <= presentation.slide_height
        assert slide.has_notes_slide and slide.notes_slide.notes_text_frame.text == note


# -- refusals and stale views ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        ("/export/sitzungsmappe/gibt-es-nicht.pdf", 404, "Die Sitzungsmappe „gibt-es-nicht“ gibt es nicht"),
        ("/export/sitzungsmappe/gibt-es-nicht.pptx", 404, "gibt es nicht"),
        ("/export/sitzungsmappe/Böse Mappe.pdf", 404, "gibt es nicht"),
        ("/export/sitzungsmappe/beispiel.docx", 400, "Unbekanntes Dateiformat „docx“"),
        ("/export/sitzungsmappe/beispiel.png", 400, "möglich sind pdf und pptx"),
        ("/export/sitzungsmappe/beispiel", 400, "Die Dateiendung fehlt"),
        ("/export/sitzungsmappe/leer.pdf", 409, "Die Sitzungsmappe „Leere Mappe“ hat keine Ansichten"),
        ("/export/sitzungsmappe/leer.pptx", 409, "hat keine Ansichten"),
        ("/export/sitzungsmappe/", 404, "Unbekannter Exportpfad"),
    ],
)
def test_bad_requests_get_a_short_german_answer(client, url, status, message):
    response = client.get(url)
    assert response.status_code == status
    assert response.mimetype == "text/plain"
    text = response.get_data(as_text=True)
    assert message in text and len(text) < 300
    assert "Content-Disposition" not in response.headers


def test_stale_views_get_a_message_page_not_a_failed_deck(client, caplog):
    caplog.set_level(logging.WARNING, logger="exports.decks")
    response = client.get("/export/sitzungsmappe/veraltet.pdf")
    assert response.status_code == 200, response.data
    pages = _page_texts(response.data)
    assert len(pages) == 3
    assert "Altes Jahr" in pages[0] and "Betreuungsquote unter 3 Jahren" in pages[0]
    assert "Diese Ansicht kann nicht gezeigt werden" in pages[0] and "kein Jahr 1990" in pages[0]
    assert "Stichtag 1. März 2024" not in pages[0]  # no quiet fallback to the latest year
    assert "abgeschaffter_indikator" in pages[1] and "gibt es nicht (mehr)" in pages[1]
    assert TITLES[2] in pages[2] and ATTRIBUTION in pages[2]
    logged = [record.getMessage() for record in caplog.records if record.name == "exports.decks"]
    assert any("kein Jahr 1990" in line for line in logged)
    assert any("abgeschaffter_indikator" in line for line in logged)


def test_stale_views_get_a_message_slide(client):
    response = client.get("/export/sitzungsmappe/veraltet.pptx")
    assert response.status_code == 200, response.data
    slides = list(Presentation(io.BytesIO(response.data)).slides)
    assert len(slides) == 3
    assert slides[0].shapes.title.text == "Altes Jahr"
    assert "kein Jahr 1990" in _slide_text(slides[0]) and not _pictures(slides[0])
    assert slides[0].notes_slide.notes_text_frame.text == "Gibt es nicht mehr."
    assert slides[1].shapes.title.text == "abgeschaffter_indikator" and not _pictures(slides[1])
    assert not slides[1].has_notes_slide  # no note stored, no empty notes page
    assert slides[2].shapes.title.text == TITLES[2] and len(_pictures(slides[2])) == 1


def test_deck_export_and_single_exports_run_side_by_side(client):
    """Each image takes the export lock itself: no deadlock, and neither request gets the other's image."""
    results: dict[str, object] = {}
    errors: list[BaseException] = []

    def get(key: str, url: str) -> None:
        try:
            results[key] = client.application.test_client().get(url)
        except BaseException as error:
            errors.append(error)

    single = "/export/karte.svg?indikator=auslaenderanteil&jahr=2024"
    threads = [
        threading.Thread(target=get, args=("deck", "/export/sitzungsmappe/beispiel.pdf"), daemon=True),
        threading.Thread(target=get, args=("single", single), daemon=True),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "export blocked: lock taken twice?"
    assert not errors, errors
    deck, single_response = results["deck"], results["single"]
    assert deck.status_code == 200 and single_response.status_code == 200
    pages = _page_texts(deck.data)
    assert [title in page for title, page in zip(TITLES, pages, strict=True)] == [True] * 3
    svg = single_response.get_data(as_text=True)
    assert "Ausländeranteil" in svg and "Betreuungsquote" not in svg
