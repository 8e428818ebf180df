"""Shared fixtures: boundaries, a seeded temporary SQLite store, an app on that store."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from config import Settings, normalise_database_url  # noqa: E402
from data_access import demo  # noqa: E402
from data_access.geodata import Boundaries, load_boundaries  # noqa: E402
from data_access.models import Base  # noqa: E402
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
    """One demo-seeded SQLite file per session; tests that write get their own copy."""
    path = tmp_path_factory.mktemp("db") / "demo.sqlite"
    store = Store(f"sqlite:///{path}")
    store.init_schema(base_regions(boundaries))
    demo.seed(store, boundaries)
    store.engine.dispose()
    return str(path)


@pytest.fixture
def store(tmp_path, seeded_db) -> Store:
    """A private copy of the seeded store."""
    target = tmp_path / "store.sqlite"
    target.write_bytes(Path(seeded_db).read_bytes())
    return Store(f"sqlite:///{target}")


@pytest.fixture
def empty_store(tmp_path, boundaries) -> Store:
    """A store without values (schema, catalogue and the Kreis's regions only): a temporary SQLite
    file, or the database in BILDUNGSMONITOR_TEST_DATABASE_URL.

    The variable lets the same tests run against PostgreSQL; that database is emptied first.
    """
    url = os.environ.get("BILDUNGSMONITOR_TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'empty.sqlite'}"
    store = Store(normalise_database_url(url))
    Base.metadata.drop_all(store.engine)
    store.init_schema(base_regions(boundaries))
    yield store
    store.engine.dispose()


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(
        database_url=f"sqlite:///{tmp_path / 'app.sqlite'}", kreis=KREIS, instance_dir=tmp_path / "instance"
    )


@pytest.fixture
def app(settings, store):
    from app import create_app

    return create_app(settings, store)
