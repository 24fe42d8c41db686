"""Experiment 2 in Debian's Chromium: a network that diverged shows, at the race's end, the
same train accuracy in the race view's numbers as in the page's bar chart (its last good
parameters), not a dash beside a bar."""
from __future__ import annotations

import pytest

from tests.app.test_browser import no_error, settle
from tests.app.test_browser_live import wait_for

pytestmark = pytest.mark.browser

BARS_JS = """() => { for (const el of document.querySelectorAll('.js-plotly-plot')) {
    const bar = (el._fullData || []).find((t) => t.type === 'bar');
    if (bar) return {names: Array.from(bar.y), values: Array.from(bar.x)}; } return null; }"""


def test_a_diverged_networks_number_is_its_bar(page, app_server):
    page.goto(f"{app_server.url}/exp_learning_rate?race_iterations=500")
    page.wait_for_selector("h1")
    page.get_by_test_id("live-speed").select_option(label="as fast as it goes")
    status = page.get_by_test_id("live-status")
    wait_for(page, lambda: status.inner_text().startswith("Done"), "the race's end", 120)
    settle(page)
    bars = wait_for(page, lambda: page.evaluate(BARS_JS), "the accuracy bars", 30)
    k = bars["names"].index("α 30")
    number = page.get_by_test_id(f"race-metric-{k}").inner_text()
    assert number == f"{round(100 * bars['values'][k])} %", (number, bars)
    assert "diverged" in page.get_by_test_id("race-view").inner_text()
    no_error(page)
