"""Values as files for people and programs: CSV and XLSX with their metadata.

``GET /download/{indikator}.{csv|xlsx}[?jahr=JJJJ]`` (routed in ``exports.web``) gives the
view of one year, or every year of an indicator, as a CSV (German: semicolon and decimal comma;
with ``lang=en``: comma and decimal point; UTF-8 with BOM, so Excel opens it right) or as an XLSX, each with a metadata block:
Indikator, Definition, Einheit, Quelle, Stand, Zeichenerklärung and the demo mark.
The API's ``format=xlsx`` uses :func:`workbook` for its sheets.

Text that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@`` at the start)
is neutralised: an apostrophe in CSV, an explicit text cell with quote prefix in XLSX.
A sign standing alone ("-") stays as it is.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd
from flask import Response, has_request_context, send_file
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

import security
import texts
from data_access import access, catalogue
from data_access.store import SERIES_PREFIX, Store
from exports import download_links
from formatting import format_date, period_text, round_half_up

FORMULA_START = ("=", "+", "-", "@")
COMPUTED_METHODS = frozenset({"ratio", "sum", "growth", "parts"})
MAX_PARAM = 200  # longer than any id or year
VALUE_COLUMN = 3  # index of the value in texts.DOWNLOAD_COLUMNS (its heading differs by language)

Cell = str | int | float | Decimal | bool | None


class DownloadError(Exception):
    """A parameter the download cannot use: status and a German message for the caller."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


# -- who may read which indicator --------------------------------------------------


def reader() -> access.Access:
    """This request's reader (``security.reader_access``); outside a request (CLI, benchmarks) everything."""
    if not has_request_context():
        return access.Access(sees_internal=True)
    return security.reader_access()


def id_kind(indicator_id: str) -> str:
    """Which kind of internal mark governs an id: a base series (``s-…``) or a catalogue indicator."""
    return access.SERIES if indicator_id.startswith(SERIES_PREFIX) else access.INDICATOR


def allows(who: access.Access, indicator_id: str) -> bool:
    """True when ``who`` may see the indicator or base series ``indicator_id``."""
    return who.allows(id_kind(indicator_id), indicator_id)


def visible_spec(store: Store, indicator_id: str, who: access.Access) -> catalogue.IndicatorSpec:
    """``store.spec``, but an item internal to this reader is a ``KeyError`` too, exactly like an unknown id.

    The marks are asked before the store, so no data of an internal item is read for a public reader.
    """
    if not allows(who, indicator_id):
        raise KeyError(indicator_id)
    spec = store.spec(indicator_id)
    if not allows(who, spec.id):
        raise KeyError(indicator_id)
    return spec


def is_formula_like(value: object) -> bool:
    """Text a spreadsheet would evaluate; a lone sign such as ``-`` is not."""
    return isinstance(value, str) and len(value) > 1 and value.startswith(FORMULA_START)


