"""What callbacks share: settings, the store, the boundaries and the geometry URL."""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go

from config import Settings
from data_access.geodata import Boundaries, KreiseBoundaries
from data_access.store import Store
from data_access.views import View, kreise_values
from figures.kreise import kreise_map

GEOJSON_ROUTE = "/geodata/gemeinden.geojson"
KREISE_ROUTE = "/geodata/kreise.geojson"


@dataclass(frozen=True)
class AppContext:
    settings: Settings
    store: Store
    boundaries: Boundaries
    geojson_url: str = GEOJSON_ROUTE
    kreise: KreiseBoundaries | None = None  # the Land's Kreise, for indicators published per Kreis only
    kreise_url: str = KREISE_ROUTE

    def kreise_figure(self, view: View) -> go.Figure | None:
        """The Land's Kreise coloured by the view's indicator and year, the own Kreis outlined.

        ``None`` without a Kreise file. The explorer and the presentation both draw it, from here.
        """
        if self.kreise is None:
            return None
        values = kreise_values(self.store, view.spec.id, list(self.kreise.keys), view.year)
        return kreise_map(
            self.kreise,
            self.kreise_url,
            values,
            view.spec,
            self.boundaries.kreis_key,
            view.period_label,
            view.demo,
            view.stand,
        )
