"""The theme view: indicator, year and selection in; map patch, charts and panels out.

The map's geometry never travels again after the first load: a value change
returns a ``Patch`` with values, colours and texts only.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Dash, Input, Output, Patch, State, no_update
from dash import ctx as dash_ctx
from sqlalchemy.exc import SQLAlchemyError

import ids
import language
import security
import texts
from callbacks.context import AppContext, allows_view, in_page_language, plain
from data_access.views import View, cached_view, has_gemeinde_values
from figures import (
    MapValues,
    apply_update,
    blank_chart,
    map_update,
    view_bars,
    view_map_values,
    view_trend,
)
from figures.classes import valid_scheme
from layouts import panels
from layouts.theme_page import NO_GEMEINDE, year_marks
from layouts.value_table import value_table

log = logging.getLogger(__name__)
MAX_ID_LENGTH = 200  # longer than any indicator or series id
MIN_YEAR, MAX_YEAR = 1900, 2200
GEMEINDEN, KREISE = "gemeinden", "kreise"  # what the map draws (ids.MAP_KIND)


def _patch(update: list) -> Patch:
    patch = Patch()
    for path, value in update:
        node = patch
        for step in path[:-1]:
            node = node[step]
        node[path[-1]] = value
    return patch


def _notice(view: View) -> dbc.Alert | None:
    """Say why the map is empty (an indicator published per Kreis only) or that a year holds two dates."""
    notes = []
    values = view.values
    if values["value"].isna().all() and values["sign"].isna().all():
        notes.append(texts.NO_GEMEINDE_VALUES.format(name=view.spec.name, period=view.period_label))
    if view.other_periods:
        notes.append(texts.OTHER_PERIODS.format(period=view.period_label, others=", ".join(view.other_periods)))
    return dbc.Alert(" ".join(notes), color="info", className="py-2") if notes else None


def valid_id(value: object) -> bool:
    """A printable string of id length: anything else cannot name an indicator and never reaches the store."""
    return isinstance(value, str) and len(value) <= MAX_ID_LENGTH and value.isprintable()


def valid_year(year: object) -> bool:
    """``None`` (take the latest) or a plausible calendar year; a crafted string, list or huge number is not."""
    if year is None:
        return True
    return isinstance(year, int) and not isinstance(year, bool) and MIN_YEAR <= year <= MAX_YEAR


def clicked_key(click: object) -> str | None:
    """The region key of a map or bar click; ``None`` for anything that is not plotly's click shape."""
    if not isinstance(click, dict):
        return None
    points = click.get("points")
    if not isinstance(points, list) or not points or not isinstance(points[0], dict):
        return None
    point = points[0]
    location = point.get("location")
    if isinstance(location, str) and location:
        return location
    customdata = point.get("customdata")
    if isinstance(customdata, list) and customdata and isinstance(customdata[0], str):
        return customdata[0]
    return None


class ViewRequest:
    """What every explorer callback does first: check the browser's inputs, then get the shared view.

    A crafted input or an internal indicator becomes a German message (``message``) and no view; a
    database error likewise. ``view`` is ``None`` with no message when the indicator has no data here.
    """

    def __init__(self, ctx: AppContext, indicator_id: object, year: object, selected: object) -> None:
        self.spec = None
        self.view: View | None = None
        self.message: dbc.Alert | None = None
        if not (indicator_id is None or valid_id(indicator_id)):
            self.message = dbc.Alert(texts.INVALID_INDICATOR, color="warning")
            return
        if not valid_year(year):
            self.message = dbc.Alert(texts.INVALID_YEAR, color="warning")
            return
        unknown = dbc.Alert(texts.UNKNOWN_INDICATOR.format(indicator=indicator_id), color="warning")
        try:
            # Before anything is read: to a public reader an internal indicator or series is an unknown id.
            if indicator_id is not None and not allows_view(security.reader_access(), indicator_id):  # type: ignore[arg-type]
                self.message = unknown
                return
            self.spec = ctx.store.spec(indicator_id or "")  # type: ignore[arg-type]
            key = selected if isinstance(selected, str) else None
            self.view = cached_view(ctx.store, ctx.boundaries, indicator_id, year, key)  # type: ignore[arg-type]
        except KeyError:
            self.message = unknown
        except SQLAlchemyError as error:
            log.exception("view query failed")
            self.message = dbc.Alert(texts.DATABASE_ERROR.format(reason=type(error).__name__), color="danger")

    @property
    def kreis_only(self) -> bool:
        """An indicator published per Kreis only: the map shows the Land's Kreise, the Gemeinde charts stay empty."""
        return self.view is not None and not has_gemeinde_values(self.view)


