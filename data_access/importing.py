"""Format-agnostic import: scope, vintages, one transaction, the summary.

A reader (``importers/``) turns a file into the long form; this module
normalises region keys, keeps what the scope says, compares every cell with the
store (new / changed / unchanged), refuses an older ``Stand`` that would replace
a newer one, moves replaced cells to the history, re-derives the indicators
that read the touched series, and writes all of it in one transaction or
nothing at all. A dry run does the same work and rolls back.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from data_access import audit, catalogue, derive
from data_access.importers import detect
from data_access.importers.base import SIGNS, ParsedTable, ReadError, SeriesDesc, parse_cell
from data_access.importers.template import OWN_PREFIX
from data_access.models import Cell, CellHistory, ImportBatch, Region, Series
from data_access.regions import Scope, apply_changes, clean_name, normalise_key, parent_of
from data_access.store import RegionRow, Store, bump_data_version

Progress = Callable[[str, int, int], None]
COUNT_UNITS = ("anzahl", "personen", "")
NOT_COUNTS = re.compile(r"durchschnitt|anteil|quote|je |prozent|%|mittel|dichte", re.IGNORECASE)
SUBSET = re.compile(r"^(dar\.|darunter|und zwar|nachrichtl)", re.IGNORECASE)
CHUNK = 2000


class ImportRefused(Exception):
    """The file is not imported; the message is German and names file, line and reason."""


@dataclass
class TableSummary:
    """What one table of a file brought (and what it would bring, in a dry run)."""

    file: str
    format: str
    table: str
    title: str
    stand: str | None
    encoding: str
    rows_read: int = 0
    values_read: int = 0
    series: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    signs: dict[str, int] = field(default_factory=dict)
    rows_outside: int = 0
    regions_outside: int = 0
    indicators: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class FileSummary:
    file: str
    checksum: str
    dry_run: bool
    already_imported: bool = False
    batch_ids: list[int] = field(default_factory=list)
    tables: list[TableSummary] = field(default_factory=list)
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class _Prepared:
    parsed: ParsedTable
    summary: TableSummary
    regions: dict[str, RegionRow]
    series: list[
        tuple[str, SeriesDesc, str, bool, str | None, bool, str]
    ]  # code, desc, stem, dash0, no_sum, subset, notes
    cells: list[
        tuple[int, str, int, float | None, str | None, str | None, str, int]
    ]  # s, region, p, v, sign, q, text, line


def stem_of(table: str) -> str:
    """Series stem: the table code without its regional depth; own data keep their name."""
    return table if table.startswith(OWN_PREFIX) else catalogue.table_stem(table)


def basis_of(stem: str, date: dt.date) -> str | None:
    """Population basis of a value: which census its figures build on (a known break in every series)."""
    rule = catalogue.table_rule(stem)
    kind = rule.basis if rule else None
    if kind is None:
        return None
    if kind.lower().startswith("zensus"):
        return "Zensus 2022" if date >= dt.date(2022, 5, 15) else "Zensus 2011"
    if date >= dt.date(2022, 5, 15):
        return "Basis Zensus 2022"
    if date >= dt.date(2011, 5, 9):
        return "Basis Zensus 2011"
    return "Basis frühere Zählungen"


def _series_code(stem: str, desc: SeriesDesc) -> str:
    identity = "|".join([stem, *(desc.codes or [" ".join(p.split()).casefold() for p in desc.parts])])
    return "s-" + hashlib.sha1(identity.encode("utf-8")).hexdigest()[:10]


def _dash_means_zero(stem: str, desc: SeriesDesc) -> bool:
    """'-' is 0 for a count; for a mean, a share or a region that did not exist it is no value."""
    rule = catalogue.table_rule(stem)
    if rule and rule.dash:
        return rule.dash == "zero"
    if desc.unit.strip().lower() not in COUNT_UNITS:
        return False
    return not NOT_COUNTS.search(" ".join([desc.measure, *desc.parts]))


def _no_sum(rule: catalogue.TableRule | None, parsed: ParsedTable) -> str | None:
    """Why a series must not be summed (perturbed or rounded counts), if its table rule says so for these years."""
    if rule is None or not rule.no_sum:
        return None
    if rule.no_sum_years and not any(p.year in rule.no_sum_years for p in parsed.periods):
        return None
    return rule.no_sum


def _notes_for(desc: SeriesDesc, parsed: ParsedTable) -> str:
    """Column footnotes whose subject names one of the series' labels."""
    parts = [p.casefold() for p in desc.parts if len(p) > 3 and p.casefold() not in ("insgesamt", "anzahl")]
    notes = [
        f"zu „{n.subject}“: {n.text}"
        for n in parsed.footnotes
        if n.subject and any(p in n.subject.casefold() for p in parts)
    ]
    return "\n".join(notes)


