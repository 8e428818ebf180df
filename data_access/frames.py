"""Filters on one indicator's observation frame (as returned by ``Store.observations``).

Pure functions: a caller that needs years, Gemeinde values, reference values
and a time series reads the frame once and asks these, instead of going back
to the store for each.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from config import BUND_KEY, BUND_NAME, LAENDER
from data_access.aggregate import aggregate
from data_access.catalogue import IndicatorSpec
from formatting import period_text, region_text


@dataclass(frozen=True)
class ReferenceValue:
    """A value of the Kreis, Land or Bund beside the map."""

    level: str
    key: str
    name: str
    value: float | None
    sign: str | None
    derived: bool
    kind: str | None
    stand: object = None  # datetime of the source table's Stand, or None
    period_label: str = ""
    method: str | None = None  # how the value came about (see IndicatorValue.method)


def clean_signs(signs: pd.Series) -> pd.Series:
    """Signs as ``str`` or ``None``: a missing sign must never read as NaN downstream."""
    return signs.astype("object").where(signs.notna(), None)


def years_in(frame: pd.DataFrame, region_keys: list[str]) -> list[int]:
    """Years in which at least one of the given regions has a row."""
    return sorted(int(y) for y in frame.loc[frame["region_key"].isin(region_keys), "year"].unique())


def period_of_year(frame: pd.DataFrame, year: int, gemeinden: list[str]) -> int | None:
    """The one period a map of this year shows.

    A year can hold two reference dates of one indicator (Zensus 15.05.2022 and the
    Fortschreibung on 31.12.2022): they are never merged. The period with the most
    Gemeinde values is shown, on a tie the later one; ``other_periods`` names the rest.
    """
    in_year = frame["year"].to_numpy() == year
    ids = frame["period_id"].to_numpy()[in_year]
    if len(ids) == 0:
        return None
    if (ids == ids[0]).all():  # the usual case: one reference date in the year
        return int(ids[0])
    rows = frame[in_year]
    counts = rows.assign(g=rows["region_key"].isin(gemeinden)).groupby(["period_id", "period_date"])["g"].sum()
    best = max(counts.items(), key=lambda item: (item[1], item[0][1]))
    return int(best[0][0])


def other_periods(frame: pd.DataFrame, year: int, period_id: int | None) -> list[str]:
    """Labels of the other periods of the same year (shown as a note, never drawn together)."""
    rows = frame[(frame["year"] == year) & (frame["period_id"] != period_id)]
    return sorted(set(rows["period_label"]))


def gemeinde_values(frame: pd.DataFrame, year: int, gemeinden: list[str], period: int | None = None) -> pd.DataFrame:
    """One row per Gemeinde (in the given order); a Gemeinde without a row has value and sign None.

    ``period`` (from :func:`period_of_year`) saves finding the year's period again.
    """
    period = period_of_year(frame, year, gemeinden) if period is None else period
    rows = frame[(frame["period_id"] == period) & frame["region_key"].isin(gemeinden)]
    rows = rows.drop_duplicates("region_key", keep="last").set_index("region_key")
    out = rows.reindex(gemeinden)
    out.index.name = "region_key"
    out["sign"] = clean_signs(out["sign"])
    return out.reset_index()


def reference_values(
    frame: pd.DataFrame,
    spec: IndicatorSpec,
    year: int,
    kreis: str,
    kreis_name: str,
    gemeinden: list[str],
    period: int | None = None,
) -> list[ReferenceValue]:
    """Kreis, Land and Bund values of the year's period; a missing Kreis value is computed from the Gemeinden (Σ/Σ)."""
    period = period_of_year(frame, year, gemeinden) if period is None else period
    in_year = frame[frame["period_id"] == period]
    out: list[ReferenceValue] = []
    for level, key, name in (
        ("Kreis", kreis, kreis_name),
        ("Land", kreis[:2], region_text(LAENDER[kreis[:2]])),
        ("Bund", BUND_KEY, region_text(BUND_NAME)),
    ):
        row = in_year[in_year["region_key"] == key]
        if not row.empty:
            last = row.iloc[-1]
            value = None if pd.isna(last["value"]) else float(last["value"])
            sign = None if pd.isna(last["sign"]) else str(last["sign"])
            derived = last["method"] == "parts"
            stand = None if pd.isna(last["stand"]) else last["stand"]
            out.append(
                ReferenceValue(
                    level,
                    key,
                    name,
                    value,
                    sign,
                    derived,
                    last["kind"],
                    stand,
                    period_text(last["period_label"]),
                    last["method"],
                )
            )
        elif level == "Kreis":
            rows = in_year[in_year["region_key"].isin(gemeinden)]
            value = aggregate(rows, spec.aggregation, spec.scale, expected=len(gemeinden))
            kind = rows["kind"].iloc[0] if len(rows) else None
            stands = rows["stand"].dropna()
            stand = stands.max() if len(stands) else None
            label = period_text(rows["period_label"].iloc[0]) if len(rows) else ""
            out.append(ReferenceValue(level, key, name, value, None, value is not None, kind, stand, label, "parts"))
        else:
            out.append(ReferenceValue(level, key, name, None, None, False, None))
    return out


def timeseries(frame: pd.DataFrame, region_keys: list[str]) -> pd.DataFrame:
    """Rows of the given regions over all years, ordered by region and period."""
    return frame[frame["region_key"].isin(region_keys)].reset_index(drop=True)
