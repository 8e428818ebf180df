"""The English of ``webpages.messages``: the same names, the same placeholders; a name missing here stays German.

Terms as everywhere in the app: Gemeinde → municipality, Kreis → district, Sitzungsmappe → meeting
deck, Ansicht → view, Stand → as of, Protokoll → audit log, Anmelden/Abmelden → sign in/sign out.
"""

from __future__ import annotations

# -- every page: header, navigation, language switch, formats -------------------------

NAV_LABEL = "Pages"
SUBTITLE_DATA = "Data management"
SUBTITLE_DECKS = "Meeting decks"
NAV_EXPLORER = "To the explorer"
NAV_DECKS = "Meeting decks"
NAV_DATA = "Data"
SIGNED_IN_AS = "Signed in as {name}"
LOGOUT = "Sign out"
LANGUAGE_SWITCH = "Deutsch"
LANGUAGE_SWITCH_TITLE = "Diese Seite auf Deutsch"
LANGUAGE_SWITCH_TARGET = "de"
DATETIME = "{date}, {time}"
TIME = "{hour:02d}:{minute:02d}"
NO_VALUE = "–"
OVERVIEW = "explorer"
TO_DATA = "To the data page"
TO_DECKS = "To the meeting decks"
BACK_TO_DATA = "Back to the data page"
CANCEL = "Cancel"
QUOTED = "“{text}”"
DEMO_LABEL = "Demodaten (synthetisch) – synthetic demo data"

# -- login ---------------------------------------------------------------------------

LOGIN_TITLE = "Sign in"
LOGIN_INTRO = (
    "Signing in is needed for data management. The explorer with its maps and charts is open without signing in."
)
USERNAME = "User name"
PASSWORD = "Password"
LOGIN_BUTTON = "Sign in"
LOGIN_FAILED = "The user name or the password is wrong."
LOGIN_MISSING = "Please enter your user name and password."
TOO_MANY_FAILURES = (
    "Too many failed attempts. Signing in is blocked for this user name or this computer for up to "
    "15 minutes; please try again later."
)
NOT_ADMIN = "You are signed in as “{name}”; the data page needs administrator rights."
LOGGED_OUT = "You have signed out."

# -- error pages ------------------------------------------------------------------------

CSRF_TITLE = "Request refused"
CSRF_FAILED = (
    "The form has expired or does not come from this page (security check failed). "
    "Nothing was changed. Please reload the page and try again."
)
FORBIDDEN_TITLE = "Not permitted"
TOO_LARGE_TITLE = "File too large"
TOO_LARGE = (
    "The file is larger than allowed: at most {limit} MB (setting BILDUNGSMONITOR_IMPORT_LIMIT_MB). Nothing was saved."
)
BAD_REQUEST_TITLE = "Invalid request"
BAD_REQUEST = "The request was incomplete or malformed. Nothing was changed."
METHOD_TITLE = "Not allowed"
METHOD = "This address can only be reached through the page's form."
TOO_MANY_TITLE = "Too many failed attempts"
NOT_FOUND_TITLE = "Not found"
PAGE_MISSING = "This page does not exist."

# -- data page: upload and import list -------------------------------------------------------

DATA_TITLE = "Data"
DATA_HEADING = "Import data"
DATA_INTRO = (
    "Tables from the Regionaldatenbank or GENESIS-Online (CSV, flat file, also zipped) and the district's own "
    "template (CSV or Excel). The file is checked first; nothing is saved until you choose “Import”."
)
UPLOAD_HEADING = "Upload a file"
UPLOAD_PROGRESS = "Uploading: {percent} %"
UPLOAD_CHECKING = "Checking the file …"
UPLOAD_FAILED = "The upload failed (connection lost). Please try again."
UPLOAD_TOO_LARGE = "The file is larger than allowed: at most {limit} MB."
FILE_LABEL = "File (.csv, .zip or .xlsx, at most {limit} MB)"
CHECK_BUTTON = "Check"
TEMPLATE_HINT = "Empty template for your own data:"
TEMPLATE_CSV = "Template as CSV"
TEMPLATE_XLSX = "Template as Excel (with explanations)"
IMPORTS_HEADING = "Imports (newest first)"
AUDIT_LINK = "Audit log of all changes"
AUDIT_LINK_HINT = "(imports, demo data, restores, users, meeting decks, visibility)"
VISIBILITY_LINK = "Visibility: internal or public"
VISIBILITY_LINK_HINT = "(indicators, imported series and meeting decks for signed-in users only)"
COL_FILE = "File"
COL_FORMAT = "Format"
COL_TABLE = "Table"
COL_STAND = "As of"
COL_IMPORTED_AT = "Imported on"
COL_IMPORTED_BY = "by"
COL_ROWS = "Rows"
COL_NEW = "New values"
COL_CHANGED = "changed"
NO_IMPORTS = "No imports yet."
FORMAT_NAMES = {
    "genesis": "GENESIS table (CSV)",
    "ffcsv": "GENESIS flat file (ffcsv)",
    "flat": "Flat file (older format)",
    "template": "District template",
    "xlsx": "District template (Excel)",
}

