"""Comparison page: URL query → preset controls; controls → line chart and year table.

:func:`page` builds the page for ``render_page``; :func:`comparison` is the pure part
(store in, figure and table rows out) that the callback and the tests share.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlencode

import dash_bootstrap_components as dbc
import pandas as pd
import plotly.graph_objects as go
from dash import Dash, Input, Output, State, html, no_update
from sqlalchemy.exc import SQLAlchemyError

import ids
import language
import security
import texts
from callbacks.context import AppContext, in_page_language
from callbacks.profile import one_per_year
from config import LAENDER
from data_access import access, catalogue, frames
from data_access.catalogue import IndicatorSpec
from data_access.geodata import Boundaries
from data_access.store import Store
from data_access.views import kreis_series
from figures.profile import comparison_figure
from formatting import format_value, region_text
from layouts import comparison as layout
from layouts.comparison import MAX_REGIONS

log = logging.getLogger(__name__)
MAX_QUERY_ITEMS = 50  # a crafted query with thousands of keys is cut, not looped over


@dataclass(frozen=True)
class Comparison:
    figure: go.Figure
    year: int | None
    years: list[int]
    columns: list[str]
    rows: list[tuple[str, str, list[str]]]  # (indicator id, short name, cells)
    messages: list[str] = field(default_factory=list)


def region_names(store: Store, boundaries: Boundaries) -> dict[str, str]:
    """Comparable regions: the Gemeinden of the Kreis, then the other Kreise of the Land."""
    names = {g.ags: g.name for g in boundaries.gemeinden}
    regions = store.regions()
    land = boundaries.kreis_key[:2]
    kreise = regions[(regions["level"] == "Kreis") & regions["key"].str.startswith(land)]
    for key, name in zip(kreise["key"], kreise["name"], strict=True):
        if key != boundaries.kreis_key:
            names[str(key)] = str(name)
    return names


def check_regions(wanted: list[str], names: dict[str, str]) -> tuple[list[str], list[str]]:
    """Known regions (in the user's order, at most five) and German messages about the rest."""
    messages = []
    unknown = [key for key in wanted if key not in names]
    if unknown:
        messages.append(texts.COMPARISON_UNKNOWN_REGION.format(keys=", ".join(k[:20] for k in unknown[:5])))
    known = list(dict.fromkeys(key for key in wanted if key in names))
    if len(known) > MAX_REGIONS:
        known = known[:MAX_REGIONS]
        messages.append(texts.COMPARISON_TOO_MANY.format(names=", ".join(names[k] for k in known)))
    return known, messages


def _series(frame: pd.DataFrame, keys: list[str], region_keys: list[str], names: dict[str, str]) -> pd.DataFrame:
    parts = []
    for key in region_keys:
        rows = frame[(frame["region_key"] == key) & (frame["value"].notna() | frame["sign"].notna())]
        if len(rows):
            parts.append(one_per_year(rows, frame, keys).assign(name=names.get(key, key)))
    columns = ["region_key", "name", "year", "value", "sign"]
    return pd.concat(parts, ignore_index=True)[columns] if parts else pd.DataFrame(columns=columns)


def comparison(
    store: Store,
    boundaries: Boundaries,
    spec: IndicatorSpec,
    regions: list[str],
    names: dict[str, str],
    year: int | None,
    reader: access.Access | None = None,
) -> Comparison:
    """Lines of the regions plus Kreis and Land for one indicator; the theme's indicators in one year.

    With ``reader`` the year table leaves out every indicator that reader may not see (the
    callback passes the request's reader; ``spec`` itself it has checked already).
    """
    frame = store.observations(spec.id)
    keys = boundaries.keys
    land = boundaries.kreis_key[:2]
    years = frames.years_in(frame, [*keys, boundaries.kreis_key])
    lines = _series(frame, keys, regions, names).assign(level="Region")
    kreis = kreis_series(frame, spec, boundaries, years)
    land_rows = _series(frame, keys, [land], {land: LAENDER.get(land, land)}).assign(level="Land")
    series = pd.concat([lines, kreis[[*lines.columns]], land_rows], ignore_index=True)
    demo = "demo" in set(frame.loc[frame["region_key"].isin([*regions, *keys, land]), "kind"].dropna())
    figure = comparison_figure(series, spec, demo)

    chosen = year if year in years else (years[-1] if years else None)
    specs = catalogue.indicators_for_theme(spec.theme) if spec.theme in {t.slug for t in catalogue.THEMES} else ()
    if reader is not None:
        specs = tuple(s for s in specs if reader.allows(access.INDICATOR, s.id))
    specs = specs or (spec,)
    columns = [
        texts.INDICATOR_LABEL,
        *(names[k] for k in regions),
        boundaries.title,
        region_text(LAENDER.get(land, land)),
    ]
    columns.append(texts.PROFILE_COLUMNS[-1])
    rows = [] if chosen is None else [_table_row(store, boundaries, s, regions, chosen) for s in specs]
    return Comparison(figure, chosen, years, columns, rows)


def _table_row(
    store: Store, boundaries: Boundaries, spec: IndicatorSpec, regions: list[str], year: int
) -> tuple[str, str, list[str]]:
    frame = store.observations(spec.id)
    keys = boundaries.keys
    period = frames.period_of_year(frame, year, keys)
    shown = frame[frame["period_id"] == period]
    cells, demo = [], False
    for key in regions:
        row = shown[shown["region_key"] == key]
        if row.empty:
            cells.append(texts.MAP_MISSING)
            continue
        last = row.iloc[-1]
        value = None if pd.isna(last["value"]) else float(last["value"])
        cells.append(format_value(value, last["sign"], spec.unit, spec.decimals))
        demo = demo or last["kind"] == "demo"
    for ref in frames.reference_values(frame, spec, year, boundaries.kreis_key, boundaries.title, keys)[:2]:
        if ref.value is None and ref.sign is None and ref.level == "Kreis":
            cells.append(texts.NOT_COMPUTABLE)
        else:
            cells.append(format_value(ref.value, ref.sign, spec.unit, spec.decimals))
        demo = demo or ref.kind == "demo"
    cells.append(texts.DEMO_LABEL if demo else texts.PROFILE_IMPORTED)
    label = f"{spec.short_name} ({spec.unit})" if spec.unit else spec.short_name
    return spec.id, label, cells


def allowed_indicators(reader: access.Access) -> list[IndicatorSpec]:
    """The catalogue's indicators this reader may see, in catalogue order."""
    return [s for s in catalogue.INDICATORS if reader.allows(access.INDICATOR, s.id)]


def default_indicator(ctx: AppContext, reader: access.Access | None = None) -> str | None:
    """The default theme's first indicator the reader may see, else the catalogue's; ``None`` when none is left."""
    specs = [*catalogue.indicators_for_theme(ctx.settings.default_theme), *catalogue.INDICATORS]
    allowed = [s for s in specs if reader is None or reader.allows(access.INDICATOR, s.id)]
    return allowed[0].id if allowed else None


def page(ctx: AppContext, search: str | None, reader: access.Access) -> html.Div:
    """The comparison page preset from ``?indikator=…&regionen=…``; bad keys give German notices.

    Only indicators ``reader`` may see are offered; an internal one in the address is an unknown one.
    """
    try:
        query = parse_qs((search or "").lstrip("?"), max_num_fields=MAX_QUERY_ITEMS)
    except ValueError:  # more fields than the page reads: crafted, so nothing is preset
        query = {}
    wanted_indicator = (query.get("indikator") or [""])[0]
    notices = []
    indicator_id = default_indicator(ctx, reader)
    if wanted_indicator:
        try:
            if not reader.allows(access.INDICATOR, wanted_indicator):
                raise KeyError(wanted_indicator)
            indicator_id = catalogue.indicator(wanted_indicator).id
        except KeyError:
            notices.append(texts.UNKNOWN_INDICATOR.format(indicator=wanted_indicator[:60]))
    wanted = [k.strip() for v in query.get("regionen", []) for k in v.split(",") if k.strip()][:MAX_QUERY_ITEMS]
    names = region_names(ctx.store, ctx.boundaries)
    regions, messages = check_regions(wanted, names)
    gemeinden = {g.ags for g in ctx.boundaries.gemeinden}
    region_options = [
        {
            "label": f"{name} ({texts.REGION_KIND_GEMEINDE if key in gemeinden else texts.REGION_KIND_KREIS})",
            "value": key,
        }
        for key, name in names.items()
    ]
    indicator_options = [{"label": s.short_name, "value": s.id, "title": s.name} for s in allowed_indicators(reader)]
    return layout.build(indicator_options, region_options, indicator_id, regions, [*notices, *messages])


def register(app: Dash, ctx: AppContext) -> None:
    @app.callback(
        Output(ids.COMPARE_GRAPH, "figure"),
        Output(ids.COMPARE_TABLE, "children"),
        Output(ids.COMPARE_YEAR, "options"),
        Output(ids.COMPARE_YEAR, "value"),
        Output(ids.COMPARE_LINK, "href"),
        Output(ids.COMPARE_MESSAGE, "children"),
        Input(ids.COMPARE_INDICATOR, "value"),
        Input(ids.COMPARE_REGIONS, "value"),
        Input(ids.COMPARE_YEAR, "value"),
        State(ids.URL, "search"),
    )
    @in_page_language
    def update_comparison(indicator_id: object, regions: object, year: object):
        def fail(message: str, color: str = "warning") -> tuple:
            return (*([no_update] * 5), dbc.Alert(message, color=color))

        if not isinstance(indicator_id, str) or len(indicator_id) > 200:
            return fail(texts.INVALID_INDICATOR)
        try:
            reader = security.reader_access()  # once: the indicator and every row of the year table
            if not reader.allows(access.INDICATOR, indicator_id):
                raise KeyError(indicator_id)  # to a public reader an internal indicator is an unknown one
            spec = catalogue.indicator(indicator_id)
        except KeyError:
            return fail(texts.UNKNOWN_INDICATOR.format(indicator=indicator_id[:60]))
        except SQLAlchemyError as error:
            log.exception("access marks query failed")
            return fail(texts.DATABASE_ERROR.format(reason=type(error).__name__), "danger")
        if regions is None:
            regions = []
        if not isinstance(regions, list) or not all(isinstance(r, str) for r in regions):
            return fail(texts.COMPARISON_UNKNOWN_REGION.format(keys="?"))
        if not (year is None or (isinstance(year, int) and not isinstance(year, bool))):
            return fail(texts.INVALID_YEAR)
        try:
            names = region_names(ctx.store, ctx.boundaries)
            known, messages = check_regions(regions[:MAX_QUERY_ITEMS], names)
            result = comparison(ctx.store, ctx.boundaries, spec, known, names, year, reader)
        except SQLAlchemyError as error:
            log.exception("comparison query failed")
            return fail(texts.DATABASE_ERROR.format(reason=type(error).__name__), "danger")
        if not known:
            messages.append(texts.COMPARISON_NO_REGIONS)
        theme = next((t.title for t in catalogue.THEMES if t.slug == spec.theme), spec.theme)
        table = (
            layout.table(texts.COMPARISON_TABLE.format(theme=theme, year=result.year), result.columns, result.rows)
            if result.rows
            else dbc.Alert(texts.COMPARISON_NO_YEAR, color="info")
        )
        href = language.href("/vergleich?" + urlencode({"indikator": spec.id, "regionen": ",".join(known)}))
        message = [dbc.Alert(m, color="warning", className="py-2") for m in messages] or None
        options = [{"label": str(y), "value": y} for y in reversed(result.years)]
        return result.figure, table, options, result.year, href, message
