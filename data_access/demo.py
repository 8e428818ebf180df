"""Deterministic synthetic demo data ("Demodaten (synthetisch)").

The numbers are invented: plausible ranges from ``INDICATORS.md`` for the Kreis,
Land and Bund, spread over the Gemeinden of the configured Kreis. An indicator
published per Kreis only (:data:`KREIS_ONLY`) has no Gemeinde cells; it covers
every Kreis of the Land instead, when the Land's Kreise file is given. Every ratio
is generated as whole-number numerator and denominator and stored unrounded
(rounded once, at display); the Kreis row is Σ/Σ of its Gemeinden before small
cells are suppressed, as an official table would be. Each special sign of
FORMATS.md §7 appears somewhere, and a suppressed cell never follows from the
published Kreis total (secondary suppression, :func:`protect`). The same Kreis
and boundary files always give the same numbers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import zlib
from dataclasses import dataclass
from fractions import Fraction
from typing import NamedTuple

import numpy as np
from sqlalchemy import insert

from config import BUND_KEY
from data_access import audit, catalogue
from data_access.geodata import Boundaries, Kreis, KreiseBoundaries
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
    quality: str | None = None


class _Cell(NamedTuple):
    """One region's cell of one year: a value, or a special sign instead of it."""

    region_key: str
    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    sign: str | None = None
    quality: str | None = None

    def row(self, indicator_id: str, date: dt.date, label: str, period_type: str) -> ObservationRow:
        return ObservationRow(
            indicator_id,
            self.region_key,
            date,
            label,
            self.value,
            self.numerator,
            self.denominator,
            self.sign,
            period_type,
            self.quality,
        )


YEARS = tuple(range(2015, 2025))
SUPPRESS_BELOW = 3  # a count below this is secret ("."), as is one more cell that would give it away

# Anchors: Kreis, Land, Bund level at 2015 and 2024.
POPULATION = {"kreis": (164_734, 177_025), "land": (7_926_599, 8_140_242), "bund": (82_175_684, 83_577_140)}

# Where the demo shows the special signs other than "." (FORMATS.md §7), each where a real table has it.
# "-": no VHS integration course location yet in the two smallest Gemeinden: a true zero count.
NO_COURSE_YET = frozenset({"integrationskurs_stunden_vhs"})
NO_COURSE_YEARS = YEARS[:2]
# "x": no foreign school leavers in the smallest Gemeinde: a share of nothing is not meaningful.
NO_BASE = "anteil_abgaenger_ohne_hsa_auslaendisch"
NO_BASE_YEARS = YEARS[:3]
# "...": three Schulträger have not reported the latest year; the Kreis, their sum, waits as well.
LATE = "ganztagsschulanteil"
LATE_GEMEINDEN = 3
# A survey: the smallest Gemeinden's samples are too small ("/"), the next ones give a value of
# limited reliability (quality "()", the value stays).
SURVEY = "weiterbildungsbeteiligung"
SURVEY_TOO_SMALL, SURVEY_LIMITED = 2, 3
# Published per Kreis only (BAMF): no Gemeinde cells; the Land's other Kreise share the rest of the
# Land's anchor by a synthetic population (area × density), the Land is their sum.
KREIS_ONLY = frozenset({"integrationskurs_teilnehmende"})
# Density over a Landkreis's: a kreisfreie Stadt (≈ 16 % of Niedersachsen's people), a Region with its city.
CITY_DENSITY, REGION_DENSITY = 8.0, 4.0
# Denominators that are no counts: full-time equivalents carry one decimal.
FRACTIONAL_DENOMINATORS = frozenset({"kinder_je_paed_vzae"})


def _rng(*parts: str) -> np.random.Generator:
    """A generator seeded from the names of what it generates: stable across runs and machines."""
    return np.random.default_rng(zlib.crc32("|".join(parts).encode("utf-8")))


