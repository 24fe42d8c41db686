"""Thin Streamlit helpers (the rest of classroom is pure): two for ``classroom.train_click``, and
``stop_if_dropped`` for the entry point.

Each returns a callback that makes a Streamlit call. That call is the point: when the student's
tab has closed, Streamlit raises its stop there, so the training stops within one slice.

    bar = st.progress(0.0, text="Training")
    note = st.empty()
    outcome = train_click(trainer, iterations, on_slice=progress_callback(bar),
                          wait=10, on_wait=busy_callback(note))
"""
from __future__ import annotations

from classroom.flood import FLOOD, FloodRegistry
from classroom.slots import SLOTS, ComputeSlots


def progress_callback(bar, text: str = "Training: {done} of {allowed} iterations"):
    """``on_slice`` for ``train_click``: moves an ``st.progress`` bar after every slice."""
    def on_slice(trainer, done: int, allowed: int) -> None:
        bar.progress(min(done / max(allowed, 1), 1.0), text=text.format(done=done, allowed=allowed))
    return on_slice


def busy_callback(placeholder, slots: ComputeSlots = SLOTS):
    """``on_wait`` for ``train_click``: writes "busy, retrying" in an ``st.empty()``."""
    def on_wait(waited: float, position: int) -> None:
        s = slots.stats()
        placeholder.info(f"Busy: {s['in_use']} of {s['capacity']} trainings are running on "
                         f"this server; you are number {position} in line, retrying "
                         f"({waited:.0f} s)")
    return on_wait


def tab_key() -> str | None:
    """This tab, for the compute slots' fair shares: the websocket the guard named
    (``X-Classroom-Connection``; a Reset keeps it), or None without the guard. Kept in the
    session, so that a request handled after its websocket closed (Streamlit then has no
    headers for it) still names its tab, which ``FloodRegistry.is_gone`` knows is gone."""
    import streamlit as st
    try:
        key = st.context.headers.get("X-Classroom-Connection")
        if key:
            st.session_state[_TAB] = key
            return key
        return st.session_state.get(_TAB)
    except Exception:                                  # no script run: no tab
        return None


_TAB = "_classroom_tab"


def stop_if_dropped(registry: FloodRegistry = FLOOD) -> None:
    """Show the flood message and stop, when ``classroom.flood_asgi`` dropped this tab's
    connection (it names the connection in the header ``X-Classroom-Connection``). Costs a
    header lookup: app.py calls it first thing in every run."""
    import streamlit as st
    if registry.is_dropped(st.context.headers.get("X-Classroom-Connection")):
        st.error(registry.rules.message, icon=":material/block:")
        st.stop()
