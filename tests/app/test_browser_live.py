"""The live view in a real browser (Debian's Chromium via Playwright), on a desktop, a phone and a
projector: Play makes the iteration shown advance, Pause holds it, Step adds one, α changed
mid-run goes on from where the curve was, Reset starts again, α 10 diverges and keeps its α,
Step after Done stays at the target, the curve in view while playing; the default run computed
when the server starts. Every wait is for a condition (a slow machine only waits longer)."""
from __future__ import annotations

import gzip
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pytest

from nn_ui.view.plotly_js import plotly_js_source
from nn_ui.common.names import LEARNING_RATES, alpha_label
from tests.app.helpers import ROOT, needs_cat_data
from tests.app.test_browser import go, iteration_shown, no_error, settle, shoot

pytestmark = pytest.mark.browser

DESKTOP, PHONE, PROJECTOR = (1440, 900), (390, 844), (1280, 720)


def shown(page) -> int:
    """The iteration the live view shows (data-testid="live-iteration")."""
    return iteration_shown(page)


def wait_for(page, predicate, what: str, timeout: float = 60.0):
    """Poll ``predicate()`` until it is true (AssertionError after ``timeout`` seconds)."""
    for _ in range(int(timeout * 10)):
        value = predicate()
        if value:
            return value
        page.wait_for_timeout(100)
    raise AssertionError(f"not seen within {timeout:g} s: {what}")


def traces(page) -> list[dict]:
    return page.evaluate("""() => {
        const el = document.querySelector('[data-testid="live-cost"]');
        return el && el._fullData ? el._fullData.map(t => ({name: t.name,
            x: Array.from(t.x || []), y: Array.from(t.y || [])})) : []; }""")


def set_alpha(page, steps: int) -> None:
    """Move the live view's α control ``steps`` notches (negative: down) with the keyboard, a
    notch at a time as a person does, each waited for until the app has it (the page's address
    shows it)."""
    control = page.get_by_test_id("live-alpha")
    labels = [alpha_label(a) for a in LEARNING_RATES]
    shown_alpha = lambda: page.url.split("alpha=")[1].split("&")[0] if "alpha=" in page.url else None
    now = labels.index(wait_for(page, shown_alpha, "α in the address"))
    target = min(max(now + steps, 0), len(labels) - 1)
    while now != target:
        now += 1 if target > now else -1
        control.focus()
        control.press("ArrowRight" if steps > 0 else "ArrowLeft")
        wait_for(page, lambda: shown_alpha() == labels[now],
                 f"α {labels[now]} in the address (the control shows "
                 f"{page.get_by_test_id('live-alpha-value').inner_text()})", 30)
        assert page.get_by_test_id("live-alpha-value").inner_text() == labels[now]
    settle(page)


SIZE_NAMES = {DESKTOP: "desktop", PHONE: "phone", PROJECTOR: "projector"}


@contextmanager
def sized_page(browser, size):
    """A page of a new browser context at ``size`` (a phone's with touch), closed at the end."""
    w, h = size
    phone = size == PHONE
    context = browser.new_context(viewport={"width": w, "height": h}, device_scale_factor=1,
                                  is_mobile=phone, has_touch=phone)
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    try:
        yield pg
    finally:
        context.close()


@pytest.fixture(params=[DESKTOP, PHONE], ids=["desktop", "phone"])
def viewed(request, browser, app_server):
    with sized_page(browser, request.param) as pg:
        yield pg, SIZE_NAMES[request.param]


def test_play_pause_step_alpha_reset(viewed, app_server, screenshots):
    page, name = viewed
    go(page, app_server, "live_training")
    page.get_by_test_id("live-iteration").wait_for()
    assert shown(page) == 0 and page.get_by_test_id("live-ms").inner_text() == "–"
    page.get_by_test_id("live-play").click()
    wait_for(page, lambda: shown(page) >= 150, "iteration 150 while playing")
    a = shown(page)
    wait_for(page, lambda: shown(page) > a, "the iteration advancing")
    assert page.get_by_test_id("live-ms").inner_text() != "–"
    # α up one notch mid-run: the curve goes on from there with the new α, in a new stretch
    set_alpha(page, 1)
    stretch = wait_for(page, lambda: next((t for t in traces(page) if "α 0.01" in t["name"]),
                                          None), "a stretch of the curve at α 0.01")
    first_new = stretch["x"][0]
    old = next(t for t in traces(page) if "α 0.0075" in t["name"])
    assert old["x"][-1] == first_new and first_new >= a
    assert "α 0.0075 → α 0.01" in page.get_by_test_id("live-cost").inner_text()
    wait_for(page, lambda: shown(page) >= first_new + 50, "iterations at the new α")
    shoot(page, screenshots / f"live_training_playing_{name}.png")
    page.get_by_test_id("live-pause").click()
    held = shown(page)
    page.wait_for_timeout(800)
    assert shown(page) == held
    page.get_by_test_id("live-step").click()
    wait_for(page, lambda: shown(page) == held + 1, "one step")
    page.get_by_test_id("live-reset").click()
    wait_for(page, lambda: shown(page) == 0 and len(traces(page)) <= 2
             and "α 0.01" in page.get_by_test_id("live-cost").inner_text()
             and "→" not in page.get_by_test_id("live-cost").inner_text(), "a new run at α 0.01")
    no_error(page)


