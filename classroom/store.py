"""Saved runs in a SQL database through SQLAlchemy (no Streamlit here): the tables, who a
student is, their runs. The class board's rows are in the same tables (``classroom.classes``
reads and writes them); a fault is worded by ``classroom.db_faults``.

The page's glue (``nn_ui.runs.student_db_ui``) gets an ``Engine`` from ``st.connection(..., type="sql")``
and calls the functions below; each takes the engine first and a ``student`` id second.

* A student is ``student_id(token)``: the SHA-256 of the random token kept in their browser.
  The token itself is never stored, so the database alone cannot be used to act as a student;
  a token of the wrong form gives None (the page then makes a new one: a new student).
* A run is a ``SavedRun``: what the Cost curves page draws (costs, test costs), what the live
  page needs to go on where it stopped (settings, α of each stretch, iteration, parameters)
  and its status. Arrays travel as an ``.npz`` written and read without pickle. The final
  parameters are kept for a student's PARAMS_KEPT newest runs and the live one.

Every write names its student in its WHERE clause: nobody changes another student's runs.
Errors are SQLAlchemy's (``sqlalchemy.exc.SQLAlchemyError``).
"""
from __future__ import annotations

import hashlib
import io
import json
import re
import secrets
import time
from dataclasses import dataclass, field

import numpy as np
from sqlalchemy import (Boolean, Column, Float, Index, Integer, LargeBinary, MetaData, String,
                        Table, Text, and_, delete, insert, select, update)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError


#: How long a run is kept after its last change (``purge``); RUNS_MAX_AGE_DAYS in the glue.
DEFAULT_MAX_AGE_DAYS = 30.0
#: Runs kept a student (the oldest go first), as many as a session keeps.
MAX_RUNS = 30
#: Runs of a student that keep their final parameters (the live one always): the newest. Older
#: runs keep their curves; their parameters (786 kB for the cat network) are dropped.
PARAMS_KEPT = 3
NICKNAME_MAX = 24
CODE_LENGTH = 6
_TOKEN = re.compile(r"[0-9a-f]{64}")

metadata = MetaData()
students = Table(
    "students", metadata,
    Column("id", String(64), primary_key=True),          # sha256(token), hex
    Column("created", Float, nullable=False),
    Column("seen", Float, nullable=False),
)
runs = Table(
    "runs", metadata,
    Column("student", String(64), primary_key=True),
    Column("uid", String(32), primary_key=True),          # the run's own random id
    Column("created", Float, nullable=False),
    Column("updated", Float, nullable=False, index=True),
    Column("live", Boolean, nullable=False, default=False),  # the live page's current run
    Column("finished", Boolean, nullable=False, default=False),
    Column("label", String(400), nullable=False),
    Column("settings", Text, nullable=False),            # JSON
    Column("alphas", Text, nullable=False),              # JSON [[iteration, α], ...]
    Column("iterations", Integer, nullable=False),
    Column("target", Integer, nullable=True),
    Column("status", String(400), nullable=False),
    Column("diverged", Boolean, nullable=False),
    Column("final_cost", Float, nullable=True),
    Column("train_accuracy", Float, nullable=True),
    Column("test_accuracy", Float, nullable=True),
    Column("payload", LargeBinary, nullable=False),       # .npz: costs, test costs
    Column("parameters", LargeBinary, nullable=True),     # .npz: W1, b1, ... (recent runs only)
)
classes = Table(
    "classes", metadata,
    Column("code", String(CODE_LENGTH), primary_key=True),
    Column("teacher", String(64), nullable=False),
    Column("created", Float, nullable=False),
    Column("closed", Float, nullable=True),
)
members = Table(
    "members", metadata,
    Column("code", String(CODE_LENGTH), primary_key=True),
    Column("student", String(64), primary_key=True),
    Column("nickname", String(NICKNAME_MAX * 4), nullable=False),
    Column("joined", Float, nullable=False),
)
posts = Table(
    "posts", metadata,
    Column("code", String(CODE_LENGTH), primary_key=True),
    Column("student", String(64), primary_key=True),
    Column("uid", String(32), primary_key=True),
    Column("posted", Float, nullable=False),
    Column("alpha", Float, nullable=False),               # the last stretch's α
    Column("alpha_text", String(200), nullable=False),
    Column("architecture", String(100), nullable=False),
    Column("activation", String(20), nullable=False),
    Column("final_cost", Float, nullable=True),
    Column("test_accuracy", Float, nullable=True),
    Column("diverged", Boolean, nullable=False),
)
Index("members_student", members.c.student)
Index("posts_student", posts.c.student, posts.c.uid)


