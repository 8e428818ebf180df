"""Comparison page: an indicator over time for up to five regions, and a theme's indicators in one year.

Pure components; the choice arrives from the URL query (``render_page``) and the figures
and table from ``callbacks/comparison.py``. Regions are listed in the user's order,
never ranked by value.
"""

from __future__ import annotations

from collections.abc import Sequence

import dash_bootstrap_components as dbc
from dash import dcc, html

import ids
import language
import texts
from figures import graph_config

MAX_REGIONS = 5


def build(
    indicator_options: Sequence[dict],
    region_options: Sequence[dict],
    indicator_id: str | None,
    regions: Sequence[str],
    notices: Sequence[str] = (),
) -> html.Div:
    """The page with its controls preset from the URL; ``notices`` are German messages about the URL."""
    return html.Div(
        [
            html.H2(texts.COMPARISON_TITLE, className="bm-page-title"),
            html.P(texts.COMPARISON_INTRO, className="bm-intro"),
            html.Div([dbc.Alert(n, color="warning", className="py-2") for n in notices], id=ids.COMPARE_NOTICE),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            html.Label(texts.INDICATOR_LABEL, htmlFor=ids.COMPARE_INDICATOR, className="form-label"),
                            dcc.Dropdown(
                                id=ids.COMPARE_INDICATOR,
                                options=list(indicator_options),
                                value=indicator_id,
                                clearable=False,
                                searchable=True,
                            ),
                        ],
                        md=5,
                        className="mb-2",
                    ),
                    dbc.Col(
                        [
                            html.Label(texts.COMPARISON_REGIONS, htmlFor=ids.COMPARE_REGIONS, className="form-label"),
                            dcc.Dropdown(
                                id=ids.COMPARE_REGIONS,
                                options=list(region_options),
                                value=list(regions),
                                multi=True,
                                searchable=True,
                            ),
                        ],
                        md=7,
                        className="mb-2",
                    ),
                ]
            ),
            html.Div(id=ids.COMPARE_MESSAGE, **{"aria-live": "polite"}),
            html.H3(texts.COMPARISON_TREND, className="h6 mt-2"),
            dcc.Graph(id=ids.COMPARE_GRAPH, config=graph_config("vergleich"), className="bm-compare-graph"),
            dbc.Row(
                dbc.Col(
                    [
                        html.Label(texts.COMPARISON_YEAR, htmlFor=ids.COMPARE_YEAR, className="form-label"),
                        dcc.Dropdown(id=ids.COMPARE_YEAR, options=[], value=None, clearable=False),
                    ],
                    md=3,
                ),
                className="mt-3",
            ),
            html.Div(id=ids.COMPARE_TABLE, className="mt-2"),
            html.A(texts.COMPARISON_LINK, id=ids.COMPARE_LINK, href=language.href("/vergleich"), className="small"),
        ],
        className="bm-comparison",
    )


def table(caption: str, columns: Sequence[str], rows: Sequence[tuple[str, str, Sequence[str]]]) -> html.Table:
    """Indicators × regions for one year; each row is (indicator id, short name, cells)."""
    return html.Table(
        [
            html.Caption(caption, className="caption-top"),
            html.Thead(html.Tr([html.Th(c, scope="col") for c in columns])),
            html.Tbody(
                [
                    html.Tr(
                        [html.Th(name, scope="row"), *(html.Td(cell) for cell in cells)],
                        **{"data-indicator": indicator_id},
                    )
                    for indicator_id, name, cells in rows
                ]
            ),
        ],
        className="table table-sm bm-compare-table",
    )
