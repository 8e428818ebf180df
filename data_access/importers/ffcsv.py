"""Reader for the GENESIS REST "ffcsv" flat file (long format, one value per row).

The API and the newer GENESIS downloads deliver tables in this layout (FORMATS.md §2):
English column names even in German exports, one row per value, the dimensions in
numbered ``N_variable_*`` groups whose slot order may change from row to row. The
long-format core here is shared with :mod:`flat` (the older ``Statistik_Code`` layout),
which differs only in its column names and in carrying several value columns per row.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Protocol

from .base import QUALITY_FLAGS, ParsedTable, Period, RawCell, ReadError, SeriesDesc, parse_cell

FORMAT = "ffcsv"

# Variable codes of regional classifications (Regionaldatenbank, GENESIS-Online, Zensus 2022).
REGIONAL_CODES = frozenset({"DINSG", "DLAND", "LAND", "REGBEZ", "KREISE", "GEMEIN"})
REGIONAL_PREFIXES = ("GEODL", "GEOBL", "GEORB", "GEOLK", "GEOKR", "GEOGM", "GEOVB")
# Lengths of all-digit region keys (Land 2, Stat. Region 3, Kreis 5, Verbandsgemeinde 7,
# AGS 8, 9/10/11 digit Gemeindeverband keys, ARS 12).
_REGION_KEY_LENGTHS = frozenset({2, 3, 5, 7, 8, 9, 10, 11, 12})
GERMANY = ("DG", "Deutschland")

_ZENSUS_DATES = frozenset({dt.date(2022, 5, 15), dt.date(2011, 5, 9)})
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DE_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_YEAR = re.compile(r"\d{4}")
_SPLIT_YEAR = re.compile(r"(\d{4})\s*/\s*(\d{2}|\d{4})")
_INTERVAL = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?/?P(\d+)([YMD])")
_TABLE_CODE = re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)+(?=[_. ]|$)")
_GROUP_COLUMN = re.compile(r"(\d+)_variable_(code|label|attribute_code|attribute_label)")


def read(text: str, name: str = "") -> ParsedTable:
    """Read an ffcsv file into the long form; ``name`` (the file name) supplies the table code."""
    reader, header = open_csv(text)
    columns = {col.strip().lower(): i for i, col in enumerate(header)}
    if header[0].strip().lower() != "statistics_code":
        raise ReadError("Kopfzeile ist kein ffcsv-Kopf (erwartet 'statistics_code;statistics_label;…')", line=1)
    check_duplicates([col.strip().lower() for col in header])
    required = ("statistics_label", "time_code", "time_label", "time", "value", "value_unit")
    required += ("value_variable_code", "value_variable_label")
    for col in required:
        if col not in columns:
            raise ReadError(f"Spalte '{col}' fehlt in der Kopfzeile", line=1)

    found: dict[int, dict[str, int]] = {}
    known = set(required) | {"statistics_code", "value_q"}
    for col, i in columns.items():
        m = _GROUP_COLUMN.fullmatch(col)
        if m:
            found.setdefault(int(m.group(1)), {})[m.group(2)] = i
            known.add(col)
    groups = []
    for number in sorted(found):
        parts = found[number]
        missing = [p for p in ("code", "label", "attribute_code", "attribute_label") if p not in parts]
        if missing:
            raise ReadError(f"Spalte '{number}_variable_{missing[0]}' fehlt in der Kopfzeile", line=1)
        groups.append(Group(parts["code"], parts["attribute_code"], parts["attribute_label"]))

    value = ValueColumn(
        name="value",
        value=columns["value"],
        quality=columns.get("value_q"),
        measure=itemgetter(columns["value_variable_code"], columns["value_variable_label"], columns["value_unit"]),
    )
    warnings = [
        f"Spalte '{header[i]}' unbekannt, nicht gelesen" for col, i in columns.items() if col and col not in known
    ]
    return read_long(
        reader,
        header,
        fmt=FORMAT,
        name=name,
        statistic=(columns["statistics_code"], columns["statistics_label"]),
        time=(columns["time_code"], columns["time_label"], columns["time"]),
        groups=groups,
        values=[value],
        warnings=warnings,
    )


# --- the long-format core shared with flat.py -------------------------------------------------


class Rows(Protocol):
    """What ``csv.reader`` gives: rows, and the physical line number of the last one read."""

    line_num: int

    def __iter__(self) -> Iterator[list[str]]: ...

    def __next__(self) -> list[str]: ...


@dataclass(frozen=True, slots=True)
class Group:
    """Column positions of one numbered variable group (region or classification)."""

    code: int
    attr_code: int
    attr_label: int


@dataclass(frozen=True, slots=True)
class ValueColumn:
    """A value column; ``measure`` gives (code, label, unit) of what it holds, from the row or fixed."""

    name: str
    value: int
    quality: int | None
    measure: Callable[[list[str]], tuple[str, str, str]]


@dataclass(frozen=True, slots=True)
class _Layout:
    """Where the region sits for one combination of variable codes, and how to fetch the rest."""

    region: Group | None
    classes: tuple[int, ...]  # slots of the classification groups
    class_values: Callable[[list[str]], tuple[str, ...]]  # their attribute codes and labels


def open_csv(text: str) -> tuple[Rows, list[str]]:
    """A csv reader positioned after the header, and the header; tolerates a BOM and CRLF."""
    reader = csv.reader(_lines(text), delimiter=";")
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise ReadError(f"Kopfzeile nicht lesbar ({exc})", line=1) from None
    if not header or not any(col.strip() for col in header):
        raise ReadError("Datei ist leer (keine Kopfzeile)", line=1)
    return reader, header


def check_duplicates(names: Sequence[str]) -> None:
    """A column named twice would make positions by name ambiguous."""
    seen: set[str] = set()
    for col in names:
        if col and col in seen:
            raise ReadError(f"Spalte '{col}' steht doppelt in der Kopfzeile", line=1)
        seen.add(col)


def _lines(text: str) -> Iterator[str]:
    """The text's lines with their line ends, so that quoted line breaks survive the csv module."""
    start = 1 if text.startswith("\ufeff") else 0
    end_of_text = len(text)
    find = text.find
    while start < end_of_text:
        end = find("\n", start)
        if end < 0:
            yield text[start:]
            return
        yield text[start : end + 1]
        start = end + 1


