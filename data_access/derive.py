"""Recipes → indicator values: from base series to the catalogue's indicators.

A recipe is a list of variants, tried in order; for each region and period the
first variant with a row wins, so a published rate comes before one computed
from counts. A selector names a table stem and the label parts that set it
apart from the total (``["ohne Hauptschulabschluss"]``); every other part must
be a total ("Insgesamt") or a heading shared by all candidates, so a column of
women only is never taken for everyone. A Kreis row in the source always wins
over one computed from its Gemeinden; a computed Kreis is marked ``parts``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

import pandas as pd
from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from data_access import catalogue
from data_access.aggregate import aggregate
from data_access.importers.template import OWN_PREFIX
from data_access.models import Cell, IndicatorValue, Region, Series
from data_access.regions import Scope
from data_access.store import cell_frame

TOTAL_WORDS = ("insgesamt", "total", "zusammen", "gesamt", "alle", "ohne doppelzählungen")
SUBGROUP_WORDS = frozenset(
    {"männlich", "weiblich", "deutsche", "deutsch", "ausländer", "ausländerinnen", "nichtdeutsche", "ausländisch"}
)
NO_VALUE = frozenset({".", "...", "/", "x"})
VALUE_COLUMNS = [
    "region_key",
    "period_id",
    "value",
    "numerator",
    "denominator",
    "sign",
    "quality",
    "method",
    "stand",
    "source",
    "basis",
]


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _is_total(part: str) -> bool:
    return any(part == w or part.startswith(w) or part.endswith(w) for w in TOTAL_WORDS)


def _prefixed(part: str, wanted: set[str]) -> str:
    """``part`` as the wanted term it begins with (whole words only), else unchanged."""
    for term in wanted:
        if part.startswith(term) and (len(part) == len(term) or not part[len(term)].isalnum()):
            return term
    return part


def resolve(rows: list[Series], match: Iterable[str]) -> Series | None:
    """The one series of a stem that carries every ``match`` part and totals for the rest, or None."""
    wanted = {_norm(m) for m in match}
    labelled = [(row, [_norm(p) for p in json.loads(row.parts)]) for row in rows]
    candidates = [(row, parts) for row, parts in labelled if wanted <= set(parts)]
    if not candidates and wanted:
        # Newer tables write a label out ("Betreuungsquote der Kinder unter 3 Jahren"): a part that begins
        # with the wanted words as whole words stands for them, and counts as that very part.
        candidates = [(row, [_prefixed(p, wanted) for p in parts]) for row, parts in labelled]
        candidates = [(row, parts) for row, parts in candidates if wanted <= set(parts)]
    if not candidates:
        return None
    common = set.intersection(*(set(parts) for _, parts in candidates))

    def score(parts: list[str]) -> int:
        return sum(
            1 for p in parts if p not in wanted and not _is_total(p) and (p not in common or p in SUBGROUP_WORDS)
        )

    scored = sorted(((score(parts), i) for i, (_row, parts) in enumerate(candidates)))
    if scored[0][0] != 0 or (len(scored) > 1 and scored[1][0] == 0):
        return None  # nothing is a clean total, or two are: better no value than a wrong one
    return candidates[scored[0][1]][0]


class _Cells:
    """Cells of the stems a recipe reads, loaded once per derivation."""

    def __init__(self, session: Session, stems: set[str]) -> None:
        self.session = session
        self.series = list(session.scalars(select(Series).where(Series.stem.in_(sorted(stems))))) if stems else []
        self._frames: dict[int, pd.DataFrame] = {}

    def rows_of(self, stem: str) -> list[Series]:
        return [s for s in self.series if s.stem == stem]

    def frame(self, series: Series) -> pd.DataFrame:
        if series.id not in self._frames:
            frame = cell_frame(self.session, Cell.series_id == series.id)
            self._frames[series.id] = frame.assign(no_sum=series.no_sum, subset=series.subset)
        return self._frames[series.id]

    def select(self, selector: catalogue.Selector) -> pd.DataFrame | None:
        """Cells of a selector: the first stem with a match wins per region and period; sums add bands."""
        frames = []
        for stem in selector.tables:
            rows = self.rows_of(stem)
            if selector.sum:
                found = [resolve(rows, band) for band in selector.sum]
                if any(s is None or s.subset for s in found):
                    continue  # a "dar." / "und zwar" column is part of another one: never added up
                frames.append(_sum_frames([self.frame(s) for s in found]))  # type: ignore[arg-type]
            else:
                series = resolve(rows, selector.match)
                if series is not None:
                    frames.append(self.frame(series))
        if not frames:
            return None
        out = pd.concat(frames, ignore_index=True).drop_duplicates(["region_key", "date"], keep="first")
        if selector.date:
            day, month = int(selector.date[:2]), int(selector.date[3:5])
            out = out[[d.day == day and d.month == month for d in out["date"]]]
        return out.reset_index(drop=True)


def _sum_frames(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Add bands (age groups) per region and period; a band without value leaves the sum without value."""
    keys = ["region_key", "period_id", "date", "year"]
    merged = frames[0]
    for i, other in enumerate(frames[1:], start=1):
        merged = merged.merge(other, on=keys, how="inner", suffixes=("", f"_{i}"))
    value_cols = [c for c in merged.columns if c == "value" or c.startswith("value_")]
    sign_cols = [c for c in merged.columns if c == "sign" or c.startswith("sign_")]
    blocked = merged[sign_cols].isin(list(NO_VALUE)).any(axis=1) | merged[value_cols].isna().any(axis=1)
    out = merged[keys].copy()
    out["value"] = merged[value_cols].sum(axis=1).where(~blocked)
    out["sign"] = merged[sign_cols].apply(lambda r: next((s for s in r if s in NO_VALUE), None), axis=1)
    out["sign"] = out["sign"].where(blocked, None)
    out["quality"] = None
    stand_cols = [c for c in merged.columns if c == "stand" or c.startswith("stand_")]
    out["stand"] = merged[stand_cols].max(axis=1)
    out["table"] = merged["table"]
    out["basis"] = merged["basis"]
    out["no_sum"] = merged["no_sum"]
    out["subset"] = False
    return out


