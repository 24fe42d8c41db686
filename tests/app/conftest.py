"""Fixtures for the app's tests: AppTest on app.py, and for the browser tests a real server
(``streamlit run asgi.py`` on 127.0.0.1: app.py behind the rerun guard) driven by Debian's Chromium through Playwright."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


def png_bytes(size=(120, 90), color=(200, 120, 60)) -> bytes:
    """A small photo made here: a coloured rectangle with a darker square in the middle."""
    im = Image.new("RGB", size, color)
    im.paste((40, 40, 40), (size[0] // 3, size[1] // 3, 2 * size[0] // 3, 2 * size[1] // 3))
    buf = io.BytesIO()
    im.save(buf, format="PNG")
    return buf.getvalue()


@pytest.fixture
def photo_png() -> bytes:
    return png_bytes()


@pytest.fixture(scope="session")
def app_server():
    """The app, served as a student would reach it (one server for all browser tests)."""
    from loadtest.server import AppServer
    log = ROOT / "test-artifacts" / "app-server.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with AppServer("asgi.py", log_path=str(log)) as server:     # as deployed: behind the guard
        yield server


@pytest.fixture(scope="module")
def browser():
    """Chromium, per test module: a live sync Playwright marks the thread as running an asyncio
    loop, which would break every later test that uses asyncio (or its own Playwright)."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    print(f"\nscreenshots: {SCREENSHOTS}")
    return SCREENSHOTS


@pytest.fixture
def page(browser, app_server):
    context = browser.new_context(viewport={"width": 1440, "height": 900}, device_scale_factor=1)
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    yield pg
    context.close()
