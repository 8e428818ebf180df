"""Pure figure builders: DataFrames and boundaries in, plotly figures out.

Nothing here knows SQL or Dash callbacks. The map is split in two: a base
figure that references the geometry by URL (sent once) and a value update,
a list of ``(path, value)`` pairs that a callback sends as a ``Patch`` and an
export applies to the base to get the full figure.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.graph_objects as go

import texts
from data_access.catalogue import IndicatorSpec
from data_access.geodata import Boundaries
from data_access.views import View
from figures.classes import (
    DEFAULT_SCHEME,
    DIVERGING,
    class_bounds,
    classed,
    colour_at,
    continuous,
    diverging_range,
)
from figures.labels import visible_labels
from formatting import format_date, format_value, is_missing

FONT = "DejaVu Sans, Arial, sans-serif"
MISSING_COLOUR = "#cfcfcf"
CROWDED_MAP = 20  # above this many Gemeinden the map labels show names only, smaller
# app.css sizes the labels min(map width - 60 px, map height - 128 px) / 42, from 9 to 11 px, and hides them
# below 440 px: a plot square of 462 px at 11 px has the most label per map (as 380 px at 9 px).
LABEL_PLOT_PX, LABEL_FONT_PX = 462, 11
# Each "no value" sign its own neutral fill and legend entry (never a data colour); a Gemeinde
# without any row ("keine Angabe") is the trace MISSING_TRACE. The label on the shape repeats the sign.
SIGN_FILLS = {
    ".": "#8a8a8a",  # geheim: the darkest, it is what a reader asks about
    "/": "#b0b0b0",
    "...": "#d6d6d6",
    "x": "#ffffff",
    "-": "#efe7d6",  # nothing there, where the series does not make it a zero count
}
SIGN_ORDER = tuple(SIGN_FILLS)
SIGN_TRACE = {sign: 3 + i for i, sign in enumerate(SIGN_ORDER)}  # after values (0), no row (1), labels (2)
SIGN_OUTLINE = "#6f6f6f"
TITLE_WIDTH = 46  # characters per map title line: fits a phone's map at the smallest title size
MAP_TOP = 48  # px above the map for a one-line title
TITLE_LINE = 22  # px per further title line
LIMITED = "()"  # limited reliability: a value, shown in brackets
DARK_LABEL = "#000000"  # black, not near-black: with white it keeps ≥ 4.58:1 on every fill
LIGHT_LABEL = "#ffffff"
LINE_COLOUR = "#ffffff"
SELECTED_LINE = "#111111"
# ColorBrewer sequential scales, light = low: blue where higher is better, orange-red
# where higher is worse, purple (no good/bad connotation) for context indicators.
COLOURSCALES = {
    1: [
        "#f7fbff",
        "#deebf7",
        "#c6dbef",
        "#9ecae1",
        "#6baed6",
        "#4292c6",
        "#2171b5",
        "#08519c",
        "#08306b",
    ],
    -1: [
        "#fff7ec",
        "#fee8c8",
        "#fdd49e",
        "#fdbb84",
        "#fc8d59",
        "#ef6548",
        "#d7301f",
        "#b30000",
        "#7f0000",
    ],
    0: [
        "#fcfbfd",
        "#efedf5",
        "#dadaeb",
        "#bcbddc",
        "#9e9ac8",
        "#807dba",
        "#6a51a3",
        "#54278f",
        "#3f007d",
    ],
}
SERIES_STYLE = {
    "Gemeinde": {"color": "#1f4e99", "dash": "solid", "width": 3},
    "Kreis": {"color": "#d55e00", "dash": "solid", "width": 2},
    "Land": {"color": "#555555", "dash": "dot", "width": 2},
    "Bund": {"color": "#999999", "dash": "dash", "width": 1.5},
}

Update = list[tuple[tuple[str | int, ...], Any]]

# A small template of our own: plotly's default one adds ≈ 6.5 KB to every figure sent.
TEMPLATE = go.layout.Template(
    layout={
        "font": {"family": FONT, "color": "#222222"},
        "colorway": ["#1f4e99", "#d55e00", "#555555", "#999999"],
        "xaxis": {"gridcolor": "#e5e5e5", "linecolor": "#999999", "zeroline": False, "automargin": True},
        "yaxis": {"gridcolor": "#e5e5e5", "linecolor": "#999999", "zeroline": False, "automargin": True},
        "hoverlabel": {"font": {"family": FONT}},
    }
)
TEMPLATE_JSON = TEMPLATE.to_plotly_json()


@dataclass(frozen=True)
class MapValues:
    """What the map shows for one indicator and year."""

    spec: IndicatorSpec
    period_label: str
    values: pd.DataFrame  # region_key, value, sign (one row per Gemeinde, boundary order)
    zrange: tuple[float, float]
    demo: bool
    selected: str | None = None
    stand: str | None = None
    scheme: str = DEFAULT_SCHEME  # figures.classes.SCHEMES: continuous or mapclassify classes
    centre: float | None = None  # a diverging scale centred here (the Kreis value), if asked for


def provenance(kind: object, stand: object, basis: object = None) -> str:
    """Where one value comes from, for its hover: the demo label, or the source table's Stand and basis."""
    if kind == "demo":
        return texts.DEMO_LABEL
    text = texts.STAND_UNKNOWN if _missing(stand) else f"{texts.STAND} {format_date(pd.Timestamp(stand).date())}"
    return text if _missing(basis) else f"{text}, {basis}"


