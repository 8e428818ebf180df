"""Deterministic synthetic demo data ("Demodaten (synthetisch)").

The numbers are invented: plausible ranges from ``INDICATORS.md`` for the Kreis,
Land and Bund, spread over the Gemeinden of the configured Kreis. Every ratio
is generated as numerator and denominator, and the Kreis row is Σ/Σ of its
Gemeinden before small cells are suppressed, as an official table would be.
The same Kreis and boundary file always give the same numbers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import zlib
from dataclasses import dataclass

import numpy as np
from sqlalchemy import insert

from config import BUND_KEY
from data_access import catalogue
from data_access.geodata import Boundaries
from data_access.models import ImportBatch, IndicatorValue
from data_access.regions import base_regions
from data_access.store import RegionRow, Store, bump_data_version
from texts import DEMO_LABEL


@dataclass(frozen=True)
class ObservationRow:
    indicator_id: str
    region_key: str
    period_date: dt.date
    period_label: str
    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    sign: str | None = None
    period_type: str = "Jahr"


YEARS = tuple(range(2015, 2025))
SUPPRESS_BELOW = 3

# Anchors: Kreis, Land, Bund level at 2015 and 2024.
POPULATION = {"kreis": (164_734, 177_025), "land": (7_926_599, 8_140_242), "bund": (82_175_684, 83_577_140)}


def _rng(*parts: str) -> np.random.Generator:
    """A generator seeded from the names of what it generates: stable across runs and machines."""
    return np.random.default_rng(zlib.crc32("|".join(parts).encode("utf-8")))


def _trend(anchor: tuple[float, float], year: int) -> float:
    start, end = anchor
    return start + (end - start) * (year - YEARS[0]) / (YEARS[-1] - YEARS[0])


def _period(reference: str, year: int) -> tuple[dt.date, str, str]:
    """Reference date, label and type of one demo period, following the indicator's convention."""
    if reference == "31.12.":
        return dt.date(year, 12, 31), f"31.12.{year}", "Stichtag"
    if reference == "01.03.":
        return dt.date(year, 3, 1), f"01.03.{year}", "Stichtag"
    if reference == "Schuljahr":  # "2023" is the school year 2022/23, as the school tables label it
        return dt.date(year, 7, 31), f"Schuljahr {year - 1}/{year % 100:02d}", "Schuljahr"
    return dt.date(year, 12, 31), str(year), "Jahr"


def _g9_factor(indicator_id: str, year: int, level: str, land: str) -> float:
    """Niedersachsen returned to G9: the 2020 Abitur cohort was small there."""
    if indicator_id == "anteil_abgaenger_abitur" and year == 2020 and (level != "bund" and land == "03"):
        return 0.35
    return 1.0


def population(boundaries: Boundaries) -> dict[str, dict[int, int]]:
    """Synthetic population per Gemeinde and year, scaled to the Kreis anchor."""
    densities = {}
    for g in boundaries.gemeinden:
        rng = _rng("bevoelkerung", g.ags)
        densities[g.ags] = g.area_km2 * float(rng.lognormal(0.0, 0.3)) * (1.8 if g.bez == "Stadt" else 1.0)
    total_weight = sum(densities.values())
    area = sum(g.area_km2 for g in boundaries.gemeinden)
    if boundaries.kreis_key == "03453":
        anchors = POPULATION["kreis"]
    else:
        anchors = (area * 150.0, area * 150.0 * 1.03)
    out: dict[str, dict[int, int]] = {}
    for g in boundaries.gemeinden:
        growth = 1.0 + float(_rng("wachstum", g.ags).normal(0.0, 0.02))
        out[g.ags] = {
            year: round(_trend(anchors, year) * densities[g.ags] / total_weight * growth ** ((year - 2015) / 9))
            for year in range(YEARS[0] - 5, YEARS[-1] + 1)
        }
    return out


def _gemeinde_factors(
    indicator_id: str, spread: float, boundaries: Boundaries, pop: dict[str, dict[int, int]]
) -> dict[str, float]:
    """Relative level of each Gemeinde, normalised so the Kreis lands on its anchor."""
    raw = {g.ags: float(_rng(indicator_id, g.ags).lognormal(0.0, spread)) for g in boundaries.gemeinden}
    weights = {ags: pop[ags][YEARS[0]] for ags in raw}
    mean = sum(raw[a] * weights[a] for a in raw) / sum(weights.values())
    return {ags: value / mean for ags, value in raw.items()}


def _round_count(value: float) -> int:
    return max(0, round(value))


