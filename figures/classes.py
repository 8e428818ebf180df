"""How map values become colours: a continuous scale or classes, sequential or diverging.

Classes come from mapclassify (quantiles, equal intervals, Fisher-Jenks natural breaks),
never from hand-written break rules, so the legend's bounds are the ones a GIS would
compute. Palettes are ColorBrewer schemes that stay apart for the common colour-vision
deficiencies; their direction follows the indicator's polarity, and an indicator
without good/bad meaning (polarity 0) gets a neutral hue.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import mapclassify
import numpy as np

from formatting import format_number

# Address values (German, in the URL) → mapclassify classifier; their display names are texts.MAP_SCHEMES.
SCHEMES: dict[str, str | None] = {
    "stetig": None,
    "quantile": "Quantiles",
    "gleich": "EqualInterval",
    "natuerlich": "FisherJenks",
}
DEFAULT_SCHEME = "stetig"
CLASSES = 5

# ColorBrewer diverging schemes (colour-blind safe), low → high. Polarity +1: blue is better.
DIVERGING = {
    1: ["#b2182b", "#d6604d", "#f4a582", "#fddbc7", "#f7f7f7", "#d1e5f0", "#92c5de", "#4393c3", "#2166ac"],
    -1: ["#2166ac", "#4393c3", "#92c5de", "#d1e5f0", "#f7f7f7", "#fddbc7", "#f4a582", "#d6604d", "#b2182b"],
    0: ["#b35806", "#e08214", "#fdb863", "#fee0b6", "#f7f7f7", "#d8daeb", "#b2abd2", "#8073ac", "#542788"],
}


@dataclass(frozen=True)
class Scale:
    """Colours for one map: plotly's colour scale, its range, and the colour bar's ticks (classes only)."""

    colourscale: list[list]
    zmin: float
    zmax: float
    bounds: tuple[float, ...] = ()  # class edges, lowest first: k classes have k + 1 edges
    tickvals: tuple[float, ...] | None = None
    ticktext: tuple[str, ...] | None = None

    def class_of(self, value: float) -> int:
        """Index of the class ``value`` falls in (upper bounds inclusive, as mapclassify counts)."""
        for i, upper in enumerate(self.bounds[1:]):
            if value <= upper:
                return i
        return len(self.bounds) - 2


def valid_scheme(scheme: object) -> str:
    """The scheme named in an address, or the default for anything else."""
    return scheme if isinstance(scheme, str) and scheme in SCHEMES else DEFAULT_SCHEME


def class_bounds(values: Sequence[float], scheme: str, k: int = CLASSES) -> tuple[float, ...]:
    """Class edges from mapclassify: the minimum, then each class's upper bound (k + 1 numbers)."""
    data = np.asarray([v for v in values if v == v], dtype="float64")
    name = SCHEMES.get(scheme)
    if name is None or len(data) == 0:
        return ()
    k = max(1, min(k, len(np.unique(data))))
    with warnings.catch_warnings():  # Fisher-Jenks without numba: pure Python, fast enough for a Kreis
        warnings.filterwarnings("ignore", message="Numba not installed")
        classifier = getattr(mapclassify, name)(data, k=k)
    return (float(data.min()), *(float(b) for b in classifier.bins))


def _interpolate(colours: list[str], share: float) -> str:
    position = min(max(share, 0.0), 1.0) * (len(colours) - 1)
    i = min(int(position), len(colours) - 2)
    t = position - i
    a, b = colours[i], colours[i + 1]
    mixed = [round(int(a[j : j + 2], 16) * (1 - t) + int(b[j : j + 2], 16) * t) for j in (1, 3, 5)]
    return "#" + "".join(f"{c:02x}" for c in mixed)


def diverging_range(zmin: float, zmax: float, centre: float) -> tuple[float, float]:
    """A range symmetric around ``centre`` that holds every value: the centre gets the middle colour."""
    half = max(abs(zmax - centre), abs(centre - zmin)) or 1.0
    return centre - half, centre + half


def continuous(colours: list[str], zmin: float, zmax: float) -> Scale:
    steps = [[i / (len(colours) - 1), colour] for i, colour in enumerate(colours)]
    return Scale(steps, zmin, zmax)


def classed(colours: list[str], bounds: tuple[float, ...], decimals: int, zmin: float, zmax: float) -> Scale:
    """One flat colour per class, taken from ``colours`` at the class's middle within [zmin, zmax].

    The map's z is then the class index; the colour bar shows one block per class with its
    bounds in the language's number format.
    """
    k = len(bounds) - 1
    span = (zmax - zmin) or 1.0
    fills = [_interpolate(colours, ((bounds[i] + bounds[i + 1]) / 2 - zmin) / span) for i in range(k)]
    steps: list[list] = []
    for i, fill in enumerate(fills):
        steps += [[i / k, fill], [(i + 1) / k, fill]]
    labels = tuple(f"{format_number(bounds[i], decimals)} – {format_number(bounds[i + 1], decimals)}" for i in range(k))
    return Scale(steps, -0.5, k - 0.5, bounds, tuple(float(i) for i in range(k)), labels)


def colour_at(scale: Scale, z: float) -> str:
    """The fill plotly draws for ``z`` on ``scale`` (for label contrast)."""
    share = (z - scale.zmin) / ((scale.zmax - scale.zmin) or 1.0)
    stops = scale.colourscale
    share = min(max(share, 0.0), 1.0)
    for (p0, c0), (p1, c1) in zip(stops, stops[1:], strict=False):
        if p0 <= share <= p1:
            if c0 == c1 or p1 == p0:
                return c0
            return _interpolate([c0, c1], (share - p0) / (p1 - p0))
    return stops[-1][1]
