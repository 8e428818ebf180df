"""Every route and every callback, enumerated: a public reader gets 401/403 or nothing of an internal item.

The acceptance test of the roles issue. ``ROUTES`` classifies every Flask rule of the app (rule and
method; HEAD and OPTIONS are Flask's own twins of GET), Dash's own included; ``CALLBACKS`` every Dash
callback (outputs and inputs). A rule or callback missing from its table fails the test, so a new
one must be classified, and given probes, before it ships.

Classes of routes:

* ``public-no-data``: static files, assets, geodata, health, Dash's index/layout/dependencies, the
  login page, the API's unknown paths, the import template. Answered to anyone; no internal item named.
* ``data``: hands out indicator, series or deck data. Each probe names the internal indicator,
  series or deck; the public answer shows no trace of them (ids, German and English names and short
  names, series names, deck name, headings, notes) and is the answer for an unknown id (only the id
  exchanged); the same request of a logged-in viewer does show them, which proves the probe reached
  the data (a probe that passed because its URL was wrong would fail here).
* ``admin``: public and viewer are sent to the login or refused (302 to ``/anmelden``, 401, 403);
  ``test_the_right_role_gets_through`` shows that an admin does get through (and a POST changes the store).
* ``login-required``: as ``admin`` for the public; a viewer gets through.

Callbacks are ``data`` (router, theme view, comparison: as above, POSTed as the browser does),
``echo`` (the export and download links: built from their inputs, read nothing, the same answer for
everyone), ``public-no-data`` (the Gemeinde selection) or ``clientside`` (no server data: the server
has no function for them and answers a POST with an error).

Every public request is watched: the store's snapshot (every table's row count, a digest of every
small table's rows, the data version, the internal marks, the pending uploads) must stay the same,
no statement may write, no observations of an internal id may be read. POSTs carry the public
session's valid CSRF token, so a refusal is the role check, not the token.

Two worlds, each the demo store with an imported Kita table (base series), the example deck and a
viewer and an admin: in ``world`` the indicator ``betreuungsquote_u3``, one base series and the deck
``beispiel`` are internal; in ``deck_public`` the deck stays public, so its view of the internal
indicator must be left out (the probes about decks run there too). Nothing is rendered and no Chromium
is needed: the image and deck exports get a stand-in renderer that records the figure it would draw.
A refused export must not reach it; what it draws for the public is searched for traces too, and
what it draws for a viewer must show the internal indicator, so the image routes get their
viewer check as well.
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

import pytest
from dash import Dash
from flask.testing import FlaskClient
from openpyxl import load_workbook
from pptx import Presentation
from pypdf import PdfReader
from sqlalchemy import event, func, select

import language
import security
import texts
from callbacks.presentation import explorer_href
from config import Settings
from data_access import access, catalogue, decks
from data_access.importing import import_bytes
from data_access.models import Base
from data_access.store import Store, series_spec
from exports import decks as deck_exports
from exports import web as export_web
from layouts.pages import PAGES
from tests import fixtures
from tests.conftest import KREIS, SCOPE
from tests.dash_client import _outputs
from tests.test_access_api_exports import _pdf, _png

# -- the internal items and their stand-ins --------------------------------------------------------

INDICATOR = "betreuungsquote_u3"
OTHER = "betreuungsquote_3_6"  # same theme, stays public
DECK = decks.EXAMPLE_SLUG
AGS = "03453001"
ADMIN, ADMIN_PASSWORD = "amt-admin", "richtig-geheim-2024"
VIEWER, VIEWER_PASSWORD = "ausschuss-leser", "nur-lesen-bitte-2024"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
UPLOAD_TOKEN = re.compile(r'name="upload" value="([^"]+)"')
SUITE = re.compile(r'src="(/_dash-component-suites/dash/dash-renderer/[^"]+)"')
SMALL_TABLE = 1000  # rows; a larger table (values, cells) is compared by its count, its writes are watched
WRITES = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER)\b", re.IGNORECASE)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"

# Placeholders of the probes, filled per world: internal indicator, series, deck (each with an
# unknown stand-in), years with values, a deck view, a component file and a checked upload.
IND, SER, SLUG = "@I@", "@S@", "@D@"
IY, SY, V, SUITE_URL, UPLOAD = "@IY@", "@SY@", "@V@", "@SUITE@", "@UPLOAD@"
UNKNOWN = {IND: "gibt_es_nicht_u3", SER: "s-0000000000", SLUG: "gibt-es-nicht"}

NO_DATA, DATA, ADMIN_ONLY, LOGIN = "public-no-data", "data", "admin", "login-required"
DECK_INTERNAL = "deck-internal"  # a viewer sees more than the public only where the deck is internal
ECHO, CLIENTSIDE = "echo", "clientside (no server data)"  # callbacks only
YEARS = "data: years only"  # which years an item has; names no word of it, so only "not what the public gets"


@dataclass(frozen=True)
class Probe:
    """One request of a route; ``viewer``: a logged-in viewer's answer must show the internal item."""

    url: str
    status: int | None = None  # the public answer's status, where it is fixed
    method: str = "GET"
    form: dict[str, object] = field(default_factory=dict)
    upload: bool = False  # send a table file as ``datei``
    viewer: bool | str = True  # or DECK_INTERNAL: only where the deck is internal


def get(url: str, status: int | None = None, viewer: bool | str = True) -> Probe:
    return Probe(url, status, viewer=viewer)


def post(url: str, form: dict[str, object] | None = None, status: int | None = None, **kw: object) -> Probe:
    return Probe(url, status, "POST", form or {}, **kw)  # type: ignore[arg-type]


API_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
DECK_VIEW = "/sitzungsmappen/<slug>/ansichten/<int:view_id>"
VISIBILITY_FORM = {"markiert": [f"indicator:{OTHER}"], "bisher": [f"indicator:{IND}", f"series:{SER}", f"deck:{SLUG}"]}
ADD_VIEW = {"thema": "fruehkindliche-bildung", "indikator": IND, "jahr": "", "gemeinde": AGS}

