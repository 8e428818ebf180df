"""Every address outside this machine in what the browser loads, and why none of them is ever requested.

The app runs in meeting rooms without network. The scripts and styles the pages load carry
addresses of other hosts; each one found is listed here with the reason it never becomes a
request. A new address in a new library version fails this test until someone has checked it.
The browser tests prove the same empirically: their route guard fails on any request that
leaves 127.0.0.1 (tests/browser/conftest.py, tests/browser/test_offline.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import dash

from tests.conftest import ROOT

NAMESPACE = "an XML namespace name: an identifier for SVG/MathML elements, never fetched"
MESSAGE = "text of an error message or an attribute description: printed, never fetched"
OFF = "a plotly default the app switches off: setPlotConfig in tools/plotly_entry.js and figures.graph_config"
MATHJAX = "only in dcc's MathJax chunk, loaded only for a graph or Markdown with mathjax=True, which the app never sets"

ALLOWED = {
    "http://www.w3.org/2000/svg": NAMESPACE,
    "http://www.w3.org/2000/xmlns/": NAMESPACE,
    "http://www.w3.org/1999/xlink": NAMESPACE,
    "http://www.w3.org/1999/xhtml": NAMESPACE,
    "http://www.w3.org/1998/Math/MathML": NAMESPACE,
    "http://www.w3.org/XML/1998/namespace": NAMESPACE,
    "http://www.w3.org/2001/10/synthesis": NAMESPACE,
    "https://www.w3.org/TR/css-color-4/#named-colors": MESSAGE,
    "https://plotly.com/javascript/animations/": MESSAGE,
    "https://plotly.com/javascript/plotlyjs-events/#event-data.": MESSAGE,
    "https://developer.mozilla.org/en-US/docs/Web/CSS/text-shadow": MESSAGE,
    "https://developer.mozilla.org/en-US/docs/Web/SVG/Attribute/fill-rule": MESSAGE,
    "https://github.com/d3/d3-format/tree/v1.4.5#d3-format": MESSAGE,
    "https://github.com/d3/d3-time-format/tree/v2.2.3#locale_format": MESSAGE,
    "https://github.com/date-fns/date-fns/blob/master/docs/unicodeTokens.md": MESSAGE,
    "https://github.com/highlightjs/highlight.js/issues/2277": MESSAGE,
    "https://github.com/highlightjs/highlight.js/wiki/security": MESSAGE,
    "https://github.com/primer/github-syntax-light": MESSAGE,
    "http://git.io/vg5Ft": MESSAGE,
    "http://fb.me/use-check-prop-types": MESSAGE,
    "https://reactjs.org/docs/error-decoder.html?invariant=": MESSAGE,
    "https://redux.js.org/Errors?code=": MESSAGE,
    # geo base maps would come from here; the app's plotly.js reads /assets/topojson/ instead
    "https://cdn.plot.ly/un/": OFF,
    # the "Edit in Chart Studio" / "Send to cloud" target; buttons and link are off
    "https://cloud.plotly.com/newchart": OFF,
    # the "Produced with plotly.js" logo link; displaylogo is off
    "https://plotly.com/": OFF,
    "https://www.mathjax.org": MATHJAX,
    "https://cdn.jsdelivr.net/npm/speech-rule-engine@": MATHJAX,
    "https://cdn.jsdelivr.net/npm/sre-mathmaps-ie@": MATHJAX,
    "https://cdn.jsdelivr.net/npm/wicked-good-xpath@1.3.0/dist/wgxpath.install.js": MATHJAX,
}
ADDRESS = re.compile(r"https?://[A-Za-z0-9.-]+\.[A-Za-z]{2,}[^\s\"'`)<>\\]*")
PAGES = ("/fruehkindliche-bildung", "/praesentation/beispiel", "/anmelden")
DCC = Path(dash.__file__).parent / "dcc"


def loaded_files(app) -> dict[str, bytes]:
    """Every script and style the pages name, and every lazily loaded chunk of Dash's core components."""
    client = app.server.test_client()
    files: dict[str, bytes] = {}
    for page in PAGES:
        html = client.get(page).get_data(as_text=True)
        for url in re.findall(r'(?:src|href)="(/[^"#]+)"', html):
            response = client.get(url)
            if response.status_code == 200:
                files[url.split("?")[0]] = response.get_data()
    for chunk in DCC.glob("async-*.js"):
        files[f"dcc/{chunk.name}"] = chunk.read_bytes()
    for path in (ROOT / "assets").rglob("*"):
        if path.suffix in (".js", ".css", ".json"):
            files[f"assets/{path.relative_to(ROOT / 'assets')}"] = path.read_bytes()
    return files


def addresses(files: dict[str, bytes]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for name, body in files.items():
        for address in ADDRESS.findall(body.decode("utf-8", "replace")):
            found.setdefault(address, set()).add(name)
    return found


def test_every_outside_address_in_the_loaded_code_is_checked(app):
    files = loaded_files(app)
    assert any("00_plotly-bildungsmonitor" in name for name in files) and len(files) > 20
    unchecked = {a: sorted(where) for a, where in addresses(files).items() if a not in ALLOWED}
    assert not unchecked, f"unchecked outside addresses (check each, then list it with its reason): {unchecked}"


def test_the_list_has_no_stale_entries(app):
    """An address no file carries any more leaves the list, so the list stays the truth."""
    assert set(ALLOWED) <= set(addresses(loaded_files(app)))


def test_the_apps_plotly_is_offline_by_default():
    bundle = (ROOT / "assets/00_vendor/00_plotly-bildungsmonitor.min.js").read_text(encoding="utf-8")
    defaults = re.search(r"setPlotConfig\(\{([^}]*)\}\)", bundle)
    assert defaults, "the bundle sets no offline defaults: run make plotly-bundle"
    assert 'topojsonURL:"/assets/topojson/"' in defaults.group(1)
    for switch in ("displaylogo", "showLink", "showSendToCloud", "showEditInChartStudio"):
        assert f"{switch}:!1" in defaults.group(1), switch
    assert (ROOT / "assets/topojson/world_110m.json").is_file()


def test_no_component_of_the_app_turns_mathjax_on():
    sources = [*ROOT.glob("layouts/*.py"), *ROOT.glob("callbacks/*.py"), *ROOT.glob("figures/*.py")]
    assert not [str(path) for path in sources if "mathjax" in path.read_text(encoding="utf-8").lower()]
