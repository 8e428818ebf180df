"""Backup and restore: a round trip keeps every row of every table, across SQLite and PostgreSQL alike."""

from __future__ import annotations

import zipfile

import pytest
from sqlalchemy import select

from data_access import demo
from data_access.backup import BackupError, create_backup, restore_backup
from data_access.importing import import_bytes
from data_access.models import Base, StoreMeta
from data_access.regions import base_regions
from tests import fixtures
from tests.conftest import SCOPE, drop_store, fresh_store


def _content(store) -> dict[str, list[tuple]]:
    """Every row of every table (but the data version), sorted: what a round trip must keep."""
    out = {}
    with store.sessions() as session:
        for table in Base.metadata.sorted_tables:
            if table.name == StoreMeta.__tablename__:
                continue
            rows = session.execute(select(table)).all()
            out[table.name] = sorted(tuple(str(v) for v in row) for row in rows)
    return out


@pytest.fixture
def full_store(empty_store, boundaries):
    """Demo data, two imports (one a newer vintage, so the history holds a row) and a user."""
    import security

    demo.seed(empty_store, boundaries)
    import_bytes(empty_store, fixtures.mean_age().encode(), "alt.csv", SCOPE)
    newer = fixtures.mean_age(kreis=40.6, stand="31.01.2018 / 09:00:00")
    import_bytes(empty_store, newer.encode(), "neu.csv", SCOPE)
    security.create_user(empty_store, "admin", "ein langes Passwort", admin=True)
    return empty_store


def test_a_backup_restores_every_row_into_a_new_store(full_store, tmp_path, boundaries):
    path = tmp_path / "sicherung.zip"
    counts = create_backup(full_store, path)
    assert counts["cell_history"] == 3 and counts["users"] == 1 and counts["indicator_values"] > 5000
    target = fresh_store(tmp_path, "ziel", base_regions(boundaries))
    try:
        restore_backup(target, path)
        restored, original = _content(target), _content(full_store)
        added = set(restored.pop("audit_log")) - set(original["audit_log"])  # the restore logs itself on top
        assert [row[3:5] for row in added] == [("restore", "sicherung.zip")]
        assert set(original.pop("audit_log")) < set(_content(target)["audit_log"])
        assert restored == original
        assert target.data_version() > full_store.data_version()  # restored caches are stale everywhere
        frame = target.observations("durchschnittsalter")
        assert frame.loc[frame["region_key"] == "03453", "value"].tolist() == [40.6]
    finally:
        drop_store(target)


def test_a_restore_while_the_app_runs_is_seen_at_once(full_store, tmp_path):
    path = tmp_path / "sicherung.zip"
    create_backup(full_store, path)
    before = full_store.observations("durchschnittsalter")
    import_bytes(full_store, fixtures.mean_age(kreis=41.0, stand="01.06.2019 / 09:00:00").encode(), "x.csv", SCOPE)
    assert full_store.observations("durchschnittsalter") is not before
    version = full_store.data_version()
    restore_backup(full_store, path)
    assert full_store.data_version() > version  # never goes back: every process drops its cache
    frame = full_store.observations("durchschnittsalter")
    assert frame.loc[frame["region_key"] == "03453", "value"].tolist() == [40.6]


def test_a_broken_backup_is_refused_and_changes_nothing(full_store, tmp_path):
    path = tmp_path / "sicherung.zip"
    create_backup(full_store, path)
    before = _content(full_store)
    broken = tmp_path / "kaputt.zip"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            if item.filename != "cells.jsonl":
                target.writestr(item, source.read(item))
    for bad in (broken, tmp_path / "fehlt.zip"):
        with pytest.raises(BackupError):
            restore_backup(full_store, bad)
    (tmp_path / "text.zip").write_text("keine Sicherung")
    with pytest.raises(BackupError, match="keine lesbare Sicherung"):
        restore_backup(full_store, tmp_path / "text.zip")
    assert _content(full_store) == before


def test_backup_and_restore_from_the_command_line(tmp_path, boundaries):
    import os
    import subprocess
    import sys

    from data_access.store import Store
    from tests.conftest import ROOT

    database = tmp_path / "bm.sqlite"
    store = Store(f"sqlite:///{database}")
    store.init_schema(base_regions(boundaries))
    import_bytes(store, fixtures.mean_age().encode(), "alter.csv", SCOPE)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "BILDUNGSMONITOR_KREIS": "03453"}

    def manage(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)

    saved = manage("backup", str(tmp_path / "s.zip"))
    assert saved.returncode == 0 and "Sicherung" in saved.stdout
    import_bytes(store, fixtures.mean_age(kreis=41.0, stand="01.06.2019 / 09:00:00").encode(), "neu.csv", SCOPE)
    restored = manage("restore", str(tmp_path / "s.zip"))
    assert restored.returncode == 0 and "Wiederhergestellt" in restored.stdout
    frame = store.observations("durchschnittsalter")
    assert frame.loc[frame["region_key"] == "03453", "value"].tolist() == [40.5]
    refused = manage("restore", str(tmp_path / "fehlt.zip"))
    assert refused.returncode == 2 and refused.stderr.startswith("Fehler:")
