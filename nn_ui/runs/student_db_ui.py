"""Who the student is and where their runs are kept: the browser's token and the database
connection, with one sentence for the page when the database fails.

* The student: a random token (256 bits) that the app's own component (``st.components.v2``)
  keeps in the browser's local storage and in a first-party cookie, and reports to the
  session. It is never put in a URL. ``classroom.store.student_id`` hashes it; a malformed
  token is no student (the component makes a new one), an unknown one is a new student.
* The database: ``st.connection("runs", type="sql")``. Configured in .streamlit/secrets.toml
  (``[connections.runs] url = "postgresql+psycopg://..."``, see secrets.toml.example) for
  several replicas; without it a SQLite file (``NN_RUNS_DB``, default
  ``~/.local/state/nn-learns/runs.sqlite``), set aside and started anew when damaged.
* ``call(fn, ...)``: a ``classroom.store`` function on it. A database that cannot be reached,
  is full or answers with an error: one sentence (``fault()``), the app goes on without saving
  and tries again a minute later.
"""
from __future__ import annotations

import os
import time
from pathlib import Path

import streamlit as st

from classroom import db_faults, store

CONNECTION = "runs"
COOKIE = "nn_learns_student"
#: After a database error, saving is off for this session for this long, then tried again.
RETRY_SECONDS = 60.0
#: Runs unchanged for this many days are deleted (RUNS_MAX_AGE_DAYS).
MAX_AGE_DAYS = float(os.environ.get("RUNS_MAX_AGE_DAYS", store.DEFAULT_MAX_AGE_DAYS))
PURGE_EVERY = 3600.0

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
    # the component draws nothing: its container takes no room on the page (a style-only
    # st.html goes to Streamlit's event container, which takes none either)
    st.html("<style>.st-key-student_token {display: none;}</style>")
    with st.container(key="student_token", border=False):
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


def client_address() -> str | None:
    """The client's address: as the guard in front of the app read it (``X-Classroom-Address``,
    a trusted proxy's X-Forwarded-For), else the peer's; None without a browser."""
    try:
        found = st.context.headers.get("X-Classroom-Address") or st.context.ip_address
    except Exception:                                  # no websocket
        return None
    return found if isinstance(found, str) else None   # AppTest's stand-in is no address


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
    aside = db_faults.set_aside_if_damaged(p)
    if aside is not None:
        return (f"The saved-runs file was damaged: it was set aside as {aside.name} and a new "
                "one started (runs saved before are not in it).")
    return None


_schema_ready: set[str] = set()
_last_purge: dict[str, float] = {}


def engine():
    """The SQLAlchemy engine of ``st.connection("runs", type="sql")`` (``_ready`` makes its
    tables and purges old runs, in ``call_in``)."""
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
    return conn.engine


def _ready(eng) -> None:
    """The tables made (once a process) and old runs purged (once an hour)."""
    key = str(eng.url)
    if key not in _schema_ready:
        store.create_schema(eng)
        _schema_ready.add(key)
    if time.time() - _last_purge.get(key, 0.0) > PURGE_EVERY:
        _last_purge[key] = time.time()
        store.purge(eng, MAX_AGE_DAYS)


def times(state) -> dict:
    """This module's clock times (epoch seconds), kept together in one dict of the session."""
    return state.setdefault("saved_times", {})


def call_in(state, fn, *args, **kwargs):
    """``fn(engine, *args)``, or None when saving is off or the database fails (the sentence
    goes to ``state["saved_fault"]``; saving is tried again RETRY_SECONDS later, reads go on).
    A removed or read-only SQLite file is mended or read as it is (``classroom.db_faults``);
    a new sentence found during a fragment's rerun is shown at once (the page runs again)."""
    reading = getattr(fn, "__name__", "") in db_faults.READS
    off = times(state).get("off_until", 0.0) > time.time()
    if off and not reading:
        return None
    try:
        eng = engine()
    except Exception as err:        # st.connection's own errors: settings missing or wrong
        state["saved_fault"] = db_faults.fault_sentence(err)
        times(state)["off_until"] = time.time() + RETRY_SECONDS
        return None
    answer = db_faults.call(eng, fn, *args, prepare=_ready, **kwargs)
    said = answer.notice is not None and state.get("saved_notice") != answer.notice
    if answer.notice:
        state["saved_notice"] = answer.notice
    if answer.fault is None:
        if not off:
            state.pop("saved_fault", None)
    else:
        _schema_ready.discard(str(eng.url))        # made again at the next try, if missing
        said = said or state.get("saved_fault") != answer.fault
        state["saved_fault"] = answer.fault
        times(state)["off_until"] = time.time() + RETRY_SECONDS
    if said and state is st.session_state:
        st.rerun(scope="app")                      # the top of the page says it now
    return answer.result


def call(fn, *args, **kwargs):
    """A ``classroom.store`` function on this session's database, or None on a fault."""
    return call_in(st.session_state, fn, *args, **kwargs)


def fault() -> str | None:
    """The sentence for the page when runs cannot be saved now, else None."""
    said = st.session_state.get("saved_fault")
    if said:
        return (f"{said} The app keeps working, but your runs are not being saved: they stay "
                "in this tab only, until it is closed.")
    return None
