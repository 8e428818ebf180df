"""Reader for the classic GENESIS table CSV ("GENESIS-Tabelle: <code>", FORMATS.md §1).

The layout varies from table to table (period as a column, as a header row or as a title
line; extra dimensions as unlabelled row columns; one to four header rows), so everything
is decided by content: the first data row is the first row that starts with a period or a
region key, and the rows between the title block and that row are the header.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from itertools import chain, repeat

from data_access.importers.base import Footnote, ParsedTable, Period, RawCell, ReadError, SeriesDesc, parse_cell

FORMAT = "genesis"

_TABLE_RE = re.compile(r"(?:GENESIS-)?Tabelle\s*:\s*(\S.*)", re.IGNORECASE)
_DATE_RE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_YEAR_RE = re.compile(r"(?:1[89]|2[01])\d\d")
_SCHOOL_YEAR_RE = re.compile(r"((?:1[89]|2[01])\d\d)/(\d{2}|\d{4})")
_PERIOD_LIKE_RE = re.compile(r"\d{1,2}\.\d{1,2}\.\d{4}|(?:1[89]|2[01])\d\d(?:/\d{2}|/\d{4})?")
_KEY_LIKE_RE = re.compile(r"DG|\d{2}|\d{3}|\d{5}|\d{7}|\d{8}|\d{10,12}")
# A title line that is nothing but a period: "2015", "31.12.2010", "Jahr: 2016".
_PERIOD_LINE_RE = re.compile(r"(?:(?:Jahr|Stichtag|Schuljahr|Zeit|Berichtsjahr)\s*:\s*)?(\S+)", re.IGNORECASE)
# "- Stichtag 31.12. -", "- Jahresdurchschnitt -", also inside a longer title line.
_PERIOD_TYPE_RE = re.compile(
    r"(?:^|\s)-\s*(Stichtage|Stichtag|Jahresdurchschnitt|Jahressumme|Schuljahr|Jahr)"
    r"(?:\s+(\d{1,2})\.(\d{1,2})\.)?\s*-(?:\s|$)"
)
_DEPTH_RE = re.compile(r"\bregionale?\s+(?:Tiefe|Ebenen?)\b", re.IGNORECASE)
_MEASURE_LINE_RE = re.compile(r"(.+?)\s*\(([^()]+)\)")
_STAND_RE = re.compile(r"Stand\s*:\s*(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s*/\s*(\d{1,2}):(\d{2})(?::(\d{2}))?)?")
_HEADING_RE = re.compile(r'zu\s+"(.*)', re.IGNORECASE)
_HEADING_END_RE = re.compile(r'(.*?)"\s*(?::\s*(.*))?')  # `X":` or just `X"` (seen in -B tables)

# Contents of a unit header row (compared case-insensitively, whitespace collapsed).
_UNITS = frozenset(
    u.casefold()
    for u in (
        "Anzahl",
        "Jahre",
        "%",
        "Prozent",
        "Promille",
        "‰",
        "1000",
        "1 000",
        "Tsd.",
        "Tsd",
        "Mill.",
        "Mio.",
        "EUR",
        "Euro",
        "Tsd. EUR",
        "Tsd. Euro",
        "1000 EUR",
        "1 000 EUR",
        "Mill. EUR",
        "Mio. EUR",
        "Mrd. EUR",
        "EUR je Einwohner",
        "ha",
        "km²",
        "qkm",
        "m²",
        "qm",
        "m³",
        "Std.",
        "Stunden",
        "Tage",
        "Monate",
        "kg",
        "t",
        "Tonnen",
        "je 1000 Einwohner",
        "je 1 000 Einwohner",
        "je 100 000 Einwohner",
    )
)
_CENSUS_DATES = frozenset({dt.date(2011, 5, 9), dt.date(2022, 5, 15)})
_SIGN_TEXTS = frozenset({"-", ".", "...", "/", "x", "X", "…", "–", "—"})
_FOOTER_MIN = 5  # a footer line is a run of at least this many underscores


class _TitleType:
    """The period type a title line announces ("- Stichtag 31.12. -"), with day and month for Stichtag."""

    __slots__ = ("kind", "day", "month")

    def __init__(self, kind: str, day: int | None = None, month: int | None = None) -> None:
        self.kind, self.day, self.month = kind, day, month


class _Rows:
    """csv rows with the physical line each starts on; csv errors become ReadError."""

    def __init__(self, text: str) -> None:
        self._reader = csv.reader(io.StringIO(text, newline=""), delimiter=";", quotechar='"')
        self.last_line = 0

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        reader = self._reader
        try:
            for row in reader:
                start = self.last_line + 1
                self.last_line = reader.line_num
                yield start, row
        except csv.Error as error:
            raise ReadError(f"Die CSV-Struktur ist fehlerhaft ({error}).", line=reader.line_num or 1) from None


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _is_footer(first: str) -> bool:
    return len(first) >= _FOOTER_MIN and first.strip("_") == ""


def _is_period_like(text: str) -> bool:
    return _PERIOD_LIKE_RE.fullmatch(text) is not None


def _is_key_like(text: str) -> bool:
    return _KEY_LIKE_RE.fullmatch(text.replace(" ", "")) is not None


def _blank(row: list[str]) -> bool:
    return not any(f.strip() for f in row)


def _make_period(text: str, title_type: _TitleType | None) -> Period | None:
    """Period from "31.12.2015", "2022/23" or a bare year read with the title's period type; None if unknown."""
    t = text.strip()
    m = _DATE_RE.fullmatch(t)
    if m:
        try:
            date = dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        except ValueError:
            return None
        kind = "Zensusstichtag" if date in _CENSUS_DATES else "Stichtag"
        return Period(kind, date, date.strftime("%d.%m.%Y"), date.year)
    m = _SCHOOL_YEAR_RE.fullmatch(t)
    if m:
        start, end = int(m.group(1)), m.group(2)
        if (len(end) == 2 and int(end) != (start + 1) % 100) or (len(end) == 4 and int(end) != start + 1):
            return None
        return Period("Schuljahr", dt.date(start + 1, 7, 31), f"Schuljahr {start}/{(start + 1) % 100:02d}", start + 1)
    if not _YEAR_RE.fullmatch(t):
        return None
    year = int(t)
    kind = title_type.kind if title_type else "Jahr"
    if kind == "Stichtag" and title_type and title_type.day:
        try:
            date = dt.date(year, title_type.month or 12, title_type.day)
        except ValueError:
            return None
        kind = "Zensusstichtag" if date in _CENSUS_DATES else "Stichtag"
        return Period(kind, date, date.strftime("%d.%m.%Y"), year)
    if kind == "Jahresdurchschnitt":
        return Period(kind, dt.date(year, 12, 31), f"Jahresdurchschnitt {year}", year)
    if kind == "Jahressumme":
        return Period(kind, dt.date(year, 12, 31), str(year), year)
    if kind == "Schuljahr":
        return Period(kind, dt.date(year, 7, 31), f"Schuljahr {year - 1}/{year % 100:02d}", year)
    # "Jahr", and "Stichtage" without a day: a bare year says no more than the year.
    return Period("Jahr", dt.date(year, 12, 31), str(year), year)


