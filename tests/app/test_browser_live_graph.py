"""The network graph of the live view and the playground's controls, in a real browser (Debian's
Chromium via Playwright): units and edges counted for a few shapes, edges changing while the
network learns, a unit's formula on hover (desktop) or tap (phone), each playground control
changing the run and appearing in the link, the boundary's toggles, and the graph within a
phone's and a projector's width. Every wait is for a condition."""
from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.app.helpers import needs_cat_data
from tests.app.test_browser import iteration_shown, no_error, settle, shoot
from tests.app.test_browser_live import (DESKTOP, PHONE, PROJECTOR, SIZE_NAMES, sized_page,
                                         wait_for)

pytestmark = pytest.mark.browser


def open_live(page, app_server, query: str) -> None:
    page.goto(f"{app_server.url}/live_training?{query}")
    page.wait_for_selector('[data-testid="live-graph"]')
    settle(page)


def counts(page) -> tuple[int, int, int]:
    """(inputs, units, edges) drawn."""
    return tuple(page.locator(f'[data-testid="{t}"]').count()
                 for t in ("live-input", "live-unit", "live-edge"))


def widths(page) -> list[str]:
    return page.evaluate("""() => Array.from(document.querySelectorAll(
        '[data-testid="live-edge"]'), e => e.getAttribute('stroke-width'))""")


def query_of(page) -> dict[str, str]:
    from urllib.parse import parse_qsl, urlparse
    return dict(parse_qsl(urlparse(page.url).query))


@pytest.fixture(params=[DESKTOP, PHONE, PROJECTOR], ids=["desktop", "phone", "projector"])
def viewed(request, browser, app_server):
    with sized_page(browser, request.param) as pg:
        yield pg, SIZE_NAMES[request.param]


@pytest.mark.parametrize("query,expected", [
    # inputs, units (hidden and output), edges: 2*4 + 4*3 + 3*1 = 23
    ("data=circles&hidden=4,3", (2, 8, 23)),
    ("data=xor&hidden=2", (2, 3, 6)),                          # 2*2 + 2*1
    ("data=moons&hidden=6,5,3&features=x1,x2,x1sq", (3, 15, 66)),   # 3*6 + 6*5 + 5*3 + 3
])
def test_the_graph_has_a_unit_per_unit_and_an_edge_per_weight(page, app_server, query, expected):
    open_live(page, app_server, query)
    wait_for(page, lambda: counts(page) == expected, f"{expected} inputs, units and edges")
    assert page.locator('[data-testid="live-bias"]').count() == expected[1]
    no_error(page)


def test_edges_change_while_learning_and_a_unit_shows_its_formula(viewed, app_server,
                                                                   screenshots):
    page, name = viewed
    open_live(page, app_server, "data=circles&hidden=4,3")
    wait_for(page, lambda: len(set(widths(page))) > 1, "edges of several widths")
    before = widths(page)
    page.get_by_test_id("live-play").click()
    wait_for(page, lambda: iteration_shown(page) >= 400, "iteration 400 while playing")
    wait_for(page, lambda: widths(page) != before, "the edges changing")
    unit = page.locator('[data-testid="live-unit"]').first
    card = page.get_by_test_id("live-unit-card")
    for attempt in range(4):            # a tap a starved browser lost is tapped again, as a
        unit.scroll_into_view_if_needed()          # student would
        if name == "phone":
            unit.tap()
        else:
            unit.hover()
        try:
            wait_for(page, lambda: card.is_visible(), "the unit's card", timeout=15)
            break
        except AssertionError:
            if attempt == 3:
                raise
    text = card.inner_text()
    assert "Layer 1, unit 1 of 4" in text and "a = relu(z)" in text
    formula = page.get_by_test_id("live-unit-formula").inner_text()
    assert formula.startswith("z = ") and "x₁" in formula and "x₂" in formula
    # the unit large in the boundary view
    assert "Layer 1, unit 1" in page.locator(".nnl-side .nnl-side-title").inner_text()
    # the graph within the width: no sideways scrolling on a phone
    box = page.get_by_test_id("live-graph").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"]
    shoot(page, screenshots / f"live_graph_{name}.png")
    no_error(page)


