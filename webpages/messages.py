"""Every user-visible text of the server-rendered pages (login, data, audit log, meeting decks), German first.

The templates read them as ``{{ m.NAME }}`` (``m`` is this module, given to every template by the
blueprints' context processors); Python reads ``messages.NAME`` at the moment of use. English
lives in ``messages_en`` under the same names, with the same placeholders.
"""

from __future__ import annotations

import language
from webpages import messages_en

# -- every page: header, navigation, language switch, formats -------------------------

NAV_LABEL = "Seiten"
SUBTITLE_DATA = "Datenverwaltung"
SUBTITLE_DECKS = "Sitzungsmappen"
NAV_EXPLORER = "Zur Übersicht"
NAV_DECKS = "Sitzungsmappen"
NAV_DATA = "Daten"
SIGNED_IN_AS = "Angemeldet als {name}"
LOGOUT = "Abmelden"
LANGUAGE_SWITCH = "English"  # the switch leads to the other language, so it names that one in its own words
LANGUAGE_SWITCH_TITLE = "This page in English"
LANGUAGE_SWITCH_TARGET = "en"  # the language the switch leads to (its hreflang and lang)
DATETIME = "{date} {time}"  # date as ``formatting.format_date`` writes it, time as 14:05
TIME = "{hour:02d}:{minute:02d}"
NO_VALUE = "–"
OVERVIEW = "Übersicht"  # the explorer, as a link inside a sentence
TO_DATA = "Zur Datenseite"
TO_DECKS = "Zu den Sitzungsmappen"
BACK_TO_DATA = "Zurück zur Datenseite"
CANCEL = "Abbrechen"
QUOTED = "„{text}“"
DEMO_LABEL = "Demodaten (synthetisch)"

# -- login ---------------------------------------------------------------------------

LOGIN_TITLE = "Anmelden"
LOGIN_INTRO = (
    "Die Anmeldung ist für die Datenverwaltung nötig. "
    "Die Übersicht mit Karten und Diagrammen ist ohne Anmeldung erreichbar."
)
USERNAME = "Benutzername"
PASSWORD = "Passwort"
LOGIN_BUTTON = "Anmelden"
LOGIN_FAILED = "Benutzername oder Passwort ist falsch."
LOGIN_MISSING = "Bitte Benutzername und Passwort eingeben."
TOO_MANY_FAILURES = (
    "Zu viele Fehlversuche. Die Anmeldung ist für diesen Benutzernamen oder diesen Rechner "
    "für bis zu 15 Minuten gesperrt; bitte später erneut versuchen."
)
NOT_ADMIN = "Sie sind als „{name}“ angemeldet; für die Datenseite sind Administratorrechte nötig."
LOGGED_OUT = "Sie sind abgemeldet."

# -- error pages ------------------------------------------------------------------------

CSRF_TITLE = "Anfrage abgelehnt"
CSRF_FAILED = (
    "Das Formular ist abgelaufen oder stammt nicht von dieser Seite (Sicherheitsprüfung fehlgeschlagen). "
    "Es wurde nichts geändert. Bitte die Seite neu laden und es noch einmal versuchen."
)
FORBIDDEN_TITLE = "Keine Berechtigung"
TOO_LARGE_TITLE = "Datei zu groß"
TOO_LARGE = (
    "Die Datei ist größer als erlaubt: höchstens {limit} MB (Einstellung BILDUNGSMONITOR_IMPORT_LIMIT_MB). "
    "Es wurde nichts gespeichert."
)
BAD_REQUEST_TITLE = "Ungültige Anfrage"
BAD_REQUEST = "Die Anfrage war unvollständig oder fehlerhaft. Es wurde nichts geändert."
METHOD_TITLE = "Nicht erlaubt"
METHOD = "Diese Adresse ist nur über das Formular der Seite erreichbar."
TOO_MANY_TITLE = "Zu viele Fehlversuche"
NOT_FOUND_TITLE = "Nicht gefunden"
PAGE_MISSING = "Diese Seite gibt es nicht."