def _cells(
    spec: catalogue.IndicatorSpec,
    year: int,
    boundaries: Boundaries,
    pop: dict[str, dict[int, int]],
    factors: dict[str, float],
) -> list[tuple[str, float | None, float | None, float | None, str | None]]:
    """(region, value, numerator, denominator, sign) for the Gemeinden, Kreis, Land and Bund of one year."""
    kreis, land = boundaries.kreis_key, boundaries.kreis_key[:2]
    if spec.id == "bevoelkerung":
        cells = [(ags, float(series[year]), None, None, None) for ags, series in pop.items()]
        cells.append((kreis, float(sum(series[year] for series in pop.values())), None, None, None))
        cells.append((land, float(round(_trend(POPULATION["land"], year))), None, None, None))
        cells.append((BUND_KEY, float(round(_trend(POPULATION["bund"], year))), None, None, None))
        return cells

    if spec.demo_derived == "bevoelkerung":
        return _growth_cells(spec, year, boundaries, pop)
    demo = spec.demo
    assert demo is not None, spec.id
    kreis_pop = sum(p[year] for p in pop.values())
    cells, nums, dens = [], [], []
    for g in boundaries.gemeinden:
        noise = float(_rng(spec.id, g.ags, str(year)).normal(1.0, demo.spread / 6))
        level = _trend(demo.kreis, year) * factors[g.ags] * noise * _g9_factor(spec.id, year, "kreis", land)
        if spec.aggregation == "sum":
            count = _round_count(level * pop[g.ags][year] / kreis_pop)
            cells.append((g.ags, float(count), None, None, "-" if count == 0 else None))
            nums.append(count)
            continue
        base = pop[g.ags][year] * demo.base_share
        den = round(base, 1) if spec.id == "kinder_je_paed_vzae" else float(_round_count(base))
        num = level * den / spec.scale
        num = round(num, 1) if spec.id == "durchschnittsalter" else float(_round_count(num))
        nums.append(num)
        dens.append(den)
        if den == 0:
            cells.append((g.ags, None, None, None, "x"))
        elif demo.suppress_small and num < SUPPRESS_BELOW:
            cells.append((g.ags, None, None, None, "."))
        else:
            cells.append((g.ags, round(num / den * spec.scale, spec.decimals + 1), num, den, None))

    if spec.aggregation == "sum":
        cells.append((kreis, float(sum(nums)), None, None, None))
    else:
        total_num, total_den = float(sum(nums)), float(sum(dens))
        cells.append((kreis, round(total_num / total_den * spec.scale, spec.decimals + 1), total_num, total_den, None))
    for level_name, key, anchors in (("land", land, demo.land), ("bund", BUND_KEY, demo.bund)):
        value = _trend(anchors, year) * _g9_factor(spec.id, year, level_name, land)
        if spec.aggregation == "sum":
            cells.append((key, float(round(value)), None, None, None))
        else:
            den = round(_trend(POPULATION[level_name], year) * demo.base_share, 1)
            cells.append((key, round(value, spec.decimals + 1), round(value * den / spec.scale, 1), den, None))
    return cells


def _growth_cells(
    spec: catalogue.IndicatorSpec, year: int, boundaries: Boundaries, pop: dict[str, dict[int, int]]
) -> list[tuple[str, float | None, float | None, float | None, str | None]]:
    """Population change over five years, from the same synthetic population as ``bevoelkerung``."""
    kreis, land = boundaries.kreis_key, boundaries.kreis_key[:2]
    series = dict(pop)
    series[kreis] = {y: sum(p[y] for p in pop.values()) for y in next(iter(pop.values()))}
    cells = []
    for key, by_year in series.items():
        diff, base = float(by_year[year] - by_year[year - 5]), float(by_year[year - 5])
        cells.append((key, round(diff / base * 100, spec.decimals + 1), diff, base, None))
    for key, anchors in ((land, POPULATION["land"]), (BUND_KEY, POPULATION["bund"])):
        now, before = round(_trend(anchors, year)), round(_trend(anchors, year - 5))
        cells.append(
            (key, round((now - before) / before * 100, spec.decimals + 1), float(now - before), float(before), None)
        )
    return cells


def build_rows(boundaries: Boundaries) -> tuple[list[RegionRow], list[ObservationRow]]:
    """All demo regions and observations for the Kreis of ``boundaries``."""
    regions = base_regions(boundaries)
    pop = population(boundaries)
    rows: list[ObservationRow] = []
    for spec in catalogue.INDICATORS:
        factors = _gemeinde_factors(spec.id, spec.demo.spread, boundaries, pop) if spec.demo else {}
        for year in YEARS:
            date, label, period_type = _period(spec.reference, year)
            rows.extend(
                ObservationRow(spec.id, key, date, label, value, num, den, sign, period_type)
                for key, value, num, den, sign in _cells(spec, year, boundaries, pop, factors)
            )
    return regions, rows


def seed(store: Store, boundaries: Boundaries) -> int:
    """Replace any earlier demo data by a fresh set, in one transaction; returns the number of values.

    Indicators that already have real values get no demo values: demo and real never mix.
    """
    regions, rows = build_rows(boundaries)
    real = store.indicators_with_real_values()
    rows = [r for r in rows if r.indicator_id not in real]
    digest = hashlib.sha256(
        "\n".join(f"{r.indicator_id};{r.region_key};{r.period_label};{r.value};{r.sign}" for r in rows).encode()
    ).hexdigest()
    with store.sessions.begin() as session:
        store.remove_demo(session)
        Store.upsert_regions(session, regions, rename=False)
        batch = ImportBatch(
            kind="demo",
            format="demo",
            source_file=f"{DEMO_LABEL}, Kreis {boundaries.kreis_key}",
            checksum=digest,
            source=DEMO_LABEL,
            imported_at=dt.datetime.now(dt.UTC),
            rows=len(rows),
        )
        session.add(batch)
        session.flush()
        periods: dict[tuple[str, dt.date], int] = {}
        values = []
        for r in rows:
            key = (r.period_type, r.period_date)
            if key not in periods:
                periods[key] = Store.period_id(
                    session, r.period_type, r.period_date, r.period_label, r.period_date.year
                )
            values.append(
                {
                    "indicator_id": r.indicator_id,
                    "region_key": r.region_key,
                    "period_id": periods[key],
                    "value": r.value,
                    "numerator": r.numerator,
                    "denominator": r.denominator,
                    "sign": r.sign,
                    "method": "demo",
                    "demo": True,
                    "source": DEMO_LABEL,
                    "batch_id": batch.id,
                }
            )
        for start in range(0, len(values), 5000):
            session.execute(insert(IndicatorValue), values[start : start + 5000])
        bump_data_version(session)
    return len(rows)
