"""Panels beside the map: reference values and "Was misst das?"."""

from __future__ import annotations

from dash import dcc, html

import texts
from data_access.views import View, format_stand
from formatting import format_value

COMPUTED = frozenset({"ratio", "sum", "growth"})


def references(view: View) -> html.Div:
    """Kreis, Land and Bund values, large, with unit and period."""
    spec = view.spec
    items = []
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
        items.append(dcc.Link(texts.PROFILE_LINK, href=f"/gemeinde/{view.selected}", className="bm-profile-link small"))
    return html.Div(items)


def info(view: View) -> html.Div:
    """Definition, source, unit, level, period and provenance: always visible, never behind a click."""
    spec = view.spec
    if view.demo:
        provenance = texts.DEMO_LABEL
    else:
        provenance = "Tabelle " + ", ".join(view.sources) if view.sources else "amtliche Statistik / eigene Daten"
        if view.stand:
            provenance = f"{provenance}, {texts.STAND} {view.stand}"
        if view.basis:
            provenance = f"{provenance}; {texts.BASIS}: {view.basis}"
    signs = sorted({str(s) for s in view.values["sign"].dropna()})
    rows = [
        (texts.DEFINITION, spec.definition),
        (texts.SOURCE, spec.source),
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