# (rule, method) → (class, probes). A probe's URL fills the rule's converters with the internal ids.
ROUTES: dict[tuple[str, str], tuple[str, tuple[Probe, ...]]] = {
    # Dash: the index for every path, its layout, dependencies, component files, favicon, reload hash
    ("/", "GET"): (NO_DATA, (get("/", 200), get(f"/?indikator={IND}", 200))),
    ("/<path:path>", "GET"): (
        NO_DATA,
        (
            get(f"/fruehkindliche-bildung?indikator={IND}", 200),
            get(f"/weitere-daten?indikator={SER}", 200),
            get(f"/vergleich?indikator={IND}&regionen={AGS}", 200),
            get(f"/gemeinde/{AGS}", 200),
            get(f"/praesentation/{SLUG}?lang=en", 200),
        ),
    ),
    ("/_dash-component-suites/<string:package_name>/<path:fingerprinted_path>", "GET"): (
        NO_DATA,
        (get(SUITE_URL, 200), get("/_dash-component-suites/dash/gibt-es-nicht.js", 404)),
    ),
    ("/_dash-dependencies", "GET"): (NO_DATA, (get("/_dash-dependencies", 200),)),
    ("/_dash-layout", "GET"): (NO_DATA, (get("/_dash-layout", 200), get("/_dash-layout?lang=en", 200))),
    ("/_dash-update-component", "POST"): (DATA, ()),  # every callback is probed in test_callback
    ("/_favicon.ico", "GET"): (NO_DATA, (get("/_favicon.ico", 200),)),
    ("/_reload-hash", "GET"): (NO_DATA, (get("/_reload-hash"),)),
    ("/assets/<path:filename>", "GET"): (
        NO_DATA,
        (get("/assets/10_app/app.css", 200), get("/assets/10_app/presentation.js", 200)),
    ),
    ("/static/<path:filename>", "GET"): (NO_DATA, (get("/static/app.css", 404),)),  # Flask's; the app has none
    ("/geodata/gemeinden.geojson", "GET"): (NO_DATA, (get("/geodata/gemeinden.geojson", 200),)),
    ("/geodata/kreise.geojson", "GET"): (NO_DATA, (get("/geodata/kreise.geojson", 200),)),
    ("/healthz", "GET"): (NO_DATA, (get("/healthz", 200),)),
    # login and logout
    ("/anmelden", "GET"): (NO_DATA, (get("/anmelden", 200), get(f"/anmelden?weiter=/sitzungsmappen/{SLUG}", 200))),
    ("/anmelden", "POST"): (
        NO_DATA,
        (post("/anmelden", {"benutzername": "niemand-bekannt", "passwort": "falsch-falsch-1"}, 200),),
    ),
    ("/abmelden", "POST"): (NO_DATA, (post("/abmelden", status=302),)),
    # the API
    ("/api/v1/indicators", "GET"): (
        DATA,
        tuple(get(f"/api/v1/indicators{q}") for q in ("", "?lang=en", "?format=csv", "?format=xlsx&lang=en")),
    ),
    ("/api/v1/observations", "GET"): (
        DATA,
        (
            get(f"/api/v1/observations?indicator={IND}"),
            get(f"/api/v1/observations?indicator={IND}&format=csv"),
            get(f"/api/v1/observations?indicator={IND}&format=xlsx&lang=en"),
            get(f"/api/v1/observations?indicator={IND}&region={AGS}&year={IY}"),
            get(f"/api/v1/observations?indicator={SER}"),
            get(f"/api/v1/observations?indicator={SER}&format=xlsx"),
        ),
    ),
    ("/api/v1/regions", "GET"): (NO_DATA, (get("/api/v1/regions", 200), get("/api/v1/regions?format=csv", 200))),
    **{("/api/v1/", m): (NO_DATA, (Probe("/api/v1/", 404, m),)) for m in API_METHODS},
    **{
        ("/api/v1/<path:rest>", m): (
            NO_DATA,
            (
                Probe(f"/api/v1/observations/{IND}", 404, m),
                Probe(f"/api/v1/indicators/{SER}?format=csv", 404, m),
                *((Probe(f"/api/v1/observations?indicator={IND}", 405, m),) if m != "GET" else ()),
            ),
        )
        for m in API_METHODS
    },
    # downloads and image exports
    ("/download/<name>", "GET"): (
        DATA,
        (
            get(f"/download/{IND}.csv"),
            get(f"/download/{IND}.xlsx"),
            get(f"/download/{IND}.csv?jahr={IY}&lang=en"),
            get(f"/download/{SER}.csv"),
            get(f"/download/{SER}.xlsx?jahr={SY}"),
        ),
    ),
    ("/download/", "GET"): (NO_DATA, (get("/download/", 404),)),
    ("/download/<path:rest>", "GET"): (NO_DATA, (get(f"/download/{IND}/{IY}.csv", 404),)),
    ("/export/<name>", "GET"): (
        DATA,
        (
            get(f"/export/karte.png?indikator={IND}&jahr={IY}"),
            get(f"/export/balken.svg?indikator={IND}&jahr={IY}&gemeinde={AGS}&groesse=druck"),
            get(f"/export/verlauf.pdf?indikator={IND}&jahr={IY}&lang=en"),
            get(f"/export/karte.svg?indikator={SER}&jahr={SY}"),
        ),
    ),
    ("/export/sitzungsmappe/<name>", "GET"): (
        DATA,
        (get(f"/export/sitzungsmappe/{SLUG}.pdf"), get(f"/export/sitzungsmappe/{SLUG}.pptx?lang=en")),
    ),
    ("/export/", "GET"): (NO_DATA, (get("/export/", 404),)),
    ("/export/<path:rest>", "GET"): (NO_DATA, (get(f"/export/karte/{IND}.png", 404),)),
    # Sitzungsmappen: reading is data, every change needs a login
    ("/sitzungsmappen", "GET"): (
        DATA,
        (get("/sitzungsmappen", viewer=DECK_INTERNAL), get("/sitzungsmappen?lang=en", viewer=DECK_INTERNAL)),
    ),
    ("/sitzungsmappen/<slug>", "GET"): (DATA, (get(f"/sitzungsmappen/{SLUG}"), get(f"/sitzungsmappen/{SLUG}?lang=en"))),
    ("/sitzungsmappen", "POST"): (LOGIN, (post("/sitzungsmappen", {"name": "Mappe der Öffentlichkeit"}),)),
    ("/sitzungsmappen/<slug>/umbenennen", "POST"): (
        LOGIN,
        (post(f"/sitzungsmappen/{SLUG}/umbenennen", {"name": "X"}),),
    ),
    ("/sitzungsmappen/<slug>/loeschen", "POST"): (
        LOGIN,
        (post(f"/sitzungsmappen/{SLUG}/loeschen", {"bestaetigt": "ja"}),),
    ),
    (f"{DECK_VIEW}/bearbeiten", "POST"): (
        LOGIN,
        (post(f"/sitzungsmappen/{SLUG}/ansichten/{V}/bearbeiten", {"ueberschrift": "Neu", "notiz": "geändert"}),),
    ),
    (f"{DECK_VIEW}/nach-oben", "POST"): (LOGIN, (post(f"/sitzungsmappen/{SLUG}/ansichten/{V}/nach-oben"),)),
    (f"{DECK_VIEW}/nach-unten", "POST"): (LOGIN, (post(f"/sitzungsmappen/{SLUG}/ansichten/{V}/nach-unten"),)),
    (f"{DECK_VIEW}/entfernen", "POST"): (LOGIN, (post(f"/sitzungsmappen/{SLUG}/ansichten/{V}/entfernen"),)),
    ("/sitzungsmappen/neu", "GET"): (
        LOGIN,
        (get(f"/sitzungsmappen/neu?thema=fruehkindliche-bildung&indikator={IND}&gemeinde={AGS}"),),
    ),
    ("/sitzungsmappen/neu", "POST"): (
        LOGIN,
        (post("/sitzungsmappen/neu", {**ADD_VIEW, "mappe": SLUG, "neue_mappe": "", "ueberschrift": "", "notiz": ""}),),
    ),
    # the data pages: imports, visibility, audit log (admins only); the empty template is public
    ("/daten", "GET"): (ADMIN_ONLY, (get("/daten"),)),
    ("/daten/protokoll", "GET"): (ADMIN_ONLY, (get("/daten/protokoll"), get("/daten/protokoll?lang=en"))),
    ("/daten/sichtbarkeit", "GET"): (ADMIN_ONLY, (get("/daten/sichtbarkeit"),)),
    ("/daten/sichtbarkeit", "POST"): (ADMIN_ONLY, (post("/daten/sichtbarkeit", VISIBILITY_FORM),)),
    ("/daten/pruefen", "POST"): (ADMIN_ONLY, (post("/daten/pruefen", upload=True),)),
    ("/daten/importieren", "POST"): (ADMIN_ONLY, (post("/daten/importieren", {"upload": UPLOAD}),)),
    ("/daten/abbrechen", "POST"): (ADMIN_ONLY, (post("/daten/abbrechen", {"upload": UPLOAD}),)),
    ("/daten/static/<path:filename>", "GET"): (NO_DATA, (get("/daten/static/upload.js", 200),)),
    ("/daten/vorlage.csv", "GET"): (NO_DATA, (get("/daten/vorlage.csv", 200),)),
    ("/daten/vorlage.xlsx", "GET"): (NO_DATA, (get("/daten/vorlage.xlsx", 200),)),
}


