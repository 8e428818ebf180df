"""The real official files in ../shared/samples/, imported and read back through the API.

The files are read where they lie (never copied into the project); without the
folder these tests are skipped. The expected figures are the published ones.
"""

from __future__ import annotations

import pytest

from config import Settings
from data_access.importing import import_bytes
from data_access.regions import Scope, base_regions
from tests.conftest import KREIS, SAMPLES, SCOPE, drop_store, fresh_store

pytestmark = pytest.mark.skipif(not SAMPLES.exists(), reason="../shared/samples/ is not present")

FILES = sorted(p.relative_to(SAMPLES).as_posix() for p in SAMPLES.glob("*/*") if p.suffix in (".csv", ".zip"))


@pytest.fixture(scope="module")
def client(tmp_path_factory, boundaries):
    """An app over a store into which every sample file was imported once."""
    from app import create_app

    folder = tmp_path_factory.mktemp("samples")
    store = fresh_store(folder, "samples", base_regions(boundaries))
    settings = Settings(
        database_url=store.engine.url.render_as_string(hide_password=False), kreis=KREIS, instance_dir=folder
    )
    for name in FILES:
        import_bytes(store, (SAMPLES / name).read_bytes(), name.split("/")[-1], SCOPE)
    yield create_app(settings, store).server.test_client()
    drop_store(store)


def _get(client, path: str) -> list[dict]:
    response = client.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def _series(client, table: str, name_end: str) -> str:
    found = [
        row["id"]
        for row in _get(client, "/api/v1/indicators")
        if row["kind"] == "series" and row["name"].startswith(table) and row["name"].endswith(name_end)
    ]
    assert len(found) == 1, found
    return found[0]


def _one(client, indicator: str, region: str, year: int) -> dict:
    rows = _get(client, f"/api/v1/observations?indicator={indicator}&region={region}&year={year}")
    assert len(rows) == 1, rows
    return rows[0]


@pytest.mark.parametrize("name", FILES)
def test_every_sample_file_imports(empty_store, name):
    store = empty_store
    summary = import_bytes(store, (SAMPLES / name).read_bytes(), name.split("/")[-1], SCOPE)
    table = summary.tables[0]
    assert table.values_read > 0 and table.series > 0
    assert table.new > 0 or table.rows_outside > 0


def test_school_leavers_2015_without_hauptschulabschluss_and_with_abitur(client):
    without = _one(client, "anteil_abgaenger_ohne_hsa", KREIS, 2015)
    assert (without["numerator"], without["denominator"]) == (86, 2113)
    assert round(without["value"], 1) == 4.1 and without["computed"] and not without["demo"]
    assert without["stand"] == "2017-10-10T16:24:41" and without["period"] == "Schuljahr 2014/15"
    abitur = _one(client, "anteil_abgaenger_abitur", KREIS, 2015)
    assert (abitur["numerator"], round(abitur["value"], 1)) == (442, 20.9)


def test_mean_age_of_the_kreis_and_two_gemeinden(client):
    assert _one(client, "durchschnittsalter", KREIS, 2015)["value"] == 40.5
    assert _one(client, "durchschnittsalter", "03453012", 2015)["value"] == 37.7  # Molbergen
    barssel = _one(client, "durchschnittsalter", "03453001", 2015)
    assert barssel["value"] == 42.9 and barssel["region_name"] == "Barßel"
    assert barssel["computed"] is False and barssel["basis"] == "Basis Zensus 2011"


def test_the_dash_cells_of_the_mean_age_table_are_not_zero_years(empty_store, settings):
    from app import create_app

    data = (SAMPLES / "genesis" / "12411-07-01-5_00.csv").read_bytes()
    summary = import_bytes(empty_store, data, "12411-07-01-5_00.csv", Scope(KREIS, everything=True))
    assert summary.tables[0].signs["-"] == 3 * 2733  # three columns
    client = create_app(settings, empty_store).server.test_client()
    code = _series(client, "12411-07-01-5", "Durchschnittsalter der Bevölkerung")
    rows = _get(client, f"/api/v1/observations?indicator={code}")
    dashes = [r for r in rows if r["flag"] == "-"]
    # 2 733 rows carry "-"; 462 of them are ghosts of Gemeinden under their former Samtgemeinde's key
    # (Dahlum: 03158405007 "-" and 03158407007 48,1 are both AGS 03158007) and give way to the row with a value.
    assert len(dashes) == 2733 - 462
    assert all(r["value"] is None for r in dashes)  # no value, never 0 years
    assert sum(r["value"] == 0 for r in rows) == 45  # the 45 rows of "0,0" (uninhabited areas), not the dashes
    assert next(r for r in rows if r["region"] == "03158007")["value"] == 48.1  # Dahlum


