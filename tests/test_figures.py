"""Figure builders and German formatting: pure functions, checked on their output."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import figures
import texts
from data_access import catalogue
from data_access.views import build_view, choose_year
from formatting import format_number, format_value
from tests.conftest import GEMEINDEN


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [(12714, 0, "12.714"), (27.43, 1, "27,4"), (1234567.891, 2, "1.234.567,89"), (0.05, 1, "0,1"), (-3.5, 1, "-3,5")],
)
def test_german_number_format(value, decimals, expected):
    assert format_number(value, decimals) == expected


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (0.25, 1, "0,3"),
        (224.5, 0, "225"),
        (-0.04, 1, "0,0"),
        (-0.05, 1, "-0,1"),
        (2.675, 2, "2,68"),
        (1234567.5, 0, "1.234.568"),
    ],
)
def test_numbers_are_rounded_half_up_once_and_never_negative_zero(value, decimals, expected):
    assert format_number(value, decimals) == expected


def test_a_special_sign_is_never_shown_as_zero():
    assert format_value(None, None, "%", 1) == "kein Wert"
    assert format_value(None, ".", "%", 1) == ". (geheim / unbekannt)"
    assert format_value(float("nan"), "/", "%", 1) == "/ (nicht sicher genug)"
    assert format_value(0.0, "-", "Personen", 0) == "0 Personen (nichts vorhanden)"
    assert format_value(27.43, None, "%", 1) == "27,4 %"
    assert "0" not in format_value(None, None, "%", 1)


def _view(store, boundaries, indicator_id="betreuungsquote_u3", year=2024, selected=None):
    return build_view(store, boundaries, indicator_id, year, selected)


def _map_values(view):
    return figures.MapValues(view.spec, view.period_label, view.values, view.zrange, view.demo, view.selected)


def test_map_base_references_geometry_by_url_only(boundaries):
    fig = figures.map_base(boundaries, "/geodata/gemeinden.geojson")
    payload = fig.to_json()
    assert '"coordinates"' not in payload
    assert fig.data[0].geojson == "/geodata/gemeinden.geojson"
    assert list(fig.data[0].locations) == GEMEINDEN
    assert fig.layout.geo.fitbounds == "locations"
    assert any(a.text == "© GeoBasis-DE / BKG 2016 (Daten verändert)" for a in fig.layout.annotations)


def test_map_update_sets_values_title_and_demo_label(store, boundaries):
    view = _view(store, boundaries)
    update = dict(figures.map_update(boundaries, _map_values(view)))
    assert update[("data", 0, "locations")] == GEMEINDEN
    assert len(update[("data", 0, "z")]) == 13
    assert update[("layout", "title", "text")] == "<b>Betreuungsquote unter 3 Jahren</b> – 01.03.2024"
    assert "Demodaten (synthetisch)" in update[("layout", "annotations", 1, "text")]
    hover = update[("data", 0, "customdata")][0]
    assert hover[0] == "Barßel" and hover[1].endswith(" %") and "," in hover[1]
    assert update[("data", 0, "colorscale")][0] == [0.0, "#f7fbff"]  # polarity +: light = low
    assert '"coordinates"' not in json.dumps(list(update.values()))


def test_suppressed_gemeinden_get_the_trace_of_their_sign_with_a_legend_entry(store, boundaries):
    view = _view(store, boundaries, "anteil_abgaenger_ohne_hsa", 2015)
    assert view.values["sign"].eq(".").any()
    update = dict(figures.map_update(boundaries, _map_values(view)))
    secret = update[("data", figures.SIGN_TRACE["."], "locations")]
    assert secret and set(secret).isdisjoint(update[("data", 0, "locations")])
    shown = [update[("data", trace, "locations")] for trace in (0, 1, *figures.SIGN_TRACE.values())]
    assert sorted(key for keys in shown for key in keys) == GEMEINDEN  # every Gemeinde drawn exactly once
    assert update[("data", figures.SIGN_TRACE["."], "showlegend")] is True
    for sign, trace in figures.SIGN_TRACE.items():  # a legend entry exactly for the signs on the map
        assert update[("data", trace, "showlegend")] is bool(update[("data", trace, "locations")]), sign
    assert "geheim / unbekannt" in update[("layout", "annotations", 2, "text")]
    assert update[("data", figures.SIGN_TRACE["."], "customdata")][0][1] == ". (geheim / unbekannt)"
    labels = dict(zip(boundaries.keys, update[("data", 2, "text")], strict=True))
    assert all(labels[key].endswith("<b>.</b>") for key in secret)  # the sign, never 0 or "–"


def test_each_sign_has_its_own_fill_and_legend_name(boundaries):
    fig = figures.map_base(boundaries, "/geo.json")
    for sign, trace in figures.SIGN_TRACE.items():
        assert fig.data[trace].name == f"{sign} = {texts.SIGNS[sign]}"
        assert fig.data[trace].colorscale[0][1] == figures.SIGN_FILLS[sign]
    fills = set(figures.SIGN_FILLS.values())
    assert len(fills) == len(figures.SIGN_FILLS)  # no two signs look alike
    assert figures.MISSING_COLOUR not in fills


def test_selected_gemeinde_gets_a_strong_outline(store, boundaries):
    view = _view(store, boundaries, selected="03453004")
    update = dict(figures.map_update(boundaries, _map_values(view)))
    widths = dict(zip(update[("data", 0, "locations")], update[("data", 0, "marker", "line", "width")], strict=True))
    assert widths["03453004"] > widths["03453001"]


def test_full_map_figure_equals_base_plus_update(store, boundaries):
    view = _view(store, boundaries)
    fig = figures.map_figure(boundaries, boundaries.geojson, _map_values(view))
    assert fig.data[0].geojson["type"] == "FeatureCollection"
    assert list(fig.data[0].z) == [float(v) for v in view.values["value"]]
    assert fig.layout.title.text.endswith("01.03.2024")


def test_bar_chart_is_alphabetical_with_kreis_and_land_lines(store, boundaries):
    view = _view(store, boundaries)
    names = {g.ags: g.name for g in boundaries.gemeinden}
    refs = {r.level: r.value for r in view.references}
    fig = figures.bar_figure(view.values, names, view.spec, view.period_label, refs["Kreis"], refs["Land"], True)
    shown = list(fig.data[0].y)
    assert shown == sorted(shown, reverse=True)  # top to bottom A → Z, not a league table
    texts = [a.text for a in fig.layout.annotations]
    assert any(t.startswith("Landkreis: ") and t.endswith(" %") for t in texts)
    assert any(t.startswith("Land: ") for t in texts)
    assert len(fig.layout.shapes) == 2


def test_trend_marks_known_breaks(store, boundaries):
    view = _view(store, boundaries, "anteil_abgaenger_abitur", 2024, selected="03453004")
    fig = figures.trend_figure(view.trend, view.spec, view.demo, view.spec.breaks)
    names = [trace.name for trace in fig.data]
    assert names == ["Cloppenburg", "Landkreis Cloppenburg", "Niedersachsen"]
    assert any("G9" in a.text for a in fig.layout.annotations)
    assert len(fig.data[1].x) == 10


def test_graph_config_is_offline_and_german():
    config = figures.graph_config("karte")
    assert config["showSendToCloud"] is False and config["displaylogo"] is False
    assert config["locale"] == "de" and config["topojsonURL"] == "/assets/topojson/"


def test_choose_year_falls_back_to_the_latest():
    assert choose_year([2015, 2016], 2016) == 2016
    assert choose_year([2015, 2016], 2030) == 2016
    assert choose_year([], 2016) is None


def test_kreis_series_is_computed_when_no_kreis_row_exists(boundaries):
    from data_access.views import kreis_series

    frame = pd.DataFrame(
        {
            "region_key": GEMEINDEN,
            "year": 2024,
            "value": [float(i) for i in range(13)],
            "numerator": None,
            "denominator": None,
            "sign": None,
        }
    )
    series = kreis_series(frame, catalogue.indicator("vhs_kurse"), boundaries, [2024])
    assert series["value"].tolist() == [float(sum(range(13)))]


def test_a_kreis_with_many_gemeinden_gets_name_only_labels_and_a_taller_bar_chart(boundaries):
    """Another Kreis (Emsland has 60 Gemeinden) must stay legible: no values crammed into labels."""
    from dataclasses import replace

    many = tuple(replace(g, ags=f"03454{i:03d}", name=f"Ort {i}") for i, g in enumerate(boundaries.gemeinden * 2, 1))
    crowded = replace(boundaries, gemeinden=many)
    values = pd.DataFrame({"region_key": crowded.keys, "value": 10.0, "sign": None})
    spec = catalogue.indicator("betreuungsquote_u3")
    update = dict(figures.map_update(crowded, figures.MapValues(spec, "2024", values, (0.0, 20.0), True)))
    assert update[("data", 2, "text")][0] == "Ort 1"
    assert figures.map_base(crowded, "/g.geojson").data[2].textfont.size < 11
    names = {g.ags: g.name for g in many}
    tall = figures.bar_figure(values, names, spec, "2024", 10.0, 11.0, True)
    short = figures.bar_figure(values.head(13), names, spec, "2024", 10.0, 11.0, True)
    assert tall.layout.height > short.layout.height >= 420


def test_long_map_titles_wrap_and_keep_the_period():
    short = figures.map_title("Betreuungsquote unter 3 Jahren", "01.03.2024")
    assert short == "<b>Betreuungsquote unter 3 Jahren</b> – 01.03.2024"
    long = figures.map_title("Kinder mit ausländischer Herkunft mindestens eines Elternteils", "01.03.2024")
    lines = long.split("<br>")
    assert len(lines) >= 2 and lines[-1].endswith("01.03.2024")
    assert all(len(line.replace("<b>", "").replace("</b>", "").strip()) <= figures.TITLE_WIDTH for line in lines)