@dataclass(frozen=True)
class CallbackProbe:
    """One POST of a callback: input and state values by ``id.prop``; pattern outputs spelled out."""

    inputs: dict[str, object]
    state: dict[str, object] = field(default_factory=dict)
    outputs: tuple[dict, ...] = ()
    viewer: bool = True


def route(path: str, search: str = "", viewer: bool = True) -> CallbackProbe:
    return CallbackProbe({"url.pathname": path}, {"url.search": search, "selected-gemeinde.data": None}, (), viewer)


def view(indicator: str, year: object, selected: str | None = None, search: str = "", **kw: object) -> CallbackProbe:
    inputs = {"indicator.value": indicator, "year.value": year, "selected-gemeinde.data": selected}
    inputs |= {"map-scheme.value": None, "map-diverging.value": []}
    return CallbackProbe(inputs, {"map-kind.data": "gemeinden", "url.search": search}, **kw)  # type: ignore[arg-type]


# Every callback of the explorer's view gets the same probes (callbacks/theme.py splits one change in four).
VIEW_PROBES = (
    view(IND, IY),
    view(IND, IY, AGS, "?lang=en"),
    view(IND, None),  # the latest year
    view(SER, SY),
    view(SER, SY, AGS, "?lang=en"),
    view(OTHER, IY, AGS, viewer=False),
)


def compare(indicator: str, search: str = "", **kw: object) -> CallbackProbe:
    inputs = {"compare-indicator.value": indicator, "compare-regions.value": [AGS], "compare-year.value": None}
    return CallbackProbe(inputs, {"url.search": search}, **kw)  # type: ignore[arg-type]


EXPORT_LINKS = tuple(
    {"id": {"type": "export-link", "kind": kind, "fmt": fmt, "size": "praesentation"}, "property": "href"}
    for kind in ("karte", "balken", "verlauf")
    for fmt in ("png", "svg", "pdf")
)
DOWNLOAD_LINKS = tuple(
    {"id": {"type": "download-link", "kind": "balken", "fmt": fmt, "scope": scope}, "property": "href"}
    for scope in ("jahr", "alle")
    for fmt in ("csv", "xlsx")
)
SELECTION = {"map.clickData": None, "bars.clickData": None, "gemeinde-select.value": None}
PRESENT_TEXT = '{"index":["ALL"],"part":"%s","type":"present-text"}.hidden'

