"""The one generic theme page: indicator choice, year, map, references, bars, trend, info.

Theme modules only say which theme and what text; this builder decides how a
theme is drawn, so all four themes look and behave alike. Where each part sits
on which screen is CSS (``.bm-explorer`` grid areas in ``assets/10_app/app.css``):
the DOM order is the reading and Tab order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import dcc, html
from dash.development.base_component import Component

import ids
import language
import texts
from data_access.catalogue import IndicatorSpec
from figures import graph_config
from figures.classes import DEFAULT_SCHEME
from layouts.export_menu import menu_bar
from layouts.map_options import map_options
from layouts.theme_base import ThemePage

# The Gemeinde select's "none selected" value (dbc.Select keeps "" for its hidden placeholder); a value
# the callbacks compare, never shown (its label is texts.GEMEINDE_SELECT_NONE), so it stays German.
NO_GEMEINDE = "keine"


def year_marks(years: list[int]) -> dict[int, str]:
    """Slider marks: every year a tick, every third a label counted back from the latest."""
    step = 1 if len(years) <= 5 else 3
    last = len(years) - 1
    return {year: str(year) if (last - i) % step == 0 else "" for i, year in enumerate(years)}


def _controls(
    page: ThemePage,
    indicator_id: str,
    years: list[int],
    specs: Sequence[IndicatorSpec],
    year: int | None,
    options_row: html.Div | None = None,
    period_label: str | None = None,
) -> html.Div:
    options = [{"label": spec.short_name, "value": spec.id, "title": spec.name} for spec in specs]
    return html.Div(
        [
            html.P(page.intro, className="bm-intro"),
            html.Label(texts.INDICATOR_LABEL, htmlFor=ids.INDICATOR, className="form-label fw-semibold"),
            dcc.Dropdown(
                id=ids.INDICATOR,
                options=options,
                value=indicator_id,
                clearable=False,
                searchable=len(options) > 12,
                labels=texts.DROPDOWN_LABELS,
                className="mb-3",
            ),
            html.Label(texts.YEAR_LABEL, htmlFor=ids.YEAR, className="form-label fw-semibold"),
            dcc.Slider(
                id=ids.YEAR,
                min=years[0] if years else 0,
                max=years[-1] if years else 0,
                step=1,
                value=year,
                marks=year_marks(years),
                included=False,
                updatemode="mouseup",
            ),
            html.Div(
                [
                    html.Span(period_label, id=ids.YEAR_LABEL, **{"aria-live": "polite"}),
                    # Shown by CSS only while the server does not answer (offline.js marks the page stale).
                    html.Span(texts.OFFLINE_STALE_NOTE, className="bm-stale-note"),
                ],
                className="bm-year-label",
            ),
            options_row,
            _view_actions(page),
        ],
        className="bm-controls",
    )


def _view_actions(page: ThemePage) -> html.Div:
    """Share the view or keep it for a meeting; both read the view from the address (see callbacks.theme)."""
    return html.Div(
        [
            html.Button(
                [html.I(className="bi bi-link-45deg me-1", **{"aria-hidden": "true"}), texts.COPY_LINK],
                id=ids.COPY_LINK,
                type="button",
                title=texts.COPY_LINK_TITLE,
                className="btn btn-outline-secondary btn-sm",
                # What assets/10_app/viewstate.js says after copying, in the page's language.
                **{"data-done": texts.COPY_LINK_DONE, "data-failed": texts.COPY_LINK_FAILED},
            ),
            html.A(
                [html.I(className="bi bi-collection-play me-1", **{"aria-hidden": "true"}), texts.ADD_TO_DECK],
                id=ids.ADD_TO_DECK,
                href=language.href(f"/sitzungsmappen/neu?thema={page.slug}"),
                title=texts.ADD_TO_DECK_TITLE,
                className="btn btn-outline-secondary btn-sm",
            ),
        ],
        className="bm-view-actions d-flex flex-wrap gap-2 mt-3",
    )


def _card(heading: str, body_id: str, class_name: str = "", footer: Component | None = None) -> dbc.Card:
    parts = [dbc.CardHeader(html.H2(heading, className="h6 mb-0")), dbc.CardBody(id=body_id)]
    if footer is not None:
        parts.append(dbc.CardFooter(footer))
    return dbc.Card(parts, className=f"mb-3 {class_name}")


def gemeinden(map_base: go.Figure) -> list[tuple[str, str]]:
    """(key, name) of the Gemeinden the map draws, by name: the base map's first trace lists them all."""
    trace = map_base.data[0]
    return sorted(zip(trace.locations, (row[0] for row in trace.customdata), strict=True), key=lambda kv: kv[1])