class StoreError(Exception):
    """A refusal with a sentence for the page (an unknown class code, a closed class...)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# ----- students -----------------------------------------------------------------------------------
def new_token() -> str:
    """A fresh random token (256 bits, hex), as the browser component makes one."""
    return secrets.token_hex(32)


def student_id(token) -> str | None:
    """The student a browser token stands for (SHA-256, hex), or None for a malformed token."""
    if not isinstance(token, str) or not _TOKEN.fullmatch(token):
        return None
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def create_schema(engine: Engine) -> None:
    """The tables, if missing (idempotent, safe from several replicas at once)."""
    metadata.create_all(engine, checkfirst=True)


def touch(conn, student: str, now: float) -> None:
    """``student`` seen ``now`` (made a row of ``students`` at their first write)."""
    done = conn.execute(update(students).where(students.c.id == student).values(seen=now))
    if not done.rowcount:
        conn.execute(insert(students).values(id=student, created=now, seen=now))


# ----- runs -----------------------------------------------------------------------------------
@dataclass
class SavedRun:
    """One run as saved. costs[i]: J after i updates (i < iterations); train_accuracies likewise;
    test_iterations/test_costs: the test curve; parameters: W1 (n_1, n_x), b1 (n_1, 1), ...
    alphas: [(iteration where the stretch starts, α), ...]; settings: a JSON-able dict."""

    uid: str
    label: str
    settings: dict
    alphas: list
    iterations: int
    status: str
    diverged: bool
    costs: np.ndarray
    train_accuracies: np.ndarray
    test_iterations: np.ndarray
    test_costs: np.ndarray
    parameters: dict = field(default_factory=dict)
    train_accuracy: float | None = None
    test_accuracy: float | None = None
    live: bool = False
    finished: bool = False
    target: int | None = None
    created: float = 0.0
    updated: float = 0.0

    @property
    def final_cost(self) -> float | None:
        c = self.costs[-1] if len(self.costs) else None
        return float(c) if c is not None and np.isfinite(c) else None


def _npz(arrays: dict) -> bytes:
    """float64 arrays as an uncompressed .npz (trained weights do not compress: zlib took 60 ms
    of a cat run's save for a few per cent)."""
    buf = io.BytesIO()
    np.savez(buf, **{k: np.asarray(v, dtype=np.float64) for k, v in arrays.items()})
    return buf.getvalue()


def _pack(run: SavedRun) -> bytes:
    return _npz({"costs": run.costs, "train_accuracies": run.train_accuracies,
                 "test_iterations": run.test_iterations, "test_costs": run.test_costs})


def _unpack(blob: bytes) -> dict[str, np.ndarray]:
    with np.load(io.BytesIO(blob), allow_pickle=False) as z:
        return {k: z[k] for k in z.files}


def finite_or_none(x) -> float | None:
    """x as a float, or None when it is missing or not finite (a column that keeps no inf)."""
    return None if x is None or not np.isfinite(x) else float(x)


def save_run(engine: Engine, student: str, run: SavedRun, now: float | None = None) -> None:
    """Insert or replace ``run`` of ``student``. A live run makes the student's other runs not
    live; past MAX_RUNS the oldest runs go."""
    now = time.time() if now is None else now
    row = dict(student=student, uid=run.uid, created=run.created or now, updated=now,
               live=run.live, finished=run.finished, label=run.label[:400],
               settings=json.dumps(run.settings), alphas=json.dumps(run.alphas),
               iterations=int(run.iterations), target=run.target, status=run.status[:400],
               diverged=bool(run.diverged), final_cost=finite_or_none(run.final_cost),
               train_accuracy=finite_or_none(run.train_accuracy),
               test_accuracy=finite_or_none(run.test_accuracy), payload=_pack(run),
               parameters=_npz(run.parameters) if run.parameters else None)
    with engine.begin() as conn:
        touch(conn, student, now)
        mine = runs.c.student == student
        conn.execute(delete(runs).where(mine, runs.c.uid == run.uid))
        if run.live:
            conn.execute(update(runs).where(mine, runs.c.live).values(live=False))
        conn.execute(insert(runs).values(**row))
        uids = conn.execute(select(runs.c.uid).where(mine)
                            .order_by(runs.c.created.desc(), runs.c.uid)).scalars().all()
        if len(uids) > MAX_RUNS:
            _delete_runs(conn, student, uids[MAX_RUNS:])
        if len(uids) > PARAMS_KEPT:
            conn.execute(update(runs).where(mine, runs.c.uid.in_(uids[PARAMS_KEPT:MAX_RUNS]),
                                            runs.c.live.is_(False),
                                            runs.c.parameters.is_not(None))
                         .values(parameters=None))


def load_runs(engine: Engine, student: str) -> list[SavedRun]:
    """The student's runs, oldest first (none for an unknown student)."""
    with engine.connect() as conn:
        rows = conn.execute(select(runs).where(runs.c.student == student)
                            .order_by(runs.c.created, runs.c.uid)).mappings().all()
    out = []
    for r in rows:
        arrays = _unpack(r["payload"])
        params = _unpack(r["parameters"]) if r["parameters"] is not None else {}
        out.append(SavedRun(
            uid=r["uid"], label=r["label"], settings=json.loads(r["settings"]),
            alphas=[tuple(a) for a in json.loads(r["alphas"])], iterations=r["iterations"],
            status=r["status"], diverged=r["diverged"], costs=arrays["costs"],
            train_accuracies=arrays["train_accuracies"],
            test_iterations=arrays["test_iterations"], test_costs=arrays["test_costs"],
            parameters=params, train_accuracy=r["train_accuracy"],
            test_accuracy=r["test_accuracy"], live=r["live"], finished=r["finished"],
            target=r["target"], created=r["created"], updated=r["updated"]))
    return out


def _delete_runs(conn, student: str, uids=None) -> int:
    mine_runs, mine_posts = runs.c.student == student, posts.c.student == student
    if uids is not None:
        uids = list(uids)
        mine_runs, mine_posts = and_(mine_runs, runs.c.uid.in_(uids)), \
            and_(mine_posts, posts.c.uid.in_(uids))
    conn.execute(delete(posts).where(mine_posts))
    return conn.execute(delete(runs).where(mine_runs)).rowcount


def delete_runs(engine: Engine, student: str, uids=None) -> int:
    """Delete the student's runs (all, or those of ``uids``) and their posts on any board."""
    with engine.begin() as conn:
        return _delete_runs(conn, student, uids)


def purge(engine: Engine, max_age_days: float = DEFAULT_MAX_AGE_DAYS,
          now: float | None = None) -> int:
    """Delete runs unchanged for ``max_age_days``, their posts, the students and classes left
    with nothing newer. Returns the number of runs deleted."""
    now = time.time() if now is None else now
    cutoff = now - max_age_days * 86400.0
    with engine.begin() as conn:
        old = select(runs.c.student, runs.c.uid).where(runs.c.updated < cutoff)
        pairs = conn.execute(old).all()
        for student, uid in pairs:
            conn.execute(delete(posts).where(posts.c.student == student, posts.c.uid == uid))
        n = conn.execute(delete(runs).where(runs.c.updated < cutoff)).rowcount
        stale = select(classes.c.code).where(classes.c.created < cutoff)
        conn.execute(delete(posts).where(posts.c.code.in_(stale)))
        conn.execute(delete(members).where(members.c.code.in_(stale)))
        conn.execute(delete(classes).where(classes.c.created < cutoff))
        conn.execute(delete(students).where(
            students.c.seen < cutoff, students.c.id.not_in(select(runs.c.student)),
            students.c.id.not_in(select(members.c.student))))
    return n


__all__ = ["DEFAULT_MAX_AGE_DAYS", "MAX_RUNS", "NICKNAME_MAX", "SavedRun", "SQLAlchemyError",
           "StoreError", "create_schema", "delete_runs", "finite_or_none", "load_runs",
           "new_token", "purge", "save_run", "student_id", "touch"]
