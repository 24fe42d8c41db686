"""Gradient checking: back-propagation against the numerical gradient by central differences.

For each checked parameter entry theta_i:
``dtheta_i ~ (J(theta + eps e_i) - J(theta - eps e_i)) / (2 eps)``, and the two gradients are
compared by the symmetric relative error ``||g - g_num|| / (||g|| + ||g_num||)``: below 1e-7 is
right, above 1e-2 is surely a bug. Work in float64. The step ``eps`` is 1e-5 (cs231n's ``h``):
with 1e-7, the rounding of J divided by the step (about 1e-16 / 1e-7 = 1e-9) is already 1e-7 of a
gradient of size 1e-2, and a correct back-propagation could look suspicious.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nn_core.backward import model_backward
from nn_core.cost import compute_cost
from nn_core.forward import model_forward

#: The step of the central differences.
EPSILON = 1e-5
#: Thresholds of the lesson (cs231n): right below GOOD, surely wrong above BAD.
GOOD = 1e-7
BAD = 1e-2


def relative_error(a: np.ndarray, b: np.ndarray) -> float:
    """||a - b|| / (||a|| + ||b||), 0 when both are 0.   a, b: arrays of one shape -> float"""
    a, b = np.ravel(a), np.ravel(b)
    denominator = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if denominator == 0 else float(np.linalg.norm(a - b) / denominator)


def numerical_gradient(cost_of, parameters: dict[str, np.ndarray], entries: dict[str, np.ndarray],
                       epsilon: float = EPSILON) -> dict[str, np.ndarray]:
    """Central-difference derivatives of ``cost_of(parameters) -> float``.

    entries: parameter name -> flat indices to perturb. -> "d" + name -> (len(indices),) values.
    The parameters are perturbed on copies and left as they were.
    """
    result = {}
    for name, flat in entries.items():
        values = np.empty(len(flat))
        for k, i in enumerate(flat):
            plus = {n: v.copy() for n, v in parameters.items()}
            minus = {n: v.copy() for n, v in parameters.items()}
            plus[name].flat[i] += epsilon
            minus[name].flat[i] -= epsilon
            values[k] = (cost_of(plus) - cost_of(minus)) / (2 * epsilon)
        result["d" + name] = values
    return result


@dataclass(frozen=True)
class GradCheckResult:
    """The outcome of a check: overall and per-parameter relative errors, both gradients."""

    relative_error: float
    per_parameter: dict[str, float]
    analytic: dict[str, np.ndarray]   # "dW1" -> values at the checked entries
    numeric: dict[str, np.ndarray]
    entries: dict[str, np.ndarray]    # "W1" -> checked flat indices

    @property
    def passed(self) -> bool:
        return self.relative_error < GOOD


def gradient_check(X, Y, parameters: dict[str, np.ndarray], hidden_activation="relu",
                   lambd: float = 0.0, leaky_alpha: float = 0.01, epsilon: float = EPSILON,
                   max_entries_per_parameter: int | None = None, seed: int = 0,
                   grads: dict[str, np.ndarray] | None = None) -> GradCheckResult:
    """Compare back-propagation's gradients with central differences.

    X: (n_x, m)   Y: (1, m)   parameters: W1 (n_1, n_x), b1 (n_1, 1), ...
    ``max_entries_per_parameter`` samples that many entries of each W and b (all when None).
    ``grads`` replaces back-propagation's gradients (to show that a wrong one fails the check).
    """
    X = np.asarray(X, dtype=np.float64)
    parameters = {k: np.asarray(v, dtype=np.float64) for k, v in parameters.items()}

    def cost_of(p):
        AL, _ = model_forward(X, p, hidden_activation, leaky_alpha)
        return compute_cost(AL, Y, p, lambd)

    if grads is None:
        AL, caches = model_forward(X, parameters, hidden_activation, leaky_alpha)
        grads = model_backward(AL, Y, caches, hidden_activation, lambd, leaky_alpha)
    rng = np.random.default_rng(seed)
    entries = {}
    for name, value in parameters.items():
        n = value.size
        if max_entries_per_parameter is None or n <= max_entries_per_parameter:
            entries[name] = np.arange(n)
        else:
            entries[name] = np.sort(rng.choice(n, max_entries_per_parameter, replace=False))
    numeric = numerical_gradient(cost_of, parameters, entries, epsilon)
    analytic = {"d" + name: np.ravel(grads["d" + name])[flat] for name, flat in entries.items()}
    per_parameter = {name: relative_error(analytic[name], numeric[name]) for name in numeric}
    overall = relative_error(np.concatenate(list(analytic.values())),
                             np.concatenate(list(numeric.values())))
    return GradCheckResult(overall, per_parameter, analytic, numeric, entries)
