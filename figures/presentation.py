"""The map for the projector: the explorer's map, stripped to what a room can read.

Title, reference values, source and attribution are HTML around the map (they are
text the page can size to the screen); the figure keeps the Gemeinden, their labels
and a large colour bar. Type sizes are set for 1920×1080 and scaled in the browser
(``assets/10_app/presentation.js``) to the screen actually used.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from data_access.geodata import Boundaries
from figures import FONT, MapValues, apply_update, map_base, map_update

LABEL_SIZE = 22  # px at 1920×1080: the room's back row reads 18 px and up
BAR_TEXT = 24
BAR_THICKNESS = 30
LINE_WIDTH = 2.0  # no thin lines on a projector


def presentation_map(boundaries: Boundaries, geojson_url: str, mv: MapValues) -> dict[str, Any]:
    """Full map figure as a plain dict (it travels in the page, switched in the browser)."""
    figure = map_base(boundaries, geojson_url).to_plotly_json()
    apply_update(figure, map_update(boundaries, mv))
    values, missing, labels = figure["data"][0], figure["data"][1], figure["data"][2]
    values["marker"]["line"]["width"] = [max(LINE_WIDTH, w * 1.6) for w in values["marker"]["line"]["width"]]
    missing["marker"]["line"]["width"] = LINE_WIDTH
    values["colorbar"].update(
        thickness=BAR_THICKNESS,
        len=0.8,
        tickfont={"size": BAR_TEXT, "family": FONT},
        title={"text": mv.spec.unit, "font": {"size": BAR_TEXT, "family": FONT}, "side": "top"},
        outlinewidth=0,
    )
    labels["textfont"]["size"] = LABEL_SIZE
    layout = figure["layout"]
    layout["title"] = {"text": ""}
    layout["annotations"] = []
    layout["margin"] = {"l": 0, "r": 0, "t": 0, "b": 0}
    layout["font"] = {"family": FONT, "size": BAR_TEXT, "color": "#111111"}
    layout["hoverlabel"] = {"font": {"size": BAR_TEXT, "family": FONT}}
    layout.pop("height", None)
    layout.pop("width", None)
    return figure


def projector_kreise(figure: dict[str, Any], unit: str) -> dict[str, Any]:
    """The Land's Kreise map (``figures.kreise``) dressed like the Gemeinde map: no title, large type."""
    for trace in figure["data"]:
        if "colorbar" in trace:
            trace["colorbar"].update(
                thickness=BAR_THICKNESS,
                len=0.8,
                tickfont={"size": BAR_TEXT, "family": FONT},
                title={"text": unit, "font": {"size": BAR_TEXT, "family": FONT}, "side": "top"},
            )
        if trace.get("mode") == "text":
            trace.setdefault("textfont", {})["size"] = LABEL_SIZE
    layout = figure["layout"]
    layout["title"] = {"text": ""}
    layout["annotations"] = []
    layout["margin"] = {"l": 0, "r": 0, "t": 0, "b": 0}
    layout["font"] = {"family": FONT, "size": BAR_TEXT, "color": "#111111"}
    layout["legend"] = {**layout.get("legend", {}), "font": {"size": BAR_TEXT, "family": FONT}}
    return figure


def trend_points(trend: pd.DataFrame, region_key: str) -> dict[str, list]:
    """Years and values of one region for the overlay's small trend (no value: a gap, never 0)."""
    rows = trend[trend["region_key"] == region_key].sort_values("year")
    values = [None if pd.isna(v) else float(v) for v in rows["value"]]
    return {"years": [int(y) for y in rows["year"]], "values": values}
