"""URL → theme page."""

from __future__ import annotations

from dash import Dash, Input, Output

import ids
from callbacks.context import AppContext
from figures import map_base
from layouts import theme_page
from layouts.pages import BY_PATH


def register(app: Dash, ctx: AppContext) -> None:
    base = map_base(ctx.boundaries, ctx.geojson_url)
    scope = [*ctx.boundaries.keys, ctx.boundaries.kreis_key]

    @app.callback(Output(ids.PAGE, "children"), Input(ids.URL, "pathname"))
    def render_page(pathname: str | None):
        path = pathname or "/"
        if path in ("/", ""):
            path = f"/{ctx.settings.default_theme}"
        page = BY_PATH.get(path.rstrip("/") or "/")
        if page is None:
            return theme_page.not_found(path)
        years = ctx.store.years(page.default_indicator, scope)
        return theme_page.build(page, page.default_indicator, years, base)
