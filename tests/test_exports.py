"""Image export on the server: /export/{karte|balken|verlauf}.{png|svg|pdf}, read back from the files.

Every export drives Debian's Chromium through kaleido, so the files are made once
per module and shared; one kaleido server serves the whole test session.
"""

from __future__ import annotations

import io
import os
import struct
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader

from config import Settings
from data_access import catalogue
from exports import charts, links
from tests.conftest import GEMEINDEN, KREIS, ROOT, SCOPE

CHROMIUM = Path(os.environ.get("BILDUNGSMONITOR_CHROMIUM", "/usr/bin/chromium"))
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
ATTRIBUTION = "© GeoBasis-DE / BKG 2016 (Daten verändert)"
DEMO_LABEL = "Demodaten (synthetisch)"
INDICATOR = "betreuungsquote_u3"
OTHER = "betreuungsquote_3_6"
YEAR = 2024
MAP_TITLE = "Betreuungsquote unter 3 Jahren, Stichtag 1. März 2024"
A4_POINTS = (841.9, 595.3)  # 297 × 210 mm

pytestmark = pytest.mark.skipif(not CHROMIUM.is_file(), reason=f"Chromium fehlt unter {CHROMIUM}")


def _settings(folder: Path, database_url: str) -> Settings:
    return Settings(database_url=database_url, kreis=KREIS, instance_dir=folder / "instance", chromium=CHROMIUM)


@pytest.fixture(scope="module")
def client(seeded_db, tmp_path_factory):
    """The app on the demo-seeded store; exports only read it."""
    from app import create_app

    folder = tmp_path_factory.mktemp("exports")
    return create_app(_settings(folder, f"sqlite:///{seeded_db}")).server.test_client()


def _url(kind: str, fmt: str, indicator: str = INDICATOR, year: int | str = YEAR, **extra: str) -> str:
    query = "&".join(f"{k}={v}" for k, v in {"indikator": indicator, "jahr": year, **extra}.items())
    return f"/export/{kind}.{fmt}?{query}"


