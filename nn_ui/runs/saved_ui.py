"""Saved runs: saving them for the student's browser and bringing them back (the student and
the database: ``nn_ui.runs.student_db_ui``).

* ``restore(state)``: once a session, the student's saved runs come back (the Cost curves
  page's list, and the live run, paused where it was), with a sentence saying so.
* ``save_run(state, run)``: a run kept in the session (``LiveState.runs``, for the Cost curves
  page) when the student pauses, steps, resets, changes a setting or finishes, and saved
  (``persist``); a finished run of a student who joined a class is posted to its board.
* A database that cannot be reached, is full or answers with an error: one sentence
  (``student_db.fault()``), the app goes on without saving and tries again a minute later.
"""
from __future__ import annotations

import logging
import time
from dataclasses import asdict
from uuid import uuid4

import numpy as np
import streamlit as st

from classroom import quota, store
from classroom.store import SavedRun
from nn_ui.common.names import DATASETS, LEARNING_RATES, hidden_units_text
from nn_ui.data_sets.loaders_ui import inputs_for
from nn_ui.live.run import LiveRun, stretches_label
from nn_ui.live.settings import Settings
from nn_ui.live.state import live_state
from nn_ui.runs.records import MAX_RUNS, RunRecord, record_of
from nn_ui.runs.student_db_ui import MAX_AGE_DAYS, call_in, client_address, fault, times

_LOG = logging.getLogger(__name__)

#: How long the sentence saying what came back stays at the top of the pages.
NOTICE_SECONDS = 120.0


# ----- saving ------------------------------------------------------------------------------------
def _saved_run(run, record, live: bool, finished: bool, uid: str) -> SavedRun:
    t = run.trainer
    settings = {**asdict(run.settings), "layer_dims": list(t.layer_dims)}
    settings["hidden"] = list(settings["hidden"])
    used = [(int(i), float(a)) for i, a in run.lr_history if i < max(t.iteration, 1)]
    return SavedRun(
        uid=uid, label=record.label, settings=settings, alphas=used or
        [(0, float(t.learning_rate))], iterations=int(t.iteration), status=t.status,
        diverged=bool(t.diverged), costs=np.asarray(t.costs, float),
        train_accuracies=np.asarray(t.train_accuracies, float),
        test_iterations=np.asarray(record.test_iterations, float),
        test_costs=np.asarray(record.test_costs, float), parameters=t.parameters,
        train_accuracy=record.train_accuracy, test_accuracy=record.test_accuracy, live=live,
        finished=finished, target=st.session_state.get("iterations"),
        created=getattr(run, "created", 0.0))


def persist(state, run, record, finished: bool = False, private_too: bool = False) -> None:
    """Save ``run`` (its ``record`` as the session keeps it) for this browser's student, if it
    changed since last saved (one on own data, ``inputs.private``, only on save: ``private_too``);
    post it to the class board when ``finished``."""
    student = state.get("student")
    if student is None or (run.inputs.private and not private_too):
        return
    uids = state.setdefault("saved_uids", {})
    uid = uids.setdefault(run.id, uuid4().hex)
    live = run is live_state(state).run
    mark = (run.trainer.iteration, run.trainer.status, record.alpha, live, finished)
    seen = state.setdefault("saved_marks", {})
    if seen.get(uid) == mark:
        return
    saved = _saved_run(run, record, live, finished, uid)
    if call_in(state, quota.save_run, student, saved, client_address()) is None \
            and state.get("saved_fault"):
        return
    seen[uid] = mark
    if finished:
        call_in(state, store.post_run, student, saved)


def delete_all(state) -> int | None:
    """Delete this student's saved runs (and their board posts) and the session's runs."""
    student = state.get("student")
    n = call_in(state, store.delete_runs, student) if student else 0
    live_state(state).forget_runs()
    for key in ("saved_uids", "saved_marks"):
        state.pop(key, None)
    return n


# ----- the session's runs ------------------------------------------------------------------------
def save_run(state, run: LiveRun | None = None, finished: bool = False) -> None:
    """Keep ``run`` (default: the live one) in ``LiveState.runs`` if it trained at all, or
    diverged on its first step (a too-large α belongs on the cost-curve page too), and save
    it for this browser's student (``persist``; ``finished``: posted to the class board)."""
    session = live_state(state)
    run = run if run is not None else session.run
    if run is None or (run.trainer.iteration == 0 and not run.trainer.diverged):
        return
    if not run.id:                    # runs are numbered 1, 2, ... as they are kept
        run.id = session.next_run_id()
    runs = session.runs
    runs[run.id] = record = record_of(run)
    while len(runs) > MAX_RUNS:
        runs.pop(next(iter(runs)))
    persist(state, run, record, finished)


def all_runs(state) -> list[RunRecord]:
    """The session's runs, oldest first, the live one included (as it is now)."""
    save_run(state)
    return live_state(state).kept_runs()


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
            words.append(f"the live run is paused at iteration {s.iterations:,}: press Play "
                         "to go on")
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
        else:
            state.pop("saved_notice", None)
            times(state).pop("notice", None)
    said = fault()
    if said:
        st.warning(said, icon=":material/cloud_off:")


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


def delete_control() -> None:
    """"Delete my runs", with a confirmation: this browser's saved runs and the session's go,
    and their posts on a class board."""
    days = f"{MAX_AGE_DAYS:g}"
    with st.popover("Delete my runs", icon=":material/delete:", key="saved_delete_menu"):
        st.markdown(f"Your runs are saved on this server for this browser, and deleted "
                    f"{days} days after their last change. Delete them all now, here and on "
                    "any class board?")
        if st.button("Delete all my runs", key="saved_delete", type="primary",
                     icon=":material/delete_forever:"):
            n = delete_all(st.session_state)
            st.session_state["saved_notice"] = (
                "Your runs were deleted." if n is not None else
                "Your runs were deleted from this tab; the saved copies could not be reached "
                "(they are deleted after " + days + " days).")
            times(st.session_state).pop("notice", None)
            st.rerun()
