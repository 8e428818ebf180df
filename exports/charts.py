"""The export version of a view's map, bar chart and trend: the explorer's figures, dressed for a page.

The figures come from the pure builders in ``figures`` (the same numbers, colours
and labels as on screen); this module only re-frames them so the image stands on
its own: a title with the period in words, a subtitle with unit and definition,
the legend, one source line and, under maps, the boundary attribution, with type
sizes that suit the preset (a projector or an A4 page printed in black and white).
"""

from __future__ import annotations

import math
import re
from typing import Any

import plotly.graph_objects as go

import texts
from data_access.geodata import Boundaries
from data_access.views import View
from exports.images import Preset
from figures import (
    FONT,
    SERIES_STYLE,
    foot_note,
    map_figure,
    source_line,
    view_bars,
    view_map_values,
    view_trend,
    wrap_words,
)
from formatting import format_number

CHAR_EM = 0.56  # mean advance of DejaVu Sans in German text, in em: enough to wrap lines before they clip
BOLD_EM = 0.62
GEO_FIT = 0.9  # share of its square frame that plotly's fitbounds gives the map
LINE = 1.3  # plotly's line height for multi-line text, in em
DEFINITION_LIMIT = 240  # characters of the definition in the subtitle
TEXT_COLOUR = "#222222"
NOTE_COLOUR = "#333333"  # darker than on screen: small print must survive a black-and-white copy
# Marker shapes per reference level, so the lines of a trend stay apart in black and white.
SYMBOLS = {"Gemeinde": "circle", "Kreis": "square", "Land": "diamond", "Bund": "triangle-up"}

_DATE = re.compile(r"^(\d{2})\.(\d{2})\.(\d{4})$")
_WORDS_DATE = re.compile(r"^(\d{1,2}) (\w+) (\d{4})$")  # a date already in English words: "1 March 2024"
_YEAR = re.compile(r"^\d{4}$")


def period_words(label: str) -> str:
    """The period as a reader says it: "01.03.2024" → "Stichtag 1. März 2024", "2024" → "Jahr 2024"."""
    label = label.strip()
    if match := _DATE.match(label):
        day, month, year = (int(part) for part in match.groups())
        if 1 <= month <= 12:
            return texts.EXPORT_STICHTAG.format(day=day, month=texts.MONTHS[month - 1], year=year)
    if (match := _WORDS_DATE.match(label)) and match.group(2) in texts.MONTHS:
        return texts.EXPORT_STICHTAG.format(day=int(match.group(1)), month=match.group(2), year=match.group(3))
    if _YEAR.match(label):
        return texts.EXPORT_YEAR.format(year=label)
    return label  # "Schuljahr 2023/24" and anything else already reads as words


def short_definition(definition: str, limit: int = DEFINITION_LIMIT) -> str:
    """The definition's first sentence, cut at a word if still too long: a subtitle, not the info panel."""
    text = " ".join(definition.split())
    for match in re.finditer(r"(?<=[a-zäöüß)])\. (?=[A-ZÄÖÜ])", text):  # "Vorjahres. Gezählt", not "01.03. je"
        text = text[: match.start() + 1]
        break
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + " …"


def wrap(text: str, size: float, width: float, em: float = CHAR_EM) -> str:
    """Break text into ``<br>`` lines that fit ``width`` px at font ``size`` (plotly does not wrap)."""
    return wrap_words(text, max(20, int(width / (size * em))))


def _lines(text: str) -> int:
    return text.count("<br>") + 1 if text else 0


def title_text(kind: str, view: View) -> str:
    """Indicator and period: "Betreuungsquote unter 3 Jahren, Stichtag 1. März 2024"; a trend names its span."""
    if kind == "verlauf":
        years = sorted(view.trend.loc[view.trend["value"].notna(), "year"].unique()) or view.years
        period = texts.EXPORT_SPAN.format(first=years[0], last=years[-1])
        return f"{view.spec.name}, {texts.EXPORT_TREND} {period}"
    return f"{view.spec.name}, {period_words(view.period_label)}"


