"""Bildungsmonitor: the Dash app factory and the server entry point.

``create_app()`` wires settings, store, boundaries, layouts and callbacks, the
security (session, CSRF, login) and the server-rendered login and data pages;
``python app.py`` serves the app on http://127.0.0.1:8050 with waitress.
"""

from __future__ import annotations

import logging
import sys

import dash_bootstrap_components as dbc  # noqa: F401  (registers its components)
from dash import Dash
from flask import Response, abort, send_file

import callbacks
import security
import texts
import webpages
from api import v1 as api_v1
from callbacks.context import GEOJSON_ROUTE, KREISE_ROUTE, AppContext
from config import PROJECT_ROOT, Settings
from data_access.geodata import GeodataError, KreiseBoundaries, kreise_path, load_boundaries, load_land_kreise
from data_access.regions import base_regions
from data_access.store import Store
from exports import web as exports_web
from layouts.shell import shell
from texts import APP_TITLE
from webpages import decks as deck_pages

log = logging.getLogger("bildungsmonitor")


def create_app(settings: Settings | None = None, store: Store | None = None) -> Dash:
    """Build one app instance with its own store and callbacks."""
    settings = settings or Settings.from_env()
    store = store or Store(settings.database_url)
    boundaries = load_boundaries(settings.boundaries_path)
    if not store.has_schema():  # a mistyped DATABASE_URL must not quietly become an empty store
        raise StartupError(texts.NO_SCHEMA.format(url=store.engine.url.render_as_string(hide_password=True)))
    store.init_schema(base_regions(boundaries))

    app = Dash(
        __name__,
        title=APP_TITLE.format(kreis=boundaries.title),
        assets_folder=str(PROJECT_ROOT / "assets"),
        serve_locally=True,
        suppress_callback_exceptions=True,
        update_title=None,
    )
    app.index_string = app.index_string.replace(
        "<html>", '<html lang="de">', 1
    )  # German UI: screen readers, hyphenation
    app.layout = shell(boundaries.title)
    kreise = _land_kreise(settings)
    context = AppContext(settings=settings, store=store, boundaries=boundaries, kreise=kreise)
    callbacks.register(app, context)

    app.server.register_blueprint(api_v1.create_blueprint(store))
    app.server.register_blueprint(exports_web.create_blueprint(store, boundaries, settings.chromium))
    security.init_app(app.server, store, settings)
    security.init_dash(app)
    app.server.register_blueprint(webpages.create_blueprint(store, settings, app.title))
    app.server.register_blueprint(deck_pages.create_blueprint(store, boundaries, app.title))

    @app.server.route(GEOJSON_ROUTE)
    def gemeinden_geojson() -> Response:
        return send_file(settings.boundaries_path, mimetype="application/geo+json", max_age=86400)

    @app.server.route(KREISE_ROUTE)
    def kreise_geojson() -> Response:
        if kreise is None:
            abort(404)
        return send_file(
            kreise_path(settings.geodata_dir, settings.kreis), mimetype="application/geo+json", max_age=86400
        )

    return app


def _land_kreise(settings: Settings) -> KreiseBoundaries | None:
    """The Land's Kreise if their file is there; without it a Kreis-only indicator shows no map, only its values."""
    try:
        return load_land_kreise(kreise_path(settings.geodata_dir, settings.kreis))
    except GeodataError as error:
        log.warning("%s", error)
        return None


class StartupError(Exception):
    """The app cannot start; the message is one German line naming the cause and the fix."""


def main() -> int:
    """Serve with waitress (runs on Windows too); one process with threads is enough.

    Every startup failure is one German line on stderr and exit code 2, not a traceback; the
    address is announced only once the port is really bound.
    """
    from sqlalchemy.exc import SQLAlchemyError
    from waitress import create_server

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        settings = Settings.from_env()
        app = create_app(settings)
        # waitress would buffer bodies up to 1 GiB before Flask sees them: cap them at the upload limit.
        server = create_server(
            app.server,
            host=settings.host,
            port=settings.port,
            threads=8,
            max_request_body_size=settings.import_limit + security.UPLOAD_MARGIN,
        )
    except (StartupError, GeodataError, ValueError) as error:
        print(f"Fehler: {error}", file=sys.stderr)
        return 2
    except SQLAlchemyError as error:
        print(texts.DATABASE_UNREACHABLE.format(reason=type(error).__name__), file=sys.stderr)
        return 2
    except OSError as error:
        print(texts.PORT_TAKEN.format(host=settings.host, port=settings.port, reason=error.strerror), file=sys.stderr)
        return 2
    log.info("Bildungsmonitor läuft auf http://%s:%s/", settings.host, settings.port)
    server.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
