"""The store: one SQLAlchemy engine, schema set-up, the data version and the read queries.

Read functions return pandas DataFrames and know nothing of Dash. An indicator's
(or a base series') observations are read once per data version and cached; the
filters on that frame live in ``data_access.frames``. Every write advances the
data version stored in the database, so every process sees a change at once.
Imports are written by ``data_access.importing``, demo data by ``data_access.demo``.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Generator, Hashable, Iterable
from contextvars import ContextVar, Token
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pandas as pd
from sqlalchemy import create_engine, delete, event, func, insert, inspect, select, text, update
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql import ColumnElement, Select

from data_access import audit, catalogue
from data_access.frames import ReferenceValue, clean_signs, gemeinde_values, reference_values, timeseries, years_in
from data_access.models import Base, Cell, ImportBatch, Indicator, IndicatorValue, Period, Region, Series, StoreMeta

T = TypeVar("T")
# A read-only request reads the data version once (Store.pin_version): every query of the request then
# keys on one version, and the version query is not repeated by every layer that asks.
_PINNED: ContextVar[dict[int, int] | None] = ContextVar("bildungsmonitor_pinned_version", default=None)
MEMO_SIZE = 512  # results kept per data version by Store.cached: every view of a committee evening, many times over

OBSERVATION_COLUMNS = [
    "region_key",
    "period_id",
    "period_date",
    "period_label",
    "period_type",
    "year",
    "value",
    "numerator",
    "denominator",
    "sign",
    "quality",
    "kind",
    "stand",
    "method",
    "source",
    "basis",
    "file",
    "line",
]
LEGACY_TABLES = ("observations",)  # the foundation's schema: demo data only, rebuilt on upgrade
SERIES_PREFIX = "s-"


@dataclass(frozen=True)
class RegionRow:
    key: str
    name: str
    level: str
    parent_key: str | None = None


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    # 32 MB page cache (default 2 MB): a million-cell import keeps its index pages in memory.
    cursor.execute("PRAGMA cache_size=-32768")
    cursor.close()


DB_TIMEOUT_SECONDS = 5  # connecting, one read, a lock or a pooled connection: answer or fail, never hang
SILENCE_MARGIN = 2  # seconds a silent PostgreSQL gets beyond the statement timeout: its own cancel comes first
_READS = re.compile(r"\s*(SELECT|SHOW|WITH|EXPLAIN)\b", re.IGNORECASE)


def make_engine(url: str, timeout: float = DB_TIMEOUT_SECONDS) -> Engine:
    """Create the engine with short timeouts; SQLite gets foreign keys and a folder of its own.

    A stalled database server then costs a request a few seconds and a German message, not minutes,
    and a pooled connection is tested before use, so a database that comes back is used again by itself.
    """
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        if str(path) != ":memory:":
            path.parent.mkdir(parents=True, exist_ok=True)
    if url.startswith("sqlite"):
        in_memory = url in ("sqlite://", "sqlite:///:memory:")  # a single-connection pool takes no pool_timeout
        pool = {} if in_memory else {"pool_timeout": timeout}
        engine = create_engine(url, connect_args={"timeout": timeout}, **pool)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        return create_engine(url, pool_timeout=timeout, pool_pre_ping=True)
    engine = create_engine(
        url, connect_args=postgres_connect_args(parsed, timeout), pool_timeout=timeout, pool_pre_ping=True
    )
    if parsed.get_driver_name() == "psycopg" and "statement_timeout" not in _url_options(parsed):
        connection_class = _guarded_connection_class(timeout + SILENCE_MARGIN)

        def connect(_dialect: object, _record: object, cargs: list, cparams: dict) -> object:
            return connection_class.connect(*cargs, **cparams)

        event.listen(engine, "do_connect", connect)
        event.listen(engine, "before_cursor_execute", _unbounded_writes)
    return engine


def postgres_connect_args(url: URL, timeout: float) -> dict[str, object]:
    """libpq settings that bound every wait: the handshake, one statement, a lost host.

    - ``connect_timeout`` covers the whole handshake (psycopg enforces it, also against a server that
      accepts and never answers);
    - ``statement_timeout`` lets the server cancel a statement (and its lock waits) after ``timeout``;
    - TCP keepalives and ``tcp_user_timeout`` drop a connection to a host that vanished from the network.

    A setting the URL names itself wins; the URL's ``options`` follow ours, so they win as well (an own
    ``statement_timeout`` there also turns off the engine's silence limit, which would not know it).
    """
    seconds = max(2, math.ceil(timeout))  # libpq counts whole seconds and takes at least 2
    millis = round(timeout * 1000)
    wanted: dict[str, object] = {
        "connect_timeout": seconds,
        "keepalives": 1,
        "keepalives_idle": seconds,
        "keepalives_interval": 1,
        "keepalives_count": 3,
        "tcp_user_timeout": millis,
    }
    args = {key: value for key, value in wanted.items() if key not in url.query}
    args["options"] = f"-c statement_timeout={millis} {_url_options(url)}".strip()
    return args


def _url_options(url: URL) -> str:
    given = url.query.get("options", ())
    return " ".join(given) if isinstance(given, tuple) else given


class DatabaseSilent(Exception):
    """The server sent nothing for longer than the limit while a result was due."""


def _guarded_connection_class(limit: float) -> type:
    """psycopg connections that give up on a server silent for ``limit`` seconds while a result is due.

    A server process that hangs on a live host (stopped, stuck on its disk) keeps the TCP connection
    open, so no timeout of libpq or TCP ends the wait; this closes the connection instead, and
    SQLAlchemy then discards the pool and connects afresh. psycopg waits in ``Connection.wait``,
    which nudges its generator every 0.1 s while nothing arrives; the guard counts those nudges.
    """
    import psycopg

    def until_silent(gen: Generator) -> Generator:
        quiet_since = time.monotonic()
        try:
            state = next(gen)
            while True:
                ready = yield state
                now = time.monotonic()
                if ready:
                    quiet_since = now
                elif now - quiet_since > limit:
                    raise DatabaseSilent
                state = gen.send(ready)
        except StopIteration as done:
            return done.value
        finally:
            gen.close()

    class GuardedConnection(psycopg.Connection):
        patient = False  # a transaction that writes: no limit until it ends (see _unbounded_writes)

        def wait(self, gen: Generator, *args: object, **kwargs: object) -> object:
            if self.patient:
                return super().wait(gen, *args, **kwargs)
            try:
                return super().wait(until_silent(gen), *args, **kwargs)
            except DatabaseSilent:
                self.close()  # SQLAlchemy sees a closed connection: a disconnect, the pool starts afresh
                raise psycopg.OperationalError(f"Der Datenbankserver schweigt seit {limit:g} s.") from None

        def commit(self) -> None:
            try:
                super().commit()
            finally:
                self.patient = False

        def rollback(self) -> None:
            try:
                super().rollback()
            finally:
                self.patient = False

    return GuardedConnection


def _unbounded_writes(_conn, cursor, statement: str, _parameters, _context, _executemany) -> None:  # noqa: ANN001
    """From its first write on, a transaction has no statement timeout and no silence limit.

    The limits are for reads, which a page waits for; a transaction that writes is an import, a
    restore or a set-up, whose statements may rightly run longer (a restore's DELETE of a million
    cells does). A host that vanishes is still noticed by the TCP keepalives.
    """
    connection = cursor.connection
    if getattr(connection, "patient", True) or connection.autocommit or _READS.match(statement):
        return
    cursor.execute("SET LOCAL statement_timeout = 0")  # ends with the transaction
    connection.patient = True


def bump_data_version(session: Session) -> int:
    """Advance the stored data version inside the caller's transaction; returns the new one."""
    row = session.get(StoreMeta, "data_version")
    version = (int(row.value) if row else 0) + 1
    if row:
        row.value = str(version)
    else:
        session.add(StoreMeta(key="data_version", value=str(version)))
    return version


