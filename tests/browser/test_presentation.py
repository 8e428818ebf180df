"""Presentation mode in a real Chromium: clicker keys step without the server, the Gemeinde card, no clipping.

The deck ``beispiel`` (three views, three themes) is seeded into the live server's store
as ``manage.py seed-demo`` does. Screenshots at the three projector sizes are written to
``test-artefacts/praesentation/`` (git-ignored) for a person to look at.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, Request, expect

from data_access import catalogue
from data_access.decks import EXAMPLE_VIEWS

pytestmark = pytest.mark.browser

UPDATE_PATH = "/_dash-update-component"
TITLE = ".bm-present-head:not([hidden]) .bm-present-title"
SHAPES = "#present-map .choroplethlocation"
ARTEFACTS = Path(os.environ.get("BILDUNGSMONITOR_ARTEFACTS", Path(__file__).parents[2] / "test-artefacts"))
TITLES = [catalogue.indicator(indicator).name for _, indicator, *_ in EXAMPLE_VIEWS]

# Every text box of the slide shown, with how far it reaches and whether its own content overflows.
TEXT_BOXES_JS = """() => {
  const boxes = [];
  const root = document.querySelector('.bm-presentation');
  for (const el of root.querySelectorAll('h1, div, span')) {
    if (el.closest('[hidden]') || el.closest('.js-plotly-plot') || !el.textContent.trim()) continue;
    if ([...el.children].some(c => !c.closest('[hidden]') && c.textContent.trim())) continue;  // leaves only
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    boxes.push({text: el.textContent.trim().slice(0, 60), left: r.left, right: r.right, top: r.top,
                bottom: r.bottom, overflowX: el.scrollWidth > el.clientWidth + 1,
                overflowY: el.scrollHeight > el.clientHeight + 1,
                clipped: getComputedStyle(el).overflow !== 'visible'});
  }
  return boxes;
}"""
MAP_TEXT_JS = """() => [...document.querySelectorAll('#present-map .scattergeo text, #present-map .colorbar text')]
  .map(t => { const r = t.getBoundingClientRect();
              return {text: t.textContent, size: parseFloat(getComputedStyle(t).fontSize),
                      left: r.left, right: r.right, top: r.top, bottom: r.bottom}; })
  .filter(t => t.text.trim())"""


def open_deck(page: Page) -> None:
    page.goto("/praesentation/beispiel")
    expect(page.locator(TITLE)).to_contain_text(TITLES[0])
    expect(page.locator(SHAPES)).to_have_count(13)
    expect(page.locator("#present-progress")).to_have_text("1 / 3")


def test_clicker_steps_through_the_deck_without_the_server(page: Page):
    """PageDown / PageUp (what a clicker sends), arrows, Home and End switch slides with no callback request."""
    open_deck(page)
    page.wait_for_load_state("networkidle")
    updates: list[str] = []

    def record(request: Request) -> None:
        if urlsplit(request.url).path == UPDATE_PATH:
            updates.append(request.url)

    page.on("request", record)
    first_fill = page.locator(SHAPES).first.evaluate("p => getComputedStyle(p).fill")

    page.keyboard.press("PageDown")
    expect(page.locator(TITLE)).to_contain_text(TITLES[1])
    expect(page.locator("#present-progress")).to_have_text("2 / 3")
    page.keyboard.press("PageDown")
    expect(page.locator(TITLE)).to_contain_text(TITLES[2])
    expect(page.locator("#present-progress")).to_have_text("3 / 3")
    page.keyboard.press("PageDown")  # at the end it stays
    expect(page.locator("#present-progress")).to_have_text("3 / 3")
    page.keyboard.press("PageUp")
    expect(page.locator(TITLE)).to_contain_text(TITLES[1])
    page.keyboard.press("Home")
    expect(page.locator(TITLE)).to_contain_text(TITLES[0])
    page.keyboard.press("End")
    expect(page.locator(TITLE)).to_contain_text(TITLES[2])
    page.keyboard.press("ArrowLeft")
    expect(page.locator(TITLE)).to_contain_text(TITLES[1])
    page.keyboard.press("Space")
    expect(page.locator(TITLE)).to_contain_text(TITLES[2])
    # The map really changed with the slide (another indicator, another palette), drawn in full.
    expect(page.locator(SHAPES)).to_have_count(13)
    assert page.locator(SHAPES).first.evaluate("p => getComputedStyle(p).fill") != first_fill
    # The reference band and the source follow the slide: only one of each is shown.
    expect(page.locator(".bm-present-side:not([hidden])")).to_have_count(1)
    expect(page.locator(".bm-present-foot:not([hidden])")).to_contain_text("GeoBasis-DE / BKG 2016")
    page.wait_for_timeout(300)  # a late request would still be recorded
    assert updates == [], f"stepping asked the server: {updates}"


def test_highlighted_gemeinde_shows_in_the_reference_band(page: Page, boundaries):
    """The second view of `beispiel` highlights Emstek: its value leads the reference band."""
    gemeinde = EXAMPLE_VIEWS[1][2]
    name = next(g.name for g in boundaries.gemeinden if g.ags == gemeinde)
    open_deck(page)
    page.keyboard.press("PageDown")
    side = page.locator(".bm-present-side:not([hidden]) .bm-present-ref")
    expect(side.first.locator(".bm-present-ref-name")).to_have_text(name)
    expect(side.first.locator(".bm-present-ref-value")).to_have_text(re.compile(r"^\d+,\d %$"))
    expect(side.nth(1).locator(".bm-present-ref-name")).to_have_text("Landkreis Cloppenburg")
    heading = page.locator(".bm-present-head:not([hidden]) .bm-present-heading")
    expect(heading).to_have_text(EXAMPLE_VIEWS[1][3])


def test_clicking_a_gemeinde_opens_its_card(page: Page):
    """A click on Cloppenburg: a large card with its value, Kreis and Land and a trend; Esc closes it."""
    open_deck(page)
    label = page.locator("#present-map text", has_text="Cloppenburg").first.bounding_box()
    assert label is not None
    page.mouse.click(label["x"] + label["width"] / 2, label["y"] + label["height"] / 2)
    card = page.locator("#present-overlay")
    expect(card).to_be_visible()
    expect(card.locator(".bm-card-title")).to_have_text("Cloppenburg")
    expect(card.locator(".bm-card-main")).to_have_text(re.compile(r"^\d+,\d %$"))
    expect(card.locator(".bm-card-row[data-level=Kreis]")).to_contain_text("Landkreis Cloppenburg")
    expect(card.locator(".bm-card-row[data-level=Land]")).to_contain_text("Niedersachsen")
    expect(card.locator("#present-overlay-trend .scatterlayer .trace")).to_have_count(3)
    expect(card.locator("#present-overlay-trend .legendtext")).to_have_text(
        ["Cloppenburg", "Landkreis Cloppenburg", "Niedersachsen"]
    )
    expect(page.locator("#present-close")).to_be_focused()
    page.keyboard.press("Escape")
    expect(card).to_be_hidden()
    expect(page).to_have_url(re.compile(r"/praesentation/beispiel$"))  # Esc closed the card, did not leave


def test_escape_returns_to_the_explorer_view_of_the_slide(page: Page):
    open_deck(page)
    page.keyboard.press("PageDown")
    expect(page.locator(TITLE)).to_contain_text(TITLES[1])
    page.keyboard.press("Escape")
    theme, indicator, gemeinde = EXAMPLE_VIEWS[1][:3]
    expect(page).to_have_url(re.compile(rf"/{theme}\?indikator={indicator}&jahr=\d{{4}}&gemeinde={gemeinde}$"))
    expect(page.locator("#map .gtitle")).to_contain_text(TITLES[1])


def test_unknown_deck_says_so(page: Page):
    page.goto("/praesentation/gibt-es-nicht")
    expect(page.get_by_text("Die Sitzungsmappe „gibt-es-nicht“ gibt es nicht")).to_be_visible()


@pytest.mark.parametrize("width,height", [(1920, 1080), (1280, 720), (1024, 768)])
def test_every_slide_fits_the_projector(page: Page, width: int, height: int):
    """At each size: no text cut or outside the screen, map labels apart; at 1920×1080 labels ≥ 18 px, title ≥ 32 px."""
    page.set_viewport_size({"width": width, "height": height})
    open_deck(page)
    folder = ARTEFACTS / "praesentation"
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(1, 4):
        expect(page.locator("#present-progress")).to_have_text(f"{number} / 3")
        expect(page.locator(TITLE)).to_contain_text(TITLES[number - 1])
        page.wait_for_timeout(400)  # let plotly finish the redraw before measuring
        page.screenshot(path=folder / f"beispiel_{number}_{width}x{height}.png")

        for box in page.evaluate(TEXT_BOXES_JS):
            where = f"{box['text']!r} at {width}×{height}, slide {number}"
            assert box["left"] >= 0 and box["right"] <= width + 0.5, f"outside the screen: {where}"
            assert box["top"] >= 0 and box["bottom"] <= height + 0.5, f"below the screen: {where}"
            assert not (box["clipped"] and (box["overflowX"] or box["overflowY"])), f"cut: {where}"

        texts = page.evaluate(MAP_TEXT_JS)
        labels = [t for t in texts if t["size"] >= 0]
        assert labels
        for t in texts:
            assert t["left"] >= -0.5 and t["right"] <= width + 0.5, f"map text outside: {t['text']!r}"
            assert t["top"] >= -0.5 and t["bottom"] <= height + 0.5, f"map text outside: {t['text']!r}"
        if width == 1920:
            small = [t["text"] for t in texts if t["size"] < 18]
            assert not small, f"map texts under 18 px at 1920×1080: {small}"
            size = page.locator(TITLE).evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
            assert size >= 32
        page.keyboard.press("PageDown")
