"""Benchmark of the image export: the first export (with Chromium's start) and later ones.

Runs the app on a demo-seeded temporary SQLite store in a fresh process and
requests ``/export/karte.{png,svg,pdf}`` over HTTP as a browser would. Targets
(issue 6): the first export ≤ 5 s, every later one ≤ 1 s. The example Sitzungsmappe
(three views) is exported as PDF and PPTX too: ≤ 1 s per view.

    make bench        or        .venv/bin/python -m bench.bench_export [--repeat N] [--deck-repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app import create_app  # noqa: E402
from config import Settings  # noqa: E402
from data_access import decks, demo  # noqa: E402
from data_access.geodata import load_boundaries  # noqa: E402
from data_access.store import Store  # noqa: E402
from data_access.views import build_view  # noqa: E402
from exports.charts import export_figure  # noqa: E402
from exports.images import PRESETS, started  # noqa: E402

FIRST_TARGET = 5.0  # seconds
LATER_TARGET = 1.0
DECK_TARGET = 1.0  # seconds per view of a deck
INDICATOR, YEAR = "betreuungsquote_u3", 2024


def _seconds(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--deck-repeat", type=int, default=3, help="runs per deck format (each ≈ 1–2 s)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        # BILDUNGSMONITOR_CHROMIUM (set by make) names the browser; the store is a throwaway one.
        settings = replace(
            Settings.from_env(), database_url=f"sqlite:///{Path(tmp) / 'bench.sqlite'}", instance_dir=Path(tmp)
        )
        store = Store(settings.database_url)
        store.init_schema()
        boundaries = load_boundaries(settings.boundaries_path)
        demo.seed(store, boundaries)
        deck = decks.seed_example(store)
        client = create_app(settings, store).server.test_client()
        assert not started(), "Chromium must not start before the first export"

        def export(fmt: str, size: str = "praesentation", url: str = "") -> tuple[float, int]:
            url = url or f"/export/karte.{fmt}?indikator={INDICATOR}&jahr={YEAR}&groesse={size}"
            start = time.perf_counter()
            response = client.get(url)
            elapsed = time.perf_counter() - start
            if response.status_code != 200:
                raise SystemExit(f"Export {url} fehlgeschlagen: HTTP {response.status_code} {response.data[:200]!r}")
            return elapsed, len(response.data)

        first, first_bytes = export("png")
        rows = []
        for label, fmt, size in (
            ("Karte PNG 1920 × 1080", "png", "praesentation"),
            ("Karte SVG 1920 × 1080", "svg", "praesentation"),
            ("Karte PDF 1920 × 1080", "pdf", "praesentation"),
            ("Karte PNG A4, 300 dpi", "png", "druck"),
        ):
            runs = [export(fmt, size) for _ in range(args.repeat)]
            rows.append((label, statistics.median(t for t, _ in runs), max(t for t, _ in runs), runs[-1][1]))

        deck_rows = []
        for fmt in ("pdf", "pptx"):
            runs = [export(fmt, url=f"/export/sitzungsmappe/{deck.slug}.{fmt}") for _ in range(args.deck_repeat)]
            label = f"Sitzungsmappe {fmt.upper()}, {len(deck.views)} Ansichten"
            deck_rows.append((label, statistics.median(t for t, _ in runs), max(t for t, _ in runs), runs[-1][1]))

        builds = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            view = build_view(store, boundaries, INDICATOR, YEAR)
            export_figure("karte", view, boundaries, PRESETS["praesentation"])  # type: ignore[arg-type]
            builds.append(time.perf_counter() - start)
        store.engine.dispose()

    print(f"Bildexport der Karte ({INDICATOR}, {YEAR}), über HTTP, n = {args.repeat}")
    print(f"{'Vorgang':<34}{'Median s':>10}{'Max s':>8}{'Bytes':>10}")
    print(f"{'Erster Export (PNG, mit Chromium)':<34}{_seconds(first):>10}{'':>8}{first_bytes:>10}")
    for label, median, worst, size in rows + deck_rows:
        print(f"{label:<34}{_seconds(median):>10}{_seconds(worst):>8}{size:>10}")
    build = statistics.median(builds)
    print(f"davon Ansicht und Figur bauen (ohne Chromium): {_seconds(build)} s")
    later = max(median for _, median, _, _ in rows)
    ok = first <= FIRST_TARGET and later <= LATER_TARGET
    verdict = "erfüllt" if ok else "nicht erfüllt"
    print(f"Ziel erster Export ≤ {_seconds(FIRST_TARGET)} s, weitere ≤ {_seconds(LATER_TARGET)} s: {verdict}")
    per_view = max(median for _, median, _, _ in deck_rows) / len(deck.views)
    deck_verdict = "erfüllt" if per_view <= DECK_TARGET else "nicht erfüllt"
    print(
        f"Sitzungsmappe (n = {args.deck_repeat}): {_seconds(per_view)} s je Ansicht, "
        f"Ziel ≤ {_seconds(DECK_TARGET)} s: {deck_verdict}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
