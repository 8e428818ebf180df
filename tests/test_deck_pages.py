"""The Sitzungsmappen pages through the Flask test client: open reading, logged-in changes, CSRF, bad input."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest

import security
from config import Settings
from data_access import decks
from tests.conftest import KREIS

USER = "ratsmitglied"  # no admin: every logged-in user may change decks
PASSWORD = "sitzung-vorbereiten-1"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
VIEW = {"thema": "weiterbildung", "indikator": "vhs_ustd_je_1000", "jahr": "2020", "gemeinde": "03453005"}


@pytest.fixture
def web_app(tmp_path, store):
    from app import create_app

    settings = Settings(database_url=f"sqlite:///{tmp_path / 'app.sqlite'}", kreis=KREIS, instance_dir=tmp_path / "i")
    app = create_app(settings, store)
    security.create_user(store, USER, PASSWORD, admin=False)
    decks.seed_example(store)
    return app


@pytest.fixture
def client(web_app):
    return web_app.server.test_client()


@pytest.fixture
def member(client):
    """A client logged in as a user without admin rights."""
    response = client.post(
        "/anmelden", data={"csrf_token": csrf_of(client), "benutzername": USER, "passwort": PASSWORD}
    )
    assert response.status_code == 302
    return client


def csrf_of(client, path: str = "/anmelden") -> str:
    match = CSRF.search(client.get(path).get_data(as_text=True))
    assert match, f"no CSRF field on {path}"
    return match.group(1)


def post(client, path: str, token: str | None = None, **data: str):
    """A form POST with the session's CSRF token (taken from the deck list unless given)."""
    token = csrf_of(client, "/sitzungsmappen") if token is None else token
    return client.post(path, data={"csrf_token": token, **data})


def snapshot(store) -> list[tuple]:
    """Everything a deck page shows, to prove that a refused request changed nothing."""
    return [(d.slug, d.name, d.views) for d in decks.list_decks(store)]


def text(response) -> str:
    return response.get_data(as_text=True)


def example(store) -> decks.DeckSpec:
    deck = decks.get_deck(store, decks.EXAMPLE_SLUG)
    assert deck is not None
    return deck


# -- reading ------------------------------------------------------------------------


def test_list_page_is_open_and_links_every_use(client):
    response = client.get("/sitzungsmappen")
    html = text(response)
    assert response.status_code == 200
    assert '<html lang="de">' in html and '<h1 class="bm-page-title">Sitzungsmappen</h1>' in html
    assert "Beispiel: Schulausschuss" in html
    assert '<td class="text-end">3</td>' in html
    assert re.search(r'<td class="text-nowrap">\d\d\.\d\d\.\d{4} \d\d:\d\d</td>', html)
    for link in (
        'href="/praesentation/beispiel">Präsentieren<',
        'href="/export/sitzungsmappe/beispiel.pdf">PDF<',
        'href="/export/sitzungsmappe/beispiel.pptx">PowerPoint<',
        'href="/sitzungsmappen/beispiel">Bearbeiten<',
    ):
        assert link in html
    assert "Anmelden, um zu ändern" in html and "/anmelden?weiter=/sitzungsmappen" in html
    assert 'name="name"' not in html  # no create form for anonymous readers
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert "no-store" in response.headers["Cache-Control"]


def test_deck_page_shows_the_views_in_order_with_names_and_explorer_links(client, store):
    response = client.get("/sitzungsmappen/beispiel")
    html = text(response)
    assert response.status_code == 200
    positions = [html.index(f'id="ansicht-{v.id}"') for v in example(store).views]
    assert positions == sorted(positions)
    for shown in (
        "Frühkindliche Bildung",
        "Betreuungsquote unter 3 Jahren",
        "Allgemeinbildende Schulen",
        "neuestes Jahr",
        "Kita-Plätze für die Kleinsten",
        "Bedarf im Norden des Kreises ansprechen.",
    ):
        assert shown in html
    assert 'href="/fruehkindliche-bildung?indikator=betreuungsquote_u3"' in html  # no empty jahr= or gemeinde=
    assert "gemeinde=03453" in html
    assert "Anmelden, um zu ändern" in html and "/anmelden?weiter=/sitzungsmappen/beispiel" in html
    assert "<form" not in html.split("</header>")[1]  # nothing to change for anonymous readers


