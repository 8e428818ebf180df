"""Callbacks through the Flask test client, the way the browser calls them."""

from __future__ import annotations

import json

import pytest

import ids
from layouts.pages import PAGES
from tests.dash_client import call, explorer_change

SELECT_KEY = "..selected-gemeinde.data...gemeinde-select.value.."


def view(app, indicator: str, year: int | None, selected: str | None = None, changed: str = "indicator.value"):
    return explorer_change(
        app,
        {"indicator.value": indicator, "year.value": year, "selected-gemeinde.data": selected},
        {"map-kind.data": "gemeinden"},  # what the page's store holds once a Gemeinde map is drawn
        changed=[changed],
    )


def test_index_serves_the_shell_with_the_kreis_title(app):
    response = app.server.test_client().get("/")
    assert response.status_code == 200
    assert b"<title>Bildungsmonitor Landkreis Cloppenburg</title>" in response.data
    assert b"cdn" not in response.data.lower()


def test_geometry_route_serves_the_boundary_file(app):
    response = app.server.test_client().get("/geodata/gemeinden.geojson")
    assert response.status_code == 200
    data = json.loads(response.data)
    assert len(data["features"]) == 13


@pytest.mark.parametrize("page", [p for p in PAGES if not p.heading], ids=lambda p: p.slug)
def test_each_theme_url_renders_its_page(app, page):
    status, body, raw = call(app, "page.children", {"url.pathname": page.path})
    assert status == 200
    text = raw
    assert page.title in text
    assert f'"data-theme": "{page.slug}"' in text
    assert page.default_indicator in text
    # The page carries the geometry as a URL, never inline.
    assert "/geodata/gemeinden.geojson" in text and '"coordinates"' not in text


def test_other_data_lists_imported_series_and_shows_them_on_the_map(settings, empty_store):
    from app import create_app
    from data_access.importing import import_bytes
    from tests import fixtures
    from tests.conftest import SCOPE

    app = create_app(settings, empty_store)
    _, _, raw = call(app, "page.children", {"url.pathname": "/weitere-daten"})
    assert "Noch keine Tabellen importiert" in raw
    import_bytes(empty_store, fixtures.mean_age().encode(), "12411-07-01-5.csv", SCOPE)
    app = create_app(settings, empty_store)
    _, _, raw = call(app, "page.children", {"url.pathname": "/weitere-daten"})
    assert "Durchschnittsalter der Bevölkerung · weiblich" in raw
    code = next(s.code for s in empty_store.series_rows() if s.label.endswith("weiblich"))
    status, body, raw = explorer_change(
        app, {"indicator.value": code, "year.value": 2015, "selected-gemeinde.data": None}
    )
    assert status == 200 and "37,7" in raw and "Stand 10.10.2017, Basis Zensus 2011" in raw  # the hover
    assert "Demodaten" not in raw


def test_unknown_url_gives_a_german_message(app):
    status, _, raw = call(app, "page.children", {"url.pathname": "/gibt-es-nicht"})
    assert status == 200
    assert "Die Seite „/gibt-es-nicht“ gibt es nicht" in raw


def test_indicator_or_year_change_returns_a_patch_without_geometry(app):
    for changed, year in (("indicator.value", 2024), ("year.value", 2019)):
        status, body, raw = view(app, "betreuungsquote_u3", year, changed=changed)
        assert status == 200
        assert '"coordinates"' not in raw and "FeatureCollection" not in raw
        patch = body["response"][ids.MAP]["figure"]
        assert patch["__dash_patch_update"] == "__dash_patch_update"
        paths = [op["location"] for op in patch["operations"]]
        assert ["data", 0, "z"] in paths and ["layout", "title", "text"] in paths
        assert not any("geojson" in path for path in paths)
        title = next(op for op in patch["operations"] if op["location"] == ["layout", "title", "text"])
        assert str(year) in title["params"]["value"]
        if changed == "indicator.value":  # the slider follows a new indicator; a year change leaves it alone
            assert body["response"][ids.YEAR]["value"] == year
        else:
            assert ids.YEAR not in body["response"] and ids.TREND not in body["response"]


