"""The empty template as an Excel workbook: the sheet the importer reads, and what each column means.

"Daten" holds the header and the example rows of the CSV template, so both downloads
describe the same thing; the explanation sheet ("Erläuterung", in English "Explanation")
explains the columns and the indicator sheet lists the catalogue ids a row may name, both in
the request's language. "Daten" keeps its name in either language: the importer looks for it.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

import texts
from data_access import catalogue
from data_access.importers.template import TEMPLATE_HEADER, example_rate, template_csv
from webpages import messages

DATA_SHEET = "Daten"

_NO_VALUE = ("-", ".", "...", "/", "x")
_QUALITY = ("()", "p", "r", "s", "e")


def _signs(keys: tuple[str, ...]) -> str:
    return "; ".join(f"{k} = {texts.SIGNS[k]}" for k in keys)


def explanation(allowed: Callable[[str], bool] = lambda _id: True) -> list[tuple[str, str, str]]:
    """Column, meaning, examples: one row per column of the template, in the request's language."""
    return [
        (
            "indicator",
            messages.HELP_INDICATOR.format(sheet=messages.SHEET_INDICATORS),
            messages.HELP_INDICATOR_EXAMPLES.format(indicator=example_rate(allowed) or "vhs_kurse"),
        ),
        ("region", messages.HELP_REGION, "03453004 · 03453 · 03 · DG"),
        ("period", messages.HELP_PERIOD, "2024 · 31.12.2024 · 2022/23"),
        ("value", messages.HELP_VALUE, messages.HELP_VALUE_EXAMPLES),
        (
            "flag",
            messages.HELP_FLAG.format(missing=_signs(_NO_VALUE), quality=_signs(_QUALITY)),
            messages.HELP_FLAG_EXAMPLES,
        ),
        ("note", messages.HELP_NOTE_COLUMN, messages.HELP_NOTE_EXAMPLES),
    ]


def general_notes() -> list[str]:
    return [note.format(sheet=DATA_SHEET) for note in messages.HELP_GENERAL]


def _example_rows(allowed: Callable[[str], bool]) -> list[list[object]]:
    """The CSV template's example rows, with years and plain numbers as numbers and keys as text."""
    rows: list[list[object]] = []
    for line in template_csv(allowed).splitlines()[1:]:
        cells: list[object] = line.split(";")
        period, value = str(cells[2]), str(cells[3])
        if period.isdigit():
            cells[2] = int(period)
        if value:
            number = float(value.replace(",", "."))
            cells[3] = int(number) if number.is_integer() else number
        rows.append(cells)
    return rows


def _widths(sheet: Worksheet, widths: list[int]) -> None:
    for column, width in zip("ABCDEF", widths, strict=False):
        sheet.column_dimensions[column].width = width


def template_xlsx(allowed: Callable[[str], bool] = lambda _id: True) -> bytes:
    """The workbook as bytes, ready to send; it lists and uses only indicators ``allowed`` lets the reader see."""
    book = Workbook()
    data = book.active
    data.title = DATA_SHEET
    data.append(TEMPLATE_HEADER)
    for row in _example_rows(allowed):
        data.append(row)
    for cell in data[1]:
        cell.font = Font(bold=True)
    for (cell,) in data.iter_rows(min_row=2, max_row=500, min_col=2, max_col=2):
        cell.number_format = "@"  # region keys stay text, with their leading zero
    data.freeze_panes = "A2"
    _widths(data, [28, 12, 10, 10, 8, 40])

    help_sheet = book.create_sheet(messages.SHEET_HELP)
    help_sheet.append(list(messages.HELP_HEAD))
    for row in explanation(allowed):
        help_sheet.append(list(row))
    help_sheet.append([])
    for note in general_notes():
        help_sheet.append([messages.HELP_NOTE, note])
    for cell in help_sheet[1]:
        cell.font = Font(bold=True)
    for row in help_sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    _widths(help_sheet, [12, 90, 36])

    indicators = book.create_sheet(messages.SHEET_INDICATORS)
    indicators.append(list(messages.INDICATORS_HEAD))
    for spec in catalogue.INDICATORS:
        if allowed(spec.id):
            indicators.append([spec.id, spec.name, spec.unit, spec.reference])
    for cell in indicators[1]:
        cell.font = Font(bold=True)
    _widths(indicators, [34, 70, 16, 12])

    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
