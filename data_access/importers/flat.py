"""Reader for the older GENESIS flat CSV (``Statistik_Code;…;BEVSTD__Bevoelkerungsstand__Anzahl``).

GENESIS-Online and the Regionaldatenbank delivered this long layout before 2024
(FORMATS.md §3): German column names, numbered ``N_Merkmal_*``/``N_Auspraegung_*``
groups, and one or more value columns named ``<CODE>__<Label>__<Unit>`` per row. Apart
from the column names and the value columns it is the ffcsv layout, so the long-format
core of :mod:`ffcsv` does the work.
"""

from __future__ import annotations

import re

from .base import ParsedTable, ReadError
from .ffcsv import Group, ValueColumn, check_duplicates, open_csv, read_long

FORMAT = "flat"

_GROUP_COLUMN = re.compile(r"(\d+)_(merkmal_code|merkmal_label|auspraegung_code|auspraegung_label)")
_REQUIRED = ("Statistik_Code", "Statistik_Label", "Zeit_Code", "Zeit_Label", "Zeit")
_GROUP_PARTS = ("merkmal_code", "merkmal_label", "auspraegung_code", "auspraegung_label")


def read(text: str, name: str = "") -> ParsedTable:
    """Read an old flat CSV into the long form; ``name`` (the file name) supplies the table code."""
    reader, header = open_csv(text)
    if header[0].strip().lower() != "statistik_code":
        raise ReadError("Kopfzeile ist kein Flat-CSV-Kopf (erwartet 'Statistik_Code;Statistik_Label;…')", line=1)
    lowered = [col.strip().lower() for col in header]
    check_duplicates(lowered)
    columns = {col: i for i, col in enumerate(lowered)}
    required = tuple(col.lower() for col in _REQUIRED)
    for col, shown in zip(required, _REQUIRED, strict=True):
        if col not in columns:
            raise ReadError(f"Spalte '{shown}' fehlt in der Kopfzeile", line=1)

    found: dict[int, dict[str, int]] = {}
    values: list[ValueColumn] = []
    warnings: list[str] = []
    for i, col in enumerate(lowered):
        if col in required:
            continue
        if m := _GROUP_COLUMN.fullmatch(col):
            found.setdefault(int(m.group(1)), {})[m.group(2)] = i
        elif "__" in col:
            values.append(_value_column(header[i].strip(), i))
        elif col:
            warnings.append(f"Spalte '{header[i]}' unbekannt, nicht gelesen")
    if not values:
        raise ReadError("Keine Wertspalte (<CODE>__<Bezeichnung>__<Einheit>) in der Kopfzeile", line=1)
    groups = []
    for number in sorted(found):
        parts = found[number]
        missing = [p for p in _GROUP_PARTS if p not in parts]
        if missing:
            wanted = "_".join(word.capitalize() for word in missing[0].split("_"))
            raise ReadError(f"Spalte '{number}_{wanted}' fehlt in der Kopfzeile", line=1)
        groups.append(Group(parts["merkmal_code"], parts["auspraegung_code"], parts["auspraegung_label"]))

    return read_long(
        reader,
        header,
        fmt=FORMAT,
        name=name,
        statistic=(columns["statistik_code"], columns["statistik_label"]),
        time=(columns["zeit_code"], columns["zeit_label"], columns["zeit"]),
        groups=groups,
        values=values,
        warnings=warnings,
    )


def _value_column(column: str, index: int) -> ValueColumn:
    """``BEV036__Bevoelkerung_in_Hauptwohnsitzhaushalten__1000`` → code, label with spaces, unit.

    Two parts mean code and label without a unit; parts beyond three belong to the label.
    """
    pieces = column.split("__")
    code = pieces[0].strip()
    if len(pieces) == 2:
        label, unit = pieces[1], ""
    else:
        label, unit = "__".join(pieces[1:-1]), pieces[-1]
    label = " ".join(label.replace("_", " ").split())
    unit = " ".join(unit.replace("_", " ").split())
    if not code or not label:
        raise ReadError(f"Wertspalte '{column}' ohne Code oder Bezeichnung", line=1)
    measure = (code, label, unit)
    return ValueColumn(name=column, value=index, quality=None, measure=lambda row: measure)
