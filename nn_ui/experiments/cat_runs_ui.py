"""Experiments 7 and 9: one network of the cat photos trained under the classroom's rules, with
measures along the way.

* ``cost_and_accuracy``: a training run that records test accuracy at intervals.
* ``photo_over_training``: P(cat) of photos at each snapshot of a training run.

Training goes through ``classroom.train_click`` (a compute slot, the per-click budget), like live
training. The runs with the pages' default settings are the same for every student: they are
trained once per server (``classroom.compute_shared``) and shared read-only. No drawing here: the pages
draw with ``nn_ui.figures.answers``.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import streamlit as st

from classroom import BUDGET, LIMITS, compute_shared, run_budgeted, train_click
from classroom.shared import CacheBusy
from classroom.st_helpers import busy_callback, progress_callback
from nn_core import Trainer
from nn_core.metrics import balanced_accuracy, baselines, class_balance
from nn_core.train import predict_proba
from nn_ui.data_sets.loaders_ui import cat_inputs
from nn_ui.common.names import LEARNING_RATES, alpha_label

#: Seconds a heavy click waits in line for a compute slot before it says "busy".
WAIT_SECONDS = 10.0
#: The pages' default settings: (hidden, learning_rate, iterations, every, seed).
COST_ACCURACY_DEFAULTS = (8, 0.0075, 2500, 25, 1)
OVER_TRAINING_DEFAULTS = (8, 0.0075, 2500, 50, 1)


def _shared_or_own(key: tuple, run, progress, on_wait):
    """``run(train)``, a frozen result with ``complete``, once per server for ``key``
    (``classroom.compute_shared``: in a compute slot, trained by ``run_budgeted`` under the
    per-click budget, calling no page code); a run cut short is handed over, not kept. When no
    slot is free in time, this session's own run (``train_click``, with its progress and
    busy callbacks)."""
    def shared(trainer, iterations, on_slice, stop_every=None):
        return run_budgeted(trainer, iterations, BUDGET, on_slice, stop_every)

    try:
        return compute_shared(key, lambda: run(shared), wait=WAIT_SECONDS,
                              keep=lambda result: result.complete)
    except CacheBusy:
        return run(_own(progress, on_wait))


def _own(progress, on_wait):
    """A ``train`` for this session's run: ``train_click`` with the page's callbacks."""
    def own(trainer, iterations, on_slice, stop_every=None):
        def both(t, done, allowed):
            on_slice(t, done, allowed)
            if progress is not None:
                progress(t, done, allowed)
        return train_click(trainer, iterations, budget=BUDGET, wait=WAIT_SECONDS,
                           on_slice=both, on_wait=on_wait, stop_every=stop_every)
    return own


def _cat_trainer(inputs, hidden: int, learning_rate: float, seed: int, **options) -> Trainer:
    """A 12288-hidden-1 ReLU network, He initialisation, on the cat photos (test set attached)."""
    return Trainer(inputs.X, inputs.Y, [inputs.X.shape[0], int(hidden), 1], "relu",
                   learning_rate=learning_rate, init="he", seed=int(seed), X_test=inputs.X_test,
                   Y_test=inputs.Y_test, gram=inputs.gram, **options)


# ----- 7. cost, not accuracy ----------------------------------------------------------------------
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
    run = lambda train: _cost_and_accuracy(*settings, train)     # noqa: E731
    if settings == COST_ACCURACY_DEFAULTS:
        return _shared_or_own(("cost_and_accuracy", *settings), run, progress, on_wait)
    return run(_own(progress, on_wait))


def _cost_and_accuracy(hidden, learning_rate, iterations, every, seed, train) -> CostAccuracy:
    inputs = cat_inputs("scale")
    LIMITS.check([hidden], iterations)
    trainer = _cat_trainer(inputs, hidden, learning_rate, seed)
    its, accs = [], []

    def measure(t, done=0, allowed=0):
        if t.iteration % every == 0 and (not its or its[-1] != t.iteration):
            its.append(t.iteration)
            accs.append(t.test_accuracy())

    measure(trainer)
    outcome = train(trainer, int(iterations), measure, stop_every=every)
    if outcome.done and trainer.iteration % every:      # the last point, wherever it ended
        its.append(trainer.iteration)
        accs.append(trainer.test_accuracy())
    base = baselines(inputs.Y_test)
    answers = (trainer.test_proba() > 0.5).astype(int)
    return CostAccuracy(
        np.array(trainer.costs), np.array(trainer.train_accuracies),
        np.array(its, dtype=float), np.array(accs, dtype=float),
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
    run = lambda train: _photo_over_training(photos_X, *settings, train)     # noqa: E731
    if photos_X is None and settings == OVER_TRAINING_DEFAULTS:
        return _shared_or_own(("photo_over_training", *settings), run, progress, on_wait)
    return run(_own(progress, on_wait))


def _photo_over_training(photos_X, hidden, learning_rate, iterations, every, seed,
                         train) -> OverTraining:
    inputs = cat_inputs("scale")
    LIMITS.check([hidden], iterations)
    trainer = _cat_trainer(inputs, hidden, learning_rate, seed, snapshot_every=int(every))
    outcome = train(trainer, int(iterations), lambda t, done, allowed: None)
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



# ----- the pages' controls and their run, kept in the session ------------------------------------
def run_settings(prefix: str, iterations: tuple, every: tuple, every_default: int,
                 every_label: str, every_help: str) -> tuple:
    """One row of controls: hidden units, α, iterations, ``every_label`` (how often the run is
    measured), seed; each bound to the page's URL under ``prefix``. -> (hidden, learning_rate,
    iterations, every, seed), the iterations within the class limits."""
    url = {"bind": "query-params"}
    c1, c2, c3, c4, c5 = st.columns([2, 4, 3, 2, 1.3])
    hidden = c1.select_slider("Hidden units", (2, 4, 8, 16, 32), 8, key=f"{prefix}_hidden",
                              **url)
    lr = c2.select_slider("Learning rate α", LEARNING_RATES, 0.0075, key=f"{prefix}_lr",
                          format_func=alpha_label, **url)
    n = c3.select_slider("Iterations", iterations, 2500, key=f"{prefix}_iterations", **url)
    k = c4.select_slider(every_label, every, every_default, key=f"{prefix}_every", **url,
                         help=every_help)
    seed = int(c5.number_input("Seed", 0, 10_000, 1, key=f"{prefix}_seed", **url))
    return hidden, lr, min(n, LIMITS.max_iterations), k, seed


def kept_run(prefix: str, key: tuple, compute):
    """The page's run for ``key``: the one kept in ``st.session_state[f"{prefix}_run"]``, or
    one trained now under a progress bar (``compute(progress=..., on_wait=...)``, e.g.
    ``cost_and_accuracy``). A run cut short is said, with a "Try again" button, and not kept:
    the next click trains again."""
    state = st.session_state
    kept = state.get(f"{prefix}_run")
    if kept is None or kept[0] != key:
        bar, note = st.progress(0.0, text="Training"), st.empty()
        result = compute(progress=progress_callback(bar), on_wait=busy_callback(note))
        bar.empty()
        note.empty()
        kept = (key, result)
        if result.complete:
            state[f"{prefix}_run"] = kept
    run = kept[1]
    if not run.complete:
        st.warning(f"The run stopped early: {run.message}.", icon=":material/hourglass_bottom:")
        st.button("Try again", key=f"{prefix}_again", icon=":material/refresh:")
    return run

__all__ = ["WAIT_SECONDS", "CostAccuracy", "cost_and_accuracy", "OverTraining",
           "photo_over_training", "kept_run"]