def neutralise(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe; a lone sign stays."""
    return "'" + value if is_formula_like(value) else value  # type: ignore[operator]


def german_date(value: object) -> str | None:
    """Any date or timestamp as ``dd.mm.yyyy`` (English: ``1 March 2024``); ``None`` for a missing one."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    try:
        return format_date(pd.Timestamp(value).date())
    except (ValueError, TypeError):
        return None


def latest_stand(stands: Iterable[object]) -> str:
    """The latest ``Stand`` of some rows as ``dd.mm.yyyy``, or "nicht angegeben"."""
    parsed = pd.to_datetime(pd.Series(list(stands), dtype="object"), errors="coerce").dropna()
    return format_date(parsed.max().date()) if len(parsed) else texts.META_NO_STAND


def retrieved_now() -> str:
    """The download time in the page's notation ("01.03.2024 14:05 Uhr"), local time of the server."""
    now = dt.datetime.now().astimezone()
    return texts.META_RETRIEVED_AT.format(date=format_date(now.date()), time=f"{now:%H:%M}")


@dataclass(frozen=True)
class Metadata:
    """What a file says about its values; ``request`` lists the filters of the download."""

    indicator: str
    definition: str
    unit: str
    source: str
    stand: str
    demo: str | None
    request: tuple[tuple[str, str], ...]
    retrieved: str

    def head(self) -> list[tuple[str, str]]:
        """Label and text before the legend of signs."""
        return [
            (texts.INDICATOR_LABEL, self.indicator),
            (texts.DEFINITION, self.definition),
            (texts.UNIT, self.unit or "–"),
            (texts.SOURCE, self.source),
            (texts.META_STAND, self.stand),
        ]

    def tail(self) -> list[tuple[str, str]]:
        """Label and text after the legend of signs: demo mark, filters, download time."""
        demo = [(texts.DEMO_LABEL, self.demo)] if self.demo else []
        return [*demo, *self.request, (texts.META_RETRIEVED, self.retrieved)]

    def csv_lines(self) -> list[list[str]]:
        """The block above a CSV table: one line per item, the signs in one line."""
        signs = ", ".join(texts.SIGN_QUOTED.format(sign=sign, meaning=meaning) for sign, meaning in texts.SIGNS.items())
        return [[label, _one_line(text)] for label, text in [*self.head(), (texts.SIGNS_HEADING, signs), *self.tail()]]

    def sheet_rows(self) -> list[list[str]]:
        """The metadata sheet: one row per item, each sign with its meaning in a row of its own."""
        signs = [
            [texts.SIGNS_HEADING if i == 0 else "", sign, meaning]
            for i, (sign, meaning) in enumerate(texts.SIGNS.items())
        ]
        return [
            *([label, text] for label, text in self.head()),
            *signs,
            *([label, text] for label, text in self.tail()),
        ]


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def metadata(spec: catalogue.IndicatorSpec, frame: pd.DataFrame, request: Sequence[tuple[str, str]]) -> Metadata:
    """The metadata of some observation rows of one indicator (``Store.observations`` columns)."""
    demo_rows = int((frame["kind"] == "demo").sum()) if len(frame) else 0
    return Metadata(
        indicator=f"{spec.name} ({spec.id})",
        definition=spec.definition,
        unit=spec.unit,
        source=_sources(spec, frame),
        stand=latest_stand(frame["stand"]) if len(frame) else texts.META_NO_STAND,
        demo=texts.META_DEMO.format(demo=demo_rows, total=len(frame)) if demo_rows else None,
        request=tuple(request),
        retrieved=retrieved_now(),
    )


def row_source(row: object, spec: catalogue.IndicatorSpec) -> str:
    """A row's source: demo values never name an official table."""
    if getattr(row, "kind", None) == "demo":
        return texts.DEMO_LABEL
    source = getattr(row, "source", None)
    return source if isinstance(source, str) and source else spec.source


def _sources(spec: catalogue.IndicatorSpec, frame: pd.DataFrame) -> str:
    if not len(frame):
        return spec.source
    return "; ".join(dict.fromkeys(row_source(row, spec) for row in frame.itertuples(index=False)))


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and pd.isna(value))


def table_rows(spec: catalogue.IndicatorSpec, frame: pd.DataFrame, names: dict[str, str]) -> list[list[Cell]]:
    """People's table (``texts.DOWNLOAD_COLUMNS``): Gemeinden first, then Kreis, Land, Bund; per period.

    A value is rounded once, half up, to the indicator's decimals; a sign without a value
    leaves the value empty, never 0.
    """
    rows = sorted(
        frame.itertuples(index=False),
        key=lambda r: (pd.Timestamp(r.period_date), -len(str(r.region_key)), str(r.region_key)),
    )
    return [
        [
            names.get(row.region_key, row.region_key),
            row.region_key,
            period_text(row.period_label),
            None if _missing(row.value) else round_half_up(float(row.value), spec.decimals),
            None if _missing(row.sign) else row.sign,
            None if _missing(row.quality) else row.quality,
            texts.YES if row.method in COMPUTED_METHODS else texts.NO,
            row_source(row, spec),
            german_date(row.stand),
        ]
        for row in rows
    ]


# -- writers -----------------------------------------------------------------


def _csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return texts.YES if value else texts.NO
    if isinstance(value, Decimal):
        return f"{value:f}".replace(".", texts.CSV_DECIMAL)
    if isinstance(value, float):
        return repr(value).replace(".", texts.CSV_DECIMAL)
    if isinstance(value, int):
        return str(value)
    return str(neutralise(_one_line(value)))


