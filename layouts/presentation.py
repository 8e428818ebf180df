"""Presentation mode: one slide at a time, the map filling the screen, type for the back row.

Every slide's texts are in the page from the start (hidden but the current one), and
all figures travel in one store: the browser switches slides without asking the server.
"""

from __future__ import annotations

from typing import Any

from dash import dcc, html

import ids
import texts
from data_access.decks import DeckSpec
from figures import graph_config


def _graph_config() -> dict[str, Any]:
    """The explorer's offline config (local topojson, the page's locale), without the toolbar."""
    return graph_config("praesentation") | {
        "displayModeBar": False,
        "responsive": True,
        "scrollZoom": False,
        "doubleClick": False,
    }


def _head(slide: dict[str, Any], index: int) -> html.Div:
    heading = slide.get("heading") or ""
    return html.Div(
        [
            html.Div(heading, className="bm-present-heading") if heading else None,
            html.H1(slide["title"], className="bm-present-title"),
            # A view without data says why; the unknown-indicator slide has its title only.
            html.Div(slide["subtitle"], className="bm-present-subtitle") if slide.get("subtitle") else None,
        ],
        id={"type": ids.PRESENT_TEXT, "part": "head", "index": index},
        className="bm-present-head",
        hidden=index != 0,
    )


def _side(slide: dict[str, Any], index: int) -> html.Div:
    """The reference values beside the map: the first question in a meeting is "and compared to?"."""
    references = [
        html.Div(
            [
                html.Div(ref["name"], className="bm-present-ref-name"),
                html.Div(ref["value"], className="bm-present-ref-value"),
            ],
            className="bm-present-ref",
            **{"data-level": ref["level"]},
        )
        for ref in slide.get("references", [])
    ]
    return html.Div(
        [*references, html.Div(slide.get("unit_note", ""), className="bm-present-unit")],
        id={"type": ids.PRESENT_TEXT, "part": "side", "index": index},
        className="bm-present-side",
        hidden=index != 0,
    )


def _foot(slide: dict[str, Any], index: int) -> html.Div:
    parts = [
        html.Span(texts.DEMO_LABEL, className="bm-present-demo") if slide.get("demo") else None,
        html.Span(slide.get("source", ""), className="bm-present-source"),
        html.Span(slide.get("attribution", ""), className="bm-present-attribution"),
    ]
    return html.Div(
        [part for part in parts if part is not None],
        id={"type": ids.PRESENT_TEXT, "part": "foot", "index": index},
        className="bm-present-foot",
        hidden=index != 0,
    )


def build(deck: DeckSpec, slides: list[dict[str, Any]]) -> html.Div:
    """The presentation page of ``deck``; ``slides`` come from ``callbacks.presentation.slide_data``."""
    first = next((s["figure"] for s in slides if "figure" in s), None)
    count = len(slides)
    return html.Div(
        [
            dcc.Store(id=ids.PRESENT_SLIDES, data=slides),
            dcc.Store(id=ids.PRESENT_INDEX, data=0),
            dcc.Store(id=ids.PRESENT_SIZE, data=None),
            html.Div([_head(slide, i) for i, slide in enumerate(slides)], className="bm-present-heads"),
            html.Div(
                [
                    dcc.Graph(
                        id=ids.PRESENT_MAP,
                        figure=slides[0].get("figure") or first or {"data": [], "layout": {}},
                        config=_graph_config(),
                        className="bm-present-graph",
                        style={"visibility": "visible" if "figure" in slides[0] else "hidden"},
                    ),
                    html.Div([_side(slide, i) for i, slide in enumerate(slides)], className="bm-present-sides"),
                ],
                className="bm-present-stage",
            ),
            html.Div([_foot(slide, i) for i, slide in enumerate(slides)], className="bm-present-feet"),
            html.Div(
                [
                    html.Span(f"1 / {count}", id=ids.PRESENT_PROGRESS, className="bm-present-progress"),
                    html.Span(texts.PRESENT_HELP, className="bm-present-help"),
                ],
                className="bm-present-bar",
            ),
            html.Div(
                html.Div(
                    [
                        html.Button(
                            "×",
                            id=ids.PRESENT_CLOSE,
                            type="button",
                            className="bm-present-close",
                            title=texts.PRESENT_CLOSE,
                            **{"aria-label": texts.PRESENT_CLOSE},
                        ),
                        html.Div(id=ids.PRESENT_OVERLAY_BODY),
                        dcc.Graph(
                            id=ids.PRESENT_OVERLAY_TREND,
                            config=_graph_config(),
                            className="bm-present-card-trend",
                        ),
                    ],
                    className="bm-present-card",
                    role="dialog",
                    **{"aria-modal": "true", "aria-label": texts.PRESENT_CARD_LABEL},
                ),
                id=ids.PRESENT_OVERLAY,
                className="bm-present-overlay",
                hidden=True,
            ),
        ],
        className="bm-presentation",
        **{"data-deck": deck.slug, "data-count": str(count), "aria-label": f"{texts.PRESENT_LABEL}: {deck.name}"},
    )
