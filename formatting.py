"""Number, date and value formatting shared by figures, layouts and exports, in the request's language.

German prints ``12.714`` and ``27,4``, English ``12,714`` and ``27.4``. A special sign is
never shown as 0: a cell without a value shows what its sign means ("geheim /
unbekannt"), a "-" cell shows 0 with "nichts vorhanden".
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import ROUND_HALF_UP, Decimal

import language
import texts

NO_VALUE_SIGNS = frozenset({".", "...", "/", "x"})


def round_half_up(value: float, decimals: int) -> Decimal:
    """Round as the statistical offices print: half up on the decimal value the float stands for.

    ``0.25`` → 0.3 and ``224.5`` → 225 (binary half-to-even would give 0.2 and 224); a result of
    zero is always +0, so "-0,0" never appears.
    """
    rounded = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return rounded.copy_abs() if rounded.is_zero() else rounded


def format_number(value: float, decimals: int) -> str:
    """``12714`` → ``12.714``, ``27.43`` (1 decimal) → ``27,4`` (English: ``12,714``, ``27.4``); rounded once, half up."""
    text = f"{round_half_up(value, decimals):,.{decimals}f}"
    if language.is_english():
        return text
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


def format_date(day: dt.date) -> str:
    """``01.03.2024`` in German, ``1 March 2024`` in English."""
    month_name = texts.MONTHS[day.month - 1]
    return texts.DATE_FORMAT.format(day=day.day, month=day.month, year=day.year, month_name=month_name)


_STORED_DATE = re.compile(r"^(\d{2})\.(\d{2})\.(\d{4})$")
_STORED_SCHOOL_YEAR = re.compile(r"^Schuljahr (\d{4}/\d{2})$")


def period_text(label: str) -> str:
    """A period label as the store keeps it (``01.03.2024``, ``Schuljahr 2023/24``, ``2024``) in the page's language."""
    if not language.is_english() or not isinstance(label, str):
        return label
    if found := _STORED_DATE.match(label):
        day, month, year = (int(part) for part in found.groups())
        try:
            return format_date(dt.date(year, month, day))
        except ValueError:
            return label
    if found := _STORED_SCHOOL_YEAR.match(label):
        return texts.SCHOOL_YEAR.format(years=found.group(1))
    return label


def region_text(name: str) -> str:
    """Bund and Länder by their English names in English; Kreise and Gemeinden keep their own."""
    return texts.REGION_NAMES.get(name, name) if isinstance(name, str) else name


def with_unit(number: str, unit: str) -> str:
    """Attach the unit as German typesetting does: ``27,4 %``."""
    return f"{number} {unit}" if unit else number


def is_missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def format_value(value: float | None, sign: str | None, unit: str, decimals: int) -> str:
    """Value with unit, or the meaning of its special sign when there is no value."""
    if is_missing(value):
        if sign:
            return f"{sign} ({texts.SIGNS.get(sign, texts.SIGN_UNKNOWN)})"
        return texts.MAP_MISSING  # "–" would read as "nothing there" in an official table
    text = with_unit(format_number(float(value), decimals), unit)  # type: ignore[arg-type]
    if sign and sign not in NO_VALUE_SIGNS:
        return f"{text} ({texts.SIGNS.get(sign, sign)})"
    return text
