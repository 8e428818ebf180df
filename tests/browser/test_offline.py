"""Without network: the pages fetch nothing from other hosts, and plotly's outside defaults stay off.

The route guard of conftest.py aborts and fails every request that leaves 127.0.0.1; these
tests add what the guard cannot see on its own: that the base-map request goes to this server,
and that every plot, with or without the app's config, has the logo link, the cloud buttons
and the cloud link off (tests/test_offline_assets.py lists every outside address and why).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from playwright.sync_api import Page, expect

CONTEXT_JS = """() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(gd => ({
    id: gd.id || gd.parentElement.id, topo: gd._context.topojsonURL, logo: gd._context.displaylogo,
    link: gd._context.showLink, cloud: gd._context.showSendToCloud, studio: gd._context.showEditInChartStudio,
    anchors: Array.from(gd.querySelectorAll('a[href]')).map(a => a.href)}))"""
OFFLINE = {"topo": "/assets/topojson/", "logo": False, "link": False, "cloud": False, "studio": False}


def test_the_explorer_loads_its_base_map_from_this_server_and_every_plot_is_offline(page: Page):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto("/fruehkindliche-bildung")
    expect(page.locator("#map path.choroplethlocation").first).to_be_attached()
    expect(page.locator("#trend .scatterlayer .trace").first).to_be_attached()
    topojson = [url for url in requests if "topojson" in url]
    assert topojson and all(urlsplit(url).path.startswith("/assets/topojson/") for url in topojson), topojson
    assert {urlsplit(url).hostname for url in requests} == {"127.0.0.1"}
    plots = page.evaluate(CONTEXT_JS)
    assert len(plots) >= 3
    for plot in plots:
        assert {key: plot[key] for key in OFFLINE} == OFFLINE, plot
        assert not [href for href in plot["anchors"] if urlsplit(href).hostname not in (None, "127.0.0.1")], plot


def test_a_plot_made_without_the_apps_config_is_offline_too(page: Page):
    """The bundle's own defaults: a future graph that forgets figures.graph_config still stays local."""
    page.goto("/fruehkindliche-bildung")
    expect(page.locator("#map path.choroplethlocation").first).to_be_attached()
    context = page.evaluate(
        """async () => {
            const div = document.createElement('div');
            document.body.appendChild(div);
            await Plotly.newPlot(div, [{type: 'scattergeo', lon: [8.0], lat: [52.9]}], {geo: {visible: false}});
            const c = div._context;
            const result = {topo: c.topojsonURL, logo: c.displaylogo, link: c.showLink, cloud: c.showSendToCloud,
                            studio: c.showEditInChartStudio};
            Plotly.purge(div);
            div.remove();
            return result;
        }"""
    )
    assert context == OFFLINE
