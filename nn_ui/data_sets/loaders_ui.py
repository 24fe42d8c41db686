"""Where a page's data come from: the cat photos and the 2-D sets (made into the network's
input by ``nn_ui.data_sets.inputs``; a student's own photo: ``nn_ui.prediction.photo_choice_ui``).

* Shared, read-only, computed once per server (``st.cache_resource``): the cat photos as read,
  and as X for each input scaling (with the Gram matrix X^T X the trainer reuses).
* One student's: an uploaded copy of the cat data (``st.session_state["cat_upload"]``).
* What a page says when the cat photos are not on the server: ``no_cat_photos``,
  ``cat_data_or_stop``, and on the live page ``cat_data_offer`` (download or upload them).
"""
from __future__ import annotations

from typing import NoReturn

import numpy as np
import streamlit as st

from classroom import SLOTS
from nn_core.datasets import DATASETS as TOY_MAKERS
from nn_core.preprocessing import standardize
from nn_io import catdata
from nn_io.errors import InputError
from nn_ui.common import widgets_ui as widgets
from nn_ui.data_sets.inputs import TOY_TEST_SEED, Inputs, photo_inputs, read_only
from nn_ui.common.names import CATS, TOY_DATASETS

#: Seconds an uploaded data set waits for a compute slot to be prepared (then it goes ahead).
UPLOAD_PREPARE_WAIT = 60.0
#: Data sets offered by the experiments: the 2-D sets, then the photos when the server has them.
DATA_CHOICES = (*TOY_DATASETS, CATS)
#: The three input scalings of experiment 3.
SCALING_NAMES = ("raw 0–255", "÷ 255", "standardised")


@st.cache_resource(show_spinner="Reading the cat photos…", max_entries=4)
def _cat_data_from_folder(folder: str) -> catdata.CatData:
    return catdata.load_cat_data(folder)


def cat_data() -> catdata.CatData | None:
    """The cat photos: the session's uploaded copy, else the server's files, else None.

    Raises ``nn_io.errors.InputError`` when the server's files are there but unusable.
    """
    uploaded = st.session_state.get("cat_upload")
    if uploaded is not None:
        return uploaded
    folder = catdata.find_cat_data()
    return None if folder is None else _cat_data_from_folder(str(folder))


@st.cache_resource(show_spinner="Preparing the photos for the network…", max_entries=8)
def _shared_cat_inputs(folder: str, scaling: str) -> Inputs:
    return photo_inputs(_cat_data_from_folder(folder), scaling)


def cat_inputs(scaling: str) -> Inputs | None:
    """The cat photos as X (n_x, 209) with ``scaling``, or None when there are none.

    A session's uploaded photos are prepared in a compute slot (waiting its turn, at most
    ``UPLOAD_PREPARE_WAIT`` seconds) and only one scaling is kept: a new scaling replaces the
    last one, whose arrays are let go first.
    """
    uploaded = st.session_state.get("cat_upload")
    if uploaded is not None:
        kept = st.session_state.get("cat_upload_inputs")
        if not isinstance(kept, Inputs) or kept.scaling != scaling:
            st.session_state.pop("cat_upload_inputs", None)
            kept = None
            slot = SLOTS.acquire(UPLOAD_PREPARE_WAIT)
            try:
                kept = photo_inputs(uploaded, scaling)
            finally:
                if slot is not None:
                    slot.release()
            st.session_state["cat_upload_inputs"] = kept
        return kept
    folder = catdata.find_cat_data()
    return None if folder is None else _shared_cat_inputs(str(folder), scaling)


@st.cache_resource(max_entries=16)
def toy_inputs(name: str) -> Inputs:
    """A generated 2-D data set (nn_core.datasets) with its own test set, read-only."""
    make = TOY_MAKERS[name]
    X, Y = make(seed=1)
    X_test, Y_test = make(seed=TOY_TEST_SEED)
    X, X_test = np.asarray(X, float), np.asarray(X_test, float)
    Y, Y_test = np.asarray(Y, float).reshape(1, -1), np.asarray(Y_test, float).reshape(1, -1)
    read_only(X, Y, X_test, Y_test)
    return Inputs(X, Y, X_test, Y_test, ("class 0", "class 1"))


