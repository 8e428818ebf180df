"""Theme 4: Weiterbildung (adult learning at the Volkshochschule and beyond)."""

from layouts.theme_base import ThemePage

PAGE = ThemePage(
    slug="weiterbildung",
    intro="Angebot und Nutzung der Volkshochschule nach Kursort sowie nachgeholte Schulabschlüsse.",
    intro_en="What the adult education centre (VHS) offers and how it is used, by course location, and "
    "school-leaving certificates obtained later.",
    default_indicator="vhs_ustd_je_1000",
)
