"""classroom.store on a real SQLite file and a real PostgreSQL server (``db_url``): runs saved
and read back, a student sees only their own, deletion, purge by age, the class board and who
may change it, nicknames, a full or unreachable database, a damaged SQLite file."""
import sqlite3

import numpy as np
import pytest
from sqlalchemy import create_engine, event
from sqlalchemy.exc import SQLAlchemyError

from classroom import classes, db_faults, store


@pytest.fixture
def engine(db_url):
    e = create_engine(db_url)
    store.create_schema(e)
    yield e
    e.dispose()


def student(n: int) -> str:
    return store.student_id(f"{n:064x}")


def run(uid="r1", iterations=3, alpha=0.01, live=False, finished=False, dims=(2, 4, 1),
        activation="relu", seed=0) -> store.SavedRun:
    rng = np.random.default_rng(seed)
    costs = np.linspace(0.7, 0.5, iterations)
    params = {"W1": rng.normal(size=(dims[1], dims[0])), "b1": np.zeros((dims[1], 1)),
              "W2": rng.normal(size=(1, dims[1])), "b2": np.array([[0.25]])}
    return store.SavedRun(
        uid=uid, label=f"flower · {alpha}", settings={"dataset": "flower", "hidden": [dims[1]],
                                                       "activation": activation,
                                                       "layer_dims": list(dims)},
        alphas=[(0, alpha)], iterations=iterations, status="ok", diverged=False, costs=costs,
        train_accuracies=np.full(iterations, 0.5), test_iterations=np.array([0.0, 2.0]),
        test_costs=np.array([0.71, 0.55]), parameters=params, train_accuracy=0.6,
        test_accuracy=0.55, live=live, finished=finished, target=10)


def test_a_token_is_hashed_and_a_malformed_one_is_no_student():
    token = store.new_token()
    sid = store.student_id(token)
    assert len(sid) == 64 and sid != token and store.student_id(token) == sid
    for bad in (None, 42, "", "abc", token.upper(), token[:-1], token + "0", "g" * 64,
                "'; DROP TABLE runs; --"):
        assert store.student_id(bad) is None


def test_a_run_comes_back_exactly(engine):
    saved = run(iterations=5, live=True)
    store.save_run(engine, student(1), saved)
    [back] = store.load_runs(engine, student(1))
    assert (back.uid, back.label, back.iterations, back.live, back.target) == \
        ("r1", saved.label, 5, True, 10)
    assert back.settings == saved.settings and back.alphas == [(0, 0.01)]
    np.testing.assert_array_equal(back.costs, saved.costs)           # float64, bit for bit
    np.testing.assert_array_equal(back.test_costs, saved.test_costs)
    for k, v in saved.parameters.items():
        np.testing.assert_array_equal(back.parameters[k], v)
    assert back.final_cost == pytest.approx(0.5)


def test_saving_again_replaces_and_one_run_is_live(engine):
    s = student(1)
    store.save_run(engine, s, run("a", 3, live=True), now=100.0)
    store.save_run(engine, s, run("a", 7, live=True), now=101.0)
    store.save_run(engine, s, run("b", 2, live=True), now=102.0)
    got = store.load_runs(engine, s)
    assert [(r.uid, r.iterations, r.live) for r in got] == [("a", 7, False), ("b", 2, True)]


def test_students_never_see_or_delete_each_others_runs(engine):
    store.save_run(engine, student(1), run("same-uid"))
    store.save_run(engine, student(2), run("same-uid", iterations=9))
    assert [r.iterations for r in store.load_runs(engine, student(1))] == [3]
    assert store.delete_runs(engine, student(2), ["same-uid"]) == 1
    assert [r.iterations for r in store.load_runs(engine, student(1))] == [3]
    assert store.load_runs(engine, student(2)) == []
    assert store.load_runs(engine, student(3)) == []                  # unknown: a new student


def test_at_most_max_runs_a_student(engine):
    s = student(1)
    for i in range(store.MAX_RUNS + 3):
        store.save_run(engine, s, run(f"r{i:02d}", 2), now=1000.0 + i)
    uids = [r.uid for r in store.load_runs(engine, s)]
    assert len(uids) == store.MAX_RUNS and uids[0] == "r03"


def test_only_the_newest_runs_and_the_live_one_keep_their_parameters(engine):
    s = student(1)
    store.save_run(engine, s, run("live", live=True), now=1.0)
    for i in range(store.PARAMS_KEPT + 2):
        store.save_run(engine, s, run(f"r{i}"), now=10.0 + i)
    got = {r.uid: bool(r.parameters) for r in store.load_runs(engine, s)}
    newest = {f"r{i}" for i in range(2, store.PARAMS_KEPT + 2)}
    assert got == {"live": True, "r0": False, "r1": False, **{u: True for u in newest}}
    [r0] = [r for r in store.load_runs(engine, s) if r.uid == "r0"]
    assert len(r0.costs) == 3 and r0.parameters == {}                 # its curve stays


def test_purge_deletes_runs_older_than_the_age(engine):
    day = 86400.0
    store.save_run(engine, student(1), run("old"), now=0.0)
    store.save_run(engine, student(1), run("new"), now=29 * day)
    store.save_run(engine, student(2), run("old2"), now=0.0)
    assert store.purge(engine, 30, now=31 * day) == 2
    assert [r.uid for r in store.load_runs(engine, student(1))] == ["new"]
    assert store.load_runs(engine, student(2)) == []
    assert store.purge(engine, 30, now=31 * day) == 0


