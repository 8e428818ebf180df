"""The English of ``texts``: the same names, the same placeholders; a name missing here stays German."""

from __future__ import annotations

APP_TITLE = "Education Monitor {kreis}"
APP_SUBTITLE = "Data-based local education management"
DEMO_LABEL = "Demodaten (synthetisch) – synthetic demo data"
ATTRIBUTION = "© GeoBasis-DE / BKG 2016 (Daten verändert)"  # the licence's wording, the same in every language

NAV_LABEL = "Topics"
INDICATOR_LABEL = "Indicator"
YEAR_LABEL = "Year"
REFERENCE_HEADING = "Reference values"
INFO_HEADING = "What does this measure?"
BARS_HEADING = "Municipalities compared with the district value"
TREND_HEADING = "Trend over time"
TREND_HINT = "Click a municipality on the map to see its trend."
DEFINITION = "Definition"
SOURCE = "Source"
UNIT = "Unit"
LEVEL = "Available at level"
PERIOD = "Reference date / period"
PROVENANCE = "Origin of the values"
DERIVED_NOTE = "computed as Σ numerators / Σ denominators of the municipalities"
COMPUTED_NOTE = "computed from the counts in the source tables"
NOT_COMPUTABLE = "cannot be computed"
NO_DATA = "There are no data for this indicator."
NO_DATA_SHORT = "no data"
DATABASE_ERROR = (
    "The database could not be read ({reason}). Please inform IT; "
    "the DATABASE_URL setting and the database server need to be checked."
)
UNKNOWN_PAGE = "There is no page “{path}”. Please choose a topic from the navigation."
UNKNOWN_INDICATOR = "The indicator “{indicator}” is unknown."
INVALID_INDICATOR = "The indicator selection is invalid. Please choose an indicator from the list."
INVALID_YEAR = "The selected year is invalid. Please choose a year on the slider."
INVALID_PAGE = "This page address is invalid. Please choose a topic from the navigation."

# Short answers to malformed or oversized requests (security.py) and the health check.
REQUEST_TOO_LARGE = "The request is too large (at most {limit} KB)."
REQUEST_NOT_JSON = "The request must be valid JSON."
REQUEST_WRONG_TYPE = "The request must be sent as application/json."
REQUEST_TOO_DEEP = "The request is nested too deeply."
REQUEST_BAD_FIELD = "The request's field “{field}” is missing or has the wrong type."
REQUEST_UNKNOWN_OUTPUT = "The request names an unknown output."
REQUEST_FAILED = "The request could not be processed."
RESOURCE_NOT_FOUND = "This file does not exist."
METHOD_NOT_ALLOWED = "This address takes no {method} requests; allowed are: {allowed}."
STORE_REACHABLE = "reachable"
STORE_UNREACHABLE = "not reachable"
STORE_UNREACHABLE_DETAIL = "The database does not answer ({reason})."
NO_GEMEINDE_VALUES = (
    "There are no municipal values for {period}: {name} is published officially per district only. "
    "The district value is shown on the right; municipal values come from the district's own data "
    "(template on the “Data” page)."
)
OTHER_PERIODS = (
    "The map shows the reference date {period}. The same year also has values for {others}; they are not mixed."
)
STAND = "as of"
BASIS = "Population basis"
OTHER_DATA_TITLE = "Further data"
OTHER_DATA_INTRO = (
    "All imported table columns, named after their header rows – including tables that do not (yet) belong "
    "to any indicator."
)
OTHER_DATA_EMPTY = "No tables imported yet. Files are imported on the “Data” page or with “python manage.py import”."
SIGNS_HEADING = "Explanation of symbols"
SIGN_LEGEND = "Symbols: {signs}"
MAP_MISSING = "no value"
BREAK_LEGEND = "Dashed line: break in the time series"

# Special signs of official statistics (FORMATS.md §7): sign → meaning.
SIGNS: dict[str, str] = {
    "-": "nothing there (zero)",
    "0": "less than half of the smallest unit shown",
    ".": "secret / unknown",
    "...": "not yet available",
    "/": "not reliable enough",
    "x": "not meaningful",
    "()": "limited reliability",
    "p": "provisional",
    "r": "revised",
    "s": "estimated",
    "e": "final",
}

