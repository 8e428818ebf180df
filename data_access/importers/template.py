"""The Landkreis template for the office's own figures (CSV or XLSX).

Long form, one value per row: ``indicator;region;period;value;flag;note``
(German headings ``Indikator;Region;Zeitraum;Wert;Zeichen;Anmerkung`` work too).
Wide form: ``indicator;region;2019;2020;…`` with one column per year.
``indicator`` is a catalogue id (the values then feed that indicator) or any
other name (the values become a base series of their own, "Weitere Daten").
A bare year takes the indicator's reference date (Kita 01.03., population 31.12.,
schools the school year), so own and official values meet in one period.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable

from data_access import catalogue
from data_access.importers.base import (
    NO_VALUE_SIGNS,
    QUALITY_FLAGS,
    SIGNS,
    Footnote,
    ParsedTable,
    Period,
    RawCell,
    ReadError,
    SeriesDesc,
    parse_cell,
)

OWN_PREFIX = "LK:"
COLUMNS = {
    "indicator": ("indicator", "indikator", "kennzahl"),
    "region": ("region", "gebiet", "ags", "schlüssel", "schluessel", "regionalschlüssel"),
    "period": ("period", "zeitraum", "jahr", "stichtag"),
    "value": ("value", "wert"),
    "flag": ("flag", "zeichen", "sonderzeichen"),
    "note": ("note", "anmerkung", "hinweis"),
}
TEMPLATE_HEADER = ["indicator", "region", "period", "value", "flag", "note"]
_YEAR = re.compile(r"^(19|20)\d\d$")
_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00:00)?$")
_SCHOOL_YEAR = re.compile(r"^(\d{4})/(\d{2})$")


def _column(name: str) -> str | None:
    key = name.strip().lower().lstrip("\ufeff")
    for column, aliases in COLUMNS.items():
        if key in aliases:
            return column
    return None


def looks_like_template(first_line: str) -> bool:
    """A header with an indicator and a region column (long or wide form)."""
    cells = [_column(c) for c in re.split(r"[;,\t]", first_line)]
    return "indicator" in cells and "region" in cells


def _period(text: str, indicator_id: str, line: int) -> Period:
    t = text.strip()
    if t.endswith(".0") and _YEAR.match(t[:-2]):
        t = t[:-2]
    spec = _spec(indicator_id)
    if _YEAR.match(t):
        year = int(t)
        reference = spec.reference if spec else "Jahr"
        if reference == "Schuljahr":
            return Period("Schuljahr", dt.date(year, 7, 31), f"Schuljahr {year - 1}/{year % 100:02d}", year)
        if re.fullmatch(r"\d\d\.\d\d\.", reference):
            day, month = int(reference[:2]), int(reference[3:5])
            return Period("Stichtag", dt.date(year, month, day), f"{reference}{year}", year)
        return Period("Jahr", dt.date(year, 12, 31), str(year), year)
    if m := _SCHOOL_YEAR.match(t):
        start = int(m.group(1))
        year = start + 1
        if int(m.group(2)) != year % 100:
            raise ReadError(f"Schuljahr „{t}“ ist ungültig (erwartet z. B. 2022/23).", line)
        return Period("Schuljahr", dt.date(year, 7, 31), f"Schuljahr {start}/{year % 100:02d}", year)
    try:
        if m := _DATE.match(t):
            date = dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        elif m := _ISO.match(t):
            date = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        else:
            raise ValueError
    except ValueError as error:
        raise ReadError(
            f"Zeitraum „{t}“ ist unlesbar (erwartet: Jahr wie 2024, Datum wie 31.12.2024 oder Schuljahr 2022/23).",
            line,
        ) from error
    return Period("Stichtag", date, date.strftime("%d.%m.%Y"), date.year)


def _spec(indicator_id: str) -> catalogue.IndicatorSpec | None:
    try:
        return catalogue.indicator(indicator_id)
    except KeyError:
        return None


def _cell_text(value: str, flag: str, line: int) -> tuple[str, str | None]:
    """Value and flag columns → cell text for ``parse_cell`` and a quality flag."""
    value, flag = value.strip(), flag.strip()
    if flag in SIGNS or flag in ("…", "X"):
        if value and flag in NO_VALUE_SIGNS | {"…", "X"}:
            raise ReadError(f"Wert „{value}“ und Zeichen „{flag}“ zugleich: ein geheimer Wert hat keine Zahl.", line)
        return (value if value and flag == "-" else flag), None
    if flag and flag not in QUALITY_FLAGS:
        raise ReadError(f"Zeichen „{flag}“ ist unbekannt (erlaubt: - . ... / x () p r s e).", line)
    if not value:
        raise ReadError("Wert fehlt (für einen fehlenden Wert bitte ein Zeichen wie „.“ angeben).", line)
    return value, (flag or None)


def _build(rows: list[tuple[int, list[str]]], name: str) -> ParsedTable:
    """Rows as (line, cells) with the header first → ParsedTable."""
    if not rows:
        raise ReadError("Die Datei ist leer.")
    header_line, header = rows[0]
    columns = [_column(h) for h in header]
    if "indicator" not in columns or "region" not in columns:
        raise ReadError("Kopfzeile ohne Spalten „indicator“ und „region“.", header_line)
    wide_years = {i: h.strip() for i, h in enumerate(header) if columns[i] is None and _YEAR.match(h.strip())}
    if "value" not in columns and not wide_years:
        raise ReadError("Kopfzeile ohne Spalte „value“ und ohne Jahresspalten.", header_line)
    if "value" in columns and "period" not in columns:
        raise ReadError("Kopfzeile ohne Spalte „period“.", header_line)
    at = {c: columns.index(c) for c in COLUMNS if c in columns}
    series: dict[str, int] = {}
    descs: list[SeriesDesc] = []
    periods: dict[Period, int] = {}
    cells: list[RawCell] = []
    notes = []

    def get(cells_: list[str], column: str) -> str:
        i = at.get(column)
        return cells_[i].strip() if i is not None and i < len(cells_) else ""

    def add(line: int, indicator_id: str, region: str, period_text: str, value: str, flag: str) -> None:
        text, quality = _cell_text(value, flag, line)
        try:
            parse_cell(text)
        except ValueError as error:
            raise ReadError(f"Wert „{value}“ ist keine Zahl und kein Zeichen.", line) from error
        period = _period(period_text, indicator_id, line)
        if indicator_id not in series:
            spec = _spec(indicator_id)
            series[indicator_id] = len(descs)
            descs.append(
                SeriesDesc(
                    table=OWN_PREFIX + indicator_id,
                    measure=spec.german("name") if spec else indicator_id,
                    parts=(spec.german("name") if spec else indicator_id,),
                    unit=spec.german("unit") if spec else "",
                    codes=(indicator_id,),
                )
            )
        pi = periods.setdefault(period, len(periods))
        cells.append((region, "", pi, series[indicator_id], text, quality, line))

    for line, row in rows[1:]:
        if not any(c.strip() for c in row):
            continue
        indicator_id, region = get(row, "indicator"), get(row, "region")
        if not indicator_id:
            raise ReadError("Spalte „indicator“ ist leer.", line)
        if not region:
            raise ReadError("Spalte „region“ ist leer.", line)
        if len(indicator_id) > 60:
            raise ReadError("Der Indikatorname ist länger als 60 Zeichen.", line)
        if wide_years:
            for i, year in wide_years.items():
                raw = row[i].strip() if i < len(row) else ""
                if raw:
                    flag = raw if raw in SIGNS or raw in ("…", "X") else ""
                    add(line, indicator_id, region, year, "" if flag else raw, flag)
        else:
            add(line, indicator_id, region, get(row, "period"), get(row, "value"), get(row, "flag"))
        if note := get(row, "note"):
            notes.append(f"{indicator_id} {region}: {note}")
    if not cells:
        raise ReadError("Die Vorlage enthält keine Werte.", header_line)
    return ParsedTable(
        format="template",
        table="Vorlage",
        title=f"Eigene Daten des Landkreises ({name})" if name else "Eigene Daten des Landkreises",
        source="Eigene Daten des Landkreises",
        stand=None,
        series=descs,
        periods=list(periods),
        cells=cells,
        footnotes=[Footnote("", n) for n in notes],
    )


def read_csv(text: str, name: str = "") -> ParsedTable:
    """The template as CSV (``;`` or ``,`` or tab separated)."""
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    try:
        rows = [
            (i + 1, row) for i, row in enumerate(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter))
        ]
    except csv.Error as error:
        raise ReadError(f"CSV-Fehler: {error}") from error
    return _build(rows, name)


MAX_XLSX_ROWS = 1_000_000
MAX_XLSX_COLUMNS = 50  # the template has six; anything further right is not read


def read_xlsx(data: bytes, name: str = "") -> ParsedTable:
    """The template as Excel workbook: the sheet "Daten", else the first sheet."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken workbook
        raise ReadError(f"Die Excel-Datei ist beschädigt oder kein gültiges XLSX ({type(error).__name__}).") from error
    try:
        sheet = book["Daten"] if "Daten" in book.sheetnames else book.worksheets[0]
        # The declared size is the file's claim, not its content: a 5 KB file may declare XFD1048576,
        # and padding every row to it would need gigabytes. Rows are read as they are, empty ones skipped.
        sheet.reset_dimensions()
        rows = []
        for i, values in enumerate(sheet.iter_rows(values_only=True)):
            if i >= MAX_XLSX_ROWS:
                raise ReadError("Die Excel-Tabelle hat mehr als 1 000 000 Zeilen.")
            if any(v is not None for v in values):
                rows.append((i + 1, [_excel_text(v) for v in values[:MAX_XLSX_COLUMNS]]))
    except ReadError:
        raise
    except Exception as error:  # a sheet damaged inside: openpyxl notices only while reading its rows
        raise ReadError(f"Die Excel-Datei ist beschädigt oder kein gültiges XLSX ({type(error).__name__}).") from error
    finally:
        book.close()
    return _build(rows, name)


