"""The race on its page (Streamlit): the session's race under the page's prefix (``race_for``),
Run again, the browser's requests (``on_request``) and the view in a fragment (``view``), over
the component's channel (``view.component_ui.show``); the race itself is ``race.Race``."""
from __future__ import annotations

from collections.abc import Callable
from functools import partial

import streamlit as st

from nn_ui.common.names import SPEEDS, speed_label
from nn_ui.experiments.race import Look, Race, race_speed
from nn_ui.figures.style import RUN_COLORS
from nn_ui.view.component_ui import show
from nn_ui.view.requests import request_int


def race_for(prefix: str, key: tuple, make: Callable[[], Race]) -> Race:
    """The page's race for ``key`` in this session: the same one, or a new one."""
    state = st.session_state
    race = state.get(f"{prefix}_race")
    if race is None or race.key != key:
        race = state[f"{prefix}_race"] = make()
        state.pop(f"{prefix}_shown", None)
        state[f"{prefix}_chunk"] = race.chunk_from(0)
    return race


def restart(prefix: str) -> None:
    """Button callback: a new race with the same settings (drawn afresh, seed unchanged)."""
    st.session_state.pop(f"{prefix}_race", None)


def columns():
    """The race pages' two columns, as (buttons, settings, stage): Run again and the settings
    under it on the left, the race on the right, so that the race's first chart is in view on
    a projector without scrolling; on a phone they stack, the race last. ``buttons`` is a box
    at the top of the settings' column, for ``controls``."""
    settings, stage = st.columns([1, 3], gap="medium")
    return settings.container(), settings, stage


def controls(prefix: str, race: Race) -> None:
    """Run again (Play, Pause and the speed are in the race's view)."""
    st.button("Run again", key=f"{prefix}_again", icon=":material/restart_alt:", width="stretch",
              on_click=restart, args=(prefix,), help="New networks with the same settings, "
              "from iteration 0.")


def on_request(prefix: str, req: dict) -> None:
    """The browser's request ``req``, before the fragment reruns: the next chunk (``want``),
    or where it stopped (``reached``, with ``done`` at the race's end)."""
    state = st.session_state
    race = state.get(f"{prefix}_race")
    if race is None or req.get("run") != race.id:
        return                                          # about a race that is gone
    end = race.iterations_done()
    have = request_int(req.get("have"), 0, end, 0)
    reached = request_int(req.get("reached"), 0, end, 0)
    if req.get("done") is True and race.finished and reached >= end:
        state[f"{prefix}_shown"] = race.id
    if req.get("want") is True and have >= end:
        race.compute()
    state[f"{prefix}_chunk"] = race.chunk_from(have)


def control(prefix: str, race: Race, look: Look) -> dict:
    """The race view's control fields for this run of the page."""
    state = st.session_state
    speed = race_speed(race.target)
    return {"view": f"{prefix}_view", "mode": "race", "run": race.id, "target": race.target,
            "names": race.names, "colors": [RUN_COLORS[k % len(RUN_COLORS)]
                                            for k in range(race.K)],
            "speeds": [[v, speed_label(v)] for v in SPEEDS], "speed": speed,
            "cost_title": look.cost_title, "log": look.log, "stacked": look.stacked,
            "metric": {"label": look.metric_label, "format": look.metric_format,
                       "chart": look.metric_chart},
            "busy": race.busy, "shown": state.get(f"{prefix}_shown") == race.id}


def view(prefix: str, look: Look, draw_end: Callable[[Race], None]) -> None:
    """The page's race (a fragment): the browser's view of it, then ``draw_end(race)`` (the
    page's other figures, the race where it ended) once the browser has shown its end."""

    @st.fragment
    def race_view():
        state = st.session_state
        race = state[f"{prefix}_race"]
        show(f"{prefix}_view", control(prefix, race, look), state.pop(f"{prefix}_chunk", None),
             partial(on_request, prefix))
        if state.get(f"{prefix}_shown") == race.id:
            draw_end(race)
        else:
            st.caption("The rest of the results appear here when the race has finished.")

    race_view()
