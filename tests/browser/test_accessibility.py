"""Accessibility in a real Chromium: axe-core on every page, the keyboard path, and the banner when
the server stops answering.

axe-core (a pinned npm package) is fetched once by ``make axe`` into ``.cache/axe-core/``; the path
can be set with BILDUNGSMONITOR_AXE. Every page must be free of axe violations of impact "serious"
or "critical", also after a Gemeinde is selected and with the "Exportieren" menu open.
The offline and console-error guards of ``conftest.py`` apply here too.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, Route, expect

from data_access import catalogue
from layouts.pages import PAGES
from tests.browser.conftest import admin_server

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
AXE_FILE = Path(os.environ.get("BILDUNGSMONITOR_AXE") or ROOT / ".cache" / "axe-core" / "axe.min.js")
BLOCKING = ("serious", "critical")
MAP_TITLE = "#map .gtitle"
SHAPES = "#map path.choroplethlocation"
UPDATE_PATH = "/_dash-update-component"
ADMIN, PASSWORD = "a11y-admin", "a11y-test-passwort"

# Every address of the app with what shows that it is drawn. Theme pages wait for the map's values.
THEME_PAGES = [page.path for page in PAGES]
OTHER_PAGES = {
    "/gemeinden": "#gemeinde-list a",
    "/gemeinde/03453001": "#profile-table",
    "/vergleich?indikator=betreuungsquote_u3&regionen=03453001,03453002,03453003": "#compare-graph .main-svg",
    "/anmelden": "h1, h2",
    "/sitzungsmappen": "h1",
    "/sitzungsmappen/beispiel": "h1",
    "/praesentation/beispiel": ".bm-present-head:not([hidden]) .bm-present-title",
}

THEME_DRAWN_JS = """() => {
    const title = document.querySelector('#map .gtitle');
    return (title && title.textContent.trim() !== '') || document.querySelector('#page .alert') !== null;
}"""
AXE_RUN_JS = "async () => await axe.run(document, {resultTypes: ['violations']})"
# What keyboard focus sits on, and how its focus ring is drawn.
FOCUSED_JS = """() => {
    const el = document.activeElement;
    const s = getComputedStyle(el);
    return {tag: el.tagName, id: el.id, text: (el.getAttribute('aria-label') || el.textContent || '').trim().slice(0, 40),
            cls: String(el.className).slice(0, 60), inMain: !!el.closest('main'), inHeader: !!el.closest('header'),
            outlineStyle: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth)};
}"""


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_FILE.is_file():
        pytest.fail(
            f"axe-core fehlt unter {AXE_FILE}: bitte `make axe` ausführen (oder BILDUNGSMONITOR_AXE setzen). / "
            f"axe-core not found at {AXE_FILE}: run `make axe` (or set BILDUNGSMONITOR_AXE).",
            pytrace=False,
        )
    return AXE_FILE.read_text(encoding="utf-8")


@pytest.fixture
def axe_page(page: Page, axe_source: str) -> Page:
    """The test's page with axe-core loaded into every document it opens.

    The app's Content-Security-Policy (security.py: script-src 'self' plus one hash) blocks
    ``page.add_script_tag(content=…)``, an inline script, with a console error. An init script is
    evaluated by the browser itself through the DevTools protocol, outside the page's policy, so
    the page keeps the policy exactly as served; this is done only for the axe tests.
    """
    page.add_init_script(script=axe_source)
    return page


def assert_no_blocking_violations(page: Page, where: str) -> None:
    """Run axe on the whole document; fail on serious or critical findings, naming rule, impact and nodes."""
    page.wait_for_load_state("networkidle")
    result = page.evaluate(AXE_RUN_JS)
    blocking = [v for v in result["violations"] if v["impact"] in BLOCKING]
    report = [
        f"{v['id']} ({v['impact']}): {v['help']}\n"
        + "\n".join(f"    {' '.join(node['target'])}: {node['html'][:160]}" for node in v["nodes"][:8])
        for v in blocking
    ]
    assert not blocking, f"axe on {where}:\n" + "\n".join(report)


def open_theme(page: Page, path: str) -> None:
    page.goto(path)
    expect(page.locator(MAP_TITLE)).to_have_text(re.compile(r"\S"))


def open_any_theme(page: Page, path: str) -> None:
    """Like ``open_theme``, but "Weitere Daten" without own data shows a note instead of a map."""
    page.goto(path)
    page.wait_for_function(THEME_DRAWN_JS)


@pytest.mark.parametrize("path", THEME_PAGES)
def test_theme_pages_pass_axe(axe_page: Page, path: str):
    open_any_theme(axe_page, path)
    assert_no_blocking_violations(axe_page, path)


@pytest.mark.parametrize("path", [*THEME_PAGES[:1], *OTHER_PAGES])
def test_english_pages_pass_axe(axe_page: Page, path: str):
    """The English pages: other texts, another html lang, the switch labelled in German (lang="de")."""
    english = f"{path}{'&' if '?' in path else '?'}lang=en"
    if path in THEME_PAGES:
        open_theme(axe_page, english)
    else:
        axe_page.goto(english)
        expect(axe_page.locator(OTHER_PAGES[path]).first).to_be_visible()
    expect(axe_page.locator("html")).to_have_attribute("lang", "en")
    assert_no_blocking_violations(axe_page, english)


@pytest.mark.parametrize("size", [(1920, 1080), (1366, 768), (390, 844)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_theme_page_passes_axe_on_each_screen(axe_page: Page, size: tuple[int, int]):
    """The layout differs by screen (scrolling columns on wide screens, hidden map labels on a phone)."""
    axe_page.set_viewport_size({"width": size[0], "height": size[1]})
    open_theme(axe_page, "/fruehkindliche-bildung")
    assert_no_blocking_violations(axe_page, f"/fruehkindliche-bildung at {size[0]}×{size[1]}")


@pytest.mark.parametrize("path", list(OTHER_PAGES))
def test_other_pages_pass_axe(axe_page: Page, path: str):
    axe_page.goto(path)
    expect(axe_page.locator(OTHER_PAGES[path]).first).to_be_visible()
    assert_no_blocking_violations(axe_page, path)


def test_theme_page_passes_axe_after_selection_and_with_open_menu(axe_page: Page):
    """State the first load does not show: a selected Gemeinde (profile link, outline, trend) and an open menu."""
    page = axe_page
    open_theme(page, "/fruehkindliche-bildung")
    label = page.locator("#map text", has_text="Cloppenburg").first.bounding_box()
    assert label is not None
    page.mouse.click(label["x"] + label["width"] / 2, label["y"] + label["height"] / 2)
    expect(page.locator("#trend .legendtext").filter(has_text=re.compile(r"^Cloppenburg$"))).to_have_count(1)
    expect(page.locator("#references .bm-profile-link")).to_be_visible()
    assert_no_blocking_violations(page, "/fruehkindliche-bildung with Cloppenburg selected")

    menu = page.locator("#export-karte")
    menu.get_by_role("button", name="Exportieren").click()
    expect(menu.get_by_role("link", name="PNG – Bild").first).to_be_visible()
    assert_no_blocking_violations(page, "/fruehkindliche-bildung with the map's Exportieren menu open")


@pytest.fixture(scope="module")
def admin_url(seeded_db: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on a private copy of the demo store with an admin: logging in must not touch the shared store."""
    folder = tmp_path_factory.mktemp("a11y-admin")
    with admin_server(seeded_db, folder, "bildungsmonitor-a11y-admin", (ADMIN, PASSWORD)) as url:
        yield url


