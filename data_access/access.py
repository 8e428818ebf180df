"""Who may see what: public readers, internal viewers and admins.

Three roles: a reader without login (the Landkreis website) is *public*; a logged-in user is
an *internal viewer*; a user with administrator rights also imports, marks and manages.
Indicators, imported base series and Sitzungsmappen can be marked internal (table
``internal_marks``). A public reader never gets an internal item: not in the explorer, not
through ``/api/v1``, not in an export or download, not through a crafted callback. Every
place that hands out data asks :func:`Access.allows` (or filters with it) before it reads.

Marks change only through :func:`set_internal`: audited, and the data version advances, so
nothing cached under the old marks is served again.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass, field
from typing import Protocol

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from data_access import audit
from data_access.models import InternalMark
from data_access.store import bump_data_version

INDICATOR, SERIES, DECK = "indicator", "series", "deck"
KINDS = (INDICATOR, SERIES, DECK)
PUBLIC, VIEWER, ADMIN = "public", "viewer", "admin"
MAX_KEY = 200


class _Store(Protocol):
    sessions: sessionmaker

    def data_version(self) -> int: ...


@dataclass(frozen=True)
class Access:
    """The internal marks as of one data version, and whether this reader may see internal items."""

    internal: dict[str, frozenset[str]] = field(default_factory=dict)
    sees_internal: bool = False

    def is_internal(self, kind: str, key: str) -> bool:
        return key in self.internal.get(kind, frozenset())

    def allows(self, kind: str, key: str) -> bool:
        """True when this reader may see the item: it is public, or the reader is logged in."""
        return self.sees_internal or not self.is_internal(kind, key)

    def for_reader(self, sees_internal: bool) -> Access:
        return Access(self.internal, sees_internal)


_cache: dict[int, tuple[int, Access]] = {}
_lock = threading.Lock()


def marks(store: _Store) -> Access:
    """Every internal mark, read once per data version of this store (for a public reader)."""
    version = store.data_version()
    cached = _cache.get(id(store))
    if cached is not None and cached[0] == version:
        return cached[1]
    with store.sessions() as session:
        rows = session.execute(select(InternalMark.kind, InternalMark.key)).all()
    found: dict[str, set[str]] = {kind: set() for kind in KINDS}
    for kind, key in rows:
        found.setdefault(kind, set()).add(key)
    access = Access({kind: frozenset(keys) for kind, keys in found.items()})
    with _lock:
        _cache[id(store)] = (version, access)
    return access


def set_internal(store: _Store, kind: str, key: str, internal: bool, actor: str) -> bool:
    """Mark an item internal or public again; False when it already was. Audited; the data version advances."""
    if kind not in KINDS:
        raise ValueError(f"Unbekannte Art „{kind}“: möglich sind {', '.join(KINDS)}.")
    if not key or len(key) > MAX_KEY or not key.isprintable():
        raise ValueError("Der Schlüssel fehlt oder ist ungültig.")
    with store.sessions.begin() as session:
        changed = _write(session, kind, key, internal, actor)
        if changed:
            audit.record(session, actor, "marked_internal" if internal else "marked_public", f"{kind} {key}")
            bump_data_version(session)
    return changed


def _write(session: Session, kind: str, key: str, internal: bool, actor: str) -> bool:
    present = session.get(InternalMark, (kind, key)) is not None
    if internal and not present:
        session.add(InternalMark(kind=kind, key=key, marked_by=actor[:80], marked_at=dt.datetime.now(dt.UTC)))
        return True
    if not internal and present:
        session.execute(delete(InternalMark).where(InternalMark.kind == kind, InternalMark.key == key))
        return True
    return False