def _missing(value: object) -> bool:
    return value is None or value is pd.NaT or (isinstance(value, float) and value != value)


def _luminance(colour: str) -> float:
    """WCAG relative luminance of ``#rrggbb``."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def fill_colour(polarity: int, share: float) -> str:
    """The colour plotly draws at ``share`` (0–1) of the scale: linear RGB interpolation, as plotly.js does."""
    colours = COLOURSCALES.get(polarity, COLOURSCALES[0])
    position = min(max(share, 0.0), 1.0) * (len(colours) - 1)
    i = min(int(position), len(colours) - 2)
    t = position - i
    a, b = colours[i], colours[i + 1]
    mixed = [round(int(a[k : k + 2], 16) * (1 - t) + int(b[k : k + 2], 16) * t) for k in (1, 3, 5)]
    return "#" + "".join(f"{c:02x}" for c in mixed)


@functools.lru_cache(maxsize=1024)
def label_colour(fill: str) -> str:
    """Dark or white label text, whichever contrasts more with the fill beneath it."""
    return DARK_LABEL if contrast(DARK_LABEL, fill) >= contrast(LIGHT_LABEL, fill) else LIGHT_LABEL


def colourscale(polarity: int) -> list[list]:
    """Explicit ``[position, colour]`` pairs: plotly.js takes no bare colour lists in a Patch."""
    colours = COLOURSCALES.get(polarity, COLOURSCALES[0])
    return [[i / (len(colours) - 1), colour] for i, colour in enumerate(colours)]


def graph_config(filename: str) -> dict:
    """Offline graph config: the page's locale, the local base-map stub, no logo link, no cloud button or
    link, image export named after the view (the app's plotly.js has the same offline defaults)."""
    return {
        "locale": texts.PLOTLY_LOCALE,
        "displaylogo": False,
        "showLink": False,
        "showSendToCloud": False,
        "showEditInChartStudio": False,
        "topojsonURL": "/assets/topojson/",
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
        "modeBarButtonsToRemove": ["select2d", "lasso2d"],
    }


def foot_note(text: str, yshift: int, name: str | None = None) -> dict:
    """A line of small print under the plot area (source, attribution, sign legend)."""
    note = {
        "text": text,
        "xref": "paper",
        "yref": "paper",
        "x": 0,
        "y": 0,
        "yshift": yshift,
        "xanchor": "left",
        "yanchor": "bottom",
        "align": "left",
        "showarrow": False,
        "font": {"size": 10, "color": "#444444"},
    }
    if name:
        note["name"] = name
    return note


def _label(name: str) -> str:
    """Map label: "Essen (Oldenburg)" → "Essen<br>(Oldenburg)" so labels stay narrow."""
    return name.replace(" (", "<br>(")


def legible_labels(
    boundaries: Boundaries, texts: list[str], selected: str | None = None
) -> tuple[list[str], list[int] | None]:
    """On a crowded map the labels that fit side by side, the others blank (their names stay in the hover),
    and each label's rank for the browser, which hides more where the map is drawn smaller
    (``assets/10_app/map_labels.js``).

    Chosen at the explorer's smallest labelled map, where the labels are largest for its size
    (``LABEL_PLOT_PX`` at ``LABEL_FONT_PX``): larger maps and exports only gain room. Larger Gemeinden
    go first, a selected one before all. Up to ``CROWDED_MAP`` Gemeinden every label stays and no
    ranks are sent: a Kreis of that size has been checked to fit its names and values.
    """
    if len(boundaries.gemeinden) <= CROWDED_MAP:
        return texts, None
    points = [(g.label_lon, g.label_lat) for g in boundaries.gemeinden]
    priority = [math.inf if g.ags == selected else g.area_km2 for g in boundaries.gemeinden]
    shown = visible_labels(points, texts, boundaries.bounds, LABEL_PLOT_PX, LABEL_PLOT_PX, LABEL_FONT_PX, priority)
    order = sorted(range(len(priority)), key=lambda i: (-priority[i], i))
    ranks = [0] * len(order)
    for rank, i in enumerate(order):
        ranks[i] = rank
    return [text if keep else "" for text, keep in zip(texts, shown, strict=True)], ranks


def source_line(spec: IndicatorSpec, demo: bool, width: int = 0, stand: str | None = None) -> str:
    """Source line for the foot of a figure; ``width`` wraps it for narrow charts.

    Demo data never name an official table as their source: the numbers are invented.
    """
    if demo:
        text = f"{texts.DEMO_LABEL}: {texts.DEMO_NOTE}"
    else:
        text = f"{texts.SOURCE}: {spec.source}" + (f", {texts.STAND} {stand}" if stand else "")
    return wrap_words(text, width) if width else text


def wrap_words(text: str, width: int) -> str:
    """Break text into ``<br>`` lines of at most ``width`` characters (plotly does not wrap)."""
    lines: list[str] = []
    for paragraph in text.split("<br>"):
        current = ""
        for word in paragraph.split(" "):
            if current and len(current) + 1 + len(word) > width:
                lines.append(current)
                current = word
            else:
                current = f"{current} {word}".strip()
        lines.append(current)
    return "<br>".join(lines)


def map_legend(y: float, anchor: str) -> dict:
    """The legend of a map (sign entries, a highlight): in a corner, on white, not clickable."""
    return {
        "x": 0,
        "xanchor": "left",
        "y": y,
        "yanchor": anchor,
        "bgcolor": "rgba(255,255,255,0.85)",
        "font": {"size": 12},
        "itemclick": False,
        "itemdoubleclick": False,
    }


def _flat_trace(geojson_url: str, fill: str, outline: str, name: str, rank: int) -> go.Choropleth:
    """An empty choropleth in one flat fill: its locations arrive with the update (no value, a sign)."""
    return go.Choropleth(
        geojson=geojson_url,
        featureidkey="properties.ags",
        locations=[],
        z=[],
        customdata=[],
        hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<br>%{customdata[2]}<extra></extra>",
        colorscale=[[0, fill], [1, fill]],
        showscale=False,
        marker={"line": {"color": outline, "width": 1.0}},
        name=name,
        showlegend=False,
        legendrank=rank,
    )


def map_base(boundaries: Boundaries, geojson_url: str) -> go.Figure:
    """Map shell: geometry by URL, Gemeinde labels, attribution. Values come with :func:`map_update`."""
    keys = boundaries.keys
    n = len(keys)
    base_labels, base_ranks = legible_labels(boundaries, [_label(g.name) for g in boundaries.gemeinden])
    fig = go.Figure()
    fig.add_trace(
        go.Choropleth(
            geojson=geojson_url,
            featureidkey="properties.ags",
            locations=keys,
            z=[None] * n,
            customdata=[[g.name, "", ""] for g in boundaries.gemeinden],
            hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<br>%{customdata[2]}<extra></extra>",
            colorscale=colourscale(0),
            marker={"line": {"color": [LINE_COLOUR] * n, "width": [1.0] * n}},
            colorbar={
                "thickness": 14,
                "len": 0.75,
                "title": {"text": ""},
                "tickformat": ",~r",
            },
            name=texts.TRACE_VALUES,
        )
    )
    missing_name = f"{texts.MAP_MISSING_SHORT} = {texts.MAP_MISSING}"
    fig.add_trace(_flat_trace(geojson_url, MISSING_COLOUR, LINE_COLOUR, missing_name, 900))
    fig.add_trace(
        go.Scattergeo(
            lon=[g.label_lon for g in boundaries.gemeinden],
            lat=[g.label_lat for g in boundaries.gemeinden],
            text=base_labels,
            customdata=base_ranks,
            mode="text",
            textfont={
                "family": FONT,
                "size": 9 if len(boundaries.gemeinden) > CROWDED_MAP else 11,
                "color": "#111111",
                "shadow": "auto",
            },
            hoverinfo="skip",
            showlegend=False,
            name=texts.TRACE_NAMES,
        )
    )
    for rank, sign in enumerate(SIGN_ORDER):
        fig.add_trace(
            _flat_trace(geojson_url, SIGN_FILLS[sign], SIGN_OUTLINE, f"{sign} = {texts.SIGNS[sign]}", 800 + rank)
        )
    fig.update_geos(
        fitbounds="locations",
        visible=False,
        projection_type="mercator",
        bgcolor="rgba(0,0,0,0)",
    )
    fig.update_layout(
        font={"family": FONT, "size": 13},
        template=TEMPLATE,
        separators=texts.PLOTLY_SEPARATORS,
        margin={"l": 0, "r": 0, "t": MAP_TOP, "b": 80},
        title={"text": "", "x": 0.01, "font": {"size": 17}},
        uirevision="map",
        dragmode=False,
        legend=map_legend(y=1, anchor="top"),
        modebar={"orientation": "v"},
        paper_bgcolor="white",
        annotations=[
            foot_note(texts.ATTRIBUTION, -76, name="attribution"),
            foot_note("", -50, name="source"),
            foot_note("", -22, name="signs"),
        ],
    )
    return fig


def map_title(name: str, period: str) -> str:
    """Indicator in bold, then the period; a long name wraps so a narrow map never cuts off the year."""
    lines = wrap_words(name, TITLE_WIDTH).split("<br>")
    # A space ends each broken line, so the title's text (screen readers, search) still reads as one.
    bold = " <br>".join(f"<b>{line}</b>" for line in lines)
    if len(lines[-1]) + len(period) + 3 <= TITLE_WIDTH:
        return f"{bold} – {period}"
    return f"{bold} <br>{period}"


def _plain(value: object) -> float | None:
    """A value as a float, or ``None`` for NaN / NA: what the label and hover code expects."""
    return None if value is None or is_missing(value) or value is pd.NA else float(value)  # type: ignore[arg-type]


def _rows_by_key(frame: pd.DataFrame, keys: Sequence[str]) -> dict[str, dict]:
    """One plain dict per Gemeinde (first row wins, ``{}`` for none), values as float or ``None``.

    Column lists zipped once: per-key DataFrame lookups cost 16 ms at 235 Gemeinden, ``to_dict`` still 2 ms.
    """
    columns = [c for c in frame.columns if c != "region_key"]
    rows: dict[str, dict] = {}
    for key, *cells in zip(frame["region_key"].tolist(), *(frame[c].tolist() for c in columns), strict=True):
        if key not in rows:
            rows[key] = dict(zip(columns, cells, strict=True))
    return {key: {**rows.get(key, {}), "value": _plain(rows.get(key, {}).get("value"))} for key in keys}


def map_update(boundaries: Boundaries, mv: MapValues) -> Update:
    """Everything that changes with indicator, year or selection: values, colours, texts."""
    spec = mv.spec
    values = _rows_by_key(mv.values, boundaries.keys)
    names = {g.ags: g.name for g in boundaries.gemeinden}
    present, no_row = [], []
    by_sign: dict[str, list[str]] = {sign: [] for sign in SIGN_ORDER}
    for key, row in values.items():
        sign = row.get("sign")
        if not is_missing(row.get("value")):
            present.append(key)
        elif isinstance(sign, str) and sign in by_sign:
            by_sign[sign].append(key)
        else:
            no_row.append(key)

    def limited(key: str) -> bool:
        return values[key].get("quality") == LIMITED or values[key].get("sign") == LIMITED

    def hover(key: str) -> list[str]:
        row = values[key]
        sign = row.get("sign")
        shown = format_value(row.get("value"), sign, spec.unit, spec.decimals)
        if limited(key) and not is_missing(row.get("value")):
            shown = f"({shown}) {texts.SIGNS[LIMITED]}"
        elif sign == "-" and not is_missing(row.get("value")):
            shown = f"{shown} ({texts.SIGNS['-']})"
        return [
            names[key],
            shown,
            f"{mv.period_label} · {provenance(row.get('kind'), row.get('stand'), row.get('basis'))}",
        ]

    palette = COLOURSCALES.get(spec.polarity, COLOURSCALES[0])
    zmin, zmax = mv.zrange
    if mv.centre is not None and not is_missing(mv.centre):
        palette = DIVERGING.get(spec.polarity, DIVERGING[0])
        zmin, zmax = diverging_range(zmin, zmax, float(mv.centre))
    shown = {key: float(values[key]["value"]) for key in present}
    bounds = class_bounds(list(shown.values()), mv.scheme)
    scale = classed(palette, bounds, spec.decimals, zmin, zmax) if bounds else continuous(palette, zmin, zmax)
    z = {key: float(scale.class_of(v)) if scale.bounds else v for key, v in shown.items()}
    labels, label_colours = [], []
    crowded = len(boundaries.gemeinden) > CROWDED_MAP
    for g in boundaries.gemeinden:
        row = values[g.ags]
        value = row.get("value")
        if is_missing(value):
            sign = row.get("sign")
            short = str(
                sign or texts.MAP_MISSING_SHORT
            )  # never "–" for no value: in official tables it means "nothing there"
            fill = SIGN_FILLS.get(sign, MISSING_COLOUR) if isinstance(sign, str) else MISSING_COLOUR
        else:
            short = format_value(value, None, "", spec.decimals)
            if limited(g.ags):
                short = f"({short})"
            fill = colour_at(scale, z[g.ags])
        labels.append(_label(g.name) if crowded else f"{_label(g.name)}<br><b>{short}</b>")
        label_colours.append(label_colour(fill))
    labels, ranks = legible_labels(boundaries, labels, mv.selected)

    widths = [3.5 if key == mv.selected else 1.0 for key in present]
    colours = [SELECTED_LINE if key == mv.selected else LINE_COLOUR for key in present]
    title = map_title(spec.name, mv.period_label)
    shown_signs = [sign for sign in SIGN_ORDER if by_sign[sign]]
    if any(limited(k) for k in present):
        shown_signs.append(LIMITED)
    explained = [f"{sign} = {texts.SIGNS[sign]}" for sign in shown_signs] + (
        [f"{texts.MAP_MISSING_SHORT} = {texts.MAP_MISSING}"] if no_row else []
    )
    sign_text = texts.SIGN_LEGEND.format(signs="; ".join(explained)) if explained else ""
    sign_update: Update = []
    for sign in SIGN_ORDER:
        keys = by_sign[sign]
        trace = SIGN_TRACE[sign]
        sign_update += [
            (("data", trace, "locations"), keys),
            (("data", trace, "z"), [0] * len(keys)),
            (("data", trace, "customdata"), [hover(k) for k in keys]),
            (("data", trace, "showlegend"), bool(keys)),
        ]
    missing = no_row
    return [
        (("data", 0, "locations"), present),
        (("data", 0, "z"), [z[k] for k in present]),
        (("data", 0, "customdata"), [hover(k) for k in present]),
        (("data", 0, "colorscale"), scale.colourscale),
        (("data", 0, "zmin"), scale.zmin),
        (("data", 0, "zmax"), scale.zmax),
        (("data", 0, "colorbar", "tickvals"), list(scale.tickvals) if scale.tickvals else None),
        (("data", 0, "colorbar", "ticktext"), list(scale.ticktext) if scale.ticktext else None),
        (("data", 0, "marker", "line", "width"), widths),
        (("data", 0, "marker", "line", "color"), colours),
        (("data", 0, "colorbar", "title", "text"), spec.unit),
        (("data", 1, "locations"), missing),
        (("data", 1, "z"), [0] * len(missing)),
        (("data", 1, "customdata"), [hover(k) for k in missing]),
        (("data", 1, "showlegend"), bool(missing)),
        *sign_update,
        (("data", 2, "text"), labels),
        *([(("data", 2, "customdata"), ranks)] if ranks is not None else []),
        (("data", 2, "textfont", "color"), label_colours),
        (("layout", "title", "text"), title),
        (("layout", "margin", "t"), MAP_TOP + TITLE_LINE * (title.count("<br>"))),
        (("layout", "annotations", 1, "text"), source_line(spec, mv.demo, width=90, stand=mv.stand)),
        (("layout", "annotations", 2, "text"), sign_text),
    ]


def apply_update(figure: dict, update: Update) -> dict:
    """Apply ``(path, value)`` pairs to a figure dict (the export-side twin of a Patch)."""
    for path, value in update:
        node: Any = figure
        for step in path[:-1]:
            if isinstance(node, dict):
                node = node.setdefault(step, {})
            else:
                node = node[step]
        node[path[-1]] = value
    return figure


def map_figure(boundaries: Boundaries, geojson: str | dict, mv: MapValues) -> go.Figure:
    """The full map for one view, e.g. for an image export with the geometry inline."""
    base = map_base(boundaries, geojson).to_plotly_json()  # type: ignore[arg-type]
    return go.Figure(apply_update(base, map_update(boundaries, mv)))


def _chart_layout(title: str, margin: dict, **layout: Any) -> dict:
    """Common frame of the small charts: font, template, the language's separators, title top left."""
    return {
        "font": {"family": FONT, "size": 12},
        "template": TEMPLATE_JSON,
        "separators": texts.PLOTLY_SEPARATORS,
        "margin": margin,
        "title": {"text": title, "font": {"size": 14}, "x": 0.01, "y": 0.98},
        "plot_bgcolor": "white",
        **layout,
    }


def _no_value_note(sign: str | None) -> str:
    return texts.SIGNS.get(sign or "", texts.MAP_MISSING)


def _json_number(value: object) -> float | None:
    """A float for JSON, ``None`` (null) for NaN: plain figure dicts skip plotly's encoder-side cleaning."""
    return None if is_missing(value) else float(value)  # type: ignore[arg-type]


def bar_dict(
    values: pd.DataFrame,
    names: dict[str, str],
    spec: IndicatorSpec,
    period_label: str,
    kreis_value: float | None,
    land_value: float | None,
    demo: bool,
    selected: str | None = None,
    stand: str | None = None,
) -> dict:
    """Gemeinden as bars in alphabetical order (no league table) with Kreis and Land lines, as a plain dict.

    Plain dicts cost a fraction of plotly's figure API per request; tests validate them with ``go.Figure``.
    """
    frame = values.assign(name=values["region_key"].map(names)).sort_values("name", ascending=False)
    keys, raw, signs = frame["region_key"].tolist(), frame["value"].tolist(), frame["sign"].tolist()
    colours = [
        "#1f4e99" if key == selected else ("#ffffff" if is_missing(v) else "#8fb3de")
        for key, v in zip(keys, raw, strict=True)
    ]
    labels = [
        format_value(v, s, "", spec.decimals)
        if not is_missing(v)
        else (f"{s} {_no_value_note(s)}" if s else texts.MAP_MISSING)
        for v, s in zip(raw, signs, strict=True)
    ]
    hover = [format_value(v, s, spec.unit, spec.decimals) for v, s in zip(raw, signs, strict=True)]
    bar = {
        "type": "bar",
        "x": [0.0 if is_missing(v) else float(v) for v in raw],
        "y": frame["name"].tolist(),
        "orientation": "h",
        "marker": {"color": colours, "line": {"color": "#1f4e99", "width": 1}},
        "text": labels,
        "textposition": "outside",
        "cliponaxis": False,
        "customdata": [[key, text] for key, text in zip(keys, hover, strict=True)],
        "hovertemplate": "<b>%{y}</b><br>%{customdata[1]}<extra></extra>",
        "name": spec.short_name,
    }
    shapes, references = [], []
    lines = ((texts.BAR_KREIS, kreis_value, "Kreis"), (texts.BAR_LAND, land_value, "Land"))
    for row, (level, value, style) in enumerate(lines):
        if value is None:
            continue
        line = SERIES_STYLE[style]
        shapes.append(
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": value,
                "x1": value,
                "y0": 0,
                "y1": 1,
                "line": {"color": line["color"], "dash": line["dash"], "width": 2},
            }
        )
        references.append(
            {
                "text": f"{level}: {format_value(value, None, spec.unit, spec.decimals)}",
                "xref": "x",
                "yref": "paper",
                "x": value,
                "y": 1,
                "yshift": 4 + 16 * row,
                "yanchor": "bottom",
                "showarrow": False,
                "font": {"size": 11, "color": line["color"]},
            }
        )
    layout = _chart_layout(
        title=f"{spec.short_name} ({spec.unit}) – {period_label}",
        margin={"l": 10, "r": 60, "t": 70, "b": 64},
        xaxis={"rangemode": "tozero", "separatethousands": True},
        yaxis={"automargin": True},
        height=max(420, 22 * len(frame) + 130),
        showlegend=False,
        shapes=shapes,
        annotations=[*references, foot_note(source_line(spec, demo, width=100, stand=stand), -62)],
    )
    return {"data": [bar], "layout": layout}


