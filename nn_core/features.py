"""Input features of a 2-D point: what the network is given instead of (x1, x2) alone.

A network fed only x1 and x2 must build curved boundaries from its hidden units; given x1^2 and
x2^2 too, a single unit can draw a circle (TensorFlow Playground's lesson). Each feature is a
small record, a name and a function of the two rows of X:

    x1, x2, x1^2, x2^2, x1*x2, sin x1, sin x2

``feature_map(X, names)`` stacks the chosen ones, in the order given, into the network's input
X' (n_features, m). The default (x1, x2) gives back X's two rows, the same numbers.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np


@dataclass(frozen=True)
class Feature:
    """A named function of a point: ``f(x1, x2)``, each (m,) -> (m,)."""

    name: str
    label: str                                   # as a page writes it: "x₁²"
    f: Callable[[np.ndarray, np.ndarray], np.ndarray]


FEATURES: dict[str, Feature] = {f.name: f for f in (
    Feature("x1", "x₁", lambda x1, x2: x1),
    Feature("x2", "x₂", lambda x1, x2: x2),
    Feature("x1^2", "x₁²", lambda x1, x2: x1 * x1),
    Feature("x2^2", "x₂²", lambda x1, x2: x2 * x2),
    Feature("x1*x2", "x₁·x₂", lambda x1, x2: x1 * x2),
    Feature("sin x1", "sin x₁", lambda x1, x2: np.sin(x1)),
    Feature("sin x2", "sin x₂", lambda x1, x2: np.sin(x2)),
)}

#: The lesson's input: the point itself.
PLAIN = ("x1", "x2")


def check_features(names) -> tuple[str, ...]:
    """The names as a tuple; ValueError with a sentence when one is unknown, repeated, or none."""
    names = tuple(names)
    if not names:
        raise ValueError("choose at least one input feature")
    unknown = [n for n in names if n not in FEATURES]
    if unknown:
        raise ValueError(f"unknown feature {unknown[0]!r}; choose among {', '.join(FEATURES)}")
    if len(set(names)) != len(names):
        raise ValueError("each input feature can be chosen once")
    return names


def feature_map(X: np.ndarray, names=PLAIN) -> np.ndarray:
    """The features ``names`` of each point, stacked in that order.

    X: (2, m) points (x1 the first row, x2 the second)   ->   X': (len(names), m) float64
    """
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[0] != 2:
        raise ValueError(f"features are computed from 2-D points X (2, m), got shape {X.shape}")
    x1, x2 = X[0], X[1]
    return np.stack([FEATURES[n].f(x1, x2) for n in check_features(names)])
