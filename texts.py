"""Every user-visible string of the Bildungsmonitor, German first, in one place."""

from __future__ import annotations

import language
import texts_en

APP_TITLE = "Bildungsmonitor {kreis}"
APP_SUBTITLE = "Datenbasiertes kommunales Bildungsmanagement"
DEMO_LABEL = "Demodaten (synthetisch)"
ATTRIBUTION = "© GeoBasis-DE / BKG 2016 (Daten verändert)"

NAV_LABEL = "Themen"
INDICATOR_LABEL = "Indikator"
YEAR_LABEL = "Jahr"
REFERENCE_HEADING = "Vergleichswerte"
INFO_HEADING = "Was misst das?"
BARS_HEADING = "Gemeinden im Vergleich zum Kreiswert"
TREND_HEADING = "Entwicklung"
TREND_HINT = "Gemeinde auf der Karte anklicken, um ihre Entwicklung zu sehen."
DEFINITION = "Definition"
SOURCE = "Quelle"
UNIT = "Einheit"
LEVEL = "Verfügbar auf Ebene"
PERIOD = "Stichtag / Zeitraum"
PROVENANCE = "Herkunft der Werte"
DERIVED_NOTE = "berechnet als Σ Zähler / Σ Nenner der Gemeinden"
COMPUTED_NOTE = "berechnet aus den Zählungen der Quelltabellen"
NOT_COMPUTABLE = "nicht berechenbar"
NO_DATA = "Für diesen Indikator liegen keine Daten vor."
NO_DATA_SHORT = "keine Daten"
DATABASE_ERROR = (
    "Die Datenbank konnte nicht gelesen werden ({reason}). Bitte die IT informieren; "
    "die Einstellung DATABASE_URL und der Datenbankserver sind zu prüfen."
)
UNKNOWN_PAGE = "Die Seite „{path}“ gibt es nicht. Bitte ein Thema aus der Navigation wählen."
UNKNOWN_INDICATOR = "Der Indikator „{indicator}“ ist unbekannt."
INVALID_INDICATOR = "Die Auswahl des Indikators ist ungültig. Bitte einen Indikator aus der Liste wählen."
INVALID_YEAR = "Das gewählte Jahr ist ungültig. Bitte ein Jahr am Schieberegler wählen."
INVALID_PAGE = "Diese Seitenadresse ist ungültig. Bitte ein Thema aus der Navigation wählen."

# Short answers to malformed or oversized requests (security.py) and the health check.
REQUEST_TOO_LARGE = "Die Anfrage ist zu groß (höchstens {limit} KB)."
REQUEST_NOT_JSON = "Die Anfrage muss gültiges JSON sein."
REQUEST_WRONG_TYPE = "Die Anfrage muss als application/json gesendet werden."
REQUEST_TOO_DEEP = "Die Anfrage ist zu tief verschachtelt."
REQUEST_BAD_FIELD = "Das Feld „{field}“ der Anfrage fehlt oder hat den falschen Typ."
REQUEST_UNKNOWN_OUTPUT = "Die Anfrage nennt eine unbekannte Ausgabe."
REQUEST_FAILED = "Die Anfrage konnte nicht verarbeitet werden."
RESOURCE_NOT_FOUND = "Diese Datei gibt es nicht."
METHOD_NOT_ALLOWED = "Diese Adresse nimmt keine {method}-Anfragen an; erlaubt sind: {allowed}."
STORE_REACHABLE = "erreichbar"
STORE_UNREACHABLE = "nicht erreichbar"
STORE_UNREACHABLE_DETAIL = "Die Datenbank antwortet nicht ({reason})."
NO_GEMEINDE_VALUES = (
    "Für {period} liegen keine Werte der Gemeinden vor: {name} wird amtlich nur je Kreis veröffentlicht. "
    "Der Kreiswert steht rechts; Gemeindewerte kommen aus eigenen Daten des Landkreises (Vorlage auf der Seite „Daten“)."
)
OTHER_PERIODS = (
    "Die Karte zeigt den Stichtag {period}. Im selben Jahr gibt es auch Werte zu {others}; sie werden nicht vermischt."
)
STAND = "Stand"
BASIS = "Bevölkerungsbasis"
OTHER_DATA_TITLE = "Weitere Daten"
OTHER_DATA_INTRO = (
    "Alle importierten Tabellenspalten, benannt nach ihren Kopfzeilen – auch Tabellen, die (noch) zu keinem "
    "Indikator gehören."
)
OTHER_DATA_EMPTY = (
    "Noch keine Tabellen importiert. Dateien importiert die Seite „Daten“ oder „python manage.py import“."
)
SIGNS_HEADING = "Zeichenerklärung"
SIGN_LEGEND = "Zeichen: {signs}"
MAP_MISSING = "kein Wert"
BREAK_LEGEND = "Gestrichelte Linie: Bruch in der Zeitreihe"

