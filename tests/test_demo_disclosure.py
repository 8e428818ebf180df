"""Demo data are honest: every special sign, no suppressed cell given away, rounded once, labelled as demo."""

from __future__ import annotations

import itertools
import math
import re
from decimal import Decimal
from fractions import Fraction

import pandas as pd
import pytest
from sqlalchemy import select

from data_access import catalogue, demo
from data_access.models import ImportBatch, IndicatorValue, Period
from data_access.store import Store
from formatting import NO_VALUE_SIGNS, format_number, format_value, with_unit
from tests.conftest import GEMEINDEN, KREIS
from texts import DEMO_LABEL

HIDING = frozenset({".", "...", "/"})  # signs that stand for a number someone knows; "x" hides nothing
TABLE_CODE = re.compile(r"\d{5}-\d")


@pytest.fixture(scope="module")
def values(seeded_db) -> pd.DataFrame:
    """Every stored demo value with its year, read once from the session's seeded store (read only)."""
    store = Store(f"sqlite:///{seeded_db}")
    v = IndicatorValue
    stmt = select(
        v.indicator_id, v.region_key, Period.year, v.value, v.numerator, v.denominator, v.sign, v.quality,
        v.method, v.demo, v.source, v.batch_id,
    ).join(Period, v.period_id == Period.id)  # fmt: skip
    with store.sessions() as session:
        frame = pd.DataFrame(session.execute(stmt).all())
    store.engine.dispose()
    return frame.astype(object).where(frame.notna(), None)


def _groups(values: pd.DataFrame):
    """(spec, year, Kreis row, Gemeinde rows) per indicator and year."""
    for (indicator_id, year), rows in values.groupby(["indicator_id", "year"]):
        kreis = rows[rows["region_key"] == KREIS]
        assert len(kreis) == 1, (indicator_id, year)
        yield catalogue.indicator(indicator_id), year, kreis.iloc[0], rows[rows["region_key"].isin(GEMEINDEN)]


# -- special signs -----------------------------------------------------------


def test_every_special_sign_appears_a_few_times(values):
    signs = values["sign"].value_counts()
    for sign in (".", "-", "...", "x", "/"):
        assert signs.get(sign, 0) >= 3, sign
    assert (values["quality"] == "()").sum() >= 3


def test_a_sign_that_stands_for_no_value_never_carries_one(values):
    no_value = values[values["sign"].isin(list(NO_VALUE_SIGNS))]
    assert no_value["value"].isna().all()
    assert no_value["numerator"].isna().all() and no_value["denominator"].isna().all()


def test_dash_is_a_true_zero_count_as_the_importer_stores_it(values):
    """'-' on a count means 0 (``dash_zero``): value 0 beside the sign; a rate never gets '-'."""
    dashes = values[values["sign"] == "-"]
    assert (dashes["value"] == 0.0).all()
    assert {catalogue.indicator(i).aggregation for i in dashes["indicator_id"]} == {"sum"}


def test_limited_reliability_keeps_its_value_and_no_sign(values):
    limited = values[values["quality"] == "()"]
    assert limited["value"].notna().all() and limited["sign"].isna().all()


def test_a_late_gemeinde_keeps_the_kreis_total_late_as_well(values):
    for spec, year, kreis, gemeinden in _groups(values):
        if (gemeinden["sign"] == "...").any() and spec.aggregation != "none":
            assert kreis["sign"] == "..." and kreis["value"] is None, (spec.id, year)


# -- no disclosure -----------------------------------------------------------


def test_a_published_kreis_never_leaves_exactly_one_suppressed_gemeinde(values):
    for spec, year, kreis, gemeinden in _groups(values):
        if kreis["value"] is None:
            continue
        suppressed = int((gemeinden["sign"] == ".").sum())
        assert suppressed == 0 or suppressed >= 2, (spec.id, year, suppressed)


def test_kreis_total_minus_published_cells_pins_no_hidden_cell(values):
    """Kreis numerator (or count) less the published Gemeinden: the sum of ≥ 2 hidden cells, never one cell."""
    checked = 0
    for spec, year, kreis, gemeinden in _groups(values):
        hidden = gemeinden[gemeinden["sign"].isin(list(HIDING))]
        if kreis["value"] is None or hidden.empty:
            continue
        assert len(hidden) >= 2, (spec.id, year)
        shown = gemeinden[~gemeinden["sign"].isin(list(HIDING | {"x"}))]
        if spec.aggregation == "sum":
            residual = kreis["value"] - shown["value"].sum()
            low = 1.0 if (hidden["sign"] == ".").all() else 0.0  # a zero count would be "-", not "."
            assert not demo.pinned([(low, math.inf)] * len(hidden), residual), (spec.id, year)
            continue
        residual = kreis["numerator"] - shown["numerator"].sum()
        assert not demo.pinned([(0.0, math.inf)] * len(hidden), residual), (spec.id, year)
        # The denominators neither: a hidden cell's denominator is at least 1 (a zero one is "x").
        den_residual = kreis["denominator"] - shown["denominator"].sum()
        assert not demo.pinned([(1.0, math.inf)] * len(hidden), den_residual), (spec.id, year)
        checked += 1
    assert checked >= 10