def prepare(parsed: ParsedTable, file_name: str, scope: Scope, known_gemeinden: set[str]) -> _Prepared:
    """Normalise keys, apply the scope, parse values: everything but the store."""
    summary = TableSummary(
        file=file_name,
        format=detect.FORMAT_NAMES.get(parsed.format, parsed.format),
        table=parsed.table,
        title=parsed.title,
        stand=parsed.stand.strftime("%d.%m.%Y %H:%M") if parsed.stand else None,
        encoding=parsed.encoding,
        warnings=list(parsed.warnings),
    )
    repair = parsed.format == "template"
    regions: dict[str, RegionRow] = {}
    outside_rows: set[int] = set()
    outside_regions: set[str] = set()
    lines: set[int] = set()
    series_info = []
    for desc in parsed.series:
        stem = stem_of(desc.table)
        rule = catalogue.table_rule(stem)
        series_info.append(
            (
                _series_code(stem, desc),
                desc,
                stem,
                _dash_means_zero(stem, desc),
                _no_sum(rule, parsed),
                any(SUBSET.match(p) for p in desc.parts),
                _notes_for(desc, parsed),
            )
        )
    signs: Counter[str] = Counter()
    cells = []
    seen: dict[tuple[int, str, int], tuple[int, str, int]] = {}
    # One decision per raw key: (normalised key, kept by the scope); cells only look it up.
    decided: dict[str, tuple[str, bool]] = {}
    for raw, name, pi, si, text, quality, line in parsed.cells:
        lines.add(line)
        decision = decided.get(raw)
        if decision is None:
            decision = decided[raw] = _decide(raw, name, line, repair, scope, known_gemeinden, regions)
        key, kept = decision
        if not kept:
            outside_rows.add(line)
            outside_regions.add(key)
            if text in SIGNS:
                signs[text] += 1
            continue
        cell_key = (si, key, pi)
        try:
            value, sign, flag = parse_cell(text)
        except ValueError as error:
            raise ReadError(f"Wert „{text}“ ist keine Zahl und kein Sonderzeichen.", line) from error
        if sign == "-" and series_info[si][3]:
            value = 0.0
        if sign:
            signs[sign] += 1
        cell = (si, key, pi, value, sign, quality or flag, text.strip()[:60], line)
        if cell_key in seen:
            position, first_raw, first_line = seen[cell_key]
            if not _same_region_twice(cells[position], cell, first_raw, raw, parsed, first_line, line):
                continue
            cells[position] = cell  # the row with a value wins over the ghost of a territorial change
            seen[cell_key] = (position, raw, line)
            continue
        seen[cell_key] = (len(cells), raw, line)
        cells.append(cell)
    summary.rows_read = len(lines)
    summary.values_read = len(parsed.cells)
    summary.rows_outside = len(outside_rows)
    summary.regions_outside = len(outside_regions)
    summary.signs = dict(sorted(signs.items()))
    summary.series = len({c[0] for c in cells})
    if parsed.cells and not cells:
        summary.warnings.append("Keine Zeile betrifft den Kreis, seine Gemeinden, das Land oder Deutschland.")
    return _Prepared(parsed, summary, regions, series_info, cells)


def _decide(
    raw: str,
    name: str,
    line: int,
    repair: bool,
    scope: Scope,
    known_gemeinden: set[str],
    regions: dict[str, RegionRow],
) -> tuple[str, bool]:
    """Normalise one raw key, check it, and say whether the scope keeps it (registering kept regions)."""
    mapped = normalise_key(raw, name, repair_leading_zero=repair)
    if mapped is None:
        raise ReadError(
            f"Regionalschlüssel „{raw}“ ist unbekannt (erwartet: AGS, Kreis-, Landesschlüssel oder DG).", line
        )
    key, level = mapped
    if not scope.keeps(key, level):
        return key, False
    if level == "Gemeinde" and known_gemeinden and key.startswith(scope.kreis) and key not in known_gemeinden:
        raise ReadError(f"Gemeinde „{raw}“ gehört nicht zu den bekannten Gemeinden des Kreises {scope.kreis}.", line)
    if key not in regions:
        regions[key] = RegionRow(key, clean_name(name) or key, level, parent_of(key, level))
    return key, True


