"""Map labels: which Gemeinde names a crowded map shows so that none run into each other."""

import math
from pathlib import Path

import pytest

from data_access.geodata import Area, bounds_of, load_boundaries
from figures.labels import label_boxes, visible_labels

ROOT = Path(__file__).resolve().parents[1]
# The project's own build of Landkreis Cloppenburg (the one test_geodata.py checks).
CLOPPENBURG = ROOT / "geodata" / "gemeinden_03453.geojson"

# A region the size of Eifelkreis Bitburg-Prüm: 0.6° × 0.5° around 6.4 °E, 50.0 °N.
REGION = (6.1, 49.75, 6.7, 50.25)
NAMES = (
    "Gemeinde Nr {n}",
    "Oberweis",
    "Sankt Thomas (Eifel)",
    "Hamm",
    "Wallendorf (Sauer)",
    "Neuerburg",
    "Gemeinde Nr {n}",
    "Bettingen",
    "Ehlenz",
)


def label(name: str) -> str:
    """As the app writes a map label: a bracketed suffix on a line of its own."""
    return name.replace(" (", "<br>(")


def grid(columns: int, rows: int, count: int | None = None, region: tuple = REGION) -> tuple[list[Area], dict]:
    """``count`` square Gemeinden, row by row from the south-west, and their FeatureCollection."""
    west, south, east, north = region
    dx, dy = (east - west) / columns, (north - south) / rows
    areas, features = [], []
    for n in range(columns * rows if count is None else count):
        row, column = divmod(n, columns)
        x0, y0 = west + column * dx, south + row * dy
        ags = f"07232{n:03d}"
        areas.append(
            Area(
                ags=ags,
                name=NAMES[n % len(NAMES)].format(n=n),
                bez="Gemeinde",
                area_km2=float((n * 37) % 101 + 1),  # scattered sizes, a few ties
                label_lon=x0 + dx / 2,
                label_lat=y0 + dy / 2,
            )
        )
        ring = [[x0, y0], [x0, y0 + dy], [x0 + dx, y0 + dy], [x0 + dx, y0], [x0, y0]]
        features.append(
            {"type": "Feature", "properties": {"ags": ags}, "geometry": {"type": "Polygon", "coordinates": [ring]}}
        )
    return areas, {"type": "FeatureCollection", "features": features}


def choose(areas: list[Area], geojson: dict, width: float, height: float, font: float = 9, priority=None) -> list[bool]:
    return visible_labels(
        [(a.label_lon, a.label_lat) for a in areas],
        [label(a.name) for a in areas],
        bounds_of(geojson),
        width,
        height,
        font,
        [a.area_km2 for a in areas] if priority is None else priority,
    )


def boxes_of(areas: list[Area], geojson: dict, width: float, height: float, font: float = 9) -> list[tuple]:
    points = [(a.label_lon, a.label_lat) for a in areas]
    return label_boxes(points, [label(a.name) for a in areas], bounds_of(geojson), width, height, font)


def overlapping(boxes: list[tuple], shown: list[bool]) -> list[tuple[int, int]]:
    """Pairs of shown labels whose boxes share any area (brute force, independent of the grid)."""
    kept = [i for i, flag in enumerate(shown) if flag]
    return [
        (i, j)
        for a, i in enumerate(kept)
        for j in kept[a + 1 :]
        if boxes[i][0] < boxes[j][2]
        and boxes[j][0] < boxes[i][2]
        and boxes[i][1] < boxes[j][3]
        and boxes[j][1] < boxes[i][3]
    ]


# --- bounds_of ---------------------------------------------------------------------------------


def test_bounds_of_reads_polygons_and_multipolygons():
    collection = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {},
                "geometry": {
                    "type": "MultiPolygon",
                    "coordinates": [
                        [[[7.7, 52.8], [7.7, 52.9], [7.8, 52.9], [7.7, 52.8]]],
                        [[[8.1, 53.0], [8.1, 53.2], [8.3, 53.2], [8.1, 53.0]]],
                    ],
                },
            },
            {
                "type": "Feature",
                "properties": {},
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [
                        [[7.6, 52.7], [7.6, 52.75], [7.65, 52.75], [7.6, 52.7]],
                        [[7.61, 52.71], [7.62, 52.72], [7.62, 52.71], [7.61, 52.71]],
                    ],
                },
            },
        ],
    }
    assert bounds_of(collection) == (7.6, 52.7, 8.3, 53.2)


