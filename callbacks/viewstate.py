"""The explorer view in the address bar: recorded after each drawn view, restored by the router.

Both callbacks run in the browser (``assets/10_app/viewstate.js``): recording a view
or copying its link needs no request to the server.
"""

from __future__ import annotations

from dash import ClientsideFunction, Dash, Input, Output, State

import ids


def register(app: Dash) -> None:
    app.clientside_callback(
        ClientsideFunction("bm_view", "record"),
        Output(ids.ADD_TO_DECK, "href"),
        Input(ids.YEAR_LABEL, "children"),  # in the page with its first map, then set by the map callback
        State(ids.INDICATOR, "value"),
        State(ids.YEAR, "value"),
        State(ids.SELECTED, "data"),
        State(ids.THEME, "data"),
        State(ids.MAP_SCHEME, "value"),
        State(ids.MAP_DIVERGING, "value"),
    )
    app.clientside_callback(
        ClientsideFunction("bm_view", "copy_link"),
        Output(ids.COPY_LINK, "title"),
        Input(ids.COPY_LINK, "n_clicks"),
        prevent_initial_call=True,
    )