def _cell_ok(text: str) -> bool:
    """Whether a cell that is not plain digits is still a number or a sign (cheap checks before parse_cell)."""
    if text in _SIGN_TEXTS:
        return True
    body = text[1:] if text[:1] == "-" else text
    if body.replace(",", "", 1).isdecimal():
        return True
    try:
        parse_cell(text)
    except ValueError:
        return False
    return True


def _check_values(values: list[str], first_col: int, line: int) -> None:
    """Raise ReadError for the first empty or non-numeric value cell of a data row."""
    for j, v in enumerate(values):
        if v.isdecimal():
            continue
        if not v.strip():
            raise ReadError(f"Leere Zelle in Spalte {first_col + j + 1} (erwartet: Zahl oder Sonderzeichen)", line=line)
        if not _cell_ok(v):
            raise ReadError(
                f"Wert „{v}“ in Spalte {first_col + j + 1} ist keine Zahl und kein Sonderzeichen", line=line
            )


class _Title:
    """What the title block says: title text, source, period line, period type, measure and unit."""

    def __init__(self, lines: list[tuple[int, str]]) -> None:
        self.period_text: str | None = None
        self.period_line = 0
        self.type: _TitleType | None = None
        self.measure = ""
        self.unit = ""
        kept: list[tuple[str, bool]] = []  # (line text, is a plain line that may name the source)
        for line, raw in lines:
            text = _collapse(raw)
            m = _PERIOD_LINE_RE.fullmatch(text)
            if m and _is_period_like(m.group(1)):
                self.period_text, self.period_line = m.group(1), line
                continue
            m = _MEASURE_LINE_RE.fullmatch(text)
            if m and m.group(2).strip().casefold() in _UNITS and not _PERIOD_TYPE_RE.search(text):
                self.measure, self.unit = m.group(1).strip(), m.group(2).strip()
                continue
            type_match = _PERIOD_TYPE_RE.search(text)
            if type_match:
                kind = "Stichtag" if type_match.group(1) in ("Stichtag", "Stichtage") else type_match.group(1)
                day = int(type_match.group(2)) if type_match.group(2) else None
                month = int(type_match.group(3)) if type_match.group(3) else None
                self.type = _TitleType(kind, day, month)
            kept.append((text, not type_match and not _DEPTH_RE.search(text)))
        plain = [i for i, (_, is_plain) in enumerate(kept) if is_plain]
        named = [i for i in plain if _names_statistic(kept[i][0])]
        source_at = named[-1] if named else (plain[-1] if len(plain) >= 2 else None)
        self.source = kept[source_at][0] if source_at is not None else ""
        if source_at is not None and len(kept) >= 2:
            del kept[source_at]  # the statistic's name goes to ``source``, not into the title
        self.title = " ".join(text for text, _ in kept)


