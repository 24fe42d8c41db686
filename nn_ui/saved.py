"""Saved runs: the browser's token, the database connection, saving and bringing runs back.

* The student: a random token (256 bits) that the app's own component (``st.components.v2``)
  keeps in the browser's local storage and in a first-party cookie, and reports to the
  session. It is never put in a URL. ``classroom.store.student_id`` hashes it; a malformed
  token is no student (the component makes a new one), an unknown one is a new student.
* The database: ``st.connection("runs", type="sql")``. Configured in .streamlit/secrets.toml
  (``[connections.runs] url = "postgresql+psycopg://..."``, see secrets.toml.example) for
  several replicas; without it a SQLite file (``NN_RUNS_DB``, default
  ``~/.local/state/nn-learns/runs.sqlite``), set aside and started anew when damaged.
* ``restore(state)``: once a session, the student's saved runs come back (the Cost curves
  page's list, and the live run, paused where it was), with a sentence saying so.
* ``persist(state, run, record)``: called by ``nn_ui.runs.save_run`` as runs are kept; a finished
  run of a student who joined a class is posted to its board.
* A database that cannot be reached, is full or answers with an error: one sentence
  (``fault()``), the app goes on without saving and tries again a minute later.
"""
from __future__ import annotations

import os
import time
from dataclasses import asdict
from pathlib import Path
from uuid import uuid4

import numpy as np
import streamlit as st

from classroom import store
from classroom.store import SQLAlchemyError, SavedRun

CONNECTION = "runs"
COOKIE = "nn_learns_student"
#: After a database error, saving is off for this session for this long, then tried again.
RETRY_SECONDS = 60.0
#: Runs unchanged for this many days are deleted (RUNS_MAX_AGE_DAYS).
MAX_AGE_DAYS = float(os.environ.get("RUNS_MAX_AGE_DAYS", store.DEFAULT_MAX_AGE_DAYS))
PURGE_EVERY = 3600.0
#: How long the sentence saying what came back stays at the top of the pages.
NOTICE_SECONDS = 120.0

_TOKEN_JS = r"""
export default function (component) {
  const { setStateValue } = component;
  const KEY = "nn_learns_student";
  const ok = (t) => typeof t === "string" && /^[0-9a-f]{64}$/.test(t);
  let token = null;
  try { token = window.localStorage.getItem(KEY); } catch (e) { /* storage blocked */ }
  if (!ok(token)) {
    const m = document.cookie.match(/(?:^|; )nn_learns_student=([^;]*)/);
    token = m ? m[1] : null;
  }
  if (!ok(token)) {                      // none yet, or not one of ours: a new student
    const bytes = new Uint8Array(32);
    window.crypto.getRandomValues(bytes);
    token = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }
  try { window.localStorage.setItem(KEY, token); } catch (e) { /* cookie only */ }
  const secure = window.location.protocol === "https:" ? "; Secure" : "";
  document.cookie = `${KEY}=${token}; path=/; max-age=${400 * 86400}; SameSite=Strict${secure}`;
  setStateValue("token", token);
}
"""
_token_component = st.components.v2.component("nn_learns_student_token", js=_TOKEN_JS)


def _ignore() -> None:
    """The token's change needs no callback: the rerun it causes reads it."""


# ----- who the student is ------------------------------------------------------------------------
def mount_token() -> str | None:
    """Mount the token component (once a page run) and return this browser's student id, or
    None until the browser has said (the cookie gives it on the first run after a reload)."""
    with st.container(key="student_token", height=1, border=False):
        result = _token_component(key="student_token_component", default={"token": None},
                                  on_token_change=_ignore, height=0)
    token = result.get("token") if result is not None else None
    sid = store.student_id(token)
    if sid is None:
        try:
            sid = store.student_id(st.context.cookies.get(COOKIE))
        except Exception:                              # no browser: AppTest, a bare websocket
            sid = None
    if sid is not None:
        st.session_state["student"] = sid
    return st.session_state.get("student")


# ----- the database ------------------------------------------------------------------------------
def default_sqlite_path() -> Path:
    env = os.environ.get("NN_RUNS_DB")
    if env:
        return Path(env).expanduser()
    return Path.home() / ".local" / "state" / "nn-learns" / "runs.sqlite"


