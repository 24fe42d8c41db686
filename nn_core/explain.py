"""Why did the network answer what it did? One example forward, every layer kept, and the
training examples the last hidden layer finds most like it.

``AL = σ(ZL)`` with ``ZL = WL · A[L-1] + bL = Σ_j WL[0, j] · A[L-1][j] + bL``: each unit j of the
last hidden layer adds ``WL[0, j] · A[L-1][j]`` (its *contribution*) to ZL; a positive sum
pushes P(class 1) above 0.5.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nn_core.forward import model_forward


@dataclass(frozen=True)
class ForwardTrace:
    """The forward pass of one example, layer by layer.

    Z[l-1], A[l-1]: (n_l, 1) for l = 1..L (the lesson's Z1, A1, ..., ZL, AL)
    contributions: (n_{L-1},) WL[0, j] · A[L-1][j], the share of each last hidden unit in ZL
    bL: the output unit's bias, so ZL = contributions.sum() + bL
    """
    Z: list[np.ndarray]
    A: list[np.ndarray]
    contributions: np.ndarray
    bL: float

    @property
    def p(self) -> float:
        """AL, the probability of class 1 (cat)."""
        return float(self.A[-1][0, 0])

    @property
    def hidden(self) -> np.ndarray:
        """A[L-1]: (n_{L-1}, 1), the last hidden layer, what the output unit reads."""
        return self.A[-2]


def forward_trace(x: np.ndarray, parameters: dict[str, np.ndarray],
                  hidden_activation: str = "relu", leaky_alpha: float = 0.01) -> ForwardTrace:
    """One example x: (n_x, 1) through the network; every Z[l] and A[l] kept (see ForwardTrace).

    Needs at least one hidden layer (L >= 2).
    """
    x = np.asarray(x, dtype=float)
    if x.ndim != 2 or x.shape[1] != 1:
        raise ValueError(f"x must be one example (n_x, 1), got {x.shape}")
    AL, caches = model_forward(x, parameters, hidden_activation, leaky_alpha)
    L = len(caches)
    if L < 2:
        raise ValueError("the network has no hidden layer")
    Z = [cache[1] for cache in caches]
    A = [cache[0][0] for cache in caches[1:]] + [AL]
    WL, bL = parameters[f"W{L}"], parameters[f"b{L}"]
    return ForwardTrace(Z, A, WL[0] * A[-2][:, 0], float(bL[0, 0]))


def hidden_layer(X: np.ndarray, parameters: dict[str, np.ndarray], hidden_activation: str = "relu",
                 leaky_alpha: float = 0.01) -> np.ndarray:
    """A[L-1] of every example: X (n_x, m) -> (n_{L-1}, m), the last hidden layer's view."""
    _, caches = model_forward(np.asarray(X, dtype=float), parameters, hidden_activation,
                              leaky_alpha)
    if len(caches) < 2:
        raise ValueError("the network has no hidden layer")
    return caches[-1][0][0]


def nearest(a: np.ndarray, A: np.ndarray, k: int = 5) -> tuple[np.ndarray, np.ndarray]:
    """The k columns of A (n, m) closest to a (n, 1) in Euclidean distance, closest first.

    -> (indices (k,), distances (k,)); ties keep the lower index first.
    """
    a = np.asarray(a, dtype=float).reshape(-1, 1)
    A = np.asarray(A, dtype=float)
    if A.shape[0] != a.shape[0]:
        raise ValueError(f"a has {a.shape[0]} rows, A has {A.shape[0]}")
    d = np.sqrt(((A - a) ** 2).sum(axis=0))
    order = np.argsort(d, kind="stable")[:k]
    return order, d[order]
