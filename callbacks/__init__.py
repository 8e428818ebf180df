"""Callbacks: thin glue between components, data access and figure builders.

Every callback is registered on the app passed in (never the global
``dash.callback``), so each ``create_app()`` gets its own set.
"""

from __future__ import annotations

from dash import Dash

from callbacks import comparison, exports, navigation, presentation, theme, viewstate
from callbacks.context import AppContext


def register(app: Dash, ctx: AppContext) -> None:
    navigation.register(app, ctx)
    theme.register(app, ctx)
    exports.register(app, ctx)
    comparison.register(app, ctx)
    viewstate.register(app)
    presentation.register(app)
