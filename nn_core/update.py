"""The gradient-descent update ``W := W - alpha dW``, ``b := b - alpha db``."""
from __future__ import annotations

import numpy as np


def update_parameters(parameters: dict[str, np.ndarray], grads: dict[str, np.ndarray],
                      learning_rate: float) -> dict[str, np.ndarray]:
    """One step of gradient descent with learning rate alpha; returns new arrays.

    parameters: W1 (n_1, n_x), b1 (n_1, 1), ...   grads: dW1, db1, ... of the same shapes.
    The input dict is left untouched, so the caller can keep the previous parameters.
    """
    return {name: value - learning_rate * grads["d" + name] for name, value in parameters.items()}
