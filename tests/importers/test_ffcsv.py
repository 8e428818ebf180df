"""The ffcsv reader: small fixtures in the real layout, then the real sample files where present."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from data_access.importers import ffcsv
from data_access.importers.base import Period, ReadError, SeriesDesc, parse_cell

SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "samples"
needs_samples = pytest.mark.skipif(not SAMPLES.is_dir(), reason="shared/samples not present")

HEAD = "statistics_code;statistics_label;time_code;time_label;time"
GROUP = "{n}_variable_code;{n}_variable_label;{n}_variable_attribute_code;{n}_variable_attribute_label"
TAIL = "value;value_unit;value_variable_code;value_variable_label"


def header(groups: int, quality: bool = False) -> str:
    cols = [HEAD, *(GROUP.format(n=n) for n in range(1, groups + 1)), TAIL]
    return ";".join(cols) + (";value_q" if quality else "")


def ffcsv_text(groups: int, *rows: str, quality: bool = False, bom: bool = True, newline: str = "\n") -> str:
    return ("\ufeff" if bom else "") + newline.join([header(groups, quality), *rows]) + newline


POP = "12411;Fortschreibung des Bevölkerungsstandes;STAG;Stichtag;2024-12-31"
KREIS = "KREISE;Kreise und kreisfreie Städte;03453;Cloppenburg, Landkreis"
BEV = "Anzahl;BEVSTD;Bevölkerungsstand"


def test_german_file_with_bom_gives_the_long_form():
    text = ffcsv_text(
        2,
        f"{POP};{KREIS};GES;Geschlecht;;Insgesamt;177025;{BEV}",
        f"{POP};{KREIS};GES;Geschlecht;GESW;weiblich;87030;{BEV}",
        f"{POP};GEMEIN;Gemeinden;03453004;  Cloppenburg, Stadt;GES;Geschlecht;GESW;weiblich;19,5;{BEV}",
    )
    table = ffcsv.read(text, "12411-0018_de_flat.csv")
    assert (table.format, table.table, table.title, table.source) == (
        "ffcsv",
        "12411-0018",
        "Fortschreibung des Bevölkerungsstandes",
        "Fortschreibung des Bevölkerungsstandes",
    )
    assert table.stand is None and table.footnotes == [] and table.encoding == "" and table.warnings == []
    assert table.periods == [Period("Stichtag", dt.date(2024, 12, 31), "31.12.2024", 2024)]
    assert table.series == [
        SeriesDesc("12411-0018", "Bevölkerungsstand", ("Bevölkerungsstand", "Insgesamt"), "Anzahl", ("BEVSTD", "GES:")),
        SeriesDesc(
            "12411-0018", "Bevölkerungsstand", ("Bevölkerungsstand", "weiblich"), "Anzahl", ("BEVSTD", "GES:GESW")
        ),
    ]
    assert table.cells == [
        ("03453", "Cloppenburg, Landkreis", 0, 0, "177025", None, 2),
        ("03453", "Cloppenburg, Landkreis", 0, 1, "87030", None, 3),
        ("03453004", "Cloppenburg, Stadt", 0, 1, "19,5", None, 4),
    ]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("12531-0043_175879554_flat.csv", "12531-0043"),
        ("AI-N-01-2-5_ffcsv_de.csv", "AI-N-01-2-5"),
        ("21311-01-01-4-B_1773175045085_de_flat.csv", "21311-01-01-4-B"),
        ("downloads/12411-0001.csv", "12411-0001"),
        ("daten.csv", "12411"),
        ("", "12411"),
    ],
)
def test_table_code_comes_from_the_file_name_else_the_statistic(name, expected):
    text = ffcsv_text(1, f"{POP};{KREIS};177025;{BEV}")
    table = ffcsv.read(text, name)
    assert table.table == expected
    assert table.series[0].table == expected


def test_english_export_total_germany_and_varying_slot_order():
    census = "2000S;Population: education, employment;STAG;Reference date;2022-05-15"
    germany = "GEODL1;Germany;DG;Germany"
    text = ffcsv_text(
        3,
        f"{census};{germany};WDGAT2;Immigration history;;Total;ERWST3;Activity status;;Total;80777360;number;PRS004;Persons",
        f"{census};{germany};ERWST3;Activity status;ERWERB;Total labour force;WDGAT2;Immigration history;;Total;"
        "43752890.5;number;PRS004;Persons",
        f"{census};{germany};WDGAT2;Immigration history;;Total;ERWST3;Activity status;ERWERB;Total labour force;"
        "/;number;PRS004;Persons",
        f"{census};{germany};WDGAT1;Immigration history;NACHKOMMEN;Descendants;ERWST3;Activity status;;Total;"
        "2550640;number;PRS004;Persons",
    )
    table = ffcsv.read(text, "2000S-2003_ffcsv_en.csv")
    assert table.table == "2000S-2003"
    assert table.periods == [Period("Zensusstichtag", dt.date(2022, 5, 15), "15.05.2022", 2022)]
    # rows 3 and 4 hold the same classifications in swapped slots: one series, parts ordered by variable code
    assert [s.codes for s in table.series] == [
        ("PRS004", "ERWST3:", "WDGAT2:"),
        ("PRS004", "ERWST3:ERWERB", "WDGAT2:"),
        ("PRS004", "ERWST3:", "WDGAT1:NACHKOMMEN"),
    ]
    assert table.series[1].parts == ("Persons", "Total labour force", "Total")
    assert table.series[1].unit == "number"
    assert [(c[0], c[1], c[3], c[4]) for c in table.cells] == [
        ("DG", "Germany", 0, "80777360"),
        ("DG", "Germany", 1, "43752890.5"),
        ("DG", "Germany", 1, "/"),
        ("DG", "Germany", 2, "2550640"),
    ]
    assert parse_cell(table.cells[1][4])[0] == 43752890.5


def test_quality_column_goes_into_the_quality_slot():
    micro = "12211;Grundprogramm des Mikrozensus;JAHR;Jahr;2019"
    kind = "LBFORM01;Art der Lebensform;LB-INS;Insgesamt"
    text = ffcsv_text(
        2,
        f"{micro};KREISE;Kreise;05554;Borken, Kreis;{kind};166;1000;LBFMZ01;Lebensformen;e",
        f"{micro};KREISE;Kreise;05120;Remscheid, kreisfreie Stadt;{kind};14;1000;LBFMZ01;Lebensformen;()",
        f"{micro};KREISE;Kreise;09564;Nürnberg, kreisfreie Stadt;{kind};-;1000;LBFMZ01;Lebensformen;",
        f"{micro};KREISE;Kreise;03453;Cloppenburg, Landkreis;{kind};7,5;1000;LBFMZ01;Lebensformen;",
        quality=True,
    )
    table = ffcsv.read(text, "12211-Z-11_ffcsv_de_quality.csv")
    assert [(c[4], c[5]) for c in table.cells] == [("166", "e"), ("14", "()"), ("-", None), ("7,5", None)]
    assert table.periods == [Period("Jahr", dt.date(2019, 12, 31), "2019", 2019)]
    assert table.series[0].unit == "1000"
    assert table.warnings == []


def test_an_unknown_quality_flag_is_kept_and_reported():
    text = ffcsv_text(1, f"{POP};{KREIS};5;{BEV};z", quality=True)
    table = ffcsv.read(text)
    assert table.cells[0][5] == "z"
    assert table.warnings == ["Unbekannte Qualitätskennzeichen übernommen: 'z' (1×)"]


@pytest.mark.parametrize("sign", ["-", ".", "/", "x", "..."])
def test_special_signs_are_kept_verbatim(sign):
    table = ffcsv.read(ffcsv_text(1, f"{POP};{KREIS};{sign};{BEV}"))
    assert table.cells[0][4] == sign


def test_semester_periods_and_four_slots_with_crlf():
    student = "21311;Statistik der Studierenden;SEMEST;Semester"
    classes = (
        "GESINS;Geschlecht;GESW;weiblich;NAT01;Nationalität;NATA;ausländisch;"
        "HS-FG2;Fächergruppe;HS-FG07;Agrar-,  Forst- und Ernährungswissensch."
    )
    text = ffcsv_text(
        4,
        f"{student};2023-10P6M;KREISE;Kreise;09175;Ebersberg, Landkreis;{classes};-;Anzahl;HS-W02;Studierende",
        f"{student};2024-04P6M;KREISE;Kreise;09175;Ebersberg, Landkreis;{classes};12;Anzahl;HS-W02;Studierende",
        newline="\r\n",
    )
    table = ffcsv.read(text, "21311-01-01-4-B_1773175045085_de_flat.csv")
    assert table.periods == [
        Period("Semester", dt.date(2024, 3, 31), "WS 2023/24", 2023),
        Period("Semester", dt.date(2024, 9, 30), "SS 2024", 2024),
    ]
    assert len(table.series) == 1
    assert table.series[0].parts == (
        "Studierende",
        "weiblich",
        "Agrar-, Forst- und Ernährungswissensch.",
        "ausländisch",
    )
    assert table.series[0].codes == ("HS-W02", "GESINS:GESW", "HS-FG2:HS-FG07", "NAT01:NATA")
    assert [(c[2], c[4], c[6]) for c in table.cells] == [(0, "-", 2), (1, "12", 3)]


@pytest.mark.parametrize(
    ("code", "label", "text", "expected"),
    [
        ("STAG", "Stichtag", "2024-12-31", Period("Stichtag", dt.date(2024, 12, 31), "31.12.2024", 2024)),
        ("STAG", "Stichtag", "01.03.2016", Period("Stichtag", dt.date(2016, 3, 1), "01.03.2016", 2016)),
        ("STAG", "Stichtag", "2011-05-09", Period("Zensusstichtag", dt.date(2011, 5, 9), "09.05.2011", 2011)),
        ("JAHR", "Jahr", "2023", Period("Jahr", dt.date(2023, 12, 31), "2023", 2023)),
        (
            "JAHR",
            "Jahresdurchschnitt",
            "2016",
            Period("Jahresdurchschnitt", dt.date(2016, 12, 31), "Jahresdurchschnitt 2016", 2016),
        ),
        ("JAHR", "Jahressumme", "2015", Period("Jahressumme", dt.date(2015, 12, 31), "Jahressumme 2015", 2015)),
        ("SCHJAHR", "Schuljahr", "2022/23", Period("Schuljahr", dt.date(2023, 7, 31), "Schuljahr 2022/23", 2023)),
        ("SEMEST", "Semester", "2023-10P6M", Period("Semester", dt.date(2024, 3, 31), "WS 2023/24", 2023)),
        ("JAHR", "Jahr", "2023-01P1Y", Period("Jahr", dt.date(2023, 12, 31), "2023", 2023)),
    ],
)
def test_periods(code, label, text, expected):
    assert ffcsv.parse_period(code, label, text) == expected


@pytest.mark.parametrize("text", ["2023-13-01", "2023/25", "Q1 2023", "2023-02P3M", ""])
def test_unknown_periods_are_refused(text):
    with pytest.raises(ValueError):
        ffcsv.parse_period("JAHR", "Jahr", text)


def test_a_bad_period_names_the_line():
    text = ffcsv_text(1, f"{POP};{KREIS};5;{BEV}", f"{POP[:-10]}2024-02-30;{KREIS};5;{BEV}")
    with pytest.raises(ReadError) as err:
        ffcsv.read(text)
    assert err.value.line == 3
    assert "2024-02-30" in err.value.reason


def test_a_truncated_last_row_is_refused():
    text = ffcsv_text(1, f"{POP};{KREIS};177025;{BEV}", f"{POP};{KREIS};1770")
    with pytest.raises(ReadError) as err:
        ffcsv.read(text)
    assert err.value.line == 3
    assert err.value.reason == "Zeile hat 10 statt 13 Felder (Datei abgeschnitten?)"
    assert str(err.value).startswith("Zeile 3: ")


def test_a_non_numeric_value_names_line_and_column():
    text = ffcsv_text(1, f"{POP};{KREIS};177025;{BEV}", f"{POP};{KREIS};viele;{BEV}")
    with pytest.raises(ReadError) as err:
        ffcsv.read(text)
    assert err.value.line == 3
    assert "'viele'" in err.value.reason and "'value'" in err.value.reason


def test_an_empty_value_is_refused():
    with pytest.raises(ReadError) as err:
        ffcsv.read(ffcsv_text(1, f"{POP};{KREIS};;{BEV}"))
    assert err.value.line == 2
    assert "Wert fehlt" in err.value.reason


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (header(2) + "\n", 2, "keine Datenzeilen"),
        (header(2) + "\n\n\n", 2, "keine Datenzeilen"),
        ("", 1, "leer"),
        ("\ufeff", 1, "leer"),
        ("Statistik_Code;Statistik_Label;Zeit_Code\n12411;x;JAHR\n", 1, "kein ffcsv-Kopf"),
        (header(1).replace(";value_unit", "") + "\n", 1, "'value_unit' fehlt"),
        (header(1).replace("1_variable_label;", "") + "\n", 1, "'1_variable_label' fehlt"),
        (header(1) + ";value\n", 1, "doppelt"),
        (header(1) + '\n12411;"unclosed\n', 2, "Felder"),
    ],
)
def test_unreadable_files_raise_read_error(text, line, words):
    with pytest.raises(ReadError) as err:
        ffcsv.read(text)
    assert err.value.line == line
    assert words in err.value.reason


def test_blank_lines_are_skipped_and_quoted_semicolons_kept():
    text = ffcsv_text(1, "", f'{POP};KREISE;Kreise;03453;"Cloppenburg; Landkreis";5;{BEV}', "")
    table = ffcsv.read(text)
    assert table.cells == [("03453", "Cloppenburg; Landkreis", 0, 0, "5", None, 3)]


def test_without_a_regional_variable_the_region_is_germany():
    text = ffcsv_text(1, "12211;Mikrozensus;JAHR;Jahr;2023;GES;Geschlecht;GESM;männlich;41427;1000;BEV036;Bevölkerung")
    table = ffcsv.read(text)
    assert table.cells == [("DG", "Deutschland", 0, 0, "41427", None, 2)]
    assert table.series[0].codes == ("BEV036", "GES:GESM")


def test_an_unknown_regional_variable_is_found_by_its_keys():
    rows = [
        f"{POP};GES;Geschlecht;GESW;weiblich;LKNEU;Landkreise neu;{key};{name};{value};{BEV}"
        for key, name, value in [("03453", "Cloppenburg, Landkreis", 5), ("03453004", "Cloppenburg, Stadt", 7)]
    ]
    table = ffcsv.read(ffcsv_text(2, *rows))
    assert [(c[0], c[1]) for c in table.cells] == [
        ("03453", "Cloppenburg, Landkreis"),
        ("03453004", "Cloppenburg, Stadt"),
    ]
    assert table.series[0].codes == ("BEVSTD", "GES:GESW")


def test_unknown_columns_are_reported_not_read():
    text = header(1) + ";extra\n" + f"{POP};{KREIS};5;{BEV};egal\n"
    table = ffcsv.read(text)
    assert table.cells[0][4] == "5"
    assert table.warnings == ["Spalte 'extra' unbekannt, nicht gelesen"]


# --- the real files ------------------------------------------------------------------------


def read_zip(path: Path) -> tuple[str, str]:
    with zipfile.ZipFile(path) as archive:
        (member,) = archive.namelist()
        return member, archive.read(member).decode("utf-8-sig")


def read_sample(relative: str):
    path = SAMPLES / relative
    return ffcsv.read(path.read_text(encoding="utf-8-sig"), path.name)


def values_of(table, series_index: int) -> dict[str, str]:
    return {c[0]: c[4] for c in table.cells if c[3] == series_index}


@needs_samples
def test_sample_settlement_area_share():
    table = read_sample("genesis/AI-N-01-2-5_ffcsv_de.csv")
    assert table.table == "AI-N-01-2-5"
    assert table.periods == [Period("Jahr", dt.date(2023, 12, 31), "2023", 2023)]
    share = next(i for i, s in enumerate(table.series) if s.codes == ("AI0111",))
    assert table.series[share].measure == "Anteil Siedlungs- und Verkehrsfläche an Gesamtfläche"
    assert table.series[share].unit == "Prozent"
    values = values_of(table, share)
    assert values["03453004"] == "30,5"
    assert values["03453002"] == "11,4"
    assert parse_cell(values["03453004"])[0] == 30.5
    assert len(table.cells) == 27132 and len(values) == 13566


@needs_samples
def test_sample_protection_seekers_zip():
    member, text = read_zip(SAMPLES / "ffcsv" / "12531-0043_ffcsv_de.zip")
    table = ffcsv.read(text, member)
    assert table.table == "12531-0043"
    assert table.title == "Statistik über Schutzsuchende"
    assert len(table.cells) == 116738
    assert table.periods == [Period("Stichtag", dt.date(2024, 12, 31), "31.12.2024", 2024)]
    assert all(int(c[4]) % 5 == 0 for c in table.cells)
    cloppenburg = [c for c in table.cells if c[0] == "03453"]
    assert len(cloppenburg) == 259 and sum(int(c[4]) for c in cloppenburg) == 17100
    assert {c[1] for c in cloppenburg} == {"Cloppenburg, Landkreis"}
    assert len({c[0] for c in table.cells}) == 393
    assert {s.codes[1].split(":")[0] for s in table.series} == {"GES"}
    assert all(len(s.parts) == 4 for s in table.series)


@needs_samples
def test_sample_students_semester_and_signs():
    member, text = read_zip(SAMPLES / "ffcsv" / "21311-01-01-4-B_ffcsv_de.zip")
    table = ffcsv.read(text, member)
    assert table.table == "21311-01-01-4-B"
    assert table.periods == [Period("Semester", dt.date(2024, 3, 31), "WS 2023/24", 2023)]
    signs = Counter(c[4] for c in table.cells if not c[4].isdigit())
    assert signs == {"-": 31926, ".": 1300}
    assert len(table.cells) == 44100 and len({c[0] for c in table.cells}) == 490


@needs_samples
def test_sample_quality_flags():
    table = read_sample("ffcsv/12211-Z-11_ffcsv_de_quality.csv")
    assert Counter(c[5] for c in table.cells) == {None: 1049, "e": 893, "()": 14}
    assert table.series[0].unit == "1000"
    remscheid = next(c for c in table.cells if c[0] == "05120" and c[5] == "()")
    assert remscheid[4] == "14"
    assert {c[4] for c in table.cells if c[0] == "15352"} == {"-"}  # a former Kreis


@needs_samples
def test_sample_census_english():
    table = read_sample("ffcsv/2000S-2003_ffcsv_en.csv")
    assert table.table == "2000S-2003"
    assert {(c[0], c[1]) for c in table.cells} == {("DG", "Germany")}
    assert table.periods == [Period("Zensusstichtag", dt.date(2022, 5, 15), "15.05.2022", 2022)]
    assert [c[4] for c in table.cells].count("/") == 3
    assert len(table.series) == 72  # WDGAT1 and WDGAT2 rows are different series
    first = table.series[table.cells[0][3]]
    assert first.parts == ("Persons", "Total", "Total") and first.codes == ("PRS004", "ERWST3:", "WDGAT2:")
    assert parse_cell(table.cells[0][4])[0] == 80777360
