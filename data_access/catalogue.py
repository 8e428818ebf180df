"""The indicator catalogue: what each indicator measures and how it aggregates.

Facts follow ``INDICATORS.md``. ``aggregation`` says how a higher level is
formed from Gemeinden: ``ratio`` = Σ numerator / Σ denominator × ``scale``,
``sum`` = Σ values. Averaging percentages is never offered.
"""

from __future__ import annotations

from dataclasses import dataclass

ZENSUS_2022 = (2022, "Zensus 2022")
G9_2020 = (2020, "G9: kleiner Abiturjahrgang")


@dataclass(frozen=True)
class Theme:
    slug: str
    title: str


THEMES: tuple[Theme, ...] = (
    Theme("fruehkindliche-bildung", "Frühkindliche Bildung"),
    Theme("allgemeinbildende-schulen", "Allgemeinbildende Schulen"),
    Theme("migration-und-integration", "Migration und Integration"),
    Theme("weiterbildung", "Weiterbildung"),
    Theme("rahmenbedingungen", "Rahmenbedingungen"),
)


@dataclass(frozen=True)
class IndicatorSpec:
    id: str
    theme: str
    name: str
    short_name: str
    unit: str
    definition: str
    source: str
    polarity: int
    decimals: int
    level: str
    aggregation: str
    scale: float = 1.0
    reference: str = "Jahr"
    breaks: tuple[tuple[int, str], ...] = ()


def _pct(**kw: object) -> IndicatorSpec:
    """Percentage indicator: a ratio with scale 100 and one decimal."""
    return IndicatorSpec(unit="%", decimals=1, aggregation="ratio", scale=100.0, **kw)  # type: ignore[arg-type]


