"""The websocket driver against the tiny stand-in app: widgets found by key, values sent as the
browser sends them, a fragment's run_every timer fired like the browser's, errors said clearly."""
import asyncio

import pytest

from loadtest.protocol import ProtocolError, Tab, user_key
from loadtest.run import percentiles
from loadtest.scenarios import ROOT, Tiny
from loadtest.server import AppServer

TINY = Tiny()


def test_user_key_from_element_id():
    assert user_key("$$ID-5ee14cbd00a97ec56861555cdd97441b-train") == "train"
    assert user_key("$$ID-5ee14cbd00a97ec56861555cdd97441b-my-key") == "my-key"
    assert user_key("$$ID-5ee14cbd00a97ec56861555cdd97441b-None") is None
    assert user_key("") is None


def test_percentiles_nearest_rank():
    values = [float(v) for v in range(1, 41)]                     # 1 .. 40 s
    assert percentiles(values) == {"p50": 20.5, "p95": 38.0, "max": 40.0, "min": 1.0, "n": 40}
    assert percentiles([None, 2.0]) == {"p50": 2.0, "p95": 2.0, "max": 2.0, "min": 2.0, "n": 1}
    assert percentiles([]) == {}


@pytest.fixture(scope="module")
def url():
    with AppServer(ROOT / TINY.app) as server:
        yield server.url


def shown_iteration(tab) -> int:
    """The iteration the page's result shows, or -1 while it shows none (between two runs)."""
    try:
        return TINY.result(tab)["iteration"]
    except ProtocolError:
        return -1


async def session(url):
    async with Tab(url) as tab:
        seen = {"keys": tab.keys(), "first": TINY.result(tab)}
        for key, value, words in (("lr", "0.5", "no option"), ("nothing", 1, "no widget"),
                                  ("seed", None, "not a button")):
            with pytest.raises(ProtocolError, match=words):
                await (tab.click(key) if value is None else tab.set(key, value))
        await tab.set("lr", "1.0")                    # a select_slider, by its shown label
        await tab.set("units", 3)                     # a slider
        await tab.set("iterations", 120)              # a number_input
        await tab.click("play")                       # starts a fragment with run_every=0.2
        seen["timers while playing"] = len(tab._timers)
        await tab.wait_until(lambda: shown_iteration(tab) >= 120, 60, "the play")
        await tab.wait_until(lambda: not tab._timers, 30, "the timer to stop")
        seen["played"] = TINY.result(tab)
        seen["ticks"] = tab.timer_ticks
        return seen


def test_the_driver_sets_widgets_presses_buttons_and_fires_fragment_timers(url):
    seen = asyncio.run(asyncio.wait_for(session(url), 120))
    assert seen["keys"] == ["seed", "lr", "units", "iterations", "train", "play", "long"]
    assert seen["first"]["iteration"] == 0
    assert seen["timers while playing"] == 1
    want = TINY.expected({"seed": 1, "lr": "1.0", "units": 3, "iterations": 120})
    assert TINY.check(seen["played"], want) is None   # 50 + 50 + 20 iterations, tick by tick
    # The click's run trains the first 50 (the fragment runs inside it), then a fragment run
    # trains at most 50 and only the timer asks for one: the other 70 took at least 2 ticks.
    # (Not a count of finished runs: a busy server merges ticks that queue up.)
    assert seen["ticks"] >= 2
