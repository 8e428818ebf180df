"""The explorer's layout at the screens it is used on, measured in a real Chromium.

An office screen (1920×1080) shows map, reference values, bars and trend at once without
scrolling; on the coordinator's laptop (1366×768) the map is seen first and whole; on a phone
(390×844) the map comes first and its labels do not collide; the map's title keeps its year at
every size; printing puts map and reference values on one A4 landscape sheet.
The layout itself is CSS (``.bm-explorer`` in ``assets/10_app/app.css``).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from data_access import catalogue

pytestmark = pytest.mark.browser

MAP_TITLE = "#map .gtitle"
SHAPES = "#map path.choroplethlocation"
TOLERANCE = 2  # px: sub-pixel rounding of the boxes
SIZES = {
    "office": (1920, 1080),
    "laptop": (1366, 768),
    "small laptop": (1280, 720),
    "tablet": (1024, 768),
    "phone": (390, 844),
}
LONGEST = max(catalogue.INDICATORS, key=lambda spec: len(spec.name))

BOX_JS = """selector => {
    const el = document.querySelector(selector);
    if (!el) return null;
    const b = el.getBoundingClientRect();
    return {left: b.left, right: b.right, top: b.top, bottom: b.bottom, width: b.width, height: b.height};
}"""
# The map's geo frame (plotly draws the Gemeinden in it) against the graph and plotly's plot area.
MAP_FILL_JS = """() => {
    const box = el => { const b = el.getBoundingClientRect(); return {width: b.width, height: b.height}; };
    const graph = document.querySelector('#map .js-plotly-plot');
    return {graph: box(graph), frame: box(graph.querySelector('.geolayer')), drawn: box(graph.querySelector('.choroplethlayer')),
            plot: {width: graph._fullLayout._size.w, height: graph._fullLayout._size.h}};
}"""
TITLE_JS = """() => {
    const title = document.querySelector('#map .gtitle').getBoundingClientRect();
    const svg = document.querySelector('#map .main-svg').getBoundingClientRect();
    return {text: document.querySelector('#map .gtitle').textContent, left: title.left - svg.left,
            right: title.right - svg.left, width: svg.width};
}"""
# Boxes of the Gemeinde labels that are drawn (a hidden label has an empty box).
LABEL_BOXES_JS = """() => [...document.querySelectorAll('#map .scattergeo text')]
    .map(t => { const b = t.getBoundingClientRect();
                return {text: t.textContent, left: b.left, right: b.right, top: b.top, bottom: b.bottom}; })
    .filter(b => b.text.trim() && b.right > b.left && b.bottom > b.top)"""


def open_theme(page: Page, size: tuple[int, int], path: str = "/fruehkindliche-bildung") -> None:
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(path)
    expect(page.locator(MAP_TITLE)).to_have_text(re.compile(r"\S"))
    expect(page.locator(SHAPES)).to_have_count(13)
    page.wait_for_load_state("networkidle")


def box(page: Page, selector: str) -> dict:
    found = page.evaluate(BOX_JS, selector)
    assert found is not None, f"{selector} is not on the page"
    return found


def assert_in_viewport(page: Page, selector: str, size: tuple[int, int]) -> None:
    b = box(page, selector)
    width, height = size
    inside = (
        b["left"] >= -TOLERANCE
        and b["top"] >= -TOLERANCE
        and b["right"] <= width + TOLERANCE
        and b["bottom"] <= height + TOLERANCE
    )
    assert inside, f"{selector} is not wholly on the {width}×{height} screen: {b}"


def test_office_screen_shows_everything_at_once(page: Page):
    """1920×1080: map, reference values, bars and trend on one screen, and the map fills its card."""
    size = SIZES["office"]
    open_theme(page, size)
    expect(page.locator("#bars .ytick")).to_have_count(13)
    expect(page.locator("#trend .legendtext").first).to_be_visible()
    scroll = page.evaluate("() => document.scrollingElement.scrollHeight")
    assert scroll <= size[1] + TOLERANCE, f"the page scrolls at {size}: {scroll} px high"
    for selector in ("#map", ".bm-references", "#bars", "#trend"):
        assert_in_viewport(page, selector, size)

    fill = page.evaluate(MAP_FILL_JS)
    width_share = fill["frame"]["width"] / fill["graph"]["width"]
    height_share = fill["frame"]["height"] / fill["plot"]["height"]
    assert width_share >= 0.85 or height_share >= 0.97, (
        f"the map does not fill its card: frame {fill['frame']} in graph {fill['graph']}, plot area {fill['plot']}"
    )


def test_laptop_screen_shows_the_map_first_and_whole(page: Page):
    """1366×768: the map starts on the first screen, above the bars, and is seen whole without scrolling."""
    size = SIZES["laptop"]
    open_theme(page, size)
    map_box, bars = box(page, "#map"), box(page, "#bars")
    assert map_box["top"] < size[1] and map_box["top"] < bars["top"], f"map {map_box}, bars {bars}"
    assert_in_viewport(page, "#map", size)


@pytest.mark.parametrize("name", list(SIZES))
def test_map_title_keeps_its_year(page: Page, name: str):
    """The map's title (indicator and year in words) is never cut off, at any of the five screens."""
    open_theme(page, SIZES[name])
    assert_title_whole(page)