def test_data_page_passes_axe_when_logged_in(axe_page: Page, admin_url: str):
    page = axe_page
    page.goto(f"{admin_url}/daten")
    expect(page).to_have_url(f"{admin_url}/anmelden?weiter=/daten")
    assert_no_blocking_violations(page, "/anmelden?weiter=/daten")
    page.get_by_label("Benutzername").fill(ADMIN)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("heading", name="Daten importieren")).to_be_visible()
    assert_no_blocking_violations(page, "/daten (admin)")


def test_skip_link_comes_first_and_jumps_to_the_content(page: Page):
    """Tab from the top of the page lands on "Zum Inhalt springen"; Enter moves focus past header and navigation."""
    open_theme(page, "/fruehkindliche-bildung")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Zum Inhalt springen")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()

    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")
    focused = page.evaluate(FOCUSED_JS)
    assert focused["inMain"] and not focused["inHeader"], f"Tab after the skip link went to {focused}"


def test_year_slider_is_named_and_moves_with_the_arrow_keys(page: Page):
    open_theme(page, "/fruehkindliche-bildung")
    thumb = page.get_by_role("slider", name="Jahr")
    latest = int(thumb.get_attribute("aria-valuemax") or 0)
    expect(page.locator("#year-label")).to_contain_text(str(latest))
    expect(page.get_by_role("spinbutton", name="Jahr")).to_have_value(str(latest))  # the slider's number box

    thumb.focus()
    page.keyboard.press("ArrowLeft")
    expect(thumb).to_have_attribute("aria-valuenow", str(latest - 1))
    expect(page.locator("#year-label")).to_contain_text(str(latest - 1))
    expect(page.locator(MAP_TITLE)).to_contain_text(str(latest - 1))