def _trend(anchor: tuple[float, float], year: int) -> float:
    start, end = anchor
    return start + (end - start) * (year - YEARS[0]) / (YEARS[-1] - YEARS[0])


def exact(number: float) -> Fraction:
    """The decimal number a stored float stands for (``648.3`` full-time equivalents, not its binary neighbour)."""
    return Fraction(repr(float(number)))


def ratio(numerator: float, denominator: float, scale: float) -> float:
    """numerator / denominator × scale, unrounded: the float nearest the exact quotient, rounded only for display."""
    numerator, denominator, scale = float(numerator), float(denominator), float(scale)
    product = numerator * scale
    if numerator.is_integer() and scale.is_integer() and denominator.is_integer() and abs(product) < 2**53:
        return product / denominator  # both operands exact: one correctly rounded division
    return float(exact(numerator) * exact(scale) / exact(denominator))


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


def kreis_title(kreis: Kreis) -> str:
    """The Kreis as people say it, which also tells "Kreisfreie Stadt Osnabrück" from "Landkreis Osnabrück"."""
    return kreis.name if kreis.name.startswith("Region ") else f"{kreis.bez} {kreis.name}"


def kreis_regions(kreise: KreiseBoundaries) -> list[RegionRow]:
    """Every Kreis of the Land as a region, named from the Kreise file like the home Kreis ("Landkreis Emsland")."""
    return [RegionRow(k.ags, kreis_title(k), "Kreis", kreise.land_key) for k in kreise.kreise]


def kreis_shares(kreise: KreiseBoundaries, home: str) -> dict[str, float]:
    """Synthetic share of each other Kreis in the inhabitants of the Land outside ``home`` (they sum to 1)."""
    weights = {}
    for k in kreise.kreise:
        if k.ags == home:
            continue
        density = float(_rng("bevoelkerung-kreis", k.ags).lognormal(0.0, 0.2))
        if k.bez == "Kreisfreie Stadt":
            density *= CITY_DENSITY
        elif k.name.startswith("Region "):
            density *= REGION_DENSITY
        weights[k.ags] = k.area_km2 * density
    total = sum(weights.values())
    return {ags: weight / total for ags, weight in weights.items()}


def _kreis_factors(indicator_id: str, spread: float, shares: dict[str, float]) -> dict[str, float]:
    """Relative level of each other Kreis, normalised so together they land on the rest of the Land.

    Half the Gemeinden's spread: a Kreis averages over its Gemeinden.
    """
    raw = {ags: float(_rng(indicator_id, ags).lognormal(0.0, spread / 2)) for ags in shares}
    mean = sum(raw[ags] * share for ags, share in shares.items())
    return {ags: value / mean for ags, value in raw.items()}


def _smallest(pop: dict[str, dict[int, int]], year: int, n: int) -> list[str]:
    """The ``n`` Gemeinden with the fewest inhabitants in ``year``, smallest first."""
    return sorted(pop, key=lambda ags: (pop[ags][year], ags))[:n]


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


Bounds = tuple[float, float]  # what is known of a hidden count: lowest and highest possible value


def pinned(bounds: list[Bounds], total: float) -> bool:
    """Whether a known sum of hidden counts, with what is known of each, leaves one of them a single value."""
    for i, (low, high) in enumerate(bounds):
        others = bounds[:i] + bounds[i + 1 :]
        least = max(low, total - sum(h for _, h in others))  # the others as large as they can be
        most = min(high, total - sum(lo for lo, _ in others))  # the others as small as they can be
        if least >= most:
            return True
    return False


