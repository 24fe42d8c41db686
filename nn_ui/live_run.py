"""The live run: one network being trained in this session, and what the page shows of it.

``new_run`` makes it; ``nn_ui.live_view`` computes it a chunk at a time for the browser, which
animates it (Play, Pause, Step, Reset are the browser's).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import streamlit as st

from nn_core import Trainer, compute_cost
from nn_ui.data import inputs_for
from nn_ui.inputs import Inputs
from nn_ui.names import CATS, SUGGESTED_LEARNING_RATE, alpha_label
from nn_ui.settings import Settings, make_trainer

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
        """"α 0.0075", or "α 0.0075 → α 0.03" when α changed mid-run: the α of each stretch of
        the run (a diverged run keeps the α it diverged with). Only the α some iteration ran
        at: α moved after Done (no iteration since) is not the finished run's."""
        t = self.trainer
        ran = [lr for i, lr in self.lr_history if i < t.iteration or (t.diverged and i <= t.iteration)]
        rates = ran or [lr for _, lr in self.lr_history[-1:]] or [t.learning_rate]
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


# ----- the page's data-set callback -----------------------------------------------------------
state = st.session_state


def on_dataset_change() -> None:
    """A new data set: suggest the learning rate that suits it (the learner may change it)."""
    kind = CATS if state.get("dataset") == CATS else "toy"
    state["lr"] = SUGGESTED_LEARNING_RATE[kind]