def series_spec(row: Series) -> catalogue.IndicatorSpec:
    """An imported base series shown like an indicator ("Weitere Daten"), named by its header labels."""
    parts = json.loads(row.parts)
    count = row.dash_zero and row.unit.lower() in ("anzahl", "personen", "")
    return catalogue.IndicatorSpec(
        id=row.code,
        theme="weitere-daten",
        name=f"{row.table_code} · {' · '.join(parts)}",
        short_name=" · ".join(parts)[:80],
        unit=row.unit,
        definition=row.label,
        source=f"{row.table_title} (Tabelle {row.table_code})".strip(),
        polarity=0,
        decimals=0 if count else 1,
        level="wie in der Tabelle",
        aggregation="sum" if count and not row.no_sum and not row.subset else "none",
    )


CELL_FRAME_COLUMNS = [
    "series_id",
    "region_key",
    "period_id",
    "date",
    "period_label",
    "period_type",
    "year",
    "value",
    "sign",
    "quality",
    "stand",
    "table",
    "basis",
    "file",
    "line",
]


def cells_select() -> Select:
    """Cells with their period and provenance (columns as CELL_FRAME_COLUMNS): series frames and recipes read this."""
    return (
        select(
            Cell.series_id,
            Cell.region_key,
            Cell.period_id,
            Period.date,
            Period.label,
            Period.type,
            Period.year,
            Cell.value,
            Cell.sign,
            Cell.quality,
            ImportBatch.stand,
            ImportBatch.table_code,
            Cell.basis,
            ImportBatch.source_file,
            Cell.line,
        )
        .join(Period, Cell.period_id == Period.id)
        .join(ImportBatch, Cell.batch_id == ImportBatch.id)
    )


