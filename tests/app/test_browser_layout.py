"""Every page on a phone (390 x 844) and a projector (1280 x 720), in Debian's Chromium: nothing
runs past the screen's right edge, no text is cut short in its box, no two texts of a chart
overlap (title, axis titles, tick labels, legend, annotations, and the chart's toolbar) and
none is cut off at the chart's edge, measured from the rendered SVG boxes; the prediction
page's answer (after an upload, on a phone too) and each race's key result (beside its
settings) are in view. Screenshots: test-artifacts/screenshots/layout/."""
from __future__ import annotations

import time

import pytest

from nn_ui.common.names import FAST
from tests.app.conftest import ROOT, png_bytes
from tests.app.test_browser import settle, shoot

pytestmark = pytest.mark.browser

SIZES = {"phone": (390, 844), "projector": (1280, 720)}
#: url path -> query (every page of app_pages/, experiments at short settings so they finish)
PAGES = {"": "", "activations": "", "loss": "", "live_training": "", "cost_curves": "",
         "prediction": "", "own_data": "", "class_board": "",
         "exp_initialization": "?init_iterations=1000", "exp_learning_rate": "",
         "exp_scaling": "?scale_iterations=200", "exp_vanishing": "?vanish_iterations=200",
         "exp_one_iteration": "", "exp_gradient_check": "", "exp_cost_vs_accuracy": "",
         "exp_mistakes": "", "exp_photo_over_training": "", "lesson_plan": ""}
OUT = ROOT / "test-artifacts" / "screenshots" / "layout"

#: Overlapping text boxes of the charts, and the modebar over any text. A box is a text
#: element's getBoundingClientRect (rotated axis titles included); two overlap when they
#: share more than 2 px in both directions.
OVERLAPS_JS = """() => {
  const out = [];
  const box = (el) => { const r = el.getBoundingClientRect();
                        return {l: r.left, r: r.right, t: r.top, b: r.bottom}; };
  const shown = (el) => { const s = getComputedStyle(el);
      return s.display !== 'none' && s.visibility !== 'hidden' && parseFloat(s.opacity) > 0; };
  const cut = (a, b) => Math.min(a.r, b.r) - Math.max(a.l, b.l) > 2 &&
                        Math.min(a.b, b.b) - Math.max(a.t, b.t) > 2;
  document.querySelectorAll('.js-plotly-plot').forEach((plot, i) => {
    const texts = [];
    plot.querySelectorAll('svg text').forEach((el) => {
      if (el.closest('.hoverlayer') || !el.textContent.trim()) return;
      let node = el, visible = true;
      while (node && node !== plot) { if (node.nodeType === 1 && !shown(node)) visible = false;
                                      node = node.parentNode; }
      const b = box(el);
      if (visible && b.r - b.l > 0 && b.b - b.t > 0) texts.push({text: el.textContent, ...b});
    });
    const bar = plot.querySelector('.modebar-container');
    if (bar && shown(bar) && bar.querySelector('.modebar') &&
        shown(bar.querySelector('.modebar'))) {
      const b = box(bar.querySelector('.modebar'));
      if (b.r - b.l > 0) texts.push({text: '[toolbar]', ...b});
    }
    const frame = box(plot);
    for (const t of texts)                      // cut off at the chart's own edge
      if (t.l < frame.l - 1 || t.r > frame.r + 1)
        out.push(`chart ${i}: "${t.text}" cut off at the chart's edge`);
    for (let a = 0; a < texts.length; a++)
      for (let b = a + 1; b < texts.length; b++)
        if (cut(texts[a], texts[b]))
          out.push(`chart ${i}: "${texts[a].text}" / "${texts[b].text}"`);
  });
  return out;
}"""

#: Elements whose right edge is past the viewport's, unless an ancestor that scrolls or clips
#: keeps them inside the screen (a wide table scrolls in its own box).
OVERFLOW_JS = """() => {
  const W = window.innerWidth, out = [];
  const main = document.querySelector('[data-testid="stMain"]');
  if (!main) return ['no stMain'];
  for (const el of main.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || r.right <= W + 1) continue;
    let clipped = false;
    for (let p = el.parentElement; p && p !== main; p = p.parentElement) {
      const s = getComputedStyle(p);
      if (['auto', 'scroll', 'hidden', 'clip'].includes(s.overflowX) &&
          p.getBoundingClientRect().right <= W + 1) { clipped = true; break; }
    }
    if (!clipped) {
      const id = el.getAttribute('data-testid') || el.className?.baseVal || el.className || '';
      out.push(`${el.tagName.toLowerCase()}.${String(id).slice(0, 40)} right ${Math.round(r.right)} > ${W}`);
    }
  }
  return [...new Set(out)].slice(0, 20);
}"""