def bar_figure(*args: Any, **kwargs: Any) -> go.Figure:
    """:func:`bar_dict` as a validated plotly figure, for exports and tests."""
    return go.Figure(bar_dict(*args, **kwargs))


def trend_dict(
    series: pd.DataFrame,
    spec: IndicatorSpec,
    demo: bool,
    breaks: Sequence[tuple[int, str]] = (),
    stand: str | None = None,
) -> dict:
    """Lines per region (columns name, level, year, value, sign) with trend breaks marked, as a plain dict."""
    traces = []
    order = {"Gemeinde": 0, "Kreis": 1, "Land": 2, "Bund": 3}
    for (level, name), rows in sorted(series.groupby(["level", "name"]), key=lambda item: order[item[0][0]]):
        rows = rows.sort_values("year")
        style = SERIES_STYLE[level]
        raw, signs = rows["value"].tolist(), rows["sign"].tolist()
        traces.append(
            {
                "type": "scatter",
                "x": [int(year) for year in rows["year"]],
                "y": [_json_number(v) for v in raw],
                "mode": "lines+markers",
                "name": name,
                "line": {"color": style["color"], "dash": style["dash"], "width": style["width"]},
                "marker": {"size": 6},
                "customdata": [format_value(v, s, spec.unit, spec.decimals) for v, s in zip(raw, signs, strict=True)],
                "hovertemplate": f"<b>{name}</b> %{{x}}<br>%{{customdata}}<extra></extra>",
                "connectgaps": False,
            }
        )
    years = series["year"]
    shapes, marks = [], []
    for year, label in breaks:
        if len(years) and years.min() <= year <= years.max():
            x = year - 0.5
            line = {"color": "#666666", "dash": "dash", "width": 1}
            shapes.append(
                {"type": "line", "xref": "x", "yref": "y domain", "x0": x, "x1": x, "y0": 0, "y1": 1, "line": line}
            )
            marks.append(
                {
                    "text": label,
                    "font": {"size": 10},
                    "showarrow": False,
                    "xref": "x",
                    "yref": "y domain",
                    "x": x,
                    "y": 1,
                    "xanchor": "right",
                    "yanchor": "top",
                }
            )
    notes = [source_line(spec, demo, width=80, stand=stand)]
    if breaks:
        notes.append(texts.BREAK_LEGEND)
    layout = _chart_layout(
        title=f"{spec.short_name} ({spec.unit})",
        margin={"l": 10, "r": 10, "t": 80, "b": 64},
        xaxis={"dtick": 1, "title": {"text": ""}},
        yaxis={"separatethousands": True},
        legend={"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"},
        hovermode="x unified",
        shapes=shapes,
        annotations=[*marks, foot_note("<br>".join(notes), -60)],
    )
    return {"data": traces, "layout": layout}


