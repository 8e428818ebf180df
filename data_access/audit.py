"""The audit log: who imported, deleted, restored or created what, for the admins at ``/daten/protokoll``.

``record`` adds an entry inside the caller's transaction, so a change that rolls back (a
refused import, a dry run) leaves no entry. Nothing updates or deletes entries; only a
restore replaces the log with the backup's, and then adds its own entry on top.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from data_access.models import AuditEntry


class _Sessions(Protocol):
    """Anything with the store's session factory: the log reads through it without importing the store."""

    sessions: sessionmaker


MANAGE = "manage.py"
SYSTEM = "system"


# "scheme://name:password@host" → "scheme://name:***@host": no password reaches the log, whatever a caller passes.
_URL_PASSWORD = re.compile(r"(\w[\w+.-]*://[^/\s:@]*):[^@\s]*@")


def _clean(text: str, limit: int) -> str:
    return _URL_PASSWORD.sub(r"\1:***@", str(text or "")).strip()[:limit]


def record(session: Session, actor: str, action: str, subject: str = "", detail: str = "") -> None:
    """Add one entry to the caller's transaction: it is kept only if the change itself is committed."""
    session.add(
        AuditEntry(
            at=dt.datetime.now(dt.UTC),
            actor=_clean(actor, 80) or SYSTEM,
            action=action[:30],
            subject=_clean(subject, 400),
            detail=_clean(detail, 2000),
        )
    )


def entries(store: _Sessions, limit: int = 200) -> list[AuditEntry]:
    """The newest ``limit`` entries, newest first."""
    with store.sessions() as session:
        query = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit)
        return list(session.scalars(query))
