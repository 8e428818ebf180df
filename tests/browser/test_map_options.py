"""Map classes, the diverging scale and Kreis-only indicators in a real Chromium.

The legend's class bounds are compared with mapclassify's own, computed here from the
same demo store the live server reads.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import mapclassify
import numpy as np
import pytest
from playwright.sync_api import Page, expect

from data_access.store import Store
from data_access.views import build_view
from formatting import format_number

pytestmark = pytest.mark.browser

THEME = "fruehkindliche-bildung"
INDICATOR = "betreuungsquote_u3"


def _ticks(page: Page) -> list[str]:
    return [t for t in page.locator("#map .colorbar text").all_text_contents() if "–" in t]


@pytest.mark.parametrize("scheme,classifier", [("quantile", "Quantiles"), ("natuerlich", "FisherJenks")])
def test_classed_map_legend_matches_mapclassify(page: Page, seeded_db, boundaries, scheme, classifier):
    view = build_view(Store(f"sqlite:///{seeded_db}"), boundaries, INDICATOR, 2023)
    values = view.values["value"].dropna().astype(float).to_numpy()
    bins = getattr(mapclassify, classifier)(np.asarray(values), k=5).bins
    edges = [float(values.min()), *bins]
    expected = [f"{format_number(edges[i], 1)} – {format_number(edges[i + 1], 1)}" for i in range(len(edges) - 1)]

    page.goto(f"/{THEME}?indikator={INDICATOR}&jahr=2023&klassen={scheme}")
    expect(page.locator("#map .gtitle")).to_contain_text("2023")
    page.wait_for_function("() => document.querySelectorAll('#map .colorbar text').length > 3")
    assert sorted(_ticks(page)) == sorted(expected)
    # One flat colour per class: as many distinct fills on the map as classes (every class holds a Gemeinde).
    expect(page.locator("#map .choroplethlocation")).to_have_count(13)
    page.wait_for_function(
        "n => new Set([...document.querySelectorAll('#map .choroplethlocation')]"
        ".map(p => getComputedStyle(p).fill)).size === n",
        arg=len(expected),
    )


def test_scheme_choice_goes_into_the_address_and_back_to_continuous(page: Page):
    page.goto(f"/{THEME}?indikator={INDICATOR}&jahr=2023")
    expect(page.locator("#map .gtitle")).to_contain_text("2023")
    assert _ticks(page) == []
    page.locator("#map-scheme").click()
    page.get_by_role("option", name="Gleiche Abstände").click()
    expect(page).to_have_url(re.compile(r"klassen=gleich"))
    page.wait_for_function(
        "() => [...document.querySelectorAll('#map .colorbar text')].some(t => t.textContent.includes('–'))"
    )
    assert len(_ticks(page)) == 5
    page.get_by_label("Abweichung vom Kreiswert zeigen").check()
    expect(page).to_have_url(re.compile(r"abweichung=1"))
    page.go_back()
    expect(page).not_to_have_url(re.compile(r"abweichung=1"))
    expect(page.get_by_label("Abweichung vom Kreiswert zeigen")).not_to_be_checked()
    page.go_back()
    expect(page).not_to_have_url(re.compile(r"klassen="))
    page.wait_for_function(
        "() => ![...document.querySelectorAll('#map .colorbar text')].some(t => t.textContent.includes('–'))"
    )
    query = parse_qs(urlsplit(page.url).query)
    assert query["indikator"] == [INDICATOR]


def test_kreis_only_indicator_shows_the_lands_kreise_and_back(page: Page):
    """An indicator published per Kreis only: the 45 Kreise of Niedersachsen, Cloppenburg outlined; then back."""
    page.goto("/migration-und-integration?indikator=integrationskurs_teilnehmende")
    expect(page.locator("#message")).to_contain_text("nur je Kreis veröffentlicht")
    expect(page.locator("#message")).to_contain_text("Die Karte zeigt die Kreise in Niedersachsen")
    expect(page.locator("#map .gtitle")).to_contain_text("Kreise in Niedersachsen")
    page.wait_for_function("() => document.querySelectorAll('#map .choroplethlocation').length >= 45")
    labels = page.locator("#map .scattergeo text").all_text_contents()
    assert any("Cloppenburg" in text for text in labels)
    expect(page.locator("#references")).to_contain_text("Landkreis Cloppenburg")

    page.locator("#indicator").click()
    page.get_by_role("option", name="Ausländeranteil", exact=True).click()
    expect(page.locator("#map .gtitle")).not_to_contain_text("Kreise in Niedersachsen")
    page.wait_for_function("() => document.querySelectorAll('#map .choroplethlocation').length === 13")
    expect(page.locator("#message")).not_to_contain_text("Die Karte zeigt die Kreise")


def test_table_alternative_has_the_maps_values_and_sorts(page: Page, boundaries):
    """The table lists every Gemeinde with the map's value or sign; pressing "Wert" sorts, signs stay last."""
    page.goto("/allgemeinbildende-schulen?indikator=anteil_abgaenger_ohne_hsa&jahr=2015")
    expect(page.locator("#map .gtitle")).to_contain_text("2015")
    page.locator("#value-table summary", has_text="Werte als Tabelle").click()
    table = page.locator("#value-table table")
    expect(table.locator("tbody tr")).to_have_count(len(boundaries.keys))
    expect(table.locator("caption")).to_contain_text("Demodaten (synthetisch)")
    rows = table.locator("tbody tr").evaluate_all(
        "rs => rs.map(r => [r.children[0].textContent, r.children[1].textContent, r.children[2].textContent])"
    )
    signed = [row for row in rows if row[2]]
    assert signed and all(row[1] == ". (geheim / unbekannt)" for row in signed if row[2] == ".")
    assert all("0,0" not in row[1] for row in signed)  # a sign is never a zero
    # The map's labels say the same numbers.
    labels = " ".join(page.locator("#map .scattergeo text").all_text_contents())
    for name, value, sign in rows:
        if not sign:
            assert value.removesuffix(" %") in labels, name

    table.get_by_role("button", name="Wert").click()
    expect(table.locator("th[aria-sort=ascending]")).to_have_count(1)
    ordered = table.locator("tbody tr td:nth-child(2)").all_text_contents()
    numbers = [float(v.removesuffix(" %").replace(",", ".")) for v in ordered if v.endswith("%")]
    assert numbers == sorted(numbers) and all(not v.endswith("%") for v in ordered[len(numbers) :])
    table.get_by_role("button", name="Wert").click()
    expect(table.locator("th[aria-sort=descending]")).to_have_count(1)
    ordered = table.locator("tbody tr td:nth-child(2)").all_text_contents()
    numbers = [float(v.removesuffix(" %").replace(",", ".")) for v in ordered if v.endswith("%")]
    assert numbers == sorted(numbers, reverse=True)


