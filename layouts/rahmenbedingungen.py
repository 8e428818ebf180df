"""Context indicators (Rahmenbedingungen): population and labour market."""

from layouts.theme_base import ThemePage

PAGE = ThemePage(
    slug="rahmenbedingungen",
    intro="Demografische und wirtschaftliche Rahmenbedingungen, vor denen die Bildungsindikatoren zu lesen sind.",
    intro_en="The demographic and economic context against which the education indicators should be read.",
    default_indicator="bevoelkerung",
)
