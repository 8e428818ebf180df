"""A method a route does not take (PUT, DELETE, PATCH) gets 405, the Allow header and one line of text.

Every route of the app is tried with every method it does not take. The API answers in JSON of its
own; the callback route with its short refusal; all others with the German (or English) line, never
Werkzeug's English HTML page, and with the security headers of every response.
"""

from __future__ import annotations

import re

import pytest

import texts_en

OTHER_METHODS = ("PUT", "DELETE", "PATCH")


def _sample_path(rule) -> str:
    """A concrete path for a rule: each converter filled with a harmless word."""
    return re.sub(r"<(?:[^:>]+:)?([^>]+)>", "beispiel", rule.rule)


def _cases(app) -> list[tuple[str, str, set[str]]]:
    cases = []
    for rule in app.server.url_map.iter_rules():
        path = _sample_path(rule)
        for method in OTHER_METHODS:
            if method not in (rule.methods or set()):
                cases.append((method, path, set(rule.methods or ())))
    return cases


def test_every_route_refuses_other_methods_in_one_line(app):
    client = app.server.test_client()
    cases = _cases(app)
    assert len(cases) >= 60, len(cases)
    for method, path, _methods in cases:
        response = client.open(path, method=method)
        if response.status_code != 405:  # the path also matches a route that takes the method (none does)
            pytest.fail(f"{method} {path}: HTTP {response.status_code}")
        text = response.get_data(as_text=True)
        assert response.headers.get("Allow"), (method, path)
        assert "<html" not in text.lower() and "Method Not Allowed" not in text, (method, path, text[:80])
        assert response.headers.get("X-Content-Type-Options") == "nosniff", (method, path)
        if path.startswith("/api/"):
            assert response.is_json, (method, path)
        elif path == "/_dash-update-component":
            assert text == "Die Anfrage konnte nicht verarbeitet werden."
        else:
            assert f"keine {method}-Anfragen" in text and "GET" in text, (method, path, text)


def test_the_refusal_speaks_the_pages_language(app):
    response = app.server.test_client().put("/daten/pruefen?lang=en")
    assert response.status_code == 405
    expected = texts_en.METHOD_NOT_ALLOWED.split("{")[0]
    assert response.get_data(as_text=True).startswith(expected)