def test_bounds_of_the_grid_is_its_region():
    _, geojson = grid(15, 16, 235)
    assert bounds_of(geojson) == pytest.approx(REGION)


def test_bounds_of_an_empty_collection_is_an_error():
    with pytest.raises(ValueError):
        bounds_of({"type": "FeatureCollection", "features": []})


# --- geometry of a label ----------------------------------------------------------------------


# Where plotly.js (bundled with plotly 7.1) puts labels 0, 14, 117 and 234 of the 235-square grid
# (translate of the text element), measured in Chromium with fitbounds="locations", mercator and
# zero margins: a wide, a tall and a large plot area.
PLOTLY_DRAWS = {
    (700, 560): {0: (167.93, 516.52), 14: (532.07, 516.52), 117: (480.05, 295.80), 234: (402.02, 42.32)},
    (400, 700): {0: (69.95, 518.95), 14: (330.05, 518.95), 117: (292.89, 361.29), 234: (237.16, 180.23)},
    (1600, 900): {0: (507.38, 830.13), 14: (1092.62, 830.13), 117: (1009.01, 475.40), 234: (883.61, 68.01)},
}


@pytest.mark.parametrize("size", sorted(PLOTLY_DRAWS))
def test_boxes_sit_where_plotly_draws_the_labels(size):
    areas, geojson = grid(15, 16, 235)
    boxes = boxes_of(areas, geojson, *size)
    for index, point in PLOTLY_DRAWS[size].items():
        box = boxes[index]
        assert ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2) == pytest.approx(point, abs=0.05)


def test_a_box_is_centred_on_the_map_centre_for_the_centre_of_the_bounds():
    box = label_boxes([(6.4, 50.0)], ["Oberweis"], REGION, 700, 560, 9)[0]
    assert ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2) == pytest.approx((350, 280), abs=0.01)


def test_the_map_keeps_mercator_proportions():
    """Equal steps in latitude grow northwards; equal steps in longitude stay equal."""
    points = [(6.1, 49.75), (6.4, 49.75), (6.7, 49.75), (6.1, 50.0), (6.1, 50.25)]
    centres = [((b[0] + b[2]) / 2, (b[1] + b[3]) / 2) for b in label_boxes(points, ["x"] * 5, REGION, 700, 560, 9)]
    (x0, y0), (x1, _), (x2, _), (_, y3), (_, y4) = centres
    assert x1 - x0 == pytest.approx(x2 - x1)
    assert (y3 - y4) / (y0 - y3) == pytest.approx(
        (
            math.log(math.tan(math.pi / 4 + math.radians(50.25) / 2))
            - math.log(math.tan(math.pi / 4 + math.radians(50.0) / 2))
        )
        / (
            math.log(math.tan(math.pi / 4 + math.radians(50.0) / 2))
            - math.log(math.tan(math.pi / 4 + math.radians(49.75) / 2))
        )
    )
    # Degrees of longitude shrink by cos(latitude) against the (local) scale of latitude.
    assert (x2 - x0) / (y0 - y4) == pytest.approx(0.6 * math.cos(math.radians(50.0)) / 0.5, rel=0.01)


def test_a_box_measures_the_visible_text_only():
    point, args = [(6.4, 50.0)], (REGION, 700, 560, 10)
    (plain,) = label_boxes(point, ["Cloppenburg"], *args)
    (tagged,) = label_boxes(point, ["<b>Cloppenburg</b>"], *args)
    (two_lines,) = label_boxes(point, ["Cloppenburg<br><b>12,3</b>"], *args)
    (three_lines,) = label_boxes(point, ["Essen<br>(Oldenburg)<br><b>12,3</b>"], *args)
    (short,) = label_boxes(point, ["Essen"], *args)
    width = plain[2] - plain[0]
    assert tagged[2] - tagged[0] > width  # bold runs wider
    assert two_lines[2] - two_lines[0] == pytest.approx(width)  # "12,3" is shorter than the name
    assert three_lines[2] - three_lines[0] < width  # "(Oldenburg)" is narrower than "Cloppenburg"
    assert short[2] - short[0] < width
    heights = [b[3] - b[1] for b in (plain, two_lines, three_lines)]
    assert heights[0] < heights[1] < heights[2]
    # "Cloppenburg" in DejaVu Sans is 6.4 em: 64 px at 10 px, and one line about 12 px high.
    assert 62 <= width <= 70 and 10 <= heights[0] <= 14