def protect(counts: dict[str, float], hidden: dict[str, str], primary_low: float = 0.0) -> None:
    """Secondary suppression: hide further cells ("."), smallest first, until the published total gives none away.

    The total less the published cells is the hidden cells' sum. Someone who knows the rule knows more:
    a primary cell ("." set before) lies in [``primary_low``, ``SUPPRESS_BELOW`` − 1], a secondary one at or
    above the threshold. No hidden cell may be pinned to one value even so. ``counts`` holds every cell that
    could be hidden; ``hidden`` (region → sign) grows in place.
    """
    bounds: dict[str, Bounds] = {
        k: (primary_low, SUPPRESS_BELOW - 1) if sign == "." else (0.0, math.inf) for k, sign in hidden.items()
    }

    def safe(trial: dict[str, Bounds]) -> bool:
        return len(trial) >= 2 and not pinned(list(trial.values()), sum(counts[k] for k in trial))

    while bounds and not safe(bounds):
        candidates = sorted((count, k) for k, count in counts.items() if k not in bounds and count >= SUPPRESS_BELOW)
        if not candidates:
            return
        best = next((k for _, k in candidates if safe(bounds | {k: (SUPPRESS_BELOW, math.inf)})), candidates[0][1])
        bounds[best] = (SUPPRESS_BELOW, math.inf)
        hidden[best] = "."


def _cells(
    spec: catalogue.IndicatorSpec,
    year: int,
    boundaries: Boundaries,
    pop: dict[str, dict[int, int]],
    factors: dict[str, float],
) -> list[_Cell]:
    """The cells of the Gemeinden, Kreis, Land and Bund of one year."""
    kreis, land = boundaries.kreis_key, boundaries.kreis_key[:2]
    if spec.id == "bevoelkerung":
        cells = [_Cell(ags, float(series[year])) for ags, series in pop.items()]
        cells.append(_Cell(kreis, float(sum(series[year] for series in pop.values()))))
        cells.append(_Cell(land, float(round(_trend(POPULATION["land"], year)))))
        cells.append(_Cell(BUND_KEY, float(round(_trend(POPULATION["bund"], year)))))
        return cells
    if spec.demo_derived == "bevoelkerung":
        return _growth_cells(spec, year, boundaries, pop)
    demo = spec.demo
    assert demo is not None, spec.id
    kreis_pop = sum(p[year] for p in pop.values())
    counts: dict[str, float] = {}  # the count a cell hides: the value (sum) or the numerator (ratio)
    dens: dict[str, float] = {}
    for g in boundaries.gemeinden:
        noise = float(_rng(spec.id, g.ags, str(year)).normal(1.0, demo.spread / 6))
        level = _trend(demo.kreis, year) * factors[g.ags] * noise * _g9_factor(spec.id, year, "kreis", land)
        if spec.aggregation == "sum":
            counts[g.ags] = float(_round_count(level * pop[g.ags][year] / kreis_pop))
            continue
        base = pop[g.ags][year] * demo.base_share
        den = round(base, 1) if spec.id in FRACTIONAL_DENOMINATORS else float(_round_count(base))
        counts[g.ags], dens[g.ags] = float(_round_count(level * den / spec.scale)), den

    hidden, quality = _gemeinde_signs(spec, year, pop, counts, dens)
    kreis_late = "..." in hidden.values()
    if not kreis_late:  # a published Kreis total: no hidden cell may follow from it ("x" cells hide nothing)
        secret = {k: sign for k, sign in hidden.items() if sign != "x"}
        primary_low = 1.0 if spec.aggregation == "sum" else 0.0  # a zero count shows as "-", never "."
        protect({k: c for k, c in counts.items() if hidden.get(k) != "x"}, secret, primary_low)
        hidden.update(secret)

    cells = []
    for ags, count in counts.items():
        if ags in hidden:
            cells.append(_Cell(ags, None, sign=hidden[ags]))
        elif spec.aggregation == "sum":
            cells.append(_Cell(ags, count, sign="-" if count == 0 else None))  # "-" on a count is 0, as imported
        else:
            cells.append(_Cell(ags, ratio(count, dens[ags], spec.scale), count, dens[ags], quality=quality.get(ags)))

    total_num = float(sum(counts.values()))
    if kreis_late:
        cells.append(_Cell(kreis, None, sign="..."))
    elif spec.aggregation == "sum":
        cells.append(_Cell(kreis, total_num))
    else:
        total_den = float(sum(dens.values()))
        if spec.id in FRACTIONAL_DENOMINATORS:
            total_den = float(sum(exact(d) for d in dens.values()))
        cells.append(_Cell(kreis, ratio(total_num, total_den, spec.scale), total_num, total_den))
    for level_name, key, anchors in (("land", land, demo.land), ("bund", BUND_KEY, demo.bund)):
        value = _trend(anchors, year) * _g9_factor(spec.id, year, level_name, land)
        if spec.aggregation == "sum":
            cells.append(_Cell(key, float(round(value))))
            continue
        base = _trend(POPULATION[level_name], year) * demo.base_share
        den = round(base, 1) if spec.id in FRACTIONAL_DENOMINATORS else float(round(base))
        num = float(round(value * den / spec.scale))
        cells.append(_Cell(key, ratio(num, den, spec.scale), num, den))
    return cells


