"""A public reader never gets an internal indicator, series or deck through the explorer.

Router, view callback, comparison, Gemeinde profile and presentation: to a reader without
login an internal item does not exist (the answer is the one for an unknown id, and no list
offers it); any logged-in user sees everything; a mark taken back shows at once.
"""

from __future__ import annotations

import json
import re

import pytest

import ids
import language
import security
from data_access import access, catalogue, decks
from tests.dash_client import EXPLORER_CALLBACKS, _outputs, callback_key

INTERNAL = "betreuungsquote_u3"
OTHER = "betreuungsquote_3_6"  # same theme, stays public
AGS = "03453001"
VIEWER, PASSWORD = "ausschuss-leser", "nur-lesen-bitte-2024"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
UNKNOWN = "Der Indikator „{}“ ist unbekannt."


def post(app, client, output: str, inputs: dict, state: dict | None = None) -> tuple[dict, str]:
    """One callback through ``client`` (so its session cookie goes along), as the browser sends it."""
    key = output if output in app.callback_map else next(k for k in app.callback_map if output in k)
    spec = app.callback_map[key]
    values = {**(state or {}), **inputs}
    outputs = _outputs(key)
    payload = {
        "output": key,
        "outputs": outputs if key.startswith("..") else outputs[0],
        "inputs": [{**i, "value": values.get(f"{i['id']}.{i['property']}")} for i in spec["inputs"]],
        "state": [{**s, "value": (state or {}).get(f"{s['id']}.{s['property']}")} for s in spec["state"]],
        "changedPropIds": [f"{spec['inputs'][0]['id']}.{spec['inputs'][0]['property']}"],
    }
    response = client.post("/_dash-update-component", json=payload)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    body = response.get_json()
    return body["response"], json.dumps(body, ensure_ascii=False)


def page(app, client, path: str, search: str = "") -> str:
    _, raw = post(app, client, "page.children", {"url.pathname": path}, {"url.search": search})
    return raw


def view(app, client, indicator: str) -> tuple[dict, str]:
    """Every callback of the explorer's view, merged: slider, map, charts and panels, trend."""
    inputs = {"indicator.value": indicator, "year.value": 2024, "selected-gemeinde.data": None}
    merged, raws = {}, []
    for output in EXPLORER_CALLBACKS:
        response, raw = post(app, client, callback_key(app, output), inputs, {"map-kind.data": "gemeinden"})
        merged.update(response)
        raws.append(raw)
    return merged, "\n".join(raws)


def compare(app, client, indicator: str) -> tuple[dict, str]:
    inputs = {"compare-indicator.value": indicator, "compare-regions.value": [AGS], "compare-year.value": None}
    return post(app, client, "compare-graph.figure", inputs)


def names(indicator: str) -> list[str]:
    spec = catalogue.indicator(indicator)
    out = []
    for lang in language.LANGUAGES:
        with language.use(lang):
            out += [spec.name, spec.short_name]
    return out


def dropdown(raw: str, component: str) -> dict:
    """The props of the dropdown ``component`` in a page response."""

    def find(node: object) -> dict | None:
        if isinstance(node, dict):
            props = node.get("props")
            if isinstance(props, dict) and props.get("id") == component:
                return props
            return next((f for v in node.values() if (f := find(v)) is not None), None)
        if isinstance(node, list):
            return next((f for v in node if (f := find(v)) is not None), None)
        return None

    found = find(json.loads(raw))
    assert found is not None, f"no {component} in the page"
    return found


def login(client, name: str = VIEWER, password: str = PASSWORD) -> None:
    token = CSRF.search(client.get("/anmelden").get_data(as_text=True))
    assert token
    response = client.post("/anmelden", data={"csrf_token": token.group(1), "benutzername": name, "passwort": password})
    assert response.status_code in (302, 303)


@pytest.fixture
def marked(app, store):
    decks.seed_example(store)
    assert access.set_internal(store, access.INDICATOR, INTERNAL, True, "test")
    return app