def test_the_boundary_s_toggles_change_what_is_drawn(page, app_server):
    open_live(page, app_server, "data=moons&hidden=4")
    picture = page.get_by_test_id("live-picture")
    wait_for(page, lambda: "Points: the training" in page.locator(".nnl-note").first.inner_text(),
             "the boundary drawn")
    pixels = lambda: picture.evaluate("c => c.toDataURL()")             # noqa: E731
    plain = pixels()
    page.get_by_test_id("live-test-points").check()
    wait_for(page, lambda: pixels() != plain, "the test points drawn")
    assert "Rings: the test points." in page.locator(".nnl-note").first.inner_text()
    with_tests = pixels()
    page.get_by_test_id("live-discretise").check()
    wait_for(page, lambda: pixels() != with_tests, "the output discretised")
    no_error(page)


def _notice(page) -> str:
    toasts = page.get_by_test_id("stToast")
    return " ".join(toasts.nth(k).inner_text() for k in range(toasts.count()))


def test_each_control_changes_the_run_and_is_in_the_link(page, app_server):
    open_live(page, app_server, "data=circles&hidden=4,3")
    assert query_of(page)["noise"] == "5" and query_of(page)["batch"] == "0"
    j0 = page.get_by_test_id("live-cost-value").inner_text()

    def slide(key: str, presses: int) -> None:
        """The slider ``key`` moved ``presses`` notches right with the keyboard, each one
        waited for until the page has it."""
        thumb = page.locator(f".st-key-{key} input[type='range']")
        for _ in range(presses):
            now = thumb.get_attribute("aria-valuetext")
            thumb.focus()
            thumb.press("ArrowRight")
            wait_for(page, lambda: thumb.get_attribute("aria-valuetext") != now, f"{key} moved")
            settle(page)

    slide("noise", 3)                                          # 5 % -> 20 %
    wait_for(page, lambda: query_of(page).get("noise") == "20", "noise=20 in the link")
    wait_for(page, lambda: "noise %" in _notice(page), "the notice of a new network")
    wait_for(page, lambda: page.get_by_test_id("live-cost-value").inner_text() not in ("–", j0),
             "another cost at iteration 0 (other points)")
    slide("split", 2)                                          # 50 % -> 70 %
    wait_for(page, lambda: query_of(page).get("split") == "70", "split=70 in the link")
    slide("lambd", 3)                                          # 0 -> 0.001, 0.003, 0.01
    wait_for(page, lambda: query_of(page).get("lambda") == "0.01", "lambda=0.01 in the link")
    wait_for(page, lambda: "λ" in _notice(page), "the notice of λ")

    page.locator(".st-key-batch input").click()
    page.get_by_role("option", name="mini-batches of 10", exact=True).click()
    settle(page)
    wait_for(page, lambda: query_of(page).get("batch") == "10", "batch=10 in the link")
    wait_for(page, lambda: "batch size" in _notice(page), "the notice of the batch size")

    page.locator(".st-key-features").get_by_role("button", name="x₁²").click()
    settle(page)
    wait_for(page, lambda: query_of(page).get("features") == "x1,x2,x1sq",
             "features in the link")
    wait_for(page, lambda: counts(page)[0] == 3, "three inputs in the graph")

    page.locator(".st-key-units_plus_0 button").first.click()        # layer 1: 4 -> 5 units
    settle(page)
    wait_for(page, lambda: query_of(page).get("hidden") == "5,3", "hidden=5,3 in the link")
    wait_for(page, lambda: counts(page)[1] == 9, "nine units in the graph")
    page.locator(".st-key-layers_plus button").first.click()         # a third hidden layer
    settle(page)
    wait_for(page, lambda: query_of(page).get("hidden") == "5,3,3", "hidden=5,3,3")
    wait_for(page, lambda: counts(page)[1] == 12, "twelve units in the graph")
    no_error(page)


def test_a_link_with_the_playground_s_settings_opens_them(page, app_server):
    open_live(page, app_server, "data=xor&hidden=3&noise=30&split=20&batch=5&lambda=0.1"
                                "&features=x1x2")
    q = query_of(page)
    assert (q["noise"], q["split"], q["batch"], q["lambda"], q["features"]) == \
        ("30", "20", "5", "0.1", "x1x2")
    wait_for(page, lambda: counts(page) == (1, 4, 3 + 3), "one input, 3 + 1 units")
    assert page.locator(".st-key-batch input").input_value() == "mini-batches of 5"
    no_error(page)


