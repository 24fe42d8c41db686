"""Your own data in a real browser (Debian's Chromium via Playwright): two classes of photos
this test makes (a red ball and a blue box, on grey, at places drawn from a seed) are uploaded
several at once, the classes named, the run played to its end in the live view, and new photos
of each are named right in the answer. Screenshots at 1440x900, 390x844 and 1280x720."""
from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image, ImageDraw

from tests.app.test_browser import iteration_shown, no_error, settle, shoot
from tests.app.test_browser_layout import OVERFLOW_JS
from tests.app.test_browser_live import wait_for

pytestmark = pytest.mark.browser

# the whole flow on a laptop and a phone; the page's layout at the projector's size is in
# test_browser_layout (with the phone's)
SIZES = {"desktop": (1440, 900), "phone": (390, 844)}


def thing(kind: str, seed: int) -> bytes:
    """A 200 x 160 JPEG: a red ball or a blue box, at a place and size drawn from ``seed``, on
    a grey background with noise."""
    rng = np.random.default_rng(seed)
    im = Image.new("RGB", (200, 160), tuple(int(v) for v in rng.integers(110, 160, 3)))
    d = ImageDraw.Draw(im)
    r = int(rng.integers(25, 45))
    cx, cy = int(rng.integers(40 + r, 160 - r)), int(rng.integers(r, 160 - r))
    if kind == "ball":
        d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=(210, int(rng.integers(20, 70)), 40))
    else:
        d.rectangle([cx - r, cy - r, cx + r, cy + r], fill=(40, int(rng.integers(50, 100)), 210))
    a = np.asarray(im, float) + rng.normal(0, 8, (160, 200, 3))
    out = io.BytesIO()
    Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)).save(out, "JPEG", quality=90)
    return out.getvalue()


def files(kind: str, seeds) -> list[dict]:
    return [{"name": f"{kind}{s}.jpg", "mimeType": "image/jpeg", "buffer": thing(kind, s)}
            for s in seeds]


def name_class(page, c: int, name: str) -> None:
    box = page.locator(f".st-key-own_name_{c} input")
    box.fill(name)
    box.press("Enter")
    settle(page)


def thumbs(page, c: int, n: int) -> None:
    """Wait until class ``c`` shows ``n`` thumbnails (the upload taken in), then for calm."""
    wait_for(page, lambda: page.locator(f".st-key-own_thumbs_{c} img").count() == n,
             f"{n} thumbnails in class {c + 1}", 60)
    settle(page)


def clear(page, key: str) -> None:
    """Remove every file from the uploader ``key`` (its × buttons), as the page asks: the tab
    may keep only a few uploaded files (classroom.uploads), the photos stay."""
    delete = page.locator(f".st-key-{key} [data-testid=stFileChipDeleteBtn] button")
    while delete.count():
        n = delete.count()
        delete.first.click()
        wait_for(page, lambda n=n: delete.count() < n, "a file removed", 30)
    settle(page)


def answer(page) -> str:
    return page.locator(".st-key-own_answer h3").inner_text()


@pytest.fixture(params=list(SIZES), ids=list(SIZES))
def viewed(request, browser, app_server):
    w, h = SIZES[request.param]
    phone = request.param == "phone"
    context = browser.new_context(viewport={"width": w, "height": h}, device_scale_factor=1,
                                  is_mobile=phone, has_touch=phone)
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    yield pg, request.param
    context.close()


def test_two_classes_of_own_photos_are_learned_and_new_photos_named(viewed, app_server,
                                                                     screenshots):
    page, size = viewed
    page.goto(f"{app_server.url}/own_data")
    page.wait_for_selector("h1")
    settle(page)
    name_class(page, 0, "ball")
    name_class(page, 1, "box")
    page.locator(".st-key-own_photos_0 input[type=file]").set_input_files(
        files("ball", range(8)))
    thumbs(page, 0, 8)
    clear(page, "own_photos_0")
    assert page.locator(".st-key-own_thumbs_0 img").count() == 8           # the photos stay
    page.locator(".st-key-own_photos_1 input[type=file]").set_input_files(
        files("box", range(100, 104)))
    thumbs(page, 1, 4)
    clear(page, "own_photos_1")
    assert "box has 4 (1 more to add)" in page.get_by_test_id("stAlertContentInfo").inner_text()
    assert page.get_by_test_id("live-iteration").count() == 0            # no training yet
    page.locator(".st-key-own_photos_1 input[type=file]").set_input_files(
        files("box", range(100, 108)))           # the same 4 again (new uploads) and 4 new
    thumbs(page, 1, 8)
    said = page.get_by_test_id("stAlertContentError").all_inner_texts()
    assert len(said) == 4 and all("It is the same photo as" in s for s in said), said
    clear(page, "own_photos_1")
    page.get_by_test_id("live-iteration").wait_for()
    assert iteration_shown(page) == 0
    page.get_by_test_id("live-play").click()
    wait_for(page, lambda: iteration_shown(page) == 1000, "the run played to iteration 1000",
             timeout=120)
    shoot(page, screenshots / f"own_data_trained_{size}.png")
    right = 0
    for kind, seeds in (("ball", range(500, 503)), ("box", range(600, 603))):
        for f in files(kind, seeds):
            page.locator(".st-key-own_try input[type=file]").set_input_files(f)
            wait_for(page, lambda f=f: f["name"] in page.locator(".st-key-own_answer").inner_text(),
                     f"the answer for {f['name']}")
            settle(page)
            right += answer(page) == f"It says: {kind}"
    assert right == 6, f"{right} of 6 new photos named right"
    assert "P(ball) = " in page.locator(".st-key-own_answer").inner_text()
    shoot(page, screenshots / f"own_data_answer_{size}.png")
    assert page.evaluate(OVERFLOW_JS) == [], "past the right edge"
    no_error(page)
