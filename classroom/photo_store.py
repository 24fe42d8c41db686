"""A student's own photo set in the saved-runs database (no Streamlit here), under its rules.

One set a student, saved only when they press a save button: the set's .zip as the page
downloads it (``nn_io.photo_zip``: PNGs of the 64 x 64 photos, read back through the same safe
loader), at most ``MAX_SET_BYTES``. It goes with the saved runs: kept ``purge``'s days after its
last save, deleted with them, and every statement names its student in its WHERE clause.

    save_set(engine, student, ("mug", "banana"), 24, zip_data)
    load_set(engine, student)      # StoredSet(names, photos, data, updated) or None
    delete_set(engine, student)
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass

from sqlalchemy import (
    Column,
    Float,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    delete,
    insert,
    select,
)
from sqlalchemy.engine import Engine

from classroom import quota
from classroom.store import DEFAULT_MAX_AGE_DAYS, StoreError, metadata

#: A full set of 200 photos as PNG is about 2.5 MB (12 KB a photo at most).
MAX_SET_BYTES = 4 * 2**20

photo_sets = Table(
    "photo_sets", metadata,
    Column("student", String(64), primary_key=True),
    Column("created", Float, nullable=False),
    Column("updated", Float, nullable=False, index=True),
    Column("names", Text, nullable=False),              # JSON ["mug", "banana"]
    Column("photos", Integer, nullable=False),
    Column("payload", LargeBinary, nullable=False),     # the set's .zip
)


@dataclass(frozen=True)
class StoredSet:
    names: tuple[str, str]
    photos: int
    data: bytes
    updated: float


def create_table(engine: Engine) -> None:
    """The table, if missing (``store.create_schema`` makes it too once this module is
    imported; idempotent)."""
    photo_sets.create(engine, checkfirst=True)


def save_set(engine: Engine, student: str, names, photos: int, data: bytes,
             now: float | None = None, address: str | None = None,
             saves: quota.SaveQuota | None = None) -> None:
    """Keep ``data`` (a set's .zip) as ``student``'s set, replacing the one they had, within
    the saved runs' quotas (``classroom.quota``: the database's ceiling, the bytes and new
    students an hour from ``address``). StoreError (a sentence) when it is larger than
    MAX_SET_BYTES, QuotaError when over a quota."""
    if len(data) > MAX_SET_BYTES:
        raise StoreError(f"This set is {len(data) / 2**20:.1f} MB; a saved set has at most "
                         f"{MAX_SET_BYTES // 2**20} MB.")
    saves = quota.SAVES if saves is None else saves
    if saves.database_full(engine):
        raise quota.QuotaError("The database that keeps saved runs has reached its size limit: "
                               "your photos are not saved; download them as a .zip instead.")
    saves.admit(address, student, len(data))
    now = time.time() if now is None else now
    mine = photo_sets.c.student == student
    with engine.begin() as conn:
        created = conn.execute(select(photo_sets.c.created).where(mine)).scalar()
        conn.execute(delete(photo_sets).where(mine))
        conn.execute(insert(photo_sets).values(
            student=student, created=created or now, updated=now,
            names=json.dumps(list(names)), photos=int(photos), payload=bytes(data)))


def load_set(engine: Engine, student: str) -> StoredSet | None:
    """The student's saved set, or None."""
    with engine.connect() as conn:
        row = conn.execute(select(photo_sets).where(photo_sets.c.student == student)) \
            .mappings().first()
    if row is None:
        return None
    return StoredSet(tuple(json.loads(row["names"])), row["photos"], bytes(row["payload"]),
                     row["updated"])


def delete_set(engine: Engine, student: str) -> int:
    """Delete the student's saved set. -> 1, or 0 when there was none."""
    with engine.begin() as conn:
        return conn.execute(delete(photo_sets).where(photo_sets.c.student == student)).rowcount


def purge(engine: Engine, max_age_days: float = DEFAULT_MAX_AGE_DAYS,
          now: float | None = None) -> int:
    """Delete the sets not saved for ``max_age_days`` (as runs are). -> how many."""
    now = time.time() if now is None else now
    with engine.begin() as conn:
        return conn.execute(delete(photo_sets).where(
            photo_sets.c.updated < now - max_age_days * 86400.0)).rowcount