INDICATORS: tuple[IndicatorSpec, ...] = (
    # Rahmenbedingungen (context)
    IndicatorSpec(
        id="bevoelkerung",
        theme="rahmenbedingungen",
        name="Bevölkerung",
        short_name="Bevölkerung",
        unit="Personen",
        definition="Einwohnerinnen und Einwohner mit Hauptwohnsitz am 31.12.",
        source="Fortschreibung des Bevölkerungsstandes, Tabelle 12411-01-01-5",
        polarity=0,
        decimals=0,
        level="Gemeinde",
        aggregation="sum",
        reference="31.12.",
        breaks=(ZENSUS_2022,),
    ),
    _pct(
        id="anteil_unter_18",
        theme="rahmenbedingungen",
        name="Anteil unter 18-Jährige",
        short_name="Anteil unter 18",
        definition="Personen unter 18 Jahren je 100 Einwohner am 31.12.",
        source="Fortschreibung des Bevölkerungsstandes, Tabelle 12411-02-03-5",
        polarity=0,
        level="Gemeinde",
        reference="31.12.",
        breaks=(ZENSUS_2022,),
    ),
    IndicatorSpec(
        id="durchschnittsalter",
        theme="rahmenbedingungen",
        name="Durchschnittsalter",
        short_name="Durchschnittsalter",
        unit="Jahre",
        definition="Mittleres Alter der Bevölkerung am 31.12.; höhere Ebenen gewichtet mit der "
        "Einwohnerzahl (Summe der Lebensjahre / Einwohner).",
        source="Fortschreibung des Bevölkerungsstandes, Tabelle 12411-07-01-5",
        polarity=0,
        decimals=1,
        level="Gemeinde",
        aggregation="ratio",
        scale=1.0,
        reference="31.12.",
        breaks=(ZENSUS_2022,),
    ),
    IndicatorSpec(
        id="arbeitslose_je_1000",
        theme="rahmenbedingungen",
        name="Arbeitslose je 1 000 Einwohner von 15 bis unter 65 Jahren",
        short_name="Arbeitslose je 1 000 EW (15–65)",
        unit="je 1 000 EW",
        definition="Arbeitslose im Jahresdurchschnitt je 1 000 Einwohner im Alter von 15 bis unter 65 Jahren.",
        source="Statistik der Bundesagentur für Arbeit, Tabelle 13211-01-03-5",
        polarity=-1,
        decimals=1,
        level="Gemeinde",
        aggregation="ratio",
        scale=1000.0,
    ),
    # Frühkindliche Bildung
    _pct(
        id="betreuungsquote_u3",
        theme="fruehkindliche-bildung",
        name="Betreuungsquote unter 3 Jahren",
        short_name="Betreuungsquote U3",
        definition="Kinder unter 3 Jahren in Kindertageseinrichtungen und öffentlich geförderter "
        "Kindertagespflege (ohne Doppelzählungen) am 01.03. je 100 Kinder derselben Altersgruppe "
        "am 31.12. des Vorjahres. Gezählt wird am Ort der Einrichtung: Gemeindewerte über 100 % "
        "sind möglich.",
        source="Kinder- und Jugendhilfestatistik, Tabellen 22543-01-02-4 und 22543-03-01-4; Bevölkerung 12411-02-03-5",
        polarity=1,
        level="Kreis (Gemeinden: Jugendamt)",
        reference="01.03.",
    ),
    _pct(
        id="betreuungsquote_3_6",
        theme="fruehkindliche-bildung",
        name="Betreuungsquote 3 bis unter 6 Jahre",
        short_name="Betreuungsquote 3–6",
        definition="Kinder von 3 bis unter 6 Jahren in Kindertagesbetreuung am 01.03. je 100 "
        "Kinder derselben Altersgruppe am 31.12. des Vorjahres.",
        source="Kinder- und Jugendhilfestatistik, Tabellen 22543-01-02-4 und 22543-04-01-4",
        polarity=1,
        level="Kreis (Gemeinden: Jugendamt)",
        reference="01.03.",
    ),
    _pct(
        id="ganztagsquote_u3",
        theme="fruehkindliche-bildung",
        name="Ganztagsbetreuungsquote unter 3 Jahren",
        short_name="Ganztagsquote U3",
        definition="Kinder unter 3 Jahren mit mehr als 7 Stunden vertraglich vereinbarter "
        "Betreuungszeit je 100 Kinder derselben Altersgruppe.",
        source="Kinder- und Jugendhilfestatistik, Tabelle 22543-03-01-4",
        polarity=1,
        level="Kreis (Gemeinden: Jugendamt)",
        reference="01.03.",
    ),
    IndicatorSpec(
        id="plaetze_je_100_u6",
        theme="fruehkindliche-bildung",
        name="Genehmigte Kita-Plätze je 100 Kinder unter 6 Jahren",
        short_name="Kita-Plätze je 100 Kinder U6",
        unit="je 100 Kinder",
        definition="Genehmigte Plätze in Kindertageseinrichtungen je 100 Kinder unter 6 Jahren.",
        source="Kinder- und Jugendhilfestatistik, Tabelle 22541-01-04-4",
        polarity=1,
        decimals=1,
        level="Kreis (Gemeinden: Jugendamt)",
        aggregation="ratio",
        scale=100.0,
        reference="01.03.",
    ),
    IndicatorSpec(
        id="kinder_je_paed_vzae",
        theme="fruehkindliche-bildung",
        name="Kinder je pädagogische Vollzeitstelle",
        short_name="Kinder je Fachkraft (VZÄ)",
        unit="Kinder je VZÄ",
        definition="Betreute Kinder in Tageseinrichtungen je Vollzeitäquivalent des pädagogischen Personals.",
        source="Kinder- und Jugendhilfestatistik, Tabelle 22541-01-04-4",
        polarity=-1,
        decimals=1,
        level="Kreis (Gemeinden: Jugendamt)",
        aggregation="ratio",
        scale=1.0,
        reference="01.03.",
    ),
    # Allgemeinbildende Schulen
    IndicatorSpec(
        id="schueler_insgesamt",
        theme="allgemeinbildende-schulen",
        name="Schülerinnen und Schüler an allgemeinbildenden Schulen",
        short_name="Schülerinnen und Schüler",
        unit="Personen",
        definition="Schülerinnen und Schüler an allgemeinbildenden Schulen am Schulstandort, zu "
        "Beginn des Schuljahres.",
        source="Statistik der allgemeinbildenden Schulen, Tabelle 21111-01-03-4; Schulträger",
        polarity=0,
        decimals=0,
        level="Kreis (Gemeinden: Schulträger)",
        aggregation="sum",
        reference="Schuljahr",
    ),
    _pct(
        id="anteil_abgaenger_ohne_hsa",
        theme="allgemeinbildende-schulen",
        name="Abgängerinnen und Abgänger ohne Hauptschulabschluss",
        short_name="Abgänger ohne HSA",
        definition="Abgängerinnen und Abgänger ohne Hauptschulabschluss je 100 Absolventen und "
        "Abgänger allgemeinbildender Schulen; Berichtsjahr = Jahr, in dem das Schuljahr endet.",
        source="Statistik der allgemeinbildenden Schulen, Tabelle 21111-02-06-4",
        polarity=-1,
        level="Kreis (Gemeinden: Schulträger)",
    ),
    _pct(
        id="anteil_abgaenger_abitur",
        theme="allgemeinbildende-schulen",
        name="Absolventinnen und Absolventen mit allgemeiner Hochschulreife",
        short_name="Abgänger mit Abitur",
        definition="Absolventinnen und Absolventen mit allgemeiner Hochschulreife je 100 "
        "Absolventen und Abgänger allgemeinbildender Schulen.",
        source="Statistik der allgemeinbildenden Schulen, Tabelle 21111-02-06-4",
        polarity=1,
        level="Kreis (Gemeinden: Schulträger)",
        breaks=(G9_2020,),
    ),
    _pct(
        id="anteil_auslaendische_schueler",
        theme="allgemeinbildende-schulen",
        name="Anteil ausländischer Schülerinnen und Schüler",
        short_name="Ausländische Schüler",
        definition="Schülerinnen und Schüler ohne deutsche Staatsangehörigkeit je 100 Schülerinnen und Schüler.",
        source="Statistik der allgemeinbildenden Schulen, Tabelle 21111-01-03-4",
        polarity=0,
        level="Kreis (Gemeinden: Schulträger)",
        reference="Schuljahr",
    ),
    _pct(
        id="foerderschulbesuchsquote",
        theme="allgemeinbildende-schulen",
        name="Förderschulbesuchsquote",
        short_name="Förderschulbesuchsquote",
        definition="Schülerinnen und Schüler an Förderschulen je 100 Schülerinnen und Schüler.",
        source="Statistik der allgemeinbildenden Schulen, Tabelle 21111-01-03-4",
        polarity=0,
        level="Kreis (Gemeinden: Schulträger)",
        reference="Schuljahr",
    ),
    # Migration und Integration
    _pct(
        id="auslaenderanteil",
        theme="migration-und-integration",
        name="Ausländeranteil",
        short_name="Ausländeranteil",
        definition="Personen ohne deutsche Staatsangehörigkeit je 100 Einwohner am 31.12.",
        source="Fortschreibung des Bevölkerungsstandes, Tabelle 12411-03-03-4; Zensus 12111-01-01-5",
        polarity=0,
        level="Kreis; Gemeinden in Zensusjahren",
        reference="31.12.",
        breaks=(ZENSUS_2022,),
    ),
    IndicatorSpec(
        id="schutzsuchende_je_1000",
        theme="migration-und-integration",
        name="Schutzsuchende je 1 000 Einwohner",
        short_name="Schutzsuchende je 1 000 EW",
        unit="je 1 000 EW",
        definition="Schutzsuchende am 31.12. je 1 000 Einwohner. Zählungen aus dem "
        "Ausländerzentralregister sind auf Vielfache von 5 gerundet.",
        source="Schutzsuchendenstatistik, Tabelle 12531-01-01-4",
        polarity=0,
        decimals=1,
        level="Kreis (Gemeinden: Ausländerbehörde)",
        aggregation="ratio",
        scale=1000.0,
        reference="31.12.",
    ),
    _pct(
        id="einbuergerungsquote",
        theme="migration-und-integration",
        name="Einbürgerungsquote",
        short_name="Einbürgerungsquote",
        definition="Einbürgerungen im Jahr je 100 Ausländerinnen und Ausländer.",
        source="Einbürgerungsstatistik, Tabelle 12511-04-01-4",
        polarity=1,
        level="Kreis (Gemeinden: Einbürgerungsbehörde)",
    ),
    _pct(
        id="arbeitslosenquote_auslaender",
        theme="migration-und-integration",
        name="Arbeitslosenquote Ausländerinnen und Ausländer",
        short_name="Arbeitslosenquote Ausländer",
        definition="Arbeitslose Ausländerinnen und Ausländer je 100 ausländische zivile "
        "Erwerbspersonen, Jahresdurchschnitt.",
        source="Statistik der Bundesagentur für Arbeit, Tabelle 13211-02-05-4",
        polarity=-1,
        level="Kreis (Gemeinden: Jobcenter)",
    ),
    # Weiterbildung
    IndicatorSpec(
        id="vhs_ustd_je_1000",
        theme="weiterbildung",
        name="VHS-Unterrichtsstunden je 1 000 Einwohner",
        short_name="VHS-Stunden je 1 000 EW",
        unit="Std. je 1 000 EW",
        definition="Unterrichtsstunden (45 Minuten) der Volkshochschule je 1 000 Einwohner, zugeordnet nach Kursort.",
        source="Volkshochschul-Statistik (DIE); Kursdaten der VHS",
        polarity=1,
        decimals=0,
        level="VHS (Gemeinden nach Kursort)",
        aggregation="ratio",
        scale=1000.0,
    ),
    IndicatorSpec(
        id="vhs_belegungen_je_1000",
        theme="weiterbildung",
        name="VHS-Kursbelegungen je 1 000 Einwohner",
        short_name="VHS-Belegungen je 1 000 EW",
        unit="je 1 000 EW",
        definition="Belegungen von VHS-Kursen je 1 000 Einwohner, zugeordnet nach Kursort.",
        source="Volkshochschul-Statistik (DIE); Kursdaten der VHS",
        polarity=1,
        decimals=1,
        level="VHS (Gemeinden nach Kursort)",
        aggregation="ratio",
        scale=1000.0,
    ),
    IndicatorSpec(
        id="vhs_kurse",
        theme="weiterbildung",
        name="VHS-Veranstaltungen",
        short_name="VHS-Veranstaltungen",
        unit="Kurse",
        definition="Anzahl der Kurse und Veranstaltungen der Volkshochschule nach Kursort.",
        source="Volkshochschul-Statistik (DIE); Kursdaten der VHS",
        polarity=1,
        decimals=0,
        level="VHS (Gemeinden nach Kursort)",
        aggregation="sum",
    ),
    IndicatorSpec(
        id="nachgeholte_schulabschluesse",
        theme="weiterbildung",
        name="Nachträglich erworbene Schulabschlüsse",
        short_name="Nachgeholte Schulabschlüsse",
        unit="Abschlüsse",
        definition="An der VHS und an beruflichen Schulen nachträglich erworbene Haupt- und "
        "Realschulabschlüsse, nach Wohnort der Teilnehmenden.",
        source="Kursdaten der VHS; Tabelle 21121-02-02-4",
        polarity=1,
        decimals=0,
        level="Kreis (Gemeinden: VHS)",
        aggregation="sum",
    ),
)

_BY_ID = {spec.id: spec for spec in INDICATORS}
_THEMES_BY_SLUG = {theme.slug: theme for theme in THEMES}


def indicator(indicator_id: str) -> IndicatorSpec:
    """Look up one indicator; a KeyError names the unknown id."""
    return _BY_ID[indicator_id]


def theme(slug: str) -> Theme:
    return _THEMES_BY_SLUG[slug]


def indicators_for_theme(slug: str) -> tuple[IndicatorSpec, ...]:
    """Indicators of one theme in catalogue order (the order of the picker)."""
    return tuple(spec for spec in INDICATORS if spec.theme == slug)
