"""Real-server figures in headless Chromium (Debian's /usr/bin/chromium driven by Playwright; never
`playwright install`): time from navigation to the first chart drawn per page, and 20 concurrent
sessions changing a widget on one server.

Times are taken inside the page with performance.now() (0 = navigation start): a MutationObserver,
installed before any page script runs, records when the page's title (h1) and the first and the
n-th `.js-plotly-plot .main-svg` appear. Nothing may be fetched from outside 127.0.0.1.
"""
from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from common import CHROMIUM, CHROMIUM_ARGS, ROOT, summary, url_path

OBSERVER = """
window.__bench = {charts: 0, chartTimes: []};
new MutationObserver(() => {
  const b = window.__bench;
  if (b.h1 === undefined && document.querySelector('[data-testid="stMain"] h1, .stMain h1, h1')) b.h1 = performance.now();
  const n = document.querySelectorAll('.js-plotly-plot .main-svg').length;
  while (b.charts < n) { b.charts += 1; b.chartTimes.push(performance.now()); }
  if (b.exception === undefined && document.querySelector('[data-testid="stException"]')) b.exception = performance.now();
}).observe(document, {subtree: true, childList: true});
// Streamlit's websocket: when it opened and when the first server message arrived (page clock).
(() => {
  const Native = window.WebSocket;
  const Wrapped = function (...args) {
    const ws = new Native(...args);
    ws.addEventListener('open', () => { if (window.__bench.wsOpen === undefined) window.__bench.wsOpen = performance.now(); });
    ws.addEventListener('message', () => { if (window.__bench.wsFirst === undefined) window.__bench.wsFirst = performance.now(); });
    return ws;
  };
  Wrapped.prototype = Native.prototype;
  for (const k of ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED']) Wrapped[k] = Native[k];
  window.WebSocket = Wrapped;
})();
"""
JS_FACTS = """({...window.__bench,
  dcl: performance.getEntriesByType('navigation')[0]?.domContentLoadedEventEnd,
  jsBytes: performance.getEntriesByType('resource').filter(e => e.name.split('?')[0].endsWith('.js'))
             .reduce((sum, e) => sum + (e.decodedBodySize || 0), 0)})"""
VIEWPORT = {"width": 1400, "height": 5000}   # tall: Streamlit draws off-screen charts lazily
SESSION_VIEWPORT = {"width": 1400, "height": 1000}

