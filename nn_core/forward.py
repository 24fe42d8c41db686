"""Forward propagation: ``Z[l] = W[l] A[l-1] + b[l]``, ``A[l] = g(Z[l])``.

Hidden layers use the chosen activation (ReLU by default); the output layer uses sigmoid, so
``AL`` (1, m) is the probability of class 1 (cat) for each of the m examples.
"""
from __future__ import annotations

import numpy as np

from nn_core.activations import SIGMOID, Activation, get_activation


def linear_forward(A_prev: np.ndarray, W: np.ndarray, b: np.ndarray):
    """Z = W @ A_prev + b, the linear part of one layer.

    A_prev: (n_prev, m) activations of the layer before (X for layer 1)
    W: (n, n_prev)   b: (n, 1)   ->   Z: (n, m), cache (A_prev, W, b)
    """
    Z = W @ A_prev + b
    return Z, (A_prev, W, b)


def activation_forward(A_prev: np.ndarray, W: np.ndarray, b: np.ndarray, activation: Activation):
    """A = g(W @ A_prev + b), one whole layer.

    A_prev: (n_prev, m)   W: (n, n_prev)   b: (n, 1)   ->   A: (n, m),
    cache ((A_prev, W, b), Z) with Z: (n, m)
    """
    Z, linear_cache = linear_forward(A_prev, W, b)
    return activation.g(Z), (linear_cache, Z)


def model_forward(
    X: np.ndarray,
    parameters: dict[str, np.ndarray],
    hidden_activation: str | Activation = "relu",
    leaky_alpha: float = 0.01,
):
    """Forward pass through all L layers: L-1 hidden layers of ``hidden_activation``, sigmoid out.

    X: (n_x, m)   parameters: W1 (n_1, n_x), b1 (n_1, 1), ..., WL (1, n_{L-1}), bL (1, 1)
    -> AL: (1, m), caches: list of L caches ((A_prev, W, b), Z), layer 1 first
    """
    g = hidden_activation if isinstance(hidden_activation, Activation) else get_activation(
        hidden_activation, leaky_alpha)
    L = len(parameters) // 2
    caches = []
    A = X
    for l in range(1, L + 1):
        A, cache = activation_forward(A, parameters[f"W{l}"], parameters[f"b{l}"],
                                      SIGMOID if l == L else g)
        caches.append(cache)
    return A, caches
