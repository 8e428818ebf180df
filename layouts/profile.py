"""Gemeinde profile and Gemeinde list: pure components, values arrive already formatted.

One table for all indicators, a ``tbody`` per theme, so the page prints on A4 portrait
(print rules in assets/10_app/app.css) and a screen reader hears the theme as row group.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

import dash_bootstrap_components as dbc
from dash import dcc, html

import ids
import language
import texts
from data_access.catalogue import IndicatorSpec, Theme


@dataclass(frozen=True)
class ProfileRow:
    """One indicator of the profile, every value already formatted for display."""

    spec: IndicatorSpec
    year: int | None  # latest year with a row of the Gemeinde; None for Kreis-only indicators
    period_label: str
    gemeinde: str
    kreis: str
    land: str
    change: str
    change_value: float | None  # unrounded, in the unit the change is shown in
    spark: str | None  # SVG data URI of the Gemeinde's series
    demo: bool
    spark_span: str = ""  # "2015–2024": the years the sparkline covers


def profile_href(ags: str) -> str:
    return language.href(f"/gemeinde/{ags}")


def _row(row: ProfileRow, name: str) -> html.Tr:
    year = str(row.year) if row.year is not None else texts.PROFILE_NO_GEMEINDE_VALUES
    trend = (
        html.Img(
            src=row.spark,
            alt=texts.PROFILE_TREND_ALT.format(span=row.spark_span, indicator=row.spec.short_name, name=name),
            className="bm-spark",
            width=120,
            height=28,
        )
        if row.spark
        else html.Span(texts.PROFILE_NO_TREND, className="text-muted small")
    )
    return html.Tr(
        [
            html.Th(row.spec.short_name, scope="row", title=row.spec.name, className="bm-profile-name"),
            html.Td(year, title=row.period_label or None, className="bm-profile-year"),
            html.Td(row.gemeinde, className="bm-profile-value", **{"data-level": "Gemeinde"}),
            html.Td(row.kreis, className="bm-profile-ref", **{"data-level": "Kreis"}),
            html.Td(row.land, className="bm-profile-ref", **{"data-level": "Land"}),
            html.Td(row.change, className="bm-profile-change"),
            html.Td(trend, className="bm-profile-trend"),
            html.Td(
                texts.DEMO_LABEL if row.demo else texts.PROFILE_IMPORTED,
                className="bm-profile-kind small" + (" bm-demo" if row.demo else ""),
            ),
        ],
        className="bm-profile-row",
        **{"data-indicator": row.spec.id},
    )


def profile(name: str, ags: str, kreis_title: str, groups: Sequence[tuple[Theme, Sequence[ProfileRow]]]) -> html.Div:
    """The whole profile: title, notes, one table grouped by theme."""
    columns = len(texts.PROFILE_COLUMNS)
    bodies = [
        html.Tbody(
            [
                html.Tr(html.Th(theme.title, colSpan=columns, scope="rowgroup", className="bm-profile-theme")),
                *(_row(row, name) for row in rows),
            ]
        )
        for theme, rows in groups
    ]
    demo = any(row.demo for _, rows in groups for row in rows)
    compare = "/vergleich?" + urlencode({"regionen": ags})
    return html.Div(
        [
            html.Nav(
                [
                    dcc.Link(texts.PROFILE_BACK, href=language.href("/gemeinden"), className="me-3"),
                    dcc.Link(texts.PROFILE_COMPARE, href=language.href(compare)),
                ],
                className="bm-profile-links small mb-2",
            ),
            html.H2(texts.PROFILE_TITLE.format(name=name), className="bm-page-title"),
            html.P(texts.PROFILE_INTRO.format(name=name, ags=ags), className="bm-intro"),
            dbc.Alert(texts.PROFILE_DEMO_NOTE, color="info", className="bm-demo-note py-2") if demo else None,
            html.Table(
                [html.Thead(html.Tr([html.Th(c, scope="col") for c in texts.PROFILE_COLUMNS])), *bodies],
                id=ids.PROFILE_TABLE,
                className="table table-sm bm-profile-table",
            ),
            html.P(texts.PROFILE_CHANGE_NOTE, className="text-muted small"),
            html.P(kreis_title, className="text-muted small"),
        ],
        id=ids.PROFILE,
        className="bm-profile",
        **{"data-ags": ags},
    )


def gemeinde_list(kreis_title: str, gemeinden: Sequence[tuple[str, str]]) -> html.Div:
    """Links to every Gemeinde's profile, in the boundaries' order."""
    return html.Div(
        [
            html.H2(texts.GEMEINDEN_TITLE.format(kreis=kreis_title), className="bm-page-title"),
            html.P(texts.GEMEINDEN_INTRO, className="bm-intro"),
            html.Ul(
                [html.Li(dcc.Link(f"{name}", href=profile_href(ags), title=ags)) for ags, name in gemeinden],
                id=ids.GEMEINDE_LIST,
                className="bm-gemeinde-list",
            ),
        ]
    )


def unknown(message: str) -> html.Div:
    return html.Div(
        [
            dbc.Alert(message, color="warning", className="mt-3"),
            dcc.Link(texts.PROFILE_BACK, href=language.href("/gemeinden")),
        ]
    )
