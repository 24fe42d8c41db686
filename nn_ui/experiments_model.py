"""The work behind experiments 6-9: one function a page calls, on top of nn_core and nn_io.

* ``check_gradients``: back-propagation against central differences, with a planted bug or not.
* ``cost_and_accuracy``: a training run that records test accuracy at intervals.
* ``test_answers``: a model's P(cat) for every test photo, its confusion matrix and mistakes.
* ``photo_over_training``: P(cat) of photos at each snapshot of a training run.

Training goes through ``classroom.train_click`` (a compute slot, the per-click budget), like live
training. The runs of experiments 7 and 9 with the pages' default settings are the same for every
student: they are trained once per server (``classroom.SHARED``) and shared read-only. No drawing
here: the pages draw with ``nn_ui.figures_experiments_model``.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import streamlit as st

from classroom import LIMITS, train_click
from classroom.shared import SHARED, CacheBusy
from nn_core import Activation, Trainer, get_activation, initialize_parameters, model_backward
from nn_core.forward import model_forward
from nn_core.gradcheck import BAD, GOOD, GradCheckResult, gradient_check
from nn_core.metrics import Confusion, baselines, class_balance, confusion_matrix, mistakes
from nn_core.train import predict_proba
from nn_io.errors import InputError
from nn_ui import session, widgets

#: Seconds a heavy click waits in line for a compute slot before it says "busy".
WAIT_SECONDS = 10.0
#: The pages' default settings: (hidden, learning_rate, iterations, every, seed).
COST_ACCURACY_DEFAULTS = (8, 0.0075, 2500, 25, 1)
OVER_TRAINING_DEFAULTS = (8, 0.0075, 2500, 50, 1)


class _Incomplete(Exception):
    """A run cut short (busy, deadline): given to its caller, never kept in the shared cache."""

    def __init__(self, result):
        super().__init__("incomplete run")
        self.result = result


def _once_per_server(key: tuple, compute):
    """``compute()`` (a frozen dataclass with ``complete``) once per server for ``key``, the
    frozen result shared read-only by every session; an incomplete run is not kept."""
    def complete_or_raise():
        result = compute()
        if not result.complete:
            raise _Incomplete(result)
        return result
    try:
        return SHARED.get_or_compute(key, complete_or_raise, wait=WAIT_SECONDS)
    except _Incomplete as cut:
        return cut.result
    except CacheBusy:               # another session's computation is still under way
        return compute()


# ----- shared page pieces ----------------------------------------------------------------------
def no_cat_photos() -> None:
    """What a page says when the course's cat photos are not on the server."""
    st.info("The course's cat photos (train_catvnoncat.h5 and test_catvnoncat.h5) are not on "
            "this server, so this experiment cannot run. The Live training page shows how to "
            "add them.", icon=":material/info:")
    st.page_link("app_pages/live_training.py", label="Go to Live training",
                 icon=":material/play_circle:")


def cat_data_or_stop():
    """The cat photos (``nn_io.catdata.CatData``), or the page says why not and stops."""
    try:
        cats = session.cat_data()
    except InputError as err:
        widgets.input_error(err)
        st.stop()
    if cats is None:
        no_cat_photos()
        st.stop()
    return cats


def _cat_trainer(inputs, hidden: int, learning_rate: float, seed: int, **options) -> Trainer:
    """A 12288-hidden-1 ReLU network, He initialisation, on the cat photos (test set attached)."""
    return Trainer(inputs.X, inputs.Y, [inputs.X.shape[0], int(hidden), 1], "relu",
                   learning_rate=learning_rate, init="he", seed=int(seed), X_test=inputs.X_test,
                   Y_test=inputs.Y_test, gram=inputs.gram, **options)


# ----- 6. gradient check ------------------------------------------------------------------------
#: Bugs a learner can plant in back-propagation: name -> label (the label is what the URL holds).
#: "wrong slope for negative Z": g'(Z) taken as 1 where Z < 0 (ReLU's unit never switches off).
BUGS = {
    "dW2_doubled": "dW2 doubled",
    "db1_forgotten": "db1 forgotten",
    "relu_negative": "wrong slope for negative Z",
    "dW1_no_m": "dW1 not divided by m",
}


def _wrong_below_zero(g: Activation) -> Activation:
    """The activation with a wrong derivative: 1 where Z < 0 (for ReLU: the slope of the
    identity, as if the unit never switched off)."""
    return Activation(g.name + " (bug)", g.g, lambda Z: np.where(Z < 0, 1.0, g.dg(Z)))


