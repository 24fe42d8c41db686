"""Saved runs and the class board, in a SQL database through SQLAlchemy (no Streamlit here).

The page's glue (``nn_ui.runs.student_db_ui``) gets an ``Engine`` from ``st.connection(..., type="sql")``
and calls the functions below; each takes the engine first and a ``student`` id second.

* A student is ``student_id(token)``: the SHA-256 of the random token kept in their browser.
  The token itself is never stored, so the database alone cannot be used to act as a student;
  a token of the wrong form gives None (the page then makes a new one: a new student).
* A run is a ``SavedRun``: what the Cost curves page draws (costs, test costs), what the live
  page needs to go on where it stopped (settings, α of each stretch, iteration, parameters)
  and its status. Arrays travel as an ``.npz`` written and read without pickle. The final
  parameters are kept for a student's PARAMS_KEPT newest runs and the live one.
* A class: a teacher opens one (a short code), students join it with a nickname, each finished
  run of a member is posted to its board; only the teacher who opened it clears or closes it.

Every write names its student in its WHERE clause: nobody changes another student's runs.
Errors are SQLAlchemy's (``sqlalchemy.exc.SQLAlchemyError``); ``fault_sentence`` words them.
"""
from __future__ import annotations

import hashlib
import io
import json
import re
import secrets
import sqlite3
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from sqlalchemy import (Boolean, Column, Float, Index, Integer, LargeBinary, MetaData, String,
                        Table, Text, and_, delete, func, insert, select, update)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from classroom import nicknames

#: How long a run is kept after its last change (``purge``); RUNS_MAX_AGE_DAYS in the glue.
DEFAULT_MAX_AGE_DAYS = 30.0
#: Runs kept a student (the oldest go first), as many as a session keeps.
MAX_RUNS = 30
#: Runs of a student that keep their final parameters (the live one always): the newest. Older
#: runs keep their curves; their parameters (786 kB for the cat network) are dropped.
PARAMS_KEPT = 3
NICKNAME_MAX = 24
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"      # no 0/O, 1/I: read off a projector
CODE_LENGTH = 6
_TOKEN = re.compile(r"[0-9a-f]{64}")
_CODE = re.compile(f"[{CODE_ALPHABET}]{{{CODE_LENGTH}}}")

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


def _touch(conn, student: str, now: float) -> None:
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


def _finite(x):
    return None if x is None or not np.isfinite(x) else float(x)


def save_run(engine: Engine, student: str, run: SavedRun, now: float | None = None) -> None:
    """Insert or replace ``run`` of ``student``. A live run makes the student's other runs not
    live; past MAX_RUNS the oldest runs go."""
    now = time.time() if now is None else now
    row = dict(student=student, uid=run.uid, created=run.created or now, updated=now,
               live=run.live, finished=run.finished, label=run.label[:400],
               settings=json.dumps(run.settings), alphas=json.dumps(run.alphas),
               iterations=int(run.iterations), target=run.target, status=run.status[:400],
               diverged=bool(run.diverged), final_cost=_finite(run.final_cost),
               train_accuracy=_finite(run.train_accuracy),
               test_accuracy=_finite(run.test_accuracy), payload=_pack(run),
               parameters=_npz(run.parameters) if run.parameters else None)
    with engine.begin() as conn:
        _touch(conn, student, now)
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


# ----- classes and the board -----------------------------------------------------------------------
def clean_nickname(text) -> str:
    """A nickname as shown: plain printable text, spaces collapsed, at most NICKNAME_MAX
    characters. StoreError when nothing is left. (Pages still escape it where they draw it.)"""
    if not isinstance(text, str):
        raise StoreError("Type a nickname.")
    text = unicodedata.normalize("NFC", text)
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] not in ("C",))
    text = " ".join(text.split())[:NICKNAME_MAX].strip()
    if not text:
        raise StoreError("Type a nickname (letters, digits, anything printable).")
    return text


def clean_code(text) -> str | None:
    """A class code as typed ("k7qx 3m" -> "K7QX3M"), or None when it cannot be one."""
    if not isinstance(text, str):
        return None
    code = "".join(text.split()).upper()
    return code if _CODE.fullmatch(code) else None


def open_class(engine: Engine, teacher: str, now: float | None = None) -> str:
    """A new class opened by ``teacher``: its fresh code."""
    now = time.time() if now is None else now
    with engine.begin() as conn:
        _touch(conn, teacher, now)
        for _ in range(20):
            code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
            if conn.execute(select(classes.c.code).where(classes.c.code == code)).first():
                continue
            conn.execute(insert(classes).values(code=code, teacher=teacher, created=now))
            return code
    raise StoreError("Could not find a free class code: try again.")