def _same_region_twice(
    first: tuple, second: tuple, first_raw: str, second_raw: str, parsed: ParsedTable, first_line: int, line: int
) -> bool:
    """Two rows for one region, period and series: decide, or refuse the file.

    The same key twice is a duplicate row. Two different keys of one Gemeinde happen after a
    territorial change (Dahlum under its old and its new Samtgemeinde): the row with a value
    wins over a row of signs; two different values are refused. Returns True when ``second`` wins.
    """
    si, key, pi = first[0], first[1], first[2]
    where = f"Region {key}, {parsed.periods[pi].label}, „{parsed.series[si].label}“"
    if first_raw == second_raw:
        raise ReadError(f"Doppelte Zeile: {where} stand schon in Zeile {first_line}.", line)
    if second[4] is None and first[4] is not None:
        return True
    if second[4] is not None or (first[3], first[5]) == (second[3], second[5]):
        return False
    raise ReadError(
        f"Die Schlüssel {first_raw} (Zeile {first_line}) und {second_raw} bezeichnen dieselbe Region ({where}) "
        "mit verschiedenen Werten.",
        line,
    )


def _existing_cells(session: Session, series_ids: list[int]) -> dict[tuple[int, str, int], tuple]:
    out = {}
    for start in range(0, len(series_ids), 500):
        chunk = series_ids[start : start + 500]
        stmt = (
            select(
                Cell.id,
                Cell.series_id,
                Cell.region_key,
                Cell.period_id,
                Cell.value,
                Cell.sign,
                Cell.quality,
                Cell.original,
                Cell.basis,
                Cell.line,
                Cell.batch_id,
                ImportBatch.stand,
            )
            .join(ImportBatch, Cell.batch_id == ImportBatch.id)
            .where(Cell.series_id.in_(chunk))
        )
        for row in session.execute(stmt):
            out[(row.series_id, row.region_key, row.period_id)] = row
    return out


def _write(
    session: Session,
    prepared: _Prepared,
    batch: ImportBatch,
    force: bool,
    progress: Progress | None,
) -> set[str]:
    """Write one prepared table into the open transaction; returns the stems whose values changed."""
    parsed, summary = prepared.parsed, prepared.summary
    Store.upsert_regions(session, prepared.regions.values(), rename=False)
    used = sorted({c[0] for c in prepared.cells})
    codes = [prepared.series[i][0] for i in used]
    known = {s.code: s for s in session.scalars(select(Series).where(Series.code.in_(codes)))} if codes else {}
    series_ids: dict[int, int] = {}
    for i in used:
        code, desc, stem, dash_zero, no_sum, subset, notes = prepared.series[i]
        row = known.get(code)
        if row is None:
            row = Series(
                code=code,
                stem=stem,
                table_code=desc.table,
                table_title=parsed.title,
                measure=desc.measure,
                label=desc.label,
                parts=json.dumps(list(desc.parts), ensure_ascii=False),
                codes=json.dumps(list(desc.codes), ensure_ascii=False),
                unit=desc.unit,
                dash_zero=dash_zero,
                no_sum=no_sum,
                subset=subset,
                footnotes=notes,
            )
            session.add(row)
        else:
            row.table_code, row.table_title = desc.table, parsed.title
            if notes:
                row.footnotes = notes
        session.flush()
        series_ids[i] = row.id
    used_periods = {c[2] for c in prepared.cells}
    period_ids = {
        pi: Store.period_id(session, p.type, p.date, p.label, p.year)
        for pi, p in enumerate(parsed.periods)
        if pi in used_periods
    }

    existing = _existing_cells(session, list(series_ids.values()))
    new_rows, changed, history, conflicts = [], [], [], []
    touched: set[str] = set()
    stand = parsed.stand
    total = len(prepared.cells)
    bases = {
        (si, pi): basis_of(prepared.series[si][2], parsed.periods[pi].date) for si in series_ids for pi in period_ids
    }
    if not existing:  # a table seen for the first time: every cell is new (the common, large case)
        new_rows = [
            (series_ids[si], key, period_ids[pi], value, sign, quality, original, bases[(si, pi)], line, batch.id)
            for si, key, pi, value, sign, quality, original, line in prepared.cells
        ]
        touched = {prepared.series[si][2] for si in series_ids}
    cells = prepared.cells if existing else []
    for n, (si, key, pi, value, sign, quality, original, line) in enumerate(cells):
        sid, pid = series_ids[si], period_ids[pi]
        basis = bases[(si, pi)]
        old = existing.get((sid, key, pid))
        if old is None:
            new_rows.append((sid, key, pid, value, sign, quality, original, basis, line, batch.id))
            touched.add(prepared.series[si][2])
        elif old.value == value and old.sign == sign and old.quality == quality:
            summary.unchanged += 1
        else:
            if old.stand is not None and stand is not None and old.stand > stand and not force:
                conflicts.append((key, parsed.periods[pi].label, old.stand))
                continue
            history.append(
                {
                    "series_id": sid,
                    "region_key": key,
                    "period_id": pid,
                    "value": old.value,
                    "sign": old.sign,
                    "quality": old.quality,
                    "original": old.original,
                    "basis": old.basis,
                    "line": old.line,
                    "batch_id": old.batch_id,
                    "replaced_by": batch.id,
                    "replaced_at": batch.imported_at,
                }
            )
            changed.append(
                {
                    "id": old.id,
                    "value": value,
                    "sign": sign,
                    "quality": quality,
                    "original": original,
                    "basis": basis,
                    "line": line,
                    "batch_id": batch.id,
                }
            )
            touched.add(prepared.series[si][2])
        if progress and n % 100_000 == 0:
            progress("vergleiche", n, total)
    if conflicts:
        key, label, newer = conflicts[0]
        raise ImportRefused(
            f"{summary.file}: {len(conflicts)} Werte liegen in der Datenbank schon mit neuerem Stand vor "
            f"(z. B. {key}, {label}: Stand {newer:%d.%m.%Y}; diese Datei: Stand {stand:%d.%m.%Y}). "
            "Nichts wurde importiert. Ein älterer Stand ersetzt einen neueren nur mit --force."
        )
    summary.new, summary.changed = len(new_rows), len(changed)
    _insert_cells(session, new_rows, progress, len(new_rows) + len(changed))
    for start in range(0, len(history), CHUNK):
        session.execute(insert(CellHistory), history[start : start + CHUNK])
    for start in range(0, len(changed), CHUNK):
        session.execute(update(Cell), changed[start : start + CHUNK])
        if progress:
            progress("schreibe", len(new_rows) + start + CHUNK, len(new_rows) + len(changed))
    return touched


