"""The class board against look-alike nicknames and the teacher's finer removals
(``classroom.nicknames``, ``classroom.store``), on a real SQLite file and PostgreSQL."""
import pytest

from classroom import classes, store
from classroom.nicknames import same
from tests.classroom.test_store import engine, run, student  # noqa: F401 - the fixture


@pytest.mark.parametrize("shown", ["alice", "ALICE", "Аlice", "Ａｌｉｃｅ", "A l i c e", "AIice",
                                   "Al\u200bice", "Alicé"])
def test_names_that_read_the_same_are_the_same(shown):
    assert same(shown, "Alice")


def test_names_that_read_differently_stay_apart():
    names = ("Alice", "Alina", "Ali", "Bob", "Bobby", "Eve", "Ian", "Iris")
    assert not any(same(a, b) for a in names for b in names if a != b)


def test_a_nickname_is_unique_in_its_class(engine):
    teacher, ada, eve = student(1), student(2), student(3)
    code = classes.open_class(engine, teacher)
    classes.join_class(engine, code, ada, "Alice")
    for twin in ("Alice", "Аlice", "ALICE"):
        with pytest.raises(store.StoreError, match="looks the same"):
            classes.join_class(engine, code, eve, twin)
    assert classes.join_class(engine, code, ada, "alice ") == "alice"     # herself: allowed
    other = classes.open_class(engine, student(4))
    assert classes.join_class(engine, other, eve, "Alice") == "Alice"      # another class


def test_the_teacher_removes_one_entry_or_one_student(engine):
    teacher, ada, bob = student(1), student(2), student(3)
    code = classes.open_class(engine, teacher)
    classes.join_class(engine, code, ada, "Ada")
    classes.join_class(engine, code, bob, "Bob")
    for who, uid in ((ada, "a1"), (ada, "a2"), (bob, "b1")):
        saved = run(uid=uid, finished=True)
        store.save_run(engine, who, saved)
        classes.post_run(engine, who, saved)
    with pytest.raises(store.StoreError, match="Only the teacher"):
        classes.remove_post(engine, code, bob, "a1")
    assert classes.remove_post(engine, code, teacher, "a1") == 1
    assert sorted(p["uid"] for p in classes.board(engine, code)) == ["a2", "b1"]
    assert classes.remove_member(engine, code, teacher, "Bob") == 1
    assert [p["uid"] for p in classes.board(engine, code)] == ["a2"]
    assert classes.members_of(engine, code) == ["Ada"]
    assert [r.uid for r in store.load_runs(engine, bob)] == ["b1"]        # still his own
