"""One iteration of gradient descent, step by step, with every intermediate array named.

For the page that walks a learner through Z1 -> A1 -> ... -> cost -> dZ[L] -> dW, db -> dA ->
... -> update, showing each formula, the real shapes and the real numbers.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nn_core.activations import get_activation
from nn_core.backward import model_backward
from nn_core.cost import compute_cost
from nn_core.forward import model_forward
from nn_core.update import update_parameters


@dataclass(frozen=True)
class Step:
    """One step: its name in the lesson (``"Z1"``, ``"dW2"``), formula, phase and value."""

    name: str
    formula: str
    phase: str            # "forward", "cost", "backward" or "update"
    value: np.ndarray     # the array (a 0-d array for the cost)

    @property
    def shape(self) -> tuple[int, ...]:
        return self.value.shape


def one_iteration(X, Y, parameters: dict[str, np.ndarray], learning_rate: float,
                  hidden_activation: str = "relu", leaky_alpha: float = 0.01) -> list[Step]:
    """Every array of one iteration, in the order they are computed.

    X: (n_x, m)   Y: (1, m)   parameters: W1 (n_1, n_x), b1, ..., WL (1, n_{L-1}), bL
    -> steps: Z1, A1, ..., ZL, AL, cost, dZL, dWL, dbL, dA{L-1}, dZ{L-1}, ..., dW1, db1,
       then the updated W1, b1, ... (named "W1 new" ...).
    """
    g = "ReLU" if hidden_activation == "relu" else "g"
    dg = get_activation(hidden_activation, leaky_alpha).dg
    AL, caches = model_forward(X, parameters, hidden_activation, leaky_alpha)
    L = len(caches)
    steps = []
    for l, (_, Z) in enumerate(caches, start=1):
        prev = "X" if l == 1 else f"A{l - 1}"
        steps.append(Step(f"Z{l}", f"Z{l} = W{l} · {prev} + b{l}", "forward", Z))
        if l < L:
            steps.append(Step(f"A{l}", f"A{l} = {g}(Z{l})", "forward", caches[l][0][0]))
    steps.append(Step(f"A{L}", f"A{L} = σ(Z{L})", "forward", AL))
    cost = compute_cost(AL, Y)
    steps.append(Step("cost", f"J = -(1/m) Σ [Y log A{L} + (1 - Y) log(1 - A{L})]", "cost",
                      np.array(cost)))
    grads = model_backward(AL, Y, caches, hidden_activation, 0.0, leaky_alpha)
    steps.append(Step(f"dZ{L}", f"dZ{L} = A{L} - Y", "backward", AL - Y))
    for l in range(L, 0, -1):
        prev = "X" if l == 1 else f"A{l - 1}"
        steps.append(Step(f"dW{l}", f"dW{l} = (1/m) dZ{l} · {prev}ᵀ", "backward", grads[f"dW{l}"]))
        steps.append(Step(f"db{l}", f"db{l} = (1/m) Σ dZ{l}", "backward", grads[f"db{l}"]))
        if l > 1:
            dA = grads[f"dA{l - 1}"]
            steps.append(Step(f"dA{l - 1}", f"dA{l - 1} = W{l}ᵀ · dZ{l}", "backward", dA))
            Z_prev = caches[l - 2][1]
            dZ = dA * dg(Z_prev)
            steps.append(Step(f"dZ{l - 1}", f"dZ{l - 1} = dA{l - 1} * {g}'(Z{l - 1})", "backward", dZ))
    new = update_parameters(parameters, grads, learning_rate)
    for l in range(1, L + 1):
        steps.append(Step(f"W{l} new", f"W{l} := W{l} - α dW{l}", "update", new[f"W{l}"]))
        steps.append(Step(f"b{l} new", f"b{l} := b{l} - α db{l}", "update", new[f"b{l}"]))
    return steps
