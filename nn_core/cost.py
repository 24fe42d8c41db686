"""The binary cross-entropy cost.

Loss of one example: ``L(a, y) = -(y log a + (1 - y) log(1 - a))``; the cost is its mean over
the m examples, ``J = (1/m) sum L``, plus ``lambd / (2m) sum ||W[l]||^2`` with L2 regularisation.
It is always finite, and ``ln 2`` (about 0.693) when the network answers 0.5 everywhere.
"""
from __future__ import annotations

import numpy as np

#: AL is clipped to [EPS, 1 - EPS] so that log(0) never happens.
EPS = 1e-15


def l2_penalty(parameters: dict[str, np.ndarray], lambd: float, m: int) -> float:
    """``lambd / (2m) * sum_l ||W[l]||_F^2`` (0 when lambd is 0)."""
    if not lambd:
        return 0.0
    L = len(parameters) // 2
    return float(lambd / (2 * m) * sum(np.sum(np.square(parameters[f"W{l}"])) for l in range(1, L + 1)))


def compute_cost(AL: np.ndarray, Y: np.ndarray, parameters=None, lambd: float = 0.0) -> float:
    """Mean binary cross-entropy of the predictions AL against the labels Y.

    AL: (1, m) probabilities   Y: (1, m) labels in {0, 1}   ->   float
    ``parameters`` and ``lambd`` add the L2 term. Computed in float64 (in float32, 1 - EPS would
    round to 1 and a confident mistake would cost log(0)).
    """
    A = np.clip(np.asarray(AL, dtype=np.float64).reshape(1, -1), EPS, 1 - EPS)
    Y = np.asarray(Y, dtype=np.float64).reshape(1, -1)
    m = Y.shape[1]
    cost = -float(np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A))) / m
    if lambd:
        cost += l2_penalty(parameters, lambd, m)
    return cost


def compute_cost_from_Z(ZL: np.ndarray, Y: np.ndarray) -> float:
    """The same cross-entropy from the output pre-activation ZL, with AL = sigmoid(ZL).

    ZL: (1, m)   Y: (1, m)   ->   float.  Uses ``L = max(Z, 0) - Z y + log(1 + e^-|Z|)``, exact
    and finite for any Z, so a run that pushes Z to extremes still gets a meaningful cost.
    """
    return float(cross_entropy_rows(np.asarray(ZL, dtype=np.float64).reshape(1, -1),
                                    np.asarray(Y, dtype=np.float64).reshape(1, -1))[0])


def cross_entropy_rows(ZL: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """The math of ``compute_cost_from_Z`` for K networks at once (the trainers' hot path).

    ZL: (K, m) float64, row k the output pre-activations of network k   Y: (1, m)   ->   (K,)
    """
    losses = np.maximum(ZL, 0) - ZL * Y + np.log1p(np.exp(-np.abs(ZL)))      # (K, m)
    return losses.sum(axis=-1) / Y.shape[-1]


def loss(AL: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """The loss of each example, the binary cross-entropy L(a, y) = −y log a − (1 − y) log(1 − a).

    AL: (1, m) probabilities   Y: (1, m) labels in {0, 1}   ->   (1, m), each >= 0
    For a cat (y = 1) it is −log a, 0 when a = 1; for a non-cat, −log(1 − a), 0 when a = 0.
    The cost J is their mean (``compute_cost`` without L2). Clipped like the cost: always finite.
    """
    A = np.clip(np.asarray(AL, dtype=np.float64).reshape(1, -1), EPS, 1 - EPS)
    Y = np.asarray(Y, dtype=np.float64).reshape(1, -1)
    return -(Y * np.log(A) + (1 - Y) * np.log(1 - A))