def _kreis_only_cells(
    spec: catalogue.IndicatorSpec,
    year: int,
    home: str,
    shares: dict[str, float],
    factors: dict[str, float],
) -> list[_Cell]:
    """A count published per Kreis: the home Kreis on its anchor, the Land's other Kreise (``shares``) on the
    rest of the Land's, the Land as their sum; without other Kreise the Land keeps its anchor."""
    demo = spec.demo
    assert demo is not None and spec.aggregation == "sum", spec.id
    land = home[:2]

    def noise(key: str) -> float:
        return float(_rng(spec.id, key, str(year)).normal(1.0, demo.spread / 6))

    counts = {home: float(_round_count(_trend(demo.kreis, year) * noise(home)))}
    rest = max(0.0, _trend(demo.land, year) - counts[home])
    for ags, share in shares.items():
        counts[ags] = float(_round_count(rest * share * factors[ags] * noise(ags)))
    cells = [_Cell(k, count, sign="-" if count == 0 else None) for k, count in counts.items()]
    land_total = float(sum(counts.values())) if shares else float(round(_trend(demo.land, year)))
    cells.append(_Cell(land, land_total))
    cells.append(_Cell(BUND_KEY, float(round(_trend(demo.bund, year)))))
    return cells


def _gemeinde_signs(
    spec: catalogue.IndicatorSpec,
    year: int,
    pop: dict[str, dict[int, int]],
    counts: dict[str, float],
    dens: dict[str, float],
) -> tuple[dict[str, str], dict[str, str]]:
    """Special signs of the Gemeinde cells before secondary suppression: (sign of hidden cells, quality flags).

    May set a cell's count and denominator to zero where the demo shows a true zero.
    """
    hidden: dict[str, str] = {}
    quality: dict[str, str] = {}
    if spec.id in NO_COURSE_YET and year in NO_COURSE_YEARS:
        for ags in _smallest(pop, year, 2):
            counts[ags] = 0.0
    if spec.id == NO_BASE and year in NO_BASE_YEARS:
        for ags in _smallest(pop, year, 1):
            counts[ags], dens[ags] = 0.0, 0.0
    if spec.id == LATE and year == YEARS[-1]:
        late = _rng("spaeter", spec.id).choice(sorted(counts), min(LATE_GEMEINDEN, len(counts)), replace=False)
        for ags in sorted(late):
            hidden[str(ags)] = "..."
    if spec.id == SURVEY:
        ranked = _smallest(pop, year, SURVEY_TOO_SMALL + SURVEY_LIMITED)
        hidden.update({ags: "/" for ags in ranked[:SURVEY_TOO_SMALL]})
        quality.update({ags: "()" for ags in ranked[SURVEY_TOO_SMALL:]})
    suppress = spec.demo is not None and spec.demo.suppress_small
    for ags, count in counts.items():
        if ags in hidden:
            continue
        if spec.aggregation == "sum":
            if suppress and 0 < count < SUPPRESS_BELOW:  # a zero count stays visible as "-"
                hidden[ags] = "."
        elif dens[ags] == 0:
            hidden[ags] = "x"
        elif suppress and count < SUPPRESS_BELOW:
            hidden[ags] = "."
    return hidden, quality


