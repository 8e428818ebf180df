"""Internal items through the API, the exports, the downloads and the deck pages (Flask test client).

To a public reader (no login) an internal indicator, base series or Sitzungsmappe does not exist:
every list leaves it out, and asked for by id it answers exactly like an unknown id (status,
content type, message with only the id exchanged). A logged-in viewer without admin rights sees
everything; unmarked again, the public sees it at once. Nothing is rendered here: the image and
deck exports get a stand-in renderer, and the internal ones must be refused before it is called.
"""

from __future__ import annotations

import io
import re
import struct
import zlib
from collections.abc import Iterator

import pytest
from openpyxl import load_workbook
from pptx import Presentation

import language
import security
import texts
from config import Settings
from data_access import access, catalogue, decks
from data_access.importing import import_bytes
from data_access.store import Store, series_spec
from exports import decks as deck_exports
from exports import web as export_web
from tests import fixtures
from tests.conftest import KREIS, SCOPE

INDICATOR = "betreuungsquote_u3"
UNKNOWN = "gibt_es_nicht_u3"
UNKNOWN_SERIES = "s-0000000000"
UNKNOWN_DECK = "gibt-es-nicht"
DECK = decks.EXAMPLE_SLUG
USER = "sachbearbeitung"
PASSWORD = "nur-intern-lesen-1"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
SPEC = catalogue.indicator(INDICATOR)
# Everything that names the internal indicator, in both languages.
NAMES = (INDICATOR, SPEC.german("name"), SPEC.name_en, SPEC.german("short_name"), SPEC.short_name_en)
HEADING, NOTE = decks.EXAMPLE_VIEWS[0][3], decks.EXAMPLE_NOTES[0]


@pytest.fixture(autouse=True)
def german_outside_requests() -> Iterator[None]:
    """A request sets the language of the test's thread; give the next test its German back."""
    with language.use(language.GERMAN):
        yield


@pytest.fixture
def web_app(tmp_path, store):
    """The demo store with the Kita table imported (base series), the example deck and a viewer."""
    from app import create_app

    import_bytes(store, fixtures.kita().encode("utf-8"), "22543-01-02-4.csv", SCOPE)
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'app.sqlite'}", kreis=KREIS, instance_dir=tmp_path / "i")
    app = create_app(settings, store)
    security.create_user(store, USER, PASSWORD, admin=False)
    decks.seed_example(store)
    return app


@pytest.fixture
def series(store, web_app) -> tuple[str, str]:
    """Code and name of the base series that is marked internal."""
    row = store.series_rows()[0]
    return row.code, series_spec(row).name


def mark(store: Store, kind: str, key: str, internal: bool = True) -> None:
    assert access.set_internal(store, kind, key, internal, actor="test")


@pytest.fixture
def marked(store, web_app, series) -> str:
    """The indicator, one base series and the example deck internal; the series' code is returned."""
    mark(store, access.INDICATOR, INDICATOR)
    mark(store, access.SERIES, series[0])
    mark(store, access.DECK, DECK)
    return series[0]


@pytest.fixture
def public(web_app):
    return web_app.server.test_client()


@pytest.fixture
def viewer(web_app):
    """A client logged in as a user without admin rights: an internal viewer."""
    client = web_app.server.test_client()
    match = CSRF.search(client.get("/anmelden").get_data(as_text=True))
    assert match
    response = client.post("/anmelden", data={"csrf_token": match.group(1), "benutzername": USER, "passwort": PASSWORD})
    assert response.status_code == 302
    return client


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """Every id whose observations are read: an internal id must never appear for the public."""
    seen: list[str] = []
    original = Store.observations

    def observations(self, indicator_id, *args, **kwargs):
        seen.append(indicator_id)
        return original(self, indicator_id, *args, **kwargs)

    monkeypatch.setattr(Store, "observations", observations)
    return seen