def test_deck_page_names_the_highlighted_gemeinde(client, store):
    deck = decks.create_deck(store, "Kreistag")
    decks.add_view(store, deck.slug, "weiterbildung", "vhs_ustd_je_1000", 2021, "03453011")
    html = text(client.get("/sitzungsmappen/kreistag"))
    assert "Löningen" in html and "2021" in html and "Weiterbildung" in html
    assert 'href="/weiterbildung?indikator=vhs_ustd_je_1000&amp;jahr=2021&amp;gemeinde=03453011"' in html


@pytest.mark.parametrize("slug", ["gibt-es-nicht", "GROSS", "x" * 70])
def test_unknown_deck_is_a_german_404(client, slug):
    response = client.get(f"/sitzungsmappen/{slug}")
    assert response.status_code == 404
    assert "Nicht gefunden" in text(response) and "gibt es nicht (mehr)" in text(response)


def test_unknown_deck_on_post_is_404_and_changes_nothing(member, store):
    before = snapshot(store)
    assert post(member, "/sitzungsmappen/gibt-es-nicht/umbenennen", name="X").status_code == 404
    assert post(member, "/sitzungsmappen/gibt-es-nicht/loeschen", bestaetigt="ja").status_code == 404
    assert snapshot(store) == before


def test_navigation_of_the_server_pages_links_the_decks(client):
    assert 'href="/sitzungsmappen">Sitzungsmappen</a>' in text(client.get("/anmelden"))


# -- who may change -------------------------------------------------------------------


def test_anonymous_add_form_goes_to_the_login_and_back(client):
    response = client.get("/sitzungsmappen/neu?" + urlencode(VIEW))
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith("/anmelden?weiter=/sitzungsmappen/neu")
    login = client.post(
        "/anmelden",
        data={
            "csrf_token": csrf_of(client),
            "benutzername": USER,
            "passwort": PASSWORD,
            "weiter": "/sitzungsmappen/neu?" + urlencode(VIEW),
        },
    )
    assert login.headers["Location"] == "/sitzungsmappen/neu?" + urlencode(VIEW)
    assert client.get(login.headers["Location"]).status_code == 200


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/sitzungsmappen", {"name": "Kreistag"}),
        ("/sitzungsmappen/neu", {**VIEW, "mappe": "beispiel"}),
        ("/sitzungsmappen/beispiel/umbenennen", {"name": "Gekapert"}),
        ("/sitzungsmappen/beispiel/loeschen", {"bestaetigt": "ja"}),
        ("/sitzungsmappen/beispiel/ansichten/{view}/nach-unten", {}),
        ("/sitzungsmappen/beispiel/ansichten/{view}/entfernen", {}),
        ("/sitzungsmappen/beispiel/ansichten/{view}/bearbeiten", {"ueberschrift": "x", "notiz": "y"}),
    ],
)
def test_anonymous_post_is_refused_and_nothing_is_written(client, store, path, data):
    before = snapshot(store)
    token = csrf_of(client)  # a valid token of the anonymous session: only the missing login refuses
    response = post(client, path.format(view=example(store).views[0].id), token=token, **data)
    assert response.status_code == 403
    assert "Zum Ändern der Sitzungsmappen ist eine Anmeldung nötig." in text(response)
    assert snapshot(store) == before


@pytest.mark.parametrize("token", ["", "falsch"])
def test_post_without_the_csrf_token_is_refused(member, store, token):
    before = snapshot(store)
    response = post(member, "/sitzungsmappen/neu", token=token, **VIEW, mappe="beispiel")
    assert response.status_code == 400
    assert "Sicherheitsprüfung fehlgeschlagen" in text(response)
    assert post(member, "/sitzungsmappen", token=token, name="Kreistag").status_code == 400
    assert snapshot(store) == before


# -- adding a view from the explorer ----------------------------------------------------


