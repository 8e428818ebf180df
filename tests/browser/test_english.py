"""English (``?lang=en``) in a real Chromium: every page of the app, and the switch in the header.

Each page is opened with ``lang=en`` and, once drawn, must say ``<html lang="en">``, offer
"Deutsch" in its header, show no German text of the message catalogues (``texts``,
``webpages.messages``, the indicator catalogue and the theme pages) and print numbers and
dates the English way. A failure names the catalogue entry whose German it found, so it
points at the line to fix. The offline and console-error guards of ``conftest.py`` apply.
"""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Iterator
from types import ModuleType
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect

import language
import texts
import texts_en
from data_access import catalogue
from data_access.decks import EXAMPLE_NAME, EXAMPLE_NOTES, EXAMPLE_VIEWS
from data_access.geodata import load_boundaries
from layouts.pages import PAGES
from tests.browser.conftest import admin_server
from tests.conftest import KREIS, ROOT

pytestmark = pytest.mark.browser

MAP_TITLE = "#map .gtitle"
SWITCH = "a.bm-language-switch"
PRESENT_TITLE = ".bm-present-head:not([hidden]) .bm-present-title"
ADMIN, PASSWORD = "english-admin", "english-test-passwort"
THEME_DRAWN_JS = """() => {
    const title = document.querySelector('#map .gtitle');
    return (title && title.textContent.trim() !== '') || document.querySelector('#page .alert') !== null;
}"""
# What a reader sees: the body's rendered text and the text drawn in the charts' SVG.
PAGE_TEXT_JS = """() => {
    const svg = [...document.querySelectorAll('svg text')]
        .filter(t => t.getClientRects().length > 0)
        .map(t => t.textContent);
    return document.body.innerText + '\\n' + svg.join('\\n');
}"""

COMPARISON = "/vergleich?indikator=betreuungsquote_u3&regionen=03453001,03453005,03453013"
PROFILE = "/gemeinde/03453005"
# Every other page of the app with what shows that it is drawn, and whether it shows decimals.
OTHER_PAGES: dict[str, tuple[str, bool]] = {
    "/gemeinden": ("#gemeinde-list a", False),
    PROFILE: ("#profile-table tr.bm-profile-row", True),
    COMPARISON: (".bm-compare-table tbody tr", True),
    "/sitzungsmappen": ("h1", False),
    "/sitzungsmappen/beispiel": ("h1", False),
    "/anmelden": ("h1", False),
}

# Numbers: English 27.4 and 12,714; German 27,4 and 12.714 and dates as 01.03.2024.
ENGLISH_DECIMAL = re.compile(r"\d\.\d{1,2}(?![\d.])")
ENGLISH_THOUSANDS = re.compile(r"\d,\d{3}(?![\d,])")
GERMAN_DECIMAL = re.compile(r"\d,\d{1,2}(?![\d,])")
GERMAN_THOUSANDS = re.compile(r"(?<![\d.])\d{1,3}(?:\.\d{3})+(?![\d.,])")
GERMAN_DATE = re.compile(r"(?<![\d.])\d{1,2}\.\d{1,2}\.\d{4}(?!\d)")

# Catalogue entries whose German may show on an English page: proper names, by design.
KEPT_GERMAN = {
    "texts.DEMO_LABEL",  # "Demodaten (synthetisch)": the demo marking stays recognisable in both languages
    "texts.ATTRIBUTION",  # the BKG licence notice, quoted as the licence asks
}
# Texts the users wrote (the example deck) and proper names: German on an English page, rightly.
USER_TEXTS = (
    EXAMPLE_NAME,
    *(view[3] for view in EXAMPLE_VIEWS if view[3]),
    *EXAMPLE_NOTES,
    "Kommunale Bildungsdatenbank",
    "Weiterbildungsatlas",
)
# German words a translated page would not contain, as a second net under the catalogue check:
# it finds German written straight into a template or a layout instead of a catalogue.
GERMAN_WORDS = (
    "und", "der", "die", "das", "nicht", "für", "mit", "oder", "ist", "sind", "wird", "werden", "eine",
    "zum", "zur", "auf", "von", "im", "bei", "nach", "keine", "alle", "Seite", "Gemeinden", "Indikator",
)  # fmt: skip


