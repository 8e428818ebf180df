"""What callbacks share: settings, the store, the boundaries, the geometry URL and the page's language."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import plotly.graph_objects as go
from dash.development.base_component import Component

import language
from config import Settings
from data_access import access
from data_access.geodata import Boundaries, KreiseBoundaries
from data_access.store import SERIES_PREFIX, Store
from data_access.views import View, kreise_values
from figures import map_base
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
    _bases: dict[str, go.Figure] = field(default_factory=dict, compare=False, repr=False)

    def map_base(self) -> go.Figure:
        """The Gemeinden map shell (geometry by URL, labels, legend) in the request's language, built once each.

        Shared between requests: read it, or change a ``copy.deepcopy`` of its ``to_plotly_json()``.
        """
        lang = language.current()
        if lang not in self._bases:
            self._bases[lang] = map_base(self.boundaries, self.geojson_url)
        return self._bases[lang]

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


def plain(node: Any) -> Any:
    """A component tree as the plain dicts Dash sends for it: a cached answer is encoded without them.

    Dash's renderer reads ``{"type", "namespace", "props"}`` as the component it names.
    """
    if isinstance(node, Component):
        shape = node.to_plotly_json()
        return {**shape, "props": {key: plain(value) for key, value in shape["props"].items()}}
    if isinstance(node, list | tuple):
        return [plain(item) for item in node]
    if isinstance(node, dict):
        return {key: plain(value) for key, value in node.items()}
    return node


def in_page_language(callback: Callable[..., Any]) -> Callable[..., Any]:
    """Run a callback in the language of its page: its last argument is the address's query (``lang=en``).

    A callback request carries no query of its own, so every callback that writes text or
    links takes ``State(ids.URL, "search")`` last and is wrapped in this.
    """

    @functools.wraps(callback)
    def wrapper(*args: Any) -> Any:
        *rest, search = args
        with language.use(language.from_search(search)):
            return callback(*rest)

    return wrapper


def view_kind(indicator_id: str) -> str:
    """The kind of item an explorer id names: an imported base series (``s-…``) or a catalogue indicator."""
    return access.SERIES if indicator_id.startswith(SERIES_PREFIX) else access.INDICATOR


def allows_view(reader: access.Access, indicator_id: str) -> bool:
    """May this reader see the indicator or base series ``indicator_id``? Ask before reading its data.

    To a public reader an internal item does not exist: callers answer ``False`` exactly as they
    answer an unknown id (same message, nothing listed).
    """
    return reader.allows(view_kind(indicator_id), indicator_id)
