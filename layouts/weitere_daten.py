"""Weitere Daten: every imported base series, named by its table's header labels."""

import language
import texts
import texts_en
from layouts.theme_base import ThemePage

with language.use(language.GERMAN):  # the German fields hold the German texts, whatever the importing request
    PAGE = ThemePage(
        slug="weitere-daten",
        intro=texts.OTHER_DATA_INTRO,
        default_indicator="",
        heading=texts.OTHER_DATA_TITLE,
        intro_en=texts_en.OTHER_DATA_INTRO,
        heading_en=texts_en.OTHER_DATA_TITLE,
    )
