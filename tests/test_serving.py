"""Serving for the IT: compressed text, no recompressed downloads, cache headers, ``manage.py serve``."""

from __future__ import annotations

import gzip
import os
import re
import socket
import subprocess
import sys

import pytest

from data_access.store import Store
from tests.conftest import KREIS, ROOT

GZIP = {"Accept-Encoding": "gzip"}
IMMUTABLE = "public, max-age=31536000, immutable"
PLOTLY = "/assets/00_vendor/00_plotly-bildungsmonitor.min.js"  # no ?m=: revalidated, not immutable


def _unzipped(client, path: str) -> bytes:
    """The gzip body decompressed, after checking that it was compressed and smaller."""
    response = client.get(path, headers=GZIP)
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in response.headers["Vary"]
    assert int(response.headers["Content-Length"]) == len(response.data)
    return gzip.decompress(response.data)


def _stable(body: bytes) -> bytes:
    """The page without the token Dash draws anew for every request."""
    return re.sub(rb'"end_id":"[^"]*"', b"", body)


@pytest.mark.parametrize("path", ["/", "/_dash-layout", PLOTLY])
def test_text_comes_gzip_compressed_and_decompresses_to_the_same_bytes(app, path):
    client = app.server.test_client()
    plain = client.get(path).data
    assert _stable(_unzipped(client, path)) == _stable(plain)
    assert len(client.get(path, headers=GZIP).data) < len(plain) / 2


def test_a_callback_answer_comes_gzip_compressed(app):
    from tests.dash_client import _outputs

    client = app.server.test_client()
    key = next(k for k in app.callback_map if "page.children" in k)
    spec = app.callback_map[key]
    payload = {
        "output": key,
        "outputs": _outputs(key) if key.startswith("..") else _outputs(key)[0],
        "inputs": [
            {**i, "value": "/" if f"{i['id']}.{i['property']}" == "url.pathname" else None} for i in spec["inputs"]
        ],
        "state": [{**s, "value": None} for s in spec["state"]],
        "changedPropIds": [f"{spec['inputs'][0]['id']}.{spec['inputs'][0]['property']}"],
    }
    plain = client.post("/_dash-update-component", json=payload)
    assert plain.status_code == 200 and plain.mimetype == "application/json"
    response = client.post("/_dash-update-component", json=payload, headers=GZIP)
    assert response.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.data) == plain.data


def test_assets_and_geojson_come_compressed(app):
    client = app.server.test_client()
    html = client.get("/").get_data(as_text=True)
    css = re.search(r'href="(/assets/[^"]+\.css\?m=[^"]+)"', html).group(1)
    for path in (css, "/geodata/gemeinden.geojson"):
        assert _unzipped(client, path) == client.get(path).data


def test_brotli_is_preferred_when_the_browser_offers_it(app):
    response = app.server.test_client().get(PLOTLY, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert response.headers["Content-Encoding"] == "br"


def test_an_xlsx_download_is_not_compressed_again(app):
    response = app.server.test_client().get("/daten/vorlage.xlsx", headers={"Accept-Encoding": "gzip, br"})
    assert response.status_code == 200 and response.data[:2] == b"PK"
    assert "Content-Encoding" not in response.headers


def test_fingerprinted_files_are_cached_for_a_year_others_revalidate(app):
    client = app.server.test_client()
    html = client.get("/").get_data(as_text=True)
    suite = re.search(r'src="(/_dash-component-suites/dash/dash-renderer/[^"]+\.v\d[^"]+)"', html).group(1)
    asset = re.search(r'href="(/assets/[^"]+\?m=[^"]+)"', html).group(1)
    for path in (suite, asset):
        assert client.get(path).headers["Cache-Control"] == IMMUTABLE
    assert client.get(asset.split("?")[0]).headers["Cache-Control"] == "no-cache"
    plotly = client.get(PLOTLY, headers=GZIP)
    assert plotly.headers["Cache-Control"] == "no-cache"
    again = client.get(PLOTLY, headers={**GZIP, "If-None-Match": plotly.headers["ETag"]})
    assert again.status_code == 304 and not again.data


def test_server_pages_stay_uncached(app):
    assert app.server.test_client().get("/anmelden", headers=GZIP).headers["Cache-Control"] == "no-store"


def _serve(args: list[str], env: dict[str, str], timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "serve", *args],
        cwd=ROOT,
        env={**os.environ, "BILDUNGSMONITOR_KREIS": KREIS, **env},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_serve_help_lists_its_options():
    result = _serve(["--help"], {})
    assert result.returncode == 0
    for option in ("--threads", "--host", "--port", "--workers"):
        assert option in result.stdout


@pytest.mark.parametrize("mode", [[], ["--workers", "2"]], ids=["waitress", "gunicorn"])
def test_serve_names_a_taken_port_in_one_german_line(tmp_path, boundaries, mode):
    from data_access.regions import base_regions

    database = tmp_path / "bm.sqlite"
    Store(f"sqlite:///{database}").init_schema(base_regions(boundaries))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = _serve(
            ["--port", str(port), *mode],
            {"DATABASE_URL": f"sqlite:///{database}", "BILDUNGSMONITOR_INSTANCE": str(tmp_path)},
        )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and f"127.0.0.1:{port} ist nicht verfügbar" in lines[0]
    assert "läuft auf" not in result.stdout + result.stderr


def test_every_icon_the_pages_use_is_in_the_cut_icon_font():
    """tools/subset_icons.py keeps only the icons in its list: a new one in the code needs ``make icons``."""
    sources = [
        *ROOT.glob("layouts/*.py"),
        *ROOT.glob("webpages/templates/webpages/*.html"),
        *ROOT.glob("assets/10_app/*.js"),
    ]
    used = {name for path in sources for name in re.findall(r"\bbi-([a-z0-9-]+)", path.read_text(encoding="utf-8"))}
    css = (ROOT / "assets/00_vendor/01_bootstrap-icons.min.css").read_text(encoding="utf-8")
    assert used and used <= set(re.findall(r"\.bi-([a-z0-9-]+)::before", css)), used
    font = re.search(r'url\("(fonts/[^"]+)"\)', css)
    assert font and (ROOT / "assets/00_vendor" / font.group(1)).stat().st_size > 0