# (outputs, inputs) of a callback, ``@hash`` of duplicate outputs dropped → (class, probes).
CALLBACKS: dict[tuple[tuple[str, ...], tuple[str, ...]], tuple[str, tuple[CallbackProbe, ...]]] = {
    (("page.children", "selected-gemeinde.data", "chrome.children"), ("url.pathname",)): (
        DATA,
        (
            route("/"),
            route("/fruehkindliche-bildung", f"?indikator={IND}"),
            route("/fruehkindliche-bildung", f"?indikator={IND}&jahr={IY}&gemeinde={AGS}&lang=en"),
            *(route(p.path, f"?indikator={IND}", viewer=False) for p in PAGES if p.slug != "fruehkindliche-bildung"),
            route("/weitere-daten", f"?indikator={SER}"),
            route("/weitere-daten", f"?indikator={SER}&lang=en"),
            route("/vergleich"),
            route("/vergleich", f"?indikator={IND}&regionen={AGS}"),
            route("/vergleich", f"?indikator={IND}&regionen={AGS}&lang=en"),
            route("/gemeinden", viewer=False),
            route(f"/gemeinde/{AGS}"),
            route(f"/gemeinde/{AGS}", "?lang=en"),
            route(f"/praesentation/{SLUG}"),
            route(f"/praesentation/{SLUG}", "?lang=en"),
        ),
    ),
    **{
        signature: (DATA, VIEW_PROBES)
        for signature in (
            (
                ("map.figure", "map-kind.data", "year-label.children", "message.children"),
                ("indicator.value", "year.value", "selected-gemeinde.data", "map-scheme.value", "map-diverging.value"),
            ),
            (
                ("bars.figure", "references.children", "info.children", "value-table.children"),
                ("indicator.value", "year.value", "selected-gemeinde.data"),
            ),
            (("trend.figure", "trend-hint.style"), ("indicator.value", "selected-gemeinde.data")),
        )
    },
    (("year.min", "year.max", "year.marks", "year.value"), ("indicator.value",)): (YEARS, VIEW_PROBES),
    (
        ("selected-gemeinde.data", "gemeinde-select.value"),
        ("map.clickData", "bars.clickData", "gemeinde-select.value", "clear-selection.n_clicks"),
    ): (
        NO_DATA,
        (
            CallbackProbe({**SELECTION, "map.clickData": {"points": [{"location": AGS}]}}, viewer=False),
            CallbackProbe({**SELECTION, "gemeinde-select.value": AGS}, viewer=False),
        ),
    ),
    (
        ('{"fmt":["ALL"],"kind":["ALL"],"size":["ALL"],"type":"export-link"}.href',),
        ("indicator.value", "year.value", "selected-gemeinde.data"),
    ): (
        ECHO,
        (
            CallbackProbe(
                {"indicator.value": IND, "year.value": IY, "selected-gemeinde.data": AGS}, outputs=EXPORT_LINKS
            ),
            CallbackProbe(
                {"indicator.value": SER, "year.value": SY, "selected-gemeinde.data": None}, outputs=EXPORT_LINKS
            ),
        ),
    ),
    (
        ('{"fmt":["ALL"],"kind":["ALL"],"scope":["ALL"],"type":"download-link"}.href',),
        ("indicator.value", "year.value"),
    ): (
        ECHO,
        (
            CallbackProbe({"indicator.value": IND, "year.value": IY}, outputs=DOWNLOAD_LINKS),
            CallbackProbe({"indicator.value": SER, "year.value": SY}, {"url.search": "?lang=en"}, DOWNLOAD_LINKS),
        ),
    ),
    (
        (
            "compare-graph.figure",
            "compare-table.children",
            "compare-year.options",
            "compare-year.value",
            "compare-link.href",
            "compare-message.children",
        ),
        ("compare-indicator.value", "compare-regions.value", "compare-year.value"),
    ): (
        DATA,
        (
            compare(IND),
            compare(IND, "?lang=en"),
            compare(OTHER),  # the year table lists the theme's indicators: the internal one for a viewer only
            compare(OTHER, "?lang=en"),
        ),
    ),
    (("add-to-deck.href",), ("year-label.children",)): (CLIENTSIDE, ()),
    (("copy-link.title",), ("copy-link.n_clicks",)): (CLIENTSIDE, ()),
    (
        (
            "present-map.figure",
            PRESENT_TEXT % "head",
            PRESENT_TEXT % "side",
            PRESENT_TEXT % "foot",
            "present-progress.children",
        ),
        ("present-index.data", "present-size.data"),
    ): (CLIENTSIDE, ()),
    (
        ("present-overlay.hidden", "present-overlay-body.children", "present-overlay-trend.figure"),
        ("present-map.clickData", "present-close.n_clicks"),
    ): (CLIENTSIDE, ()),
}


# -- the world: app, store, marks, users, recorders --------------------------------------------------


@dataclass
class World:
    app: Dash
    store: Store
    instance: Path
    values: dict[str, object]  # placeholder → value
    traces: tuple[str, ...]  # what a public reader must never see
    echoes: tuple[str, ...]  # messages that may name the internal indicator (a public deck's view of it)
    viewer: FlaskClient
    admin: FlaskClient
    figures: list[str]  # every figure handed to the (stand-in) renderer, as JSON text
    reads: list[str]  # every id whose observations were read
    writes: list[str]  # every statement that writes to the store
    uploads: int = 0  # table files checked so far

    def unknown(self) -> dict[str, object]:
        """The values with every internal item exchanged for an unknown one."""
        return {**self.values, **{k: v for k, v in UNKNOWN.items() if self.is_internal(k)}}

    def is_internal(self, placeholder: str) -> bool:
        kind = {IND: access.INDICATOR, SER: access.SERIES, SLUG: access.DECK}.get(placeholder)
        return kind is not None and access.marks(self.store).is_internal(kind, str(self.values[placeholder]))

    def client(self) -> FlaskClient:
        return self.app.server.test_client()


