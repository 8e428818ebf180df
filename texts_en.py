"""The English of ``texts``: the same names, the same placeholders; a name missing here stays German."""

from __future__ import annotations

# The language switch in every header, and the formats that follow the language.
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
