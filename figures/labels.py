"""Which Gemeinde labels a map can show without them running into each other.

With 13 Gemeinden every name fits; with 60 or 235 the names pile up into an
unreadable mass. :func:`visible_labels` places each label where plotly will draw
it at a reference map size and keeps, greedily by priority, only those that
neither overlap a label already kept nor stick out of the plot area. The hidden
names stay in the hover text. Pure arithmetic, no plotly, so a callback can run
it on every update.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence

from data_access.geodata import Bounds

Box = tuple[float, float, float, float]  # left, top, right, bottom (px, y down)

# How plotly.js (the bundle of plotly 7.1) fits a geo subplot with fitbounds and
# projection "mercator", read from its source and checked in Chromium to 0.001 px:
# - the lon and lat ranges are the data bounds padded like any autorange, 5 % of
#   the axis length on each side, so the data span 0.9 of the range (in degrees);
# - the range box, shrunk by clipPad (0.001°) on each side, is fitted into the
#   projected world square, which is the square of side min(width, height)
#   centred in the plot area, not the plot area itself;
# - the middle of the ranges (lat averaged in degrees) lands on the centre.
AUTORANGE_SHARE = 0.9
CLIP_PAD_DEG = 0.001

# DejaVu Sans advance widths in em (its hmtx table; the map's font, see figures.FONT): a sum per
# character, because names differ a lot ("Hamm" is 3.3 em, "Lintig" 2.6 em). Bold lines (values) are
# about a tenth wider; a character not listed counts as wide as an "M" would not: 0.65 em.
_ADVANCE_EM = {
    **dict.fromkeys("'", 0.275),
    **dict.fromkeys("ijl", 0.278),
    **dict.fromkeys("IJ", 0.295),
    **dict.fromkeys(" ,.", 0.318),
    **dict.fromkeys("/:;\\|", 0.337),
    "f": 0.352,
    "-": 0.361,
    **dict.fromkeys("()[]", 0.39),
    "t": 0.392,
    "!": 0.401,
    "r": 0.411,
    '"': 0.46,
    **dict.fromkeys("*_`–", 0.5),
    "s": 0.521,
    "z": 0.525,
    "?": 0.531,
    "c": 0.55,
    "L": 0.557,
    "F": 0.575,
    "k": 0.579,
    **dict.fromkeys("vxy", 0.592),
    "P": 0.603,
    **dict.fromkeys("TY", 0.611),
    **dict.fromkeys("oö", 0.612),
    **dict.fromkeys("aäâ", 0.613),
    **dict.fromkeys("eéè", 0.615),
    "ß": 0.63,
    "E": 0.632,
    **dict.fromkeys("hnuü", 0.634),
    **dict.fromkeys("Sbdgpq", 0.635),
    **dict.fromkeys("$0123456789{}", 0.636),
    "K": 0.656,
    **dict.fromkeys("AVÄ", 0.684),
    **dict.fromkeys("XZ", 0.685),
    "B": 0.686,
    "R": 0.695,
    "C": 0.698,
    **dict.fromkeys("UÜ", 0.732),
    "N": 0.748,
    "H": 0.752,
    "D": 0.77,
    "G": 0.775,
    "&": 0.78,
    **dict.fromkeys("OQÖ", 0.787),
    "w": 0.818,
    **dict.fromkeys("#+<=>^~", 0.838),
    "M": 0.863,
    "%": 0.95,
    "m": 0.974,
    "W": 0.989,
    "@": 1.0,
}
UNKNOWN_EM = 0.65
BOLD = 1.1
# Rendered text boxes: one line is 1.11 em high (ascent + descent), 1.18 em
# with a bold line; every further line adds plotly's line spacing of 1.3 em.
FIRST_LINE_EM = 1.2
LINE_EM = 1.3
PAD_PX = 2.0  # added to each box's width
GAP_PX = 2.0  # clear space required between two shown labels

_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")


def _mercator_y(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def _projector(bounds: Bounds, width_px: float, height_px: float) -> Callable[[float, float], tuple[float, float]]:
    """lon/lat → pixel (origin top left) as plotly draws the fitted mercator map."""
    west, south, east, north = bounds
    mid_lon, mid_lat = (west + east) / 2, (south + north) / 2
    half_lon = (east - west) / 2 / AUTORANGE_SHARE - CLIP_PAD_DEG
    half_lat = (north - south) / 2 / AUTORANGE_SHARE - CLIP_PAD_DEG
    box_w = math.radians(2 * half_lon)
    box_h = _mercator_y(mid_lat + half_lat) - _mercator_y(mid_lat - half_lat)
    side = min(width_px, height_px)
    scales = [side / extent for extent in (box_w, box_h) if extent > 0]
    scale = min(scales) if scales else 0.0  # one single point: it sits in the centre
    x0, y0 = width_px / 2, height_px / 2
    lon0, merc0 = math.radians(mid_lon), _mercator_y(mid_lat)

    def project(lon: float, lat: float) -> tuple[float, float]:
        return x0 + scale * (math.radians(lon) - lon0), y0 - scale * (_mercator_y(lat) - merc0)

    return project


def _line_em(line: str) -> float:
    """Width of one label line in em: the advances of its visible characters, bold ones wider."""
    bold = "<b>" in line
    if "<" in line:
        line = _TAG.sub("", line)
    width = sum(_ADVANCE_EM.get(char, UNKNOWN_EM) for char in line)
    return width * BOLD if bold else width


def _text_size(text: str, font_px: float) -> tuple[float, float]:
    """Width and height (px) of a label: longest visible line, number of lines."""
    lines = _BREAK.split(text) if "<" in text else [text]
    width = max(_line_em(line) for line in lines) * font_px + PAD_PX
    height = (FIRST_LINE_EM + LINE_EM * (len(lines) - 1)) * font_px
    return width, height


def label_boxes(
    points: Sequence[tuple[float, float]],
    texts: Sequence[str],
    bounds: Bounds,
    width_px: float,
    height_px: float,
    font_px: float,
) -> list[Box]:
    """Pixel box (left, top, right, bottom) of each label, centred on its point.

    Exposed so tests and callers can see the geometry the choice is made on.
    """
    project = _projector(bounds, width_px, height_px)
    boxes = []
    for (lon, lat), text in zip(points, texts, strict=True):
        x, y = project(lon, lat)
        w, h = _text_size(text, font_px)
        boxes.append((x - w / 2, y - h / 2, x + w / 2, y + h / 2))
    return boxes


def visible_labels(
    points: Sequence[tuple[float, float]],
    texts: Sequence[str],
    bounds: Bounds,
    width_px: float,
    height_px: float,
    font_px: float,
    priority: Sequence[float],
) -> list[bool]:
    """One flag per label: show it, or hide it because it would overlap or be cut off.

    Greedy in order of ``priority`` (higher first, ties by input order), so the
    large Gemeinden and a selected one (priority ``inf``) win crowded spots.
    ``bounds`` is the extent the map is fitted to (``Boundaries.bounds``), the size is
    that of the plot area at the reference size the choice is made for.
    """
    boxes = label_boxes(points, texts, bounds, width_px, height_px, font_px)
    if len(priority) != len(boxes):
        raise ValueError(f"{len(priority)} priorities for {len(boxes)} labels")
    rank = [-p if not math.isnan(p) else math.inf for p in priority]
    order = sorted(range(len(boxes)), key=lambda i: (rank[i], i))

    shown = [False] * len(boxes)
    # Accepted boxes, grown by the gap, are filed in every grid cell they touch;
    # a candidate is compared only with the boxes filed in its own cells.
    cell = 6 * font_px if font_px > 0 else 1.0  # about a short name: few cells per box, few boxes per cell
    grid: dict[tuple[int, int], list[Box]] = {}
    for i in order:
        box = left, top, right, bottom = boxes[i]
        if not (left >= 0 and top >= 0 and right <= width_px and bottom <= height_px):  # also drops NaN
            continue
        columns = range(int((left - GAP_PX) // cell), int((right + GAP_PX) // cell) + 1)
        rows = range(int((top - GAP_PX) // cell), int((bottom + GAP_PX) // cell) + 1)
        if _collides(box, grid, columns, rows):
            continue
        shown[i] = True
        for column in columns:
            for row in rows:
                grid.setdefault((column, row), []).append(box)
    return shown


def _collides(box: Box, grid: dict[tuple[int, int], list[Box]], columns: range, rows: range) -> bool:
    """Whether a box comes closer than the gap to any box filed in the given cells."""
    left, top, right, bottom = box[0] - GAP_PX, box[1] - GAP_PX, box[2] + GAP_PX, box[3] + GAP_PX
    for column in columns:
        for row in rows:
            for other_left, other_top, other_right, other_bottom in grid.get((column, row), ()):
                if left < other_right and other_left < right and top < other_bottom and other_top < bottom:
                    return True
    return False
