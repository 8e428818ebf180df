"""Weitere Daten: every imported base series, named by its table's header labels."""

import texts
from layouts.theme_base import ThemePage

PAGE = ThemePage(
    slug="weitere-daten",
    intro=texts.OTHER_DATA_INTRO,
    default_indicator="",
    heading=texts.OTHER_DATA_TITLE,
)