def test_add_form_shows_what_will_be_stored(member):
    response = member.get("/sitzungsmappen/neu?" + urlencode(VIEW))
    html = text(response)
    assert response.status_code == 200
    for shown in ("Weiterbildung", "VHS-Unterrichtsstunden je 1 000 Einwohner", "2020", "Emstek"):
        assert shown in html
    assert '<option value="beispiel" selected>Beispiel: Schulausschuss (3 Ansichten)</option>' in html
    assert 'name="neue_mappe"' in html and 'name="ueberschrift"' in html and 'name="notiz"' in html


def test_add_to_a_new_deck(member, store):
    response = post(
        member,
        "/sitzungsmappen/neu",
        **VIEW,
        mappe="",
        neue_mappe="Schulausschuss März",
        ueberschrift="VHS in Emstek",
        notiz="Zahlen von 2020.",
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/sitzungsmappen/schulausschuss-maerz"
    page = member.get(response.headers["Location"])
    assert "Ansicht aufgenommen" in text(page) and "VHS in Emstek" in text(page)
    deck = decks.get_deck(store, "schulausschuss-maerz")
    assert deck is not None and deck.name == "Schulausschuss März"
    (view,) = deck.views
    assert (view.theme, view.indicator, view.year, view.gemeinde) == (
        "weiterbildung",
        "vhs_ustd_je_1000",
        2020,
        "03453005",
    )
    assert (view.heading, view.note) == ("VHS in Emstek", "Zahlen von 2020.")


def test_add_to_an_existing_deck_with_latest_year_and_no_gemeinde(member, store):
    response = post(
        member, "/sitzungsmappen/neu", thema="weiterbildung", indikator="vhs_ustd_je_1000", mappe="beispiel"
    )
    assert response.status_code == 302 and response.headers["Location"] == "/sitzungsmappen/beispiel"
    views = example(store).views
    assert len(views) == 4
    assert (views[-1].indicator, views[-1].year, views[-1].gemeinde, views[-1].position) == (
        "vhs_ustd_je_1000",
        None,
        None,
        4,
    )


def test_missing_indicator_means_the_theme_pages_default(member, store):
    response = post(member, "/sitzungsmappen/neu", thema="fruehkindliche-bildung", mappe="beispiel")
    assert response.status_code == 302
    from layouts.fruehkindliche_bildung import PAGE

    assert example(store).views[-1].indicator == PAGE.default_indicator


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"thema": "gibt-es-nicht"}, "Das Thema „gibt-es-nicht“ gibt es nicht."),
        ({"thema": ""}, "Es ist kein Thema angegeben."),
        ({"indikator": "erfunden"}, "Den Indikator „erfunden“ gibt es nicht."),
        ({"jahr": "zwanzig"}, "Das Jahr „zwanzig“ ist ungültig: erwartet wird eine Jahreszahl von 1900 bis 2200"),
        ({"jahr": "1850"}, "Das Jahr „1850“ ist ungültig"),
        ({"jahr": "99999"}, "Das Jahr „99999“ ist ungültig"),
        ({"gemeinde": "03459001"}, "Die Gemeinde „03459001“ gehört nicht zum Landkreis Cloppenburg."),
    ],
)
def test_bad_view_is_refused_with_a_german_message_and_nothing_is_written(member, store, change, message):
    before = snapshot(store)
    values = {**VIEW, **change}
    shown = member.get("/sitzungsmappen/neu?" + urlencode(values))
    assert shown.status_code == 400 and message in text(shown)
    assert "In die Sitzungsmappe aufnehmen" not in text(shown)  # a view that cannot be stored offers no button
    response = post(member, "/sitzungsmappen/neu", **values, mappe="", neue_mappe="Neue Mappe")
    assert response.status_code == 400
    assert message in text(response) and "Es wurde nichts gespeichert." in text(response)
    assert snapshot(store) == before


def test_several_problems_are_all_named(member):
    html = text(member.get("/sitzungsmappen/neu?thema=x&indikator=y&jahr=1&gemeinde=z"))
    for part in ("Thema „x“", "Indikator „y“", "Jahr „1“", "Gemeinde „z“"):
        assert part in html


