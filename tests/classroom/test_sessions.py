"""Sessions over real websockets against one server (AppTest cannot show this: its instances
share one session id): two students never see each other's models or runs, and a closed tab
stops its training."""
import asyncio
import time

import pytest

from loadtest.protocol import Tab
from loadtest.scenarios import ROOT, Live, Tiny
from loadtest.server import AppServer
from nn_io.catdata import find_cat_data

pytestmark = pytest.mark.slow
# the app's live-training page (on the photos when they are here, else on the flower), and the
# stand-in app that also has a never-ending training for the closed-tab test
SCENARIOS = [Live(dataset="cats" if find_cat_data() else "flower", iterations=300), Tiny()]


@pytest.fixture(scope="module", params=SCENARIOS, ids=lambda s: s.name)
def served(request):
    scenario = request.param
    with AppServer(ROOT / scenario.app) as server:
        yield scenario, server


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    markers = tmp_path_factory.mktemp("markers")
    with AppServer(ROOT / Tiny().app, env={"TINY_APP_MARKERS": str(markers)}) as server:
        yield server, markers


async def train_further(scenario, tab, s):
    """Train the same network ``s["iterations"]`` iterations further, as a student does: on the
    live page, raise the number of iterations and press Play again (the run goes on from where
    it stands); on the stand-in, whose Train trains that many more, press Train again."""
    if isinstance(scenario, Live):
        start = scenario.result(tab)["iteration"]
        await tab.set("iterations", start + s["iterations"], timeout=scenario.timeout)
        await scenario.view(tab).play(scenario.timeout, start)
    else:
        await tab.click("train", timeout=scenario.timeout)
    return scenario.result(tab)


async def two_students(scenario, url):
    a, b = Tab(url, scenario.page), Tab(url, scenario.page)
    sa, sb = scenario.settings(0), scenario.settings(1)
    assert sa != sb
    try:
        await a.open(timeout=scenario.timeout)
        await b.open(timeout=scenario.timeout)
        await scenario.prepare(a, sa)
        await scenario.prepare(b, sb)
        seen = {}
        seen["a trained"] = await scenario.train(a, sa)
        await b.rerun(timeout=scenario.timeout)
        seen["b before training"] = scenario.result(b)
        # both press at the same moment (A trains on, B trains), then each reads its page again
        seen["a again"], seen["b trained"] = await asyncio.gather(
            train_further(scenario, a, sa), scenario.train(b, sb))
        await a.rerun(timeout=scenario.timeout)
        await b.rerun(timeout=scenario.timeout)
        seen["a at the end"], seen["b at the end"] = scenario.result(a), scenario.result(b)
        return sa, sb, seen
    finally:
        await a.close()
        await b.close()


def test_two_sessions_never_see_each_others_models_or_runs(served):
    scenario, server = served
    sa, sb, seen = asyncio.run(asyncio.wait_for(two_students(scenario, server.url), 300))
    want_a, want_b = scenario.expected(sa), scenario.expected(sb)
    assert scenario.check(seen["a trained"], want_a) is None
    before = seen["b before training"]                  # B's page: B's network, untrained
    assert before["iteration"] == 0
    assert scenario.check(seen["b trained"], want_b) is None
    # A's own network went on training (same cost as one run of twice the iterations)
    want_a2 = scenario.expected({**sa, "iterations": 2 * sa["iterations"]})
    assert scenario.check(seen["a again"], want_a2) is None
    assert seen["a at the end"] == seen["a again"]
    assert seen["b at the end"] == seen["b trained"]


async def close_while_training(url, seed):
    tab = Tab(url)
    await tab.open()
    await tab.set("seed", seed)
    await tab.press("long")                           # press, don't wait
    await tab.wait_until(lambda: any(d.kind == "progress" for d in tab.elements.values()),
                         30, "the long training to start")
    await tab.close()
    return time.time()


def test_a_closed_tab_stops_its_training(tiny):
    # the stand-in app's "Long" trains (train_click, a Streamlit call every slice) until stopped
    server, markers = tiny
    closed_at = asyncio.run(close_while_training(server.url, 17))
    marker = markers / "17.txt"
    deadline = time.monotonic() + 30                   # bounded wait for the event, no timing
    while "stopped" not in marker.read_text() and time.monotonic() < deadline:
        time.sleep(0.1)
    lines = marker.read_text().split()
    assert lines[:2] == ["started", "stopped"], lines   # it stopped without being told to finish
    iterations, stopped_at = int(lines[2]), float(lines[3])
    print(f"training stopped {stopped_at - closed_at:.2f} s after its tab closed "
          f"({iterations} iterations done)")