@dataclass(frozen=True)
class ClassInfo:
    code: str
    teacher: str
    created: float
    closed: float | None
    joined: int

    @property
    def open(self) -> bool:
        return self.closed is None


def class_info(engine: Engine, code: str) -> ClassInfo | None:
    with engine.connect() as conn:
        row = conn.execute(select(classes).where(classes.c.code == code)).mappings().first()
        if row is None:
            return None
        n = conn.execute(select(func.count()).select_from(members)
                         .where(members.c.code == code)).scalar_one()
    return ClassInfo(row["code"], row["teacher"], row["created"], row["closed"], int(n))


def teaching(engine: Engine, teacher: str) -> list[str]:
    """The codes of the open classes ``teacher`` opened, newest first."""
    with engine.connect() as conn:
        return list(conn.execute(
            select(classes.c.code).where(classes.c.teacher == teacher, classes.c.closed.is_(None))
            .order_by(classes.c.created.desc())).scalars())


def join_class(engine: Engine, code, student: str, nickname, now: float | None = None) -> str:
    """``student`` joins class ``code`` as ``nickname`` (again: the new nickname). Returns the
    nickname as kept. StoreError for an unknown or closed class, an empty nickname, or one that
    looks like another member's (``classroom.nicknames.same``: case, accents, look-alike
    letters of other scripts)."""
    now = time.time() if now is None else now
    nickname = clean_nickname(nickname)
    code = clean_code(code)
    if code is None:
        raise StoreError(f"A class code is {CODE_LENGTH} letters and digits, like K7QX3M.")
    with engine.begin() as conn:
        row = conn.execute(select(classes.c.closed).where(classes.c.code == code)).first()
        if row is None:
            raise StoreError(f"There is no class {code}: check the code on the board.")
        if row.closed is not None:
            raise StoreError(f"Class {code} is closed.")
        taken = conn.execute(select(members.c.nickname).where(
            members.c.code == code, members.c.student != student)).scalars()
        if any(nicknames.same(nickname, other) for other in taken):
            raise StoreError(f"Somebody in class {code} is already called {nickname!r}, or a "
                             "name that looks the same: choose another nickname.")
        _touch(conn, student, now)
        conn.execute(delete(members).where(members.c.code == code, members.c.student == student))
        conn.execute(insert(members).values(code=code, student=student, nickname=nickname,
                                            joined=now))
    return nickname


def leave_class(engine: Engine, code: str, student: str) -> None:
    with engine.begin() as conn:
        conn.execute(delete(members).where(members.c.code == code, members.c.student == student))


def membership(engine: Engine, student: str) -> tuple[str, str] | None:
    """(code, nickname) of the open class ``student`` joined last, or None."""
    with engine.connect() as conn:
        row = conn.execute(
            select(members.c.code, members.c.nickname).join(
                classes, classes.c.code == members.c.code)
            .where(members.c.student == student, classes.c.closed.is_(None))
            .order_by(members.c.joined.desc())).first()
    return None if row is None else (row.code, row.nickname)


def post_run(engine: Engine, student: str, run: SavedRun, now: float | None = None) -> str | None:
    """Post a finished run of ``student`` to the board of the open class they joined last.
    Returns the class code, or None when they joined none."""
    now = time.time() if now is None else now
    joined = membership(engine, student)
    if joined is None:
        return None
    code = joined[0]
    alpha = float(run.alphas[-1][1]) if run.alphas else float("nan")
    s = run.settings
    row = dict(code=code, student=student, uid=run.uid, posted=now, alpha=alpha,
               alpha_text=" → ".join(f"{a:g}" for _, a in run.alphas)[:200],
               architecture="-".join(str(n) for n in s.get("layer_dims", ()))[:100],
               activation=str(s.get("activation", ""))[:20],
               final_cost=_finite(run.final_cost), test_accuracy=_finite(run.test_accuracy),
               diverged=bool(run.diverged))
    with engine.begin() as conn:
        conn.execute(delete(posts).where(posts.c.code == code, posts.c.student == student,
                                         posts.c.uid == run.uid))
        conn.execute(insert(posts).values(**row))
    return code