def planted_grads(X, Y, parameters, hidden_activation: str, bug: str) -> dict[str, np.ndarray]:
    """Back-propagation's gradients with ``bug`` planted (a key of BUGS) for a 1-hidden-layer net.

    X: (n_x, m)   Y: (1, m)   parameters: W1 (n_1, n_x), b1, W2 (1, n_1), b2
    """
    g = get_activation(hidden_activation)
    AL, caches = model_forward(X, parameters, g)
    grads = model_backward(AL, Y, caches, _wrong_below_zero(g) if bug == "relu_negative" else g)
    if bug == "dW2_doubled":
        grads["dW2"] = 2 * grads["dW2"]
    elif bug == "db1_forgotten":
        grads["db1"] = np.zeros_like(grads["db1"])
    elif bug == "dW1_no_m":
        grads["dW1"] = grads["dW1"] * X.shape[1]
    elif bug != "relu_negative":
        raise ValueError(f"unknown bug {bug!r}; choose one of {sorted(BUGS)}")
    return grads


@dataclass(frozen=True)
class GradCheck:
    """A gradient check as the page shows it."""

    result: GradCheckResult
    data: str                  # which examples were used, in words
    layer_dims: list[int]
    bug: str | None

    @property
    def passed(self) -> bool:
        return self.result.passed


def check_gradients(hidden: int = 8, activation: str = "relu", examples: int = 3,
                    entries: int = 10, seed: int = 1, bug: str | None = None) -> GradCheck | None:
    """Check back-propagation on a 1-hidden-layer network at its He initialisation.

    The data: the first ``examples`` cat photos (pixels / 255), or the 2-D "flower" set when the
    photos are not on the server. ``entries`` entries of each W and b are sampled (seed 0).
    ``bug``: a key of BUGS to plant, or None for back-propagation as written.
    """
    inputs = session.cat_inputs("scale")
    if inputs is not None:
        data = f"the first {examples} training photos (12288 numbers each, pixels ÷ 255)"
    else:
        inputs = session.toy_inputs("flower")
        data = f"the first {examples} points of the 2-D flower set (the cat photos are missing)"
    X = np.asarray(inputs.X[:, :examples], dtype=np.float64)
    Y = np.asarray(inputs.Y[:, :examples], dtype=np.float64)
    dims = [X.shape[0], int(hidden), 1]
    parameters = initialize_parameters(dims, "he", int(seed))
    grads = planted_grads(X, Y, parameters, activation, bug) if bug else None
    result = gradient_check(X, Y, parameters, activation, max_entries_per_parameter=int(entries),
                            seed=0, grads=grads)
    return GradCheck(result, data, dims, bug)


# ----- 7. cost, not accuracy ----------------------------------------------------------------------
class _MeasuredRun:
    """A Trainer seen by ``classroom.train_click``: it stops at every multiple of ``every`` to
    record the test accuracy there (train_click only needs layer_dims, K, run, iteration and
    all_diverged)."""

    K = 1

    def __init__(self, trainer: Trainer, every: int):
        self.trainer, self.every = trainer, int(every)
        self.layer_dims = trainer.layer_dims
        self.test_iterations: list[int] = []
        self.test_accuracies: list[float] = []
        self._measure()

    @property
    def all_diverged(self) -> bool:
        return self.trainer.diverged

    @property
    def iteration(self) -> int:
        return self.trainer.iteration

    def _measure(self) -> None:
        t = self.trainer
        if t.iteration % self.every == 0 and (not self.test_iterations
                                              or self.test_iterations[-1] != t.iteration):
            self.test_iterations.append(t.iteration)
            self.test_accuracies.append(t.test_accuracy())

    def run(self, iterations: int, deadline: float | None = None) -> int:
        done = 0
        while done < iterations and not self.trainer.diverged:
            step = min(iterations - done, self.every - self.trainer.iteration % self.every)
            did = self.trainer.run(step, deadline=deadline)
            done += did
            self._measure()
            if did < step:
                break
        return done


@dataclass(frozen=True)
class CostAccuracy:
    """A run for the cost-vs-accuracy chart. costs[i], train_accuracies[i]: before update i."""

    costs: np.ndarray
    train_accuracies: np.ndarray
    test_iterations: np.ndarray
    test_accuracies: np.ndarray
    train_share: float          # share of cats among the training photos
    test_share: float
    test_baselines: dict        # "always say cat" -> accuracy on the test set, ...
    test_accuracy: float        # at the end
    test_balanced_accuracy: float
    message: str                # what train_click did, in words
    complete: bool


def cost_and_accuracy(hidden: int = 8, learning_rate: float = 0.0075, iterations: int = 2500,
                      every: int = 25, seed: int = 1, progress=None,
                      on_wait=None) -> CostAccuracy | None:
    """Train 12288-hidden-1 (ReLU, He) on the cat photos, test accuracy every ``every``
    iterations, under the classroom's per-click rules. None without the photos.

    ``progress(trainer, done, allowed)`` after each slice, ``on_wait(seconds, position)`` while
    waiting for a compute slot: Streamlit calls, so a closed tab stops the work. With the
    default settings the run is trained once per server and shared (read-only)."""
    if session.cat_inputs("scale") is None:
        return None
    settings = (int(hidden), float(learning_rate), int(iterations), int(every), int(seed))
    if settings == COST_ACCURACY_DEFAULTS:
        return _once_per_server(("cost_and_accuracy", *settings),
                                lambda: _cost_and_accuracy(*settings, progress, on_wait))
    return _cost_and_accuracy(*settings, progress, on_wait)


