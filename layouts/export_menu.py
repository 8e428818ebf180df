"""The "Exportieren" menu beside a figure: plain links to /export, one per format and size,
and to /download for the values as CSV and Excel (the view's year or every year).

The links are ordinary downloads (the server answers with an attachment), so they
work without JavaScript of their own; a callback keeps their addresses on the view.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html
from dash.development.base_component import Component

import ids
import language
import texts
from exports import download_links, links


def link_id(kind: str, fmt: str, size: str) -> dict[str, str]:
    """Pattern-matching id of one menu link."""
    return {"type": ids.EXPORT_LINK, "kind": kind, "fmt": fmt, "size": size}


def download_id(kind: str, fmt: str, scope: str) -> dict[str, str]:
    """Pattern-matching id of one data download link; ``scope`` is "jahr" (the view) or "alle"."""
    return {"type": ids.DOWNLOAD_LINK, "kind": kind, "fmt": fmt, "scope": scope}


def download_href(indicator_id: str | None, year: int | None, fmt: str, scope: str) -> str | None:
    """The view's year or the whole indicator; no link without a view."""
    if not indicator_id or year is None:
        return None
    return download_links.href(indicator_id, fmt, year if scope == "jahr" else None)


def _with_language(href: str | None) -> str | None:
    """A link that keeps the page's language (the file's texts follow it); none stays none."""
    return language.href(href) if href else None


def export_menu(kind: str, indicator_id: str, year: int | None) -> dbc.DropdownMenu:
    """PNG, SVG and PDF for the projector and for print, then the values as CSV and Excel;
    the first view's links are set right away."""
    items: list[dbc.DropdownMenuItem] = []
    for size in links.SIZES:
        if items:
            items.append(dbc.DropdownMenuItem(divider=True))
        items.append(dbc.DropdownMenuItem(texts.EXPORT_SIZES[size], header=True))
        for fmt in links.FORMATS:
            items.append(
                dbc.DropdownMenuItem(
                    texts.EXPORT_FORMATS[fmt],
                    id=link_id(kind, fmt, size),
                    href=language.href(links.href(kind, fmt, indicator_id, year, size=size))
                    if indicator_id and year
                    else None,
                    external_link=True,
                )
            )
    items.append(dbc.DropdownMenuItem(divider=True))
    items.append(dbc.DropdownMenuItem(texts.DOWNLOAD_HEADING, header=True))
    for scope in download_links.SCOPES:
        for fmt in download_links.FORMATS:
            items.append(
                dbc.DropdownMenuItem(
                    texts.DOWNLOAD_LINKS[(scope, fmt)],
                    id=download_id(kind, fmt, scope),
                    href=_with_language(download_href(indicator_id, year, fmt, scope)),
                    external_link=True,
                )
            )
    return dbc.DropdownMenu(
        items,
        id=ids.EXPORT_MENUS[kind],
        label=texts.EXPORT_MENU,
        size="sm",
        color="light",
        align_end=True,
        class_name="bm-export",
        toggle_class_name="border",
    )


def menu_bar(kind: str, indicator_id: str, year: int | None, heading: Component | None = None) -> html.Div:
    """A figure's heading (if any) with its export menu at the right end of the same line."""
    return html.Div(
        [heading if heading is not None else html.Span(), export_menu(kind, indicator_id, year)],
        className="d-flex justify-content-between align-items-center mb-1 gap-2",
    )