def indicator_words(indicator_id: str) -> set[str]:
    spec = catalogue.indicator(indicator_id)
    words = {indicator_id}
    for lang in language.LANGUAGES:
        with language.use(lang):
            words |= {spec.name, spec.short_name}
    return words


def csrf_of(client: FlaskClient) -> str:
    match = CSRF.search(client.get("/anmelden").get_data(as_text=True))
    assert match, "no CSRF field on /anmelden"
    return match.group(1)


def sign_in(client: FlaskClient, name: str, password: str) -> FlaskClient:
    response = client.post(
        "/anmelden", data={"csrf_token": csrf_of(client), "benutzername": name, "passwort": password}
    )
    assert response.status_code == 302
    return client


def build_world(tmp_path: Path, seeded_db: str, monkeypatch: pytest.MonkeyPatch, deck_internal: bool) -> World:
    from app import create_app

    target = tmp_path / "store.sqlite"
    target.write_bytes(Path(seeded_db).read_bytes())
    store = Store(f"sqlite:///{target}")
    import_bytes(store, fixtures.kita().encode("utf-8"), "22543-01-02-4.csv", SCOPE)
    instance = tmp_path / "instance"
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'app.sqlite'}", kreis=KREIS, instance_dir=instance)
    app = create_app(settings, store)
    security.create_user(store, ADMIN, ADMIN_PASSWORD, admin=True)
    security.create_user(store, VIEWER, VIEWER_PASSWORD, admin=False)
    deck = decks.seed_example(store)
    assert deck.views[0].indicator == INDICATOR

    row = store.series_rows()[0]
    assert access.set_internal(store, access.INDICATOR, INDICATOR, True, "test")
    assert access.set_internal(store, access.SERIES, row.code, True, "test")
    if deck_internal:
        assert access.set_internal(store, access.DECK, DECK, True, "test")

    figures: list[str] = []
    reads: list[str] = []

    def render(figure, fmt, preset, chromium=None):
        plain = figure.to_plotly_json() if hasattr(figure, "to_plotly_json") else figure
        figures.append(json.dumps(plain, ensure_ascii=False, default=str))
        return {"png": _png(), "pdf": _pdf()}.get(fmt, b"<svg/>")

    original = Store.observations

    def observations(self, indicator_id, *args, **kwargs):
        reads.append(indicator_id)
        return original(self, indicator_id, *args, **kwargs)

    writes: list[str] = []

    def watch(conn, cursor, statement, parameters, context, executemany):
        if WRITES.match(statement):
            writes.append(statement)

    event.listen(store.engine, "before_cursor_execute", watch)
    monkeypatch.setattr(export_web, "render", render)
    monkeypatch.setattr(deck_exports, "render", render)
    monkeypatch.setattr(Store, "observations", observations)

    traces = indicator_words(INDICATOR) | {row.code}
    for lang in language.LANGUAGES:
        with language.use(lang):
            traces |= {series_spec(row).name, series_spec(row).short_name}
    heading, note = decks.EXAMPLE_VIEWS[0][3], decks.EXAMPLE_NOTES[0]
    traces |= {heading, note}  # the view of the internal indicator
    if deck_internal:
        traces |= {decks.EXAMPLE_NAME, *(v[3] for v in decks.EXAMPLE_VIEWS if v[3]), *decks.EXAMPLE_NOTES}
    echoes = []
    if not deck_internal:
        # A public deck's view of the internal indicator is shown as the view of an unknown one: the
        # presentation's slide says "the indicator X no longer exists" and keeps the explorer link
        # (where Esc leads; the explorer falls back as for an unknown id). Its names, heading and note: never.
        for lang in language.LANGUAGES:
            with language.use(lang):
                echoes.append(texts.PRESENT_UNKNOWN_INDICATOR.format(indicator=INDICATOR))
        echoes.append(explorer_href(deck.views[0]))

    public = app.server.test_client()
    suite = SUITE.search(public.get("/").get_data(as_text=True))
    assert suite, "no dash-renderer script in the index page"
    values: dict[str, object] = {
        IND: INDICATOR,
        SER: row.code,
        SLUG: DECK,
        IY: max(store.years_by_id()[INDICATOR]),
        SY: max(store.years_by_id()[row.code]),
        V: deck.views[1].id,  # the middle view: it can move up and down
        SUITE_URL: suite.group(1),
    }
    world = World(
        app=app,
        store=store,
        instance=instance,
        values=values,
        traces=tuple(sorted(traces, key=len, reverse=True)),
        echoes=tuple(echoes),
        viewer=sign_in(app.server.test_client(), VIEWER, VIEWER_PASSWORD),
        admin=sign_in(app.server.test_client(), ADMIN, ADMIN_PASSWORD),
        figures=figures,
        reads=reads,
        writes=writes,
    )
    world.values[UPLOAD] = checked_upload(world)  # an upload the admin has checked, ready to import
    return world


def checked_upload(world: World) -> str:
    """The token of a table file an admin has checked (``/daten/pruefen``), as the import form carries it.

    Each is another file (its Stand differs): a file imported before would be refused as known.
    """
    world.uploads += 1
    table = fixtures.mean_age(stand=f"10.10.2017 / 11:{world.uploads:02d}:08")
    file = (io.BytesIO(table.encode()), "alter.csv")
    checked = world.admin.post("/daten/pruefen", data={"csrf_token": csrf_of(world.admin), "datei": file})
    token = UPLOAD_TOKEN.search(checked.get_data(as_text=True))
    assert checked.status_code == 200 and token, checked.get_data(as_text=True)[:500]
    return token.group(1)


