"""The live-training page's callbacks and its offer of the cat photos.

Callbacks run before the page's script (Streamlit's ``on_click``), so a press of Play, Pause,
Step or Reset is already in ``st.session_state`` when the page draws its buttons.
"""
from __future__ import annotations

import streamlit as st

from classroom import BUDGET
from nn_io import catdata
from nn_io.errors import InputError
from nn_ui import session, widgets
from nn_ui.names import CATS, SUGGESTED_LEARNING_RATE

state = st.session_state


def play(target: int) -> None:
    live = state.get("live")
    if live is not None and live.trainer.iteration < target and not live.trainer.diverged:
        state["playing"] = True


def pause() -> None:
    state["playing"] = False
    session.save_run(state)


def step() -> None:
    live = state.get("live")
    if live is not None:
        session.train(live, 1, budget=BUDGET, wait=5.0)
        session.save_run(state, live)


def reset(learning_rate: float) -> None:
    live = state.get("live")
    state["playing"] = False
    if live is None:
        return
    session.save_run(state, live)
    state["live"] = session.new_run(state, live.settings, learning_rate)
    state["notice"] = "A new network with the same settings: back to iteration 0."


def on_dataset_change() -> None:
    """A new data set: suggest the learning rate that suits it (the learner may change it)."""
    kind = CATS if state.get("dataset") == CATS else "toy"
    state["lr"] = SUGGESTED_LEARNING_RATE[kind]


def cat_data_offer() -> None:
    """The cat photos are not here: offer the download, or the upload of the two .h5 files."""
    st.warning("The cat photos are not on this server yet. Download them (about 3 MB), or "
               "upload the course's two files. Or pick a 2-D data set in the sidebar: they need "
               "no download.", icon=":material/download:")
    left, right = st.columns(2, gap="large")
    with left, st.container(border=True):
        st.markdown("**Download** from the public copies (checked by their SHA-256)")
        if st.button("Download the cat photos", key="cat_download", icon=":material/download:"):
            bar = st.progress(0.0, text="Starting the download…")
            try:
                catdata.download_cat_data(
                    progress=lambda fraction, text: bar.progress(fraction, text=text))
            except InputError as err:
                widgets.input_error(err)
            else:
                st.rerun()
    with right, st.container(border=True):
        st.markdown("**Upload** `train_catvnoncat.h5` and `test_catvnoncat.h5`")
        train_file = st.file_uploader("Training file (train_catvnoncat.h5)", type=["h5", "hdf5"],
                                      key="cat_train_h5")
        test_file = st.file_uploader("Test file (test_catvnoncat.h5)", type=["h5", "hdf5"],
                                     key="cat_test_h5")
        if st.button("Use these files", key="cat_use_upload",
                     disabled=train_file is None or test_file is None):
            try:
                with st.spinner("Checking the files…"):
                    data = catdata.load_cat_h5_upload(train_file.getvalue(), test_file.getvalue())
            except InputError as err:
                widgets.input_error(err)
            else:
                state["cat_upload"] = data
                state.pop("cat_upload_inputs", None)
                st.rerun()