# -- check and import (preview page) ------------------------------------------------------------

CHECK_TITLE = "Check"
DONE_TITLE = "Import complete"
CHECK_HEADING = "Check: {file}"
DONE_HEADING = "Imported: {file}"
DRY_RUN_INTRO = "Dry run: these values would be imported. Nothing has been saved yet."
IMPORT_BUSY = "Import running … Please wait; for large files this can take a few minutes."
IMPORT_BUTTON = "Import"
SUMMARY_FORMAT = "Format"
SUMMARY_ENCODING = "(encoding {encoding})"
SUMMARY_STAND = "As of"
NOT_GIVEN = "not given"
SUMMARY_READ = "Read"
SUMMARY_READ_COUNTS = "{rows} rows, {values} values, {series} series"
SUMMARY_VALUES = "Values"
COUNT_NEW = "{count} new"
COUNT_CHANGED = "{count} changed"
COUNT_UNCHANGED = "{count} unchanged"
SUMMARY_SIGNS = "Special signs"
SIGN_COUNT = "{count} × “{sign}” ({name})"
SUMMARY_OUTSIDE = "Outside the area"
OUTSIDE_COUNTS = "{rows} rows ({regions} regions), not imported"
SUMMARY_INDICATORS = "Indicators filled"
NONE = "none"
LIST_SEPARATOR = ", "
SIGN_NAMES = {
    "-": "nothing there",
    ".": "confidential",
    "...": "available later",
    "/": "not reliable enough",
    "x": "not meaningful",
}
NO_FILE = "Please choose a file."
CHECK_FAILED = "The file could not be checked ({reason}). Nothing was saved."
IMPORT_FAILED = "The import failed ({reason}). Nothing was saved."
ALREADY_IMPORTED = "“{name}” has been imported before (same checksum); there is nothing new to save."
UPLOAD_GONE = (
    "The uploaded file is no longer there: it has been imported or discarded already, or it is older than "
    "an hour. Please upload the file again."
)
CANCELLED = "Cancelled: “{name}” was discarded, nothing was imported."
IMPORTED = "“{name}” has been imported."

# -- audit log ---------------------------------------------------------------------------------

AUDIT_TITLE = "Audit log"
AUDIT_INTRO = (
    "Who imported data, wrote or removed demo data, restored a backup, created users, changed meeting decks or the "
    "visibility (internal, public), and when; the newest {limit} entries, newest first. Times are German local time."
)
COL_TIME = "Time"
COL_ACTOR = "Who"
COL_ACTION = "Action"
COL_SUBJECT = "What"
COL_DETAIL = "Details"
NO_ENTRIES = "No entries yet."
AUDIT_ACTIONS = {
    "import": "Import",
    "demo_seed": "Demo data written",
    "demo_remove": "Demo data removed",
    "restore": "Backup restored",
    "user_created": "User created",
    "deck_created": "Meeting deck created",
    "deck_deleted": "Meeting deck deleted",
    "view_removed": "View removed from meeting deck",
    "marked_internal": "Marked internal",
    "marked_public": "Public again",
    "view_added": "View added to deck",
    "deck_renamed": "Deck renamed",
    "view_edited": "View edited",
    "view_moved": "View moved",
}
MARK_SUBJECT = "{kind} {key}"
KIND_NAMES = {
    "indicator": "Indicator",
    "series": "Series",
    "deck": "Meeting deck",
}

AUDIT_RECORDED = {
    "admin": "with administrator rights",
    "no_admin": "without administrator rights",
    "demo_written": "{count} demo values written.",
    "demo_removed": "{count} demo values removed.",
    "demo_subject": "Demo data",
    "kreis_subject": "District {key}",
    "restored": "{count} rows restored from the backup.",
    "imported": "Tables: {tables}; {count} new values.",
    "imported_forced": "Tables: {tables}; {count} new values, forced.",
    "deck": "“{name}”",
    "view": "View {position}: {heading}",
}

