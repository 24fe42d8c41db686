"""The network graph of the live view and the playground's controls, in a real browser (Debian's
Chromium via Playwright): units and edges counted for a few shapes, edges changing while the
network learns, a unit's formula on hover (desktop) or tap (phone), each playground control
changing the run and appearing in the link, the boundary's toggles, and the graph within a
phone's and a projector's width. Every wait is for a condition."""
from __future__ import annotations

import pytest

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
    unit.scroll_into_view_if_needed()
    if name == "phone":
        unit.tap()
    else:
        unit.hover()
    card = page.get_by_test_id("live-unit-card")
    wait_for(page, lambda: card.is_visible(), "the unit's card")
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
