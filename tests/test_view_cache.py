"""One change, several small callbacks, one shared view: the cache behind them and what each sends.

The explorer answers a change with up to four callbacks (``callbacks/theme.py``) that read one
view from ``Store.cached``. These tests hold the cache to its promises (computed once per data
version, shared by concurrent callers, bounded, never stale after a write) and the split to its
purpose: a year change sends the map alone in a small answer, a scheme change nothing else.
"""

from __future__ import annotations

import json
import threading
import time

import brotli
import pytest
from sqlalchemy import update

import ids
from data_access import store as store_module
from data_access.models import IndicatorValue
from data_access.store import Store, bump_data_version
from data_access.views import cached_view
from tests.dash_client import EXPLORER_CALLBACKS, call, callback_key, explorer_change

INDICATOR, GEMEINDE = "betreuungsquote_u3", "03453001"  # Barßel
MAP_BYTES = 2_000  # the IT's target for one map update, brotli as the server sends it (quality 4)


class Counter:
    def __init__(self, result: object = "value", delay: float = 0.0) -> None:
        self.calls, self.result, self.delay = 0, result, delay
        self._lock = threading.Lock()

    def __call__(self) -> object:
        with self._lock:
            self.calls += 1
        time.sleep(self.delay)
        return self.result


def _write(store: Store) -> None:
    """A write as an import makes it: rows changed and the data version advanced in one transaction."""
    with store.sessions.begin() as session:
        session.execute(update(IndicatorValue).where(IndicatorValue.indicator_id == "no-such").values(value=1.0))
        bump_data_version(session)


# -- Store.cached -------------------------------------------------------------------------------


def test_a_result_is_computed_once_per_key_and_data_version(store):
    compute = Counter()
    assert store.cached(("k",), compute) == "value"
    assert store.cached(("k",), compute) == "value"
    assert compute.calls == 1
    store.cached(("other",), compute)
    assert compute.calls == 2
    _write(store)  # a write: the same key is computed afresh
    store.cached(("k",), compute)
    assert compute.calls == 3