# -- data page: upload and import list -------------------------------------------------------

DATA_TITLE = "Daten"
DATA_HEADING = "Daten importieren"
DATA_INTRO = (
    "Tabellen der Regionaldatenbank oder von GENESIS-Online (CSV, Flatfile, auch als ZIP) und die eigene Vorlage "
    "des Landkreises (CSV oder Excel). Die Datei wird zuerst geprüft; gespeichert wird erst nach „Importieren“."
)
UPLOAD_HEADING = "Datei hochladen"
UPLOAD_PROGRESS = "Hochladen: {percent} %"  # {percent} is filled in by upload.js
UPLOAD_CHECKING = "Datei wird geprüft …"
UPLOAD_FAILED = "Das Hochladen ist fehlgeschlagen (Verbindung unterbrochen). Bitte erneut versuchen."
UPLOAD_TOO_LARGE = "Die Datei ist größer als erlaubt: höchstens {limit} MB."
FILE_LABEL = "Datei (.csv, .zip oder .xlsx, höchstens {limit} MB)"
CHECK_BUTTON = "Prüfen"
TEMPLATE_HINT = "Leere Vorlage für eigene Daten:"
TEMPLATE_CSV = "Vorlage als CSV"
TEMPLATE_XLSX = "Vorlage als Excel (mit Erläuterung)"
IMPORTS_HEADING = "Importe (neueste zuerst)"
AUDIT_LINK = "Protokoll aller Änderungen"
AUDIT_LINK_HINT = "(Importe, Demodaten, Wiederherstellungen, Benutzer, Sitzungsmappen, Sichtbarkeit)"
VISIBILITY_LINK = "Sichtbarkeit: intern oder öffentlich"
VISIBILITY_LINK_HINT = "(Indikatoren, importierte Reihen und Sitzungsmappen nur für angemeldete Benutzer)"
COL_FILE = "Datei"
COL_FORMAT = "Format"
COL_TABLE = "Tabelle"
COL_STAND = "Stand"
COL_IMPORTED_AT = "Importiert am"
COL_IMPORTED_BY = "von"
COL_ROWS = "Zeilen"
COL_NEW = "Werte neu"
COL_CHANGED = "geändert"
NO_IMPORTS = "Noch keine Importe."
# The importer's formats (``data_access.importers.detect.FORMAT_NAMES``) as the pages name them.
FORMAT_NAMES = {
    "genesis": "GENESIS-Tabelle (CSV)",
    "ffcsv": "GENESIS Flatfile (ffcsv)",
    "flat": "Flatfile (älteres Format)",
    "template": "Vorlage des Landkreises",
    "xlsx": "Vorlage des Landkreises (Excel)",
}

# -- check and import (preview page) ------------------------------------------------------------

