"""classroom.photo_store on SQLite and PostgreSQL (``db_url``): one set a student, saved and
read back, replaced, refused when too large, deleted, purged by age, nobody else's touched."""
import subprocess
import sys

import pytest
from sqlalchemy import create_engine

from classroom import photo_store, store
from classroom.store import StoreError


@pytest.fixture
def engine(db_url):
    e = create_engine(db_url)
    store.create_schema(e)                      # the photo set table too (module imported)
    yield e
    e.dispose()


def student(n: int) -> str:
    return store.student_id(f"{n:064x}")


def test_a_set_is_saved_read_back_and_replaced(engine):
    a, b = student(1), student(2)
    photo_store.save_set(engine, a, ("mug", "banana"), 12, b"PK zip one", now=100.0)
    got = photo_store.load_set(engine, a)
    assert got == photo_store.StoredSet(("mug", "banana"), 12, b"PK zip one", 100.0)
    assert photo_store.load_set(engine, b) is None                  # another student: none
    photo_store.save_set(engine, a, ("cup", "plate"), 3, b"PK zip two", now=200.0)
    assert photo_store.load_set(engine, a).data == b"PK zip two"    # one set a student
    photo_store.save_set(engine, b, ("x", "y"), 1, b"b's", now=200.0)
    assert photo_store.delete_set(engine, a) == 1
    assert photo_store.load_set(engine, a) is None
    assert photo_store.load_set(engine, b).data == b"b's"          # untouched
    assert photo_store.delete_set(engine, a) == 0


def test_a_set_larger_than_the_limit_is_refused_with_a_sentence(engine, monkeypatch):
    monkeypatch.setattr(photo_store, "MAX_SET_BYTES", 10)
    with pytest.raises(StoreError, match="a saved set has at most"):
        photo_store.save_set(engine, student(1), ("a", "b"), 1, b"x" * 11)
    assert photo_store.load_set(engine, student(1)) is None


def test_old_sets_are_purged_as_runs_are(engine):
    photo_store.save_set(engine, student(1), ("a", "b"), 1, b"old", now=0.0)
    photo_store.save_set(engine, student(2), ("a", "b"), 1, b"new", now=40 * 86400.0)
    assert photo_store.purge(engine, 30, now=41 * 86400.0) == 1
    assert photo_store.load_set(engine, student(1)) is None
    assert photo_store.load_set(engine, student(2)) is not None


def test_photo_store_is_pure_python_without_streamlit():
    code = ("import sys, classroom.photo_store; bad = sorted(m for m in sys.modules if "
            "m.split('.')[0] == 'streamlit'); assert not bad, bad")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60, check=False)
    assert result.returncode == 0, result.stderr


def test_a_set_is_saved_within_the_saved_runs_quotas(engine, monkeypatch):
    from classroom import quota
    monkeypatch.setenv("CLASSROOM_SAVE_MB_PER_HOUR", "1")           # 1 MB an hour an address
    saves = quota.SaveQuota()
    photo_store.save_set(engine, student(1), ("a", "b"), 1, b"x" * 600_000, address="10.0.0.1",
                         saves=saves)
    with pytest.raises(quota.QuotaError, match="reached 1 MB in the last hour"):
        photo_store.save_set(engine, student(1), ("a", "b"), 1, b"y" * 600_000,
                             address="10.0.0.1", saves=saves)
    assert photo_store.load_set(engine, student(1)).data == b"x" * 600_000
    photo_store.save_set(engine, student(2), ("a", "b"), 1, b"z" * 600_000, address="10.0.0.2",
                         saves=saves)                              # another computer: its own
    monkeypatch.setenv("NN_RUNS_DB_MAX_MB", "0")                    # the database is full
    with pytest.raises(quota.QuotaError, match="size limit"):
        photo_store.save_set(engine, student(3), ("a", "b"), 1, b"w", saves=quota.SaveQuota())
