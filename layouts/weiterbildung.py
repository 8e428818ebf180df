"""Theme 4: Weiterbildung (adult learning at the Volkshochschule and beyond)."""

from layouts.theme_base import ThemePage

PAGE = ThemePage(
    slug="weiterbildung",
    intro="Angebot und Nutzung der Volkshochschule nach Kursort sowie nachgeholte Schulabschlüsse.",
    default_indicator="vhs_ustd_je_1000",
)