def _tuple_getter(indices: Sequence[int]) -> Callable[[list[str]], tuple[str, ...]]:
    """``itemgetter`` that always returns a tuple (it returns a bare item for one index)."""
    if not indices:
        return lambda row: ()
    if len(indices) == 1:
        i = indices[0]
        return lambda row: (row[i],)
    return itemgetter(*indices)


def is_regional_code(code: str) -> bool:
    """Whether a variable code names a regional classification."""
    return code in REGIONAL_CODES or code.startswith(REGIONAL_PREFIXES)


def looks_like_region_key(code: str) -> bool:
    """``DG`` or an all-digit key of a length that regional keys have."""
    return code == "DG" or (code.isascii() and code.isdigit() and len(code) in _REGION_KEY_LENGTHS)


def table_code_from_name(name: str, fallback: str) -> str:
    """The table code at the start of the file name (``12531-0043_175879554_flat.csv``), else ``fallback``."""
    base = re.split(r"[\\/]", name)[-1].strip()
    m = _TABLE_CODE.match(base)
    if m and any(ch.isdigit() for ch in m.group(0)):
        return m.group(0)
    return fallback


def collapse(text: str) -> str:
    """Whitespace collapsed to single spaces, ends stripped."""
    return " ".join(text.split())


def _reference_date(date: dt.date) -> Period:
    kind = "Zensusstichtag" if date in _ZENSUS_DATES else "Stichtag"
    return Period(kind, date, date.strftime("%d.%m.%Y"), date.year)


def _year(year: int, label: str) -> Period:
    low = label.lower()
    if "durchschnitt" in low or "average" in low:
        return Period("Jahresdurchschnitt", dt.date(year, 12, 31), f"Jahresdurchschnitt {year}", year)
    if "summe" in low or re.search(r"\bsum\b", low):
        return Period("Jahressumme", dt.date(year, 12, 31), f"Jahressumme {year}", year)
    return Period("Jahr", dt.date(year, 12, 31), str(year), year)


def _semester(start_year: int, start_month: int) -> Period:
    if start_month == 10:
        label = f"WS {start_year}/{(start_year + 1) % 100:02d}"
        return Period("Semester", dt.date(start_year + 1, 3, 31), label, start_year)
    return Period("Semester", dt.date(start_year, 9, 30), f"SS {start_year}", start_year)


