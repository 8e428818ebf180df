"""The one generic theme page: indicator choice, year, map, references, bars, trend, info.

Theme modules only say which theme and what text; this builder decides how a
theme is drawn, so all four themes look and behave alike.
"""

from __future__ import annotations

from collections.abc import Sequence

import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import dcc, html

import ids
import texts
from data_access.catalogue import IndicatorSpec
from figures import graph_config
from layouts.export_menu import menu_bar
from layouts.theme_base import ThemePage


def year_marks(years: list[int]) -> dict[int, str]:
    """Slider marks: every year a tick, every third a label counted back from the latest."""
    step = 1 if len(years) <= 5 else 3
    last = len(years) - 1
    return {year: str(year) if (last - i) % step == 0 else "" for i, year in enumerate(years)}


def _controls(
    page: ThemePage, indicator_id: str, years: list[int], specs: Sequence[IndicatorSpec], year: int | None
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
            html.Div(id=ids.YEAR_LABEL, className="bm-year-label", **{"aria-live": "polite"}),
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
            ),
            html.A(
                [html.I(className="bi bi-collection-play me-1", **{"aria-hidden": "true"}), texts.ADD_TO_DECK],
                id=ids.ADD_TO_DECK,
                href=f"/sitzungsmappen/neu?thema={page.slug}",
                title=texts.ADD_TO_DECK_TITLE,
                className="btn btn-outline-secondary btn-sm",
            ),
        ],
        className="bm-view-actions d-flex flex-wrap gap-2 mt-3",
    )


def _card(heading: str, body_id: str, class_name: str = "") -> dbc.Card:
    return dbc.Card(
        [dbc.CardHeader(html.H2(heading, className="h6 mb-0")), dbc.CardBody(id=body_id)],
        className=f"mb-3 {class_name}",
    )


def build(
    page: ThemePage,
    indicator_id: str,
    years: list[int],
    map_base: go.Figure,
    specs: Sequence[IndicatorSpec] | None = None,
    year: int | None = None,
) -> html.Div:
    """Layout of one theme; values arrive through the view callback.

    ``specs`` overrides the catalogue's list; ``year`` (from a shared address) preselects a year
    the indicator has, else the latest is shown.
    """
    year = year if year in years else (years[-1] if years else None)
    return html.Div(
        [
            dcc.Store(id=ids.THEME, data=page.slug),
            html.H2(page.title, className="bm-page-title"),
            html.Div(id=ids.MESSAGE),
            dbc.Row(
                [
                    dbc.Col(
                        _controls(page, indicator_id, years, page.indicators if specs is None else specs, year),
                        lg=3,
                        md=12,
                        className="mb-3",
                    ),
                    dbc.Col(
                        [
                            menu_bar("karte", indicator_id, year),
                            dcc.Loading(
                                dcc.Graph(
                                    id=ids.MAP,
                                    figure=map_base,
                                    config=graph_config(f"karte_{page.slug}"),
                                    className="bm-map",
                                    clear_on_unhover=True,
                                ),
                                delay_show=400,
                                overlay_style={"visibility": "visible", "opacity": 0.6},
                            ),
                        ],
                        lg=6,
                        md=8,
                    ),
                    dbc.Col(
                        [
                            _card(texts.REFERENCE_HEADING, ids.REFERENCES, "bm-references"),
                            _card(texts.INFO_HEADING, ids.INFO, "bm-info"),
                        ],
                        lg=3,
                        md=4,
                    ),
                ]
            ),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            menu_bar("balken", indicator_id, year, html.H3(texts.BARS_HEADING, className="h6 mb-0")),
                            dcc.Graph(id=ids.BARS, config=graph_config(f"balken_{page.slug}"), className="bm-bars"),
                        ],
                        lg=7,
                    ),
                    dbc.Col(
                        [
                            menu_bar("verlauf", indicator_id, year, html.H3(texts.TREND_HEADING, className="h6 mb-0")),
                            html.Div(texts.TREND_HINT, id=ids.TREND_HINT, className="text-muted small"),
                            dcc.Graph(
                                id=ids.TREND, config=graph_config(f"entwicklung_{page.slug}"), className="bm-trend"
                            ),
                        ],
                        lg=5,
                    ),
                ],
                className="mt-2",
            ),
        ],
        className="bm-theme",
        **{"data-theme": page.slug},
    )


def not_found(path: str) -> dbc.Alert:
    return dbc.Alert(texts.UNKNOWN_PAGE.format(path=path), color="warning", className="mt-3")