def test_unemployed_of_the_kreis_2016_is_the_published_row_not_the_sum(client):
    series = _series(client, "13211-01-03-5", "Arbeitslose insgesamt")
    kreis = _one(client, series, KREIS, 2016)
    assert kreis["value"] == 4731 and kreis["period"] == "Jahresdurchschnitt 2016"
    rows = _get(client, f"/api/v1/observations?indicator={series}&year=2016")
    gemeinden = [r["value"] for r in rows if r["region"].startswith(KREIS) and len(r["region"]) == 8]
    assert len(gemeinden) == 13 and sum(gemeinden) == 4732


def test_leavers_of_vocational_schools_2023(client):
    series = _series(client, "21121-02-02-4", "Absolvierende/Abgehende · Geschlecht · Insgesamt")
    assert _one(client, series, KREIS, 2023)["value"] == 1006
    assert _one(client, "nachgeholte_schulabschluesse", KREIS, 2023)["value"] == 153 + 356


def test_settlement_area_share_2023_from_the_ffcsv_sample(client):
    series = [
        row
        for row in _get(client, "/api/v1/indicators")
        if row["kind"] == "series" and "AI-N-01-2-5" in row["name"] and "Siedlungs- und Verkehrsfläche" in row["name"]
    ]
    assert series, "no settlement-area series"
    values = {}
    for row in series:
        for obs in _get(client, f"/api/v1/observations?indicator={row['id']}&year=2023"):
            values.setdefault(row["id"], {})[obs["region"]] = obs["value"]
    shares = [v for v in values.values() if v.get("03453004") == 30.5]
    assert shares and shares[0]["03453002"] == 11.4


def test_umlauts_of_the_windows_1252_files_are_intact(client):
    names = [row["name"] for row in _get(client, "/api/v1/indicators") if row["kind"] == "series"]
    assert any("Einbürgerungen" in n for n in names)
    assert not any("Ã" in n for n in names)
    regions = {row["key"]: row["name"] for row in _get(client, "/api/v1/regions")}
    assert regions["03354"].startswith("Lüchow-Dannenberg")


def test_weser_ems_is_stored_as_a_statistical_region(client):
    regions = {row["key"]: row for row in _get(client, "/api/v1/regions")}
    assert regions["034"]["name"].startswith("Weser-Ems")
    assert regions["034"]["level"] == "Statistische Region / Regierungsbezirk"
    assert regions["034"]["parent"] == "03"


def test_a_territorial_change_names_its_successor(client):
    regions = {row["key"]: row for row in _get(client, "/api/v1/regions")}
    assert regions["03156"]["valid_to"] == "2016-10-31" and regions["03156"]["successor"] == "03159"
    assert regions["03159"]["valid_from"] == "2016-11-01" and regions["03159"]["valid_to"] is None
    assert regions["03453"]["valid_to"] is None


def test_column_footnotes_and_the_no_sum_rule_travel_with_their_series(client):
    rows = [r for r in _get(client, "/api/v1/indicators") if r["kind"] == "series"]
    fhr = next(
        r
        for r in rows
        if r["name"].startswith("21111-02-06-4") and r["name"].endswith("mit Fachhochschulreife · Insgesamt")
    )
    assert "Fachhochschulreife" in fhr["footnotes"]
    protection = [r for r in rows if r["name"].startswith("12531-0043")]
    assert protection and all("5" in r["no_sum"] for r in protection)  # AZR counts are rounded to multiples of 5
