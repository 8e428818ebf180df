"""Hardening: security headers on every response, hostile requests answered with a 4xx, /healthz.

The hostile requests are generated: callback envelopes with every field removed or given
each wrong type, wrong types inside the inputs, odd ``clickData``, random nesting depths,
bodies that are not JSON or too large, bad component-suite paths and bad API parameters,
and malformed uploads, confirmations and cancellations of the data page (their cases, one
test each, are in ``test_hostile_uploads``). None may reach a 500, and none may change the store.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import io
import json
import random
import re
import sys
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

import security
from data_access.store import Store
from tests.test_hostile_uploads import HostileSite, hostile_cases, store_snapshot
from tests.test_webpages import files_in

UPDATE = "/_dash-update-component"
GEMEINDE = "03453004"  # Cloppenburg
MB = 1024 * 1024
# Every wrong type a field can get: JSON's scalars, strings short and long, lists, objects, huge numbers.
WRONG = [
    None,
    True,
    0,
    -7,
    3.5,
    10**30,
    "",
    "x",
    "x" * 3000,
    "\x00",
    [],
    [None],
    [1, 2],
    [[[]]],
    {},
    {"id": 1},
    {"id": "map", "property": ["figure"]},
    {"a": {"b": {"c": [1, {"d": None}]}}},
]
ENVELOPE_FIELDS = ["output", "outputs", "inputs", "state", "changedPropIds"]
CLICKS = [
    {"points": "x"},
    {"points": [None]},
    {"points": [{"location": {"a": 1}}]},
    {"points": [{"location": ["03453004"]}]},
    {"points": [{"location": 3453004}]},
    {"points": [{"location": "99999999"}]},
    {"points": [{"customdata": "03453004"}]},
    {"points": [{"customdata": [None]}]},
    {"points": [{"customdata": [["03453004"]]}]},
    {"points": [{"customdata": []}]},
    {"points": {}},
    {"points": [[]]},
    {"points": []},
    {"points": None},
    {},
    [],
    "03453004",
    0,
]
COMPONENT_PATHS = [
    "/_dash-component-suites/dash/../../app.py",
    "/_dash-component-suites/dash/..%2F..%2Fapp.py",
    "/_dash-component-suites/dash/dcc/../../dash.py",
    "/_dash-component-suites/nope/x.js",
    "/_dash-component-suites/os/path.py",
    "/_dash-component-suites/dash/dcc/%00.js",
    "/_dash-component-suites/dash/dcc/x.v1_0_0m1.js",
    "/_dash-component-suites/dash/deps/",
    "/_dash-component-suites/dash/dcc/dash_core_components.js%00",
    "/_dash-component-suites/plotly/package_data/../../plotly/__init__.py",
    "/_dash-component-suites/dash/" + "a/" * 200 + "x.js",
    "/_dash-component-suites/%ff%fe/x.js",
]
API_QUERIES = [
    "",
    "?indicator=",
    "?indicator=%00",
    "?indicator=nope",
    "?indicator=" + "x" * 5000,
    "?indicator=betreuungsquote_u3&indicator=x",
    "?indicator=betreuungsquote_u3&year=abc",
    "?indicator=betreuungsquote_u3&year=99999",
    "?indicator=betreuungsquote_u3&year=-1",
    "?indicator=betreuungsquote_u3&year=2020.5",
    "?indicator=betreuungsquote_u3&year=%00",
    "?indicator=betreuungsquote_u3&year=" + "9" * 5000,
    "?indicator=betreuungsquote_u3&region=garbage",
    "?indicator=betreuungsquote_u3&region=%00",
    "?indicator=betreuungsquote_u3&region=99999",
    "?indicator=betreuungsquote_u3&region=" + "1" * 5000,
    "?indicator=betreuungsquote_u3&format=xml",
    "?indicator=betreuungsquote_u3&format=%00",
    "?indicator=s-%27%3B%20DROP%20TABLE%20regions%3B--",
    "?indicator[]=a",
    "?%ff=%fe",
]


# -- envelopes ---------------------------------------------------------------


def envelope(app, key: str, values: dict, changed: list[str] | None = None) -> dict:
    """The body the browser posts for the callback with this output key."""
    spec = app.callback_map[key]
    parts = key[2:-2].split("...") if key.startswith("..") else [key]
    outputs = [dict(zip(("id", "property"), part.rsplit(".", 1), strict=True)) for part in parts]
    body = {
        "output": key,
        "outputs": outputs if key.startswith("..") else outputs[0],
        "inputs": [{**i, "value": values.get(f"{i['id']}.{i['property']}")} for i in spec["inputs"]],
        "changedPropIds": changed or [f"{spec['inputs'][0]['id']}.{spec['inputs'][0]['property']}"],
    }
    if spec["state"]:
        body["state"] = [{**s, "value": values.get(f"{s['id']}.{s['property']}")} for s in spec["state"]]
    return body


def router_key(app) -> str:
    """The router's key: it also writes the selection restored from the address (a duplicate output)."""
    return next(k for k in app.callback_map if k.startswith("..page.children..."))