def test_callers_that_arrive_while_a_result_is_computed_wait_for_it(store):
    compute = Counter(delay=0.2)
    results: list[object] = []
    threads = [threading.Thread(target=lambda: results.append(store.cached(("slow",), compute))) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert results == ["value"] * 6 and compute.calls == 1


def test_a_failed_computation_is_not_kept(store):
    def fail() -> object:
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        store.cached(("f",), fail)
    compute = Counter()
    assert store.cached(("f",), compute) == "value" and compute.calls == 1


def test_the_cache_keeps_only_the_newest_results(store, monkeypatch):
    monkeypatch.setattr(store_module, "MEMO_SIZE", 3)
    compute = Counter()
    for key in "abcde":
        store.cached((key,), compute)
    assert compute.calls == 5
    store.cached(("e",), compute)  # among the newest three
    assert compute.calls == 5
    store.cached(("a",), compute)  # dropped: computed again
    assert compute.calls == 6


def test_views_are_shared_per_language_and_selection(store, boundaries):
    import language

    german = cached_view(store, boundaries, INDICATOR, 2024)
    assert cached_view(store, boundaries, INDICATOR, 2024) is german
    assert cached_view(store, boundaries, INDICATOR, 2024, "gibt-es-nicht") is german  # unknown key: no new entry
    with language.use("en"):
        english = cached_view(store, boundaries, INDICATOR, 2024)
    assert english is not german and english.period_label != german.period_label
    selected = cached_view(store, boundaries, INDICATOR, 2024, GEMEINDE)
    assert selected is not german and selected.selected == GEMEINDE


# -- the split: who answers which change -------------------------------------------------------


def _inputs(app, output: str) -> set[str]:
    return {f"{i['id']}.{i['property']}" for i in app.callback_map[callback_key(app, output)]["inputs"]}


def test_each_change_fires_only_the_callbacks_it_concerns(app):
    takes = {output: _inputs(app, output) for output in EXPLORER_CALLBACKS}
    fired = {
        change: {output for output, inputs in takes.items() if change in inputs}
        for change in ("year.value", "map-scheme.value", "map-diverging.value", "selected-gemeinde.data")
    }
    assert fired["year.value"] == {"map.figure", "bars.figure"}  # the trend shows every year already
    assert fired["map-scheme.value"] == fired["map-diverging.value"] == {"map.figure"}
    assert fired["selected-gemeinde.data"] == {"map.figure", "bars.figure", "trend.figure"}
    assert {o for o, inputs in takes.items() if "indicator.value" in inputs} == set(EXPLORER_CALLBACKS)


def test_a_year_change_sends_a_map_answer_under_two_kilobytes(app):
    inputs = {"indicator.value": INDICATOR, "year.value": 2023, "selected-gemeinde.data": None}
    status, body, raw = call(app, "map.figure", inputs, {"map-kind.data": "gemeinden"}, changed=["year.value"])
    assert status == 200
    assert set(body["response"]) == {ids.MAP, ids.MAP_KIND, ids.YEAR_LABEL, ids.MESSAGE}
    assert body["response"][ids.MAP]["figure"]["__dash_patch_update"] == "__dash_patch_update"
    wire = brotli.compress(json.dumps(body).encode(), quality=4)
    assert len(wire) <= MAP_BYTES, len(wire)
    assert "2023" in raw and "Barßel" in raw


def test_the_map_and_the_charts_of_one_change_show_the_same_numbers(app, store, boundaries):
    view = cached_view(store, boundaries, INDICATOR, 2022)
    value = view.values.set_index("region_key").loc[GEMEINDE, "value"]
    shown = f"{value:.1f}".replace(".", ",")
    inputs, drawn = {"indicator.value": INDICATOR, "year.value": 2022}, {"map-kind.data": "gemeinden"}
    _, body, _ = explorer_change(app, inputs, drawn, changed=["year.value"])
    response = body["response"]
    patch = {tuple(op["location"]): op["params"]["value"] for op in response[ids.MAP]["figure"]["operations"]}
    hover = dict(zip(patch[("data", 0, "locations")], patch[("data", 0, "customdata")], strict=True))
    assert shown in hover[GEMEINDE][1]
    bars = response[ids.BARS]["figure"]["data"][0]
    assert bars["x"][bars["y"].index("Barßel")] == pytest.approx(value)
    assert shown in json.dumps(response[ids.VALUE_TABLE], ensure_ascii=False)


def test_a_write_while_the_app_runs_is_seen_at_once_by_every_callback(app, store, boundaries):
    """Another process imports new values: every view shows them on its next request, none the old ones."""
    inputs = {"indicator.value": INDICATOR, "year.value": 2024, "selected-gemeinde.data": GEMEINDE}
    _, before, _ = explorer_change(app, inputs, {"map-kind.data": "gemeinden"})
    old = cached_view(store, boundaries, INDICATOR, 2024, GEMEINDE).values.set_index("region_key").loc[GEMEINDE]

    other = Store(str(store.engine.url))  # the importing process: its own engine on the same file
    with other.sessions.begin() as session:
        rows = (IndicatorValue.indicator_id == INDICATOR) & (IndicatorValue.region_key == GEMEINDE)
        session.execute(update(IndicatorValue).where(rows).values(value=81.7, numerator=None, denominator=None))
        bump_data_version(session)
    other.engine.dispose()

    _, after, raw = explorer_change(app, inputs, {"map-kind.data": "gemeinden"})
    response = after["response"]
    assert set(response) == set(before["response"])
    patch = {tuple(op["location"]): op["params"]["value"] for op in response[ids.MAP]["figure"]["operations"]}
    hover = dict(zip(patch[("data", 0, "locations")], patch[("data", 0, "customdata")], strict=True))
    assert "81,7" in hover[GEMEINDE][1]
    bars = response[ids.BARS]["figure"]["data"][0]
    assert bars["x"][bars["y"].index("Barßel")] == pytest.approx(81.7)
    for part in (ids.VALUE_TABLE, ids.REFERENCES, ids.TREND):
        assert "81,7" in json.dumps(response[part], ensure_ascii=False), part
    old_text = f"{old['value']:.1f}".replace(".", ",")
    assert old_text != "81,7" and f">{old_text}<" not in raw and f'"{old_text}"' not in raw


def test_a_read_only_request_reads_the_data_version_once(store):
    from sqlalchemy import event

    reads: list[str] = []
    event.listen(store.engine, "before_cursor_execute", lambda *a: reads.append(a[2]) if "store_meta" in a[2] else None)
    token = Store.pin_version()
    try:
        first = store.data_version()
        _write(store)  # a write by someone else during the request: this request keeps its version
        assert store.data_version() == first
    finally:
        Store.unpin_version(token)
    assert store.data_version() == first + 1  # the next request sees the write
    version_reads = [sql for sql in reads if sql.lstrip().startswith("SELECT store_meta.value")]
    assert len(version_reads) == 2, version_reads  # once in the request, once after it (the write's own read aside)


def test_callbacks_pin_the_version_and_form_posts_do_not(app, store, monkeypatch):
    seen: list[object] = []
    original = Store.data_version

    def spy(self):
        seen.append(store_module._PINNED.get())
        return original(self)

    monkeypatch.setattr(Store, "data_version", spy)
    call(app, "map.figure", {"indicator.value": INDICATOR, "year.value": 2023}, {"map-kind.data": "gemeinden"})
    assert seen and all(pinned is not None for pinned in seen)
    seen.clear()
    app.server.test_client().post("/anmelden", data={"username": "x", "password": "y"})
    assert all(pinned is None for pinned in seen)


# -- the first map comes with the page -------------------------------------------------------------


def _components(node: object):
    if isinstance(node, dict):
        if "props" in node and "type" in node:
            yield node
        for value in node.values():
            yield from _components(value)
    elif isinstance(node, list):
        for item in node:
            yield from _components(item)


def _by_id(page: dict) -> dict[str, dict]:
    return {c["props"]["id"]: c["props"] for c in _components(page) if isinstance(c["props"].get("id"), str)}


def test_a_theme_page_arrives_with_its_map_drawn(app, store, boundaries):
    search = f"?indikator={INDICATOR}&jahr=2021&gemeinde={GEMEINDE}"
    status, body, _ = call(app, "page.children", {"url.pathname": "/fruehkindliche-bildung"}, {"url.search": search})
    assert status == 200
    props = _by_id(body["response"]["page"]["children"])
    figure = props[ids.MAP]["figure"]
    values = figure["data"][0]
    view = cached_view(store, boundaries, INDICATOR, 2021, GEMEINDE)
    expected = view.values.dropna(subset=["value"])
    assert sorted(values["locations"]) == sorted(expected["region_key"]) and len(values["z"]) == len(expected)
    assert "2021" in figure["layout"]["title"]["text"] and "Betreuungsquote" in figure["layout"]["title"]["text"]
    widths = dict(zip(values["locations"], values["marker"]["line"]["width"], strict=True))
    assert widths[GEMEINDE] > widths["03453002"]  # the selected Gemeinde outlined from the start
    assert props[ids.MAP_KIND]["data"] == "gemeinden"
    assert props[ids.YEAR_LABEL]["children"] == view.period_label
    key = callback_key(app, "map.figure")
    assert next(c for c in app._callback_list if c["output"] == key)["prevent_initial_call"] is True
