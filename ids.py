"""Component ids shared by layouts and callbacks: one spelling, no typos."""

URL = "url"
PAGE = "page"
CHROME = "chrome"  # skip link, header, offline banner: redrawn by the router for an English page
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

# Shareable view state: "Link kopieren" and "Zur Sitzungsmappe" beside the controls.
COPY_LINK = "copy-link"
ADD_TO_DECK = "add-to-deck"
OFFLINE_BANNER = "offline-banner"

# Presentation mode (/praesentation/<deck>): slides switched in the browser.
PRESENT_SLIDES = "present-slides"
PRESENT_INDEX = "present-index"
PRESENT_MAP = "present-map"
PRESENT_PROGRESS = "present-progress"
PRESENT_TEXT = "present-text"  # one block per slide, matched by {"type": PRESENT_TEXT, "index": i}
PRESENT_OVERLAY = "present-overlay"
PRESENT_OVERLAY_BODY = "present-overlay-body"
PRESENT_OVERLAY_TREND = "present-overlay-trend"
PRESENT_CLOSE = "present-close"
PRESENT_SIZE = "present-size"  # the screen's width and height, for type sizes

# Keyboard access and page frame: the skip link's target and the Gemeinde choice without the map.
MAIN = "inhalt"
GEMEINDE_SELECT = "gemeinde-select"

# The map's options (kept in the address) and what the map currently draws.
MAP_SCHEME = "map-scheme"
MAP_DIVERGING = "map-diverging"
MAP_KIND = "map-kind"  # "gemeinden" or "kreise": a switch between them sends the whole figure once
VALUE_TABLE = "value-table"  # the map's values as a sortable table
CLEAR_SELECTION = "clear-selection"
