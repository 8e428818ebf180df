"""The app shell: skip link, header with title, navigation and language switch, the offline banner, the page slot.

The shell is built in German at startup; for an English address the router draws the
chrome again (``chrome(..., path)``), with links that keep ``lang=en``.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

import ids
import language
import texts
from layouts.pages import PAGES


def _active(href: str, path: str | None) -> bool | str:
    """Exact match for the startup shell; the router, knowing the path, says which link is active."""
    return "exact" if path is None else href == path


def language_switch(path: str | None) -> html.A:
    """The other language's link; ``assets/10_app/language.js`` carries the current view along on click."""
    target = texts.LANGUAGE_SWITCH_TARGET
    return html.A(
        texts.LANGUAGE_SWITCH,
        href=language.href(path or "/", target),
        title=texts.LANGUAGE_SWITCH_TITLE,
        hrefLang=target,
        lang=target,
        className="bm-language-switch ms-2",
        **{"data-lang": target},
    )


def header(kreis_title: str, path: str | None = None) -> html.Header:
    nav = dbc.Nav(
        [
            dbc.NavLink(page.title, href=language.href(page.path), active=_active(page.path, path), className="px-3")
            for page in PAGES
        ],
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
                        # The switch sits under the title, not in the navigation row, which is full at 1366 px.
                        html.Div([texts.APP_SUBTITLE, language_switch(path)], className="bm-subtitle"),
                    ]
                ),
                html.Nav(
                    [
                        nav,
                        dbc.Nav(
                            [
                                dbc.NavLink(
                                    texts.NAV_GEMEINDEN,
                                    href=language.href("/gemeinden"),
                                    active=_active("/gemeinden", path),
                                    className="px-3",
                                ),
                                dbc.NavLink(
                                    texts.NAV_COMPARISON,
                                    href=language.href("/vergleich"),
                                    active=_active("/vergleich", path),
                                    className="px-3",
                                ),
                            ],
                            className="bm-nav bm-nav-analysis",
                            navbar=True,
                        ),
                        # The server-rendered data page (webpages/): a plain link, a full page load.
                        html.A(
                            texts.NAV_DATA,
                            href=language.href("/daten"),
                            title=texts.NAV_DATA_TITLE,
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


def chrome(kreis_title: str, path: str | None = None) -> list:
    """Skip link, header and offline banner: everything around the page that speaks."""
    return [
        # The first focusable element: past title and navigation straight to the page.
        html.A(texts.SKIP_LINK, href=f"#{ids.MAIN}", className="bm-skip-link"),
        header(kreis_title, path),
        offline_banner(),
    ]


def _lazy_components() -> html.Div:
    """A hidden graph, dropdown and slider, so their code is loaded with the shell, not with the first page.

    dcc loads these components on first use; a page that uses one first shows a placeholder, and
    React reveals the real component no sooner than half a second later. Loaded here, while the
    router still fetches the page, the page's map and controls appear at once.
    """
    return html.Div(
        [
            dcc.Graph(figure={"data": [], "layout": {}}, config={"staticPlot": True}),
            dcc.Dropdown(options=[]),
            dcc.Slider(min=0, max=1),
        ],
        hidden=True,
        **{"aria-hidden": "true"},
    )


def shell(kreis_title: str) -> html.Div:
    """Whole-page layout; the theme page is rendered into ``ids.PAGE`` by URL."""
    return html.Div(
        [
            _lazy_components(),
            html.Div(chrome(kreis_title), id=ids.CHROME),
            dcc.Location(id=ids.URL, refresh=False),
            # The selected Gemeinde lives in the shell so it stays selected across themes.
            dcc.Store(id=ids.SELECTED, data=None),
            html.Main(
                dbc.Container(id=ids.PAGE, fluid=True, className="pt-3"),
                id=ids.MAIN,
                tabIndex="-1",
                className="bm-main",
            ),
        ]
    )
