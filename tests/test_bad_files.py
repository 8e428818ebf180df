"""Bad input files: every one is refused, in German, naming the file (and the line), and the store stays unchanged.

Each case is imported into a store that already holds a small valid GENESIS import. The
store's content (data version, row counts and a hash of every row of the data tables) is
taken before and after the refused import and must be identical: a bad file writes
nothing, not even half of itself. The cases are hand-made (one per kind of damage, with
the line the message must name) and generated (valid fixtures truncated in the middle of
a row, with a value cell replaced by garbage, without their footer).
"""

from __future__ import annotations

import gzip
import hashlib
import io
import os
import random
import re
import shutil
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from data_access.importing import ImportRefused, import_bytes, import_file
from data_access.models import (
    Cell,
    CellHistory,
    ImportBatch,
    IndicatorValue,
    Period,
    Region,
    Series,
    StoreMeta,
)
from data_access.regions import base_regions
from data_access.store import Store
from tests.conftest import GEMEINDEN, KREIS, SCOPE

DEFAULT_LIMIT = 50 * 1024 * 1024
GERMAN_WORDS = (
    "Zeile",
    "Datei",
    "Wert",
    "Spalte",
    "Kodierung",
    "ZIP",
    "erlaubt",
    "fehlt",
    "unbekannt",
    "leer",
    "nicht",
    "kein",
    "beschädigt",
)

# --- fingerprint of the store ---------------------------------------------------------------

FINGERPRINT_MODELS = (StoreMeta, Cell, Series, Period, Region, ImportBatch, IndicatorValue, CellHistory)


def fingerprint(store: Store) -> dict[str, object]:
    """Data version, and per table the row count and a hash of all rows in primary-key order."""
    out: dict[str, object] = {}
    with store.sessions() as session:
        out["data_version"] = session.scalar(select(StoreMeta.value).where(StoreMeta.key == "data_version"))
        for model in FINGERPRINT_MODELS:
            table = model.__table__
            rows = session.execute(select(table).order_by(*table.primary_key.columns)).all()
            digest = hashlib.sha256(repr([tuple(row) for row in rows]).encode("utf-8")).hexdigest()
            out[table.name] = (len(rows), digest)
    return out


# --- valid fixtures -------------------------------------------------------------------------

NAMES = ["Barßel", "Bösel", "Cappeln (Oldenburg)", "Cloppenburg, Stadt"]
GENESIS_DATA_LINES = range(9, 16)  # lines 9..15 are the data rows of every genesis_lines() file
GENESIS_FOOTER_LINE = 16


def genesis_lines(period: str = "31.12.2016", stand: str = "10.10.2017 / 11:06:08", shift: int = 0) -> list[str]:
    """Durchschnittsalter per Gemeinde (12411-07-01-5): DG, Land, Kreis and four Gemeinden, with footer."""
    rows = [
        f"{period};DG;Deutschland;44,{2 + shift};42,8;45,6",
        f"{period};03;  Niedersachsen;44,{3 + shift};42,9;45,7",
        f"{period};{KREIS};      Cloppenburg, Landkreis;39,{8 - shift};38,9;40,7",
    ]
    rows += [
        f"{period};{key};        {name};{40 + i},{1 + shift};{39 + i},2;{41 + i},3"
        for i, (key, name) in enumerate(zip(GEMEINDEN, NAMES, strict=False))
    ]
    return [
        "GENESIS-Tabelle: 12411-07-01-5",
        "Durchschnittsalter der Bevölkerung;;;;;",
        "- Stichtag 31.12. -;;;;;",
        "regionale Tiefe: Gemeinden, Samt-/Verbandsgemeinden;;;;;",
        "Fortschreibung des Bevölkerungsstandes;;;;;",
        ";;;Durchschnittsalter der Bevölkerung;Durchschnittsalter der Bevölkerung;Durchschnittsalter der Bevölkerung",
        ";;;;männlich;weiblich",
        ";;;Jahre;Jahre;Jahre",
        *rows,
        "__________",
        '"© Statistische Ämter des Bundes und der Länder, Deutschland, 2017.',
        "Dieses Werk ist lizensiert unter der Datenlizenz Deutschland",
        '- Namensnennung - Version 2.0."',
        f"Stand: {stand}",
    ]


def crlf(lines: list[str], encoding: str = "cp1252") -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def lf(lines: list[str], encoding: str = "utf-8", bom: bool = False) -> bytes:
    return (b"\xef\xbb\xbf" if bom else b"") + ("\n".join(lines) + "\n").encode(encoding)


BASE_GENESIS = crlf(genesis_lines("31.12.2015"))  # what the store holds before every bad import
BASE_REVISION = crlf(genesis_lines("31.12.2015", stand="01.02.2018 / 09:00:00", shift=1))  # fills cell_history
GOOD_GENESIS = crlf(genesis_lines())  # a new valid file: the bad GENESIS files are this one, damaged

FFCSV_HEADER = (
    "statistics_code;statistics_label;time_code;time_label;time;"
    "1_variable_code;1_variable_label;1_variable_attribute_code;1_variable_attribute_label;"
    "2_variable_code;2_variable_label;2_variable_attribute_code;2_variable_attribute_label;"
    "value;value_unit;value_variable_code;value_variable_label"
)
FFCSV_WIDTH = 17
POP = "12411;Fortschreibung des Bevölkerungsstandes;STAG;Stichtag;2024-12-31"
BEV = "Anzahl;BEVSTD;Bevölkerungsstand"


