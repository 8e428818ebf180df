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

# Gemeinde profile and comparison pages.
PROFILE = "profile"
PROFILE_TABLE = "profile-table"
GEMEINDE_LIST = "gemeinde-list"
COMPARE_INDICATOR = "compare-indicator"
COMPARE_REGIONS = "compare-regions"
COMPARE_YEAR = "compare-year"
COMPARE_GRAPH = "compare-graph"
COMPARE_TABLE = "compare-table"
COMPARE_MESSAGE = "compare-message"
COMPARE_LINK = "compare-link"
COMPARE_NOTICE = "compare-notice"

# Data downloads in the same menus: links matched by {"type": DOWNLOAD_LINK, kind, fmt, scope}.
DOWNLOAD_LINK = "download-link"