# Image export (/export): the explorer's menu, the texts in the image, the endpoint's answers.
EXPORT_MENU = "Export"
EXPORT_MENU_TITLE: dict[str, str] = {
    "karte": "Export the map as an image",
    "balken": "Export the bar chart as an image",
    "verlauf": "Export the trend as an image",
}
EXPORT_SIZES: dict[str, str] = {
    "praesentation": "Presentation (1920 × 1080)",
    "druck": "Print (A4 landscape, 300 dpi)",
}
EXPORT_FORMATS: dict[str, str] = {"png": "PNG – image", "svg": "SVG – vector graphic", "pdf": "PDF"}
EXPORT_UNIT = "Unit: {unit}"
EXPORT_HIGHLIGHT = "highlighted: {name}"
EXPORT_TABLES = "values from table {tables}"
EXPORT_STICHTAG = "reference date {day} {month} {year}"
EXPORT_YEAR = "year {year}"
EXPORT_SPAN = "{first} to {last}"
EXPORT_COMPARISON = "Municipalities compared"
EXPORT_TREND = "trend"
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
EXPORT_UNKNOWN_KIND = "Unknown chart type “{kind}”: use karte, balken or verlauf."
EXPORT_UNKNOWN_FORMAT = "Unknown image format “{fmt}”: use png, svg or pdf."
EXPORT_NO_FORMAT = "The file extension is missing: use .png, .svg or .pdf (e.g. /export/karte.png)."
EXPORT_UNKNOWN_SIZE = "Unknown size “{size}”: use praesentation or druck."
EXPORT_UNKNOWN_PATH = (
    "Unknown export path: use /export/karte|balken|verlauf.png|svg|pdf?indikator=…&jahr=… "
    "or /export/sitzungsmappe/NAME.pdf|pptx"
)
EXPORT_NO_INDICATOR = "Parameter indikator is missing (e.g. ?indikator=betreuungsquote_u3&jahr=2024)."
EXPORT_UNKNOWN_INDICATOR = "Indicator or series “{indicator}” is unknown."
EXPORT_NO_YEAR = "Parameter jahr is missing (e.g. &jahr=2024)."
EXPORT_BAD_YEAR = "Parameter jahr: “{year}” is not a year."
EXPORT_MISSING_YEAR = "“{name}” has no year {year}; available: {years}."
EXPORT_NO_DATA = "There are no data for “{name}”."
EXPORT_UNKNOWN_GEMEINDE = "Parameter gemeinde: “{gemeinde}” is not a municipality in {kreis}."
EXPORT_CHROMIUM_MISSING = (
    "Image export is not possible: Chromium is missing at {path}. Please run “apt-get install chromium” "
    "or set BILDUNGSMONITOR_CHROMIUM."
)
EXPORT_FAILED = "The image export failed ({reason}). Please try again; if the error persists, inform IT."
EXPORT_STUCK = "The image export no longer responds. Please inform IT: the Education Monitor must be restarted."

# Sitzungsmappe as one file (/export/sitzungsmappe/<slug>.pdf|pptx): the endpoint's answers, the texts on a page.
DECK_EXPORT_UNKNOWN = "The meeting deck “{slug}” does not exist (any more)."
DECK_EXPORT_EMPTY = "The meeting deck “{name}” has no views: please add views first."
DECK_EXPORT_UNKNOWN_FORMAT = "Unknown file format “{fmt}”: use pdf or pptx."
DECK_EXPORT_NO_FORMAT = "The file extension is missing: use .pdf or .pptx (e.g. /export/sitzungsmappe/{slug}.pdf)."
DECK_VIEW_UNAVAILABLE = "This view cannot be shown."
DECK_VIEW_UNKNOWN_INDICATOR = "The indicator “{indicator}” does not exist (any more)."
DECK_PICTURE_ALT = "Map: {title}"

