"""The data page in a real Chromium: login form, upload with progress, preview, import, import list.

These tests import data, so they run against a server of their own on a copy of
the demo store: the shared ``live_server`` (and the session's demo database that
later tests copy) stays exactly as the other tests expect it. The offline and
console-error guards of ``conftest.py`` apply as everywhere in this folder.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import admin_server

pytestmark = pytest.mark.browser

ADMIN = "browser-admin"
PASSWORD = "browser-test-passwort"
CHECK_DELAY = 1.5  # seconds the server waits before checking, so the waiting state can be seen
NO_JAVASCRIPT = pytest.mark.browser_context_args(java_script_enabled=False)


def _slow_check(app: Callable) -> Callable:
    """WSGI wrapper: the check answers after a pause, as a large file would (the upload itself is instant here)."""

    def wrapped(environ: dict, start_response: Callable) -> object:
        if environ.get("PATH_INFO") == "/daten/pruefen":
            time.sleep(CHECK_DELAY)
        return app(environ, start_response)

    return wrapped


@pytest.fixture(scope="module")
def data_server(seeded_db: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on a private copy of the demo store, with an admin, on a free local port."""
    folder = tmp_path_factory.mktemp("data-page")
    with admin_server(seeded_db, folder, "bildungsmonitor-data-page", (ADMIN, PASSWORD), _slow_check) as url:
        yield url


def own_data_file(tmp_path: Path, name: str, value: int) -> Path:
    """A template CSV with a free indicator name: it makes a base series of its own and touches no catalogue indicator."""
    path = tmp_path / name
    path.write_text(
        f"indicator;region;period;value;flag;note\n"
        f"Testreihe Browser;03453004;2024;{value};;\n"
        f"Testreihe Browser;03453005;2024;{value + 1};;Testwert\n",
        encoding="utf-8",
    )
    return path


def log_in(page: Page, server: str) -> None:
    page.goto(f"{server}/daten")
    expect(page).to_have_url(f"{server}/anmelden?weiter=/daten")
    expect(page.get_by_role("heading", name="Anmelden")).to_be_visible()
    page.get_by_label("Benutzername").fill(ADMIN)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page).to_have_url(f"{server}/daten")
    expect(page.get_by_role("heading", name="Daten importieren")).to_be_visible()


def test_upload_shows_progress_and_preview_then_imports(page: Page, data_server: str, tmp_path: Path):
    log_in(page, data_server)
    expect(page.locator("#import-list")).to_contain_text("Demodaten (synthetisch)")

    page.set_input_files("#datei", own_data_file(tmp_path, "testreihe_browser.csv", 12))
    with page.expect_request(f"{data_server}/daten/pruefen") as sent:
        page.get_by_role("button", name="Prüfen").click()
        # While the server checks, the page says so under a running progress bar.
        expect(page.locator("#upload-status")).to_have_text("Datei wird geprüft …")
        expect(page.locator("#upload-progress")).to_be_visible()
    assert sent.value.resource_type == "xhr"  # sent by upload.js, not by the plain form

    expect(page.get_by_role("heading", name="Prüfung: testreihe_browser.csv")).to_be_visible()
    expect(page.get_by_text("Noch ist nichts gespeichert")).to_be_visible()
    expect(page.locator(".bm-count-new")).to_have_text("2 neu")

    page.get_by_role("button", name="Importieren").click()
    expect(page.get_by_role("heading", name="Importiert: testreihe_browser.csv")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("wurde importiert")

    page.get_by_role("link", name="Zurück zur Datenseite").click()
    newest = page.locator("#import-list tbody tr").first
    expect(newest).to_contain_text("testreihe_browser.csv")
    expect(newest).to_contain_text("Vorlage des Landkreises")
    expect(newest).to_contain_text(ADMIN)

    page.get_by_role("button", name="Abmelden").click()
    expect(page.get_by_text("Sie sind abgemeldet.")).to_be_visible()
    expect(page.get_by_role("link", name="Zur Übersicht")).to_have_attribute("href", "/")


@NO_JAVASCRIPT
def test_plain_form_works_without_javascript(page: Page, data_server: str, tmp_path: Path):
    log_in(page, data_server)
    page.set_input_files("#datei", own_data_file(tmp_path, "ohne_javascript.csv", 40))
    page.get_by_role("button", name="Prüfen").click()
    expect(page).to_have_url(f"{data_server}/daten/pruefen")
    expect(page.get_by_role("heading", name="Prüfung: ohne_javascript.csv")).to_be_visible()
    page.get_by_role("button", name="Abbrechen").click()
    expect(page).to_have_url(f"{data_server}/daten")
    expect(page.get_by_text("wurde verworfen")).to_be_visible()
    expect(page.locator("#import-list")).not_to_contain_text("ohne_javascript.csv")