def ffcsv_lines() -> list[str]:
    """Population by sex for the Kreis and three Gemeinden (lines 2..9)."""
    rows = [
        f"{POP};KREISE;Kreise und kreisfreie Städte;{KREIS};Cloppenburg, Landkreis;GES;Geschlecht;;Insgesamt;177025;{BEV}",
        f"{POP};KREISE;Kreise und kreisfreie Städte;{KREIS};Cloppenburg, Landkreis;GES;Geschlecht;GESW;weiblich;87030;{BEV}",
    ]
    for i, (key, name) in enumerate(zip(GEMEINDEN[:3], NAMES, strict=False)):
        rows.append(f"{POP};GEMEIN;Gemeinden;{key};{name};GES;Geschlecht;;Insgesamt;{13000 + i};{BEV}")
        rows.append(f"{POP};GEMEIN;Gemeinden;{key};{name};GES;Geschlecht;GESW;weiblich;{6400 + i};{BEV}")
    return [FFCSV_HEADER, *rows]


GOOD_FFCSV = lf(ffcsv_lines(), bom=True)
FFCSV_DATA_LINES = range(2, 10)

FLAT_HEADER = (
    "Statistik_Code;Statistik_Label;Zeit_Code;Zeit_Label;Zeit;"
    "1_Merkmal_Code;1_Merkmal_Label;1_Auspraegung_Code;1_Auspraegung_Label;"
    "2_Merkmal_Code;2_Merkmal_Label;2_Auspraegung_Code;2_Auspraegung_Label;"
    "BEVSTD__Bevoelkerungsstand__Anzahl"
)
FLAT_POP = "12411;Fortschreibung des Bevölkerungsstandes;STAG;Stichtag;31.12.2023"


def flat_lines() -> list[str]:
    """The older flat CSV: the Kreis and two Gemeinden by sex (lines 2..5)."""
    return [
        FLAT_HEADER,
        f"{FLAT_POP};KREISE;Kreise und kreisfreie Städte;{KREIS};Cloppenburg, Landkreis;GES;Geschlecht;GESM;männlich;88100",
        f"{FLAT_POP};KREISE;Kreise und kreisfreie Städte;{KREIS};Cloppenburg, Landkreis;GES;Geschlecht;GESW;weiblich;86200",
        f"{FLAT_POP};GEMEIN;Gemeinden;{GEMEINDEN[0]};Barßel;GES;Geschlecht;GESM;männlich;6400",
        f"{FLAT_POP};GEMEIN;Gemeinden;{GEMEINDEN[0]};Barßel;GES;Geschlecht;GESW;weiblich;6350",
    ]


GOOD_FLAT = lf(flat_lines())

TEMPLATE_HEADER = "indicator;region;period;value;flag;note"


def template_lines() -> list[str]:
    """The Landkreis template: VHS courses and own Kita places (lines 2..7)."""
    return [
        TEMPLATE_HEADER,
        f"vhs_kurse;{GEMEINDEN[0]};2024;312;;Kursort Barßel",
        f"vhs_kurse;{GEMEINDEN[1]};2024;120;;",
        f"vhs_kurse;{GEMEINDEN[2]};2024;;.;geheim (weniger als 3 Kurse)",
        f"kita_plaetze_eigen;{GEMEINDEN[3]};01.03.2024;1.234,5;;Jugendamt",
        f"kita_plaetze_eigen;{GEMEINDEN[4]};01.03.2024;98;p;vorläufig",
        f"kita_plaetze_eigen;{KREIS};01.03.2024;4567;;",
    ]


GOOD_TEMPLATE = lf(template_lines())
TEMPLATE_DATA_LINES = range(2, 8)


def big_template() -> bytes:
    """A valid template of more than 10 000 bytes (13 Gemeinden × 40 years)."""
    lines = [TEMPLATE_HEADER]
    lines += [
        f"vhs_kurse;{key};{year};{year % 97 + i};;" for i, key in enumerate(GEMEINDEN) for year in range(1985, 2025)
    ]
    data = lf(lines)
    assert len(data) > 10_000
    return data


BIG_TEMPLATE = big_template()


def xlsx_bytes(rows: list[list[object]], title: str = "Daten") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


TEMPLATE_ROWS: list[list[object]] = [
    ["indicator", "region", "period", "value", "flag", "note"],
    ["vhs_kurse", GEMEINDEN[0], 2023, 300, None, "Kursort Barßel"],
    ["vhs_kurse", GEMEINDEN[1], 2023, 118, None, None],
    ["vhs_kurse", GEMEINDEN[2], 2023, None, ".", "geheim"],
]
GOOD_XLSX = xlsx_bytes(TEMPLATE_ROWS)