# Startup: one line each, naming the cause and the fix.
NO_SCHEMA = (
    "The database {url} is not set up (no tables). Please run “python manage.py init-db” first "
    "– or check DATABASE_URL in case it contains a typo."
)
DATABASE_UNREACHABLE = (
    "Error: the database does not answer ({reason}). Please check DATABASE_URL and the database server."
)
PORT_TAKEN = (
    "Error: address {host}:{port} is not available ({reason}). Is the Education Monitor already running? "
    "Otherwise set BILDUNGSMONITOR_PORT to a free port."
)

# Gemeinde profile (/gemeinde/<ags>), Gemeinde list (/gemeinden) and comparison (/vergleich).
NAV_GEMEINDEN = "Municipalities"
NAV_COMPARISON = "Comparison"
GEMEINDEN_TITLE = "Municipalities in {kreis}"
GEMEINDEN_INTRO = (
    "Each municipality with all indicators of all topics on one page, beside the district and state values."
)
PROFILE_TITLE = "Municipality profile: {name}"
PROFILE_INTRO = (
    "All indicators for {name} ({ags}), each in the latest year with a value for the municipality, beside the "
    "district and the state on the same reference date, with the change over five years and the trend."
)
PROFILE_CHANGE_NOTE = (
    "Change over five years: for shares (%) in percentage points, for counts (persons, courses …) "
    "in per cent, otherwise as a difference in the indicator's unit."
)
PROFILE_DEMO_NOTE = (
    "All values marked “Demodaten (synthetisch) – synthetic demo data” are invented and only for trying things out."
)
PROFILE_UNKNOWN = "“{ags}” is not a municipality in {kreis}. Please choose a municipality from the list."
PROFILE_BACK = "All municipalities"
PROFILE_LINK = "Municipality profile"
PROFILE_LINK_NAMED = "Profile of {name}"
PROFILE_COMPARE = "Compare this municipality"
PROFILE_COLUMNS = (
    "Indicator",
    "Year",
    "Municipality",
    "District",
    "State",
    "Change over 5 years",
    "Trend",
    "Origin",
)
PROFILE_NO_GEMEINDE_VALUES = "no municipal values"
PROFILE_NO_CHANGE = "cannot be computed"
PROFILE_TREND_ALT = "Trend {span}: {indicator}, {name}"
PROFILE_NO_TREND = "no trend"
PROFILE_IMPORTED = "official / own data"
PERCENT_POINTS = "percentage points"
PERCENT_POINT = "percentage point"

COMPARISON_TITLE = "Comparison"
COMPARISON_INTRO = (
    "Up to five municipalities of the district or districts of the state side by side: one indicator over time, "
    "below it several indicators of the topic in one year. The district and the state are shown as reference lines."
)
COMPARISON_REGIONS = "Regions (at most five)"
COMPARISON_YEAR = "Year of the table"
COMPARISON_TREND = "Trend compared"
COMPARISON_TABLE = "Indicators of the topic {theme} in {year}"
COMPARISON_TOO_MANY = "At most five regions can be compared; the first five are shown ({names})."
COMPARISON_UNKNOWN_REGION = (
    "Unknown region: {keys}. Possible are the municipalities of the district and the districts of the state."
)
COMPARISON_NO_REGIONS = "Please choose at least one municipality or district."
COMPARISON_NO_YEAR = "There are no values for this year."
COMPARISON_LINK = "Link to this selection"
COMPARISON_REFERENCE = "{name} (reference)"