def _png() -> bytes:
    """A valid 1 × 1 white PNG, the stand-in for a rendered map."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0\xff\xff\xff"))
        + chunk(b"IEND", b"")
    )


def _pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=100, height=100)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture
def renders(monkeypatch) -> list[str]:
    """No Chromium: every render is recorded and answered with a tiny file of the asked format."""
    calls: list[str] = []

    def render(figure, fmt, preset, chromium=None):
        calls.append(fmt)
        return {"png": _png(), "pdf": _pdf()}.get(fmt, b"<svg/>")

    monkeypatch.setattr(export_web, "render", render)
    monkeypatch.setattr(deck_exports, "render", render)
    return calls


def text(response) -> str:
    return response.get_data(as_text=True)


def same_answer(internal, unknown, internal_id: str, unknown_id: str) -> None:
    """Status, content type and message alike; only the id the caller gave differs."""
    assert internal.status_code == unknown.status_code
    assert internal.mimetype == unknown.mimetype
    assert text(internal).replace(internal_id, "ID") == text(unknown).replace(unknown_id, "ID")


def absent(body: str, *words: str) -> None:
    for word in words:
        assert word not in body, word


# -- the API ------------------------------------------------------------------------


def _listed(client, lang: str = "de") -> tuple[set[str], str]:
    response = client.get(f"/api/v1/indicators?lang={lang}")
    assert response.status_code == 200
    return {row["id"] for row in response.get_json()}, text(response)


def test_api_lists_leave_internal_items_out_for_the_public(public, store, marked, series):
    everything = {spec.id for spec in catalogue.INDICATORS} | {row.code for row in store.series_rows()}
    assert len(everything) > len(catalogue.INDICATORS) + 1  # more than the one internal series
    for lang in ("de", "en"):
        ids, body = _listed(public, lang)
        assert ids == everything - {INDICATOR, marked}
        absent(body, *NAMES, marked, series[1])
    for fmt in ("csv", "xlsx"):
        response = public.get(f"/api/v1/indicators?format={fmt}")
        assert response.status_code == 200
        if fmt == "csv":
            absent(text(response), *NAMES, marked, series[1])
        else:
            sheet = load_workbook(io.BytesIO(response.data)).active
            cells = {str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None}
            assert len(cells) > 100
            assert not cells & {INDICATOR, marked, SPEC.german("name"), series[1]}


def test_api_lists_everything_for_a_viewer(viewer, marked, store):
    ids, body = _listed(viewer)
    assert INDICATOR in ids and marked in ids and SPEC.german("name") in body
    assert {row.code for row in store.series_rows()} <= ids


@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx"])
def test_api_observations_of_internal_ids_answer_like_unknown_ones(public, marked, reads, fmt):
    for internal_id, unknown_id in ((INDICATOR, UNKNOWN), (marked, UNKNOWN_SERIES)):
        internal = public.get(f"/api/v1/observations?indicator={internal_id}&format={fmt}")
        unknown = public.get(f"/api/v1/observations?indicator={unknown_id}&format={fmt}")
        assert internal.status_code == 404
        same_answer(internal, unknown, internal_id, unknown_id)
        # with further parameters the answer is the same too, and comes first
        internal = public.get(f"/api/v1/observations?indicator={internal_id}&region=99&year=x&format={fmt}")
        unknown = public.get(f"/api/v1/observations?indicator={unknown_id}&region=99&year=x&format={fmt}")
        same_answer(internal, unknown, internal_id, unknown_id)
    assert INDICATOR not in reads and marked not in reads


@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx"])
def test_api_observations_of_internal_ids_for_a_viewer(viewer, marked, fmt):
    for internal_id in (INDICATOR, marked):
        response = viewer.get(f"/api/v1/observations?indicator={internal_id}&format={fmt}")
        assert response.status_code == 200, internal_id
        assert len(response.data) > 100


# -- downloads ----------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_downloads_of_internal_ids_answer_like_unknown_ones(public, marked, reads, fmt):
    for internal_id, unknown_id in ((INDICATOR, UNKNOWN), (marked, UNKNOWN_SERIES)):
        for query in ("", "?jahr=2020", "?jahr=x"):
            internal = public.get(f"/download/{internal_id}.{fmt}{query}")
            unknown = public.get(f"/download/{unknown_id}.{fmt}{query}")
            assert internal.status_code == 404
            same_answer(internal, unknown, internal_id, unknown_id)
    assert INDICATOR not in reads and marked not in reads


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_downloads_of_internal_ids_for_a_viewer(viewer, marked, fmt):
    for internal_id in (INDICATOR, marked):
        response = viewer.get(f"/download/{internal_id}.{fmt}")
        assert response.status_code == 200, internal_id


# -- image exports ------------------------------------------------------------------


@pytest.fixture
def no_view(monkeypatch) -> list[str]:
    """Every view built for an image export, by indicator id."""
    built: list[str] = []
    original = export_web.build_view

    def build_view(store, boundaries, indicator_id, *args, **kwargs):
        built.append(indicator_id)
        return original(store, boundaries, indicator_id, *args, **kwargs)

    monkeypatch.setattr(export_web, "build_view", build_view)
    return built


@pytest.mark.parametrize("kind", ["karte.png", "balken.svg", "verlauf.pdf"])
def test_image_exports_refuse_internal_ids_before_rendering(public, marked, renders, no_view, reads, kind):
    for internal_id, unknown_id in ((INDICATOR, UNKNOWN), (marked, UNKNOWN_SERIES)):
        for query in ("&jahr=2020", "", "&jahr=x&gemeinde=0"):
            internal = public.get(f"/export/{kind}?indikator={internal_id}{query}")
            unknown = public.get(f"/export/{kind}?indikator={unknown_id}{query}")
            assert internal.status_code == 404
            same_answer(internal, unknown, internal_id, unknown_id)
    assert renders == [] and no_view == []
    assert INDICATOR not in reads and marked not in reads


def test_image_export_of_an_internal_indicator_for_a_viewer(viewer, marked, renders):
    response = viewer.get(f"/export/karte.png?indikator={INDICATOR}&jahr=2020")
    assert response.status_code == 200 and renders == ["png"]


# -- deck exports -------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["pdf", "pptx"])
def test_deck_export_of_an_internal_deck_answers_like_an_unknown_one(public, marked, renders, fmt):
    internal = public.get(f"/export/sitzungsmappe/{DECK}.{fmt}")
    unknown = public.get(f"/export/sitzungsmappe/{UNKNOWN_DECK}.{fmt}")
    assert internal.status_code == 404
    same_answer(internal, unknown, DECK, UNKNOWN_DECK)
    absent(text(internal), decks.EXAMPLE_NAME)
    assert renders == []


@pytest.fixture
def messages_shown(monkeypatch) -> list[tuple]:
    """The arguments of every message page of a deck PDF."""
    shown: list[tuple] = []
    original = deck_exports.message_export

    def message_export(*args, **kwargs):
        shown.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(deck_exports, "message_export", message_export)
    return shown


def test_public_deck_pdf_shows_an_internal_view_as_unknown(public, store, web_app, renders, messages_shown, reads):
    mark(store, access.INDICATOR, INDICATOR)
    response = public.get(f"/export/sitzungsmappe/{DECK}.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert len(renders) == 3  # one page per view
    unavailable = f"{texts.DECK_VIEW_UNAVAILABLE} {texts.DECK_VIEW_UNKNOWN_INDICATOR.format(indicator=INDICATOR)}"
    assert messages_shown == [(INDICATOR, unavailable, deck_exports.PRESETS[deck_exports.PRESET], "")]
    assert INDICATOR not in reads


def test_public_deck_pptx_shows_an_internal_view_as_unknown(public, store, web_app, renders):
    mark(store, access.INDICATOR, INDICATOR)
    response = public.get(f"/export/sitzungsmappe/{DECK}.pptx")
    assert response.status_code == 200
    slides = Presentation(io.BytesIO(response.data)).slides
    first = slides[0]
    words = " ".join(shape.text_frame.text for shape in first.shapes if shape.has_text_frame)
    words += " " + first.notes_slide.notes_text_frame.text if first.has_notes_slide else ""
    assert texts.DECK_VIEW_UNAVAILABLE in words
    assert texts.DECK_VIEW_UNKNOWN_INDICATOR.format(indicator=INDICATOR) in words
    absent(words, HEADING, NOTE, SPEC.german("name"), SPEC.name_en)
    assert renders == ["png", "png"]  # the two public views only
    assert decks.EXAMPLE_VIEWS[1][3] in " ".join(
        shape.text_frame.text for shape in slides[1].shapes if shape.has_text_frame
    )


def test_resolve_gives_the_unknown_page_only_to_the_public(store, web_app, boundaries):
    mark(store, access.INDICATOR, INDICATOR)
    deck = decks.get_deck(store, DECK)
    marks = access.marks(store)
    public_pages = deck_exports.resolve(store, boundaries, deck, marks.for_reader(False))
    assert public_pages[0].view is None and public_pages[0].name == INDICATOR
    assert public_pages[0].slide.heading == "" and public_pages[0].slide.note == ""
    assert public_pages[1].view is not None and public_pages[2].view is not None
    internal_pages = deck_exports.resolve(store, boundaries, deck, marks.for_reader(True))
    assert internal_pages[0].view is not None and internal_pages[0].slide.heading == HEADING


def test_deck_export_for_a_viewer(viewer, marked, renders):
    response = viewer.get(f"/export/sitzungsmappe/{DECK}.pdf")
    assert response.status_code == 200 and len(renders) == 3


# -- deck pages ---------------------------------------------------------------------


def test_deck_list_leaves_internal_decks_out_for_the_public(public, marked):
    for lang in ("de", "en"):
        response = public.get(f"/sitzungsmappen?lang={lang}")
        assert response.status_code == 200
        absent(text(response), decks.EXAMPLE_NAME, f"/sitzungsmappen/{DECK}", "bm-internal")


def test_internal_deck_page_answers_like_an_unknown_deck(public, marked):
    for lang in ("de", "en"):
        internal = public.get(f"/sitzungsmappen/{DECK}?lang={lang}")
        unknown = public.get(f"/sitzungsmappen/{UNKNOWN_DECK}?lang={lang}")
        assert internal.status_code == 404
        same_answer(internal, unknown, DECK, UNKNOWN_DECK)
        absent(text(internal), decks.EXAMPLE_NAME, HEADING)


def test_deck_pages_show_internal_decks_with_a_badge_to_a_viewer(viewer, marked):
    html = text(viewer.get("/sitzungsmappen"))
    assert decks.EXAMPLE_NAME in html and "bm-internal" in html
    page = viewer.get(f"/sitzungsmappen/{DECK}")
    assert page.status_code == 200
    html = text(page)
    assert "bm-internal" in html and HEADING in html and SPEC.german("name") in html and NOTE in html


def test_public_deck_leaves_views_of_internal_indicators_out(public, store, web_app):
    mark(store, access.INDICATOR, INDICATOR)
    for lang in ("de", "en"):
        listing = text(public.get(f"/sitzungsmappen?lang={lang}"))
        assert decks.EXAMPLE_NAME in listing and "bm-internal" not in listing
        assert '<td class="text-end">2</td>' in listing  # the two public views only
        page = public.get(f"/sitzungsmappen/{DECK}?lang={lang}")
        assert page.status_code == 200
        html = text(page)
        absent(html, *NAMES, HEADING, NOTE, "bm-internal")
        assert decks.EXAMPLE_VIEWS[1][3] in html  # the public views stay
        assert html.count('id="ansicht-') == 2


# -- unmarked again -----------------------------------------------------------------


def test_unmarked_items_are_public_again_at_once(public, store, marked):
    assert public.get(f"/api/v1/observations?indicator={INDICATOR}").status_code == 404
    assert public.get(f"/sitzungsmappen/{DECK}").status_code == 404
    mark(store, access.INDICATOR, INDICATOR, internal=False)
    mark(store, access.SERIES, marked, internal=False)
    mark(store, access.DECK, DECK, internal=False)
    ids, body = _listed(public)
    assert INDICATOR in ids and marked in ids and SPEC.german("name") in body
    for url in (
        f"/api/v1/observations?indicator={INDICATOR}",
        f"/api/v1/observations?indicator={marked}&format=csv",
        f"/download/{INDICATOR}.csv",
        f"/download/{marked}.xlsx",
        f"/sitzungsmappen/{DECK}",
    ):
        assert public.get(url).status_code == 200, url
    html = text(public.get(f"/sitzungsmappen/{DECK}"))
    assert HEADING in html and NOTE in html
    assert decks.EXAMPLE_NAME in text(public.get("/sitzungsmappen"))
