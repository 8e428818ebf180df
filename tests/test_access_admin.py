"""Marking items internal: the admin page ``/daten/sichtbarkeit``, its audit entries, and ``manage.py``.

Through the Flask test client as a browser would (login, CSRF token from the page), and through
``manage.main`` with the store named in ``DATABASE_URL``.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Iterator

import pytest

import language
import manage
import security
from config import Settings
from data_access import access, audit, catalogue, decks
from data_access.importing import import_bytes
from tests.conftest import KREIS, SCOPE
from tests.fixtures import mean_age
from tests.test_webpages_english import assert_english, assert_german

ADMIN = "amt-admin"
PASSWORD = "richtig-geheim-2024"
VIEWER = "leser"
VIEWER_PASSWORD = "nur-lesen-bitte"
PAGE = "/daten/sichtbarkeit"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
INDICATOR = "betreuungsquote_u3"
DECK = decks.EXAMPLE_SLUG
UNKNOWN_MESSAGE = "Übergangen, weil es sie nicht gibt"


@pytest.fixture(autouse=True)
def german_outside_requests() -> Iterator[None]:
    """A request sets the language of the test's thread; give the next test its German back."""
    with language.use(language.GERMAN):
        yield


@pytest.fixture
def web_app(tmp_path, store):
    from app import create_app

    settings = Settings(database_url=f"sqlite:///{tmp_path / 'app.sqlite'}", kreis=KREIS, instance_dir=tmp_path / "i")
    app = create_app(settings, store)
    security.create_user(store, ADMIN, PASSWORD, admin=True)
    security.create_user(store, VIEWER, VIEWER_PASSWORD, admin=False)
    decks.seed_example(store)
    return app


@pytest.fixture
def client(web_app):
    return web_app.server.test_client()


def csrf_of(client, path: str = "/anmelden") -> str:
    match = CSRF.search(client.get(path).get_data(as_text=True))
    assert match, f"no CSRF field on {path}"
    return match.group(1)


def sign_in(client, name: str, password: str) -> None:
    response = client.post(
        "/anmelden", data={"csrf_token": csrf_of(client), "benutzername": name, "passwort": password}
    )
    assert response.status_code == 302


@pytest.fixture
def admin(client):
    sign_in(client, ADMIN, PASSWORD)
    return client


def save(client, marked: list[str], before: list[str] = (), token: str | None = None, query: str = ""):  # type: ignore[assignment]
    """Post the visibility form as the page would: ticked boxes and what was internal when it was drawn."""
    data: dict[str, object] = {"markiert": list(marked), "bisher": list(before)}
    if token is not False:
        data["csrf_token"] = token or csrf_of(client, PAGE)
    return client.post(PAGE + query, data=data)


def internal(store) -> dict[str, frozenset[str]]:
    marks = access.marks(store)
    return {kind: keys for kind, keys in marks.internal.items() if keys}


def mark_entries(store) -> list[tuple[str, str, str]]:
    return [
        (entry.action, entry.subject, entry.actor)
        for entry in reversed(audit.entries(store))
        if entry.action in ("marked_internal", "marked_public")
    ]


def text_of(response) -> str:
    return html_lib.unescape(response.get_data(as_text=True))


# -- who may -----------------------------------------------------------------------------------


def test_public_reader_is_sent_to_the_login(client, store):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/anmelden?weiter=")
    assert "sichtbarkeit" in response.headers["Location"]
    refused = client.post(PAGE, data={"csrf_token": csrf_of(client), "markiert": [f"indicator:{INDICATOR}"]})
    assert refused.status_code == 403
    assert internal(store) == {}


def test_internal_viewer_gets_no_page_and_changes_nothing(client, store):
    sign_in(client, VIEWER, VIEWER_PASSWORD)
    response = client.get(PAGE)
    assert response.status_code in (302, 403)  # like the data page: to the login, which says admin rights are needed
    if response.status_code == 302:
        assert "Administratorrechte nötig" in text_of(client.get(response.headers["Location"]))
    assert "Markierungen speichern" not in text_of(response)
    refused = save(client, [f"indicator:{INDICATOR}"], token=csrf_of(client))
    assert refused.status_code == 403
    assert internal(store) == {}
    assert mark_entries(store) == []


