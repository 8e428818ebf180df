"""Request log and Server-Timing: one line per request with method, path, status and time, no secrets."""

from __future__ import annotations

import logging
import re

import pytest

LINE = re.compile(r"^(GET|POST|HEAD|PUT|DELETE) (\S+) (\d{3}) (\d+\.\d) ms$")


@pytest.fixture
def logged(caplog):
    caplog.set_level(logging.INFO, logger="bildungsmonitor.requests")
    return caplog


def _lines(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "bildungsmonitor.requests"]


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/healthz", 200),
        ("GET", "/fruehkindliche-bildung", 200),
        ("GET", "/assets/10_app/app.css", 200),
        ("GET", "/api/v1/indicators", 200),
        ("GET", "/api/v1/indicators/gibt-es-nicht", 404),
        ("POST", "/_dash-update-component", 415),  # no JSON body
    ],
)
def test_every_response_is_timed_and_logged_once(app, logged, method, path, status):
    response = app.server.test_client().open(path, method=method)
    assert response.status_code == status
    timing = response.headers.get("Server-Timing", "")
    assert re.fullmatch(r"app;dur=\d+\.\d", timing), timing
    lines = _lines(logged)
    assert len(lines) == 1, lines
    match = LINE.match(lines[0])
    assert match and match.group(1) == method and match.group(2) == path and int(match.group(3)) == status
    assert float(match.group(4)) == float(timing.split("=")[1])


def test_the_query_and_form_fields_never_reach_the_log(app, logged):
    client = app.server.test_client()
    client.get("/healthz?token=Geheimnis-123")
    client.post("/anmelden", data={"username": "admin", "password": "Passwort-geheim-42", "csrf_token": "x"})
    text = "\n".join(_lines(logged))
    assert "/healthz" in text and "/anmelden" in text
    assert "Geheimnis-123" not in text and "token" not in text
    assert "Passwort-geheim-42" not in text and "admin" not in text


def test_a_path_with_control_characters_cannot_forge_a_log_line(app, logged):
    app.server.test_client().get("/x%0aGET /healthz 200 1.0 ms")
    lines = _lines(logged)
    assert len(lines) == 1 and "\n" not in lines[0] and "\\n" in lines[0]
