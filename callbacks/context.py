"""What callbacks share: settings, the store, the boundaries and the geometry URL."""

from __future__ import annotations

from dataclasses import dataclass

from config import Settings
from data_access.geodata import Boundaries, KreiseBoundaries
from data_access.store import Store

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
