"""What a scripted tab sends on Streamlit's websocket that a browser would not (``classroom
.flood``, ``classroom.flood_asgi``): fragment reruns claiming to be a timer's ticks, and widget
or trigger values too large or too deep to parse."""
import asyncio
import json

import pytest

from classroom.flood import FragmentTimers
from loadtest.hostile import nested_json
from loadtest.protocol import Tab
from loadtest.server import ROOT, AppServer


def test_only_an_announced_timer_ticks_and_at_its_own_rate():
    timers = FragmentTimers()
    assert not timers.is_tick("board", True, now=0.0)          # never announced
    timers.start("board", 4.0)
    assert timers.is_tick("board", True, now=10.0)
    assert not timers.is_tick("board", False, now=20.0)        # not sent as a tick
    assert not timers.is_tick("board", True, now=11.0)         # faster than every 2 s
    assert timers.is_tick("board", True, now=14.0)
    timers.stop(["board"])
    assert not timers.is_tick("board", True, now=30.0)


@pytest.fixture(scope="module")
def url():
    with AppServer(ROOT / "asgi.py") as server:
        yield server.url


async def _fake_ticks(url, count=60, rate=9.0):
    async with Tab(url, page="live_training", headers={"X-Forwarded-For": "10.0.0.71"}) as tab:
        fragment = tab.widget("live_view").fragment_id
        assert fragment
        ran_before = tab.finished_runs
        for _ in range(count):
            await tab._send_rerun(fragment, auto=True)
            await asyncio.sleep(1.0 / rate)
        await asyncio.sleep(2.0)
        return tab.finished_runs - ran_before


def test_fragment_reruns_that_claim_to_be_ticks_count_as_requests(url):
    """The live view's fragment has no timer: 60 reruns flagged as ticks, 9 a second, are a
    person's requests: at most 30 in 10 s run (before, 56 of 60 ran)."""
    ran = asyncio.run(asyncio.wait_for(_fake_ticks(url), 120))
    print("fake ticks that ran:", ran, "of 60")
    assert ran <= 32


async def _values(url):
    from streamlit.components.v2.bidi_component.main import _make_trigger_id
    from classroom.st_proto import WidgetState
    seen = []
    async with Tab(url, page="live_training", headers={"X-Forwarded-For": "10.0.0.72"}) as tab:
        drawn = tab.widget("live_view")
        trigger = _make_trigger_id(drawn.inner.id, "events")
        for value in (nested_json(50_000),                         # RecursionError before
                      json.dumps([{"event": "x", "value": "a" * 1_500_000}]),   # 1.5 MB
                      json.dumps([{"event": "x", "value": nested_json(200)}])):
            state = WidgetState(id=trigger, json_trigger_value=value)
            await tab.rerun(timeout=60, fragment_id=drawn.fragment_id, extra=[state])
            seen.append(" ".join(tab.texts()))
        # a 4 MB frame is not even parsed; the tab's next request runs as usual
        state = WidgetState(id=trigger, json_trigger_value="a" * 4_000_000)
        await tab._send_rerun(drawn.fragment_id, extra=[state])
        # the component's own state, as JSON, also bounded
        tab.widget_values[drawn.inner.id] = WidgetState(id=drawn.inner.id,
                                                        json_value=nested_json(50_000))
        await tab.rerun(timeout=60)
        seen.append(" ".join(tab.texts()))
    return seen


def test_trigger_and_widget_values_too_large_or_too_deep_never_reach_streamlit(url):
    seen = asyncio.run(asyncio.wait_for(_values(url), 180))     # ProtocolError if a page raised
    assert len(seen) == 4
    print("lengths of the texts shown:", [len(t) for t in seen])
    assert all("Live training" in text for text in seen)