def _gemeinde_select(choices: Sequence[tuple[str, str]], selected: str | None = None) -> html.Div:
    """The keyboard's way to select a Gemeinde (the map and bars answer to the mouse only); see callbacks.theme."""
    options = [{"label": texts.GEMEINDE_SELECT_NONE, "value": NO_GEMEINDE}]
    options += [{"label": name, "value": key} for key, name in choices]
    return html.Div(
        [
            html.Label(texts.GEMEINDE_SELECT_LABEL, htmlFor=ids.GEMEINDE_SELECT, className="form-label small mb-1"),
            dbc.Select(id=ids.GEMEINDE_SELECT, options=options, value=selected or NO_GEMEINDE, size="sm"),
            html.Button(
                texts.CLEAR_SELECTION,
                id=ids.CLEAR_SELECTION,
                type="button",
                className="btn btn-outline-secondary btn-sm mt-2",
            ),
        ],
        className="bm-gemeinde-select",
    )


@dataclass(frozen=True)
class FirstMap:
    """The map a theme page arrives with: drawn with its values, so no callback waits before it."""

    figure: go.Figure | dict
    kind: str = "gemeinden"  # what it draws: "gemeinden", or "kreise" for an indicator published per Kreis
    period_label: str | None = None
    notice: Any = None  # the note above the map (no Gemeinde values, two dates in one year)
    gemeinden: Sequence[tuple[str, str]] = ()  # (key, name) of every Gemeinde, by name: the keyboard's select


def build(
    page: ThemePage,
    indicator_id: str,
    years: list[int],
    first: FirstMap,
    specs: Sequence[IndicatorSpec] | None = None,
    year: int | None = None,
    scheme: str = DEFAULT_SCHEME,
    diverging: bool = False,
    selected: str | None = None,
) -> html.Div:
    """Layout of one theme with its first map; the charts arrive through their callbacks. ``specs`` overrides the catalogue's list;
    ``year`` (from the address) is shown when the indicator has it, else the latest year; ``scheme`` and
    ``diverging`` are the map's colour options from the address."""
    if year not in years:
        year = years[-1] if years else None
    return html.Div(
        [
            dcc.Store(id=ids.THEME, data=page.slug),
            html.H2(page.title, className="bm-page-title"),
            html.Div(first.notice, id=ids.MESSAGE),
            html.Div(
                [
                    html.Div(
                        _controls(
                            page,
                            indicator_id,
                            years,
                            page.indicators if specs is None else specs,
                            year,
                            map_options(scheme, diverging, first.kind),
                            first.period_label,
                        ),
                        className="bm-area-controls",
                    ),
                    html.Div(
                        [
                            menu_bar("karte", indicator_id, year),
                            dcc.Loading(
                                dcc.Graph(
                                    id=ids.MAP,
                                    figure=first.figure,
                                    config=graph_config(f"karte_{page.slug}"),
                                    className="bm-map",
                                    clear_on_unhover=True,
                                ),
                                delay_show=400,
                                overlay_style={"visibility": "visible", "opacity": 0.6},
                                parent_className="bm-map-frame",
                            ),
                        ],
                        className="bm-area-map",
                    ),
                    html.Div(
                        _card(
                            texts.REFERENCE_HEADING,
                            ids.REFERENCES,
                            "bm-references",
                            footer=_gemeinde_select(first.gemeinden, selected),
                        ),
                        className="bm-area-references",
                    ),
                    # On a wide screen this column scrolls by itself: focusable, so the keyboard can scroll it too.
                    html.Div(
                        [
                            # The map's values as a table (filled by the view callback), then "Was misst das?".
                            html.Div(id=ids.VALUE_TABLE, className="bm-value-table-slot"),
                            _card(texts.INFO_HEADING, ids.INFO, "bm-info"),
                        ],
                        className="bm-area-info",
                        tabIndex="0",
                        role="region",
                        **{"aria-label": texts.INFO_HEADING},
                    ),
                    html.Div(
                        [
                            html.Div(
                                [
                                    menu_bar(
                                        "balken", indicator_id, year, html.H3(texts.BARS_HEADING, className="h6 mb-0")
                                    ),
                                    dcc.Graph(
                                        id=ids.BARS, config=graph_config(f"balken_{page.slug}"), className="bm-bars"
                                    ),
                                ],
                                className="bm-chart bm-chart-bars",
                            ),
                            html.Div(
                                [
                                    menu_bar(
                                        "verlauf", indicator_id, year, html.H3(texts.TREND_HEADING, className="h6 mb-0")
                                    ),
                                    html.Div(texts.TREND_HINT, id=ids.TREND_HINT, className="text-muted small"),
                                    dcc.Graph(
                                        id=ids.TREND,
                                        config=graph_config(f"entwicklung_{page.slug}"),
                                        className="bm-trend",
                                    ),
                                ],
                                className="bm-chart bm-chart-trend",
                            ),
                        ],
                        className="bm-area-charts",
                    ),
                ],
                className="bm-explorer",
            ),
        ],
        className="bm-theme",
        **{"data-theme": page.slug},
    )


def not_found(path: str) -> dbc.Alert:
    return dbc.Alert(texts.UNKNOWN_PAGE.format(path=path), color="warning", className="mt-3")