CHECK_TITLE = "Prüfung"
DONE_TITLE = "Import abgeschlossen"
CHECK_HEADING = "Prüfung: {file}"
DONE_HEADING = "Importiert: {file}"
DRY_RUN_INTRO = "Probelauf: Diese Werte würden importiert. Noch ist nichts gespeichert."
IMPORT_BUSY = "Import läuft … Bitte warten, das kann bei großen Dateien einige Minuten dauern."
IMPORT_BUTTON = "Importieren"
SUMMARY_FORMAT = "Format"
SUMMARY_ENCODING = "(Kodierung {encoding})"
SUMMARY_STAND = "Stand"
NOT_GIVEN = "nicht angegeben"
SUMMARY_READ = "Gelesen"
SUMMARY_READ_COUNTS = "{rows} Zeilen, {values} Werte, {series} Reihen"
SUMMARY_VALUES = "Werte"
COUNT_NEW = "{count} neu"
COUNT_CHANGED = "{count} geändert"
COUNT_UNCHANGED = "{count} unverändert"
SUMMARY_SIGNS = "Sonderzeichen"
SIGN_COUNT = "{count} × „{sign}“ ({name})"
SUMMARY_OUTSIDE = "Außerhalb des Gebiets"
OUTSIDE_COUNTS = "{rows} Zeilen ({regions} Regionen), nicht übernommen"
SUMMARY_INDICATORS = "Indikatoren gefüllt"
NONE = "keine"
LIST_SEPARATOR = ", "
# Special signs a file may carry instead of a value (``data_access.importing.SIGN_NAMES``).
SIGN_NAMES = {
    "-": "nichts vorhanden",
    ".": "geheim",
    "...": "fällt später an",
    "/": "nicht sicher genug",
    "x": "nicht sinnvoll",
}
NO_FILE = "Bitte eine Datei auswählen."
CHECK_FAILED = "Die Datei konnte nicht geprüft werden ({reason}). Es wurde nichts gespeichert."
IMPORT_FAILED = "Der Import ist fehlgeschlagen ({reason}). Es wurde nichts gespeichert."
ALREADY_IMPORTED = "„{name}“ wurde schon einmal importiert (gleiche Prüfsumme); es gibt nichts Neues zu speichern."
UPLOAD_GONE = (
    "Die hochgeladene Datei liegt nicht mehr vor: sie wurde schon importiert, verworfen oder ist älter als "
    "eine Stunde. Bitte die Datei erneut hochladen."
)
CANCELLED = "Abgebrochen: „{name}“ wurde verworfen, nichts wurde importiert."
IMPORTED = "„{name}“ wurde importiert."

# -- audit log ---------------------------------------------------------------------------------

AUDIT_TITLE = "Protokoll"
AUDIT_INTRO = (
    "Wer wann Daten importiert, Demodaten geschrieben oder entfernt, eine Sicherung zurückgespielt, Benutzer angelegt, "
    "Sitzungsmappen oder die Sichtbarkeit (intern, öffentlich) geändert hat; die neuesten {limit} Einträge, neueste "
    "zuerst. Zeiten in deutscher Zeit."
)
COL_TIME = "Zeit"
COL_ACTOR = "Wer"
COL_ACTION = "Aktion"
COL_SUBJECT = "Was"
COL_DETAIL = "Einzelheiten"
NO_ENTRIES = "Noch keine Einträge."
# The actions ``data_access`` writes into the audit log, as the log page names them (an unknown one as it is).
AUDIT_ACTIONS = {
    "import": "Import",
    "demo_seed": "Demodaten geschrieben",
    "demo_remove": "Demodaten entfernt",
    "restore": "Sicherung wiederhergestellt",
    "user_created": "Benutzer angelegt",
    "deck_created": "Sitzungsmappe angelegt",
    "deck_deleted": "Sitzungsmappe gelöscht",
    "view_removed": "Ansicht aus Sitzungsmappe entfernt",
    "marked_internal": "als intern markiert",
    "marked_public": "wieder öffentlich",
    "view_added": "Ansicht aufgenommen",
    "deck_renamed": "Sitzungsmappe umbenannt",
    "view_edited": "Ansicht bearbeitet",
    "view_moved": "Ansicht verschoben",
}
# The subject of a mark in the audit log (recorded as ``indicator betreuungsquote_u3``): its kind in words.
MARK_SUBJECT = "{kind} {key}"
# What can be marked internal (``data_access.access.KINDS``), as the pages name it.
KIND_NAMES = {
    "indicator": "Indikator",
    "series": "Reihe",
    "deck": "Sitzungsmappe",
}
# What the audit log recorded (German, as ``data_access`` and ``security`` write it), so an English
# page can show it in English; the placeholders match any text. A record of another form stays as written.
AUDIT_RECORDED = {
    "admin": "mit Administratorrechten",
    "no_admin": "ohne Administratorrechte",
    "demo_written": "{count} Demowerte geschrieben.",
    "demo_removed": "{count} Demowerte entfernt.",
    "demo_subject": "Demodaten",
    "kreis_subject": "Kreis {key}",
    "restored": "{count} Zeilen aus der Sicherung zurückgespielt.",
    "imported": "Tabellen: {tables}; {count} Werte neu.",
    "imported_forced": "Tabellen: {tables}; {count} Werte neu, erzwungen.",
    "deck": "„{name}“",
    "view": "Ansicht {position}: {heading}",
}

