"""The language of the current request: German by default, English with ``lang=en`` in the address.

The address is the only place the choice lives, so a link or a bookmark opens the same
language. Flask requests set it from their query string (``app.py``), Dash callbacks from
the page address they are given (``callbacks``); everything below reads :func:`current`
and needs no argument for it: the message catalogue (``texts``), the indicator catalogue,
number and date formats.
"""

from __future__ import annotations

import contextlib
import dataclasses
import sys
import types
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

GERMAN = "de"
ENGLISH = "en"
LANGUAGES = (GERMAN, ENGLISH)
PARAMETER = "lang"

_current: ContextVar[str] = ContextVar("language", default=GERMAN)


def valid(value: object) -> str:
    """``"en"`` → English; anything else (absent, mistyped, crafted) is German."""
    return ENGLISH if value == ENGLISH else GERMAN


def current() -> str:
    return _current.get()


def is_english() -> bool:
    return _current.get() == ENGLISH


def set_current(value: object) -> None:
    """Set the language for the rest of this request; every request sets it anew (threads are reused)."""
    _current.set(valid(value))


@contextlib.contextmanager
def use(value: object) -> Iterator[str]:
    """Run a block in one language, restoring the previous one afterwards."""
    token = _current.set(valid(value))
    try:
        yield _current.get()
    finally:
        _current.reset(token)


def from_search(search: object) -> str:
    """The language named in a query string (``?indikator=…&lang=en``)."""
    if not isinstance(search, str) or len(search) > 2000:
        return GERMAN
    try:
        values = parse_qs(search.lstrip("?"), max_num_fields=20).get(PARAMETER)
    except ValueError:  # more fields than any address of the app has: crafted
        return GERMAN
    return valid(values[0] if values else None)


def href(target: str, lang: str | None = None) -> str:
    """``target`` with the language kept: ``lang=en`` added for English, removed for German."""
    lang = valid(current() if lang is None else lang)
    parts = urlsplit(target)
    query = [(k, v) for k, v in parse_qs(parts.query, keep_blank_values=True).items() if k != PARAMETER]
    pairs = [(k, item) for k, values in query for item in values]
    if lang == ENGLISH:
        pairs.append((PARAMETER, ENGLISH))
    return urlunsplit(parts._replace(query=urlencode(pairs)))


class _Catalogue(types.ModuleType):
    """A message catalogue module: its names in capitals answer in the request's language."""

    english: types.ModuleType

    def __getattribute__(self, name: str) -> Any:
        value = super().__getattribute__(name)
        if name[:1].isupper() and _current.get() == ENGLISH:
            return getattr(super().__getattribute__("english"), name, value)
        return value


def localize_module(name: str, english: types.ModuleType) -> None:
    """Let module ``name`` (German, as written) answer with ``english``'s value of the same name in English."""
    module = sys.modules[name]
    module.__class__ = _Catalogue
    module.english = english


class Localized:
    """A frozen dataclass whose display texts answer in the request's language.

    Each name in ``_ENGLISH`` reads the field ``<name>_en`` in English when that is set; the
    German field stays what logic, keys and files use (:meth:`german`).
    """

    _ENGLISH: tuple[str, ...] = ()

    def __getattribute__(self, name: str) -> Any:
        if name in type(self)._ENGLISH and _current.get() == ENGLISH:
            english = object.__getattribute__(self, f"{name}_en")
            if english:
                return english
        return object.__getattribute__(self, name)

    def german(self, name: str) -> Any:
        """The German text of a field, whatever the request's language (keys, files, logs)."""
        return object.__getattribute__(self, name)

    def _fields(self) -> tuple[Any, ...]:
        return tuple(object.__getattribute__(self, f.name) for f in dataclasses.fields(self))  # type: ignore[arg-type]

    # Equal and hashed by the stored fields: a spec is the same key in either language.
    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self._fields() == other._fields()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._fields())
