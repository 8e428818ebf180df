"""Presentation mode ``/praesentation/<deck>``: every slide of a deck built once, switched in the browser.

The router asks :func:`page` for the whole page when the address is opened; from then
on stepping, the Gemeinde card and the type sizes are clientside callbacks
(``assets/10_app/presentation.js``): a clicker press in the committee room never waits
for the server, and a presentation keeps working when the network does not.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlencode

import dash_bootstrap_components as dbc
from dash import ALL, ClientsideFunction, Dash, Input, Output, State

import ids
import texts
from callbacks.context import AppContext, allows_view
from data_access import access, decks, frames
from data_access.decks import DeckSpec, SlideSpec
from data_access.views import View, build_view, has_gemeinde_values
from exports.charts import period_words, source_text
from figures import view_map_values
from figures.presentation import presentation_map, projector_kreise, trend_points
from formatting import format_value
from layouts import presentation as layout

log = logging.getLogger(__name__)
PREFIX = "/praesentation/"


def explorer_href(slide: SlideSpec, year: int | None = None) -> str:
    """The explorer address of a slide's view (Esc in the presentation goes there)."""
    query = {"indikator": slide.indicator}
    if year or slide.year:
        query["jahr"] = str(year or slide.year)
    if slide.gemeinde:
        query["gemeinde"] = slide.gemeinde
    return f"/{slide.theme}?{urlencode(query)}"


def _reference_items(view: View, names: dict[str, str]) -> list[dict[str, str]]:
    spec = view.spec
    items = []
    if view.selected:
        row = view.values.set_index("region_key").loc[view.selected]
        items.append(
            {
                "name": names[view.selected],
                "value": format_value(row["value"], row["sign"], spec.unit, spec.decimals),
                "level": "Gemeinde",
            }
        )
    for ref in view.references:
        shown = (
            texts.NOT_COMPUTABLE
            if ref.value is None and ref.sign is None and ref.level == "Kreis"
            else format_value(ref.value, ref.sign, spec.unit, spec.decimals)
        )
        items.append({"name": ref.name, "value": shown, "level": ref.level})
    return items


def _regions(ctx: AppContext, view: View) -> dict[str, Any]:
    """What the Gemeinde card shows for each Gemeinde: value, and the trends of Gemeinde, Kreis and Land."""
    spec = view.spec
    boundaries = ctx.boundaries
    frame = ctx.store.observations(spec.id)
    series = frames.timeseries(frame, boundaries.keys).drop_duplicates(["region_key", "year"], keep="last")
    values = view.values.set_index("region_key")
    out = {}
    for g in boundaries.gemeinden:
        row = values.loc[g.ags] if g.ags in values.index else None
        shown = (
            format_value(row["value"], row["sign"], spec.unit, spec.decimals) if row is not None else texts.MAP_MISSING
        )
        out[g.ags] = {"name": g.name, "value": shown, "trend": trend_points(series, g.ags)}
    return out


def _slide_map(ctx: AppContext, view: View) -> dict[str, Any]:
    """The Gemeinden; for an indicator published per Kreis only, the Land's Kreise as in the explorer."""
    figure = None if has_gemeinde_values(view) else ctx.kreise_figure(view)
    if figure is None:
        return presentation_map(ctx.boundaries, ctx.geojson_url, view_map_values(view))
    return projector_kreise(figure.to_plotly_json(), view.spec.unit)