def _value_variant(cells: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "region_key": cells["region_key"],
            "period_id": cells["period_id"],
            "value": cells["value"],
            "numerator": None,
            "denominator": None,
            "sign": cells["sign"],
            "quality": cells["quality"],
            "method": "published",
            "stand": cells["stand"],
            "source": cells["table"],
            "basis": cells["basis"],
        }
    )


def _ratio_variant(num: pd.DataFrame, den: pd.DataFrame, offset: int, scale: float) -> pd.DataFrame:
    """numerator / denominator × scale, the denominator ``offset`` years off (Kita 01.03.t / population 31.12.t−1)."""
    num = num.assign(target=num["year"] + offset)
    den = den.rename(columns={c: f"d_{c}" for c in den.columns})
    merged = num.merge(den, left_on=["region_key", "target"], right_on=["d_region_key", "d_year"], how="inner")
    if merged.empty:
        return pd.DataFrame(columns=VALUE_COLUMNS)
    # One denominator per numerator row: the same reference date if there is one, else the latest of that year.
    merged = merged.assign(same=merged["d_date"] == merged["date"]).sort_values(["same", "d_date"])
    merged = merged.drop_duplicates(["region_key", "period_id"], keep="last")
    sign = merged["sign"].where(merged["sign"].isin(list(NO_VALUE)), None)
    sign = sign.where(sign.notna(), merged["d_sign"].where(merged["d_sign"].isin(list(NO_VALUE)), None))
    zero = (merged["d_value"] == 0) & sign.isna()
    sign = sign.where(~zero, "x")
    value = (merged["value"] / merged["d_value"] * scale).where(sign.isna())
    quality = merged["quality"].where(merged["quality"].notna(), merged["d_quality"])
    return pd.DataFrame(
        {
            "region_key": merged["region_key"],
            "period_id": merged["period_id"],
            "value": value,
            "numerator": merged["value"].where(sign.isna()),
            "denominator": merged["d_value"].where(sign.isna()),
            "sign": sign,
            "quality": quality,
            "method": "ratio",
            "stand": merged[["stand", "d_stand"]].max(axis=1),
            "source": merged["table"] + " / " + merged["d_table"],
            "basis": merged["d_basis"].where(merged["d_basis"].notna(), merged["basis"]),
        }
    )


def _growth_variant(cells: pd.DataFrame, years: int) -> pd.DataFrame:
    """(P_t − P_t−k) / P_t−k × 100 between the same day of the year."""
    frame = cells.assign(md=[(d.month, d.day) for d in cells["date"]])
    past = frame.assign(year=frame["year"] + years)
    merged = frame.merge(past, on=["region_key", "year", "md"], suffixes=("", "_p"))
    if merged.empty:
        return pd.DataFrame(columns=VALUE_COLUMNS)
    blocked = merged["value"].isna() | merged["value_p"].isna() | (merged["value_p"] == 0)
    diff = (merged["value"] - merged["value_p"]).where(~blocked)
    return pd.DataFrame(
        {
            "region_key": merged["region_key"],
            "period_id": merged["period_id"],
            "value": diff / merged["value_p"] * 100,
            "numerator": diff,
            "denominator": merged["value_p"].where(~blocked),
            "sign": merged["sign"].where(merged["sign"].isin(list(NO_VALUE)), None).where(blocked, None),
            "quality": None,
            "method": "growth",
            "stand": merged[["stand", "stand_p"]].max(axis=1),
            "source": merged["table"],
            "basis": merged["basis"],
        }
    )


def _sum_variant(frames: list[pd.DataFrame]) -> pd.DataFrame:
    total = _sum_frames(frames)
    out = _value_variant(total)
    return out.assign(method="sum")


