"""``GET /export/{karte|balken|verlauf}.{png|svg|pdf}``: one view of the explorer as an image file.

Query: ``indikator`` (catalogue indicator or base series ``s-…``), ``jahr``,
optional ``gemeinde`` (highlighted) and ``groesse`` (``praesentation``, the
default, or ``druck``). An unknown indicator answers 404, any other bad
parameter 400, each with a short German text; no parameter leads to a 500.
To a public reader an internal indicator, series or deck (``data_access.access``) is
unknown: the same 404 and text, checked before anything is read or rendered.

``GET /export/sitzungsmappe/{slug}.{pdf|pptx}``: a whole Sitzungsmappe, one page or slide per
view (``exports.decks``); an unknown deck answers 404, an empty one 409.

``GET /download/{indikator}.{csv|xlsx}[?jahr=JJJJ]``: the values of one view or of a
whole indicator with their metadata (``exports.downloads``), the same rules for errors.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path

from flask import Blueprint, Response, request, send_file
from sqlalchemy.exc import SQLAlchemyError

import texts
from data_access import access
from data_access.decks import get_deck
from data_access.geodata import Boundaries
from data_access.store import Store
from data_access.views import build_view
from exports import decks, download_links, downloads, links
from exports.charts import export_figure, year_range
from exports.images import DEFAULT_CHROMIUM, PRESETS, ExportUnavailable, render

log = logging.getLogger(__name__)
MAX_PARAM = 200  # longer than any id, key or year


class BadRequest(Exception):
    """A parameter the export cannot use: status and a German message for the caller."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _text(message: str, status: int) -> Response:
    return Response(message + "\n", status, mimetype="text/plain")


def _param(name: str) -> str | None:
    value = request.args.get(name)
    return None if value is None else value.strip()[:MAX_PARAM]