def test_alpha_moved_three_notches_at_once_goes_on_at_the_last(page, app_server):
    go(page, app_server, "live_training")
    page.get_by_test_id("live-play").click()
    wait_for(page, lambda: shown(page) >= 100, "iteration 100 while playing")
    control = page.get_by_test_id("live-alpha")
    control.focus()
    for _ in range(3):                                   # as a key held down: 0.0075 -> 0.1
        control.press("ArrowRight")
    assert page.get_by_test_id("live-alpha-value").inner_text() == "0.1"
    wait_for(page, lambda: "alpha=0.1&" in page.url + "&", "α 0.1 in the address")

    def last_stretch():
        train = [t for t in traces(page) if t["name"].startswith("training set")]
        return train[-1] if train and train[-1]["name"].endswith("α 0.1") \
            and len(train[-1]["x"]) > 1 else None
    try:
        last = wait_for(page, last_stretch, "the curve going on at α 0.1")
    except AssertionError as error:       # what the view showed instead
        seen = [(t["name"], len(t["x"]), t["x"][-1:]) for t in traces(page)]
        status = page.get_by_test_id("live-status").inner_text()
        raise AssertionError(f"{error}; iteration {shown(page)}, status {status!r}, "
                             f"curves {seen}, address {page.url}") from None
    before = [t for t in traces(page) if t["name"].startswith("training set")][-2]
    assert before["x"][-1] == last["x"][0] >= 100          # it goes on from where it was
    no_error(page)


def test_alpha_10_diverges_and_keeps_its_alpha(viewed, app_server, screenshots):
    page, name = viewed
    go(page, app_server, "live_training")                 # the photos (else the flower)
    set_alpha(page, 20)                                   # to the top: α 10
    page.get_by_test_id("live-play").click()
    status = page.get_by_test_id("live-status")
    wait_for(page, lambda: "diverged" in status.inner_text(), "the run diverging")
    assert page.get_by_test_id("live-play").is_disabled()
    set_alpha(page, -2)                                   # lowered, as told
    page.wait_for_timeout(1500)
    assert "α 10" in page.get_by_test_id("live-cost").inner_text()
    assert "α 1 " not in page.get_by_test_id("live-cost").inner_text() + " "
    shoot(page, screenshots / f"live_training_diverged_{name}.png")
    no_error(page)


def test_step_after_done_stays_at_the_target(page, app_server):
    go(page, app_server, "live_training")
    page.get_by_test_id("stNumberInput").filter(has_text="Iterations").locator("input").fill("30")
    page.keyboard.press("Enter")
    settle(page)
    page.get_by_test_id("live-speed").select_option("0")     # as fast as it goes
    page.get_by_test_id("live-play").click()
    wait_for(page, lambda: "Done" in page.get_by_test_id("live-status").inner_text(), "Done")
    assert shown(page) == 30 and page.get_by_test_id("live-step").is_disabled()
    page.get_by_test_id("live-step").click(force=True)
    page.wait_for_timeout(500)
    assert shown(page) == 30


def test_the_curve_is_in_view_while_playing_on_a_projector_and_a_phone(browser, app_server,
                                                                       screenshots):
    for (w, h), name in ((PROJECTOR, "projector"), (PHONE, "phone")):
        context = browser.new_context(viewport={"width": w, "height": h}, device_scale_factor=1)
        page = context.new_page()
        try:
            go(page, app_server, "live_training")
            page.get_by_test_id("live-play").click()
            wait_for(page, lambda: shown(page) >= 100, "playing")
            play = page.get_by_test_id("live-play").bounding_box()
            curve = page.locator('[data-testid="live-cost"] .main-svg').first.bounding_box()
            assert page.evaluate("document.documentElement.scrollWidth") <= w
            if name == "projector":                       # the whole curve, no scrolling
                assert curve["y"] >= 0 and curve["y"] + curve["height"] <= h, (curve, h)
            else:                          # a phone: the curve and Play both in view
                def in_screen(page=page, h=h):
                    c = page.locator('[data-testid="live-cost"] .main-svg').first.bounding_box()
                    return c and c["y"] + c["height"] <= h + 1
                try:
                    wait_for(page, in_screen, "the curve in the phone's screen")
                except AssertionError as gone:          # what the phone showed instead
                    svg = page.locator('[data-testid="live-cost"] .main-svg').first
                    main = "document.querySelector('[data-testid=stMain]').scrollTop"
                    raise AssertionError(
                        f"{gone}: the curve at {svg.bounding_box()}, Play at "
                        f"{page.get_by_test_id('live-play').bounding_box()}, iteration "
                        f"{shown(page)}, status {page.get_by_test_id('live-status').inner_text()!r}"
                        f", scrolled {page.evaluate(main)}") from None
                curve = page.locator('[data-testid="live-cost"] .main-svg').first.bounding_box()
                play = page.get_by_test_id("live-play").bounding_box()
                assert curve["y"] >= 0 and play["y"] >= 0, (play, curve)
            page.screenshot(path=str(screenshots / f"live_training_{name}_{w}x{h}.png"))
        finally:
            context.close()