def view_key(app) -> str:
    return next(k for k in app.callback_map if k.startswith("..") and "..map.figure..." in k)


def valid_envelopes(app) -> dict[str, dict]:
    """One correct request per callback of the explorer."""
    return {
        "view": envelope(
            app,
            view_key(app),
            {"indicator.value": "betreuungsquote_u3", "year.value": 2020, "selected-gemeinde.data": None},
        ),
        "select": envelope(
            app,
            "..selected-gemeinde.data...gemeinde-select.value..",
            {"map.clickData": {"points": [{"location": GEMEINDE}]}, "selected-gemeinde.data": None},
            changed=["map.clickData"],
        ),
        "page": envelope(app, router_key(app), {"url.pathname": "/fruehkindliche-bildung"}),
    }


def envelope_cases(app) -> list[tuple[str, dict]]:
    """The envelope broken: every field removed or given each wrong type, at the top and inside the items."""
    cases = []
    for name, body in valid_envelopes(app).items():
        for field in ENVELOPE_FIELDS:
            broken = copy.deepcopy(body)
            broken.pop(field, None)
            cases.append((f"{name}: without {field}", broken))
            for wrong in WRONG:
                broken = copy.deepcopy(body)
                broken[field] = wrong
                cases.append((f"{name}: {field}={wrong!r:.40}", broken))
        for field in ("inputs", "state"):
            for index in range(len(body.get(field, []))):
                for part in ("item", "id", "property"):
                    for wrong in WRONG:
                        broken = copy.deepcopy(body)
                        if part == "item":
                            broken[field][index] = wrong
                        else:
                            broken[field][index][part] = wrong
                        cases.append((f"{name}: {field}[{index}].{part}={wrong!r:.40}", broken))
        broken = copy.deepcopy(body)
        broken["changedPropIds"] = ['{"a":.value', "{x}.y", "[1].value"]
        cases.append((f"{name}: pattern-like changedPropIds", broken))
    unknown = copy.deepcopy(valid_envelopes(app)["page"])
    unknown["output"] = "nope.children"
    cases.append(("unknown output", unknown))
    return cases


def value_cases(app) -> list[tuple[str, dict]]:
    """A correct envelope with ill-typed values: the callbacks must answer them, not fail."""
    bodies = valid_envelopes(app)
    cases = []
    for name, body in bodies.items():
        for field in ("inputs", "state"):
            for index, item in enumerate(body.get(field, [])):
                for wrong in WRONG:
                    broken = copy.deepcopy(body)
                    broken[field][index]["value"] = wrong
                    cases.append((f"{name}: {item['id']}.{item['property']}={wrong!r:.40}", broken))
    for click in CLICKS:
        for source in ("map", "bars"):
            broken = copy.deepcopy(bodies["select"])
            broken["inputs"] = [{**i, "value": click if i["id"] == source else None} for i in broken["inputs"]]
            broken["changedPropIds"] = [f"{source}.clickData"]
            cases.append((f"select: {source}.clickData={click!r:.60}", broken))
    for year in ("2020", [2020], 10**30, -(10**30), 2020.0, 1e308, True):
        broken = copy.deepcopy(bodies["view"])
        broken["inputs"][1]["value"] = year
        cases.append((f"view: year={year!r:.40}", broken))
    return cases


