"""The store: one SQLAlchemy engine, schema set-up, writes and the read queries.

Read functions return pandas DataFrames and know nothing of Dash. Each
indicator's observations are read once per data version and cached; the
filters on that frame live in ``data_access.frames`` so a caller that needs
several of them reads the frame once. Any write creates a new import batch
and thereby a new data version.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from sqlalchemy import create_engine, delete, event, func, select, tuple_
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from data_access import catalogue
from data_access.frames import ReferenceValue, clean_signs, gemeinde_values, reference_values, timeseries, years_in
from data_access.models import Base, ImportBatch, Indicator, Observation, Region

OBSERVATION_COLUMNS = [
    "region_key",
    "period_date",
    "period_label",
    "year",
    "value",
    "numerator",
    "denominator",
    "sign",
    "kind",
    "stand",
]


@dataclass(frozen=True)
class RegionRow:
    key: str
    name: str
    level: str
    parent_key: str | None = None


@dataclass(frozen=True)
class ObservationRow:
    indicator_id: str
    region_key: str
    period_date: dt.date
    period_label: str
    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    sign: str | None = None


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def make_engine(url: str) -> Engine:
    """Create the engine; SQLite gets foreign keys and a folder of its own."""
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        if str(path) != ":memory:":
            path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


class Store:
    """Access to the observations of one database."""

    def __init__(self, url: str) -> None:
        self.engine = make_engine(url)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._cache: dict[tuple[str, tuple[int, int]], pd.DataFrame] = {}
        self._lock = threading.Lock()

    # -- schema and writes -------------------------------------------------

    def init_schema(self) -> None:
        """Create missing tables and bring the indicator table in line with the catalogue."""
        Base.metadata.create_all(self.engine)
        with self.sessions.begin() as session:
            for spec in catalogue.INDICATORS:
                session.merge(
                    Indicator(
                        id=spec.id,
                        theme=spec.theme,
                        name=spec.name,
                        short_name=spec.short_name,
                        unit=spec.unit,
                        definition=spec.definition,
                        source=spec.source,
                        polarity=spec.polarity,
                        decimals=spec.decimals,
                        level=spec.level,
                        aggregation=spec.aggregation,
                        scale=spec.scale,
                    )
                )

    def upsert_regions(self, regions: Iterable[RegionRow], session: Session | None = None) -> None:
        def write(s: Session) -> None:
            ordered = sorted(regions, key=lambda r: ("Bund", "Land", "Kreis", "Gemeinde").index(r.level))
            for region in ordered:
                s.merge(Region(key=region.key, name=region.name, level=region.level, parent_key=region.parent_key))
                s.flush()

        if session is not None:
            write(session)
        else:
            with self.sessions.begin() as s:
                write(s)

    def write_batch(
        self,
        *,
        kind: str,
        source_file: str,
        checksum: str,
        rows: list[ObservationRow],
        regions: Iterable[RegionRow] = (),
        stand: str | None = None,
        replace_kind: bool = False,
    ) -> int:
        """Write one batch in one transaction: all rows land, or none do.

        A row for an (indicator, region, period) that exists already replaces it.
        ``replace_kind`` first removes every earlier batch of the same kind (demo re-seed).
        """
        with self.sessions.begin() as session:
            if replace_kind:
                old = select(ImportBatch.id).where(ImportBatch.kind == kind)
                session.query(Observation).filter(Observation.batch_id.in_(old)).delete(synchronize_session=False)
                session.query(ImportBatch).filter(ImportBatch.kind == kind).delete(synchronize_session=False)
            self.upsert_regions(regions, session)
            batch = ImportBatch(
                kind=kind,
                source_file=source_file,
                checksum=checksum,
                imported_at=dt.datetime.now(dt.UTC),
                rows=len(rows),
                stand=stand,
            )
            session.add(batch)
            session.flush()
            keys = sorted({(r.indicator_id, r.region_key, r.period_date) for r in rows})
            cell = tuple_(Observation.indicator_id, Observation.region_key, Observation.period_date)
            for start in range(0, 0 if replace_kind else len(keys), 500):
                session.execute(delete(Observation).where(cell.in_(keys[start : start + 500])))
            session.add_all(
                Observation(
                    indicator_id=r.indicator_id,
                    region_key=r.region_key,
                    period_date=r.period_date,
                    period_label=r.period_label,
                    year=r.period_date.year,
                    value=r.value,
                    numerator=r.numerator,
                    denominator=r.denominator,
                    sign=r.sign,
                    batch_id=batch.id,
                )
                for r in rows
            )
            return batch.id

    # -- reads -------------------------------------------------------------

    def observation_count(self) -> int:
        with self.sessions() as session:
            return session.scalar(select(func.count(Observation.id))) or 0

    def data_version(self) -> tuple[int, int]:
        """Changes whenever a batch is written or removed; keys the cache."""
        with self.sessions() as session:
            top, count = session.execute(select(func.max(ImportBatch.id), func.count(ImportBatch.id))).one()
        return (top or 0, count or 0)

    def regions(self) -> pd.DataFrame:
        with self.sessions() as session:
            rows = session.execute(select(Region.key, Region.name, Region.level, Region.parent_key)).all()
        return pd.DataFrame(rows, columns=["key", "name", "level", "parent_key"])

    def observations(self, indicator_id: str) -> pd.DataFrame:
        """All observations of one indicator (every region, every period), cached per data version."""
        catalogue.indicator(indicator_id)
        cache_key = (indicator_id, self.data_version())
        with self._lock:
            cached = self._cache.get(cache_key)
        if cached is not None:
            return cached
        stmt = (
            select(
                Observation.region_key,
                Observation.period_date,
                Observation.period_label,
                Observation.year,
                Observation.value,
                Observation.numerator,
                Observation.denominator,
                Observation.sign,
                ImportBatch.kind,
                ImportBatch.stand,
            )
            .join(ImportBatch, Observation.batch_id == ImportBatch.id)
            .where(Observation.indicator_id == indicator_id)
            .order_by(Observation.region_key, Observation.period_date)
        )
        with self.sessions() as session:
            rows = session.execute(stmt).all()
        frame = pd.DataFrame(rows, columns=OBSERVATION_COLUMNS)
        frame["value"] = frame["value"].astype("float64")
        frame["numerator"] = frame["numerator"].astype("float64")
        frame["denominator"] = frame["denominator"].astype("float64")
        frame["sign"] = clean_signs(frame["sign"])
        with self._lock:
            self._cache = {k: v for k, v in self._cache.items() if k[1] == cache_key[1]}
            self._cache[cache_key] = frame
        return frame

    def years(self, indicator_id: str, region_keys: list[str]) -> list[int]:
        return years_in(self.observations(indicator_id), region_keys)

    def gemeinde_values(self, indicator_id: str, year: int, gemeinden: list[str]) -> pd.DataFrame:
        return gemeinde_values(self.observations(indicator_id), year, gemeinden)

    def reference_values(
        self, indicator_id: str, year: int, kreis: str, kreis_name: str, gemeinden: list[str]
    ) -> list[ReferenceValue]:
        spec = catalogue.indicator(indicator_id)
        return reference_values(self.observations(indicator_id), spec, year, kreis, kreis_name, gemeinden)

    def timeseries(self, indicator_id: str, region_keys: list[str]) -> pd.DataFrame:
        return timeseries(self.observations(indicator_id), region_keys)

    def has_demo_data(self) -> bool:
        with self.sessions() as session:
            return bool(session.scalar(select(func.count(ImportBatch.id)).where(ImportBatch.kind == "demo")))