def zip_bytes(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    return buffer.getvalue()


GOOD_ZIP = zip_bytes({"12411-0015_ffcsv_de.csv": GOOD_FFCSV})

# --- helpers to damage files ---------------------------------------------------------------


def replace_line(lines: list[str], number: int, text: str) -> list[str]:
    out = list(lines)
    out[number - 1] = text
    return out


def replace_field(lines: list[str], number: int, index: int, text: str) -> list[str]:
    fields = lines[number - 1].split(";")
    fields[index] = text
    return replace_line(lines, number, ";".join(fields))


def drop_column(lines: list[str], name: str) -> list[str]:
    index = lines[0].split(";").index(name)
    return [";".join(f for i, f in enumerate(line.split(";")) if i != index) for line in lines]


def insert_line(lines: list[str], after: int, text: str) -> list[str]:
    return [*lines[:after], text, *lines[after:]]


def flip(data: bytes, position: int, count: int = 4) -> bytes:
    """XOR ``count`` bytes from ``position`` with 0xFF."""
    middle = bytes(b ^ 0xFF for b in data[position : position + count])
    return data[:position] + middle + data[position + count :]


def member_data_range(archive: bytes, name: str) -> tuple[int, int]:
    """Start and end of the compressed data of a ZIP member."""
    info = zipfile.ZipFile(io.BytesIO(archive)).getinfo(name)
    offset = info.header_offset
    name_len, extra_len = struct.unpack("<HH", archive[offset + 26 : offset + 30])
    start = offset + 30 + name_len + extra_len
    return start, start + info.compress_size


def encrypted_flag(archive: bytes) -> bytes:
    """Set the 'encrypted' bit in every local and central header, as an encrypting zip tool would."""
    data = bytearray(archive)
    for signature, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (at := data.find(signature, start)) >= 0:
            (flags,) = struct.unpack("<H", data[at + flag_at : at + flag_at + 2])
            data[at + flag_at : at + flag_at + 2] = struct.pack("<H", flags | 0x1)
            start = at + 4
    return bytes(data)


def mojibake_latin1(text: str) -> bytes:
    """UTF-8 bytes read as Latin-1 and saved again as UTF-8 (``Bevölkerung`` → ``BevÃ¶lkerung``)."""
    return text.encode("utf-8").decode("latin-1").encode("utf-8")


def mojibake_cp1252(text: str) -> bytes:
    """UTF-8 bytes read as Windows-1252 and saved again as UTF-8 (``Barßel`` → ``BarÃŸel``)."""
    return text.encode("utf-8").decode("cp1252").encode("utf-8")


def random_junk(seed: int, size: int = 3000) -> bytes:
    rng = random.Random(seed)
    data = bytearray(rng.randbytes(size))
    for i in range(0, size, 97):
        data[i] = 0
    data[:4] = b"\x13\x37\x00\x01"  # never a ZIP, a BOM or text
    return bytes(data)


# --- hand-made cases ------------------------------------------------------------------------


def case(case_id: str, data: bytes, name: str, line: int | None = None, *, limit: int = DEFAULT_LIMIT, words=()):
    return pytest.param(data, name, line, limit, tuple(words), id=case_id)


G = genesis_lines()
F = ffcsv_lines()
FL = flat_lines()
T = template_lines()
GN = "12411-07-01-5.csv"  # file names as they come from the sources
FN = "12411-0015_ffcsv_de.csv"
FLN = "12411-0015_flat.csv"
TN = "Vorlage_eigene_Daten.csv"
XN = "Vorlage_eigene_Daten.xlsx"
ZN = "12411-0015_ffcsv_de.zip"

FOOTNOTE_LINES = [
    *G[:GENESIS_FOOTER_LINE],
    '"zu ""gesamte Tabelle"":',
    "Durchschnittsalter: arithmetisches Mittel der Altersjahre",
    ' "',
    *G[GENESIS_FOOTER_LINE:],
]
FOOTNOTE_BYTES = crlf(FOOTNOTE_LINES)

STRUCTURE_CASES = [
    case("empty-file", b"", GN),
    case("only-whitespace", b"  \r\n\t \r\n   ", GN),
    case("only-newlines", b"\r\n\r\n\n", GN),
    case("only-utf8-bom", b"\xef\xbb\xbf", FN),
    case("only-utf8-bom-and-blanks", b"\xef\xbb\xbf\r\n  \r\n", FN),
    case("genesis-only-first-line", crlf(G[:1]), GN, 1),
    case("genesis-only-first-line-no-newline", G[0].encode("cp1252"), GN, 1),
    case("genesis-without-table-code", crlf(["Tabelle:", *G[1:]]), GN, 1),
    case("genesis-title-only", crlf(G[:5]), GN, 5),
    case("genesis-header-but-no-data-rows", crlf([*G[:8], *G[15:]]), GN, 9),
    case("genesis-header-no-data-no-footer", crlf(G[:8]), GN, 8),
    case("genesis-no-header-rows", crlf([*G[:5], *G[8:]]), GN, 6),
    case("genesis-missing-footer", crlf(G[:15]), GN, 15),
    case("genesis-missing-footer-no-final-newline", "\r\n".join(G[:15]).encode("cp1252"), GN, 15),
    case("genesis-stand-without-footer-line", crlf([*G[:15], G[-1]]), GN, 16),
    case("genesis-truncated-in-row-fewer-fields", crlf([*G[:12], G[12][:30]]), GN, 13),
    case("genesis-truncated-after-semicolon", crlf([*G[:12], G[12].rsplit(";", 1)[0] + ";"]), GN, 13),
    case("genesis-truncated-in-period", crlf([*G[:12], "31.12.20"]), GN, 13),
    case("genesis-truncated-in-last-value", "\r\n".join([*G[:14], G[14][:-1]]).encode("cp1252"), GN, 15),
    case("genesis-truncated-in-quoted-footnote", FOOTNOTE_BYTES[: FOOTNOTE_BYTES.index(b"arithmetisches") + 5], GN),
    case("genesis-truncated-in-quoted-copyright", BASE_GENESIS[: BASE_GENESIS.index(b"Datenlizenz")], GN),
    case("genesis-truncated-right-after-footer-line", crlf(G[:GENESIS_FOOTER_LINE]), GN),
    case("genesis-extra-values-right-of-table", crlf(replace_line(G, 12, G[11] + ";99")), GN, 12),
    case("genesis-row-with-unbalanced-quote", crlf(replace_field(G, 12, 2, '"        Barßel')), GN, 12),
    case("genesis-comma-separated", crlf([G[0], *(line.replace(";", ",") for line in G[1:])]), GN),
    case("genesis-unreadable-period-31.02.", crlf(replace_field(G, 12, 0, "31.02.2016")), GN, 12),
    case("genesis-unreadable-school-year", crlf(replace_field(G, 12, 0, "2015/17")), GN, 12),
    case("genesis-older-stand-would-replace-newer", crlf(genesis_lines("31.12.2015", "01.01.2016 / 08:00:00", 2)), GN),
]

NON_NUMERIC = [
    "12a",
    "1,2,3",
    "NaN",
    "inf",
    "-inf",
    "--",
    "1_000",
    "0x1A",
    "12 345",
    "?",
    "n.a.",
    "(12",
    "12)",
    "#WERT!",
]
VALUE_CASES = [
    case(f"genesis-value-{text}", crlf(replace_field(G, 12, 3, text)), GN, 12, words=["Wert"]) for text in NON_NUMERIC
]
VALUE_CASES += [
    case("genesis-empty-value-cell", crlf(replace_field(G, 12, 4, "")), GN, 12),
    case(
        "genesis-all-value-cells-empty",
        crlf(replace_line(G, 13, f"31.12.2016;{GEMEINDEN[1]};        Bösel;;;")),
        GN,
        13,
    ),
    case("genesis-blank-value-cell", crlf(replace_field(G, 14, 5, "   ")), GN, 14),
]

REGION_CASES = [
    case(f"genesis-region-{key}", crlf(replace_field(G, 12, 1, key)), GN, 12)
    for key in ("XY123", "0345", "123456789012345", "17", "99", "D", "Barßel")
]
REGION_CASES += [
    case("genesis-region-empty", crlf(replace_field(G, 12, 1, "")), GN, 12),
    case("genesis-gemeinde-03453099-not-in-kreis", crlf(replace_field(G, 12, 1, "03453099")), GN, 12),
    case("genesis-gemeinde-03453000", crlf(replace_field(G, 12, 1, "03453000")), GN, 12),
]

DUPLICATE_CASES = [
    case("genesis-duplicate-row-identical", crlf(insert_line(G, 12, G[11])), GN, 13, words=["Zeile 12"]),
    case(
        "genesis-duplicate-row-other-values",
        crlf(insert_line(G, 15, G[11].replace("40,1", "40,9"))),
        GN,
        16,
        words=["Zeile 12"],
    ),
    case("ffcsv-duplicate-row", lf(insert_line(F, 9, F[3]), bom=True), FN, 10, words=["Zeile 4"]),
    case("flat-duplicate-row", lf(insert_line(FL, 5, FL[1])), FLN, 6, words=["Zeile 2"]),
    case("template-duplicate-row", lf(insert_line(T, 3, T[1].replace("312", "313"))), TN, 4, words=["Zeile 2"]),
    case(
        "template-duplicate-row-reference-date",
        lf(insert_line(T, 7, f"kita_plaetze_eigen;{GEMEINDEN[3]};01.03.2024;11;;")),
        TN,
        8,
        words=["Zeile 5"],
    ),
]

GENESIS_TEXT = "\r\n".join(G) + "\r\n"
T_TEXT = "\n".join(T) + "\n"
ENCODING_CASES = [
    case("utf16-le-without-bom", GENESIS_TEXT.encode("utf-16-le"), GN),
    case("utf16-be-without-bom", GENESIS_TEXT.encode("utf-16-be"), GN),
    case("utf16-bom-lone-surrogate", b"\xff\xfe" + "GENESIS".encode("utf-16-le") + b"\x00\xd8\x41\x00", GN),
    case("cp1252-with-undefined-0x81", GOOD_GENESIS.replace(b"Bar\xdfel", b"Bar\x81el"), GN, 12),
    case("cp1252-with-undefined-0x8D", GOOD_GENESIS.replace(b"B\xf6sel", b"B\x8dsel"), GN, 13),
    case("cp1252-with-undefined-0x9D", GOOD_GENESIS.replace(b"44,3", b"44\x9d3"), GN, 10),
    case("utf8-with-undefined-0x8F", GOOD_TEMPLATE.replace(b"120", b"1\x8f0"), TN, 3),
    case("utf8-bom-with-cp1252-umlaut", GOOD_FFCSV.replace("Bösel".encode(), "Bösel".encode("cp1252")), FN, 6),
    case("mojibake-genesis-latin1", mojibake_latin1(GENESIS_TEXT), GN, words=["Ã¶"]),
    case("mojibake-genesis-cp1252", mojibake_cp1252(GENESIS_TEXT), GN),
    case("mojibake-ffcsv-with-bom", b"\xef\xbb\xbf" + mojibake_latin1("\n".join(F) + "\n"), FN),
    case("mojibake-template-latin1-only-sz", mojibake_latin1(T_TEXT.replace("vorläufig", "vorlaeufig")), TN),
    case(
        "mojibake-template-latin1-only-capital-umlauts",
        mojibake_latin1(T_TEXT.replace("Barßel", "Übertrag aus ÖPNV-Erhebung").replace("vorläufig", "vorlaeufig")),
        TN,
    ),
    case("nul-byte-in-genesis-row", GOOD_GENESIS.replace(b"Bar\xdfel", b"Bar\x00el"), GN),
]

BINARY_CASES = [
    case("random-bytes-with-nul-1", random_junk(1), "daten.csv"),
    case("random-bytes-with-nul-2", random_junk(2, 50), "daten.csv"),
    case("random-bytes-with-nul-3", random_junk(3, 20000), "export.csv"),
    case("png-image", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(200), "karte.png"),
    case("jpeg-image", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01" + bytes(100), "foto.jpg"),
    case(
        "pdf-document",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer\n%%EOF\n",
        "bericht.pdf",
        1,
    ),
    case("gzip-of-valid-genesis", gzip.compress(GOOD_GENESIS, mtime=0), "12411-07-01-5.csv.gz"),
    case("ole2-xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), "alte_vorlage.xls"),
]

LAYOUT_CASES = [
    case("plain-csv-a-b-c", b"a;b;c\n1;2;3\n", "tabelle.csv", 1, words=["Format"]),
    case("json-document", b'{"indicator": "vhs_kurse", "region": "03453001", "value": 3}\n', "daten.json", 1),
    case("json-list", b'[\n  {"a": 1},\n  {"a": 2}\n]\n', "daten.json", 1),
    case(
        "html-page",
        b"<!DOCTYPE html>\n<html lang='de'><head><title>Fehler 503</title></head>"
        b"<body><p>Der Dienst ist nicht erreichbar.</p></body></html>\n",
        "12411-07-01-5.csv",
        1,
    ),
    case("xml-document", b'<?xml version="1.0" encoding="UTF-8"?>\n<tabelle><zeile/></tabelle>\n', "export.xml", 1),
    case("plain-text", "Bevölkerung im Landkreis Cloppenburg\n".encode(), "notiz.txt", 1),
    case("genesis-with-leading-blank-line", crlf(["", *G]), GN, 1),
    case("ffcsv-comma-separated", lf([line.replace(";", ",") for line in F], bom=True), FN, 1),
]

FFCSV_CASES = [
    case("ffcsv-missing-time-column", lf(drop_column(F, "time"), bom=True), FN, 1, words=["time"]),
    case("ffcsv-missing-value-column", lf(drop_column(F, "value"), bom=True), FN, 1, words=["value"]),
    case("ffcsv-missing-unit-column-header-only", lf([F[0].replace(";value_unit", ""), *F[1:]], bom=True), FN, 1),
    case("ffcsv-missing-group-label-column", lf(drop_column(F, "2_variable_label"), bom=True), FN, 1),
    case("ffcsv-duplicate-column", lf([F[0].replace("time_label", "time_code"), *F[1:]], bom=True), FN, 1),
    case("ffcsv-header-only", lf(F[:1], bom=True), FN, 2),
    case("ffcsv-extra-field", lf(replace_line(F, 4, F[3] + ";x"), bom=True), FN, 4),
    case("ffcsv-missing-field", lf(replace_line(F, 5, F[4].rsplit(";", 1)[0]), bom=True), FN, 5),
    case("ffcsv-semicolon-in-label", lf(replace_field(F, 6, 8, "Barßel; Gemeinde"), bom=True), FN, 6),
    case("ffcsv-unterminated-quote", lf(replace_field(F, 3, 1, '"Fortschreibung'), bom=True), FN, 3),
    case("ffcsv-value-12a", lf(replace_field(F, 3, 13, "12a"), bom=True), FN, 3),
    case("ffcsv-value-nan", lf(replace_field(F, 4, 13, "NaN"), bom=True), FN, 4),
    case("ffcsv-value-1,2,3", lf(replace_field(F, 5, 13, "1,2,3"), bom=True), FN, 5),
    case("ffcsv-value-empty", lf(replace_field(F, 6, 13, ""), bom=True), FN, 6),
    case("ffcsv-time-2023-13-45", lf(replace_field(F, 3, 4, "2023-13-45"), bom=True), FN, 3),
    case("ffcsv-time-20X3", lf(replace_field(F, 4, 4, "20X3"), bom=True), FN, 4),
    case("ffcsv-time-2023-25-school-year", lf(replace_field(F, 5, 4, "2023/25"), bom=True), FN, 5),
    case("ffcsv-time-31.02.2024", lf(replace_field(F, 6, 4, "31.02.2024"), bom=True), FN, 6),
    case("ffcsv-time-empty", lf(replace_field(F, 7, 4, ""), bom=True), FN, 7),
    case("ffcsv-region-empty", lf(replace_field(F, 4, 7, ""), bom=True), FN, 4),
    case("ffcsv-region-XY123", lf(replace_field(F, 4, 7, "XY123"), bom=True), FN, 4),
    case("ffcsv-region-land-17", lf(replace_field(F, 4, 7, "17"), bom=True), FN, 4),
    case("ffcsv-region-15-digits", lf(replace_field(F, 6, 7, "123456789012345"), bom=True), FN, 6),
    case("ffcsv-gemeinde-03453099", lf(replace_field(F, 6, 7, "03453099"), bom=True), FN, 6),
    case("ffcsv-ars-of-unknown-gemeinde", lf(replace_field(F, 7, 7, "034530099099"), bom=True), FN, 7),
]

FLAT_CASES = [
    case(
        "flat-value-column-without-separator",
        lf([FL[0].replace("BEVSTD__Bevoelkerungsstand__Anzahl", "BEVSTD_Bevoelkerungsstand_Anzahl"), *FL[1:]]),
        FLN,
        1,
    ),
    case("flat-value-column-without-code", lf([FL[0].replace("BEVSTD__", "__"), *FL[1:]]), FLN, 1),
    case(
        "flat-value-column-without-label",
        lf([FL[0].replace("__Bevoelkerungsstand__", "____"), *FL[1:]]),
        FLN,
        1,
    ),
    case("flat-value-column-blank", lf([FL[0].replace("BEVSTD__Bevoelkerungsstand__Anzahl", " "), *FL[1:]]), FLN, 1),
    case("flat-missing-zeit-column", lf(drop_column(FL, "Zeit")), FLN, 1),
    case("flat-missing-group-column", lf(drop_column(FL, "2_Auspraegung_Code")), FLN, 1),
    case("flat-truncated-row", lf([*FL[:3], FL[3][:40]]), FLN, 4),
    case("flat-value-abc", lf(replace_field(FL, 3, 13, "abc")), FLN, 3),
    case("flat-time-31.02.2023", lf(replace_field(FL, 2, 4, "31.02.2023")), FLN, 2),
]

TEMPLATE_CASES = [
    case("template-missing-period-column", lf(drop_column(T, "period")), TN, 1),
    case("template-missing-value-column", lf(drop_column(T, "value")), TN, 1),
    case("template-missing-region-column", lf(drop_column(T, "region")), TN, 1),
    case("template-missing-indicator-column", lf(drop_column(T, "indicator")), TN, 1),
    case("template-header-only", lf(T[:1]), TN, 1),
    case("template-period-2024-99", lf(replace_field(T, 3, 2, "2024/99")), TN, 3),
    case("template-period-31.02.2024", lf(replace_field(T, 3, 2, "31.02.2024")), TN, 3),
    case("template-period-abc", lf(replace_field(T, 4, 2, "abc")), TN, 4),
    case("template-period-2024-13-01", lf(replace_field(T, 5, 2, "2024-13-01")), TN, 5),
    case("template-period-empty", lf(replace_field(T, 6, 2, "")), TN, 6),
    case("template-period-two-digit-year", lf(replace_field(T, 2, 2, "24")), TN, 2),
    case("template-value-with-dot-flag", lf(replace_field(T, 3, 4, ".")), TN, 3),
    case("template-value-with-x-flag", lf(replace_field(T, 3, 4, "x")), TN, 3),
    case("template-unknown-flag-q", lf(replace_field(T, 2, 4, "q")), TN, 2),
    case("template-flag-word-geheim", lf(replace_field(T, 7, 4, "geheim")), TN, 7),
    case("template-empty-indicator", lf(replace_field(T, 3, 0, "")), TN, 3),
    case("template-empty-region", lf(replace_field(T, 4, 1, "")), TN, 4),
    case("template-value-zwoelf", lf(replace_field(T, 2, 3, "zwölf")), TN, 2),
    case("template-value-and-flag-empty", lf(replace_field(T, 4, 4, "")), TN, 4),
    case("template-region-XY123", lf(replace_field(T, 5, 1, "XY123")), TN, 5),
    case("template-region-land-17", lf(replace_field(T, 5, 1, "17")), TN, 5),
    case("template-region-spreadsheet-3453099", lf(replace_field(T, 6, 1, "3453099")), TN, 6),
    case("template-indicator-too-long", lf(replace_field(T, 2, 0, "x" * 61)), TN, 2),
    case(
        "template-wide-form-bad-value",
        lf(["indicator;region;2022;2023", f"vhs_kurse;{GEMEINDEN[0]};12;14", f"vhs_kurse;{GEMEINDEN[1]};12;abc"]),
        TN,
        3,
    ),
]

XLSX_BASE = GOOD_XLSX
XLSX_CASES = [
    case(
        "xlsx-junk-workbook-xml",
        zip_bytes(
            {
                "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                b'package/2006/content-types"></Types>',
                "xl/workbook.xml": b"das ist kein XML \x00\x01\x02",
            }
        ),
        XN,
    ),
    case("xlsx-truncated-half", XLSX_BASE[: len(XLSX_BASE) // 2], XN),
    case("xlsx-truncated-last-bytes", XLSX_BASE[:-30], XN),
    *(
        case(
            f"xlsx-bytes-flipped-in-{member.split('/')[-1]}-at-{share}",
            flip(XLSX_BASE, start + (end - start) * share // 100),
            XN,
        )
        for member in ("xl/worksheets/sheet1.xml", "xl/workbook.xml")
        for start, end in [member_data_range(XLSX_BASE, member)]
        for share in (10, 50, 70)
    ),
    case("xlsx-empty-sheet", xlsx_bytes([]), XN),
    case("xlsx-header-only", xlsx_bytes(TEMPLATE_ROWS[:1]), XN, 1),
    case("xlsx-not-a-template", xlsx_bytes([["a", "b", "c"], [1, 2, 3]]), XN, 1),
    case("xlsx-bad-value", xlsx_bytes([*TEMPLATE_ROWS[:2], ["vhs_kurse", GEMEINDEN[1], 2023, "abc"]]), XN, 3),
    case("xlsx-bad-period", xlsx_bytes([*TEMPLATE_ROWS[:2], ["vhs_kurse", GEMEINDEN[1], "2024/99", 5]]), XN, 3),
    case("xlsx-unknown-gemeinde", xlsx_bytes([*TEMPLATE_ROWS[:2], ["vhs_kurse", 3453099, 2023, 5]]), XN, 3),
]

ZIP_MEMBER = zip_bytes({"12411-0015_ffcsv_de.csv": GOOD_FFCSV})
ZIP_START, ZIP_END = member_data_range(ZIP_MEMBER, "12411-0015_ffcsv_de.csv")
ZIP_CASES = [
    *(
        case(f"zip-bytes-flipped-at-{share}", flip(ZIP_MEMBER, ZIP_START + (ZIP_END - ZIP_START) * share // 100), ZN)
        for share in (10, 33, 50, 66, 90)
    ),
    case("zip-truncated-half", ZIP_MEMBER[: len(ZIP_MEMBER) // 2], ZN, words=["ZIP"]),
    case("zip-truncated-in-central-directory", ZIP_MEMBER[:-10], ZN, words=["ZIP"]),
    case("zip-empty-archive", zip_bytes({}), ZN),
    case("zip-only-a-folder", zip_bytes({"daten/": b""}), ZN, words=["leer"]),
    case("zip-encrypted-member", encrypted_flag(ZIP_MEMBER), ZN, words=["verschlüsselt"]),
    case("zip-nested-zip", zip_bytes({"innen.zip": ZIP_MEMBER}, zipfile.ZIP_STORED), ZN),
    case("zip-21-members", zip_bytes({f"teil_{i:02d}.csv": GOOD_FFCSV for i in range(21)}), ZN, words=["20"]),
    case("zip-bomb-5-mb-of-zeros", zip_bytes({"bombe.csv": bytes(5_000_000)}), ZN, limit=1_000_000),
    case(
        "zip-members-together-over-limit",
        zip_bytes({f"teil_{i}.csv": b"0" * 300_000 for i in range(5)}),
        ZN,
        limit=1_000_000,
    ),
    case("zip-unpacked-over-limit", zip_bytes({"vorlage.csv": BIG_TEMPLATE}), ZN, limit=10_000),
    case("file-over-size-limit", BIG_TEMPLATE, TN, limit=10_000, words=["erlaubt"]),
    case(
        "zip-valid-member-and-bad-member",
        zip_bytes({"12411-07-01-5.csv": GOOD_GENESIS, "vorlage.csv": lf(replace_field(T, 3, 2, "2024/99"))}),
        ZN,
        3,
    ),
    case("zip-member-unknown-format", zip_bytes({"liesmich.txt": b"Hallo\n"}), ZN, 1),
    case("zip-member-binary", zip_bytes({"karte.png": b"\x89PNG\r\n\x1a\n" + bytes(64)}), ZN),
]

HAND_MADE = [
    *STRUCTURE_CASES,
    *VALUE_CASES,
    *REGION_CASES,
    *DUPLICATE_CASES,
    *ENCODING_CASES,
    *BINARY_CASES,
    *LAYOUT_CASES,
    *FFCSV_CASES,
    *FLAT_CASES,
    *TEMPLATE_CASES,
    *XLSX_CASES,
    *ZIP_CASES,
]

# --- generated cases ------------------------------------------------------------------------

GARBAGE = [
    "12a",
    "1,2,3",
    "NaN",
    "inf",
    "--",
    "n/a",
    "?",
    "#WERT!",
    "1.2.3",
    "0x10",
    "12 345",
    "(12",
    "12)",
    "1_0",
    "Inf",
]


def line_spans(data: bytes) -> list[tuple[int, int, int]]:
    """(line number, start, end without line break) of every line."""
    spans, start, number = [], 0, 1
    while start < len(data):
        end = data.find(b"\n", start)
        end = len(data) if end < 0 else end
        stop = end - 1 if end > start and data[end - 1 : end] == b"\r" else end
        spans.append((number, start, stop))
        start, number = end + 1, number + 1
    return spans


def truncations(
    data: bytes,
    data_lines: range,
    last_cut: Callable[[bytes, int, int], int],
    encoding: str,
    rng: random.Random,
    count: int = 20,
) -> list[tuple[int, int]]:
    """``count`` (offset, line) cuts strictly inside data rows, at character boundaries, up to ``last_cut``."""
    candidates = []
    for number, start, stop in line_spans(data):
        if number not in data_lines:
            continue
        for offset in range(start + 1, min(stop, last_cut(data, start, stop))):
            try:
                data[:offset].decode(encoding)
            except UnicodeDecodeError:
                continue
            candidates.append((offset, number))
    return sorted(rng.sample(candidates, count))


def whole_row(_data: bytes, _start: int, stop: int) -> int:
    return stop


def before_last_field(data: bytes, start: int, stop: int) -> int:
    """ffcsv: a cut after the last ``;`` leaves a row of full width (a shorter label): not a damaged file."""
    return data.rindex(b";", start, stop) + 1


def before_value(data: bytes, start: int, stop: int) -> int:
    """Template: a cut inside the value, flag or note leaves a readable row (a shorter number or note)."""
    at = start
    for _ in range(3):
        at = data.index(b";", at, stop) + 1
    return at + 1


def generated_cases() -> list:
    rng = random.Random(20240611)
    fixtures = [
        ("genesis", GOOD_GENESIS, GN, G, GENESIS_DATA_LINES, whole_row, "cp1252", (3, 4, 5)),
        ("ffcsv", GOOD_FFCSV, FN, F, FFCSV_DATA_LINES, before_last_field, "utf-8", (13,)),
        ("template", GOOD_TEMPLATE, TN, T, TEMPLATE_DATA_LINES, before_value, "utf-8", (3,)),
    ]
    out = []
    for kind, data, name, lines, data_lines, last_cut, encoding, value_fields in fixtures:
        for offset, number in truncations(data, data_lines, last_cut, encoding, rng):
            out.append(case(f"gen-{kind}-cut-at-byte-{offset}-line-{number}", data[:offset], name, number))
        for k in range(8):
            number = rng.choice(list(data_lines))
            field = rng.choice(value_fields)
            garbage = rng.choice(GARBAGE)
            damaged = replace_field(lines, number, field, garbage)
            raw = lf(damaged, bom=data.startswith(b"\xef\xbb\xbf")) if encoding == "utf-8" else crlf(damaged)
            out.append(case(f"gen-{kind}-garbage-{k}-{garbage}-line-{number}", raw, name, number))
    footer = GENESIS_FOOTER_LINE
    out += [
        case("gen-genesis-footer-deleted", crlf(G[: footer - 1]), GN, footer - 1),
        case("gen-genesis-footer-deleted-no-final-newline", "\r\n".join(G[: footer - 1]).encode("cp1252"), GN, 15),
        case("gen-genesis-footer-line-deleted", crlf([*G[: footer - 1], *G[footer:]]), GN, footer),
        case("gen-genesis-footer-line-shortened", crlf(replace_line(G, footer, "_")), GN, footer),
        case("gen-genesis-footer-deleted-lf", lf(G[: footer - 1], encoding="cp1252"), GN, footer - 1),
    ]
    return out


GENERATED = generated_cases()


# --- the store ------------------------------------------------------------------------------


def load_base(store: Store) -> None:
    first = import_bytes(store, BASE_GENESIS, "12411-07-01-5_2015.csv", SCOPE)
    assert first.tables[0].new == 21
    revision = import_bytes(store, BASE_REVISION, "12411-07-01-5_2015_revision.csv", SCOPE)
    assert revision.tables[0].changed == 7


@pytest.fixture(scope="module")
def loaded_db(tmp_path_factory, boundaries) -> Path:
    """One SQLite file with the schema, the Kreis's regions and two imports (one revised the other)."""
    path = tmp_path_factory.mktemp("bad_files") / "loaded.sqlite"
    store = Store(f"sqlite:///{path}")
    store.init_schema(base_regions(boundaries))
    load_base(store)
    store.engine.dispose()
    return path


@pytest.fixture
def loaded_store(request, tmp_path, loaded_db):
    """A store with some data: a private copy of ``loaded_db`` (or the test database, loaded afresh)."""
    if os.environ.get("BILDUNGSMONITOR_TEST_DATABASE_URL"):
        store = request.getfixturevalue("empty_store")
        load_base(store)
        yield store
        return
    target = tmp_path / "loaded.sqlite"
    shutil.copyfile(loaded_db, target)
    store = Store(f"sqlite:///{target}")
    yield store
    store.engine.dispose()


# --- tests ----------------------------------------------------------------------------------


def test_there_are_enough_cases():
    assert len(HAND_MADE) + len(GENERATED) >= 120
    assert len(GENERATED) >= 3 * 20 + 3 * 8


def test_the_loaded_store_holds_values_history_and_an_indicator(loaded_store):
    print_ = fingerprint(loaded_store)
    assert print_["cells"][0] == 21
    assert print_["cell_history"][0] == 7
    assert print_["import_batches"][0] == 2
    assert print_["indicator_values"][0] > 0
    assert int(print_["data_version"]) >= 2


@pytest.mark.parametrize(
    ("data", "name"),
    [
        pytest.param(GOOD_GENESIS, GN, id="genesis"),
        pytest.param(GOOD_FFCSV, FN, id="ffcsv"),
        pytest.param(GOOD_FLAT, FLN, id="flat"),
        pytest.param(GOOD_TEMPLATE, TN, id="template"),
        pytest.param(BIG_TEMPLATE, TN, id="big-template"),
        pytest.param(GOOD_XLSX, XN, id="xlsx"),
        pytest.param(GOOD_ZIP, ZN, id="zip"),
    ],
)
def test_the_undamaged_fixtures_are_imported(loaded_store, data, name):
    """The bad files are these, damaged: so each refusal below is the damage's doing."""
    before = fingerprint(loaded_store)
    summary = import_bytes(loaded_store, data, name, SCOPE)
    assert not summary.already_imported
    assert sum(t.new for t in summary.tables) > 0
    assert fingerprint(loaded_store) != before


def assert_refused(store: Store, data: bytes, name: str, line: int | None, limit: int, words: tuple[str, ...]):
    before = fingerprint(store)
    with pytest.raises(ImportRefused) as caught:
        import_bytes(store, data, name, SCOPE, limit=limit)
    message = str(caught.value)
    assert message.startswith(name), message
    assert any(word in message for word in GERMAN_WORDS), message
    assert "Traceback" not in message
    if line is not None:
        assert re.search(rf"\bZeile {line}\b", message), f"expected 'Zeile {line}' in: {message}"
    for word in words:
        assert word in message, message
    assert fingerprint(store) == before, "the refused file changed the store"


@pytest.mark.parametrize(("data", "name", "line", "limit", "words"), HAND_MADE)
def test_hand_made_bad_file_is_refused(loaded_store, data, name, line, limit, words):
    assert_refused(loaded_store, data, name, line, limit, words)


@pytest.mark.parametrize(("data", "name", "line", "limit", "words"), GENERATED)
def test_generated_bad_file_is_refused(loaded_store, data, name, line, limit, words):
    assert_refused(loaded_store, data, name, line, limit, words)


def test_reimporting_the_same_file_is_a_no_op(loaded_store):
    before = fingerprint(loaded_store)
    for name in ("12411-07-01-5_2015.csv", "anderer_name.csv"):
        summary = import_bytes(loaded_store, BASE_GENESIS, name, SCOPE)
        assert summary.already_imported
        assert summary.tables == []
        assert fingerprint(loaded_store) == before


def test_a_dry_run_writes_nothing_but_counts_the_new_values(loaded_store):
    before = fingerprint(loaded_store)
    summary = import_bytes(loaded_store, GOOD_GENESIS, GN, SCOPE, dry_run=True)
    assert summary.dry_run and not summary.already_imported
    assert summary.batch_ids == []
    [table] = summary.tables
    assert (table.new, table.changed, table.unchanged) == (21, 0, 0)
    assert table.rows_read == 7 and table.values_read == 21
    assert fingerprint(loaded_store) == before
    # Nothing of the dry run is remembered: the real import still brings all values.
    real = import_bytes(loaded_store, GOOD_GENESIS, GN, SCOPE)
    assert not real.already_imported
    assert real.tables[0].new == 21
    after = fingerprint(loaded_store)
    assert after["cells"][0] == before["cells"][0] + 21
    assert after["import_batches"][0] == before["import_batches"][0] + 1


@pytest.mark.parametrize("entry", ["import_bytes", "import_file"])
def test_the_size_message_does_not_contradict_itself(loaded_store, tmp_path, entry):
    """A file of 1.4 MB over a limit of 1 MB must not read "1 MB groß; erlaubt sind höchstens 1 MB"."""
    limit = 1024 * 1024
    data = BIG_TEMPLATE * (int(1.4 * limit) // len(BIG_TEMPLATE) + 1)
    before = fingerprint(loaded_store)
    with pytest.raises(ImportRefused) as caught:
        if entry == "import_bytes":
            import_bytes(loaded_store, data, TN, SCOPE, limit=limit)
        else:
            path = tmp_path / TN
            path.write_bytes(data)
            import_file(loaded_store, path, SCOPE, limit=limit)
    message = str(caught.value)
    assert message.startswith(TN) and "erlaubt" in message
    sizes = re.findall(r"(\d+(?:[,.]\d+)?)\s*(MB|KB|kB|Bytes?)", message)
    assert len(sizes) == 2, message
    assert sizes[0] != sizes[1], f"file size and limit read the same: {message}"
    assert fingerprint(loaded_store) == before
