"""Shared fixtures: boundaries, a seeded temporary SQLite store, an app on that store."""

from __future__ import annotations

import os
import sys
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from config import Settings, normalise_database_url  # noqa: E402
from data_access import demo  # noqa: E402
from data_access.geodata import Boundaries, load_boundaries, load_land_kreise  # noqa: E402
from data_access.regions import Scope, base_regions  # noqa: E402
from data_access.store import Store  # noqa: E402

KREIS = "03453"
GEMEINDEN = [f"03453{i:03d}" for i in range(1, 14)]
SCOPE = Scope(KREIS)
SAMPLES = ROOT.parent / "shared" / "samples"


@pytest.fixture(scope="session")
def boundaries() -> Boundaries:
    return load_boundaries(ROOT / "geodata" / f"gemeinden_{KREIS}.geojson")


@pytest.fixture(scope="session")
def seeded_db(tmp_path_factory, boundaries) -> str:
    """One demo-seeded SQLite file per session, the Land's Kreise included; tests that write get their own copy."""
    path = tmp_path_factory.mktemp("db") / "demo.sqlite"
    store = Store(f"sqlite:///{path}")
    store.init_schema(base_regions(boundaries))
    demo.seed(store, boundaries, load_land_kreise(ROOT / "geodata" / "kreise_03.geojson"))
    store.engine.dispose()
    return str(path)


@pytest.fixture
def store(tmp_path, seeded_db) -> Store:
    """A private copy of the seeded store."""
    target = tmp_path / "store.sqlite"
    target.write_bytes(Path(seeded_db).read_bytes())
    return Store(f"sqlite:///{target}")


TEST_DATABASE = os.environ.get("BILDUNGSMONITOR_TEST_DATABASE_URL", "")


def fresh_store(folder: Path, name: str, regions: list | None = None) -> Store:
    """A new empty store: a SQLite file in ``folder``, or, with BILDUNGSMONITOR_TEST_DATABASE_URL,
    a schema of its own in that PostgreSQL database (so stores of one test session never meet)."""
    if not TEST_DATABASE:
        store = Store(f"sqlite:///{folder / f'{name}.sqlite'}")
    else:
        url = normalise_database_url(TEST_DATABASE)
        schema = f"t_{uuid.uuid4().hex[:16]}"
        engine = create_engine(url)
        with engine.begin() as connection:
            connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
        engine.dispose()
        store = Store(url + ("&" if "?" in url else "?") + f"options=-csearch_path%3D{schema}")
        store.test_schema = schema  # type: ignore[attr-defined]
    store.init_schema(regions or [])
    return store


def drop_store(store: Store) -> None:
    """Close a store from :func:`fresh_store`; a PostgreSQL schema is dropped with everything in it."""
    store.engine.dispose()
    schema = getattr(store, "test_schema", None)
    if schema:
        engine = create_engine(normalise_database_url(TEST_DATABASE))
        with engine.begin() as connection:
            connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        engine.dispose()


@pytest.fixture
def empty_store(tmp_path, boundaries) -> Store:
    """A store without values (schema, catalogue and the Kreis's regions only); PostgreSQL when
    BILDUNGSMONITOR_TEST_DATABASE_URL is set, else a temporary SQLite file."""
    store = fresh_store(tmp_path, "empty", base_regions(boundaries))
    yield store
    drop_store(store)


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(
        database_url=f"sqlite:///{tmp_path / 'app.sqlite'}", kreis=KREIS, instance_dir=tmp_path / "instance"
    )


@pytest.fixture
def app(settings, store):
    from app import create_app

    return create_app(settings, store)