def _names_statistic(text: str) -> bool:
    low = text.casefold()
    return "statistik" in low or low.startswith("fortschreibung") or "erhebung" in low or "zensus" in low


class _Header:
    """Value columns of the header rows: label parts, units and (variant B) column periods."""

    def __init__(self, rows: list[tuple[int, list[str]]], label_cols: int) -> None:
        self.width = max(_last_filled(row) for _, row in rows)
        n = self.width - label_cols
        self.parts: list[list[str]] = [[] for _ in range(n)]
        self.units: list[str] = [""] * n
        self.periods: list[str] = [""] * n
        self.has_period_row = False
        self.period_line = 0
        above: list[str] | None = None  # the previous label row
        for line, row in rows:
            cells = [_collapse(c) for c in row[label_cols : self.width]]
            cells += [""] * (n - len(cells))
            filled = [c for c in cells if c]
            if not filled:
                continue
            if all(c.casefold() in _UNITS for c in filled):
                target = self.units
            elif all(_is_period_like(c) for c in filled):
                target, self.has_period_row = self.periods, True
                self.period_line = self.period_line or line
            else:
                # A cell repeating the one directly above is a label spanning rows, unless the same
                # text is a real category of this row elsewhere ("Insgesamt · Insgesamt": Schulabschluss
                # total, then Geschlecht total).
                categories = {c for j, c in enumerate(cells) if c and (above is None or above[j] != c)}
                for j, c in enumerate(cells):
                    if c and (above is None or above[j] != c or c in categories):
                        self.parts[j].append(c)
                above = cells
                continue
            for j, c in enumerate(cells):
                if c and not target[j]:
                    target[j] = c


