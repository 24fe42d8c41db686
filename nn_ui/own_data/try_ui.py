"""The page piece "Try it": a new photo (uploader ``own_try``, or the camera ``own_try_camera``)
through the network trained on the learner's photos; the answer in the container
``own_answer``: the class chosen first, P for each class, the 64 x 64 input, the learner's
photos nearest to it (``nn_ui.own_data.answer``), and the lesson in words."""
from __future__ import annotations

import streamlit as st
from PIL import Image

from nn_io.errors import InputError, quoted
from nn_io.images import MAX_UPLOAD_BYTES
from nn_ui.common import widgets_ui as widgets
from nn_ui.data_sets.inputs import Inputs
from nn_ui.own_data.answer import answer, lesson
from nn_ui.own_data.model import OwnData
from nn_ui.prediction.photo_choice_ui import read_photo


def _photo():
    """The photo to try, decoded once (``read_photo``), and its file's name; None (the page
    said why not)."""
    raw = st.file_uploader(f"A new photo (up to {MAX_UPLOAD_BYTES // 2**20} MB)", key="own_try")
    if st.toggle("Or take it with the camera", key="own_try_camera_on"):
        shot = st.camera_input("Take a photo to try", key="own_try_camera", width=480)
        raw = shot if shot is not None else raw
    if raw is None:
        return None
    photo = read_photo(st.session_state, "own_try_kept", raw)
    if isinstance(photo, InputError):
        widgets.input_error(photo)
        return None
    return photo, raw.name


def try_it(own: OwnData, run, inputs: Inputs | None) -> None:
    """The controls and the answer of the network ``run`` (a LiveRun on ``inputs``, or None)."""
    tried = _photo()
    with st.container(key="own_answer"):
        if run is None or inputs is None or run.inputs is not inputs:
            st.caption("Train the network on your photos above: then it answers here.")
            return
        if tried is None:
            st.caption("Give it a photo it has never seen: the answer appears here.")
            return
        photo, name = tried
        t = run.trainer
        data = own.dataset()
        a = answer(photo.image64, t.parameters, t.hidden_activation, data, t.leaky_alpha)
        st.markdown(f"### It says: **{a.chosen}**")
        names = data.class_names
        cols = st.columns(2)
        for c, col in enumerate(cols):
            col.progress(a.p[c], text=f"P({names[c]}) = {a.p[c]:.3f}")
        st.caption(f"The network as trained so far: iteration {t.iteration:,}"
                   + (" (it diverged: press Reset)" if t.diverged else "") + ".")
        seen, near = st.columns([1, 3])
        with seen:
            st.image(Image.fromarray(photo.image64).resize((128, 128), Image.Resampling.NEAREST),
                     caption=f"What it sees of {quoted(name, 24)}: 64 × 64", width=128)
        with near:
            st.markdown("**Your photos it finds nearest** (in its last hidden layer, what its "
                        "output unit reads):")
            st.image([n.image64 for n in a.nearest], width=96, output_format="PNG",
                     caption=[f"{n.class_name} · {n.distance:.2f}" for n in a.nearest])
        st.markdown("\n\n".join(lesson(a, data, t.train_accuracy(), t.test_accuracy())))
