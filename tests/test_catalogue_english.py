"""The English catalogue (``lang=en``): every text has an English version, and English leaves logic alone."""

from __future__ import annotations

import re

import pytest

import language
from data_access import catalogue
from data_access.catalogue import IndicatorSpec
from layouts.pages import PAGES
from layouts.theme_base import ThemePage

THEME_PAGES = [page for page in PAGES if page.slug in {t.slug for t in catalogue.THEMES}]
# layouts/weitere_daten.py belongs to another change; until it passes intro_en/heading_en its
# English checks are expected to fail (the mark disappears by itself once they are there).
_PENDING = pytest.mark.xfail(reason="layouts/weitere_daten.py: intro_en/heading_en not set yet", strict=True)


def _pending(page: ThemePage) -> tuple:
    return (_PENDING,) if page.slug == "weitere-daten" and not page.intro_en else ()


# Typical German words and letters that must not show in English texts (case-sensitive).
GERMAN_MARKERS = (
    " der ", " die ", " das ", " und ", " mit ", " für ", " je ", " im ", " nach ", " ohne ", " oder ",
    "Gemeinde", "Kreis", "Schüler", "Einwohner", "Bevölkerung", "Zensus", "Tabelle", "Statistik", "Kinder",
    "Anteil", "Jahre", " unter ", "quote", "bildung", "ä", "ö", "ü", "ß", "Ä", "Ö", "Ü",
)  # fmt: skip

# Proper names kept in German on purpose (with an English gloss next to them in the catalogue).
PROPER_NAMES = (
    "Kommunale Bildungsdatenbank",  # the database's name, glossed "municipal education database"
    "Weiterbildungsatlas",  # the atlas's name, glossed "atlas of adult learning"
)


def _has_letters(text: str) -> bool:
    return re.search(r"[^\W\d_]", text) is not None


def _english_texts() -> list:
    """Every English catalogue and theme-page text, read as the app reads it; the test id says where."""
    found: list = []
    with language.use("en"):
        for spec in catalogue.INDICATORS:
            for name in ("name", "short_name", "definition", "unit", "level", "source"):
                found.append(pytest.param(getattr(spec, name), id=f"{spec.id}.{name}"))
            found.extend(pytest.param(label, id=f"{spec.id}.breaks[{year}]") for year, label in spec.breaks)
        found.extend(pytest.param(theme.title, id=f"theme {theme.slug}") for theme in catalogue.THEMES)
        for page in PAGES:
            found.append(pytest.param(page.intro, id=f"page {page.slug}.intro", marks=_pending(page)))
            found.append(pytest.param(page.title, id=f"page {page.slug}.title"))
    return found


@pytest.mark.parametrize("spec", catalogue.INDICATORS, ids=lambda s: s.id)
def test_every_indicator_has_english_texts(spec: IndicatorSpec):
    assert spec.name_en.strip() and spec.short_name_en.strip() and spec.definition_en.strip()
    for name in ("unit", "level", "source"):
        german, english = spec.german(name), getattr(spec, f"{name}_en")
        # Language-neutral texts ("%") need no English; everything with words does, and it differs.
        if _has_letters(german):
            assert english.strip() and english != german, (spec.id, name, german)
        else:
            assert not english, (spec.id, name, "no English needed for a text without words")


@pytest.mark.parametrize("spec", [s for s in catalogue.INDICATORS if s.breaks], ids=lambda s: s.id)
def test_every_break_has_an_english_label(spec: IndicatorSpec):
    # The loader drops all English labels when one is missing: the years must match one to one.
    assert [year for year, _ in spec.breaks_en] == [year for year, _ in spec.german("breaks")]
    assert all(label.strip() for _, label in spec.breaks_en)
    assert all(en != de for (_, en), (_, de) in zip(spec.breaks_en, spec.german("breaks"), strict=True))


def test_every_theme_has_an_english_title():
    assert len(catalogue.THEMES) == 5
    for theme in catalogue.THEMES:
        assert theme.title_en.strip() and theme.title_en != theme.title, theme.slug


