"""What each unit computes: its activation A over a set of points or the whole plane, and which
units have stopped learning (dead or saturated).

A unit j of layer l computes ``z = W[l][j] . a_prev + b[l][j]`` and ``a = g(z)``; over m points
that is row j of Z[l] and A[l] (n_l, m), as ``model_forward`` computes them. Over a grid of the
plane, row j reshaped to the grid is the unit's *map*: the picture TensorFlow Playground draws
in each node.

* **dead** (ReLU): Z <= 0 on every training example, so A = 0 and g'(Z) = 0 everywhere: no
  gradient reaches its weights and it never learns again.
* **saturated** (sigmoid, tanh): g'(Z) < threshold on every training example (A near 0 or 1
  for sigmoid, near -1 or +1 for tanh): its gradient nearly vanishes.
"""
from __future__ import annotations

import numpy as np

from nn_core.activations import Activation, get_activation
from nn_core.features import PLAIN, feature_map
from nn_core.forward import model_forward

#: A saturated unit: g'(Z) below this on every example (as ``Network.layer_stats``).
SATURATION_THRESHOLD = 0.01
#: The marks of ``unit_marks``.
FINE, DEAD, SATURATED = 0, 1, 2


def unit_activations(X: np.ndarray, parameters: dict[str, np.ndarray],
                     hidden_activation: str | Activation = "relu", leaky_alpha: float = 0.01):
    """Z and A of every layer for the points X, with ``model_forward``'s own computation.

    X: (n_x, m)   parameters: W1 (n_1, n_x), b1 (n_1, 1), ..., WL (1, n_{L-1}), bL (1, 1)
    -> Zs, As: lists of L arrays, Z[l] and A[l] (n_l, m) for l = 1..L; A[L] = AL (1, m)
    """
    AL, caches = model_forward(X, parameters, hidden_activation, leaky_alpha)
    Zs = [Z for _, Z in caches]
    As = [linear_cache[0] for linear_cache, _ in caches[1:]] + [AL]
    return Zs, As


def plane_grid(xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """The points of a grid of the plane, row by row: xs (gx,), ys (gy,) -> (2, gy * gx),
    point i * gx + j being (xs[j], ys[i])."""
    gx, gy = np.meshgrid(np.asarray(xs, dtype=np.float64), np.asarray(ys, dtype=np.float64))
    return np.vstack([gx.ravel(), gy.ravel()])


def unit_maps(parameters: dict[str, np.ndarray], xs: np.ndarray, ys: np.ndarray,
              features=PLAIN, hidden_activation: str | Activation = "relu",
              leaky_alpha: float = 0.01) -> list[np.ndarray]:
    """A of every unit over a grid of the plane, the network fed ``features`` of each point.

    xs (gx,), ys (gy,)   ->   list of L arrays (n_l, gy, gx): layer l's units' maps, l = 1..L
    (the last, (1, gy, gx), is the network's P(class 1)).
    """
    X = feature_map(plane_grid(xs, ys), features)
    _, As = unit_activations(X, parameters, hidden_activation, leaky_alpha)
    return [A.reshape(len(A), len(ys), len(xs)) for A in As]


def dead_units(Z: np.ndarray) -> np.ndarray:
    """Z (n, m) of one layer -> (n,) bool: the units with Z <= 0 on every example."""
    return (np.asarray(Z) <= 0).all(axis=-1)


def saturated_units(Z: np.ndarray, activation: Activation,
                    threshold: float = SATURATION_THRESHOLD) -> np.ndarray:
    """Z (n, m) of one layer -> (n,) bool: the units with g'(Z) < threshold on every example."""
    return (activation.dg(np.asarray(Z)) < threshold).all(axis=-1)


def unit_marks(X: np.ndarray, parameters: dict[str, np.ndarray], hidden_activation: str = "relu",
               leaky_alpha: float = 0.01, threshold: float = SATURATION_THRESHOLD):
    """Each hidden unit's mark over the training points X (n_x, m): FINE, DEAD (ReLU, Z <= 0 on
    every example) or SATURATED (sigmoid or tanh, g'(Z) < threshold on every example).

    -> list of L - 1 uint8 arrays (n_l,), one per hidden layer (a leaky ReLU is never marked:
    its slope 0.01 keeps it learning).
    """
    g = get_activation(hidden_activation, leaky_alpha)
    Zs, _ = unit_activations(X, parameters, g)
    return [layer_marks(Z, g, threshold) for Z in Zs[:-1]]


def layer_marks(Z: np.ndarray, activation: Activation,
                threshold: float = SATURATION_THRESHOLD) -> np.ndarray:
    """Z (n, m) of one hidden layer -> (n,) uint8: FINE, DEAD or SATURATED (``unit_marks``)."""
    mark = np.full(Z.shape[0], FINE, dtype=np.uint8)
    if activation.name == "relu":
        mark[dead_units(Z)] = DEAD
    elif activation.name in ("sigmoid", "tanh"):
        mark[saturated_units(Z, activation, threshold)] = SATURATED
    return mark