@pytest.fixture(scope="module")
def world(tmp_path_factory, seeded_db) -> Iterator[World]:
    """Indicator, series and deck internal. Read-mostly: the public's requests must change nothing, so the tests share it."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        yield build_world(tmp_path_factory.mktemp("all-internal"), seeded_db, monkeypatch, deck_internal=True)


@pytest.fixture(scope="module")
def deck_public(tmp_path_factory, seeded_db) -> Iterator[World]:
    """Indicator and series internal, the deck public: its view of the internal indicator must be left out."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        yield build_world(tmp_path_factory.mktemp("deck-public"), seeded_db, monkeypatch, deck_internal=False)


@pytest.fixture
def fresh(tmp_path, seeded_db, monkeypatch) -> World:
    """A world of its own, for the requests that do change it."""
    return build_world(tmp_path, seeded_db, monkeypatch, deck_internal=True)


@pytest.fixture(autouse=True)
def german_outside_requests() -> Iterator[None]:
    """A request sets the language of the test's thread; give the next test its German back."""
    with language.use(language.GERMAN):
        yield


# -- requests, answers, snapshots --------------------------------------------------------------------


def fill(value: object, values: dict[str, object]) -> object:
    """Placeholders replaced: a whole placeholder by its value (a year stays a number), else inside strings."""
    if isinstance(value, str):
        if value in values:
            return values[value]
        for key, replacement in values.items():
            value = value.replace(key, str(replacement))
        return value
    if isinstance(value, list | tuple):
        return [fill(v, values) for v in value]
    if isinstance(value, dict):
        return {k: fill(v, values) for k, v in value.items()}
    return value


def named(probe: object, world: World) -> list[str]:
    """The internal placeholders a probe names (its URL, form or callback values)."""
    text = json.dumps(probe.__dict__, default=str)
    return [p for p in (IND, SER, SLUG) if p in text and world.is_internal(p)]


def fetch(client: FlaskClient, probe: Probe, values: dict[str, object], token: str | None):
    url = str(fill(probe.url, values))
    if probe.method == "GET":
        return client.get(url)
    data: dict[str, object] = dict(fill(probe.form, values))  # type: ignore[call-overload]
    if token is not None:
        data["csrf_token"] = token
    if probe.upload:
        data["datei"] = (io.BytesIO(fixtures.mean_age().encode()), "alter.csv")
    return client.open(url, method=probe.method, data=data)


def readable(response) -> str:
    """Everything a reader gets from a response as text: redirect target, file name, body (files opened)."""
    parts = [unquote(response.headers.get(h, "")) for h in ("Location", "Content-Disposition")]
    data, mime = response.get_data(), response.mimetype
    if response.status_code == 200 and mime == XLSX:
        book = load_workbook(io.BytesIO(data))
        parts += [str(c.value) for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None]
    elif response.status_code == 200 and mime == PPTX:
        for slide in Presentation(io.BytesIO(data)).slides:
            parts += [s.text_frame.text for s in slide.shapes if s.has_text_frame]
            if slide.has_notes_slide:
                parts.append(slide.notes_slide.notes_text_frame.text)
    elif response.status_code == 200 and mime == "application/pdf":
        parts += [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]
    elif mime.startswith("image/") and mime != "image/svg+xml":
        pass
    elif "json" in mime and data:
        parts.append(json.dumps(json.loads(data), ensure_ascii=False))
    else:
        parts.append(html.unescape(data.decode("utf-8", "replace")))
    return "\n".join(parts)


def snapshot(world: World) -> dict[str, object]:
    """Every table's row count (and a digest of its rows where it is small: users, decks, marks, audit
    log …), the data version, the internal marks, the pending uploads. ``World.writes`` watches the rest."""
    state: dict[str, object] = {}
    with world.store.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            count = connection.execute(select(func.count()).select_from(table)).scalar_one()
            if count > SMALL_TABLE:
                state[table.name] = count
                continue
            rows = sorted(repr(tuple(row)) for row in connection.execute(select(table)))
            state[table.name] = (count, hashlib.sha256("\n".join(rows).encode()).hexdigest())
    state["data version"] = world.store.data_version()
    state["internal marks"] = {k: sorted(v) for k, v in access.marks(world.store).internal.items()}
    uploads = world.instance / "uploads"
    state["uploads"] = sorted(str(p.relative_to(uploads)) for p in uploads.rglob("*")) if uploads.exists() else []
    return state


def refused(response) -> bool:
    """Sent to the login, or 401/403."""
    if response.status_code in (401, 403):
        return True
    return response.status_code in (302, 303) and response.headers.get("Location", "").startswith("/anmelden")


def traces_in(text: str, world: World, echoes: list[str]) -> list[str]:
    """The internal items' words left in ``text`` once what may be echoed is taken out, each with its context."""
    for echo in sorted([*world.echoes, *echoes], key=len, reverse=True):
        text = text.replace(echo, "‹echo›")
    found = []
    for word in world.traces:
        at = text.find(word)
        if at >= 0:
            found.append(f"{word!r} in …{text[max(0, at - 150) : at + len(word) + 50]}…")
    return found


# Different in every answer, whatever was asked: the session's CSRF token, Dash's per-page id.
RANDOM = (re.compile(r'(name="csrf_token" value=")[^"]+'), re.compile(r'("end_id":")[^"]+'))


def as_unknown(text: str, world: World, internal: list[str]) -> str:
    for pattern in RANDOM:
        text = pattern.sub(r"\1‹random›", text)
    for placeholder in internal:
        text = text.replace(str(world.values[placeholder]), placeholder)
    return text