@pytest.fixture
def public(marked):
    return marked.server.test_client()


@pytest.fixture
def viewer(marked, store):
    security.create_user(store, VIEWER, PASSWORD, admin=False)
    client = marked.server.test_client()
    login(client)
    return client


def test_theme_page_neither_lists_nor_opens_an_internal_indicator(marked, public):
    for search in (f"?indikator={INTERNAL}", f"?indikator={INTERNAL}&lang=en", ""):
        raw = page(marked, public, "/fruehkindliche-bildung", search)
        props = dropdown(raw, ids.INDICATOR)
        values = [o["value"] for o in props["options"]]
        assert INTERNAL not in values and OTHER in values
        assert props["value"] == OTHER  # falls back like an unknown id: the first allowed one
        assert INTERNAL not in raw
        for name in names(INTERNAL):
            assert name not in raw
    unknown = page(marked, public, "/fruehkindliche-bildung", "?indikator=gibt_es_nicht")
    assert dropdown(unknown, ids.INDICATOR) == dropdown(raw, ids.INDICATOR)


def test_view_callback_answers_an_internal_id_like_an_unknown_one(marked, public):
    response, raw = view(marked, public, INTERNAL)
    assert set(response) == {ids.MESSAGE}  # nothing else: no map values, no references, no years
    assert UNKNOWN.format(INTERNAL) in raw
    unknown, _ = view(marked, public, "gibt_es_nicht")
    assert json.dumps(unknown).replace("gibt_es_nicht", INTERNAL) == json.dumps(response)
    assert not any(name in raw for name in names(INTERNAL)) and "%" not in raw
    shown, raw = view(marked, public, OTHER)  # a public indicator of the same theme is drawn as ever
    assert ids.REFERENCES in shown and "Landkreis Cloppenburg" in raw


def test_comparison_leaves_out_an_internal_indicator(marked, public):
    raw = page(marked, public, "/vergleich", f"?indikator={INTERNAL}&regionen={AGS}")
    props = dropdown(raw, ids.COMPARE_INDICATOR)
    assert INTERNAL not in [o["value"] for o in props["options"]] and props["value"] == OTHER
    assert UNKNOWN.format(INTERNAL) in raw  # the same notice as for an unknown id
    assert not any(name in raw for name in names(INTERNAL))
    response, raw = compare(marked, public, INTERNAL)
    assert set(response) == {ids.COMPARE_MESSAGE} and UNKNOWN.format(INTERNAL) in raw
    response, raw = compare(marked, public, OTHER)
    rows = json.dumps(response[ids.COMPARE_TABLE]["children"], ensure_ascii=False)
    assert f'"data-indicator": "{OTHER}"' in rows
    assert INTERNAL not in raw and not any(name in raw for name in names(INTERNAL))


def test_profile_leaves_out_an_internal_indicator(marked, public):
    raw = page(marked, public, f"/gemeinde/{AGS}")
    assert f'"data-indicator": "{OTHER}"' in raw
    assert INTERNAL not in raw and not any(name in raw for name in names(INTERNAL))


def test_presentation_hides_an_internal_indicator_and_an_internal_deck(marked, public, store):
    raw = page(marked, public, "/praesentation/beispiel")
    slides = dropdown(raw, ids.PRESENT_SLIDES)["data"]
    assert slides[0]["missing"] is True and "figure" not in slides[0] and "regions" not in slides[0]
    assert slides[0]["title"] == f"Den Indikator „{INTERNAL}“ gibt es nicht mehr."
    assert "figure" in slides[1]  # the deck's other views stay
    assert not any(name in raw for name in names(INTERNAL))

    access.set_internal(store, access.DECK, decks.EXAMPLE_SLUG, True, "test")
    raw = page(marked, public, "/praesentation/beispiel")
    unknown = page(marked, public, "/praesentation/gibt-es-nicht")
    assert "Die Sitzungsmappe „beispiel“ gibt es nicht." in raw
    assert raw.replace("beispiel", "gibt-es-nicht") == unknown
    assert decks.EXAMPLE_NAME not in raw


