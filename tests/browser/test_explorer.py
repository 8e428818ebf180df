"""The theme explorer in a real Chromium: map, indicator and year choice, Gemeinde selection.

What is checked here only shows in a browser: that Plotly draws every Gemeinde
from the geometry URL, that value updates arrive as small patches, that the
Dash 4 dropdown and the Radix slider work for keyboard and mouse users, and
that the attribution stays legible on the coordinator's 1366×768 screen.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, Request, Response, expect

from data_access import catalogue
from layouts.pages import BY_PATH

pytestmark = pytest.mark.browser

COORDINATOR_SCREEN = pytest.mark.browser_context_args(viewport={"width": 1366, "height": 768})

GEMEINDE_COUNT = 13  # Landkreis Cloppenburg
ATTRIBUTION = "© GeoBasis-DE / BKG 2016 (Daten verändert)"
DEMO_LABEL = "Demodaten (synthetisch)"
GEOJSON_PATH = "/geodata/gemeinden.geojson"
UPDATE_PATH = "/_dash-update-component"
MAX_UPDATE_BYTES = 30_000
SELECTED_BAR = "rgb(31, 78, 153)"  # figures.bar_figure: #1f4e99
SELECTED_OUTLINE = "rgb(17, 17, 17)"  # figures.SELECTED_LINE
SECRET_FILL = "rgb(138, 138, 138)"  # figures.SIGN_FILLS["."]
PERCENT = re.compile(r"^\d+,\d\s%$")  # German format, e.g. "29,4 %"

SHAPES = "#map path.choroplethlocation"
MAP_TITLE = "#map .gtitle"

# Computed style of every Gemeinde shape, whichever choropleth trace drew it.
SHAPE_STYLES_JS = """paths => paths.map(p => {
    const s = getComputedStyle(p);
    return {fill: s.fill, opacity: parseFloat(s.fillOpacity), stroke: s.stroke};
})"""
# Bar fill per Gemeinde: each y tick label is matched to the bar level with it.
BAR_FILLS_JS = """() => {
    const centre = el => { const b = el.getBoundingClientRect(); return b.y + b.height / 2; };
    const bars = [...document.querySelectorAll('#bars g.point path')];
    return Object.fromEntries([...document.querySelectorAll('#bars .ytick text')].map(tick => {
        const y = centre(tick);
        const bar = bars.reduce((a, b) => Math.abs(centre(a) - y) <= Math.abs(centre(b) - y) ? a : b);
        return [tick.textContent, getComputedStyle(bar).fill];
    }));
}"""
# Boxes of the non-empty map annotations (attribution, source line, sign legend) and of the map.
MAP_TEXT_BOXES_JS = """() => {
    const box = el => { const b = el.getBoundingClientRect(); return {left: b.left, right: b.right, top: b.top, bottom: b.bottom}; };
    return {
        map: box(document.querySelector('#map .main-svg')),
        texts: [...document.querySelectorAll('#map .annotation-text')]
            .filter(t => t.textContent.trim())
            .map(t => ({text: t.textContent, ...box(t)})),
    };
}"""


def open_theme(page: Page, slug: str) -> None:
    page.goto(f"/{slug}")
    wait_for_map_values(page)


def wait_for_map_values(page: Page) -> None:
    """The base map arrives with an empty title; the view callback's patch fills it."""
    expect(page.locator(MAP_TITLE)).to_have_text(re.compile(r"\S"))


def assert_all_gemeinden_drawn(page: Page) -> list[dict]:
    """Exactly one shape per Gemeinde, each with a visible fill (values or the grey 'kein Wert')."""
    shapes = page.locator(SHAPES)
    expect(shapes).to_have_count(GEMEINDE_COUNT)
    styles = shapes.evaluate_all(SHAPE_STYLES_JS)
    unfilled = [s for s in styles if s["fill"] in ("none", "rgba(0, 0, 0, 0)") or s["opacity"] == 0]
    assert not unfilled, f"Gemeinden drawn without fill: {unfilled}"
    return styles


def assert_map_texts_legible(page: Page) -> None:
    """Attribution and demo label are shown, inside the map, and no map text covers another."""
    for text in (ATTRIBUTION, DEMO_LABEL):
        expect(page.locator("#map .annotation-text", has_text=text)).to_be_visible()
    boxes = page.evaluate(MAP_TEXT_BOXES_JS)
    frame, texts = boxes["map"], boxes["texts"]
    for t in texts:
        assert frame["left"] <= t["left"] and t["right"] <= frame["right"] + 0.5, (
            f"map text runs out of the map ({t['right']:.0f} px > {frame['right']:.0f} px) and is cut off: {t['text']!r}"
        )
    for i, a in enumerate(texts):
        for b in texts[i + 1 :]:
            apart = (
                a["right"] <= b["left"] or b["right"] <= a["left"] or a["bottom"] <= b["top"] or b["bottom"] <= a["top"]
            )
            assert apart, f"map texts overlap: {a['text']!r} and {b['text']!r}"


