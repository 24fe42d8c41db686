"""What the races measure of a network besides J (pure NumPy): each layer's gradient size, and
on how many examples a unit of layer 1 is active."""
from __future__ import annotations

import numpy as np

from nn_core import Trainer, model_backward, model_forward


def gradient_sizes(trainer: Trainer, params: dict | None = None) -> list[float]:
    """Mean |dW_l| of each layer l = 1..L at the trainer's current parameters ``params``
    (``trainer.parameters`` when not given; no update).

    Back-propagation multiplies by W_l^T and g'(Z_l) layer after layer: where g' is small the
    gradients of the first layers shrink (vanish).
    """
    params = trainer.parameters if params is None else params
    with np.errstate(over="ignore", invalid="ignore"):
        AL, caches = model_forward(trainer.X, params, trainer.hidden_activation, trainer.leaky_alpha)
        grads = model_backward(AL, trainer.Y, caches, trainer.hidden_activation, 0.0,
                               trainer.leaky_alpha)
    return [float(np.mean(np.abs(np.nan_to_num(grads[f"dW{l}"])))) for l in range(1, trainer.L + 1)]


def unit_active(trainer: Trainer, params: dict | None = None, unit: int = 0) -> int:
    """On how many training examples unit ``unit`` of layer 1 has Z > 0 (0: it is dead there),
    with ``params`` (``trainer.parameters`` when not given)."""
    params = trainer.parameters if params is None else params
    W1, b1 = params["W1"], params["b1"]
    with np.errstate(over="ignore", invalid="ignore"):
        return int((W1[unit] @ trainer.X + b1[unit, 0] > 0).sum())