def subtitle_text(kind: str, view: View, boundaries: Boundaries, definition: bool = True) -> str:
    """Unit and short definition; the Kreis for the comparison, the highlighted Gemeinde if there is one.

    ``definition=False`` keeps the first line only, for a slide that has no room for a sentence.
    """
    parts = [texts.EXPORT_UNIT.format(unit=view.spec.unit)] if view.spec.unit else []
    if kind == "balken":
        parts.append(f"{texts.EXPORT_COMPARISON}: {boundaries.title}")
    if view.selected:
        names = {g.ags: g.name for g in boundaries.gemeinden}
        parts.append(texts.EXPORT_HIGHLIGHT.format(name=names.get(view.selected, view.selected)))
    head = " · ".join(parts)
    if not definition:
        return head
    text = short_definition(view.spec.definition) if view.spec.definition else ""
    return f"{head}<br>{text}" if head and text else head or text


def source_text(view: View) -> str:
    """One source line: table and Stand, or only the demo mark (demo data never name an official table)."""
    if view.demo:
        return source_line(view.spec, True)
    text = source_line(view.spec, False, stand=view.stand)
    extra = [code for code in view.sources if code not in view.spec.source]
    if extra:
        text += "; " + texts.EXPORT_TABLES.format(tables=", ".join(extra))
    if view.basis:
        text += f"; {texts.BASIS}: {view.basis}"
    return text


def _reframe(
    fig: go.Figure,
    preset: Preset,
    title: str,
    subtitle: str,
    notes: list[str],
    top_extra: float = 0,
    axis_room: float = 0,
    left: float | None = None,
    right: float | None = None,
) -> tuple[float, float]:
    """Title block on top, notes at the foot, the plot in between; returns the plot's width and height in px.

    The notes hang from the plot's bottom edge (paper y = 0), below ``axis_room``
    pixels kept for tick labels, and start at the title's left edge: the margins
    are set here, not grown by plotly, so the plot's position is known.
    """
    pad, inner = preset.pad, preset.width - 2 * preset.pad
    left = pad if left is None else left
    right = pad if right is None else right
    plot_width = preset.width - left - right
    title = wrap(title, preset.title, inner, BOLD_EM)
    subtitle = wrap(subtitle, preset.subtitle, inner)
    top = (
        pad
        + _lines(title) * preset.title * LINE
        + _lines(subtitle) * preset.subtitle * LINE
        + preset.subtitle * 0.9
        + top_extra
    )
    annotations = [a for a in fig.layout.annotations if not _is_foot_note(a)]
    offset = axis_room
    for text in notes:
        if not text:
            continue
        text = wrap(text, preset.note, inner)
        note = foot_note(text, 0)
        note.update(
            x=-(left - pad) / plot_width,
            yanchor="top",
            yshift=-offset,
            font={"size": preset.note, "color": NOTE_COLOUR, "family": FONT},
        )
        annotations.append(note)
        offset += _lines(text) * preset.note * LINE + preset.note * 0.35
    bottom = offset + pad
    fig.update_layout(
        width=preset.width,
        height=preset.height,
        autosize=False,
        font={"family": FONT, "size": preset.text, "color": TEXT_COLOUR},
        paper_bgcolor="white",
        margin={"t": round(top), "b": round(bottom), "l": round(left), "r": round(right), "pad": 0},
        title={
            "text": f"<b>{title}</b>",
            "font": {"size": preset.title, "family": FONT, "color": TEXT_COLOUR},
            "x": pad / preset.width,
            "xanchor": "left",
            "xref": "container",
            "y": 1 - pad / preset.height,
            "yanchor": "top",
            "yref": "container",
            "subtitle": {"text": subtitle, "font": {"size": preset.subtitle, "family": FONT, "color": NOTE_COLOUR}},
        },
    )
    fig.layout.annotations = annotations  # replace: update_layout would merge lists element by element
    return plot_width, preset.height - round(top) - round(bottom)


def _is_foot_note(annotation: Any) -> bool:
    """The builders' small print under the plot: anchored at paper y = 0 and shifted down."""
    return annotation.yref == "paper" and annotation.y == 0 and (annotation.yshift or 0) < 0


