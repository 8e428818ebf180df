"""The indicator catalogue: complete against INDICATORS.md, recipes that parse, clear load errors."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from data_access import catalogue
from data_access.catalogue import IndicatorSpec, Selector, TableRule, load, table_rule, table_stem

INDICATORS_MD = Path(__file__).resolve().parents[2] / "shared" / "INDICATORS.md"

EXPECTED_IDS = [
    "bevoelkerung", "anteil_unter_18", "durchschnittsalter", "jugendquotient", "bevoelkerungsentwicklung_5j",
    "arbeitslose_je_1000", "betreuungsquote_u3", "betreuungsquote_3_6", "ganztagsquote_u3", "ganztagsquote_3_6",
    "anteil_nichtdeutsche_familiensprache", "anteil_auslaendische_herkunft_kita", "plaetze_je_100_u6",
    "kinder_je_paed_vzae", "anteil_tagespflege_u3", "schueler_insgesamt", "anteil_gymnasium_jg7",
    "uebergangsquote_gymnasium", "anteil_abgaenger_ohne_hsa", "anteil_abgaenger_abitur",
    "anteil_auslaendische_schueler", "foerderschulbesuchsquote", "ganztagsschulanteil", "auslaenderanteil",
    "schutzsuchende_je_1000", "einbuergerungsquote", "anteil_abgaenger_ohne_hsa_auslaendisch",
    "zuzuege_ausland_je_1000", "integrationskurs_teilnehmende", "arbeitslosenquote_auslaender", "vhs_ustd_je_1000",
    "vhs_belegungen_je_1000", "vhs_kurse", "anteil_ustd_sprachen", "nachgeholte_schulabschluesse",
    "integrationskurs_stunden_vhs", "weiterbildungsbeteiligung",
]  # fmt: skip

# Tables a coordinator downloads first: each must feed at least one recipe out of the box.
MUST_MAP = [
    "12411-01-01", "12411-02-03", "12411-03-03", "12411-07-01", "12411-08-01", "12111-01-01", "1000A-0000",
    "13211-01-03", "21111-01-03", "21111-02-06", "21121-02-02", "22541-01-04", "22543-01-02", "22543-03-01",
    "22543-04-01",
]  # fmt: skip

# Filled only by the Landkreis template import (VHS, BAMF, Schulträger, LSN, estimates).
OWN_DATA_ONLY = {
    "anteil_nichtdeutsche_familiensprache", "uebergangsquote_gymnasium", "ganztagsschulanteil",
    "anteil_abgaenger_ohne_hsa_auslaendisch", "integrationskurs_teilnehmende", "vhs_ustd_je_1000",
    "vhs_belegungen_je_1000", "vhs_kurse", "anteil_ustd_sprachen", "integrationskurs_stunden_vhs",
    "weiterbildungsbeteiligung",
}  # fmt: skip


def _ids_of_indicators_md() -> list[str]:
    """The id column of every indicator table in INDICATORS.md."""
    rows = re.findall(r"^\| ([a-z][a-z0-9_]*) \|", INDICATORS_MD.read_text(encoding="utf-8"), flags=re.MULTILINE)
    return [r for r in rows if r != "id"]


def test_catalogue_holds_exactly_the_indicators_of_indicators_md():
    expected = _ids_of_indicators_md() if INDICATORS_MD.exists() else EXPECTED_IDS
    ids = [spec.id for spec in catalogue.INDICATORS]
    assert len(ids) == len(set(ids)) == 37
    assert sorted(ids) == sorted(expected)


def test_themes_keep_their_slugs_and_titles_and_all_have_indicators():
    assert [(t.slug, t.title) for t in catalogue.THEMES] == [
        ("fruehkindliche-bildung", "Frühkindliche Bildung"),
        ("allgemeinbildende-schulen", "Allgemeinbildende Schulen"),
        ("migration-und-integration", "Migration und Integration"),
        ("weiterbildung", "Weiterbildung"),
        ("rahmenbedingungen", "Rahmenbedingungen"),
    ]
    for theme in catalogue.THEMES:
        assert catalogue.indicators_for_theme(theme.slug), theme.slug
    demografie = {"bevoelkerung", "anteil_unter_18", "durchschnittsalter", "jugendquotient"}
    assert demografie <= {s.id for s in catalogue.indicators_for_theme("rahmenbedingungen")}


def test_lookups():
    assert catalogue.indicator("betreuungsquote_u3").theme == "fruehkindliche-bildung"
    assert catalogue.theme("weiterbildung").title == "Weiterbildung"
    with pytest.raises(KeyError):
        catalogue.indicator("gibt_es_nicht")


@pytest.mark.parametrize("spec", catalogue.INDICATORS, ids=lambda s: s.id)
def test_every_indicator_is_complete(spec: IndicatorSpec):
    assert spec.official_level in {"Gemeinde", "Kreis"}
    assert spec.name_en and spec.short_name_en and spec.definition_en
    assert spec.polarity in {-1, 0, 1}
    assert spec.aggregation in {"ratio", "sum", "none"}
    if spec.unit == "%":
        assert spec.aggregation == "ratio" and spec.scale == 100.0
    if spec.id != "bevoelkerung":
        assert spec.demo is not None or spec.demo_derived == "bevoelkerung"
    if spec.demo is not None:
        assert spec.demo.base_share > 0 and len(spec.demo.kreis) == len(spec.demo.land) == len(spec.demo.bund) == 2


@pytest.mark.parametrize("spec", catalogue.INDICATORS, ids=lambda s: s.id)
def test_every_recipe_has_the_selectors_its_kind_needs(spec: IndicatorSpec):
    needs = {"value": ("value",), "ratio": ("numerator", "denominator"), "growth": ("series",), "sum": ()}
    for variant in spec.recipe:
        for name in needs[variant.kind]:
            assert isinstance(getattr(variant, name), Selector), (spec.id, variant.kind, name)
        if variant.kind == "sum":
            assert variant.parts
        if variant.kind == "growth":
            assert variant.years and variant.years > 0
        for selector in variant.selectors:
            assert selector.tables and all(table_stem(t) == t for t in selector.tables)
            assert not (selector.sum and selector.match)


def test_recipes_are_empty_exactly_for_the_landkreis_own_data():
    assert {spec.id for spec in catalogue.INDICATORS if not spec.recipe} == OWN_DATA_ONLY


@pytest.mark.parametrize("stem", MUST_MAP)
def test_every_known_table_feeds_a_recipe(stem):
    assert any(stem in spec.recipe_stems for spec in catalogue.INDICATORS)


def test_betreuungsquote_prefers_the_published_rate_and_divides_by_last_years_children():
    published, computed = catalogue.indicator("betreuungsquote_u3").recipe
    assert published.kind == "value" and published.value.tables == ("22543-03-01",)
    assert computed.kind == "ratio"
    assert computed.numerator.tables == ("22543-01-02", "22543-01-01")
    assert computed.denominator == Selector(("12411-02-03",), ("unter 3 Jahre",), (), -1, "31.12.")


def test_age_band_sums_and_growth_recipes():
    unter_18 = catalogue.indicator("anteil_unter_18").recipe[0]
    assert len(unter_18.numerator.sum) == 5 and unter_18.denominator.match == ()
    growth = catalogue.indicator("bevoelkerungsentwicklung_5j").recipe[0]
    assert growth.kind == "growth" and growth.years == 5 and growth.series.tables == ("12411-01-01",)
    abschluesse = catalogue.indicator("nachgeholte_schulabschluesse").recipe[0]
    assert [p.match for p in abschluesse.parts] == [("mit Hauptschulabschluss",), ("mit Mittlerem Abschluss",)]


def test_demo_ranges_moved_from_demo_py():
    assert catalogue.indicator("bevoelkerung").demo is None
    assert catalogue.indicator("bevoelkerungsentwicklung_5j").demo_derived == "bevoelkerung"
    ohne_hsa = catalogue.indicator("anteil_abgaenger_ohne_hsa").demo
    assert (ohne_hsa.kreis, ohne_hsa.land, ohne_hsa.bund) == ((4.1, 8.3), (5.0, 7.7), (5.9, 7.1))
    assert ohne_hsa.suppress_small and (ohne_hsa.base_share, ohne_hsa.spread) == (0.012, 0.35)
    assert catalogue.indicator("ganztagsquote_3_6").demo.land[1] == pytest.approx(39.6)


def test_plaetze_definition_says_places_serve_school_children_and_facility_location():
    definition = catalogue.indicator("plaetze_je_100_u6").definition
    assert "Schulkinder" in definition and "Ort der Einrichtung" in definition


def test_indicator_spec_stays_easy_to_build():
    spec = IndicatorSpec("x", "weiterbildung", "X", "X", "%", "d", "s", 0, 1, "Kreis", "ratio", 100.0)
    assert spec.official_level == "Kreis" and spec.recipe == () and spec.demo is None and spec.tables == ()


# -- table codes and rules --------------------------------------------------


@pytest.mark.parametrize(
    ("code", "stem"),
    [
        ("21111-02-06-4", "21111-02-06"),
        ("21111-02-06-5", "21111-02-06"),
        ("22543-02-02-4-B", "22543-02-02"),
        ("12411-01-01-5-B", "12411-01-01"),
        ("21311-01-01-4-B", "21311-01-01"),
        ("12411-07-01", "12411-07-01"),
        ("12411-0043", "12411-0043"),
        ("12531-0043", "12531-0043"),
        ("AI-N-01-2-5", "AI-N-01-2-5"),
        ("1000A-0000", "1000A-0000"),
        ("2000S-2003", "2000S-2003"),
        ("12211-Z-11", "12211-Z-11"),
        (" 13211-01-03-5 ", "13211-01-03"),
    ],
)
def test_table_stem(code, stem):
    assert table_stem(code) == stem


def test_table_rules():
    assert isinstance(catalogue.TABLE_RULES["12531"], TableRule)
    mean_age = table_rule("12411-07-01-5")
    assert mean_age.dash == "none" and mean_age.basis == "Fortschreibung" and mean_age.no_sum is None
    assert table_rule("12411-01-01").basis == "Fortschreibung"
    assert "Vielfache von 5" in table_rule("12531-01-01").no_sum
    assert table_rule("12531-0043").no_sum  # ffcsv code of the same statistic
    assert table_rule("12521-01-01-4").no_sum
    zensus = table_rule("12111-01-01-5")
    assert zensus.basis == "Zensus" and zensus.no_sum and zensus.no_sum_years == (2022,)
    assert table_rule("1000A-0000").no_sum and table_rule("2000S-2003").basis == "Zensus"
    assert table_rule("21111-02-06") is None


# -- loading errors ---------------------------------------------------------

VALID = """
[[theme]]
slug = "weiterbildung"
title = "Weiterbildung"

