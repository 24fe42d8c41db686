"""The class board page's logic: open a class, join one, draw its board live.

The page calls ``show()``. Who may do what is decided in ``classroom.store`` (only the teacher
who opened a class clears or closes it; every run belongs to the student whose browser token
saved it); here are the forms, the join link (``?join=CODE``, never a token) and the live
redraw (a fragment every BOARD_SECONDS).
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from classroom import classes, store
from nn_ui.common import address_ui as address, widgets_ui as widgets
from nn_ui.runs import student_db_ui as student_db
from nn_ui.figures.board import ACTIVATION_NAMES, best_by_dataset, board_figure, dataset_name

#: Seconds between two redraws of the board (one small query each).
BOARD_SECONDS = 4.0
PAGE = "app_pages/class_board.py"


def join_link(code: str) -> str:
    return address.page_url(PAGE, {"join": code})


def _code_from_url() -> str | None:
    code = classes.clean_code(st.query_params.get("join"))
    return code


def _start(student: str) -> None:
    """Neither teaching nor joined: join a class, or open one."""
    left, right = st.columns(2, gap="large")
    with left, st.container(border=True, key="join_form"):
        st.subheader("Join a class")
        st.caption("Type the code on the board and a nickname: no account, no real name. "
                   "Your finished runs appear on the class board under that nickname.")
        with st.form("join", border=False):
            code = st.text_input("Class code", _code_from_url() or "", max_chars=12,
                                 key="board_code_typed", placeholder="K7QX3M")
            nick = st.text_input("Nickname", max_chars=store.NICKNAME_MAX, key="board_nickname",
                                 placeholder="e.g. Blue Fox")
            pressed = st.form_submit_button("Join", type="primary", icon=":material/login:")
        if pressed:
            try:
                kept = student_db.call(classes.join_class, code, student, nick)
            except store.StoreError as err:
                st.error(err.message, icon=":material/error:")
            else:
                if kept is not None:
                    st.query_params.pop("join", None)
                    st.rerun()
    with right, st.container(border=True, key="open_form"):
        st.subheader("For the teacher: open a class")
        st.caption("A short code and its QR code to show on the projector. Students join with "
                   "it; each run they finish appears here, live. Only this browser can clear "
                   "the board or close the class.")
        if st.button("Open a class", key="board_open", icon=":material/co_present:"):
            if student_db.call(classes.open_class, student) is not None:
                st.rerun()


def _board(code: str, teacher: bool) -> None:
    """The board of class ``code``, redrawn every BOARD_SECONDS."""

    @st.fragment(run_every=BOARD_SECONDS)
    def live():
        info = student_db.call(classes.class_info, code)
        posts = student_db.call(classes.board, code)
        if info is None or posts is None:
            st.warning(student_db.fault() or f"Class {code} is gone.", icon=":material/cloud_off:")
            return
        if not info.open:
            st.info(f"Class {code} is closed.", icon=":material/info:")
            return
        m1, m2, m3 = st.columns(3)
        m1.metric("Students joined", info.joined)
        m2.metric("Runs posted", len(posts))
        diverged = sum(1 for p in posts if p.get("diverged"))
        m3.metric("Diverged (not drawn)", diverged)
        if not posts:
            st.info("No runs yet: each run a student finishes (Done, or diverged) on the Live "
                    "training page appears here.", icon=":material/hourglass_empty:")
            return
        left, right = st.columns(2, gap="medium")        # stacked on a phone
        with left:
            widgets.chart(board_figure(posts, "cost"), key="board_cost")
        with right:
            widgets.chart(board_figure(posts, "accuracy"), key="board_accuracy")
        for dataset, best in best_by_dataset(posts).items():   # runs on one data set compared
            acc = best.get("test_accuracy")
            st.markdown(f"**Best run on {dataset}:** {widgets_escape(best['nickname'])} · "
                        f"{best['architecture']} · "
                        f"{ACTIVATION_NAMES.get(best['activation'], best['activation'])} · "
                        f"α {best['alpha_text']}"
                        + (f" · test accuracy {acc:.0%}" if acc is not None else ""))
        table = pd.DataFrame([{
            "nickname": p["nickname"], "data set": dataset_name(p), "network": p["architecture"],
            "activation": ACTIVATION_NAMES.get(p["activation"], p["activation"]),
            "α": p["alpha_text"],
            "final cost J": p["final_cost"],
            "test accuracy": None if p["test_accuracy"] is None else 100 * p["test_accuracy"],
            "status": "diverged" if p["diverged"] else "done"} for p in reversed(posts)])
        st.dataframe(table, hide_index=True, key="board_table", column_config={
            "final cost J": st.column_config.NumberColumn(format="%.4f"),
            "test accuracy": st.column_config.NumberColumn(format="%.0f %%")})

    live()


def widgets_escape(text: str) -> str:
    """Plain text for st.markdown: Markdown and HTML characters escaped."""
    out = []
    for ch in str(text):
        out.append("\\" + ch if ch in "\\`*_{}[]()#+-.!|<>~$:" else ch)
    return "".join(out)


def _teacher(code: str, student: str) -> None:
    link = join_link(code)
    with st.container(border=True, key="board_code"):
        left, right = st.columns([4, 1], vertical_alignment="center")
        with left:
            st.markdown(f"<div style='font-size:1.2rem'>Class code</div>"
                        f"<div data-testid='class-code' style='font-size:4.8rem;font-weight:700;"
                        f"letter-spacing:0.12em;line-height:1.05'>{code}</div>",
                        unsafe_allow_html=True)
            st.markdown(f"Students: open **Class board**, type the code and a nickname, or scan "
                        f"the QR code: `{link}`")
            if address.only_this_computer():       # as Home's teacher box says
                st.warning("This address is this computer's own: phones and other computers "
                           "cannot reach it, so the QR code will not work for them. Start the "
                           "app with `make serve` (or `make serve HTTPS=1`) to let the class in.",
                           icon=":material/wifi_off:")
        right.image(address.qr_png(link), width=170)
    _board(code, teacher=True)
    c1, c2, _ = st.columns([1.3, 1.3, 3])
    if c1.button("Clear the board", key="board_clear", icon=":material/delete_sweep:"):
        student_db.call(classes.clear_board, code, student)
        st.rerun()
    if c2.button("Close the class", key="board_close", icon=":material/lock:"):
        student_db.call(classes.close_class, code, student)
        st.rerun()
    _remove(code, student)


def _remove(code: str, teacher: str) -> None:
    """The teacher removes one entry of the board, or one student with their entries."""
    posts = student_db.call(classes.board, code) or []
    names = student_db.call(classes.members_of, code) or []
    with st.expander("Remove one entry or one student", key="board_remove_open"):
        entry = st.selectbox("Entry", [p["uid"] for p in reversed(posts)], key="board_entry",
                             format_func=lambda uid: next(
                                 f"{p['nickname']} · {p['architecture']} · α {p['alpha_text']}"
                                 for p in posts if p["uid"] == uid), index=None)
        if st.button("Remove this entry", key="board_remove_entry", disabled=entry is None):
            student_db.call(classes.remove_post, code, teacher, entry)
            st.rerun()
        who = st.selectbox("Student", names, key="board_student", index=None)
        if st.button("Remove this student and their entries", key="board_remove_student",
                     disabled=who is None):
            student_db.call(classes.remove_member, code, teacher, who)
            st.rerun()


def _member(code: str, nickname: str, student: str) -> None:
    st.success(f"You are in class **{code}** as **{widgets_escape(nickname)}**. Each run you "
               "finish on the Live training page is posted here.", icon=":material/group:")
    _board(code, teacher=False)
    if st.button("Leave the class", key="board_leave", icon=":material/logout:"):
        student_db.call(classes.leave_class, code, student)
        st.rerun()


def show() -> None:
    """The page: who this browser is, then the teacher's board, a member's, or the forms."""
    student = st.session_state.get("student")
    if student is None:
        st.info("Waiting for this browser to say who you are…", icon=":material/hourglass_empty:")
        st.stop()
    try:
        codes = student_db.call(classes.teaching, student)
        joined = student_db.call(classes.membership, student)
    except store.StoreError as err:
        st.error(err.message)
        st.stop()
    if codes is None or student_db.fault():
        st.stop()                      # the sentence is at the top of the page (student_db.fault)
    if codes:
        _teacher(codes[0], student)
    elif joined is not None:
        _member(joined[0], joined[1], student)
    else:
        _start(student)