def same_as_unknown(internal, unknown, world: World, names: list[str]) -> None:
    """The answer for the internal items is the one for unknown ids, only the id exchanged."""
    assert internal.status_code == unknown.status_code
    assert internal.mimetype == unknown.mimetype
    mine = as_unknown(readable(internal), world, names)
    theirs = as_unknown(readable(unknown), world, [])
    for placeholder in names:
        theirs = theirs.replace(UNKNOWN[placeholder], placeholder)
    assert mine == theirs


@dataclass
class Public:
    """What one public request got, and whether it changed or read anything it must not."""

    response: object
    text: str
    figures: list[str]


def as_public(world: World, request: Callable[[FlaskClient, dict[str, object], str], object]) -> Public:
    """A public request on a fresh client (with a valid CSRF token): the store must not change."""
    assert world.is_internal(IND) and world.is_internal(SER), "an earlier request took the marks away"
    client = world.client()
    token = csrf_of(client)
    before = snapshot(world)
    figures, reads, writes = len(world.figures), len(world.reads), len(world.writes)
    response = request(client, world.values, token)
    new_figures = world.figures[figures:]
    assert not {world.values[IND], world.values[SER]} & set(world.reads[reads:]), "an internal id was read"
    assert world.writes[writes:] == [], "a public request wrote to the store"
    assert snapshot(world) == before, "a public request changed the store"
    if getattr(response, "status_code", 200) not in (200, 204):
        assert new_figures == [], "a refused request reached the renderer"
    return Public(response, readable(response) if hasattr(response, "get_data") else str(response), new_figures)


# -- routes ------------------------------------------------------------------------------------------


def rules(app: Dash) -> set[tuple[str, str]]:
    return {(r.rule, m) for r in app.server.url_map.iter_rules() for m in r.methods - {"HEAD", "OPTIONS"}}


def test_every_route_is_classified(world):
    found = rules(world.app)
    assert found - ROUTES.keys() == set(), "new routes: classify them in ROUTES and give them probes"
    assert ROUTES.keys() - found == set(), "routes gone: take them out of ROUTES"
    for key, (kind, probes) in ROUTES.items():
        assert kind in (NO_DATA, DATA, ADMIN_ONLY, LOGIN), key
        assert probes or key == ("/_dash-update-component", "POST"), f"{key} has no probe"
        for probe in probes:
            assert probe.method == key[1], (key, probe)


# Found by this test, reported, not yet fixed in the application: strict, so a fix turns them into failures
# that ask for the entry to go.
KNOWN_LEAKS: dict[tuple[str, str], str] = {}


@pytest.mark.parametrize(
    "key",
    [
        pytest.param(k, marks=pytest.mark.xfail(strict=True, reason=KNOWN_LEAKS[k])) if k in KNOWN_LEAKS else k
        for k in ROUTES
    ],
    ids=lambda key: f"{key[1]} {key[0]}",
)
def test_route(world, key):
    kind, probes = ROUTES[key]
    for probe in probes:
        check_route(world, kind, probe)


def about_decks(rule: str, probe: Probe | CallbackProbe) -> bool:
    """Whether the deck's own mark can change the answer: the deck named, or a deck list, page or export."""
    return SLUG in json.dumps(probe.__dict__, default=str) or rule.startswith(
        ("/sitzungsmappen", "/export/sitzungsmappe")
    )


@pytest.mark.parametrize(
    "key",
    [k for k, (_, probes) in ROUTES.items() if any(about_decks(k[0], p) for p in probes)],
    ids=lambda key: f"{key[1]} {key[0]}",
)
def test_route_with_a_public_deck(deck_public, key):
    """A public deck shows the public its views of public indicators only; the rest is as before."""
    kind, probes = ROUTES[key]
    for probe in probes:
        if about_decks(key[0], probe):
            check_route(deck_public, kind, probe)


def check_route(world: World, kind: str, probe: Probe) -> None:
    internal = named(probe, world)
    got = as_public(world, lambda client, values, token: fetch(client, probe, values, token))
    response, where = got.response, f"{probe.method} {probe.url}"
    if kind in (ADMIN_ONLY, LOGIN):
        assert refused(response), (where, response.status_code, got.text[:300])
    elif probe.status is not None:
        assert response.status_code == probe.status, (where, response.status_code, got.text[:300])
    if internal:
        unknown = as_public(world, lambda client, _values, token: fetch(client, probe, world.unknown(), token))
        same_as_unknown(response, unknown.response, world, internal)
    echoes = [str(world.values[p]) for p in internal]  # the id the request itself named, as for an unknown id
    if probe.url.startswith("/export/sitzungsmappe/") and not world.is_internal(SLUG):
        # A public deck's export gives its view of the internal indicator a page or slide titled with
        # the id, saying the indicator does not exist (exports.decks.resolve): the id, nothing more.
        echoes.append(INDICATOR)
    assert traces_in(got.text, world, echoes) == [], where
    for figure in got.figures:  # what a public deck export draws (long texts wrapped with <br>)
        assert traces_in(figure.replace("<br>", " "), world, echoes) == [], where
    if kind == ADMIN_ONLY:  # a viewer is no admin: refused too, and nothing changes
        before, writes = snapshot(world), len(world.writes)
        response = fetch(world.viewer, probe, world.values, csrf_of(world.viewer))
        assert refused(response), (where, response.status_code)
        assert snapshot(world) == before and world.writes[writes:] == [], where
    if kind == DATA and (probe.viewer is True or (probe.viewer == DECK_INTERNAL and world.is_internal(SLUG))):
        figures = len(world.figures)
        answer = fetch(world.viewer, probe, world.values, None)
        assert answer.status_code == 200, (where, answer.status_code, readable(answer)[:300])
        shown = readable(answer) + "".join(world.figures[figures:])
        assert any(word in shown for word in world.traces), f"{where}: the viewer's answer shows nothing internal"
        assert readable(answer) != got.text or world.figures[figures:] != got.figures


