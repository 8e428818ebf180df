"""The map's values as a sortable table: the same numbers and signs for readers who do not read maps.

Rows carry their sort keys (``data-sort``); ``assets/10_app/table_sort.js`` sorts them in the
browser when a column heading is pressed, with ``aria-sort`` telling screen readers the order.
"""

from __future__ import annotations

from dash import html

import texts
from data_access.views import View
from formatting import format_value, is_missing

SORT_MISSING = ""  # rows without a value sort after every number, whatever the direction


def _heading(label: str, column: int, numeric: bool) -> html.Th:
    return html.Th(
        html.Button(
            label,
            type="button",
            className="bm-sort",
            **{"data-column": str(column), "data-numeric": "1" if numeric else "0"},
        ),
        scope="col",
        **{"aria-sort": "none"},
    )


def value_table(view: View, names: dict[str, str]) -> html.Details:
    """Gemeinden with value and sign, then Kreis, Land and Bund, for the view shown on the map."""
    spec = view.spec
    rows = []
    for row in view.values.itertuples(index=False):
        value, sign = row.value, row.sign if isinstance(row.sign, str) else None
        quality = getattr(row, "quality", None)
        shown = format_value(value, sign, spec.unit, spec.decimals)
        if not is_missing(value) and quality == "()":
            shown = f"({shown})"
        marks = " ".join(m for m in (sign, quality if isinstance(quality, str) else None) if m)
        rows.append(
            html.Tr(
                [
                    html.Th(
                        names.get(row.region_key, row.region_key),
                        scope="row",
                        **{"data-sort": names.get(row.region_key, "")},
                    ),
                    html.Td(
                        shown,
                        className="text-end",
                        **{"data-sort": SORT_MISSING if is_missing(value) else repr(float(value))},
                    ),
                    html.Td(marks, className="text-center", **{"data-sort": marks}),
                ]
            )
        )
    references = [
        html.Tr(
            [
                html.Th(ref.name, scope="row"),
                html.Td(format_value(ref.value, ref.sign, spec.unit, spec.decimals), className="text-end"),
                html.Td(ref.sign or "", className="text-center"),
            ],
            className="bm-table-reference",
        )
        for ref in view.references
    ]
    caption = texts.TABLE_CAPTION.format(name=spec.name, period=view.period_label)
    if view.demo:
        caption = f"{caption} – {texts.DEMO_LABEL}"
    return html.Details(
        [
            html.Summary(texts.TABLE_SUMMARY),
            html.Table(
                [
                    html.Caption(caption),
                    html.Thead(
                        html.Tr(
                            [
                                _heading(texts.TABLE_GEMEINDE, 0, False),
                                _heading(texts.TABLE_VALUE, 1, True),
                                _heading(texts.TABLE_SIGN, 2, False),
                            ]
                        )
                    ),
                    html.Tbody(rows, className="bm-sortable"),
                    html.Tfoot(references),
                ],
                className="table table-sm bm-value-table",
                # A new view is a new table (React remounts it): rows the browser sorted never keep old places.
                key=f"{spec.id}|{view.period_label}|{view.demo}|{view.stand}",
            ),
        ],
        className="bm-table-alternative mt-2",
    )