CELL_COLUMNS = ("series_id", "region_key", "period_id", "value", "sign", "quality", "original", "basis", "line")


def _insert_cells(session: Session, rows: list[tuple], progress: Progress | None, total: int) -> None:
    """Bulk insert in index order through the driver's executemany: the import's hot path.

    Sorted rows append to the unique index instead of scattering over it; plain tuples skip
    the ORM's per-row bookkeeping (1 million cells: seconds instead of half a minute).
    """
    rows.sort()  # (series, region, period) is unique, so the tuples never compare beyond it
    columns = ", ".join((*CELL_COLUMNS, "batch_id"))
    marks = ", ".join(["?"] * (len(CELL_COLUMNS) + 1))
    connection = session.connection()
    dialect = connection.dialect.name
    if dialect == "sqlite":
        statement = f"INSERT INTO cells ({columns}) VALUES ({marks})"
    else:
        statement = f"INSERT INTO cells ({columns}) VALUES ({marks.replace('?', '%s')})"
    for start in range(0, len(rows), 20_000):
        chunk = rows[start : start + 20_000]
        connection.exec_driver_sql(statement, chunk)
        if progress:
            progress("schreibe", start + len(chunk), total)


def _known_gemeinden(session: Session, kreis: str) -> set[str]:
    rows = session.scalars(select(Region.key).where(Region.level == "Gemeinde", Region.key.like(f"{kreis}%")))
    return set(rows)


