"""The app in a real browser (Debian's Chromium via Playwright), as a student uses it:
every page opens with no error, a network trained on a 2-D set shows a falling cost, a photo
upload gets its P(cat). Screenshots of every page go to test-artifacts/screenshots/."""
from __future__ import annotations

import re
import time

import pytest

from tests.app.conftest import png_bytes

pytestmark = pytest.mark.browser

PAGES = {"home": "", "activations": "activations", "live_training": "live_training",
         "cost_curves": "cost_curves", "prediction": "prediction"}


def settle(page, quiet: float = 0.6, timeout: float = 30.0, must: bool = True) -> None:
    """Wait until the app has finished running: Streamlit's own script state (on stApp) is
    'notRunning' and no 'running' indicator has shown for ``quiet`` s. Before its first run the
    state is 'initial', which is not calm, so a page whose script has not started yet (a busy
    machine) is waited for. ``must``: raise when it keeps running past ``timeout``."""
    deadline = time.monotonic() + timeout
    page.wait_for_selector('[data-testid="stApp"]')
    calm_since = None
    while time.monotonic() < deadline:
        state = page.get_attribute('[data-testid="stApp"]', "data-test-script-state")
        running = (state != "notRunning"
                   or page.locator('[data-testid="stStatusWidget"]').count() > 0)
        if running:
            calm_since = None
        elif calm_since is None:
            calm_since = time.monotonic()
        elif time.monotonic() - calm_since >= quiet:
            return
        page.wait_for_timeout(100)
    if must:
        raise AssertionError("the app kept running")


def shoot(page, path) -> None:
    """A screenshot of the whole page: the window is made as tall as the app's content
    (Streamlit scrolls inside its main area, so a full-page screenshot alone stops at the fold)."""
    size = page.viewport_size
    height = page.evaluate("""() => Math.max(...['stMain', 'stMainBlockContainer', 'stSidebar']
        .map(id => document.querySelector(`[data-testid="${id}"]`))
        .filter(Boolean).map(el => el.scrollHeight))""")
    tall = min(max(height + 40, size["height"]), 5000)
    page.set_viewport_size({"width": size["width"], "height": tall})
    page.wait_for_timeout(400)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(size)


def no_error(page) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0, \
        page.locator('[data-testid="stException"]').first.inner_text()


def go(page, app_server, name: str) -> None:
    page.goto(f"{app_server.url}/{PAGES[name]}")
    page.wait_for_selector("h1")
    settle(page)


def nav(page, title: str) -> None:
    """Client-side navigation by the sidebar (the session, and its runs, stay)."""
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=title).click()
    page.wait_for_timeout(300)
    settle(page)


def iteration_shown(page, timeout: float = 30.0) -> int:
    """The iteration the live view shows (data-testid="live-iteration"), once it has data."""
    deadline = time.monotonic() + timeout
    while True:
        text = page.get_by_test_id("live-iteration").inner_text().replace(",", "")
        if text.isdigit() or time.monotonic() > deadline:
            return int(text)
        page.wait_for_timeout(100)


def plot_data(page, index: int = 0) -> list[dict]:
    """The traces of the index-th Plotly chart on the page, as the browser holds them."""
    return page.evaluate("""(i) => {
        const el = document.querySelectorAll('.js-plotly-plot')[i];
        return el ? el._fullData.map(t => ({name: t.name, x: Array.from(t.x || []),
                                       y: Array.from(t.y || [])})) : null; }""", index)


def test_a_link_to_a_page_on_a_fresh_server_goes_through_app_py(browser):
    """The first visitor after a restart follows a link to a page: the page must still get
    app.py's navigation (sections), not Streamlit's automatic list of a pages/ folder (there is none: app_pages/)."""
    from loadtest.server import AppServer
    with AppServer("app.py") as server:
        context = browser.new_context(viewport={"width": 1440, "height": 900})
        page = context.new_page()
        try:
            page.goto(f"{server.url}/live_training")
            page.get_by_role("heading", name="Live training").wait_for(timeout=60_000)
            settle(page)
            nav_text = page.get_by_test_id("stSidebarNav").inner_text()
            assert "Learn" in nav_text and "exp cost vs accuracy" not in nav_text, nav_text
            width = page.get_by_test_id("stMainBlockContainer").bounding_box()["width"]
            assert width > 900, f"app.py's wide layout is not applied ({width} px)"
        finally:
            context.close()


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_opens_without_error(page, app_server, screenshots, name):
    go(page, app_server, name)
    no_error(page)
    assert page.locator("h1").first.inner_text().strip()
    shoot(page, screenshots / f"{name}.png")


def test_upload_a_photo_and_read_p_cat(page, app_server, screenshots):
    go(page, app_server, "prediction")
    page.locator('input[type="file"]').first.set_input_files(
        files=[{"name": "photo.png", "mimeType": "image/png", "buffer": png_bytes((400, 300))}])
    answer = page.get_by_text(re.compile(r"P\(cat\) = [\d.]+"))
    answer.wait_for()
    settle(page)
    no_error(page)
    p = float(re.search(r"P\(cat\) = ([\d.]+)", answer.inner_text()).group(1))
    assert 0.0 <= p <= 1.0
    shoot(page, screenshots / "prediction_photo.png")
    # a file that is not a photo gets its sentence, not a traceback
    page.locator('input[type="file"]').first.set_input_files(
        files=[{"name": "notes.jpg", "mimeType": "image/jpeg", "buffer": b"just some text\n"}])
    page.get_by_text(re.compile("not an image")).wait_for()
    no_error(page)
    shoot(page, screenshots / "prediction_bad_file.png")
