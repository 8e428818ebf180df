"""Downloads with metadata: the API's XLSX, the people's CSV and XLSX, neutralised labels, German errors."""

from __future__ import annotations

import io
import re

import pandas as pd
import pytest
from openpyxl import load_workbook

import texts
from data_access import catalogue
from data_access.importing import import_bytes
from exports import download_links, downloads
from layouts.export_menu import export_menu
from tests.conftest import KREIS, SCOPE

INDICATOR = "anteil_abgaenger_ohne_hsa"
XLSX = download_links.MIMETYPES["xlsx"]


@pytest.fixture
def client(app):
    return app.server.test_client()


@pytest.fixture
def suppressed(store) -> tuple[str, int]:
    """A demo Gemeinde value of INDICATOR that is secret ("."): region key and year."""
    frame = store.observations(INDICATOR)
    row = frame[(frame["sign"] == ".") & frame["region_key"].str.startswith(KREIS)].iloc[0]
    assert pd.isna(row["value"])
    return str(row["region_key"]), int(row["year"])


@pytest.fixture
def formula_client(settings, empty_store):
    """An app over a store holding one template row whose indicator is ``=HYPERLINK(1)``, and its series id."""
    from app import create_app

    text = "indicator;region;period;value;flag;note\n=HYPERLINK(1);03453004;2024;12;;\n"
    import_bytes(empty_store, text.encode(), "eigene.csv", SCOPE)
    (series,) = empty_store.series_rows()
    return create_app(settings, empty_store).server.test_client(), series.code


def _workbook(response):
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == XLSX
    return load_workbook(io.BytesIO(response.get_data()))


def _sheet_rows(sheet) -> list[tuple]:
    return [tuple(c.value for c in row) for row in sheet.iter_rows()]


def _metadata(sheet) -> dict[str, object]:
    return {row[0]: row[1] for row in _sheet_rows(sheet) if row[0]}


def _csv(response) -> tuple[list[str], pd.DataFrame]:
    """The metadata lines above the empty line, and the table below it read by pandas."""
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel picks the right encoding
    lines = body.decode("utf-8-sig").split("\r\n")
    head = lines[: lines.index("")]
    table = pd.read_csv(
        io.BytesIO(body), sep=";", decimal=",", skiprows=len(head), encoding="utf-8-sig", dtype={"Schlüssel": str}
    )
    return head, table


# -- the API's XLSX -------------------------------------------------------------


def test_api_observations_as_xlsx_with_values_signs_and_metadata(client, store, suppressed):
    key, year = suppressed
    response = client.get(f"/api/v1/observations?indicator={INDICATOR}&format=xlsx")
    assert response.headers["Content-Disposition"] == f'attachment; filename="{INDICATOR}_werte.xlsx"'
    book = _workbook(response)
    assert book.sheetnames == ["Daten", "Metadaten"]

    rows = _sheet_rows(book["Daten"])
    header = list(rows[0])
    json_rows = client.get(f"/api/v1/observations?indicator={INDICATOR}").get_json()
    assert header == list(json_rows[0])  # the same columns as the JSON rows
    assert len(rows) - 1 == len(json_rows)
    by_cell = {(r[header.index("region")], r[header.index("year")]): r for r in rows[1:]}
    secret = by_cell[(key, year)]
    assert secret[header.index("value")] is None  # empty, never 0
    assert secret[header.index("flag")] == "."
    assert secret[header.index("demo")] is True
    kreis = next(r for r in json_rows if r["region"] == KREIS and r["value"] is not None)
    value = by_cell[(KREIS, kreis["year"])][header.index("value")]
    assert isinstance(value, float) and value == pytest.approx(kreis["value"])

    meta = _metadata(book["Metadaten"])
    spec = catalogue.indicator(INDICATOR)
    assert spec.name in meta["Indikator"]
    assert meta["Definition"] == spec.definition
    assert meta["Einheit"] == spec.unit
    assert meta["Quelle"] == texts.DEMO_LABEL  # demo values never name an official table
    assert meta["Stand"] == texts.META_NO_STAND  # demo values have no Stand
    assert "Zeichenerklärung" in meta
    assert meta[texts.DEMO_LABEL].startswith("ja")
    assert f"indicator={INDICATOR}" in meta["Abfrage"]
    assert meta["Region"] == "alle" and meta["Jahr"] == "alle Jahre"
    assert re.fullmatch(r"\d\d\.\d\d\.\d{4} \d\d:\d\d Uhr", meta["Abgerufen am"])
    legend = {r[1]: r[2] for r in _sheet_rows(book["Metadaten"]) if r[2] is not None}
    assert legend == texts.SIGNS  # every sign with its meaning, "-" standing alone as it is


def test_api_observations_xlsx_filters_are_in_the_metadata(client):
    response = client.get(f"/api/v1/observations?indicator=bevoelkerung&region={KREIS}&year=2020&format=xlsx")
    book = _workbook(response)
    assert len(_sheet_rows(book["Daten"])) == 2
    meta = _metadata(book["Metadaten"])
    assert meta["Region"].endswith(f"({KREIS})") and meta["Jahr"] == "2020"


