"""Login, roles, CSRF and request limits: the one place the app factory wires in.

The session is Flask's signed cookie (HttpOnly, SameSite=Lax, 8 hours). Users
live in the store (``data_access.models.User``) with a salted scrypt hash only.
Every POST of the server-rendered pages carries a per-session CSRF token, and
failed logins are limited per user name and per client address, in memory.
"""

from __future__ import annotations

import datetime as dt
import functools
import hmac
import os
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from flask import Flask, abort, current_app, g, redirect, request, session, url_for
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from config import Settings
from data_access.models import User
from data_access.store import Store

EXTENSION = "bildungsmonitor.security"
LOGIN_ENDPOINT = "webpages.login"
SESSION_LIFETIME = dt.timedelta(hours=8)
PASSWORD_METHOD = "scrypt"
MIN_PASSWORD_LENGTH = 10
MAX_NAME_LENGTH = 80
MAX_FAILURES = 5
FAILURE_WINDOW = 15 * 60  # seconds
UPLOAD_MARGIN = 256 * 1024  # form fields and multipart framing around the file
SECRET_FILE = "secret_key"
CSRF_FIELD = "csrf_token"
_SESSION_USER = "user_id"
_SESSION_CSRF = "csrf"

NAME_EMPTY = "Der Benutzername darf nicht leer sein."
NAME_TOO_LONG = f"Der Benutzername darf höchstens {MAX_NAME_LENGTH} Zeichen lang sein."
NAME_TAKEN = "Der Benutzername „{name}“ ist schon vergeben."
PASSWORD_TOO_SHORT = f"Das Passwort muss mindestens {MIN_PASSWORD_LENGTH} Zeichen lang sein."
SECRET_UNREADABLE = (
    "Die Schlüsseldatei {path} ist leer oder beschädigt. Bitte die Datei löschen (sie wird neu angelegt; "
    "alle Anmeldungen enden dann) oder BILDUNGSMONITOR_SECRET_KEY setzen."
)
NOT_ALLOWED = "Für diese Aktion ist eine Anmeldung mit Administratorrechten nötig."

F = TypeVar("F", bound=Callable[..., object])


class LoginLimiter:
    """Failed logins per user name and per client address in a sliding window; thread-safe, in memory.

    One process keeps its own counts: enough for one waitress process with threads.
    """

    def __init__(self, max_failures: int = MAX_FAILURES, window: float = FAILURE_WINDOW) -> None:
        self.max_failures = max_failures
        self.window = window
        self._failures: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    @staticmethod
    def _keys(name: str, address: str) -> list[tuple[str, str]]:
        return [("name", name.strip().casefold()), ("address", address)]

    def _recent(self, key: tuple[str, str], now: float) -> deque[float]:
        stamps = self._failures.get(key, deque())
        while stamps and stamps[0] <= now - self.window:
            stamps.popleft()
        return stamps

    def blocked(self, name: str, address: str) -> bool:
        """True when the name or the address already has the maximum of failures in the window."""
        now = time.monotonic()
        with self._lock:
            return any(len(self._recent(key, now)) >= self.max_failures for key in self._keys(name, address))

    def fail(self, name: str, address: str) -> None:
        now = time.monotonic()
        with self._lock:
            for key in self._keys(name, address):
                stamps = self._recent(key, now)
                stamps.append(now)
                self._failures[key] = stamps
            if len(self._failures) > 10_000:  # forget stale keys so random names cannot fill the memory
                self._failures = {k: v for k, v in self._failures.items() if self._recent(k, now)}

    def succeed(self, name: str) -> None:
        """A correct password clears the name's count; the address keeps its count until it expires."""
        with self._lock:
            self._failures.pop(self._keys(name, "")[0], None)


@dataclass
class _State:
    store: Store
    limiter: LoginLimiter = field(default_factory=LoginLimiter)


def init_app(server: Flask, store: Store, settings: Settings) -> None:
    """Configure the session cookie, the upload size limit and the login state of one app."""
    server.config.update(
        SECRET_KEY=settings.secret_key or _stored_secret(Path(settings.instance_dir)),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=SESSION_LIFETIME,
        # Werkzeug answers 413 from the Content-Length header, before the body is read.
        MAX_CONTENT_LENGTH=settings.import_limit + UPLOAD_MARGIN,
    )
    server.extensions[EXTENSION] = _State(store)