def inputs_for(dataset: str, scaling: str = "scale") -> Inputs | None:
    """The shared read-only inputs of ``dataset`` (None for the photos when they are absent)."""
    return cat_inputs(scaling) if dataset == CATS else toy_inputs(dataset)


def cats_or_flower() -> Inputs:
    """The cat photos (pixels ÷ 255), or the 2-D "flower" set when they are not here."""
    inputs = cat_inputs("scale")
    return inputs if inputs is not None else toy_inputs("flower")


def scaled_variants(dataset: str) -> dict[str, tuple] | None:
    """Three versions of the same inputs: "raw 0–255", "÷ 255" and "standardised".

    Photos: the pixels as stored, / 255, and standardised per feature. A 2-D set (the fallback
    without photos): its points mapped to 0-255 (x -> 255 (x - min) / (max - min)), those / 255,
    and those standardised. -> {name: (X (n_x, m), Y (1, m), gram X^T X or None)}, or None
    without the data.
    """
    if dataset == CATS:
        out = {}
        for name, mode in zip(SCALING_NAMES, ("raw", "scale", "standardize")):
            inp = cat_inputs(mode)
            if inp is None:
                return None
            out[name] = (inp.X, inp.Y, inp.gram)
        return out
    inp = toy_inputs(dataset)
    lo, hi = inp.X.min(axis=1, keepdims=True), inp.X.max(axis=1, keepdims=True)
    raw = 255.0 * (inp.X - lo) / (hi - lo)
    return dict(zip(SCALING_NAMES, ((raw, inp.Y, None), (raw / 255.0, inp.Y, None),
                                    (standardize(raw)[0], inp.Y, None))))


# ----- the cat photos: there, or what the page says ---------------------------------------------
def have_cats() -> bool:
    """True when the cat photos can be read (an unusable file is shown as a sentence)."""
    try:
        return cat_data() is not None
    except InputError as err:
        widgets.input_error(err)
        return False


def data_choices() -> list[str]:
    """The data sets a page offers: the photos only when they are there."""
    return [d for d in DATA_CHOICES if d != CATS or have_cats()]


def no_cat_photos() -> None:
    """What a page says when the course's cat photos are not on the server."""
    st.info("The course's cat photos (train_catvnoncat.h5 and test_catvnoncat.h5) are not on "
            "this server, so this cannot run. The Live training page shows how to add them.",
            icon=":material/info:")
    st.page_link("app_pages/live_training.py", label="Go to Live training",
                 icon=":material/play_circle:")


def cat_data_or_none():
    """The cat photos (``nn_io.catdata.CatData``), or None after the page said why not."""
    try:
        cats = cat_data()
    except InputError as err:
        widgets.input_error(err)
        return None
    if cats is None:
        no_cat_photos()
    return cats


def cat_data_or_stop():
    """The cat photos (``nn_io.catdata.CatData``), or the page says why not and stops."""
    cats = cat_data_or_none()
    if cats is None:
        st.stop()
    return cats


def no_cat_inputs() -> NoReturn:
    """A page that offers the 2-D sets too, asked for the photos that are not here: it says so
    and stops."""
    st.warning("The cat photos are not on this server: pick a 2-D data set.",
               icon=":material/info:")
    st.stop()


def inputs_or_stop(dataset: str, scaling: str = "scale") -> Inputs:
    """``inputs_for(dataset, scaling)``, or the page says the photos are not here and stops."""
    inputs = inputs_for(dataset, scaling)
    if inputs is None:
        no_cat_inputs()
    return inputs


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
                st.session_state["cat_upload"] = data
                st.session_state.pop("cat_upload_inputs", None)
                st.rerun()