# Special signs of official statistics (FORMATS.md §7): sign → meaning.
SIGNS: dict[str, str] = {
    "-": "nichts vorhanden",
    "0": "weniger als die Hälfte der kleinsten Einheit",
    ".": "geheim / unbekannt",
    "...": "Angabe fällt später an",
    "/": "nicht sicher genug",
    "x": "nicht sinnvoll",
    "()": "eingeschränkte Aussagekraft",
    "p": "vorläufig",
    "r": "berichtigt",
    "s": "geschätzt",
    "e": "endgültig",
}

# Image export (/export): the explorer's menu, the texts in the image, the endpoint's answers.
EXPORT_MENU = "Exportieren"
EXPORT_MENU_TITLE: dict[str, str] = {
    "karte": "Karte als Bild exportieren",
    "balken": "Balkendiagramm als Bild exportieren",
    "verlauf": "Entwicklung als Bild exportieren",
}
EXPORT_SIZES: dict[str, str] = {"praesentation": "Präsentation (1920 × 1080)", "druck": "Druck (A4 quer, 300 dpi)"}
EXPORT_FORMATS: dict[str, str] = {"png": "PNG – Bild", "svg": "SVG – Vektorgrafik", "pdf": "PDF"}
EXPORT_UNIT = "Einheit: {unit}"
EXPORT_HIGHLIGHT = "hervorgehoben: {name}"
EXPORT_TABLES = "Werte aus Tabelle {tables}"
EXPORT_STICHTAG = "Stichtag {day}. {month} {year}"
EXPORT_YEAR = "Jahr {year}"
EXPORT_SPAN = "{first} bis {last}"
EXPORT_COMPARISON = "Gemeinden im Vergleich"
EXPORT_TREND = "Entwicklung"
MONTHS = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)
EXPORT_UNKNOWN_KIND = "Unbekannte Darstellung „{kind}“: möglich sind karte, balken und verlauf."
EXPORT_UNKNOWN_FORMAT = "Unbekanntes Bildformat „{fmt}“: möglich sind png, svg und pdf."
EXPORT_NO_FORMAT = "Die Dateiendung fehlt: möglich sind .png, .svg und .pdf (z. B. /export/karte.png)."
EXPORT_UNKNOWN_SIZE = "Unbekannte Größe „{size}“: möglich sind praesentation und druck."
EXPORT_UNKNOWN_PATH = (
    "Unbekannter Exportpfad: möglich ist /export/karte|balken|verlauf.png|svg|pdf?indikator=…&jahr=… "
    "oder /export/sitzungsmappe/NAME.pdf|pptx"
)
EXPORT_NO_INDICATOR = "Parameter indikator fehlt (z. B. ?indikator=betreuungsquote_u3&jahr=2024)."
EXPORT_UNKNOWN_INDICATOR = "Indikator oder Reihe „{indicator}“ ist unbekannt."
EXPORT_NO_YEAR = "Parameter jahr fehlt (z. B. &jahr=2024)."
EXPORT_BAD_YEAR = "Parameter jahr: „{year}“ ist keine Jahreszahl."
EXPORT_MISSING_YEAR = "Für „{name}“ gibt es kein Jahr {year}; vorhanden: {years}."
EXPORT_NO_DATA = "Für „{name}“ liegen keine Daten vor."
EXPORT_UNKNOWN_GEMEINDE = "Parameter gemeinde: „{gemeinde}“ ist keine Gemeinde im Gebiet {kreis}."
EXPORT_CHROMIUM_MISSING = (
    "Der Bildexport ist nicht möglich: Chromium fehlt unter {path}. Bitte „apt-get install chromium“ "
    "ausführen oder BILDUNGSMONITOR_CHROMIUM setzen."
)
EXPORT_FAILED = (
    "Der Bildexport ist fehlgeschlagen ({reason}). Bitte erneut versuchen; bleibt der Fehler, die IT informieren."
)
EXPORT_STUCK = "Der Bildexport antwortet nicht mehr. Bitte die IT informieren: der Bildungsmonitor muss neu starten."

