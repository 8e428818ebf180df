"""Hostile uploads: malformed requests to the data page's check, import and cancel routes.

Every case is sent by a logged-in admin with the session's CSRF token (so it reaches the upload
code), unless the case is about the token, the login or the method itself. Each one must be
answered below 500 with a German message, write nothing to the store (data version and the row
count of every table), leave the folder of pending uploads as it was and no temporary file behind.

The app runs with an import limit of 1 MB, so over-limit bodies stay small. A second admin keeps a
checked upload pending the whole time: no case may import it, cancel it or read it. ``HostileSite``
and ``hostile_cases`` are also used by the replay in ``test_hardening``.
"""

from __future__ import annotations

import dataclasses
import io
import random
import re
import tempfile
import time
import tracemalloc
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

import security
from config import Settings
from data_access.models import Base, StoreMeta
from data_access.store import Store
from tests.conftest import GEMEINDEN, KREIS
from tests.fixtures import mean_age
from tests.test_webpages import ADMIN, PASSWORD, csrf_of, files_in, login
from webpages.uploads import PendingUploads

CHECK, IMPORT, CANCEL = "/daten/pruefen", "/daten/importieren", "/daten/abbrechen"
LIMIT_MB = 1
LIMIT = LIMIT_MB * 1024 * 1024
OTHER_ADMIN, OTHER_PASSWORD = "zweite-admin", "auch-ein-admin-42"
VIEWER, VIEWER_PASSWORD = "nur-leser", "nur-lesen-bitte-7"
# Placeholders in a case's form, replaced when it is sent.
OTHER_TOKEN = "<the other admin's pending upload>"
SPENT_TOKEN = "<an upload already cancelled>"
PLANTED_TOKEN = "<an upload planted without a check>"
CSRF_MARK = b"@@CSRF@@"  # in a raw body: the session's CSRF token
BOUNDARY = b"hostile-boundary-7f3a"
SHEET = "xl/worksheets/sheet1.xml"

# The German messages (webpages.messages) the answers must show.
NO_FILE = "Bitte eine Datei auswählen."
CSRF_FAILED = "Sicherheitsprüfung fehlgeschlagen"
TOO_LARGE = "Die Datei ist größer als erlaubt: höchstens 1 MB"
GONE = "Die hochgeladene Datei liegt nicht mehr vor"
NOT_ALLOWED = "Anmeldung mit Administratorrechten nötig"
EMPTY = "Die Datei ist leer."
UNKNOWN_FORMAT = "Das Format ist unbekannt"
BINARY = "Binärdaten (Nullbytes)"
BAD_ZIP = "Die ZIP-Datei ist beschädigt oder unvollständig"
BAD_XLSX = "Die Excel-Datei ist beschädigt oder kein gültiges XLSX"
# A reader that fails on content it did not foresee: the page says so (422), nothing is stored.
NOT_CHECKED = "Die Datei konnte nicht geprüft werden"
UNKNOWN_REGION = "ist unbekannt (erwartet: AGS, Kreis-, Landesschlüssel oder DG)"
FOREIGN_GEMEINDE = "gehört nicht zu den bekannten Gemeinden des Kreises"
DATA_PAGE = "Daten importieren"


@dataclass(frozen=True)
class Hostile:
    """One malformed request and the answer it must get."""

    id: str
    kind: str
    status: int
    message: str | tuple[str, ...] | None  # German text of the answer (any of a tuple); None: back to /daten
    path: str = CHECK
    method: str = "POST"
    files: tuple[tuple[str, bytes, str, str | None], ...] = ()  # (field, data, file name, content type)
    form: tuple[tuple[str, str], ...] = ()
    csrf: str = "valid"  # valid, missing, wrong, empty, other, query, twice
    raw: bytes | None = None  # a body sent as it is (CSRF_MARK becomes the token)
    content_type: str | None = None
    environ: tuple[tuple[str, str], ...] = ()
    chunked: bool = False  # the body without Content-Length
    who: str = "admin"  # admin, viewer, anonymous
    plant: bytes | None = None  # a pending upload of the admin that never passed the check
    german: bool = True  # False: an answer of routing (werkzeug's 405, the explorer's page), not of these pages


def upload_case(
    id: str, kind: str, data: bytes, name: str, message: str | tuple[str, ...], status: int = 422, **extra: object
) -> Hostile:
    return Hostile(id, kind, status, message, files=(("datei", data, name, None),), **extra)  # type: ignore[arg-type]


# -- contents ---------------------------------------------------------------------------------


def garbage(size: int, seed: int) -> bytes:
    return random.Random(seed).randbytes(size)