def _cost_and_accuracy(hidden, learning_rate, iterations, every, seed, progress,
                       on_wait) -> CostAccuracy:
    from nn_core.metrics import balanced_accuracy
    inputs = session.cat_inputs("scale")
    LIMITS.check([hidden], iterations)
    trainer = _cat_trainer(inputs, hidden, learning_rate, seed)
    run = _MeasuredRun(trainer, every)
    outcome = train_click(run, int(iterations), wait=WAIT_SECONDS, on_slice=progress,
                          on_wait=on_wait)
    if outcome.done and trainer.iteration % run.every:      # the last point, wherever it ended
        run.test_iterations.append(trainer.iteration)
        run.test_accuracies.append(trainer.test_accuracy())
    base = baselines(inputs.Y_test)
    answers = (trainer.test_proba() > 0.5).astype(int)
    return CostAccuracy(
        np.array(trainer.costs), np.array(trainer.train_accuracies),
        np.array(run.test_iterations, dtype=float), np.array(run.test_accuracies, dtype=float),
        class_balance(inputs.Y), class_balance(inputs.Y_test),
        {"always say cat (test)": base["always 1"], "always say non-cat (test)": base["always 0"]},
        float(trainer.test_accuracy()), balanced_accuracy(inputs.Y_test, answers),
        outcome.message, outcome.status == "done")


# ----- 8. mistakes ---------------------------------------------------------------------------------
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
    from nn_io.models import model_input
    X = model_input(model, images)
    p = predict_proba(X, model.parameters, model.hidden_activation, model.leaky_alpha).ravel()
    y = np.asarray(labels).astype(int).ravel()
    answers = (p > 0.5).astype(int)
    return TestAnswers(p, y, answers, confusion_matrix(y, answers), mistakes(y, p))


# ----- 9. a photo over training --------------------------------------------------------------------
@dataclass(frozen=True)
class OverTraining:
    """P(cat) of photos at each snapshot. iterations: (k,); p: (k, n_photos)."""

    iterations: np.ndarray
    p: np.ndarray
    train_accuracy: np.ndarray     # (k,) at each snapshot
    test_accuracy: np.ndarray      # (k,)
    message: str
    complete: bool


def photo_over_training(photos_X: np.ndarray | None = None, hidden: int = 8,
                        learning_rate: float = 0.0075, iterations: int = 2500, every: int = 50,
                        seed: int = 1, progress=None, on_wait=None) -> OverTraining | None:
    """Train 12288-hidden-1 (ReLU, He, pixels / 255) on the cat photos with a snapshot every
    ``every`` iterations; P(cat) of each column of photos_X (12288, k) at every snapshot
    (the test photos when None). None without the photos. ``progress``, ``on_wait``: as for
    ``cost_and_accuracy``; the test photos with the default settings are computed once per
    server and shared (read-only)."""
    if session.cat_inputs("scale") is None:
        return None
    settings = (int(hidden), float(learning_rate), int(iterations), int(every), int(seed))
    if photos_X is None and settings == OVER_TRAINING_DEFAULTS:
        return _once_per_server(("photo_over_training", *settings),
                                lambda: _photo_over_training(None, *settings, progress, on_wait))
    return _photo_over_training(photos_X, *settings, progress, on_wait)


def _photo_over_training(photos_X, hidden, learning_rate, iterations, every, seed, progress,
                         on_wait) -> OverTraining:
    inputs = session.cat_inputs("scale")
    LIMITS.check([hidden], iterations)
    trainer = _cat_trainer(inputs, hidden, learning_rate, seed, snapshot_every=int(every))
    outcome = train_click(trainer, int(iterations), wait=WAIT_SECONDS, on_slice=progress,
                          on_wait=on_wait)
    photos = inputs.X_test if photos_X is None else np.asarray(photos_X, dtype=np.float64)
    its, ps, tr, te = [], [], [], []
    Ytb = inputs.Y_test > 0.5
    for it, params in sorted(trainer.snapshots.items()):
        its.append(it)
        ps.append(predict_proba(photos, params).ravel())
        # train_accuracies[i] belongs to the parameters after i updates (the last: measure it)
        tr.append(trainer.train_accuracies[it] if it < len(trainer.train_accuracies)
                  else trainer.train_accuracy())
        p_test = ps[-1] if photos_X is None else predict_proba(inputs.X_test, params).ravel()
        te.append(float(np.mean((p_test > 0.5) == Ytb.ravel())))
    return OverTraining(np.array(its, dtype=float), np.array(ps), np.array(tr), np.array(te),
                        outcome.message, outcome.status == "done")


__all__ = ["BUGS", "GOOD", "BAD", "GradCheck", "check_gradients", "planted_grads",
           "CostAccuracy", "cost_and_accuracy", "TestAnswers", "test_answers", "OverTraining",
           "photo_over_training", "no_cat_photos"]
