"""A data set as the network takes it (``Inputs``): X (n_x, m), Y (1, m) and a test set, made
from the cat photos with one input scaling or from a generated 2-D set. Arrays are made
read-only, because they are shared by every session (where they come from:
``nn_ui.data_sets.loaders_ui``).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nn_core.preprocessing import images_to_X
from nn_io import catdata

#: The test set of a 2-D data set: same maker, another seed.
TOY_TEST_SEED = 101


@dataclass(frozen=True)
class Inputs:
    """A data set as the network takes it. X (n_x, m), Y (1, m); the test set likewise.

    image_shape: (64, 64, 3) or (64, 64) for photos (how a row of W1 is drawn), None for points.
    stats: (mean, std) of the training set for "standardize", else None.
    gram: X^T X (m, m) when the trainer can use it, else None.
    """
    X: np.ndarray
    Y: np.ndarray
    X_test: np.ndarray
    Y_test: np.ndarray
    class_names: tuple[str, str]
    image_shape: tuple[int, ...] | None = None
    scaling: str | None = None
    stats: tuple | None = None
    gram: np.ndarray | None = None


def read_only(*arrays: np.ndarray) -> None:
    """Make each array (None skipped) read-only: shared arrays no session can change."""
    for a in arrays:
        if a is not None:
            a.setflags(write=False)


def photo_inputs(data: catdata.CatData, scaling: str) -> Inputs:
    """The photos of ``data`` as X (12288 or 4096, m) with ``scaling`` (as
    ``nn_core.preprocessing.images_to_X``), their test set likewise, read-only."""
    X, stats = images_to_X(data.train_x, scaling)
    X_test, _ = images_to_X(data.test_x, scaling, stats)
    Y = np.asarray(data.train_y, dtype=float).reshape(1, -1)
    Y_test = np.asarray(data.test_y, dtype=float).reshape(1, -1)
    gram = X.T @ X if X.shape[1] < X.shape[0] else None
    read_only(X, Y, X_test, Y_test, gram, *(stats or ()))
    shape = (64, 64) if scaling == "grayscale" else (64, 64, 3)
    return Inputs(X, Y, X_test, Y_test, tuple(data.classes), shape, scaling, stats, gram)
