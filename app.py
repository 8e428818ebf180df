"""Bildungsmonitor: the Dash app factory and the server entry point.

``create_app()`` wires settings, store, boundaries, layouts and callbacks, the
security (session, CSRF, login) and the server-rendered login and data pages;
``python app.py`` serves the app on http://127.0.0.1:8050 with waitress; ``load_app`` and
``waitress_server`` are shared with ``python manage.py serve``.
"""

from __future__ import annotations

import dataclasses
import logging
import sys
import time

import dash_bootstrap_components as dbc  # noqa: F401  (registers its components)
from dash import Dash, dcc
from dash.fingerprint import check_fingerprint
from flask import Flask, Response, abort, g, request, send_file
from flask_compress import Compress

import callbacks
import language
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
from webpages import decks as deck_pages

log = logging.getLogger("bildungsmonitor")
request_log = logging.getLogger("bildungsmonitor.requests")


class _Dash(Dash):
    """Dash with the app's own plotly.js, whose index page names its language (``<html lang="en">``)."""

    def _setup_plotlyjs(self) -> None:
        """Register no plotly.js: ``assets/00_vendor/00_plotly-bildungsmonitor.min.js`` (the four trace types
        the app draws, 0,48 MB compressed instead of 1,1 MB) is loaded as an asset, and dcc.Graph takes
        ``window.Plotly`` when it is there (``make plotly-bundle`` rebuilds it). Another Dash in the same
        process (a test tool) may have registered the full bundle in dcc's shared list: it goes too."""
        self._plotlyjs_url = ""
        dcc._js_dist[:] = [dist for dist in dcc._js_dist if dist.get("namespace") != "plotly"]

    kreis_title = ""

    def interpolate_index(self, **kwargs: object) -> str:
        page = super().interpolate_index(**kwargs)
        if not language.is_english():
            return page
        english_title = texts.APP_TITLE.format(kreis=self.kreis_title)
        page = page.replace(f"<title>{self.title}</title>", f"<title>{english_title}</title>", 1)
        return page.replace('<html lang="de">', f'<html lang="{language.ENGLISH}">', 1)


def _time_and_log(server: Flask) -> None:
    """Every response says how long the app took (``Server-Timing``, seen in the browser's developer
    tools and by ``make bench``) and leaves one log line: method, path, status, milliseconds.

    The query string is never logged: it can carry a view's parameters today and a token tomorrow.
    """

    @server.before_request  # registered before every other hook of the app
    def start_clock() -> None:
        g.started = time.perf_counter()

    @server.after_request  # and so it runs after all others: compression and headers are in the time
    def stop_clock(response: Response) -> Response:
        started = g.get("started")
        if started is None:
            return response
        elapsed = (time.perf_counter() - started) * 1000
        response.headers["Server-Timing"] = f"app;dur={elapsed:.1f}"
        path = request.path if request.path.isprintable() else ascii(request.path)  # no forged log lines
        request_log.info("%s %s %s %.1f ms", request.method, path, response.status_code, elapsed)
        return response


def _one_data_version(server: Flask, callback_path: str) -> None:
    """Requests that only read (GET, HEAD, Dash callbacks) read the store's data version once.

    All their views and caches then key on one version, and the version query runs once instead of
    once per layer. Form posts (imports, logins, marks) write, so they read it afresh each time.
    """

    @server.before_request
    def pin() -> None:
        if request.method in ("GET", "HEAD") or request.path == callback_path:
            g.version_pin = Store.pin_version()

    @server.teardown_request
    def unpin(_error: BaseException | None) -> None:
        token = g.pop("version_pin", None)
        if token is not None:
            Store.unpin_version(token)


def _language_from_address(server: Flask) -> None:
    """Every request answers in the language of its address; every ``url_for`` link keeps it."""

    @server.before_request
    def set_language() -> None:
        language.set_current(request.args.get(language.PARAMETER))

    @server.teardown_request
    def reset_language(_error: BaseException | None) -> None:
        language.set_current(language.GERMAN)  # nothing after the request inherits its language

    @server.url_defaults
    def keep_language(endpoint: str, values: dict) -> None:
        if language.is_english() and not endpoint.endswith("static"):
            values.setdefault(language.PARAMETER, language.ENGLISH)


def create_app(settings: Settings | None = None, store: Store | None = None) -> Dash:
    """Build one app instance with its own store and callbacks."""
    settings = settings or Settings.from_env()
    store = store or Store(settings.database_url)
    boundaries = load_boundaries(settings.boundaries_path)
    if not store.has_schema():  # a mistyped DATABASE_URL must not quietly become an empty store
        raise StartupError(texts.NO_SCHEMA.format(url=store.engine.url.render_as_string(hide_password=True)))
    store.init_schema(base_regions(boundaries))

    app = _Dash(
        __name__,
        title=texts.APP_TITLE.format(kreis=boundaries.title),
        assets_folder=str(PROJECT_ROOT / "assets"),
        serve_locally=True,
        suppress_callback_exceptions=True,
        update_title=None,
    )
    app.index_string = app.index_string.replace(
        "<html>", '<html lang="de">', 1
    )  # German UI: screen readers, hyphenation
    app.kreis_title = boundaries.title
    app.layout = shell(boundaries.title)
    _time_and_log(app.server)
    _one_data_version(app.server, app.config.routes_pathname_prefix + "_dash-update-component")
    _language_from_address(app.server)
    kreise = _land_kreise(settings)
    context = AppContext(settings=settings, store=store, boundaries=boundaries, kreise=kreise)
    callbacks.register(app, context)

    app.server.register_blueprint(api_v1.create_blueprint(store))
    app.server.register_blueprint(exports_web.create_blueprint(store, boundaries, settings.chromium))
    security.init_app(app.server, store, settings)
    security.init_dash(app)
    app.server.register_blueprint(webpages.create_blueprint(store, settings, boundaries.title))
    app.server.register_blueprint(deck_pages.create_blueprint(store, boundaries, boundaries.title))

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

    _compress_and_cache(app.server)
    return app


