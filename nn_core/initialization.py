"""Initialisation of the parameters ``W1, b1, ..., WL, bL`` of an L-layer network.

``layer_dims = [n_x, n_1, ..., n_L]``; ``W[l]`` is ``(n_l, n_{l-1})`` and ``b[l]`` is
``(n_l, 1)``. Weights start small and random (all zeros cannot break symmetry: every hidden unit
of a layer then computes and learns the same thing); biases start at zero.
"""
from __future__ import annotations

import numpy as np

INIT_METHODS = ("zeros", "random", "xavier", "he", "course")


def _check_layer_dims(layer_dims) -> list[int]:
    dims = [int(n) for n in layer_dims]
    if len(dims) < 2:
        raise ValueError(f"layer_dims needs at least [n_x, n_L], got {dims}")
    if any(n < 1 for n in dims):
        raise ValueError(f"every layer needs at least one unit, got {dims}")
    return dims


def initialize_parameters(
    layer_dims,
    method: str = "he",
    seed: int | np.random.Generator | None = 1,
    scale: float = 0.01,
    dtype=np.float64,
) -> dict[str, np.ndarray]:
    """Parameters ``{"W1": (n_1, n_x), "b1": (n_1, 1), ..., "WL": (n_L, n_{L-1}), "bL": (n_L, 1)}``.

    method:
      - ``"zeros"``: every weight 0 (the lesson's counter-example: symmetry is never broken).
      - ``"random"``: ``randn * scale`` (small random, scale 0.01 by default).
      - ``"xavier"``: ``randn * sqrt(1 / n_{l-1})``.
      - ``"he"``: ``randn * sqrt(2 / n_{l-1})`` (suits ReLU layers).
      - ``"course"``: exactly the deeplearning.ai notebooks' draws, so their published numbers
        come out: ``np.random.RandomState(seed).randn`` layer by layer, ``* 0.01`` for a 2-layer
        network (``initialize_parameters``), ``/ sqrt(n_{l-1})`` for a deeper one
        (``initialize_parameters_deep``).
    seed: an int, a ``np.random.Generator`` (not for "course"), or None for fresh entropy.
    Biases are always zero.
    """
    dims = _check_layer_dims(layer_dims)
    L = len(dims) - 1
    if method not in INIT_METHODS:
        raise ValueError(f"unknown initialisation {method!r}; choose one of {INIT_METHODS}")
    if method == "course":
        if isinstance(seed, np.random.Generator):
            raise ValueError("course initialisation needs an integer seed (RandomState)")
        randn = np.random.RandomState(seed).randn
    else:
        rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
        randn = rng.standard_normal

    parameters = {}
    for l in range(1, L + 1):
        n, n_prev = dims[l], dims[l - 1]
        if method == "zeros":
            W = np.zeros((n, n_prev))
        elif method == "random":
            W = randn((n, n_prev)) * scale
        elif method == "xavier":
            W = randn((n, n_prev)) * np.sqrt(1.0 / n_prev)
        elif method == "he":
            W = randn((n, n_prev)) * np.sqrt(2.0 / n_prev)
        elif L == 2:  # course, two layers: x 0.01
            W = randn(n, n_prev) * 0.01
        else:  # course, deep: / sqrt(n_prev)
            W = randn(n, n_prev) / np.sqrt(n_prev)
        parameters[f"W{l}"] = W.astype(dtype, copy=False)
        parameters[f"b{l}"] = np.zeros((n, 1), dtype=dtype)
    return parameters


def layer_dims_of(parameters: dict[str, np.ndarray]) -> list[int]:
    """``[n_x, n_1, ..., n_L]`` read from the shapes of ``W1 ... WL``."""
    L = len(parameters) // 2
    return [parameters["W1"].shape[1]] + [parameters[f"W{l}"].shape[0] for l in range(1, L + 1)]
