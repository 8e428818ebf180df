"""The presentation's slides and the map labels' contrast, without a browser.

Slides are built on the server once per page load; what they carry (texts, figure,
Gemeinde cards) is what the browser switches between, so it is checked here in full.
"""

from __future__ import annotations

import re

import plotly.colors
import pytest

from callbacks.context import AppContext
from callbacks.presentation import explorer_href, slide_data
from config import Settings
from data_access import catalogue, decks
from data_access.views import build_view
from figures import COLOURSCALES, DARK_LABEL, LIGHT_LABEL, contrast, fill_colour, map_update, view_map_values
from figures.presentation import LABEL_SIZE

WCAG_AA = 4.5


@pytest.fixture
def ctx(store, boundaries, tmp_path) -> AppContext:
    return AppContext(settings=Settings(instance_dir=tmp_path), store=store, boundaries=boundaries)


@pytest.fixture
def deck(store) -> decks.DeckSpec:
    return decks.seed_example(store)


def test_every_slide_carries_texts_figure_and_cards(ctx, deck, boundaries):
    slides = [slide_data(ctx, deck, view) for view in deck.views]
    assert [s["title"].split(",")[0] for s in slides] == [
        catalogue.indicator(indicator).name for _, indicator, *_ in decks.EXAMPLE_VIEWS
    ]
    for slide, view in zip(slides, deck.views, strict=True):
        assert re.search(r"(Stichtag \d+\. \w+|Jahr) \d{4}$", slide["title"])
        assert slide["heading"] == view.heading
        assert slide["demo"] is True and "Demodaten (synthetisch)" in slide["source"]
        assert slide["attribution"] == "© GeoBasis-DE / BKG 2016 (Daten verändert)"
        figure = slide["figure"]
        assert figure["data"][0]["geojson"] == ctx.geojson_url  # geometry by URL: cached, never resent
        assert figure["data"][2]["textfont"]["size"] == LABEL_SIZE >= 18
        assert figure["layout"]["title"] == {"text": ""}  # the title is HTML above the map
        shown = len(figure["data"][0]["locations"]) + len(figure["data"][1]["locations"])
        assert shown == len(boundaries.keys)
        assert set(slide["regions"]) == set(boundaries.keys)
        card = slide["regions"][boundaries.keys[0]]
        assert len(card["trend"]["years"]) == len(card["trend"]["values"]) >= 5
        assert slide["kreis"]["name"] == "Landkreis Cloppenburg" and slide["land"]["name"] == "Niedersachsen"
        assert slide["explorer"].startswith(f"/{view.theme}?indikator={view.indicator}&jahr=")


def test_highlighted_gemeinde_leads_the_reference_band_with_its_own_value(ctx, deck, store, boundaries):
    view = deck.views[1]
    slide = slide_data(ctx, deck, view)
    first = slide["references"][0]
    assert first["level"] == "Gemeinde" and first["name"] == "Emstek"
    built = build_view(store, boundaries, view.indicator, None, view.gemeinde)
    value = built.values.set_index("region_key").loc[view.gemeinde, "value"]
    assert first["value"] == f"{value:.1f} %".replace(".", ",")
    assert [r["level"] for r in slide["references"][1:]] == ["Kreis", "Land", "Bund"]


def test_a_view_without_data_says_so_instead_of_failing(ctx, store):
    decks.create_deck(store, "Alte Mappe")
    decks.add_view(store, "alte-mappe", "weiterbildung", "vhs_kurse", 1990)
    deck = decks.get_deck(store, "alte-mappe")
    slide = slide_data(ctx, deck, deck.views[0])
    assert slide["missing"] is True and "figure" not in slide
    assert "1990" in slide["subtitle"]


def test_explorer_href_leaves_out_what_the_view_does_not_fix():
    view = decks.SlideSpec(1, 1, "weiterbildung", "vhs_kurse", None, None, "", "")
    assert explorer_href(view) == "/weiterbildung?indikator=vhs_kurse"
    assert explorer_href(view, 2023) == "/weiterbildung?indikator=vhs_kurse&jahr=2023"


@pytest.mark.parametrize("polarity", sorted(COLOURSCALES))
def test_fill_colour_matches_what_plotly_draws(polarity):
    scale = [[i / 8, c] for i, c in enumerate(COLOURSCALES[polarity])]
    for share in (0.0, 0.13, 0.5, 0.61, 0.99, 1.0):
        expected = plotly.colors.sample_colorscale(scale, [share])[0]
        r, g, b = (int(x) for x in re.findall(r"[\d.]+", expected)[:3])
        ours = fill_colour(polarity, share)
        got = tuple(int(ours[i : i + 2], 16) for i in (1, 3, 5))
        assert max(abs(a - e) for a, e in zip(got, (r, g, b), strict=True)) <= 1, (share, ours, expected)


def test_every_map_label_keeps_4_5_to_1_against_its_fill(store, boundaries):
    """All indicators, all years of the demo store: every label, dark or white, reads at WCAG AA."""
    checked = 0
    for spec in catalogue.INDICATORS:
        for year in store.years(spec.id, [*boundaries.keys, boundaries.kreis_key]):
            view = build_view(store, boundaries, spec.id, year)
            if view is None:
                continue
            update = dict(map_update(boundaries, view_map_values(view)))
            zmin, zmax = view.zrange
            values = view.values.set_index("region_key")["value"]
            colours = update[("data", 2, "textfont", "color")]
            for g, colour in zip(boundaries.gemeinden, colours, strict=True):
                value = values.get(g.ags)
                if value is None or value != value:
                    continue
                share = (float(value) - zmin) / ((zmax - zmin) or 1.0)
                fill = fill_colour(spec.polarity, share)
                assert colour in (DARK_LABEL, LIGHT_LABEL)
                assert contrast(colour, fill) >= WCAG_AA, (spec.id, year, g.name, colour, fill)
                checked += 1
    assert checked > 2000


def test_a_kreis_only_slide_shows_the_lands_kreise(store, boundaries, tmp_path):
    from pathlib import Path

    from data_access.geodata import load_land_kreise

    kreise = load_land_kreise(Path(__file__).parents[1] / "geodata" / "kreise_03.geojson")
    ctx = AppContext(settings=Settings(instance_dir=tmp_path), store=store, boundaries=boundaries, kreise=kreise)
    decks.create_deck(store, "Integration")
    decks.add_view(store, "integration", "migration-und-integration", "integrationskurs_teilnehmende")
    deck = decks.get_deck(store, "integration")
    slide = slide_data(ctx, deck, deck.views[0])
    figure = slide["figure"]
    drawn = {key for trace in figure["data"] if trace.get("type") == "choropleth" for key in trace["locations"]}
    assert drawn == set(kreise.keys) and len(drawn) == 45
    assert figure["layout"]["title"] == {"text": ""}
    labels = [trace for trace in figure["data"] if trace.get("mode") == "text"]
    assert labels and all(trace["textfont"]["size"] == LABEL_SIZE for trace in labels)
