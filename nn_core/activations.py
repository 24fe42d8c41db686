"""Activation functions g(Z) and their derivatives g'(Z).

Each activation is a small record holding the function and its derivative, both functions of
the pre-activation ``Z`` (any shape; the result has the same shape). Derivatives are taken with
respect to Z, so back-propagation through a layer is ``dZ = dA * g'(Z)``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np


@dataclass(frozen=True)
class Activation:
    """A named activation: ``g(Z)`` and ``dg(Z) = g'(Z)``, both elementwise, same shape as Z."""

    name: str
    g: Callable[[np.ndarray], np.ndarray]
    dg: Callable[[np.ndarray], np.ndarray]


def sigmoid(Z: np.ndarray) -> np.ndarray:
    """sigma(Z) = 1 / (1 + exp(-Z)), computed without overflow for any Z (e.g. +-1000).

    For Z >= 0 it uses 1 / (1 + e^-Z); for Z < 0 the equal form e^Z / (1 + e^Z), so exp never
    sees a large positive argument.
    """
    Z = np.asarray(Z, dtype=np.result_type(Z, np.float32))
    E = np.exp(-np.abs(Z))
    return np.where(Z >= 0, 1.0 / (1.0 + E), E / (1.0 + E))


def sigmoid_derivative(Z: np.ndarray) -> np.ndarray:
    """sigma'(Z) = sigma(Z) (1 - sigma(Z)); at most 1/4 (at Z = 0), nearly 0 for |Z| > 5."""
    S = sigmoid(Z)
    return S * (1.0 - S)


def tanh(Z: np.ndarray) -> np.ndarray:
    """tanh(Z), in (-1, 1)."""
    return np.tanh(Z)


def tanh_derivative(Z: np.ndarray) -> np.ndarray:
    """tanh'(Z) = 1 - tanh(Z)^2; 1 at Z = 0."""
    T = np.tanh(Z)
    return 1.0 - T * T


def relu(Z: np.ndarray) -> np.ndarray:
    """ReLU(Z) = max(0, Z)."""
    return np.maximum(Z, 0)


def relu_derivative(Z: np.ndarray) -> np.ndarray:
    """ReLU'(Z) = 1 where Z > 0, else 0 (the lesson takes the gradient at Z = 0 to be 0)."""
    Z = np.asarray(Z)
    return (Z > 0).astype(np.result_type(Z, np.float32))


def leaky_relu(Z: np.ndarray, alpha: float = 0.01) -> np.ndarray:
    """Leaky ReLU: Z where Z > 0, alpha * Z elsewhere (a small slope keeps units alive)."""
    return np.where(Z > 0, Z, alpha * Z)


def leaky_relu_derivative(Z: np.ndarray, alpha: float = 0.01) -> np.ndarray:
    """1 where Z > 0, alpha elsewhere (alpha at Z = 0, matching ReLU's choice of the left side)."""
    Z = np.asarray(Z)
    return np.where(Z > 0, 1.0, alpha).astype(np.result_type(Z, np.float32))


SIGMOID = Activation("sigmoid", sigmoid, sigmoid_derivative)
TANH = Activation("tanh", tanh, tanh_derivative)
RELU = Activation("relu", relu, relu_derivative)


def make_leaky_relu(alpha: float = 0.01) -> Activation:
    """A leaky ReLU with slope ``alpha`` for Z <= 0."""
    if not 0 <= alpha < 1:
        raise ValueError(f"leaky ReLU slope alpha must be in [0, 1), got {alpha}")
    return Activation(
        "leaky_relu",
        lambda Z: leaky_relu(Z, alpha),
        lambda Z: leaky_relu_derivative(Z, alpha),
    )


LEAKY_RELU = make_leaky_relu(0.01)

#: Name -> activation, for the pages (leaky ReLU with its default slope 0.01).
ACTIVATIONS: dict[str, Activation] = {a.name: a for a in (SIGMOID, TANH, RELU, LEAKY_RELU)}


def get_activation(name: str, leaky_alpha: float = 0.01) -> Activation:
    """The activation called ``name`` ('sigmoid', 'tanh', 'relu', 'leaky_relu')."""
    if name == "leaky_relu":
        return LEAKY_RELU if leaky_alpha == 0.01 else make_leaky_relu(leaky_alpha)
    try:
        return ACTIVATIONS[name]
    except KeyError:
        raise ValueError(f"unknown activation {name!r}; choose one of {sorted(ACTIVATIONS)}") from None