@pytest.mark.parametrize("name", list(SIZES))
def test_longest_map_title_fits_every_screen(page: Page, name: str):
    """The catalogue's longest indicator name still leaves room for the year on every screen (it wraps)."""
    path = f"/{LONGEST.theme}?indikator={LONGEST.id}"
    open_theme(page, SIZES[name], path)
    expect(page.locator(MAP_TITLE)).to_contain_text(LONGEST.name.split(" ")[0])
    assert_title_whole(page)


def assert_title_whole(page: Page) -> None:
    period = page.locator("#year-label").inner_text().strip()
    assert period, "the view has no period"
    title = page.evaluate(TITLE_JS)
    assert title["text"].endswith(period), f"the map title does not end with the year {period!r}: {title['text']!r}"
    assert title["left"] >= 0 and title["right"] <= title["width"] + 0.5, (
        f"the map title is cut off ({title['right']:.0f} px of {title['width']:.0f} px): {title['text']!r}"
    )


def test_phone_shows_the_map_first_with_labels_apart(page: Page):
    """390×844: the map is the first thing on the page and fits the screen; no two labels overlap, and
    every value stays reachable (tap on a Gemeinde; the bar chart lists them all)."""
    size = SIZES["phone"]
    open_theme(page, size)
    map_box, controls = box(page, "#map"), box(page, ".bm-area-controls")
    assert map_box["top"] < controls["top"], f"the controls come before the map: {controls} / {map_box}"
    assert_in_viewport(page, "#map", size)

    labels = page.evaluate(LABEL_BOXES_JS)
    for i, a in enumerate(labels):
        for b in labels[i + 1 :]:
            overlap_x = min(a["right"], b["right"]) - max(a["left"], b["left"])
            overlap_y = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
            assert overlap_x <= 0.5 or overlap_y <= 0.5, f"map labels overlap: {a['text']!r} and {b['text']!r}"

    expect(page.locator("#bars .ytick")).to_have_count(13)
    shape = page.locator(SHAPES).first.bounding_box()
    assert shape is not None
    page.mouse.move(shape["x"] + shape["width"] / 2, shape["y"] + shape["height"] / 2)
    expect(page.locator("#map .hoverlayer")).to_contain_text(re.compile(r"\d+,\d %"))


def test_print_puts_map_and_references_on_one_a4_landscape_page(page: Page):
    open_theme(page, SIZES["laptop"])
    page.emulate_media(media="print")
    # print.js redraws the map at its print size once print media applies.
    page.wait_for_function("() => document.querySelector('#map .main-svg').getBoundingClientRect().width === 700")
    expect(page.locator(".bm-header nav")).to_be_hidden()
    for hidden in (".bm-area-controls", "#bars", "#trend", "#export-karte", "#gemeinde-select"):
        expect(page.locator(hidden)).to_be_hidden()
    for shown in ("#map", ".bm-references", MAP_TITLE):
        expect(page.locator(shown)).to_be_visible()
    expect(page.locator("#map .colorbar")).to_be_visible()
    expect(page.locator("#map .annotation-text", has_text="GeoBasis-DE")).to_be_visible()

    pdf = page.pdf(format="A4", landscape=True, print_background=True)
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))
    assert pages == 1, f"the print of a theme page takes {pages} A4 pages"