def zip_of(members: Iterable[tuple[str, bytes]], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return out.getvalue()


def xlsx_of(rows: Iterable[Iterable[object]], title: str = "Daten") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx_edited(rows: Iterable[Iterable[object]], edit, member: str = SHEET) -> bytes:
    """A workbook with one member rewritten by ``edit`` (``None``: the member left out)."""
    source = zipfile.ZipFile(io.BytesIO(xlsx_of(rows)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == member:
                data = edit(data)
            if data is not None:
                archive.writestr(info.filename, data)
    return out.getvalue()


def sheet_xml(cells: str, dimension: str) -> bytes:
    """A worksheet with the template's header in row 1 and ``cells`` (raw ``<row>`` elements) after it."""
    header = "".join(
        f'<c r="{col}1" t="inlineStr"><is><t>{name}</t></is></c>'
        for col, name in zip("ABCD", ("indicator", "region", "period", "value"), strict=True)
    )
    return (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="{dimension}"/><sheetData><row r="1">{header}</row>{cells}</sheetData></worksheet>'
    ).encode()


HEADER = ["indicator", "region", "period", "value", "flag", "note"]
BAD_AGS = f"{KREIS}999"  # looks like a Gemeinde of the Kreis, but there is none
TEMPLATE_ROWS = [HEADER, ["vhs_kurse", BAD_AGS, 2024, 12, None, None]]


def template_text(*rows: str) -> str:
    return "\n".join(["indicator;region;period;value;flag;note", *rows]) + "\n"


def mean_age_lines() -> list[str]:
    return mean_age().split("\n")


def multipart(*parts: bytes, close: bool = True) -> bytes:
    body = b"".join(b"--" + BOUNDARY + b"\r\n" + part + b"\r\n" for part in parts)
    return body + (b"--" + BOUNDARY + b"--\r\n" if close else b"")


def field_part(name: bytes, value: bytes) -> bytes:
    return b'Content-Disposition: form-data; name="' + name + b'"\r\n\r\n' + value


def file_part(filename: bytes, data: bytes, content_type: bytes = b"text/csv", name: bytes = b"datei") -> bytes:
    disposition = b'Content-Disposition: form-data; name="' + name + b'"; filename="' + filename + b'"'
    return disposition + b"\r\nContent-Type: " + content_type + b"\r\n\r\n" + data


MULTIPART = f"multipart/form-data; boundary={BOUNDARY.decode()}"


def raw_upload(filename: bytes, data: bytes) -> bytes:
    return multipart(field_part(b"csrf_token", CSRF_MARK), file_part(filename, data))


def bomb(size: int) -> bytes:
    """A ZIP of a few KB that unpacks to ``size`` bytes of a template-looking text."""
    return zip_of([("bombe.csv", b"indicator;region;period;value\n" + b"0" * size)])


def nested_zip(depth: int) -> bytes:
    data = bomb(3 * LIMIT)
    for level in range(depth):
        data = zip_of([(f"ebene{level}.zip", data)])
    return data


def with_flag(data: bytes, flag: int) -> bytes:
    """A ZIP whose members claim ``flag`` in their general-purpose bits (0x1: encrypted)."""
    patched = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (start := patched.find(signature, start)) >= 0:
            patched[start + offset] |= flag
            start += 4
    return bytes(patched)


def with_method(data: bytes, method: int) -> bytes:
    """A ZIP whose members claim an unknown compression method."""
    patched = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
        start = 0
        while (start := patched.find(signature, start)) >= 0:
            patched[start + offset : start + offset + 2] = method.to_bytes(2, "little")
            start += 4
    return bytes(patched)


def with_bad_crc(data: bytes) -> bytes:
    patched = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 14), (b"PK\x01\x02", 16)):
        start = 0
        while (start := patched.find(signature, start)) >= 0:
            patched[start + offset] ^= 0xFF
            start += 4
    return bytes(patched)


# -- the cases --------------------------------------------------------------------------------


def empty_cases() -> list[Hostile]:
    only_token = multipart(field_part(b"csrf_token", CSRF_MARK))
    return [
        Hostile("no file field", "empty", 400, NO_FILE, raw=only_token, content_type=MULTIPART),
        Hostile("file under another field name", "empty", 400, NO_FILE, files=(("file", b"x;y\n", "x.csv", None),)),
        Hostile("file sent as a text field", "empty", 400, NO_FILE, form=(("datei", "daten.csv"),)),
        Hostile("empty file name", "empty", 400, NO_FILE, files=(("datei", b"indicator;region\n", "", None),)),
        upload_case("zero bytes .csv", "empty", b"", "leer.csv", EMPTY),
        upload_case("zero bytes .xlsx", "empty", b"", "leer.xlsx", EMPTY),
        upload_case("zero bytes .zip", "empty", b"", "leer.zip", EMPTY),
        upload_case("zero bytes without extension", "empty", b"", "leer", EMPTY),
        upload_case("whitespace only", "empty", b" \r\n\t\n" * 100, "leer.csv", EMPTY),
        upload_case("byte order mark only", "empty", b"\xef\xbb\xbf", "bom.csv", UNKNOWN_FORMAT),
        upload_case("template header only", "empty", template_text().encode(), "kopf.csv", "keine Werte"),
    ]


def binary_cases() -> list[Hostile]:
    png = b"\x89PNG\r\n\x1a\n" + garbage(2000, 3)
    return [
        upload_case("binary garbage .csv", "binary", garbage(4096, 1), "zufall.csv", (BINARY, "Kodierung", "lesbar")),
        upload_case("binary garbage .xlsx", "binary", garbage(4096, 2), "zufall.xlsx", (BINARY, "lesbar")),
        upload_case("binary garbage .zip", "binary", garbage(4096, 4), "zufall.zip", (BINARY, "lesbar")),
        upload_case("PNG named .csv", "binary", png, "bild.csv", (BINARY, "lesbar")),
        upload_case("Windows program named .csv", "binary", b"MZ\x90\x00" + bytes(500), "setup.csv", "lesbar"),
        upload_case(
            "gzip named .csv", "binary", b"\x1f\x8b\x08\x00" + garbage(500, 5), "daten.csv", (BINARY, "lesbar")
        ),
        upload_case("PDF named .xlsx", "binary", b"%PDF-1.7\n" + bytes(200), "bericht.xlsx", BINARY),
        upload_case(
            "NUL bytes inside a template",
            "binary",
            template_text(f"vhs_kurse;{GEMEINDEN[0]};2024;1\x00\x00;;").encode(),
            "nul.csv",
            BINARY,
        ),
        upload_case(
            "UTF-16 without byte order mark",
            "binary",
            template_text(f"vhs_kurse;{GEMEINDEN[0]};2024;1;;").encode("utf-16-le"),
            "utf16.csv",
            BINARY,
        ),
        upload_case(
            "UTF-16 with an odd number of bytes",
            "binary",
            template_text(f"vhs_kurse;{GEMEINDEN[0]};2024;1;;").encode("utf-16") + b"\x00",
            "utf16.csv",
            "UTF-16",
        ),
        upload_case(
            "UTF-16 GENESIS header then garbage",
            "binary",
            ("GENESIS-Tabelle: 12411-07-01-5\n" + "äöü;§$%&/;" * 50).encode("utf-16"),
            "utf16.csv",
            "Zeile",
        ),
        upload_case(
            "Latin-1 template with an unknown region",
            "binary",
            "Indikator;Schlüssel;Jahr;Wert\nvhs_kurse;Bösel;2024;1\n".encode("latin-1"),
            "latin1.csv",
            UNKNOWN_REGION,
        ),
        upload_case(
            "Latin-1 text of no known format",
            "binary",
            "Übersicht der Schülerzahlen; Größe; Maß\n1;2;3\n".encode("latin-1"),
            "latin1.csv",
            UNKNOWN_FORMAT,
        ),
        upload_case(
            "umlauts broken by a second encoding",
            "binary",
            template_text(f"vhs_kurse;{GEMEINDEN[0]};2024;1;;Kursort BarÃŸel").encode("utf-8"),
            "mojibake.csv",
            "Umlaute der Datei sind verfälscht",
        ),
        upload_case(
            "invalid UTF-8 after a byte order mark",
            "binary",
            b"\xef\xbb\xbf" + template_text().encode() + b"\xc3\x28\xa0\xa1",
            "kaputt.csv",
            "UTF-8",
        ),
    ]


def zip_cases() -> list[Hostile]:
    bad = b"kein bekanntes Format\n1;2;3\n"
    good_looking = zip_of([("vorlage.csv", bad)])
    return [
        upload_case("truncated XLSX: local header only", "zip", b"PK\x03\x04" + bytes(26), "kurz.xlsx", BAD_ZIP),
        upload_case("ZIP signature only", "zip", b"PK\x03\x04", "kurz.zip", BAD_ZIP),
        upload_case("empty ZIP", "zip", b"PK\x05\x06" + bytes(18), "leer.zip", "Die ZIP-Datei ist leer."),
        upload_case(
            "ZIP of folders only", "zip", zip_of([("a/", b""), ("a/b/", b"")]), "ordner.zip", "ZIP-Datei ist leer"
        ),
        upload_case("ZIP cut in half", "zip", good_looking[: len(good_looking) // 2], "halb.zip", BAD_ZIP),
        upload_case("XLSX cut in half", "zip", xlsx_of(TEMPLATE_ROWS)[:3000], "halb.xlsx", (BAD_ZIP, BAD_XLSX)),
        upload_case(
            "nested ZIP", "zip", zip_of([("innen.zip", good_looking)]), "verschachtelt.zip", "verschachtelte Archive"
        ),
        upload_case("ZIP bomb: 3 MB of zeros", "zip", bomb(3 * LIMIT), "bombe.zip", "Schutz vor ZIP-Bomben"),
        upload_case("ZIP bomb nested two deep", "zip", nested_zip(2), "bombe.zip", "verschachtelte Archive"),
        upload_case(
            "ZIP bomb of many members",
            "zip",
            zip_of([(f"teil{i}.csv", b"indicator;region\n" + b"0" * 200_000) for i in range(8)]),
            "bombe.zip",
            "Schutz vor ZIP-Bomben",
        ),
        upload_case(
            "path traversal names",
            "zip",
            zip_of([("../../x.csv", bad), ("../../../etc/cron.d/x", bad)]),
            "traverse.zip",
            ("../../x.csv", UNKNOWN_FORMAT),
        ),
        upload_case("absolute member name", "zip", zip_of([("/etc/passwd", bad)]), "absolut.zip", UNKNOWN_FORMAT),
        upload_case(
            "Windows traversal member name", "zip", zip_of([("..\\..\\x.csv", bad)]), "win.zip", UNKNOWN_FORMAT
        ),
        upload_case(
            "hundreds of tiny members",
            "zip",
            zip_of([(f"d{i}.csv", b"x") for i in range(500)]),
            "viele.zip",
            "erlaubt sind höchstens 20",
        ),
        upload_case("members claim encryption", "zip", with_flag(good_looking, 0x1), "geheim.zip", "ist verschlüsselt"),
        upload_case("unknown compression method", "zip", with_method(good_looking, 77), "methode.zip", ("beschädigt",)),
        upload_case("wrong checksum of a member", "zip", with_bad_crc(good_looking), "crc.zip", "beschädigt"),
        upload_case(
            "stored member longer than declared",
            "zip",
            zip_of([("a.csv", b"indicator;region\n" * 50)], zipfile.ZIP_STORED)[:-40],
            "kurz.zip",
            (BAD_ZIP, "beschädigt"),
        ),
        upload_case(
            "deflate stream of garbage",
            "zip",
            good_looking.replace(zlib.compress(bad)[2:-4], garbage(len(zlib.compress(bad)) - 6, 9), 1),
            "deflate.zip",
            ("beschädigt", UNKNOWN_FORMAT, BINARY, "lesbar"),
        ),
    ]


def xlsx_cases() -> list[Hostile]:
    rows = TEMPLATE_ROWS
    second = '<c r="A2" t="inlineStr"><is><t>vhs_kurse</t></is></c>'

    def cell(xml: str):
        return lambda data: re.sub(rb'<c r="A2"[^>]*>.*?</c>', xml.encode(), data, count=1)

    return [
        upload_case(
            "template XLSX: unknown indicator and AGS of no Gemeinde",
            "xlsx",
            xlsx_of([HEADER, ["gibt_es_nicht_" + "x" * 20, BAD_AGS, 2024, 1, None, None]]),
            "vorlage.xlsx",
            FOREIGN_GEMEINDE,
        ),
        upload_case(
            "template XLSX: region no key at all",
            "xlsx",
            xlsx_of([HEADER, ["betreuungsquote_u3", "Atlantis", 2024, 1, None, None]]),
            "vorlage.xlsx",
            UNKNOWN_REGION,
        ),
        upload_case(
            "template XLSX: indicator name of 200 characters",
            "xlsx",
            xlsx_of([HEADER, ["i" * 200, GEMEINDEN[0], 2024, 1, None, None]]),
            "vorlage.xlsx",
            "länger als 60 Zeichen",
        ),
        upload_case(
            "template XLSX: formulas without cached values",
            "xlsx",
            xlsx_of([HEADER, ["vhs_kurse", GEMEINDEN[0], 2024, "=SUM(A1:A9)*1E+308", None, None]]),
            "formeln.xlsx",
            "Wert fehlt",
        ),
        upload_case(
            "template XLSX: formula as region",
            "xlsx",
            xlsx_of([HEADER, ["vhs_kurse", '=HYPERLINK("http://x","03453001")', 2024, 1, None, None]]),
            "formeln.xlsx",
            "Spalte „region“ ist leer",
        ),
        upload_case(
            "template XLSX: error cell #REF! as value",
            "xlsx",
            xlsx_edited(
                [HEADER, ["vhs_kurse", GEMEINDEN[0], 2024, "x", None, None]],
                lambda d: re.sub(rb'<c r="D2"[^>]*>.*?</c>', b'<c r="D2" t="e"><v>#REF!</v></c>', d),
            ),
            "fehler.xlsx",
            "keine Zahl",
        ),
        upload_case(
            "template XLSX: declares A1:XFD1048576",
            "xlsx",
            xlsx_edited(rows, lambda d: re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', d)),
            "riesig.xlsx",
            FOREIGN_GEMEINDE,
        ),
        upload_case(
            "template XLSX: a cell in row 1 048 576",
            "xlsx",
            xlsx_edited(
                rows, lambda d: sheet_xml('<row r="1048576"><c r="D1048576"><v>1</v></c></row>', "A1:D1048576")
            ),
            "riesig.xlsx",
            "mehr als 1 000 000 Zeilen",
        ),
        upload_case(
            "template XLSX: a cell in column XFD",
            "xlsx",
            xlsx_edited(rows, lambda d: sheet_xml('<row r="50"><c r="XFD50"><v>1</v></c></row>', "A1:XFD50")),
            "breit.xlsx",
            "Die Vorlage enthält keine Werte",  # the one filled row is far right of every template column
        ),
        upload_case(
            "template XLSX: dimension garbage",
            "xlsx",
            xlsx_edited(rows, lambda d: re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="ZZ:??"/>', d)),
            "dim.xlsx",
            BAD_XLSX,
        ),
        upload_case("XLSX without the sheet Daten, empty", "xlsx", xlsx_of([], "Tabelle1"), "leer.xlsx", EMPTY),
        upload_case(
            "XLSX of another layout",
            "xlsx",
            xlsx_of([["Schule", "Schüler"], ["Grundschule", 120]], "Tabelle1"),
            "andere.xlsx",
            "Kopfzeile ohne Spalten",
        ),
        upload_case(
            "XLSX: external entity",
            "xlsx",
            xlsx_edited(
                rows,
                lambda d: (
                    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
                    + d.replace(b"vhs_kurse", b"&e;")
                ),
            ),
            "xxe.xlsx",
            BAD_XLSX,
        ),
        upload_case(
            "XLSX: entity expansion (billion laughs)",
            "xlsx",
            xlsx_edited(
                rows,
                lambda d: (
                    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
                    + b"".join(
                        f'<!ENTITY {n} "{("&" + p + ";") * 10}">'.encode()
                        for p, n in zip("abcdefg", "bcdefgh", strict=True)
                    )
                    + b"]>"
                    + d.replace(b"vhs_kurse", b"&h;")
                ),
            ),
            "lol.xlsx",
            BAD_XLSX,
        ),
        upload_case(
            "XLSX: workbook.xml garbage",
            "xlsx",
            xlsx_edited(rows, lambda d: b"<<<", "xl/workbook.xml"),
            "wb.xlsx",
            BAD_XLSX,
        ),
        upload_case(
            "XLSX: content types garbage",
            "xlsx",
            xlsx_edited(rows, lambda d: b"\x00", "[Content_Types].xml"),
            "ct.xlsx",
            (BAD_XLSX, BINARY),
        ),
        # Broken worksheets that openpyxl only notices while reading the rows.
        upload_case(
            "XLSX: worksheet cut in half",
            "xlsx",
            xlsx_edited(rows, lambda d: d[: len(d) // 2]),
            "halb.xlsx",
            (BAD_XLSX, NOT_CHECKED),
        ),
        upload_case(
            "XLSX: worksheet missing", "xlsx", xlsx_edited(rows, lambda d: None), "ohne.xlsx", (BAD_XLSX, NOT_CHECKED)
        ),
        upload_case(
            "XLSX: cell beyond column XFD",
            "xlsx",
            xlsx_edited(rows, cell(second.replace("A2", "ZZZZ2"))),
            "spalte.xlsx",
            (BAD_XLSX, NOT_CHECKED),
        ),
        upload_case(
            "XLSX: row number not a number",
            "xlsx",
            xlsx_edited(rows, lambda d: d.replace(b'<row r="2"', b'<row r="zwei"')),
            "zeile.xlsx",
            (BAD_XLSX, NOT_CHECKED),
        ),
        upload_case(
            "XLSX: shared string index out of range",
            "xlsx",
            xlsx_edited(rows, cell('<c r="A2" t="s"><v>999999</v></c>')),
            "sst.xlsx",
            (BAD_XLSX, NOT_CHECKED),
        ),
        upload_case(
            "XLSX: date cell that is no date",
            "xlsx",
            xlsx_edited(rows, cell('<c r="A2" t="d"><v>kein-datum</v></c>')),
            "datum.xlsx",
            (BAD_XLSX, NOT_CHECKED),
        ),
        upload_case("XLSX named .csv", "xlsx", xlsx_of(TEMPLATE_ROWS), "eigentlich-excel.csv", FOREIGN_GEMEINDE),
    ]


def csv_cases() -> list[Hostile]:
    wide = ";".join(f"spalte{i}" for i in range(10_000))
    years = ";".join(str(2000 + i % 25) for i in range(10_000))
    return [
        upload_case("absurdly long line", "csv", b"x" * 900_000, "lang.csv", UNKNOWN_FORMAT),
        upload_case(
            "template with a value of 900 KB",
            "csv",
            template_text(f"vhs_kurse;{GEMEINDEN[0]};2024;{'9' * 900_000};;").encode(),
            "lang.csv",
            ("CSV-Fehler", "keine Zahl"),
        ),
        upload_case(
            "template with 10 000 columns",
            "csv",
            f"indicator;region;{wide}\nvhs_kurse;{GEMEINDEN[0]};{'1;' * 9_999}1\n".encode(),
            "breit.csv",
            "ohne Spalte „value“",
        ),
        upload_case(
            "template with 10 000 year columns and a bad AGS",
            "csv",
            f"indicator;region;{years}\nvhs_kurse;{BAD_AGS};{'1;' * 9_999}1\n".encode(),
            "breit.csv",
            FOREIGN_GEMEINDE,
        ),
        upload_case(
            "template field larger than the CSV limit",
            "csv",
            template_text(f'vhs_kurse;{GEMEINDEN[0]};2024;"{"1" * 200_000}";;').encode(),
            "feld.csv",
            ("CSV-Fehler", "keine Zahl"),
        ),
        upload_case(
            "template with an unterminated quote",
            "csv",
            template_text(f'vhs_kurse;{GEMEINDEN[0]};2024;"12;;').encode(),
            "quote.csv",
            ("CSV-Fehler", "Wert fehlt", "Zeitraum", "keine Zahl"),
        ),
        upload_case(
            "template with an impossible date",
            "csv",
            template_text(f"vhs_kurse;{GEMEINDEN[0]};31.02.2024;1;;").encode(),
            "datum.csv",
            "Zeitraum „31.02.2024“ ist unlesbar",
        ),
        upload_case(
            "template with infinite values",
            "csv",
            template_text(f"vhs_kurse;{GEMEINDEN[0]};2024;1e999;;").encode(),
            "inf.csv",
            "keine Zahl",
        ),
        upload_case(
            "template with NaN",
            "csv",
            template_text(f"vhs_kurse;{GEMEINDEN[0]};2024;NaN;;").encode(),
            "nan.csv",
            "keine Zahl",
        ),
        upload_case(
            "template with an unknown sign",
            "csv",
            template_text(f"vhs_kurse;{GEMEINDEN[0]};2024;1;#;").encode(),
            "zeichen.csv",
            "Zeichen „#“ ist unbekannt",
        ),
        upload_case(
            "template with a duplicate row",
            "csv",
            template_text(f"vhs_kurse;{GEMEINDEN[0]};2024;1;;", f"vhs_kurse;{GEMEINDEN[0]};2024;2;;").encode(),
            "doppelt.csv",
            "Doppelte Zeile",
        ),
        upload_case(
            "template with SQL in the indicator and a bad AGS",
            "csv",
            template_text(f"x'); DROP TABLE cells;--;{BAD_AGS};2024;1;;").encode(),
            "sql.csv",
            "Zeichen „2024“ ist unbekannt",
        ),
        upload_case(
            "template with CR line ends and a bad AGS",
            "csv",
            template_text(f"vhs_kurse;{BAD_AGS};2024;1;;").replace("\n", "\r").encode(),
            "cr.csv",
            (FOREIGN_GEMEINDE, "CSV-Fehler"),
        ),
        upload_case(
            "template with HTML in a cell",
            "csv",
            template_text(f"<script>alert(1)</script>;{GEMEINDEN[0]};2024;<b>1</b>;;").encode(),
            "html.csv",
            "keine Zahl",
        ),
    ]


def genesis_cases() -> list[Hostile]:
    lines = mean_age_lines()
    text = mean_age()
    return [
        upload_case("GENESIS header only", "genesis", b"GENESIS-Tabelle: 12411-07-01-5\n", "g.csv", "Zeile"),
        upload_case(
            "GENESIS header then binary garbage",
            "genesis",
            b"GENESIS-Tabelle: 12411-07-01-5\n" + garbage(3000, 11),
            "g.csv",
            (BINARY, "lesbar", "Zeile"),
        ),
        upload_case(
            "GENESIS header then text garbage",
            "genesis",
            ("GENESIS-Tabelle: 12411-07-01-5\n" + "\n".join("ölkjh;;;§$%;" * 5 for _ in range(200))).encode(),
            "g.csv",
            "Zeile",
        ),
        upload_case(
            "GENESIS header then empty rows",
            "genesis",
            ("GENESIS-Tabelle: 12411-07-01-5\n" + ";;;;;\n" * 500).encode(),
            "g.csv",
            "Zeile",
        ),
        upload_case(
            "GENESIS titles without data or footer", "genesis", "\n".join(lines[:9]).encode(), "g.csv", "Zeile"
        ),
        upload_case(
            "GENESIS cut in the middle of a row", "genesis", text[: text.index("Bösel") + 12].encode(), "g.csv", "Zeile"
        ),
        upload_case(
            "GENESIS with a value of garbage",
            "genesis",
            text.replace("42,9", "4x,9", 1).encode(),
            "g.csv",
            "keine Zahl",
        ),
        upload_case(
            "GENESIS with a region key of garbage",
            "genesis",
            text.replace("03453001", "0345300X", 1).encode(),
            "g.csv",
            "Regionalschlüssel",
        ),
        upload_case(
            "GENESIS with a duplicate row",
            "genesis",
            "\n".join([*lines[:12], lines[11], *lines[12:]]).encode(),
            "g.csv",
            "Doppelte Zeile",
        ),
        upload_case(
            "GENESIS with 10 000 columns",
            "genesis",
            ("GENESIS-Tabelle: 12411-07-01-5\n" + ";" * 10_000 + "\n" + "1;" * 10_000 + "\n").encode(),
            "g.csv",
            "Zeile",
        ),
        upload_case(
            "GENESIS with a quoted field over the CSV limit",
            "genesis",
            text.replace("Deutschland", '"' + "D" * 200_000, 1).encode(),
            "g.csv",
            ("CSV-Fehler", "Zeile"),
        ),
        upload_case("short header 'Tabelle:' then garbage", "genesis", b"Tabelle: x\n\x01\x02;;\n", "g.csv", "Zeile"),
    ]


def flatfile_cases() -> list[Hostile]:
    header = (
        "statistics_code;statistics_label;time_code;time_label;time;1_variable_code;1_variable_label;"
        "1_variable_attribute_code;1_variable_attribute_label;value;value_unit;value_variable_code;value_variable_label"
    )
    row = "12411;Bevölkerung;STAG;Stichtag;2024-12-31;GEMEIN;Gemeinden;{key};Barßel;{value};Anzahl;BEVSTD;{label}"
    return [
        upload_case("ffcsv header with wrong columns", "ffcsv", b"statistics_code;foo;bar\n1;2;3\n", "ff.csv", "fehlt"),
        upload_case(
            "ffcsv header with a duplicated column",
            "ffcsv",
            (header + ";value\n").encode(),
            "ff.csv",
            ("doppelt", "Zeile 1"),
        ),
        upload_case("ffcsv header only", "ffcsv", (header + "\n").encode(), "ff.csv", "Zeile"),
        upload_case(
            "ffcsv rows shorter than the header",
            "ffcsv",
            (header + "\n12411;Bevölkerung;STAG\n").encode(),
            "ff.csv",
            "Zeile 2",
        ),
        upload_case(
            "ffcsv with a value of garbage",
            "ffcsv",
            (header + "\n" + row.format(key=GEMEINDEN[0], value="viele", label="Bevölkerung") + "\n").encode(),
            "ff.csv",
            "Zeile 2",
        ),
        upload_case(
            "ffcsv with one series labelled twice",
            "ffcsv",
            "\n".join(
                [
                    header,
                    row.format(key=GEMEINDEN[0], value=1, label="Bevölkerungsstand"),
                    row.format(key=GEMEINDEN[1], value=2, label="03453"),
                ]
            ).encode(),
            "ff.csv",
            ("Zeile", NOT_CHECKED),
        ),
        upload_case(
            "flat file header with wrong columns", "ffcsv", b"Statistik_Code;x;y\n1;2;3\n", "flat.csv", "Zeile 1"
        ),
    ]


def name_cases() -> list[Hostile]:
    bad = b"kein bekanntes Format\n"

    def named(id: str, name: str, shown: str) -> Hostile:
        return upload_case(id, "name", bad, name, f"{shown}: Zeile 1: {UNKNOWN_FORMAT}")

    def raw_named(id: str, filename: bytes, shown: str) -> Hostile:
        message = f"{shown}: Zeile 1: {UNKNOWN_FORMAT}"
        return Hostile(id, "name", 422, message, raw=raw_upload(filename, bad), content_type=MULTIPART)

    long_name = "a" * 996 + ".csv"
    return [
        named("file name of 1 000 characters", long_name, long_name[-200:]),
        named("file name with folders", "../../etc/passwd.csv", "passwd.csv"),
        named("file name with a Windows path", "C:\\..\\..\\Windows\\win.ini.csv", "win.ini.csv"),
        named("file name ..", "..", ".."),
        named("file name of a slash", "/", "upload"),
        named("file name with control characters", "\x1b[31mrot\x07\x08.csv", "[31mrot.csv"),
        named("file name of control characters only", "\x01\x02\x03", "upload"),
        named("file name with a right-to-left override", "rechnung\u202ecsv.exe", "rechnungcsv.exe"),
        named("file name with HTML", "<img src=x onerror=alert(1)>.csv", "&lt;img src=x onerror=alert(1)&gt;.csv"),
        raw_named("file name with a NUL byte", b"daten\x00.exe.csv", "daten.exe.csv"),
        # A line break ends the part's header: the field is no file then, and a non-UTF-8 header
        # makes werkzeug drop the whole form, the CSRF token with it.
        Hostile(
            "file name with a line break",
            "name",
            400,
            NO_FILE,
            raw=raw_upload(b"daten\r\nX-Injected: 1.csv", bad),
            content_type=MULTIPART,
        ),
        Hostile(
            "file name not UTF-8",
            "name",
            400,
            CSRF_FAILED,
            raw=raw_upload(b"sch\xf6n.csv", bad),
            content_type=MULTIPART,
        ),
        raw_named("file name with quotes", b'a\\"b.csv', "b.csv"),
    ]


def multipart_cases() -> list[Hostile]:
    bad = b"kein bekanntes Format\n"
    token_part = field_part(b"csrf_token", CSRF_MARK)
    return [
        Hostile(
            "two files in one field",
            "multipart",
            422,
            UNKNOWN_FORMAT,
            files=(("datei", bad, "erste.csv", None), ("datei", template_text().encode(), "zweite.csv", None)),
        ),
        Hostile(
            "an unnamed file before a real one",
            "multipart",
            400,
            NO_FILE,
            files=(("datei", b"", "", None), ("datei", bad, "zweite.csv", None)),
        ),
        Hostile(
            "file declared as image/png",
            "multipart",
            422,
            UNKNOWN_FORMAT,
            files=(("datei", bad, "x.csv", "image/png"),),
        ),
        Hostile(
            "file declared as an executable",
            "multipart",
            422,
            UNKNOWN_FORMAT,
            files=(("datei", bad, "x.csv", "application/x-msdownload"),),
        ),
        Hostile(
            "body as JSON",
            "multipart",
            400,
            CSRF_FAILED,
            raw=b'{"csrf_token": "' + CSRF_MARK + b'", "datei": "x"}',
            content_type="application/json",
        ),
        Hostile(
            "body as plain text",
            "multipart",
            400,
            CSRF_FAILED,
            raw=b"csrf_token=" + CSRF_MARK,
            content_type="text/plain",
        ),
        Hostile(
            "form-encoded body with the file as text",
            "multipart",
            400,
            NO_FILE,
            raw=b"csrf_token=" + CSRF_MARK + b"&datei=indicator%3Bregion",
            content_type="application/x-www-form-urlencoded",
        ),
        Hostile(
            "multipart without boundary",
            "multipart",
            400,
            CSRF_FAILED,
            raw=raw_upload(b"x.csv", bad),
            content_type="multipart/form-data",
        ),
        Hostile(
            "multipart with another boundary",
            "multipart",
            400,
            CSRF_FAILED,
            raw=raw_upload(b"x.csv", bad),
            content_type="multipart/form-data; boundary=nicht-die-grenze",
        ),
        Hostile(
            "multipart without its closing boundary",
            "multipart",
            400,
            (NO_FILE, CSRF_FAILED, "Ungültige Anfrage"),
            raw=multipart(token_part, file_part(b"x.csv", bad), close=False),
            content_type=MULTIPART,
        ),
        Hostile(
            "multipart cut inside the file",
            "multipart",
            400,
            (NO_FILE, CSRF_FAILED, "Ungültige Anfrage"),
            raw=multipart(token_part, file_part(b"x.csv", bad * 100))[:-300],
            content_type=MULTIPART,
        ),
        Hostile(
            "file part without Content-Disposition",
            "multipart",
            400,
            CSRF_FAILED,
            raw=multipart(token_part, b"Content-Type: text/csv\r\n\r\n" + bad),
            content_type=MULTIPART,
        ),
        Hostile(
            "1 200 form parts",
            "multipart",
            413,
            "Datei zu groß",
            raw=multipart(token_part, *(field_part(f"f{i}".encode(), b"x") for i in range(1200))),
            content_type=MULTIPART,
        ),
        Hostile(
            "a text field of 600 KB",
            "multipart",
            413,
            "Datei zu groß",
            raw=multipart(token_part, field_part(b"notiz", b"x" * 600_000), file_part(b"x.csv", bad)),
            content_type=MULTIPART,
        ),
    ]


def size_cases() -> list[Hostile]:
    big = b"x" * (2 * LIMIT)
    return [
        upload_case("body far over the limit", "size", big, "gross.csv", TOO_LARGE, status=413),
        upload_case("file one byte over the limit", "size", b"y" * (LIMIT + 1), "knapp.csv", TOO_LARGE, status=413),
        Hostile(
            "body over the limit without Content-Length",
            "size",
            413,
            TOO_LARGE,
            raw=raw_upload(b"gross.csv", big),
            content_type=MULTIPART,
            chunked=True,
        ),
        Hostile(
            "Content-Length claims 1 GB",
            "size",
            413,
            TOO_LARGE,
            raw=raw_upload(b"x.csv", b"abc"),
            content_type=MULTIPART,
            environ=(("CONTENT_LENGTH", str(1024**3)),),
        ),
        Hostile(
            "Content-Length not a number",
            "size",
            400,
            CSRF_FAILED,
            raw=raw_upload(b"x.csv", b"abc"),
            content_type=MULTIPART,
            environ=(("CONTENT_LENGTH", "viel"),),
        ),
    ]


def token_cases() -> list[Hostile]:
    cases = []
    forged = {
        "missing": None,
        "empty": "",
        "unknown": "A" * 43,
        "path traversal": "../../../etc/passwd",
        "traversal with a real pattern": "../" + "B" * 40,
        "with .bin": "C" * 43 + ".bin",
        "too short": "D" * 31,
        "too long": "E" * 65,
        "NUL byte": "F" * 20 + "\x00" + "F" * 22,
        "non-ASCII": "Ä" * 43,
        "the other admin's": OTHER_TOKEN,
        "already cancelled": SPENT_TOKEN,
    }
    for label, token in forged.items():
        form = () if token is None else (("upload", token),)
        cases.append(Hostile(f"confirm: {label} token", "token", 410, GONE, path=IMPORT, form=form))
        cases.append(Hostile(f"cancel: {label} token", "token", 302, None, path=CANCEL, form=form))
    cases += [
        Hostile("confirm: cancelled token again", "token", 410, GONE, path=IMPORT, form=(("upload", SPENT_TOKEN),)),
        Hostile(
            "confirm: unknown token first, the other admin's second",
            "token",
            410,
            GONE,
            path=IMPORT,
            form=(("upload", "G" * 43), ("upload", OTHER_TOKEN)),
        ),
        Hostile(
            "confirm: an upload that never passed the check",
            "token",
            422,
            UNKNOWN_FORMAT,
            path=IMPORT,
            form=(("upload", PLANTED_TOKEN),),
            plant=b"kein bekanntes Format\n",
        ),
        Hostile(
            "confirm: a token in the query string",
            "token",
            410,
            GONE,
            path=IMPORT + "?upload=" + "H" * 43,
        ),
    ]
    return cases


def csrf_cases() -> list[Hostile]:
    bad = b"kein bekanntes Format\n"
    file = (("datei", bad, "x.csv", None),)
    other = (("upload", OTHER_TOKEN),)
    return [
        Hostile("check without CSRF token", "csrf", 400, CSRF_FAILED, files=file, csrf="missing"),
        Hostile("check with a wrong CSRF token", "csrf", 400, CSRF_FAILED, files=file, csrf="wrong"),
        Hostile("check with an empty CSRF token", "csrf", 400, CSRF_FAILED, files=file, csrf="empty"),
        Hostile("check with another session's CSRF token", "csrf", 400, CSRF_FAILED, files=file, csrf="other"),
        Hostile("check with the CSRF token in the query only", "csrf", 400, CSRF_FAILED, files=file, csrf="query"),
        Hostile("check with a wrong CSRF token first", "csrf", 400, CSRF_FAILED, files=file, csrf="twice"),
        Hostile("confirm without CSRF token", "csrf", 400, CSRF_FAILED, path=IMPORT, form=other, csrf="missing"),
        Hostile("confirm with a wrong CSRF token", "csrf", 400, CSRF_FAILED, path=IMPORT, form=other, csrf="wrong"),
        Hostile(
            "confirm with another session's CSRF token", "csrf", 400, CSRF_FAILED, path=IMPORT, form=other, csrf="other"
        ),
        Hostile("cancel without CSRF token", "csrf", 400, CSRF_FAILED, path=CANCEL, form=other, csrf="missing"),
        Hostile("cancel with a wrong CSRF token", "csrf", 400, CSRF_FAILED, path=CANCEL, form=other, csrf="wrong"),
    ]


def auth_cases() -> list[Hostile]:
    file = (("datei", mean_age().encode(), "durchschnittsalter.csv", None),)
    other = (("upload", OTHER_TOKEN),)
    return [
        Hostile("check without login", "auth", 403, NOT_ALLOWED, files=file, who="anonymous"),
        Hostile("confirm without login", "auth", 403, NOT_ALLOWED, path=IMPORT, form=other, who="anonymous"),
        Hostile("cancel without login", "auth", 403, NOT_ALLOWED, path=CANCEL, form=other, who="anonymous"),
        Hostile("check without admin rights", "auth", 403, NOT_ALLOWED, files=file, who="viewer"),
        Hostile("confirm without admin rights", "auth", 403, NOT_ALLOWED, path=IMPORT, form=other, who="viewer"),
        Hostile("cancel without admin rights", "auth", 403, NOT_ALLOWED, path=CANCEL, form=other, who="viewer"),
    ]


def method_cases() -> list[Hostile]:
    """Routing answers these before any page does: a GET gets the explorer's page (its catch-all route), the
    rest werkzeug's 405 with ``Allow: POST`` (the pages' German 405 is only reached by an ``abort(405)``)."""
    file = (("datei", mean_age().encode(), "durchschnittsalter.csv", None),)
    cases = [
        Hostile(f"GET {path}", "method", 200, '<html lang="de">', path=path, method="GET")
        for path in (CHECK, IMPORT, CANCEL)
    ]
    cases += [
        Hostile(f"{method} {path}", "method", 405, None, path=path, method=method, files=file, german=False)
        for path in (CHECK, IMPORT, CANCEL)
        for method in ("PUT", "DELETE", "PATCH")
    ]
    return cases


@cache
def hostile_cases() -> tuple[Hostile, ...]:
    cases = (
        empty_cases()
        + binary_cases()
        + zip_cases()
        + xlsx_cases()
        + csv_cases()
        + genesis_cases()
        + flatfile_cases()
        + name_cases()
        + multipart_cases()
        + size_cases()
        + token_cases()
        + csrf_cases()
        + auth_cases()
        + method_cases()
    )
    ids = [case.id for case in cases]
    assert len(ids) == len(set(ids)), "case ids must be unique"
    return tuple(cases)


# -- the site the cases are sent to -----------------------------------------------------------


def store_snapshot(store: Store) -> dict[str, int | str | None]:
    """The data version and the row count of every table."""
    with store.sessions() as session:
        snapshot: dict[str, int | str | None] = {
            "data_version": session.scalar(select(StoreMeta.value).where(StoreMeta.key == "data_version"))
        }
        for table in Base.metadata.sorted_tables:
            snapshot[table.name] = session.scalar(select(func.count()).select_from(table))
    return snapshot


class HostileSite:
    """An app with a 1 MB import limit on ``store``, logged-in clients and the tokens the cases name."""

    def __init__(self, settings: Settings, store: Store) -> None:
        from app import create_app

        self.store = store
        self.settings = dataclasses.replace(settings, import_limit_mb=LIMIT_MB)
        self.app = create_app(self.settings, store)
        self.folder = Path(self.settings.instance_dir) / "uploads"
        server = self.app.server
        for name, password, admin in (
            (ADMIN, PASSWORD, True),
            (OTHER_ADMIN, OTHER_PASSWORD, True),
            (VIEWER, VIEWER_PASSWORD, False),
        ):
            security.create_user(store, name, password, admin=admin)
        self.clients = {who: server.test_client() for who in ("admin", "other", "viewer", "anonymous")}
        login(self.clients["admin"])
        login(self.clients["other"], name=OTHER_ADMIN, password=OTHER_PASSWORD)
        login(self.clients["viewer"], name=VIEWER, password=VIEWER_PASSWORD)
        self.csrf = {
            "admin": csrf_of(self.clients["admin"], "/daten"),
            "other": csrf_of(self.clients["other"], "/daten"),
            "viewer": csrf_of(self.clients["viewer"]),
            "anonymous": csrf_of(self.clients["anonymous"]),
        }
        # The other admin's checked upload stays pending; the admin's own one is cancelled at once.
        self.other_token = self._checked("other")
        self.spent_token = self._checked("admin")
        cancelled = self.clients["admin"].post(
            CANCEL, data={"csrf_token": self.csrf["admin"], "upload": self.spent_token}
        )
        assert cancelled.status_code == 302
        self.pending = files_in(self.folder)
        assert self.pending == sorted([f"{self.other_token}.bin", f"{self.other_token}.json"])

    def _checked(self, who: str) -> str:
        response = self.clients[who].post(
            CHECK,
            data={"csrf_token": self.csrf[who], "datei": (io.BytesIO(mean_age().encode()), "durchschnittsalter.csv")},
            content_type="multipart/form-data",
        )
        match = re.search(r'name="upload" value="([^"]+)"', response.get_data(as_text=True))
        assert response.status_code == 200 and match, response.get_data(as_text=True)[:500]
        return match.group(1)

    def _token(self, value: str, planted: str | None) -> str:
        return {OTHER_TOKEN: self.other_token, SPENT_TOKEN: self.spent_token, PLANTED_TOKEN: planted or ""}.get(
            value, value
        )

    def send(self, case: Hostile):
        client = self.clients[case.who]
        token = self.csrf[case.who]
        sent_token = {"valid": token, "wrong": "falsch", "empty": "", "other": self.csrf["other"], "twice": "falsch"}
        planted = None
        if case.plant is not None:
            saved = PendingUploads(self.folder).save(io.BytesIO(case.plant), "geplant.csv", ADMIN, LIMIT)
            assert saved is not None
            planted = saved.token
        path = case.path + (f"?csrf_token={token}" if case.csrf == "query" else "")
        options: dict[str, object] = {"method": case.method}
        if case.environ:
            options["environ_overrides"] = dict(case.environ)
        if case.raw is not None:
            body = case.raw.replace(CSRF_MARK, sent_token.get(case.csrf, "").encode())
            if case.chunked:
                options["input_stream"] = io.BytesIO(body)
                options.setdefault("environ_overrides", {})["wsgi.input_terminated"] = True  # type: ignore[index]
            else:
                options["data"] = body
            options["content_type"] = case.content_type
            return client.open(path, **options)
        items: list[tuple[str, object]] = []
        if case.csrf == "twice":
            items += [("csrf_token", "falsch"), ("csrf_token", token)]
        elif case.csrf in sent_token:
            items.append(("csrf_token", sent_token[case.csrf]))
        items += [(key, self._token(value, planted)) for key, value in case.form]
        items += [(name, (io.BytesIO(data), filename, ctype)) for name, data, filename, ctype in case.files]
        data: dict[str, list[object]] = {}
        for key, value in items:
            data.setdefault(key, []).append(value)
        if case.files:
            options["content_type"] = "multipart/form-data"
        return client.open(path, data=data, **options)


def german_text(response) -> str:
    return response.get_data(as_text=True).replace("&#34;", '"').replace("&#39;", "'").replace("&amp;", "&")


def check_answer(site: HostileSite, case: Hostile, response) -> list[str]:
    """What is wrong with the answer to one case (nothing: an empty list)."""
    problems = []
    if response.status_code >= 500 or response.status_code != case.status:
        problems.append(f"status {response.status_code}, expected {case.status}")
    html = response.get_data(as_text=True)
    if "Traceback" in html or "Internal Server Error" in html:
        problems.append("a traceback or Flask's own error page")
    if not case.german:
        if response.status_code == 405 and "POST" not in response.headers.get("Allow", ""):
            problems.append(f"Allow: {response.headers.get('Allow')!r}")
    elif case.message is None:
        if response.headers.get("Location") != "/daten":
            problems.append(f"redirect to {response.headers.get('Location')!r}, expected /daten")
        elif DATA_PAGE not in site.clients[case.who].get("/daten").get_data(as_text=True):
            problems.append("the data page after the redirect is not German")
    else:
        wanted = (case.message,) if isinstance(case.message, str) else case.message
        if not any(text in html for text in wanted):
            alert = re.search(r'class="alert[^"]*"[^>]*>(.*?)</div>', html, re.DOTALL)
            shown = alert.group(1).strip()[:300] if alert else html[:300]
            problems.append(f"none of {wanted!r} in the answer: {shown!r}")
        if '<html lang="de">' not in html:
            problems.append("the answer is not a German page")
    return problems


@pytest.fixture(scope="module")
def private_tmp(tmp_path_factory):
    """Temporary files of this module (werkzeug spools large uploads there) in a folder of their own."""
    folder = tmp_path_factory.mktemp("tempfiles")
    previous, tempfile.tempdir = tempfile.tempdir, str(folder)
    yield folder
    tempfile.tempdir = previous


@pytest.fixture(scope="module")
def site(tmp_path_factory, seeded_db, private_tmp) -> HostileSite:
    folder = tmp_path_factory.mktemp("hostile")
    target = folder / "store.sqlite"
    target.write_bytes(Path(seeded_db).read_bytes())
    store = Store(f"sqlite:///{target}")
    settings = Settings(database_url=f"sqlite:///{target}", kreis=KREIS, instance_dir=folder / "instance")
    yield HostileSite(settings, store)
    store.engine.dispose()


CASES = hostile_cases()


@pytest.mark.parametrize("case", CASES, ids=[f"{c.kind}: {c.id}" for c in CASES])
def test_hostile_request_gets_a_german_4xx_and_changes_nothing(site, private_tmp, case):
    before = store_snapshot(site.store)
    response = site.send(case)
    assert not check_answer(site, case, response), check_answer(site, case, response)
    assert store_snapshot(site.store) == before
    assert files_in(site.folder) == site.pending  # nothing left, the other admin's upload untouched
    assert list(private_tmp.iterdir()) == []


def test_there_are_at_least_80_cases_of_every_kind_asked_for():
    kinds = {case.kind for case in CASES}
    assert len(CASES) >= 80
    assert kinds >= {"empty", "binary", "zip", "xlsx", "csv", "genesis", "ffcsv", "name", "multipart", "size"}
    assert kinds >= {"token", "csrf", "auth", "method"}


def test_the_other_admins_upload_survives_every_case_and_can_still_be_cancelled(site):
    for case in CASES:
        if case.form and any(value == OTHER_TOKEN for _, value in case.form):
            site.send(case)
    assert files_in(site.folder) == site.pending
    client = site.clients["other"]
    response = client.post(CANCEL, data={"csrf_token": site.csrf["other"], "upload": site.other_token})
    assert response.status_code == 302
    assert "wurde verworfen" in client.get("/daten").get_data(as_text=True)
    assert files_in(site.folder) == []
    site.other_token = site._checked("other")  # for any case run after this test
    site.pending = files_in(site.folder)


def test_a_traversal_name_in_a_valid_zip_writes_no_file_outside(site, tmp_path):
    """A ZIP member named ../../x.csv is read in memory: the check may pass, but no file appears anywhere."""
    data = zip_of([("../../../../ausserhalb.csv", mean_age().encode())])
    client = site.clients["admin"]
    before = store_snapshot(site.store)
    response = client.post(
        CHECK,
        data={"csrf_token": site.csrf["admin"], "datei": (io.BytesIO(data), "traverse.zip")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    token = re.search(r'name="upload" value="([^"]+)"', response.get_data(as_text=True)).group(1)
    client.post(CANCEL, data={"csrf_token": site.csrf["admin"], "upload": token})
    assert store_snapshot(site.store) == before
    assert files_in(site.folder) == site.pending
    for parent in Path(site.folder).parents:
        assert not (parent / "ausserhalb.csv").exists()


def test_a_pending_upload_without_its_description_is_gone_not_an_error(site):
    """A half-written pending upload (the .bin without its .json, or a broken .json) answers 410."""
    client = site.clients["admin"]
    for label, meta in (("without .json", None), ("broken .json", b'{"name": "x.csv", "us'), ("list", b"[]")):
        token = ("Z" * 40) + str(len(label))
        (site.folder / f"{token}.bin").write_bytes(mean_age().encode())
        if meta is not None:
            (site.folder / f"{token}.json").write_bytes(meta)
        before = store_snapshot(site.store)
        response = client.post(IMPORT, data={"csrf_token": site.csrf["admin"], "upload": token})
        assert response.status_code == 410, label
        assert GONE in response.get_data(as_text=True), label
        assert store_snapshot(site.store) == before, label
        for path in site.folder.glob(f"{token}.*"):
            path.unlink()


class _FailingStream(io.RawIOBase):
    """A stream that breaks after its first chunk, like a disk or a connection giving up."""

    def __init__(self) -> None:
        self.calls = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        self.calls += 1
        if self.calls > 1:
            raise OSError("Verbindung abgebrochen")
        return b"x" * 1000


def test_a_save_that_fails_midway_leaves_no_half_written_upload(tmp_path):
    uploads = PendingUploads(tmp_path)
    with pytest.raises(OSError):
        uploads.save(_FailingStream(), "x.csv", ADMIN, LIMIT)
    assert list(tmp_path.iterdir()) == []


def test_a_tiny_xlsx_declaring_a_huge_sheet_is_read_in_little_memory(site):
    data = xlsx_edited(TEMPLATE_ROWS, lambda d: sheet_xml('<row r="400"><c r="XFD400"><v>1</v></c></row>', "A1:XFD400"))
    assert len(data) < 10_000
    client = site.clients["admin"]
    tracemalloc.start()
    started = time.perf_counter()
    try:
        response = client.post(
            CHECK,
            data={"csrf_token": site.csrf["admin"], "datei": (io.BytesIO(data), "breit.xlsx")},
            content_type="multipart/form-data",
        )
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert response.status_code == 422
    # 400 rows of 16 384 cells would be 52 MB; the rows the sheet holds are a few KB.
    assert peak < 16 * 1024 * 1024, (peak, time.perf_counter() - started)
