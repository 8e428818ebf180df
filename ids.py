"""Component ids shared by layouts and callbacks: one spelling, no typos."""

URL = "url"
PAGE = "page"
NAV = "nav"
THEME = "theme-slug"
INDICATOR = "indicator"
YEAR = "year"
YEAR_LABEL = "year-label"
MAP = "map"
BARS = "bars"
TREND = "trend"
TREND_HINT = "trend-hint"
REFERENCES = "references"
INFO = "info"
MESSAGE = "message"
SELECTED = "selected-gemeinde"

# Image export: one "Exportieren" menu per figure, its links matched by {"type": EXPORT_LINK, kind, fmt, size}.
EXPORT_MENUS = {"karte": "export-karte", "balken": "export-balken", "verlauf": "export-verlauf"}
EXPORT_LINK = "export-link"