# -- visibility: what is internal (/daten/sichtbarkeit) ---------------------------------------------

VISIBILITY_TITLE = "Visibility"
VISIBILITY_HEADING = "Visibility: internal or public"
VISIBILITY_INTRO = (
    "What is marked “internal” here is shown nowhere to readers without a sign-in: not in the explorer, not through "
    "the data API, not in exports and downloads, not in the meeting decks. Signed-in users (internal viewers and "
    "administrators) see everything as before."
)
VISIBILITY_HOW = "Tick or untick the boxes and choose “{button}”; only what changed is saved."
VISIBILITY_INDICATORS = "Indicators of the catalogue"
VISIBILITY_SERIES = "Imported base series (“Further data”)"
VISIBILITY_DECKS = "Meeting decks"
VISIBILITY_ORPHANS = "Marks without an entry"
VISIBILITY_ORPHANS_HINT = (
    "These entries no longer exist (a deleted meeting deck, say). The mark stays until it is removed here, so that a "
    "new entry under the same key does not become public unnoticed."
)
INTERNAL_COUNT = "{internal} of {total} internal"
COL_INTERNAL = "internal"
COL_KEY = "Key"
COL_KIND = "Kind"
NO_SERIES = "No imported base series yet."
SAVE_MARKS = "Save marks"
MARKS_CHANGED_ONE = "{count} mark changed."
MARKS_CHANGED = "{count} marks changed."
MARKS_UNCHANGED = "No mark changed."
MARKS_UNKNOWN = "Skipped because they do not exist: {items}. Nothing was marked for them."

# -- meeting decks: list -------------------------------------------------------------------------

DECKS_TITLE = "Meeting decks"
DECKS_INTRO = (
    "A meeting deck keeps views of the explorer (theme, indicator, year, municipality) with a heading and a note "
    "ready for a meeting. It always shows the current data. Views are added with the “{button}” button "
    "on the theme pages."
)
DECKS_EXISTING = "Existing meeting decks (most recently changed first)"
COL_NAME = "Name"
COL_VIEWS = "Views"
COL_LAST_CHANGED = "Last changed"
COL_ACTIONS = "Actions"
PRESENT = "Present"
PDF = "PDF"
POWERPOINT = "PowerPoint"
NO_VIEWS_YET = "no views yet"
EDIT = "Edit"
NO_DECKS = "No meeting decks yet."
NEW_DECK = "New meeting deck"
NEW_DECK_LABEL = "Name, e.g. “School committee March 2025”"
CREATE = "Create"
LOGIN_TO_CHANGE = "Sign in to make changes"

# -- meeting decks: one deck --------------------------------------------------------------------

ALL_DECKS = "← All meeting decks"
VIEW_COUNT_ONE = "{count} view"
VIEW_COUNT = "{count} views"
LAST_CHANGED = "last changed {date}"
VIEWS_HEADING = "Views in the order of the presentation"
LABEL_THEME = "Theme"
LABEL_INDICATOR = "Indicator"
LABEL_YEAR = "Year"
LABEL_GEMEINDE = "Highlighted municipality"
LABEL_HEADING = "Heading"
LABEL_NOTE = "Note"
OPEN_IN_EXPLORER = "Open in the explorer"
MOVE_UP = "move up"
MOVE_DOWN = "move down"
REMOVE = "Remove"
LABEL_HEADING_EDIT = "Heading (empty: the indicator's name)"
LABEL_NOTE_EDIT = "Note for the presenters"
SAVE = "Save"
DECK_EMPTY = (
    "This meeting deck has no views yet. Views are added with the “{button}” button on the theme pages "
    "of the {overview}."
)
RENAME_HEADING = "Rename"
RENAME_HINT = "The address ({slug}) stays the same, so links already sent keep working."
NEW_NAME = "New name"
RENAME_BUTTON = "Rename"
DELETE_HEADING = "Delete meeting deck"
DELETE_CONFIRM = "Yes, delete “{name}” with all its {count} views for good."
DELETE_BUTTON = "Delete"

# -- meeting decks: add a view from the explorer ------------------------------------------------