def _growth_cells(
    spec: catalogue.IndicatorSpec, year: int, boundaries: Boundaries, pop: dict[str, dict[int, int]]
) -> list[_Cell]:
    """Population change over five years, from the same synthetic population as ``bevoelkerung``."""
    kreis, land = boundaries.kreis_key, boundaries.kreis_key[:2]
    series = dict(pop)
    series[kreis] = {y: sum(p[y] for p in pop.values()) for y in next(iter(pop.values()))}
    cells = []
    for key, by_year in series.items():
        diff, base = float(by_year[year] - by_year[year - 5]), float(by_year[year - 5])
        cells.append(_Cell(key, ratio(diff, base, 100.0), diff, base))
    for key, anchors in ((land, POPULATION["land"]), (BUND_KEY, POPULATION["bund"])):
        now, before = round(_trend(anchors, year)), round(_trend(anchors, year - 5))
        diff, base = float(now - before), float(before)
        cells.append(_Cell(key, ratio(diff, base, 100.0), diff, base))
    return cells


def build_rows(
    boundaries: Boundaries, kreise: KreiseBoundaries | None = None
) -> tuple[list[RegionRow], list[ObservationRow]]:
    """All demo regions and observations for the Kreis of ``boundaries`` (and the other Kreise of ``kreise``)."""
    home = boundaries.kreis_key
    regions = base_regions(boundaries)
    shares: dict[str, float] = {}
    if kreise is not None:
        if home not in kreise.keys:
            raise ValueError(f"Die Kreisdatei des Landes {kreise.land_key} enthält den Kreis {home} nicht.")
        regions += [r for r in kreis_regions(kreise) if r.key != home]
        shares = kreis_shares(kreise, home)
    pop = population(boundaries)
    rows: list[ObservationRow] = []
    for spec in catalogue.INDICATORS:
        kreis_only = spec.id in KREIS_ONLY
        if spec.demo is None:
            factors = {}
        elif kreis_only:
            factors = _kreis_factors(spec.id, spec.demo.spread, shares)
        else:
            factors = _gemeinde_factors(spec.id, spec.demo.spread, boundaries, pop)
        for year in YEARS:
            date, label, period_type = _period(spec.reference, year)
            if kreis_only:
                cells = _kreis_only_cells(spec, year, home, shares, factors)
            else:
                cells = _cells(spec, year, boundaries, pop, factors)
            rows.extend(c.row(spec.id, date, label, period_type) for c in cells)
    return regions, rows


def seed(
    store: Store, boundaries: Boundaries, kreise: KreiseBoundaries | None = None, actor: str = audit.MANAGE
) -> int:
    """Replace any earlier demo data by a fresh set, in one transaction; returns the number of values.

    Indicators that already have real values get no demo values: demo and real never mix. Without
    ``kreise`` (no Kreise file) an indicator published per Kreis only has just the home Kreis.
    """
    regions, rows = build_rows(boundaries, kreise)
    real = store.indicators_with_real_values()
    rows = [r for r in rows if r.indicator_id not in real]
    digest = hashlib.sha256(
        "\n".join(
            f"{r.indicator_id};{r.region_key};{r.period_label};{r.value};{r.sign};{r.quality}" for r in rows
        ).encode()
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
                    "quality": r.quality,
                    "method": "demo",
                    "demo": True,
                    "source": DEMO_LABEL,
                    "batch_id": batch.id,
                }
            )
        for start in range(0, len(values), 5000):
            session.execute(insert(IndicatorValue), values[start : start + 5000])
        audit.record(
            session, actor, "demo_seed", f"Kreis {boundaries.kreis_key}", f"{len(rows)} Demowerte geschrieben."
        )
        bump_data_version(session)
    return len(rows)