def choose_indicator(page: Page, short_name: str) -> None:
    """Like a mouse user: open the Dash 4 dropdown, click the option."""
    page.locator("#indicator").click()
    page.get_by_role("option", name=short_name, exact=True).click()
    expect(page.locator("#indicator")).to_contain_text(short_name)


def press_on_year_slider(page: Page, key: str) -> None:
    """Like a keyboard user: focus the slider thumb and press a key."""
    page.locator("#year").get_by_role("slider").focus()
    page.keyboard.press(key)


def is_dash_update(response: Response) -> bool:
    return urlsplit(response.url).path == UPDATE_PATH


@COORDINATOR_SCREEN
@pytest.mark.parametrize("path", [path for path, page in BY_PATH.items() if not page.heading])
def test_theme_map_draws_every_gemeinde(page: Page, path: str):
    """Each theme opens with its default indicator on a complete, attributed map."""
    spec = catalogue.indicator(BY_PATH[path].default_indicator)
    open_theme(page, path.lstrip("/"))

    expect(page.locator(MAP_TITLE)).to_contain_text(spec.name)
    assert_all_gemeinden_drawn(page)
    assert_map_texts_legible(page)


def test_indicator_change_redraws_map(page: Page):
    """Choosing another indicator must retitle and recolour the map without losing a Gemeinde."""
    old = catalogue.indicator("betreuungsquote_u3")
    new = catalogue.indicator("betreuungsquote_3_6")
    open_theme(page, "fruehkindliche-bildung")
    expect(page.locator(MAP_TITLE)).to_contain_text(old.name)
    fills_before = [s["fill"] for s in assert_all_gemeinden_drawn(page)]

    choose_indicator(page, new.short_name)

    expect(page.locator(MAP_TITLE)).to_contain_text(new.name)
    expect(page.locator(MAP_TITLE)).not_to_contain_text(old.name)
    expect(page.locator("#bars .gtitle")).to_contain_text(new.short_name)
    fills_after = [s["fill"] for s in assert_all_gemeinden_drawn(page)]
    assert fills_after != fills_before, "the map kept the colours of the previous indicator"


def test_year_change_by_keyboard(page: Page):
    """The year slider works from the keyboard and moves map title, year label and slider together."""
    open_theme(page, "fruehkindliche-bildung")
    thumb = page.locator("#year").get_by_role("slider")
    first, latest = int(thumb.get_attribute("aria-valuemin")), int(thumb.get_attribute("aria-valuemax"))
    expect(thumb).to_have_attribute("aria-valuenow", str(latest))
    expect(page.locator("#year-label")).to_contain_text(str(latest))
    expect(page.locator(MAP_TITLE)).to_contain_text(f"– 01.03.{latest}")

    press_on_year_slider(page, "ArrowLeft")
    expect(thumb).to_have_attribute("aria-valuenow", str(latest - 1))
    expect(page.locator(MAP_TITLE)).to_contain_text(f"– 01.03.{latest - 1}")
    expect(page.locator("#year-label")).to_have_text(f"01.03.{latest - 1}")

    press_on_year_slider(page, "Home")
    expect(thumb).to_have_attribute("aria-valuenow", str(first))
    expect(page.locator(MAP_TITLE)).to_contain_text(f"– 01.03.{first}")
    expect(page.locator("#year-label")).to_have_text(f"01.03.{first}")
    expect(page.locator("#references")).to_contain_text(f"01.03.{first}")
    assert_all_gemeinden_drawn(page)


def test_updates_send_values_not_geometry(page: Page):
    """After the first load only values travel: geometry is fetched once by URL and never resent."""
    geometry_requests: list[str] = []
    updates: list[Response] = []

    def on_request(request: Request) -> None:
        if urlsplit(request.url).path == GEOJSON_PATH:
            geometry_requests.append(request.url)

    def on_response(response: Response) -> None:
        if is_dash_update(response):
            updates.append(response)

    page.on("request", on_request)
    page.on("response", on_response)
    open_theme(page, "fruehkindliche-bildung")
    latest = int(page.locator("#year").get_by_role("slider").get_attribute("aria-valuemax"))
    updates.clear()

    new = catalogue.indicator("ganztagsquote_u3")
    with page.expect_response(is_dash_update):
        choose_indicator(page, new.short_name)
    expect(page.locator(MAP_TITLE)).to_contain_text(new.name)
    with page.expect_response(is_dash_update):
        press_on_year_slider(page, "ArrowLeft")
    expect(page.locator("#year-label")).to_have_text(f"01.03.{latest - 1}")

    assert len(updates) >= 2
    for response in updates:
        body = response.body()
        assert b'"coordinates"' not in body, f"geometry resent in a callback response ({len(body)} bytes)"
        assert len(body) < MAX_UPDATE_BYTES, f"callback response of {len(body)} bytes (limit {MAX_UPDATE_BYTES})"
    assert len(geometry_requests) == 1, f"geometry must be requested exactly once, got {geometry_requests}"
    assert_all_gemeinden_drawn(page)