def with_lang(path: str) -> str:
    return path + ("&" if "?" in path else "?") + "lang=en"


def query(page: Page) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(page.url).query).items()}


# -- what counts as German -------------------------------------------------------------------------


def _flatten(value: Any, where: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _flatten(item, f"{where}[{key!r}]")
    elif isinstance(value, tuple | list):
        for index, item in enumerate(value):
            yield from _flatten(item, f"{where}[{index}]")


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _fragments(text: str) -> list[str]:
    """A text without placeholders whole (longer than 4); of one with placeholders its fixed parts longer than 8."""
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError:
        parts = [(text, None, None, None)]
    if all(field is None for _, field, _, _ in parts):
        whole = _normalise(text)
        return [whole] if len(whole) > 4 else []
    fixed = [_normalise(literal) for literal, *_ in parts]
    return [part for part in fixed if len(part) > 8]


def _catalogue_modules() -> list[tuple[str, ModuleType, ModuleType | None]]:
    from webpages import messages

    try:
        from webpages import messages_en
    except ImportError:  # reported by tests/test_language.py; here the German is still collected
        messages_en = None
    return [("texts", texts, texts_en), ("messages", messages, messages_en)]


def _indicator_texts() -> Iterator[tuple[str, str, str]]:
    """(where, German, English) of the indicator catalogue, the themes and the theme pages."""
    # The ``_en`` fields themselves: reading ``spec.name`` in English would fall back to the German.
    for spec in catalogue.INDICATORS:
        for field in ("name", "short_name", "definition", "unit", "level", "source"):
            yield f"catalogue {spec.id}.{field}", spec.german(field), getattr(spec, f"{field}_en") or ""
    for theme in catalogue.THEMES:
        yield f"theme {theme.slug}.title", theme.german("title"), theme.title_en or ""
    for page in PAGES:
        for field in ("intro", "heading"):
            yield f"page {page.slug}.{field}", page.german(field) or "", getattr(page, f"{field}_en") or ""


@functools.cache
def german_fragments() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(catalogue name, pattern) for every German text that must not show on an English page.

    A fragment that occurs in the English of its own entry, or in any English text, is not
    German-only ("Definition", "April") and is left out.
    """
    entries: list[tuple[str, str, str]] = []
    for module_name, german_module, english_module in _catalogue_modules():
        for name in dir(german_module):
            if not re.fullmatch(r"[A-Z][A-Z0-9_]*", name):
                continue
            with language.use("de"):
                german = getattr(german_module, name)
            english = getattr(english_module, name, None) if english_module else None
            english_text = " ".join(text for _, text in _flatten(english, name))
            entries += [(f"{module_name}.{where}", text, english_text) for where, text in _flatten(german, name)]
    entries += list(_indicator_texts())

    all_english = " \n ".join(_normalise(english) for _, _, english in entries)
    with language.use("de"):
        kept = {_normalise(texts.DEMO_LABEL), _normalise(texts.ATTRIBUTION)}
    found: dict[str, tuple[str, re.Pattern[str]]] = {}
    for where, german, english in entries:
        if where in KEPT_GERMAN or _normalise(german) in kept:
            continue
        for fragment in _fragments(german):
            if not re.search(r"[^\W\d_]", fragment) or fragment in _normalise(english) or fragment in kept:
                continue
            pattern = _word_pattern(fragment)
            if pattern.search(all_english):
                continue
            found.setdefault(fragment, (where, pattern))
    return tuple(found.values())


def _word_pattern(fragment: str) -> re.Pattern[str]:
    start = r"(?<!\w)" if fragment[0].isalnum() else ""
    end = r"(?!\w)" if fragment[-1].isalnum() else ""
    return re.compile(start + re.escape(fragment) + end)


@functools.cache
def kreis_title() -> str:
    """The Kreis's name as the app shows it ("Landkreis Cloppenburg"): a proper name."""
    return load_boundaries(ROOT / "geodata" / f"gemeinden_{KREIS}.geojson").title


def without_proper_names(text: str) -> str:
    """The text without what stays German by design: demo marking, licence notice, Kreis name, users' texts."""
    text = _normalise(text)
    with language.use("de"):
        for proper in (texts.DEMO_LABEL, texts.ATTRIBUTION, kreis_title(), *USER_TEXTS):
            text = text.replace(_normalise(proper), " ")
    return text


def page_text(page: Page) -> str:
    return without_proper_names(page.evaluate(PAGE_TEXT_JS))


def _context(text: str, match: re.Match[str]) -> str:
    return f"…{text[max(0, match.start() - 40) : match.end() + 40]}…"


def german_in(text: str) -> list[str]:
    """``catalogue name: German text (where on the page)`` for every German catalogue text in ``text``."""
    found = []
    for where, pattern in german_fragments():
        match = pattern.search(text)
        if match:
            found.append(f"{where}: {match.group(0)!r} in {_context(text, match)!r}")
    return found


def german_words_in(text: str) -> list[str]:
    found = []
    for word in GERMAN_WORDS:
        for match in re.finditer(rf"(?<!\w){word}(?!\w)", text):
            found.append(f"{word!r} in {_context(text, match)!r}")
            break
    return found


def assert_english(page: Page, where: str, decimals: re.Pattern[str] | None = None) -> str:
    """The drawn page is English throughout; every finding is reported at once. Returns the page's text."""
    expect(page.locator("html")).to_have_attribute("lang", "en")
    text = page_text(page)
    problems = [f"German catalogue text {hit}" for hit in german_in(text)]
    problems += [f"German word (not from a catalogue?) {hit}" for hit in german_words_in(text)]
    for name, pattern in (("decimal", GERMAN_DECIMAL), ("thousands", GERMAN_THOUSANDS), ("date", GERMAN_DATE)):
        problems += [f"German {name} format: {_context(text, m)!r}" for m in list(pattern.finditer(text))[:5]]
    if decimals is not None and not decimals.search(text):
        problems.append(f"no English number ({decimals.pattern}) on the page")
    assert not problems, f"{where} in English:\n  " + "\n  ".join(problems)
    return text


def assert_switch_says(page: Page, label: str, target: str) -> None:
    switch = page.locator(SWITCH)
    expect(switch).to_have_count(1)
    expect(switch).to_have_text(label)
    expect(switch).to_have_attribute("hreflang", target)


# -- every page in English -------------------------------------------------------------------------


def test_the_german_catalogue_check_finds_german():
    """The net has meshes: German texts are collected, English and proper names are not."""
    fragments = {where for where, _ in german_fragments()}
    assert "texts.NO_DATA" in fragments and "texts.SKIP_LINK" in fragments
    assert "catalogue betreuungsquote_u3.name" in fragments
    assert not any(where.startswith(tuple(KEPT_GERMAN)) for where in fragments)
    with language.use("de"):
        assert german_in(f"Hallo. {texts.NO_DATA} Tschüss")
        assert not german_in(without_proper_names(f"{texts.DEMO_LABEL} {texts.ATTRIBUTION} {kreis_title()}"))
        assert german_in(without_proper_names(f"{kreis_title()}: {texts.BAR_KREIS}"))
    with language.use("en"):
        english = _normalise(
            " ".join(
                text for name in dir(texts_en) if name.isupper() for _, text in _flatten(getattr(texts, name), name)
            )
        )
    assert not german_in(english), german_in(english)


def _theme_numbers(path: str) -> re.Pattern[str] | None:
    page = next(p for p in PAGES if p.path == path)
    if not page.default_indicator:
        return None
    spec = catalogue.indicator(page.default_indicator)
    if spec.decimals > 0:
        return ENGLISH_DECIMAL
    return ENGLISH_THOUSANDS if spec.id == "bevoelkerung" else None  # Gemeinden of 5,000 to 35,000 people


@pytest.mark.parametrize("path", [page.path for page in PAGES])
def test_theme_page_in_english(page: Page, path: str):
    page.goto(with_lang(path))
    page.wait_for_function(THEME_DRAWN_JS)
    assert_switch_says(page, "Deutsch", "de")
    theme_page = next(p for p in PAGES if p.path == path)
    if page.locator(MAP_TITLE).count():  # "Further data" without imported tables shows a note instead
        with language.use("en"):
            title = theme_page.title
        expect(page.locator("#page")).to_contain_text(title)
    if theme_page.default_indicator:
        spec = catalogue.indicator(theme_page.default_indicator)
        expect(page.locator(MAP_TITLE)).to_contain_text(spec.name_en)
        expect(page.locator("#indicator")).to_contain_text(spec.short_name_en)
    assert_english(page, path, _theme_numbers(path))
    assert "lang" in query(page) and query(page)["lang"] == "en", f"the view's address lost lang=en: {page.url}"


@pytest.mark.parametrize("path", list(OTHER_PAGES))
def test_other_page_in_english(page: Page, path: str):
    drawn, shows_decimals = OTHER_PAGES[path]
    page.goto(with_lang(path))
    expect(page.locator(drawn).first).to_be_visible()
    if path == COMPARISON:
        expect(page.locator("#compare-graph .legendtext")).to_have_count(5)
    assert_switch_says(page, "Deutsch", "de")
    assert_english(page, path, ENGLISH_DECIMAL if shows_decimals else None)
    links = page.locator("header a[href^='/']:not(.bm-language-switch)")
    hrefs = [links.nth(i).get_attribute("href") or "" for i in range(links.count())]
    assert hrefs and all("lang=en" in href for href in hrefs), f"{path}: header links without lang=en: {hrefs}"


def test_profile_names_indicators_in_english(page: Page):
    page.goto(with_lang(PROFILE))
    rows = page.locator("#profile-table tr.bm-profile-row")
    expect(rows).to_have_count(len(catalogue.INDICATORS))
    for spec in catalogue.INDICATORS:
        expect(page.locator("#profile-table")).to_contain_text(spec.short_name_en)


def test_presentation_in_english(page: Page):
    first = catalogue.indicator(EXAMPLE_VIEWS[0][1])
    page.goto(with_lang("/praesentation/beispiel"))
    expect(page.locator(PRESENT_TITLE)).to_contain_text(first.name_en)
    expect(page.locator("#present-map .choroplethlocation")).to_have_count(13)
    if page.locator(SWITCH).count():
        assert_switch_says(page, "Deutsch", "de")
    help_en = getattr(texts_en, "PRESENT_HELP", None)
    assert help_en, "texts_en.PRESENT_HELP is missing"
    expect(page.locator(".bm-present-help")).to_have_text(help_en)
    assert_english(page, "/praesentation/beispiel", ENGLISH_DECIMAL)


@pytest.fixture(scope="module")
def admin_url(seeded_db: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on a private copy of the demo store with an admin: logging in must not touch the shared store."""
    folder = tmp_path_factory.mktemp("english-admin")
    with admin_server(seeded_db, folder, "bildungsmonitor-english-admin", (ADMIN, PASSWORD)) as url:
        yield url


def log_in_english(page: Page, server: str) -> None:
    page.goto(f"{server}/daten?lang=en")
    expect(page).to_have_url(re.compile(rf"^{re.escape(server)}/anmelden\?.*lang=en"))
    assert_switch_says(page, "Deutsch", "de")  # the login page's texts: test_other_page_in_english
    page.locator("#benutzername").fill(ADMIN)
    page.locator("#passwort").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"^{re.escape(server)}/daten\?(.*&)?lang=en$"))


@pytest.mark.parametrize("path", ["/daten", "/daten/protokoll"])
def test_admin_page_in_english(page: Page, admin_url: str, path: str):
    log_in_english(page, admin_url)
    page.goto(f"{admin_url}{with_lang(path)}")
    expect(page.locator("h1").first).to_be_visible()
    assert_switch_says(page, "Deutsch", "de")
    assert_english(page, path)


# -- the switch --------------------------------------------------------------------------------------


def choose_indicator(page: Page, short_name: str) -> None:
    """Like a mouse user: open the Dash 4 dropdown, click the option."""
    page.locator("#indicator").click()
    page.get_by_role("option", name=short_name, exact=True).click()
    expect(page.locator("#indicator")).to_contain_text(short_name)


def test_the_switch_keeps_the_view_and_the_language(page: Page):
    """German explorer → another view → "English" keeps it → a theme by the navigation → "Deutsch"."""
    other = catalogue.indicator("ganztagsquote_u3")  # not the theme's default
    page.goto("/fruehkindliche-bildung")
    expect(page.locator(MAP_TITLE)).to_contain_text(catalogue.indicator("betreuungsquote_u3").german("name"))
    expect(page.locator("html")).to_have_attribute("lang", "de")
    assert_switch_says(page, "English", "en")

    choose_indicator(page, other.german("short_name"))
    expect(page.locator(MAP_TITLE)).to_contain_text(other.german("name"))
    slider = page.locator("#year").get_by_role("slider")
    year = int(slider.get_attribute("aria-valuemax") or 0) - 1
    slider.focus()
    page.keyboard.press("ArrowLeft")
    expect(page.locator(MAP_TITLE)).to_contain_text(str(year))
    expect(page).to_have_url(re.compile(rf"indikator={other.id}&jahr={year}"))

    page.locator(SWITCH).click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(MAP_TITLE)).to_contain_text(other.name_en)
    expect(page.locator(MAP_TITLE)).to_contain_text(str(year))
    assert_switch_says(page, "Deutsch", "de")
    expect(page).to_have_url(re.compile(r"lang=en"))  # still there after the view wrote the address anew
    assert query(page) == {"indikator": other.id, "jahr": str(year), "lang": "en"}
    assert_english(page, "the explorer after the switch", ENGLISH_DECIMAL)

    # A theme by the navigation: no page load, still English.
    page.evaluate("window.__samePage = true")
    weiterbildung = catalogue.theme("weiterbildung")
    vhs = catalogue.indicator(next(p for p in PAGES if p.slug == "weiterbildung").default_indicator)
    page.locator("#nav").get_by_role("link", name=weiterbildung.title_en, exact=True).click()
    expect(page).to_have_url(re.compile(r"/weiterbildung\?(.*&)?lang=en"))
    expect(page.locator(MAP_TITLE)).to_contain_text(vhs.name_en)
    assert_switch_says(page, "Deutsch", "de")
    assert page.evaluate("window.__samePage === true"), "the navigation reloaded the page"
    expect(page).to_have_url(re.compile(r"lang=en"))
    assert_english(page, "/weiterbildung after the navigation")

    # Back to German: lang leaves the address, the German texts come back.
    page.locator(SWITCH).click()
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.locator(MAP_TITLE)).to_contain_text(vhs.german("name"))
    expect(page).to_have_url(re.compile(r"/weiterbildung\?"))
    assert "lang" not in query(page), page.url
    assert_switch_says(page, "English", "en")
    expect(page.locator("#nav").get_by_role("link", name=weiterbildung.german("title"), exact=True)).to_be_visible()
    with language.use("de"):
        expect(page.locator("body")).to_contain_text(texts.SKIP_LINK)  # in the DOM, shown on focus