@pytest.fixture(scope="module")
def map_files(client) -> dict[tuple[str, str], object]:
    """The map of one view as PNG (both sizes), SVG and PDF: four exports for all map tests."""
    wanted = [("png", "praesentation"), ("png", "druck"), ("svg", "praesentation"), ("pdf", "praesentation")]
    return {(fmt, size): client.get(_url("karte", fmt, groesse=size)) for fmt, size in wanted}


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from the IHDR chunk, which always comes first."""
    assert data.startswith(PNG_SIGNATURE) and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def svg_texts(data: bytes) -> list[str]:
    """The text of every <text> element, its tspans joined: what a reader sees, line by line."""
    root = ET.fromstring(data)
    return [" ".join(" ".join(el.itertext()).split()) for el in root.iter("{http://www.w3.org/2000/svg}text")]


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _attachment(response) -> str:
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    return disposition.split("filename=", 1)[1].strip('"')


# -- the map ---------------------------------------------------------------------------------------


def test_map_png_has_the_preset_sizes(map_files):
    presentation, print_ = map_files[("png", "praesentation")], map_files[("png", "druck")]
    assert presentation.status_code == 200 and presentation.mimetype == "image/png"
    assert png_size(presentation.data) == (1920, 1080)
    assert png_size(print_.data) == (3508, 2480)  # A4 landscape at 300 dpi
    assert _attachment(presentation) == "betreuungsquote_u3_2024_karte.png"


def test_map_svg_carries_title_subtitle_legend_source_and_attribution(map_files):
    response = map_files[("svg", "praesentation")]
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert _attachment(response) == "betreuungsquote_u3_2024_karte.svg"
    svg = response.data.decode("utf-8")
    lines = svg_texts(response.data)
    assert MAP_TITLE in lines
    subtitle = next(line for line in lines if line.startswith("Einheit: %"))  # unit, then the short definition
    assert "Kinder unter 3 Jahren in Kindertageseinrichtungen" in subtitle
    assert 'class="cbfills"' in svg and "%" in lines  # the legend: a colour bar titled with the unit
    assert any(line.startswith(DEMO_LABEL) for line in lines)  # the source line of demo data
    assert ATTRIBUTION in lines
    assert "Barßel" in svg and "Saterland" in svg  # the Gemeinden, drawn from the inline geometry
    assert 'width="1920" height="1080"' in svg
    spec = catalogue.indicator(INDICATOR)
    assert not any(spec.source in line for line in lines), "demo data must not name an official table"
    assert all("Quelle:" not in line for line in lines)


def test_map_pdf_carries_title_and_attribution(map_files):
    response = map_files[("pdf", "praesentation")]
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    text = " ".join(pdf_text(response.data).split())
    assert MAP_TITLE in text
    assert ATTRIBUTION in text and DEMO_LABEL in text and "Einheit: %" in text
    page = PdfReader(io.BytesIO(response.data)).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (1440, 810)  # 1920 × 1080 px


# -- bars and trend --------------------------------------------------------------------------------


def test_bar_chart_prints_on_one_a4_page(client):
    response = client.get(_url("balken", "pdf", groesse="druck"))
    assert response.status_code == 200, response.data
    assert _attachment(response) == "betreuungsquote_u3_2024_balken.pdf"
    reader = PdfReader(io.BytesIO(response.data))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert float(box.width) == pytest.approx(A4_POINTS[0], abs=2) and float(box.height) == pytest.approx(
        A4_POINTS[1], abs=2
    )
    text = " ".join(pdf_text(response.data).split())
    assert MAP_TITLE in text and "Landkreis: " in text and "Barßel" in text and DEMO_LABEL in text


def test_trend_of_a_selected_gemeinde(client):
    gemeinde = GEMEINDEN[3]  # Cloppenburg, Stadt
    response = client.get(_url("verlauf", "svg", gemeinde=gemeinde))
    assert response.status_code == 200, response.data
    assert _attachment(response) == f"betreuungsquote_u3_2024_verlauf_{gemeinde}.svg"
    lines = svg_texts(response.data)
    assert "Betreuungsquote unter 3 Jahren, Entwicklung 2015 bis 2024" in lines
    assert any("hervorgehoben: Cloppenburg" in line for line in lines)
    assert {"Cloppenburg", "Landkreis Cloppenburg", "Niedersachsen"} <= set(lines)  # the legend
    assert any(line.startswith(DEMO_LABEL) for line in lines)
    assert ATTRIBUTION not in lines  # the boundary attribution belongs under maps only


# -- names and refusals ----------------------------------------------------------------------------


def test_file_names_say_what_they_are():
    assert links.file_name("betreuungsquote_u3", 2024, "karte", "png") == "betreuungsquote_u3_2024_karte.png"
    assert links.file_name("x", 2020, "verlauf", "pdf", "03453004") == "x_2020_verlauf_03453004.pdf"
    assert links.href("balken", "svg", "x", 2020) == "/export/balken.svg?indikator=x&jahr=2020"
    assert links.href("karte", "png", "x", 2020, "03453004", "druck") == (
        "/export/karte.png?indikator=x&jahr=2020&gemeinde=03453004&groesse=druck"
    )


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        (_url("karte", "png", indicator="gibt_es_nicht"), 404, "ist unbekannt"),
        (_url("karte", "png", indicator="s-0000000000"), 404, "ist unbekannt"),
        ("/export/tabelle.png?indikator=betreuungsquote_u3&jahr=2024", 400, "Unbekannte Darstellung"),
        ("/export/karte.gif?indikator=betreuungsquote_u3&jahr=2024", 400, "Unbekanntes Bildformat"),
        ("/export/karte.jpeg?indikator=betreuungsquote_u3&jahr=2024", 400, "Unbekanntes Bildformat"),
        ("/export/karte?indikator=betreuungsquote_u3&jahr=2024", 400, "Dateiendung fehlt"),
        (_url("karte", "png", groesse="poster"), 400, "Unbekannte Größe"),
        (_url("karte", "png", year=1990), 400, "kein Jahr 1990"),
        (_url("karte", "png", year="2024a"), 400, "keine Jahreszahl"),
        (_url("karte", "png", year="zwanzig"), 400, "keine Jahreszahl"),
        (_url("karte", "png", year="99999999999999999999"), 400, "keine Jahreszahl"),
        ("/export/karte.png?indikator=betreuungsquote_u3", 400, "Parameter jahr fehlt"),
        ("/export/karte.png?jahr=2024", 400, "Parameter indikator fehlt"),
        (_url("karte", "png", gemeinde="03459001"), 400, "keine Gemeinde"),
        (_url("verlauf", "svg", gemeinde="Cloppenburg"), 400, "keine Gemeinde"),
        ("/export/tabelle/karte.png", 404, "Unbekannter Exportpfad"),
    ],
)
def test_bad_parameters_get_a_short_german_answer(client, url, status, message):
    response = client.get(url)
    assert response.status_code == status
    assert response.mimetype == "text/plain"
    text = response.get_data(as_text=True)
    assert message in text and len(text) < 300
    assert "Content-Disposition" not in response.headers


def test_a_base_series_exports_with_its_table_and_stand(empty_store, tmp_path):
    """An imported series (no catalogue entry, no demo data) names its own table and Stand."""
    from app import create_app
    from data_access.importing import import_bytes
    from tests import fixtures

    import_bytes(empty_store, fixtures.mean_age().encode(), "12411-07-01-5.csv", SCOPE)
    code = next(s.code for s in empty_store.series_rows() if s.label.endswith("weiblich"))
    client = create_app(_settings(tmp_path, "sqlite:///unused.sqlite"), empty_store).server.test_client()
    response = client.get(_url("karte", "svg", indicator=code, year=2015))
    assert response.status_code == 200, response.data
    assert _attachment(response) == f"{code}_2015_karte.svg"
    lines = svg_texts(response.data)
    assert any(line.startswith("12411-07-01-5 · Durchschnittsalter der Bevölkerung") for line in lines)
    assert any("Stichtag 31. Dezember 2015" in line for line in lines)
    source = next(line for line in lines if line.startswith("Quelle:"))
    assert "Tabelle 12411-07-01-5" in source and "Stand 10.10.2017" in source
    assert not any(DEMO_LABEL in line for line in lines)
    assert ATTRIBUTION in lines and "Molbergen 37,7" in lines  # the value on the Gemeinde's label


def test_concurrent_exports_each_get_their_own_image(client):
    """Kaleido's shared server mixes up results under concurrency; the lock must keep them apart."""
    titles = {
        INDICATOR: MAP_TITLE,
        OTHER: f"{catalogue.indicator(OTHER).name}, Stichtag 1. März {YEAR}",
    }
    start = threading.Barrier(4)
    results: list[tuple[str, list[str]]] = []
    errors: list[BaseException] = []

    def export(number: int) -> None:
        try:
            start.wait()
            for round_ in range(2):
                indicator = (INDICATOR, OTHER)[(number + round_) % 2]
                response = client.application.test_client().get(_url("karte", "svg", indicator=indicator))
                assert response.status_code == 200
                results.append((indicator, svg_texts(response.data)))
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=export, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    assert len(results) == 8
    for indicator, lines in results:
        other = OTHER if indicator == INDICATOR else INDICATOR
        assert titles[indicator] in lines, f"{indicator} got another image"
        assert titles[other] not in lines


