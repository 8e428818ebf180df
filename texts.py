"""Every user-visible string of the Bildungsmonitor, German first, in one place."""

from __future__ import annotations

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
SIGN_LEGEND = "Grau: kein Wert ({signs})"
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
