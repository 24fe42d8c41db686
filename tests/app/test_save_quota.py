"""How much one computer may save (``classroom.quota``), through the app (AppTest, a real
SQLite file): fresh browser tokens beyond the hour's allowance get a sentence and save nothing,
and the database stops taking runs at the ceiling the teacher set."""
from __future__ import annotations

from sqlalchemy import create_engine

from classroom import quota, store
from tests.app import helpers
from tests.app.test_saved import session, train_moons


def students_saved(url: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return len(set(conn.execute(store.runs.select().with_only_columns(
                store.runs.c.student)).scalars()))
    finally:
        engine.dispose()


def test_fresh_tokens_from_one_computer_are_bounded(tmp_path, monkeypatch):
    monkeypatch.setenv("CLASSROOM_NEW_STUDENTS_PER_HOUR", "3")
    monkeypatch.setattr(quota, "SAVES", quota.SaveQuota())
    url = f"sqlite:///{tmp_path / 'runs.sqlite'}"
    said = []
    for n in range(5):                                  # five fresh tokens, one after another
        at = session(url, store.student_id(f"{n + 1:064x}"), monkeypatch)
        train_moons(at, 1)
        said.append(helpers.texts(at))
    assert all("different students have saved runs from this computer" not in t
               for t in said[:3])
    assert all("different students have saved runs from this computer" in t
               for t in said[3:]), [line for line in said[3].splitlines() if "sav" in line]
    assert students_saved(url) == 3


def test_the_database_stops_at_the_teachers_ceiling(tmp_path, monkeypatch):
    monkeypatch.setenv("NN_RUNS_DB_MAX_MB", "0.05")
    monkeypatch.setattr(quota, "SAVES", quota.SaveQuota())
    url = f"sqlite:///{tmp_path / 'runs.sqlite'}"
    at = session(url, store.student_id("e" * 64), monkeypatch)
    train_moons(at, 1)
    assert "has reached its size limit" in helpers.texts(at)
    assert students_saved(url) == 0
    assert helpers.live_of(at).run.trainer.iteration == 1  # the app goes on
