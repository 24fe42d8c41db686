"""The live view's cost axis against its data, in Debian's Chromium: the y axis holds every
curve it shows (the training and the test cost, on a linear and a log axis), a run that
diverges shows the cost it jumped to on the chart and says in plain words what to do, and
while a run plays the chart is redrawn once its curve has grown a few pixels."""
from __future__ import annotations

import math

import pytest

from tests.app.helpers import needs_cat_data
from tests.app.test_browser import go, no_error, settle, shoot
from tests.app.test_browser_live import set_alpha, wait_for

pytestmark = pytest.mark.browser

AXIS_JS = """() => {
    const el = document.querySelector('[data-testid="live-cost"]');
    if (!el || !el._fullLayout) return null;
    const L = el._fullLayout;
    return {y: L.yaxis.range, ytype: L.yaxis.type, x: L.xaxis.range,
            traces: el._fullData.map(t => ({name: t.name, x: Array.from(t.x || []),
                                            y: Array.from(t.y || [])})),
            notes: (L.annotations || []).map(a => a.text)}; }"""


def outside(axis: dict) -> list[str]:
    """The points of the chart's traces that are outside its axes' ranges."""
    lo, hi = axis["y"]
    if axis["ytype"] == "log":
        lo, hi = 10 ** lo, 10 ** hi
    x0, x1 = axis["x"]
    out = []
    for t in axis["traces"]:
        for x, y in zip(t["x"], t["y"]):
            if y is None or not math.isfinite(y):
                continue
            if not (lo - 1e-9 <= y <= hi + 1e-9 and x0 <= x <= x1):
                out.append(f"{t['name']}: ({x}, {y:.4g}) outside x {axis['x']}, y [{lo:.4g}, {hi:.4g}]")
    return out


@needs_cat_data
def test_the_y_axis_holds_the_test_cost_of_the_default_run(page, app_server, screenshots):
    """The default cat run over-fits: its test cost climbs above the training cost's start."""
    go(page, app_server, "live_training")
    page.get_by_test_id("live-speed").select_option("0")           # as fast as it goes
    page.get_by_test_id("live-play").click()
    wait_for(page, lambda: "Done" in page.get_by_test_id("live-status").inner_text(), "Done", 120)
    page.wait_for_timeout(300)
    axis = page.evaluate(AXIS_JS)
    test = next(t for t in axis["traces"] if t["name"] == "test set")
    train = [t for t in axis["traces"] if t["name"].startswith("training set")]
    assert max(test["y"]) > max(max(t["y"]) for t in train)        # the lesson: it over-fits
    assert not outside(axis), outside(axis)
    shoot(page, screenshots / "live_training_done_desktop.png")
    page.get_by_test_id("live-log").check()
    wait_for(page, lambda: page.evaluate(AXIS_JS)["ytype"] == "log", "the log scale")
    page.wait_for_timeout(300)
    axis = page.evaluate(AXIS_JS)
    assert not outside(axis), outside(axis)
    no_error(page)


def test_a_diverged_run_shows_its_jump_on_the_chart_and_says_what_to_do(page, app_server):
    go(page, app_server, "live_training")
    set_alpha(page, 20)                                             # to the top: α 10
    page.get_by_test_id("live-play").click()
    status = page.get_by_test_id("live-status")
    wait_for(page, lambda: "diverged" in status.inner_text(), "the run diverging")
    page.wait_for_timeout(300)
    axis = page.evaluate(AXIS_JS)
    gone = next(t for t in axis["traces"] if t["name"] == "diverged")
    assert max(gone["y"]) > 2 * max(t["y"][0] for t in axis["traces"]
                                    if t["name"].startswith("training set"))
    assert not outside(axis), outside(axis)
    assert any(n.startswith("J = ") for n in axis["notes"]), axis["notes"]
    words = status.inner_text()
    assert "too large" in words and "overshoots" in words and "smaller α and press Reset" in words
    no_error(page)


def test_a_spiral_that_learned_little_is_told_what_to_try(page, app_server):
    """The spiral with the defaults (8 ReLU units, α 0.3) ends near 70 % on its training
    points: Done says so and suggests more units or tanh."""
    page.goto(f"{app_server.url}/live_training?data=spiral")
    page.wait_for_selector("h1")
    settle(page)
    page.get_by_test_id("live-speed").select_option("0")
    page.get_by_test_id("live-play").click()
    status = page.get_by_test_id("live-status")
    wait_for(page, lambda: "Done" in status.inner_text(), "Done", 120)
    words = status.inner_text()
    assert "It learned little" in words and "more hidden units" in words and "tanh" in words
    no_error(page)


# Each redraw of the chart while it plays: the last iteration of its training curve and the
# plot's width in pixels (Plotly's own event, after each draw).
REDRAWS_JS = """() => {
    const el = document.querySelector('[data-testid="live-cost"]');
    window.__redraws = [];
    el.on('plotly_afterplot', () => {
        const train = el._fullData.filter(t => (t.name || '').startsWith('training set'));
        const x = train.length ? train[train.length - 1].x : [];
        window.__redraws.push([x.length ? x[x.length - 1] : -1, el._fullLayout._size.w,
                               el._fullLayout.xaxis.range[1]]);
    }); }"""


def test_a_playing_curve_is_redrawn_once_it_has_grown_three_pixels(page, app_server):
    """At 100 iterations a second a redraw costs Plotly a whole layout: the chart waits until
    its curve has grown CHART_STEP_PX (3) pixels, at most CHART_SLOW_MS (100 ms) (a slow
    machine only makes the steps longer). 25 redraws a second made 1-2 px steps."""
    go(page, app_server, "live_training")
    assert page.get_by_test_id("live-speed").input_value() == "100"
    wait_for(page, lambda: page.evaluate(AXIS_JS), "the chart")
    page.evaluate(REDRAWS_JS)
    page.get_by_test_id("live-play").click()
    wait_for(page, lambda: len(page.evaluate("window.__redraws")) >= 25, "25 redraws", 60)
    page.get_by_test_id("live-pause").click()
    redraws = page.evaluate("window.__redraws")
    grew = [(b[0] - a[0], b[2] / b[1]) for a, b in zip(redraws, redraws[1:])
            if a[0] > 0 and b[0] > a[0]]     # iterations between two redraws, iterations a px
    assert len(grew) >= 10, redraws
    # 3 px of curve, or 10 iterations when the 100 ms bound comes first; less 1.5 iterations
    # for the animation frames' rounding (a slow machine only makes the steps longer)
    short = [(n, round(n / per_px, 2)) for n, per_px in grew if n < min(3 * per_px, 10) - 1.5]
    assert not short, (short, redraws[:12])
    no_error(page)
