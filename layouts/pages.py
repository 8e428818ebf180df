"""The registry of theme pages, in navigation order."""

from __future__ import annotations

from layouts import (
    allgemeinbildende_schulen,
    fruehkindliche_bildung,
    migration_und_integration,
    rahmenbedingungen,
    weiterbildung,
    weitere_daten,
)
from layouts.theme_base import ThemePage

PAGES: tuple[ThemePage, ...] = (
    fruehkindliche_bildung.PAGE,
    allgemeinbildende_schulen.PAGE,
    migration_und_integration.PAGE,
    weiterbildung.PAGE,
    rahmenbedingungen.PAGE,
    weitere_daten.PAGE,
)
BY_PATH: dict[str, ThemePage] = {page.path: page for page in PAGES}