def _last_filled(row: list[str]) -> int:
    for j in range(len(row) - 1, -1, -1):
        if row[j].strip():
            return j + 1
    return 0


def _leading_empty(row: list[str]) -> int:
    for j, c in enumerate(row):
        if c.strip():
            return j
    return len(row)


def _parse_footer(rows: Iterator[tuple[int, list[str]]]) -> tuple[dt.datetime | None, str, list[Footnote]]:
    """Stand, copyright and footnotes from the rows after the ``__________`` line."""
    stand: dt.datetime | None = None
    copyright_lines: list[str] = []
    notes: list[Footnote] = []
    for _, row in rows:
        while row and not row[-1].strip():
            row = row[:-1]
        if not row:
            continue
        chunk = ";".join(row).strip()
        m = _STAND_RE.match(chunk)
        if m:
            y, mo, d = int(m.group(3)), int(m.group(2)), int(m.group(1))
            hh, mm, ss = (int(g) if g else 0 for g in m.group(4, 5, 6))
            try:
                stand = dt.datetime(y, mo, d, hh, mm, ss)
            except ValueError:
                stand = None
        elif chunk.startswith(("©", "(c)", "(C)")):
            copyright_lines.append(" ".join(line.strip() for line in chunk.splitlines() if line.strip()))
        else:
            notes.extend(_split_footnotes(chunk))
    return stand, " ".join(copyright_lines), notes


def _split_footnotes(chunk: str) -> list[Footnote]:
    """Split one footer block at its ``zu "…":`` headings; text before any heading gets subject ""."""
    notes: list[Footnote] = []
    subject: str | None = None
    body: list[str] = []

    def flush() -> None:
        while body and not body[-1]:
            body.pop()
        if subject is not None or body:
            notes.append(Footnote(subject or "", "\n".join(body)))

    lines = [line.rstrip() for line in chunk.splitlines()]
    i = 0
    while i < len(lines):
        stripped = lines[i].strip()
        m = _HEADING_RE.match(stripped)
        if m:
            # A heading may wrap onto following lines before its closing `":`.
            heading, j = m.group(1), i
            end = _HEADING_END_RE.fullmatch(heading)
            while end is None and j + 1 < len(lines) and j - i < 3:
                j += 1
                nxt = lines[j].strip()
                heading = heading[:-1] + nxt if heading.endswith("-") and nxt[:1].islower() else f"{heading} {nxt}"
                end = _HEADING_END_RE.fullmatch(heading)
            if end is not None:
                flush()
                subject, body = _collapse(end.group(1)), []
                if end.group(2):
                    body.append(end.group(2))
                i = j + 1
                continue
        if stripped or body:
            body.append(stripped)
        i += 1
    flush()
    return notes