def _excel_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# Example rows of the template: a count and a rate (with a secret cell), each with fallbacks in case
# the first indicator is marked internal: the public template must not name an internal one.
_COUNT_EXAMPLES = ("vhs_kurse", "vhs_ustd_je_1000")
_RATE_EXAMPLES = ("betreuungsquote_u3", "betreuungsquote_3_6", "ganztagsquote_u3")


def example_rate(allowed: Callable[[str], bool] = lambda _id: True) -> str | None:
    """The rate indicator the template's examples use: the first the reader may see."""
    return next((i for i in _RATE_EXAMPLES if allowed(i)), None)


def template_csv(allowed: Callable[[str], bool] = lambda _id: True) -> str:
    """The empty template offered for download, with one example row per kind of use.

    ``allowed`` says which indicator ids the reader may see; the examples use only those.
    """
    lines = [";".join(TEMPLATE_HEADER)]
    count = next((i for i in _COUNT_EXAMPLES if allowed(i)), None)
    if count:
        lines.append(f"{count};03453004;2024;312;;Kursort Cloppenburg")
    rate = example_rate(allowed)
    if rate:
        lines.append(f"{rate};03453001;2024;31,5;;Jugendamt")
        lines.append(f"{rate};03453002;2024;;.;geheim (weniger als 3 Kinder)")
    return "\n".join(lines) + "\n"