@pytest.mark.parametrize(
    ("form", "message"),
    [
        (
            {"mappe": "", "neue_mappe": ""},
            "Bitte eine vorhandene Sitzungsmappe wählen oder einen Namen für eine neue eingeben.",
        ),
        ({"mappe": "beispiel", "neue_mappe": "Kreistag"}, "nicht beides"),
        ({"mappe": "gibt-es-nicht", "neue_mappe": ""}, "Die Sitzungsmappe „gibt-es-nicht“ gibt es nicht (mehr)."),
        (
            {"mappe": "", "neue_mappe": "Beispiel: Schulausschuss"},
            "Eine Sitzungsmappe „Beispiel: Schulausschuss“ gibt es schon.",
        ),
        ({"mappe": "", "neue_mappe": "Kreistag", "ueberschrift": "x" * 201}, "Die Überschrift ist zu lang"),
        ({"mappe": "beispiel", "notiz": "x" * 4001}, "Die Notiz ist zu lang"),
    ],
)
def test_bad_deck_choice_shows_the_form_again_and_writes_nothing(member, store, form, message):
    before = snapshot(store)
    response = post(member, "/sitzungsmappen/neu", **VIEW, **form)
    assert response.status_code == 400
    html = text(response)
    assert message in html
    assert "In die Sitzungsmappe aufnehmen" in html and "Emstek" in html  # the form again, with the view
    assert snapshot(store) == before  # also no empty "Kreistag" left behind by a refused view


# -- changing a deck ------------------------------------------------------------------------


def test_logged_in_user_sees_the_forms(member, store):
    html = text(member.get("/sitzungsmappen/beispiel"))
    first, *_, last = example(store).views
    assert "Anmelden, um zu ändern" not in html
    assert f'action="/sitzungsmappen/beispiel/ansichten/{first.id}/nach-oben"' in html
    assert f'action="/sitzungsmappen/beispiel/ansichten/{first.id}/entfernen"' in html
    assert 'name="ueberschrift"' in html and 'name="notiz"' in html
    assert 'action="/sitzungsmappen/beispiel/umbenennen"' in html
    assert 'name="bestaetigt" value="ja" required' in html
    for view, direction, label in ((first, "nach-oben", "nach oben"), (last, "nach-unten", "nach unten")):
        form = rf'{view.id}/{direction}" class="m-0">\s*<input[^>]+>\s*<button[^>]+ disabled>{label}'
        assert re.search(form, html), f"{label} of view {view.id} should be disabled"
    assert html.count(" disabled>") == 2  # only the first up and the last down


def test_create_an_empty_deck_from_the_list(member, store):
    response = post(member, "/sitzungsmappen", name="Kreistag Juni")
    assert response.status_code == 302 and response.headers["Location"] == "/sitzungsmappen/kreistag-juni"
    assert "Sitzungsmappe „Kreistag Juni“ angelegt." in text(member.get(response.headers["Location"]))
    deck = decks.get_deck(store, "kreistag-juni")
    assert deck is not None and deck.views == ()


def test_create_with_a_bad_name_shows_the_list_again(member, store):
    before = snapshot(store)
    response = post(member, "/sitzungsmappen", name="   ")
    assert response.status_code == 400
    assert "Bitte einen Namen für die Sitzungsmappe angeben." in text(response)
    assert snapshot(store) == before


def test_a_deck_named_neu_does_not_hide_behind_the_add_form(member, store):
    response = post(member, "/sitzungsmappen", name="Neu")
    assert response.headers["Location"] == "/sitzungsmappen/neu-2"
    assert '<h1 class="bm-page-title">Neu</h1>' in text(member.get("/sitzungsmappen/neu-2"))


def test_reorder(member, store):
    first, second, third = (v.id for v in example(store).views)
    response = post(member, f"/sitzungsmappen/beispiel/ansichten/{first}/nach-unten")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/sitzungsmappen/beispiel#ansicht-{first}"
    assert [v.id for v in example(store).views] == [second, first, third]
    post(member, f"/sitzungsmappen/beispiel/ansichten/{third}/nach-oben")
    assert [v.id for v in example(store).views] == [second, third, first]
    post(member, f"/sitzungsmappen/beispiel/ansichten/{second}/nach-oben")  # already first: stays
    assert [v.id for v in example(store).views] == [second, third, first]
    assert "Ansicht verschoben." in text(member.get("/sitzungsmappen/beispiel"))