# -- the page ------------------------------------------------------------------------------------


def test_data_page_links_to_the_visibility_page(admin):
    page = admin.get("/daten").get_data(as_text=True)
    assert f'href="{PAGE}"' in page and "Sichtbarkeit: intern oder öffentlich" in page


def test_page_lists_every_indicator_by_theme_and_the_decks(admin):
    response = admin.get(PAGE)
    page = assert_german(response, '<h1 class="bm-page-title">Sichtbarkeit: intern oder öffentlich</h1>')
    text = html_lib.unescape(page)
    assert "ohne Anmeldung nirgends" in text
    for theme in catalogue.THEMES:
        assert theme.title in text
    for spec in catalogue.INDICATORS:
        assert f'value="indicator:{spec.id}"' in page, spec.id
        assert spec.name in text, spec.name
    assert f'value="deck:{DECK}"' in page and decks.EXAMPLE_NAME in text
    assert "Noch keine importierten Grundreihen." in text  # the demo store has no imported series
    assert 'name="bisher"' not in page  # nothing is internal yet: no box ticked
    assert "checked" not in page
    assert f"0 von {len(catalogue.INDICATORS)} intern" in text


def test_saving_marks_writes_only_what_changed_and_audits_it(admin, store):
    done = save(admin, [f"indicator:{INDICATOR}", f"deck:{DECK}"])
    assert done.status_code == 302 and done.headers["Location"] == PAGE
    page = text_of(admin.get(PAGE))
    assert "2 Markierungen geändert." in page
    assert internal(store) == {access.INDICATOR: frozenset({INDICATOR}), access.DECK: frozenset({DECK})}
    assert mark_entries(store) == [
        ("marked_internal", f"deck {DECK}", ADMIN),
        ("marked_internal", f"indicator {INDICATOR}", ADMIN),
    ]
    # the page shows both ticked; saving it unchanged changes nothing
    assert re.search(rf'value="indicator:{INDICATOR}"\s+checked', page)
    assert f'name="bisher" value="deck:{DECK}"' in page
    save(admin, [f"indicator:{INDICATOR}", f"deck:{DECK}"], [f"indicator:{INDICATOR}", f"deck:{DECK}"])
    assert "Keine Markierung geändert." in text_of(admin.get(PAGE))
    assert len(mark_entries(store)) == 2
    # unticking the indicator makes it public again
    save(admin, [f"deck:{DECK}"], [f"indicator:{INDICATOR}", f"deck:{DECK}"])
    assert "1 Markierung geändert." in text_of(admin.get(PAGE))
    assert internal(store) == {access.DECK: frozenset({DECK})}
    assert mark_entries(store)[-1] == ("marked_public", f"indicator {INDICATOR}", ADMIN)
    # the audit page names the actions and the subject in words
    log = text_of(admin.get("/daten/protokoll"))
    assert "<td>als intern markiert</td>" in log and "<td>wieder öffentlich</td>" in log
    assert f"<td>Indikator {INDICATOR}</td>" in log and f"<td>Sitzungsmappe {DECK}</td>" in log


def test_a_mark_made_meanwhile_by_someone_else_stays(admin, store):
    token = csrf_of(admin, PAGE)  # the page is drawn with nothing internal
    access.set_internal(store, access.DECK, DECK, True, "zweite-admin")
    save(admin, [f"indicator:{INDICATOR}"], [], token=token)
    assert internal(store) == {access.INDICATOR: frozenset({INDICATOR}), access.DECK: frozenset({DECK})}


def test_posting_without_the_csrf_token_changes_nothing(admin, store):
    for token in (False, "falsch"):
        response = save(admin, [f"indicator:{INDICATOR}"], token=token)  # type: ignore[arg-type]
        assert response.status_code == 400
        assert "Anfrage abgelehnt" in text_of(response)
    assert internal(store) == {}
    assert mark_entries(store) == []