# 20 concurrent sessions: on the マイナンバーカード page, 比較する団体 switches between 手動で選ぶ (no peers)
# and 同じ都道府県 (peers of 石川県, 金沢市 first); the last chart (the time series) shows the change.
CONCURRENT_PAGE = "pages/2_mynumber.py"
CONCURRENT_READY = "(() => { const p = [...document.querySelectorAll('.js-plotly-plot')]; return p.length >= 4 && p.at(-1).innerText.includes('輪島市'); })()"
CONCURRENT_ROUNDS = [   # (label to click, condition on the last chart once the change is drawn)
    ("同じ都道府県", "p.at(-1).innerText.includes('金沢市')"),
    ("手動で選ぶ", "!p.at(-1).innerText.includes('金沢市') && p.at(-1).innerText.includes('輪島市')"),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


LIVE_SERVERS: list["Server"] = []   # stopped by bench/run.py's signal handler on Ctrl-C


class Server:
    """`streamlit run` on 127.0.0.1 in its own session (stopped with os.killpg)."""

    def __init__(self, script: str, db: Path | None, log: Path, env: dict | None = None):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        environment = {**os.environ, **(env or {})}
        if db is not None:
            environment["DXDASH_DB"] = str(db)
        environment.pop("DXDASH_ADMIN_TOKEN", None)
        self.log_file = open(log, "wb")
        started = time.perf_counter()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(self.port),
             "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none", "--server.runOnSave", "false"],
            cwd=ROOT, env=environment, stdout=self.log_file, stderr=subprocess.STDOUT, start_new_session=True)
        LIVE_SERVERS.append(self)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                if urllib.request.urlopen(f"{self.base}/_stcore/health", timeout=2).read() == b"ok":
                    self.startup_s = time.perf_counter() - started
                    return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"streamlit did not start; see {log}")

    def stop(self) -> None:
        if self in LIVE_SERVERS:
            LIVE_SERVERS.remove(self)
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=20)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                try:
                    os.killpg(self.process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.process.wait(timeout=10)
        self.log_file.close()

    def __enter__(self) -> "Server":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def _local_only(route) -> None:
    if route.request.url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")):
        route.continue_()
    else:
        route.abort()


def first_chart(base: str, pages: dict[str, int], *, visits: int, timeout_s: float) -> dict:
    """pages: page file → number of charts AppTest saw on it (0 = only the title is waited for).
    Each visit is a fresh browser context; visit 1 of each page runs on the server's cold caches."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    results: dict[str, dict] = {page: {"charts_expected": n, "visits": [], "error": None} for page, n in pages.items()}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for visit in range(visits):
                for page_file, expected in pages.items():
                    context = browser.new_context(viewport=VIEWPORT, locale="ja-JP")
                    context.route("**/*", _local_only)
                    context.add_init_script(OBSERVER)
                    page = context.new_page()
                    cdp = context.new_cdp_session(page)
                    cdp.send("Performance.enable")
                    record: dict = {}
                    try:
                        page.goto(f"{base}/{url_path(page_file)}", wait_until="commit", timeout=timeout_s * 1000)
                        wanted = max(expected, 0)
                        done = f"window.__bench.charts >= {wanted}" if wanted else "window.__bench.h1 !== undefined"
                        condition = f"() => window.__bench && ({done} || window.__bench.exception !== undefined)"
                        page.wait_for_function(condition, timeout=timeout_s * 1000, polling=50)
                        metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
                        bench = page.evaluate(JS_FACTS)
                        record = {"h1_ms": bench.get("h1"), "dom_ready_ms": bench.get("dcl"), "ws_open_ms": bench.get("wsOpen"),
                                  "ws_first_ms": bench.get("wsFirst"), "js_mb": bench.get("jsBytes", 0) / 1e6,
                                  # main-thread time of the renderer until the page was drawn (Chrome's Performance domain)
                                  "task_ms": metrics.get("TaskDuration", 0) * 1000,
                                  "script_ms": metrics.get("ScriptDuration", 0) * 1000,
                                  "layout_ms": (metrics.get("LayoutDuration", 0) + metrics.get("RecalcStyleDuration", 0)) * 1000, "first_chart_ms": (bench["chartTimes"] or [None])[0] if expected else None,
                                  "all_charts_ms": bench["chartTimes"][expected - 1] if expected and len(bench["chartTimes"]) >= expected else None,
                                  "exception": bench.get("exception") is not None}
                    except PlaywrightError as exc:
                        bench = _safe_bench(page)
                        record = {"error": str(exc).splitlines()[0][:200], "h1_ms": bench.get("h1"),
                                  "first_chart_ms": (bench.get("chartTimes") or [None])[0],
                                  "charts_seen": bench.get("charts")}
                    finally:
                        context.close()
                    results[page_file]["visits"].append(record)
        finally:
            browser.close()
    for page_file, result in results.items():
        visits_ = result["visits"]
        firsts = [v.get("first_chart_ms") for v in visits_]
        result["cold"] = visits_[0] if visits_ else None
        result["warm_first_chart"] = summary([v for v in firsts[1:] if v is not None])
        result["warm_h1"] = summary([v.get("h1_ms") for v in visits_[1:] if v.get("h1_ms") is not None])
        result["warm_all_charts"] = summary([v.get("all_charts_ms") for v in visits_[1:] if v.get("all_charts_ms") is not None])
        result["all_first_chart"] = summary([v for v in firsts if v is not None])
        result["warm_breakdown"] = {key: summary([v.get(key) for v in visits_[1:] if v.get(key) is not None])["median"]
                                    for key in ("dom_ready_ms", "ws_open_ms", "ws_first_ms", "h1_ms", "first_chart_ms",
                                                "task_ms", "script_ms", "layout_ms", "js_mb")}
        result["errors"] = [v["error"] for v in visits_ if v.get("error")]
        result["exceptions"] = sum(1 for v in visits_ if v.get("exception"))
    return results


def _safe_bench(page) -> dict:
    try:
        return page.evaluate("window.__bench || {}") or {}
    except Exception:
        return {}


class _Wire:
    """Streamlit's websocket seen from the page: when a rerun was sent and when the server said the script
    finished (ForwardMsg script_finished), in Python's clock. Excludes the browser's drawing."""

    def __init__(self):
        self.sent: list[float] = []
        self.finished: list[float] = []

    def attach(self, ws) -> None:
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        def sent(payload) -> None:
            if isinstance(payload, (bytes, bytearray)):
                try:
                    if BackMsg.FromString(bytes(payload)).WhichOneof("type") == "rerun_script":
                        self.sent.append(time.perf_counter())
                except Exception:
                    pass

        def received(payload) -> None:
            if isinstance(payload, (bytes, bytearray)) and len(payload) < 4096:   # script_finished is tiny
                try:
                    if ForwardMsg.FromString(bytes(payload)).WhichOneof("type") == "script_finished":
                        self.finished.append(time.perf_counter())
                except Exception:
                    pass

        ws.on("framesent", sent)
        ws.on("framereceived", received)

    def round_trip_after(self, started: float) -> float | None:
        sent = next((t for t in self.sent if t >= started), None)
        if sent is None:
            return None
        done = next((t for t in self.finished if t >= sent), None)
        return None if done is None else (done - sent) * 1000


async def _concurrent(base: str, sessions: int, rounds: int, timeout_s: float) -> dict:
    from playwright.async_api import async_playwright

    url = f"{base}/{url_path(CONCURRENT_PAGE)}"
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            contexts, pages, wires = [], [], []
            for _ in range(sessions):
                # A laptop-sized window: as for a user, only the charts in view are drawn.
                context = await browser.new_context(viewport=SESSION_VIEWPORT, locale="ja-JP")
                await context.route("**/*", _local_only_async)
                await context.add_init_script(OBSERVER)
                page = await context.new_page()
                wire = _Wire()
                page.on("websocket", wire.attach)
                contexts.append(context)
                pages.append(page)
                wires.append(wire)

            async def load(page) -> float | None:
                await page.goto(url, wait_until="commit", timeout=timeout_s * 1000)
                await page.wait_for_function("() => window.__bench && window.__bench.charts >= 1",
                                             timeout=timeout_s * 1000, polling=100)
                first = (await page.evaluate("window.__bench"))["chartTimes"][0]
                # Scroll to 比較する団体 so that the time series below it is drawn, as a user would.
                await page.get_by_text(CONCURRENT_ROUNDS[0][0], exact=True).scroll_into_view_if_needed(timeout=timeout_s * 1000)
                await page.evaluate("window.scrollBy(0, 250)")
                await page.wait_for_function(CONCURRENT_READY, timeout=timeout_s * 1000, polling=100)
                return first

            loads = await asyncio.gather(*(load(p) for p in pages), return_exceptions=True)
            load_errors = [repr(x)[:200] for x in loads if isinstance(x, BaseException)]
            load_times = [x for x in loads if isinstance(x, (int, float))]

            async def change(page, wire: _Wire, label: str, condition: str) -> dict:
                started = time.perf_counter()
                clicked = await page.evaluate(
                    """(label) => { const l = [...document.querySelectorAll('label')].find(x => x.innerText.trim() === label);
                                    if (!l) return null; const t = performance.now(); l.click(); return t; }""", label)
                if clicked is None:
                    await page.get_by_text(label, exact=True).click()
                    clicked = await page.evaluate("performance.now()")
                drawn = await page.wait_for_function(
                    f"() => {{ const p = [...document.querySelectorAll('.js-plotly-plot')]; return p.length > 0 && ({condition}) ? performance.now() : false; }}",
                    timeout=timeout_s * 1000, polling="raf")
                done = await drawn.json_value()
                return {"page_ms": done - clicked, "wall_ms": (time.perf_counter() - started) * 1000,
                        "server_ms": wire.round_trip_after(started)}

            samples, errors = [], []
            ready = [(p, w) for p, w, x in zip(pages, wires, loads) if not isinstance(x, BaseException)]
            for round_no in range(rounds * len(CONCURRENT_ROUNDS)):
                label, condition = CONCURRENT_ROUNDS[round_no % len(CONCURRENT_ROUNDS)]
                outcome = await asyncio.gather(*(change(p, w, label, condition) for p, w in ready), return_exceptions=True)
                for item in outcome:
                    if isinstance(item, BaseException):
                        errors.append(repr(item)[:200])
                    else:
                        samples.append(item)
                await asyncio.sleep(1.0)   # let the server settle between rounds
            for context in contexts:
                await context.close()
        finally:
            await browser.close()
    return {
        "sessions": sessions, "sessions_loaded": len(load_times), "rounds": rounds * len(CONCURRENT_ROUNDS),
        "viewport": SESSION_VIEWPORT,
        "simultaneous_load_first_chart": summary(load_times), "load_errors": load_errors,
        "change_page_ms": summary([s["page_ms"] for s in samples]),
        "change_wall_ms": summary([s["wall_ms"] for s in samples]),
        "change_server_ms": summary([s["server_ms"] for s in samples if s["server_ms"] is not None]),
        "change_errors": errors,
    }


async def _local_only_async(route) -> None:
    if route.request.url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")):
        await route.continue_()
    else:
        await route.abort()


def concurrent_sessions(base: str, *, sessions: int = 20, rounds: int = 2, timeout_s: float = 180) -> dict:
    if not (ROOT / CONCURRENT_PAGE).is_file():
        return {"error": f"{CONCURRENT_PAGE} is not there any more"}
    try:
        return asyncio.run(_concurrent(base, sessions, rounds, timeout_s))
    except Exception as exc:
        return {"error": f"{type(exc).__name__}: {exc}"[:400]}
