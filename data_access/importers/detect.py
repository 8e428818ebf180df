"""From bytes to a parsed table: size limits, ZIP, encoding and format, all decided by content.

Never by file name or fixed line numbers: a GENESIS table is recognised by its
first line, an ffcsv file by its header, a spreadsheet by its ZIP members.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Callable

from data_access.importers import ffcsv, flat, genesis, template
from data_access.importers.base import ParsedTable, ReadError

DEFAULT_LIMIT = 50 * 1024 * 1024
# UTF-8 umlauts and ß read as Latin-1 or Windows-1252 and saved again: "Ã" and the second byte's character.
_SECOND = {bytes([b]).decode("latin-1") for b in range(0x80, 0xC0)}
_SECOND |= {bytes([b]).decode("cp1252", errors="ignore") for b in range(0x80, 0xC0)} - {""}
MOJIBAKE = re.compile("Ã[" + re.escape("".join(sorted(_SECOND))) + "]")
MAX_MEMBERS = 20
_CHUNK = 1 << 20

READERS: dict[str, Callable[[str, str], ParsedTable]] = {
    "genesis": genesis.read,
    "ffcsv": ffcsv.read,
    "flat": flat.read,
    "template": template.read_csv,
}
FORMAT_NAMES = {
    "genesis": "GENESIS-Tabelle (CSV)",
    "ffcsv": "GENESIS Flatfile (ffcsv)",
    "flat": "Flatfile (älteres Format)",
    "template": "Vorlage des Landkreises",
    "xlsx": "Vorlage des Landkreises (Excel)",
}


def size_text(size: int) -> str:
    """Bytes as people read them, precise enough that two different sizes never read alike."""
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB".replace(".", ",")
    return f"{size / 1024 / 1024:.1f} MB".replace(".", ",")


def unpack(data: bytes, limit: int = DEFAULT_LIMIT) -> list[tuple[str, bytes]]:
    """A ZIP's data members (each read with a hard size cap: a ZIP bomb stops at the limit), or ``[("", data)]``."""
    if len(data) > limit:
        raise ReadError(f"Die Datei ist {size_text(len(data))} groß; erlaubt sind höchstens {size_text(limit)}.")
    if data.startswith(b"PK\x05\x06"):
        raise ReadError("Die ZIP-Datei ist leer.")
    if not data.startswith(b"PK\x03\x04"):
        return [("", data)]
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = [i for i in archive.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as error:
        raise ReadError(f"Die ZIP-Datei ist beschädigt oder unvollständig ({error}).") from error
    names = {i.filename for i in infos}
    if "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names):
        return [("", data)]  # an Excel workbook is itself a ZIP
    if not infos:
        raise ReadError("Die ZIP-Datei ist leer.")
    if len(infos) > MAX_MEMBERS:
        raise ReadError(f"Die ZIP-Datei enthält {len(infos)} Dateien; erlaubt sind höchstens {MAX_MEMBERS}.")
    out, total = [], 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise ReadError(f"„{info.filename}“ in der ZIP-Datei ist verschlüsselt.")
        chunks = []
        try:
            with archive.open(info) as member:
                while chunk := member.read(_CHUNK):
                    total += len(chunk)
                    if total > limit:
                        raise ReadError(
                            f"Der Inhalt der ZIP-Datei ist größer als {size_text(limit)} (entpackt); "
                            "die Datei wird nicht gelesen (Schutz vor ZIP-Bomben)."
                        )
                    chunks.append(chunk)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError) as error:
            raise ReadError(f"„{info.filename}“ in der ZIP-Datei ist beschädigt ({error}).") from error
        body = b"".join(chunks)
        if body.startswith(b"PK\x03\x04"):
            raise ReadError(
                f"„{info.filename}“ ist selbst eine ZIP-Datei; verschachtelte Archive werden nicht gelesen."
            )
        out.append((info.filename, body))
    return out


def decode(data: bytes) -> tuple[str, str]:
    """Text and encoding name: a BOM or a clean UTF-8 decode means UTF-8, else Windows-1252."""
    if not data.strip():
        raise ReadError("Die Datei ist leer.")
    if data.startswith(b"\xef\xbb\xbf"):
        encoding, body = "UTF-8 (BOM)", data[3:]
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as error:
            raise ReadError(_encoding_message(body, error, "UTF-8")) from error
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text, encoding = data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError as error:
            raise ReadError(_encoding_message(data, error, "UTF-16")) from error
    else:
        try:
            text, encoding = data.decode("utf-8"), "UTF-8"
        except UnicodeDecodeError:
            try:
                text, encoding = data.decode("cp1252"), "Windows-1252"
            except UnicodeDecodeError as error:
                raise ReadError(_encoding_message(data, error, "UTF-8 noch Windows-1252")) from error
    if "\x00" in text:
        raise ReadError("Die Datei enthält Binärdaten (Nullbytes): sie ist keine Text- oder CSV-Datei.")
    if "Ã" in text and MOJIBAKE.search(text):
        raise ReadError(
            "Die Umlaute der Datei sind verfälscht (z. B. „Ã¶“ statt „ö“): sie wurde schon einmal falsch "
            "umkodiert. Bitte die Originaldatei verwenden."
        )
    return text, encoding


def _encoding_message(data: bytes, error: UnicodeDecodeError, expected: str) -> str:
    line = data[: error.start].count(b"\n") + 1
    return f"Zeile {line}: die Datei ist weder {expected} noch in einer anderen bekannten Kodierung lesbar."


def detect_format(text: str) -> str | None:
    """Format by the first line (GENESIS), the header names (ffcsv, flat) or the template's columns."""
    first = text.lstrip("\ufeff").split("\n", 1)[0].strip().strip('"').lower()
    if first.startswith(("genesis-tabelle:", "tabelle:")):
        return "genesis"
    if first.startswith("statistics_code;"):
        return "ffcsv"
    if first.startswith("statistik_code;"):
        return "flat"
    if template.looks_like_template(first):
        return "template"
    return None


def parse(data: bytes, name: str, limit: int = DEFAULT_LIMIT) -> list[ParsedTable]:
    """Every table in a file (one, or one per ZIP member)."""
    tables = []
    for member, body in unpack(data, limit):
        label = member or name
        if body.startswith(b"PK\x03\x04"):
            tables.append(template.read_xlsx(body, label))
            continue
        text, encoding = decode(body)
        fmt = detect_format(text)
        if fmt is None:
            raise ReadError(
                "Das Format ist unbekannt: erwartet wird eine GENESIS-Tabelle (erste Zeile „GENESIS-Tabelle: …“), "
                "eine ffcsv- oder Flatfile-Datei oder die Vorlage des Landkreises "
                "(Spalten indicator;region;period;value;flag;note).",
                line=1,
            )
        table = READERS[fmt](text, label)
        table.encoding = encoding
        tables.append(table)
    return tables