def view_csv(meta: Metadata, rows: Iterable[Sequence[Cell]]) -> bytes:
    """CSV as a spreadsheet of the page's language opens it: metadata block, an empty line, then the table.

    UTF-8 with BOM; German ``;`` and decimal comma, English ``,`` and decimal point.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=texts.CSV_DELIMITER, lineterminator="\r\n")
    for line in meta.csv_lines():
        writer.writerow([_csv_cell(cell) for cell in line])
    writer.writerow([])
    writer.writerow(texts.DOWNLOAD_COLUMNS)
    for row in rows:
        writer.writerow([_csv_cell(cell) for cell in row])
    return buffer.getvalue().encode("utf-8-sig")


def _xlsx_value(value: object) -> Cell:
    if value is None or isinstance(value, (bool, int, str)):
        return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, float):
        return None if pd.isna(value) else value
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


@dataclass(frozen=True)
class Sheet:
    """One worksheet: title, header row (or none) and rows; ``formats`` maps a 0-based column to a number format."""

    title: str
    header: Sequence[str] | None
    rows: Iterable[Sequence[object]]
    formats: dict[int, str] = field(default_factory=dict)


def workbook(sheets: Sequence[Sheet]) -> bytes:
    """An XLSX of the sheets: numbers as numbers, ``None`` as empty, text always as text.

    A formula-like text is written as an explicit text cell with Excel's quote prefix, so no
    spreadsheet evaluates it, not even after editing the cell.
    """
    book = Workbook()
    book.remove(book.active)
    for spec in sheets:
        sheet = book.create_sheet(spec.title)
        start = 1
        if spec.header:
            for col, name in enumerate(spec.header, start=1):
                sheet.cell(row=1, column=col, value=name).font = Font(bold=True)
            sheet.freeze_panes = "A2"
            start = 2
        for r, row in enumerate(spec.rows, start=start):
            for col, raw in enumerate(row, start=1):
                value = _xlsx_value(raw)
                if value is None:
                    continue
                cell = sheet.cell(row=r, column=col, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # openpyxl would take "=…" as a formula
                    if is_formula_like(value):
                        cell.quotePrefix = True
                elif col - 1 in spec.formats and not isinstance(value, bool):
                    cell.number_format = spec.formats[col - 1]
        for col, width in _widths(sheet).items():
            sheet.column_dimensions[col].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _widths(sheet: Worksheet) -> dict[str, float]:
    widths: dict[str, float] = {}
    for column in sheet.iter_cols():
        longest = max((len(str(c.value)) for c in column if c.value is not None), default=0)
        widths[column[0].column_letter] = min(max(10, longest + 2), 60)
    return widths


def view_xlsx(meta: Metadata, rows: Iterable[Sequence[Cell]], decimals: int) -> bytes:
    """Sheet "Daten" (the people's table, values with the indicator's decimals) and sheet "Metadaten"."""
    value_format = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return workbook(
        [
            Sheet(texts.SHEET_DATA, texts.DOWNLOAD_COLUMNS, rows, {VALUE_COLUMN: value_format}),
            Sheet(texts.SHEET_METADATA, None, meta.sheet_rows()),
        ]
    )


# -- the /download endpoint ----------------------------------------------------


def _year_range(years: list[int]) -> str:
    if not years:
        return texts.YEARS_NONE
    return f"{years[0]}–{years[-1]}" if years == list(range(years[0], years[-1] + 1)) else ", ".join(map(str, years))


def download(store: Store, name: str, raw_year: str | None, who: access.Access | None = None) -> Response:
    """One indicator's values as a file: the view of ``jahr`` or, without it, every year.

    An indicator internal to ``who`` (default: this request's reader) answers exactly like an unknown one.
    """
    indicator_id, dot, fmt = name.rpartition(".")
    if not dot:
        raise DownloadError(400, texts.DOWNLOAD_NO_FORMAT)
    if fmt not in download_links.FORMATS:
        raise DownloadError(400, texts.DOWNLOAD_UNKNOWN_FORMAT.format(fmt=fmt[:20]))
    try:
        spec = visible_spec(store, indicator_id[:MAX_PARAM], reader() if who is None else who)
    except KeyError:
        raise DownloadError(404, texts.EXPORT_UNKNOWN_INDICATOR.format(indicator=indicator_id[:80])) from None

    frame = store.observations(spec.id)
    year: int | None = None
    raw_year = (raw_year or "").strip()[:MAX_PARAM]
    if raw_year:
        if not (raw_year.isascii() and raw_year.isdigit() and len(raw_year) == 4):
            raise DownloadError(400, texts.EXPORT_BAD_YEAR.format(year=raw_year[:20]))
        year = int(raw_year)
        years = sorted(int(y) for y in frame["year"].unique())
        if year not in years:
            message = texts.EXPORT_MISSING_YEAR.format(name=spec.name, year=year, years=_year_range(years))
            raise DownloadError(400, message)
        frame = frame[frame["year"] == year]

    names = dict(store.regions()[["key", "name"]].itertuples(index=False, name=None))
    request = [(texts.YEAR_LABEL, str(year) if year is not None else texts.META_ALL_YEARS)]
    meta = metadata(spec, frame, request)
    rows = table_rows(spec, frame, names)
    if fmt == "csv":
        data = view_csv(meta, rows)
    else:
        data = view_xlsx(meta, rows, spec.decimals)
    response = send_file(
        io.BytesIO(data),
        mimetype=download_links.MIMETYPES[fmt],
        as_attachment=True,
        download_name=download_links.file_name(spec.id, fmt, year),
        max_age=0,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
