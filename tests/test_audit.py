"""The audit log: one entry per committed change, none for a dry run or a refusal, shown to admins only."""

from __future__ import annotations

import pytest
from sqlalchemy import select

import security
from config import Settings
from data_access import audit, decks, demo, derive
from data_access.backup import create_backup, restore_backup
from data_access.importing import ImportRefused, import_bytes
from data_access.models import AuditEntry
from tests import fixtures
from tests.conftest import KREIS, SCOPE
from tests.test_webpages import CSRF, TOKEN, csrf_of, login, upload

ADMIN = "amt-admin"
PASSWORD = "richtig-geheim-2024"
READER = "leserin"
READER_PASSWORD = "nur-lesen-bitte-2024"


def _log(store) -> list[AuditEntry]:
    """Every entry, oldest first."""
    with store.sessions() as session:
        return list(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))


def _no_secret(store, *secrets: str) -> None:
    for entry in _log(store):
        text = " ".join((entry.actor, entry.action, entry.subject, entry.detail))
        for secret in secrets:
            assert secret not in text, entry


# -- data access ---------------------------------------------------------------


def test_an_import_writes_one_entry_with_the_file_and_the_actor(empty_store):
    import_bytes(empty_store, fixtures.mean_age().encode(), "alter.csv", SCOPE, actor="amt-admin")
    (entry,) = _log(empty_store)
    assert (entry.action, entry.subject, entry.actor) == ("import", "alter.csv", "amt-admin")
    assert entry.at is not None and "Werte neu" in entry.detail


def test_an_import_without_an_actor_names_the_user_or_the_command_line(empty_store):
    import_bytes(empty_store, fixtures.mean_age().encode(), "a.csv", SCOPE)
    newer = fixtures.mean_age(kreis=40.6, stand="31.01.2018 / 09:00:00")
    import_bytes(empty_store, newer.encode(), "b.csv", SCOPE, user="web-admin")
    assert [(e.subject, e.actor) for e in _log(empty_store)] == [("a.csv", "manage.py"), ("b.csv", "web-admin")]


def test_a_dry_run_and_a_repeated_import_write_nothing(empty_store):
    data = fixtures.mean_age().encode()
    summary = import_bytes(empty_store, data, "alter.csv", SCOPE, dry_run=True, actor="amt-admin")
    assert summary.tables and _log(empty_store) == []
    import_bytes(empty_store, data, "alter.csv", SCOPE)
    assert import_bytes(empty_store, data, "nochmal.csv", SCOPE).already_imported
    assert [e.subject for e in _log(empty_store)] == ["alter.csv"]


def test_a_refused_import_writes_nothing(empty_store):
    with pytest.raises(ImportRefused):
        import_bytes(empty_store, b"keine Tabelle\n1;2;3\n", "kaputt.csv", SCOPE)
    assert _log(empty_store) == []


def test_an_import_that_fails_inside_its_transaction_leaves_no_entry(empty_store, monkeypatch):
    def broken(*_args: object) -> set[str]:
        raise RuntimeError("Datenbank weg")

    monkeypatch.setattr(derive, "rederive", broken)
    with pytest.raises(RuntimeError):
        import_bytes(empty_store, fixtures.mean_age().encode(), "alter.csv", SCOPE)
    assert _log(empty_store) == []


def test_a_restore_brings_back_the_backups_log_and_adds_one_entry(empty_store, tmp_path):
    import_bytes(empty_store, fixtures.mean_age().encode(), "alt.csv", SCOPE)
    path = tmp_path / "sicherung.zip"
    create_backup(empty_store, path)
    import_bytes(empty_store, fixtures.mean_age(kreis=41.0, stand="01.06.2019 / 09:00:00").encode(), "neu.csv", SCOPE)
    restore_backup(empty_store, path)
    assert [(e.action, e.subject, e.actor) for e in _log(empty_store)] == [
        ("import", "alt.csv", "manage.py"),
        ("restore", "sicherung.zip", "manage.py"),
    ]


def test_creating_a_user_is_logged_without_the_password(empty_store):
    security.create_user(empty_store, "admin", "ein langes Passwort", admin=True)
    with pytest.raises(ValueError):
        security.create_user(empty_store, "Admin", "noch ein langes Passwort", admin=False)
    (entry,) = _log(empty_store)
    assert (entry.action, entry.subject, entry.actor) == ("user_created", "admin", "manage.py")
    assert "Administrator" in entry.detail
    with empty_store.sessions() as session:
        stored_hash = session.scalar(select(security.User.password_hash))
    _no_secret(empty_store, "ein langes Passwort", "noch ein langes", stored_hash)


def test_no_database_password_reaches_the_log(empty_store):
    url = "postgresql+psycopg://bm:streng-geheim@db.kreis.local:5432/bm"
    with empty_store.sessions.begin() as session:
        audit.record(session, "system", "import", url, f"Fehler bei {url}")
    (entry,) = _log(empty_store)
    assert "bm:***@db.kreis.local" in entry.detail and "bm:***@" in entry.subject
    _no_secret(empty_store, "streng-geheim")