def test_edit_heading_and_note(member, store):
    view = example(store).views[2]
    response = post(
        member,
        f"/sitzungsmappen/beispiel/ansichten/{view.id}/bearbeiten",
        ueberschrift="Ausländeranteil 2024",
        notiz="Kurz halten.",
    )
    assert response.status_code == 302
    changed = example(store).views[2]
    assert (changed.heading, changed.note) == ("Ausländeranteil 2024", "Kurz halten.")


def test_too_long_heading_is_refused_on_the_deck_page(member, store):
    before = snapshot(store)
    view = example(store).views[0]
    response = post(
        member, f"/sitzungsmappen/beispiel/ansichten/{view.id}/bearbeiten", ueberschrift="x" * 201, notiz=""
    )
    assert response.status_code == 400
    assert "Die Überschrift ist zu lang: höchstens 200 Zeichen (hier 201)." in text(response)
    assert snapshot(store) == before


def test_a_view_of_another_deck_is_refused(member, store):
    other = decks.create_deck(store, "Kreistag")
    foreign = decks.add_view(store, other.slug, "weiterbildung", "vhs_ustd_je_1000")
    before = snapshot(store)
    response = post(member, f"/sitzungsmappen/beispiel/ansichten/{foreign.id}/entfernen")
    assert response.status_code == 400 and "gehört nicht (mehr) zur Sitzungsmappe" in text(response)
    assert snapshot(store) == before


def test_remove_a_view(member, store):
    first, second, third = (v.id for v in example(store).views)
    assert post(member, f"/sitzungsmappen/beispiel/ansichten/{second}/entfernen").status_code == 302
    views = example(store).views
    assert [v.id for v in views] == [first, third] and [v.position for v in views] == [1, 2]
    assert "Ansicht entfernt." in text(member.get("/sitzungsmappen/beispiel"))


def test_rename_keeps_the_address(member, store):
    response = post(member, "/sitzungsmappen/beispiel/umbenennen", name="Schulausschuss  März")
    assert response.status_code == 302 and response.headers["Location"] == "/sitzungsmappen/beispiel"
    assert example(store).name == "Schulausschuss März"
    assert "Sitzungsmappe umbenannt in „Schulausschuss März“." in text(member.get("/sitzungsmappen/beispiel"))


def test_rename_to_a_taken_name_is_refused(member, store):
    decks.create_deck(store, "Kreistag")
    before = snapshot(store)
    response = post(member, "/sitzungsmappen/beispiel/umbenennen", name="kreistag")
    assert response.status_code == 400 and "Eine Sitzungsmappe „kreistag“ gibt es schon." in text(response)
    assert snapshot(store) == before


def test_delete_needs_the_confirmation(member, store):
    before = snapshot(store)
    response = post(member, "/sitzungsmappen/beispiel/loeschen")
    assert response.status_code == 400
    assert "Bitte bestätigen, dass die Sitzungsmappe gelöscht werden soll." in text(response)
    assert snapshot(store) == before
    response = post(member, "/sitzungsmappen/beispiel/loeschen", bestaetigt="ja")
    assert response.status_code == 302 and response.headers["Location"] == "/sitzungsmappen"
    assert decks.get_deck(store, "beispiel") is None
    assert "Sitzungsmappe „Beispiel: Schulausschuss“ gelöscht." in text(member.get("/sitzungsmappen"))
    assert member.get("/sitzungsmappen/beispiel").status_code == 404


def test_deck_names_and_notes_are_escaped(member, store):
    name = '<script>alert("x")</script>'
    assert post(member, "/sitzungsmappen", name=name).status_code == 302
    deck = next(d for d in decks.list_decks(store) if d.name == name)
    post(member, "/sitzungsmappen/neu", **VIEW, mappe=deck.slug, notiz="<b>fett</b>")
    for page in ("/sitzungsmappen", f"/sitzungsmappen/{deck.slug}", "/sitzungsmappen/neu?" + urlencode(VIEW)):
        html = text(member.get(page))
        assert "<script>" not in html and "<b>fett</b>" not in html
        assert "&lt;script&gt;" in html