#: Texts cut short in their box (an ellipsis, or clipped on one line): a page link's title, a
#: run's chip, a metric. A box whose text is wider than the box and that does not wrap or
#: scroll.
CUT_JS = """() => {
  const out = [];
  const main = document.querySelector('[data-testid="stMain"]');
  if (!main) return out;
  for (const el of main.querySelectorAll('*')) {
    if (!el.textContent.trim() || el.closest('.js-plotly-plot, svg, canvas, .katex-mathml'))
      continue;                             // KaTeX's MathML: for screen readers, not drawn
    const s = getComputedStyle(el);
    const oneLine = s.textOverflow === 'ellipsis' || s.whiteSpace === 'nowrap' ||
                    s.overflowX === 'hidden' || s.overflowX === 'clip';
    if (oneLine && el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1 &&
        !['auto', 'scroll'].includes(s.overflowX))
      out.push(`"${el.textContent.trim().slice(0, 40)}" cut at ${el.clientWidth} of ${el.scrollWidth} px`);
  }
  return [...new Set(out)].slice(0, 20);
}"""


#: Charts wider than the screen, even in a box that scrolls sideways: a phone wraps its panels.
WIDE_JS = """() => Array.from(document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot'))
  .filter((el) => el.getBoundingClientRect().width > window.innerWidth + 1)
  .map((el) => `a chart ${Math.round(el.getBoundingClientRect().width)} px wide in a `
              + `${window.innerWidth} px screen`)"""


def wait_for_races(page, timeout: float = 120.0) -> None:
    """An experiment page's race plays on its own, in the browser: each race view set to play
    as fast as it goes (this test measures the page the race leaves, not its animation), then
    waited for until it says "Done" (then the page draws the race's other figures), and for the
    app to settle."""
    settle(page, must=False)
    deadline = time.monotonic() + timeout
    views = page.get_by_test_id("race-view")
    while time.monotonic() < deadline:
        shown = views.all()
        for view in shown:
            speed = view.get_by_test_id("live-speed")
            if speed.input_value() != str(FAST):
                speed.select_option(str(FAST))
        statuses = [v.get_by_test_id("live-status").inner_text() for v in shown]
        if all(s.startswith("Done") for s in statuses):
            break
        page.wait_for_timeout(300)
    settle(page)


def overlaps_under_a_finger(page) -> list[str]:
    """The overlaps as drawn, then with each chart touched (hovered) in turn: its toolbar
    shows, as under a student's finger."""
    found = set(page.evaluate(OVERLAPS_JS))
    for plot in page.locator(".js-plotly-plot").all():
        try:
            plot.scroll_into_view_if_needed(timeout=3000)
            box = plot.bounding_box()
        except Exception:          # noqa: BLE001  redrawn meanwhile: measured as drawn above
            continue
        if box:
            page.mouse.move(box["x"] + box["width"] - 30, box["y"] + 20)
            page.wait_for_timeout(150)
            found.update(page.evaluate(OVERLAPS_JS))
    return sorted(found)


@pytest.fixture(scope="module")
def contexts(browser):
    made = {name: browser.new_context(viewport={"width": w, "height": h}, device_scale_factor=1)
            for name, (w, h) in SIZES.items()}
    yield made
    for c in made.values():
        c.close()


def measure(contexts, app_server, path: str, size: str) -> tuple[list[str], list[str]]:
    page = contexts[size].new_page()
    page.set_default_timeout(60_000)
    try:
        page.goto(f"{app_server.url}/{path}{PAGES[path]}")
        page.wait_for_selector('[data-testid="stMainBlockContainer"]')
        if path.startswith("exp_"):
            wait_for_races(page)
        else:
            settle(page)
        page.wait_for_timeout(500)
        OUT.mkdir(parents=True, exist_ok=True)
        shoot(page, OUT / f"{path or 'home'}_{size}.png")
        return (page.evaluate(OVERFLOW_JS) + page.evaluate(CUT_JS) + page.evaluate(WIDE_JS),
                overlaps_under_a_finger(page),
                race_out_of_view(page, path, size))
    finally:
        page.close()


#: The key result of each race page: its cost chart (experiments 1-3), its |dW1| figures
#: (experiment 4: the first layer's gradient under each activation).
RACE_KEYS = {"exp_initialization": '[data-testid="live-cost"]',
             "exp_learning_rate": '[data-testid="live-cost"]',
             "exp_scaling": '[data-testid="live-cost"]', "exp_vanishing": ".nnl-race-metrics"}