def _interval(year: int, month: int, day: int, count: int, unit: str) -> Period:
    """An ISO 8601 start plus duration (``2023-10P6M``); only semesters and whole years occur."""
    if unit == "M" and count == 6 and day == 1 and month in (4, 10):
        return _semester(year, month)
    if month == 1 and day == 1 and ((unit == "Y" and count == 1) or (unit == "M" and count == 12)):
        return _year(year, "")
    raise ValueError(f"{year}-{month:02d}P{count}{unit}")


def parse_period(code: str, label: str, text: str) -> Period:
    """A time cell (with its time code and label) → Period; ``ValueError`` if it is none we know.

    The value's shape decides (ISO or German date, year, ``2022/23``, ISO interval); the code
    only tells a semester from a school year, the label a year's sum or average from a year.
    """
    t = text.strip()
    code = code.strip().upper()
    if m := _ISO_DATE.fullmatch(t):
        return _reference_date(dt.date(int(m[1]), int(m[2]), int(m[3])))
    if m := _DE_DATE.fullmatch(t):
        return _reference_date(dt.date(int(m[3]), int(m[2]), int(m[1])))
    if _YEAR.fullmatch(t):
        return _year(int(t), label)
    if m := _SPLIT_YEAR.fullmatch(t):
        first, second = int(m[1]), int(m[2])
        if second != first + 1 and second != (first + 1) % 100:
            raise ValueError(t)
        if code.startswith("SEMEST") or "semester" in label.lower():
            return _semester(first, 10)
        return Period("Schuljahr", dt.date(first + 1, 7, 31), f"Schuljahr {first}/{(first + 1) % 100:02d}", first + 1)
    if m := _INTERVAL.fullmatch(t):
        return _interval(int(m[1]), int(m[2]), int(m[3] or 1), int(m[4]), m[5])
    raise ValueError(t)


