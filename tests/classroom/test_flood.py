"""The rerun budget (classroom.flood) and its guard on Streamlit's websocket (classroom.flood_asgi,
served by asgi.py): a small flood over real websockets is slowed, then dropped with a message,
while a normal student's page keeps answering."""
import asyncio
import inspect
import time

import pytest

from classroom.flood import DROP, DROPPED, HOLD, RUN, FloodRegistry, FloodRules, RerunBudget
from loadtest.flood import flood, health
from loadtest.protocol import Tab
from loadtest.server import ROOT, AppServer


def test_a_person_runs_every_time():
    budget = RerunBudget()
    # a click every 0.4 s for a minute: 2.5 a second, 25 in 10 s
    assert {budget.ask(now=0.4 * i) for i in range(150)} == {RUN}


def test_over_the_budget_is_held_then_released_then_dropped():
    rules = FloodRules(per_second=10, per_window=30, window=10, drop_after=30)
    budget = RerunBudget(rules)
    verdicts = [budget.ask(now=0.01 * i) for i in range(12)]     # 12 in 0.12 s
    assert verdicts == [RUN] * 10 + [HOLD] * 2
    assert budget.wait(now=0.12) == pytest.approx(1.0 - 0.12)   # the first one leaves at 1.0 s
    assert not budget.release(now=0.5)
    assert budget.release(now=1.0)
    # 30 more over the budget within the window: dropped at the 31st over
    verdicts = [budget.ask(now=1.0 + 0.001 * i) for i in range(40)]
    assert verdicts.count(DROP) == 1 and verdicts[-1] == DROPPED
    assert budget.dropped_at is not None and not budget.release(now=30)
    assert budget.should_close(now=budget.dropped_at + rules.close_after)


def test_the_window_limits_a_steady_stream_below_the_per_second_rate():
    budget = RerunBudget(FloodRules(per_second=10, per_window=30, window=10, drop_after=1000))
    verdicts = [budget.ask(now=0.2 * i) for i in range(50)]      # 5 a second for 10 s
    assert verdicts.count(RUN) == 30
    assert budget.wait(now=9.9) == pytest.approx(10.0 - 9.9)


def test_fragment_timer_ticks_count_only_against_the_per_second_rate():
    budget = RerunBudget()
    # a live view at 4 frames a second for a minute
    assert {budget.ask(now=0.25 * i, timer_tick=True) for i in range(240)} == {RUN}


def test_a_dropped_address_cools_down():
    registry = FloodRegistry(FloodRules(cooldown=30))
    registry.drop("c1", "10.0.0.9", now=100.0)
    assert registry.is_dropped("c1") and not registry.is_dropped("c2")
    assert registry.refuses("10.0.0.9", now=110.0) and not registry.refuses("10.0.0.8", now=110)
    assert not registry.refuses("10.0.0.9", now=130.0)
    registry.forget("c1")
    assert not registry.is_dropped("c1")


def test_what_the_guard_relies_on_in_streamlit_is_still_there():
    """Fails when Streamlit changes underneath classroom.flood_asgi."""
    import streamlit as st
    from classroom.st_proto import BackMsg, ClientState
    assert {"rerun_script", "clear_cache"} <= set(BackMsg.DESCRIPTOR.fields_by_name)
    assert {"fragment_id", "is_auto_rerun"} <= set(ClientState.DESCRIPTOR.fields_by_name)
    assert "middleware" in inspect.signature(st.App).parameters
    assert hasattr(st.context, "headers")


def test_client_address_believes_forwarded_for_only_from_a_trusted_proxy():
    from classroom.client_address import client_address
    scope = {"client": ("127.0.0.1", 5000), "headers": [(b"x-forwarded-for", b"1.2.3.4, 10.0.0.7")]}
    assert client_address(scope) == "10.0.0.7"
    assert client_address({**scope, "client": ("192.168.1.5", 5000)}) == "192.168.1.5"
    bad = {**scope, "headers": [(b"x-forwarded-for", b"not an address")]}
    assert client_address(bad) == "127.0.0.1"


@pytest.fixture(scope="module")
def url():
    with AppServer(ROOT / "asgi.py") as server:
        yield server.url


async def _small_flood(url):
    async with Tab(url, page="activations") as person:
        await person.set("act_alpha", 0.1)
        # a scripted tab, 50 reruns a second until it is dropped (a busy machine sends fewer:
        # then it is only slowed for longer), at most 30 s; the health check all along
        probe = asyncio.create_task(health(url, time.perf_counter() + 6, every=0.5))
        flooder = await flood(url, "10.0.0.50", rate=50, seconds=30, await_message=60,
                              stop_on_message=True)
        # the same address may not come back during its cool-down
        refused = await flood(url, "10.0.0.50", rate=5, seconds=1.5)
        # the person's tab still works, and sees no message
        await person.set("act_alpha", 0.2)
        shown = person.texts()
        checks = await probe
        return flooder, refused, shown, checks