def test_demo_data_and_decks_are_logged(empty_store, boundaries):
    demo.seed(empty_store, boundaries)
    deck = decks.create_deck(empty_store, "Schulausschuss März", actor="amt-admin")
    view = decks.add_view(
        empty_store, deck.slug, "allgemeinbildende-schulen", "anteil_abgaenger_ohne_hsa", actor="amt-admin"
    )
    decks.rename_deck(empty_store, deck.slug, "Schulausschuss April", actor="amt-admin")
    decks.delete_view(empty_store, deck.slug, view.id, actor="amt-admin")
    decks.delete_deck(empty_store, deck.slug, actor="amt-admin")
    empty_store.remove_demo()
    assert [(e.action, e.actor) for e in _log(empty_store)] == [
        ("demo_seed", "manage.py"),
        ("deck_created", "amt-admin"),
        ("view_added", "amt-admin"),
        ("deck_renamed", "amt-admin"),
        ("view_removed", "amt-admin"),
        ("deck_deleted", "amt-admin"),
        ("demo_remove", "manage.py"),
    ]
    assert {e.subject for e in _log(empty_store) if e.action.startswith(("deck", "view"))} == {deck.slug}


def test_entries_come_newest_first_and_are_limited(empty_store):
    for n in range(5):
        with empty_store.sessions.begin() as session:
            audit.record(session, "system", "import", f"datei-{n}.csv")
    assert [e.subject for e in audit.entries(empty_store, limit=3)] == ["datei-4.csv", "datei-3.csv", "datei-2.csv"]


# -- the admin page ------------------------------------------------------------


@pytest.fixture
def client(tmp_path, empty_store):
    from app import create_app

    settings = Settings(database_url=f"sqlite:///{tmp_path / 'app.sqlite'}", kreis=KREIS, instance_dir=tmp_path / "i")
    app = create_app(settings, empty_store)
    security.create_user(empty_store, ADMIN, PASSWORD, admin=True)
    security.create_user(empty_store, READER, READER_PASSWORD, admin=False)
    return app.server.test_client()


def test_the_page_lists_entries_for_an_admin(client, empty_store):
    import_bytes(empty_store, fixtures.mean_age().encode(), "durchschnittsalter_2017.csv", SCOPE)
    login(client, ADMIN, PASSWORD)
    assert "/daten/protokoll" in client.get("/daten").get_data(as_text=True)
    response = client.get("/daten/protokoll")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="audit-list"' in page
    assert "durchschnittsalter_2017.csv" in page and "Import" in page and "Benutzer angelegt" in page
    assert page.index("durchschnittsalter_2017.csv") < page.index(READER)  # newest first
    assert PASSWORD not in page and READER_PASSWORD not in page


def test_an_import_through_the_page_names_the_logged_in_admin(client, empty_store):
    login(client, ADMIN, PASSWORD)
    checked = upload(client, fixtures.mean_age().encode(), "alter.csv")
    assert checked.status_code == 200 and [e.action for e in _log(empty_store)].count("import") == 0
    token = TOKEN.search(checked.get_data(as_text=True)).group(1)
    csrf = CSRF.search(checked.get_data(as_text=True)).group(1)
    done = client.post("/daten/importieren", data={"csrf_token": csrf, "upload": token})
    assert done.status_code == 200
    imports = [e for e in _log(empty_store) if e.action == "import"]
    assert [(e.subject, e.actor) for e in imports] == [("alter.csv", ADMIN)]


def test_the_page_refuses_anonymous_visitors(client):
    response = client.get("/daten/protokoll")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/anmelden")


def test_the_page_refuses_a_user_who_is_not_admin(client):
    login(client, READER, READER_PASSWORD)
    assert csrf_of(client)  # logged in: the session has a token
    response = client.get("/daten/protokoll")
    assert response.status_code == 302 and response.headers["Location"].startswith("/anmelden")
    assert READER not in response.get_data(as_text=True)


def test_no_entry_holds_a_password(client, empty_store):
    assert {e.subject for e in _log(empty_store)} == {ADMIN, READER}
    _no_secret(empty_store, PASSWORD, READER_PASSWORD)


def test_every_change_to_a_deck_is_logged_with_its_actor(store):
    deck = decks.create_deck(store, "Schulausschuss März", actor="koordination")
    view = decks.add_view(store, deck.slug, "fruehkindliche-bildung", "betreuungsquote_u3", 2024, actor="koordination")
    decks.add_view(store, deck.slug, "weiterbildung", "vhs_kurse", actor="koordination")
    decks.rename_deck(store, deck.slug, "Schulausschuss April", actor="landrat-buero")
    decks.update_view(store, deck.slug, view.id, "Krippenplätze", "Zahlen vom März", actor="landrat-buero")
    decks.move_view(store, deck.slug, view.id, 1, actor="landrat-buero")
    decks.move_view(store, deck.slug, view.id, 1, actor="landrat-buero")  # already last: nothing changes
    logged = [(e.actor, e.action, e.subject) for e in reversed(audit.entries(store)) if e.subject == deck.slug]
    assert logged == [
        ("koordination", "deck_created", deck.slug),
        ("koordination", "view_added", deck.slug),
        ("koordination", "view_added", deck.slug),
        ("landrat-buero", "deck_renamed", deck.slug),
        ("landrat-buero", "view_edited", deck.slug),
        ("landrat-buero", "view_moved", deck.slug),
    ]