def test_a_label_is_as_wide_as_its_letters_not_their_count():
    point, args = [(6.4, 50.0)], (REGION, 700, 560, 10)
    (hamm,) = label_boxes(point, ["Hamm"], *args)
    (lintig,) = label_boxes(point, ["Lintig"], *args)
    assert hamm[2] - hamm[0] > lintig[2] - lintig[0]  # H and two m outweigh six narrow letters


# --- the choice -------------------------------------------------------------------------------


@pytest.mark.parametrize("count, columns, rows", [(235, 15, 16), (60, 8, 8)])
@pytest.mark.parametrize("width, height", [(700, 560), (1600, 900), (400, 700)])
def test_shown_labels_never_overlap_and_stay_in_the_plot_area(count, columns, rows, width, height):
    areas, geojson = grid(columns, rows, count)
    shown = choose(areas, geojson, width, height)
    boxes = boxes_of(areas, geojson, width, height)
    assert any(shown)
    assert overlapping(boxes, shown) == []
    for box, flag in zip(boxes, shown, strict=True):
        if flag:
            assert box[0] >= 0 and box[1] >= 0 and box[2] <= width and box[3] <= height


def test_a_crowded_map_shows_some_but_not_all_labels():
    areas, geojson = grid(15, 16, 235)
    shown = choose(areas, geojson, 700, 560)
    assert len(shown) == 235
    assert 20 < sum(shown) < 235


def test_without_collision_handling_the_grid_would_overlap():
    """The check above has teeth: shown all at once, the 235 labels do overlap."""
    areas, geojson = grid(15, 16, 235)
    assert overlapping(boxes_of(areas, geojson, 700, 560), [True] * 235)


