"""The class board page (AppTest, a real SQLite file): a look-alike nickname gets its sentence,
and the teacher removes one entry, then one student."""
from __future__ import annotations

import pytest

from tests.app import helpers
from tests.app.test_class_board import (ADA, BOB, TEACHER, board, finish_a_run, join,
                                        opened_code)


@pytest.fixture
def sqlite_url(tmp_path):
    return f"sqlite:///{tmp_path / 'runs.sqlite'}"


def test_a_twin_nickname_is_refused_and_the_teacher_removes_an_entry_then_a_student(
        sqlite_url, monkeypatch):
    teacher = board(sqlite_url, TEACHER, monkeypatch)
    teacher.button(key="board_open").click().run()
    code = opened_code(sqlite_url)
    ada = join(sqlite_url, ADA, code, "Alice", monkeypatch)
    finish_a_run(ada, "moons")
    twin = join(sqlite_url, BOB, code, "Аlice", monkeypatch)           # a Cyrillic А
    assert "looks the same: choose another nickname" in helpers.texts(twin)
    bob = join(sqlite_url, BOB, code, "Bob", monkeypatch)
    finish_a_run(bob, "moons")
    finish_a_run(bob, "flower")

    teacher = board(sqlite_url, TEACHER, monkeypatch)
    entries = teacher.selectbox(key="board_entry").options
    assert len(entries) == 3
    alice = next(i for i, label in enumerate(entries) if label.startswith("Alice"))
    teacher.selectbox(key="board_entry").select_index(alice).run()
    teacher.button(key="board_remove_entry").click().run()
    helpers.no_exception(teacher)
    assert len(teacher.selectbox(key="board_entry").options) == 2
    teacher.selectbox(key="board_student").set_value("Bob").run()
    teacher.button(key="board_remove_student").click().run()
    helpers.no_exception(teacher)
    assert teacher.selectbox(key="board_entry").options == []
    assert teacher.selectbox(key="board_student").options == ["Alice"]
