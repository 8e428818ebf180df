"""The explorer's "Exportieren" menus: their links follow indicator, year and selected Gemeinde;
the data download links follow indicator and year."""

from __future__ import annotations

from dash import ALL, Dash, Input, Output, State
from dash import ctx as dash_ctx

import ids
import language
from callbacks.context import AppContext, in_page_language
from exports import links
from layouts.export_menu import download_href


def register(app: Dash, ctx: AppContext) -> None:
    keys = set(ctx.boundaries.keys)

    @app.callback(
        Output({"type": ids.EXPORT_LINK, "kind": ALL, "fmt": ALL, "size": ALL}, "href"),
        Input(ids.INDICATOR, "value"),
        Input(ids.YEAR, "value"),
        Input(ids.SELECTED, "data"),
        State(ids.URL, "search"),
    )
    @in_page_language
    def export_links(indicator_id: str | None, year: int | None, selected: str | None) -> list[str | None]:
        outputs = dash_ctx.outputs_list
        if not (
            isinstance(indicator_id, str) and indicator_id and isinstance(year, int) and not isinstance(year, bool)
        ):
            return [None] * len(outputs)  # no view yet: a link would only fetch an error
        gemeinde = selected if isinstance(selected, str) and selected in keys else None
        return [
            language.href(links.href(o["id"]["kind"], o["id"]["fmt"], indicator_id, year, gemeinde, o["id"]["size"]))
            for o in outputs
        ]

    @app.callback(
        Output({"type": ids.DOWNLOAD_LINK, "kind": ALL, "fmt": ALL, "scope": ALL}, "href"),
        Input(ids.INDICATOR, "value"),
        Input(ids.YEAR, "value"),
        State(ids.URL, "search"),
    )
    @in_page_language
    def download_links(indicator_id: str | None, year: int | None) -> list[str | None]:
        outputs = dash_ctx.outputs_list
        if not (
            isinstance(indicator_id, str) and indicator_id and isinstance(year, int) and not isinstance(year, bool)
        ):
            return [None] * len(outputs)
        return [language.href(download_href(indicator_id, year, o["id"]["fmt"], o["id"]["scope"])) for o in outputs]