def test_nicknames_are_plain_and_short():
    assert classes.clean_nickname("  Ada \n\t Lovelace  ") == "Ada Lovelace"
    assert classes.clean_nickname("x" * 100) == "x" * store.NICKNAME_MAX
    assert classes.clean_nickname("<b>Bob</b>\x00\u202e") == "<b>Bob</b>"   # escaped where drawn
    for bad in ("", "   ", "\x00\x01", None, 5):
        with pytest.raises(store.StoreError):
            classes.clean_nickname(bad)
    assert classes.clean_code(" k7qx 3m ") == "K7QX3M"
    assert classes.clean_code("K7QX3") is None and classes.clean_code("K7QX3O") is None


def test_the_class_board(engine):
    teacher, ada, bob, eve = student(9), student(1), student(2), student(3)
    code = classes.open_class(engine, teacher)
    assert classes.clean_code(code) == code and classes.teaching(engine, teacher) == [code]
    assert classes.join_class(engine, code.lower(), ada, " Ada ") == "Ada"
    classes.join_class(engine, code, bob, "<img src=x onerror=1>")
    assert classes.class_info(engine, code).joined == 2
    assert classes.membership(engine, ada) == (code, "Ada")
    assert classes.post_run(engine, ada, run("a1", alpha=0.1, finished=True)) == code
    classes.post_run(engine, bob, run("b1", alpha=0.01, finished=True))
    assert classes.post_run(engine, eve, run("e1", finished=True)) is None    # did not join
    posts = classes.board(engine, code)
    assert sorted((p["nickname"], p["uid"], p["alpha"]) for p in posts) == [
        ("<img src=x onerror=1>", "b1", 0.01), ("Ada", "a1", 0.1)]
    assert {p["architecture"] for p in posts} == {"2-4-1"} and "student" not in posts[0]
    assert {p["dataset"] for p in posts} == {None}          # no saved run: no data set known
    store.save_run(engine, ada, run("a1", alpha=0.1, finished=True))
    assert {p["uid"]: p["dataset"] for p in classes.board(engine, code)} == {"a1": "flower",
                                                                           "b1": None}

    # a student deleting their runs takes them off the board; nobody else can clear it
    store.delete_runs(engine, bob)
    assert [p["uid"] for p in classes.board(engine, code)] == ["a1"]
    for who in (ada, eve):
        with pytest.raises(store.StoreError):
            classes.clear_board(engine, code, who)
        with pytest.raises(store.StoreError):
            classes.close_class(engine, code, who)
    assert classes.clear_board(engine, code, teacher) == 1 and classes.board(engine, code) == []

    classes.close_class(engine, code, teacher)
    assert not classes.class_info(engine, code).open and classes.membership(engine, ada) is None
    with pytest.raises(store.StoreError, match="closed"):
        classes.join_class(engine, code, eve, "Eve")
    with pytest.raises(store.StoreError, match="no class"):
        classes.join_class(engine, "ZZZZZZ", eve, "Eve")


def test_an_unreachable_database_raises_a_sqlalchemy_error_with_a_sentence(db_url, tmp_path):
    if db_url.startswith("sqlite"):
        url = f"sqlite:///{tmp_path / 'no-such-folder' / 'runs.sqlite'}"
    else:
        from loadtest.server import free_port
        url = f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/nn_test?connect_timeout=3"
    engine = create_engine(url)
    with pytest.raises(SQLAlchemyError) as err:
        store.create_schema(engine)
    assert db_faults.fault_sentence(err.value) == \
        "The database that keeps saved runs cannot be reached."


def test_a_full_sqlite_database_raises_a_sqlalchemy_error_with_a_sentence(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'runs.sqlite'}")

    @event.listens_for(engine, "connect")
    def small(dbapi_connection, _record):                  # SQLite's own size limit: 30 pages
        dbapi_connection.execute("PRAGMA max_page_count = 30")

    store.create_schema(engine)
    with pytest.raises(SQLAlchemyError) as err:
        for i in range(50):
            store.save_run(engine, student(1), run(f"r{i}", 2000, dims=(200, 20, 1), seed=i))
    assert db_faults.fault_sentence(err.value) == "The database that keeps saved runs is full."


def test_a_damaged_sqlite_file_is_set_aside(tmp_path):
    path = tmp_path / "runs.sqlite"
    engine = create_engine(f"sqlite:///{path}")
    store.create_schema(engine)
    store.save_run(engine, student(1), run())
    engine.dispose()
    assert db_faults.set_aside_if_damaged(path) is None                  # a sound file stays

    data = bytearray(path.read_bytes())
    data[:100] = b"this is not a database header" * 3 + b"x" * 13
    path.write_bytes(bytes(data))
    aside = db_faults.set_aside_if_damaged(path)
    assert aside is not None and aside.exists() and not path.exists()
    assert aside.name.startswith("runs.sqlite.damaged-")
    engine = create_engine(f"sqlite:///{path}")
    store.create_schema(engine)                                         # a new one starts
    assert store.load_runs(engine, student(1)) == []
    with sqlite3.connect(aside) as con, pytest.raises(sqlite3.DatabaseError):
        con.execute("select * from runs").fetchall()