def nested(depth: int) -> str:
    """JSON text ``depth`` levels deep, lists and objects alternating (built as text: json.dumps would recurse)."""
    opening = "".join("[" if level % 2 else '{"a":' for level in range(depth))
    closing = "".join("]" if level % 2 else "}" for level in reversed(range(depth)))
    return opening + '"x"' + closing


def raw_cases(app) -> list[tuple[str, bytes, str]]:
    """Bodies that are not a JSON object, wrongly declared, or nested deeper than anything real."""
    rng = random.Random(8)
    page = valid_envelopes(app)["page"]
    cases = [
        ("empty body", b"", "application/json"),
        ("truncated", b'{"output": ', "application/json"),
        ("not UTF-8", b"\xff\xfe\x00{", "application/json"),
        ("NaN only", b"NaN", "application/json"),
        ("null", b"null", "application/json"),
        ("list", b"[]", "application/json"),
        ("string", b'"page.children"', "application/json"),
        ("number", b"1e999", "application/json"),
        ("huge integer", b'{"output": ' + b"9" * 5000 + b"}", "application/json"),
        ("form-encoded", b"output=page.children", "application/x-www-form-urlencoded"),
        ("declared as text", json.dumps(page).encode(), "text/plain"),
        ("no content type", json.dumps(page).encode(), ""),
        ("deep brackets", b"[" * 100_000 + b"]" * 100_000, "application/json"),
        ("deep objects", b'{"a":' * 50_000 + b"1" + b"}" * 50_000, "application/json"),
    ]
    for depth in sorted(rng.sample(range(2, 400), 12)) + [1000, 5000]:
        body = json.dumps({**page, "inputs": [{**page["inputs"][0], "value": "@"}]}).replace('"@"', nested(depth))
        cases.append((f"pathname nested {depth} deep", body.encode(), "application/json"))
        cases.append((f"body nested {depth} deep", nested(depth).encode(), "application/json"))
    return cases


def store_state(store: Store) -> tuple[int, int, int]:
    return store.data_version(), store.observation_count(), len(store.imports())


def post(client, body: object, content_type: str = "application/json"):
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    return client.post(UPDATE, data=data, content_type=content_type or None)


# -- headers ---------------------------------------------------------------------


def directives(policy: str) -> dict[str, list[str]]:
    return {d.split()[0]: d.split()[1:] for d in (p.strip() for p in policy.split(";")) if d}


def assert_security_headers(response, where: str) -> None:
    headers = response.headers
    assert headers.get("X-Content-Type-Options") == "nosniff", where
    assert headers.get("Referrer-Policy") in ("same-origin", "strict-origin-when-cross-origin"), where
    policy = directives(headers.get("Content-Security-Policy", ""))
    assert policy.get("frame-ancestors") in (["'self'"], ["'none'"]), where
    for name, sources in policy.items():
        assert not any(s.startswith(("http:", "https:", "*")) or "//" in s for s in sources), (where, name)


