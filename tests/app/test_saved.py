"""Saved runs through the app (AppTest, the real database of ``db_url``: a SQLite file, then the
test PostgreSQL server): a student's runs come back in a new session (Cost curves, the live run
paused where it was, the prediction page's own network), deletion, another student sees none,
and faults: a damaged SQLite file set aside, a database that cannot be reached."""
from __future__ import annotations

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from classroom import store
from loadtest.server import free_port
from tests.app import helpers

ADA, BOB = store.student_id("a" * 64), store.student_id("b" * 64)


def session(db_url: str, student: str | None, monkeypatch, page: str | None = None) -> AppTest:
    """A new session of ``student`` (as a new tab: nothing in its state but who it is)."""
    at = AppTest.from_file(str(helpers.ROOT / "app.py"), default_timeout=60)
    if db_url.startswith("sqlite"):
        monkeypatch.setenv("NN_RUNS_DB", db_url.removeprefix("sqlite:///"))
    else:
        at.secrets["connections"] = {"runs": {"url": db_url}}
    if student:
        at.session_state["student"] = student
    at.run()
    if page:
        at.switch_page(f"app_pages/{page}.py").run()
    helpers.no_exception(at)
    return at


def train_moons(at: AppTest, steps: int = 3) -> None:
    at.switch_page("app_pages/live_training.py").run()
    at.selectbox(key="dataset").set_value("moons").run()
    for _ in range(steps):
        helpers.step_live(at)
    helpers.no_exception(at)


def test_runs_come_back_in_a_new_session_and_only_for_their_student(db_url, monkeypatch):
    at = session(db_url, ADA, monkeypatch)
    train_moons(at, 3)
    helpers.alpha_live(at, 0.1)                                  # α changes mid-run
    helpers.step_live(at)
    at.selectbox(key="activation").set_value("tanh").run()        # a new network: run 1 kept
    helpers.step_live(at)
    assert len(helpers.live_of(at).runs) == 2

    again = session(db_url, ADA, monkeypatch, "cost_curves")        # F5, a restart, a replica
    text = helpers.texts(again)
    assert "2 saved runs brought back" in text and "paused at iteration 1" in text
    runs = list(helpers.live_of(again).runs.values())
    assert [r.iterations for r in runs] == [4, 1]
    assert runs[0].alpha == "α 0.3 → α 0.1"
    np.testing.assert_array_equal(runs[0].costs, list(helpers.live_of(at).runs.values())[0]
                                  .costs)
    again.switch_page("app_pages/live_training.py").run()
    live = helpers.live_of(again).run
    assert live.trainer.iteration == 1 and live.settings.activation == "tanh"
    assert again.selectbox(key="activation").value == "tanh"
    assert helpers.component_data(again)[0]["at"] == 1             # the view opens there
    before = helpers.live_of(at).run.trainer.parameters
    for k, v in live.trainer.parameters.items():
        np.testing.assert_allclose(v, before[k], rtol=0, atol=1e-12)
    helpers.step_live(again)                          # and it goes on
    assert helpers.live_of(again).run.trainer.iteration == 2

    other = session(db_url, BOB, monkeypatch, "cost_curves")        # another student: none
    assert "No runs yet" in helpers.texts(other) and not helpers.live_of(other).runs \
        if helpers.LIVE_STATE in other.session_state else "No runs yet" in helpers.texts(other)
    nobody = session(db_url, None, monkeypatch, "cost_curves")      # no token yet: none
    assert "No runs yet" in helpers.texts(nobody)


def test_a_student_deletes_their_runs(db_url, monkeypatch):
    at = session(db_url, ADA, monkeypatch)
    train_moons(at, 2)
    session(db_url, BOB, monkeypatch).run()
    bob = session(db_url, BOB, monkeypatch)
    train_moons(bob, 1)
    at.switch_page("app_pages/cost_curves.py").run()
    at.button(key="saved_delete").click().run()
    assert "Your runs were deleted." in helpers.texts(at), at.session_state["saved_fault"]
    assert "No runs yet" in helpers.texts(at)
    assert "No runs yet" in helpers.texts(session(db_url, ADA, monkeypatch, "cost_curves"))
    assert "1 saved run brought back" in helpers.texts(session(db_url, BOB, monkeypatch))


