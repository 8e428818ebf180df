"""Demo data: deterministic, labelled, within the catalogue's ranges, for any Kreis."""

from __future__ import annotations

import argparse
import json
import shutil

import pytest

import manage
from config import Settings
from data_access import catalogue, demo
from data_access.geodata import KreiseBoundaries, load_boundaries, load_land_kreise
from data_access.store import Store
from tests.conftest import GEMEINDEN, KREIS, ROOT

PER_KREIS = "integrationskurs_teilnehmende"  # published per Kreis only (BAMF)


@pytest.fixture(scope="module")
def kreise() -> KreiseBoundaries:
    return load_land_kreise(ROOT / "geodata" / "kreise_03.geojson")


def test_two_builds_give_identical_rows(boundaries, kreise):
    assert demo.build_rows(boundaries) == demo.build_rows(boundaries)
    assert demo.build_rows(boundaries, kreise) == demo.build_rows(boundaries, kreise)


def test_every_theme_has_at_least_three_indicators_with_data(store):
    for theme in catalogue.THEMES:
        with_data = [s for s in catalogue.indicators_for_theme(theme.slug) if store.years(s.id, GEMEINDEN)]
        assert len(with_data) >= 3, theme.slug


def test_all_regions_and_years_are_covered(boundaries):
    regions, rows = demo.build_rows(boundaries)
    assert {r.key for r in regions} == {*GEMEINDEN, KREIS, "03", "DG"}
    assert {r.period_date.year for r in rows} == set(range(2015, 2025))
    per_indicator = {(r.indicator_id, r.region_key) for r in rows}
    per_gemeinde = len(catalogue.INDICATORS) - len(demo.KREIS_ONLY)
    assert len(per_indicator) == per_gemeinde * (13 + 3) + len(demo.KREIS_ONLY) * 3


# -- published per Kreis only ----------------------------------------------------


def _per_kreis(rows: list[demo.ObservationRow], year: int) -> dict[str, demo.ObservationRow]:
    return {r.region_key: r for r in rows if r.indicator_id == PER_KREIS and r.period_date.year == year}


def test_the_per_kreis_indicator_is_marked_so_in_the_catalogue():
    spec = catalogue.indicator(PER_KREIS)
    assert demo.KREIS_ONLY == {PER_KREIS}
    assert spec.level.startswith("Kreis") and spec.aggregation == "sum"


def test_a_per_kreis_indicator_has_no_gemeinde_rows(boundaries, kreise, store):
    for given in (None, kreise):
        _, rows = demo.build_rows(boundaries, given)
        assert not [r for r in rows if r.indicator_id == PER_KREIS and len(r.region_key) == 8]
    assert store.years(PER_KREIS, GEMEINDEN) == []
    assert store.years(PER_KREIS, [KREIS]) == list(demo.YEARS)


def test_every_kreis_of_the_land_has_a_whole_count_every_year(boundaries, kreise):
    _, rows = demo.build_rows(boundaries, kreise)
    assert len(kreise.keys) == 45
    for year in demo.YEARS:
        cells = _per_kreis(rows, year)
        assert set(cells) == {*kreise.keys, "03", "DG"}, year
        for key in kreise.keys:
            assert cells[key].value is not None and float(cells[key].value).is_integer(), (key, year)
            assert cells[key].numerator is None and cells[key].denominator is None


def test_the_land_is_the_sum_of_its_kreise(boundaries, kreise):
    _, rows = demo.build_rows(boundaries, kreise)
    spec = catalogue.indicator(PER_KREIS)
    for year in demo.YEARS:
        cells = _per_kreis(rows, year)
        assert cells["03"].value == sum(cells[k].value for k in kreise.keys), year
        low, high = spec.demo.land
        assert 0.9 * low <= cells["03"].value <= 1.1 * high, year  # still on the Land's anchor


def test_the_home_kreis_keeps_its_anchor_with_or_without_the_other_kreise(boundaries, kreise):
    _, alone = demo.build_rows(boundaries)
    _, with_land = demo.build_rows(boundaries, kreise)
    low, high = catalogue.indicator(PER_KREIS).demo.kreis
    for year in demo.YEARS:
        only, full = _per_kreis(alone, year), _per_kreis(with_land, year)
        assert set(only) == {KREIS, "03", "DG"}, year
        assert only[KREIS] == full[KREIS] and only["DG"] == full["DG"], year
        assert 0.7 * low <= only[KREIS].value <= 1.3 * high, year


