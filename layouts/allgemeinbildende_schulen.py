"""Theme 2: Allgemeinbildende Schulen (general schools)."""

from layouts.theme_base import ThemePage

PAGE = ThemePage(
    slug="allgemeinbildende-schulen",
    intro="Schülerzahlen, Schulabschlüsse und Förderschulbesuch an allgemeinbildenden Schulen. "
    "Das Berichtsjahr der Abschlüsse ist das Jahr, in dem das Schuljahr endet.",
    intro_en="Pupil numbers, school-leaving certificates and special-school attendance at general education "
    "schools. For certificates, the report year is the year in which the school year ends.",
    default_indicator="anteil_abgaenger_ohne_hsa",
)
