"""Theme 1: Frühkindliche Bildung (early childhood education and care)."""

from layouts.theme_base import ThemePage

PAGE = ThemePage(
    slug="fruehkindliche-bildung",
    intro="Betreuung in Kindertageseinrichtungen und Kindertagespflege: wie viele Kinder "
    "einen Platz haben, wie lange sie betreut werden und wie gut die Einrichtungen ausgestattet sind.",
    intro_en="Care in day-care facilities and childminding: how many children have a place, how long they "
    "are cared for and how well the facilities are staffed.",
    default_indicator="betreuungsquote_u3",
)
