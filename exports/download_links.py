"""Data download URLs and file names: one spelling for the route, the explorer menu and the tests.

Kept free of heavy imports (no openpyxl, no pandas), so a layout can build a link cheaply.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

PREFIX = "/download"
FORMATS = ("csv", "xlsx")
SCOPES = ("jahr", "alle")  # the view's year, or every year of the indicator
YEAR_PARAM = "jahr"
MIMETYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def href(indicator_id: str, fmt: str, year: int | None = None) -> str:
    """``/download/betreuungsquote_u3.csv?jahr=2024`` for one year, without ``jahr`` for every year."""
    path = f"{PREFIX}/{quote(indicator_id, safe='')}.{fmt}"
    return f"{path}?{urlencode({YEAR_PARAM: year})}" if year is not None else path


def file_name(indicator_id: str, fmt: str, year: int | None = None) -> str:
    """What the file holds, in its name: ``betreuungsquote_u3_2024_werte.csv``, ``…_werte.xlsx``."""
    parts = [indicator_id, *([str(year)] if year is not None else []), "werte"]
    return "_".join(parts) + f".{fmt}"
