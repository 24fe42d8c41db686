"""Saved runs: saving them for the student's browser and bringing them back (the student and
the database: ``nn_ui.student_db``).

* ``restore(state)``: once a session, the student's saved runs come back (the Cost curves
  page's list, and the live run, paused where it was), with a sentence saying so.
* ``persist(state, run, record)``: called by ``nn_ui.runs.save_run`` as runs are kept; a finished
  run of a student who joined a class is posted to its board.
* A database that cannot be reached, is full or answers with an error: one sentence
  (``student_db.fault()``), the app goes on without saving and tries again a minute later.
"""
from __future__ import annotations

import logging
import time
from dataclasses import asdict, replace
from uuid import uuid4

import numpy as np
import streamlit as st

from classroom import store
from classroom.store import SavedRun
from nn_ui.student_db import MAX_AGE_DAYS, call_in, fault, times

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


def persist(state, run, record, finished: bool = False) -> None:
    """Save ``run`` (its ``record`` as the session keeps it) for this browser's student, if it
    changed since it was last saved; post it to the class board when ``finished``."""
    student = state.get("student")
    if student is None:
        return
    uids = state.setdefault("saved_uids", {})
    uid = uids.setdefault(run.id, uuid4().hex)
    live = run is state.get("live")
    mark = (run.trainer.iteration, run.trainer.status, record.alpha, live, finished)
    seen = state.setdefault("saved_marks", {})
    if seen.get(uid) == mark:
        return
    saved = _saved_run(run, record, live, finished, uid)
    if not _save_pending(state, student):
        _keep_pending(state, saved, finished)
        return
    if call_in(state, store.save_run, student, saved) is None and state.get("saved_fault"):
        _keep_pending(state, saved, finished)
        return
    seen[uid] = mark
    if finished:
        call_in(state, store.post_run, student, saved)


def _keep_pending(state, saved: SavedRun, finished: bool) -> None:
    """A run the database did not take (a fault, or the minute after one): kept to be saved
    with the next run that is (a run left by Reset is not saved again otherwise, and would be
    missing after a reload). Not live: the live run's own next save says which is."""
    state.setdefault("saved_pending", {})[saved.uid] = (replace(saved, live=False), finished)


def _save_pending(state, student: str) -> bool:
    """Save the runs kept pending, oldest first; False when the database still fails."""
    pending = state.get("saved_pending") or {}
    for uid, (saved, finished) in list(pending.items()):
        if call_in(state, store.save_run, student, saved) is None and state.get("saved_fault"):
            return False
        pending.pop(uid)
        state.setdefault("saved_marks", {})[uid] = None       # saved, as brought back
        if finished:
            call_in(state, store.post_run, student, saved)
    return True


def delete_all(state) -> int | None:
    """Delete this student's saved runs (and their board posts) and the session's runs."""
    student = state.get("student")
    n = call_in(state, store.delete_runs, student) if student else 0
    for key in ("runs", "saved_uids", "saved_marks", "saved_pending", "live", "run_count"):
        state.pop(key, None)
    state["playing"] = False
    return n


# ----- bringing runs back ---------------------------------------------------------------------------
def restore(state) -> None:
    """Once a session, as soon as the student is known: their saved runs into the session
    (``state["runs"]``), the live one rebuilt, paused where it was; a sentence in
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
    runs = state.setdefault("runs", {})
    live_saved, brought = None, 0
    for s in saved:
        if s.uid in have:
            continue
        state["run_count"] = rid = state.get("run_count", 0) + 1
        uids[rid] = s.uid
        runs[rid] = record_from_saved(rid, s)
        state.setdefault("saved_marks", {})[s.uid] = None
        brought += 1
        if s.live:
            live_saved = (rid, s)
    words = [f"{brought} saved run{'s' if brought != 1 else ''} brought back"]
    current = state.get("live")
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
            state["live"] = live
            state["playing"] = False
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
    from nn_ui.settings import Settings
    d = s.settings
    return Settings(str(d["dataset"]), tuple(int(n) for n in d["hidden"]),
                    str(d["activation"]), str(d["init"]), int(d["seed"]),
                    str(d.get("scaling", "scale")))


def _alpha_text(s: SavedRun) -> str:
    from nn_ui.names import alpha_label
    return " → ".join(f"α {alpha_label(a)}" for _, a in s.alphas)


def record_from_saved(rid: int, s: SavedRun):
    """The Cost curves page's record (``RunRecord``) of a saved run, numbered ``rid``."""
    from nn_ui.runs import RunRecord
    arrays = [np.array(a, dtype=float) for a in (s.costs, s.test_iterations, s.test_costs)]
    for a in arrays:
        a.setflags(write=False)
    costs, ti, tc = arrays
    return RunRecord(rid, s.label, _settings_of(s), tuple(s.settings.get("layer_dims", ())),
                     _alpha_text(s), s.iterations, costs, ti, tc, s.train_accuracy,
                     s.test_accuracy, s.status, s.diverged)


def run_from_saved(state, rid: int, s: SavedRun):
    """The live run rebuilt from its saved parameters, at the iteration it was saved at (the
    data must be on this server), or None when its data is not here."""
    from nn_core import Trainer
    from nn_ui.data import inputs_for
    from nn_ui.live_run import LiveRun
    settings = _settings_of(s)
    settings.check()
    inputs = inputs_for(settings.dataset, settings.scaling)
    if inputs is None:
        return None
    lr = float(s.alphas[-1][1]) if s.alphas else 0.01
    t = Trainer(inputs.X, inputs.Y, None, settings.activation, learning_rate=lr,
                init=settings.init, seed=settings.seed, X_test=inputs.X_test,
                Y_test=inputs.Y_test, parameters=s.parameters, gram=inputs.gram)
    if s.iterations and not s.diverged:
        t.restore(s.iterations, t.state, s.costs[:s.iterations],
                  s.train_accuracies[:s.iterations])
    elif s.diverged:
        t.iteration, t.costs = s.iterations, [float(c) for c in s.costs]
        t.train_accuracies = [float(a) for a in s.train_accuracies]
        t.diverged, t.status = True, s.status
    run = LiveRun(settings, t, inputs, id=rid,
                  test_costs=[(int(i), float(c)) for i, c in zip(s.test_iterations, s.test_costs)],
                  lr_history=[(int(i), float(a)) for i, a in s.alphas])
    return run


def set_widgets_for(state, run, s: SavedRun) -> None:
    """The live page's controls set to the restored run's settings (else the page would see
    other settings and start a new network)."""
    from nn_ui.names import LEARNING_RATES, hidden_units_text
    st_ = run.settings
    state["dataset"], state["hidden"] = st_.dataset, hidden_units_text(st_.hidden)
    state["activation"], state["init"], state["seed"] = st_.activation, st_.init, st_.seed
    state["scaling"] = st_.scaling
    lr = run.lr_history[-1][1] if run.lr_history else None
    if lr in LEARNING_RATES:
        state["lr"] = lr
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
