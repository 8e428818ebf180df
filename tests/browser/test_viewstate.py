"""Shareable views in a real Chromium: an address restores indicator, year and Gemeinde; changes go back into it.

Each view is recorded after the server drew it; the browser's back button steps back
through views without a page load; "Link kopieren" puts the address on the clipboard.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from data_access import catalogue

pytestmark = pytest.mark.browser

MAP_TITLE = "#map .gtitle"
THEME = "fruehkindliche-bildung"
INDICATOR = "ganztagsquote_u3"  # not the theme's default, so a restore is visible
GEMEINDE, GEMEINDE_NAME = "03453005", "Emstek"


def query(page: Page) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(page.url).query).items()}


def slider(page: Page):
    return page.locator("#year").get_by_role("slider")


def test_a_shared_address_restores_the_view(page: Page):
    spec = catalogue.indicator(INDICATOR)
    page.goto(f"/{THEME}?indikator={INDICATOR}&jahr=2019&gemeinde={GEMEINDE}")
    expect(page.locator(MAP_TITLE)).to_contain_text(spec.name)
    expect(page.locator(MAP_TITLE)).to_contain_text("2019")
    expect(page.locator("#indicator")).to_contain_text(spec.short_name)
    expect(slider(page)).to_have_attribute("aria-valuenow", "2019")
    expect(page.locator("#trend .legendtext").filter(has_text=re.compile(f"^{GEMEINDE_NAME}$"))).to_have_count(1)
    assert query(page) == {"indikator": INDICATOR, "jahr": "2019", "gemeinde": GEMEINDE}


def test_a_bad_address_falls_back_to_the_theme_default(page: Page):
    """An unknown indicator, a year the indicator lacks and a foreign AGS are dropped, not shown as errors."""
    default = catalogue.indicator("betreuungsquote_u3")
    page.goto(f"/{THEME}?indikator=gibt_es_nicht&jahr=1850&gemeinde=09162000")
    expect(page.locator(MAP_TITLE)).to_contain_text(default.name)
    latest = slider(page).get_attribute("aria-valuemax")
    expect(slider(page)).to_have_attribute("aria-valuenow", latest or "")
    expect(page).to_have_url(re.compile(rf"/{THEME}\?indikator=betreuungsquote_u3&jahr={latest}$"))


def test_changes_are_recorded_and_back_steps_through_them(page: Page):
    page.goto(f"/{THEME}?indikator={INDICATOR}&jahr=2019")
    expect(page.locator(MAP_TITLE)).to_contain_text("2019")
    page.evaluate("window.__samePage = true")  # gone if anything reloads the page

    slider(page).focus()
    page.keyboard.press("ArrowLeft")
    expect(page.locator(MAP_TITLE)).to_contain_text("2018")
    expect(page).to_have_url(re.compile(r"jahr=2018"))
    page.keyboard.press("ArrowLeft")
    expect(page.locator(MAP_TITLE)).to_contain_text("2017")
    expect(page).to_have_url(re.compile(r"jahr=2017"))

    page.go_back()
    expect(page).to_have_url(re.compile(r"jahr=2018"))
    expect(page.locator(MAP_TITLE)).to_contain_text("2018")
    expect(slider(page)).to_have_attribute("aria-valuenow", "2018")
    page.go_back()
    expect(page.locator(MAP_TITLE)).to_contain_text("2019")
    page.go_forward()
    expect(page.locator(MAP_TITLE)).to_contain_text("2018")
    assert page.evaluate("window.__samePage === true"), "the history steps reloaded the page"


def test_selecting_a_gemeinde_goes_into_the_address_and_back_clears_it(page: Page):
    page.goto(f"/{THEME}")
    expect(page).to_have_url(re.compile(rf"/{THEME}\?indikator=betreuungsquote_u3&jahr=\d{{4}}$"))
    label = page.locator("#map text", has_text=GEMEINDE_NAME).first.bounding_box()
    assert label is not None
    page.mouse.click(label["x"] + label["width"] / 2, label["y"] + label["height"] / 2)
    expect(page).to_have_url(re.compile(rf"gemeinde={GEMEINDE}$"))
    deck_link = page.locator("#add-to-deck")
    expect(deck_link).to_have_attribute(
        "href", re.compile(rf"^/sitzungsmappen/neu\?thema={THEME}&.*gemeinde={GEMEINDE}")
    )
    page.go_back()
    expect(page).not_to_have_url(re.compile("gemeinde="))
    expect(page.locator("#trend-hint")).to_be_visible()  # no Gemeinde selected any more


def test_link_kopieren_copies_the_address_of_the_view(page: Page, context: BrowserContext):
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(f"/{THEME}?indikator={INDICATOR}&jahr=2020&gemeinde={GEMEINDE}")
    expect(page.locator(MAP_TITLE)).to_contain_text("2020")
    button = page.get_by_role("button", name="Link kopieren")
    button.click()
    expect(page.locator("#copy-link")).to_contain_text("Link kopiert")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.url
    assert query(page) == {"indikator": INDICATOR, "jahr": "2020", "gemeinde": GEMEINDE}