def test_an_internal_viewer_sees_everything(marked, viewer, store):
    access.set_internal(store, access.DECK, decks.EXAMPLE_SLUG, True, "test")
    raw = page(marked, viewer, "/fruehkindliche-bildung", f"?indikator={INTERNAL}")
    props = dropdown(raw, ids.INDICATOR)
    assert props["value"] == INTERNAL and INTERNAL in [o["value"] for o in props["options"]]
    response, raw = view(marked, viewer, INTERNAL)
    assert ids.REFERENCES in response and " %" in raw
    raw = page(marked, viewer, "/vergleich", f"?indikator={INTERNAL}")
    assert dropdown(raw, ids.COMPARE_INDICATOR)["value"] == INTERNAL and UNKNOWN.format(INTERNAL) not in raw
    response, _ = compare(marked, viewer, OTHER)
    assert f'"data-indicator": "{INTERNAL}"' in json.dumps(response[ids.COMPARE_TABLE]["children"])
    assert f'"data-indicator": "{INTERNAL}"' in page(marked, viewer, f"/gemeinde/{AGS}")
    slides = dropdown(page(marked, viewer, "/praesentation/beispiel"), ids.PRESENT_SLIDES)["data"]
    assert all("figure" in slide for slide in slides)


def test_a_mark_taken_back_shows_at_once(marked, public, store):
    assert INTERNAL not in page(marked, public, f"/gemeinde/{AGS}")  # the marks are cached now
    assert access.set_internal(store, access.INDICATOR, INTERNAL, False, "test")
    props = dropdown(page(marked, public, "/fruehkindliche-bildung", f"?indikator={INTERNAL}"), ids.INDICATOR)
    assert props["value"] == INTERNAL
    response, _ = view(marked, public, INTERNAL)
    assert ids.REFERENCES in response
    assert f'"data-indicator": "{INTERNAL}"' in page(marked, public, f"/gemeinde/{AGS}")


def test_a_theme_without_an_allowed_indicator_says_so(marked, public, store):
    for spec in catalogue.indicators_for_theme("fruehkindliche-bildung"):
        access.set_internal(store, access.INDICATOR, spec.id, True, "test")
    raw = page(marked, public, "/fruehkindliche-bildung")
    assert "Für diesen Indikator liegen keine Daten vor." in raw and ids.INDICATOR not in raw
    raw = page(marked, public, f"/gemeinde/{AGS}")
    assert catalogue.theme("fruehkindliche-bildung").title not in raw  # the empty theme is left out


def test_weitere_daten_hides_an_internal_series(settings, empty_store):
    from app import create_app
    from data_access.importing import import_bytes
    from tests import fixtures
    from tests.conftest import SCOPE

    import_bytes(empty_store, fixtures.mean_age().encode(), "12411-07-01-5.csv", SCOPE)
    app = create_app(settings, empty_store)
    client = app.server.test_client()
    rows = empty_store.series_rows()
    hidden = next(s for s in rows if s.label.endswith("weiblich"))
    access.set_internal(empty_store, access.SERIES, hidden.code, True, "test")
    raw = page(app, client, "/weitere-daten", f"?indikator={hidden.code}")
    values = [o["value"] for o in dropdown(raw, ids.INDICATOR)["options"]]
    assert hidden.code not in values and values and hidden.code not in raw
    assert "Durchschnittsalter der Bevölkerung · weiblich" not in raw
    response, raw = view(app, client, hidden.code)
    assert set(response) == {ids.MESSAGE} and UNKNOWN.format(hidden.code) in raw
    for row in rows:
        access.set_internal(empty_store, access.SERIES, row.code, True, "test")
    assert "Noch keine Tabellen importiert" in page(app, client, "/weitere-daten")
