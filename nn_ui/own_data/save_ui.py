"""The page piece that keeps the learner's photos on the server, only when they press save
(``own_save``): the set's .zip (``classroom.photo_store``, one set a student) and the run on it
(with their saved runs, under the same limits). ``own_restore`` brings the saved set back into
the session, ``own_delete_saved`` deletes it."""
from __future__ import annotations

import streamlit as st

from classroom import photo_store
from classroom.store import StoreError
from nn_ui.own_data.model import OwnData
from nn_ui.own_data.photos_ui import remember, show_report
from nn_ui.live.state import live_state
from nn_ui.runs.saved_ui import persist, save_run
from nn_ui.runs.student_db_ui import MAX_AGE_DAYS, call_in, client_address, fault


def _with_table(fn):
    """``fn(engine, ...)`` with the photo set table made first (the database may predate it)."""
    def run(engine, *args, **kwargs):
        photo_store.create_table(engine)
        return fn(engine, *args, **kwargs)
    return run


def _save(own: OwnData, run) -> None:
    state = st.session_state
    student = state.get("student")
    try:
        done = call_in(state, _with_table(photo_store.save_set), student, own.names,
                       own.photos.total, own.zip(), address=client_address())
    except StoreError as err:
        state["own_saved_said"] = ("error", err.message)
        return
    if done is None and state.get("saved_fault"):
        state["own_saved_said"] = ("error", fault())
        return
    if run is not None:
        save_run(state, run)                    # numbered and kept for the Cost curves page
        record = live_state(state).runs.get(run.id)
        if record is None:                      # not trained yet: nothing to save of it
            run = None
        else:
            persist(state, run, record, private_too=True)
    state["own_saved_said"] = ("success", f"Saved: {own.photos.total} photos"
                               + (" and the run on them" if run is not None else "")
                               + f". They are deleted {MAX_AGE_DAYS:g} days after the last save.")


def _restore(own: OwnData) -> None:
    state = st.session_state
    kept = call_in(state, _with_table(photo_store.load_set), state.get("student"))
    if kept is None:
        state["own_saved_said"] = ("error", fault()) if state.get("saved_fault") else \
            ("info", "No photos are saved for this browser.")
        return
    remember("saved", own.load_zip(kept.data))
    for c in (0, 1):
        state[f"own_name_{c}"] = own.names[c]


def _delete() -> None:
    state = st.session_state
    n = call_in(state, _with_table(photo_store.delete_set), state.get("student"))
    state["own_saved_said"] = ("info", "Your saved photos were deleted." if n else
                               "No photos were saved for this browser.")


def save_controls(own: OwnData, run) -> None:
    """Save (the set, and ``run`` when it trains on it), bring back, delete."""
    if st.session_state.get("student") is None:
        st.caption("Saving on the server needs this browser's id, which has not arrived yet: "
                   "reload the page to save.")
        return
    st.caption("Nothing is stored on the server unless you press save: then your photos (as "
               "in the .zip) and the run on them go with your saved runs, for this browser.")
    cols = st.columns(3)
    cols[0].button("Save my photos on the server", key="own_save", icon=":material/cloud_upload:",
                   on_click=_save, args=(own, run), disabled=own.photos.total == 0)
    cols[1].button("Bring back my saved photos", key="own_restore",
                   icon=":material/cloud_download:", on_click=_restore, args=(own,))
    cols[2].button("Delete my saved photos", key="own_delete_saved", icon=":material/delete:",
                   on_click=_delete)
    said = st.session_state.pop("own_saved_said", None)
    if said:
        getattr(st, said[0])(said[1])
    show_report("saved")
