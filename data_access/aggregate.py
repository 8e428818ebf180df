"""How a higher level is formed from Gemeinde rows, honestly.

A ratio is Σ numerator / Σ denominator, a count is Σ values. When any Gemeinde
lacks its parts (a suppressed cell, a missing row) the result is ``None``:
the sum of the visible cells is not the Kreis value.
"""

from __future__ import annotations

import math

import pandas as pd


def aggregate(rows: pd.DataFrame, aggregation: str, scale: float, expected: int) -> float | None:
    """Aggregate Gemeinde rows with columns value, numerator, denominator, sign."""
    if len(rows) != expected or expected == 0:
        return None
    if aggregation == "sum":
        values = rows["value"]
        return None if values.isna().any() else float(values.sum())
    if aggregation == "ratio":
        num, den = rows["numerator"], rows["denominator"]
        if num.isna().any() or den.isna().any():
            return None
        total = float(den.sum())
        if total == 0 or math.isnan(total):
            return None
        return float(num.sum()) / total * scale
    if aggregation == "none":  # a mean or a perturbed count: no honest way to form it from parts
        return None
    raise ValueError(f"unknown aggregation {aggregation!r}")