def _as_figure(ctx: AppContext, update: list, drawn: str | None) -> Patch | dict:
    """A Patch of values when the Gemeinden are drawn already; else the whole figure (first drawing,
    or after the Kreise map)."""
    if drawn == GEMEINDEN:
        return _patch(update)
    return apply_update(ctx.map_base().to_plotly_json(), update)  # to_plotly_json returns a deep copy


def _kreise_view(ctx: AppContext, view: View) -> tuple[dict | None, dbc.Alert]:
    """The Land's Kreise for an indicator without Gemeinde values, with the notice that says so."""
    notes = [texts.NO_GEMEINDE_VALUES.format(name=view.spec.name, period=view.period_label)]
    figure = ctx.kreise_figure(view)
    if figure is None:
        notes.append(texts.KREISE_NO_FILE)
        return None, dbc.Alert(" ".join(notes), color="info", className="py-2")
    notes.append(texts.KREISE_MAP_NOTE.format(land=ctx.kreise.land_name, kreis=ctx.boundaries.title))
    return figure.to_plotly_json(), dbc.Alert(" ".join(notes), color="info", className="py-2")


def map_answer(
    ctx: AppContext,
    indicator_id: object,
    year: object,
    selected: object,
    scheme: object = None,
    diverging: object = None,
    drawn: str | None = None,
) -> tuple[Any, Any, Any, Any]:
    """Map figure, what it draws (``GEMEINDEN`` / ``KREISE``), the period label and the notice of one view.

    The map callback answers with it, and the router builds a theme page with it, so the first map
    arrives drawn with its values. ``drawn`` is what the browser shows now: the Gemeinden get a patch.
    """
    request = ViewRequest(ctx, indicator_id, year, selected)
    if request.message is not None:
        return no_update, no_update, no_update, request.message
    boundaries = ctx.boundaries
    view = request.view
    if view is None:
        # Clear every value of the previous indicator: no stale numbers under a new title.
        empty = pd.DataFrame({"region_key": boundaries.keys, "value": float("nan"), "sign": None})
        cleared = map_update(boundaries, MapValues(request.spec, texts.NO_DATA_SHORT, empty, (0.0, 1.0), False))
        return _as_figure(ctx, cleared, drawn), GEMEINDEN, None, dbc.Alert(texts.NO_DATA, color="info")
    if request.kreis_only:
        try:
            figure, notice = _kreise_view(ctx, view)
        except SQLAlchemyError as error:
            log.exception("Kreise query failed")
            message = dbc.Alert(texts.DATABASE_ERROR.format(reason=type(error).__name__), color="danger")
            return no_update, no_update, no_update, message
        if figure is not None:
            return figure, KREISE, view.period_label, notice
    else:
        notice = _notice(view)
    scheme = valid_scheme(scheme)

    def values() -> list:
        mv = view_map_values(view)
        kreis = next((r.value for r in view.references if r.level == "Kreis"), None)
        return map_update(boundaries, replace(mv, scheme=scheme, centre=kreis if diverging else None))

    # The same view, scheme and language give the same values for every reader: built once.
    key = ("map", boundaries.kreis_key, view.spec.id, view.year, view.selected, scheme, bool(diverging))
    update = ctx.store.cached((*key, language.current()), values)
    return _as_figure(ctx, update, drawn), GEMEINDEN, view.period_label, notice


