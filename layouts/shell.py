"""The app shell: skip link, header with title and theme navigation, the offline banner, and the page slot."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

import ids
import texts
from layouts.pages import PAGES


def header(kreis_title: str) -> html.Header:
    nav = dbc.Nav(
        [dbc.NavLink(page.title, href=page.path, active="exact", className="px-3") for page in PAGES],
        pills=True,
        id=ids.NAV,
        className="bm-nav",
        navbar=True,
    )
    return html.Header(
        dbc.Container(
            [
                html.Div(
                    [
                        html.H1(texts.APP_TITLE.format(kreis=kreis_title), className="bm-title"),
                        html.Div(texts.APP_SUBTITLE, className="bm-subtitle"),
                    ]
                ),
                html.Nav(
                    [
                        nav,
                        dbc.Nav(
                            [
                                dbc.NavLink(texts.NAV_GEMEINDEN, href="/gemeinden", className="px-3"),
                                dbc.NavLink(texts.NAV_COMPARISON, href="/vergleich", className="px-3"),
                            ],
                            className="bm-nav bm-nav-analysis",
                            navbar=True,
                        ),
                        # The server-rendered data page (webpages/): a plain link, a full page load.
                        html.A(
                            "Daten",
                            href="/daten",
                            title="Daten importieren (Anmeldung nötig)",
                            className="nav-link px-3 text-secondary",
                        ),
                    ],
                    className="d-flex flex-wrap align-items-center",
                    **{"aria-label": texts.NAV_LABEL},
                ),
            ],
            fluid=True,
            className="d-flex flex-wrap align-items-center justify-content-between gap-2",
        ),
        className="bm-header",
    )


def offline_banner() -> html.Div:
    """Shown by ``assets/10_app/offline.js`` while callback requests fail; it holds the texts, the script none."""
    return html.Div(
        id=ids.OFFLINE_BANNER,
        role="alert",
        hidden=True,
        className="bm-offline-banner alert alert-warning mb-0 rounded-0",
        **{"data-message": texts.OFFLINE_MESSAGE},
    )


def shell(kreis_title: str) -> html.Div:
    """Whole-page layout; the theme page is rendered into ``ids.PAGE`` by URL."""
    return html.Div(
        [
            # The first focusable element: past title and navigation straight to the page.
            html.A(texts.SKIP_LINK, href=f"#{ids.MAIN}", className="bm-skip-link"),
            dcc.Location(id=ids.URL, refresh=False),
            # The selected Gemeinde lives in the shell so it stays selected across themes.
            dcc.Store(id=ids.SELECTED, data=None),
            header(kreis_title),
            offline_banner(),
            html.Main(
                dbc.Container(id=ids.PAGE, fluid=True, className="pt-3"),
                id=ids.MAIN,
                tabIndex="-1",
                className="bm-main",
            ),
        ]
    )
