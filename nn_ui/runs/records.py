"""A run as the cost-curve page shows it, pure: a read-only record of each (``record_of``), the
CSV of them all (``runs_csv``). Keeping them in the session and saving them: ``saved_ui``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from nn_ui.live.settings import Settings

if TYPE_CHECKING:
    from nn_ui.live.run import LiveRun

#: Runs kept per session for the cost-curve page (the oldest is dropped first).
MAX_RUNS = 30


@dataclass(frozen=True)
class RunRecord:
    """A run as the cost-curve page shows it (read-only arrays)."""

    id: int
    label: str               # settings and α: "flower · 2-8-1 · ReLU · He · seed 1 · α 0.3"
    settings: Settings
    layer_dims: tuple
    alpha: str
    iterations: int
    costs: np.ndarray                 # (iterations + 1,) cost J after i updates
    test_iterations: np.ndarray
    test_costs: np.ndarray
    train_accuracy: float | None
    test_accuracy: float | None
    status: str
    diverged: bool


def record_of(run: LiveRun) -> RunRecord:
    t = run.trainer
    costs = np.array(t.costs, dtype=float)
    ti = np.array([i for i, _ in run.test_costs], dtype=float)
    tc = np.array([c for _, c in run.test_costs], dtype=float)
    for a in (costs, ti, tc):
        a.setflags(write=False)
    label = f"{run.settings.describe(t.layer_dims[0])} · {run.alpha_text()}"
    return RunRecord(run.id, label, run.settings, tuple(t.layer_dims), run.alpha_text(),
                     t.iteration, costs, ti, tc,
                     t.train_accuracy(), t.test_accuracy(), t.status, bool(t.diverged))


def runs_csv(records: list[RunRecord]) -> str:
    """One row per run and iteration: run, settings, iteration, train cost, test cost."""
    lines = ["run,settings,iteration,train_cost,test_cost"]
    for r in records:
        test = dict(zip(r.test_iterations.astype(int).tolist(), r.test_costs.tolist()))
        name = r.label.replace(",", ";")
        for i, c in enumerate(r.costs.tolist()):
            tc = test.get(i)
            lines.append(f"{r.id},{name},{i},{c:.10g},{'' if tc is None else f'{tc:.10g}'}")
    return "\n".join(lines) + "\n"