@COORDINATOR_SCREEN
def test_missing_values_stay_grey_and_legible(page: Page):
    """Suppressed cells ('.') are drawn grey, not dropped, and the sign legend leaves the other map texts readable."""
    open_theme(page, "allgemeinbildende-schulen")
    first = page.locator("#year").get_by_role("slider").get_attribute("aria-valuemin")
    press_on_year_slider(page, "Home")  # the demo data suppresses small counts in the first year
    expect(page.locator(MAP_TITLE)).to_contain_text(f"– {first}")

    styles = assert_all_gemeinden_drawn(page)
    assert any(s["fill"] == SECRET_FILL for s in styles), "no Gemeinde drawn in the fill of '.' (geheim)"
    expect(page.locator("#map .legendtext", has_text=". = geheim / unbekannt")).to_be_visible()
    expect(page.locator("#map .annotation-text", has_text="Zeichen: . = geheim / unbekannt")).to_be_visible()
    assert_map_texts_legible(page)


def test_click_gemeinde_selects_it(page: Page, boundaries):
    """Clicking Cloppenburg on the map adds its trend line and highlights it in map and bars."""
    gemeinde_names = {g.name for g in boundaries.gemeinden}
    open_theme(page, "fruehkindliche-bildung")
    page.locator("#map").scroll_into_view_if_needed()

    # Plotly paths carry no ids: aim at the Gemeinde's label, which sits inside its shape,
    # and make sure the hover label names the right Gemeinde before clicking.
    label = page.locator("#map text", has_text="Cloppenburg").first.bounding_box()
    assert label is not None
    x, y = label["x"] + label["width"] / 2, label["y"] + label["height"] / 2
    page.mouse.move(x, y)
    expect(page.locator("#map .hoverlayer")).to_contain_text("Cloppenburg")
    page.mouse.click(x, y)

    trend_legend = page.locator("#trend .legendtext")
    expect(trend_legend.filter(has_text=re.compile(r"^Cloppenburg$"))).to_have_count(1)
    assert set(trend_legend.all_text_contents()) & gemeinde_names == {"Cloppenburg"}
    expect(page.locator("#trend-hint")).to_be_hidden()

    # Plotly redraws each graph asynchronously: wait for the highlight, then check it is unique.
    page.wait_for_function(f"() => ({BAR_FILLS_JS})()['Cloppenburg'] === '{SELECTED_BAR}'")
    bar_fills = page.evaluate(BAR_FILLS_JS)
    assert set(bar_fills) == gemeinde_names
    assert [name for name, fill in bar_fills.items() if fill == SELECTED_BAR] == ["Cloppenburg"]
    page.wait_for_function(
        f"() => [...document.querySelectorAll('{SHAPES}')].some(p => getComputedStyle(p).stroke === '{SELECTED_OUTLINE}')"
    )
    outlines = [s["stroke"] for s in page.locator(SHAPES).evaluate_all(SHAPE_STYLES_JS)]
    assert outlines.count(SELECTED_OUTLINE) == 1, "exactly one Gemeinde is outlined on the map"

    for name in ("Landkreis Cloppenburg", "Niedersachsen", "Deutschland"):
        reference = page.locator("#references .bm-ref").filter(has=page.get_by_text(name, exact=True))
        expect(reference.locator(".bm-ref-value")).to_have_text(PERCENT)


def test_selection_follows_the_coordinator_across_themes(page: Page):
    """A Gemeinde chosen on one theme stays chosen on the next, as the Landrat moves through topics."""
    open_theme(page, "fruehkindliche-bildung")
    label = page.locator("#map text", has_text="Garrel").first.bounding_box()
    assert label is not None
    page.mouse.click(label["x"] + label["width"] / 2, label["y"] + label["height"] / 2)
    expect(page.locator("#trend .legendtext").filter(has_text=re.compile(r"^Garrel$"))).to_have_count(1)

    page.get_by_role("link", name="Weiterbildung").click()
    expect(page).to_have_url(re.compile(r"/weiterbildung$"))
    expect(page.locator(MAP_TITLE)).to_contain_text(catalogue.indicator("vhs_ustd_je_1000").name)
    expect(page.locator("#trend .legendtext").filter(has_text=re.compile(r"^Garrel$"))).to_have_count(1)
    expect(page.locator("#trend-hint")).to_be_hidden()


def test_the_page_loads_the_apps_own_plotly_with_the_python_packages_version(page: Page):
    """The four-trace bundle replaces Dash's full plotly.min.js, in the version the figures are written for."""
    from plotly.offline import get_plotlyjs_version

    scripts: list[str] = []
    page.on("request", lambda request: scripts.append(request.url) if request.resource_type == "script" else None)
    page.goto("/fruehkindliche-bildung")
    expect(page.locator("#map path.choroplethlocation").first).to_be_attached()
    expect(page.locator("#bars .bars path").first).to_be_attached()
    expect(page.locator("#trend .scatterlayer .trace").first).to_be_attached()
    assert page.evaluate("() => window.Plotly.version") == get_plotlyjs_version()
    assert not [url for url in scripts if "plotly.min.js" in url or "package_data" in url]
    assert [url for url in scripts if "00_plotly-bildungsmonitor.min.js" in url]
    registered = page.evaluate("() => Object.keys(window.Plotly.PlotSchema.get().traces).sort()")
    assert registered == ["bar", "choropleth", "scatter", "scattergeo"]