[[indicator]]
id = "probe"
theme = "weiterbildung"
name = "Probe"
short_name = "Probe"
unit = "%"
definition = "Eine Probe."
source = "Test"
polarity = 1
decimals = 1
level = "Kreis"
official_level = "Kreis"
aggregation = "ratio"
scale = 100.0
breaks = [{ year = 2022, label = "Zensus 2022" }]
demo = { kreis = [1, 2], land = [3, 4], bund = [5, 6], base_share = 0.5, spread = 0.1 }

[[indicator.recipe]]
kind = "ratio"
numerator = { table = "21111-02-06", match = ["ohne Hauptschulabschluss"] }
denominator = { table = "21111-02-06", match = [] }

[[table]]
stem = "12531"
no_sum = "gerundet"
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "catalogue.toml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_loader_reads_a_small_catalogue(tmp_path):
    loaded = load(_write(tmp_path, VALID))
    (spec,) = loaded.indicators
    assert spec.breaks == ((2022, "Zensus 2022"),)
    assert spec.demo.kreis == (1.0, 2.0)
    assert spec.recipe[0].numerator.match == ("ohne Hauptschulabschluss",)
    assert loaded.table_rules["12531"].no_sum == "gerundet"


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("polarity = 1", "polarity = 2", "polarity"),
        ('aggregation = "ratio"', 'aggregation = "mean"', "aggregation"),
        ('official_level = "Kreis"', 'official_level = "Land"', "official_level"),
        ('theme = "weiterbildung"\nname', 'theme = "unbekannt"\nname', "theme"),
        ('kind = "ratio"', 'kind = "quotient"', "kind"),
        ('numerator = { table = "21111-02-06", match = ["ohne Hauptschulabschluss"] }\n', "", "numerator"),
        ('{ table = "21111-02-06", match = [] }', '{ table = "21111-02-06-4", match = [] }', "21111-02-06"),
        ('{ table = "21111-02-06", match = [] }', "{ table = [], match = [] }", "table"),
        ('{ table = "21111-02-06", match = [] }', '{ table = "21111-02-06" }', "match"),
        ("match = [] }", 'match = [], date = "31.13." }', "date"),
        ('name = "Probe"\n', "", "name"),
        ("decimals = 1", 'decimals = "eins"', "decimals"),
        ("base_share = 0.5", "base_share = -1", "base_share"),
        ("spread = 0.1 }", "spread = 0.1, farbe = 1 }", "farbe"),
    ],
)
def test_broken_catalogue_names_indicator_and_field(tmp_path, old, new, field):
    assert old in VALID
    with pytest.raises(ValueError) as error:
        load(_write(tmp_path, VALID.replace(old, new, 1)))
    assert "probe" in str(error.value) and field in str(error.value)


