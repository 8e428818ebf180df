"""German messages of the login and data pages that come from Python (the templates hold the rest)."""

from __future__ import annotations

LOGIN_FAILED = "Benutzername oder Passwort ist falsch."
LOGIN_MISSING = "Bitte Benutzername und Passwort eingeben."
TOO_MANY_FAILURES = (
    "Zu viele Fehlversuche. Die Anmeldung ist für diesen Benutzernamen oder diesen Rechner "
    "für bis zu 15 Minuten gesperrt; bitte später erneut versuchen."
)
NOT_ADMIN = "Sie sind als „{name}“ angemeldet; für die Datenseite sind Administratorrechte nötig."
LOGGED_OUT = "Sie sind abgemeldet."

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
