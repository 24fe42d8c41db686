"""Saved runs brought back: once a session, the student's saved runs come back (the Cost curves
page's list, and the live run where it was: paused, Done or diverged), with a sentence saying
so that the student can dismiss (``restore``, ``show_notices``). Saving them: ``saved_ui``.
"""
from __future__ import annotations

import logging
import time

import numpy as np
import streamlit as st

from classroom import store
from classroom.store import SavedRun
from nn_ui.common.names import DATASETS, LEARNING_RATES, hidden_units_text
from nn_ui.data_sets.loaders_ui import inputs_for
from nn_ui.live.run import LiveRun, stretches_label
from nn_ui.live.settings import Settings
from nn_ui.live.state import live_state
from nn_ui.runs.records import RunRecord
from nn_ui.runs.student_db_ui import call_in, fault, times

_LOG = logging.getLogger(__name__)

#: How long the sentence saying what came back stays at the top of the pages.
NOTICE_SECONDS = 120.0

# ----- bringing runs back ---------------------------------------------------------------------------
def restore(state) -> None:
    """Once a session, as soon as the student is known: their saved runs into the session
    (``LiveState.runs``), the live one rebuilt, paused where it was; a sentence in
    ``state["saved_notice"]`` says what happened."""
    student = state.get("student")
    if student is None or state.get("restored_for") == student:
        return
    saved = call_in(state, store.load_runs, student)
    if saved is None:
        return                                          # a fault: tried again at a later run
    state["restored_for"] = student
    if not saved:
        return
    uids = state.setdefault("saved_uids", {})
    have = set(uids.values())
    session = live_state(state)
    runs = session.runs
    live_saved, brought = None, 0
    for s in saved:
        if s.uid in have:
            continue
        rid = session.next_run_id()
        uids[rid] = s.uid
        runs[rid] = record_from_saved(rid, s)
        state.setdefault("saved_marks", {})[s.uid] = None
        brought += 1
        if s.live:
            live_saved = (rid, s)
    words = [f"{brought} saved run{'s' if brought != 1 else ''} brought back"]
    current = session.run
    untouched = current is None or (current.trainer.iteration == 0
                                    and not current.trainer.diverged)
    if live_saved is not None and untouched:        # not a run this tab began meanwhile
        rid, s = live_saved
        try:
            live = run_from_saved(state, rid, s)
        except Exception:                               # data gone, settings no longer valid
            _LOG.warning("the saved live run %s could not be rebuilt", s.uid, exc_info=True)
            live = None
        if live is not None:
            session.run = live
            set_widgets_for(state, live, s)
            words.append(live_words(s))
        else:
            words.append("the live run's data is not on this server, so it cannot go on "
                         "(its curve is on the Cost curves page)")
    if brought:
        state["saved_notice"] = ("This is a new session (the page was reloaded, or the server "
                                 "restarted or changed): " + "; ".join(words) + ".")


def show_notices() -> None:
    """The sentences about saving, at the top of the page: what came back, what failed."""
    state = st.session_state
    note = state.get("saved_notice")
    if note:
        shown = times(state).setdefault("notice", time.time())
        if time.time() - shown < NOTICE_SECONDS:
            st.info(note, icon=":material/restore:")
            st.button("Dismiss", key="saved_notice_dismiss", icon=":material/close:",
                      type="tertiary", on_click=dismiss_notice)
        else:
            state.pop("saved_notice", None)
            times(state).pop("notice", None)
    said = fault()
    if said:
        st.warning(said, icon=":material/cloud_off:")


def live_words(s: SavedRun) -> str:
    """What is true of the live run brought back: diverged, Done, or paused part way."""
    if s.diverged:
        return (f"the live run is back as it ended, diverged at iteration {s.iterations + 1:,}: "
                "choose a smaller α and press Reset")
    if s.finished or (s.target and s.iterations >= s.target):
        return (f"the live run is back, Done at iteration {s.iterations:,}: raise Iterations "
                "to train on, or press Reset for a new one")
    return f"the live run is paused at iteration {s.iterations:,}: press Play to go on"


def dismiss_notice() -> None:
    """The notice of what came back, closed by the student."""
    st.session_state.pop("saved_notice", None)
    times(st.session_state).pop("notice", None)


# ----- a saved run as the session keeps it ---------------------------------------------------------
def _settings_of(s: SavedRun):
    d = s.settings
    return Settings(str(d["dataset"]), tuple(int(n) for n in d["hidden"]),
                    str(d["activation"]), str(d["init"]), int(d["seed"]),
                    str(d.get("scaling", "scale")), **Settings.saved_toy_options(d))


def record_from_saved(rid: int, s: SavedRun):
    """The Cost curves page's record (``RunRecord``) of a saved run, numbered ``rid``."""
    arrays = [np.array(a, dtype=float) for a in (s.costs, s.test_iterations, s.test_costs)]
    for a in arrays:
        a.setflags(write=False)
    costs, ti, tc = arrays
    return RunRecord(rid, s.label, _settings_of(s), tuple(s.settings.get("layer_dims", ())),
                     stretches_label(s.alphas), s.iterations, costs, ti, tc, s.train_accuracy,
                     s.test_accuracy, s.status, s.diverged)


def run_from_saved(state, rid: int, s: SavedRun):
    """The live run rebuilt from its saved parameters, at the iteration it was saved at (the
    data must be on this server), or None when its data is not here."""
    settings = _settings_of(s)
    settings.check()
    inputs = inputs_for(settings.dataset, settings.scaling, **settings.toy_options()) \
        if settings.dataset in DATASETS else None   # the learner's own: in its session only
    if inputs is None:
        return None
    return LiveRun.brought_back(settings, inputs, s.parameters, s.iterations, s.costs,
                                s.train_accuracies, s.alphas,
                                zip(s.test_iterations, s.test_costs), s.diverged, s.status,
                                id=rid)


def set_widgets_for(state, run, s: SavedRun) -> None:
    """The live page's controls set to the restored run's settings (else the page would see
    other settings and start a new network)."""
    st_ = run.settings
    state["dataset"], state["hidden"] = st_.dataset, hidden_units_text(st_.hidden)
    state["activation"], state["init"], state["seed"] = st_.activation, st_.init, st_.seed
    state["scaling"] = st_.scaling
    state.update(st_.playground_widgets())         # a 2-D set's noise, split, batch, λ, features
    lr = run.lr_history[-1][1] if run.lr_history else None
    if lr in LEARNING_RATES:
        live_state(state).lr = lr
    if isinstance(s.target, int) and s.target > 0:
        state["iterations"] = s.target
