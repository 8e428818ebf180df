"""Browser fixtures: Debian's Chromium, the app on a local port, and an offline guard.

Every test in this folder runs in a real Chromium against the demo-seeded store.
The guard aborts any request that leaves 127.0.0.1 and fails the test at
teardown, as it does for console errors and uncaught page errors: the app must
work without internet and without JavaScript errors.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import BrowserContext, ConsoleMessage, Error, Page, Route, expect
from werkzeug.serving import WSGIRequestHandler, make_server

from config import Settings

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOCAL_HOST = "127.0.0.1"
TIMEOUT_MS = 15_000
DESKTOP = {"width": 1600, "height": 1000}

expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """Use the system Chromium; browser downloads are impossible here, so a missing one is an error."""
    executable = os.environ.get("BILDUNGSMONITOR_CHROMIUM", "/usr/bin/chromium")
    if not Path(executable).is_file():
        pytest.fail(
            f"Chromium fehlt unter {executable}: bitte `apt-get install chromium` ausführen "
            f"(oder BILDUNGSMONITOR_CHROMIUM setzen). / Chromium not found at {executable}: "
            "run `apt-get install chromium` (or set BILDUNGSMONITOR_CHROMIUM).",
            pytrace=False,
        )
    return {**browser_type_launch_args, "executable_path": executable, "args": CHROMIUM_ARGS}


class _QuietHandler(WSGIRequestHandler):
    """Keep the access log out of the test output; errors are still logged."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass


@pytest.fixture(scope="session")
def live_server(seeded_db: str) -> Iterator[str]:
    """The real app (demo data, Landkreis Cloppenburg) served on a free local port."""
    from app import create_app
    from data_access.decks import seed_example
    from data_access.store import Store

    # A copy of its own: the session's seeded file stays as other tests expect it (no decks).
    database = Path(seeded_db).with_name("live.sqlite")
    shutil.copyfile(seeded_db, database)
    store = Store(f"sqlite:///{database}")
    seed_example(store)  # the deck `beispiel`, as `manage.py seed-demo` writes it
    store.engine.dispose()
    instance = Path(seeded_db).parent / "instance"
    app = create_app(Settings(database_url=f"sqlite:///{database}", kreis="03453", instance_dir=instance))
    with serving(app.server, "bildungsmonitor-live") as url:
        yield url


@contextmanager
def serving(wsgi_app: Callable, name: str) -> Iterator[str]:
    """Serve a WSGI app on a free port of 127.0.0.1 in a thread; yields its base URL."""
    server = make_server(LOCAL_HOST, 0, wsgi_app, threaded=True, request_handler=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name=name, daemon=True)
    thread.start()
    try:
        yield f"http://{LOCAL_HOST}:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@contextmanager
def admin_server(
    seeded_db: str, folder: Path, name: str, admin: tuple[str, str], wrap: Callable = lambda wsgi: wsgi
) -> Iterator[str]:
    """The app on a private copy of the demo store with one admin: tests that log in or import
    never touch the session's shared store. ``wrap`` can put middleware around the WSGI app."""
    import security
    from app import create_app
    from data_access.store import Store

    database = folder / "store.sqlite"
    shutil.copyfile(seeded_db, database)
    settings = Settings(database_url=f"sqlite:///{database}", kreis="03453", instance_dir=folder / "instance")
    app = create_app(settings)
    store = Store(settings.database_url)
    security.create_user(store, *admin, admin=True)
    store.engine.dispose()
    with serving(wrap(app.server), name) as url:
        yield url


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict, live_server: str) -> dict:
    """German desktop defaults; single tests override the viewport with the browser_context_args marker."""
    return {**browser_context_args, "base_url": live_server, "viewport": DESKTOP, "locale": "de-DE"}


@pytest.fixture(autouse=True)
def offline_guard(context: BrowserContext, page: Page) -> Iterator[None]:
    """Abort and record every non-local request; record console and page errors; fail at teardown."""
    external: list[str] = []
    console_errors: list[str] = []
    page_errors: list[str] = []

    def guard(route: Route) -> None:
        if urlsplit(route.request.url).hostname == LOCAL_HOST:
            route.continue_()
        else:
            external.append(route.request.url)
            route.abort()

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            where = message.location.get("url") or "inline"
            console_errors.append(f"{message.text} ({where})")

    def on_page_error(error: Error) -> None:
        page_errors.append(f"{error.name}: {error.message}")

    context.set_default_timeout(TIMEOUT_MS)
    context.route("**/*", guard)
    page.on("console", on_console)
    page.on("pageerror", on_page_error)

    yield

    assert not external, f"requests outside {LOCAL_HOST} (the app must work offline): {external}"
    assert not console_errors, f"console errors: {console_errors}"
    assert not page_errors, f"uncaught page errors: {page_errors}"