ADD_TITLE = "Add to meeting deck"
ADD_HEADING = "Add a view to a meeting deck"
NOTHING_SAVED = "Nothing was saved."
ADD_VIEW_HEADING = "This view will be saved"
SELECTION_NOT_PICTURE = (
    "The selection is saved, not the picture: the deck always shows the data available at the time of the presentation."
)
BACK_TO_VIEW = "Back to the view"
LABEL_DECK = "Meeting deck"
OPTION_NEW_DECK = "Create a new meeting deck"
DECK_OPTION = "{name} ({views})"
LABEL_NEW_DECK_NAME = "Name of the new meeting deck"
PLACEHOLDER_NEW_DECK = "only with “Create a new meeting deck”"
LABEL_HEADING_OPTIONAL = "Heading (optional; empty: the indicator's name)"
LABEL_NOTE_OPTIONAL = "Note for the presenters (optional)"
ADD_BUTTON = "Add to the meeting deck"
ADD_NO_VIEW = "Views are added on the theme pages of the {overview} with the “{button}” button."

# -- meeting decks: what Python says --------------------------------------------------------------

LOGIN_NEEDED = "Changing meeting decks needs a sign-in. Nothing was changed."
DECK_MISSING = "The meeting deck “{slug}” does not exist (any more)."
THEME_MISSING = "No theme is given."
THEME_UNKNOWN = "There is no theme “{value}”."
INDICATOR_MISSING = "No indicator is given."
INDICATOR_UNKNOWN = "There is no indicator “{value}”."
YEAR_INVALID = "The year “{value}” is invalid: expected is a year from {low} to {high}, or nothing."
GEMEINDE_UNKNOWN = "The municipality “{value}” does not belong to {kreis}."
DECK_NOT_CHOSEN = "Please choose an existing meeting deck or enter a name for a new one."
DECK_CHOSEN_TWICE = "Please either choose an existing meeting deck or enter a name for a new one, not both."
DELETE_UNCONFIRMED = "Please confirm that the meeting deck is to be deleted. Nothing was deleted."
CREATED = "Meeting deck “{name}” created."
VIEW_ADDED = "View added."
RENAMED = "Meeting deck renamed to “{name}”."
VIEW_SAVED = "View saved."
VIEW_MOVED = "View moved."
VIEW_REMOVED = "View removed."
DECK_DELETED = "Meeting deck “{name}” deleted."
LATEST_YEAR = "latest year"
NO_GEMEINDE = "none"

# -- the Excel template (/daten/vorlage.xlsx) ---------------------------------------------------

SHEET_HELP = "Explanation"
SHEET_INDICATORS = "Indicators"
HELP_HEAD = ("Column", "Meaning", "Examples")
HELP_NOTE = "Note"
INDICATORS_HEAD = ("Id (indicator)", "Indicator", "Unit", "Reference date")
HELP_INDICATOR = (
    "Id of an indicator from the catalogue (sheet “{sheet}”): the values go into this indicator. "
    "Or a free name (at most 60 characters): the values become a series of their own under "
    "“Weitere Daten” (further data)."
)
HELP_INDICATOR_EXAMPLES = "{indicator} · Teilnehmende Sprachkurse"
HELP_REGION = (
    "Regional key: 8-digit municipality key (AGS), 5-digit district key, 2-digit Land key "
    "(03 = Lower Saxony) or DG for Germany. Enter it as text so the leading zero stays."
)
HELP_PERIOD = "Period: a year (the indicator's reference date applies), a date (DD.MM.YYYY) or a school year (YYYY/YY)."
HELP_VALUE = (
    "The value as a number, with a comma or a point as decimal mark and without thousands separators. "
    "Leave it empty when a sign in “flag” explains the missing value."
)
HELP_VALUE_EXAMPLES = "31,5 · 31.5 · 1234 (not 1.234)"
HELP_FLAG = "Optional. A special sign instead of a value: {missing}. Or a quality mark for the value: {quality}."
HELP_FLAG_EXAMPLES = ". (confidential, leave the value empty) · p (provisional)"
HELP_NOTE_COLUMN = "Optional. Free text, e.g. the source or an explanation; it is stored as a footnote."
HELP_NOTE_EXAMPLES = "Jugendamt, Stand 01.03.2024"
HELP_GENERAL = (
    "One row per value. The first row of the sheet “{sheet}” is the header; German column names "
    "(Indikator, Region, Zeitraum, Wert, Zeichen, Anmerkung) work too.",
    "Replace the example rows with your own values. Upload the file on the “Data” page: it is checked "
    "first and saved only after “Import”.",
)
DECK_INTERNAL = "internal"
