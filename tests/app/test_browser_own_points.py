"""2-D points of one's own in a real browser (Debian's Chromium via Playwright): on Live
training, "Your own points", clicks on the plane add points (Shift+click: the other class), a
click on a point removes it, and the live view trains on them. Screenshots at 1440x900,
390x844 and 1280x720."""
from __future__ import annotations

import pytest

from nn_ui.own_data.points_ui import LABEL
from tests.app.test_browser import iteration_shown, no_error, settle, shoot
from tests.app.test_browser_layout import OVERFLOW_JS
from tests.app.test_browser_live import wait_for

pytestmark = pytest.mark.browser

SIZES = {"desktop": (1440, 900), "phone": (390, 844), "projector": (1280, 720)}


def count(page) -> int:
    text = page.get_by_test_id("points-count").inner_text()
    return int(text.split()[0])


def click_at(page, fx: float, fy: float, shift: bool = False) -> None:
    """A click at (fx, fy) of the plane's width and height from its top left corner, waited
    for until the app has it (the plane's count changes)."""
    canvas = page.get_by_test_id("points-canvas")
    before = count(page)
    box = canvas.bounding_box()
    canvas.click(position={"x": fx * box["width"], "y": fy * box["height"]},
                 modifiers=["Shift"] if shift else [])
    wait_for(page, lambda: count(page) != before, "the click taken in", 30)
    settle(page)


@pytest.fixture(params=list(SIZES), ids=list(SIZES))
def viewed(request, browser, app_server):
    w, h = SIZES[request.param]
    context = browser.new_context(viewport={"width": w, "height": h}, device_scale_factor=1)
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    yield pg, request.param
    context.close()


def test_points_clicked_on_the_plane_are_learned(viewed, app_server, screenshots):
    page, size = viewed
    page.set_viewport_size({"width": 1440, "height": 900})        # the sidebar open to choose
    page.goto(f"{app_server.url}/live_training")
    settle(page)
    page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").filter(has_text="Data").click()
    page.get_by_role("option", name=LABEL).click()
    settle(page)
    page.set_viewport_size({"width": SIZES[size][0], "height": SIZES[size][1]})
    settle(page)
    page.get_by_test_id("points-canvas").wait_for()
    assert count(page) == 0
    for fx, fy in ((0.15, 0.2), (0.25, 0.3), (0.2, 0.45), (0.3, 0.15), (0.35, 0.35)):
        click_at(page, fx, fy)                                   # class 0, on the left
    for fx, fy in ((0.7, 0.6), (0.8, 0.75), (0.75, 0.85), (0.65, 0.8), (0.85, 0.55)):
        click_at(page, fx, fy, shift=True)                       # Shift: class 1, on the right
    assert count(page) == 10
    click_at(page, 0.85, 0.55)                                   # on a point: removed
    assert count(page) == 9
    page.get_by_test_id("live-iteration").wait_for()
    page.get_by_test_id("live-play").click()
    wait_for(page, lambda: page.get_by_test_id("live-train-accuracy").inner_text()
             == "100.0 %", "all 7 training points right (two clusters apart)", 120)
    assert iteration_shown(page) > 0
    shoot(page, screenshots / f"own_points_{size}.png")
    assert page.evaluate(OVERFLOW_JS) == [], "past the right edge"
    no_error(page)
