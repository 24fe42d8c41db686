"""The class board in real browsers (Debian's Chromium): a teacher opens a class, two students
(two browser contexts, two tokens) join it with the QR link's address and a nickname and each
finish a run; a third trains without joining. The board shows the two runs and the two
nicknames, not the third; only the teacher's browser clears it."""
from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from loadtest.server import AppServer
from tests.app.test_browser import no_error, settle, shoot
from tests.app.test_browser_layout import OVERLAPS_JS

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("board")
    with AppServer("app.py", env={"NN_RUNS_DB": str(folder / "runs.sqlite")},
                   log_path=str(folder / "server.log")) as s:
        yield s


def new_page(browser, size=(1440, 900)):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    page.set_default_timeout(30_000)
    return context, page


def finish_a_run(page, url: str, dataset: str, lr_steps: int = 0) -> None:
    """Live training: ``dataset``, 100 iterations as fast as it goes, until Done (on a laptop's
    screen: a phone's sidebar is folded away)."""
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{url}/live_training")
    settle(page)
    page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").filter(has_text="Data").click()
    page.get_by_role("option", name=dataset).click()
    settle(page)
    box = page.get_by_test_id("stNumberInput").filter(has_text="Iterations").locator("input")
    box.fill("100")
    box.press("Enter")
    settle(page)
    for _ in range(lr_steps):
        page.get_by_test_id("live-alpha").press("ArrowLeft")
        settle(page)
    page.get_by_test_id("live-speed").select_option("0")       # as fast as it goes
    page.get_by_role("button", name=re.compile("Play")).click()
    page.get_by_text(re.compile("Done: 100 iterations")).wait_for(timeout=60_000)
    settle(page)
    no_error(page)


def metric(page, label: str) -> int:
    m = page.get_by_test_id("stMetric").filter(has_text=label).first
    return int(m.inner_text().splitlines()[-1].strip())


def test_the_board_shows_the_runs_of_joined_students_only(browser, server, screenshots):
    teacher_ctx, teacher = new_page(browser, (1280, 720))            # the projector
    teacher.goto(f"{server.url}/class_board")
    settle(teacher)
    teacher.get_by_role("button", name=re.compile("Open a class")).click()
    code_el = teacher.get_by_test_id("class-code")
    code_el.wait_for()
    code = code_el.inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{6}", code), code
    assert teacher.get_by_text(f"class_board?join={code}").count() >= 1

    students = []
    for nickname, dataset, steps in (("Ada <b>", "Moons", 0), ("Bob", "Circles", 1)):
        ctx, page = new_page(browser, (390, 844))                    # a phone
        page.goto(f"{server.url}/class_board?join={code}")           # what the QR code holds
        settle(page)
        # the link's code in the field (a busy machine draws it a moment after the page settles)
        expect(page.get_by_label("Class code")).to_have_value(code, timeout=30_000)
        page.get_by_label("Nickname").fill(nickname)
        page.get_by_role("button", name="Join").click()
        page.get_by_text(re.compile(f"You are in class {code}")).wait_for()
        finish_a_run(page, server.url, dataset, steps)
        students.append(ctx)
    outsider_ctx, outsider = new_page(browser)
    finish_a_run(outsider, server.url, "XOR")                        # never joined

    deadline = time.monotonic() + 30
    while metric(teacher, "Runs posted") < 2 and time.monotonic() < deadline:
        teacher.wait_for_timeout(500)
    teacher.wait_for_timeout(5000)              # a late third post would show by now
    settle(teacher)
    assert metric(teacher, "Students joined") == 2
    assert metric(teacher, "Runs posted") == 2
    chart = teacher.evaluate("""() => Array.from(document.querySelectorAll('.js-plotly-plot'))
        .flatMap(el => el._fullData).map(t => ({name: t.name, n: (t.x || []).length,
                                                 text: Array.from(t.text || [])}))""")
    names = {t.split("<br>")[0] for trace in chart for t in trace["text"]}
    assert names == {"Bob", "Ada &lt;b&gt;"}, names                 # escaped for Plotly
    drawn = [t for t in chart if not t["name"].startswith("best")]
    assert sum(t["n"] for t in drawn) == 4          # 2 runs x (cost panel + accuracy panel)
    assert {t["name"] for t in drawn} == {"moons · 2-8-1 · ReLU", "circles · 2-8-1 · ReLU"}
    assert {t["name"].split(":")[0] for t in chart if t["name"].startswith("best")} == {
        "best on moons", "best on circles"}                     # each data set its own best
    assert not teacher.evaluate(OVERLAPS_JS), teacher.evaluate(OVERLAPS_JS)   # the projector
    no_error(teacher)
    shoot(teacher, screenshots / "class_board_projector_1280x720.png")

    # a student's browser cannot clear the board: it has no such button, and is no teacher
    page = students[0].pages[0]
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{server.url}/class_board")
    settle(page)
    assert page.get_by_role("button", name=re.compile("Clear the board")).count() == 0
    page.locator(".js-plotly-plot").first.wait_for()
    page.wait_for_timeout(500)
    assert not page.evaluate(OVERLAPS_JS), page.evaluate(OVERLAPS_JS)          # the phone
    shoot(page, screenshots / "class_board_student_phone_390x844.png")

    teacher.get_by_role("button", name=re.compile("Clear the board")).click()
    settle(teacher)
    deadline = time.monotonic() + 15
    while metric(teacher, "Runs posted") != 0 and time.monotonic() < deadline:
        teacher.wait_for_timeout(300)
    assert metric(teacher, "Runs posted") == 0
    teacher.get_by_role("button", name=re.compile("Close the class")).click()
    teacher.get_by_role("button", name=re.compile("Open a class")).wait_for()
    for ctx in (teacher_ctx, outsider_ctx, *students):
        ctx.close()
