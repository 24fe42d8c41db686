"""The class board page in AppTest, on SQLite and the test PostgreSQL server (``db_url``): a
teacher opens a class, students join with the code and a nickname (from the QR link's
``?join=``), each finished run of a member is posted, an outsider's is not; a bad code or an
empty nickname gets a sentence; only the teacher clears and closes."""
from __future__ import annotations

import pytest
from sqlalchemy import create_engine

from classroom import classes, store
from tests.app import helpers
from tests.app.test_saved import session

TEACHER, ADA, BOB, EVE = (store.student_id(c * 64) for c in "abcd")


def board(db_url, student, monkeypatch, **query):
    at = session(db_url, student, monkeypatch)
    for k, v in query.items():
        at.query_params[k] = v
    at.switch_page("app_pages/class_board.py").run()
    helpers.no_exception(at)
    return at


def finish_a_run(at, dataset="moons", iterations=3):
    at.switch_page("app_pages/live_training.py").run()
    at.selectbox(key="dataset").set_value(dataset).run()
    at.number_input(key="iterations").set_value(iterations).run()
    end, _ = helpers.play_live(at)                  # Play, the browser's side played here
    assert end == iterations and helpers.live_of(at).run.trainer.iteration == iterations


def join(db_url, student, code, nickname, monkeypatch):
    at = board(db_url, student, monkeypatch, join=code)
    assert at.text_input(key="board_code_typed").value == code.upper()   # from the QR link
    at.text_input(key="board_nickname").set_value(nickname)
    at.get("form_submit_button")[0].click().run()
    return at


def opened_code(db_url) -> str:
    engine = create_engine(db_url)
    try:
        return classes.teaching(engine, TEACHER)[0]
    finally:
        engine.dispose()


def test_a_class_from_opening_to_closing(db_url, monkeypatch):
    teacher = board(db_url, TEACHER, monkeypatch)
    teacher.button(key="board_open").click().run()
    code = opened_code(db_url)
    assert any(f">{code}</div>" in m.value for m in teacher.markdown)   # shown large
    assert f"class_board?join={code}" in helpers.texts(teacher)

    ada = join(db_url, ADA, code, "Ada", monkeypatch)
    assert f"You are in class **{code}** as **Ada**" in helpers.texts(ada)
    finish_a_run(ada, "moons")
    bob = join(db_url, BOB, code.lower(), "  <i>Bob</i>  ", monkeypatch)
    finish_a_run(bob, "circles")
    eve = session(db_url, EVE, monkeypatch)                          # never joins
    finish_a_run(eve, "xor")

    teacher.run()
    m = {x.label: x.value for x in teacher.metric}
    assert m["Students joined"] == "2" and m["Runs posted"] == "2"
    table = teacher.dataframe[0].value
    assert sorted(table["nickname"]) == ["<i>Bob</i>", "Ada"]
    assert set(table["network"]) == {"2-8-1"}
    # moons and circles: each data set named, and each its own best run (not compared)
    assert dict(zip(table["nickname"], table["data set"])) == {"Ada": "moons",
                                                               "<i>Bob</i>": "circles"}
    said = helpers.texts(teacher)
    assert "Best run on moons:** Ada" in said and "Best run on circles:**" in said, said

    # a student has no teacher's buttons; the teacher clears, then closes
    assert "board_clear" not in [b.key for b in board(db_url, ADA, monkeypatch).button]
    teacher.button(key="board_clear").click().run()
    assert {x.label: x.value for x in teacher.metric}["Runs posted"] == "0"
    teacher.button(key="board_close").click().run()
    assert [b.key for b in teacher.button if b.key == "board_open"] == ["board_open"]
    again = board(db_url, ADA, monkeypatch)
    assert "You are in class" not in helpers.texts(again)             # closed: back to join


@pytest.mark.parametrize("code,nickname,said", [
    ("K7QX3", "Ada", "A class code is 6 letters and digits"),
    ("ZZZZZZ", "Ada", "There is no class ZZZZZZ"),
    ("OPEN", "   ", "Type a nickname"),
])
def test_a_wrong_code_or_nickname_gets_a_sentence(db_url, monkeypatch, code, nickname, said):
    if code == "OPEN":
        teacher = board(db_url, TEACHER, monkeypatch)
        teacher.button(key="board_open").click().run()
        code = opened_code(db_url)
    at = board(db_url, ADA, monkeypatch)
    at.text_input(key="board_code_typed").set_value(code)
    at.text_input(key="board_nickname").set_value(nickname)
    at.get("form_submit_button")[0].click().run()
    helpers.no_exception(at)
    assert said in " ".join(e.value for e in at.error)


def test_the_qr_code_says_phones_cannot_reach_an_address_of_this_computer_only(
        db_url, monkeypatch):
    from nn_ui.common import address_ui as address
    monkeypatch.setattr(address, "only_this_computer", lambda: True)
    teacher = board(db_url, TEACHER, monkeypatch)
    teacher.button(key="board_open").click().run()
    said = " ".join(w.value for w in teacher.warning)
    assert "phones and other computers cannot reach it" in said and "make serve" in said
    monkeypatch.setattr(address, "only_this_computer", lambda: False)
    teacher.run()
    assert not any("cannot reach it" in w.value for w in teacher.warning)


@pytest.mark.parametrize("dataset", [
    "moons",                                      # computed live, a few chunks ahead of Done
    pytest.param(None, marks=helpers.needs_cat_data),   # the default cat run, on the server
])
def test_a_run_is_posted_when_its_end_is_shown_not_when_it_is_computed(
        db_url, monkeypatch, dataset):
    teacher = board(db_url, TEACHER, monkeypatch)
    teacher.button(key="board_open").click().run()
    ada = join(db_url, ADA, opened_code(db_url), "Ada", monkeypatch)
    ada.switch_page("app_pages/live_training.py").run()
    if dataset is not None:
        ada.selectbox(key="dataset").set_value(dataset).run()
        ada.number_input(key="iterations").set_value(30).run()
    target = ada.number_input(key="iterations").value
    end, _ = helpers.play_live(ada, most=200, watch=False)    # Play: computed to its end...
    assert end == target
    teacher.run()
    assert {x.label: x.value for x in teacher.metric}["Runs posted"] == "0"   # ...not seen yet
    helpers.show_done(ada)                                    # the browser shows Done
    teacher.run()
    assert {x.label: x.value for x in teacher.metric}["Runs posted"] == "1"