def test_view_outputs_reference_values_and_info_in_german(app):
    _, body, _ = view(app, "betreuungsquote_u3", 2024)
    response = body["response"]
    refs = json.dumps(response[ids.REFERENCES]["children"], ensure_ascii=False)
    for name in ("Landkreis Cloppenburg", "Niedersachsen", "Deutschland"):
        assert name in refs
    assert " %" in refs
    info = json.dumps(response[ids.INFO]["children"], ensure_ascii=False)
    assert "22543-01-02-4" in info and "Demodaten (synthetisch)" in info
    assert response[ids.YEAR]["marks"]["2024"] == "2024" and response[ids.YEAR]["marks"]["2023"] == ""


def test_a_year_the_indicator_lacks_falls_back_to_the_latest(app):
    _, body, _ = view(app, "vhs_kurse", 1990)
    assert body["response"][ids.YEAR]["value"] == 2024


def test_unknown_indicator_gets_a_german_message_not_a_traceback(app):
    status, body, raw = view(app, "gibt_es_nicht", 2024)
    assert status == 200
    assert "Der Indikator „gibt_es_nicht“ ist unbekannt." in raw


def test_selected_gemeinde_appears_in_trend_and_bars(app):
    _, body, _ = view(app, "betreuungsquote_u3", 2024, selected="03453004", changed="selected-gemeinde.data")
    trend = body["response"][ids.TREND]["figure"]
    assert [trace["name"] for trace in trend["data"]][0] == "Cloppenburg"
    bars = body["response"][ids.BARS]["figure"]["data"][0]
    colours = dict(zip(bars["y"], bars["marker"]["color"], strict=True))
    assert colours["Cloppenburg"] != colours["Barßel"]


def test_clicking_a_map_shape_selects_and_a_second_click_deselects(app):
    click = {"points": [{"location": "03453004", "curveNumber": 0}]}
    _, body, _ = call(app, SELECT_KEY, {"map.clickData": click}, {"selected-gemeinde.data": None}, ["map.clickData"])
    assert body["response"][ids.SELECTED]["data"] == "03453004"
    _, body, _ = call(
        app,
        SELECT_KEY,
        {"map.clickData": click},
        {"selected-gemeinde.data": "03453004"},
        ["map.clickData"],
    )
    assert body["response"][ids.SELECTED]["data"] is None
    assert body["response"][ids.GEMEINDE_SELECT]["value"] == "keine"


def test_the_keyboard_select_selects_and_follows_the_selection(app):
    _, body, _ = call(app, SELECT_KEY, {"gemeinde-select.value": "03453005"}, {}, ["gemeinde-select.value"])
    assert body["response"][ids.SELECTED]["data"] == "03453005"
    _, body, _ = call(
        app,
        SELECT_KEY,
        {"gemeinde-select.value": "keine"},
        {"selected-gemeinde.data": "03453005"},
        ["gemeinde-select.value"],
    )
    assert body["response"][ids.SELECTED]["data"] is None
    status, body, _ = call(app, SELECT_KEY, {"gemeinde-select.value": "09162000"}, {}, ["gemeinde-select.value"])
    assert status in (200, 204) and ids.SELECTED not in ((body or {}).get("response") or {})  # outside: no change


def test_empty_store_shows_a_german_no_data_message(settings, empty_store):
    from app import create_app

    app = create_app(settings, empty_store)
    _, body, raw = view(app, "betreuungsquote_u3", 2024)
    assert "Für diesen Indikator liegen keine Daten vor." in raw
    operations = {
        tuple(op["location"]): op["params"]["value"] for op in body["response"][ids.MAP]["figure"]["operations"]
    }
    assert operations[("data", 0, "z")] == []  # no stale values from the previous indicator
    assert len(operations[("data", 1, "locations")]) == 13
    assert operations[("layout", "title", "text")].endswith("keine Daten")


