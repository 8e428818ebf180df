"""The store on a temporary SQLite file (or PostgreSQL): schema, constraints, honest aggregation, caching."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from data_access import catalogue, derive
from data_access.aggregate import aggregate
from data_access.importing import import_bytes
from data_access.models import Cell, ImportBatch, Indicator, IndicatorValue, Series
from data_access.store import Store, bump_data_version
from tests.conftest import GEMEINDEN, KREIS, SCOPE


def _template(store: Store, *rows: str, name: str = "eigene.csv"):
    text = "indicator;region;period;value;flag;note\n" + "\n".join(rows) + "\n"
    return import_bytes(store, text.encode("utf-8"), name, SCOPE)


def test_init_schema_loads_the_whole_catalogue(empty_store):
    with empty_store.sessions() as session:
        ids = set(session.scalars(select(Indicator.id)))
    assert ids == {spec.id for spec in catalogue.INDICATORS}
    assert len(ids) == 37
    empty_store.init_schema()  # idempotent


def test_the_database_refuses_a_value_together_with_a_no_value_sign(empty_store):
    with empty_store.sessions.begin() as session:
        period = Store.period_id(session, "Jahr", dt.date(2024, 12, 31), "2024", 2024)
    for sign in (".", "...", "/", "x"):
        with pytest.raises(IntegrityError), empty_store.sessions.begin() as session:
            session.add(
                IndicatorValue(
                    indicator_id="vhs_kurse", region_key=KREIS, period_id=period, value=3.0, sign=sign, method="own"
                )
            )
    with empty_store.sessions.begin() as session:  # "-" with 0 and "()" as quality are fine
        session.add(
            IndicatorValue(
                indicator_id="vhs_kurse", region_key=KREIS, period_id=period, value=0.0, sign="-", method="own"
            )
        )


def test_the_cells_table_refuses_a_value_with_a_secret_sign_too(empty_store):
    _template(empty_store, "vhs_kurse;03453004;2024;12;;")
    with empty_store.sessions() as session:
        cell = session.scalars(select(Cell)).one()
        cell_id = cell.id
    with pytest.raises(IntegrityError), empty_store.sessions.begin() as session:
        session.get(Cell, cell_id).sign = "."


def test_a_ratio_kreis_value_is_sum_over_sum_not_a_mean_of_rates():
    # Barßel 90 of 100 children, Bösel 10 of 900: mean of rates 50 %, Σ/Σ 10 %.
    spec = catalogue.indicator("betreuungsquote_u3")
    values = pd.DataFrame(
        {
            "region_key": ["03453001", "03453002"],
            "period_id": [1, 1],
            "value": [90.0, 100 * 10 / 900],
            "numerator": [90.0, 10.0],
            "denominator": [100.0, 900.0],
            "sign": [None, None],
            "stand": [None, None],
            "source": ["LK:betreuungsquote_u3"] * 2,
            "basis": [None, None],
        }
    )
    kreis = derive.kreis_from_parts(values, spec, KREIS, ["03453001", "03453002"]).iloc[0]
    assert kreis["value"] == pytest.approx(10.0) and kreis["method"] == "parts"
    suppressed = values.assign(sign=[None, "."], value=[90.0, None], numerator=[90.0, None], denominator=[100.0, None])
    assert derive.kreis_from_parts(suppressed, spec, KREIS, ["03453001", "03453002"]).empty
    assert derive.kreis_from_parts(values.iloc[:1], spec, KREIS, ["03453001", "03453002"]).empty


def test_special_signs_are_kept_and_never_become_zero(empty_store):
    _template(empty_store, "vhs_kurse;03453001;2024;;.;geheim", "vhs_kurse;03453002;2024;7;;")
    values = empty_store.gemeinde_values("vhs_kurse", 2024, ["03453001", "03453002", "03453003"])
    assert values["sign"].tolist() == [".", None, None]
    assert pd.isna(values["value"].iloc[0]) and values["value"].iloc[1] == 7.0 and pd.isna(values["value"].iloc[2])
    # A count Kreis from incomplete Gemeinden is not computable: no "sum of the visible cells".
    kreis = empty_store.reference_values("vhs_kurse", 2024, KREIS, "LK", GEMEINDEN)[0]
    assert kreis.value is None


def test_own_counts_for_every_gemeinde_give_a_kreis_sum_marked_as_computed(empty_store):
    rows = [f"vhs_kurse;{key};2024;{10 + i};;" for i, key in enumerate(GEMEINDEN)]
    _template(empty_store, *rows)
    frame = empty_store.observations("vhs_kurse")
    kreis = frame[frame["region_key"] == KREIS].iloc[0]
    assert kreis["value"] == sum(10 + i for i in range(13)) and kreis["method"] == "parts"


def test_every_write_advances_the_data_version_and_invalidates_the_cache(empty_store):
    _template(empty_store, "vhs_kurse;03453001;2024;1;;", name="a.csv")
    version = empty_store.data_version()
    first = empty_store.observations("vhs_kurse")
    _template(empty_store, "vhs_kurse;03453001;2024;2;;", name="b.csv")
    assert empty_store.data_version() > version
    again = empty_store.observations("vhs_kurse")
    assert again is not first
    assert again.loc[again["region_key"] == "03453001", "value"].tolist() == [2.0]


def test_the_data_version_never_goes_back_after_a_removal(empty_store, boundaries):
    from data_access import demo

    demo.seed(empty_store, boundaries)
    seeded = empty_store.data_version()
    empty_store.remove_demo()
    removed = empty_store.data_version()
    demo.seed(empty_store, boundaries)
    assert seeded < removed < empty_store.data_version()
    with empty_store.sessions.begin() as session:
        assert bump_data_version(session) == empty_store.data_version() + 1


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


def test_unknown_indicator_and_series_are_refused(store):
    with pytest.raises(KeyError):
        store.observations("gibt_es_nicht")
    with pytest.raises(KeyError):
        store.observations("s-0000000000")


def test_an_own_series_of_unknown_name_is_a_base_series(empty_store):
    _template(empty_store, "Sprachkurse Kita;03453004;2024;12;;")
    series = empty_store.series_rows()
    assert [s.stem for s in series] == ["LK:Sprachkurse Kita"]
    assert empty_store.spec(series[0].code).name.endswith("Sprachkurse Kita")
    assert empty_store.observations(series[0].code)["value"].tolist() == [12.0]


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
    assert aggregate(rows, "none", 1.0, expected=2) is None
    with pytest.raises(ValueError):
        aggregate(rows, "mean", 1.0, expected=2)


def test_a_legacy_store_is_rebuilt(tmp_path, boundaries):
    from sqlalchemy import create_engine, text

    url = f"sqlite:///{tmp_path / 'alt.sqlite'}"
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE observations (id INTEGER PRIMARY KEY, value FLOAT)"))
        conn.execute(text("CREATE TABLE regions (key VARCHAR(12) PRIMARY KEY, name VARCHAR(120))"))
    store = Store(url)
    from data_access.regions import base_regions

    store.init_schema(base_regions(boundaries))
    assert store.regions()["key"].tolist()[:2] == ["03", "03453"]
    with store.sessions() as session:
        assert session.scalars(select(ImportBatch)).all() == []
        assert session.scalars(select(Series)).all() == []


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


def test_a_database_file_replaced_while_running_is_read_afresh(tmp_path, boundaries):
    """A restore by ``mv`` swaps the file under the open pool: the next read sees the restored data."""
    from data_access import demo
    from data_access.regions import base_regions

    live, backup = tmp_path / "live.sqlite", tmp_path / "backup.sqlite"
    before = Store(f"sqlite:///{backup}")
    before.init_schema(base_regions(boundaries))
    demo.seed(before, boundaries)
    before.engine.dispose()
    store = Store(f"sqlite:///{live}")
    store.init_schema(base_regions(boundaries))
    _template(store, "vhs_kurse;03453004;2024;12;;")
    assert store.observations("vhs_kurse")["kind"].tolist() == ["import"]
    backup.replace(live)  # the restore
    assert set(store.observations("vhs_kurse")["kind"]) == {"demo"}


def test_a_deleted_database_file_is_reported_not_recreated_empty(tmp_path, boundaries):
    from data_access.regions import base_regions
    from data_access.store import StoreFileMissing

    path = tmp_path / "weg.sqlite"
    store = Store(f"sqlite:///{path}")
    store.init_schema(base_regions(boundaries))
    assert store.data_version() == 0
    path.unlink()
    with pytest.raises(StoreFileMissing, match="fehlt"):
        store.observations("vhs_kurse")
    assert not path.exists()
