"""The classic GENESIS table reader: small fixtures in the real layouts, then the real sample files if present."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from data_access.importers import genesis
from data_access.importers.base import ParsedTable, ReadError

SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "samples"
GENESIS_SAMPLES = SAMPLES / "genesis"
needs_samples = pytest.mark.skipif(not SAMPLES.exists(), reason="shared sample files not present")


def values(table: ParsedTable) -> dict[tuple[str, str, str], str]:
    """(region key, period label, series label) → cell text."""
    return {
        (key, table.periods[p].label, table.series[s].label): text for key, _name, p, s, text, _q, _line in table.cells
    }


def labels(table: ParsedTable) -> list[str]:
    return [s.label for s in table.series]


# Variant A: period in the first column, three header rows, measure and unit from a title line.
SCHOOL = """GENESIS-Tabelle: 21111-02-06-4
Allgemeinbildende Schulen: Absolventen/Abgänger;;;;;;
nach dem Schulabschluss - Schuljahr -;;;;;;
regionale Tiefe: Kreise und krfr. Städte;;;;;;
Statistik der allgemein bildenden Schulen;;;;;;
Absolventen/Abgänger (Anzahl);;;;;;
;;;Schulabschluss;Schulabschluss;Schulabschluss;Schulabschluss
;;;Insgesamt;Insgesamt;mit Hauptschulabschluss;mit Hauptschulabschluss
;;;Insgesamt;weiblich;Insgesamt;weiblich
2015;DG;Deutschland;846423;414111;139952;57358
2015;03;  Niedersachsen;84000;41000;.;.
2015;03453;      Cloppenburg, Landkreis;2113;1063;347;139
2014;03453;      Cloppenburg, Landkreis;2175;1019;427;150
__________
"zu ""gesamte Tabelle"":
Deutschland: mit Schulfremdenprüfung
<SPACE>
zu ""Absolventen/Abgänger mit Mittlerem Abschluss (Realschul-
abschluss"":
Berlin: geschätzt"
"© Statistische Ämter des Bundes und der Länder, Deutschland, 2017.
Dieses Werk ist lizensiert unter der Datenlizenz Deutschland
- Namensnennung - Version 2.0."
Stand: 10.10.2017 / 16:24:41
""".replace("<SPACE>", " ")  # real footers separate notes by a line holding one space

SCHOOL_LABELS = [
    "Schulabschluss · Insgesamt · Insgesamt",
    "Schulabschluss · Insgesamt · weiblich",
    "Schulabschluss · mit Hauptschulabschluss · Insgesamt",
    "Schulabschluss · mit Hauptschulabschluss · weiblich",
]


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["LF", "CRLF"])
def test_variant_a_period_column_three_header_rows(newline):
    table = genesis.read(SCHOOL.replace("\n", newline), "21111-02-06-4.csv")
    assert table.format == "genesis"
    assert table.table == "21111-02-06-4"
    assert table.title == (
        "Allgemeinbildende Schulen: Absolventen/Abgänger nach dem Schulabschluss - Schuljahr - "
        "regionale Tiefe: Kreise und krfr. Städte"
    )
    assert table.source == "Statistik der allgemein bildenden Schulen"
    assert labels(table) == SCHOOL_LABELS
    assert {s.measure for s in table.series} == {"Absolventen/Abgänger"}
    assert {s.unit for s in table.series} == {"Anzahl"}
    assert all(s.table == "21111-02-06-4" for s in table.series)
    assert [(p.type, p.label, p.year, p.date) for p in table.periods] == [
        ("Schuljahr", "Schuljahr 2014/15", 2015, dt.date(2015, 7, 31)),
        ("Schuljahr", "Schuljahr 2013/14", 2014, dt.date(2014, 7, 31)),
    ]
    assert len(table.cells) == 16
    assert table.cells[0] == ("DG", "Deutschland", 0, 0, "846423", None, 10)
    assert table.cells[-1] == ("03453", "Cloppenburg, Landkreis", 1, 3, "150", None, 13)
    got = values(table)
    assert got["03453", "Schuljahr 2014/15", "Schulabschluss · Insgesamt · Insgesamt"] == "2113"
    assert got["03", "Schuljahr 2014/15", "Schulabschluss · mit Hauptschulabschluss · weiblich"] == "."
    assert table.stand == dt.datetime(2017, 10, 10, 16, 24, 41)
    assert table.copyright == (
        "© Statistische Ämter des Bundes und der Länder, Deutschland, 2017. Dieses Werk ist lizensiert unter "
        "der Datenlizenz Deutschland - Namensnennung - Version 2.0."
    )
    assert [f.subject for f in table.footnotes] == [
        "gesamte Tabelle",
        "Absolventen/Abgänger mit Mittlerem Abschluss (Realschulabschluss",
    ]
    assert table.footnotes[0].text == "Deutschland: mit Schulfremdenprüfung"
    assert table.footnotes[1].text == "Berlin: geschätzt"
    assert table.warnings == []


# Variant B: periods as column groups (full dates); no period column; no unit row.
POPULATION = """GENESIS-Tabelle: 12411-01-01-5
Bevölkerungsstand: Bevölkerung nach Geschlecht;;;;;;;
- Stichtag 31.12. -;;;;;;;
regionale Tiefe: Gemeinden, Samt-/Verbandsgemeinden;;;;;;;
Fortschreibung des Bevölkerungsstandes;;;;;;;
Bevölkerungsstand (Anzahl);;;;;;;
;;31.12.2015;31.12.2015;31.12.2015;31.12.2014;31.12.2014;31.12.2014
;;Insgesamt;männlich;weiblich;Insgesamt;männlich;weiblich
DG;Deutschland;82175684;40514123;41661561;81197537;39835457;41362080
03453;      Cloppenburg, Landkreis;164734;83274;81460;162350;82000;80350
03453001;        Barßel;12714;6362;6352;12593;6300;6293
__________
"© Statistische Ämter des Bundes und der Länder, Deutschland, 2017."
Stand: 10.10.2017
"""


def test_variant_b_periods_as_column_groups():
    table = genesis.read(POPULATION)
    assert labels(table) == ["Insgesamt", "männlich", "weiblich"]
    assert [(s.measure, s.unit) for s in table.series] == [("Bevölkerungsstand", "Anzahl")] * 3
    assert [(p.type, p.label, p.date) for p in table.periods] == [
        ("Stichtag", "31.12.2015", dt.date(2015, 12, 31)),
        ("Stichtag", "31.12.2014", dt.date(2014, 12, 31)),
    ]
    assert len(table.cells) == 18
    assert table.cells[-1] == ("03453001", "Barßel", 1, 2, "6293", None, 11)
    assert values(table)["03453", "31.12.2015", "männlich"] == "83274"
    assert table.title == "Bevölkerungsstand: Bevölkerung nach Geschlecht - Stichtag 31.12. - " + (
        "regionale Tiefe: Gemeinden, Samt-/Verbandsgemeinden"
    )
    assert table.source == "Fortschreibung des Bevölkerungsstandes"
    assert table.stand == dt.datetime(2017, 10, 10, 0, 0)  # no time given
    assert table.footnotes == []


# Variant B with a bare-year period row read with the title's "Stichtag 30.06.", then a unit row (4 header rows).
MIDYEAR = """GENESIS-Tabelle: 12411-06-01-5
Bevölkerungsstand: Bevölkerung nach Geschlecht;;;;
- Stichtag 30.06. -;;;;
regionale Tiefe: Gemeinden, Samt-/Verbandsgemeinden;;;;
Fortschreibung des Bevölkerungsstandes;;;;
;;Bevölkerungsstand 30.06.;Bevölkerungsstand 30.06.;Bevölkerungsstand 30.06.
;;2015;2015;2015
;;Insgesamt;männlich;weiblich
;;Anzahl;Anzahl;Anzahl
DG;Deutschland;81458978;40029439;41429539
11000000;        Berlin, Stadt;.;.;.
0713105001;        Adenau, Stadt;2900;1400;1500
03453012 ;        Molbergen;8800;4500;4300
__________
Stand: 10.10.2017 / 13:04:04
"""


def test_period_row_with_bare_year_and_unit_row():
    table = genesis.read(MIDYEAR)
    assert [(p.type, p.label, p.date, p.year) for p in table.periods] == [
        ("Stichtag", "30.06.2015", dt.date(2015, 6, 30), 2015)
    ]
    assert labels(table) == [
        "Bevölkerungsstand 30.06. · Insgesamt",
        "Bevölkerungsstand 30.06. · männlich",
        "Bevölkerungsstand 30.06. · weiblich",
    ]
    assert [(s.measure, s.unit) for s in table.series] == [("Bevölkerungsstand 30.06.", "Anzahl")] * 3
    assert len(table.cells) == 12
    got = values(table)
    assert got["11000000", "30.06.2015", "Bevölkerungsstand 30.06. · weiblich"] == "."
    assert got["0713105001", "30.06.2015", "Bevölkerungsstand 30.06. · Insgesamt"] == "2900"
    assert got["03453012", "30.06.2015", "Bevölkerungsstand 30.06. · männlich"] == "4500"  # key stripped
    assert table.title == (
        "Bevölkerungsstand: Bevölkerung nach Geschlecht - Stichtag 30.06. - "
        "regionale Tiefe: Gemeinden, Samt-/Verbandsgemeinden"
    )


# Variant C with "Jahr: 2016" and "- Jahresdurchschnitt -"; first value column labelled in the top row only.
UNEMPLOYED = """GENESIS-Tabelle: 13211-01-03-5
Arbeitslose nach ausgewählten Personengruppen;;;;
- Jahresdurchschnitt -;;;;
regionale Tiefe: Gemeinden, Samt-/Verbandsgemeinden;;;;
Arbeitsmarktstatistik der Bundesagentur für Arbeit;;;;
Jahr: 2016;;;;
;;Arbeitslose insgesamt;Arbeitslose;Arbeitslose
;;;und zwar;und zwar
;;;Ausländer;langzeitarbeitslos
;;Anzahl;Anzahl;Anzahl
03453;      Cloppenburg, Landkreis;4731;962;1635
03453004;        Cloppenburg, Stadt;1400;500;520
__________
"zu ""gesamte Tabelle"":
Quelle: Arbeitsmarktstatistik der Bundesagentur für Arbeit
(BA)."
Stand: 10.10.2017 / 14:10:42
"""


def test_variant_c_jahr_line_gives_annual_average():
    table = genesis.read(UNEMPLOYED)
    assert [(p.type, p.label, p.date, p.year) for p in table.periods] == [
        ("Jahresdurchschnitt", "Jahresdurchschnitt 2016", dt.date(2016, 12, 31), 2016)
    ]
    assert labels(table) == [
        "Arbeitslose insgesamt",
        "Arbeitslose · und zwar · Ausländer",
        "Arbeitslose · und zwar · langzeitarbeitslos",
    ]
    assert [s.measure for s in table.series] == ["Arbeitslose insgesamt", "Arbeitslose", "Arbeitslose"]
    assert {s.unit for s in table.series} == {"Anzahl"}
    assert values(table)["03453", "Jahresdurchschnitt 2016", "Arbeitslose insgesamt"] == "4731"
    assert table.source == "Arbeitsmarktstatistik der Bundesagentur für Arbeit"
    assert "2016" not in table.title
    assert table.footnotes[0].subject == "gesamte Tabelle"
    assert table.footnotes[0].text == "Quelle: Arbeitsmarktstatistik der Bundesagentur für Arbeit\n(BA)."


# Variant C with a year line "2015;;;" and "- Jahressumme -", plus a row dimension (variant D); 4 header rows.
MIGRATION = """GENESIS-Tabelle: 12711-02-02-4
Zu- und Fortzüge nach Altersgruppen (über Gemeindegrenzen;;;;
und Grenzen des Bundesgebietes) - Jahressumme -;;;;
regionale Tiefe: Kreise und krfr. Städte;;;;
Wanderungsstatistik;;;;
2015;;;;
;;;Zuzüge aus dem  Ausland;Zuzüge aus dem  Ausland
;;;Geschlecht;Geschlecht
;;;Insgesamt;weiblich
;;;Anzahl;Anzahl
03453;      Cloppenburg, Landkreis;unter 18 Jahre;533;235
03453;      Cloppenburg, Landkreis;18 bis unter 25 Jahre;2160;765
03453;      Cloppenburg, Landkreis;Insgesamt;5000;0
__________
Stand: 10.10.2017 / 11:50:20
"""


def test_variant_c_year_line_and_row_dimension():
    table = genesis.read(MIGRATION)
    assert [(p.type, p.label, p.date) for p in table.periods] == [("Jahressumme", "2015", dt.date(2015, 12, 31))]
    assert labels(table) == [
        "Zuzüge aus dem Ausland · Geschlecht · Insgesamt · unter 18 Jahre",
        "Zuzüge aus dem Ausland · Geschlecht · weiblich · unter 18 Jahre",
        "Zuzüge aus dem Ausland · Geschlecht · Insgesamt · 18 bis unter 25 Jahre",
        "Zuzüge aus dem Ausland · Geschlecht · weiblich · 18 bis unter 25 Jahre",
        "Zuzüge aus dem Ausland · Geschlecht · Insgesamt · Insgesamt",
        "Zuzüge aus dem Ausland · Geschlecht · weiblich · Insgesamt",
    ]
    assert table.series[0].parts == ("Zuzüge aus dem Ausland", "Geschlecht", "Insgesamt", "unter 18 Jahre")
    assert table.series[0].measure == "Zuzüge aus dem Ausland"
    assert len(table.cells) == 6
    assert values(table)["03453", "2015", "Zuzüge aus dem Ausland · Geschlecht · weiblich · Insgesamt"] == "0"
    assert table.title.endswith("- Jahressumme - regionale Tiefe: Kreise und krfr. Städte")
    assert table.source == "Wanderungsstatistik"


# Variants A + D: reference date per row, the kind of care as row dimension, header cells that are really empty.
DAYCARE = """GENESIS-Tabelle: 22543-01-02-4
Kindertagesbetreuung: Betreute Kinder nach Art der Betreuung;;;;;;
- Stichtage -;;;;;;
regional Tiefe: Kreise und krfr. Städte;;;;;;
Statistik der öffentl. geförd. Kindertagespflege;;;;;;
;;;;Betreute Kinder;Betreute Kinder;Kinder mit Mittagsverpflegung
;;;;;Altersgruppe;
;;;;;unter 3 Jahre;
;;;;Anzahl;Anzahl;Anzahl
01.03.2016;03453;      Cloppenburg, Landkreis;Tageseinrichtung;5970;805;1452
01.03.2016;03453;      Cloppenburg, Landkreis;Tagespflege;486;271;.
01.03.2016;03453;      Cloppenburg, Landkreis;Insgesamt (ohne Doppelzählungen);6353;1072;.
15.03.2007;03453;      Cloppenburg, Landkreis;Tageseinrichtung;5487;107;385
15.03.2007;03453;      Cloppenburg, Landkreis;Tagespflege;34;9;.
__________
"zu ""Kinder mit Mittagsverpflegung"":
alle Länder (bis 2008): keine Befragung."
Stand: 10.10.2017 / 18:21:55
"""


def test_variants_a_and_d_kind_of_care_as_row_dimension():
    table = genesis.read(DAYCARE)
    assert labels(table) == [
        "Betreute Kinder · Tageseinrichtung",
        "Betreute Kinder · Altersgruppe · unter 3 Jahre · Tageseinrichtung",
        "Kinder mit Mittagsverpflegung · Tageseinrichtung",
        "Betreute Kinder · Tagespflege",
        "Betreute Kinder · Altersgruppe · unter 3 Jahre · Tagespflege",
        "Kinder mit Mittagsverpflegung · Tagespflege",
        "Betreute Kinder · Insgesamt (ohne Doppelzählungen)",
        "Betreute Kinder · Altersgruppe · unter 3 Jahre · Insgesamt (ohne Doppelzählungen)",
        "Kinder mit Mittagsverpflegung · Insgesamt (ohne Doppelzählungen)",
    ]
    assert [s.measure for s in table.series[:3]] == [
        "Betreute Kinder",
        "Betreute Kinder",
        "Kinder mit Mittagsverpflegung",
    ]
    assert [(p.type, p.label) for p in table.periods] == [("Stichtag", "01.03.2016"), ("Stichtag", "15.03.2007")]
    assert len(table.cells) == 15
    got = values(table)
    assert got["03453", "15.03.2007", "Kinder mit Mittagsverpflegung · Tagespflege"] == "."
    assert got["03453", "15.03.2007", "Betreute Kinder · Altersgruppe · unter 3 Jahre · Tageseinrichtung"] == "107"
    assert table.footnotes[0].subject == "Kinder mit Mittagsverpflegung"


# The -B variant: names not indented; first value column labelled only in the top row; heading without colon.
STAFF_B = """GENESIS-Tabelle: 22543-02-02-4-B
Statistik der öffentl. geförd. Kindertagespflege,;;;;;
Pädagogisches, Leitungs- und Verwaltungspersonal;;;;;
- Stichtage - regionale Ebenen;;;;;
Statistik der öffentl. geförd. Kindertagespflege;;;;;
;;;Personal;Personal;Kindertagespflegepersonen
;;;;Altersgruppen;
;;;;unter 30 Jahre;
;;;Anzahl;Anzahl;Anzahl
01.03.2016;03453;Cloppenburg, Landkreis;898;219;178
01.03.2016;03403;Oldenburg (Oldb), Kreisfreie Stadt;1200;300;-
__________
"zu ""Tabelle gesamt""
Berlin: Kreistabelle liegt auch für Bezirke vor."
Stand: 10.10.2017 / 16:00:47
"""


def test_b_variant_without_indentation():
    table = genesis.read(STAFF_B)
    assert table.table == "22543-02-02-4-B"
    assert labels(table) == ["Personal", "Personal · Altersgruppen · unter 30 Jahre", "Kindertagespflegepersonen"]
    assert table.cells[0] == ("03453", "Cloppenburg, Landkreis", 0, 0, "898", None, 10)
    assert table.cells[-1] == ("03403", "Oldenburg (Oldb), Kreisfreie Stadt", 0, 2, "-", None, 11)
    assert [(p.type, p.label) for p in table.periods] == [("Stichtag", "01.03.2016")]
    assert table.source == "Statistik der öffentl. geförd. Kindertagespflege"
    assert table.title == (
        "Statistik der öffentl. geförd. Kindertagespflege, Pädagogisches, Leitungs- und Verwaltungspersonal "
        "- Stichtage - regionale Ebenen"
    )
    assert [(f.subject, f.text) for f in table.footnotes] == [
        ("Tabelle gesamt", "Berlin: Kreistabelle liegt auch für Bezirke vor.")
    ]


# A single header row, the reference date on its own line above it (variant C), age as row dimension (D).
AGES = """GENESIS-Tabelle: 12411-04-01-4
Bevölkerungsstand: Bevölkerung nach Geschlecht;;;;;
und Altersjahren (78) - Stichtag 31.12. -;;;;;
regionale Tiefe: Kreise und krfr. Städte;;;;;
Fortschreibung des Bevölkerungsstandes;;;;;
Bevölkerungsstand (Anzahl);;;;;
31.12.2010;;;;;
;;;Insgesamt;männlich;weiblich
DG;Deutschland;unter 1 Jahr;678233;347291;330942
DG;Deutschland;1 bis unter 2 Jahre;670614;343878;326736
03453;      Cloppenburg, Landkreis;unter 1 Jahr;1563;787;776
03453;      Cloppenburg, Landkreis;1 bis unter 2 Jahre;1607;837;770
__________
Stand: 10.10.2017 / 15:45:38
"""


def test_single_header_row_with_reference_date_line():
    table = genesis.read(AGES)
    assert [(p.type, p.label, p.date) for p in table.periods] == [("Stichtag", "31.12.2010", dt.date(2010, 12, 31))]
    assert labels(table) == [
        "Insgesamt · unter 1 Jahr",
        "männlich · unter 1 Jahr",
        "weiblich · unter 1 Jahr",
        "Insgesamt · 1 bis unter 2 Jahre",
        "männlich · 1 bis unter 2 Jahre",
        "weiblich · 1 bis unter 2 Jahre",
    ]
    assert {(s.measure, s.unit) for s in table.series} == {("Bevölkerungsstand", "Anzahl")}
    assert len(table.cells) == 12
    assert values(table)["03453", "31.12.2010", "Insgesamt · unter 1 Jahr"] == "1563"
    assert table.title == (
        "Bevölkerungsstand: Bevölkerung nach Geschlecht und Altersjahren (78) - Stichtag 31.12. - "
        "regionale Tiefe: Kreise und krfr. Städte"
    )


# Newer "Tabelle:" line, school years in the first column, school type per row, unit %, signs and quality flags.
SCHOOLS = """Tabelle: 21711-01-01-4
Schulen und Schüler nach Schularten;;;;;;
regionale Tiefe: Kreise und krfr. Städte;;;;;;
Statistik der allgemein bildenden Schulen;;;;;;
;;;;Schulen;Schüler;Anteil weiblich
;;;;Anzahl;Anzahl;%
2022/23;03453;      Cloppenburg, Landkreis;Gymnasien;5;4460;(52,3)
2022/23;03453;      Cloppenburg, Landkreis;Hauptschulen;...;1234p;/
2023/24;03453;      Cloppenburg, Landkreis;Gymnasien;x;4500;51,0
2023/24;03453;      Cloppenburg, Landkreis;Hauptschulen;0;-;-1,5
__________
Stand: 01.02.2025 / 08:00:00
"""


def test_school_years_signs_and_units():
    table = genesis.read(SCHOOLS)
    assert table.table == "21711-01-01-4"
    assert [(p.type, p.label, p.year, p.date) for p in table.periods] == [
        ("Schuljahr", "Schuljahr 2022/23", 2023, dt.date(2023, 7, 31)),
        ("Schuljahr", "Schuljahr 2023/24", 2024, dt.date(2024, 7, 31)),
    ]
    assert labels(table) == [
        "Schulen · Gymnasien",
        "Schüler · Gymnasien",
        "Anteil weiblich · Gymnasien",
        "Schulen · Hauptschulen",
        "Schüler · Hauptschulen",
        "Anteil weiblich · Hauptschulen",
    ]
    assert [s.unit for s in table.series] == ["Anzahl", "Anzahl", "%"] * 2
    assert [c[4] for c in table.cells] == [
        "5",
        "4460",
        "(52,3)",
        "...",
        "1234p",
        "/",
        "x",
        "4500",
        "51,0",
        "0",
        "-",
        "-1,5",
    ]
    assert table.source == "Statistik der allgemein bildenden Schulen"
    assert table.title == "Schulen und Schüler nach Schularten regionale Tiefe: Kreise und krfr. Städte"


def test_census_reference_date():
    text = """GENESIS-Tabelle: 12111-01-01-4
Zensus 2011: Bevölkerung nach Geschlecht;;;
Zensus 2011;;;
09.05.2011;;;
;;Insgesamt;weiblich
03453;      Cloppenburg, Landkreis;157000;78000
__________
Stand: 28.05.2014 / 10:00:00
"""
    table = genesis.read(text)
    assert [(p.type, p.label, p.date) for p in table.periods] == [("Zensusstichtag", "09.05.2011", dt.date(2011, 5, 9))]
    assert table.source == "Zensus 2011"
    assert table.title == "Zensus 2011: Bevölkerung nach Geschlecht"
    assert {s.unit for s in table.series} == {""}  # the file names no unit


def test_label_repeated_downwards_is_a_span_but_a_row_category_is_kept():
    text = """GENESIS-Tabelle: 13211-01-03-5
Arbeitslose;;;;
Jahr: 2016;;;;
;;Arbeitslose insgesamt;Arbeitslose;Arbeitslose
;;Arbeitslose insgesamt;und zwar;und zwar
;;Arbeitslose insgesamt;Ausländer;Frauen
03453;Cloppenburg;4731;962;2000
__________
Stand: 10.10.2017
"""
    table = genesis.read(text)
    assert labels(table) == [
        "Arbeitslose insgesamt",
        "Arbeitslose · und zwar · Ausländer",
        "Arbeitslose · und zwar · Frauen",
    ]
    assert [(p.type, p.label) for p in table.periods] == [("Jahr", "2016")]  # no type in the title


def test_value_column_without_any_header_label_is_not_a_row_dimension():
    text = """GENESIS-Tabelle: 12411-07-01-5
Durchschnittsalter der Bevölkerung (Jahre);;;;;
;;;;männlich;weiblich
31.12.2015;03453;Cloppenburg, Landkreis;40,5;39,3;41,7
__________
Stand: 10.10.2017
"""
    table = genesis.read(text)
    assert [s.parts for s in table.series] == [(), ("männlich",), ("weiblich",)]
    assert {(s.measure, s.unit) for s in table.series} == {("Durchschnittsalter der Bevölkerung", "Jahre")}
    assert [c[4] for c in table.cells] == ["40,5", "39,3", "41,7"]


def test_identical_column_labels_give_a_warning():
    text = """GENESIS-Tabelle: 99999-01-01-4
Test;;;
2015;;;
;;Insgesamt;Insgesamt
03453;Cloppenburg;1;2
__________
Stand: 10.10.2017
"""
    table = genesis.read(text)
    assert len(table.series) == 1
    assert table.warnings == [
        "Die Wertespalten 3 und 4 haben dieselbe Beschriftung; ihre Werte sind nicht zu unterscheiden."
    ]


def test_blank_lines_in_title_header_and_data_are_skipped():
    text = BASE.replace(";;;;männlich\n", ";;;;männlich\n\n").replace("40,5;39,3\n", "40,5;39,3\n;;;;\n\n")
    table = genesis.read(text)
    assert labels(table) == ["Durchschnittsalter", "Durchschnittsalter · männlich"]
    assert [c[6] for c in table.cells] == [9, 9, 12, 12]  # physical line numbers count the blank lines


def test_unusual_key_beside_a_period_is_kept_as_written():
    table = genesis.read(BASE.replace("31.12.2015;03453012;", "31.12.2015;K03453012;"))
    assert [c[0] for c in table.cells] == ["03453", "03453", "K03453012", "K03453012"]


def test_csv_error_becomes_read_error():
    error = read_error(BASE.replace("Molbergen;37,7", 'Molbergen;"' + "9" * 200_000 + '"'))
    assert "CSV" in error.reason
    assert error.line == 9


def test_trailing_empty_fields_beyond_header_width_are_allowed():
    table = genesis.read(BASE.replace("Molbergen;37,7;36,9", "Molbergen;37,7;36,9;;"))
    assert len(table.cells) == 4


def test_footer_without_stand_is_refused_as_truncated():
    # A file without its vintage could replace a newer one unnoticed: it is refused, not read.
    with pytest.raises(ReadError, match="Stand") as error:
        genesis.read(BASE.replace("Stand: 10.10.2017 / 11:06:08\n", ""))
    assert error.value.line is not None


def test_name_is_not_used_for_detection():
    assert labels(genesis.read(POPULATION, "21111-02-06-4.xlsx")) == labels(genesis.read(POPULATION))


# Errors: German message, line number, never another exception.
BASE = """GENESIS-Tabelle: 12411-07-01-5
Durchschnittsalter der Bevölkerung;;;;
- Stichtag 31.12. -;;;;
Fortschreibung des Bevölkerungsstandes;;;;
;;;Durchschnittsalter;Durchschnittsalter
;;;;männlich
;;;Jahre;Jahre
31.12.2015;03453;      Cloppenburg, Landkreis;40,5;39,3
31.12.2015;03453012;        Molbergen;37,7;36,9
__________
Stand: 10.10.2017 / 11:06:08
"""


def test_base_fixture_reads():
    table = genesis.read(BASE)
    assert labels(table) == ["Durchschnittsalter", "Durchschnittsalter · männlich"]
    assert {s.unit for s in table.series} == {"Jahre"}
    assert table.cells[-1] == ("03453012", "Molbergen", 0, 1, "36,9", None, 9)


def read_error(text: str) -> ReadError:
    with pytest.raises(ReadError) as info:
        genesis.read(text)
    return info.value


def test_missing_footer_is_an_error_at_the_last_line():
    error = read_error(BASE.split("__________")[0])
    assert "Fußzeile" in error.reason and "abgeschnitten" in error.reason
    assert error.line == 9


def test_truncated_row():
    error = read_error(BASE.split("Molbergen;37,7")[0] + "Molbergen;37,7")
    assert error.reason == "Zeile hat 4 statt 5 Felder (Datei abgeschnitten?)"
    assert error.line == 9


def test_non_numeric_cell():
    error = read_error(BASE.replace("Molbergen;37,7", "Molbergen;12a"))
    assert error.reason == "Wert „12a“ in Spalte 4 ist keine Zahl und kein Sonderzeichen"
    assert error.line == 9
    assert str(error).startswith("Zeile 9: ")


def test_empty_cell():
    error = read_error(BASE.replace("Cloppenburg, Landkreis;40,5;39,3", "Cloppenburg, Landkreis;40,5;"))
    assert "Leere Zelle in Spalte 5" in error.reason
    assert error.line == 8


def test_values_beyond_the_header_width():
    error = read_error(BASE.replace("Molbergen;37,7;36,9", "Molbergen;37,7;36,9;12"))
    assert "6 statt 5 Felder" in error.reason
    assert error.line == 9


def test_no_data_rows():
    text = BASE.replace("31.12.2015;03453;      Cloppenburg, Landkreis;40,5;39,3\n", "").replace(
        "31.12.2015;03453012;        Molbergen;37,7;36,9\n", ""
    )
    error = read_error(text)
    assert "Keine Datenzeile" in error.reason
    assert error.line == 8


def test_no_header_row():
    text = "\n".join(line for line in BASE.splitlines() if not line.startswith(";")) + "\n"
    error = read_error(text)
    assert "Keine Kopfzeile" in error.reason
    assert error.line == 5


def test_missing_table_line():
    error = read_error(BASE.replace("GENESIS-Tabelle: 12411-07-01-5", "Durchschnittsalter"))
    assert "GENESIS-Tabelle" in error.reason
    assert error.line == 1
    assert read_error("").line == 1


def test_unreadable_period_in_the_period_column():
    error = read_error(BASE.replace("31.12.2015;03453012", "31.02.2015;03453012"))
    assert error.reason == "Zeitangabe „31.02.2015“ ist nicht lesbar"
    assert error.line == 9


def test_stray_text_row_between_header_and_data():
    error = read_error(BASE.replace(";;;Jahre;Jahre\n", ";;;Jahre;Jahre\nKreise;Name;;\n"))
    assert "weder Kopf- noch Datenzeile" in error.reason
    assert error.line == 8


def test_no_period_anywhere():
    text = BASE.replace("31.12.2015;", "")
    text = text.replace(";;;Durchschnittsalter;", ";;Durchschnittsalter;").replace(";;;;männlich", ";;;männlich")
    text = text.replace(";;;Jahre;Jahre", ";;Jahre;Jahre")
    error = read_error(text)
    assert "Keine Zeitangabe" in error.reason


@pytest.mark.parametrize("fixture", [SCHOOL, DAYCARE], ids=["school", "daycare"])
def test_any_truncation_gives_a_table_or_a_read_error(fixture):
    """Cut the file at every position: the reader must never fail with anything but ReadError."""
    for end in range(len(fixture)):
        try:
            genesis.read(fixture[:end])
        except ReadError as error:
            assert error.reason and error.line is not None and error.line >= 1


# Real files (read only if the shared sample folder is present).
def sample(name: str) -> ParsedTable:
    raw = (GENESIS_SAMPLES / name).read_bytes()
    text = raw.decode("cp1252") if "cp1252" in name else raw.decode("utf-8")
    return genesis.read(text, name)


@needs_samples
def test_sample_21111_school_leavers():
    table = sample("21111-02-06-4_00.csv")
    got = values(table)
    year = "Schuljahr 2014/15"
    assert table.periods[0].year == 2015 and table.periods[0].label == year
    assert got["03453", year, "Schulabschluss · Insgesamt · Insgesamt"] == "2113"
    assert got["03453", year, "Schulabschluss · ohne Hauptschulabschluss · Insgesamt"] == "86"
    assert got["03453", year, "Schulabschluss · mit allgemeiner Hochschulreife · Insgesamt"] == "442"
    assert got["03453", year, "Schulabschluss · mit Fachhochschulreife · weiblich"] == "."
    assert table.stand == dt.datetime(2017, 10, 10, 16, 24, 41)
    assert {s.measure for s in table.series} == {"Absolventen/Abgänger"}
    assert table.footnotes[0].subject == "gesamte Tabelle"


@needs_samples
def test_sample_12411_07_average_age():
    table = sample("12411-07-01-5_00.csv")
    got = values(table)
    assert [(p.type, p.label, p.date) for p in table.periods] == [("Stichtag", "31.12.2015", dt.date(2015, 12, 31))]
    label = "Durchschnittsalter der Bevölkerung"
    assert got["03453012", "31.12.2015", label] == "37,7"
    assert got["03453001", "31.12.2015", label] == "42,9"
    assert got["03453", "31.12.2015", label] == "40,5"
    assert table.series[0].unit == "Jahre"
    assert len(table.cells) == 14493 * 3
    assert sum(1 for c in table.cells if c[4] == "-") == 8199
    assert [c[1] for c in table.cells if c[0] == "03453012"] == ["Molbergen"] * 3


@needs_samples
def test_sample_13211_unemployed():
    table = sample("13211-01-03-5_00.csv")
    assert [(p.type, p.label) for p in table.periods] == [("Jahresdurchschnitt", "Jahresdurchschnitt 2016")]
    assert values(table)["03453", "Jahresdurchschnitt 2016", "Arbeitslose insgesamt"] == "4731"
    assert table.source == "Arbeitsmarktstatistik der Bundesagentur für Arbeit"


@needs_samples
def test_sample_21121_cp1252_vocational_schools():
    table = sample("21121-02-02-4_2023_cp1252.csv")
    got = values(table)
    year = "Schuljahr 2022/23"
    assert got["03453", year, "Absolvierende/Abgehende · Geschlecht · Insgesamt"] == "1006"
    assert got["03453", year, "Absolvierende/Abgehende · Geschlecht · weiblich"] == "512"
    assert got["03453", year, "nachrichtl.: zus.erw.schul.Teil d. Fachhochs.reife · Geschlecht · weiblich"] == "37"
    assert "Städte" in table.title
    assert "Absolventen/Abgänger mit Hauptschulabschluss" in [f.subject for f in table.footnotes]
    assert {c[1] for c in table.cells if c[0] == "01003"} == {"Lübeck, kreisfreie Stadt, Hansestadt"}
    assert table.stand == dt.datetime(2025, 3, 12, 8, 15, 24)


@needs_samples
def test_sample_12411_06_period_row():
    table = sample("12411-06-01-5_00.csv")
    assert [(p.type, p.label, p.date) for p in table.periods] == [("Stichtag", "30.06.2015", dt.date(2015, 6, 30))]
    assert values(table)["03453", "30.06.2015", "Bevölkerungsstand 30.06. · Insgesamt"] == "164154"
    assert {s.unit for s in table.series} == {"Anzahl"}


@needs_samples
def test_sample_12411_04_ages_as_row_dimension():
    table = sample("12411-04-01-4_00.csv")
    assert [(p.type, p.label) for p in table.periods] == [("Stichtag", "31.12.2010")]
    assert len(table.series) == 3 * 79
    assert sum(1 for s in table.series if s.parts[0] == "Insgesamt") == 79
    assert values(table)["03453", "31.12.2010", "Insgesamt · unter 1 Jahr"] == "1563"
    assert table.stand == dt.datetime(2017, 10, 10, 15, 45, 38)


@needs_samples
def test_sample_12711_double_space_collapsed():
    table = sample("12711-02-02-4_00.csv")
    label = "Zuzüge aus dem Ausland über die Gemeindegrenzen · Geschlecht · Insgesamt · unter 18 Jahre"
    assert values(table)["03453", "2015", label] == "533"
    assert not any("  " in part for s in table.series for part in s.parts)
    assert len(table.series) == 12 * 7
    assert [(p.type, p.label) for p in table.periods] == [("Jahressumme", "2015")]
    assert [f.subject for f in table.footnotes][1] == "Zuzüge über die Gemeindegrenzen"


@needs_samples
def test_sample_22543_01_kind_of_care():
    table = sample("22543-01-01-4_00.csv")
    assert sorted(p.date for p in table.periods) == [
        dt.date(2007, 3, 15),
        dt.date(2008, 3, 15),
        dt.date(2009, 3, 1),
        dt.date(2010, 3, 1),
    ]
    assert {p.type for p in table.periods} == {"Stichtag"}
    got = values(table)
    assert got["03453", "15.03.2007", "Kinder mit Mittagsverpflegung · Tagespflege"] == "."
    assert got["03453", "01.03.2010", "Kinder, Herkunft mind. 1 Elternteil ausländisch · Tageseinrichtung"] == "1555"
    assert got["03453", "01.03.2010", "Betreute Kinder · Altersgruppe · unter 3 Jahre · Insgesamt"] == "344"
    assert len(table.series) == 6 * 3


@needs_samples
def test_sample_22543_02_b_variant():
    table = sample("22543-02-02-4-B_00.csv")
    assert table.series[0].label == "Pädagogisches, Leitungs- und Verwaltungspersonal"
    assert table.series[-1].label == "Kindertagespflegepersonen"
    assert values(table)["03453", "01.03.2016", "Pädagogisches, Leitungs- und Verwaltungspersonal"] == "898"
    assert {c[1] for c in table.cells if c[0] == "03453"} == {"Cloppenburg, Landkreis"}
    assert len(table.cells) == 477 * 8
    assert table.stand == dt.datetime(2017, 10, 10, 16, 0, 47)


@needs_samples
def test_sample_12511_cp1252_years():
    table = sample("12511-01-01-4_cp1252.csv")
    assert sorted(p.year for p in table.periods) == [2011, 2012, 2013, 2014, 2015, 2016]
    assert {p.type for p in table.periods} == {"Jahr"}
    label = "Einbürgerungen von Ausländern · Kontinente (einschl. staatenlos etc.) · Insgesamt"
    assert values(table)["03453", "2016", label] == "74"
    assert table.stand == dt.datetime(2018, 2, 27, 13, 0, 56)