def compute(cells: _Cells, spec: catalogue.IndicatorSpec) -> pd.DataFrame:
    """All values of one indicator that its recipe can form from the stored series."""
    results = []
    for variant in spec.recipe:
        if variant.kind == "value":
            frame = cells.select(variant.value)
            if frame is not None:
                results.append(_value_variant(frame))
        elif variant.kind == "ratio":
            num, den = cells.select(variant.numerator), cells.select(variant.denominator)
            if num is not None and den is not None:
                results.append(_ratio_variant(num, den, variant.denominator.year_offset, spec.scale))
        elif variant.kind == "sum":
            parts = [cells.select(p) for p in variant.parts]
            if parts and all(p is not None and not p["subset"].any() for p in parts):
                results.append(_sum_variant(parts))  # type: ignore[arg-type]
        elif variant.kind == "growth":
            frame = cells.select(variant.series)
            if frame is not None:
                results.append(_growth_variant(frame, variant.years))
    own = cells.rows_of(OWN_PREFIX + spec.id)
    if own:
        results.append(_value_variant(cells.frame(own[0])).assign(method="own"))
    results = [r for r in results if not r.empty]
    if not results:
        return pd.DataFrame(columns=VALUE_COLUMNS)
    combined = pd.concat(results, ignore_index=True)
    return combined.drop_duplicates(["region_key", "period_id"], keep="first").reset_index(drop=True)


def kreis_from_parts(
    values: pd.DataFrame, spec: catalogue.IndicatorSpec, kreis: str, gemeinden: list[str]
) -> pd.DataFrame:
    """Kreis rows computed from all its Gemeinden where the source publishes none (Σ/Σ or Σ)."""
    if not gemeinden or values.empty or spec.aggregation not in ("ratio", "sum"):
        return values.iloc[0:0]
    have = set(values.loc[values["region_key"] == kreis, "period_id"])
    parts = values[values["region_key"].isin(gemeinden) & ~values["period_id"].isin(have)]
    rows = []
    for period_id, group in parts.groupby("period_id"):
        group = group.astype({"value": "float64", "numerator": "float64", "denominator": "float64"})
        value = aggregate(group, spec.aggregation, spec.scale, expected=len(gemeinden))
        if value is None:  # a Gemeinde missing, suppressed or without its parts: no honest Kreis value
            continue
        ratio = spec.aggregation == "ratio"
        n = float(group["numerator"].sum()) if ratio else None
        d = float(group["denominator"].sum()) if ratio else None
        rows.append(
            {
                "region_key": kreis,
                "period_id": period_id,
                "value": value,
                "numerator": n,
                "denominator": d,
                "sign": None,
                "quality": None,
                "method": "parts",
                "stand": group["stand"].max(),
                "source": " · ".join(sorted(set(group["source"].astype(str)))),
                "basis": group["basis"].dropna().iloc[0] if group["basis"].notna().any() else None,
            }
        )
    return pd.DataFrame(rows, columns=VALUE_COLUMNS)


def _stems_of(spec: catalogue.IndicatorSpec) -> set[str]:
    stems = {OWN_PREFIX + spec.id}
    for variant in spec.recipe:
        for selector in (variant.value, variant.numerator, variant.denominator, variant.series, *variant.parts):
            if selector is not None:
                stems.update(selector.tables)
    return stems


def _no_sum(cells: _Cells, spec: catalogue.IndicatorSpec) -> bool:
    return any(s.no_sum for s in cells.series if s.stem in _stems_of(spec))


def rederive(session: Session, stems: set[str], scope: Scope, everything: bool = False) -> set[str]:
    """Recompute every indicator whose recipe reads one of ``stems``; returns the ids that now have values.

    Runs inside the caller's transaction. An indicator with real values loses its demo values.
    """
    specs = [s for s in catalogue.INDICATORS if everything or (_stems_of(s) & stems)]
    gemeinden = list(
        session.scalars(
            select(Region.key).where(Region.level == "Gemeinde", Region.parent_key == scope.kreis).order_by(Region.key)
        )
    )
    filled = set()
    for spec in specs:
        cells = _Cells(session, _stems_of(spec))
        values = compute(cells, spec)
        if not _no_sum(cells, spec):
            values = pd.concat([values, kreis_from_parts(values, spec, scope.kreis, gemeinden)], ignore_index=True)
        session.execute(
            delete(IndicatorValue).where(IndicatorValue.indicator_id == spec.id, IndicatorValue.demo.is_(False))
        )
        if values.empty:
            continue
        session.execute(
            delete(IndicatorValue).where(IndicatorValue.indicator_id == spec.id, IndicatorValue.demo.is_(True))
        )
        records = values.astype(object).where(values.notna(), None).to_dict("records")
        for record in records:
            record["indicator_id"] = spec.id
            record["demo"] = False
            record["period_id"] = int(record["period_id"])
            if record["stand"] is not None:
                record["stand"] = pd.Timestamp(record["stand"]).to_pydatetime()
        for start in range(0, len(records), 2000):
            session.execute(insert(IndicatorValue), records[start : start + 2000])
        filled.add(spec.id)
    return filled