# -- pieces ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "words"),
    [
        ("01.03.2024", "Stichtag 1. März 2024"),
        ("31.12.2015", "Stichtag 31. Dezember 2015"),
        ("2024", "Jahr 2024"),
        ("Schuljahr 2023/24", "Schuljahr 2023/24"),
    ],
)
def test_period_in_words(label, words):
    assert charts.period_words(label) == words


def test_short_definition_keeps_the_first_sentence_and_dates():
    definition = catalogue.indicator(INDICATOR).definition
    short = charts.short_definition(definition)
    assert short.endswith("am 31.12. des Vorjahres.") and "Gezählt" not in short
    assert charts.short_definition("Wort " * 100, limit=50).endswith(" …")


def test_exports_start_no_chromium_at_import():
    """Importing and building the app must not start Chromium or even import kaleido."""
    code = "import sys, app, exports.web; sys.exit('kaleido' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr or "kaleido was imported"


def test_a_missing_chromium_is_a_german_503_not_a_hang(seeded_db, tmp_path, monkeypatch):
    """Before the first export, a wrong browser path is reported at once; nothing is downloaded instead."""
    from app import create_app
    from exports import images

    monkeypatch.setitem(images._state, "started", False)  # as in a process that has not exported yet
    settings = replace(_settings(tmp_path, f"sqlite:///{seeded_db}"), chromium=tmp_path / "kein-chromium")
    response = create_app(settings).server.test_client().get(_url("karte", "png"))
    assert response.status_code == 503
    assert "Chromium fehlt" in response.get_data(as_text=True)
