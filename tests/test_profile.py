"""Gemeinde profile, Gemeinde list and comparison: builders and callbacks on the demo store."""

from __future__ import annotations

import pytest

import texts
from callbacks import comparison
from callbacks.profile import CHANGE_YEARS, profile_rows
from data_access import catalogue, frames
from formatting import format_number
from tests.conftest import GEMEINDEN
from tests.dash_client import call

AGS = "03453004"
THREE = ["03453001", "03453004", "03453007"]


def page_text(app, path: str, search: str = "") -> str:
    status, _, text = call(app, "page.children", {"url.pathname": path}, state={"url.search": search})
    assert status == 200
    assert "Traceback" not in text
    return text


def test_profile_lists_every_catalogue_indicator(store, boundaries) -> None:
    groups = profile_rows(store, boundaries, AGS)
    rows = [row for _, rows in groups for row in rows]
    assert [row.spec.id for row in rows] == [
        s.id for t in catalogue.THEMES for s in catalogue.indicators_for_theme(t.slug)
    ]
    assert len(rows) == len(catalogue.INDICATORS) == 37
    assert all(row.kreis and row.kreis != texts.NO_DATA_SHORT for row in rows)
    assert all(row.land and row.land != texts.NO_DATA_SHORT for row in rows)
    assert all(row.demo for row in rows)  # the demo store holds only synthetic values


def test_five_year_change_of_a_share_in_percentage_points(store, boundaries) -> None:
    spec = catalogue.indicator("betreuungsquote_u3")
    row = next(r for _, rows in profile_rows(store, boundaries, AGS) for r in rows if r.spec.id == spec.id)
    frame = store.observations(spec.id)
    own = frame[(frame["region_key"] == AGS) & frame["value"].notna()]
    latest = int(own["year"].max())

    def value(year: int) -> float:
        period = frames.period_of_year(frame, year, boundaries.keys)
        return float(own[(own["year"] == year) & (own["period_id"] == period)]["value"].iloc[-1])

    expected = value(latest) - value(latest - CHANGE_YEARS)
    assert row.year == latest
    assert row.change_value == pytest.approx(expected)
    assert format_number(abs(expected), 1) in row.change
    assert "Prozentpunkt" in row.change
    assert row.change.startswith("+" if expected > 0 else "\u2212")


def test_profile_page_renders_with_demo_marker(app, boundaries) -> None:
    text = page_text(app, f"/gemeinde/{AGS}")
    name = next(g.name for g in boundaries.gemeinden if g.ags == AGS)
    assert texts.PROFILE_TITLE.format(name=name) in text
    assert text.count('"bm-profile-row"') == 37
    assert texts.DEMO_LABEL in text
    assert texts.PROFILE_DEMO_NOTE in text
    assert "Gemeindeprofil" in text


def test_unknown_gemeinde_gives_german_message(app) -> None:
    text = page_text(app, "/gemeinde/99999999")
    assert "keine Gemeinde im Landkreis Cloppenburg" in text


def test_gemeinde_list_links_every_profile(app) -> None:
    text = page_text(app, "/gemeinden")
    for ags in GEMEINDEN:
        assert f"/gemeinde/{ags}" in text


def test_profile_link_when_a_gemeinde_is_selected(app) -> None:
    inputs = {"indicator.value": "betreuungsquote_u3", "year.value": 2024, "selected-gemeinde.data": AGS}
    status, _, text = call(app, "references.children", inputs)
    assert status == 200
    assert f"/gemeinde/{AGS}" in text and texts.PROFILE_LINK in text


def compare(app, indicator: object, regions: object, year: object = None) -> tuple[dict, str]:
    inputs = {"compare-indicator.value": indicator, "compare-regions.value": regions, "compare-year.value": year}
    status, body, text = call(app, "compare-graph.figure", inputs)
    assert status == 200
    return body["response"], text


def test_comparison_of_three_gemeinden_draws_three_lines_and_references(app, boundaries) -> None:
    response, text = compare(app, "betreuungsquote_u3", THREE)
    traces = response["compare-graph"]["figure"]["data"]
    names = {g.ags: g.name for g in boundaries.gemeinden}
    assert [t["name"] for t in traces[:3]] == [names[k] for k in THREE]
    assert len(traces) == 5
    assert "Landkreis Cloppenburg" in traces[3]["name"] and "Niedersachsen" in traces[4]["name"]
    assert traces[3]["line"]["dash"] != traces[4]["line"]["dash"]
    assert "Rang" not in text and "Platz" not in text
    table = response["compare-table"]["children"]
    assert "Betreuungsquote" in str(table)


def test_comparison_beyond_five_regions_gives_message(app) -> None:
    response, text = compare(app, "betreuungsquote_u3", GEMEINDEN[:7])
    assert "Höchstens fünf Regionen" in text
    assert len(response["compare-graph"]["figure"]["data"]) == 5 + 2


def test_comparison_unknown_indicator_and_region_give_messages(app) -> None:
    _, text = compare(app, "gibt_es_nicht", THREE)
    assert "Der Indikator „gibt_es_nicht“ ist unbekannt." in text
    _, text = compare(app, "betreuungsquote_u3", ["03453001", "12345678"])
    assert "Unbekannte Region: 12345678" in text


def test_comparison_page_restores_the_url_choice(app) -> None:
    text = page_text(app, "/vergleich", "?indikator=betreuungsquote_u3&regionen=03453001,03453004,03453007")
    assert '"value": ["03453001", "03453004", "03453007"]' in text
    assert '"value": "betreuungsquote_u3"' in text
    text = page_text(app, "/vergleich", "?indikator=unsinn&regionen=" + ",".join(GEMEINDEN[:6]))
    assert "Der Indikator „unsinn“ ist unbekannt." in text
    assert "Höchstens fünf Regionen" in text


def test_check_regions_keeps_the_users_order() -> None:
    names = {k: k for k in GEMEINDEN}
    known, messages = comparison.check_regions(["03453007", "03453001"], names)
    assert known == ["03453007", "03453001"] and messages == []