# -- visibility: what is internal (/daten/sichtbarkeit) ---------------------------------------------

VISIBILITY_TITLE = "Sichtbarkeit"
VISIBILITY_HEADING = "Sichtbarkeit: intern oder öffentlich"
VISIBILITY_INTRO = (
    "Was hier als „intern“ markiert ist, sehen Leserinnen und Leser ohne Anmeldung nirgends: nicht in der Übersicht, "
    "nicht über die Daten-API, nicht in Exporten und Downloads und nicht in den Sitzungsmappen. Angemeldete "
    "Benutzer (interner Lesezugriff und Administratoren) sehen alles wie bisher."
)
VISIBILITY_HOW = "Häkchen setzen oder entfernen und „{button}“ wählen; gespeichert wird nur, was sich geändert hat."
VISIBILITY_INDICATORS = "Indikatoren des Katalogs"
VISIBILITY_SERIES = "Importierte Grundreihen („Weitere Daten“)"
VISIBILITY_DECKS = "Sitzungsmappen"
VISIBILITY_ORPHANS = "Markierungen ohne Eintrag"
VISIBILITY_ORPHANS_HINT = (
    "Diese Einträge gibt es nicht mehr (etwa eine gelöschte Sitzungsmappe). Die Markierung bleibt, bis sie hier "
    "aufgehoben wird, damit ein neuer Eintrag unter derselben Kennung nicht unbemerkt öffentlich wird."
)
INTERNAL_COUNT = "{internal} von {total} intern"
COL_INTERNAL = "intern"
COL_KEY = "Kennung"
COL_KIND = "Art"
NO_SERIES = "Noch keine importierten Grundreihen."
SAVE_MARKS = "Markierungen speichern"
MARKS_CHANGED_ONE = "{count} Markierung geändert."
MARKS_CHANGED = "{count} Markierungen geändert."
MARKS_UNCHANGED = "Keine Markierung geändert."
MARKS_UNKNOWN = "Übergangen, weil es sie nicht gibt: {items}. Dafür wurde nichts markiert."

# -- meeting decks: list -------------------------------------------------------------------------

DECKS_TITLE = "Sitzungsmappen"
DECKS_INTRO = (
    "Eine Sitzungsmappe hält Ansichten der Übersicht (Thema, Indikator, Jahr, Gemeinde) mit Überschrift und Notiz "
    "für eine Sitzung bereit. Gezeigt werden immer die aktuellen Daten. Ansichten kommen über die Schaltfläche "
    "„{button}“ auf den Themenseiten hinzu."
)
DECKS_EXISTING = "Vorhandene Sitzungsmappen (zuletzt geänderte zuerst)"
COL_NAME = "Name"
COL_VIEWS = "Ansichten"
COL_LAST_CHANGED = "Zuletzt geändert"
COL_ACTIONS = "Aktionen"
PRESENT = "Präsentieren"
PDF = "PDF"
POWERPOINT = "PowerPoint"
NO_VIEWS_YET = "noch keine Ansichten"
EDIT = "Bearbeiten"
NO_DECKS = "Noch keine Sitzungsmappen."
NEW_DECK = "Neue Sitzungsmappe"
NEW_DECK_LABEL = "Name, z. B. „Schulausschuss März 2025“"
CREATE = "Anlegen"
LOGIN_TO_CHANGE = "Anmelden, um zu ändern"

# -- meeting decks: one deck --------------------------------------------------------------------

