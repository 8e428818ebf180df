"""The old flat CSV reader: small fixtures in the real layout, then the real sample files where present."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from data_access.importers import flat
from data_access.importers.base import Period, ReadError, SeriesDesc

SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "samples"
needs_samples = pytest.mark.skipif(not SAMPLES.is_dir(), reason="shared/samples not present")

HEAD = "Statistik_Code;Statistik_Label;Zeit_Code;Zeit_Label;Zeit"
GROUP = "{n}_Merkmal_Code;{n}_Merkmal_Label;{n}_Auspraegung_Code;{n}_Auspraegung_Label"
MICRO = "12211;Mikrozensus;JAHR;Jahr;2023;DINSG;Deutschland insgesamt;DG;Deutschland"
VALUES = (
    "BEV036__Bevoelkerung_in_Hauptwohnsitzhaushalten__1000;"
    "ERW041__Erwerbstaetige_aus_Hauptwohnsitzhaushalten__1000;"
    "ERW042__Erwerbslose_aus_Hauptwohnsitzhaushalten__1000"
)


def flat_text(groups: int, values: str, *rows: str, newline: str = "\n") -> str:
    cols = [HEAD, *(GROUP.format(n=n) for n in range(1, groups + 1)), values]
    return newline.join([";".join(cols), *rows]) + newline


def test_several_value_columns_give_one_series_each():
    text = flat_text(
        3,
        VALUES,
        f"{MICRO};GES;Geschlecht;GESM;männlich;ALT068;Altersgruppen;ALT000B15;unter 15 Jahre;6174;x;x",
        f"{MICRO};ALT068;Altersgruppen;ALT070B75;70 bis unter 75 Jahre;GES;Geschlecht;;Insgesamt;4351;396;/",
        f"{MICRO};GES;Geschlecht;;Insgesamt;ALT068;Altersgruppen;ALT070B75;70 bis unter 75 Jahre;4352;397;-",
    )
    table = flat.read(text, "12211-0001_oldflat_de.csv")
    assert (table.format, table.table, table.title, table.source, table.stand) == (
        "flat",
        "12211-0001",
        "Mikrozensus",
        "Mikrozensus",
        None,
    )
    assert table.periods == [Period("Jahr", dt.date(2023, 12, 31), "2023", 2023)]
    assert table.series[:3] == [
        SeriesDesc(
            "12211-0001",
            "Bevoelkerung in Hauptwohnsitzhaushalten",
            ("Bevoelkerung in Hauptwohnsitzhaushalten", "unter 15 Jahre", "männlich"),
            "1000",
            ("BEV036", "ALT068:ALT000B15", "GES:GESM"),
        ),
        SeriesDesc(
            "12211-0001",
            "Erwerbstaetige aus Hauptwohnsitzhaushalten",
            ("Erwerbstaetige aus Hauptwohnsitzhaushalten", "unter 15 Jahre", "männlich"),
            "1000",
            ("ERW041", "ALT068:ALT000B15", "GES:GESM"),
        ),
        SeriesDesc(
            "12211-0001",
            "Erwerbslose aus Hauptwohnsitzhaushalten",
            ("Erwerbslose aus Hauptwohnsitzhaushalten", "unter 15 Jahre", "männlich"),
            "1000",
            ("ERW042", "ALT068:ALT000B15", "GES:GESM"),
        ),
    ]
    # rows 3 and 4 swap the slots of the same classifications: the same three series
    assert len(table.series) == 6
    assert table.series[3].parts == ("Bevoelkerung in Hauptwohnsitzhaushalten", "70 bis unter 75 Jahre", "Insgesamt")
    assert table.series[3].codes == ("BEV036", "ALT068:ALT070B75", "GES:")
    assert table.cells == [
        ("DG", "Deutschland", 0, 0, "6174", None, 2),
        ("DG", "Deutschland", 0, 1, "x", None, 2),
        ("DG", "Deutschland", 0, 2, "x", None, 2),
        ("DG", "Deutschland", 0, 3, "4351", None, 3),
        ("DG", "Deutschland", 0, 4, "396", None, 3),
        ("DG", "Deutschland", 0, 5, "/", None, 3),
        ("DG", "Deutschland", 0, 3, "4352", None, 4),
        ("DG", "Deutschland", 0, 4, "397", None, 4),
        ("DG", "Deutschland", 0, 5, "-", None, 4),
    ]


def test_indented_region_names_reference_dates_and_crlf():
    value = "LBFMZ01__Lebensformen_am_Hauptwohnort__1000"
    kind = "LBFORM01;Art der Lebensform;LB-INS;Insgesamt"
    text = flat_text(
        2,
        value,
        f"12211;Grundprogramm;STAG;Stichtag;31.12.2019;KREISE;Kreise;DG;Deutschland;{kind};42059",
        f"12211;Grundprogramm;STAG;Stichtag;31.12.2019;KREISE;Kreise;03;  Niedersachsen;{kind};3,5",
        f"12211;Grundprogramm;STAG;Stichtag;2020-12-31;KREISE;Kreise;03453;      Cloppenburg, Landkreis;{kind};73",
        newline="\r\n",
    )
    table = flat.read(text)
    assert table.table == "12211"  # no file name: the statistic's code
    assert table.periods == [
        Period("Stichtag", dt.date(2019, 12, 31), "31.12.2019", 2019),
        Period("Stichtag", dt.date(2020, 12, 31), "31.12.2020", 2020),
    ]
    assert [(c[0], c[1], c[2], c[4]) for c in table.cells] == [
        ("DG", "Deutschland", 0, "42059"),
        ("03", "Niedersachsen", 0, "3,5"),
        ("03453", "Cloppenburg, Landkreis", 1, "73"),
    ]
    assert table.series == [
        SeriesDesc(
            "12211",
            "Lebensformen am Hauptwohnort",
            ("Lebensformen am Hauptwohnort", "Insgesamt"),
            "1000",
            ("LBFMZ01", "LBFORM01:LB-INS"),
        )
    ]


def test_value_column_names_without_unit_and_with_extra_parts():
    text = flat_text(
        1,
        "AI0111__Anteil_Siedlungs-_und_Verkehrsflaeche;XY1__a__b__Tsd._EUR",
        "99910;Regionalatlas;JAHR;Jahr;2023;GEMEIN;Gemeinden;03453004;Cloppenburg, Stadt;30,5;12",
    )
    table = flat.read(text, "AI-N-01-2-5_flat.csv")
    assert [(s.measure, s.unit, s.codes) for s in table.series] == [
        ("Anteil Siedlungs- und Verkehrsflaeche", "", ("AI0111",)),
        ("a b", "Tsd. EUR", ("XY1",)),
    ]
    assert [(c[0], c[3], c[4]) for c in table.cells] == [("03453004", 0, "30,5"), ("03453004", 1, "12")]


def test_a_truncated_last_row_is_refused():
    text = flat_text(3, VALUES, f"{MICRO};GES;Geschlecht;GESM;männlich;ALT068;Altersgruppen;;Insgesamt;1;2;3", MICRO)
    with pytest.raises(ReadError) as err:
        flat.read(text)
    assert err.value.line == 3
    assert err.value.reason == "Zeile hat 9 statt 20 Felder (Datei abgeschnitten?)"


def test_a_non_numeric_value_names_line_and_column():
    text = flat_text(1, VALUES, f"{MICRO};1;2;n.v.")
    with pytest.raises(ReadError) as err:
        flat.read(text)
    assert err.value.line == 2
    assert "'n.v.'" in err.value.reason
    assert "ERW042__Erwerbslose_aus_Hauptwohnsitzhaushalten__1000" in err.value.reason


def test_an_empty_value_is_refused():
    with pytest.raises(ReadError) as err:
        flat.read(flat_text(1, VALUES, f"{MICRO};1;;3"))
    assert err.value.line == 2 and "Wert fehlt" in err.value.reason


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (flat_text(1, VALUES), 2, "keine Datenzeilen"),
        ("", 1, "leer"),
        ("statistics_code;statistics_label;time_code\n1;2;3\n", 1, "kein Flat-CSV-Kopf"),
        (";".join([HEAD, GROUP.format(n=1)]) + "\n", 1, "Keine Wertspalte"),
        (";".join([HEAD.replace(";Zeit_Label", ""), "X__Y__Z"]) + "\n", 1, "'Zeit_Label' fehlt"),
        (
            ";".join([HEAD, "1_Merkmal_Code;1_Merkmal_Label;1_Auspraegung_Code", "X__Y__Z"]) + "\n",
            1,
            "1_Auspraegung_Label",
        ),
        (";".join([HEAD, "__Y__Z"]) + "\n", 1, "ohne Code"),
        (flat_text(1, VALUES, "12211;Mikrozensus;JAHR;Jahr;20X3;DINSG;D;DG;Deutschland;1;2;3"), 2, "'20X3'"),
    ],
)
def test_unreadable_files_raise_read_error(text, line, words):
    with pytest.raises(ReadError) as err:
        flat.read(text)
    assert err.value.line == line
    assert words in err.value.reason


# --- the real files ------------------------------------------------------------------------


def read_sample(name: str):
    path = SAMPLES / "ffcsv" / name
    return flat.read(path.read_text(encoding="utf-8-sig"), path.name)


@needs_samples
def test_sample_microcensus_five_value_columns():
    table = read_sample("12211-0001_oldflat_de.csv")
    assert table.table == "12211-0001"
    assert {s.codes[0] for s in table.series} == {"BEV036", "ERW041", "ERW042", "ERW040", "ERW043"}
    assert len(table.series) == 5 * 45 and len(table.cells) == 5 * 45
    assert {s.unit for s in table.series} == {"1000"}
    assert Counter(c[4] for c in table.cells if not c[4].isdigit()) == {"x": 9, "/": 7}
    total = next(
        i
        for i, s in enumerate(table.series)
        if s.codes == ("BEV036", "ALT068:", "GES:") and s.parts[1:] == ("Insgesamt", "Insgesamt")
    )
    assert [c[4] for c in table.cells if c[3] == total] == ["83875"]
    assert {(c[0], c[1]) for c in table.cells} == {("DG", "Deutschland")}


@needs_samples
def test_sample_living_arrangements_all_levels():
    table = read_sample("12211-Z-11_oldflat_de.csv")
    assert table.table == "12211-Z-11"
    assert table.periods == [Period("Jahr", dt.date(2019, 12, 31), "2019", 2019)]
    assert len(table.cells) == 2152 and len(table.series) == 4
    names = {c[0]: c[1] for c in table.cells}
    assert names["DG"] == "Deutschland"
    assert names["01"] == "Schleswig-Holstein"
    assert names["01001"] == "Flensburg, kreisfreie Stadt"
    assert len(names) == 538
    total = table.series.index(
        SeriesDesc(
            "12211-Z-11",
            "Lebensformen am Hauptwohnort",
            ("Lebensformen am Hauptwohnort", "Insgesamt"),
            "1000",
            ("LBFMZ01", "LBFORM01:LB-INS"),
        )
    )
    assert next(c[4] for c in table.cells if c[0] == "DG" and c[3] == total) == "42059"
    assert Counter(c[4] for c in table.cells if not c[4].isdigit()) == {"-": 1028, "/": 29}
