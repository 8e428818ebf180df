"""Everything one theme view needs for an indicator, a year and a selected Gemeinde.

One function assembles it from the store so that the browser callback and an
image export read the same numbers the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

import language
from data_access import catalogue, frames
from data_access.aggregate import aggregate
from data_access.frames import ReferenceValue
from data_access.geodata import Boundaries
from data_access.store import Store
from formatting import format_date, period_text


@dataclass(frozen=True)
class View:
    spec: catalogue.IndicatorSpec
    year: int
    years: list[int]
    period_label: str
    values: pd.DataFrame  # region_key, value, sign, numerator, denominator, kind, stand
    references: list[ReferenceValue]
    trend: pd.DataFrame  # region_key, name, level, year, value, sign
    zrange: tuple[float, float]
    demo: bool
    stand: str | None
    selected: str | None
    other_periods: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    basis: str | None = None
    trend_stand: str | None = None  # the newest Stand over every year the trend shows (year-independent)


def choose_year(years: list[int], wanted: int | None) -> int | None:
    """Keep the wanted year if the indicator has it, else take the latest available."""
    if not years:
        return None
    return wanted if wanted in years else years[-1]


def kreis_series(
    frame: pd.DataFrame, spec: catalogue.IndicatorSpec, boundaries: Boundaries, years: list[int]
) -> pd.DataFrame:
    """Kreis rows per year from an observation frame: stored where published, else Σ/Σ of the Gemeinden."""
    stored = frame[frame["region_key"] == boundaries.kreis_key].drop_duplicates("year", keep="last")
    rows = stored[stored["year"].isin(years)][["year", "value", "sign"]].to_dict("records")
    gemeinden = frame[frame["region_key"].isin(boundaries.keys)]
    for year in sorted(set(years) - set(stored["year"])):
        value = aggregate(
            gemeinden[gemeinden["year"] == year], spec.aggregation, spec.scale, expected=len(boundaries.keys)
        )
        rows.append({"year": year, "value": value, "sign": None})
    out = pd.DataFrame(rows, columns=["year", "value", "sign"]).sort_values("year", ignore_index=True)
    out["value"] = out["value"].astype("float64")
    return out.assign(region_key=boundaries.kreis_key, name=boundaries.title, level="Kreis")


def build_view(
    store: Store, boundaries: Boundaries, indicator_id: str, year: int | None, selected: str | None = None
) -> View | None:
    """Assemble a view; ``None`` when the indicator has no data for this Kreis at all."""
    spec = store.spec(indicator_id)
    frame = store.observations(spec.id)  # the only store access: everything below filters this frame
    keys = boundaries.keys
    scope = [*keys, boundaries.kreis_key]
    years = frames.years_in(frame, scope)
    chosen = choose_year(years, year)
    if chosen is None:
        return None
    period_id = frames.period_of_year(frame, chosen, keys)
    values = frames.gemeinde_values(frame, chosen, keys, period_id)
    references = frames.reference_values(frame, spec, chosen, boundaries.kreis_key, boundaries.title, keys, period_id)

    shown = frame[(frame["period_id"] == period_id) & frame["region_key"].isin(scope)]
    period_label = period_text(str(shown["period_label"].iloc[0])) if len(shown) else str(chosen)
    all_years = frame.loc[frame["region_key"].isin(keys), "value"].dropna()
    zrange = (float(all_years.min()), float(all_years.max())) if len(all_years) else (0.0, 1.0)
    kinds = set(shown["kind"].dropna())
    stands = shown["stand"].dropna()
    all_stands = frame.loc[frame["region_key"].isin([*scope, boundaries.kreis_key[:2]]), "stand"].dropna()
    bases = shown["basis"].dropna()

    land = boundaries.kreis_key[:2]
    others = frames.timeseries(frame, [land, *([selected] if selected in keys else [])])
    names = {g.ags: g.name for g in boundaries.gemeinden} | {r.key: r.name for r in references}
    levels = {land: "Land"} | {k: "Gemeinde" for k in keys}
    others = others.assign(name=others["region_key"].map(names), level=others["region_key"].map(levels))
    trend = pd.concat(
        [
            others[["region_key", "name", "level", "year", "value", "sign"]],
            kreis_series(frame, spec, boundaries, years),
        ],
        ignore_index=True,
    )
    return View(
        spec=spec,
        year=chosen,
        years=years,
        period_label=period_label,
        values=values,
        references=references,
        trend=trend,
        zrange=zrange,
        demo="demo" in kinds,
        stand=format_stand(stands.max()) if len(stands) else None,
        trend_stand=format_stand(all_stands.max()) if len(all_stands) else None,
        selected=selected if selected in keys else None,
        other_periods=tuple(period_text(label) for label in frames.other_periods(frame, chosen, period_id)),
        sources=tuple(sorted(set(shown["source"].dropna().astype(str)) - {""})),
        basis=str(bases.iloc[0]) if len(bases) else None,
    )


def cached_view(
    store: Store, boundaries: Boundaries, indicator_id: str, year: int | None, selected: str | None = None
) -> View | None:
    """:func:`build_view` once per data version, view and language: one change fires the map, chart and trend
    callbacks, and many readers ask for the same views; a write advances the version, so nothing stale is kept.

    The view is shared between requests: read it, never change it.
    """
    selected = selected if selected in boundaries.keys else None  # a crafted key cannot add cache entries
    key = ("view", boundaries.kreis_key, indicator_id, year, selected, language.current())
    return store.cached(key, lambda: build_view(store, boundaries, indicator_id, year, selected))


def format_stand(stand: object) -> str:
    """A table's Stand as the offices write it: 10.10.2017 (English: 10 October 2017)."""
    return format_date(pd.Timestamp(stand).date())


def kreise_values(store: Store, indicator_id: str, keys: list[str], year: int) -> pd.DataFrame:
    """One row per Kreis of the Land (region_key, value, sign, …) for ``year``: the map of a Kreis-only indicator."""
    frame = store.observations(indicator_id)
    period = frames.period_of_year(frame, year, keys)
    return frames.gemeinde_values(frame, year, keys, period)


def has_gemeinde_values(view: View) -> bool:
    """Whether any Gemeinde has a value or a sign: otherwise the indicator is published per Kreis only."""
    return bool(view.values["value"].notna().any() or view.values["sign"].notna().any())
