"""What an accuracy means: confusion matrix, class balance and the baselines to beat."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Confusion:
    """Counts of a binary classifier's answers. Rows: true class 0, 1; columns: answer 0, 1."""

    matrix: np.ndarray  # (2, 2) int

    @property
    def accuracy(self) -> float:
        return float(np.trace(self.matrix) / max(self.matrix.sum(), 1))

    def indices(self, Y: np.ndarray, predictions: np.ndarray, true: int, answered: int) -> np.ndarray:
        """Indices of the examples of class ``true`` answered ``answered`` (a cell of the matrix)."""
        return np.flatnonzero((np.ravel(Y) == true) & (np.ravel(predictions) == answered))


def confusion_matrix(Y: np.ndarray, predictions: np.ndarray) -> Confusion:
    """Y (1, m) true labels 0/1, predictions (1, m) answers 0/1 -> Confusion."""
    y, p = np.ravel(Y).astype(int), np.ravel(predictions).astype(int)
    matrix = np.zeros((2, 2), dtype=int)
    np.add.at(matrix, (y, p), 1)
    return Confusion(matrix)


def balanced_accuracy(Y: np.ndarray, predictions: np.ndarray) -> float:
    """Mean of the accuracy on each class: 0.5 for any answer that ignores the input, whatever
    the share of each class (plain accuracy rewards always answering the majority class).

    Y: (1, m) labels 0/1   predictions: (1, m) answers 0/1   ->   float in [0, 1]
    """
    y, p = np.ravel(Y).astype(int), np.ravel(predictions).astype(int)
    return float(np.mean([np.mean(p[y == c] == c) for c in (0, 1) if np.any(y == c)]))


def class_balance(Y: np.ndarray) -> float:
    """Share of class 1 among the labels Y (1, m)."""
    return float(np.mean(np.ravel(Y) == 1))


def baselines(Y: np.ndarray) -> dict[str, float]:
    """Accuracy of the answers that look at nothing: always 1, always 0.

    A model is only as good as its margin over ``max(baselines(Y).values())``.
    """
    share = class_balance(Y)
    return {"always 1": share, "always 0": 1.0 - share}


def mistakes(Y: np.ndarray, AL: np.ndarray) -> np.ndarray:
    """Indices of the wrongly answered examples, most confident mistakes first.

    Y (1, m) labels, AL (1, m) P(class 1). Confidence of an answer = |AL - 0.5|.
    """
    y, p = np.ravel(Y), np.ravel(AL)
    wrong = np.flatnonzero((p > 0.5) != (y == 1))
    return wrong[np.argsort(-np.abs(p[wrong] - 0.5), kind="stable")]
