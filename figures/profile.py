"""Figure builders of the Gemeinde profile and the comparison page: pure, no SQL, no Dash callbacks.

Kept beside ``figures.py`` (same template, fonts and line styles) so the profile's 37
sparklines stay light: each is a tiny inline SVG data URI, not a plotly graph.
"""

from __future__ import annotations

import base64
import math

import pandas as pd
import plotly.graph_objects as go

import texts
from data_access.catalogue import IndicatorSpec
from figures import SERIES_STYLE, TEMPLATE, foot_note, source_line
from formatting import format_value, region_text

SPARK_WIDTH = 120
SPARK_HEIGHT = 28
SPARK_PAD = 3
# Colour-blind-safe (Okabe–Ito) lines for up to five compared regions; Kreis and Land keep their styles.
REGION_COLOURS = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9")
REGION_MARKERS = ("circle", "square", "diamond", "triangle-up", "x")


def sparkline_svg(years: list[int], values: list[float | None]) -> str | None:
    """A small line as an SVG data URI; gaps (signs, missing years) break the line. ``None`` under two points."""
    points = [(y, v) for y, v in zip(years, values, strict=True) if v is not None and not math.isnan(v)]
    if len(points) < 2:
        return None
    x0, x1 = min(p[0] for p in points), max(p[0] for p in points)
    v0, v1 = min(p[1] for p in points), max(p[1] for p in points)
    span_x = (x1 - x0) or 1
    span_v = (v1 - v0) or 1

    def xy(year: int, value: float) -> str:
        x = SPARK_PAD + (year - x0) / span_x * (SPARK_WIDTH - 2 * SPARK_PAD)
        y = SPARK_HEIGHT - SPARK_PAD - (value - v0) / span_v * (SPARK_HEIGHT - 2 * SPARK_PAD)
        return f"{x:.1f},{y:.1f}"

    segments: list[list[str]] = [[]]
    by_year = dict(points)
    for year in range(x0, x1 + 1):
        if year in by_year:
            segments[-1].append(xy(year, by_year[year]))
        elif segments[-1]:
            segments.append([])
    colour = SERIES_STYLE["Gemeinde"]["color"]
    lines = "".join(
        f'<polyline points="{" ".join(s)}" fill="none" stroke="{colour}" stroke-width="1.6"/>'
        for s in segments
        if len(s) > 1
    )
    last = xy(points[-1][0], points[-1][1]).split(",")
    dot = f'<circle cx="{last[0]}" cy="{last[1]}" r="2.2" fill="{colour}"/>'
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{SPARK_WIDTH}" height="{SPARK_HEIGHT}" '
        f'viewBox="0 0 {SPARK_WIDTH} {SPARK_HEIGHT}">{lines}{dot}</svg>'
    )
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def comparison_figure(series: pd.DataFrame, spec: IndicatorSpec, demo: bool) -> go.Figure:
    """One line per compared region, Kreis and Land as dashed/dotted reference lines.

    ``series`` has columns region_key, name, level ("Region", "Kreis", "Land"), year, value, sign;
    regions are drawn in the order they first appear (the user's order, never sorted by value).
    """
    fig = go.Figure()
    regions = list(dict.fromkeys(series.loc[series["level"] == "Region", "region_key"]))
    for index, key in enumerate(regions):
        rows = series[series["region_key"] == key].sort_values("year")
        fig.add_trace(_line(rows, spec, REGION_COLOURS[index % 5], "solid", 2.5, REGION_MARKERS[index % 5]))
    for level, dash in (("Kreis", "dash"), ("Land", "dot")):
        rows = series[series["level"] == level].sort_values("year")
        if len(rows):
            style = SERIES_STYLE[level]
            trace = _line(rows, spec, style["color"], dash, 2, "circle")
            trace.name = texts.COMPARISON_REFERENCE.format(name=trace.name)
            fig.add_trace(trace)
    fig.update_layout(
        template=TEMPLATE,
        title={"text": f"{spec.short_name} ({spec.unit})", "x": 0, "xanchor": "left", "font": {"size": 15}},
        margin={"l": 10, "r": 10, "t": 90, "b": 70},
        xaxis={"dtick": 1, "title": {"text": ""}},
        yaxis={"separatethousands": True, "title": {"text": spec.unit}},
        legend={"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"},
        hovermode="x unified",
        separators=texts.PLOTLY_SEPARATORS,
        paper_bgcolor="#ffffff",
        plot_bgcolor="#ffffff",
        annotations=[foot_note(source_line(spec, demo, width=100), -60)],
    )
    return fig


def _line(rows: pd.DataFrame, spec: IndicatorSpec, colour: str, dash: str, width: float, marker: str) -> go.Scatter:
    name = region_text(str(rows["name"].iloc[0]))
    hover = [format_value(v, s, spec.unit, spec.decimals) for v, s in zip(rows["value"], rows["sign"], strict=True)]
    return go.Scatter(
        x=rows["year"],
        y=rows["value"],
        mode="lines+markers",
        name=name,
        line={"color": colour, "dash": dash, "width": width},
        marker={"size": 7, "symbol": marker},
        customdata=hover,
        hovertemplate=f"{name}: %{{customdata}}<extra></extra>",
        connectgaps=False,
    )
