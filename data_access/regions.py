"""Region keys: normalise every official form to one key, and decide what the store keeps.

Regions are matched on the key, never on the name ("Oldenburg" is a Stadt and a
Landkreis). The forms of FORMATS.md §5 map to: ``DG`` (Bund), 2 digits (Land),
3 digits (statistische Region / Regierungsbezirk, e.g. 034 Weser-Ems), 5 digits
(Kreis), 7 digits (Verbandsgemeinde), 8 digits (Gemeinde, or a Samtgemeinde in
Niedersachsen), and longer keys that carry the Verband in the middle
(10/11 digits, 12-digit ARS), whose Gemeinde is the first five plus the last three digits.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from config import BUND_KEY, BUND_NAME, LAENDER
from data_access.geodata import Boundaries
from data_access.models import Region
from data_access.store import RegionRow

CHANGES_FILE = Path(__file__).with_name("region_changes.toml")

VERBAND_HINTS = ("samtgemeinde", "verbandsgem", "verbandsgemeinde", "amt ")


@dataclass(frozen=True)
class Scope:
    """What an import keeps: the Kreis, its Gemeinden, its Land, Deutschland, the Land's other Kreise."""

    kreis: str
    everything: bool = False  # keep every region of the file (a Land-wide or national store)

    @property
    def land(self) -> str:
        return self.kreis[:2]

    def keeps(self, key: str, level: str) -> bool:
        if level == "Bund" or self.everything:
            return True
        if level in ("Land", "Region", "Kreis"):
            return key.startswith(self.land)
        return key.startswith(self.kreis)  # Verband, Gemeinde


def normalise_key(raw: str, name: str = "", repair_leading_zero: bool = False) -> tuple[str, str] | None:
    """Key as written → (normalised key, level), or ``None`` when it is no region key at all.

    ``repair_leading_zero`` is for spreadsheets, where a key such as 03453004 often arrives as
    the number 3453004; official CSV files keep their zeros (and use 7-digit Verband keys).
    """
    key = raw.strip().strip('"').strip()
    if key.endswith(".0") and key[:-2].isdigit():  # a spreadsheet number 3453004.0
        key = key[:-2]
    upper = key.upper()
    if upper in ("DG", "DE", "DEG"):
        return BUND_KEY, "Bund"
    if upper.startswith("K") and key[1:].isdigit() and len(key) in (5, 6):  # K03453 (integration monitoring)
        key = key[1:].zfill(5)
    if not key.isdigit():
        return None
    n = len(key)
    if repair_leading_zero and not key.startswith("0") and n in (1, 4, 7):
        key, n = "0" + key, n + 1
    if n == 2:
        return (key, "Land") if key in LAENDER else None
    if n == 3:
        return (key, "Region") if key[:2] in LAENDER else None
    if n == 5:
        return (key, "Kreis") if key[:2] in LAENDER else None
    if n == 6:  # LSN-Online: Kreis (3) + Gemeinde (3) within Niedersachsen
        return "03" + key, "Gemeinde"
    if n == 7:
        return (key, "Verband") if key[:2] in LAENDER else None
    if n == 8:
        if key[:2] not in LAENDER:
            return None
        lowered = name.lower()
        return key, ("Verband" if any(hint in lowered for hint in VERBAND_HINTS) else "Gemeinde")
    if n == 9:
        return (key, "Verband") if key[:2] in LAENDER else None
    if n in (10, 11, 12):
        if key[:2] not in LAENDER:
            return None
        if key.endswith("000") and n == 12:  # ARS of a Verband without Gemeinde part
            return key[:9], "Verband"
        return key[:5] + key[-3:], "Gemeinde"
    return None


def parent_of(key: str, level: str) -> str | None:
    """The next level up that every key carries in itself (Gemeinde → Kreis → Land → Bund)."""
    if level == "Bund":
        return None
    if level == "Land":
        return BUND_KEY
    if level in ("Region", "Kreis"):
        return key[:2]
    return key[:5]


def clean_name(name: str) -> str:
    """Names come indented by level in GENESIS files: strip and collapse spaces."""
    return " ".join(name.split())


def base_regions(boundaries: Boundaries) -> list[RegionRow]:
    """Bund, Land, the Kreis and its Gemeinden as the boundary file names them: known before any import."""
    kreis = boundaries.kreis_key
    land = kreis[:2]
    return [
        RegionRow(BUND_KEY, BUND_NAME, "Bund"),
        RegionRow(land, LAENDER[land], "Land", BUND_KEY),
        RegionRow(kreis, boundaries.title, "Kreis", land),
        *(RegionRow(g.ags, g.name, "Gemeinde", kreis) for g in boundaries.gemeinden),
    ]


@dataclass(frozen=True)
class RegionChange:
    key: str
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    successor: str | None = None


def load_changes(path: Path = CHANGES_FILE) -> tuple[RegionChange, ...]:
    """Territorial changes from the data file; keys are checked like any imported key."""
    with path.open("rb") as handle:
        entries = tomllib.load(handle).get("change", [])
    changes = []
    for entry in entries:
        key = normalise_key(str(entry["key"]))
        successor = entry.get("successor")
        if key is None or (successor is not None and normalise_key(str(successor)) is None):
            raise ValueError(f"{path.name}: Regionalschlüssel „{entry['key']}“ oder Nachfolger ist ungültig.")
        changes.append(RegionChange(key[0], entry.get("valid_from"), entry.get("valid_to"), successor))
    return tuple(changes)


CHANGES = load_changes()


def apply_changes(session: Session, changes: tuple[RegionChange, ...] = CHANGES) -> None:
    """Write validity and successors onto the regions the store holds (within the caller's transaction)."""
    known = set(session.scalars(select(Region.key).where(Region.key.in_([c.key for c in changes]))))
    for change in changes:
        if change.key in known:
            session.execute(
                update(Region)
                .where(Region.key == change.key)
                .values(valid_from=change.valid_from, valid_to=change.valid_to, successor_key=change.successor)
            )
