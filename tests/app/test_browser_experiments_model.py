"""Experiments 6-10 in a real browser (Debian's Chromium via Playwright): each page opens with
no exception and is screenshot; a preset link of the lesson plan opens its experiment with the
URL's settings in the widgets. Screenshots: test-artifacts/screenshots/exp_*.png."""
from __future__ import annotations

import pytest
from tests.app.helpers import HAVE_CATS

from tests.app.test_browser import settle as browser_settle

pytestmark = pytest.mark.browser

PAGES = ["exp_gradient_check", "exp_cost_vs_accuracy", "exp_mistakes", "exp_photo_over_training",
         "lesson_plan"]


def settle(page) -> None:
    """Until the app has stopped running (see tests.app.test_browser.settle)."""
    browser_settle(page, quiet=0.8, timeout=40.0)


def shoot(page, path) -> None:
    """The whole page: the window made as tall as the app's content, then a screenshot."""
    size = page.viewport_size
    height = page.evaluate("""() => Math.max(...['stMain', 'stMainBlockContainer']
        .map(id => document.querySelector(`[data-testid="${id}"]`))
        .filter(Boolean).map(el => el.scrollHeight))""")
    page.set_viewport_size({"width": size["width"], "height": min(max(height + 40, size["height"]), 5000)})
    page.wait_for_timeout(500)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(size)


def no_exception(page) -> None:
    errors = page.locator('[data-testid="stException"]')
    assert errors.count() == 0, errors.first.inner_text()


@pytest.mark.parametrize("name", PAGES)
def test_each_experiment_page_opens(page, app_server, screenshots, name):
    if name in ("exp_cost_vs_accuracy", "exp_mistakes", "exp_photo_over_training") and not HAVE_CATS:
        pytest.skip(f"{name} needs the cat photos, which are not on this machine")
    page.goto(f"{app_server.url}/{name}")
    page.wait_for_selector("h1")
    settle(page)
    no_exception(page)
    if name != "lesson_plan":
        page.wait_for_selector(".js-plotly-plot")
    shoot(page, screenshots / f"{name}.png")


def test_a_preset_link_of_the_lesson_plan_sets_the_widgets(page, app_server, screenshots):
    page.goto(f"{app_server.url}/lesson_plan")
    page.wait_for_selector("h1")
    settle(page)
    page.get_by_role("link", name="Bug: dW2 doubled").click()
    page.wait_for_url("**/exp_gradient_check?*")
    settle(page)
    assert "gc_plant=true" in page.url          # (gc_bug=dW2 doubled is the default: dropped)
    culprit = page.get_by_text("disagrees with the numerical gradient").inner_text()
    assert "dW2" in culprit and "dW1" not in culprit
    toggle = page.get_by_test_id("stCheckbox").filter(has_text="Plant a bug").locator("input")
    assert toggle.is_checked()
    assert page.get_by_test_id("stAlertContentError").filter(
        has_text="Back-propagation is wrong").count() == 1
    no_exception(page)
    shoot(page, screenshots / "exp_gradient_check_preset_dW2.png")