# Sitzungsmappe as one file (/export/sitzungsmappe/<slug>.pdf|pptx): the endpoint's answers, the texts on a page.
DECK_EXPORT_UNKNOWN = "Die Sitzungsmappe „{slug}“ gibt es nicht (mehr)."
DECK_EXPORT_EMPTY = "Die Sitzungsmappe „{name}“ hat keine Ansichten: bitte zuerst Ansichten aufnehmen."
DECK_EXPORT_UNKNOWN_FORMAT = "Unbekanntes Dateiformat „{fmt}“: möglich sind pdf und pptx."
DECK_EXPORT_NO_FORMAT = "Die Dateiendung fehlt: möglich sind .pdf und .pptx (z. B. /export/sitzungsmappe/{slug}.pdf)."
DECK_VIEW_UNAVAILABLE = "Diese Ansicht kann nicht gezeigt werden."
DECK_VIEW_UNKNOWN_INDICATOR = "Den Indikator „{indicator}“ gibt es nicht (mehr)."
DECK_PICTURE_ALT = "Karte: {title}"

# Startup: one line each, naming the cause and the fix.
NO_SCHEMA = (
    "Die Datenbank {url} ist nicht eingerichtet (keine Tabellen). Bitte zuerst „python manage.py init-db“ "
    "ausführen – oder DATABASE_URL prüfen, falls sie sich vertippt hat."
)
DATABASE_UNREACHABLE = (
    "Fehler: Die Datenbank antwortet nicht ({reason}). Bitte DATABASE_URL und den Datenbankserver prüfen."
)
PORT_TAKEN = (
    "Fehler: Adresse {host}:{port} ist nicht verfügbar ({reason}). Läuft der Bildungsmonitor schon? "
    "Sonst BILDUNGSMONITOR_PORT auf einen freien Port setzen."
)

# Gemeinde profile (/gemeinde/<ags>), Gemeinde list (/gemeinden) and comparison (/vergleich).
NAV_GEMEINDEN = "Gemeinden"
NAV_COMPARISON = "Vergleich"
GEMEINDEN_TITLE = "Gemeinden im {kreis}"
GEMEINDEN_INTRO = "Jede Gemeinde mit allen Indikatoren aller Themen auf einer Seite, neben Kreis- und Landeswert."
PROFILE_TITLE = "Gemeindeprofil {name}"
PROFILE_INTRO = (
    "Alle Indikatoren für {name} ({ags}) im jeweils letzten Jahr mit einem Wert der Gemeinde, daneben Kreis "
    "und Land im selben Stichtag, die Veränderung über fünf Jahre und der Verlauf."
)
PROFILE_CHANGE_NOTE = (
    "Veränderung über fünf Jahre: bei Anteilen (%) in Prozentpunkten, bei Zählungen (Personen, Kurse …) "
    "in Prozent, sonst als Differenz in der Einheit des Indikators."
)
PROFILE_DEMO_NOTE = "Alle mit „Demodaten (synthetisch)“ markierten Werte sind erfunden und nur zum Ausprobieren."
PROFILE_UNKNOWN = "„{ags}“ ist keine Gemeinde im {kreis}. Bitte eine Gemeinde aus der Liste wählen."
PROFILE_BACK = "Alle Gemeinden"
PROFILE_LINK = "Profil der Gemeinde"
PROFILE_LINK_NAMED = "Profil der Gemeinde {name}"
PROFILE_COMPARE = "Gemeinde vergleichen"
PROFILE_COLUMNS = ("Indikator", "Jahr", "Gemeinde", "Kreis", "Land", "Veränderung 5 Jahre", "Verlauf", "Herkunft")
PROFILE_NO_GEMEINDE_VALUES = "keine Gemeindewerte"
PROFILE_NO_CHANGE = "nicht berechenbar"
PROFILE_TREND_ALT = "Verlauf {span}: {indicator}, {name}"
PROFILE_NO_TREND = "kein Verlauf"
PROFILE_IMPORTED = "amtlich / eigene Daten"
PERCENT_POINTS = "Prozentpunkte"
PERCENT_POINT = "Prozentpunkt"

