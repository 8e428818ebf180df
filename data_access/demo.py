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

from config import BUND_KEY, BUND_NAME, LAENDER
from data_access import catalogue
from data_access.geodata import Boundaries
from data_access.store import ObservationRow, RegionRow, Store
from texts import DEMO_LABEL

YEARS = tuple(range(2015, 2025))
SUPPRESS_BELOW = 3

# Anchors: Kreis, Land, Bund level at 2015 and 2024.
POPULATION = {"kreis": (164_734, 177_025), "land": (7_926_599, 8_140_242), "bund": (82_175_684, 83_577_140)}


@dataclass(frozen=True)
class DemoSpec:
    kreis: tuple[float, float]
    land: tuple[float, float]
    bund: tuple[float, float]
    base_share: float  # denominator (ratio) or count per inhabitant (sum)
    spread: float  # relative spread between Gemeinden
    suppress_small: bool = False


SPECS: dict[str, DemoSpec] = {
    "anteil_unter_18": DemoSpec((20.7, 20.3), (16.6, 17.0), (16.2, 16.6), 1.0, 0.07),
    "durchschnittsalter": DemoSpec((40.5, 41.6), (44.3, 44.8), (44.2, 44.6), 1.0, 0.03),
    "arbeitslose_je_1000": DemoSpec((44.0, 40.0), (52.0, 50.0), (48.0, 46.0), 0.64, 0.20),
    "betreuungsquote_u3": DemoSpec((19.0, 29.5), (27.5, 35.4), (32.9, 37.4), 0.032, 0.30),
    "betreuungsquote_3_6": DemoSpec((85.0, 91.0), (93.0, 93.8), (94.9, 92.0), 0.033, 0.08),
    "ganztagsquote_u3": DemoSpec((4.5, 8.5), (10.0, 14.6), (16.0, 19.5), 0.032, 0.45),
    "plaetze_je_100_u6": DemoSpec((62.0, 74.0), (70.0, 79.0), (74.0, 81.0), 0.065, 0.18),
    "kinder_je_paed_vzae": DemoSpec((9.2, 8.3), (8.8, 8.1), (8.9, 8.2), 0.0042, 0.08),
    "schueler_insgesamt": DemoSpec((20_551, 20_990), (845_000, 860_000), (8_350_000, 8_450_000), 0.124, 0.25),
    "anteil_abgaenger_ohne_hsa": DemoSpec((4.1, 8.3), (5.0, 7.7), (5.9, 7.1), 0.012, 0.35, True),
    "anteil_abgaenger_abitur": DemoSpec((20.9, 18.8), (31.0, 32.3), (33.0, 34.5), 0.012, 0.35),
    "anteil_auslaendische_schueler": DemoSpec((5.4, 15.2), (8.9, 15.0), (10.1, 14.8), 0.124, 0.40),
    "foerderschulbesuchsquote": DemoSpec((5.2, 4.8), (3.4, 2.9), (4.3, 4.1), 0.124, 0.30),
    "auslaenderanteil": DemoSpec((8.5, 15.6), (8.3, 13.4), (11.2, 14.9), 1.0, 0.45),
    "schutzsuchende_je_1000": DemoSpec((25.0, 37.0), (22.0, 34.0), (20.0, 38.0), 1.0, 0.40),
    "einbuergerungsquote": DemoSpec((0.7, 1.5), (1.1, 2.3), (1.1, 2.4), 0.10, 0.40, True),
    "arbeitslosenquote_auslaender": DemoSpec((9.0, 7.5), (18.0, 16.9), (15.0, 15.5), 0.05, 0.35),
    "vhs_ustd_je_1000": DemoSpec((225.0, 240.0), (200.0, 205.0), (190.0, 195.0), 1.0, 0.45),
    "vhs_belegungen_je_1000": DemoSpec((54.0, 58.0), (58.0, 60.0), (60.0, 61.0), 1.0, 0.40),
    "vhs_kurse": DemoSpec((814, 860), (62_000, 64_000), (580_000, 600_000), 0.0049, 0.45),
    "nachgeholte_schulabschluesse": DemoSpec((45, 52), (3_100, 3_300), (31_000, 32_000), 0.00028, 0.60),
}


def _rng(*parts: str) -> np.random.Generator:
    """A generator seeded from the names of what it generates: stable across runs and machines."""
    return np.random.default_rng(zlib.crc32("|".join(parts).encode("utf-8")))


def _trend(anchor: tuple[float, float], year: int) -> float:
    start, end = anchor
    return start + (end - start) * (year - YEARS[0]) / (YEARS[-1] - YEARS[0])


def _period(reference: str, year: int) -> tuple[dt.date, str]:
    """Reference date and label of one demo period, following the indicator's convention."""
    if reference == "31.12.":
        return dt.date(year, 12, 31), f"31.12.{year}"
    if reference == "01.03.":
        return dt.date(year, 3, 1), f"01.03.{year}"
    if reference == "Schuljahr":
        return dt.date(year, 8, 1), f"{year}/{(year + 1) % 100:02d}"
    return dt.date(year, 12, 31), str(year)


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
            for year in YEARS
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

    demo = SPECS[spec.id]
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


def build_rows(boundaries: Boundaries) -> tuple[list[RegionRow], list[ObservationRow]]:
    """All demo regions and observations for the Kreis of ``boundaries``."""
    kreis = boundaries.kreis_key
    land = kreis[:2]
    regions = [
        RegionRow(BUND_KEY, BUND_NAME, "Bund"),
        RegionRow(land, LAENDER[land], "Land", BUND_KEY),
        RegionRow(kreis, boundaries.title, "Kreis", land),
        *(RegionRow(g.ags, g.name, "Gemeinde", kreis) for g in boundaries.gemeinden),
    ]
    pop = population(boundaries)
    rows: list[ObservationRow] = []
    for spec in catalogue.INDICATORS:
        factors = _gemeinde_factors(spec.id, SPECS[spec.id].spread, boundaries, pop) if spec.id in SPECS else {}
        for year in YEARS:
            date, label = _period(spec.reference, year)
            rows.extend(
                ObservationRow(spec.id, key, date, label, value, num, den, sign)
                for key, value, num, den, sign in _cells(spec, year, boundaries, pop, factors)
            )
    return regions, rows


def seed(store: Store, boundaries: Boundaries) -> int:
    """Replace any earlier demo batch by a fresh one; returns the number of rows written."""
    regions, rows = build_rows(boundaries)
    digest = hashlib.sha256(
        "\n".join(f"{r.indicator_id};{r.region_key};{r.period_label};{r.value};{r.sign}" for r in rows).encode()
    ).hexdigest()
    store.write_batch(
        kind="demo",
        source_file=f"{DEMO_LABEL}, Kreis {boundaries.kreis_key}",
        checksum=digest,
        rows=rows,
        regions=regions,
        stand=None,
        replace_kind=True,
    )
    return len(rows)