@needs_cat_data
def test_a_photo_run_summarises_layer_1_and_shows_a_unit_s_picture_large(page, app_server):
    open_live(page, app_server, "data=cats&hidden=8,3")
    # one input box, 8 + 3 + 1 units, layer 1's 12288 x 8 weights a sentence: 8*3 + 3 edges
    wait_for(page, lambda: counts(page) == (1, 12, 27), "1 input, 12 units, 27 edges")
    assert "too many to draw" in page.get_by_test_id("live-graph-summary").inner_text()
    page.locator('[data-testid="live-unit"]').first.hover()
    title = page.locator(".nnl-side .nnl-side-title")
    wait_for(page, lambda: "Layer 1, unit 1: its W1 picture" in title.inner_text(),
             "the unit's picture large")
    assert "pixel values" in page.get_by_test_id("live-unit-formula").inner_text()
    no_error(page)


# Each animation frame: when the edges' widths or colours changed since the frame before.
EDGE_FRAMES = """() => {
    window.__edgeFrames = [];
    let last = null;
    function tick() {
        const now = Array.from(document.querySelectorAll('[data-testid="live-edge"]'),
            p => p.getAttribute('stroke-width') + p.getAttribute('stroke')).join();
        window.__edgeFrames.push([performance.now(), last !== null && now !== last]);
        last = now;
        if (window.__edgeFrames.length < 5000) requestAnimationFrame(tick);
    }
    requestAnimationFrame(tick);
}"""


def test_edges_move_at_every_animation_frame_while_playing(page, app_server):
    open_live(page, app_server, "data=circles&hidden=4,3")
    wait_for(page, lambda: len(set(widths(page))) > 1, "edges of several widths")
    page.get_by_test_id("live-speed").select_option("250")
    page.evaluate(EDGE_FRAMES)
    page.get_by_test_id("live-play").click()

    def two_frames_in_a_row() -> bool:
        # the edges changed in two consecutive frames less than 100 ms apart: more often
        # than the 10 times a second they used to move
        f = page.evaluate("() => window.__edgeFrames")
        return any(a[1] and b[1] and b[0] - a[0] < 100 for a, b in zip(f, f[1:]))
    wait_for(page, two_frames_in_a_row, "edges changed in two frames in a row")
    no_error(page)


def _layer_counts(page) -> dict[int, tuple[int, int]]:
    """layer -> (units drawn, k of its "+k more" mark or 0)."""
    return page.evaluate("""() => {
        const out = {};
        for (const u of document.querySelectorAll('[data-testid="live-unit"]')) {
            const l = u.dataset.layer; out[l] = out[l] || [0, 0]; out[l][0] += 1; }
        for (const m of document.querySelectorAll('[data-testid="live-unit-more"]')) {
            const l = m.dataset.layer; out[l] = out[l] || [0, 0]; out[l][1] = +m.dataset.more;
            if (m.textContent !== `+${m.dataset.more} more`) out[l][1] = -1; }
        return out; }""")


@pytest.mark.parametrize("query,hidden", [
    ("data=circles&hidden=12,8", (12, 8)),
    pytest.param("data=cats&hidden=20,7,5", (20, 7, 5), marks=needs_cat_data),
])
def test_on_a_phone_a_tall_layer_draws_its_first_units_and_says_how_many_more(
        browser, app_server, screenshots, query, hidden):
    with sized_page(browser, PHONE) as page:
        open_live(page, app_server, query)
        first = hidden[0]
        wait_for(page, lambda: "1" in _layer_counts(page), "the units drawn")
        got = _layer_counts(page)
        drawn, more = got["1"]
        # layer 1 does not fit a phone's 390 px: its first units, then "+k more" for the rest
        assert 0 < drawn < first and drawn + more == first, got
        for l, n in enumerate(hidden, start=1):              # every layer honest
            assert sum(got[str(l)]) == n, (l, got)
        assert got[str(len(hidden) + 1)] == [1, 0]            # the output unit
        # an edge per weight between drawn units only (layer 1's are a sentence for photos)
        d = [got[str(l)][0] for l in range(1, len(hidden) + 2)]
        n_in = counts(page)[0] if query.startswith("data=circles") else 0
        expected = n_in * d[0] + sum(a * b for a, b in zip(d, d[1:]))
        assert counts(page)[2] == expected
        box = page.get_by_test_id("live-graph").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"]
        mark = page.locator('[data-testid="live-unit-more"][data-layer="1"]')
        mark.scroll_into_view_if_needed()
        shoot(page, screenshots / f"live_graph_phone_{hidden[0]}.png")
        no_error(page)