COMPARISON_TITLE = "Vergleich"
COMPARISON_INTRO = (
    "Bis zu fünf Gemeinden des Kreises oder Kreise des Landes nebeneinander: ein Indikator im Zeitverlauf, "
    "darunter mehrere Indikatoren des Themas in einem Jahr. Kreis und Land stehen als Bezugslinien dabei."
)
COMPARISON_REGIONS = "Regionen (höchstens fünf)"
COMPARISON_YEAR = "Jahr der Tabelle"
COMPARISON_TREND = "Entwicklung im Vergleich"
COMPARISON_TABLE = "Indikatoren des Themas {theme} im Jahr {year}"
COMPARISON_TOO_MANY = "Höchstens fünf Regionen lassen sich vergleichen; gezeigt werden die ersten fünf ({names})."
COMPARISON_UNKNOWN_REGION = (
    "Unbekannte Region: {keys}. Möglich sind die Gemeinden des Kreises und die Kreise des Landes."
)
COMPARISON_NO_REGIONS = "Bitte mindestens eine Gemeinde oder einen Kreis wählen."
COMPARISON_NO_YEAR = "Für dieses Jahr liegen keine Werte vor."
COMPARISON_LINK = "Link zu dieser Auswahl"
COMPARISON_REFERENCE = "{name} (Bezug)"

# Data downloads (/download and the API's format=xlsx): menu entries, column heads, metadata, answers.
DOWNLOAD_HEADING = "Werte als Tabelle"
DOWNLOAD_LINKS: dict[tuple[str, str], str] = {
    ("jahr", "csv"): "Daten (CSV)",
    ("jahr", "xlsx"): "Daten (Excel)",
    ("alle", "csv"): "Alle Jahre (CSV)",
    ("alle", "xlsx"): "Alle Jahre (Excel)",
}
DOWNLOAD_COLUMNS = (
    "Gemeinde/Region",
    "Schlüssel",
    "Zeitraum",
    "Wert",
    "Zeichen",
    "Qualität",
    "berechnet",
    "Quelle",
    "Stand",
)
SHEET_DATA = "Daten"
SHEET_METADATA = "Metadaten"
SHEET_INDICATORS = "Indikatoren"
SHEET_REGIONS = "Regionen"
META_DEMO = "ja: {demo} von {total} Werten sind synthetisch erzeugt, keine amtlichen Zahlen"
META_NO_STAND = "nicht angegeben"
META_REQUEST = "Abfrage"
META_REGION = "Region"
META_ALL_REGIONS = "alle"
META_ALL_YEARS = "alle Jahre"
META_RETRIEVED = "Abgerufen am"
YES = "ja"
NO = "nein"
DOWNLOAD_NO_FORMAT = (
    "Die Dateiendung fehlt: möglich sind .csv und .xlsx (z. B. /download/betreuungsquote_u3.csv?jahr=2024)."
)
DOWNLOAD_UNKNOWN_FORMAT = "Unbekanntes Dateiformat „{fmt}“: möglich sind csv und xlsx."
DOWNLOAD_UNKNOWN_PATH = "Unbekannter Downloadpfad: möglich ist /download/INDIKATOR.csv|xlsx[?jahr=JJJJ]"

# Shareable views and decks (explorer).
COPY_LINK = "Link kopieren"
COPY_LINK_DONE = "Link kopiert"
COPY_LINK_FAILED = "Kopieren nicht möglich"
COPY_LINK_TITLE = "Die Adresse dieser Ansicht (Indikator, Jahr, Gemeinde) in die Zwischenablage kopieren"
ADD_TO_DECK = "Zur Sitzungsmappe"
ADD_TO_DECK_TITLE = "Diese Ansicht in eine Sitzungsmappe für die Präsentation aufnehmen"
NAV_DECKS = "Sitzungsmappen"

