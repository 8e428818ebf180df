"""Map classes and palettes: bounds are mapclassify's, colours follow polarity, labels stay readable."""

from __future__ import annotations

import mapclassify
import numpy as np
import pytest

import figures
from data_access.views import build_view
from figures import classes
from formatting import format_number

VALUES = [3.0, 4.1, 4.4, 5.0, 5.6, 6.1, 7.4, 8.0, 9.9, 12.5, 13.7, 15.2, 21.0]


@pytest.mark.parametrize(
    "scheme,name", [("quantile", "Quantiles"), ("gleich", "EqualInterval"), ("natuerlich", "FisherJenks")]
)
def test_bounds_are_mapclassifys(scheme, name):
    bounds = classes.class_bounds(VALUES, scheme)
    expected = getattr(mapclassify, name)(np.array(VALUES), k=classes.CLASSES).bins
    assert bounds[0] == min(VALUES)
    assert list(bounds[1:]) == pytest.approx(list(expected))
    assert len(bounds) == classes.CLASSES + 1


def test_continuous_has_no_bounds_and_unknown_schemes_fall_back():
    assert classes.class_bounds(VALUES, "stetig") == ()
    assert classes.valid_scheme("quantile") == "quantile"
    assert classes.valid_scheme("<script>") == classes.DEFAULT_SCHEME
    assert classes.valid_scheme(["quantile"]) == classes.DEFAULT_SCHEME


def test_few_distinct_values_give_fewer_classes():
    assert len(classes.class_bounds([2.0, 2.0, 5.0], "quantile")) - 1 == 2


def _view(store, boundaries, indicator="betreuungsquote_u3", year=2024):
    return build_view(store, boundaries, indicator, year)


def _values(view, **kwargs) -> figures.MapValues:
    mv = figures.view_map_values(view)
    return figures.MapValues(**{**mv.__dict__, **kwargs})


@pytest.mark.parametrize("scheme", ["quantile", "gleich", "natuerlich"])
def test_classed_map_legend_shows_mapclassify_bounds_in_german(store, boundaries, scheme):
    view = _view(store, boundaries)
    update = dict(figures.map_update(boundaries, _values(view, scheme=scheme)))
    present = update[("data", 0, "locations")]
    values = view.values.set_index("region_key").loc[present, "value"].astype(float).tolist()
    bounds = classes.class_bounds(values, scheme)
    ticktext = update[("data", 0, "colorbar", "ticktext")]
    assert ticktext == [
        f"{format_number(bounds[i], 1)} – {format_number(bounds[i + 1], 1)}" for i in range(len(bounds) - 1)
    ]
    assert all("," in text for text in ticktext)  # German decimal comma
    z = update[("data", 0, "z")]
    assert set(z) <= set(update[("data", 0, "colorbar", "tickvals")])
    for value, cls in zip(values, z, strict=True):  # every Gemeinde in the class its value falls in
        assert bounds[int(cls)] <= value <= bounds[int(cls) + 1]
    # The hover still tells the exact value, not the class.
    assert update[("data", 0, "customdata")][0][1].endswith(" %")


def test_continuous_map_has_no_class_ticks(store, boundaries):
    update = dict(figures.map_update(boundaries, _values(_view(store, boundaries))))
    assert update[("data", 0, "colorbar", "tickvals")] is None
    assert update[("data", 0, "colorbar", "ticktext")] is None


def test_diverging_scale_is_centred_on_the_kreis_value(store, boundaries):
    view = _view(store, boundaries)
    kreis = next(r.value for r in view.references if r.level == "Kreis")
    update = dict(figures.map_update(boundaries, _values(view, centre=kreis)))
    zmin, zmax = update[("data", 0, "zmin")], update[("data", 0, "zmax")]
    assert (zmin + zmax) / 2 == pytest.approx(kreis)
    scale = update[("data", 0, "colorscale")]
    assert scale[len(scale) // 2][1] == "#f7f7f7"  # the Kreis value is the neutral middle
    assert scale[-1][1] == classes.DIVERGING[1][-1]  # betreuungsquote_u3: higher is better → blue end


def test_polarity_sets_direction_and_neutral_indicators_get_a_neutral_hue(store, boundaries):
    better = dict(figures.map_update(boundaries, _values(_view(store, boundaries, "betreuungsquote_u3"))))
    worse = dict(figures.map_update(boundaries, _values(_view(store, boundaries, "anteil_abgaenger_ohne_hsa"))))
    neutral = dict(figures.map_update(boundaries, _values(_view(store, boundaries, "auslaenderanteil"))))
    assert better[("data", 0, "colorscale")][-1][1] == figures.COLOURSCALES[1][-1]
    assert worse[("data", 0, "colorscale")][-1][1] == figures.COLOURSCALES[-1][-1]
    assert neutral[("data", 0, "colorscale")][-1][1] == figures.COLOURSCALES[0][-1]


@pytest.mark.parametrize("scheme", ["quantile", "natuerlich"])
@pytest.mark.parametrize("diverging", [False, True])
def test_labels_keep_contrast_on_classed_and_diverging_maps(store, boundaries, scheme, diverging):
    view = _view(store, boundaries)
    kreis = next(r.value for r in view.references if r.level == "Kreis")
    mv = _values(view, scheme=scheme, centre=kreis if diverging else None)
    update = dict(figures.map_update(boundaries, mv))
    colours = dict(zip(boundaries.keys, update[("data", 2, "textfont", "color")], strict=True))
    scale = classes.Scale(update[("data", 0, "colorscale")], update[("data", 0, "zmin")], update[("data", 0, "zmax")])
    for key, z in zip(update[("data", 0, "locations")], update[("data", 0, "z")], strict=True):
        assert figures.contrast(colours[key], classes.colour_at(scale, z)) >= 4.5