def _stored_secret(instance_dir: Path) -> str:
    """A random key made once and kept beside the default database, readable by its owner only."""
    path = instance_dir / SECRET_FILE
    instance_dir.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _ in range(20):  # another process may be writing it this moment
            key = path.read_text(encoding="ascii").strip()
            if len(key) >= 32:
                return key
            time.sleep(0.05)
        raise RuntimeError(SECRET_UNREADABLE.format(path=path)) from None
    key = secrets.token_hex(32)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key + "\n")
    return key


def _state() -> _State:
    return current_app.extensions[EXTENSION]


def limiter() -> LoginLimiter:
    """The login limiter of the current app (one per app, so tests do not share counts)."""
    return _state().limiter


# -- users -------------------------------------------------------------------


def hash_password(password: str) -> str:
    """Salted scrypt hash (werkzeug's ``scrypt:32768:8:1$salt$hash``); named explicitly so a new default changes nothing."""
    return generate_password_hash(password, method=PASSWORD_METHOD)


def create_user(store: Store, name: str, password: str, admin: bool) -> None:
    """Add a user; a German ``ValueError`` says why a name or password is refused.

    The password is kept only as a salted scrypt hash (werkzeug's ``generate_password_hash``).
    Names are unique regardless of case, so "Admin" cannot shadow "admin".
    """
    name = name.strip()
    if not name:
        raise ValueError(NAME_EMPTY)
    if len(name) > MAX_NAME_LENGTH:
        raise ValueError(NAME_TOO_LONG)
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(PASSWORD_TOO_SHORT)
    try:
        with store.sessions.begin() as session:
            if session.scalar(select(User.id).where(func.lower(User.name) == name.lower())) is not None:
                raise ValueError(NAME_TAKEN.format(name=name))
            session.add(
                User(
                    name=name,
                    password_hash=hash_password(password),
                    is_admin=admin,
                    created_at=dt.datetime.now(dt.UTC),
                )
            )
    except IntegrityError as error:  # the same name created by someone else a moment ago
        raise ValueError(NAME_TAKEN.format(name=name)) from error


@functools.cache
def _dummy_hash() -> str:
    return hash_password(secrets.token_hex(16))


def authenticate(store: Store, name: str, password: str) -> User | None:
    """The user when name and password match; an unknown name costs the same time as a wrong password."""
    name = name.strip()
    with store.sessions() as session:
        user = session.scalar(select(User).where(func.lower(User.name) == name.lower())) if name else None
    if user is None:
        check_password_hash(_dummy_hash(), password)
        return None
    return user if check_password_hash(user.password_hash, password) else None


def login(user: User) -> None:
    """Start a fresh session for the user (new CSRF token; nothing of the anonymous session survives)."""
    session.clear()
    session[_SESSION_USER] = user.id
    session[_SESSION_CSRF] = secrets.token_urlsafe(32)
    session.permanent = True
    g.pop("bm_user", None)


def logout() -> None:
    session.clear()
    g.pop("bm_user", None)


def current_user() -> User | None:
    """The logged-in user of this request, read once per request; ``None`` when nobody (or a deleted user) is logged in."""
    if "bm_user" not in g:
        user_id = session.get(_SESSION_USER)
        user = None
        if isinstance(user_id, int):
            with _state().store.sessions() as db:
                user = db.get(User, user_id)
        g.bm_user = user
    return g.bm_user


def admin_required(view: F) -> F:
    """Let only admins in: a GET goes to the login page (and comes back after it), anything else gets 403."""

    @functools.wraps(view)
    def wrapped(*args: object, **kwargs: object) -> object:
        user = current_user()
        if user is None or not user.is_admin:
            if request.method in ("GET", "HEAD"):
                target = request.full_path.rstrip("?")
                return redirect(url_for(LOGIN_ENDPOINT, weiter=target))
            abort(403, description=NOT_ALLOWED)
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


# -- CSRF --------------------------------------------------------------------


def csrf_token() -> str:
    """The session's CSRF token for a hidden form field; made on first use."""
    token = session.get(_SESSION_CSRF)
    if not isinstance(token, str) or not token:
        token = session[_SESSION_CSRF] = secrets.token_urlsafe(32)
    return token


def csrf_valid() -> bool:
    """True when the form's ``csrf_token`` equals the session's (compared in constant time)."""
    expected = session.get(_SESSION_CSRF)
    sent = request.form.get(CSRF_FIELD, "")
    if not isinstance(expected, str) or not expected or not sent:
        return False
    return hmac.compare_digest(expected.encode(), sent.encode())


def client_address() -> str:
    """The address the login limit counts; behind a reverse proxy this is the proxy's."""
    return request.remote_addr or "unbekannt"
