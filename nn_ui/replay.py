"""The live page's default run, trained once per server and replayed by every session.

Every student who plays the page's defaults watches the same run, so it is recorded once
(``classroom.compute_shared``, in a compute slot) and each session moves along the recording,
exactly, frame by frame, until its student changes α or a setting.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from classroom import Budget
from classroom.click import compute_shared
from classroom.shared import CacheBusy
from nn_ui.data import inputs_for
from nn_ui.names import CATS
from nn_ui.settings import TEST_EVERY, Settings, make_trainer

#: The page's defaults: every student who plays them watches the same run, so it is trained once
#: per server (``classroom.SHARED``) and each session replays it, exactly, frame by frame.
DEFAULT_SETTINGS = Settings(CATS, (8,), "relu", "he", 1, "scale")
DEFAULT_LEARNING_RATE = 0.0075
TAPE_ITERATIONS = 2500


@dataclass(frozen=True)
class Tape:
    """A recorded run (read-only) of DEFAULT_SETTINGS at DEFAULT_LEARNING_RATE. costs[i],
    train_accuracies[i]: J and accuracy after i updates (i < iterations); states[k],
    test_costs[k]: the trainer's state and the test J after k * TEST_EVERY updates;
    ms_per_iteration: what the recording's iterations cost."""

    iterations: int
    costs: np.ndarray
    train_accuracies: np.ndarray
    states: tuple
    test_costs: np.ndarray
    ms_per_iteration: float


def _record_tape(settings: Settings, learning_rate: float, iterations: int) -> Tape:
    t = make_trainer(settings, inputs_for(settings.dataset, settings.scaling), learning_rate)
    states, test_costs = [t.state], [t.test_cost()]
    start = time.perf_counter()
    while t.iteration < iterations:
        t.run(min(TEST_EVERY, iterations - t.iteration))
        states.append(t.state)
        test_costs.append(t.test_cost())
    ms = 1000.0 * (time.perf_counter() - start) / max(t.iteration, 1)
    return Tape(t.iteration, np.array(t.costs),
                np.array(t.train_accuracies), tuple(states), np.array(test_costs), ms)


def default_tape(wait: float = 1.0) -> Tape | None:
    """The shared recording of the default run (computed once, in a compute slot, by the first
    caller), or None when it is not ready within ``wait`` seconds (the caller trains its own
    iterations meanwhile, and asks again at its next frame)."""
    try:
        return compute_shared(
            ("live default", DEFAULT_SETTINGS, DEFAULT_LEARNING_RATE, TAPE_ITERATIONS),
            lambda: _record_tape(DEFAULT_SETTINGS, DEFAULT_LEARNING_RATE, TAPE_ITERATIONS),
            wait=wait)
    except CacheBusy:
        return None


def replay(run, iterations: int, budget: Budget, wait: float) -> int:
    """Move ``run`` forward along the shared default run, up to ``iterations`` (and no more than
    the frame's budget would have computed), to a multiple of TEST_EVERY. Returns how many
    iterations were replayed: 0 when this run is not the default one as it was recorded
    (other settings, or α changed), or past the recording's end."""
    t = run.trainer
    if (run.settings != DEFAULT_SETTINGS or t.diverged
            or run.lr_history != [(0, DEFAULT_LEARNING_RATE)]):
        return 0
    if run.tape is None:
        run.tape = default_tape(wait)
        if run.tape is None:
            return 0
    tape, i = run.tape, t.iteration
    fits = int(budget.max_seconds * 1000.0 / max(tape.ms_per_iteration, 1e-6))
    k = min(i + min(iterations, max(fits, 1)), tape.iterations) // TEST_EVERY * TEST_EVERY
    if k <= i:
        return 0
    t.restore(k, tape.states[k // TEST_EVERY], tape.costs[:k], tape.train_accuracies[:k])
    first = (i // TEST_EVERY + 1) * TEST_EVERY
    run.test_costs.extend((j, float(tape.test_costs[j // TEST_EVERY]))
                          for j in range(first, k + 1, TEST_EVERY))
    run.ms_per_iteration = tape.ms_per_iteration
    return k - i
