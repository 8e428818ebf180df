"""Benchmark of the explorer's server side: callback times and bytes per response.

Runs the app on a demo-seeded temporary SQLite store and calls the callbacks
over HTTP as the browser does. Prints medians and the ratio of a value update
to a page render from the same run (the machine is shared and noisy).

    make bench        or        .venv/bin/python -m bench.bench_callbacks [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app import create_app  # noqa: E402
from config import Settings  # noqa: E402
from data_access import demo  # noqa: E402
from data_access.geodata import load_boundaries  # noqa: E402
from data_access.store import Store  # noqa: E402
from tests.dash_client import call, callback_key, explorer_change  # noqa: E402


def _measure(action: Callable[[int], tuple[int, dict | None, str]], repeat: int) -> tuple[float, int]:
    times, size = [], 0
    for i in range(repeat):
        start = time.perf_counter()
        status, _body, text = action(i)
        times.append(time.perf_counter() - start)
        if status != 200:
            raise SystemExit(f"callback failed with HTTP {status}")
        size = len(text.encode("utf-8"))
    return statistics.median(times) * 1000, size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=40)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(database_url=f"sqlite:///{Path(tmp) / 'bench.sqlite'}", instance_dir=Path(tmp))
        store = Store(settings.database_url)
        store.init_schema()
        demo.seed(store, load_boundaries(settings.boundaries_path))
        app = create_app(settings, store)
        indicators = ["betreuungsquote_u3", "betreuungsquote_3_6", "ganztagsquote_u3", "plaetze_je_100_u6"]
        state = {"map-kind.data": "gemeinden"}  # a Gemeinden map is drawn: a year change patches it

        def year_change(output: str, cold: bool) -> Callable[[int], tuple[int, dict | None, str]]:
            def run(i: int) -> tuple[int, dict | None, str]:
                if cold:
                    store._memo.clear()  # no view, map or chart of any reader cached: the first reader's cost
                inputs = {"indicator.value": "betreuungsquote_u3", "year.value": 2015 + i % 10}
                return call(app, callback_key(app, output), inputs, state, changed=["year.value"])

            return run

        def indicator_change(i: int) -> tuple[int, dict | None, str]:
            inputs = {"indicator.value": indicators[i % 4], "year.value": 2024}
            return explorer_change(app, inputs, state, changed=["indicator.value"])

        def render(_i: int) -> tuple[int, dict | None, str]:
            return call(app, "page.children", {"url.pathname": "/weiterbildung"})

        rows = [
            ("Seite rendern (Thema)", *_measure(render, args.repeat)),
            ("Jahr: Karte", *_measure(year_change("map.figure", False), args.repeat)),
            ("Jahr: Balken und Tabellen", *_measure(year_change("bars.figure", False), args.repeat)),
            ("Jahr: Karte, kalt", *_measure(year_change("map.figure", True), args.repeat)),
            ("Jahr: Balken/Tabellen, kalt", *_measure(year_change("bars.figure", True), args.repeat)),
            ("Indikator: alle 4 Callbacks", *_measure(indicator_change, args.repeat)),
        ]
        _, body, _ = year_change("map.figure", False)(5)
        patch_bytes = len(json.dumps(body["response"]["map"]["figure"]).encode("utf-8"))
        geometry = len(app.server.test_client().get("/geodata/gemeinden.geojson").data)
        store.engine.dispose()

    print(f"{'Vorgang':<30}{'Median ms':>12}{'Bytes':>10}   (n = {args.repeat})")
    for name, median, size in rows:
        print(f"{name:<30}{median:>12.1f}{size:>10}")
    print(f"Kartenteil eines Wertwechsels: {patch_bytes} Bytes; Geometrie einmalig: {geometry} Bytes")
    print(f"Verhältnis Karte bei Jahreswechsel / Seite rendern: {rows[1][1] / rows[0][1]:.2f}")
    print("kalt: vor jeder Anfrage ist der Ansichtsspeicher leer (der erste Leser einer Ansicht nach einem Import)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
