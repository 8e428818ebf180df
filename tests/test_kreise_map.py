"""The Land's Kreise as a choropleth (figures.kreise): checked on the returned figure."""

from __future__ import annotations

import dataclasses
import json

import pandas as pd
import pytest

from data_access import catalogue
from data_access.geodata import KreiseBoundaries, load_land_kreise
from figures import COLOURSCALES, MISSING_COLOUR, SELECTED_LINE, colourscale
from figures.kreise import kreise_map
from tests.conftest import KREIS, ROOT
from texts import ATTRIBUTION, DEMO_LABEL

URL = "/geodata/kreise_03.geojson"
SECRET = "03101"  # Braunschweig: "." (geheim)
NO_ROW = "03241"  # Region Hannover: no row at all
STRANGER = "03152"  # Göttingen before 2016: a key the map no longer has


@pytest.fixture(scope="module")
def kreise() -> KreiseBoundaries:
    return load_land_kreise(ROOT / "geodata" / "kreise_03.geojson")


@pytest.fixture(scope="module")
def spec() -> catalogue.IndicatorSpec:
    return catalogue.indicator("betreuungsquote_u3")


@pytest.fixture(scope="module")
def values(kreise) -> pd.DataFrame:
    """A value per Kreis (20,0 … 64,0), one secret, one without a row, one key of a dissolved Kreis."""
    rows = [
        {"region_key": key, "value": 20.0 + i, "sign": None}
        for i, key in enumerate(kreise.keys)
        if key not in (SECRET, NO_ROW)
    ]
    rows.append({"region_key": SECRET, "value": None, "sign": "."})
    rows.append({"region_key": STRANGER, "value": 99.0, "sign": None})
    frame = pd.DataFrame(rows)
    frame.loc[frame["region_key"] == KREIS, "value"] = 27.43
    return frame


@pytest.fixture(scope="module")
def fig(kreise, values, spec):
    return kreise_map(kreise, URL, values, spec, KREIS, "01.03.2024", demo=False, stand="15.10.2024")


def _choropleths(fig) -> list:
    return [t for t in fig.data if t.type == "choropleth"]


def _by_location(fig) -> dict[str, list]:
    """Kreis key → its hover customdata, from the value and the no-value trace (not the outline)."""
    value_trace, missing_trace = fig.data[0], fig.data[1]
    hover = {}
    for trace in (value_trace, missing_trace):
        for key, data in zip(trace.locations, trace.customdata, strict=True):
            hover[key] = list(data)
    return hover


def test_every_kreis_is_drawn_exactly_once(fig, kreise):
    drawn = list(fig.data[0].locations) + list(fig.data[1].locations)
    assert sorted(drawn) == kreise.keys
    assert STRANGER not in drawn


def test_values_colour_by_polarity_between_their_min_and_max(fig, spec, kreise, values):
    shown = values[values["region_key"].isin(kreise.keys)]["value"].dropna()
    assert fig.data[0].zmin == shown.min() and fig.data[0].zmax == shown.max()
    assert [list(pair) for pair in fig.data[0].colorscale] == colourscale(spec.polarity)
    worse = kreise_map(kreise, URL, values, dataclasses.replace(spec, polarity=-1), KREIS, "2024", demo=False)
    assert [c for _, c in worse.data[0].colorscale] == COLOURSCALES[-1]


def test_colour_bar_is_titled_with_the_unit(fig):
    assert fig.data[0].colorbar.title.text == "%"
    assert fig.data[0].showscale is True


def test_hover_shows_name_and_german_value(fig):
    hover = _by_location(fig)
    assert hover[KREIS][0] == "Cloppenburg"
    assert hover[KREIS][2] == "27,4 %"
    assert "15.10.2024" in hover[KREIS][3]
    assert "%{customdata[2]}" in fig.data[0].hovertemplate


def test_kreise_without_value_are_grey_with_the_signs_meaning_never_zero(fig):
    missing = fig.data[1]
    assert sorted(missing.locations) == sorted([SECRET, NO_ROW])
    assert {c for _, c in missing.colorscale} == {MISSING_COLOUR}
    assert missing.showscale is False
    hover = _by_location(fig)
    assert hover[SECRET][2] == ". (geheim / unbekannt)"
    assert hover[NO_ROW][2] == "kein Wert"
    for key in (SECRET, NO_ROW):
        assert "0" not in hover[key][2]
    assert "%{z" not in missing.hovertemplate


