"""The one long form every reader yields, and the cell and period parsing they share.

A reader knows one file layout and nothing of the store: it turns a file into a
:class:`ParsedTable` (table metadata, the value columns as :class:`SeriesDesc`,
the periods, and one :data:`RawCell` tuple per value cell). ``importing.py``
then normalises region keys, applies the scope and writes the store.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

# Signs that stand instead of a value (FORMATS.md §7). "-" is "nothing there": whether that
# is the number 0 or no value at all is a rule of the series (see ``dash_means_zero``).
NO_VALUE_SIGNS = frozenset({".", "...", "/", "x"})
SIGNS = frozenset({"-", *NO_VALUE_SIGNS})
# Quality flags kept beside a value: limited reliability, provisional, revised, estimated, final.
QUALITY_FLAGS = frozenset({"()", "p", "r", "s", "e"})

PERIOD_TYPES = ("Stichtag", "Jahresdurchschnitt", "Jahressumme", "Schuljahr", "Zensusstichtag", "Semester", "Jahr")


class ReadError(Exception):
    """A file cannot be read as it is; the message is German and names line and reason."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line

    def __str__(self) -> str:
        return f"Zeile {self.line}: {self.reason}" if self.line else self.reason


@dataclass(frozen=True, slots=True)
class Period:
    """A period with its exact reference date; ``year`` is the year as the source labels it."""

    type: str  # one of PERIOD_TYPES
    date: dt.date  # the reference date (for sums and averages: the last day of the period)
    label: str  # as people read it: "31.12.2015", "Jahresdurchschnitt 2016", "Schuljahr 2022/23"
    year: int


@dataclass(frozen=True, slots=True)
class SeriesDesc:
    """One value column of a table (together with the values of any row dimensions).

    ``parts`` are the header labels top to bottom, then the row-dimension values, verbatim
    (whitespace collapsed); ``label`` joins them. ``codes`` carries machine codes where the
    format has them (ffcsv: ``"GES:GESW"`` per classification, the value variable code first).
    """

    table: str  # full table code as written in the file, e.g. "21111-02-06-4"
    measure: str  # what is counted or measured, e.g. "Absolventen/Abgänger", "Bevölkerungsstand"
    parts: tuple[str, ...]
    unit: str  # "Anzahl", "Jahre", "%", "1000", … or "" when the file does not say
    codes: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return " · ".join(self.parts)


# (region key as written, region name as written, period index, series index, cell text, quality, line)
RawCell = tuple[str, str, int, int, str, str | None, int]


@dataclass
class Footnote:
    subject: str  # what the note is about ("gesamte Tabelle" or a column label), "" if unknown
    text: str


@dataclass
class ParsedTable:
    """What a reader found in one file."""

    format: str  # "genesis", "ffcsv", "flat", "template"
    table: str  # table code, e.g. "12411-01-01-5"; for the template the indicator or series id
    title: str  # the title lines joined
    source: str  # statistic / office, e.g. "Fortschreibung des Bevölkerungsstandes"
    stand: dt.datetime | None  # the data vintage from the footer ("Stand: 10.10.2017 / 16:24:41")
    series: list[SeriesDesc]
    periods: list[Period]
    cells: list[RawCell]
    footnotes: list[Footnote] = field(default_factory=list)
    copyright: str = ""
    encoding: str = ""
    warnings: list[str] = field(default_factory=list)


def parse_number(text: str) -> float | None:
    """``40,5`` / ``1.234,5`` (German) or ``40.5`` / ``12714`` (plain) → float; ``None`` if not a finite number.

    Files with a decimal comma carry no thousands separator, so a comma always marks decimals
    and dots beside it are thousands separators; without a comma a dot is the decimal point.
    """
    t = text.strip()
    if "," in t:
        t = t.replace(".", "").replace(",", ".")
    if not t or "_" in t:
        return None
    try:
        value = float(t)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def parse_cell(text: str) -> tuple[float | None, str | None, str | None]:
    """Cell text → (value, sign, quality); raises ``ValueError`` for anything else.

    ``"-"`` gives sign "-" without a value: the importer decides by the series' rule whether that
    is 0. ``"(12,3)"`` keeps 12.3 with quality "()"; a trailing ``p``/``r``/``s``/``e`` is a
    quality flag ("1234p" = provisional).
    """
    try:  # fast path: most cells are plain integers
        value = float(text)
        if math.isfinite(value) and "_" not in text:
            return value, None, None
    except ValueError:
        pass
    t = text.strip()
    if t in SIGNS:
        return None, t, None
    if t in ("…", "X"):
        return None, ("..." if t == "…" else "x"), None
    if t in ("–", "—"):
        return None, "-", None
    quality = None
    if len(t) > 2 and t[0] == "(" and t[-1] == ")":
        t, quality = t[1:-1].strip(), "()"
    elif len(t) > 1 and t[-1] in "prse" and t[-2] in "0123456789 ":
        t, quality = t[:-1].strip(), t[-1]
    value = parse_number(t)
    if value is None:
        raise ValueError(text)
    return value, None, quality