def test_a_crafted_form_marks_nothing_that_does_not_exist(admin, store):
    crafted = ["indicator:gibt_es_nicht", "deck:keine-mappe", "series:s-999999", "quatsch:x", "ohne-doppelpunkt", ""]
    response = save(admin, crafted, ["indicator:auch_nicht"])
    assert response.status_code == 302
    page = text_of(admin.get(PAGE))
    assert UNKNOWN_MESSAGE in page and "„indicator:gibt_es_nicht“" in page and "Dafür wurde nichts markiert." in page
    assert "Keine Markierung geändert." in page
    assert internal(store) == {}
    assert mark_entries(store) == []
    # a real item beside the crafted ones is saved
    save(admin, [f"indicator:{INDICATOR}", "indicator:gibt_es_nicht"])
    page = text_of(admin.get(PAGE))
    assert UNKNOWN_MESSAGE in page and "1 Markierung geändert." in page
    assert internal(store) == {access.INDICATOR: frozenset({INDICATOR})}


def test_imported_series_can_be_marked(admin, store):
    import_bytes(store, mean_age().encode(), "alter.csv", SCOPE)
    rows = store.series_rows()
    assert rows
    code = rows[0].code
    page = text_of(admin.get(PAGE))
    assert f'value="series:{code}"' in page and rows[0].table_code in page
    assert "Noch keine importierten Grundreihen." not in page
    save(admin, [f"series:{code}"])
    assert internal(store) == {access.SERIES: frozenset({code})}


def test_a_mark_left_from_a_deleted_deck_can_be_lifted(admin, store):
    access.set_internal(store, access.DECK, DECK, True, ADMIN)
    decks.delete_deck(store, DECK, ADMIN)
    page = text_of(admin.get(PAGE))
    assert "Markierungen ohne Eintrag" in page and f'value="deck:{DECK}"' in page
    save(admin, [f"deck:{DECK}"], [f"deck:{DECK}"])  # kept ticked: no unknown item, nothing changes
    page = text_of(admin.get(PAGE))
    assert UNKNOWN_MESSAGE not in page and "Keine Markierung geändert." in page
    save(admin, [], [f"deck:{DECK}"])
    assert internal(store) == {}
    assert "Markierungen ohne Eintrag" not in text_of(admin.get(PAGE))


def test_english_page_and_messages(admin, store):
    page = assert_english(admin.get(PAGE + "?lang=en"), '<h1 class="bm-page-title">Visibility: internal or public</h1>')
    assert 'action="/daten/sichtbarkeit?lang=en"' in page
    assert "shown nowhere to readers without a sign-in" in page
    assert_english(admin.get("/daten?lang=en"), "Visibility: internal or public")
    done = save(admin, [f"indicator:{INDICATOR}", "indicator:gibt_es_nicht"], query="?lang=en")
    assert done.headers["Location"] == PAGE + "?lang=en"
    page = assert_english(admin.get(done.headers["Location"]), "1 mark changed.")
    assert "Skipped because they do not exist" in page
    log = assert_english(admin.get("/daten/protokoll?lang=en"), "<td>Marked internal</td>")
    assert f"<td>Indicator {INDICATOR}</td>" in log


# -- manage.py -----------------------------------------------------------------------------------