def race_out_of_view(page, path: str, size: str) -> list[str]:
    """A race page's key result, with the page scrolled to its top: wholly in view on the
    projector; on a phone, starting at most one screen below the Run again button."""
    if path not in RACE_KEYS:
        return []
    page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollTo(0, 0)")
    page.wait_for_timeout(200)
    height = SIZES[size][1]
    boxes = [b for b in (el.bounding_box() for el in page.locator(RACE_KEYS[path]).all()[:4]) if b]
    if not boxes:
        return [f"{path}: no {RACE_KEYS[path]}"]
    top = min(b["y"] for b in boxes)
    key = {"y": top, "height": max(b["y"] + b["height"] for b in boxes) - top}
    if size == "projector":
        if key["y"] < 0 or key["y"] + key["height"] > height + 1:
            return [f"{path}: its key result spans {key['y']:.0f}-"
                    f"{key['y'] + key['height']:.0f} px, not within the {height} px screen"]
        return []
    button = page.get_by_role("button", name="Run again").bounding_box()
    below = key["y"] - (button["y"] + button["height"])
    return [f"{path}: its key result starts {below:.0f} px below Run again"] if below > height else []


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("path", list(PAGES))
def test_nothing_past_the_edge_and_no_chart_texts_overlap(contexts, app_server, path, size):
    overflow, overlaps, out_of_view = measure(contexts, app_server, path, size)
    assert not overflow, f"past the right edge or text cut short at {SIZES[size]}: {overflow}"
    assert not overlaps, f"chart texts overlapping at {SIZES[size]}: {overlaps}"
    assert not out_of_view, f"at {SIZES[size]}: {out_of_view}"


@pytest.mark.parametrize("size", list(SIZES))
def test_the_answer_is_in_view_after_an_upload(contexts, app_server, tmp_path, size):
    """P(cat) after an upload: in view without scrolling on the projector, at most one screen
    below the upload on a phone; the three photo options all inside the screen."""
    page = contexts[size].new_page()
    page.set_default_timeout(60_000)
    width, height = SIZES[size]
    try:
        page.goto(f"{app_server.url}/prediction")
        page.wait_for_selector("h1")
        settle(page)
        options = page.get_by_test_id("stButtonGroup").first.get_by_role("button")
        for i in range(options.count()):
            box = options.nth(i).bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= width + 1, \
                f"photo option {i + 1} is cut off at {width} px: {box}"
        photo = tmp_path / "photo.png"
        photo.write_bytes(png_bytes())
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files(str(photo))
        answer = page.get_by_text("The network says")
        answer.wait_for()
        settle(page)
        bar = page.locator(".js-plotly-plot").first
        bar.wait_for()
        a = answer.bounding_box()
        b = bar.bounding_box()
        if size == "projector":
            page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollTo(0, 0)")
            page.wait_for_timeout(200)
            a, b = answer.bounding_box(), bar.bounding_box()
            assert a["y"] >= 0 and b["y"] + b["height"] <= height, \
                f"the answer and its P(cat) bar are not in view without scrolling: {a}, {b}"
        else:                           # the page brings the answer into view by itself
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                a, b = answer.bounding_box(), bar.bounding_box()
                if a["y"] >= 0 and b["y"] + b["height"] <= height:
                    break
                page.wait_for_timeout(200)
            assert a["y"] >= 0 and b["y"] + b["height"] <= height, \
                f"the answer and its P(cat) bar are not in view after the upload: {a}, {b}"
        OUT.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(OUT / f"prediction_answer_{size}.png"))
    finally:
        page.close()


def test_the_layout_measures_catch_what_they_look_for(contexts, app_server):
    """The two measures on a page made to fail: they are not blind."""
    page = contexts["phone"].new_page()
    try:
        page.goto(f"{app_server.url}/activations")
        page.wait_for_selector(".js-plotly-plot")
        settle(page)
        page.evaluate("""() => {
          const main = document.querySelector('[data-testid="stMainBlockContainer"]');
          const wide = document.createElement('div');
          wide.style.width = '2000px'; wide.style.height = '10px';
          main.appendChild(wide);
          const t = document.querySelector('.js-plotly-plot svg text.gtitle') ||
                    document.querySelector('.js-plotly-plot svg .xtick text');
          const copy = t.cloneNode(true); t.parentNode.appendChild(copy);
          const cut = document.createElement('p');
          cut.style.cssText = 'width: 60px; overflow: hidden; white-space: nowrap';
          cut.textContent = 'Activation functions'; main.appendChild(cut);
        }""")
        assert page.evaluate(OVERFLOW_JS)
        assert page.evaluate(OVERLAPS_JS)
        assert page.evaluate(CUT_JS)
    finally:
        page.close()
