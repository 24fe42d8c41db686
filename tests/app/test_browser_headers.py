"""The app under its Content-Security-Policy (``classroom.headers_asgi``), in Chromium: the
pages a class uses draw everything (the live view component and its chart library, Plotly
charts, photos, the camera) and the browser reports no violation of the policy."""
from __future__ import annotations

import re

import pytest

from tests.app.conftest import png_bytes
from tests.app.test_browser import PAGES, go, no_error, settle

pytestmark = pytest.mark.browser


def test_no_page_breaks_the_content_security_policy(browser, app_server):
    context = browser.new_context(viewport={"width": 1440, "height": 900},
                                  permissions=["camera"])
    page = context.new_page()
    page.set_default_timeout(60_000)
    said = []
    page.on("console", lambda m: said.append(f"{m.text} at {m.location} on {page.url}"))
    page.on("pageerror", lambda e: said.append(str(e)))
    try:
        answer = page.goto(f"{app_server.url}/")
        csp = answer.headers["content-security-policy"]
        assert "frame-ancestors 'self'" in csp and answer.headers["x-content-type-options"] == "nosniff"
        for name in PAGES:
            go(page, app_server, name)
            no_error(page)
        # the live view: its component, its chart library (static/), a few chunks played
        go(page, app_server, "live_training")
        page.get_by_test_id("live-cost").wait_for()
        page.get_by_test_id("live-play").click()
        page.wait_for_function("""() => {
            const el = document.querySelector('[data-testid="live-iteration"]');
            return el && parseInt(el.innerText.replace(/\\D/g, '') || '0') > 100; }""")
        # a photo, then the camera
        go(page, app_server, "prediction")
        page.locator('input[type="file"]').first.set_input_files(
            files=[{"name": "photo.png", "mimeType": "image/png", "buffer": png_bytes((400, 300))}])
        page.get_by_text(re.compile(r"P\(cat\) = [\d.]+")).wait_for()
        settle(page)
        page.get_by_test_id("stButtonGroup").get_by_text("Camera").click()
        page.get_by_test_id("stCameraInputButton").wait_for()
        settle(page)
        # the fake camera's first frames (a photo taken before them is no photo: on a busy
        # machine they come late)
        page.wait_for_function("""() => [...document.querySelectorAll('video')]
            .some(v => v.readyState >= 2 && v.videoWidth > 0)""")
        page.get_by_test_id("stCameraInputButton").click()
        try:
            page.get_by_text(re.compile(r"P\(cat\) = [\d.]+")).wait_for()
        except Exception as error:          # what the page showed instead
            main = page.get_by_test_id("stMain").inner_text(timeout=5000)
            raise AssertionError(f"no P(cat) for the camera's photo: {error}\n"
                                 f"the page: {main[-1500:]}") from None
        settle(page)
        no_error(page)
    finally:
        context.close()
    broken = [m for m in said if "Content Security Policy" in m or "Content-Security-Policy" in m]
    assert not broken, "\n".join(broken[:8])