def create_blueprint(store: Store, boundaries: Boundaries, chromium: Path = DEFAULT_CHROMIUM) -> Blueprint:
    """The image export over one store and one Kreis's boundaries."""
    bp = Blueprint("exports", __name__)

    @bp.errorhandler(BadRequest)
    def bad_request(error: BadRequest) -> Response:
        return _text(error.message, error.status)

    @bp.errorhandler(downloads.DownloadError)
    def bad_download(error: downloads.DownloadError) -> Response:
        return _text(error.message, error.status)

    @bp.errorhandler(ExportUnavailable)
    def unavailable(error: ExportUnavailable) -> Response:
        return _text(str(error), 503)

    @bp.errorhandler(SQLAlchemyError)
    def store_error(error: SQLAlchemyError) -> Response:
        log.exception("export query failed")
        return _text(texts.DATABASE_ERROR.format(reason=type(error).__name__), 503)

    @bp.route(f"{links.PREFIX}/<name>")
    def export(name: str) -> Response:
        kind, dot, fmt = name.rpartition(".")
        kind = kind if dot else name
        if kind not in links.KINDS:
            raise BadRequest(400, texts.EXPORT_UNKNOWN_KIND.format(kind=kind[:40]))
        if not dot:
            raise BadRequest(400, texts.EXPORT_NO_FORMAT)
        if fmt not in links.FORMATS:
            raise BadRequest(400, texts.EXPORT_UNKNOWN_FORMAT.format(fmt=fmt[:20]))
        size = _param(links.SIZE_PARAM) or links.DEFAULT_SIZE
        if size not in PRESETS:
            raise BadRequest(400, texts.EXPORT_UNKNOWN_SIZE.format(size=size[:40]))

        indicator_id = _param(links.INDICATOR_PARAM)
        if not indicator_id:
            raise BadRequest(400, texts.EXPORT_NO_INDICATOR)
        try:  # an indicator internal to this reader answers exactly like an unknown one, before any rendering
            spec = downloads.visible_spec(store, indicator_id, downloads.reader())
        except KeyError:
            raise BadRequest(404, texts.EXPORT_UNKNOWN_INDICATOR.format(indicator=indicator_id[:80])) from None

        raw_year = _param(links.YEAR_PARAM)
        if not raw_year:
            raise BadRequest(400, texts.EXPORT_NO_YEAR)
        if not (raw_year.isascii() and raw_year.isdigit() and len(raw_year) == 4):
            raise BadRequest(400, texts.EXPORT_BAD_YEAR.format(year=raw_year[:20]))
        year = int(raw_year)

        gemeinde = _param(links.GEMEINDE_PARAM) or None
        if gemeinde is not None and gemeinde not in boundaries.keys:
            raise BadRequest(400, texts.EXPORT_UNKNOWN_GEMEINDE.format(gemeinde=gemeinde[:40], kreis=boundaries.title))

        view = build_view(store, boundaries, spec.id, year, gemeinde)
        if view is None:
            raise BadRequest(400, texts.EXPORT_NO_DATA.format(name=spec.name))
        if view.year != year:  # build_view falls back to the latest year; an export names the one asked for
            raise BadRequest(
                400, texts.EXPORT_MISSING_YEAR.format(name=spec.name, year=year, years=year_range(view.years))
            )

        figure = export_figure(kind, view, boundaries, PRESETS[size])
        data = render(figure, fmt, size, chromium)
        response = send_file(
            io.BytesIO(data),
            mimetype=links.MIMETYPES[fmt],
            as_attachment=True,
            download_name=links.file_name(spec.id, year, kind, fmt, gemeinde),
            max_age=0,
        )
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    @bp.route(f"{links.DECK_PREFIX}/<name>")
    def deck_export(name: str) -> Response:
        """The whole deck as one file; more specific than ``/export/<path:rest>``, so routed here first."""
        slug, dot, fmt = name.rpartition(".")
        slug = slug if dot else name
        if not dot:
            raise BadRequest(400, texts.DECK_EXPORT_NO_FORMAT.format(slug=slug[:60]))
        if fmt not in links.DECK_FORMATS:
            raise BadRequest(400, texts.DECK_EXPORT_UNKNOWN_FORMAT.format(fmt=fmt[:20]))
        who = downloads.reader()
        # An internal deck is, to a public reader, no deck at all; asked before its views are read.
        deck = get_deck(store, slug) if who.allows(access.DECK, slug) else None
        if deck is None or not who.allows(access.DECK, deck.slug):
            raise BadRequest(404, texts.DECK_EXPORT_UNKNOWN.format(slug=slug[:60]))
        if not deck.views:
            raise BadRequest(409, texts.DECK_EXPORT_EMPTY.format(name=deck.name))
        build = decks.deck_pdf if fmt == "pdf" else decks.deck_pptx
        response = send_file(
            io.BytesIO(build(store, boundaries, deck, chromium, who)),
            mimetype=links.DECK_MIMETYPES[fmt],
            as_attachment=True,
            download_name=links.deck_file_name(deck.slug, fmt),
            max_age=0,
        )
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    @bp.route(f"{download_links.PREFIX}/<name>")
    def download(name: str) -> Response:
        return downloads.download(store, name, _param(download_links.YEAR_PARAM), downloads.reader())

    @bp.route(f"{download_links.PREFIX}/", defaults={"rest": ""})
    @bp.route(f"{download_links.PREFIX}/<path:rest>")
    def unknown_download(rest: str) -> Response:
        """Unknown download paths get a short text, not the explorer's HTML page."""
        return _text(texts.DOWNLOAD_UNKNOWN_PATH, 404)

    @bp.route(f"{links.PREFIX}/", defaults={"rest": ""})
    @bp.route(f"{links.PREFIX}/<path:rest>")
    def unknown(rest: str) -> Response:
        """Without this, the explorer's catch-all page would answer unknown export paths with HTML."""
        return _text(texts.EXPORT_UNKNOWN_PATH, 404)

    return bp