def test_the_right_role_gets_through(fresh):
    """Each refused route, asked by the role it is for: not refused, and a POST changes the store.

    This proves the public's refusal came from the role check, not from a wrong address or form.
    Run in order on one world; deleting the deck comes last.
    """
    world = fresh
    last = ("/entfernen", "/loeschen")  # these take away the view and the deck the others change
    order = sorted(
        (key for key, (kind, _) in ROUTES.items() if kind in (ADMIN_ONLY, LOGIN)),
        key=lambda key: next((i + 1 for i, end in enumerate(last) if key[0].endswith(end)), 0),
    )
    for key in order:
        kind, probes = ROUTES[key]
        client = world.admin if kind == ADMIN_ONLY else world.viewer
        for probe in probes:
            values = dict(world.values)
            if UPLOAD in probe.form.values():
                values[UPLOAD] = checked_upload(world)  # each import or cancel uses up its upload
            before = snapshot(world)
            response = fetch(client, probe, values, csrf_of(client))
            where = f"{probe.method} {probe.url}"
            assert not refused(response) and response.status_code < 400, (where, response.status_code)
            if probe.method == "POST":
                assert snapshot(world) != before, f"{where} changed nothing"
            elif kind == LOGIN:
                assert any(word in readable(response) for word in world.traces), where


# -- callbacks ---------------------------------------------------------------------------------------


def normalised(key: str, spec: dict) -> tuple[tuple[str, ...], tuple[str, ...]]:
    outputs = tuple(f"{o['id']}.{o['property']}" for o in _outputs(re.sub(r"@[0-9a-f]+", "", key)))
    return outputs, tuple(f"{i['id']}.{i['property']}" for i in spec["inputs"])


def callbacks_of(app: Dash) -> dict[tuple[tuple[str, ...], tuple[str, ...]], str]:
    return {normalised(key, spec): key for key, spec in app.callback_map.items()}


def test_every_callback_is_classified(world):
    found = callbacks_of(world.app)
    assert found.keys() - CALLBACKS.keys() == set(), "new callbacks: classify them in CALLBACKS and give them probes"
    assert CALLBACKS.keys() - found.keys() == set(), "callbacks gone: take them out of CALLBACKS"
    clientside = {c["output"] for c in world.app._callback_list if c.get("clientside_function")}
    for signature, (kind, probes) in CALLBACKS.items():
        key = found[signature]
        runs_in_browser = key in clientside and "callback" not in world.app.callback_map[key]
        assert runs_in_browser == (kind == CLIENTSIDE), signature
        assert bool(probes) == (kind != CLIENTSIDE), signature


def payload(app: Dash, key: str, probe: CallbackProbe, values: dict[str, object]) -> dict:
    spec = app.callback_map[key]
    given = fill({**probe.state, **probe.inputs}, values)
    state = fill(probe.state, values)
    outputs = list(probe.outputs) or _outputs(key)
    return {
        "output": key,
        "outputs": outputs if key.startswith("..") or probe.outputs else outputs[0],
        "inputs": [{**i, "value": given.get(f"{i['id']}.{i['property']}")} for i in spec["inputs"]],  # type: ignore[union-attr]
        "state": [{**s, "value": state.get(f"{s['id']}.{s['property']}")} for s in spec["state"]],  # type: ignore[union-attr]
        "changedPropIds": [f"{spec['inputs'][0]['id']}.{spec['inputs'][0]['property']}"],
    }


def post_callback(client: FlaskClient, world: World, key: str, probe: CallbackProbe, values: dict[str, object]):
    return client.post("/_dash-update-component", json=payload(world.app, key, probe, values))


@pytest.mark.parametrize("signature", list(CALLBACKS), ids=lambda s: s[0][0])
def test_callback(world, signature):
    kind, probes = CALLBACKS[signature]
    check_callback(world, signature, kind, probes)


def test_callbacks_with_a_public_deck(deck_public):
    """The presentation of a public deck: its view of the internal indicator is an unknown one."""
    checked = 0
    for signature, (kind, probes) in CALLBACKS.items():
        deck_probes = tuple(p for p in probes if about_decks("", p))
        checked += len(deck_probes)
        if deck_probes:
            check_callback(deck_public, signature, kind, deck_probes)
    assert checked >= 2


def check_callback(world: World, signature: tuple, kind: str, probes: tuple[CallbackProbe, ...]) -> None:
    key = callbacks_of(world.app)[signature]
    if kind == CLIENTSIDE:  # no server function: the server answers no data to anyone
        for client in (world.client(), world.viewer):
            spec = world.app.callback_map[key]
            empty = CallbackProbe({f"{i['id']}.{i['property']}": None for i in spec["inputs"]})
            response = client.post("/_dash-update-component", json=payload(world.app, key, empty, world.values))
            assert response.status_code >= 400 and traces_in(readable(response), world, []) == []
        return
    for probe in probes:
        where = json.dumps({**probe.inputs, **probe.state}, ensure_ascii=False)
        internal = named(probe, world)
        got = as_public(world, lambda client, values, _t, probe=probe: post_callback(client, world, key, probe, values))
        assert got.response.status_code in (200, 204), (where, got.text[:300])
        if internal:
            unknown = as_public(
                world, lambda client, _v, _t, probe=probe: post_callback(client, world, key, probe, world.unknown())
            )
            same_as_unknown(got.response, unknown.response, world, internal)
        echoes = [str(world.values[p]) for p in internal]
        assert traces_in(got.text, world, echoes) == [], where
        answer = post_callback(world.viewer, world, key, probe, world.values)
        if kind == ECHO:  # links built from the inputs: the same for everyone, nothing read
            assert readable(answer) == got.text, where
        elif kind in (DATA, YEARS) and probe.viewer:
            assert answer.status_code == 200, where
            shown = readable(answer)
            if kind == DATA:
                assert any(word in shown for word in world.traces), (
                    f"{where}: the viewer's answer shows nothing internal"
                )
            assert shown != got.text, where
