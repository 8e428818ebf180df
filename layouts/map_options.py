"""The map's colour options beside the controls: continuous or classed, and a scale centred on the Kreis.

Both choices are part of the view's address (``klassen=…``, ``abweichung=1``), so a
shared link shows the same colours.
"""

from __future__ import annotations

from dash import dcc, html

import ids
import texts
from figures.classes import DEFAULT_SCHEME, SCHEMES


def map_options(scheme: str = DEFAULT_SCHEME, diverging: bool = False, kind: str = "gemeinden") -> html.Div:
    """Scheme choice, the diverging switch, and the store that says what the map draws now."""
    return html.Div(
        [
            dcc.Store(id=ids.MAP_KIND, data=kind),
            html.Label(texts.MAP_SCHEME_LABEL, htmlFor=ids.MAP_SCHEME, className="form-label fw-semibold mt-3"),
            dcc.Dropdown(
                id=ids.MAP_SCHEME,
                options=[{"label": texts.MAP_SCHEMES[key], "value": key} for key in SCHEMES],
                value=scheme,
                clearable=False,
                searchable=False,
            ),
            dcc.Checklist(
                id=ids.MAP_DIVERGING,
                options=[{"label": texts.MAP_DIVERGING_LABEL, "value": "kreis"}],
                value=["kreis"] if diverging else [],
                className="mt-2",
                inputClassName="form-check-input me-2",
                labelClassName="form-check-label",
            ),
        ],
        className="bm-map-options",
    )
