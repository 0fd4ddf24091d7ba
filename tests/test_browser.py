"""The dashboard in a real headless Chromium (Debian's /usr/bin/chromium driven by Playwright):
every page renders its headings and charts with no network, a click changes a chart, and a shared
link opened in a fresh browser reproduces the view. Screenshots go to test-artifacts/."""
from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

# (path, heading that must appear, number of charts at least, Japanese text drawn in a chart)
PAGES = [
    ("/mynumber", "都道府県別の交付率", 4, "交付率（%）"),      # first: a deep link on a freshly started server
    ("/", "主な指標（当団体・都道府県・全国）", 0, None),
    ("/plans", "取組事項（10 件）", 0, None),
    ("/ftth", "石川県の市区町村別 FTTH 世帯カバー率", 2, "世帯カバー率（%）"),
    ("/opendata", "石川県内の市区町村の推奨データセット公開数", 2, "推奨データセット公開数"),
    ("/roadmap", "ロードマップ", 1, "令和4年度"),
    ("/kpi", "KPI", 1, "進捗"),
    ("/compare", "計画比較", 1, "テーマ"),
    ("/admin", "データ管理", 0, None),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(full_store):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} がありません: Debian の chromium を入れてください（.ci/run が入れます）")
    port = _free_port()
    env = {**os.environ, "DXDASH_DB": str(full_store)}
    env.pop("DXDASH_ADMIN_TOKEN", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port), "--server.address", "127.0.0.1",
         "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if urllib.request.urlopen(f"{base}/_stcore/health", timeout=2).read() == b"ok":
                break
        except OSError:
            time.sleep(0.3)
    else:
        os.killpg(process.pid, signal.SIGTERM)
        pytest.fail(f"Streamlit did not start: {process.stdout.read().decode(errors='replace')[-2000:]}")
    yield base
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=20)


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@contextlib.contextmanager
def _new_page(browser):
    """A page in a fresh browser context (no cookies, no session), closed afterwards."""
    # Tall enough that every chart of a page is on screen (Streamlit draws off-screen charts lazily).
    context = browser.new_context(viewport={"width": 1400, "height": 5000}, locale="ja-JP")
    # Nothing may be fetched from outside this machine (no CDN map data, no fonts).
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("http://127.0.0.1", "data:", "blob:"))
                  else route.abort())
    try:
        yield context.new_page()
    finally:
        context.close()


def _wait_rendered(page, heading: str, charts: int) -> None:
    page.get_by_text(heading, exact=False).first.wait_for(timeout=60_000)
    if charts:
        page.wait_for_function(
            f"[...document.querySelectorAll('.js-plotly-plot')].filter(p => p.querySelector('.main-svg')).length >= {charts}",
            timeout=60_000)
    page.wait_for_load_state("networkidle")


def _chart_texts(page) -> str:
    return " ".join(page.locator(".js-plotly-plot").all_inner_texts())


@pytest.mark.parametrize("path, heading, charts, chart_text", PAGES)
def test_every_page_renders_in_chromium(server, browser, path, heading, charts, chart_text):
    with _new_page(browser) as page:
        page.goto(server + path)
        _wait_rendered(page, heading, charts)
        assert page.locator("[data-testid='stException']").count() == 0
        plots = page.locator(".js-plotly-plot")
        assert plots.count() >= charts
        if chart_text:
            assert chart_text in _chart_texts(page)     # Japanese text is in the drawn SVG
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"page{path.replace('/', '_') or '_home'}.png"), full_page=True)


def test_the_map_draws_without_network(server, browser):
    with _new_page(browser) as page:
        page.goto(server + "/mynumber")
        _wait_rendered(page, "都道府県別の交付率", 4)
        tiles = page.locator(".js-plotly-plot").first.locator("path[style*='fill: rgb']")
        assert tiles.count() >= 47                  # one square per prefecture
        assert "宮崎" in _chart_texts(page)


def test_a_click_changes_the_chart(server, browser):
    with _new_page(browser) as page:
        page.goto(server + "/mynumber")
        _wait_rendered(page, "輪島市の推移", 4)
        assert "金沢市" not in page.locator(".js-plotly-plot").last.inner_text()
        page.get_by_text("同じ都道府県", exact=True).click()
        page.wait_for_function("[...document.querySelectorAll('.js-plotly-plot')].at(-1).innerText.includes('金沢市')",
                               timeout=30_000)
        page.wait_for_url("**peers_by=prefecture**", timeout=10_000)
        page.screenshot(path=str(ARTIFACTS / "mynumber_same_prefecture.png"), full_page=True)


def test_a_shared_link_reproduces_the_view_in_a_fresh_browser(server, browser):
    link = server + "/mynumber?pref=17&lg=173657&date=2020-04-01&peers_by=prefecture"
    with _new_page(browser) as page:
        page.goto(link)
        _wait_rendered(page, "内灘町の推移", 4)
        texts = _chart_texts(page)
        assert "都道府県別 マイナンバーカード交付率の地図（2020-04-01" in texts
        assert "金沢市" in texts
        # The link the page offers for copying carries the same state.
        page.get_by_text("このビューのリンクをコピー").click()
        offered = page.locator("[data-testid='stCode']").first.inner_text()
        assert "date=2020-04-01" in offered and "lg=173657" in offered and offered.startswith(server + "/mynumber")
