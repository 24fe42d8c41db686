"""Saved runs: saving them for the student's browser (the student and the database:
``nn_ui.runs.student_db_ui``; bringing them back: ``nn_ui.runs.restore_ui``).

* ``save_run(state, run)``: a run kept in the session (``LiveState.runs``, for the Cost curves
  page) when the student pauses, steps, resets, changes a setting or finishes, and saved
  (``persist``); a finished run of a student who joined a class is posted to its board.
* A database that cannot be reached, is full or answers with an error: one sentence
  (``student_db.fault()``), the app goes on without saving and tries again a minute later;
  the runs it did not take are kept and saved with the next run it takes.
"""
from __future__ import annotations

from dataclasses import asdict, replace
from uuid import uuid4

import numpy as np
import streamlit as st

from classroom import classes, quota, store
from classroom.store import SavedRun
from nn_ui.live.run import LiveRun
from nn_ui.live.state import live_state
from nn_ui.runs.records import MAX_RUNS, RunRecord, record_of
from nn_ui.runs.student_db_ui import MAX_AGE_DAYS, call_in, client_address, times


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
    if not _save_pending(state, student):
        _keep_pending(state, saved, finished)
        return
    if call_in(state, quota.save_run, student, saved, client_address()) is None \
            and state.get("saved_fault"):
        _keep_pending(state, saved, finished)
        return
    seen[uid] = mark
    if finished:
        call_in(state, classes.post_run, student, saved)


def _keep_pending(state, saved: SavedRun, finished: bool) -> None:
    """A run the database did not take (a fault, or the minute after one): kept to be saved
    with the next run that is (a run left by Reset is not saved again otherwise, and would be
    missing after a reload). Not live: the live run's own next save says which is."""
    state.setdefault("saved_pending", {})[saved.uid] = (replace(saved, live=False), finished)


def _save_pending(state, student: str) -> bool:
    """Save the runs kept pending, oldest first; False when the database still fails."""
    pending = state.get("saved_pending") or {}
    for uid, (saved, finished) in list(pending.items()):
        if call_in(state, quota.save_run, student, saved, client_address()) is None \
                and state.get("saved_fault"):
            return False
        pending.pop(uid)
        state.setdefault("saved_marks", {})[uid] = None       # saved, as brought back
        if finished:
            call_in(state, classes.post_run, student, saved)
    return True


def delete_all(state) -> int | None:
    """Delete this student's saved runs (and their board posts) and the session's runs."""
    student = state.get("student")
    n = call_in(state, store.delete_runs, student) if student else 0
    live_state(state).forget_runs()
    for key in ("saved_uids", "saved_marks", "saved_pending"):
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
