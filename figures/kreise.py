"""The Land's Kreise as one choropleth, for indicators published per Kreis only.

Pure like the rest of ``figures``: a :class:`~data_access.geodata.KreiseBoundaries`,
one value per Kreis and the indicator in, a plotly figure out. The home Kreis is
outlined and labelled; the other Kreise carry no label (45 would clutter the map).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

import texts
from data_access.catalogue import IndicatorSpec
from data_access.geodata import KreiseBoundaries
from figures import (
    FONT,
    LINE_COLOUR,
    MISSING_COLOUR,
    SELECTED_LINE,
    TEMPLATE,
    colourscale,
    fill_colour,
    foot_note,
    label_colour,
    map_legend,
    provenance,
    source_line,
)
from formatting import format_value, is_missing, region_text

HIGHLIGHT_WIDTH = 3.5
TRANSPARENT = "rgba(0,0,0,0)"
HOVER = "<b>%{customdata[0]}</b> (%{customdata[1]})<br>%{customdata[2]}<br>%{customdata[3]}<extra></extra>"


def kreise_map(
    kreise: KreiseBoundaries,
    geojson: str | dict,
    values: pd.DataFrame,
    spec: IndicatorSpec,
    highlight: str,
    period_label: str,
    demo: bool,
    stand: str | None = None,
) -> go.Figure:
    """All Kreise of the Land coloured by ``values`` (region_key, value, sign), ``highlight`` outlined.

    ``geojson`` is the URL the app serves the Kreise file under (sent once, cached by the
    browser) or the file's dict itself (image exports, which have no server to ask).
    """
    rows = values.drop_duplicates("region_key", keep="last").set_index("region_key").reindex(kreise.keys)
    by_key = {k.ags: k for k in kreise.kreise}

    def third_line(row: pd.Series) -> str:
        if "kind" in rows.columns:
            return f"{period_label} · {provenance(row.get('kind'), row.get('stand'), row.get('basis'))}"
        if demo:
            return f"{period_label} · {texts.DEMO_LABEL}"
        return f"{period_label} · {texts.STAND} {stand}" if stand else period_label

    def hover(key: str) -> list[str]:
        row = rows.loc[key]
        sign = row.get("sign")
        sign = sign if isinstance(sign, str) and sign else None
        shown = format_value(_number(row.get("value")), sign, spec.unit, spec.decimals)
        kind = texts.KREIS_TYPES.get(by_key[key].bez, by_key[key].bez)
        return [by_key[key].name, kind, shown, third_line(row)]

    present = [k for k in kreise.keys if not is_missing(_number(rows.loc[k].get("value")))]
    missing = [k for k in kreise.keys if k not in present]
    z = [float(rows.loc[k, "value"]) for k in present]
    zmin, zmax = (min(z), max(z)) if z else (0.0, 1.0)
    if zmax == zmin:
        zmax = zmin + 1.0

    fig = go.Figure()
    fig.add_trace(
        go.Choropleth(
            geojson=_part(geojson, present),
            featureidkey="properties.ags",
            locations=present,
            z=z,
            zmin=zmin,
            zmax=zmax,
            customdata=[hover(k) for k in present],
            hovertemplate=HOVER,
            colorscale=colourscale(spec.polarity),
            showscale=bool(present),
            marker={"line": {"color": LINE_COLOUR, "width": 0.8}},
            colorbar={"thickness": 14, "len": 0.75, "title": {"text": spec.unit}, "tickformat": ",~r"},
            name=texts.TRACE_VALUES,
            showlegend=False,
        )
    )
    fig.add_trace(
        go.Choropleth(
            geojson=_part(geojson, missing),
            featureidkey="properties.ags",
            locations=missing,
            z=[0] * len(missing),  # only picks the single grey; hover and labels never show it
            customdata=[hover(k) for k in missing],
            hovertemplate=HOVER,
            colorscale=[[0, MISSING_COLOUR], [1, MISSING_COLOUR]],
            showscale=False,
            marker={"line": {"color": LINE_COLOUR, "width": 0.8}},
            name=texts.MAP_MISSING,
            showlegend=bool(missing),
        )
    )
    if highlight in by_key:
        _add_highlight(fig, geojson, by_key[highlight].name, highlight, hover(highlight))
        lon, lat = kreise.labels[highlight]
        value = _number(rows.loc[highlight].get("value"))
        if is_missing(value):
            sign = rows.loc[highlight].get("sign")
            short = sign if isinstance(sign, str) and sign else texts.MAP_MISSING_SHORT
            fill = MISSING_COLOUR
        else:
            short = format_value(value, None, spec.unit, spec.decimals)
            fill = fill_colour(spec.polarity, (float(value) - zmin) / (zmax - zmin))
        fig.add_trace(
            go.Scattergeo(
                lon=[lon],
                lat=[lat],
                text=[f"<b>{by_key[highlight].name}</b><br>{short}"],
                mode="text",
                textfont={"family": FONT, "size": 12, "color": label_colour(fill), "shadow": "auto"},
                hoverinfo="skip",
                showlegend=False,
                name=texts.TRACE_LABEL,
            )
        )

    missing_signs = {rows.loc[k].get("sign") for k in missing}
    explained = [f"{s} = {meaning}" for s, meaning in texts.SIGNS.items() if s in missing_signs]
    if any(rows.loc[k].get("sign") not in texts.SIGNS for k in missing):
        explained.append(f"{texts.MAP_MISSING_SHORT} = {texts.MAP_MISSING}")
    notes = [foot_note(texts.ATTRIBUTION, -76, name="attribution"), foot_note(source_line(spec, demo, 90, stand), -50)]
    if explained:
        notes.append(foot_note(texts.SIGN_LEGEND.format(signs="; ".join(explained)), -22, name="signs"))

    fig.update_geos(fitbounds="locations", visible=False, projection_type="mercator", bgcolor="rgba(0,0,0,0)")
    fig.update_layout(
        font={"family": FONT, "size": 13},
        template=TEMPLATE,
        separators=texts.PLOTLY_SEPARATORS,
        margin={"l": 0, "r": 0, "t": 48, "b": 80},
        title={
            "text": f"<b>{spec.name}</b> – {period_label} · {texts.KREISE_IN.format(land=region_text(kreise.land_name))}",
            "x": 0.01,
            "font": {"size": 17},
        },
        uirevision="kreise",
        dragmode=False,
        # Bottom left is outside Niedersachsen (Nordrhein-Westfalen): the legend hides no Kreis there.
        legend=map_legend(y=0, anchor="bottom"),
        modebar={"orientation": "v"},
        paper_bgcolor="white",
        annotations=notes,
    )
    return fig


def _add_highlight(fig: go.Figure, geojson: str | dict, name: str, key: str, hover: list[str]) -> None:
    """The home Kreis's outline as a trace of its own, drawn last, so no neighbour's edge covers it."""
    fig.add_trace(
        go.Choropleth(
            geojson=_part(geojson, [key]),
            featureidkey="properties.ags",
            locations=[key],
            z=[0],
            customdata=[hover],
            hovertemplate=HOVER,
            colorscale=[[0, TRANSPARENT], [1, TRANSPARENT]],
            showscale=False,
            marker={"line": {"color": SELECTED_LINE, "width": HIGHLIGHT_WIDTH}},
            name=texts.EXPORT_HIGHLIGHT.format(name=name),
            showlegend=False,
        )
    )
    # A choropleth's legend swatch shows its (here transparent) fill, not its outline: an empty
    # marker stands in for it in the legend.
    fig.add_trace(
        go.Scattergeo(
            lon=[None],
            lat=[None],
            mode="markers",
            marker={"symbol": "square-open", "size": 13, "color": SELECTED_LINE, "line": {"width": 2.5}},
            hoverinfo="skip",
            name=texts.EXPORT_HIGHLIGHT.format(name=name),
            showlegend=True,
        )
    )


def _part(geojson: str | dict, keys: list[str]) -> str | dict:
    """An inline collection cut to the trace's Kreise, so an export carries each polygon once; a URL as is."""
    if isinstance(geojson, str):
        return geojson
    wanted = set(keys)
    features = [f for f in geojson.get("features", []) if f.get("properties", {}).get("ags") in wanted]
    return {"type": "FeatureCollection", "features": features}


def _number(value: object) -> float | None:
    """A cell as a float, ``None`` when empty (NaN, None, pandas NA)."""
    if value is None or value is pd.NA:
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if number != number else number