def test_other_kreise_scale_with_a_plausible_synthetic_population(boundaries, kreise):
    shares = demo.kreis_shares(kreise, KREIS)
    assert set(shares) == set(kreise.keys) - {KREIS}
    assert sum(shares.values()) == pytest.approx(1.0)
    assert max(shares, key=shares.get) == "03241"  # Region Hannover is the largest
    _, rows = demo.build_rows(boundaries, kreise)
    cells = _per_kreis(rows, 2024)
    assert cells["03241"].value > 2 * cells[KREIS].value
    assert min(cells[k].value for k in kreise.keys) > 50


def test_every_kreis_is_a_region_of_level_kreis_named_from_the_kreise_file(store, kreise):
    regions = store.regions().set_index("key")
    for kreis in kreise.kreise:
        assert regions.loc[kreis.ags, "level"] == "Kreis", kreis.ags
        assert regions.loc[kreis.ags, "parent_key"] == "03", kreis.ags
        assert regions.loc[kreis.ags, "name"] == demo.kreis_title(kreis), kreis.ags
        assert kreis.name in regions.loc[kreis.ags, "name"], kreis.ags
    names = regions.loc[kreise.keys, "name"]
    assert names.is_unique  # "Kreisfreie Stadt Osnabrück" and "Landkreis Osnabrück"
    assert names["03453"] == "Landkreis Cloppenburg" and names["03241"] == "Region Hannover"


def test_a_kreise_file_without_the_home_kreis_is_refused(boundaries, kreise):
    foreign = KreiseBoundaries("03", "Niedersachsen", tuple(k for k in kreise.kreise if k.ags != KREIS), {})
    with pytest.raises(ValueError, match="enthält den Kreis 03453 nicht"):
        demo.build_rows(boundaries, foreign)


def _seed_demo(tmp_path, with_kreise: bool) -> Store:
    geodata = tmp_path / "geodata"
    geodata.mkdir()
    shutil.copy(ROOT / "geodata" / f"gemeinden_{KREIS}.geojson", geodata)
    if with_kreise:
        shutil.copy(ROOT / "geodata" / "kreise_03.geojson", geodata)
    url = f"sqlite:///{tmp_path / 'seed.sqlite'}"
    settings = Settings(database_url=url, kreis=KREIS, geodata_dir=geodata, instance_dir=tmp_path / "instance")
    assert manage.cmd_seed_demo(settings, argparse.Namespace(remove=False, if_empty=False)) == 0
    return Store(url)


def test_manage_seed_demo_covers_the_kreise_of_the_land(tmp_path, capsys, kreise):
    store = _seed_demo(tmp_path, with_kreise=True)
    assert "Hinweis" not in capsys.readouterr().out
    values = store.observations(PER_KREIS)
    assert set(values["region_key"]) == {*kreise.keys, "03", "DG"}
    store.engine.dispose()


def test_manage_seed_demo_without_a_kreise_file_says_so_and_seeds_the_home_kreis(tmp_path, capsys):
    store = _seed_demo(tmp_path, with_kreise=False)
    out = capsys.readouterr().out
    assert "Hinweis: Kreisdatei" in out and "kreise_03.geojson fehlt" in out and "nur für den eigenen Kreis" in out
    assert set(store.observations(PER_KREIS)["region_key"]) == {KREIS, "03", "DG"}
    assert store.years("bevoelkerung", GEMEINDEN) == list(demo.YEARS)
    store.engine.dispose()


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


def test_reseeding_replaces_instead_of_duplicating(store, boundaries, kreise):
    before = store.observation_count()
    demo.seed(store, boundaries, kreise)
    assert store.observation_count() == before
    assert store.has_demo_data()
    demo.seed(store, boundaries)  # the Kreise file gone: the other Kreise's values go too
    assert store.observation_count() == before - (len(kreise.keys) - 1) * len(demo.YEARS)


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