def trend_figure(*args: Any, **kwargs: Any) -> go.Figure:
    """:func:`trend_dict` as a validated plotly figure, for exports and tests."""
    return go.Figure(trend_dict(*args, **kwargs))


def blank_chart(note: str | None = None) -> dict:
    """An empty chart in the app's template, with an optional centred note."""
    layout: dict[str, Any] = {"template": TEMPLATE_JSON}
    if note:
        layout["annotations"] = [{"text": note, "showarrow": False}]
    return {"data": [], "layout": layout}


# -- one view, three figures: what the explorer shows and what an export renders -----------


def view_map_values(view: View) -> MapValues:
    """The map's values of a view (data_access.views.View)."""
    return MapValues(view.spec, view.period_label, view.values, view.zrange, view.demo, view.selected, view.stand)


def view_bars(view: View, names: dict[str, str]) -> dict:
    """The bar chart of a view: Gemeinden with the Kreis and Land lines (a plain figure dict)."""
    refs = {r.level: r.value for r in view.references}
    return bar_dict(
        view.values,
        names,
        view.spec,
        view.period_label,
        refs.get("Kreis"),
        refs.get("Land"),
        view.demo,
        view.selected,
        stand=view.stand,
    )


def view_trend(view: View) -> dict:
    """The time series of a view, breaks marked; nothing in it depends on the year shown (a plain figure dict)."""
    return trend_dict(view.trend, view.spec, view.demo, view.spec.breaks, stand=view.trend_stand)