def cell_frame(session: Session, where: ColumnElement[bool]) -> pd.DataFrame:
    """The cells matching ``where`` as a DataFrame, values as floats (NaN for none)."""
    frame = pd.DataFrame(session.execute(cells_select().where(where)).all(), columns=CELL_FRAME_COLUMNS)
    frame["value"] = frame["value"].astype("float64")
    return frame


class StoreFileMissing(SQLAlchemyError):
    """The SQLite file was deleted while the app ran; German message, caught like any database error."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"Die Datenbankdatei {path} fehlt (gelöscht oder verschoben).")


class Store:
    """Access to one database."""

    def __init__(self, url: str) -> None:
        self.engine = make_engine(url)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._cache: dict[tuple[str, int], pd.DataFrame] = {}
        self._specs: dict[tuple[str, int], catalogue.IndicatorSpec] = {}
        self._memo: OrderedDict[tuple, object] = OrderedDict()
        self._computing: dict[tuple, threading.Lock] = {}
        self._lock = threading.Lock()
        database = self.engine.url.database
        self._file = (
            Path(database) if self.engine.dialect.name == "sqlite" and database not in (None, "", ":memory:") else None
        )
        self._file_id: tuple[int, int] | None = None

    def _check_file(self) -> None:
        """Notice a SQLite file that was replaced (a restore by ``mv``) or deleted since it was opened.

        Pooled connections keep reading the old inode, so a replaced file closes the pool (the next
        query opens the new file) and a deleted file is reported instead of silently recreated empty.
        """
        if self._file is None:
            return
        try:
            stat = os.stat(self._file)
        except FileNotFoundError:
            if self._file_id is None:
                return  # not created yet: init_schema will
            self.engine.dispose()
            raise StoreFileMissing(self._file) from None
        identity = (stat.st_dev, stat.st_ino)
        if self._file_id is not None and identity != self._file_id:
            self.engine.dispose()
            with self._lock:
                self._cache.clear()
                self._specs.clear()
                self._memo.clear()
        self._file_id = identity

    # -- schema ------------------------------------------------------------

    def has_schema(self) -> bool:
        """Whether this database was set up (``manage.py init-db``); never creates a missing SQLite file."""
        if self._file is not None and not self._file.exists():
            return False
        return "indicator_values" in set(inspect(self.engine).get_table_names())

    def init_schema(self, regions: Iterable[RegionRow] = ()) -> None:
        """Create missing tables, mirror the catalogue, register the base regions.

        A store in the foundation's schema (demo data only) is rebuilt.
        """
        existing = set(inspect(self.engine).get_table_names())
        if existing & set(LEGACY_TABLES):
            with self.engine.begin() as conn:
                for name in ("observations", "import_batches", "indicators", "regions"):
                    conn.execute(text(f"DROP TABLE IF EXISTS {name}"))
        Base.metadata.create_all(self.engine)
        with self.sessions.begin() as session:
            for spec in catalogue.INDICATORS:
                session.merge(
                    Indicator(id=spec.id, theme=spec.theme, name=spec.german("name"), unit=spec.german("unit"))
                )
            self.upsert_regions(session, regions)

    @staticmethod
    def upsert_regions(session: Session, regions: Iterable[RegionRow], rename: bool = True) -> int:
        """Insert regions that are new, parents first; ``rename`` also updates known names."""
        order = {"Bund": 0, "Land": 1, "Region": 2, "Kreis": 3, "Verband": 4, "Gemeinde": 5}
        wanted = {r.key: r for r in regions}
        if not wanted:
            return 0
        known = {
            key: name
            for key, name in session.execute(select(Region.key, Region.name).where(Region.key.in_(list(wanted))))
        }
        added = [
            {"key": r.key, "name": r.name, "level": r.level, "parent_key": r.parent_key}
            for r in sorted(wanted.values(), key=lambda r: order.get(r.level, 9))
            if r.key not in known
        ]
        if added:
            session.execute(insert(Region), added)
        if rename:
            for region in wanted.values():
                if region.key in known and known[region.key] != region.name:
                    session.execute(update(Region).where(Region.key == region.key).values(name=region.name))
        session.flush()
        return len(added)

    # -- data version and cache ----------------------------------------------

    def data_version(self) -> int:
        """Grows with every write (import, seed, removal); keys every cache. Read once per pinned request."""
        pinned = _PINNED.get()
        if pinned is not None and id(self) in pinned:
            return pinned[id(self)]
        self._check_file()
        with self.sessions() as session:
            value = session.scalar(select(StoreMeta.value).where(StoreMeta.key == "data_version"))
        version = int(value) if value else 0
        if pinned is not None:
            pinned[id(self)] = version
        return version

    @staticmethod
    def pin_version() -> Token:
        """From here on this context (a request that writes nothing) reads each store's version once.

        Every view, mark and cache lookup of the request then agrees on one version; ``unpin_version``
        with the returned token ends it. A request that writes must not pin: it would key on the old one.
        """
        return _PINNED.set({})

    @staticmethod
    def unpin_version(token: Token) -> None:
        _PINNED.reset(token)

    def cached(self, key: tuple[Hashable, ...], compute: Callable[[], T]) -> T:
        """``compute()`` once per data version and key: the map, chart and table callbacks of one change share a view.

        A write advances the version, so a new key misses and the old version's results are dropped; the
        newest ``MEMO_SIZE`` results are kept. Callers must not change what they get (it is shared).
        """
        full = (self.data_version(), *key)
        with self._lock:
            if full in self._memo:
                self._memo.move_to_end(full)
                return self._memo[full]  # type: ignore[return-value]
            key_lock = self._computing.setdefault(full, threading.Lock())
        # One computes, the callbacks of the same change that arrive meanwhile wait for its result.
        with key_lock:
            with self._lock:
                if full in self._memo:
                    return self._memo[full]  # type: ignore[return-value]
            try:
                value = compute()
            except BaseException:
                with self._lock:
                    self._computing.pop(full, None)
                raise
            with self._lock:
                if self._memo and next(iter(self._memo))[0] != full[0]:
                    for old in [k for k in self._memo if k[0] != full[0]]:
                        del self._memo[old]
                self._memo[full] = value
                while len(self._memo) > MEMO_SIZE:
                    self._memo.popitem(last=False)
                self._computing.pop(full, None)
        return value

    # -- reads -------------------------------------------------------------

    def observation_count(self) -> int:
        with self.sessions() as session:
            return session.scalar(select(func.count(IndicatorValue.id))) or 0

    def regions(self) -> pd.DataFrame:
        """Every region with level, parent and, after a territorial change, validity and successor."""
        columns = ["key", "name", "level", "parent_key", "valid_from", "valid_to", "successor_key"]
        with self.sessions() as session:
            rows = session.execute(select(*(getattr(Region, c) for c in columns)).order_by(Region.key)).all()
        return pd.DataFrame(rows, columns=columns)

    def series_rows(self) -> list[Series]:
        with self.sessions() as session:
            return list(session.scalars(select(Series).order_by(Series.stem, Series.id)))

    def spec(self, indicator_id: str) -> catalogue.IndicatorSpec:
        """Catalogue indicator or base series (``s-…``); ``KeyError`` for anything unknown."""
        if not indicator_id.startswith(SERIES_PREFIX):
            return catalogue.indicator(indicator_id)
        key = (indicator_id, self.data_version())
        with self._lock:
            cached = self._specs.get(key)
        if cached is not None:
            return cached
        with self.sessions() as session:
            row = session.scalar(select(Series).where(Series.code == indicator_id))
        if row is None:
            raise KeyError(indicator_id)
        spec = series_spec(row)
        with self._lock:
            self._specs[key] = spec
        return spec

    def observations(self, indicator_id: str) -> pd.DataFrame:
        """All observations of one indicator or base series, every region and period; cached per data version."""
        self.spec(indicator_id)
        cache_key = (indicator_id, self.data_version())
        with self._lock:
            cached = self._cache.get(cache_key)
        if cached is not None:
            return cached
        if indicator_id.startswith(SERIES_PREFIX):
            frame = self._series_observations(indicator_id)
        else:
            frame = self._indicator_observations(indicator_id)
        frame["value"] = frame["value"].astype("float64")
        frame["numerator"] = frame["numerator"].astype("float64")
        frame["denominator"] = frame["denominator"].astype("float64")
        frame["sign"] = clean_signs(frame["sign"])
        frame["quality"] = clean_signs(frame["quality"])
        with self._lock:
            self._cache = {k: v for k, v in self._cache.items() if k[1] == cache_key[1]}
            self._cache[cache_key] = frame
        return frame

    def _indicator_observations(self, indicator_id: str) -> pd.DataFrame:
        v = IndicatorValue
        stmt = (
            select(
                v.region_key,
                v.period_id,
                Period.date,
                Period.label,
                Period.type,
                Period.year,
                v.value,
                v.numerator,
                v.denominator,
                v.sign,
                v.quality,
                v.demo,
                v.stand,
                v.method,
                v.source,
                v.basis,
            )
            .join(Period, v.period_id == Period.id)
            .where(v.indicator_id == indicator_id)
            .order_by(v.region_key, Period.date)
        )
        with self.sessions() as session:
            rows = session.execute(stmt).all()
        frame = pd.DataFrame(rows, columns=OBSERVATION_COLUMNS[:-2])
        frame["kind"] = frame["kind"].map({True: "demo", False: "import"}).astype("object")
        return frame.assign(file=None, line=None)

    def _series_observations(self, code: str) -> pd.DataFrame:
        with self.sessions() as session:
            series_id = session.scalar(select(Series.id).where(Series.code == code))
            frame = cell_frame(session, Cell.series_id == series_id)
        frame = frame.rename(columns={"date": "period_date", "table": "source"})
        frame = frame.assign(numerator=None, denominator=None, kind="import", method="published")
        return frame.sort_values(["region_key", "period_date"], ignore_index=True)[OBSERVATION_COLUMNS]

    def years(self, indicator_id: str, region_keys: list[str]) -> list[int]:
        return years_in(self.observations(indicator_id), region_keys)

    def gemeinde_values(self, indicator_id: str, year: int, gemeinden: list[str]) -> pd.DataFrame:
        return gemeinde_values(self.observations(indicator_id), year, gemeinden)

    def reference_values(
        self, indicator_id: str, year: int, kreis: str, kreis_name: str, gemeinden: list[str]
    ) -> list[ReferenceValue]:
        spec = self.spec(indicator_id)
        return reference_values(self.observations(indicator_id), spec, year, kreis, kreis_name, gemeinden)

    def timeseries(self, indicator_id: str, region_keys: list[str]) -> pd.DataFrame:
        return timeseries(self.observations(indicator_id), region_keys)

    def has_demo_data(self) -> bool:
        with self.sessions() as session:
            return bool(session.scalar(select(func.count(IndicatorValue.id)).where(IndicatorValue.demo.is_(True))))

    def indicators_with_real_values(self) -> set[str]:
        with self.sessions() as session:
            rows = session.scalars(select(IndicatorValue.indicator_id).where(IndicatorValue.demo.is_(False)).distinct())
            return set(rows)

    def years_by_id(self) -> dict[str, list[int]]:
        """Years with values per indicator id and per base series code (the API's listing)."""
        with self.sessions() as session:
            indicators = session.execute(
                select(IndicatorValue.indicator_id, Period.year)
                .join(Period, IndicatorValue.period_id == Period.id)
                .group_by(IndicatorValue.indicator_id, Period.year)
            ).all()
            series = session.execute(
                select(Series.code, Period.year)
                .join(Cell, Cell.series_id == Series.id)
                .join(Period, Cell.period_id == Period.id)
                .group_by(Series.code, Period.year)
            ).all()
        out: dict[str, set[int]] = {}
        for key, year in [*indicators, *series]:
            out.setdefault(key, set()).add(int(year))
        return {k: sorted(v) for k, v in out.items()}

    def imports(self) -> list[ImportBatch]:
        """Import batches, newest first (the list on the data page and in the API)."""
        with self.sessions() as session:
            return list(session.scalars(select(ImportBatch).order_by(ImportBatch.id.desc())))

    # -- demo data -----------------------------------------------------------

    def remove_demo(self, session: Session | None = None, actor: str = audit.MANAGE) -> int:
        """Delete every demo value and demo batch; returns the number of values removed.

        Only a removal of its own is logged: inside ``demo.seed`` it is part of the seeding.
        """

        def run(s: Session) -> int:
            removed = s.execute(delete(IndicatorValue).where(IndicatorValue.demo.is_(True))).rowcount or 0
            s.execute(delete(ImportBatch).where(ImportBatch.kind == "demo"))
            bump_data_version(s)
            return removed

        if session is not None:
            return run(session)
        with self.sessions.begin() as s:
            removed = run(s)
            audit.record(s, actor, "demo_remove", "Demodaten", f"{removed} Demowerte entfernt.")
            return removed

    @staticmethod
    def period_id(session: Session, type_: str, date: dt.date, label: str, year: int) -> int:
        """Id of a period, created when new."""
        found = session.scalar(select(Period.id).where(Period.type == type_, Period.date == date))
        if found is not None:
            return found
        period = Period(type=type_, date=date, label=label, year=year)
        session.add(period)
        session.flush()
        return period.id
