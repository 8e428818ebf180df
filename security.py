"""Login, roles, CSRF, request limits and headers: the one place the app factory wires in.

The session is Flask's signed cookie (HttpOnly, SameSite=Lax, 8 hours). Users
live in the store (``data_access.models.User``) with a salted scrypt hash only.
Every POST of the server-rendered pages carries a per-session CSRF token, and
failed logins are limited per user name and per client address, in memory.

``init_dash`` hardens the Dash side: security headers (a Content-Security-Policy
that admits Dash's inline renderer by its hash) on every response, a guard that
answers malformed or oversized callback requests with a short 4xx before Dash
sees them, 404 for unknown component files, a page config without version
numbers, and ``/healthz`` for the IT's monitoring.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import functools
import hashlib
import hmac
import json
import logging
import os
import re
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from dash import Dash
from dash import __version__ as dash_version
from dash.exceptions import DependencyException
from flask import (
    Flask,
    Response,
    abort,
    current_app,
    g,
    has_request_context,
    jsonify,
    redirect,
    request,
    session,
    url_for,
)
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import HTTPException, MethodNotAllowed, RequestEntityTooLarge
from werkzeug.security import check_password_hash, generate_password_hash

import texts
from config import Settings
from data_access import access, audit
from data_access.models import User
from data_access.store import Store

log = logging.getLogger("bildungsmonitor")

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
# What a browser is told (the 403 of ``admin_required``) is ``texts.NOT_ALLOWED``, in the request's language.

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


def create_user(store: Store, name: str, password: str, admin: bool, actor: str = audit.MANAGE) -> None:
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
            audit.record(
                session,
                actor,
                "user_created",
                name,
                "mit Administratorrechten" if admin else "ohne Administratorrechte",
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


def role() -> str:
    """``public`` (nobody logged in), ``viewer`` (logged in) or ``admin``; outside a request (CLI) ``admin``."""
    if not has_request_context():
        return access.ADMIN
    user = current_user()
    if user is None:
        return access.PUBLIC
    return access.ADMIN if user.is_admin else access.VIEWER


def reader_access() -> access.Access:
    """The internal marks and whether this request's reader may see internal items (any logged-in user)."""
    return access.marks(_state().store).for_reader(role() != access.PUBLIC)


def admin_required(view: F) -> F:
    """Let only admins in: a GET goes to the login page (and comes back after it), anything else gets 403."""

    @functools.wraps(view)
    def wrapped(*args: object, **kwargs: object) -> object:
        user = current_user()
        if user is None or not user.is_admin:
            if request.method in ("GET", "HEAD"):
                target = request.full_path.rstrip("?")
                return redirect(url_for(LOGIN_ENDPOINT, weiter=target))
            abort(403, description=texts.NOT_ALLOWED)
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


# -- CSRF --------------------------------------------------------------------


def _session_csrf() -> str:
    token = session.get(_SESSION_CSRF)
    if not isinstance(token, str) or not token:
        token = session[_SESSION_CSRF] = secrets.token_urlsafe(32)
    return token


def csrf_token() -> str:
    """The session's CSRF token for a hidden form field, masked anew for every page.

    The pages are compressed; a secret that stood byte for byte the same in every response
    could be guessed from compressed sizes (BREACH). Masked with a fresh random pad, its
    bytes differ each time, while :func:`csrf_valid` recovers the same token.
    """
    raw = _session_csrf().encode()
    pad = secrets.token_bytes(len(raw))
    return base64.urlsafe_b64encode(pad + bytes(a ^ b for a, b in zip(pad, raw, strict=True))).decode()


def _unmask(sent: str, length: int) -> bytes:
    try:
        data = base64.urlsafe_b64decode(sent.encode())
    except (ValueError, binascii.Error):
        return b""
    if len(data) != 2 * length:
        return b""
    pad, masked = data[:length], data[length:]
    return bytes(a ^ b for a, b in zip(pad, masked, strict=True))


def csrf_valid() -> bool:
    """True when the form's ``csrf_token`` is the session's, masked or not (compared in constant time)."""
    expected = session.get(_SESSION_CSRF)
    sent = request.form.get(CSRF_FIELD, "")
    if not isinstance(expected, str) or not expected or not sent or len(sent) > 4 * len(expected):
        return False
    raw = expected.encode()
    return hmac.compare_digest(raw, sent.encode()) or hmac.compare_digest(raw, _unmask(sent, len(raw)))


def client_address() -> str:
    """The address the login limit counts; behind a reverse proxy this is the proxy's."""
    return request.remote_addr or "unbekannt"


# -- the Dash side: headers, hostile requests, health --------------------------