# Data downloads (/download and the API's format=xlsx): menu entries, column heads, metadata, answers.
DOWNLOAD_HEADING = "Values as a table"
DOWNLOAD_LINKS: dict[tuple[str, str], str] = {
    ("jahr", "csv"): "Data (CSV)",
    ("jahr", "xlsx"): "Data (Excel)",
    ("alle", "csv"): "All years (CSV)",
    ("alle", "xlsx"): "All years (Excel)",
}
DOWNLOAD_COLUMNS = (
    "Municipality/region",
    "Key",
    "Period",
    "Value",
    "Symbol",
    "Quality",
    "Computed",
    "Source",
    "As of",
)
SHEET_DATA = "Data"
SHEET_METADATA = "Metadata"
SHEET_INDICATORS = "Indicators"
SHEET_REGIONS = "Regions"
META_DEMO = "yes: {demo} of {total} values are synthetic, not official figures"
META_NO_STAND = "not stated"
META_REQUEST = "Request"
META_REGION = "Region"
META_ALL_REGIONS = "all"
META_ALL_YEARS = "all years"
META_RETRIEVED = "Retrieved on"
YES = "yes"
NO = "no"
DOWNLOAD_NO_FORMAT = (
    "The file extension is missing: use .csv or .xlsx (e.g. /download/betreuungsquote_u3.csv?jahr=2024)."
)
DOWNLOAD_UNKNOWN_FORMAT = "Unknown file format “{fmt}”: use csv or xlsx."
DOWNLOAD_UNKNOWN_PATH = "Unknown download path: use /download/INDICATOR.csv|xlsx[?jahr=YYYY]"

# Shareable views and decks (explorer).
COPY_LINK = "Copy link"
COPY_LINK_DONE = "Link copied"
COPY_LINK_TITLE = "Copy the address of this view (indicator, year, municipality) to the clipboard"
ADD_TO_DECK = "Add to meeting deck"
ADD_TO_DECK_TITLE = "Add this view to a meeting deck for a presentation"
NAV_DECKS = "Meeting decks"

# Presentation mode.
PRESENT_UNKNOWN_DECK = "The meeting deck “{deck}” does not exist. Existing decks are listed under /sitzungsmappen."
PRESENT_EMPTY_DECK = "The meeting deck “{name}” has no views yet: choose “Add to meeting deck” in the explorer."
PRESENT_UNKNOWN_INDICATOR = "The indicator “{indicator}” no longer exists."
PRESENT_NO_DATA = "There are no values for “{name}” in {year}."
PRESENT_LABEL = "Presentation"
PRESENT_HELP = (
    "→ / Page Down / Space: next · ← / Page Up: back · Home / End · F: full screen · Esc: back to the explorer"
)
PRESENT_CLOSE = "Close"
PRESENT_CARD_LABEL = "Values of the municipality"
PRESENT_EXPLORER = "Back to the explorer"
PRESENT_FULLSCREEN = "Full screen"

# Accessibility: skip link, keyboard choice of a Gemeinde, Dash dropdown labels, server not answering.
SKIP_LINK = "Skip to content"
GEMEINDE_SELECT_LABEL = "Choose a municipality"
GEMEINDE_SELECT_NONE = "– none (district values only) –"
DROPDOWN_LABELS = {
    "select_all": "Select all",
    "deselect_all": "Deselect all",
    "selected_count": "{num_selected} selected",
    "search": "Search",
    "clear_search": "Clear search",
    "clear_selection": "Clear selection",
    "no_options_found": "No matches",
}
OFFLINE_MESSAGE = "The server is not responding. The view still shows the previous state."
OFFLINE_STALE_NOTE = "View not updated"

# Kreis-only indicators and map options.
KREISE_MAP_NOTE = "The map shows the districts of {land}; {kreis} is highlighted."
KREISE_NO_FILE = (
    "The state's districts are not set up (manage.py build-geodata); the district value is shown on the right."
)
KREISE_NO_BARS = "No values per municipality: the districts are compared on the map."
MAP_SCHEME_LABEL = "Colour classes"
MAP_DIVERGING_LABEL = "Show deviation from the district value"

# The map's table alternative.
TABLE_SUMMARY = "Values as a table"
TABLE_CAPTION = "{name}, {period}"
TABLE_GEMEINDE = "Area"
TABLE_VALUE = "Value"
TABLE_SIGN = "Symbol"