def slide_data(
    ctx: AppContext, deck: DeckSpec, slide: SlideSpec, reader: access.Access | None = None
) -> dict[str, Any]:
    """Everything one slide needs in the browser: texts, the map figure and the Gemeinde cards.

    A view of an indicator or series ``reader`` may not see is the unknown-indicator slide, its data never read.
    """
    boundaries = ctx.boundaries
    names = {g.ags: g.name for g in boundaries.gemeinden}
    base = {"heading": slide.heading, "explorer": explorer_href(slide), "position": slide.position}
    unknown = base | {"title": texts.PRESENT_UNKNOWN_INDICATOR.format(indicator=slide.indicator), "missing": True}
    if reader is not None and not allows_view(reader, slide.indicator):
        return unknown | {"heading": ""}  # the author's heading could name the internal indicator
    try:
        spec = ctx.store.spec(slide.indicator)
    except KeyError:
        return unknown
    view = build_view(ctx.store, boundaries, spec.id, slide.year, slide.gemeinde)
    if view is None or (slide.year is not None and view.year != slide.year):
        message = texts.PRESENT_NO_DATA.format(name=spec.name, year=slide.year or "")
        return base | {"title": spec.name, "subtitle": message, "missing": True}
    trend = view.trend.drop_duplicates(["region_key", "year"], keep="last")
    land = boundaries.kreis_key[:2]
    level_names = {ref.level: ref.name for ref in view.references}
    return base | {
        "title": f"{spec.name}, {period_words(view.period_label)}",
        "unit_note": " · ".join(
            part for part in (texts.EXPORT_UNIT.format(unit=spec.unit) if spec.unit else "", view.period_label) if part
        ),
        "references": _reference_items(view, names),
        "source": source_text(view),
        "attribution": texts.ATTRIBUTION,
        "demo": view.demo,
        "figure": _slide_map(ctx, view),
        "explorer": explorer_href(slide, view.year),
        "unit": spec.unit,
        "period": view.period_label,
        "kreis": {
            "name": level_names.get("Kreis", boundaries.title),
            "trend": trend_points(trend, boundaries.kreis_key),
        },
        "land": {"name": level_names.get("Land", ""), "trend": trend_points(trend, land)},
        "kreis_value": next((r["value"] for r in _reference_items(view, names) if r["level"] == "Kreis"), ""),
        "land_value": next((r["value"] for r in _reference_items(view, names) if r["level"] == "Land"), ""),
        "regions": _regions(ctx, view),
    }


def page(ctx: AppContext, slug: str, reader: access.Access):  # noqa: ANN201 - a Dash component tree
    """The whole presentation page of deck ``slug``; an unknown deck gets a German message.

    A deck ``reader`` may not see is an unknown one (asked before the deck is read).
    """
    known = decks.valid_slug(slug) and reader.allows(access.DECK, slug)
    deck = decks.get_deck(ctx.store, slug) if known else None
    if deck is None:
        shown = slug if len(slug) <= 60 else slug[:60] + "…"
        return dbc.Alert(texts.PRESENT_UNKNOWN_DECK.format(deck=shown), color="warning", className="mt-3")
    if not deck.views:
        return dbc.Alert(texts.PRESENT_EMPTY_DECK.format(name=deck.name), color="info", className="mt-3")
    slides = [slide_data(ctx, deck, slide, reader) for slide in deck.views]
    return layout.build(deck, slides)


def register(app: Dash) -> None:
    """Stepping and the Gemeinde card: clientside callbacks, no request to the server."""
    app.clientside_callback(
        ClientsideFunction("bm_present", "show"),
        Output(ids.PRESENT_MAP, "figure"),
        Output({"type": ids.PRESENT_TEXT, "part": "head", "index": ALL}, "hidden"),
        Output({"type": ids.PRESENT_TEXT, "part": "side", "index": ALL}, "hidden"),
        Output({"type": ids.PRESENT_TEXT, "part": "foot", "index": ALL}, "hidden"),
        Output(ids.PRESENT_PROGRESS, "children"),
        Input(ids.PRESENT_INDEX, "data"),
        Input(ids.PRESENT_SIZE, "data"),
        State(ids.PRESENT_SLIDES, "data"),
        prevent_initial_call=False,  # the first call sizes the map to the screen
    )
    app.clientside_callback(
        ClientsideFunction("bm_present", "card"),
        Output(ids.PRESENT_OVERLAY, "hidden"),
        Output(ids.PRESENT_OVERLAY_BODY, "children"),
        Output(ids.PRESENT_OVERLAY_TREND, "figure"),
        Input(ids.PRESENT_MAP, "clickData"),
        Input(ids.PRESENT_CLOSE, "n_clicks"),
        State(ids.PRESENT_INDEX, "data"),
        State(ids.PRESENT_SLIDES, "data"),
        prevent_initial_call=True,
    )
