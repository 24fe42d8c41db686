"""Debian's Chromium driven by Playwright (no browser download: the system's binary).

    with launch() as browser:       # a playwright.sync_api.Browser, headless
        page = browser.new_context(viewport={"width": 1440, "height": 900}).new_page()
"""
from __future__ import annotations

from contextlib import contextmanager

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync",
                 # a fake camera, allowed without a prompt (the camera inputs' tests)
                 "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"]


@contextmanager
def launch():
    """A sync Playwright and its Chromium, both stopped at the end of the block. While it lives,
    its thread counts as running an asyncio loop (asyncio.run() refuses to start there)."""
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()
