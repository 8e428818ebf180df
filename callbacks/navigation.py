"""URL → theme page."""

from __future__ import annotations

import logging

import dash_bootstrap_components as dbc
from dash import Dash, Input, Output, State
from sqlalchemy.exc import SQLAlchemyError

import ids
import texts
from callbacks import comparison, profile
from callbacks.context import AppContext
from data_access.store import series_spec
from figures import map_base
from layouts import theme_page, weitere_daten
from layouts.pages import BY_PATH

log = logging.getLogger(__name__)
MAX_SHOWN_PATH = 120  # an unknown address is quoted in the message, a long one shortened


def register(app: Dash, ctx: AppContext) -> None:
    base = map_base(ctx.boundaries, ctx.geojson_url)
    scope = [*ctx.boundaries.keys, ctx.boundaries.kreis_key]

    @app.callback(Output(ids.PAGE, "children"), Input(ids.URL, "pathname"), State(ids.URL, "search"))
    def render_page(pathname: str | None, search: str | None = None):
        if not (pathname is None or isinstance(pathname, str)):  # only a crafted request sends anything else
            return dbc.Alert(texts.INVALID_PAGE, color="warning", className="mt-3")
        path = pathname or "/"
        if path in ("/", ""):
            path = f"/{ctx.settings.default_theme}"
        if path.rstrip("/") in ("/gemeinden", "/vergleich") or path.startswith("/gemeinde/"):
            return _analysis_page(path.rstrip("/"), search if isinstance(search, str) else None)
        page = BY_PATH.get(path.rstrip("/") or "/")
        if page is None:
            return theme_page.not_found(path if len(path) <= MAX_SHOWN_PATH else path[:MAX_SHOWN_PATH] + "…")
        try:
            if page.slug == weitere_daten.PAGE.slug:
                specs = [series_spec(row) for row in ctx.store.series_rows()]
                if not specs:
                    return dbc.Alert(texts.OTHER_DATA_EMPTY, color="info", className="mt-3")
                default = specs[0].id
            else:
                specs, default = None, page.default_indicator
            years = ctx.store.years(default, scope)
        except SQLAlchemyError as error:
            log.exception("page query failed")
            return dbc.Alert(texts.DATABASE_ERROR.format(reason=type(error).__name__), color="danger")
        return theme_page.build(page, default, years, base, specs)

    def _analysis_page(path: str, search: str | None):
        """Gemeinde list, Gemeinde profile and comparison: pages built whole from the address."""
        try:
            if path == "/gemeinden":
                return profile.list_page(ctx)
            if path == "/vergleich":
                return comparison.page(ctx, search)
            return profile.page(ctx, path.removeprefix("/gemeinde/"))
        except SQLAlchemyError as error:
            log.exception("page query failed")
            return dbc.Alert(texts.DATABASE_ERROR.format(reason=type(error).__name__), color="danger")
