"""Gemeinde profile and Gemeinde list: assemble every indicator's numbers for one Gemeinde.

The profile has no inputs besides its address, so there is no callback: ``render_page``
(callbacks/navigation.py) asks :func:`page` for the whole page. :func:`profile_rows` is the
pure part (store and boundaries in, rows out) that tests and a later export can share.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

import texts
from callbacks.context import AppContext
from data_access import access, catalogue, frames
from data_access.catalogue import IndicatorSpec
from data_access.geodata import Boundaries
from data_access.store import Store
from figures.profile import sparkline_svg
from formatting import format_number, format_value, is_missing
from layouts import profile as layout
from layouts.profile import ProfileRow

CHANGE_YEARS = 5
MINUS = "\u2212"


def signed(number: float, decimals: int) -> str:
    """``+1,2`` / ``−0,4`` / ``±0,0``: the sign of a change after rounding once."""
    text = format_number(abs(number), decimals)
    if text.strip("0,.") == "":
        return f"±{text}"
    return f"{'+' if number > 0 else MINUS}{text}"


def five_year_change(spec: IndicatorSpec, now: float, before: float) -> tuple[float | None, str]:
    """Change of a value over five years, in the unit that reads right for the indicator.

    Shares (unit ``%``) change in Prozentpunkte, counts (aggregation ``sum``) in per cent of the
    earlier value, everything else (rates, ages, ratios) as a difference in the indicator's unit.
    """
    if spec.unit == "%":
        diff = now - before
        unit = texts.PERCENT_POINT if format_number(abs(diff), spec.decimals) == "1,0" else texts.PERCENT_POINTS
        return diff, f"{signed(diff, spec.decimals)} {unit}"
    if spec.aggregation == "sum":
        if before == 0:
            return None, texts.PROFILE_NO_CHANGE
        relative = (now - before) / before * 100
        return relative, f"{signed(relative, 1)} %"
    diff = now - before
    return diff, f"{signed(diff, spec.decimals)} {spec.unit}".strip()


def one_per_year(rows: pd.DataFrame, frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Per year the row of the period a map of that year shows (never two reference dates mixed)."""
    periods = {int(y): frames.period_of_year(frame, int(y), keys) for y in rows["year"].unique()}
    chosen = rows[rows.apply(lambda r: r["period_id"] == periods[int(r["year"])], axis=1)]
    return chosen.drop_duplicates("year", keep="last").sort_values("year")


def profile_row(store: Store, boundaries: Boundaries, spec: IndicatorSpec, ags: str) -> ProfileRow:
    """Latest Gemeinde value with Kreis and Land of the same period, five-year change, trend."""
    frame = store.observations(spec.id)
    keys = boundaries.keys
    own = frame[(frame["region_key"] == ags) & (frame["value"].notna() | frame["sign"].notna())]
    series = one_per_year(own, frame, keys) if len(own) else own
    if series.empty:
        years = frames.years_in(frame, [*keys, boundaries.kreis_key])
        year = years[-1] if years else None
        gemeinde, change, change_value, spark, label = texts.PROFILE_NO_GEMEINDE_VALUES, "", None, None, ""
        span = ""
        demo_rows = frame[frame["year"] == year]
    else:
        latest = series.iloc[-1]
        year = int(latest["year"])
        label = str(latest["period_label"])
        gemeinde = format_value(_num(latest["value"]), latest["sign"], spec.unit, spec.decimals)
        earlier = series[series["year"] == year - CHANGE_YEARS]
        change_value, change = None, texts.PROFILE_NO_CHANGE
        if len(earlier) and not is_missing(_num(latest["value"])) and not is_missing(_num(earlier.iloc[0]["value"])):
            change_value, change = five_year_change(spec, float(latest["value"]), float(earlier.iloc[0]["value"]))
            change = f"{change} ({year - CHANGE_YEARS}–{year})" if change_value is not None else change
        spark = sparkline_svg([int(y) for y in series["year"]], [_num(v) for v in series["value"]])
        span = f"{int(series['year'].iloc[0])}–{year}"
        demo_rows = series.tail(1)
    if year is None:
        return ProfileRow(spec, None, "", gemeinde, texts.NO_DATA_SHORT, texts.NO_DATA_SHORT, "", None, None, False)
    refs = {
        r.level: r for r in frames.reference_values(frame, spec, year, boundaries.kreis_key, boundaries.title, keys)
    }
    shown = {}
    for level in ("Kreis", "Land"):
        ref = refs[level]
        if ref.value is None and ref.sign is None and level == "Kreis":
            shown[level] = texts.NOT_COMPUTABLE
        else:
            shown[level] = format_value(ref.value, ref.sign, spec.unit, spec.decimals)
    label = label or refs["Kreis"].period_label or str(year)
    demo = "demo" in set(demo_rows["kind"].dropna()) or any(r.kind == "demo" for r in refs.values())
    return ProfileRow(
        spec, year if not series.empty else None, label, gemeinde, shown["Kreis"], shown["Land"], change,
        change_value, spark, demo, span,
    )  # fmt: skip


def _num(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def profile_rows(
    store: Store, boundaries: Boundaries, ags: str, reader: access.Access | None = None
) -> list[tuple[catalogue.Theme, list[ProfileRow]]]:
    """Every catalogue indicator for one Gemeinde, grouped by theme in catalogue order.

    With ``reader`` only the indicators that reader may see (their data is never read), and a
    theme left without any is left out.
    """
    groups = []
    for theme in catalogue.THEMES:
        specs = catalogue.indicators_for_theme(theme.slug)
        if reader is not None:
            specs = tuple(spec for spec in specs if reader.allows(access.INDICATOR, spec.id))
            if not specs:
                continue
        groups.append((theme, [profile_row(store, boundaries, spec, ags) for spec in specs]))
    return groups


def page(ctx: AppContext, ags: str, reader: access.Access) -> html.Div | dbc.Alert:
    """The profile page of one Gemeinde for ``reader``, or a German message for an unknown key."""
    names = {g.ags: g.name for g in ctx.boundaries.gemeinden}
    if ags not in names:
        shown = ags if len(ags) <= 40 else ags[:40] + "…"
        return layout.unknown(texts.PROFILE_UNKNOWN.format(ags=shown, kreis=ctx.boundaries.title))
    groups = profile_rows(ctx.store, ctx.boundaries, ags, reader)
    return layout.profile(names[ags], ags, ctx.boundaries.title, groups)


def list_page(ctx: AppContext) -> html.Div:
    """All Gemeinden of the Kreis, each linking to its profile."""
    return layout.gemeinde_list(ctx.boundaries.title, [(g.ags, g.name) for g in ctx.boundaries.gemeinden])
