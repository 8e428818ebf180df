"""Login and data page through the Flask test client: German pages, CSRF, login limit, upload → preview → import."""

from __future__ import annotations

import dataclasses
import io
import os
import re
import stat
import subprocess
import sys
import time

import pytest
from openpyxl import load_workbook

import security
from config import Settings
from data_access.importers.template import TEMPLATE_HEADER
from data_access.models import User
from data_access.store import Store
from tests.conftest import KREIS, ROOT
from tests.fixtures import mean_age
from webpages import local_target
from webpages.uploads import PendingUploads

ADMIN = "amt-admin"
PASSWORD = "richtig-geheim-2024"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
TOKEN = re.compile(r'name="upload" value="([^"]+)"')
LOGIN_FAILED = "Benutzername oder Passwort ist falsch."


@pytest.fixture
def web_settings(tmp_path) -> Settings:
    return Settings(
        database_url=f"sqlite:///{tmp_path / 'app.sqlite'}",
        kreis=KREIS,
        instance_dir=tmp_path / "instance",
    )


@pytest.fixture
def web_app(web_settings, store):
    from app import create_app

    app = create_app(web_settings, store)
    security.create_user(store, ADMIN, PASSWORD, admin=True)
    return app


@pytest.fixture
def client(web_app):
    return web_app.server.test_client()


@pytest.fixture
def uploads_dir(web_settings):
    return web_settings.instance_dir / "uploads"


def csrf_of(client, path: str = "/anmelden") -> str:
    match = CSRF.search(client.get(path).get_data(as_text=True))
    assert match, f"no CSRF field on {path}"
    return match.group(1)


def login(client, name: str = ADMIN, password: str = PASSWORD, **extra: str):
    data = {"csrf_token": csrf_of(client), "benutzername": name, "passwort": password, **extra}
    return client.post("/anmelden", data=data)