def test_api_stand_of_real_values_is_the_latest_in_german_notation(settings, empty_store):
    from app import create_app
    from tests import fixtures

    for name, text in (
        ("12411-02-03-5.csv", fixtures.population_age_groups()),
        ("22543-01-02-4.csv", fixtures.kita()),
    ):
        import_bytes(empty_store, text.encode("utf-8"), name, SCOPE)
    client = create_app(settings, empty_store).server.test_client()
    book = _workbook(client.get(f"/api/v1/observations?indicator=betreuungsquote_u3&region={KREIS}&format=xlsx"))
    meta = _metadata(book["Metadaten"])
    assert re.fullmatch(r"\d\d\.\d\d\.\d{4}", meta["Stand"])
    assert texts.DEMO_LABEL not in meta  # no demo mark without demo values
    assert "22543-01-02-4" in meta["Quelle"]


@pytest.mark.parametrize(
    ("path", "sheet", "first"), [("indicators", "Indikatoren", "id"), ("regions", "Regionen", "key")]
)
def test_api_listings_as_xlsx(client, path, sheet, first):
    book = _workbook(client.get(f"/api/v1/{path}?format=xlsx"))
    assert book.sheetnames == [sheet]
    rows = _sheet_rows(book[sheet])
    assert rows[0][0] == first and len(rows) > 10


def test_api_unknown_format_is_still_400(client):
    for path in ("observations?indicator=bevoelkerung&", "indicators?", "regions?"):
        response = client.get(f"/api/v1/{path}format=ods")
        assert response.status_code == 400 and "xlsx" in response.get_json()["error"]


# -- the people's downloads -------------------------------------------------------


def test_view_csv_has_metadata_values_and_signs(client, store, suppressed):
    key, year = suppressed
    response = client.get(f"/download/{INDICATOR}.csv?jahr={year}")
    assert response.mimetype == "text/csv"
    assert f"filename={INDICATOR}_{year}_werte.csv" in response.headers["Content-Disposition"]
    head, table = _csv(response)
    labels = [line.split(";")[0] for line in head]
    assert labels[:6] == ["Indikator", "Definition", "Einheit", "Quelle", "Stand", "Zeichenerklärung"]
    assert texts.DEMO_LABEL in labels and "Jahr" in labels
    assert list(table.columns) == list(texts.DOWNLOAD_COLUMNS)

    frame = store.observations(INDICATOR)
    frame = frame[frame["year"] == year]
    assert len(table) == len(frame)
    secret = table[table["Schlüssel"] == key].iloc[0]
    assert pd.isna(secret["Wert"]) and secret["Zeichen"] == "."
    kreis = frame[frame["region_key"] == KREIS].iloc[0]
    row = table[table["Schlüssel"] == KREIS].iloc[0]
    assert row["Wert"] == pytest.approx(kreis["value"], abs=0.05)  # rounded once, to one decimal
    assert row["Quelle"] == texts.DEMO_LABEL and row["Gemeinde/Region"]
    assert table["Schlüssel"].iloc[0].startswith(KREIS) and len(table["Schlüssel"].iloc[0]) == 8  # Gemeinden first


def test_whole_indicator_xlsx_has_every_year(client, store, suppressed):
    key, year = suppressed
    response = client.get(f"/download/{INDICATOR}.xlsx")
    assert f"filename={INDICATOR}_werte.xlsx" in response.headers["Content-Disposition"]
    book = _workbook(response)
    assert book.sheetnames == ["Daten", "Metadaten"]
    rows = _sheet_rows(book["Daten"])
    assert rows[0] == texts.DOWNLOAD_COLUMNS
    assert len(rows) - 1 == len(store.observations(INDICATOR))
    secret = next(r for r in rows[1:] if r[1] == key and r[2] == str(year))
    assert secret[3] is None and secret[4] == "."
    values = [r[3] for r in rows[1:] if r[3] is not None]
    assert values and all(isinstance(v, (int, float)) for v in values)
    assert book["Daten"].cell(row=2, column=4).number_format in ("#,##0.0", "General")
    meta = _metadata(book["Metadaten"])
    for label in ("Indikator", "Definition", "Einheit", "Quelle", "Stand", "Zeichenerklärung", texts.DEMO_LABEL):
        assert label in meta
    assert meta["Jahr"] == "alle Jahre"


def test_a_dash_sign_keeps_its_value_and_stands_alone():
    """A "-" with a zero count keeps 0 and its sign; a lone sign is never prefixed."""
    assert downloads.neutralise("-") == "-" and downloads.neutralise("=1") == "'=1"
    assert downloads._csv_cell("-") == "-" and downloads._csv_cell(-1.5) == "-1,5"