def test_gemeinde_select_by_keyboard_selects_and_follows_map_clicks(page: Page):
    page.goto("/fruehkindliche-bildung")
    select = page.get_by_label("Gemeinde wählen")
    select.focus()
    select.select_option(label="Emstek")
    expect(page).to_have_url(re.compile(r"gemeinde=03453005"))
    expect(page.locator("#trend .legendtext").filter(has_text=re.compile("^Emstek$"))).to_have_count(1)
    label = page.locator("#map text", has_text="Garrel").first.bounding_box()
    assert label is not None
    page.mouse.click(label["x"] + label["width"] / 2, label["y"] + label["height"] / 2)
    expect(select).to_have_value("03453008")
    selected = page.locator("#references .bm-ref-selected")
    expect(selected.locator(".bm-ref-name")).to_have_text("Garrel")
    expect(selected).to_contain_text(re.compile(r"zu Landkreis Cloppenburg: [+\u2212±]\d+,\d Prozentpunkte?"))
    expect(selected).to_contain_text(re.compile(r"zu Niedersachsen: [+\u2212±]\d+,\d Prozentpunkte?"))
    page.get_by_role("button", name="Auswahl aufheben").click()
    expect(page.locator("#references .bm-ref-selected")).to_have_count(0)
    expect(select).to_have_value("keine")
    expect(page).not_to_have_url(re.compile("gemeinde="))
