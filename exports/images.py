"""Render a plotly figure to PNG, SVG or PDF with kaleido and the system Chromium.

One kaleido server (one Chromium) serves the whole process. It starts on the
first export, not at import, so the explorer starts without Chromium and a
process that never exports never pays for it (≈ 2.5 s start, ≈ 425 MB). Every
render holds one lock: kaleido's shared server hands results to the wrong
caller when two threads export at once (see ../shared/STACK.md).
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import plotly.graph_objects as go

import texts
from config import PROJECT_ROOT

log = logging.getLogger(__name__)

DEFAULT_CHROMIUM = Path("/usr/bin/chromium")
# Plotly.js may ask for its base map even when the geometry is inline: serve it from disk, never the network.
TOPOJSON_URI = (PROJECT_ROOT / "assets" / "topojson").as_uri() + "/"
RENDER_TIMEOUT = 60  # seconds kaleido may take for one image before it gives up
WATCHDOG = RENDER_TIMEOUT + 30  # a start that never answers (Chromium died) must not block a thread forever
POLL = 0.25  # seconds between checks that kaleido's server thread is still alive

A4_WIDTH_PX, A4_HEIGHT_PX = 1123, 794  # A4 landscape at 96 dpi: 297 × 210 mm
A4_PNG = (3508, 2480)  # A4 landscape at 300 dpi


@dataclass(frozen=True)
class Preset:
    """Size of an exported image and the type sizes that keep it readable at that size.

    ``width`` × ``height`` are layout pixels; a PNG is rendered at ``png_scale``
    (SVG and PDF keep scale 1, so a PDF page is ``width`` × ``height`` px at 96 dpi).
    """

    name: str
    width: int
    height: int
    png_scale: float
    title: int  # title font size, px
    subtitle: int
    text: int  # axis ticks, legend, colour bar, bar values
    label: int  # Gemeinde names on the map
    note: int  # source line, attribution, sign legend
    line: float  # factor on line widths and markers
    pad: int  # outer padding, px


PRESETS: dict[str, Preset] = {
    # A projector at 1920 × 1080: read from the back of the room (title ≥ 32 px, map labels ≥ 18 px).
    "praesentation": Preset(
        "praesentation", 1920, 1080, 1.0, title=40, subtitle=24, text=22, label=20, note=18, line=2.0, pad=28
    ),
    # A4 landscape, printed in black and white: 1 px = 0.75 pt, so the smallest text (12 px) is 9 pt.
    "druck": Preset(
        "druck",
        A4_WIDTH_PX,
        A4_HEIGHT_PX,
        A4_PNG[0] / A4_WIDTH_PX,
        title=24,
        subtitle=14,
        text=13,
        label=12,
        note=12,
        line=1.2,
        pad=18,
    ),
}


class ExportUnavailable(RuntimeError):
    """The image could not be rendered (no Chromium, Chromium hung or failed); the message is German."""


_lock = threading.Lock()
_state: dict[str, Any] = {"started": False, "stuck": False}


def _chromium_ok(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


def _start(chromium: Path) -> None:
    """Start kaleido's sync server once, on Debian's Chromium (kaleido's ``get_chrome`` is never called)."""
    if _state["started"]:
        return
    if not _chromium_ok(chromium):
        raise ExportUnavailable(texts.EXPORT_CHROMIUM_MISSING.format(path=chromium))
    import kaleido  # deferred: importing kaleido pulls in choreographer, only needed once something is exported
    import plotly.io as pio

    pio.defaults.topojson = TOPOJSON_URI
    # plotly passes its default extra HTTP headers as "kopts", which a running server ignores with a warning
    # per image; the export page requests nothing over the network, so there are no headers to send.
    pio.defaults.headers = {}
    kaleido.start_sync_server(n=1, timeout=RENDER_TIMEOUT, mathjax=False, silence_warnings=True, path=str(chromium))
    _state["started"] = True
    log.info("Bildexport: kaleido mit %s gestartet", chromium)


def _server_alive() -> bool:
    """False once kaleido's server thread has died (e.g. Chromium could not start); it then never answers."""
    import kaleido

    # kaleido 1.5 offers no health check; its server object keeps the thread here (pinned version).
    thread = getattr(kaleido._global_server, "_thread", None)
    return thread is None or thread.is_alive()


def _to_image(fig: go.Figure, fmt: str, width: int, height: int, scale: float) -> bytes:
    """``plotly.io.to_image`` in a helper thread, so a server that never answers cannot block the caller forever."""
    import plotly.io as pio

    result: dict[str, Any] = {}

    def work() -> None:
        try:
            result["data"] = pio.to_image(fig, format=fmt, width=width, height=height, scale=scale, validate=False)
        except BaseException as error:
            result["error"] = error

    worker = threading.Thread(target=work, name="bildexport", daemon=True)
    worker.start()
    waited = 0.0
    while worker.is_alive() and waited < WATCHDOG:
        worker.join(POLL)
        waited += POLL
        if worker.is_alive() and not _server_alive():
            break
    if worker.is_alive():
        if _server_alive():  # Chromium hangs: a second server would hang the same way
            _state["stuck"] = True
            raise ExportUnavailable(texts.EXPORT_STUCK)
        # The server thread died (Chromium could not start or crashed): drop it, the next export starts afresh.
        import kaleido

        kaleido.stop_sync_server(silence_warnings=True)
        _state["started"] = False
        raise ExportUnavailable(texts.EXPORT_FAILED.format(reason=texts.EXPORT_CHROMIUM_ENDED))
    if "error" in result:
        log.error("Bildexport fehlgeschlagen: %r", result["error"])
        raise ExportUnavailable(texts.EXPORT_FAILED.format(reason=type(result["error"]).__name__)) from result["error"]
    return result["data"]


def render(fig: go.Figure, fmt: str, preset: Preset | str, chromium: Path = DEFAULT_CHROMIUM) -> bytes:
    """The figure as PNG, SVG or PDF bytes at the preset's size; starts Chromium on first use.

    The lock is held from start to result: one export at a time gets its own image.
    ``chromium`` counts on the first call only (one server per process).
    """
    if fmt not in ("png", "svg", "pdf"):
        raise ValueError(f"unknown image format {fmt!r}")
    preset = PRESETS[preset] if isinstance(preset, str) else preset
    scale = preset.png_scale if fmt == "png" else 1.0
    with _lock:
        if _state["stuck"]:
            raise ExportUnavailable(texts.EXPORT_STUCK)
        _start(chromium)
        return _to_image(fig, fmt, preset.width, preset.height, scale)


def started() -> bool:
    """Whether this process has started its Chromium for exports (for the benchmark and tests)."""
    return bool(_state["started"])