@pytest.mark.parametrize("page", THEME_PAGES, ids=lambda p: p.slug)
def test_every_theme_page_has_an_english_intro(page: ThemePage):
    assert page.intro_en.strip() and page.intro_en != page.intro
    with language.use("en"):
        assert page.intro == page.intro_en
        assert page.title == catalogue.theme(page.slug).title_en
    assert page.intro != page.intro_en and page.title == catalogue.theme(page.slug).title


def test_theme_pages_cover_the_catalogue_themes():
    assert [page.slug for page in THEME_PAGES] == [theme.slug for theme in catalogue.THEMES]


@pytest.mark.parametrize(
    "page", [pytest.param(p, marks=_pending(p)) for p in PAGES if p.german("heading")], ids=lambda p: p.slug
)
def test_a_page_that_names_itself_has_an_english_heading(page: ThemePage):
    assert page.intro_en.strip() and page.heading_en.strip() and page.heading_en != page.german("heading")
    with language.use("en"):
        assert page.title == page.heading_en and page.intro == page.intro_en


@pytest.mark.parametrize("spec", catalogue.INDICATORS, ids=lambda s: s.id)
def test_english_answers_in_english_and_german_stays_reachable(spec: IndicatorSpec):
    german = {name: getattr(spec, name) for name in IndicatorSpec._ENGLISH}
    with language.use("en"):
        assert spec.name == spec.name_en and spec.short_name == spec.short_name_en
        assert spec.definition == spec.definition_en
        for name in ("unit", "level", "source"):
            assert getattr(spec, name) == (getattr(spec, f"{name}_en") or german[name])
        assert spec.breaks == (spec.breaks_en or german["breaks"])
        for name in IndicatorSpec._ENGLISH:
            assert spec.german(name) == german[name]
        # Logic fields do not change with the language.
        assert spec.official_level in {"Gemeinde", "Kreis"} and spec.reference in catalogue.REFERENCES
    assert spec.name != spec.name_en  # back in German
    assert {name: getattr(spec, name) for name in IndicatorSpec._ENGLISH} == german


def test_german_texts_are_german():
    spec = catalogue.indicator("betreuungsquote_u3")
    with language.use("en"):
        assert spec.name == "Childcare rate, children under 3"
        assert spec.german("name") == "Betreuungsquote unter 3 Jahren"
        assert spec.german("level") == "Kreis (Gemeinden: Jugendamt)"
        assert spec.level == "district (municipalities: youth welfare office)"
        assert spec.breaks[0] == (2009, "Reference date 1 March, not 15 March")
        assert spec.german("breaks")[0] == (2009, "Stichtag 01.03. statt 15.03.")
        assert spec.unit == "%"  # language-neutral: logic that checks for "%" still works
        assert catalogue.theme("weiterbildung").title == "Adult and continuing education"
        assert catalogue.theme("weiterbildung").german("title") == "Weiterbildung"


def test_equality_and_hash_do_not_depend_on_the_language():
    with language.use("de"):
        by_spec = {spec: spec.id for spec in catalogue.INDICATORS}
        by_theme = {theme: theme.slug for theme in catalogue.THEMES}
        by_page = {page: page.slug for page in PAGES}
        hashes = [hash(spec) for spec in catalogue.INDICATORS]
    with language.use("en"):
        assert all(by_spec[spec] == spec.id for spec in catalogue.INDICATORS)
        assert all(by_theme[theme] == theme.slug for theme in catalogue.THEMES)
        assert all(by_page[page] == page.slug for page in PAGES)
        assert [hash(spec) for spec in catalogue.INDICATORS] == hashes
        assert catalogue.indicator("bevoelkerung") == catalogue.INDICATORS[0]
        assert catalogue.indicator("bevoelkerung") != catalogue.indicator("anteil_unter_18")


@pytest.mark.parametrize("text", _english_texts())
def test_english_texts_contain_no_german(text: str):
    checked = f" {text} "
    for name in PROPER_NAMES:
        checked = checked.replace(name, "")
    found = [marker for marker in GERMAN_MARKERS if marker in checked]
    assert not found, f"{text!r} contains {found}"