def test_the_sign_legend_explains_what_the_grey_kreise_mean(fig):
    signs = [a.text for a in fig.layout.annotations if a.name == "signs"]
    assert signs == ["Zeichen: . = geheim / unbekannt; k. A. = kein Wert"]


def test_the_highlighted_kreis_has_a_thick_dark_outline_on_top(fig):
    outline = [t for t in _choropleths(fig) if list(t.locations) == [KREIS] and t.marker.line.width]
    assert len(outline) == 1
    assert outline[0].marker.line.color == SELECTED_LINE
    assert outline[0].marker.line.width >= 3
    assert fig.data.index(outline[0]) > 1  # drawn after the fills: no neighbour's edge covers it
    others = fig.data[0].marker.line.width
    assert others < outline[0].marker.line.width


def test_only_the_highlighted_kreis_is_labelled_with_name_and_value(fig, kreise):
    labels = [t for t in fig.data if t.type == "scattergeo" and t.mode == "text"]
    assert len(labels) == 1
    assert list(labels[0].text) == ["<b>Cloppenburg</b><br>27,4 %"]
    assert (labels[0].lon[0], labels[0].lat[0]) == kreise.labels[KREIS]


def test_a_highlighted_kreis_with_a_sign_is_labelled_with_the_sign(kreise, values, spec):
    secret = values.assign(value=values["value"].where(values["region_key"] != KREIS))
    secret.loc[secret["region_key"] == KREIS, "sign"] = "."
    fig = kreise_map(kreise, URL, secret, spec, KREIS, "2024", demo=False)
    label = next(t for t in fig.data if t.type == "scattergeo" and t.mode == "text")
    assert list(label.text) == ["<b>Cloppenburg</b><br>."]
    assert KREIS in fig.data[1].locations


def test_title_names_indicator_period_and_land(fig):
    assert fig.layout.title.text == "<b>Betreuungsquote unter 3 Jahren</b> – 01.03.2024 · Kreise in Niedersachsen"


def test_attribution_and_source_stand_under_the_map(fig, spec):
    notes = {a.name: a.text for a in fig.layout.annotations}
    assert notes["attribution"] == ATTRIBUTION
    texts = " ".join(a.text for a in fig.layout.annotations).replace("<br>", " ")
    assert "Quelle: Kinder- und Jugendhilfestatistik" in texts and "Stand 15.10.2024" in texts


def test_demo_values_never_name_an_official_source(kreise, values, spec):
    fig = kreise_map(kreise, URL, values, spec, KREIS, "2024", demo=True)
    texts = " ".join(a.text for a in fig.layout.annotations)
    assert DEMO_LABEL in texts and "Quelle:" not in texts
    assert DEMO_LABEL in fig.data[0].customdata[0][3]


def test_map_fits_the_land_in_mercator_with_german_separators(fig):
    assert fig.layout.geo.fitbounds == "locations"
    assert fig.layout.geo.projection.type == "mercator"
    assert fig.layout.geo.visible is False
    assert fig.layout.separators == ",."


def test_url_geometry_is_never_sent_with_the_figure(fig):
    assert all(t.geojson == URL for t in _choropleths(fig))
    assert '"coordinates"' not in fig.to_json()


def test_inline_geometry_carries_each_kreis_once_for_exports(kreise, values, spec):
    fig = kreise_map(kreise, kreise.geojson, values, spec, KREIS, "2024", demo=False)
    fills = [f["properties"]["ags"] for t in fig.data[:2] for f in t.geojson["features"]]
    assert sorted(fills) == kreise.keys
    outline = next(t for t in _choropleths(fig) if list(t.locations) == [KREIS] and t.marker.line.width >= 3)
    assert [f["properties"]["ags"] for f in outline.geojson["features"]] == [KREIS]
    assert len(json.dumps(fig.to_plotly_json()["data"])) < 1.2 * len(json.dumps(kreise.geojson))


def test_all_missing_values_still_draw_every_kreis_in_grey(kreise, spec):
    empty = pd.DataFrame({"region_key": [], "value": [], "sign": []})
    fig = kreise_map(kreise, URL, empty, spec, KREIS, "2024", demo=False)
    assert list(fig.data[0].locations) == []
    assert sorted(fig.data[1].locations) == kreise.keys
    assert fig.data[0].showscale is False