# Presentation mode.
PRESENT_UNKNOWN_DECK = "Die Sitzungsmappe „{deck}“ gibt es nicht. Vorhandene Mappen stehen unter /sitzungsmappen."
PRESENT_EMPTY_DECK = "Die Sitzungsmappe „{name}“ hat noch keine Ansichten: im Explorer „Zur Sitzungsmappe“ wählen."
PRESENT_UNKNOWN_INDICATOR = "Den Indikator „{indicator}“ gibt es nicht mehr."
PRESENT_NO_DATA = "Für „{name}“ liegen für {year} keine Werte vor."
PRESENT_LABEL = "Präsentation"
PRESENT_HELP = "→ / Bild ↓ / Leertaste: weiter · ← / Bild ↑: zurück · Pos1 / Ende · F: Vollbild · Esc: zum Explorer"
PRESENT_CLOSE = "Schließen"
PRESENT_CARD_LABEL = "Werte der Gemeinde"
PRESENT_EXPLORER = "Zum Explorer"
PRESENT_FULLSCREEN = "Vollbild"

# Accessibility: skip link, keyboard choice of a Gemeinde, Dash dropdown labels, server not answering.
SKIP_LINK = "Zum Inhalt springen"
GEMEINDE_SELECT_LABEL = "Gemeinde wählen"
GEMEINDE_SELECT_NONE = "– keine (nur Kreiswerte) –"
DROPDOWN_LABELS = {
    "select_all": "Alle auswählen",
    "deselect_all": "Auswahl aufheben",
    "selected_count": "{num_selected} ausgewählt",
    "search": "Suchen",
    "clear_search": "Suche leeren",
    "clear_selection": "Auswahl leeren",
    "no_options_found": "Keine Treffer",
}
OFFLINE_MESSAGE = "Der Server antwortet nicht. Die Ansicht zeigt noch den vorherigen Stand."
OFFLINE_STALE_NOTE = "Ansicht nicht aktualisiert"

# Kreis-only indicators and map options.
KREISE_MAP_NOTE = "Die Karte zeigt die Kreise in {land}; {kreis} ist hervorgehoben."
KREISE_NO_FILE = "Die Kreise des Landes sind nicht eingerichtet (manage.py build-geodata); der Kreiswert steht rechts."
KREISE_NO_BARS = "Keine Werte je Gemeinde: der Vergleich der Kreise steht auf der Karte."
MAP_SCHEME_LABEL = "Farbstufen"
MAP_DIVERGING_LABEL = "Abweichung vom Kreiswert zeigen"

# The map's table alternative.
TABLE_SUMMARY = "Werte als Tabelle"
TABLE_CAPTION = "{name}, {period}"
TABLE_GEMEINDE = "Gebiet"
TABLE_VALUE = "Wert"
TABLE_SIGN = "Zeichen"

# The selected Gemeinde beside the reference values.
DIFFERENCE_TO = "zu {level}: {difference}"
CLEAR_SELECTION = "Auswahl aufheben"
DEMO_SOURCE = "Demodaten (synthetisch); amtlich kämen die Werte aus: {source}"


