"""Backup and restore: one consistent snapshot of every table, portable between SQLite and PostgreSQL.

A backup is a ZIP with a manifest and one JSON-lines file per table, written from
one read transaction (a snapshot: an import running at the same time is either
wholly in it or not at all). A restore replaces the whole content in one
transaction and moves the data version past both the backup's and the current
one, so every running process drops its caches and reads the restored data.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Date, DateTime, Integer, create_engine, delete, insert, select, text
from sqlalchemy.orm import Session

from data_access import audit
from data_access.models import Base, StoreMeta
from data_access.store import Store, bump_data_version

FORMAT = "bildungsmonitor-backup"
VERSION = 1
MANIFEST = "manifest.json"


class BackupError(Exception):
    """A backup file that cannot be restored; the message is German."""


def _tables() -> list:
    """Every table in dependency order (parents first); store_meta is handled by the data version."""
    return [t for t in Base.metadata.sorted_tables if t.name != StoreMeta.__tablename__]


def _plain(value: object) -> object:
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return value


@contextmanager
def _snapshot(store: Store) -> Iterator[Session]:
    """A session that reads one consistent state of the store.

    SQLite: a copy made with SQLite's own online backup (an import committing meanwhile is either
    in it or not); PostgreSQL: one REPEATABLE READ transaction.
    """
    if store.engine.dialect.name != "sqlite":
        with store.sessions() as session:
            session.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"))
            yield session
        return
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "snapshot.sqlite"
        raw = store.engine.raw_connection()
        try:
            target = sqlite3.connect(copy)
            raw.driver_connection.backup(target)
            target.close()
        finally:
            raw.close()
        engine = create_engine(f"sqlite:///{copy}")
        try:
            with Session(engine) as session:
                yield session
        finally:
            engine.dispose()


def create_backup(store: Store, path: Path) -> dict[str, int]:
    """Write a snapshot of the store to ``path``; returns the row count per table."""
    counts: dict[str, int] = {}
    buffer = io.BytesIO()
    with _snapshot(store) as session, zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        version = session.scalar(select(StoreMeta.value).where(StoreMeta.key == "data_version"))
        for table in _tables():
            lines = [
                json.dumps({k: _plain(v) for k, v in row.items()}, ensure_ascii=False)
                for row in session.execute(select(table)).mappings()
            ]
            counts[table.name] = len(lines)
            archive.writestr(f"{table.name}.jsonl", "\n".join(lines))
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "created": dt.datetime.now(dt.UTC).isoformat(),
            "data_version": int(version or 0),
            "tables": counts,
        }
        archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(buffer.getvalue())
    tmp.replace(path)  # never a half-written backup under the final name
    return counts


def _read(path: Path) -> tuple[dict, dict[str, list[dict]]]:
    try:
        archive = zipfile.ZipFile(path)
        manifest = json.loads(archive.read(MANIFEST))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as error:
        raise BackupError(
            f"{path.name} ist keine lesbare Sicherung des Bildungsmonitors ({type(error).__name__})."
        ) from error
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise BackupError(f"{path.name} ist keine Sicherung im Format {FORMAT} {VERSION}.")
    rows: dict[str, list[dict]] = {}
    for table in _tables():
        try:
            body = archive.read(f"{table.name}.jsonl").decode("utf-8")
        except KeyError as error:
            raise BackupError(f"{path.name}: die Tabelle {table.name} fehlt in der Sicherung.") from error
        rows[table.name] = [json.loads(line) for line in body.splitlines() if line]
        if len(rows[table.name]) != manifest["tables"].get(table.name):
            raise BackupError(f"{path.name}: die Tabelle {table.name} ist unvollständig.")
    return manifest, rows


def _typed(table, row: dict) -> dict:  # noqa: ANN001
    """JSON values back to the column types (dates and date-times)."""
    out = {}
    for column in table.columns:
        value = row.get(column.name)
        if value is not None and isinstance(column.type, DateTime):
            value = dt.datetime.fromisoformat(value)
        elif value is not None and isinstance(column.type, Date):
            value = dt.date.fromisoformat(value)
        out[column.name] = value
    return out


def restore_backup(store: Store, path: Path, actor: str = audit.MANAGE) -> dict[str, int]:
    """Replace the whole content of the store by the backup, in one transaction; returns the row counts.

    The audit log comes back as it was in the backup, plus one entry ``restore`` written right after
    (once PostgreSQL's id counters are past the restored ids).
    """
    manifest, rows = _read(path)
    with store.sessions.begin() as session:
        _replace(session, rows)
        current = session.scalar(select(StoreMeta.value).where(StoreMeta.key == "data_version"))
        target = max(int(current or 0), int(manifest.get("data_version") or 0))
        meta = session.get(StoreMeta, "data_version")
        if meta is None:
            session.add(StoreMeta(key="data_version", value=str(target)))
        else:
            meta.value = str(target)
        session.flush()
        bump_data_version(session)  # past both: every cache of every process is now stale
    if store.engine.dialect.name == "postgresql":
        _reset_sequences(store)
    with store.sessions.begin() as session:
        audit.record(
            session,
            actor,
            "restore",
            path.name,
            f"{sum(map(len, rows.values()))} Zeilen aus der Sicherung zurückgespielt.",
        )
    return {name: len(items) for name, items in rows.items()}


def _replace(session: Session, rows: dict[str, list[dict]]) -> None:
    tables = _tables()
    if session.get_bind().dialect.name == "postgresql":
        # One TRUNCATE of every table: deleting row by row checks each region against a million
        # cells through an unindexed foreign key (387 s for a full store); TRUNCATE is transactional here.
        names = ", ".join(f'"{table.name}"' for table in tables)
        session.execute(text(f"TRUNCATE {names}"))
    else:
        for table in reversed(tables):
            session.execute(delete(table))
    for table in tables:
        items = [_typed(table, row) for row in rows[table.name]]
        for start in range(0, len(items), 5000):
            session.execute(insert(table), items[start : start + 5000])


def _reset_sequences(store: Store) -> None:
    """PostgreSQL keeps id counters apart from the rows: move them past the restored ids."""
    with store.engine.begin() as connection:
        for table in _tables():
            column = table.columns.get("id")
            if column is not None and column.primary_key and isinstance(column.type, Integer):
                connection.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
                    )
                )