def read_long(
    reader: Rows,
    header: list[str],
    *,
    fmt: str,
    name: str,
    statistic: tuple[int, int],
    time: tuple[int, int, int],
    groups: list[Group],
    values: list[ValueColumn],
    warnings: list[str],
) -> ParsedTable:
    """Turn the data rows of a long-format file into a ParsedTable.

    The series identity is the value column's measure plus the set of (variable, attribute)
    code pairs of the classifications, so rows that put the same classifications into
    different slots land in the same series. Where no variable code is a known regional one,
    the rows wait until the end: then a variable whose attribute codes look like region keys
    in every such row is taken as the region, else the rows belong to Germany (``DG``).
    """
    width = len(header)
    var_codes = _tuple_getter([g.code for g in groups])
    time_key = itemgetter(*time)

    periods: list[Period] = []
    period_by_key: dict[tuple[str, str, str], int] = {}
    period_by_value: dict[Period, int] = {}
    series: list[SeriesDesc] = []
    series_by_key: dict[tuple, int] = {}
    series_by_identity: dict[tuple, int] = {}
    cells: list[RawCell] = []
    layouts: dict[tuple[str, ...], _Layout | None] = {}
    pending: list[tuple[int, list[str]]] = []
    strings: dict[str, str] = {}
    region_names: dict[str, str] = {}
    unknown_flags: dict[str, int] = {}
    first_row: list[str] | None = None
    table = ""

    def layout_for(codes: tuple[str, ...], region_code: str | None) -> _Layout:
        if region_code is None:
            slot = next((i for i, c in enumerate(codes) if is_regional_code(c)), None)
        else:
            slot = next((i for i, c in enumerate(codes) if c == region_code), None)
        classes = tuple(i for i in range(len(groups)) if i != slot)
        fields = [idx for i in classes for idx in (groups[i].attr_code, groups[i].attr_label)]
        return _Layout(groups[slot] if slot is not None else None, classes, _tuple_getter(fields))

    def new_period(key: tuple[str, str, str], line: int) -> int:
        code, label, text = key
        try:
            period = parse_period(code, label, text)
        except ValueError:
            raise ReadError(f"Zeitangabe '{text}' (Zeitcode '{code}') nicht lesbar", line) from None
        index = period_by_value.get(period)
        if index is None:
            index = period_by_value[period] = len(periods)
            periods.append(period)
        period_by_key[key] = index
        return index

    def new_series(key: tuple, layout: _Layout) -> int:
        (code, label, unit), codes, class_values = key
        classes = sorted(
            (codes[slot], class_values[2 * n], class_values[2 * n + 1]) for n, slot in enumerate(layout.classes)
        )
        measure, unit = collapse(label), collapse(unit)
        identity = (code.strip(), measure, unit, tuple((var, attr) for var, attr, _ in classes))
        index = series_by_identity.get(identity)
        if index is None:
            parts = (measure, *(collapse(attr_label) or "Insgesamt" for _, _, attr_label in classes))
            codes_out = (code.strip(), *(f"{var}:{attr}" for var, attr, _ in classes))
            index = series_by_identity[identity] = len(series)
            series.append(SeriesDesc(table, measure, parts, unit, codes_out))
        series_by_key[key] = index
        return index

    def emit(line: int, row: list[str], codes: tuple[str, ...], layout: _Layout) -> None:
        region = layout.region
        if region is None:
            key, region_name = GERMANY
        else:
            key = row[region.attr_code]
            if not key.strip():
                raise ReadError("Regionalschlüssel fehlt", line)
            key = strings.setdefault(key, key)
            raw_name = row[region.attr_label]
            region_name = region_names.get(raw_name)
            if region_name is None:
                region_name = region_names[raw_name] = raw_name.strip()
        tkey = time_key(row)
        period = period_by_key.get(tkey)
        if period is None:
            period = new_period(tkey, line)
        class_values = layout.class_values(row)
        for column in values:
            skey = (column.measure(row), codes, class_values)
            index = series_by_key.get(skey)
            if index is None:
                index = new_series(skey, layout)
            text = row[column.value]
            if not text:
                raise ReadError(f"Wert fehlt (Spalte '{column.name}')", line)
            try:
                parse_cell(text)
            except ValueError:
                raise ReadError(f"Wert '{text}' in Spalte '{column.name}' ist weder Zahl noch Zeichen", line) from None
            quality = (row[column.quality] or None) if column.quality is not None else None
            if quality is not None:
                quality = strings.setdefault(quality, quality)
                if quality not in QUALITY_FLAGS:
                    unknown_flags[quality] = unknown_flags.get(quality, 0) + 1
            cells.append((key, region_name, period, index, strings.setdefault(text, text), quality, line))

    end = reader.line_num
    try:
        for row in reader:
            start, end = end + 1, reader.line_num  # a quoted field may span lines: name where the row starts
            if len(row) != width:
                if not row or (len(row) == 1 and not row[0].strip()):
                    continue  # blank line
                raise ReadError(f"Zeile hat {len(row)} statt {width} Felder (Datei abgeschnitten?)", start)
            if first_row is None:
                first_row = row
                table = table_code_from_name(name, row[statistic[0]].strip())
            codes = var_codes(row)
            if codes in layouts:
                layout = layouts[codes]
            else:
                layout = layouts[codes] = layout_for(codes, None) if any(is_regional_code(c) for c in codes) else None
            if layout is None:
                pending.append((start, row))
            else:
                emit(start, row, codes, layout)
    except csv.Error as exc:
        raise ReadError(f"CSV nicht lesbar ({exc})", end + 1) from None

    if first_row is None:
        raise ReadError("Datei enthält keine Datenzeilen", line=2)
    if pending:
        region_code = _fallback_region(pending, groups)
        fallback_layouts: dict[tuple[str, ...], _Layout] = {}
        for line, row in pending:
            codes = var_codes(row)
            layout = fallback_layouts.get(codes)
            if layout is None:
                layout = fallback_layouts[codes] = layout_for(codes, region_code)
            emit(line, row, codes, layout)
        if len(cells) > len(pending) * len(values):
            cells.sort(key=itemgetter(6))  # back into file order
    if unknown_flags:
        listed = ", ".join(f"'{flag}' ({count}×)" for flag, count in unknown_flags.items())
        warnings.append(f"Unbekannte Qualitätskennzeichen übernommen: {listed}")

    label = collapse(first_row[statistic[1]])
    return ParsedTable(
        format=fmt,
        table=table,
        title=label,
        source=label,
        stand=None,
        series=series,
        periods=periods,
        cells=cells,
        warnings=warnings,
    )


def _fallback_region(pending: list[tuple[int, list[str]]], groups: list[Group]) -> str | None:
    """The variable code that holds region-like keys in every row, in the earliest slot; else None."""
    candidates: list[str] | None = None
    for _, row in pending:
        good = [row[g.code] for g in groups if looks_like_region_key(row[g.attr_code])]
        candidates = good if candidates is None else [c for c in candidates if c in good]
        if not candidates:
            return None
    return candidates[0] if candidates else None