# The language switch in every header, and the formats that follow the language.
SCHOOL_YEAR = "Schuljahr {years}"
# Names of Bund and Länder as shown (English has its own); Kreise and Gemeinden keep their names.
REGION_NAMES: dict[str, str] = {
    "Deutschland": "Deutschland",
    "Schleswig-Holstein": "Schleswig-Holstein",
    "Hamburg": "Hamburg",
    "Niedersachsen": "Niedersachsen",
    "Bremen": "Bremen",
    "Nordrhein-Westfalen": "Nordrhein-Westfalen",
    "Hessen": "Hessen",
    "Rheinland-Pfalz": "Rheinland-Pfalz",
    "Baden-Württemberg": "Baden-Württemberg",
    "Bayern": "Bayern",
    "Saarland": "Saarland",
    "Berlin": "Berlin",
    "Brandenburg": "Brandenburg",
    "Mecklenburg-Vorpommern": "Mecklenburg-Vorpommern",
    "Sachsen": "Sachsen",
    "Sachsen-Anhalt": "Sachsen-Anhalt",
    "Thüringen": "Thüringen",
}
CSV_DELIMITER = ";"
CSV_DECIMAL = ","
NOT_ALLOWED = "Für diese Aktion ist eine Anmeldung mit Administratorrechten nötig."
NAV_DATA = "Daten"
NAV_DATA_TITLE = "Daten importieren (Anmeldung nötig)"
LANGUAGE_SWITCH = "English"
LANGUAGE_SWITCH_TITLE = "This page in English"
LANGUAGE_SWITCH_TARGET = "en"  # the language the switch leads to (its hreflang)
PLOTLY_SEPARATORS = ",."  # plotly's decimal mark, then its thousands separator
PLOTLY_LOCALE = "de"
DATE_FORMAT = "{day:02d}.{month:02d}.{year}"  # also: {month_name}
MAP_MISSING_SHORT = "k. A."
SIGN_UNKNOWN = "ohne Wert"
REGION_KIND_GEMEINDE = "Gemeinde"
REGION_KIND_KREIS = "Kreis"

# Figures, exports, downloads and the API: texts that were written inline in the code.
STAND_UNKNOWN = "Stand unbekannt"
DEMO_NOTE = "erfundene Werte zur Vorführung, keine amtlichen Zahlen"
TRACE_VALUES = "Werte"  # plotly trace names: an SVG export or a screen reader may show them
TRACE_NAMES = "Namen"
TRACE_LABEL = "Beschriftung"
BAR_KREIS = "Landkreis"  # the reference lines of the bar chart
BAR_LAND = "Land"
KREISE_IN = "Kreise in {land}"
MAP_SCHEMES: dict[str, str] = {  # keys: the address values of figures.classes.SCHEMES
    "stetig": "Stufenlos",
    "quantile": "Quantile (gleich viele Gemeinden je Klasse)",
    "gleich": "Gleiche Abstände",
    "natuerlich": "Natürliche Brüche (Jenks)",
}
YEARS_NONE = "keine"
META_STAND = "Stand"
META_RETRIEVED_AT = "{date} {time} Uhr"
SIGN_QUOTED = "„{sign}“ {meaning}"
DOCUMENT_LANGUAGE = "de-DE"  # the language a PPTX declares
EXPORT_CHROMIUM_ENDED = "Chromium beendet"
INFO_TABLES = "Tabelle {tables}"
INFO_NO_TABLE = "amtliche Statistik / eigene Daten"
API_BAD_FORMAT = "Parameter format: erlaubt sind json, csv und xlsx."
API_DATABASE_UNREACHABLE = "Die Datenbank ist nicht erreichbar ({reason})."
API_READ_ONLY = "Nur GET ist erlaubt: die API liest, sie schreibt nicht."
API_UNKNOWN_PATH = "Unbekannter Pfad {path}; bekannt sind indicators, observations, regions."
API_NO_INDICATOR = "Parameter indicator fehlt (z. B. ?indicator=betreuungsquote_u3)."
API_BAD_REGION = "Parameter region: „{region}“ ist kein Regionalschlüssel."
API_UNKNOWN_REGION = "Region „{region}“ ist unbekannt."
API_BAD_YEAR = "Parameter year: „{year}“ ist keine Jahreszahl."
# The kinds of Kreis the boundary files name (BKG's "BEZ"), as the Kreise map's hover shows them.
KREIS_TYPES: dict[str, str] = {
    "Landkreis": "Landkreis",
    "Kreis": "Kreis",
    "Kreisfreie Stadt": "Kreisfreie Stadt",
    "Stadtkreis": "Stadtkreis",
    "Region": "Region",
    "Regionalverband": "Regionalverband",
}

# Every name in capitals above answers in the language of the current request: German as
# written here, English from ``texts_en`` (same names, same placeholders). Read them as
# ``texts.NAME`` at the moment of use; ``from texts import NAME`` would freeze the German.
language.localize_module(__name__, texts_en)