def test_an_unreadable_database_gives_a_german_message_not_a_traceback(app, store):
    with store.engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE indicator_values")
        connection.exec_driver_sql("DROP TABLE import_batches")
    status, _, raw = view(app, "betreuungsquote_u3", 2024)
    assert status == 200
    assert "Die Datenbank konnte nicht gelesen werden (OperationalError)" in raw
    status, _, raw = call(app, "page.children", {"url.pathname": "/weiterbildung"})
    assert status == 200 and "Die Datenbank konnte nicht gelesen werden" in raw


def test_imported_kita_and_population_show_the_kreis_rate_without_demo_label(settings, store):
    """The official files in, the Betreuungsquote U3 of the Kreis out: no manual step, no demo label."""
    from app import create_app
    from data_access.importing import import_bytes
    from tests import fixtures
    from tests.conftest import SCOPE

    import_bytes(store, fixtures.population_age_groups().encode(), "12411-02-03-5.csv", SCOPE)
    import_bytes(store, fixtures.kita().encode(), "22543-01-02-4.csv", SCOPE)
    app = create_app(settings, store)
    inputs = {"indicator.value": "betreuungsquote_u3", "year.value": 2016, "selected-gemeinde.data": None}
    status, body, raw = explorer_change(app, inputs)
    assert status == 200
    references = json.dumps(body["response"]["references"], ensure_ascii=False)
    assert "20,6 %" in references and "Stand 10.10.2017" in references
    assert "berechnet aus den Zählungen" in references
    assert "Demodaten" not in raw
    assert "nur je Kreis veröffentlicht" in raw
    assert "Stand 10.10.2017" in json.dumps(body["response"]["info"], ensure_ascii=False)


def test_selected_gemeinde_leads_the_references_with_its_differences(app, store, boundaries):
    from data_access.views import build_view
    from layouts.panels import difference

    _, _, raw = view(app, "betreuungsquote_u3", 2024, selected="03453005", changed="selected-gemeinde.data")
    built = build_view(store, boundaries, "betreuungsquote_u3", 2024, "03453005")
    value = float(built.values.set_index("region_key").loc["03453005", "value"])
    kreis = next(r.value for r in built.references if r.level == "Kreis")
    land = next(r.value for r in built.references if r.level == "Land")
    assert "Emstek" in raw
    assert f"zu Landkreis Cloppenburg: {difference(value, kreis, '%', 1)}" in raw
    assert f"zu Niedersachsen: {difference(value, land, '%', 1)}" in raw


def test_clear_selection_button_clears_it(app):
    _, body, _ = call(
        app,
        SELECT_KEY,
        {"clear-selection.n_clicks": 1},
        {"selected-gemeinde.data": "03453005"},
        ["clear-selection.n_clicks"],
    )
    assert body["response"][ids.SELECTED]["data"] is None
    assert body["response"][ids.GEMEINDE_SELECT]["value"] == "keine"


@pytest.mark.parametrize(
    "value,reference,unit,expected",
    [
        (31.25, 29.0, "%", "+2,3 Prozentpunkte"),
        (28.0, 29.0, "%", "\u22121,0 Prozentpunkt"),
        (29.04, 29.0, "%", "±0,0 Prozentpunkte"),
        (772.0, 700.0, "Personen", "+72 Personen"),
    ],
)
def test_difference_reads_as_the_offices_write_it(value, reference, unit, expected):
    from layouts.panels import difference

    assert difference(value, reference, unit, 0 if unit == "Personen" else 1) == expected


def test_demo_info_never_names_an_official_table_as_the_source(app):
    _, _, raw = view(app, "betreuungsquote_u3", 2024)
    assert "Demodaten (synthetisch); amtlich kämen die Werte aus: Kinder- und Jugendhilfestatistik" in raw


def test_a_year_change_leaves_the_trend_alone(app):
    _, by_indicator, _ = view(app, "betreuungsquote_u3", 2020)
    assert ids.TREND in by_indicator["response"]
    _, by_year, raw = view(app, "betreuungsquote_u3", 2021, changed="year.value")
    assert ids.TREND not in by_year["response"]  # not rebuilt, not sent
    assert ids.YEAR not in by_year["response"]  # the slider set it; nothing to send back
    assert by_year["response"][ids.YEAR_LABEL]["children"] == "01.03.2021" and "2021" in raw  # the Stichtag