def test_a_small_flood_is_dropped_with_a_message_and_the_others_keep_working(url):
    flooder, refused, shown, checks = asyncio.run(asyncio.wait_for(_small_flood(url), 180))
    # dropped at the earliest at its 31st request over the budget: the page's first run (on
    # opening) and 9 sent run, 31 more sent; a slower drop (a held one released) sends more
    rules = FloodRules()
    assert flooder.connections == 1 and flooder.sent >= rules.per_second + rules.drop_after
    assert flooder.saw_message                       # the page said why
    assert refused.connections == 0 and refused.refused >= 1
    assert not any("more than a person" in t for t in shown)
    assert any("Leaky ReLU" in t for t in shown)
    assert checks and all(latency < 10 for _, latency in checks)   # answered, no timeout


async def _odd_widget_values(url):
    import math
    from classroom.st_proto import WidgetState
    seen = []
    for page, key, state in [
        ("live_training", "seed", dict(double_value=math.nan)),
        ("live_training", "seed", dict(double_value=math.inf)),
        ("live_training", "seed", dict(double_value=1e300)),
        ("live_training", "hidden", dict(double_value=5.0)),
        ("live_training", "hidden", dict(string_value="8" * 1_000_000)),
        ("activations", "act_alpha", dict(double_array_value={"data": [math.nan]})),
        ("activations", "act_z", dict(double_array_value={"data": [-math.inf, math.inf]}))]:
        async with Tab(url, page=page) as tab:
            widget_id = tab.widget(key).inner.id
            tab.widget_values[widget_id] = WidgetState(id=widget_id, **state)
            await tab.rerun(timeout=60)        # ProtocolError if the page raised
            seen.append((key, " ".join(tab.texts())))
    return seen


def test_odd_widget_values_from_a_scripted_client_break_no_page(url):
    seen = asyncio.run(asyncio.wait_for(_odd_widget_values(url), 300))
    assert len(seen) == 7
    hidden_number = seen[3][1]
    assert "the value of `hidden` is a number where a text belongs" in hidden_number
    assert all(len(text) < 200_000 for _, text in seen)      # the 1 MB text is not echoed


def test_clean_widget_states_removes_only_what_no_widget_takes():
    import math
    from classroom.st_proto import BackMsg
    from classroom.widget_values import clean_widget_states
    msg = BackMsg()
    widgets = msg.rerun_script.widget_states.widgets
    for i, kw in enumerate([dict(double_value=0.5), dict(double_value=math.nan),
                            dict(double_value=-1e16), dict(string_value="8, 4"),
                            dict(string_value="x" * 1001), dict(int_value=3),
                            dict(double_array_value={"data": [1.0, math.inf]}),
                            dict(double_array_value={"data": [-6.0, 6.0]})]):
        widgets.add(id=f"w{i}", **kw)
    assert clean_widget_states(msg) == 4
    assert [w.id for w in widgets] == ["w0", "w3", "w5", "w7"]


def _frame(value: float, fragment: str = "", tick: bool = False) -> dict:
    """A rerun request as a browser sends it: one slider's value, a full run or a fragment's."""
    from classroom.st_proto import BackMsg
    msg = BackMsg()
    msg.rerun_script.fragment_id = fragment
    msg.rerun_script.is_auto_rerun = tick
    state = msg.rerun_script.widget_states.widgets.add()
    state.id, state.double_array_value.data[:] = "lr", [value]
    return {"type": "websocket.receive", "bytes": msg.SerializeToString()}


def test_a_held_change_of_a_widget_is_not_lost_to_a_fragment_timer():
    """A slider pushed by holding a key asks for more reruns a second than the budget: the last
    value is held, and a live view's timer tick (a fragment's rerun, with every widget's newer
    value) that comes after it is run, or held, as a full rerun: the page runs with the newest
    values, never an older held one after a newer one."""
    from classroom.flood_asgi import _Connection
    from classroom.st_proto import BackMsg

    async def scenario():
        conn = _Connection(None, None, FloodRegistry(FloodRules(per_second=3)), "c", None)
        forwarded = [await conn._judge(_frame(v)) for v in (1, 2, 3, 4)]
        assert forwarded[3] is None                              # over 3 a second: held
        await conn._judge(_frame(0, fragment="live", tick=True))   # over too: merged in the held
        assert conn._held is not None and conn._held[2]          # still a full run
        held = BackMsg.FromString(conn._held[0]["bytes"]).rerun_script
        assert held.fragment_id == "" and not held.is_auto_rerun
        conn.budget._recent.clear()                              # a second later: room again
        ran = await conn._judge(_frame(5, fragment="live", tick=True))
        assert conn._held is None                                # it ran, as the full run
        rerun = BackMsg.FromString(ran["bytes"]).rerun_script
        assert rerun.fragment_id == "" and rerun.widget_states.widgets[0].double_array_value.data == [5]
        conn.stop()

    asyncio.run(scenario())


def test_a_closed_connection_is_gone_and_one_never_named_is_not():
    from classroom.flood import FloodRegistry
    registry = FloodRegistry()
    assert not registry.is_gone("c1") and not registry.is_gone(None)
    registry.forget("c1")                                # its websocket closed
    assert registry.is_gone("c1") and not registry.is_gone("c2")
