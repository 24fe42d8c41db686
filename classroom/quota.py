"""How much one computer may save: new students and bytes an hour, and the database's ceiling.

Any well-formed browser token is a student, so a script can be as many students as it likes,
each with its runs (a cat network's parameters are 786 kB). ``SaveQuota`` counts, per client
address and over the last hour, the distinct students that saved and the bytes saved:

* new students an address (``CLASSROOM_NEW_STUDENTS_PER_HOUR``, default 60: a class of
  30 behind one school router, twice);
* bytes saved an address (``CLASSROOM_SAVE_MB_PER_HOUR``, default 2000 MB: a run is saved
  at every pause, step and change, a cat run with its parameters about 0.8 MB);
* and the database as a whole stops taking new runs at ``NN_RUNS_DB_MAX_MB`` (default 2048 MB;
  the SQLite file's size, or PostgreSQL's ``pg_database_size``, read at most every 30 s).

Over a bound a save is refused with a sentence (``QuotaError``, a ``StoreError``); the app goes
on without saving. ``save_run`` is ``classroom.store.save_run`` behind these checks.
"""
from __future__ import annotations

import os
import threading
import time
from collections import deque

from sqlalchemy import text
from sqlalchemy.engine import Engine

from classroom import store

MB = 1024 * 1024
HOUR = 3600.0


class QuotaError(store.StoreError):
    """A save refused by a quota; the message is for the page."""


def _env(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, "") or default)
    except ValueError:
        return default


class SaveQuota:
    """Saves per address over the last hour (thread-safe)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._students: dict[str, dict[str, float]] = {}     # address -> student -> last save
        self._bytes: dict[str, deque] = {}                   # address -> (time, bytes)
        self._size: tuple[float, int] | None = None          # (when read, database bytes)

    @staticmethod
    def limits() -> tuple[int, int, int]:
        """(new students an hour, bytes an hour, database bytes), from the environment."""
        return (int(_env("CLASSROOM_NEW_STUDENTS_PER_HOUR", 60)),
                int(_env("CLASSROOM_SAVE_MB_PER_HOUR", 2000) * MB),
                int(_env("NN_RUNS_DB_MAX_MB", 2048) * MB))

    def admit(self, address: str | None, student: str, nbytes: int,
              now: float | None = None) -> None:
        """Count a save of ``nbytes`` by ``student`` from ``address``, or raise QuotaError."""
        now = time.time() if now is None else now
        students_max, bytes_max, _ = self.limits()
        address = address or "unknown"
        with self._lock:
            seen = self._students.setdefault(address, {})
            for who in [w for w, t in seen.items() if now - t > HOUR]:
                del seen[who]
            sizes = self._bytes.setdefault(address, deque())
            while sizes and now - sizes[0][0] > HOUR:
                sizes.popleft()
            if student not in seen and len(seen) >= students_max:
                raise QuotaError(f"{students_max} different students have saved runs from this "
                                 "computer (or its school's network) in the last hour, the "
                                 "most allowed: this browser's runs are not saved for now.")
            if sum(n for _, n in sizes) + nbytes > bytes_max:
                raise QuotaError(f"Runs saved from this computer (or its school's network) "
                                 f"reached {bytes_max // MB} MB in the last hour, the most "
                                 "allowed: runs are not saved for now.")
            seen[student] = now
            sizes.append((now, nbytes))

    def database_full(self, engine: Engine, now: float | None = None) -> bool:
        """Whether the database has reached ``NN_RUNS_DB_MAX_MB`` (read every 30 s at most)."""
        now = time.time() if now is None else now
        ceiling = self.limits()[2]
        if self._size is None or now - self._size[0] > 30.0:
            self._size = (now, database_bytes(engine))
        return self._size[1] >= ceiling


def database_bytes(engine: Engine) -> int:
    """The database's size on disk: the SQLite file (with its journal), or PostgreSQL's."""
    url = engine.url
    if url.get_backend_name() == "sqlite":
        path = (url.database or "").removeprefix("file:").split("?", 1)[0]
        return sum(os.path.getsize(p) for p in (path, path + "-wal", path + "-journal")
                   if p and os.path.exists(p))
    if url.get_backend_name() == "postgresql":
        with engine.connect() as conn:
            return int(conn.execute(text("SELECT pg_database_size(current_database())"))
                       .scalar_one())
    return 0


def run_bytes(run: store.SavedRun) -> int:
    """The bytes a run takes in the database (its arrays)."""
    arrays = [run.costs, run.train_accuracies, run.test_iterations, run.test_costs,
              *run.parameters.values()]
    return int(sum(getattr(a, "nbytes", 0) for a in arrays)) + 2000


#: The server's record (one per process).
SAVES = SaveQuota()


def save_run(engine: Engine, student: str, run: store.SavedRun, address: str | None = None,
             quota: SaveQuota | None = None) -> None:
    """``classroom.store.save_run`` within the quotas (QuotaError when over one)."""
    quota = SAVES if quota is None else quota
    if quota.database_full(engine):
        raise QuotaError(f"The database that keeps saved runs has reached its size limit "
                         f"({quota.limits()[2] // MB} MB, set by NN_RUNS_DB_MAX_MB): new runs "
                         "are not saved; the teacher can delete old ones or raise the limit.")
    quota.admit(address, student, run_bytes(run))
    store.save_run(engine, student, run)