def _plain(value):
    """A secrets section as plain dicts (for keyword arguments)."""
    if hasattr(value, "items"):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _configured() -> bool:
    try:
        return CONNECTION in st.secrets.get("connections", {})
    except Exception:                                  # no secrets file at all
        return False


@st.cache_resource(show_spinner=False)
def _prepared_sqlite(path: str) -> str | None:
    """Once a process: the folder made, a damaged file set aside. The sentence to show, or None."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    aside = store.set_aside_if_damaged(p)
    if aside is not None:
        return (f"The saved-runs file was damaged: it was set aside as {aside.name} and a new "
                "one started (runs saved before are not in it).")
    return None


_schema_ready: set[str] = set()
_last_purge: dict[str, float] = {}


def engine():
    """The SQLAlchemy engine of ``st.connection("runs", type="sql")``, its tables made and old
    runs purged (once an hour). Raises SQLAlchemyError / OSError when the database fails."""
    if _configured():
        # secrets.toml's [connections.runs], passed on as it is read through st.secrets (the
        # same values st.connection reads itself; AppTest's secrets reach it only this way)
        conf = _plain(st.secrets["connections"][CONNECTION])
        conn = st.connection(CONNECTION, type="sql", **conf.pop("create_engine_kwargs", {}),
                             **conf)
    else:
        path = default_sqlite_path()
        note = _prepared_sqlite(str(path))
        if note:
            st.session_state.setdefault("saved_notice", note)
        conn = st.connection(CONNECTION, type="sql", url=f"sqlite:///{path}",
                             connect_args={"timeout": 10})
    eng = conn.engine
    key = str(eng.url)
    if key not in _schema_ready:
        store.create_schema(eng)
        _schema_ready.add(key)
    if time.time() - _last_purge.get(key, 0.0) > PURGE_EVERY:
        _last_purge[key] = time.time()
        store.purge(eng, MAX_AGE_DAYS)
    return eng


def _times(state) -> dict:
    """This module's clock times (epoch seconds), kept together in one dict of the session."""
    return state.setdefault("saved_times", {})


def _call(state, fn, *args, **kwargs):
    """``fn(engine, *args)``, or None when saving is off or the database fails (the sentence
    goes to ``state["saved_fault"]``; saving is tried again RETRY_SECONDS later)."""
    if _times(state).get("off_until", 0.0) > time.time():
        return None
    try:
        eng = engine()
    except Exception as err:        # st.connection's own errors: settings missing or wrong
        state["saved_fault"] = store.fault_sentence(err)
        _times(state)["off_until"] = time.time() + RETRY_SECONDS
        return None
    try:
        result = fn(eng, *args, **kwargs)
    except (SQLAlchemyError, OSError) as err:
        _schema_ready.discard(str(eng.url))        # made again at the next try, if missing
        state["saved_fault"] = store.fault_sentence(err)
        _times(state)["off_until"] = time.time() + RETRY_SECONDS
        return None
    state.pop("saved_fault", None)
    return result


def call(fn, *args, **kwargs):
    """A ``classroom.store`` function on this session's database, or None on a fault."""
    return _call(st.session_state, fn, *args, **kwargs)


def fault() -> str | None:
    """The sentence for the page when runs cannot be saved now, else None."""
    said = st.session_state.get("saved_fault")
    if said:
        return (f"{said} The app keeps working, but your runs are not being saved: they stay "
                "in this tab only, until it is closed.")
    return None


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
    if _call(state, store.save_run, student, saved) is None and state.get("saved_fault"):
        return
    seen[uid] = mark
    if finished:
        _call(state, store.post_run, student, saved)


def delete_all(state) -> int | None:
    """Delete this student's saved runs (and their board posts) and the session's runs."""
    student = state.get("student")
    n = _call(state, store.delete_runs, student) if student else 0
    for key in ("runs", "saved_uids", "saved_marks", "live", "run_count"):
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
    saved = _call(state, store.load_runs, student)
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
            live = None
        if live is not None:
            state["live"] = live
            state["playing"] = False
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
        shown = _times(state).setdefault("notice", time.time())
        if time.time() - shown < NOTICE_SECONDS:
            st.info(note, icon=":material/restore:")
        else:
            state.pop("saved_notice", None)
            _times(state).pop("notice", None)
    said = fault()
    if said:
        st.warning(said, icon=":material/cloud_off:")


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
            _times(st.session_state).pop("notice", None)
            st.rerun()