def test_duplicate_ids_and_missing_recipe_are_refused(tmp_path):
    indicator = VALID.split("[[indicator]]")[1].split("[[table]]")[0]
    with pytest.raises(ValueError, match="probe.*mehrfach"):
        load(_write(tmp_path, VALID + "\n[[indicator]]" + indicator))
    without_recipe = VALID.split("[[indicator.recipe]]")[0]
    with pytest.raises(ValueError, match="probe.*recipe"):
        load(_write(tmp_path, without_recipe))


def test_broken_table_rule_and_bad_toml(tmp_path):
    with pytest.raises(ValueError, match="12531.*dash"):
        load(_write(tmp_path, VALID + 'dash = "null"\n'))
    with pytest.raises(ValueError, match="TOML"):
        load(_write(tmp_path, VALID + "[[indicator]\n"))


def test_the_shipped_file_loads_the_same_as_the_module():
    assert load(catalogue.CATALOGUE_FILE).indicators == catalogue.INDICATORS


def test_known_breaks_are_marked_on_every_series_they_affect():
    """Zensus bases on everything with a population base (Kita rates a year later), G9 on school leavers."""
    for spec in catalogue.INDICATORS:
        stems = {stem for variant in spec.recipe for selector in variant.selectors for stem in selector.tables}
        years = {year for year, _label in spec.breaks}
        population_based = bool(stems & {"12411-01-01", "12411-02-03", "12411-03-03"}) or "Einwohner" in spec.definition
        if spec.reference == "01.03." and population_based:
            assert {2012, 2023} <= years, spec.id  # children on 01.03.t over population on 31.12.t-1
        elif population_based:
            assert {2011, 2022} <= years, spec.id
        if spec.id.startswith("anteil_abgaenger"):
            assert 2020 in years, spec.id