def test_explorer_policy_allows_dash_by_hash_and_nothing_from_elsewhere(app):
    client = app.server.test_client()
    response = client.get("/fruehkindliche-bildung")
    policy = directives(response.headers["Content-Security-Policy"])
    scripts = policy["script-src"]
    assert scripts[0] == "'self'" and set(app.csp_hashes()) <= set(scripts)
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
    assert policy["default-src"] == ["'self'"]
    assert policy["connect-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    # Every inline script of the page is one the policy names by its hash (Dash's IE notice sits in a comment).
    html = re.sub(r"<!--.*?-->", "", response.get_data(as_text=True), flags=re.DOTALL)
    inline = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>(.*?)</script>", html, re.DOTALL)
    assert inline, "Dash's renderer script is missing"
    for script in inline:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in scripts


def test_headers_on_every_kind_of_response(app):
    app.server.add_url_rule("/kaputt", "kaputt", lambda: 1 / 0)  # an unhandled error: Flask's 500 page
    client = app.server.test_client()
    body = valid_envelopes(app)["page"]
    responses = {
        "page": client.get("/"),
        "theme page": client.get("/fruehkindliche-bildung"),
        "callback": post(client, body),
        "refused callback": post(client, b"{"),
        "oversized callback": post(client, b" " * (2 * MB)),
        "static asset": client.get("/assets/10_app/app.css"),
        "component file": client.get("/_dash-component-suites/dash/dcc/dash_core_components.js"),
        "unknown component file": client.get("/_dash-component-suites/nope/x.js"),
        "geometry": client.get("/geodata/gemeinden.geojson"),
        "API": client.get("/api/v1/regions"),
        "API error": client.get("/api/v1/observations"),
        "API 404": client.get("/api/v1/gibt-es-nicht"),
        "healthz": client.get("/healthz"),
        "login page": client.get("/anmelden"),
        "server error": client.get("/kaputt"),
    }
    expected = {
        "callback": 200,
        "refused callback": 400,
        "oversized callback": 413,
        "unknown component file": 404,
        "API error": 400,
        "API 404": 404,
        "server error": 500,
    }
    for where, response in responses.items():
        assert response.status_code == expected.get(where, 200), where
        assert_security_headers(response, where)


def test_the_login_and_data_pages_keep_their_stricter_policy(app):
    from webpages import CONTENT_SECURITY_POLICY

    response = app.server.test_client().get("/anmelden")
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert response.headers["X-Frame-Options"] == "DENY"


def test_page_config_publishes_no_versions(app):
    import dash
    import plotly

    html = app.server.test_client().get("/").get_data(as_text=True)
    config = json.loads(re.search(r'<script id="_dash-config" type="application/json">(.*?)</script>', html).group(1))
    for key in security.VERSION_KEYS:
        assert key not in config
    assert config["requests_pathname_prefix"] == "/"  # the renderer still gets what it needs
    assert sys.version not in html and sys.version.split()[0] not in html
    assert dash.__version__ not in html and plotly.__version__ not in html


# -- hostile requests -------------------------------------------------------------


def test_malformed_callback_envelopes_get_a_4xx_and_change_nothing(app, store):
    client = app.server.test_client()
    before = store_state(store)
    cases = envelope_cases(app)
    failures = []
    for label, body in cases:
        response = post(client, body)
        if response.status_code >= 500:
            failures.append(f"{label}: {response.status_code}")
        elif response.status_code >= 400:
            assert len(response.data) < 200, label  # a short message, no traceback
    assert not failures, failures
    assert store_state(store) == before


def test_ill_typed_values_are_answered_by_the_callbacks(app, store):
    """Past the envelope check, a wrong value gets no_update or a German message: 200 or 204, never an error."""
    client = app.server.test_client()
    before = store_state(store)
    failures = []
    for label, body in value_cases(app):
        response = post(client, body)
        if response.status_code not in (200, 204):
            failures.append(f"{label}: {response.status_code} {response.data[:80]!r}")
    assert not failures, failures
    assert store_state(store) == before


def test_bodies_that_are_not_a_json_object_or_too_deep_get_a_4xx(app, store):
    client = app.server.test_client()
    before = store_state(store)
    failures = []
    for label, data, content_type in raw_cases(app):
        response = post(client, data, content_type)
        if not 400 <= response.status_code < 500 and not (label.startswith("pathname") and response.status_code == 200):
            failures.append(f"{label}: {response.status_code}")
    assert not failures, failures
    assert store_state(store) == before


def test_at_least_200_generated_requests_and_none_reaches_a_500(app, store, settings):
    """The sum of all kinds: callbacks, component files, API parameters and uploads.

    The uploads go to an app on the same store with a 1 MB import limit, sent by a logged-in
    admin with the session's CSRF token unless the case is about the token, login or method.
    """
    site = HostileSite(settings, store)
    client = app.server.test_client()
    before, tables = store_state(store), store_snapshot(store)
    statuses: dict[str, list[tuple[str, int]]] = {"callback": [], "component": [], "api": [], "upload": []}
    for label, body in envelope_cases(app) + value_cases(app):
        statuses["callback"].append((label, post(client, body).status_code))
    for label, data, content_type in raw_cases(app):
        statuses["callback"].append((label, post(client, data, content_type).status_code))
    for path in COMPONENT_PATHS:
        statuses["component"].append((path, client.get(path).status_code))
    for query in API_QUERIES:
        statuses["api"].append((query[:80], client.get(f"/api/v1/observations{query}").status_code))
    statuses["api"].append(("POST", client.post("/api/v1/observations").status_code))
    for case in hostile_cases():
        statuses["upload"].append((f"{case.kind}: {case.id}", site.send(case).status_code))
    assert len(statuses["upload"]) >= 80
    assert sum(len(answers) for answers in statuses.values()) >= 200
    failures = [
        f"{kind} {label}: {status}" for kind, answers in statuses.items() for label, status in answers if status >= 500
    ]
    assert not failures, failures
    assert store_state(store) == before
    assert store_snapshot(store) == tables
    assert files_in(site.folder) == site.pending  # only the other admin's checked upload is pending


@pytest.mark.parametrize(
    ("label", "body", "message"),
    [
        ("not JSON", b"{", "gültiges JSON"),
        ("JSON but not an object", b"[1, 2]", "gültiges JSON"),
        ("without output", {"inputs": []}, "„output“"),
        ("output a list", {"output": ["page.children"]}, "„output“"),
        ("unknown output", {"output": "nope.children"}, "unbekannte Ausgabe"),
        ("deep nesting", '{"output": "page.children", "x": ' + nested(200) + "}", "verschachtelt"),
    ],
)
def test_refusals_are_short_german_messages(app, label, body, message):
    response = post(app.server.test_client(), body.encode() if isinstance(body, str) else body)
    assert response.status_code == 400, label
    assert response.mimetype == "text/plain"
    assert message in response.get_data(as_text=True)


def test_bad_component_paths_give_404(app):
    client = app.server.test_client()
    for path in COMPONENT_PATHS:
        response = client.get(path)
        assert response.status_code == 404, path
        assert b"registered" not in response.data  # Dash's message lists every served file


def test_bad_api_parameters_get_a_4xx_json_message(app):
    client = app.server.test_client()
    for query in API_QUERIES:
        response = client.get(f"/api/v1/observations{query}")
        assert 400 <= response.status_code < 500 or response.status_code == 200, query
        if response.status_code >= 400:
            assert "error" in response.get_json(), query


# -- body size ---------------------------------------------------------------------


def test_a_2_mb_callback_body_gets_413_before_it_is_read(app, monkeypatch):
    read = []
    monkeypatch.setattr(security.json, "loads", lambda *a, **k: read.append(1))
    response = post(app.server.test_client(), b'{"output": "' + b"x" * (2 * MB) + b'"}')
    assert response.status_code == 413
    assert "zu groß" in response.get_data(as_text=True)
    assert not read


def test_a_callback_body_without_length_is_capped_too(app):
    """A chunked body has no Content-Length: the stream stops at the limit."""
    data = b'{"output": "' + b"x" * (2 * MB) + b'"}'
    response = app.server.test_client().post(
        UPDATE,
        input_stream=io.BytesIO(data),
        content_type="application/json",
        environ_overrides={"wsgi.input_terminated": True},
    )
    assert response.status_code == 413


def test_a_body_just_under_the_limit_is_read(app):
    body = valid_envelopes(app)["page"]
    body["padding"] = "x" * (security.CALLBACK_LIMIT - 2000)
    assert post(app.server.test_client(), body).status_code == 200


# -- health ------------------------------------------------------------------------


def test_healthz_reports_the_store_and_its_data_version(app, store):
    response = app.server.test_client().get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "store": "erreichbar", "data_version": store.data_version()}
    assert response.headers["Cache-Control"] == "no-store"


def test_healthz_answers_503_when_the_store_file_is_unreadable(app, store):
    path = Path(store.engine.url.database)
    store.engine.dispose()
    path.write_bytes(b"kein SQLite " * 1000)
    response = app.server.test_client().get("/healthz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "fehler" and body["store"] == "nicht erreichbar"
    assert str(path) not in response.get_data(as_text=True)


def test_healthz_never_shows_the_database_url_or_password(app, monkeypatch):
    url = "postgresql+psycopg://bildung:geheim123@db.landkreis.local:5432/monitor"

    def unreachable(self: Store) -> int:
        raise OperationalError("SELECT 1", {}, Exception(f"connection to {url} failed: timeout"))

    monkeypatch.setattr(Store, "data_version", unreachable)
    response = app.server.test_client().get("/healthz")
    assert response.status_code == 503
    text = response.get_data(as_text=True)
    assert "geheim123" not in text and "db.landkreis.local" not in text
    assert response.get_json()["meldung"] == "Die Datenbank antwortet nicht (OperationalError)."