@needs_cat_data
def test_a_unit_s_z_and_a_on_a_photo_picked_are_the_server_s(page, app_server):
    from nn_core.units import unit_activations
    from nn_ui.live.settings import Settings
    from nn_ui.view.session_ui import new_run
    open_live(page, app_server, "data=cats&hidden=8,3&alpha=0.0075")
    run = new_run(Settings("cats", (8, 3), "relu", "he", 1, "scale"), 0.0075)
    t, X = run.trainer, run.inputs.X

    def check(l: int, j: int) -> int:
        """The card's z and a of unit j of layer l against nn_core's forward pass of the photo
        picked at the card's iteration; -> that iteration."""
        z_el, a_el = page.get_by_test_id("live-unit-z"), page.get_by_test_id("live-unit-a")
        it = int(z_el.get_attribute("data-iteration"))
        col = int(page.locator('[data-testid="live-photo-pick"][aria-pressed="true"]')
                  .get_attribute("data-example"))
        t.run(it - t.iteration)
        assert t.iteration == it
        Zs, As = unit_activations(X[:, [col]], t.parameters, "relu")
        z, a = float(Zs[l - 1][j, 0]), float(As[l - 1][j, 0])
        # the values sent (5 significant digits) and the words shown (3)
        assert abs(float(z_el.get_attribute("data-value")) - z) <= 1e-4 * abs(z) + 1e-6
        assert abs(float(a_el.get_attribute("data-value")) - a) <= 1e-4 * abs(a) + 1e-6
        shown_z = float(z_el.inner_text().split()[2].replace("−", "-"))
        assert abs(shown_z - z) <= 0.006 * abs(z) + 1e-3
        return it

    unit = page.locator('[data-testid="live-unit"][data-layer="1"][data-unit="2"]')
    card = page.get_by_test_id("live-unit-card")
    picks = page.get_by_test_id("live-photo-pick")
    page.locator('[data-testid="live-cost"] .main-svg').first.wait_for()   # the page laid out
    for attempt in range(4):     # a click that a layout shift of a starved browser moved onto
        if not card.is_visible():    # the graph is made again, as a student would
            unit.click()                                    # pinned: the card stays
        wait_for(page, lambda: picks.count() == 6, "six training photos to pick from")
        try:
            picks.nth(3).click(timeout=10_000)
            break
        except PlaywrightTimeout:
            if attempt == 3:
                raise
    assert {picks.nth(k).inner_text() for k in range(6)} == {"cat", "non-cat"}
    wait_for(page, lambda: page.get_by_test_id("live-unit-z").get_attribute("data-photo") == "3",
             "photo 4 picked")
    assert "Layer 1, unit 3 of 8" in page.get_by_test_id("live-unit-card").inner_text()
    assert check(1, 2) == 0
    page.get_by_test_id("live-play").click()
    wait_for(page, lambda: iteration_shown(page) >= 300, "iteration 300 while playing")
    page.get_by_test_id("live-pause").click()
    z_el = page.get_by_test_id("live-unit-z")
    wait_for(page, lambda: int(z_el.get_attribute("data-iteration")) >= 280, "z at 280 or later")
    assert check(1, 2) >= 280
    # the output unit: its a is P(cat)
    page.locator('[data-testid="live-unit"][data-layer="3"]').click()
    wait_for(page, lambda: "P(cat)" in page.get_by_test_id("live-unit-a").inner_text(), "P(cat)")
    check(3, 0)
    no_error(page)
