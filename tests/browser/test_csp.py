"""The explorer under its Content-Security-Policy, in a real Chromium.

A blocked script, style, image or request shows up as a console error, which the
``offline_guard`` fixture turns into a failure: so every step below also proves
that the policy lets the explorer do it.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, Response, expect

from data_access import catalogue

pytestmark = pytest.mark.browser

GEMEINDE_COUNT = 13  # Landkreis Cloppenburg
SHAPES = "#map path.choroplethlocation"
MAP_TITLE = "#map .gtitle"
UPDATE_PATH = "/_dash-update-component"


def is_dash_update(response: Response) -> bool:
    return urlsplit(response.url).path == UPDATE_PATH


def script_sources(policy: str) -> list[str]:
    directive = next(d.strip() for d in policy.split(";") if d.strip().startswith("script-src"))
    return directive.split()[1:]


def test_explorer_works_under_the_csp(page: Page):
    """Load a theme, change indicator and year, click a Gemeinde, export the map: no CSP violation."""
    response = page.goto("/fruehkindliche-bildung")
    assert response is not None and response.status == 200
    policy = response.headers.get("content-security-policy", "")
    assert "frame-ancestors 'self'" in policy
    sources = script_sources(policy)
    assert sources[0] == "'self'" and any(s.startswith("'sha256-") for s in sources)
    assert "'unsafe-inline'" not in sources and "'unsafe-eval'" not in sources
    assert response.headers.get("x-content-type-options") == "nosniff"
    expect(page.locator(MAP_TITLE)).to_have_text(re.compile(r"\S"))
    expect(page.locator(SHAPES)).to_have_count(GEMEINDE_COUNT)

    new = catalogue.indicator("betreuungsquote_3_6")
    with page.expect_response(is_dash_update) as update:
        page.locator("#indicator").click()
        page.get_by_role("option", name=new.short_name, exact=True).click()
    assert update.value.headers.get("content-security-policy") == policy
    expect(page.locator(MAP_TITLE)).to_contain_text(new.name)

    thumb = page.locator("#year").get_by_role("slider")
    latest = int(thumb.get_attribute("aria-valuemax"))
    thumb.focus()
    page.keyboard.press("ArrowLeft")
    expect(page.locator("#year-label")).to_contain_text(str(latest - 1))

    label = page.locator("#map text", has_text="Garrel").first.bounding_box()
    assert label is not None
    x, y = label["x"] + label["width"] / 2, label["y"] + label["height"] / 2
    page.mouse.move(x, y)
    expect(page.locator("#map .hoverlayer")).to_contain_text("Garrel")
    page.mouse.click(x, y)
    expect(page.locator("#trend .legendtext").filter(has_text=re.compile(r"^Garrel$"))).to_have_count(1)
    expect(page.locator(SHAPES)).to_have_count(GEMEINDE_COUNT)

    # plotly draws the PNG through a blob: image: the policy's img-src must allow it.
    page.locator("#map").hover()
    with page.expect_download() as download:
        page.locator("#map .modebar-btn[data-title*='PNG']").click()
    assert download.value.suggested_filename.endswith(".png")
