"""Theme 3: Migration und Integration."""

from layouts.theme_base import ThemePage

PAGE = ThemePage(
    slug="migration-und-integration",
    intro="Zuwanderung, Schutzsuchende, Einbürgerungen und Arbeitsmarktintegration. Zählungen aus "
    "dem Ausländerzentralregister sind auf Vielfache von 5 gerundet.",
    default_indicator="auslaenderanteil",
)