@helpers.needs_cat_data
def test_the_prediction_page_answers_with_the_restored_network(db_url, monkeypatch):
    at = session(db_url, ADA, monkeypatch, "live_training")
    at.selectbox(key="dataset").set_value("cats").run()
    for _ in range(2):
        helpers.step_live(at)
    again = session(db_url, ADA, monkeypatch, "prediction")
    again.radio(key="pred_model").set_value("session").run()
    helpers.no_exception(again)
    text = helpers.texts(again)
    assert "Network 12288-8-1" in text and "No network trained" not in text


def test_a_damaged_sqlite_file_is_set_aside_and_said(tmp_path, monkeypatch):
    path = tmp_path / "runs.sqlite"
    path.write_bytes(b"not a database, a damaged file " * 100)
    at = session(f"sqlite:///{path}", ADA, monkeypatch)
    assert "was damaged: it was set aside as runs.sqlite.damaged-" in helpers.texts(at)
    assert path.exists() and list(tmp_path.glob("runs.sqlite.damaged-*"))
    train_moons(at, 1)                                              # and saving works again
    assert "1 saved run brought back" in helpers.texts(
        session(f"sqlite:///{path}", ADA, monkeypatch))


@pytest.mark.parametrize("kind", ["postgresql", "sqlite"])
def test_an_unreachable_database_is_said_and_the_app_works_without_saving(
        kind, tmp_path, monkeypatch):
    if kind == "postgresql":
        url = f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/x?connect_timeout=2"
    else:
        blocker = tmp_path / "a-file"
        blocker.write_text("a file where the database's folder should be")
        url = f"sqlite:///{blocker / 'runs.sqlite'}"
    at = session(url, ADA, monkeypatch)
    train_moons(at, 2)
    text = helpers.texts(at)
    assert "The app keeps working, but your runs are not being saved" in text
    if kind == "postgresql":
        assert "The database that keeps saved runs cannot be reached." in text
    assert helpers.live_of(at).run.trainer.iteration == 2
    at.switch_page("app_pages/cost_curves.py").run()
    helpers.no_exception(at)
    assert len(helpers.live_of(at).runs) == 1                       # kept in the tab


def test_a_done_live_run_comes_back_said_done_and_the_notice_is_dismissed(db_url, monkeypatch):
    """A live run played to its target is Done after a reload: the notice says so (not "press
    Play", Play is disabled at Done), and the student can close it."""
    at = session(db_url, ADA, monkeypatch)
    at.switch_page("app_pages/live_training.py").run()
    at.selectbox(key="dataset").set_value("moons").run()
    at.number_input(key="iterations").set_value(20).run()
    end, _ = helpers.play_live(at)
    assert end == 20

    again = session(db_url, ADA, monkeypatch, "cost_curves")
    text = helpers.texts(again)
    assert "Done at iteration 20" in text and "press Play" not in text, text
    again.button(key="saved_notice_dismiss").click().run()
    assert "brought back" not in helpers.texts(again)
    assert "saved_notice_dismiss" not in [b.key for b in again.button]


def test_runs_the_database_missed_are_saved_with_the_next_one(db_url, monkeypatch):
    """A save refused (a locked database), then the minute without saving after it: the runs
    left meanwhile (a new network) are kept and saved with the next run the database takes, so
    a reload brings back all three, not one."""
    from sqlalchemy.exc import OperationalError
    at = session(db_url, ADA, monkeypatch)
    real, calls = store.save_run, []

    def locked_once(engine, student, run, now=None):
        calls.append(run.uid)
        if len(calls) == 1:
            raise OperationalError("INSERT", {}, Exception("database is locked"))
        return real(engine, student, run, now)
    monkeypatch.setattr(store, "save_run", locked_once)
    train_moons(at, 2)                                             # run 1: its save refused
    assert at.session_state.get("saved_fault")
    at.selectbox(key="activation").set_value("tanh").run()          # run 2, in the minute after
    helpers.step_live(at)
    at.sidebar.number_input(key="seed").set_value(2).run()          # run 3
    helpers.step_live(at)
    assert len(helpers.live_of(at).runs) == 3
    at.session_state["saved_times"] = {}                            # the minute has passed
    helpers.step_live(at)                                           # run 3 saved, and 1, 2
    assert not at.session_state.get("saved_fault")
    again = session(db_url, ADA, monkeypatch, "cost_curves")
    assert "3 saved runs brought back" in helpers.texts(again), helpers.texts(again)
