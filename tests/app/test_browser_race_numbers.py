"""Experiment 2 in Debian's Chromium: a network that diverged shows, at the race's end, the
same train accuracy in the race view's numbers as in the page's bar chart (its last good
parameters), not a dash beside a bar; while the race plays, its cost chart is redrawn once its
curves have grown 3 px, as the live view's."""
from __future__ import annotations

import pytest

from tests.app.test_browser import no_error, settle
from tests.app.test_browser_live import wait_for
from tests.app.test_browser_live_axis import REDRAWS_JS

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


def test_a_playing_race_is_redrawn_once_its_curves_have_grown_three_pixels(page, app_server):
    """At 25 iterations a second, 3 px of a 2500-iteration axis take far more than the 100 ms
    bound (``chartGap``): about 10 redraws a second, not 25."""
    page.goto(f"{app_server.url}/exp_learning_rate")
    page.wait_for_selector("h1")
    wait_for(page, lambda: page.evaluate("() => !!(window.Plotly && document.querySelector("
                                         "'[data-testid=\"live-cost\"] .main-svg'))"),
             "the race's chart")
    page.get_by_test_id("live-speed").select_option("25")
    page.evaluate(REDRAWS_JS)
    wait_for(page, lambda: len(page.evaluate("window.__redraws")) >= 25, "25 redraws", 60)
    redraws = page.evaluate("window.__redraws")
    box = page.get_by_test_id("live-cost")
    width = box.evaluate("el => el.clientWidth") - 70            # the layout's margins
    span = redraws[-1][3]
    gaps = sorted(b[0] - a[0] for a, b in zip(redraws, redraws[1:]) if a[1] and b[1])
    assert len(gaps) >= 10, redraws
    want = min(100, max(40, 1000 * 3 * span / width / 25))
    assert want == 100, (want, span, width)
    assert gaps[len(gaps) // 2] >= want - 20, [round(g) for g in gaps]
    no_error(page)