def board(engine: Engine, code: str) -> list[dict]:
    """The posts of class ``code`` with their nicknames and data sets (from the saved run's
    settings; None when the run is gone), oldest first."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(posts, members.c.nickname, runs.c.settings).join(
                members, and_(members.c.code == posts.c.code,
                              members.c.student == posts.c.student))
            .outerjoin(runs, and_(runs.c.student == posts.c.student, runs.c.uid == posts.c.uid))
            .where(posts.c.code == code).order_by(posts.c.posted)).mappings().all()
    return [{**{k: v for k, v in r.items() if k not in ("student", "settings")},
             "dataset": _dataset_of(r["settings"])} for r in rows]


def _dataset_of(settings: str | None) -> str | None:
    try:
        found = json.loads(settings).get("dataset") if settings else None
    except (ValueError, AttributeError):
        return None
    return str(found)[:40] if found else None


def _teacher_of(conn, code: str, teacher: str) -> None:
    row = conn.execute(select(classes.c.teacher).where(classes.c.code == code)).first()
    if row is None:
        raise StoreError(f"There is no class {code}.")
    if row.teacher != teacher:
        raise StoreError("Only the teacher who opened this class can change its board.")


def clear_board(engine: Engine, code: str, teacher: str) -> int:
    """Remove every post of class ``code`` (its teacher only). Returns how many."""
    with engine.begin() as conn:
        _teacher_of(conn, code, teacher)
        return conn.execute(delete(posts).where(posts.c.code == code)).rowcount


def remove_post(engine: Engine, code: str, teacher: str, uid: str) -> int:
    """Remove one post (the run ``uid``) from the board of class ``code`` (its teacher only)."""
    with engine.begin() as conn:
        _teacher_of(conn, code, teacher)
        return conn.execute(delete(posts).where(posts.c.code == code,
                                                posts.c.uid == uid)).rowcount


def remove_member(engine: Engine, code: str, teacher: str, nickname: str) -> int:
    """Remove the member called ``nickname`` from class ``code``, with their posts (its teacher
    only; their saved runs stay theirs). Returns how many posts went."""
    with engine.begin() as conn:
        _teacher_of(conn, code, teacher)
        student = conn.execute(select(members.c.student).where(
            members.c.code == code, members.c.nickname == nickname)).scalar()
        if student is None:
            return 0
        n = conn.execute(delete(posts).where(posts.c.code == code,
                                             posts.c.student == student)).rowcount
        conn.execute(delete(members).where(members.c.code == code,
                                           members.c.student == student))
        return n


def members_of(engine: Engine, code: str) -> list[str]:
    """The nicknames of class ``code``, in the order they joined."""
    with engine.connect() as conn:
        return list(conn.execute(select(members.c.nickname).where(members.c.code == code)
                                 .order_by(members.c.joined)).scalars())


def close_class(engine: Engine, code: str, teacher: str, now: float | None = None) -> None:
    """Close class ``code`` (its teacher only): nobody joins or posts any more."""
    with engine.begin() as conn:
        _teacher_of(conn, code, teacher)
        conn.execute(update(classes).where(classes.c.code == code)
                     .values(closed=time.time() if now is None else now))


# ----- faults ---------------------------------------------------------------------------------------
def set_aside_if_damaged(path: str | Path) -> Path | None:
    """If the SQLite file at ``path`` is damaged (not a database, or failing its quick check),
    rename it to ``<name>.damaged-<time>`` so a new one starts; return where it went (else None)."""
    path = Path(path)
    if not path.exists() or path.stat().st_size == 0:
        return None
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
        try:
            verdict = con.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            con.close()
        if verdict == "ok":
            return None
    except sqlite3.DatabaseError:
        pass
    aside = path.with_name(f"{path.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
    path.rename(aside)
    for suffix in ("-wal", "-shm", "-journal"):
        extra = path.with_name(path.name + suffix)
        if extra.exists():
            extra.rename(aside.with_name(aside.name + suffix))
    return aside


def fault_sentence(error: BaseException) -> str:
    """A database error in one sentence for the page."""
    text = str(getattr(error, "orig", None) or error).lower()
    if "full" in text or "no space" in text or "could not extend" in text or "quota" in text:
        return "The database that keeps saved runs is full."
    if ("connect" in text or "unable to open" in text or "refused" in text
            or "timeout" in text or "could not translate host" in text):
        return "The database that keeps saved runs cannot be reached."
    if "readonly" in text or "read-only" in text or "permission" in text:
        return "The database that keeps saved runs cannot be written to."
    if "not a directory" in text or "no such file" in text:
        return "The database that keeps saved runs cannot be reached."
    if "configuration" in text or "parameter" in text or "could not parse" in text:
        return "The settings of the database that keeps saved runs (secrets.toml) are wrong."
    return "The database that keeps saved runs answered with an error."


__all__ = ["DEFAULT_MAX_AGE_DAYS", "MAX_RUNS", "NICKNAME_MAX", "ClassInfo", "SavedRun",
           "SQLAlchemyError", "StoreError", "board", "class_info", "clean_code",
           "clean_nickname", "clear_board", "close_class", "create_schema", "delete_runs",
           "fault_sentence", "join_class", "leave_class", "load_runs", "members_of",
           "membership", "new_token", "open_class", "post_run", "purge", "remove_member",
           "remove_post", "save_run", "set_aside_if_damaged", "student_id", "teaching"]