def test_leaving_the_page_and_coming_back_keeps_the_run(page, app_server):
    go(page, app_server, "live_training")
    page.get_by_test_id("live-speed").select_option("0")
    page.get_by_test_id("live-play").click()
    wait_for(page, lambda: "Done" in page.get_by_test_id("live-status").inner_text(), "Done")
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Cost curves").click()
    page.get_by_role("heading", name="Cost curves").wait_for()
    settle(page)
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Live training").click()
    page.get_by_test_id("live-iteration").wait_for()
    # the view is new: it asks for the run's data and shows the run where it was
    wait_for(page, lambda: len(traces(page)) >= 1, "the curve drawn again")
    wait_for(page, lambda: shown(page) == 2500
             and "Done" in page.get_by_test_id("live-status").inner_text(), "iteration 2500, Done")
    no_error(page)


def test_the_network_is_drawn_when_its_expander_opens(page, app_server):
    """The network diagram is drawn only while its expander is open (each rerun of the page,
    an α moved, stays cheap); opening it draws it."""
    go(page, app_server, "live_training")
    page.get_by_test_id("live-iteration").wait_for()
    settle(page)
    assert page.locator('[data-testid="stPlotlyChart"]').count() == 0
    page.get_by_text("The network being trained").click()
    wait_for(page, lambda: page.locator('[data-testid="stPlotlyChart"]').count() == 1,
             "the network diagram in the opened expander")
    no_error(page)


@needs_cat_data
def test_the_default_run_is_computed_when_the_server_starts(app_server):
    """asgi.py computes the live page's default run at start, so the first Play starts at once:
    the server says so in its log (test-artifacts/app-server*.log)."""
    log = ROOT / "test-artifacts" / Path(app_server.log_path).name     # one a worker
    for _ in range(600):
        if "default run (2500 iterations) computed at start" in log.read_text(errors="replace"):
            return
        time.sleep(0.1)
    raise AssertionError(f"no default run computed at start in {log}")


def test_the_chart_library_is_served_gzipped_once_not_at_every_request(app_server):
    """Plotly.js comes from the app itself, gzipped once at start (nn_ui/view/plotly_js.py)
    and sent as it is: the pinned package's plotly.min.js once inflated."""
    request = urllib.request.Request(app_server.url + "/app/static/plotly.min.js.gz",
                                     headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=30) as response:
        body, encoding = response.read(), response.headers.get("Content-Encoding")
    assert encoding is None                               # not gzipped again by the server
    assert gzip.decompress(body) == plotly_js_source().read_bytes()


@needs_cat_data
def test_the_w1_pictures_of_a_run_in_chunks_are_the_servers(page, app_server):
    """A student's own cat run (seed 7) played at 500 iterations a second comes in several
    chunks, each picture after the first chunk sent as a difference from one the browser has:
    at the end, the pictures drawn are, to the pixel, those of the run computed here."""
    from dataclasses import replace

    from nn_ui.live.defaults import DEFAULT_LEARNING_RATE, DEFAULT_SETTINGS
    from nn_ui.live.feed import Feed
    from nn_ui.view import chunks
    from nn_ui.view.session_ui import new_run

    page.goto(f"{app_server.url}/live_training?seed=7")
    page.get_by_test_id("live-play").wait_for()
    settle(page)
    page.get_by_test_id("live-speed").select_option("500")
    page.get_by_test_id("live-play").click()
    wait_for(page, lambda: "Done" in page.get_by_test_id("live-status").inner_text(), "Done", 120)
    drawn = page.evaluate("""() => {
        const cv = document.querySelector('[data-testid="live-picture"]');
        return [cv.width, cv.height, Array.from(cv.getContext("2d")
            .getImageData(0, 0, cv.width, cv.height).data)]; }""")
    width, height, rgba = drawn
    canvas = np.asarray(rgba, dtype=np.uint8).reshape(height, width, 4)[..., :3]
    feed = Feed.start(new_run(replace(DEFAULT_SETTINGS, seed=7), DEFAULT_LEARNING_RATE))
    while feed.end < 2500:
        feed.compute(2500)
    _, run = chunks.decode(chunks.message({}, feed.chunk_from(-1)))
    last = chunks.undeltas(run["frames"])[-1]                       # (8, 64, 64, 3) at 2500
    for u, picture in enumerate(last):
        y, x = (u // 4) * (64 + 6), (u % 4) * (64 + 6)
        np.testing.assert_array_equal(canvas[y:y + 64, x:x + 64], picture, f"unit {u}")
