"""An import killed while it writes leaves the store as it was; the same import then runs to completion.

A real ``python manage.py import BIG.csv --progress`` process is killed with SIGKILL as soon as it
reports that it writes (``… schreibe N %``, printed inside the open transaction). SQLite rolls the
hot journal back when the database is opened next; the store must then be exactly what it was
before. Running the import again writes every value; a third run finds the file already imported.
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from data_access.models import Cell, Period, Series
from data_access.store import Store
from tests.conftest import GEMEINDEN, KREIS, ROOT
from tests.test_bad_files import BASE_GENESIS, fingerprint

TIMEOUT = 120.0  # seconds for the whole test; nothing below may wait longer
LABELS = 300  # value columns per period
YEARS = list(range(2012, 2024))  # periods as column groups: 300 × 12 = 3600 value columns
REGIONS = [("DG", "Deutschland"), ("03", "  Niedersachsen"), (KREIS, "      Cloppenburg, Landkreis")] + [
    (key, f"        Gemeinde {key[-3:]}") for key in GEMEINDEN
]
BIG_CELLS = len(REGIONS) * LABELS * len(YEARS)  # 16 × 3600 = 57 600 cells, all in scope
TABLE = "99911-01-01-5"
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")


def value(row: int, label: int, year: int) -> int:
    return (row * 7919 + label * 31 + year * 3) % 10_000


def big_genesis() -> bytes:
    """A classic GENESIS table (variant B: the periods are column groups), Windows-1252, CRLF."""
    columns = [(year, label) for year in YEARS for label in range(1, LABELS + 1)]
    lines = [
        f"GENESIS-Tabelle: {TABLE}",
        "Teilnehmende an Kursen nach Merkmal (synthetische Testtabelle);",
        "- Stichtag 31.12. -;",
        "regionale Tiefe: Gemeinden;",
        "Teststatistik der Bildungsberichterstattung;",
        ";;" + ";".join(f"31.12.{year}" for year, _ in columns),
        ";;" + ";".join(f"Merkmal {label:03d}" for _, label in columns),
        ";;" + ";".join("Anzahl" for _ in columns),
    ]
    for row, (key, name) in enumerate(REGIONS):
        lines.append(f"{key};{name};" + ";".join(str(value(row, label, year)) for year, label in columns))
    lines += [
        "__________",
        '"© Statistische Ämter des Bundes und der Länder, Deutschland, 2024.',
        "Dieses Werk ist lizensiert unter der Datenlizenz Deutschland",
        '- Namensnennung - Version 2.0."',
        "Stand: 01.02.2024 / 10:00:00",
    ]
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


class Deadline:
    def __init__(self, seconds: float) -> None:
        self.end = time.monotonic() + seconds

    def left(self) -> float:
        left = self.end - time.monotonic()
        if left <= 0:
            pytest.fail(f"the test ran longer than {TIMEOUT:.0f} s")
        return left


def manage(env: dict[str, str], *args: str, deadline: Deadline) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=deadline.left(),
        check=False,
    )


def read_fingerprint(url: str) -> dict[str, object]:
    """Open the database afresh (SQLite rolls back a hot journal on open) and take its fingerprint."""
    store = Store(url)
    try:
        return fingerprint(store)
    finally:
        store.engine.dispose()


def stored_value(url: str, label: int, year: int, region: str) -> float | None:
    store = Store(url)
    try:
        with store.sessions() as session:
            return session.scalar(
                select(Cell.value)
                .join(Series, Cell.series_id == Series.id)
                .join(Period, Cell.period_id == Period.id)
                .where(
                    Series.table_code == TABLE,
                    Series.label == f"Merkmal {label:03d}",
                    Cell.region_key == region,
                    Period.label == f"31.12.{year}",
                )
            )
    finally:
        store.engine.dispose()


def test_a_killed_import_leaves_the_store_unchanged_and_a_rerun_completes(tmp_path):
    started = time.monotonic()
    deadline = Deadline(TIMEOUT)
    db = tmp_path / "kill.sqlite"
    url = f"sqlite:///{db}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "BILDUNGSMONITOR_KREIS": KREIS,
        "BILDUNGSMONITOR_IMPORT_LIMIT_MB": "50",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("BILDUNGSMONITOR_GEODATA", None)

    # A store with a first import, so that "unchanged" means something.
    first = tmp_path / "12411-07-01-5.csv"
    first.write_bytes(BASE_GENESIS)
    done = manage(env, "import", str(first), deadline=deadline)
    assert done.returncode == 0, done.stderr
    before = read_fingerprint(url)
    assert before["cells"][0] == 21

    big = tmp_path / "BIG.csv"
    big.write_bytes(big_genesis())

    # Kill the import while it writes.
    proc = subprocess.Popen(
        [sys.executable, "manage.py", "import", str(big), "--progress"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        bufsize=1,
    )
    lines: queue.Queue[str | None] = queue.Queue()

    def pump() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.put(line)
        lines.put(None)

    reader = threading.Thread(target=pump, daemon=True)
    reader.start()
    seen: list[str] = []
    try:
        while True:
            try:
                line = lines.get(timeout=deadline.left())
            except queue.Empty:
                pytest.fail(f"no 'schreibe' line within {TIMEOUT:.0f} s; output: {seen}")
            if line is None:
                pytest.fail(f"the import ended before it wrote anything; output: {seen}")
            seen.append(line.rstrip())
            if "schreibe" in line:
                proc.send_signal(signal.SIGKILL)
                break
        proc.wait(timeout=min(10.0, deadline.left()))
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
    reader.join(timeout=5)

    assert proc.returncode == -signal.SIGKILL, f"the import was not killed mid-way: {proc.returncode}, {seen}"
    assert not any("Werte neu" in line for line in seen), seen
    hot_journal = Path(f"{db}-journal").exists() or Path(f"{db}-wal").exists()  # gone once the store is opened
    assert read_fingerprint(url) == before, "the killed import left values in the store"
    # The kill hit an open write transaction: SQLite had left its (hot) rollback journal behind.
    assert hot_journal, seen

    # The same import again, to completion.
    rerun = manage(env, "import", str(big), "--progress", deadline=deadline)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert f"Werte neu: {BIG_CELLS}, geändert: 0, unverändert: 0" in rerun.stdout, rerun.stdout
    after = read_fingerprint(url)
    assert after["cells"][0] == before["cells"][0] + BIG_CELLS
    assert after["series"][0] == before["series"][0] + LABELS
    assert after["import_batches"][0] == before["import_batches"][0] + 1
    assert int(after["data_version"]) == int(before["data_version"]) + 1
    for row, label, year in [(0, 1, 2012), (2, 150, 2018), (3, 7, 2015), (15, 300, 2023)]:
        assert stored_value(url, label, year, REGIONS[row][0]) == value(row, label, year)

    # A third run finds the file already imported and changes nothing.
    third = manage(env, "import", str(big), "--progress", deadline=deadline)
    assert third.returncode == 0, third.stdout + third.stderr
    assert "bereits importiert" in third.stdout, third.stdout
    assert read_fingerprint(url) == after

    assert time.monotonic() - started < TIMEOUT
