"""Back-propagation: the chain rule, layer by layer from the output back to the input.

For the sigmoid output with the cross-entropy loss, the two derivatives combine into
``dZ[L] = AL - Y``. Then for each layer, from L down to 1:

    dW[l] = (1/m) dZ[l] A[l-1]^T  (+ lambd/m W[l])     db[l] = (1/m) sum over examples of dZ[l]
    dA[l-1] = W[l]^T dZ[l]                               dZ[l-1] = dA[l-1] * g'(Z[l-1])
"""
from __future__ import annotations

import numpy as np

from nn_core.activations import Activation, get_activation


def linear_backward(dZ: np.ndarray, cache, lambd: float = 0.0, need_dA_prev: bool = True):
    """Gradients of the linear part Z = W A_prev + b, given dZ = dJ/dZ.

    dZ: (n, m)   cache: (A_prev (n_prev, m), W (n, n_prev), b (n, 1))
    -> dA_prev: (n_prev, m) (None if not needed), dW: (n, n_prev), db: (n, 1)
    """
    A_prev, W, _ = cache
    m = A_prev.shape[1]
    dW = (dZ @ A_prev.T) / m
    if lambd:
        dW += (lambd / m) * W
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = W.T @ dZ if need_dA_prev else None
    return dA_prev, dW, db


def activation_backward(dA: np.ndarray, cache, activation: Activation, lambd: float = 0.0,
                        need_dA_prev: bool = True):
    """Gradients of one layer A = g(W A_prev + b): dZ = dA * g'(Z), then linear_backward.

    dA: (n, m)   cache: ((A_prev, W, b), Z (n, m))   ->   dA_prev (n_prev, m), dW, db
    """
    linear_cache, Z = cache
    return linear_backward(dA * activation.dg(Z), linear_cache, lambd, need_dA_prev)


def model_backward(
    AL: np.ndarray,
    Y: np.ndarray,
    caches,
    hidden_activation: str | Activation = "relu",
    lambd: float = 0.0,
    leaky_alpha: float = 0.01,
) -> dict[str, np.ndarray]:
    """Gradients of the cost for every layer, from ``model_forward``'s output and caches.

    AL: (1, m)   Y: (1, m)   caches: L caches from model_forward
    -> grads: ``dW1 (n_1, n_x), db1 (n_1, 1), ..., dWL, dbL`` and ``dA1 ... dA{L-1}``
    (``dA{l}`` is dJ/dA[l], (n_l, m); no dA0 is computed for the input).
    """
    g = hidden_activation if isinstance(hidden_activation, Activation) else get_activation(
        hidden_activation, leaky_alpha)
    L = len(caches)
    grads = {}
    dZ = AL - Y  # sigmoid output + cross-entropy: dJ/dZ[L] (times m)
    dA_prev, grads[f"dW{L}"], grads[f"db{L}"] = linear_backward(
        dZ, caches[L - 1][0], lambd, need_dA_prev=L > 1)
    for l in range(L - 1, 0, -1):
        grads[f"dA{l}"] = dA_prev
        dA_prev, grads[f"dW{l}"], grads[f"db{l}"] = activation_backward(
            dA_prev, caches[l - 1], g, lambd, need_dA_prev=l > 1)
    return grads