ALL_DECKS = "← Alle Sitzungsmappen"
VIEW_COUNT_ONE = "{count} Ansicht"
VIEW_COUNT = "{count} Ansichten"
LAST_CHANGED = "zuletzt geändert {date}"
VIEWS_HEADING = "Ansichten in der Reihenfolge der Präsentation"
LABEL_THEME = "Thema"
LABEL_INDICATOR = "Indikator"
LABEL_YEAR = "Jahr"
LABEL_GEMEINDE = "Hervorgehobene Gemeinde"
LABEL_HEADING = "Überschrift"
LABEL_NOTE = "Notiz"
OPEN_IN_EXPLORER = "In der Übersicht öffnen"
MOVE_UP = "nach oben"
MOVE_DOWN = "nach unten"
REMOVE = "Entfernen"
LABEL_HEADING_EDIT = "Überschrift (leer: Name des Indikators)"
LABEL_NOTE_EDIT = "Notiz für die Vortragenden"
SAVE = "Speichern"
DECK_EMPTY = (
    "Diese Sitzungsmappe hat noch keine Ansichten. Ansichten kommen über die Schaltfläche "
    "„{button}“ auf den Themenseiten der {overview} hinzu."
)
RENAME_HEADING = "Umbenennen"
RENAME_HINT = "Die Adresse ({slug}) bleibt, damit verschickte Links weiter funktionieren."
NEW_NAME = "Neuer Name"
RENAME_BUTTON = "Umbenennen"
DELETE_HEADING = "Sitzungsmappe löschen"
DELETE_CONFIRM = "Ja, „{name}“ mit allen {count} Ansichten endgültig löschen."
DELETE_BUTTON = "Löschen"

# -- meeting decks: add a view from the explorer ------------------------------------------------

ADD_TITLE = "Zur Sitzungsmappe"
ADD_HEADING = "Ansicht in eine Sitzungsmappe aufnehmen"
NOTHING_SAVED = "Es wurde nichts gespeichert."
ADD_VIEW_HEADING = "Diese Ansicht wird gespeichert"
SELECTION_NOT_PICTURE = (
    "Gespeichert wird die Auswahl, nicht das Bild: gezeigt werden immer die Daten, die bei der Präsentation vorliegen."
)
BACK_TO_VIEW = "Zurück zur Ansicht"
LABEL_DECK = "Sitzungsmappe"
OPTION_NEW_DECK = "Neue Sitzungsmappe anlegen"
DECK_OPTION = "{name} ({views})"
LABEL_NEW_DECK_NAME = "Name der neuen Sitzungsmappe"
PLACEHOLDER_NEW_DECK = "nur bei „Neue Sitzungsmappe anlegen“"
LABEL_HEADING_OPTIONAL = "Überschrift (optional; leer: Name des Indikators)"
LABEL_NOTE_OPTIONAL = "Notiz für die Vortragenden (optional)"
ADD_BUTTON = "In die Sitzungsmappe aufnehmen"
ADD_NO_VIEW = "Ansichten werden auf den Themenseiten der {overview} über die Schaltfläche „{button}“ aufgenommen."

# -- meeting decks: what Python says --------------------------------------------------------------

LOGIN_NEEDED = "Zum Ändern der Sitzungsmappen ist eine Anmeldung nötig. Es wurde nichts geändert."
DECK_MISSING = "Die Sitzungsmappe „{slug}“ gibt es nicht (mehr)."
THEME_MISSING = "Es ist kein Thema angegeben."
THEME_UNKNOWN = "Das Thema „{value}“ gibt es nicht."
INDICATOR_MISSING = "Es ist kein Indikator angegeben."
INDICATOR_UNKNOWN = "Den Indikator „{value}“ gibt es nicht."
YEAR_INVALID = "Das Jahr „{value}“ ist ungültig: erwartet wird eine Jahreszahl von {low} bis {high} oder nichts."
GEMEINDE_UNKNOWN = "Die Gemeinde „{value}“ gehört nicht zum {kreis}."
DECK_NOT_CHOSEN = "Bitte eine vorhandene Sitzungsmappe wählen oder einen Namen für eine neue eingeben."
DECK_CHOSEN_TWICE = (
    "Bitte entweder eine vorhandene Sitzungsmappe wählen oder einen Namen für eine neue eingeben, nicht beides."
)
DELETE_UNCONFIRMED = "Bitte bestätigen, dass die Sitzungsmappe gelöscht werden soll. Es wurde nichts gelöscht."
CREATED = "Sitzungsmappe „{name}“ angelegt."
VIEW_ADDED = "Ansicht aufgenommen."
RENAMED = "Sitzungsmappe umbenannt in „{name}“."
VIEW_SAVED = "Ansicht gespeichert."
VIEW_MOVED = "Ansicht verschoben."
VIEW_REMOVED = "Ansicht entfernt."
DECK_DELETED = "Sitzungsmappe „{name}“ gelöscht."
LATEST_YEAR = "neuestes Jahr"
NO_GEMEINDE = "keine"

