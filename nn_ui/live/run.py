"""The live run: one network being trained in this session, and what the page shows of it.

A ``LiveRun`` is made one way (``LiveRun.new``: ``settings.make_trainer`` on the run's data)
and brought back one way (``LiveRun.brought_back``: the same trainer from saved parameters,
continued with nn_core's ``Trainer.restore``). It owns the α of each stretch of the run
(``lr_history``) and their label ("α 0.0075 → α 0.03", ``stretches_label``). ``live.feed``
computes it a chunk at a time for the browser, which animates it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from nn_core import Trainer, compute_cost
from nn_ui.common.names import alpha_label
from nn_ui.data_sets.inputs import Inputs
from nn_ui.live.settings import Settings, make_trainer


def stretches_label(stretches) -> str:
    """"α 0.0075", or "α 0.0075 → α 0.03": the α of each stretch [(first iteration, α), ...]."""
    return " → ".join(f"α {alpha_label(lr)}" for _, lr in stretches)


@dataclass
class LiveRun:
    """One network being trained in this session, and what the page shows of it."""

    settings: Settings
    trainer: Trainer
    inputs: Inputs
    id: int = 0                       # numbered when first kept (see runs.records.save_run)
    test_costs: list[tuple[int, float]] = field(default_factory=list)
    lr_history: list[tuple[int, float]] = field(default_factory=list)   # the α stretches
    ms_per_iteration: float | None = None
    busy_message: str | None = None
    #: (iteration, nn_io Model) the prediction pages made of it (prediction.model_choice_ui)
    model_cache: tuple | None = field(default=None, repr=False)

    @classmethod
    def new(cls, settings: Settings, inputs: Inputs, learning_rate: float) -> LiveRun:
        """A fresh network for ``settings`` on ``inputs``, at iteration 0 with α
        ``learning_rate``."""
        run = cls(settings, make_trainer(settings, inputs, learning_rate), inputs)
        run.set_learning_rate(learning_rate)
        run.measure()
        return run

    @classmethod
    def brought_back(cls, settings: Settings, inputs: Inputs, parameters: dict, iteration: int,
                     costs, train_accuracies, stretches, test_costs, diverged: bool = False,
                     status: str = "", id: int = 0) -> LiveRun:
        """A saved run where it was: its ``parameters`` after ``iteration`` updates, its costs
        and train accuracies, its α stretches [(first iteration, α), ...] and test costs."""
        stretches = [(int(i), float(a)) for i, a in stretches]
        lr = stretches[-1][1] if stretches else 0.01
        t = make_trainer(settings, inputs, lr, parameters)
        if iteration and not diverged:
            t.restore(iteration, t.state, costs[:iteration], train_accuracies[:iteration])
        elif diverged:                # Trainer.restore refuses a diverged run: its record kept
            t.iteration, t.costs = iteration, [float(c) for c in costs]
            t.train_accuracies = [float(a) for a in train_accuracies]
            t.diverged, t.status = True, status
        return cls(settings, t, inputs, id=id, lr_history=stretches,
                   test_costs=[(int(i), float(c)) for i, c in test_costs])

    @property
    def layer_dims(self) -> list[int]:
        return self.trainer.layer_dims

    # ----- α: one value a stretch of the run ----------------------------------------------------
    @property
    def alpha(self) -> float:
        """The α of the last stretch (the one the run goes on with)."""
        return self.lr_history[-1][1]

    def alpha_at(self, i: int) -> float:
        """The α of the stretch iteration ``i`` belongs to."""
        return [lr for s, lr in self.lr_history if s <= i][-1]

    def stretches(self) -> list[list]:
        """[[first iteration, α], ...]: the α of each stretch of the run (a diverged run keeps
        the α it diverged with)."""
        return [[int(i), float(lr)] for i, lr in self.lr_history]

    def alpha_text(self) -> str:
        """"α 0.0075", or "α 0.0075 → α 0.03" when α changed mid-run. Only the α some
        iteration ran at: α moved after Done (no iteration since) is not the finished run's."""
        t = self.trainer
        ran = [(i, lr) for i, lr in self.lr_history
               if i < t.iteration or (t.diverged and i <= t.iteration)]
        return stretches_label(ran or self.lr_history[-1:] or [(0, t.learning_rate)])

    def set_learning_rate(self, lr: float) -> None:
        """α may change mid-run; the change is remembered for the run's legend."""
        lr = float(lr)
        if not self.lr_history or self.lr_history[-1][1] != lr:
            if self.lr_history and self.lr_history[-1][0] == self.trainer.iteration:
                self.lr_history[-1] = (self.trainer.iteration, lr)
            else:
                self.lr_history.append((self.trainer.iteration, lr))
        self.trainer.learning_rate = lr

    def alpha_from(self, i: int, alpha: float) -> None:
        """α ``alpha`` from iteration ``i`` on: the stretches after i dropped (the run went
        back to i), a new one starting at i unless α is the same."""
        hist = [(s, lr) for s, lr in self.lr_history if s < i]
        self.lr_history = hist if hist and hist[-1][1] == alpha else hist + [(i, float(alpha))]
        self.trainer.learning_rate = float(alpha)

    def fresh_trainer(self) -> Trainer:
        """The run's trainer made again at iteration 0, with the α of its first stretch (a
        diverged trainer cannot go back)."""
        self.trainer = make_trainer(self.settings, self.inputs, self.lr_history[0][1])
        return self.trainer

    # ----- what the page shows ------------------------------------------------------------------
    def measure(self, cost: float | None = None) -> None:
        """Record the test cost at the current iteration (once per iteration); ``cost``: that
        cost when the caller has it already (computed here otherwise)."""
        t = self.trainer
        if self.test_costs and self.test_costs[-1][0] == t.iteration:
            return
        cost = t.test_cost() if cost is None else cost
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