@pytest.mark.parametrize("count, columns, rows", [(235, 15, 16), (60, 8, 8)])
def test_the_highest_priority_label_is_shown(count, columns, rows):
    areas, geojson = grid(columns, rows, count)
    for favourite in (0, count // 2, count - 1):
        priority = [1.0] * count
        priority[favourite] = 2.0
        assert choose(areas, geojson, 700, 560, priority=priority)[favourite]


def test_equal_priorities_go_by_input_order():
    _, geojson = grid(15, 16, 235)
    points, texts = [(6.4, 50.0), (6.4, 50.0)], ["Oberweis", "Bettingen"]
    assert visible_labels(points, texts, bounds_of(geojson), 700, 560, 9, [5.0, 5.0]) == [True, False]
    assert visible_labels(points, texts, bounds_of(geojson), 700, 560, 9, [5.0, 6.0]) == [False, True]


def test_a_selected_small_gemeinde_wins_a_crowded_spot():
    areas, geojson = grid(15, 16, 235)
    middle = 8 * 15 + 7
    priority = [a.area_km2 for a in areas]
    priority[middle] = 0.5  # the smallest of all
    assert not choose(areas, geojson, 700, 560, priority=priority)[middle]
    priority[middle] = math.inf
    shown = choose(areas, geojson, 700, 560, priority=priority)
    assert shown[middle]
    assert overlapping(boxes_of(areas, geojson, 700, 560), shown) == []


def test_a_label_that_would_leave_the_plot_area_is_hidden():
    # A wide strip fills the square plot area's width up to plotly's 5 % padding (20 px of 400).
    wide = (6.0, 49.95, 7.0, 50.05)
    long_name = "Gemeinde mit einem sehr langen Namen"  # 36 characters: far wider than 2 × 20 px
    at_west_edge, at_centre = (6.0, 50.0), (6.5, 50.0)
    flags = visible_labels([at_west_edge, at_centre], [long_name, long_name], wide, 400, 400, 11, [2.0, 1.0])
    assert flags == [False, True]
    # A tall strip puts its northern edge 20 px below the top: four lines need more than 2 × 20 px.
    tall = (6.45, 49.5, 6.55, 50.5)
    four_lines = "Sankt<br>Thomas<br>(Eifel)<br><b>12,3</b>"
    flags = visible_labels([(6.5, 50.5), (6.5, 50.0)], [four_lines] * 2, tall, 400, 400, 11, [2.0, 1.0])
    assert flags == [False, True]


def test_well_separated_labels_are_all_shown():
    west, south, east, north = REGION
    points = [
        (west + (c + 0.5) * (east - west) / 3, south + (r + 0.5) * (north - south) / 5)
        for r in range(5)
        for c in range(3)
    ]
    points = points[:13]
    names = ["Essen (Oldenburg)", "Cloppenburg", "Barßel", "Löningen", "Saterland", "Friesoythe", "Garrel"] * 2
    texts = [label(name) + "<br><b>12,3</b>" for name in names[:13]]
    bounds = REGION
    assert visible_labels(points, texts, bounds, 700, 560, 11, [1.0] * 13) == [True] * 13


@pytest.mark.parametrize("count, columns, rows", [(235, 15, 16), (60, 8, 8)])
def test_a_larger_map_shows_at_least_as_many_labels(count, columns, rows):
    areas, geojson = grid(columns, rows, count)
    counts = [sum(choose(areas, geojson, width, height)) for width, height in ((700, 560), (900, 560), (1600, 900))]
    assert counts == sorted(counts)
    assert counts[-1] > counts[0]


def test_no_labels_no_work():
    assert visible_labels([], [], REGION, 700, 560, 9, []) == []


def test_a_priority_per_label_is_required():
    with pytest.raises(ValueError):
        visible_labels([(6.4, 50.0)], ["Oberweis"], REGION, 700, 560, 9, [])


def test_every_cloppenburg_label_with_its_value_fits():
    boundaries = load_boundaries(CLOPPENBURG)
    gemeinden = boundaries.gemeinden
    assert len(gemeinden) == 13
    shown = visible_labels(
        [(g.label_lon, g.label_lat) for g in gemeinden],
        [label(g.name) + "<br><b>12,3</b>" for g in gemeinden],
        bounds_of(boundaries.geojson),
        700,
        560,
        11,
        [g.area_km2 for g in gemeinden],
    )
    assert shown == [True] * 13


# --- on the map: figures.map_update --------------------------------------------------------------


def _boundaries(count: int):
    from data_access.geodata import Boundaries

    columns = math.ceil(math.sqrt(count * 1.2))
    areas, geojson = grid(columns, math.ceil(count / columns), count)
    return Boundaries("07232", "Test", "Landkreis", tuple(areas), geojson)


def _map_labels(boundaries, selected: str | None = None) -> list[str]:
    return dict(_map_update(boundaries, selected))[("data", 2, "text")]


def _map_update(boundaries, selected: str | None = None):
    import pandas as pd

    import figures
    from data_access import catalogue

    values = pd.DataFrame({"region_key": boundaries.keys, "value": 50.0, "sign": None})
    mv = figures.MapValues(catalogue.indicator("betreuungsquote_u3"), "2024", values, (0.0, 100.0), True, selected)
    return figures.map_update(boundaries, mv)


@pytest.mark.parametrize("count", [60, 235])
def test_a_crowded_map_draws_only_labels_that_do_not_overlap(count):
    import figures

    boundaries = _boundaries(count)
    texts = _map_labels(boundaries)
    shown = [bool(text) for text in texts]
    assert 0 < sum(shown) < count
    names = [label(g.name) for g in boundaries.gemeinden]
    assert all(text in ("", name) for text, name in zip(texts, names, strict=True))  # names only, or nothing
    boxes = label_boxes(
        [(g.label_lon, g.label_lat) for g in boundaries.gemeinden],
        names,
        boundaries.bounds,
        figures.LABEL_PLOT_PX,
        figures.LABEL_PLOT_PX,
        figures.LABEL_FONT_PX,
    )
    assert overlapping(boxes, shown) == []
    base = figures.map_base(boundaries, "/geodata/gemeinden.geojson").to_plotly_json()
    assert base["data"][2]["text"] == texts  # the first drawing, before any value, is just as legible
    ranks = dict(_map_update(boundaries))[("data", 2, "customdata")]
    assert sorted(ranks) == list(range(count))  # the browser's order for hiding more: every Gemeinde ranked
    largest = max(range(count), key=lambda i: (boundaries.gemeinden[i].area_km2, -i))
    assert ranks[largest] == 0


def test_the_selected_gemeinde_is_labelled_even_in_a_crowded_spot():
    boundaries = _boundaries(235)
    hidden = [g.ags for g, text in zip(boundaries.gemeinden, _map_labels(boundaries), strict=True) if not text][0]
    texts = _map_labels(boundaries, selected=hidden)
    chosen = next(i for i, g in enumerate(boundaries.gemeinden) if g.ags == hidden)
    assert texts[chosen] == label(boundaries.gemeinden[chosen].name)


def test_a_small_kreis_keeps_every_label_with_its_value():
    boundaries = load_boundaries(CLOPPENBURG)
    texts = _map_labels(boundaries)
    assert all(text.endswith("<br><b>50,0</b>") for text in texts) and len(texts) == 13
    assert ("data", 2, "customdata") not in dict(_map_update(boundaries))  # no ranks: the browser hides none
