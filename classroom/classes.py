"""A teacher's classes and their board, in the saved-runs database (``classroom.store``'s
tables; no Streamlit here). A teacher opens a class (a short code read off a projector),
students join it with a nickname, each finished run of a member is posted to its board; only
the teacher who opened it clears it, removes a post or a member, or closes it. The page's glue
is ``nn_ui.runs.class_board_ui``.
"""
from __future__ import annotations

import json
import re
import secrets
import time
import unicodedata
from dataclasses import dataclass

from sqlalchemy import and_, delete, func, insert, select, update
from sqlalchemy.engine import Engine

from classroom import nicknames
from classroom.store import (CODE_LENGTH, NICKNAME_MAX, SavedRun, StoreError, classes,
                             finite_or_none, members, posts, runs, touch)

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"      # no 0/O, 1/I: read off a projector
_CODE = re.compile(f"[{CODE_ALPHABET}]{{{CODE_LENGTH}}}")


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
        touch(conn, teacher, now)
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
        touch(conn, student, now)
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
               final_cost=finite_or_none(run.final_cost), test_accuracy=finite_or_none(run.test_accuracy),
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


