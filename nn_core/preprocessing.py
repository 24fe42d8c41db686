"""From image arrays to the network's input X, in the column convention X (n_x, m).

A photo of 64 x 64 pixels x 3 colours becomes one column of 12288 numbers (4096 in grayscale).
The flattening order is the course's: ``images.reshape(m, -1).T``.
"""
from __future__ import annotations

import numpy as np

PREPROCESSING_MODES = ("scale", "standardize", "grayscale", "raw")

#: ITU-R BT.601 luma weights, as in most grayscale conversions.
_LUMA = np.array([0.299, 0.587, 0.114])


def flatten_images(images: np.ndarray) -> np.ndarray:
    """images (m, h, w, c) or (m, h, w) -> X (h*w*c, m) float64, one image per column."""
    images = np.asarray(images)
    if images.ndim < 3:
        raise ValueError(f"images must be (m, height, width[, channels]), got shape {images.shape}")
    return images.reshape(images.shape[0], -1).T.astype(np.float64)


def to_grayscale(images: np.ndarray) -> np.ndarray:
    """images (m, h, w, 3) -> (m, h, w) luminance, same 0-255 scale."""
    images = np.asarray(images, dtype=np.float64)
    if images.ndim != 4 or images.shape[-1] != 3:
        raise ValueError(f"grayscale needs RGB images (m, h, w, 3), got shape {images.shape}")
    return images @ _LUMA


def standardize(X: np.ndarray, stats: tuple[np.ndarray, np.ndarray] | None = None):
    """Each feature (row of X) to mean 0 and standard deviation 1.

    X: (n_x, m). Without ``stats`` the mean and std (each (n_x, 1)) are measured on X (the
    training set); pass the training set's stats to transform the test set or a new photo the
    same way. -> (X_standardised (n_x, m), (mean, std))
    """
    if stats is None:
        mean = X.mean(axis=1, keepdims=True)
        std = X.std(axis=1, keepdims=True)
        std[std < 1e-8] = 1.0  # a constant feature stays 0 rather than dividing by zero
        stats = (mean, std)
    mean, std = stats
    return (X - mean) / std, stats


def images_to_X(images: np.ndarray, mode: str = "scale", stats=None):
    """images (m, 64, 64, 3) uint8 -> (X (n_x, m) float64, stats).

    mode:
      - ``"scale"``: pixel / 255, in [0, 1] (the course's choice), n_x = 12288
      - ``"standardize"``: each feature to mean 0, std 1 (stats = (mean, std) of the training set)
      - ``"grayscale"``: luminance / 255, n_x = 4096 (the article's count)
      - ``"raw"``: the 0-255 values as they are (to show why scaling matters)
    ``stats`` is None except for "standardize", where it is measured when not given.
    """
    if mode == "scale":
        return flatten_images(images) / 255.0, None
    if mode == "raw":
        return flatten_images(images), None
    if mode == "grayscale":
        return flatten_images(to_grayscale(images)) / 255.0, None
    if mode == "standardize":
        return standardize(flatten_images(images), stats)
    raise ValueError(f"unknown preprocessing {mode!r}; choose one of {PREPROCESSING_MODES}")
