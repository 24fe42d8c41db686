"""Experiments 1-5 in a real browser (Debian's Chromium via Playwright): each page opens from
the running app with no error, its networks train live, and a screenshot of it goes to
test-artifacts/screenshots/exp_*.png."""
from __future__ import annotations

import time

import pytest

from tests.app.test_browser import settle

pytestmark = pytest.mark.browser
PAGES = ["exp_initialization", "exp_learning_rate", "exp_scaling", "exp_vanishing",
         "exp_one_iteration"]


@pytest.mark.parametrize("name", PAGES)
def test_experiment_page(page, app_server, screenshots, name):
    page.set_viewport_size({"width": 1400, "height": 1000})
    query = "?step_reveal=true" if name == "exp_one_iteration" else ""
    page.goto(f"{app_server.url}/{name}{query}")
    page.wait_for_selector("h1", timeout=30_000)
    if name != "exp_one_iteration":               # let it train a few frames (3 s at most)
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline and page.get_by_text(" · done").count() == 0:
            page.wait_for_timeout(250)
    settle(page, quiet=0.8, timeout=5.0, must=False)
    height = page.evaluate("""() => Math.max(...['stMain', 'stMainBlockContainer']
        .map(id => document.querySelector(`[data-testid="${id}"]`))
        .filter(Boolean).map(el => el.scrollHeight))""")
    page.set_viewport_size({"width": 1400, "height": min(max(height + 40, 1000), 6000)})
    page.wait_for_timeout(500)
    page.screenshot(path=str(screenshots / f"{name}.png"), full_page=True)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator(".js-plotly-plot, [data-testid='stPlotlyChart']").count() >= 1
