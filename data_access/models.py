"""ORM tables of the store.

Base data: ``series`` (one value column of an official table with its dimension
coordinates), ``periods`` (type, exact reference date, label), ``regions``
(levels, validity, successors) and ``cells`` (value or NULL, special sign,
quality flag, original text, provenance). Replaced cells move to
``cell_history``. Indicator values are derived from cells by the catalogue's
recipes (or written as labelled demo data) into ``indicator_values``.

A value and a special sign that means "no value" can never be stored together:
the database itself refuses it (check constraints), so no code path can draw
a suppressed cell as a number.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Region levels, top down; "Region" is a statistische Region / Regierungsbezirk (034 Weser-Ems),
# "Verband" a Samt- or Verbandsgemeinde.
LEVELS = ("Bund", "Land", "Region", "Kreis", "Verband", "Gemeinde")
LEVEL_NAMES = {
    "Bund": "Bund",
    "Land": "Land",
    "Region": "Statistische Region / Regierungsbezirk",
    "Kreis": "Kreis",
    "Verband": "Samt- / Verbandsgemeinde",
    "Gemeinde": "Gemeinde",
}
NO_VALUE_SIGN_SQL = "('.', '...', '/', 'x')"


class Base(DeclarativeBase):
    pass


class StoreMeta(Base):
    """Key/value facts about the store; ``data_version`` grows with every write."""

    __tablename__ = "store_meta"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Region(Base):
    __tablename__ = "regions"

    key: Mapped[str] = mapped_column(String(12), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    level: Mapped[str] = mapped_column(String(10))
    parent_key: Mapped[str | None] = mapped_column(String(12), default=None, index=True)
    valid_from: Mapped[dt.date | None] = mapped_column(Date, default=None)
    valid_to: Mapped[dt.date | None] = mapped_column(Date, default=None)
    successor_key: Mapped[str | None] = mapped_column(String(12), default=None)


class Indicator(Base):
    """A catalogue indicator; the catalogue file is the source, this row mirrors it for joins."""

    __tablename__ = "indicators"

    id: Mapped[str] = mapped_column(String(60), primary_key=True)
    theme: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(40))


class ImportBatch(Base):
    """One import (or demo seeding): the file, its vintage and what it held."""

    __tablename__ = "import_batches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(20))  # "import" | "demo"
    format: Mapped[str] = mapped_column(String(20), default="")
    source_file: Mapped[str] = mapped_column(String(400))
    checksum: Mapped[str] = mapped_column(String(64), index=True)
    table_code: Mapped[str] = mapped_column(String(60), default="")
    table_title: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(Text, default="")
    stand: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None)
    footnotes: Mapped[str] = mapped_column(Text, default="")
    copyright: Mapped[str] = mapped_column(Text, default="")
    encoding: Mapped[str] = mapped_column(String(20), default="")
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    imported_by: Mapped[str | None] = mapped_column(String(80), default=None)
    forced: Mapped[bool] = mapped_column(Boolean, default=False)
    rows: Mapped[int] = mapped_column(Integer, default=0)
    summary: Mapped[str] = mapped_column(Text, default="")  # JSON of the import summary


class Series(Base):
    """A base series: one value column of a table, with its dimension coordinates."""

    __tablename__ = "series"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)  # stable public id, "s-…"
    stem: Mapped[str] = mapped_column(String(60), index=True)  # table code without regional depth
    table_code: Mapped[str] = mapped_column(String(60))
    table_title: Mapped[str] = mapped_column(Text, default="")
    measure: Mapped[str] = mapped_column(Text, default="")
    label: Mapped[str] = mapped_column(Text)  # verbatim header labels joined with " · "
    parts: Mapped[str] = mapped_column(Text)  # JSON list of the label parts
    codes: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of machine codes (ffcsv)
    unit: Mapped[str] = mapped_column(String(40), default="")
    dash_zero: Mapped[bool] = mapped_column(Boolean, default=True)  # "-" = 0 (a count) or no value
    no_sum: Mapped[str | None] = mapped_column(Text, default=None)  # why cells must not be summed
    subset: Mapped[bool] = mapped_column(Boolean, default=False)  # "dar." / "und zwar" column
    footnotes: Mapped[str] = mapped_column(Text, default="")


class Period(Base):
    __tablename__ = "periods"
    __table_args__ = (UniqueConstraint("type", "date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    type: Mapped[str] = mapped_column(String(24))
    date: Mapped[dt.date] = mapped_column(Date)
    label: Mapped[str] = mapped_column(Text)
    year: Mapped[int] = mapped_column(Integer)


class _CellContent:
    """What a cell holds, shared by the live cell and its history."""

    value: Mapped[float | None] = mapped_column(Float, default=None)
    sign: Mapped[str | None] = mapped_column(String(4), default=None)
    quality: Mapped[str | None] = mapped_column(String(8), default=None)
    original: Mapped[str] = mapped_column(String(60), default="")
    basis: Mapped[str | None] = mapped_column(String(30), default=None)
    line: Mapped[int | None] = mapped_column(Integer, default=None)


class Cell(_CellContent, Base):
    """One value of a base series for a region and period, with its provenance."""

    __tablename__ = "cells"
    __table_args__ = (
        UniqueConstraint("series_id", "region_key", "period_id"),
        CheckConstraint(f"value IS NULL OR sign IS NULL OR sign NOT IN {NO_VALUE_SIGN_SQL}", name="ck_cells_sign"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    series_id: Mapped[int] = mapped_column(ForeignKey("series.id"))
    region_key: Mapped[str] = mapped_column(ForeignKey("regions.key"))
    period_id: Mapped[int] = mapped_column(ForeignKey("periods.id"))
    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batches.id"))


class CellHistory(_CellContent, Base):
    """A cell as it was before a newer vintage replaced it."""

    __tablename__ = "cell_history"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    series_id: Mapped[int] = mapped_column(Integer, index=True)
    region_key: Mapped[str] = mapped_column(String(12))
    period_id: Mapped[int] = mapped_column(Integer)
    batch_id: Mapped[int] = mapped_column(Integer)
    replaced_by: Mapped[int] = mapped_column(ForeignKey("import_batches.id"))
    replaced_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class IndicatorValue(Base):
    """An indicator's value for a region and period: derived from cells, or demo data."""

    __tablename__ = "indicator_values"
    __table_args__ = (
        UniqueConstraint("indicator_id", "region_key", "period_id"),
        CheckConstraint(f"value IS NULL OR sign IS NULL OR sign NOT IN {NO_VALUE_SIGN_SQL}", name="ck_values_sign"),
        Index("ix_indicator_values_indicator", "indicator_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    indicator_id: Mapped[str] = mapped_column(String(60))
    region_key: Mapped[str] = mapped_column(ForeignKey("regions.key"))
    period_id: Mapped[int] = mapped_column(ForeignKey("periods.id"))
    value: Mapped[float | None] = mapped_column(Float, default=None)
    numerator: Mapped[float | None] = mapped_column(Float, default=None)
    denominator: Mapped[float | None] = mapped_column(Float, default=None)
    sign: Mapped[str | None] = mapped_column(String(4), default=None)
    quality: Mapped[str | None] = mapped_column(String(8), default=None)
    # "published" (taken as it stands in a table), "ratio" / "sum" / "growth" (computed from
    # published parts), "parts" (computed from the Gemeinden), "demo".
    method: Mapped[str] = mapped_column(String(12))
    demo: Mapped[bool] = mapped_column(Boolean, default=False)
    stand: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None)
    source: Mapped[str] = mapped_column(Text, default="")
    basis: Mapped[str | None] = mapped_column(String(30), default=None)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id"), default=None)


class User(Base):
    """A person who may log in: admins import data; the password is stored only as a salted hash."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class Deck(Base):
    """A Sitzungsmappe: named, ordered views prepared for a committee meeting.

    The slug is the deck's address (``/praesentation/<slug>``) and stays when the deck is
    renamed, so links in an invitation keep working.
    """

    __tablename__ = "decks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class DeckView(Base):
    """One prepared view of a deck: theme, indicator, year (``NULL`` = the latest) and highlighted Gemeinde."""

    __tablename__ = "deck_views"
    __table_args__ = (Index("ix_deck_views_deck", "deck_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    deck_id: Mapped[int] = mapped_column(ForeignKey("decks.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    theme: Mapped[str] = mapped_column(String(60))
    indicator: Mapped[str] = mapped_column(String(200))
    year: Mapped[int | None] = mapped_column(Integer, default=None)
    gemeinde: Mapped[str | None] = mapped_column(String(20), default=None)
    heading: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")


class AuditEntry(Base):
    """Who changed what, for the admins: written in the transaction of the change itself, never updated or deleted.

    ``actor`` is a user name, ``manage.py`` or ``system``; ``detail`` is short German text
    without passwords or database addresses. A backup carries the log like every table; a
    restore brings back the backup's log and adds one entry ``restore`` on top.
    """

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    actor: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(30))
    subject: Mapped[str] = mapped_column(String(400), default="")
    detail: Mapped[str] = mapped_column(Text, default="")


class InternalMark(Base):
    """An indicator, base series or Sitzungsmappe marked internal: only logged-in users see it.

    ``kind`` is ``indicator`` (key: indicator id), ``series`` (key: series code) or ``deck``
    (key: the deck's slug, which survives a rename). No row means public.
    """

    __tablename__ = "internal_marks"

    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    marked_by: Mapped[str] = mapped_column(String(80), default="")
    marked_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
