"""The data API through the Flask test client: listing, filters, CSV, errors as JSON, never a 500."""

from __future__ import annotations

import csv
import io

import pytest

from data_access import catalogue
from data_access.importing import import_bytes
from tests import fixtures
from tests.conftest import KREIS, SCOPE


@pytest.fixture
def client(app):
    return app.server.test_client()


@pytest.fixture
def imported(settings, empty_store):
    """An app over a store with the population, Kita and mean-age fixtures imported."""
    from app import create_app

    for name, text in (
        ("12411-02-03-5.csv", fixtures.population_age_groups()),
        ("22543-01-02-4.csv", fixtures.kita()),
        ("12411-07-01-5.csv", fixtures.mean_age()),
    ):
        import_bytes(empty_store, text.encode("utf-8"), name, SCOPE)
    return create_app(settings, empty_store).server.test_client()


def test_every_catalogue_indicator_is_listed_with_demo_observations(client):
    rows = client.get("/api/v1/indicators").get_json()
    listed = {r["id"]: r for r in rows if r["kind"] == "indicator"}
    assert set(listed) == {spec.id for spec in catalogue.INDICATORS}
    assert len(listed) == 37
    first = listed["betreuungsquote_u3"]
    assert set(first) >= {"id", "kind", "theme", "name", "unit", "definition", "source", "polarity", "level", "years"}
    for spec in catalogue.INDICATORS:
        assert listed[spec.id]["years"], spec.id
        obs = client.get(f"/api/v1/observations?indicator={spec.id}&region={KREIS}").get_json()
        assert obs and all(o["demo"] for o in obs), spec.id
        assert all(o["source"] == "Demodaten (synthetisch)" for o in obs)


def test_observations_carry_provenance_of_real_values(imported):
    rows = imported.get(f"/api/v1/observations?indicator=betreuungsquote_u3&region={KREIS}&year=2016").get_json()
    assert len(rows) == 1
    row = rows[0]
    assert round(row["value"], 1) == 20.6
    assert row["computed"] is True and row["demo"] is False and row["flag"] is None
    assert row["stand"] == "2017-10-10T18:21:55"  # the later of the two tables' Stand
    assert "22543-01-02-4" in row["source"] and "12411-02-03-5" in row["source"]
    assert row["period"] == "01.03.2016" and row["year"] == 2016


def test_base_series_of_every_import_are_listed_and_queryable(imported):
    series = [r for r in imported.get("/api/v1/indicators").get_json() if r["kind"] == "series"]
    names = {r["name"] for r in series}
    assert "12411-07-01-5 · Durchschnittsalter der Bevölkerung · weiblich" in names
    assert any(n.startswith("22543-01-02-4 · ") for n in names)
    weiblich = next(r for r in series if r["name"].endswith("Bevölkerung · weiblich"))
    rows = imported.get(f"/api/v1/observations?indicator={weiblich['id']}&region=03453012").get_json()
    assert [r["value"] for r in rows] == [37.7]
    assert rows[0]["file"] == "12411-07-01-5.csv" and rows[0]["line"] == 23  # provenance down to the line


def test_region_keys_are_normalised_in_the_query(imported):
    by_ags = imported.get("/api/v1/observations?indicator=durchschnittsalter&region=03453012").get_json()
    by_ars = imported.get("/api/v1/observations?indicator=durchschnittsalter&region=034530012012").get_json()
    assert by_ags == by_ars and len(by_ags) == 1


def test_csv_format(client):
    response = client.get(f"/api/v1/observations?indicator=bevoelkerung&region={KREIS}&format=csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == 10 and rows[0]["indicator"] == "bevoelkerung" and rows[0]["demo"] == "True"
    regions = client.get("/api/v1/regions?format=csv").get_data(as_text=True)
    assert regions.splitlines()[0] == "key,name,level,parent,valid_from,valid_to,successor"


def test_formula_like_labels_are_neutralised_in_csv(settings, empty_store):
    from app import create_app

    text = "indicator;region;period;value;flag;note\n=HYPERLINK(1);03453004;2024;12;;\n"
    import_bytes(empty_store, text.encode(), "eigene.csv", SCOPE)
    client = create_app(settings, empty_store).server.test_client()
    body = client.get("/api/v1/indicators?format=csv").get_data(as_text=True)
    assert "'=HYPERLINK(1)" in body
    assert ",=HYPERLINK" not in body


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("", 400),
        ("?indicator=", 400),
        ("?indicator=gibt_es_nicht", 404),
        ("?indicator=s-0000000000", 404),
        ("?indicator=bevoelkerung&region=XYZ", 400),
        ("?indicator=bevoelkerung&region=01001", 404),
        ("?indicator=bevoelkerung&year=20x4", 400),
        ("?indicator=bevoelkerung&year=99999", 400),
        ("?indicator=bevoelkerung&format=xml", 400),
        ("?indicator=%00%ff", 404),
        ("?indicator=" + "a" * 5000, 404),
    ],
)
def test_bad_requests_get_json_errors_never_500(client, query, status):
    response = client.get("/api/v1/observations" + query)
    assert response.status_code == status
    assert response.is_json and response.get_json()["error"]


def test_unknown_api_path_and_method_answer_json(client):
    assert client.get("/api/v1/nichts").status_code == 404
    response = client.post("/api/v1/indicators")
    assert response.status_code == 405 and response.is_json
