"""Gemeinde profile and comparison in a real Chromium, offline and without console errors."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

INDICATOR_COUNT = 37  # every catalogue indicator
THREE = ["03453001", "03453004", "03453007"]


def test_profile_lists_every_indicator(page: Page, boundaries) -> None:
    name = next(g.name for g in boundaries.gemeinden if g.ags == "03453004")
    page.goto("/gemeinde/03453004")
    expect(page.locator("#profile-table tr.bm-profile-row")).to_have_count(INDICATOR_COUNT)
    expect(page.locator("h2.bm-page-title")).to_contain_text(name)
    expect(page.locator(".bm-demo-note")).to_be_visible()
    expect(page.locator("img.bm-spark").first).to_be_visible()


def test_comparison_of_three_gemeinden(page: Page, boundaries) -> None:
    names = {g.ags: g.name for g in boundaries.gemeinden}
    page.goto("/vergleich?indikator=betreuungsquote_u3&regionen=03453001,03453004,03453007")
    legend = page.locator("#compare-graph .legendtext")
    expect(legend).to_have_count(5)
    texts = legend.all_text_contents()
    assert texts[:3] == [names[k] for k in THREE]
    assert "Bezug" in texts[3] and "Bezug" in texts[4]
    expect(page.locator(".bm-compare-table tbody tr").first).to_be_visible()


def test_header_links_to_gemeinden_and_comparison(page: Page) -> None:
    page.goto("/gemeinden")
    expect(page.locator("#gemeinde-list a")).to_have_count(13)
    page.locator("#gemeinde-list a").first.click()
    expect(page.locator("#profile-table tr.bm-profile-row")).to_have_count(INDICATOR_COUNT)
    page.get_by_role("link", name="Vergleich", exact=True).click()
    expect(page.locator("#compare-indicator")).to_be_visible()
