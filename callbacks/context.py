"""What callbacks share: settings, the store, the boundaries and the geometry URL."""

from __future__ import annotations

from dataclasses import dataclass

from config import Settings
from data_access.geodata import Boundaries
from data_access.store import Store

GEOJSON_ROUTE = "/geodata/gemeinden.geojson"


@dataclass(frozen=True)
class AppContext:
    settings: Settings
    store: Store
    boundaries: Boundaries
    geojson_url: str = GEOJSON_ROUTE