def upload(client, data: bytes, name: str = "durchschnittsalter.csv", token: str | None = None):
    token = csrf_of(client, "/daten") if token is None else token
    return client.post(
        "/daten/pruefen",
        data={"csrf_token": token, "datei": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def upload_token(response) -> str:
    match = TOKEN.search(response.get_data(as_text=True))
    assert match, "the preview has no import form"
    return match.group(1)


def files_in(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


# -- login --------------------------------------------------------------------


def test_login_page_is_german_and_locked_down(client):
    response = client.get("/anmelden")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<html lang="de">' in html
    for text in ("Benutzername", "Passwort", ">Anmelden</button>", "Zur Übersicht"):
        assert text in html
    assert "Abmelden" not in html  # nobody is logged in
    assert CSRF.search(html)
    assert "/assets/00_vendor/00_bootstrap.min.css" in html
    assert "http://" not in html and "https://" not in html  # no external URL
    assert "<script>" not in html  # no inline script
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


@pytest.mark.parametrize("name", [ADMIN, "niemand"])
def test_wrong_password_or_unknown_user_gives_the_same_message_and_no_session(client, name):
    response = login(client, name=name, password="falsch-falsch-falsch")
    assert response.status_code == 200
    assert LOGIN_FAILED in response.get_data(as_text=True)
    assert client.get("/daten").status_code == 302


def test_sixth_failed_attempt_is_refused_even_with_the_right_password(client):
    for _ in range(5):
        assert LOGIN_FAILED in login(client, password="falsch-falsch-falsch").get_data(as_text=True)
    response = login(client)
    assert response.status_code == 429
    assert "Zu viele Fehlversuche" in response.get_data(as_text=True)
    assert client.get("/daten").status_code == 302


def test_failed_attempts_count_per_address_across_names(client):
    for i in range(5):
        login(client, name=f"rate-{i}", password="falsch-falsch-falsch")
    assert login(client).status_code == 429


def test_login_limiter_forgets_after_the_window():
    limiter = security.LoginLimiter(max_failures=2, window=0.2)
    limiter.fail("a", "10.0.0.1")
    limiter.fail("A ", "10.0.0.2")  # same name, other case and spacing
    assert limiter.blocked("a", "10.0.0.3")
    assert not limiter.blocked("b", "10.0.0.3")
    time.sleep(0.25)
    assert not limiter.blocked("a", "10.0.0.1")


def test_login_leads_to_the_data_page_with_form_and_import_list(client):
    response = login(client)
    assert response.status_code == 302 and response.headers["Location"] == "/daten"
    page = client.get("/daten")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'type="file"' in html and 'name="datei"' in html and 'accept=".csv,.zip,.xlsx"' in html
    assert ">Prüfen</button>" in html
    assert "/daten/vorlage.csv" in html and "/daten/vorlage.xlsx" in html
    assert 'id="import-list"' in html and "Demodaten (synthetisch)" in html
    assert "Abmelden" in html and f"Angemeldet als {ADMIN}" in html
    assert "/daten/static/upload.js" in html
    assert "Cache-Control" in page.headers and "no-store" in page.headers["Cache-Control"]
    assert client.get("/daten/static/upload.js").status_code == 200


def test_login_returns_to_a_local_target_only(client):
    assert login(client, weiter="/daten?x=1").headers["Location"] == "/daten?x=1"
    client.post("/abmelden", data={"csrf_token": csrf_of(client, "/daten")})
    assert login(client, weiter="//evil.example/").headers["Location"] == "/daten"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("/daten", "/daten"),
        ("/?thema=1", "/?thema=1"),
        ("//evil.example", None),
        ("/\\evil.example", None),
        ("/\t/evil.example", None),
        ("https://evil.example/", None),
        ("daten", None),
        ("", None),
        (None, None),
    ],
)
def test_local_target(value, expected):
    assert local_target(value) == expected


def test_data_page_without_login_goes_to_the_login_page(client):
    response = client.get("/daten")
    assert response.status_code == 302
    assert response.headers["Location"] == "/anmelden?weiter=/daten"
    # a POST with a valid token but no login is refused outright
    assert upload(client, mean_age().encode(), token=csrf_of(client)).status_code == 403


def test_logout_ends_the_session(client):
    login(client)
    response = client.post("/abmelden", data={"csrf_token": csrf_of(client, "/daten")})
    assert response.status_code == 302
    assert "Sie sind abgemeldet." in client.get("/anmelden").get_data(as_text=True)
    assert client.get("/daten").status_code == 302


def test_user_without_admin_rights_gets_no_data_page(client, store):
    security.create_user(store, "leser", "nur-lesen-bitte", admin=False)
    assert login(client, name="leser", password="nur-lesen-bitte").status_code == 302
    response = client.get("/daten")
    assert response.headers["Location"].startswith("/anmelden")
    assert "Administratorrechte" in client.get(response.headers["Location"]).get_data(as_text=True)
    refused = upload(client, mean_age().encode(), token=csrf_of(client))
    assert refused.status_code == 403
    assert "Keine Berechtigung" in refused.get_data(as_text=True)


# -- CSRF ---------------------------------------------------------------------


@pytest.mark.parametrize("token", [None, "falsch"])
def test_post_without_or_with_a_wrong_csrf_token_does_nothing(client, store, uploads_dir, token):
    login(client)
    version, batches = store.data_version(), len(store.imports())
    data = {"datei": (io.BytesIO(mean_age().encode()), "durchschnittsalter.csv")}
    if token is not None:
        data["csrf_token"] = token
    response = client.post("/daten/pruefen", data=data, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Sicherheitsprüfung fehlgeschlagen" in response.get_data(as_text=True)
    assert files_in(uploads_dir) == []
    assert client.post("/daten/importieren", data={"csrf_token": "falsch", "upload": "x" * 43}).status_code == 400
    assert client.post("/abmelden").status_code == 400
    assert client.get("/daten").status_code == 200  # still logged in: the logout without token did nothing
    assert store.data_version() == version and len(store.imports()) == batches


def test_login_without_csrf_token_is_refused(client):
    response = client.post("/anmelden", data={"benutzername": ADMIN, "passwort": PASSWORD})
    assert response.status_code == 400
    assert client.get("/daten").status_code == 302


# -- upload, preview, import ------------------------------------------------------


def test_upload_shows_a_preview_and_writes_nothing(client, store, uploads_dir):
    login(client)
    version, batches = store.data_version(), len(store.imports())
    response = upload(client, mean_age().encode())
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Probelauf" in html and "Noch ist nichts gespeichert" in html
    assert "12411-07-01-5" in html and "GENESIS-Tabelle (CSV)" in html and "10.10.2017 11:06" in html
    assert "48 neu" in html and "0 geändert" in html
    assert "„-“ (nichts vorhanden)" in html
    assert "Durchschnittsalter" in html  # the indicator it fills
    assert ">Importieren</button>" in html and ">Abbrechen</button>" in html
    assert store.data_version() == version and len(store.imports()) == batches
    token = upload_token(response)
    assert files_in(uploads_dir) == [f"{token}.bin", f"{token}.json"]
    assert (uploads_dir / f"{token}.bin").read_bytes() == mean_age().encode()


def test_confirmed_import_writes_the_values_and_lists_the_import(client, store, uploads_dir):
    login(client)
    token = upload_token(upload(client, mean_age().encode()))
    response = client.post("/daten/importieren", data={"csrf_token": csrf_of(client, "/daten"), "upload": token})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "wurde importiert" in html and "48 neu" in html and "Zurück zur Datenseite" in html
    assert files_in(uploads_dir) == []
    values = store.observations("durchschnittsalter")
    assert not values.empty and (values["kind"] == "import").any()
    newest = store.imports()[0]
    assert (newest.source_file, newest.imported_by, newest.table_code) == (
        "durchschnittsalter.csv",
        ADMIN,
        "12411-07-01-5",
    )
    listing = client.get("/daten").get_data(as_text=True)
    row = listing[listing.index("durchschnittsalter.csv") : listing.index("Demodaten (synthetisch)")]
    assert "12411-07-01-5" in row and "10.10.2017 11:06" in row and ADMIN in row and "GENESIS-Tabelle (CSV)" in row
    # the token is spent: a second click changes nothing
    again = client.post("/daten/importieren", data={"csrf_token": csrf_of(client, "/daten"), "upload": token})
    assert again.status_code == 410 and "liegt nicht mehr vor" in again.get_data(as_text=True)
    # the same file once more: nothing new
    assert "schon einmal importiert" in upload(client, mean_age().encode()).get_data(as_text=True)
    assert files_in(uploads_dir) == []


def test_cancel_discards_the_upload(client, store, uploads_dir):
    login(client)
    version = store.data_version()
    token = upload_token(upload(client, mean_age().encode()))
    response = client.post("/daten/abbrechen", data={"csrf_token": csrf_of(client, "/daten"), "upload": token})
    assert response.status_code == 302 and response.headers["Location"] == "/daten"
    assert "wurde verworfen" in client.get("/daten").get_data(as_text=True)
    assert files_in(uploads_dir) == [] and store.data_version() == version


@pytest.mark.parametrize("token", ["0" * 32, "gibt-es-nicht", ""])
def test_cancelling_an_upload_that_is_not_there_says_so(client, store, token):
    login(client)
    version = store.data_version()
    response = client.post("/daten/abbrechen", data={"csrf_token": csrf_of(client, "/daten"), "upload": token})
    assert response.status_code == 302 and response.headers["Location"] == "/daten"
    page = client.get("/daten").get_data(as_text=True)
    assert "liegt nicht mehr vor" in page and "wurde verworfen" not in page
    assert store.data_version() == version


def test_a_bad_file_is_refused_in_german_and_nothing_is_kept(client, store, uploads_dir):
    login(client)
    version, batches = store.data_version(), len(store.imports())
    response = upload(client, b"kaputt", name="kaputt.csv")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'class="alert alert-danger"' in html and "kaputt.csv:" in html
    assert "Traceback" not in html and ">Importieren</button>" not in html
    assert files_in(uploads_dir) == []
    assert store.data_version() == version and len(store.imports()) == batches


def test_no_file_chosen(client):
    login(client)
    response = client.post(
        "/daten/pruefen", data={"csrf_token": csrf_of(client, "/daten")}, content_type="multipart/form-data"
    )
    assert response.status_code == 400 and "Bitte eine Datei auswählen." in response.get_data(as_text=True)


def test_a_file_above_the_limit_gets_413_in_german(web_settings, store, uploads_dir):
    from app import create_app

    app = create_app(dataclasses.replace(web_settings, import_limit_mb=1), store)
    security.create_user(store, ADMIN, PASSWORD, admin=True)
    client = app.server.test_client()
    login(client)
    response = upload(client, b"x" * (2 * 1024 * 1024), name="gross.csv")
    html = response.get_data(as_text=True)
    assert response.status_code == 413
    assert "Datei zu groß" in html and "höchstens 1 MB" in html
    assert files_in(uploads_dir) == []


def test_another_admins_upload_cannot_be_imported(client, store, web_app):
    login(client)
    token = upload_token(upload(client, mean_age().encode()))
    security.create_user(store, "zweite", "auch-ein-admin", admin=True)
    other = web_app.server.test_client()
    login(other, name="zweite", password="auch-ein-admin")
    response = other.post("/daten/importieren", data={"csrf_token": csrf_of(other, "/daten"), "upload": token})
    assert response.status_code == 410


def test_uploads_older_than_an_hour_are_deleted_on_the_next_request(client, uploads_dir):
    login(client)
    token = upload_token(upload(client, mean_age().encode()))
    old = time.time() - 2 * 3600
    for path in uploads_dir.iterdir():
        os.utime(path, (old, old))
    assert client.get("/daten").status_code == 200
    assert files_in(uploads_dir) == []
    response = client.post("/daten/importieren", data={"csrf_token": csrf_of(client, "/daten"), "upload": token})
    assert response.status_code == 410


def test_pending_uploads_refuse_odd_tokens(tmp_path):
    uploads = PendingUploads(tmp_path)
    saved = uploads.save(io.BytesIO(b"abc"), "C:\\Users\\x\\Daten 2024.csv", "a", limit=10)
    assert saved is not None and saved.name == "Daten 2024.csv"
    assert uploads.get(saved.token, "a") is not None
    assert uploads.get(saved.token, "b") is None
    assert uploads.get("../" + saved.token, "a") is None
    assert uploads.save(io.BytesIO(b"x" * 11), "gross.csv", "a", limit=10) is None
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{saved.token}.bin", f"{saved.token}.json"]


# -- templates ----------------------------------------------------------------


def test_template_downloads_open_and_pass_the_check(client):
    csv_response = client.get("/daten/vorlage.csv")
    assert csv_response.status_code == 200 and csv_response.mimetype == "text/csv"
    text = csv_response.get_data().decode("utf-8-sig")
    assert text.splitlines()[0].split(";") == TEMPLATE_HEADER

    xlsx_response = client.get("/daten/vorlage.xlsx")
    assert xlsx_response.status_code == 200
    assert "attachment" in xlsx_response.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(xlsx_response.get_data()))
    assert [c.value for c in book["Daten"][1]] == TEMPLATE_HEADER
    assert book["Daten"]["B2"].value == "03453004"  # the key stays text
    explained = [row[0] for row in book["Erläuterung"].iter_rows(min_row=2, values_only=True) if row[0]]
    assert set(TEMPLATE_HEADER) <= set(explained)

    login(client)
    for data, name in ((csv_response.get_data(), "vorlage.csv"), (xlsx_response.get_data(), "vorlage.xlsx")):
        preview = upload(client, data, name=name)
        html = preview.get_data(as_text=True)
        assert preview.status_code == 200, html
        assert "Vorlage des Landkreises" in html and "3 neu" in html


# -- users ------------------------------------------------------------------------


def test_create_user_rules(empty_store):
    with pytest.raises(ValueError, match="mindestens 10 Zeichen"):
        security.create_user(empty_store, "kurz", "123456789", admin=False)
    with pytest.raises(ValueError, match="darf nicht leer"):
        security.create_user(empty_store, "  ", "lang-genug-123", admin=False)
    security.create_user(empty_store, "Anna", "lang-genug-123", admin=True)
    with pytest.raises(ValueError, match="schon vergeben"):
        security.create_user(empty_store, "anna", "anderes-passwort", admin=False)
    assert security.authenticate(empty_store, "Anna", "lang-genug-123").is_admin
    assert security.authenticate(empty_store, "Anna", "lang-genug-12") is None
    assert security.authenticate(empty_store, "Berta", "lang-genug-123") is None


def test_passwords_are_stored_as_scrypt_hashes_only(empty_store):
    security.create_user(empty_store, "Anna", "lang-genug-123", admin=False)
    with empty_store.sessions() as session:
        stored = session.query(User).one().password_hash
    assert stored.startswith("scrypt:")
    assert "lang-genug-123" not in stored


def test_secret_key_is_made_once_and_kept_private(tmp_path, store):
    from flask import Flask

    settings = Settings(database_url="sqlite://", kreis=KREIS, instance_dir=tmp_path / "inst")
    first, second = Flask("a"), Flask("b")
    security.init_app(first, store, settings)
    security.init_app(second, store, settings)
    key_file = tmp_path / "inst" / "secret_key"
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"] == key_file.read_text().strip()
    assert len(first.config["SECRET_KEY"]) >= 32
    if os.name == "posix":
        assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert first.config["PERMANENT_SESSION_LIFETIME"].total_seconds() == 8 * 3600
    assert first.config["MAX_CONTENT_LENGTH"] > settings.import_limit

    configured = Flask("c")
    security.init_app(configured, store, dataclasses.replace(settings, secret_key="aus-der-umgebung"))
    assert configured.config["SECRET_KEY"] == "aus-der-umgebung"


def test_session_is_permanent_after_login(client):
    response = login(client)
    assert "Expires=" in response.headers["Set-Cookie"]


def _manage(tmp_path, *args: str, password: str):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite'}",
        "BILDUNGSMONITOR_PASSWORD": password,
    }
    return subprocess.run(
        [sys.executable, "manage.py", "create-user", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_manage_create_user(tmp_path):
    done = _manage(tmp_path, "kreisamt", "--admin", password="aus-dem-skript-42")
    assert done.returncode == 0, done.stderr
    assert "Benutzer „kreisamt“ angelegt" in done.stdout
    store = Store(f"sqlite:///{tmp_path / 'cli.sqlite'}")
    user = security.authenticate(store, "kreisamt", "aus-dem-skript-42")
    assert user is not None and user.is_admin
    store.engine.dispose()

    taken = _manage(tmp_path, "kreisamt", password="aus-dem-skript-42")
    assert taken.returncode == 2 and "schon vergeben" in taken.stderr
    short = _manage(tmp_path, "zweiter", password="kurz")
    assert short.returncode == 2 and "mindestens 10 Zeichen" in short.stderr


def test_the_csrf_token_is_masked_anew_on_every_page_and_each_mask_is_accepted(client):
    """Against BREACH: the compressed pages never carry the same token bytes twice, yet every mask is valid."""
    login(client)
    first, second = csrf_of(client, "/daten"), csrf_of(client, "/daten")
    assert first != second
    for token in (first, second):  # a form that changes nothing when nothing is ticked
        assert client.post("/daten/sichtbarkeit", data={"csrf_token": token}).status_code == 302
    tampered = first[:-4] + ("AAAA" if not first.endswith("AAAA") else "BBBB")
    assert client.post("/daten/sichtbarkeit", data={"csrf_token": tampered}).status_code == 400
