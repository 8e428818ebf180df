"""Benchmark of the importer: a Germany-wide Gemeinde table in the classic GENESIS format.

About 11 000 regions × 10 value columns × 10 years (1.1 million values) are
generated, then imported into a fresh SQLite store three ways:

- reading only (the reader and the key normalisation),
- the default scope (the Kreis, its Gemeinden, its Land's Kreise, Land, Bund),
- everything kept (every value written to the store).

Prints medians over ``--repeat`` runs; values per second are values in the file
divided by wall time.

    make bench        or        .venv/bin/python -m bench.bench_import [--repeat N]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from data_access.geodata import load_boundaries  # noqa: E402
from data_access.importers import detect  # noqa: E402
from data_access.importing import import_bytes, prepare  # noqa: E402
from data_access.regions import Scope, base_regions  # noqa: E402
from data_access.store import Store  # noqa: E402

KREIS = "03453"
YEARS = range(2015, 2025)
COLUMNS = 10


def germany_table(regions: int = 11_000, seed: int = 7) -> bytes:
    """A 12411-like Gemeinde table: DG, Länder, Kreise and Gemeinden, the year in the first column."""
    rng = random.Random(seed)
    keys = [("DG", "Deutschland")]
    kreise = [f"{land:02d}{k:03d}" for land in range(1, 17) for k in range(1, 26)]
    keys += [(f"{land:02d}", f"  Land {land}") for land in range(1, 17)]
    keys += [(k, f"      Kreis {k}") for k in kreise]
    keys += [(f"{KREIS}{i:03d}", f"        Gemeinde {i}") for i in range(1, 14)]
    while len(keys) < regions:
        kreis = rng.choice(kreise)
        keys.append((f"{kreis}{rng.randrange(100, 999)}", "        Gemeinde"))
    keys = list(dict.fromkeys(keys))
    header = ";;;" + ";".join(["Bevölkerungsstand"] * COLUMNS)
    parts = ";;;" + ";".join(["Insgesamt", "männlich", "weiblich", *[f"Gruppe {i}" for i in range(COLUMNS - 3)]])
    lines = [
        "GENESIS-Tabelle: 99999-01-01-5",
        "Benchmark-Tabelle;;",
        "- Stichtag 31.12. -;;",
        "regionale Tiefe: Gemeinden;;",
        "Fortschreibung des Bevölkerungsstandes;;",
        header,
        parts,
        ";;;" + ";".join(["Anzahl"] * COLUMNS),
    ]
    signs = ["-", ".", "0"]
    for year in YEARS:
        for key, name in keys:
            cells = [
                str(rng.randrange(0, 50_000)) if rng.random() > 0.02 else rng.choice(signs) for _ in range(COLUMNS)
            ]
            lines.append(f"31.12.{year};{key};{name};" + ";".join(cells))
    lines += ["__________", '"© Benchmark"', "Stand: 01.02.2025 / 10:00:00"]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _median(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--regions", type=int, default=11_000)
    args = parser.parse_args(argv)

    data = germany_table(args.regions)
    boundaries = load_boundaries(ROOT / "geodata" / f"gemeinden_{KREIS}.geojson")
    parsed = detect.parse(data, "bench.csv")[0]
    values = len(parsed.cells)
    rows = len({c[6] for c in parsed.cells})
    print(f"Tabelle: {rows} Zeilen, {values} Werte, {len(data) / 1e6:.1f} MB (n = {args.repeat}, Median)")

    def read_only() -> None:
        table = detect.parse(data, "bench.csv")[0]
        prepare(table, "bench.csv", Scope(KREIS), set())

    def import_into(scope: Scope) -> Callable[[], object]:
        def run() -> object:
            with tempfile.TemporaryDirectory() as tmp:
                store = Store(f"sqlite:///{Path(tmp) / 'bench.sqlite'}")
                store.init_schema(base_regions(boundaries))
                summary = import_bytes(store, data, "bench.csv", scope, limit=len(data) + 1)
                store.engine.dispose()
                return summary

        return run

    results = [
        ("Lesen und Schlüssel prüfen", _median(read_only, args.repeat), values),
        ("Import, Standardgebiet", _median(import_into(Scope(KREIS)), args.repeat), values),
        ("Import, alles behalten", _median(import_into(Scope(KREIS, everything=True)), args.repeat), values),
    ]
    print(f"{'Vorgang':<30}{'Median s':>10}{'Werte/s':>14}")
    for name, seconds, count in results:
        rate = f"{count / seconds:,.0f}".replace(",", ".")
        print(f"{name:<30}{seconds:>10.2f}".replace(".", ",") + f"{rate:>14}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