# The selected Gemeinde beside the reference values.
DIFFERENCE_TO = "vs. {level}: {difference}"
CLEAR_SELECTION = "Clear selection"
DEMO_SOURCE = "Demodaten (synthetisch) – synthetic demo data; official values would come from: {source}"

# Figures, exports, downloads and the API: texts that were written inline in the code.
STAND_UNKNOWN = "as-of date unknown"
DEMO_NOTE = "invented values for demonstration, not official figures"
TRACE_VALUES = "Values"
TRACE_NAMES = "Names"
TRACE_LABEL = "Label"
BAR_KREIS = "District"
BAR_LAND = "State"
KREISE_IN = "districts of {land}"
MAP_SCHEMES: dict[str, str] = {
    "stetig": "Continuous",
    "quantile": "Quantiles (equal number of municipalities per class)",
    "gleich": "Equal intervals",
    "natuerlich": "Natural breaks (Jenks)",
}
YEARS_NONE = "none"
META_STAND = "As of"
META_RETRIEVED_AT = "{date}, {time}"
SIGN_QUOTED = "“{sign}” {meaning}"
DOCUMENT_LANGUAGE = "en-GB"
EXPORT_CHROMIUM_ENDED = "Chromium exited"
INFO_TABLES = "Table {tables}"
INFO_NO_TABLE = "official statistics / own data"
API_BAD_FORMAT = "Parameter format: allowed are json, csv and xlsx."
API_DATABASE_UNREACHABLE = "The database is not reachable ({reason})."
API_READ_ONLY = "Only GET is allowed: the API reads, it does not write."
API_UNKNOWN_PATH = "Unknown path {path}; known are indicators, observations, regions."
API_NO_INDICATOR = "Parameter indicator is missing (e.g. ?indicator=betreuungsquote_u3)."
API_BAD_REGION = "Parameter region: “{region}” is not a regional key."
API_UNKNOWN_REGION = "Region “{region}” is unknown."
API_BAD_YEAR = "Parameter year: “{year}” is not a year."
KREIS_TYPES: dict[str, str] = {
    "Landkreis": "district",
    "Kreis": "district",
    "Kreisfreie Stadt": "independent city",
    "Stadtkreis": "independent city",
    "Region": "region",
    "Regionalverband": "regional association",
}


# The language switch in every header, and the formats that follow the language.
COPY_LINK_FAILED = "Copying not possible"
SCHOOL_YEAR = "School year {years}"
REGION_NAMES: dict[str, str] = {
    "Deutschland": "Germany",
    "Schleswig-Holstein": "Schleswig-Holstein",
    "Hamburg": "Hamburg",
    "Niedersachsen": "Lower Saxony",
    "Bremen": "Bremen",
    "Nordrhein-Westfalen": "North Rhine-Westphalia",
    "Hessen": "Hesse",
    "Rheinland-Pfalz": "Rhineland-Palatinate",
    "Baden-Württemberg": "Baden-Württemberg",
    "Bayern": "Bavaria",
    "Saarland": "Saarland",
    "Berlin": "Berlin",
    "Brandenburg": "Brandenburg",
    "Mecklenburg-Vorpommern": "Mecklenburg-Western Pomerania",
    "Sachsen": "Saxony",
    "Sachsen-Anhalt": "Saxony-Anhalt",
    "Thüringen": "Thuringia",
}
CSV_DELIMITER = ","
CSV_DECIMAL = "."
NOT_ALLOWED = "This action needs a sign-in with administrator rights."
NAV_DATA = "Data"
NAV_DATA_TITLE = "Import data (sign-in required)"
LANGUAGE_SWITCH = "Deutsch"
LANGUAGE_SWITCH_TITLE = "Diese Seite auf Deutsch"
LANGUAGE_SWITCH_TARGET = "de"
PLOTLY_SEPARATORS = ".,"
PLOTLY_LOCALE = "en"
DATE_FORMAT = "{day} {month_name} {year}"
MAP_MISSING_SHORT = "n/a"
SIGN_UNKNOWN = "no value"
REGION_KIND_GEMEINDE = "municipality"
REGION_KIND_KREIS = "district"
