"""Demo data: deterministic, labelled, within the catalogue's ranges, for any Kreis."""

from __future__ import annotations

import json

import pytest

from data_access import catalogue, demo
from data_access.geodata import load_boundaries
from data_access.store import Store
from tests.conftest import GEMEINDEN, KREIS


def test_two_builds_give_identical_rows(boundaries):
    assert demo.build_rows(boundaries) == demo.build_rows(boundaries)


def test_every_theme_has_at_least_three_indicators_with_data(store):
    for theme in catalogue.THEMES:
        with_data = [s for s in catalogue.indicators_for_theme(theme.slug) if store.years(s.id, GEMEINDEN)]
        assert len(with_data) >= 3, theme.slug


def test_all_regions_and_years_are_covered(boundaries):
    regions, rows = demo.build_rows(boundaries)
    assert {r.key for r in regions} == {*GEMEINDEN, KREIS, "03", "DG"}
    assert {r.period_date.year for r in rows} == set(range(2015, 2025))
    per_indicator = {(r.indicator_id, r.region_key) for r in rows}
    assert len(per_indicator) == len(catalogue.INDICATORS) * (13 + 3)


@pytest.mark.parametrize(
    ("indicator_id", "year", "low", "high"),
    [
        ("bevoelkerung", 2015, 160_000, 170_000),
        ("bevoelkerung", 2024, 172_000, 182_000),
        ("betreuungsquote_u3", 2016, 15.0, 26.0),
        ("anteil_abgaenger_ohne_hsa", 2023, 6.0, 10.5),
        ("anteil_abgaenger_abitur", 2023, 15.0, 23.0),
        ("auslaenderanteil", 2024, 12.0, 19.0),
        ("durchschnittsalter", 2015, 39.0, 42.0),
    ],
)
def test_kreis_values_lie_in_the_published_ranges(store, indicator_id, year, low, high):
    kreis = store.reference_values(indicator_id, year, KREIS, "LK", GEMEINDEN)[0]
    assert low <= kreis.value <= high


def test_kreis_rows_are_sum_over_sum_of_their_gemeinden(boundaries):
    _, rows = demo.build_rows(boundaries)
    cells = [r for r in rows if r.indicator_id == "betreuungsquote_u3" and r.period_date.year == 2020]
    gemeinden = [r for r in cells if r.region_key in GEMEINDEN]
    kreis = next(r for r in cells if r.region_key == KREIS)
    assert kreis.numerator == sum(r.numerator for r in gemeinden)
    assert kreis.value == pytest.approx(kreis.numerator / kreis.denominator * 100, rel=1e-12)  # stored unrounded


def test_small_cells_are_suppressed_with_a_sign_not_zero(boundaries):
    _, rows = demo.build_rows(boundaries)
    suppressed = [r for r in rows if r.sign == "."]
    assert suppressed, "demo data should show how a suppressed cell looks"
    assert all(r.value is None and r.numerator is None for r in suppressed)


def test_reseeding_replaces_instead_of_duplicating(store, boundaries):
    before = store.observation_count()
    demo.seed(store, boundaries)
    assert store.observation_count() == before
    assert store.has_demo_data()


def test_demo_data_follow_another_kreis(tmp_path, boundaries):
    """A second Kreis needs only its boundary file: demo data then cover its Gemeinden."""
    data = json.loads(json.dumps(boundaries.geojson))
    data["kreis"] = {"ags": "03454", "name": "Emsland", "bez": "Landkreis"}
    for i, feature in enumerate(data["features"][:4], start=1):
        feature["id"] = feature["properties"]["ags"] = f"03454{i:03d}"
    data["features"] = data["features"][:4]
    path = tmp_path / "gemeinden_03454.geojson"
    path.write_text(json.dumps(data), encoding="utf-8")
    other = load_boundaries(path)
    store = Store(f"sqlite:///{tmp_path / 'other.sqlite'}")
    store.init_schema()
    demo.seed(store, other)
    regions = store.regions()
    assert set(regions.loc[regions["level"] == "Gemeinde", "key"]) == {f"03454{i:03d}" for i in range(1, 5)}
    assert regions.set_index("key").loc["03454", "name"] == "Landkreis Emsland"
