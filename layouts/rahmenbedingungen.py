"""Context indicators (Rahmenbedingungen): population and labour market."""

from layouts.theme_base import ThemePage

PAGE = ThemePage(
    slug="rahmenbedingungen",
    intro="Demografische und wirtschaftliche Rahmenbedingungen, vor denen die Bildungsindikatoren zu lesen sind.",
    default_indicator="bevoelkerung",
)
