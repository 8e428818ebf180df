"""The server-rendered pages in English (``?lang=en``): every page, its language switch, no German left over.

German stays the default: the same pages without ``lang`` are German. "No German left over" means
no text of ``webpages.messages`` in its German form (where it differs from the English) shows up
in the page's body.
"""

from __future__ import annotations

import html as html_lib
import io
import re
import string
from collections.abc import Iterator
from urllib.parse import urlencode

import pytest
from openpyxl import load_workbook

import language
import security
from config import Settings
from data_access import decks
from tests.conftest import KREIS
from tests.fixtures import mean_age
from webpages import format_count, format_datetime, messages, messages_en

ADMIN = "amt-admin"
PASSWORD = "richtig-geheim-2024"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
VIEW = {"thema": "weiterbildung", "indikator": "vhs_ustd_je_1000", "jahr": "2020", "gemeinde": "03453005"}
WORKBOOK_PREFIXES = ("HELP_", "SHEET_", "INDICATORS_HEAD")
SWITCH = re.compile(r"<a [^>]*id=\"bm-language-switch\"[^>]*>([^<]*)</a>")


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
    decks.seed_example(store)
    return app


@pytest.fixture
def client(web_app):
    return web_app.server.test_client()


@pytest.fixture
def admin(client):
    response = client.post(
        "/anmelden?lang=en",
        data={"csrf_token": csrf_of(client), "benutzername": ADMIN, "passwort": PASSWORD},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/daten?lang=en"  # the language stays after the login
    return client


def csrf_of(client, path: str = "/anmelden") -> str:
    match = CSRF.search(client.get(path).get_data(as_text=True))
    assert match, f"no CSRF field on {path}"
    return match.group(1)


# -- what counts as German ------------------------------------------------------------------


def _pairs(german: object, english: object) -> Iterator[tuple[str, str]]:
    """(German, English) for every text of one message: a string, or the items of a dict or tuple."""
    if isinstance(german, str):
        yield german, english if isinstance(english, str) else ""
    elif isinstance(german, dict):
        for key, value in german.items():
            yield from _pairs(value, english.get(key) if isinstance(english, dict) else None)
    elif isinstance(german, tuple):
        for i, value in enumerate(german):
            other = english[i] if isinstance(english, tuple) and i < len(english) else None
            yield from _pairs(value, other)


def _names() -> list[str]:
    return [name for name in vars(messages) if name[:1].isupper() and name.isupper()]


def german_patterns() -> list[re.Pattern[str]]:
    """Every German text of the catalogue that must not appear in an English page.

    A text with placeholders counts by its fixed parts; only parts longer than 3 characters that
    no English text contains ("Demodaten" is part of the English demo label, on purpose). A part
    that begins or ends with a letter must stand as a word there ("Daten" is not in "Demodaten").
    """
    entries: list[tuple[str, str]] = []
    for name in _names():
        if name.startswith(WORKBOOK_PREFIXES):  # the Excel template's texts; a file's own title may say "Stichtag"
            continue
        with language.use(language.GERMAN):
            german = getattr(messages, name)
        with language.use(language.ENGLISH):
            english = getattr(messages, name)
        entries += list(_pairs(german, english))
    all_english = "\n".join(en for _, en in entries)
    patterns: dict[str, re.Pattern[str]] = {}
    for de, en in entries:
        if de == en:
            continue
        for part in re.split(r"\{[^}]*\}", de):
            part = part.strip()
            if len(part) <= 3 or part in en:
                continue
            before = r"(?<!\w)" if part[0].isalnum() else ""
            after = r"(?!\w)" if part[-1].isalnum() else ""
            pattern = re.compile(before + re.escape(part) + after)
            if not pattern.search(all_english):
                patterns[part] = pattern
    return list(patterns.values())


# What users wrote (the example deck) is German on an English page, rightly.
USER_TEXTS = (decks.EXAMPLE_NAME, *(view[3] for view in decks.EXAMPLE_VIEWS if view[3]), *decks.EXAMPLE_NOTES)


def body_of(page: str) -> str:
    body = html_lib.unescape(page.split("<body", 1)[1])
    for text in USER_TEXTS:
        body = body.replace(text, " ")
    return body


def assert_english(response, heading: str, status: int = 200) -> str:
    page = response.get_data(as_text=True)
    assert response.status_code == status, page[:500]
    assert '<html lang="en">' in page
    switch = SWITCH.search(page)
    assert switch and switch.group(1) == "Deutsch"
    assert 'hreflang="de"' in switch.group(0) and 'lang="de"' in switch.group(0)
    assert 'class="bm-language-switch"' in switch.group(0)
    assert heading in page
    body = body_of(page)
    left = sorted({p.pattern for p in german_patterns() if p.search(body)})
    assert not left, f"German texts in the English page: {left}: " + " | ".join(
        body[max(0, m.start() - 80) : m.end() + 80] for p in german_patterns() if (m := p.search(body))
    )
    return page


def assert_german(response, heading: str, status: int = 200) -> str:
    page = response.get_data(as_text=True)
    assert response.status_code == status
    assert '<html lang="de">' in page
    switch = SWITCH.search(page)
    assert switch and switch.group(1) == "English"
    assert 'hreflang="en"' in switch.group(0) and 'lang="en"' in switch.group(0)
    assert heading in page
    return page


def switch_href(page: str) -> str:
    match = SWITCH.search(page)
    assert match
    href = re.search(r'href="([^"]*)"', match.group(0))
    assert href
    return html_lib.unescape(href.group(1))


# -- the catalogue ------------------------------------------------------------------------------


def test_every_message_has_its_english_with_the_same_placeholders():
    formatter = string.Formatter()

    def fields(text: str) -> set[str]:
        return {field for _, field, _, _ in formatter.parse(text) if field is not None}

    for name in _names():
        german, english = vars(messages)[name], getattr(messages_en, name, None)
        assert english is not None, f"{name} has no English"
        assert type(english) is type(german), name
        for de, en in _pairs(german, english):
            assert en, f"{name}: {de!r} has no English"
            assert fields(de) == fields(en), name
    assert not [n for n in vars(messages_en) if n.isupper() and n not in vars(messages)]


def test_the_catalogue_answers_in_the_request_language():
    assert messages.LOGIN_TITLE == "Anmelden"
    with language.use("en"):
        assert messages.LOGIN_TITLE == "Sign in"
        assert messages.LOGOUT == "Sign out"
        assert "Demodaten (synthetisch)" in messages.DEMO_LABEL


def test_numbers_and_times_follow_the_language():
    import datetime as dt

    moment = dt.datetime(2024, 3, 1, 14, 5)
    assert format_count(12345) == "12.345" and format_datetime(moment) == "01.03.2024 14:05"
    with language.use("en"):
        assert format_count(12345) == "12,345" and format_datetime(moment) == "1 March 2024, 14:05"
    assert format_count(None) == "–"


# -- every page in both languages ------------------------------------------------------------


def test_login_page(client):
    page = assert_german(client.get("/anmelden"), '<h1 class="bm-page-title">Anmelden</h1>')
    assert switch_href(page) == "/anmelden?lang=en"
    page = assert_english(client.get("/anmelden?lang=en"), '<h1 class="bm-page-title">Sign in</h1>')
    assert switch_href(page) == "/anmelden"
    assert 'action="/anmelden?lang=en"' in page  # the form posts in English
    assert '<a href="/?lang=en">To the explorer</a>' in page
    assert 'href="/sitzungsmappen?lang=en">Meeting decks</a>' in page


def test_login_page_keeps_its_target_in_both_languages(client):
    page = client.get("/anmelden?weiter=/daten&lang=en").get_data(as_text=True)
    assert switch_href(page) == "/anmelden?weiter=%2Fdaten"


def test_failed_login_answers_in_english(client):
    response = client.post(
        "/anmelden?lang=en",
        data={"csrf_token": csrf_of(client), "benutzername": ADMIN, "passwort": "falsch-falsch-falsch"},
    )
    page = assert_english(response, "The user name or the password is wrong.")
    assert switch_href(page) == "/anmelden"  # a POST page switches to the form's own page


def test_data_page(admin):
    assert_german(admin.get("/daten"), '<h1 class="bm-page-title">Daten importieren</h1>')
    page = assert_english(admin.get("/daten?lang=en"), '<h1 class="bm-page-title">Import data</h1>')
    assert "Demodaten (synthetisch) – synthetic demo data" in page
    assert ">Sign out</button>" in page and f"Signed in as {ADMIN}" in page
    assert 'action="/daten/pruefen?lang=en"' in page and 'action="/abmelden?lang=en"' in page
    assert 'href="/daten/vorlage.xlsx?lang=en"' in page
    assert switch_href(page) == "/daten"


def test_audit_page(admin):
    assert_german(admin.get("/daten/protokoll"), '<h1 class="bm-page-title">Protokoll</h1>')
    page = assert_english(admin.get("/daten/protokoll?lang=en"), '<h1 class="bm-page-title">Audit log</h1>')
    assert "<td>User created</td>" in page and "<td>Meeting deck created</td>" in page
    # what was recorded in German reads in English too; the German page shows it as recorded
    assert "<td>with administrator rights</td>" in page and "<td>District 03453</td>" in page
    assert re.search(r"<td>[\d,]+ demo values written\.</td>", page)
    assert "<td>“Beispiel: Schulausschuss”</td>" in page
    assert "<td>mit Administratorrechten</td>" in admin.get("/daten/protokoll").get_data(as_text=True)
    assert re.search(r'<td class="text-nowrap">\d{1,2} [A-Z][a-z]+ \d{4}, \d\d:\d\d</td>', page)


def test_check_and_import_pages(admin):
    token = csrf_of(admin, "/daten?lang=en")
    response = admin.post(
        "/daten/pruefen?lang=en",
        data={"csrf_token": token, "datei": (io.BytesIO(mean_age().encode()), "durchschnittsalter.csv")},
        content_type="multipart/form-data",
    )
    page = assert_english(response, '<h1 class="bm-page-title">Check: durchschnittsalter.csv</h1>')
    assert "Dry run" in page and "48 new" in page and "0 changed" in page
    assert "GENESIS table (CSV)" in page and "10 October 2017, 11:06" in page
    assert "“-” (nothing there)" in page
    assert ">Import</button>" in page and ">Cancel</button>" in page
    assert switch_href(page) == "/daten"
    upload = re.search(r'name="upload" value="([^"]+)"', page)
    assert upload
    done = admin.post("/daten/importieren?lang=en", data={"csrf_token": token, "upload": upload.group(1)})
    page = assert_english(done, '<h1 class="bm-page-title">Imported: durchschnittsalter.csv</h1>')
    assert "“durchschnittsalter.csv” has been imported." in page


def test_cancel_keeps_the_language(admin):
    token = csrf_of(admin, "/daten?lang=en")
    response = admin.post(
        "/daten/pruefen?lang=en",
        data={"csrf_token": token, "datei": (io.BytesIO(mean_age().encode()), "durchschnittsalter.csv")},
        content_type="multipart/form-data",
    )
    upload = re.search(r'name="upload" value="([^"]+)"', response.get_data(as_text=True))
    assert upload
    cancelled = admin.post("/daten/abbrechen?lang=en", data={"csrf_token": token, "upload": upload.group(1)})
    assert cancelled.status_code == 302 and cancelled.headers["Location"] == "/daten?lang=en"
    page = assert_english(admin.get(cancelled.headers["Location"]), "Import data")
    assert "Cancelled: “durchschnittsalter.csv” was discarded" in page


def test_deck_list(client):
    assert_german(client.get("/sitzungsmappen"), '<h1 class="bm-page-title">Sitzungsmappen</h1>')
    page = assert_english(client.get("/sitzungsmappen?lang=en"), '<h1 class="bm-page-title">Meeting decks</h1>')
    assert 'href="/praesentation/beispiel?lang=en">Present<' in page
    assert 'href="/export/sitzungsmappe/beispiel.pdf?lang=en">PDF<' in page
    assert 'href="/sitzungsmappen/beispiel?lang=en">Edit<' in page
    assert "Sign in to make changes" in page
    assert re.search(r'<td class="text-nowrap">\d{1,2} [A-Z][a-z]+ \d{4}, \d\d:\d\d</td>', page)
    assert switch_href(page) == "/sitzungsmappen"


def test_deck_page(client):
    assert_german(client.get("/sitzungsmappen/beispiel"), "Ansichten in der Reihenfolge der Präsentation")
    page = assert_english(client.get("/sitzungsmappen/beispiel?lang=en"), "Views in the order of the presentation")
    assert "3 views · last changed" in page and "latest year" in page and "Highlighted municipality" in page
    assert 'href="/fruehkindliche-bildung?indikator=betreuungsquote_u3&amp;lang=en">Open in the explorer<' in page
    assert switch_href(page) == "/sitzungsmappen/beispiel"


def test_deck_page_with_its_forms(admin):
    page = assert_english(admin.get("/sitzungsmappen/beispiel?lang=en"), '<h2 id="rename-heading" class="h6">Rename')
    assert "Yes, delete “Beispiel: Schulausschuss” with all its 3 views for good." in page
    assert 'action="/sitzungsmappen/beispiel/umbenennen?lang=en"' in page
    assert "The address (<code>beispiel</code>) stays the same" in page


def test_add_page(admin):
    query = urlencode(VIEW)
    assert_german(admin.get(f"/sitzungsmappen/neu?{query}"), "Ansicht in eine Sitzungsmappe aufnehmen")
    page = assert_english(admin.get(f"/sitzungsmappen/neu?{query}&lang=en"), "Add a view to a meeting deck")
    assert (
        "Beispiel: Schulausschuss (3 views)" in page and 'placeholder="only with “Create a new meeting deck”"' in page
    )
    assert 'action="/sitzungsmappen/neu?lang=en"' in page
    assert switch_href(page) == f"/sitzungsmappen/neu?{query}"


def test_add_page_refusal_and_success_stay_english(admin):
    token = csrf_of(admin, "/sitzungsmappen?lang=en")
    refused = admin.post("/sitzungsmappen/neu?lang=en", data={"csrf_token": token, **VIEW, "jahr": "20x0"})
    page = assert_english(refused, "The year “20x0” is invalid", 400)
    assert "Nothing was saved." in page
    assert switch_href(page) == "/sitzungsmappen/neu?" + urlencode({**VIEW, "jahr": "20x0"})
    added = admin.post("/sitzungsmappen/neu?lang=en", data={"csrf_token": token, **VIEW, "mappe": "beispiel"})
    assert added.status_code == 302 and added.headers["Location"] == "/sitzungsmappen/beispiel?lang=en"
    assert "View added." in admin.get(added.headers["Location"]).get_data(as_text=True)


def test_add_page_without_a_view(admin):
    page = assert_english(admin.get("/sitzungsmappen/neu?lang=en"), "Add a view to a meeting deck", 400)
    assert "No theme is given." in page
    assert 'the theme pages of the <a href="/?lang=en">explorer</a>' in page


def test_unknown_deck(client):
    assert_german(client.get("/sitzungsmappen/gibt-es-nicht"), "Nicht gefunden", 404)
    page = assert_english(client.get("/sitzungsmappen/gibt-es-nicht?lang=en"), "Not found", 404)
    assert "The meeting deck “gibt-es-nicht” does not exist (any more)." in page


def test_csrf_failure_on_the_data_pages(admin):
    response = admin.post("/daten/pruefen?lang=en", data={"csrf_token": "falsch"})
    page = assert_english(response, '<h1 class="bm-page-title">Request refused</h1>', 400)
    assert "security check failed" in page
    assert_german(admin.post("/daten/pruefen", data={"csrf_token": "falsch"}), "Anfrage abgelehnt", 400)


def test_csrf_failure_on_the_deck_pages(admin):
    response = admin.post("/sitzungsmappen?lang=en", data={"csrf_token": "falsch", "name": "X"})
    page = assert_english(response, '<h1 class="bm-page-title">Request refused</h1>', 400)
    assert switch_href(page) == "/sitzungsmappen"


def test_anonymous_change_is_refused_in_english(client):
    response = client.post("/sitzungsmappen/beispiel/loeschen?lang=en", data={"bestaetigt": "ja"})
    assert_english(response, "Changing meeting decks needs a sign-in.", 403)


def test_a_reader_without_admin_rights_is_told_in_english(client, store):
    security.create_user(store, "leser", "nur-lesen-bitte", admin=False)
    client.post(
        "/anmelden", data={"csrf_token": csrf_of(client), "benutzername": "leser", "passwort": "nur-lesen-bitte"}
    )
    redirect = client.get("/daten?lang=en")
    assert redirect.status_code == 302 and "lang=en" in redirect.headers["Location"]
    assert_english(client.get(redirect.headers["Location"]), "the data page needs administrator rights")
    refused = client.post("/daten/pruefen?lang=en", data={"csrf_token": csrf_of(client)})
    assert_english(refused, "This action needs a sign-in with administrator rights.", 403)


def test_logout_keeps_the_language(admin):
    response = admin.post("/abmelden?lang=en", data={"csrf_token": csrf_of(admin, "/daten?lang=en")})
    assert response.status_code == 302 and response.headers["Location"] == "/anmelden?lang=en"
    assert_english(admin.get(response.headers["Location"]), "You have signed out.")


def test_excel_template_in_english(client):
    book = load_workbook(io.BytesIO(client.get("/daten/vorlage.xlsx?lang=en").get_data()))
    assert book.sheetnames == ["Daten", "Explanation", "Indicators"]  # "Daten" is what the importer reads
    assert book["Explanation"]["A1"].value == "Column"
    german = load_workbook(io.BytesIO(client.get("/daten/vorlage.xlsx").get_data()))
    assert german.sheetnames == ["Daten", "Erläuterung", "Indikatoren"]
