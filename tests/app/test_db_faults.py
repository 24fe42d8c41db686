"""The saved-runs file failing under the running app (AppTest, a real SQLite file): removed, it
is started anew at once, without a restart; made immutable (``chattr +i``, which binds root
too), the page says it cannot be written to, runs still load, and saving comes back when the
file is writable again (``classroom.db_faults``)."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from classroom import db_faults
from nn_ui.runs import student_db_ui as student_db
from tests.app import helpers
from tests.app.test_saved import ADA, session, train_moons


def test_a_file_removed_under_the_running_app_is_started_anew(tmp_path, monkeypatch):
    path = tmp_path / "runs.sqlite"
    url = f"sqlite:///{path}"
    at = session(url, ADA, monkeypatch)
    train_moons(at, 1)
    path.unlink()                                     # the pooled connection keeps the old file
    helpers.step_live(at)
    text = helpers.texts(at)
    assert db_faults.REMOVED in text and "not being saved" not in text
    assert path.exists()
    again = session(url, ADA, monkeypatch)            # a new tab: the run saved after removal
    text = helpers.texts(again)
    assert "1 saved run brought back" in text, [l for l in text.splitlines() if "sav" in l]


def _chattr(flag: str, path) -> bool:
    if shutil.which("chattr") is None:
        return False
    return subprocess.run(["chattr", flag, str(path)], capture_output=True).returncode == 0


def test_a_file_made_read_only_is_said_reads_go_on_and_saving_comes_back(tmp_path, monkeypatch):
    path = tmp_path / "runs.sqlite"
    url = f"sqlite:///{path}"
    at = session(url, ADA, monkeypatch)
    train_moons(at, 2)
    if not _chattr("+i", path):
        pytest.skip("chattr +i is not available here")
    try:
        monkeypatch.setattr(student_db, "RETRY_SECONDS", 0.0)
        helpers.step_live(at)                          # the save fails: "disk I/O error"
        text = helpers.texts(at)
        assert db_faults.CANNOT_WRITE in text, text[:500]
        assert "answered with an error" not in text
        reader = session(url, ADA, monkeypatch)        # another tab: its runs still load
        assert "1 saved run brought back" in helpers.texts(reader)
    finally:
        _chattr("-i", path)
    helpers.step_live(at)                              # writable again: saved, no sentence
    assert db_faults.CANNOT_WRITE not in helpers.texts(at)
    last = session(url, ADA, monkeypatch)
    assert "1 saved run brought back" in helpers.texts(last)
    assert helpers.live_of(last).run.trainer.iteration == 4


def test_the_diagnosis_reads_the_file_itself(tmp_path):
    from sqlalchemy import create_engine
    engine = create_engine(f"sqlite:///{tmp_path / 'x.sqlite'}")
    assert db_faults.diagnose(engine, OSError("disk I/O error")).removed
    (tmp_path / "x.sqlite").write_bytes(b"")
    assert db_faults.diagnose(engine, OSError("disk I/O error")).sentence == \
        db_faults.fault_sentence(OSError("disk I/O error"))