CALLBACK_LIMIT = 1024 * 1024  # a real callback request is a few KB
MAX_JSON_DEPTH = 64  # a figure sent as State is about 12 levels deep
MAX_FIELD_LENGTH = 2000  # output keys, component ids, property names
HEALTH_ROUTE = "/healthz"
CALLBACK_ROUTE = "_dash-update-component"
# The page config would publish the exact Python build and the Dash and plotly versions.
VERSION_KEYS = ("dash_version", "python_version", "plotly_version", "ddk_version")
_CONFIG_SCRIPT = re.compile(r'(<script id="_dash-config" type="application/json">)(.*?)(</script>)', re.DOTALL)
_JSON_IN_HTML = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def content_security_policy(script_hashes: Iterable[str]) -> str:
    """The explorer's policy: nothing from other hosts; inline script only by hash (Dash's renderer line);
    inline styles, because plotly writes its own style rules into the page."""
    return "; ".join(
        [
            "default-src 'self'",
            "script-src " + " ".join(["'self'", *script_hashes]),
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "frame-ancestors 'self'",
            "base-uri 'self'",
            "form-action 'self'",
        ]
    )


def init_dash(app: Dash) -> None:
    """Harden one Dash app; call after ``init_app``, whose store the health check asks.

    Pages that set a stricter policy themselves (the login and data pages) keep theirs.
    """
    server = app.server
    prefix = app.config.routes_pathname_prefix
    callback_path = prefix + CALLBACK_ROUTE
    policy: list[str] = []

    def csp() -> str:
        if not policy:  # at the first response every callback, and so every inline script, is registered
            policy.append(content_security_policy(app.csp_hashes()))
        return policy[0]

    @server.before_request
    def guard_callback() -> Response | None:
        if request.method != "POST" or request.path != callback_path:
            return None
        return _check_callback(app.callback_map)

    @server.after_request
    def security_headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("Content-Security-Policy", csp())
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("X-Frame-Options", "SAMEORIGIN")  # frame-ancestors for old browsers
        return response

    @server.errorhandler(DependencyException)
    def unknown_component_file(_error: DependencyException) -> Response:
        """Dash raises this for a component-suite path it does not serve; that is a 404, not a 500."""
        return _refuse(404, texts.RESOURCE_NOT_FOUND)

    @server.errorhandler(MethodNotAllowed)
    def method_not_allowed(error: MethodNotAllowed) -> Response:
        """A PUT or DELETE where the app takes none: one German line and the Allow header, not Werkzeug's page.

        Blueprints with their own answer (the API's JSON, the data pages) keep it; this covers the rest.
        """
        response = error.get_response()  # keeps Allow
        if request.path == callback_path:
            response.set_data(texts.REQUEST_FAILED)
        else:
            allowed = ", ".join(sorted(error.valid_methods or ())) or "–"
            response.set_data(texts.METHOD_NOT_ALLOWED.format(method=request.method, allowed=allowed))
        response.mimetype = "text/plain"
        return response

    @server.errorhandler(Exception)
    def callback_failed(error: Exception) -> Response | HTTPException:
        """Inside a callback request an exception means the request did not fit: a short 400, logged.

        Everywhere else Flask's own handling stays (the exception is raised on, HTTP errors pass).
        """
        if request.path != callback_path:
            if isinstance(error, HTTPException):
                return error
            raise error
        if isinstance(error, RequestEntityTooLarge):
            return _refuse(413, texts.REQUEST_TOO_LARGE.format(limit=CALLBACK_LIMIT // 1024))
        if isinstance(error, HTTPException):
            response = error.get_response()  # keeps headers such as Allow
            response.set_data(texts.REQUEST_FAILED)
            response.mimetype = "text/plain"
            return response
        log.warning("Callback-Anfrage abgelehnt (%s)", type(error).__name__, exc_info=error)
        return _refuse(400, texts.REQUEST_FAILED)

    _hide_versions(app)
    server.add_url_rule(HEALTH_ROUTE, "healthz", health)


def _refuse(status: int, message: str) -> Response:
    return Response(message, status, mimetype="text/plain")


def _check_callback(callback_map: Mapping[str, dict]) -> Response | None:
    """Refuse an oversized, non-JSON or malformed callback request before Dash reads it."""
    request.max_content_length = CALLBACK_LIMIT  # also caps a body sent without Content-Length
    too_large = _refuse(413, texts.REQUEST_TOO_LARGE.format(limit=CALLBACK_LIMIT // 1024))
    if (request.content_length or 0) > CALLBACK_LIMIT:
        return too_large
    if not request.is_json:
        return _refuse(415, texts.REQUEST_WRONG_TYPE)
    try:
        body = json.loads(request.get_data(cache=True))  # cached: Dash parses the same bytes again
    except RequestEntityTooLarge:
        return too_large
    except (ValueError, RecursionError):  # RecursionError: nesting deeper than the parser's stack
        return _refuse(400, texts.REQUEST_NOT_JSON)
    problem = callback_problem(body, callback_map)
    return None if problem is None else _refuse(400, problem)


def callback_problem(body: object, callback_map: Mapping[str, dict]) -> str | None:
    """Why a callback envelope is malformed (German), or ``None``.

    Structure and types only, against the callback's registered inputs and state:
    the values themselves are the callbacks' business.
    """
    if not isinstance(body, dict):
        return texts.REQUEST_NOT_JSON
    if _nesting_exceeds(body, MAX_JSON_DEPTH):
        return texts.REQUEST_TOO_DEEP
    output = body.get("output")
    if not isinstance(output, str) or len(output) > MAX_FIELD_LENGTH:
        return texts.REQUEST_BAD_FIELD.format(field="output")
    spec = callback_map.get(output)
    if spec is None:
        return texts.REQUEST_UNKNOWN_OUTPUT
    if not spec.get("no_output") and not _outputs_ok(body.get("outputs"), output):
        return texts.REQUEST_BAD_FIELD.format(field="outputs")
    for name, expected in (("inputs", spec["inputs"]), ("state", spec["state"])):
        items = body.get(name, [] if name == "state" else None)  # the browser leaves out an empty state
        if not (isinstance(items, list) and len(items) == len(expected)):
            return texts.REQUEST_BAD_FIELD.format(field=name)
        if not all(_dependency_ok(item, want) for item, want in zip(items, expected, strict=True)):
            return texts.REQUEST_BAD_FIELD.format(field=name)
    changed = body.get("changedPropIds")
    if not (isinstance(changed, list) and all(_prop_id_ok(p) for p in changed)):
        return texts.REQUEST_BAD_FIELD.format(field="changedPropIds")
    return None


def _nesting_exceeds(value: dict | list, limit: int) -> bool:
    """Iterative, so a hostile depth cannot exhaust the stack of whatever walks the body later."""
    stack: list[tuple[dict | list, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        children = item.values() if isinstance(item, dict) else item
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return False


def _is_id(value: object) -> bool:
    return (isinstance(value, str) and 0 < len(value) <= MAX_FIELD_LENGTH) or isinstance(value, dict)


def _address_ok(item: object) -> bool:
    """One component property: ``{"id": str | dict, "property": str, ...}``."""
    return (
        isinstance(item, dict)
        and _is_id(item.get("id"))
        and isinstance(item.get("property"), str)
        and 0 < len(item["property"]) <= MAX_FIELD_LENGTH
    )


def _outputs_ok(outputs: object, output: str) -> bool:
    """A dict for one output, a list of the key's length for several; pattern outputs may be lists of dicts."""
    if output.startswith(".."):
        wanted = len(output[2:-2].split("..."))
        return isinstance(outputs, list) and len(outputs) == wanted and all(_one_or_many(o) for o in outputs)
    return _one_or_many(outputs)


def _one_or_many(value: object) -> bool:
    return _address_ok(value) or (isinstance(value, list) and all(_address_ok(v) for v in value))


def _dependency_ok(item: object, expected: Mapping[str, str]) -> bool:
    """A plain id must be the registered one; a pattern id (``{...}``) may match one or many components."""
    if str(expected.get("id", "")).startswith("{"):
        return _one_or_many(item)
    return (
        isinstance(item, dict)
        and item.get("id") == expected.get("id")
        and item.get("property") == expected.get("property")
    )


def _prop_id_ok(prop_id: object) -> bool:
    """``component.property``; Dash parses a pattern id (``{...}.property``) as JSON, so it must be one."""
    if not isinstance(prop_id, str) or len(prop_id) > MAX_FIELD_LENGTH:
        return False
    component, _, _ = prop_id.rpartition(".")
    if not component.startswith("{"):
        return True
    try:
        return isinstance(json.loads(component), dict)
    except (ValueError, RecursionError):
        return False


def _hide_versions(app: Dash) -> None:
    """Keep Python, Dash and plotly versions out of the page (Dash offers no switch; its index hook does).

    The component file names still carry Dash's cache fingerprint (``….v4_4_1m….js``); that is Dash's own.
    """
    interpolate = app.interpolate_index
    tag = hashlib.sha256(dash_version.encode()).hexdigest()[:10]

    def interpolate_without_versions(**parts: str) -> str:
        parts["config"] = _CONFIG_SCRIPT.sub(_without_versions, parts.get("config", ""))
        parts["favicon"] = parts.get("favicon", "").replace(f"?v={dash_version}", f"?v={tag}")
        return interpolate(**parts)

    app.interpolate_index = interpolate_without_versions  # type: ignore[method-assign]


def _without_versions(match: re.Match[str]) -> str:
    config = json.loads(match.group(2))
    for key in VERSION_KEYS:
        config.pop(key, None)
    return match.group(1) + json.dumps(config, separators=(",", ":")).translate(_JSON_IN_HTML) + match.group(3)


def health() -> Response:
    """``/healthz`` for the IT's monitoring: can the store be read, and which data version does it hold?

    A failure answers 503 with the error's class name only: never a URL, a host or a password.
    """
    try:
        version = _state().store.data_version()
    except Exception as error:  # whatever the store raises, it is not reachable
        log.warning("Healthcheck: Datenbank nicht erreichbar (%s)", type(error).__name__)
        body: dict[str, object] = {
            "status": "fehler",
            "store": texts.STORE_UNREACHABLE,
            "meldung": texts.STORE_UNREACHABLE_DETAIL.format(reason=type(error).__name__),
        }
        status = 503
    else:
        body, status = {"status": "ok", "store": texts.STORE_REACHABLE, "data_version": version}, 200
    response = jsonify(body)
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response