def test_formula_like_label_is_neutralised_in_xlsx_and_csv(formula_client):
    client, code = formula_client
    for url in (f"/download/{code}.xlsx", f"/api/v1/observations?indicator={code}&format=xlsx"):
        meta_sheet = _workbook(client.get(url))["Metadaten"]
        cell = next(row[1] for row in meta_sheet.iter_rows() if row[0].value == "Definition")
        assert cell.value in ("=HYPERLINK(1)", "'=HYPERLINK(1)")
        assert cell.data_type == "s" and cell.quotePrefix  # text, never a formula

    listing = _workbook(client.get("/api/v1/indicators?format=xlsx"))["Indikatoren"]
    cells = [c for row in listing.iter_rows() for c in row if c.value and "HYPERLINK" in str(c.value)]
    assert cells and all(c.data_type == "s" for c in cells)
    assert all(c.quotePrefix for c in cells if str(c.value).startswith("="))

    head, table = _csv(client.get(f"/download/{code}.csv?jahr=2024"))
    assert "Definition;'=HYPERLINK(1)" in head
    assert not any(";=" in line for line in head)
    assert table["Wert"].tolist() == [12]


def test_download_of_an_empty_indicator_still_carries_metadata(settings, empty_store):
    from app import create_app

    client = create_app(settings, empty_store).server.test_client()
    head, table = _csv(client.get("/download/betreuungsquote_u3.csv"))
    assert table.empty and head[0].startswith("Indikator;")


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        ("/download/gibt_es_nicht.csv", 404, "unbekannt"),
        ("/download/s-0000000000.xlsx", 404, "unbekannt"),
        (f"/download/{INDICATOR}.pdf", 400, "Dateiformat"),
        (f"/download/{INDICATOR}", 400, "Dateiendung"),
        (f"/download/{INDICATOR}.csv?jahr=20x4", 400, "keine Jahreszahl"),
        (f"/download/{INDICATOR}.csv?jahr=99999", 400, "keine Jahreszahl"),
        (f"/download/{INDICATOR}.xlsx?jahr=1900", 400, "kein Jahr 1900"),
        (f"/download/{INDICATOR}.csv?jahr=%00%ff", 400, "keine Jahreszahl"),
        ("/download/%00%ff.csv", 404, "unbekannt"),
        ("/download/" + "a" * 5000 + ".csv", 404, "unbekannt"),
        ("/download/", 404, "Downloadpfad"),
        ("/download/a/b.csv", 404, "Downloadpfad"),
    ],
)
def test_bad_download_parameters_get_a_short_german_answer(client, url, status, message):
    response = client.get(url)
    assert response.status_code == status
    assert response.mimetype == "text/plain" and message in response.get_data(as_text=True)


# -- the menu ---------------------------------------------------------------------


def test_export_menu_offers_the_data_of_the_view_and_of_every_year():
    menu = export_menu("karte", "betreuungsquote_u3", 2024)
    links = {item.children: item.href for item in menu.children if getattr(item, "href", None)}
    assert links["Daten (CSV)"] == "/download/betreuungsquote_u3.csv?jahr=2024"
    assert links["Daten (Excel)"] == "/download/betreuungsquote_u3.xlsx?jahr=2024"
    assert links["Alle Jahre (CSV)"] == "/download/betreuungsquote_u3.csv"
    assert links["Alle Jahre (Excel)"] == "/download/betreuungsquote_u3.xlsx"
    empty = export_menu("karte", "", None)
    assert not any(getattr(item, "href", None) for item in empty.children)


def test_menu_links_download(client):
    for fmt in download_links.FORMATS:
        for year in (2020, None):
            response = client.get(download_links.href("betreuungsquote_u3", fmt, year))
            assert response.status_code == 200
            assert download_links.file_name("betreuungsquote_u3", fmt, year) in response.headers["Content-Disposition"]


def test_download_links_follow_indicator_and_year(app):
    """The menu callback, called as the browser calls it: another year changes the view's links only."""
    import ids

    key = next(k for k in app.callback_map if ids.DOWNLOAD_LINK in k)
    outputs = [
        {"id": {"type": ids.DOWNLOAD_LINK, "kind": "balken", "fmt": fmt, "scope": scope}, "property": "href"}
        for scope in download_links.SCOPES
        for fmt in download_links.FORMATS
    ]

    def call(indicator: object, year: object, search: str = "") -> list[str | None]:
        payload = {
            "output": key,
            "outputs": outputs,
            "inputs": [
                {"id": ids.INDICATOR, "property": "value", "value": indicator},
                {"id": ids.YEAR, "property": "value", "value": year},
            ],
            "state": [{"id": ids.URL, "property": "search", "value": search}],
            "changedPropIds": [f"{ids.YEAR}.value"],
        }
        response = app.server.test_client().post("/_dash-update-component", json=payload)
        assert response.status_code == 200
        return [part["href"] for part in response.get_json()["response"].values()]

    assert call("bevoelkerung", 2021) == [
        "/download/bevoelkerung.csv?jahr=2021",
        "/download/bevoelkerung.xlsx?jahr=2021",
        "/download/bevoelkerung.csv",
        "/download/bevoelkerung.xlsx",
    ]
    assert call(None, 2021) == [None] * 4 and call("bevoelkerung", True) == [None] * 4
    # An English page's links keep the language, so the file comes with English heads.
    assert call("bevoelkerung", 2021, "?lang=en")[0] == "/download/bevoelkerung.csv?jahr=2021&lang=en"
