"""Which network answers: the session's network as a model file (``nn_io.models``), and a
model's answers on the test photos."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from nn_core.metrics import Confusion, confusion_matrix, mistakes
from nn_core.train import predict_proba
from nn_io.models import model_input, save_model
from nn_ui.names import CATS

if TYPE_CHECKING:
    from nn_ui.live_run import LiveRun


def model_file(run: LiveRun) -> bytes:
    """The live run's network as a .npz model file (nn_io.models), for the photos only.

    ValueError when the run is not a network of photos. Made once per iteration reached.
    """
    if run.settings.dataset != CATS or run.inputs.scaling is None:
        raise ValueError("This network learned 2-D points, not photos.")
    cached = run._model_file
    if cached and cached[0] == run.trainer.iteration:
        return cached[1]
    t = run.trainer
    meta = {"hidden_activation": t.hidden_activation, "leaky_alpha": t.leaky_alpha,
            "preprocessing": run.inputs.scaling, "class_names": list(run.inputs.class_names),
            "training": {"iterations": t.iteration, "learning_rate": run.alpha_text(),
                         "init": run.settings.init, "seed": run.settings.seed,
                         "status": t.status},
            "train_accuracy": t.train_accuracy(), "test_accuracy": t.test_accuracy()}
    if run.inputs.stats is not None:
        meta["stats"] = run.inputs.stats
    data = save_model(t.parameters, meta)
    run._model_file = (t.iteration, data)
    return data


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