# Text compresses to a fifth or less; PNG, PDF, PPTX, XLSX, ZIP and fonts are compressed already.
COMPRESSED_TYPES = [
    "text/html",
    "text/css",
    "text/plain",
    "text/javascript",
    "application/javascript",
    "application/json",
    "application/geo+json",
    "image/svg+xml",
    "image/vnd.microsoft.icon",
    "image/x-icon",
]
IMMUTABLE = "public, max-age=31536000, immutable"
_SUITES = "/_dash-component-suites/"
_ASSETS = "/assets/"


class _StaticCompressionCache(dict):
    """Compressed bodies of URLs whose content cannot change while the server runs; all else is compressed anew."""

    def set(self, key: str, value: bytes) -> None:
        path = key.split(";", 1)[1]
        if path.startswith(_SUITES) or (path.startswith(_ASSETS) and "m=" in path):
            self[key] = value


def _compress_and_cache(server: Flask) -> None:
    """brotli or gzip for text; a year of caching for URLs that change with their content, else revalidation."""
    server.config.update(
        COMPRESS_MIMETYPES=COMPRESSED_TYPES,
        COMPRESS_ALGORITHM=["br", "gzip"],
        COMPRESS_STREAMS=False,
        COMPRESS_CACHE_BACKEND=_StaticCompressionCache,
        COMPRESS_CACHE_KEY=lambda req: req.full_path,
    )
    Compress(server)

    @server.after_request  # registered last, so it runs before the compressor
    def static_headers(response: Response) -> Response:
        path = request.path
        if response.status_code == 200 and path.startswith(_SUITES):
            # Dash names fingerprinted files ``….v4_4_1m….js``; async chunks keep one URL.
            response.headers["Cache-Control"] = IMMUTABLE if check_fingerprint(path)[1] else "no-cache"
        elif response.status_code == 200 and path.startswith(_ASSETS) and request.args.get("m"):
            response.headers["Cache-Control"] = IMMUTABLE  # Dash adds ?m=<mtime>: a changed file gets a new URL
        if response.direct_passthrough and response.mimetype in COMPRESSED_TYPES:
            response.direct_passthrough = False
            response.get_data()  # a file read into memory is compressed with a length and a validating ETag
        return response


def _land_kreise(settings: Settings) -> KreiseBoundaries | None:
    """The Land's Kreise if their file is there; without it a Kreis-only indicator shows no map, only its values."""
    try:
        return load_land_kreise(kreise_path(settings.geodata_dir, settings.kreis))
    except GeodataError as error:
        log.warning("%s", error)
        return None


class StartupError(Exception):
    """The app cannot start; the message is one German line naming the cause and the fix."""


def load_app(**overrides: object) -> tuple[Settings, Dash]:
    """Settings from the environment (``overrides`` win) and the app; every failure is a one-line StartupError."""
    from sqlalchemy.exc import SQLAlchemyError

    try:
        settings = dataclasses.replace(Settings.from_env(), **overrides)
        return settings, create_app(settings)
    except StartupError as error:
        raise StartupError(f"Fehler: {error}") from error
    except (GeodataError, ValueError) as error:
        raise StartupError(f"Fehler: {error}") from error
    except SQLAlchemyError as error:
        raise StartupError(texts.DATABASE_UNREACHABLE.format(reason=type(error).__name__)) from error


def port_taken(settings: Settings, error: OSError) -> StartupError:
    return StartupError(texts.PORT_TAKEN.format(host=settings.host, port=settings.port, reason=error.strerror))


def waitress_server(app: Dash, settings: Settings, threads: int = 8):  # noqa: ANN201  (waitress has no types)
    """A bound waitress server; slow or half-open clients hold a connection slot, never a worker thread.

    waitress reads each request whole before a thread sees it and closes connections idle for a minute.
    """
    from waitress import create_server

    try:
        return create_server(
            app.server,
            host=settings.host,
            port=settings.port,
            threads=threads,
            # waitress would buffer bodies up to 1 GiB before Flask sees them: cap them at the upload limit.
            max_request_body_size=settings.import_limit + security.UPLOAD_MARGIN,
            channel_timeout=60,
            cleanup_interval=10,
            connection_limit=200,
            asyncore_use_poll=True,  # select() stops at 1024 sockets
        )
    except OSError as error:
        raise port_taken(settings, error) from error


def main() -> int:
    """Serve with waitress (runs on Windows too); one process with threads is enough.

    Every startup failure is one German line on stderr and exit code 2, not a traceback; the
    address is announced only once the port is really bound.
    """
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        settings, app = load_app()
        server = waitress_server(app, settings)
    except StartupError as error:
        print(error, file=sys.stderr)
        return 2
    log.info("Bildungsmonitor läuft auf http://%s:%s/", settings.host, settings.port)
    server.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