def read(text: str, name: str = "") -> ParsedTable:
    """Read one classic GENESIS table into the long form; ReadError (German, with line) for anything else.

    ``name`` (the file name) is never used to decide anything; it is accepted for the common reader signature.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    rows = _Rows(text)
    it = iter(rows)

    # Line 1: the table code.
    first = next(it, None)
    if first is None or _blank(first[1]):
        raise ReadError("Die Datei ist leer oder beginnt mit einer Leerzeile statt „GENESIS-Tabelle: …“", line=1)
    m = _TABLE_RE.fullmatch(first[1][0].strip())
    if not m:
        raise ReadError("Die erste Zeile beginnt nicht mit „GENESIS-Tabelle:“ oder „Tabelle:“", line=first[0])
    table = m.group(1).strip()

    # Title block: first field filled, all others empty.
    title_lines: list[tuple[int, str]] = []
    pending: tuple[int, list[str]] | None = None
    for line, row in it:
        if _blank(row):
            continue
        head = row[0].strip() if row else ""
        if head and not _is_footer(head) and _blank(row[1:]):
            title_lines.append((line, head))
            continue
        pending = (line, row)
        break
    title = _Title(title_lines)
    warnings: list[str] = []

    # Header rows up to the first data row.
    header_rows: list[tuple[int, list[str]]] = []
    first_data: tuple[int, list[str]] | None = None
    label_cols = 0
    while pending is not None:
        line, row = pending
        head = row[0].strip() if row else ""
        if _is_footer(head):
            raise ReadError("Keine Datenzeile gefunden: vor der Fußzeile steht keine Zeile mit Werten", line=line)
        if not head:
            if not _blank(row):
                header_rows.append((line, row))
        elif _is_period_like(head) or _is_key_like(head):
            if not header_rows:
                raise ReadError("Keine Kopfzeile vor der ersten Datenzeile gefunden", line=line)
            label_cols = min(_leading_empty(r) for _, r in header_rows)
            if not _blank(row[label_cols:]):
                first_data = pending
                break
            if _blank(row[1:]) and _is_period_like(head):
                title.period_text, title.period_line = head, line  # a period line between header rows
            else:
                warnings.append(f"Zeile {line}: Zeile ohne Werte übersprungen.")
        else:
            raise ReadError(
                f"Zeile „{_collapse(';'.join(row))[:60]}“ ist weder Kopf- noch Datenzeile "
                "(erwartet: Zeitangabe oder Regionalschlüssel am Zeilenanfang)",
                line=line,
            )
        pending = next(it, None)
    if first_data is None:
        raise ReadError(
            "Keine Datenzeile gefunden (keine Zeile beginnt mit Zeitangabe oder Regionalschlüssel)",
            line=rows.last_line or 1,
        )

    # Column roles from the first data row: [period;]key;name;[row dimensions;]values.
    line0, row0 = first_data
    # No region key looks like a period, so a period-like first field is always a period column
    # (even if the key beside it has an unusual form, which normalising keys deals with later).
    period_col = 1 if _is_period_like(row0[0].strip()) else 0
    key_col = period_col
    if label_cols < key_col + 1:
        raise ReadError("Die Kopfzeilen lassen keine Spalte für den Regionalschlüssel frei", line=line0)
    # A header that leaves its first value columns blank in every row would make them look like
    # row dimensions; a number or sign where a row-dimension label should be gives that away.
    while label_cols > key_col + 2 and label_cols - 1 < len(row0) and _cell_ok(row0[label_cols - 1].strip() or "?"):
        label_cols -= 1
    header = _Header(header_rows, label_cols)
    width = header.width
    n_values = width - label_cols
    name_col = key_col + 1 if label_cols > key_col + 1 else None
    dim_cols = list(range(key_col + 2, label_cols))

    # Periods: per row (period column), per column (period header row) or one for all (title line).
    periods: list[Period] = []
    period_index: dict[Period, int] = {}

    def period_of(text: str, line: int) -> int:
        p = _make_period(text, title.type)
        if p is None:
            raise ReadError(f"Zeitangabe „{text}“ ist nicht lesbar", line=line)
        idx = period_index.get(p)
        if idx is None:
            idx = period_index[p] = len(periods)
            periods.append(p)
        return idx

    col_periods: list[int] | None = None
    fixed_period: int | None = None
    if not period_col:
        if header.has_period_row:
            header_line = header.period_line
            fallback = title.period_text
            col_periods = []
            for j, t in enumerate(header.periods):
                if not t and fallback is None:
                    raise ReadError(
                        f"Spalte {label_cols + j + 1} hat keine Zeitangabe im Tabellenkopf", line=header_line
                    )
                col_periods.append(period_of(t or fallback or "", header_line))
        elif title.period_text is not None:
            fixed_period = period_of(title.period_text, title.period_line)
        else:
            raise ReadError(
                "Keine Zeitangabe gefunden (weder Zeitspalte noch Zeitzeile im Tabellenkopf oder Titel)", line=line0
            )

    # Series: per value column (and per combination of row-dimension values).
    series: list[SeriesDesc] = []
    series_index: dict[tuple[str, tuple[str, ...], str], int] = {}
    col_measure = [title.measure or (p[0] if p else "") for p in header.parts]
    col_unit = [u or title.unit for u in header.units]

    def series_for(dims: tuple[str, ...]) -> list[int]:
        out = []
        for j in range(n_values):
            key = (col_measure[j], tuple(header.parts[j]) + dims, col_unit[j])
            idx = series_index.get(key)
            if idx is None:
                idx = series_index[key] = len(series)
                series.append(SeriesDesc(table=table, measure=key[0], parts=key[1], unit=key[2]))
            out.append(idx)
        return out

    base_series = series_for(()) if not dim_cols else None
    dim_series: dict[tuple[str, ...], list[int]] = {}
    seen_columns: dict[tuple[object, ...], int] = {}
    for j in range(n_values):
        col_key = (col_measure[j], tuple(header.parts[j]), col_unit[j], col_periods[j] if col_periods else -1)
        if col_key in seen_columns:
            warnings.append(
                f"Die Wertespalten {label_cols + seen_columns[col_key] + 1} und {label_cols + j + 1} haben dieselbe "
                "Beschriftung; ihre Werte sind nicht zu unterscheiden."
            )
        seen_columns.setdefault(col_key, j)

    # Data rows.
    cells: list[RawCell] = []
    row_periods: dict[str, int] = {}
    footer_found = False
    dim_start = key_col + 2
    for line, row in chain((first_data,), it):
        c0 = row[0] if row else ""
        if not c0 or c0[0] == "_" or len(row) < width:
            head = c0.strip()
            if _is_footer(head):
                footer_found = True
                break
            if _blank(row):
                continue
            if len(row) < width:
                raise ReadError(f"Zeile hat {len(row)} statt {width} Felder (Datei abgeschnitten?)", line=line)
        if len(row) > width and not _blank(row[width:]):
            raise ReadError(
                f"Zeile hat {len(row)} statt {width} Felder: Werte rechts der letzten beschrifteten Spalte", line=line
            )
        key = row[key_col].strip()
        if not key:
            raise ReadError(f"Regionalschlüssel in Spalte {key_col + 1} fehlt", line=line)
        name_ = row[name_col].strip() if name_col is not None else ""
        values = row[label_cols:width]
        if not ("".join(values).isdecimal() and all(values)):
            _check_values(values, label_cols, line)
        if dim_cols:
            raw_dims = tuple(row[dim_start:label_cols])
            col_series = dim_series.get(raw_dims)
            if col_series is None:
                col_series = dim_series[raw_dims] = series_for(tuple(_collapse(d) for d in raw_dims))
        else:
            col_series = base_series
        if period_col:
            ptext = row[0]
            pidx = row_periods.get(ptext)
            if pidx is None:
                pidx = row_periods[ptext] = period_of(ptext, line)
            pcol = repeat(pidx)
        elif col_periods is not None:
            pcol = col_periods
        else:
            pcol = repeat(fixed_period)
        cells.extend(zip(repeat(key), repeat(name_), pcol, col_series, values, repeat(None), repeat(line)))

    if not footer_found:
        raise ReadError(
            "Die Fußzeile mit „Stand“ fehlt: die Datei ist vermutlich unvollständig (abgeschnitten).",
            line=rows.last_line,
        )
    stand, copyright_text, footnotes = _parse_footer(it)
    if stand is None:
        # Every GENESIS export ends with its Stand; without it the file was cut inside the footer,
        # and a file without vintage could silently replace a newer one.
        raise ReadError(
            "Die Fußzeile ist unvollständig: „Stand: …“ fehlt am Dateiende (Datei abgeschnitten?).",
            line=rows.last_line,
        )

    return ParsedTable(
        format=FORMAT,
        table=table,
        title=title.title,
        source=title.source,
        stand=stand,
        series=series,
        periods=periods,
        cells=cells,
        footnotes=footnotes,
        copyright=copyright_text,
        warnings=warnings,
    )