def _mercator_aspect(geojson: dict) -> float:
    """Width / height of the features' bounding box in plotly's Mercator projection."""
    lons: list[float] = []
    lats: list[float] = []

    def walk(node: Any) -> None:
        if isinstance(node, list) and node and isinstance(node[0], int | float):
            lons.append(float(node[0]))
            lats.append(float(node[1]))
        elif isinstance(node, list):
            for item in node:
                walk(item)

    for feature in geojson.get("features", []):
        walk(feature["geometry"]["coordinates"])
    if not lons:
        return 1.0

    def y(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    height = y(max(lats)) - y(min(lats))
    return math.radians(max(lons) - min(lons)) / height if height > 0 else 1.0


def map_signs(view: View, boundaries: Boundaries) -> str:
    """The map's sign legend ("Zeichen: . = geheim / unbekannt; …"), or "" when every Gemeinde has a value."""
    fig = map_figure(boundaries, boundaries.geojson, view_map_values(view))
    return next((a.text for a in fig.layout.annotations if a.name == "signs"), "") or ""


def map_export(view: View, boundaries: Boundaries, preset: Preset, heading: str = "", framed: bool = True) -> go.Figure:
    """The map with its geometry inline (no URL to fetch), the colour bar titled with the unit beside it.

    A deck's ``heading`` becomes the title and the indicator line moves into the subtitle, so both
    are text on the page. ``framed=False`` leaves out title and notes: a slide puts them in its own
    text boxes (editable, no duplicate).
    """
    mv = view_map_values(view)
    fig = map_figure(boundaries, boundaries.geojson, mv)
    signs = next((a.text for a in fig.layout.annotations if a.name == "signs"), "")
    values, missing, labels = fig.data[0], fig.data[1], fig.data[2]
    values.marker.line.width = [w * preset.line for w in values.marker.line.width]
    missing.marker.line.width = preset.line
    labels.textfont.size = preset.label
    for trace in fig.data[3:]:  # one trace per sign: the note under the map names them, no legend box
        trace.marker.line.width = preset.line
    fig.update_traces(showlegend=False)
    title, subtitle = title_text("karte", view), subtitle_text("karte", view, boundaries)
    if heading:
        title, subtitle = heading, f"{title}<br>{subtitle}" if subtitle else title
    if not framed:
        title, subtitle = "", ""
    plot_width, plot_height = _reframe(
        fig,
        preset,
        title,
        subtitle,
        notes=[signs or "", source_text(view), texts.ATTRIBUTION] if framed else [],
        axis_room=preset.note * 0.5,
    )
    # Map and colour bar side by side, the pair centred: the legend stays next to what it explains.
    # Plotly draws a geo subplot in a square frame (side = the domain's shorter edge) and fits the
    # locations into ~90 % of it; the square is placed so the map itself sits where it should.
    thickness = round(preset.text * 1.3)
    unit = wrap(view.spec.unit, preset.text, preset.text * 9) if view.spec.unit else ""
    bar_width = thickness + preset.text * 4
    gap = preset.text * 2
    side = min(plot_height, plot_width - bar_width - gap)
    map_width = GEO_FIT * side * min(_mercator_aspect(boundaries.geojson), 1.0)
    start = (plot_width - map_width - gap - bar_width) / 2
    centre = start + map_width / 2
    domain = [max(0.0, (centre - side / 2) / plot_width), min(1.0, (centre + side / 2) / plot_width)]
    fig.update_geos(domain={"x": domain, "y": [0.0, 1.0]})
    values.colorbar.update(
        thickness=thickness,
        len=0.75,
        x=(start + map_width + gap) / plot_width,
        xanchor="left",
        y=0.5,
        yanchor="middle",
        outlinewidth=0,
        tickfont={"size": preset.text},
        title={"text": f"<b>{unit}</b>", "side": "top", "font": {"size": preset.text}},
    )
    return fig


def bar_export(view: View, boundaries: Boundaries, preset: Preset) -> go.Figure:
    """Gemeinden as bars with the Kreis and Land lines, their labels sized for the preset."""
    names = {g.ags: g.name for g in boundaries.gemeinden}
    fig = go.Figure(view_bars(view, names))
    fig.update_traces(textfont={"size": preset.text}, marker_line_width=preset.line)
    fig.update_shapes(line_width=2 * preset.line)
    row_height = preset.text * LINE + 4
    for annotation in fig.layout.annotations:
        if not _is_foot_note(annotation):
            row = round(((annotation.yshift or 4) - 4) / 16)
            annotation.update(font_size=preset.text, yshift=4 + row * row_height)
    fig.update_xaxes(
        tickfont_size=preset.text, title={"text": view.spec.unit, "font": {"size": preset.text}}, automargin=True
    )
    fig.update_yaxes(tickfont_size=preset.text, automargin=False)
    _reframe(
        fig,
        preset,
        title_text("balken", view),
        subtitle_text("balken", view, boundaries),
        notes=[source_text(view)],
        top_extra=2 * row_height + preset.pad / 2,
        axis_room=preset.text * 4,
        left=preset.pad + max(len(name) for name in names.values()) * preset.text * 0.6 + preset.text,
        right=preset.pad + preset.text * 4,
    )
    return fig


def trend_export(view: View, boundaries: Boundaries, preset: Preset) -> go.Figure:
    """Lines per level with distinct markers and dashes, so Gemeinde, Kreis and Land survive a grey print."""
    fig = go.Figure(view_trend(view))
    by_colour = {style["color"]: level for level, style in SERIES_STYLE.items()}
    for trace in fig.data:
        level = by_colour.get(trace.line.color, "Kreis")
        trace.line.width = SERIES_STYLE[level]["width"] * preset.line
        trace.marker.update(size=6 * preset.line + 2, symbol=SYMBOLS[level])
    for annotation in fig.layout.annotations:
        if not _is_foot_note(annotation):
            annotation.font.size = preset.note
    fig.update_xaxes(tickfont_size=preset.text)
    fig.update_yaxes(
        tickfont_size=preset.text,
        title={"text": view.spec.unit, "font": {"size": preset.text}, "standoff": preset.text // 2},
        automargin=False,
    )
    fig.update_layout(legend={"font": {"size": preset.text}, "y": 1.0, "yanchor": "bottom"})
    has_breaks = any(shape.type == "line" for shape in fig.layout.shapes)
    _reframe(
        fig,
        preset,
        title_text("verlauf", view),
        subtitle_text("verlauf", view, boundaries),
        notes=[source_text(view), texts.BREAK_LEGEND if has_breaks else ""],
        top_extra=preset.text * LINE * 2 + (preset.note * LINE if has_breaks else 0),
        axis_room=preset.text * 2,
        left=preset.pad + preset.text * (LINE + 1) + _tick_chars(view) * preset.text * 0.6,
        right=preset.pad + preset.text,
    )
    return fig


def _tick_chars(view: View) -> int:
    """Characters of the widest y tick label of a trend ("1.234.567"), to size the left margin."""
    values = view.trend["value"].dropna().abs()
    largest = float(values.max()) if len(values) else 0.0
    return len(format_number(largest, 0)) + (2 if largest < 10 else 0) + 1


def message_export(title: str, message: str, preset: Preset, subtitle: str = "") -> go.Figure:
    """A page with only a title and a German message: a deck view that cannot be drawn still gets its page."""
    fig = go.Figure()
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    inner = preset.width - 2 * preset.pad
    size = round(preset.title * 0.75)  # the page's one statement: larger than a subtitle
    fig.add_annotation(
        text=wrap(message, size, inner * 0.8),
        x=0.5,
        y=0.5,
        xref="paper",
        yref="paper",
        showarrow=False,
        font={"size": size, "family": FONT, "color": TEXT_COLOUR},
    )
    _reframe(fig, preset, title, subtitle, notes=[])
    fig.update_layout(plot_bgcolor="white")
    return fig


def year_range(years: list[int]) -> str:
    """Years as a reader scans them: "2015–2024" when without gaps, else listed; "keine" when empty."""
    if not years:
        return texts.YEARS_NONE
    return f"{years[0]}–{years[-1]}" if years == list(range(years[0], years[-1] + 1)) else ", ".join(map(str, years))


BUILDERS = {"karte": map_export, "balken": bar_export, "verlauf": trend_export}


def export_figure(kind: str, view: View, boundaries: Boundaries, preset: Preset) -> go.Figure:
    """The export figure of one kind (``karte``, ``balken``, ``verlauf``) for a view and a preset."""
    return BUILDERS[kind](view, boundaries, preset)
