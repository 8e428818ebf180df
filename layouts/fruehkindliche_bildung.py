"""Theme 1: Frühkindliche Bildung (early childhood education and care)."""

from layouts.theme_base import ThemePage

PAGE = ThemePage(
    slug="fruehkindliche-bildung",
    intro="Betreuung in Kindertageseinrichtungen und Kindertagespflege: wie viele Kinder "
    "einen Platz haben, wie lange sie betreut werden und wie gut die Einrichtungen ausgestattet sind.",
    default_indicator="betreuungsquote_u3",
)
