"""Experiments 7 and 9: one network of the cat photos trained under the classroom's rules, with
measures along the way.

* ``cost_and_accuracy``: a training run that records test accuracy at intervals.
* ``photo_over_training``: P(cat) of photos at each snapshot of a training run.

Training goes through ``classroom.train_click`` (a compute slot, the per-click budget), like live
training. The runs with the pages' default settings are the same for every student: they are
trained once per server (``classroom.SHARED``) and shared read-only. No drawing here: the pages
draw with ``nn_ui.figures_answers``.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from classroom import LIMITS, train_click
from classroom.shared import SHARED, CacheBusy
from nn_core import Trainer
from nn_core.metrics import balanced_accuracy, baselines, class_balance
from nn_core.train import predict_proba
from nn_ui.data import cat_inputs

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


def _cat_trainer(inputs, hidden: int, learning_rate: float, seed: int, **options) -> Trainer:
    """A 12288-hidden-1 ReLU network, He initialisation, on the cat photos (test set attached)."""
    return Trainer(inputs.X, inputs.Y, [inputs.X.shape[0], int(hidden), 1], "relu",
                   learning_rate=learning_rate, init="he", seed=int(seed), X_test=inputs.X_test,
                   Y_test=inputs.Y_test, gram=inputs.gram, **options)


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
    if cat_inputs("scale") is None:
        return None
    settings = (int(hidden), float(learning_rate), int(iterations), int(every), int(seed))
    if settings == COST_ACCURACY_DEFAULTS:
        return _once_per_server(("cost_and_accuracy", *settings),
                                lambda: _cost_and_accuracy(*settings, progress, on_wait))
    return _cost_and_accuracy(*settings, progress, on_wait)


def _cost_and_accuracy(hidden, learning_rate, iterations, every, seed, progress,
                       on_wait) -> CostAccuracy:
    inputs = cat_inputs("scale")
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
    if cat_inputs("scale") is None:
        return None
    settings = (int(hidden), float(learning_rate), int(iterations), int(every), int(seed))
    if photos_X is None and settings == OVER_TRAINING_DEFAULTS:
        return _once_per_server(("photo_over_training", *settings),
                                lambda: _photo_over_training(None, *settings, progress, on_wait))
    return _photo_over_training(photos_X, *settings, progress, on_wait)


def _photo_over_training(photos_X, hidden, learning_rate, iterations, every, seed, progress,
                         on_wait) -> OverTraining:
    inputs = cat_inputs("scale")
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


__all__ = ["WAIT_SECONDS", "CostAccuracy", "cost_and_accuracy", "OverTraining",
           "photo_over_training"]
