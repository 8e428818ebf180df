"""Every special sign on the map in a real Chromium: its own fill, legend entry and hover text, never a 0.

Which Gemeinde carries which sign comes from the same demo store the live server reads.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from data_access.store import Store
from data_access.views import build_view
from figures import SIGN_FILLS
from texts import SIGNS

pytestmark = pytest.mark.browser


def rgb(colour: str) -> str:
    return "rgb({}, {}, {})".format(*(int(colour[i : i + 2], 16) for i in (1, 3, 5)))


@pytest.mark.parametrize(
    "theme,indicator,year,sign",
    [
        ("allgemeinbildende-schulen", "anteil_abgaenger_ohne_hsa", 2015, "."),
        ("allgemeinbildende-schulen", "ganztagsschulanteil", 2024, "..."),
        ("migration-und-integration", "anteil_abgaenger_ohne_hsa_auslaendisch", 2015, "x"),
        ("weiterbildung", "weiterbildungsbeteiligung", 2020, "/"),
    ],
)
def test_each_sign_has_fill_legend_and_hover(page: Page, seeded_db, boundaries, theme, indicator, year, sign):
    view = build_view(Store(f"sqlite:///{seeded_db}"), boundaries, indicator, year)
    names = {g.ags: g.name for g in boundaries.gemeinden}
    signed = [names[key] for key in view.values.loc[view.values["sign"] == sign, "region_key"]]
    assert signed, f"the demo store has no {sign!r} for {indicator} {year}"

    page.goto(f"/{theme}?indikator={indicator}&jahr={year}")
    expect(page.locator("#map .gtitle")).to_contain_text(view.period_label)
    expect(page.locator("#map .legendtext", has_text=f"{sign} = {SIGNS[sign]}")).to_be_visible()
    # The geometry arrives after the layout: wait until plotly has painted the sign's fill, then count it.
    expect(page.locator("#map .choroplethlocation")).to_have_count(len(boundaries.keys))
    page.wait_for_function(
        "([fill, n]) => [...document.querySelectorAll('#map .choroplethlocation')]"
        ".filter(p => getComputedStyle(p).fill === fill).length === n",
        arg=[rgb(SIGN_FILLS[sign]), len(signed)],
    )

    labels = page.locator("#map .scattergeo text").evaluate_all("ts => ts.map(t => t.textContent)")
    for name in signed:
        label = next(text for text in labels if text.startswith(name.split(" ")[0]))
        assert label.endswith(sign) and not label.endswith("0"), label  # the sign, never a zero
    target = page.locator("#map .scattergeo text", has_text=signed[0].split(" ")[0]).first.bounding_box()
    assert target is not None
    page.mouse.move(target["x"] + target["width"] / 2, target["y"] + target["height"] / 2)
    expect(page.locator("#map .hoverlayer")).to_contain_text(SIGNS[sign])


def test_limited_reliability_values_stand_in_brackets(page: Page, seeded_db, boundaries):
    view = build_view(Store(f"sqlite:///{seeded_db}"), boundaries, "weiterbildungsbeteiligung", 2020)
    limited = view.values.loc[view.values["quality"] == "()", "region_key"].tolist()
    assert limited
    page.goto("/weiterbildung?indikator=weiterbildungsbeteiligung&jahr=2020")
    expect(page.locator("#map .gtitle")).to_contain_text(view.period_label)
    expect(page.locator("#map .legendtext", has_text="() = eingeschränkte Aussagekraft")).to_have_count(0)
    labels = page.locator("#map .scattergeo text").evaluate_all("ts => ts.map(t => t.textContent)")
    bracketed = [text for text in labels if re.search(r"\(\d+,\d\)$", text)]
    assert len(bracketed) == len(limited)
    expect(page.locator("#map .annotation-text", has_text="() = eingeschränkte Aussagekraft")).to_be_visible()


def test_a_dash_zero_count_is_drawn_as_zero_with_its_meaning(page: Page, seeded_db, boundaries):
    """'-' on a count is a true zero (the series' rule): the map shows 0 and says "nichts vorhanden"."""
    view = build_view(Store(f"sqlite:///{seeded_db}"), boundaries, "integrationskurs_stunden_vhs", 2015)
    zero = view.values.loc[view.values["sign"] == "-"]
    assert len(zero) and (zero["value"] == 0).all()
    name = {g.ags: g.name for g in boundaries.gemeinden}[zero["region_key"].iloc[0]]
    page.goto("/weiterbildung?indikator=integrationskurs_stunden_vhs&jahr=2015")
    expect(page.locator("#map .gtitle")).to_contain_text("2015")
    label = page.locator("#map .scattergeo text", has_text=name.split(" ")[0]).first
    expect(label).to_contain_text("0")
    box = label.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(page.locator("#map .hoverlayer")).to_contain_text("nichts vorhanden")