def register(app: Dash, ctx: AppContext) -> None:
    """One change, several small answers: the map alone on a scheme change, map and charts on a year change.

    Every callback reads the same cached view (``data_access.views.cached_view``), so they never disagree
    and the view is built once per change; the browser sends them side by side. A theme page arrives
    with its map drawn (the router calls :func:`map_answer`); the charts follow by their first call.
    """
    boundaries = ctx.boundaries
    names = {g.ags: g.name for g in boundaries.gemeinden}

    @app.callback(
        Output(ids.MAP, "figure"),
        Output(ids.MAP_KIND, "data"),
        Output(ids.YEAR_LABEL, "children"),
        Output(ids.MESSAGE, "children"),
        Input(ids.INDICATOR, "value"),
        Input(ids.YEAR, "value"),
        Input(ids.SELECTED, "data"),
        Input(ids.MAP_SCHEME, "value"),
        Input(ids.MAP_DIVERGING, "value"),
        State(ids.MAP_KIND, "data"),
        State(ids.URL, "search"),
        prevent_initial_call=True,  # the router's page brings the first map with its values
    )
    @in_page_language
    def update_map(
        indicator_id: str | None,
        year: int | None,
        selected: str | None,
        scheme: str | None = None,
        diverging: list | None = None,
        kind: str | None = None,
    ):
        """The map and its notes: a patch of values, colours and texts, a few KB at most."""
        return map_answer(ctx, indicator_id, year, selected, scheme, diverging, kind)

    @app.callback(
        Output(ids.BARS, "figure"),
        Output(ids.REFERENCES, "children"),
        Output(ids.INFO, "children"),
        Output(ids.VALUE_TABLE, "children"),
        Input(ids.INDICATOR, "value"),
        Input(ids.YEAR, "value"),
        Input(ids.SELECTED, "data"),
        State(ids.URL, "search"),
    )
    @in_page_language
    def update_panels(indicator_id: str | None, year: int | None, selected: str | None):
        """Bars, reference values, "Was misst das?" and the value table of the year shown."""
        request = ViewRequest(ctx, indicator_id, year, selected)
        if request.message is not None:
            return no_update, no_update, no_update, no_update
        view = request.view
        if view is None:
            return blank_chart(), None, None, None

        def build() -> tuple:
            if request.kreis_only:
                bars, table = blank_chart(texts.KREISE_NO_BARS), None
            else:
                bars, table = view_bars(view, names), value_table(view, names)
            return plain((bars, panels.references(view, names), panels.info(view), table))

        # Built once per view and language: every reader of the same view gets the same plain answer.
        key = ("panels", boundaries.kreis_key, view.spec.id, view.year, view.selected, language.current())
        return tuple(ctx.store.cached(key, build))

    @app.callback(
        Output(ids.TREND, "figure"),
        Output(ids.TREND_HINT, "style"),
        Input(ids.INDICATOR, "value"),
        Input(ids.SELECTED, "data"),
        State(ids.URL, "search"),
    )
    @in_page_language
    def update_trend(indicator_id: str | None, selected: str | None):
        """The time series: every year at once, so a year change never asks for it again."""
        request = ViewRequest(ctx, indicator_id, None, selected)
        if request.message is not None:
            return no_update, no_update
        view = request.view
        if view is None:
            return blank_chart(), {}
        key = ("trend", boundaries.kreis_key, view.spec.id, view.selected, language.current())
        return ctx.store.cached(key, lambda: view_trend(view)), {"display": "none"} if view.selected else {}

    @app.callback(
        Output(ids.YEAR, "min"),
        Output(ids.YEAR, "max"),
        Output(ids.YEAR, "marks"),
        Output(ids.YEAR, "value"),
        Input(ids.INDICATOR, "value"),
        State(ids.YEAR, "value"),
        prevent_initial_call=True,  # the page is built with the slider of its indicator
    )
    def update_years(indicator_id: str | None, year: int | None):
        """The slider of a newly chosen indicator; the year stays if the indicator has it, else the latest.

        The map and chart callbacks take the year as input, so the browser sends them after this one.
        """
        request = ViewRequest(ctx, indicator_id, year if valid_year(year) else None, None)
        view = request.view
        if view is None:
            return no_update, no_update, no_update, no_update
        return view.years[0], view.years[-1], year_marks(view.years), view.year

    @app.callback(
        Output(ids.SELECTED, "data"),
        Output(ids.GEMEINDE_SELECT, "value"),
        Input(ids.MAP, "clickData"),
        Input(ids.BARS, "clickData"),
        Input(ids.GEMEINDE_SELECT, "value"),
        Input(ids.CLEAR_SELECTION, "n_clicks"),
        State(ids.SELECTED, "data"),
        prevent_initial_call=True,
    )
    def select_gemeinde(
        map_click: dict | None,
        bar_click: dict | None,
        chosen: str | None,
        _clear: int | None = None,
        current: str | None = None,
    ):
        """One selection, three ways in: a map or bar click (toggles), the keyboard's select, "Auswahl aufheben".

        The select starts with the selection the page was built with (the router passes it), and the
        history steps set both (``assets/10_app/viewstate.js``).
        """
        trigger = dash_ctx.triggered_id
        if trigger == ids.CLEAR_SELECTION:
            return None, NO_GEMEINDE
        if trigger == ids.GEMEINDE_SELECT:
            key = None if chosen == NO_GEMEINDE else chosen
            if key is not None and key not in names:
                return no_update, no_update
            return (key, no_update) if key != current else (no_update, no_update)
        key = clicked_key(map_click if trigger == ids.MAP else bar_click)
        if key is None or key not in names:
            return no_update, no_update
        new = None if key == current else key
        return new, new or NO_GEMEINDE
