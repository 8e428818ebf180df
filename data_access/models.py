"""ORM tables of the store: regions, indicators, observations, import batches.

A value and its special sign are kept apart (FORMATS.md §7): ``value`` is NULL
for a suppressed cell, never 0. Ratio indicators also keep numerator and
denominator so higher levels can be computed as Σ numerator / Σ denominator.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

LEVELS = ("Gemeinde", "Kreis", "Land", "Bund")


class Base(DeclarativeBase):
    pass


class Region(Base):
    __tablename__ = "regions"

    key: Mapped[str] = mapped_column(String(12), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    level: Mapped[str] = mapped_column(String(10))
    parent_key: Mapped[str | None] = mapped_column(ForeignKey("regions.key"), default=None)


class Indicator(Base):
    __tablename__ = "indicators"

    id: Mapped[str] = mapped_column(String(60), primary_key=True)
    theme: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    short_name: Mapped[str] = mapped_column(String(80))
    unit: Mapped[str] = mapped_column(String(40))
    definition: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text)
    polarity: Mapped[int] = mapped_column(Integer)
    decimals: Mapped[int] = mapped_column(Integer)
    level: Mapped[str] = mapped_column(String(60))
    aggregation: Mapped[str] = mapped_column(String(10))
    scale: Mapped[float] = mapped_column(Float, default=1.0)


class ImportBatch(Base):
    __tablename__ = "import_batches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(20))
    source_file: Mapped[str] = mapped_column(String(400))
    checksum: Mapped[str] = mapped_column(String(64))
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    rows: Mapped[int] = mapped_column(Integer)
    stand: Mapped[str | None] = mapped_column(String(40), default=None)


class Observation(Base):
    __tablename__ = "observations"
    __table_args__ = (UniqueConstraint("indicator_id", "region_key", "period_date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    indicator_id: Mapped[str] = mapped_column(ForeignKey("indicators.id"), index=True)
    region_key: Mapped[str] = mapped_column(ForeignKey("regions.key"))
    period_date: Mapped[dt.date] = mapped_column(Date)
    period_label: Mapped[str] = mapped_column(String(20))
    year: Mapped[int] = mapped_column(Integer)
    value: Mapped[float | None] = mapped_column(Float, default=None)
    numerator: Mapped[float | None] = mapped_column(Float, default=None)
    denominator: Mapped[float | None] = mapped_column(Float, default=None)
    sign: Mapped[str | None] = mapped_column(String(4), default=None)
    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batches.id"))

    batch: Mapped[ImportBatch] = relationship()
