"""Which network answers: the app's trained model, the one trained in this session (kept in
memory; a file only for its download button) or an uploaded model file; and a model's answers
on the test photos."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import streamlit as st

from nn_core.metrics import Confusion, confusion_matrix, mistakes
from nn_core.train import predict_proba
from nn_io import models
from nn_io.errors import InputError
from nn_io.models import Model, model_input, save_model
from nn_ui.common import widgets_ui as widgets
from nn_ui.common.names import ACTIVATIONS, CATS, SCALINGS
from nn_ui.live.state import live_state

if TYPE_CHECKING:
    from nn_ui.live.run import LiveRun


#: Which network answers: name -> label.
MODEL_CHOICES = {"default": "The app's trained model", "session": "The one I trained here",
                 "upload": "A model file (.npz)"}


def session_model(run: LiveRun) -> Model:
    """The live run's network as a ``Model``, in memory (no file), for the photos only.

    ValueError when the run is not a network of photos. Made once per iteration reached.
    """
    if run.settings.dataset != CATS or run.inputs.scaling is None:
        raise ValueError("This network learned 2-D points, not photos.")
    t = run.trainer
    cached = run.model_cache
    if cached and cached[0] == t.iteration:
        return cached[1]
    parameters = {k: np.array(v, dtype=np.float64) for k, v in t.parameters.items()}
    for v in parameters.values():
        v.setflags(write=False)
    meta = {"layer_dims": list(t.layer_dims), "hidden_activation": t.hidden_activation,
            "leaky_alpha": t.leaky_alpha, "preprocessing": run.inputs.scaling,
            "class_names": list(run.inputs.class_names),
            "training": {"iterations": t.iteration, "learning_rate": run.alpha_text(),
                         "init": run.settings.init, "seed": run.settings.seed,
                         "status": t.status},
            "train_accuracy": t.train_accuracy(), "test_accuracy": t.test_accuracy()}
    model = Model(parameters, meta, run.inputs.stats)
    run.model_cache = (t.iteration, model)
    return model


def model_file(run: LiveRun) -> bytes:
    """The live run's network as the bytes of a .npz model file (``nn_io.models``), for the
    download button only (the page answers with ``session_model``)."""
    model = session_model(run)
    meta = dict(model.metadata)
    if model.stats is not None:
        meta["stats"] = model.stats
    return save_model(model.parameters, meta)


def choose_model(key: str, choices=tuple(MODEL_CHOICES), download_key: str | None = None,
                 **widget) -> Model | None:
    """The "Which network answers" control and the network it names, or None after the page
    said why there is none. ``choices``: keys of MODEL_CHOICES; ``download_key``: the session's
    network gets a download button under this key; ``widget``: more arguments of the radio
    (``persist_state`` or ``bind``). A model file's uploader has the key ``f"{key}_file"``."""
    choice = st.radio("Which network answers", list(choices), key=key,
                      format_func=MODEL_CHOICES.get, horizontal=True, **widget)
    if choice == "default":
        try:
            return models.load_default_model()
        except InputError as err:
            st.warning(err.message + " You can still use the network you train here"
                       + (", or upload a model file." if "upload" in choices else "."),
                       icon=":material/info:")
            return None
    if choice == "session":
        live = live_state(st.session_state).run
        if live is None or live.settings.dataset != CATS:
            st.info("No network trained on the cat photos in this session yet: on the Live "
                    "training page, pick the cat photos and press Play.", icon=":material/info:")
            st.page_link("app_pages/live_training.py", label="Go to Live training",
                         icon=":material/play_circle:")
            return None
        if live.trainer.iteration == 0:
            st.info("Your network has not trained yet (iteration 0): press Play on the Live "
                    "training page first.", icon=":material/info:")
            return None
        if download_key:
            st.download_button("Download my model (.npz)", lambda: model_file(live),
                               file_name="my_cat_model.npz", mime="application/octet-stream",
                               key=download_key, icon=":material/download:", on_click="ignore")
        return session_model(live)
    uploaded = st.file_uploader("Model file (.npz), saved by this app", type=["npz"],
                                key=f"{key}_file")
    if uploaded is None:
        return None
    model = read_model(st.session_state, f"{key}_kept", uploaded)
    if isinstance(model, InputError):
        widgets.input_error(model)
        return None
    return model


def read_model(state, key: str, file) -> Model | InputError:
    """``models.load_model`` of an uploaded model file, or its InputError: checked once per
    file (``state[key]`` keeps the last one), not at every rerun of the page."""
    kept = state.get(key)
    if kept is None or kept[0] != file.file_id:
        try:
            kept = (file.file_id, models.load_model(file.getvalue()))
        except InputError as err:
            kept = (file.file_id, err)
        state[key] = kept
    return kept[1]


def describe(model: Model) -> str:
    """"Network 12288-8-1, hidden activation ReLU, input pixels ÷ 255; train accuracy 95%"."""
    meta = model.metadata
    acc = [f"{name} accuracy {meta[key]:.0%}" for key, name in
           (("train_accuracy", "train"), ("test_accuracy", "test")) if meta.get(key) is not None]
    return (f"Network {'-'.join(map(str, model.layer_dims))}, hidden activation "
            f"{ACTIVATIONS.get(model.hidden_activation, model.hidden_activation)}, input "
            f"{SCALINGS.get(model.preprocessing, model.preprocessing)}"
            + (f"; {', '.join(acc)}" if acc else "") + ".")


@dataclass(frozen=True)
class TestAnswers:
    """A model's answers on the test photos. p: (m,) P(cat); labels, answers: (m,) 0/1."""

    p: np.ndarray
    labels: np.ndarray
    answers: np.ndarray
    confusion: Confusion
    mistakes: np.ndarray        # indices, most confident mistakes first

    def cell(self, true: int, answered: int) -> np.ndarray:
        """Indices of one cell of the confusion matrix, most confident first."""
        idx = self.confusion.indices(self.labels, self.answers, true, answered)
        return idx[np.argsort(-np.abs(self.p[idx] - 0.5), kind="stable")]


def test_answers(model, images: np.ndarray, labels: np.ndarray) -> TestAnswers:
    """P(cat) of ``model`` (an nn_io Model) for images (m, 64, 64, 3) uint8 with labels (m,)."""
    X = model_input(model, images)
    p = predict_proba(X, model.parameters, model.hidden_activation, model.leaky_alpha).ravel()
    y = np.asarray(labels).astype(int).ravel()
    answers = (p > 0.5).astype(int)
    return TestAnswers(p, y, answers, confusion_matrix(y, answers), mistakes(y, p))
