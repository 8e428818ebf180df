"""A Kreis of 60 or 235 Gemeinden in Chromium: the labels plotly draws never run into each other.

The app runs on a Kreis of its own: square Gemeinden in a grid the size of Eifelkreis
Bitburg-Prüm, with names as long as real ones, written as a boundary file the app loads like
any other. Chromium measures every drawn label; no two may overlap, at a desktop and at the
smallest size that still shows labels.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from config import Settings
from tests.browser.conftest import serving

KREIS = "07232"
REGION = (6.1, 49.75, 6.7, 50.25)
NAMES = ("Sankt Thomas (Eifel)", "Oberweis", "Wallendorf (Sauer)", "Hamm", "Neuerburg", "Gemeinde Nr {n}")
LABELS_JS = """() => [...document.querySelectorAll('#map .scattergeo text')]
    .filter((t) => t.textContent.trim() && getComputedStyle(t).visibility !== 'hidden')
    .map((t) => { const r = t.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })"""


def _boundary_file(folder: Path, count: int) -> None:
    """``count`` square Gemeinden row by row, in the format ``manage.py build-geodata`` writes."""
    west, south, east, north = REGION
    columns = math.ceil(math.sqrt(count * 1.2))
    rows = math.ceil(count / columns)
    dx, dy = (east - west) / columns, (north - south) / rows
    features = []
    for n in range(count):
        row, column = divmod(n, columns)
        x0, y0 = west + column * dx, south + row * dy
        ring = [[x0, y0], [x0 + dx, y0], [x0 + dx, y0 + dy], [x0, y0 + dy], [x0, y0]][::-1]  # clockwise
        properties = {
            "ags": f"{KREIS}{n + 1:03d}",
            "name": NAMES[n % len(NAMES)].format(n=n + 1),
            "bez": "Ortsgemeinde",
            "flaeche_km2": float((n * 37) % 101 + 1),
            "label_lon": x0 + dx / 2,
            "label_lat": y0 + dy / 2,
        }
        features.append(
            {"type": "Feature", "properties": properties, "geometry": {"type": "Polygon", "coordinates": [ring]}}
        )
    collection = {
        "type": "FeatureCollection",
        "kreis": {"ags": KREIS, "name": "Probekreis", "bez": "Landkreis"},
        "features": features,
    }
    (folder / f"gemeinden_{KREIS}.geojson").write_text(json.dumps(collection), encoding="utf-8")


@pytest.fixture(scope="module", params=[60, 235], ids=lambda n: f"{n}-gemeinden")
def crowded_server(request, tmp_path_factory) -> Iterator[tuple[str, int]]:
    from app import create_app
    from data_access import demo
    from data_access.geodata import load_boundaries
    from data_access.regions import base_regions
    from data_access.store import Store

    count = request.param
    folder = tmp_path_factory.mktemp(f"crowded{count}")
    _boundary_file(folder, count)
    settings = Settings(
        database_url=f"sqlite:///{folder / 'store.sqlite'}", kreis=KREIS, geodata_dir=folder, instance_dir=folder
    )
    boundaries = load_boundaries(settings.boundaries_path)
    store = Store(settings.database_url)
    store.init_schema(base_regions(boundaries))
    demo.seed(store, boundaries)
    store.engine.dispose()
    with serving(create_app(settings).server, f"crowded-{count}") as url:
        yield url, count


def _overlaps(boxes: list[list[float]]) -> list[tuple[int, int]]:
    tolerance = 0.5  # px: anti-aliased glyph edges of neighbours may touch
    return [
        (i, j)
        for i, a in enumerate(boxes)
        for j, b in enumerate(boxes[i + 1 :], start=i + 1)
        if a[0] + tolerance < b[2] and b[0] + tolerance < a[2] and a[1] + tolerance < b[3] and b[1] + tolerance < a[3]
    ]


# A desktop, a tablet, and a low window where app.css keeps the labels at 9 px on a map only 312 px high:
# there the browser hides what the server's choice still overlaps (assets/10_app/map_labels.js).
VIEWPORTS = [{"width": 1600, "height": 1000}, {"width": 1024, "height": 768}, {"width": 1000, "height": 640}]


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=lambda v: f"{v['width']}x{v['height']}")
def test_crowded_map_labels_do_not_overlap(page: Page, crowded_server, viewport):
    url, count = crowded_server
    page.set_viewport_size(viewport)
    page.goto(f"{url}/fruehkindliche-bildung")
    expect(page.locator("#map .gtitle")).to_contain_text("Betreuungsquote")
    expect(page.locator("#map path.choroplethlocation")).to_have_count(count)
    boxes = page.evaluate(LABELS_JS)
    assert 0 < len(boxes) < count, len(boxes)
    assert _overlaps(boxes) == [], f"{len(_overlaps(boxes))} overlapping label pairs of {len(boxes)}"
    # A year later (a patch, drawn anew) the labels are sorted out again.
    before = page.locator("#year-label").inner_text()
    page.locator("#year").get_by_role("slider").focus()
    page.keyboard.press("ArrowLeft")
    expect(page.locator("#year-label")).not_to_have_text(before)
    page.wait_for_timeout(300)
    boxes = page.evaluate(LABELS_JS)
    assert boxes and _overlaps(boxes) == []
