"""Experiments 1-5 in a real browser (Debian's Chromium via Playwright): each page opens from
the running app with no error, its race plays to its end in the browser, and a screenshot of it
goes to test-artifacts/screenshots/exp_*.png; the race view's Play, Pause, Done and Run again on
a desktop and a phone."""
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
    if name != "exp_one_iteration":               # the race played to its end, fast
        page.get_by_test_id("live-speed").select_option(label="as fast as it goes")
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and not page.get_by_test_id(
                "live-status").inner_text().startswith("Done"):
            page.wait_for_timeout(250)
        assert page.get_by_test_id("live-status").inner_text().startswith("Done")
    settle(page, quiet=0.8, timeout=5.0, must=False)
    height = page.evaluate("""() => Math.max(...['stMain', 'stMainBlockContainer']
        .map(id => document.querySelector(`[data-testid="${id}"]`))
        .filter(Boolean).map(el => el.scrollHeight))""")
    page.set_viewport_size({"width": 1400, "height": min(max(height + 40, 1000), 6000)})
    page.wait_for_timeout(500)
    page.screenshot(path=str(screenshots / f"{name}.png"), full_page=True)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator(".js-plotly-plot, [data-testid='stPlotlyChart']").count() >= 1


# ----- the race view (experiments 1-4): drawn by the browser ---------------------------------------
from tests.app.test_browser import iteration_shown  # noqa: E402
from tests.app.test_browser_live import viewed, wait_for  # noqa: E402,F401  (a fixture)


def curve_lengths(page) -> list[int]:
    """How many points each cost curve of the race view holds now."""
    return page.evaluate("""() => {
        const el = document.querySelector('[data-testid="live-cost"]');
        return el && el._fullData ? el._fullData.filter(t => t.mode === 'lines')
            .map(t => (t.x || []).length) : []; }""")


def test_a_race_plays_pauses_and_ends_in_the_browser(viewed, app_server, screenshots):
    """Experiment 2's race: it plays on its own (the iteration and the curves advance), Pause
    holds it, Play goes on, it ends with "Done" and the page's other figures; Run again starts
    a new race at iteration 0."""
    page, name = viewed
    page.goto(f"{app_server.url}/exp_learning_rate?race_iterations=500")
    page.get_by_test_id("live-iteration").wait_for()
    wait_for(page, lambda: iteration_shown(page) >= 20, "iteration 20 while the race plays")
    a = iteration_shown(page)
    wait_for(page, lambda: iteration_shown(page) > a, "the iteration advancing")
    wait_for(page, lambda: curve_lengths(page) and min(curve_lengths(page)) > 0, "the curves")
    assert page.get_by_text("The rest of the results appear").count() == 1
    page.get_by_test_id("live-pause").click()
    held = iteration_shown(page)
    page.wait_for_timeout(800)
    assert iteration_shown(page) == held                        # paused: held
    assert max(curve_lengths(page)) <= held
    page.get_by_test_id("live-speed").select_option(label="as fast as it goes")
    page.get_by_test_id("live-play").click()
    wait_for(page, lambda: page.get_by_test_id("live-status").inner_text().startswith("Done"),
             "Done at the race's end")
    assert iteration_shown(page) == 500
    lengths = curve_lengths(page)
    assert lengths[:4] == [500] * 4 and lengths[4] < 500       # α 30 diverged: its curve stops
    assert "diverged" in page.get_by_test_id("race-metric-4").locator("xpath=..").inner_text()
    # the rest of the page: the race where it ended (the verdicts, the accuracy chart)
    wait_for(page, lambda: page.get_by_text("crawls: each step is too small").count() > 0,
             "the verdicts under the race")
    page.wait_for_timeout(500)
    page.screenshot(path=str(screenshots / f"race_view_{name}.png"), full_page=True)
    assert page.locator('[data-testid="stException"]').count() == 0
    page.get_by_role("button", name="Run again").click()
    wait_for(page, lambda: iteration_shown(page) < 450, "a new race from iteration 0")
    wait_for(page, lambda: page.get_by_text("The rest of the results appear").count() == 1,
             "the other figures gone until the new race ends")
