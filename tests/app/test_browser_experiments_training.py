"""Experiments 1-5 in a real browser (Debian's Chromium via Playwright): each page opens from
the running app with no error, its networks train live, and a screenshot of it goes to
test-artifacts/screenshots/exp_*.png."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PAGES = ["exp_initialization", "exp_learning_rate", "exp_scaling", "exp_vanishing",
         "exp_one_iteration"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    port = _free_port()
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py",
                             "--server.address", "127.0.0.1", "--server.port", str(port),
                             "--server.headless", "true"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("streamlit did not start")
        yield url
    finally:
        proc.terminate()
        proc.wait(10)


@pytest.fixture(scope="module")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("no Chromium at /usr/bin/chromium")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def _settle(page, quiet=0.8, timeout=30.0):
    """Until the script has stopped running for ``quiet`` seconds (fragment frames included)."""
    deadline = time.monotonic() + timeout
    calm = None
    while time.monotonic() < deadline:
        if page.locator('[data-testid="stStatusWidget"]').count():
            calm = None
        elif calm is None:
            calm = time.monotonic()
        elif time.monotonic() - calm >= quiet:
            return
        page.wait_for_timeout(100)


@pytest.mark.parametrize("name", PAGES)
def test_experiment_page(server, browser, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        query = "?step_reveal=true" if name == "exp_one_iteration" else ""
        page.goto(f"{server}/{name}{query}")
        page.wait_for_selector("h1", timeout=30_000)
        if name != "exp_one_iteration":               # let it train a few frames (3 s at most)
            deadline = time.monotonic() + 3
            while time.monotonic() < deadline and page.get_by_text(" · done").count() == 0:
                page.wait_for_timeout(250)
        _settle(page, timeout=5.0)
        height = page.evaluate("""() => Math.max(...['stMain', 'stMainBlockContainer']
            .map(id => document.querySelector(`[data-testid="${id}"]`))
            .filter(Boolean).map(el => el.scrollHeight))""")
        page.set_viewport_size({"width": 1400, "height": min(max(height + 40, 1000), 6000)})
        page.wait_for_timeout(500)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
        assert page.locator('[data-testid="stException"]').count() == 0
        assert page.locator(".js-plotly-plot, [data-testid='stPlotlyChart']").count() >= 1
    finally:
        page.close()