def test_a_suppressed_numerator_hides_the_rate_and_its_parts(values):
    suppressed = values[values["sign"] == "."]
    assert len(suppressed) >= 10
    assert suppressed[["value", "numerator", "denominator"]].isna().all().all()


def _values_left(bounds: list[tuple[float, float]], total: int) -> list[set[int]]:
    """By brute force: the values each hidden cell can take, given its bounds and the known sum."""
    ranges = [range(int(low), int(min(high, total)) + 1) for low, high in bounds]
    left: list[set[int]] = [set() for _ in bounds]
    for combo in itertools.product(*ranges):
        if sum(combo) == total:
            for i, value in enumerate(combo):
                left[i].add(value)
    return left


@pytest.mark.parametrize(
    ("counts", "primary"),
    [
        ({"a": 1, "b": 7, "c": 12, "d": 40}, {"a"}),  # one primary: one partner is enough
        ({"a": 2, "b": 2, "c": 9, "d": 30}, {"a", "b"}),  # two primaries, sum 4: both would be 2
        ({"a": 0, "b": 0, "c": 5, "d": 6}, {"a", "b"}),  # two zeros: both would be 0
        ({"a": 0, "b": 3, "c": 4, "d": 9}, {"a"}),  # partner 3 would pin a to 0 and itself to 3
    ],
)
def test_secondary_suppression_leaves_every_hidden_cell_two_values(counts, primary):
    """Someone who knows the threshold, and even which cells are primary, still cannot pin one."""
    hidden = {k: "." for k in primary}
    demo.protect({k: float(v) for k, v in counts.items()}, hidden)
    assert len(hidden) >= 2
    assert set(hidden) - primary, "a secondary cell is hidden"
    bounds = [(0, demo.SUPPRESS_BELOW - 1) if k in primary else (demo.SUPPRESS_BELOW, math.inf) for k in hidden]
    total = sum(counts[k] for k in hidden)
    assert not demo.pinned(bounds, total)
    assert all(len(left) >= 2 for left in _values_left(bounds, total)), hidden


@pytest.mark.parametrize(
    ("counts", "primary"),
    [
        ({"a": 1, "b": 2, "c": 9}, {"a", "b"}),  # sum 3 of two cells in [0, 2]: (1, 2) or (2, 1)
        ({"a": 1, "b": 2, "c": 0, "d": 3, "e": 50}, {"a", "b", "c"}),
    ],
)
def test_secondary_suppression_leaves_safe_cells_alone(counts, primary):
    hidden = {k: "." for k in primary}
    demo.protect({k: float(v) for k, v in counts.items()}, hidden)
    assert set(hidden) == primary


# -- rounded once, at display ------------------------------------------------


def _rounded_once(numerator: float, denominator: float, scale: float, decimals: int) -> str:
    """The exact quotient, rounded half up once (as the statistical offices print)."""
    exact = Fraction(repr(numerator)) * Fraction(repr(scale)) / Fraction(repr(denominator))
    steps = math.floor(abs(exact) * 10**decimals + Fraction(1, 2))
    return format_number(float(Decimal(steps if exact >= 0 else -steps).scaleb(-decimals)), decimals)


def test_every_rate_shows_the_digit_of_its_exact_quotient(values):
    rows = values[values["value"].notna() & values["numerator"].notna() & values["denominator"].notna()]
    assert len(rows) > 4000
    wrong = []
    for row in rows.itertuples(index=False):
        spec = catalogue.indicator(row.indicator_id)
        expected = with_unit(_rounded_once(row.numerator, row.denominator, spec.scale, spec.decimals), spec.unit)
        if format_value(row.value, row.sign, spec.unit, spec.decimals) != expected:
            wrong.append((row.indicator_id, row.region_key, row.year, row.value, expected))
    assert not wrong, f"{len(wrong)} of {len(rows)}: {wrong[:5]}"


def test_rates_are_stored_unrounded(values):
    rows = values[values["value"].notna() & values["numerator"].notna()]
    rounded = [r for r in rows.itertuples(index=False) if r.value == round(r.value, 2) and r.numerator % 1 == 0]
    assert len(rounded) < len(rows) / 20  # a stored quotient rarely ends after two decimals by chance


def test_counts_are_whole_numbers(values):
    for row in values.itertuples(index=False):
        spec = catalogue.indicator(row.indicator_id)
        if spec.aggregation == "sum" and row.value is not None:
            assert float(row.value).is_integer(), row
        if row.numerator is not None:
            assert float(row.numerator).is_integer(), row
        if row.denominator is not None and row.indicator_id not in demo.FRACTIONAL_DENOMINATORS:
            assert float(row.denominator).is_integer(), row


# -- labelled as demo ----------------------------------------------------------


def test_every_demo_value_carries_the_demo_label_and_no_table(values, seeded_db):
    assert values["demo"].all()
    assert (values["method"] == "demo").all()
    assert (values["source"] == DEMO_LABEL).all()
    assert not values["source"].str.contains(TABLE_CODE).any()
    store = Store(f"sqlite:///{seeded_db}")
    with store.sessions() as session:
        batches = list(session.scalars(select(ImportBatch).where(ImportBatch.id.in_(set(values["batch_id"])))))
    store.engine.dispose()
    assert [b.kind for b in batches] == ["demo"]
    assert batches[0].source == DEMO_LABEL and batches[0].table_code == ""
    assert not TABLE_CODE.search(batches[0].source_file)
