"""Theme 3: Migration und Integration."""

from layouts.theme_base import ThemePage

PAGE = ThemePage(
    slug="migration-und-integration",
    intro="Zuwanderung, Schutzsuchende, Einbürgerungen und Arbeitsmarktintegration. Zählungen aus "
    "dem Ausländerzentralregister sind auf Vielfache von 5 gerundet.",
    intro_en="Immigration, persons seeking protection, naturalisations and labour market integration. Counts from "
    "the Central Register of Foreigners are rounded to multiples of 5.",
    default_indicator="auslaenderanteil",
)