# -- the Excel template (/daten/vorlage.xlsx) ---------------------------------------------------

SHEET_HELP = "Erläuterung"
SHEET_INDICATORS = "Indikatoren"
HELP_HEAD = ("Spalte", "Bedeutung", "Beispiele")
HELP_NOTE = "Hinweis"
INDICATORS_HEAD = ("Kennung (indicator)", "Indikator", "Einheit", "Stichtag")
HELP_INDICATOR = (
    "Kennung eines Indikators aus dem Katalog (Blatt „{sheet}“): die Werte fließen in diesen "
    "Indikator. Oder ein freier Name (höchstens 60 Zeichen): die Werte werden eine eigene Reihe "
    "unter „Weitere Daten“."
)
HELP_INDICATOR_EXAMPLES = "{indicator} · Teilnehmende Sprachkurse"
HELP_REGION = (
    "Regionalschlüssel: 8-stelliger Gemeindeschlüssel (AGS), 5-stelliger Kreisschlüssel, "
    "2-stelliger Landesschlüssel (03 = Niedersachsen) oder DG für Deutschland. Als Text eingeben, "
    "damit die führende Null bleibt."
)
HELP_PERIOD = (
    "Zeitraum: ein Jahr (dann gilt der Stichtag des Indikators), ein Datum (TT.MM.JJJJ) oder ein Schuljahr (JJJJ/JJ)."
)
HELP_VALUE = (
    "Der Wert als Zahl, mit Komma oder Punkt als Dezimaltrennzeichen und ohne Tausendertrennzeichen. "
    "Leer lassen, wenn ein Zeichen in „flag“ den fehlenden Wert erklärt."
)
HELP_VALUE_EXAMPLES = "31,5 · 31.5 · 1234 (nicht 1.234)"
HELP_FLAG = "Optional. Sonderzeichen statt eines Werts: {missing}. Oder ein Qualitätskennzeichen zum Wert: {quality}."
HELP_FLAG_EXAMPLES = ". (geheim, Wert leer lassen) · p (vorläufig)"
HELP_NOTE_COLUMN = "Optional. Freier Text, z. B. die Quelle oder eine Erläuterung; er wird als Fußnote gespeichert."
HELP_NOTE_EXAMPLES = "Jugendamt, Stand 01.03.2024"
HELP_GENERAL = (
    "Eine Zeile je Wert. Die erste Zeile des Blatts „{sheet}“ ist die Kopfzeile; deutsche Spaltennamen "
    "(Indikator, Region, Zeitraum, Wert, Zeichen, Anmerkung) gehen auch.",
    "Die Beispielzeilen bitte durch eigene Werte ersetzen. Die Datei auf der Seite „Daten“ hochladen: "
    "sie wird zuerst geprüft, erst nach „Importieren“ gespeichert.",
)
DECK_INTERNAL = "intern"

# Every name in capitals above answers in the language of the current request: German as
# written here, English from ``messages_en`` (same names, same placeholders). Read them as
# ``messages.NAME`` at the moment of use; ``from webpages.messages import NAME`` would freeze the German.
language.localize_module(__name__, messages_en)
