"""The live run: one network being trained in this session, and what the page shows of it.

``new_run`` makes it, ``train`` moves it on under the classroom's rules (a compute slot, the
frame's budget; the default run moves along the shared recording, ``nn_ui.replay``), and the
page's buttons change it through the callbacks at the end (Streamlit's ``on_click`` runs them
before the page's script, so a press of Play, Pause, Step or Reset is already in
``st.session_state`` when the page draws its buttons).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import streamlit as st

from classroom import BUDGET, LIMITS, Budget, train_click
from classroom.click import Outcome
from nn_core import Trainer, compute_cost
from nn_ui.data import Inputs, inputs_for
from nn_ui.names import CATS, SUGGESTED_LEARNING_RATE, alpha_label
from nn_ui.replay import Tape, replay
from nn_ui.runs import save_run
from nn_ui.settings import TEST_EVERY, Settings, changes, make_trainer

#: Seconds between two frames of the live view while playing (4 frames a second).
FRAME_SECONDS = 0.25
#: The work of one frame: at most this long, so the page stays responsive.
FRAME_BUDGET = Budget(max_work=BUDGET.max_work, max_seconds=0.12, slice_seconds=0.12)


@dataclass
class LiveRun:
    """One network being trained in this session, and what the page shows of it."""

    settings: Settings
    trainer: Trainer
    inputs: Inputs
    id: int = 0                       # numbered when first kept (see save_run)
    test_costs: list[tuple[int, float]] = field(default_factory=list)
    lr_history: list[tuple[int, float]] = field(default_factory=list)
    ms_per_iteration: float | None = None
    busy_message: str | None = None
    tape: Tape | None = field(default=None, repr=False)     # the shared default run, replayed
    _model: tuple | None = field(default=None, repr=False)       # (iteration, nn_io Model)

    @property
    def layer_dims(self) -> list[int]:
        return self.trainer.layer_dims

    def set_learning_rate(self, lr: float) -> None:
        """α may change mid-run; the change is remembered for the run's legend."""
        lr = float(lr)
        if not self.lr_history or self.lr_history[-1][1] != lr:
            if self.lr_history and self.lr_history[-1][0] == self.trainer.iteration:
                self.lr_history[-1] = (self.trainer.iteration, lr)
            else:
                self.lr_history.append((self.trainer.iteration, lr))
        self.trainer.learning_rate = lr

    def alpha_text(self) -> str:
        """"α 0.0075", or "α 0.0075 → α 0.03" when α changed during the iterations done."""
        used = [lr for i, lr in self.lr_history if i < self.trainer.iteration]
        rates = used or [self.trainer.learning_rate]
        return " → ".join(f"α {alpha_label(lr)}" for lr in rates)

    def measure(self) -> None:
        """Record the test cost at the current iteration (once per iteration)."""
        t = self.trainer
        if self.test_costs and self.test_costs[-1][0] == t.iteration:
            return
        cost = t.test_cost()
        if cost is not None and np.isfinite(cost):
            self.test_costs.append((t.iteration, float(cost)))

    def cost(self) -> float:
        """J of the current parameters (the last cost computed, or J at iteration 0)."""
        t = self.trainer
        if t.costs:
            return t.costs[-1]
        return float(compute_cost(t.predict_proba(), t.Y))

    def train_accuracy(self) -> float | None:
        return self.trainer.train_accuracy()

    def test_accuracy(self) -> float | None:
        return self.trainer.test_accuracy()


def new_run(settings: Settings, learning_rate: float) -> LiveRun | None:
    """A fresh network for ``settings`` (None when its data is not available)."""
    inputs = inputs_for(settings.dataset, settings.scaling)
    if inputs is None:
        return None
    run = LiveRun(settings, make_trainer(settings, inputs, learning_rate), inputs)
    run.set_learning_rate(learning_rate)
    run.measure()
    return run


def train(run: LiveRun, iterations: int | None, budget: Budget = FRAME_BUDGET, wait: float = 0.0):
    """Up to ``iterations`` more iterations (None: as many as ``budget``'s time allows), in one
    call under the classroom's rules (one compute slot for the frame, the budget:
    ``classroom.train_click``).

    The default run is not computed again: it moves along the shared recording
    (``default_tape``), whose numbers are exactly those it would compute; only the iterations
    past the last multiple of TEST_EVERY are computed here.

    Slices end at multiples of TEST_EVERY, where the test cost is measured, so the test curve
    has a point every TEST_EVERY iterations whatever the speed. Returns the Outcome (None when
    the run had diverged already).
    """
    t = run.trainer
    if t.diverged:
        return None
    asked = int(iterations) if iterations else LIMITS.max_iterations
    replayed = replay(run, asked, budget, wait)
    if replayed:
        asked -= replayed
        if asked == 0 or not iterations:
            run.busy_message = None
            return Outcome("done", replayed, replayed, replayed, 0.0,
                           f"replayed {replayed} iterations of the shared default run")

    def measure(trainer, done, allowed):
        if trainer.iteration % TEST_EVERY == 0:
            run.measure()

    outcome = train_click(t, max(asked, 1), budget=budget, wait=wait, stop_every=TEST_EVERY,
                          on_slice=measure)
    run.busy_message = outcome.message if outcome.busy else None
    if outcome.done:
        run.ms_per_iteration = 1000.0 * outcome.seconds / outcome.done
    return outcome


def current_run(state, settings: Settings, learning_rate: float) -> LiveRun:
    """The live run for ``settings`` at α ``learning_rate``: the session's one, or a new network
    when a setting changed (the old run is kept for the Cost curves page, and the page is told
    what changed in ``state["notice"]``)."""
    live = state.get("live")
    if live is None or live.settings != settings:
        if live is not None:
            save_run(state, live)
            what = changes(live.settings, settings)
            state["notice"] = ("New network (" + "; ".join(what) + "): it starts again from "
                               "iteration 0." + (" The previous run is kept on the Cost curves "
                                                 "page." if live.trainer.iteration else ""))
        live = state["live"] = new_run(settings, learning_rate)
        state["playing"] = False
    live.set_learning_rate(learning_rate)
    return live


# ----- the page's buttons (on_click callbacks) -------------------------------------------------
state = st.session_state


def play(target: int) -> None:
    live = state.get("live")
    if live is not None and live.trainer.iteration < target and not live.trainer.diverged:
        state["playing"] = True


def pause() -> None:
    state["playing"] = False
    save_run(state)


def step() -> None:
    live = state.get("live")
    if live is not None:
        train(live, 1, budget=BUDGET, wait=5.0)
        save_run(state, live)


def reset(learning_rate: float) -> None:
    live = state.get("live")
    state["playing"] = False
    if live is None:
        return
    save_run(state, live)
    state["live"] = new_run(live.settings, learning_rate)
    state["notice"] = "A new network with the same settings: back to iteration 0."


def on_dataset_change() -> None:
    """A new data set: suggest the learning rate that suits it (the learner may change it)."""
    kind = CATS if state.get("dataset") == CATS else "toy"
    state["lr"] = SUGGESTED_LEARNING_RATE[kind]
