"""Panels beside the map: reference values and "Was misst das?"."""

from __future__ import annotations

from dash import dcc, html

import language
import texts
from data_access.views import View, format_stand
from formatting import format_number, format_value, is_missing, round_half_up

COMPUTED = frozenset({"ratio", "sum", "growth"})


MINUS = "\u2212"


def difference(gemeinde: float, reference: float, unit: str, decimals: int) -> str:
    """``+1,2 Prozentpunkte`` / ``−0,4 Personen``: the Gemeinde's value minus a reference, rounded once."""
    diff = gemeinde - reference
    text = format_number(abs(diff), decimals)
    sign = "±" if text.strip("0,.") == "" else ("+" if diff > 0 else MINUS)
    if unit == "%":
        unit = texts.PERCENT_POINT if round_half_up(abs(diff), decimals) == 1 else texts.PERCENT_POINTS
    return f"{sign}{text} {unit}".rstrip()


def _selected(view: View, name: str) -> html.Div:
    """The selected Gemeinde first: its value and how far it lies from Kreis and Land."""
    spec = view.spec
    row = view.values.set_index("region_key").loc[view.selected]
    value, sign = row["value"], row["sign"] if isinstance(row["sign"], str) else None
    lines = []
    if not is_missing(value):
        for ref in view.references:
            if ref.level in ("Kreis", "Land") and not is_missing(ref.value):
                shown = difference(float(value), float(ref.value), spec.unit, spec.decimals)
                lines.append(html.Div(texts.DIFFERENCE_TO.format(level=ref.name, difference=shown)))
    return html.Div(
        [
            html.Div(name, className="bm-ref-name"),
            html.Div(
                format_value(value, sign, spec.unit, spec.decimals),
                className="bm-ref-value",
                **{"data-level": "Gemeinde"},
            ),
            html.Div(lines, className="bm-ref-note bm-ref-differences"),
        ],
        className="bm-ref bm-ref-selected",
    )


def references(view: View, names: dict[str, str] | None = None) -> html.Div:
    """The selected Gemeinde (with its differences), then Kreis, Land and Bund values, large, with unit and period."""
    spec = view.spec
    items = [_selected(view, (names or {}).get(view.selected, view.selected))] if view.selected else []
    for ref in view.references:
        notes = [texts.DERIVED_NOTE] if ref.derived else []
        if ref.method in COMPUTED:
            notes.append(texts.COMPUTED_NOTE)
        if ref.kind == "demo":
            notes.append(texts.DEMO_LABEL)
        elif ref.stand is not None:
            notes.append(f"{texts.STAND} {format_stand(ref.stand)}")
        note = " · ".join(notes)
        if ref.value is None and ref.sign is None and ref.level == "Kreis":
            shown = texts.NOT_COMPUTABLE
        else:
            shown = format_value(ref.value, ref.sign, spec.unit, spec.decimals)
        items.append(
            html.Div(
                [
                    html.Div(ref.name, className="bm-ref-name"),
                    html.Div(shown, className="bm-ref-value", **{"data-level": ref.level}),
                    html.Div(note, className="bm-ref-note") if note else None,
                ],
                className="bm-ref",
            )
        )
    items.append(html.Div(view.period_label, className="bm-ref-period text-muted small"))
    if view.selected:
        items.append(
            dcc.Link(
                texts.PROFILE_LINK, href=language.href(f"/gemeinde/{view.selected}"), className="bm-profile-link small"
            )
        )
    return html.Div(items)


def info(view: View) -> html.Div:
    """Definition, source, unit, level, period and provenance: always visible, never behind a click."""
    spec = view.spec
    if view.demo:
        provenance = texts.DEMO_LABEL
    else:
        provenance = texts.INFO_TABLES.format(tables=", ".join(view.sources)) if view.sources else texts.INFO_NO_TABLE
        if view.stand:
            provenance = f"{provenance}, {texts.STAND} {view.stand}"
        if view.basis:
            provenance = f"{provenance}; {texts.BASIS}: {view.basis}"
    signs = sorted({str(s) for s in view.values["sign"].dropna()})
    rows = [
        (texts.DEFINITION, spec.definition),
        # Demo values never name an official table as their source; the table is where real values would come from.
        (texts.SOURCE, texts.DEMO_SOURCE.format(source=spec.source) if view.demo else spec.source),
        (texts.UNIT, spec.unit),
        (texts.LEVEL, spec.level),
        (texts.PERIOD, view.period_label),
        (texts.PROVENANCE, provenance),
    ]
    if signs:
        rows.append((texts.SIGNS_HEADING, "; ".join(f"{s} = {texts.SIGNS.get(s, s)}" for s in signs)))
    return html.Div(
        [
            html.H3(spec.name, className="h6 bm-info-name"),
            html.Dl(
                [part for label, value in rows for part in (html.Dt(label), html.Dd(value))], className="bm-info-list"
            ),
        ]
    )
