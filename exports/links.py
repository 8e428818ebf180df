"""Export URLs and file names: one spelling for the blueprint, the explorer menu and the tests.

Kept free of heavy imports, so a layout can build a link without loading kaleido.
"""

from __future__ import annotations

from urllib.parse import urlencode

PREFIX = "/export"
KINDS = ("karte", "balken", "verlauf")  # map, bar chart, trend
FORMATS = ("png", "svg", "pdf")
SIZES = ("praesentation", "druck")
DEFAULT_SIZE = "praesentation"
MIMETYPES = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}
DECK_PREFIX = f"{PREFIX}/sitzungsmappe"
DECK_FORMATS = ("pdf", "pptx")
DECK_MIMETYPES = {
    "pdf": "application/pdf",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}

INDICATOR_PARAM = "indikator"
YEAR_PARAM = "jahr"
GEMEINDE_PARAM = "gemeinde"
SIZE_PARAM = "groesse"


def href(
    kind: str, fmt: str, indicator_id: str, year: int, gemeinde: str | None = None, size: str = DEFAULT_SIZE
) -> str:
    """``/export/karte.png?indikator=…&jahr=…`` for one view; the default size stays out of the URL."""
    query: dict[str, str | int] = {INDICATOR_PARAM: indicator_id, YEAR_PARAM: year}
    if gemeinde:
        query[GEMEINDE_PARAM] = gemeinde
    if size != DEFAULT_SIZE:
        query[SIZE_PARAM] = size
    return f"{PREFIX}/{kind}.{fmt}?{urlencode(query)}"


def file_name(indicator_id: str, year: int, kind: str, fmt: str, gemeinde: str | None = None) -> str:
    """What the file is, in its name: ``betreuungsquote_u3_2024_karte.png``, ``…_verlauf_03453004.pdf``."""
    parts = [indicator_id, str(year), kind, *([gemeinde] if gemeinde else [])]
    return "_".join(parts) + f".{fmt}"


def deck_href(slug: str, fmt: str) -> str:
    """``/export/sitzungsmappe/beispiel.pdf``: a whole Sitzungsmappe as one file."""
    return f"{DECK_PREFIX}/{slug}.{fmt}"


def deck_file_name(slug: str, fmt: str) -> str:
    """``sitzungsmappe_beispiel.pptx``: the deck's address names the file."""
    return f"sitzungsmappe_{slug}.{fmt}"
