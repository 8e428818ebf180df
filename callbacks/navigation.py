"""URL → page: the theme pages restore indicator, year and Gemeinde from the address.

A theme view's address is ``/<theme>?indikator=ID&jahr=YYYY&gemeinde=AGS``: the page is
built with that view, and the view callbacks write every later change back into it
(``callbacks.viewstate``), so a bookmark or a link in an e-mail opens the same view.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from urllib.parse import parse_qs

import dash_bootstrap_components as dbc
from dash import Dash, Input, Output, State, no_update
from sqlalchemy.exc import SQLAlchemyError

import ids
import language
import security
import texts
from callbacks import comparison, presentation, profile
from callbacks.context import AppContext
from callbacks.theme import GEMEINDEN, map_answer
from data_access import access
from data_access.store import series_spec
from figures.classes import DEFAULT_SCHEME, valid_scheme
from layouts import theme_page, weitere_daten
from layouts.pages import BY_PATH
from layouts.shell import chrome

log = logging.getLogger(__name__)
MAX_SHOWN_PATH = 120  # an unknown address is quoted in the message, a long one shortened
MAX_QUERY = 2000


@dataclass(frozen=True)
class ViewQuery:
    """A theme view as its address names it; anything malformed counts as absent."""

    indicator: str | None = None
    year: int | None = None
    gemeinde: str | None = None
    scheme: str = DEFAULT_SCHEME
    diverging: bool = False


def view_query(search: object) -> ViewQuery:
    """``?indikator=…&jahr=…&gemeinde=…&klassen=…&abweichung=1`` → :class:`ViewQuery`."""
    if not isinstance(search, str) or len(search) > MAX_QUERY:
        return ViewQuery()
    try:
        query = parse_qs(search.lstrip("?"), max_num_fields=20)
    except ValueError:  # more fields than a view has: crafted, so no view is named
        return ViewQuery()

    def first(name: str) -> str | None:
        values = query.get(name)
        return values[0] if values and values[0].isprintable() and len(values[0]) <= 200 else None

    year_text = first("jahr")
    year = int(year_text) if year_text and year_text.isascii() and year_text.isdigit() and len(year_text) == 4 else None
    return ViewQuery(
        first("indikator"), year, first("gemeinde"), valid_scheme(first("klassen")), first("abweichung") == "1"
    )


def _nav_path(path: str | None, default: str) -> str | None:
    """The navigation entry a path belongs to: ``/`` is the default theme, a profile belongs to "Gemeinden"."""
    if path is None:
        return None
    if path.startswith("/gemeinde/"):
        return "/gemeinden"
    return path.rstrip("/") or default


def register(app: Dash, ctx: AppContext) -> None:
    scope = [*ctx.boundaries.keys, ctx.boundaries.kreis_key]

    gemeinden = set(ctx.boundaries.keys)

    @app.callback(
        Output(ids.PAGE, "children"),
        Output(ids.SELECTED, "data", allow_duplicate=True),
        Output(ids.CHROME, "children"),
        Input(ids.URL, "pathname"),
        State(ids.URL, "search"),
        State(ids.SELECTED, "data"),
        prevent_initial_call="initial_duplicate",
    )
    def render_page(pathname: str | None, search: str | None = None, current: str | None = None):
        """The page for the address; an English address also gets the chrome around it in English."""
        with language.use(language.from_search(search)):
            page, selected = _page(pathname, search, current)
            if not language.is_english():
                return page, selected, no_update  # the startup shell is German already
            path = pathname if isinstance(pathname, str) and pathname.isprintable() else None
            return page, selected, chrome(ctx.boundaries.title, _nav_path(path, f"/{ctx.settings.default_theme}"))

    def _page(pathname: str | None, search: str | None, current: str | None):
        if not (pathname is None or isinstance(pathname, str)):  # only a crafted request sends anything else
            return dbc.Alert(texts.INVALID_PAGE, color="warning", className="mt-3"), no_update
        # Once per request: a public reader's pages neither list nor show an internal indicator, series or deck.
        try:
            reader = security.reader_access()
        except SQLAlchemyError as error:
            log.exception("access marks query failed")
            return dbc.Alert(texts.DATABASE_ERROR.format(reason=type(error).__name__), color="danger"), no_update
        path = pathname or "/"
        if path in ("/", ""):
            path = f"/{ctx.settings.default_theme}"
        if path.rstrip("/") in ("/gemeinden", "/vergleich") or path.startswith("/gemeinde/"):
            return _analysis_page(path.rstrip("/"), search if isinstance(search, str) else None, reader), no_update
        if path.startswith(presentation.PREFIX):
            return presentation.page(ctx, path.removeprefix(presentation.PREFIX).strip("/"), reader), no_update
        page = BY_PATH.get(path.rstrip("/") or "/")
        if page is None:
            shown = path if len(path) <= MAX_SHOWN_PATH else path[:MAX_SHOWN_PATH] + "…"
            return theme_page.not_found(shown), no_update
        wanted = view_query(search)
        try:
            # Only what this reader may see: an internal id in the address falls back like an unknown one.
            if page.slug == weitere_daten.PAGE.slug:
                rows = ctx.store.series_rows()
                specs = [series_spec(row) for row in rows if reader.allows(access.SERIES, row.code)]
                if not specs:
                    return dbc.Alert(texts.OTHER_DATA_EMPTY, color="info", className="mt-3"), no_update
            else:
                specs = [spec for spec in page.indicators if reader.allows(access.INDICATOR, spec.id)]
                if not specs:
                    return dbc.Alert(texts.NO_DATA, color="info", className="mt-3"), no_update
            known = [spec.id for spec in specs]
            default = page.default_indicator if page.default_indicator in known else known[0]
            indicator = wanted.indicator if wanted.indicator in known else default
            years = ctx.store.years(indicator, scope)
        except SQLAlchemyError as error:
            log.exception("page query failed")
            return dbc.Alert(texts.DATABASE_ERROR.format(reason=type(error).__name__), color="danger"), no_update
        # A Gemeinde named in the address is selected; without one the current selection stays (theme switch).
        selected = wanted.gemeinde if wanted.gemeinde in gemeinden else no_update
        shown = (
            selected
            if selected is not no_update
            else (current if isinstance(current, str) and current in gemeinden else None)
        )
        year = wanted.year if wanted.year in years else (years[-1] if years else None)
        figure, kind, label, notice = map_answer(ctx, indicator, year, shown, wanted.scheme, wanted.diverging)
        first = theme_page.FirstMap(
            figure=ctx.map_base() if figure is no_update else figure,
            kind=GEMEINDEN if kind is no_update else kind,
            period_label=None if label is no_update else label,
            notice=notice,
            gemeinden=theme_page.gemeinden(ctx.map_base()),
        )
        layout = theme_page.build(page, indicator, years, first, specs, year, wanted.scheme, wanted.diverging, shown)
        return layout, selected

    def _analysis_page(path: str, search: str | None, reader: access.Access):
        """Gemeinde list, Gemeinde profile and comparison: pages built whole from the address."""
        try:
            if path == "/gemeinden":
                return profile.list_page(ctx)
            if path == "/vergleich":
                return comparison.page(ctx, search, reader)
            return profile.page(ctx, path.removeprefix("/gemeinde/"), reader)
        except SQLAlchemyError as error:
            log.exception("page query failed")
            return dbc.Alert(texts.DATABASE_ERROR.format(reason=type(error).__name__), color="danger")