@pytest.fixture
def cli_store(store, monkeypatch):
    """The store as ``manage.py`` finds it: through DATABASE_URL."""
    decks.seed_example(store)
    monkeypatch.setenv("DATABASE_URL", store.engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("BILDUNGSMONITOR_KREIS", KREIS)
    return store


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = manage.main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_manage_set_internal_and_list_internal(cli_store, capsys):
    code, out, _ = run(capsys, "list-internal")
    assert code == 0 and out.startswith("Nichts ist intern markiert")

    code, out, _ = run(capsys, "set-internal", "indikator", INDICATOR)
    name = catalogue.indicator(INDICATOR).name
    assert (
        code == 0 and out == f"Indikator „{INDICATOR}“ ({name}) ist jetzt intern: ohne Anmeldung nirgends sichtbar.\n"
    )
    code, out, _ = run(capsys, "set-internal", "indikator", INDICATOR)
    assert code == 0 and "war schon intern; nichts geändert." in out
    code, out, _ = run(capsys, "set-internal", "mappe", DECK)
    assert code == 0 and f"Sitzungsmappe „{DECK}“ ({decks.EXAMPLE_NAME}) ist jetzt intern" in out
    assert internal(cli_store) == {access.INDICATOR: frozenset({INDICATOR}), access.DECK: frozenset({DECK})}

    code, out, _ = run(capsys, "list-internal")
    assert code == 0 and out.startswith("Intern markiert (2)")
    assert re.search(rf"Indikator\s+{INDICATOR}\s+{re.escape(name)}", out)
    assert re.search(rf"Sitzungsmappe\s+{DECK}\s+{re.escape(decks.EXAMPLE_NAME)}", out)

    code, out, _ = run(capsys, "set-internal", "indikator", INDICATOR, "--public")
    assert code == 0 and out.endswith("ist wieder öffentlich.\n")
    code, out, _ = run(capsys, "set-internal", "indikator", INDICATOR, "--public")
    assert code == 0 and "war schon öffentlich; nichts geändert." in out
    assert internal(cli_store) == {access.DECK: frozenset({DECK})}
    assert mark_entries(cli_store) == [
        ("marked_internal", f"indicator {INDICATOR}", audit.MANAGE),
        ("marked_internal", f"deck {DECK}", audit.MANAGE),
        ("marked_public", f"indicator {INDICATOR}", audit.MANAGE),
    ]


def test_manage_set_internal_refuses_what_does_not_exist(cli_store, capsys):
    for kind, key, word in (
        ("indikator", "gibt_es_nicht", "Indikator"),
        ("reihe", "s-999", "Reihe"),
        ("mappe", "x", "Sitzungsmappe"),
    ):
        code, out, err = run(capsys, "set-internal", kind, key)
        assert code == 2 and out == ""
        assert err.startswith(f"Fehler: {word} „{key}“ gibt es nicht.")
    with pytest.raises(SystemExit):
        manage.main(["set-internal", "tabelle", INDICATOR])
    capsys.readouterr()
    assert internal(cli_store) == {}
    assert mark_entries(cli_store) == []


def test_manage_series_and_a_mark_left_behind(cli_store, capsys):
    import_bytes(cli_store, mean_age().encode(), "alter.csv", SCOPE)
    code = cli_store.series_rows()[0].code
    assert run(capsys, "set-internal", "reihe", code)[0] == 0
    assert internal(cli_store) == {access.SERIES: frozenset({code})}
    run(capsys, "set-internal", "mappe", DECK)
    decks.delete_deck(cli_store, DECK)
    _, out, _ = run(capsys, "list-internal")
    assert re.search(rf"Sitzungsmappe\s+{DECK}\s+\(gibt es nicht mehr\)", out)
    code_, out, _ = run(capsys, "set-internal", "mappe", DECK, "--public")  # a left mark can be lifted
    assert code_ == 0 and "ist wieder öffentlich." in out
    assert run(capsys, "set-internal", "mappe", DECK)[0] == 2  # but not made again


def test_manage_create_user_names_the_role(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite'}")
    monkeypatch.setenv("BILDUNGSMONITOR_PASSWORD", "aus-dem-skript-42")
    code, out, _ = run(capsys, "create-user", "leserin")
    assert code == 0 and out.startswith("Benutzer „leserin“ angelegt: interner Lesezugriff")
    code, out, _ = run(capsys, "create-user", "chefin", "--admin")
    assert code == 0 and out.startswith("Benutzer „chefin“ angelegt: Administrator")
