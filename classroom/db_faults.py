"""What went wrong with the saved-runs database, the sentence for it, and how to go on without a
restart. No Streamlit here: ``nn_ui.runs.student_db_ui.call_in`` calls ``call`` with its engine.

A SQLite file can fail under a running app in ways its error does not name:

* made read-only (or immutable) while the app runs: SQLite says "disk I/O error" and leaves a
  *hot journal* beside the file, which every later reader must roll back, and cannot: every
  student's runs stop loading. ``diagnose`` looks at the file itself (can it be opened for
  writing?) and says "cannot be written to"; reads go on through a read-only connection that
  takes the file as it is (``immutable=1``: a file nobody can write has not changed since its
  last complete write);
* removed while the app runs: the pooled connections keep the unlinked file, so every save
  fails ("readonly database") until a restart. The engine is disposed (its connections
  closed), the next connection makes a new file, and the call is made again in it;

and after any fault the engine is disposed, so the next try (when the file is writable again,
say) starts from a fresh connection instead of a broken one. Any other fault is worded by
``fault_sentence``; a damaged file found at start is set aside (``set_aside_if_damaged``).
"""
from __future__ import annotations

import functools
import sqlite3
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from classroom import store

#: ``classroom.store`` and ``classroom.classes`` functions that only read: they may go on from a
#: read-only file.
READS = frozenset({"load_runs", "board", "class_info", "teaching", "membership"})
CANNOT_WRITE = "The database that keeps saved runs cannot be written to."
REMOVED = ("The file that kept saved runs was removed while the app was running: a new one "
           "was started (runs saved before are not in it).")


@dataclass(frozen=True)
class Diagnosis:
    sentence: str
    removed: bool = False           # the SQLite file is gone: a new one can be started
    read_only: bool = False         # it is there, and cannot be written


def sqlite_file(engine: Engine) -> Path | None:
    """The file of a SQLite engine (None for another database, or one in memory)."""
    url = engine.url
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database.removeprefix("file:").split("?", 1)[0])


def _writable(path: Path) -> bool:
    try:
        with open(path, "r+b"):
            pass
        with tempfile.TemporaryFile(dir=path.parent):      # the journal goes beside it
            pass
        return True
    except OSError:
        return False


def diagnose(engine: Engine, error: BaseException) -> Diagnosis:
    """The fault in one sentence, from the file itself when it is a SQLite file."""
    path = sqlite_file(engine)
    if path is not None and path.parent.is_dir():
        if not path.exists():
            return Diagnosis(REMOVED, removed=True)
        if not _writable(path):
            return Diagnosis(CANNOT_WRITE, read_only=True)
    return Diagnosis(fault_sentence(error))


@functools.lru_cache(maxsize=4)
def read_only_engine(path: str) -> Engine:
    """A connection that reads ``path`` as it is on disk (no journal, no lock, no write)."""
    return create_engine(f"sqlite:///file:{path}?mode=ro&immutable=1&uri=true")


@dataclass
class Answer:
    """What ``call`` got: the result, or None with the fault's sentence; ``notice`` says what
    was mended on the way (a removed file started anew)."""

    result: object = None
    fault: str | None = None
    notice: str | None = None


def call(engine: Engine, fn, *args, prepare=None, **kwargs) -> Answer:
    """``prepare(engine)`` (tables made, say), then ``fn(engine, *args, **kwargs)``, mending
    what can be mended (see the module)."""
    try:
        if prepare is not None:
            prepare(engine)
        return Answer(fn(engine, *args, **kwargs))
    except store.StoreError as refused:        # a quota, a closed class...: no fault of the file
        if getattr(fn, "__name__", "") in ("save_run",):
            return Answer(fault=refused.message)
        raise
    except (SQLAlchemyError, OSError) as err:
        found = diagnose(engine, err)
        engine.dispose()                        # the next connection is a fresh one
        if found.removed:
            try:
                store.create_schema(engine)
                return Answer(fn(engine, *args, **kwargs), notice=found.sentence)
            except (SQLAlchemyError, OSError) as again:
                return Answer(fault=diagnose(engine, again).sentence)
        if found.read_only and getattr(fn, "__name__", "") in READS:
            try:
                path = sqlite_file(engine)
                return Answer(fn(read_only_engine(str(path)), *args, **kwargs),
                              fault=found.sentence)
            except (SQLAlchemyError, OSError):
                pass
        return Answer(fault=found.sentence)


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
