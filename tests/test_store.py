"""The store on a temporary SQLite file: schema, writes, honest aggregation, caching."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from sqlalchemy.exc import IntegrityError

from data_access import catalogue
from data_access.aggregate import aggregate
from data_access.store import ObservationRow, RegionRow, Store
from tests.conftest import GEMEINDEN, KREIS

REGIONS = [
    RegionRow("DG", "Deutschland", "Bund"),
    RegionRow("03", "Niedersachsen", "Land", "DG"),
    RegionRow(KREIS, "Landkreis Cloppenburg", "Kreis", "03"),
    RegionRow("03453001", "Barßel", "Gemeinde", KREIS),
    RegionRow("03453002", "Bösel", "Gemeinde", KREIS),
]
DAY = dt.date(2024, 3, 1)


def _write(store: Store, *rows: ObservationRow, regions: list[RegionRow] = REGIONS, name: str = "t.csv") -> int:
    """One import batch of Betreuungsquote rows; regions are (re)written with it."""
    return store.write_batch(kind="import", source_file=name, checksum=name, regions=regions, rows=list(rows))


def _row(key: str, value: float | None, num: float | None = None, den: float | None = None, sign: str | None = None):
    return ObservationRow("betreuungsquote_u3", key, DAY, "01.03.2024", value, num, den, sign)


def test_init_schema_loads_the_whole_catalogue(empty_store):
    with empty_store.sessions() as session:
        from data_access.models import Indicator

        ids = {i.id for i in session.query(Indicator)}
    assert ids == {spec.id for spec in catalogue.INDICATORS}
    empty_store.init_schema()  # idempotent


def test_a_ratio_kreis_value_is_sum_over_sum_not_a_mean_of_rates(empty_store):
    # Barßel 90 of 100 children, Bösel 10 of 900: mean of rates 50 %, Σ/Σ 10 %.
    _write(empty_store, _row("03453001", 90.0, 90, 100), _row("03453002", 100 * 10 / 900, 10, 900))
    refs = empty_store.reference_values("betreuungsquote_u3", 2024, KREIS, "LK", ["03453001", "03453002"])
    kreis = refs[0]
    assert kreis.level == "Kreis" and kreis.derived
    assert kreis.value == pytest.approx(10.0)
    assert refs[1].value is None and refs[2].value is None


def test_a_suppressed_gemeinde_makes_the_kreis_value_not_computable(empty_store):
    _write(empty_store, _row("03453001", 90.0, 90, 100), _row("03453002", None, sign="."))
    refs = empty_store.reference_values("betreuungsquote_u3", 2024, KREIS, "LK", ["03453001", "03453002"])
    assert refs[0].value is None and not refs[0].derived


def test_a_published_kreis_value_wins_over_the_computed_one(empty_store):
    _write(
        empty_store, _row("03453001", 90.0, 90, 100), _row("03453002", None, sign="."), _row(KREIS, 20.6, 1072, 5214)
    )
    kreis = empty_store.reference_values("betreuungsquote_u3", 2024, KREIS, "LK", ["03453001", "03453002"])[0]
    assert kreis.value == pytest.approx(20.6) and not kreis.derived


def test_special_signs_are_kept_and_never_become_zero(empty_store):
    _write(empty_store, _row("03453001", None, sign="."))
    values = empty_store.gemeinde_values("betreuungsquote_u3", 2024, ["03453001", "03453002"])
    assert values["sign"].tolist() == [".", None]
    assert values["value"].isna().all()


def test_a_failing_batch_leaves_the_store_unchanged(empty_store):
    _write(empty_store, _row("03453001", 1.0, 1, 100), name="a.csv")
    before = empty_store.data_version()
    with pytest.raises(IntegrityError):  # 99999999 is no known region: the whole batch must roll back
        _write(empty_store, _row("03453002", 2.0, 2, 100), _row("99999999", 3.0, 3, 100), regions=[], name="b.csv")
    assert empty_store.observation_count() == 1
    assert empty_store.data_version() == before


def test_a_new_batch_replaces_the_same_cell_and_invalidates_the_cache(empty_store):
    _write(empty_store, _row("03453001", 1.0, 1, 100), name="a.csv")
    assert empty_store.gemeinde_values("betreuungsquote_u3", 2024, ["03453001"])["value"].tolist() == [1.0]
    _write(empty_store, _row("03453001", 2.0, 2, 100), regions=[], name="b.csv")
    assert empty_store.observation_count() == 1
    assert empty_store.gemeinde_values("betreuungsquote_u3", 2024, ["03453001"])["value"].tolist() == [2.0]


def test_observations_are_cached_per_data_version(store, monkeypatch):
    first = store.observations("betreuungsquote_u3")
    calls = []
    monkeypatch.setattr(store, "sessions", _counting(store.sessions, calls))
    again = store.observations("betreuungsquote_u3")
    assert again is first
    assert len(calls) == 1  # only the version lookup, no observation query


def _counting(factory, calls):
    def wrapped(*args, **kwargs):
        calls.append(1)
        return factory(*args, **kwargs)

    return wrapped


def test_unknown_indicator_is_refused(store):
    with pytest.raises(KeyError):
        store.observations("gibt_es_nicht")


def test_timeseries_and_years_cover_the_demo_decade(store):
    assert store.years("betreuungsquote_u3", GEMEINDEN) == list(range(2015, 2025))
    series = store.timeseries("betreuungsquote_u3", ["03453004", "03"])
    assert set(series["region_key"]) == {"03453004", "03"}
    assert len(series) == 20


def test_aggregate_sum_and_incomplete_rows():
    rows = pd.DataFrame({"value": [1.0, 2.0], "numerator": [1.0, 2.0], "denominator": [10.0, 10.0]})
    assert aggregate(rows, "sum", 1.0, expected=2) == 3.0
    assert aggregate(rows, "ratio", 100.0, expected=2) == pytest.approx(15.0)
    assert aggregate(rows, "ratio", 100.0, expected=3) is None
    with pytest.raises(ValueError):
        aggregate(rows, "mean", 1.0, expected=2)


def test_database_url_from_environment_switches_to_psycopg():
    from config import Settings

    settings = Settings.from_env({"DATABASE_URL": "postgresql://u:p@127.0.0.1/bm"})
    assert settings.database_url == "postgresql+psycopg://u:p@127.0.0.1/bm"
    assert Settings.from_env({}).database_url.startswith("sqlite:///")
    store = Store("sqlite://")
    assert store.engine.dialect.name == "sqlite"


def test_an_invalid_kreis_key_is_refused_in_german():
    from config import Settings

    with pytest.raises(ValueError, match="Kreisschlüssel"):
        Settings(kreis="3453")
