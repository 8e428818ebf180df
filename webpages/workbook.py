"""The empty template as an Excel workbook: the sheet the importer reads, and what each column means.

"Daten" holds the header and the example rows of the CSV template, so both
downloads describe the same thing; "Erläuterung" explains the columns in German
and "Indikatoren" lists the catalogue ids a row may name.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

import texts
from data_access import catalogue
from data_access.importers.template import TEMPLATE_HEADER, template_csv

DATA_SHEET = "Daten"
HELP_SHEET = "Erläuterung"
INDICATOR_SHEET = "Indikatoren"

_NO_VALUE = ("-", ".", "...", "/", "x")
_QUALITY = ("()", "p", "r", "s", "e")


def _signs(keys: tuple[str, ...]) -> str:
    return "; ".join(f"{k} = {texts.SIGNS[k]}" for k in keys)


EXPLANATION: list[tuple[str, str, str]] = [
    (
        "indicator",
        "Kennung eines Indikators aus dem Katalog (Blatt „Indikatoren“): die Werte fließen in diesen "
        "Indikator. Oder ein freier Name (höchstens 60 Zeichen): die Werte werden eine eigene Reihe "
        "unter „Weitere Daten“.",
        "betreuungsquote_u3 · Teilnehmende Sprachkurse",
    ),
    (
        "region",
        "Regionalschlüssel: 8-stelliger Gemeindeschlüssel (AGS), 5-stelliger Kreisschlüssel, "
        "2-stelliger Landesschlüssel (03 = Niedersachsen) oder DG für Deutschland. Als Text eingeben, "
        "damit die führende Null bleibt.",
        "03453004 · 03453 · 03 · DG",
    ),
    (
        "period",
        "Zeitraum: ein Jahr (dann gilt der Stichtag des Indikators), ein Datum (TT.MM.JJJJ) oder ein "
        "Schuljahr (JJJJ/JJ).",
        "2024 · 31.12.2024 · 2022/23",
    ),
    (
        "value",
        "Der Wert als Zahl, mit Komma oder Punkt als Dezimaltrennzeichen und ohne Tausendertrennzeichen. "
        "Leer lassen, wenn ein Zeichen in „flag“ den fehlenden Wert erklärt.",
        "31,5 · 31.5 · 1234 (nicht 1.234)",
    ),
    (
        "flag",
        f"Optional. Sonderzeichen statt eines Werts: {_signs(_NO_VALUE)}. "
        f"Oder ein Qualitätskennzeichen zum Wert: {_signs(_QUALITY)}.",
        ". (geheim, Wert leer lassen) · p (vorläufig)",
    ),
    (
        "note",
        "Optional. Freier Text, z. B. die Quelle oder eine Erläuterung; er wird als Fußnote gespeichert.",
        "Jugendamt, Stand 01.03.2024",
    ),
]
GENERAL_NOTES = [
    "Eine Zeile je Wert. Die erste Zeile des Blatts „Daten“ ist die Kopfzeile; deutsche Spaltennamen "
    "(Indikator, Region, Zeitraum, Wert, Zeichen, Anmerkung) gehen auch.",
    "Die Beispielzeilen bitte durch eigene Werte ersetzen. Die Datei auf der Seite „Daten“ hochladen: "
    "sie wird zuerst geprüft, erst nach „Importieren“ gespeichert.",
]


def _example_rows() -> list[list[object]]:
    """The CSV template's example rows, with years and plain numbers as numbers and keys as text."""
    rows: list[list[object]] = []
    for line in template_csv().splitlines()[1:]:
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


def template_xlsx() -> bytes:
    """The workbook as bytes, ready to send."""
    book = Workbook()
    data = book.active
    data.title = DATA_SHEET
    data.append(TEMPLATE_HEADER)
    for row in _example_rows():
        data.append(row)
    for cell in data[1]:
        cell.font = Font(bold=True)
    for (cell,) in data.iter_rows(min_row=2, max_row=500, min_col=2, max_col=2):
        cell.number_format = "@"  # region keys stay text, with their leading zero
    data.freeze_panes = "A2"
    _widths(data, [28, 12, 10, 10, 8, 40])

    help_sheet = book.create_sheet(HELP_SHEET)
    help_sheet.append(["Spalte", "Bedeutung", "Beispiele"])
    for row in EXPLANATION:
        help_sheet.append(list(row))
    help_sheet.append([])
    for note in GENERAL_NOTES:
        help_sheet.append(["Hinweis", note])
    for cell in help_sheet[1]:
        cell.font = Font(bold=True)
    for row in help_sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    _widths(help_sheet, [12, 90, 36])

    indicators = book.create_sheet(INDICATOR_SHEET)
    indicators.append(["Kennung (indicator)", "Indikator", "Einheit", "Stichtag"])
    for spec in catalogue.INDICATORS:
        indicators.append([spec.id, spec.name, spec.unit, spec.reference])
    for cell in indicators[1]:
        cell.font = Font(bold=True)
    _widths(indicators, [34, 70, 16, 12])

    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