def test_dropdown_and_gemeinde_choice_are_named(page: Page, boundaries):
    """The indicator dropdown says its label and value; the keyboard's Gemeinde choice lists every Gemeinde."""
    open_theme(page, "/fruehkindliche-bildung")
    spec = catalogue.indicator("betreuungsquote_u3")
    expect(page.get_by_role("button", name=f"Indikator {spec.short_name}")).to_be_visible()

    choice = page.get_by_label("Gemeinde wählen")
    expect(choice).to_be_visible()
    names = choice.locator("option:not([hidden])").all_text_contents()
    assert sorted(names[1:]) == sorted(g.name for g in boundaries.gemeinden), names
    assert names[0].startswith("– keine")


def test_every_focused_element_shows_a_focus_ring(page: Page):
    """Tab through header and explorer: every stop has a ring of at least 2 px, whatever kind of control it is."""
    open_theme(page, "/fruehkindliche-bildung")
    seen: list[dict] = []
    for _ in range(30):
        page.keyboard.press("Tab")
        seen.append(page.evaluate(FOCUSED_JS))
    kinds = {
        "skip link": lambda f: f["text"] == "Zum Inhalt springen",
        "navigation link": lambda f: f["tag"] == "A" and f["inHeader"],
        "indicator dropdown": lambda f: f["tag"] == "BUTTON" and f["id"] == "indicator",
        "year slider handle": lambda f: "dash-slider-thumb" in f["cls"],
        "year number box": lambda f: f["tag"] == "INPUT" and "dash-range-slider-input" in f["cls"],
        "button": lambda f: f["id"] == "copy-link",
        "export menu": lambda f: f["tag"] == "BUTTON" and f["text"] == "Exportieren",
        "Gemeinde choice": lambda f: f["tag"] == "SELECT" and f["id"] == "gemeinde-select",
    }
    missing = [kind for kind, match in kinds.items() if not any(match(f) for f in seen)]
    assert not missing, f"never reached by Tab: {missing}; stops: {[(f['tag'], f['id'] or f['text']) for f in seen]}"
    faint = [f for f in seen if f["outlineStyle"] == "none" or f["outlineWidth"] < 2]
    assert not faint, f"focused without a visible ring (outline ≥ 2 px): {faint}"


def is_dash_update(url: str) -> bool:
    return urlsplit(url).path == UPDATE_PATH


def test_banner_when_the_server_does_not_answer(page: Page):
    """A failed callback shows the German alert and marks the view stale; the next answer clears both."""
    open_theme(page, "/fruehkindliche-bildung")
    banner = page.locator("#offline-banner")
    expect(banner).to_be_hidden()
    thumb = page.get_by_role("slider", name="Jahr")
    latest = int(thumb.get_attribute("aria-valuemax") or 0)
    expect(page.locator(MAP_TITLE)).to_contain_text(f"01.03.{latest}")

    # "aborted" (net::ERR_ABORTED) is a request that got no answer, like a stopped server; Chromium logs other
    # network errors as console errors, which the offline guard of conftest.py rightly counts as failures.
    def no_answer(route: Route) -> None:
        route.abort("aborted")

    page.route(is_dash_update, no_answer)
    thumb.focus()
    page.keyboard.press("ArrowLeft")
    expect(banner).to_be_visible()
    expect(banner).to_have_attribute("role", "alert")
    expect(banner).to_have_text("Der Server antwortet nicht. Die Ansicht zeigt noch den vorherigen Stand.")
    expect(page.locator("main")).to_have_class(re.compile(r"\bbm-stale\b"))
    # The map still shows the year drawn last, and the year line says the view is not updated.
    expect(page.locator(MAP_TITLE)).to_contain_text(f"01.03.{latest}")
    expect(page.locator("#year-label")).to_have_text(f"01.03.{latest}")
    expect(page.locator(".bm-stale-note")).to_be_visible()
    expect(page.locator(".bm-stale-note")).to_have_text("Ansicht nicht aktualisiert")
    expect(page.locator(".bm-area-map")).to_have_css("opacity", "0.45")  # dimmed (app.css .bm-stale)

    page.unroute(is_dash_update, no_answer)
    thumb.focus()
    page.keyboard.press("ArrowLeft")
    expect(banner).to_be_hidden()
    expect(page.locator("main")).not_to_have_class(re.compile(r"\bbm-stale\b"))
    expect(page.locator(".bm-stale-note")).to_be_hidden()
    expect(page.locator(MAP_TITLE)).to_contain_text(f"01.03.{latest - 2}")
    expect(page.locator("#year-label")).to_have_text(f"01.03.{latest - 2}")
    expect(page.locator(SHAPES)).to_have_count(13)
