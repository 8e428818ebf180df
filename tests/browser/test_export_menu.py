"""The explorer's "Exportieren" menu in a real Chromium: a click downloads the image of the view shown."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from data_access import catalogue

pytestmark = pytest.mark.browser

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAP_TITLE = "#map .gtitle"


def test_map_export_menu_downloads_the_png_of_the_view(page: Page):
    spec = catalogue.indicator("betreuungsquote_u3")
    page.goto("/fruehkindliche-bildung")
    expect(page.locator(MAP_TITLE)).to_contain_text(spec.name)
    year = page.locator("#year").get_by_role("slider").get_attribute("aria-valuenow")
    assert year and re.fullmatch(r"\d{4}", year)

    menu = page.locator("#export-karte")
    menu.get_by_role("button", name="Exportieren").click()
    png = menu.get_by_role("link", name="PNG – Bild").first  # the first size is the projector's
    expect(png).to_be_visible()
    expect(png).to_have_attribute(
        "href", re.compile(rf"^/export/karte\.png\?indikator=betreuungsquote_u3&jahr={year}$")
    )
    with page.expect_download() as download_info:
        png.click()
    download = download_info.value
    assert download.suggested_filename == f"betreuungsquote_u3_{year}_karte.png"
    assert Path(download.path()).read_bytes()[:8] == PNG_SIGNATURE


def test_export_links_follow_year_and_selected_gemeinde(page: Page, boundaries):
    """Another year or a clicked Gemeinde changes what every menu exports, without reloading the page."""
    page.goto("/fruehkindliche-bildung")
    expect(page.locator(MAP_TITLE)).to_contain_text("01.03.")
    slider = page.locator("#year").get_by_role("slider")
    year = int(slider.get_attribute("aria-valuenow") or 0)
    slider.focus()
    page.keyboard.press("ArrowLeft")
    expect(page.locator(MAP_TITLE)).to_contain_text(f"01.03.{year - 1}")

    label = page.locator("#map text", has_text="Garrel").first.bounding_box()
    assert label is not None
    page.mouse.click(label["x"] + label["width"] / 2, label["y"] + label["height"] / 2)
    expect(page.locator("#trend .legendtext").filter(has_text=re.compile(r"^Garrel$"))).to_have_count(1)

    garrel = next(g.ags for g in boundaries.gemeinden if g.name == "Garrel")
    menu = page.locator("#export-balken")
    menu.get_by_role("button", name="Exportieren").click()
    expect(menu.get_by_role("link", name="PDF").last).to_have_attribute(
        "href", f"/export/balken.pdf?indikator=betreuungsquote_u3&jahr={year - 1}&gemeinde={garrel}&groesse=druck"
    )
