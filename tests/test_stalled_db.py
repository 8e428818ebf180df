"""A database server that stalls costs a request seconds and a German message, never a hang.

The fake servers here accept a connection and never answer (or answer the PostgreSQL handshake
and then fall silent), so no PostgreSQL is needed. The app is built on the seeded SQLite store
and its store is then pointed at the stalled server: the app keeps holding the same ``Store``,
as it would while its real server hangs. The last tests need a real PostgreSQL
(``tests/with_postgres.sh``) and are skipped without one.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import sessionmaker
from werkzeug.serving import WSGIRequestHandler, make_server

import texts
from app import create_app
from config import normalise_database_url
from data_access.store import DB_TIMEOUT_SECONDS, SILENCE_MARGIN, Store, make_engine, postgres_connect_args
from tests.conftest import KREIS, ROOT, TEST_DATABASE

TIMEOUT = DB_TIMEOUT_SECONDS
MARGIN = 3  # seconds an answer may take beyond the timeout: Dash, thread start, a busy test machine
STATIC = ("/assets/10_app/app.css", "/geodata/gemeinden.geojson")
SSL_REQUEST, GSSENC_REQUEST = 80877103, 80877104
needs_postgres = pytest.mark.skipif(not TEST_DATABASE, reason="needs tests/with_postgres.sh")


# -- fake servers --------------------------------------------------------------


@contextmanager
def silent_server(handshake: bool = False) -> Iterator[str]:
    """A server on 127.0.0.1 that accepts every connection and never sends a byte; yields its URL.

    With ``handshake`` it first completes a PostgreSQL startup (no TLS, no password), then falls silent.
    """
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.1)
    held: list[socket.socket] = []
    done = threading.Event()

    def accept() -> None:
        while not done.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            held.append(connection)
            if handshake:
                threading.Thread(target=_pg_handshake, args=(connection,), daemon=True).start()

    thread = threading.Thread(target=accept, name="silent-db", daemon=True)
    thread.start()
    try:
        yield f"postgresql+psycopg://u:p@127.0.0.1:{listener.getsockname()[1]}/db"
    finally:
        done.set()
        thread.join(timeout=2)
        listener.close()
        for connection in held:
            connection.close()


def _message(kind: bytes, body: bytes = b"") -> bytes:
    return kind + struct.pack("!I", len(body) + 4) + body


def _pg_handshake(connection: socket.socket) -> None:
    """Answer a client's startup like a PostgreSQL that trusts everyone, then say nothing more."""
    try:
        with connection.makefile("rb") as reader:
            while True:
                length = struct.unpack("!I", reader.read(4))[0]
                body = reader.read(length - 4)
                if struct.unpack("!I", body[:4])[0] not in (SSL_REQUEST, GSSENC_REQUEST):
                    break
                connection.sendall(b"N")  # neither TLS nor GSS: go on in plain text
        reply = _message(b"R", struct.pack("!I", 0))  # authentication ok
        for name, value in (
            ("server_version", "16.0"),
            ("server_encoding", "UTF8"),
            ("client_encoding", "UTF8"),
            ("standard_conforming_strings", "on"),
            ("DateStyle", "ISO, MDY"),
            ("integer_datetimes", "on"),
        ):
            reply += _message(b"S", f"{name}\0{value}\0".encode())
        connection.sendall(reply + _message(b"K", struct.pack("!II", 1, 2)) + _message(b"Z", b"I"))
    except (OSError, struct.error):
        pass  # the client gave up first


@contextmanager
def pointed_at(store: Store, url: str) -> Iterator[None]:
    """Let the store talk to another database for a while; whoever holds the store sees the change."""
    engine = make_engine(url)
    saved = store.engine, store.sessions
    store.engine, store.sessions = engine, sessionmaker(engine, expire_on_commit=False)
    try:
        yield
    finally:
        store.engine, store.sessions = saved
        engine.dispose()


# -- talking to the served app -------------------------------------------------


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass


@contextmanager
def serving(app) -> Iterator[str]:
    """The app on a free port of 127.0.0.1, a thread per request (as waitress serves it); yields its URL."""
    server = make_server("127.0.0.1", 0, app.server, threaded=True, request_handler=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="stalled-app", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def _request(base: str, method: str, path: str, body: bytes | None = None) -> tuple[int, bytes, float]:
    """One HTTP request on a fresh connection; returns status, body and seconds taken."""
    host, port = base.removeprefix("http://").split(":")
    started = time.monotonic()
    connection = http.client.HTTPConnection(host, int(port), timeout=60)
    try:
        headers = {"Content-Type": "application/json"} if body is not None else {}
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read(), time.monotonic() - started
    finally:
        connection.close()


def _view_request(app) -> bytes:
    """The theme view's callback as the browser posts it: the Kita indicator, latest year."""
    key = next(k for k in app.callback_map if "map.figure" in k)
    spec = app.callback_map[key]
    values = {"indicator.value": "betreuungsquote_u3", "year.value": None, "selected-gemeinde.data": None}
    outputs = []
    for part in key.strip(".").split("..."):
        component, prop = part.rsplit(".", 1)
        outputs.append({"id": component, "property": prop})
    payload = {
        "output": key,
        "outputs": outputs,
        "inputs": [{**i, "value": values.get(f"{i['id']}.{i['property']}")} for i in spec["inputs"]],
        "state": [{**s, "value": None} for s in spec["state"]],
        "changedPropIds": ["indicator.value"],
    }
    return json.dumps(payload).encode()


def _text(body: bytes) -> str:
    return json.dumps(json.loads(body), ensure_ascii=False)


# -- the app against a stalled server ---------------------------------------------


def test_a_stalled_database_costs_a_callback_seconds_while_files_still_flow(app, store):
    unreadable = texts.DATABASE_ERROR.format(reason="OperationalError")
    with serving(app) as base, silent_server() as url, pointed_at(store, url):
        answer: list[tuple[int, bytes, float]] = []
        worker = threading.Thread(
            target=lambda: answer.append(_request(base, "POST", "/_dash-update-component", _view_request(app)))
        )
        worker.start()
        time.sleep(0.5)  # the callback now waits for the silent server
        for path in STATIC:
            status, body, seconds = _request(base, "GET", path)
            assert status == 200 and body and seconds < 1, (path, status, seconds)
        assert worker.is_alive(), "the callback should still be waiting for the database"
        worker.join(timeout=60)
    status, body, seconds = answer[0]
    assert status == 200, body[:300]
    assert unreadable in _text(body)
    assert TIMEOUT - 1 <= seconds <= TIMEOUT + MARGIN, seconds  # it did wait for the server, and not longer


def test_healthz_says_unreachable_within_the_timeout_and_the_app_recovers_by_itself(app, store):
    with serving(app) as base:
        with silent_server() as url, pointed_at(store, url):
            status, body, seconds = _request(base, "GET", "/healthz")
        assert status == 503 and TIMEOUT - 1 <= seconds <= TIMEOUT + MARGIN, (status, seconds)
        health = json.loads(body)
        assert health["store"] == texts.STORE_UNREACHABLE == "nicht erreichbar"
        assert health["meldung"] == texts.STORE_UNREACHABLE_DETAIL.format(reason="OperationalError")
        assert "127.0.0.1" not in body.decode() and ":p@" not in body.decode()

        # The server answers again: the next requests succeed, without a restart.
        status, body, _ = _request(base, "GET", "/healthz")
        assert status == 200 and json.loads(body)["store"] == texts.STORE_REACHABLE
        status, body, _ = _request(base, "POST", "/_dash-update-component", _view_request(app))
        assert status == 200 and "Die Datenbank" not in _text(body) and "Cloppenburg" in _text(body)


def test_the_server_refuses_to_start_on_a_stalled_database_in_one_german_line(tmp_path):
    with silent_server() as url:
        started = time.monotonic()
        result = subprocess.run(
            [sys.executable, "app.py"],
            cwd=ROOT,
            env={
                **os.environ,
                "DATABASE_URL": url,
                "BILDUNGSMONITOR_KREIS": KREIS,
                "BILDUNGSMONITOR_INSTANCE": str(tmp_path),
            },
            capture_output=True,
            text=True,
            timeout=60,
        )
        seconds = time.monotonic() - started
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [texts.DATABASE_UNREACHABLE.format(reason="OperationalError")]
    assert "läuft auf" not in result.stdout + result.stderr
    # The timeout plus Python loading Dash, pandas and plotly (5 s on a busy machine); the next test times the wait alone.
    assert TIMEOUT - 1 <= seconds <= TIMEOUT + 20, seconds


def test_create_app_gives_up_on_a_stalled_database_within_the_timeout(settings):
    with silent_server() as url:
        stalled = Store(url)
        started = time.monotonic()
        with pytest.raises(OperationalError):
            create_app(settings, stalled)
        seconds = time.monotonic() - started
    assert TIMEOUT - 1 <= seconds <= TIMEOUT + MARGIN, seconds


# -- the engine's limits -------------------------------------------------------------


def test_a_server_that_falls_silent_after_the_handshake_is_given_up():
    """A hung server process on a live host: TCP stays up, so only the engine's own limit ends the wait."""
    with silent_server(handshake=True) as url:
        engine = make_engine(url, timeout=1)
        started = time.monotonic()
        with pytest.raises(OperationalError, match="schweigt"):
            with engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        seconds = time.monotonic() - started
        engine.dispose()
    limit = 1 + SILENCE_MARGIN
    assert limit <= seconds <= limit + MARGIN, seconds


def test_postgres_connections_carry_every_limit_and_the_url_wins():
    args = postgres_connect_args(make_url("postgresql+psycopg://u@db.example/bm"), 5)
    assert args == {
        "connect_timeout": 5,
        "keepalives": 1,
        "keepalives_idle": 5,
        "keepalives_interval": 1,
        "keepalives_count": 3,
        "tcp_user_timeout": 5000,
        "options": "-c statement_timeout=5000",
    }
    own = make_url("postgresql+psycopg://u@db.example/bm?connect_timeout=20&options=-csearch_path%3Dbm")
    args = postgres_connect_args(own, 0.5)
    assert "connect_timeout" not in args and args["tcp_user_timeout"] == 500
    assert args["options"] == "-c statement_timeout=500 -csearch_path=bm"  # the URL's own come last and win


def test_an_own_statement_timeout_in_the_url_turns_the_silence_limit_off():
    """The silence limit follows the engine's statement timeout; it would cut off reads the IT allowed longer."""
    guarded = make_engine("postgresql+psycopg://u@db.example/bm")
    own = make_engine("postgresql+psycopg://u@db.example/bm?options=-cstatement_timeout%3D60000")
    assert len(guarded.dialect.dispatch.do_connect) == 1 and len(own.dialect.dispatch.do_connect) == 0


# -- against a real PostgreSQL (tests/with_postgres.sh) ---------------------------------


@needs_postgres
def test_a_read_is_cancelled_after_the_timeout_but_a_writing_transaction_is_not():
    engine = make_engine(normalise_database_url(TEST_DATABASE), timeout=1)
    try:
        with engine.connect() as connection:
            with pytest.raises(OperationalError, match="statement timeout"):
                connection.execute(text("SELECT pg_sleep(1.5)"))
        with engine.begin() as connection:  # an import or a restore: its statements may run long
            connection.execute(text("CREATE TEMPORARY TABLE scratch (x int)"))
            connection.execute(text("SELECT pg_sleep(1.5)"))
        with engine.connect() as connection:  # the next transaction is bounded again
            assert connection.execute(text("SHOW statement_timeout")).scalar() == "1s"
            assert connection.connection.dbapi_connection.patient is False
    finally:
        engine.dispose()


@needs_postgres
def test_a_hung_backend_is_given_up_and_the_pool_reconnects_by_itself():
    engine = make_engine(normalise_database_url(TEST_DATABASE), timeout=1)
    with engine.connect() as connection:
        hung = connection.execute(text("SELECT pg_backend_pid()")).scalar()
    try:
        os.kill(hung, signal.SIGSTOP)  # the pooled connection's server process stops answering
    except PermissionError:
        engine.dispose()
        pytest.skip("the PostgreSQL server runs as another user")
    try:
        started = time.monotonic()
        with engine.connect() as connection:  # the pre-ping gives up on it; a fresh connection answers
            fresh = connection.execute(text("SELECT pg_backend_pid()")).scalar()
        seconds = time.monotonic() - started
    finally:
        os.kill(hung, signal.SIGCONT)
        engine.dispose()
    assert fresh != hung
    assert seconds <= 1 + SILENCE_MARGIN + MARGIN, seconds