def import_bytes(
    store: Store,
    data: bytes,
    name: str,
    scope: Scope,
    *,
    dry_run: bool = False,
    force: bool = False,
    user: str | None = None,
    limit: int = detect.DEFAULT_LIMIT,
    progress: Progress | None = None,
    actor: str | None = None,
) -> FileSummary:
    """Import one file's bytes: all of it in one transaction, or nothing (``ImportRefused``).

    The audit entry names ``actor``, else the logged-in ``user``, else ``manage.py``; a dry run records nothing.
    """
    started = dt.datetime.now(dt.UTC)
    checksum = hashlib.sha256(data).hexdigest()
    summary = FileSummary(file=name, checksum=checksum, dry_run=dry_run)
    with store.sessions() as session:
        done = session.scalar(
            select(ImportBatch.id).where(ImportBatch.checksum == checksum, ImportBatch.kind == "import").limit(1)
        )
    if done is not None:
        summary.already_imported = True
        summary.batch_ids = [done]
        return summary
    try:
        if progress:
            progress("lese", 0, len(data))
        tables = detect.parse(data, name, limit)
        with store.sessions() as session:
            known = _known_gemeinden(session, scope.kreis)
        prepared = [prepare(t, name, scope, known) for t in tables]
    except ReadError as error:
        raise ImportRefused(f"{name}: {error}") from error
    session = store.sessions()
    try:
        session.begin()
        touched: set[str] = set()
        for item in prepared:
            parsed = item.parsed
            batch = ImportBatch(
                kind="import",
                format=parsed.format,
                source_file=name,
                checksum=checksum,
                table_code=parsed.table,
                table_title=parsed.title,
                source=parsed.source,
                stand=parsed.stand,
                footnotes="\n\n".join(f"zu „{n.subject}“: {n.text}" if n.subject else n.text for n in parsed.footnotes),
                copyright=parsed.copyright,
                encoding=parsed.encoding,
                imported_at=started,
                imported_by=user,
                forced=force,
                rows=item.summary.rows_read,
            )
            session.add(batch)
            session.flush()
            summary.batch_ids.append(batch.id)
            touched |= _write(session, item, batch, force, progress)
        apply_changes(session)
        if progress:
            progress("berechne Indikatoren", 0, 0)
        filled = derive.rederive(session, touched, scope)
        for item in prepared:
            item.summary.indicators = sorted(filled)
            summary.tables.append(item.summary)
        for item, batch_id in zip(prepared, summary.batch_ids, strict=True):
            session.execute(
                update(ImportBatch)
                .where(ImportBatch.id == batch_id)
                .values(summary=json.dumps(asdict(item.summary), ensure_ascii=False, default=str))
            )
        tables_text = ", ".join(t.table for t in summary.tables if t.table) or "–"
        detail = f"Tabellen: {tables_text}; {sum(t.new for t in summary.tables)} Werte neu" + (
            ", erzwungen" if force else ""
        )
        audit.record(session, actor or user or audit.MANAGE, "import", name, detail + ".")
        bump_data_version(session)
        if dry_run:
            session.rollback()
            summary.batch_ids = []
        else:
            session.commit()
    except ImportRefused:
        session.rollback()
        raise
    except ReadError as error:
        session.rollback()
        raise ImportRefused(f"{name}: {error}") from error
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
    summary.seconds = (dt.datetime.now(dt.UTC) - started).total_seconds()
    return summary


def import_file(store: Store, path: Path, scope: Scope, **options: object) -> FileSummary:
    """Import a file from disk; the size limit is checked before the file is read."""
    limit = int(options.get("limit", detect.DEFAULT_LIMIT))  # type: ignore[arg-type]
    try:
        size = path.stat().st_size
    except OSError as error:
        raise ImportRefused(f"{path.name}: Datei nicht lesbar ({error.strerror}).") from error
    if size > limit:
        raise ImportRefused(
            f"{path.name}: Die Datei ist {detect.size_text(size)} groß; erlaubt sind höchstens "
            f"{detect.size_text(limit)} (Einstellung BILDUNGSMONITOR_IMPORT_LIMIT_MB)."
        )
    return import_bytes(store, path.read_bytes(), path.name, scope, **options)  # type: ignore[arg-type]


SIGN_NAMES = {
    "-": "nichts vorhanden",
    ".": "geheim",
    "...": "fällt später an",
    "/": "nicht sicher genug",
    "x": "nicht sinnvoll",
}


def print_summary(summary: FileSummary) -> str:
    """The summary as the command line and the data page show it (German)."""
    head = "Probelauf (nichts geschrieben): " if summary.dry_run else ""
    if summary.already_imported:
        return f"{head}{summary.file}: bereits importiert (gleiche Prüfsumme), nichts geändert."
    lines = [f"{head}{summary.file}"]
    for t in summary.tables:
        signs = ", ".join(f"{n} × „{s}“ ({SIGN_NAMES.get(s, s)})" for s, n in t.signs.items()) or "keine"
        lines += [
            f"  Format: {t.format}" + (f", Kodierung {t.encoding}" if t.encoding else ""),
            f"  Tabelle: {t.table} – {t.title}".rstrip(" –"),
            f"  Stand: {t.stand or 'nicht angegeben'}",
            f"  Zeilen gelesen: {t.rows_read}, Werte: {t.values_read}, Reihen: {t.series}",
            f"  Werte neu: {t.new}, geändert: {t.changed}, unverändert: {t.unchanged}",
            f"  Sonderzeichen: {signs}",
            f"  Zeilen außerhalb des Gebiets: {t.rows_outside} ({t.regions_outside} Regionen)",
            f"  Indikatoren gefüllt: {', '.join(t.indicators) or 'keine'}",
        ]
        lines += [f"  Hinweis: {w}" for w in t.warnings]
    return "\n".join(lines)
