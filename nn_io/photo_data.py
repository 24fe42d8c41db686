"""The learner's photo set as the network takes it: X (12288, m), Y (1, m) and a held-out test
part, standardised as the cat photos are (``nn_core.preprocessing.images_to_X``, mean and std
of the training part).

    data = photo_dataset(photos.photos(0), photos.photos(1), photos.names, seed=1)
    data.X.shape, data.Y.shape, data.X_test.shape      # (12288, m), (1, m), (12288, m_test)

The test part is ``TEST_SHARE`` of each class (rounded, at least one photo, and at least one
left to learn from), chosen by ``seed`` from the photos ordered by their pixels' hash: the same
photos and seed give the same split whatever order they were added in.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from nn_core.preprocessing import images_to_X
from nn_io.photo_set import OwnPhoto

TEST_SHARE = 0.2
SCALING = "standardize"


@dataclass(frozen=True)
class PhotoData:
    """X (12288, m), Y (1, m) of 0/1 (class 1 is the second name); X_test, Y_test likewise.

    stats: (mean (12288, 1), std (12288, 1)) of the training part, for a new photo.
    images, test_images: (m, 64, 64, 3) and (m_test, 64, 64, 3) uint8, column j of X is
    images[j] (to show the photos the network finds nearest).
    names, test_names: the file name of each column.
    """
    X: np.ndarray
    Y: np.ndarray
    X_test: np.ndarray
    Y_test: np.ndarray
    stats: tuple[np.ndarray, np.ndarray]
    images: np.ndarray
    test_images: np.ndarray
    names: tuple[str, ...]
    test_names: tuple[str, ...]
    class_names: tuple[str, str]
    scaling: str = SCALING


def held_out_count(n: int, share: float = TEST_SHARE) -> int:
    """How many of a class's ``n`` photos are held out: share · n rounded half up, at least
    one, and at least one left to learn from. 5 -> 1, 8 -> 2, 13 -> 3 (at share 0.2)."""
    if n < 2:
        raise ValueError(f"a class needs at least 2 photos to hold one out, it has {n}")
    return min(max(1, math.floor(share * n + 0.5)), n - 1)


def split(photos: Sequence[OwnPhoto], seed: int, share: float = TEST_SHARE):
    """One class's photos -> (train, test), lists of OwnPhoto (see the module's docstring)."""
    ordered = sorted(photos, key=lambda p: p.digest)
    k = held_out_count(len(ordered), share)
    order = np.random.default_rng(seed).permutation(len(ordered))
    return [ordered[i] for i in order[k:]], [ordered[i] for i in order[:k]]


def photo_dataset(photos_0: Sequence[OwnPhoto], photos_1: Sequence[OwnPhoto],
                  class_names: tuple[str, str], seed: int = 1,
                  share: float = TEST_SHARE) -> PhotoData:
    """Two classes of photos -> PhotoData (class 0 is label 0). Each class needs >= 2 photos."""
    train0, test0 = split(photos_0, seed, share)
    train1, test1 = split(photos_1, seed + 1, share)
    train, test = train0 + train1, test0 + test1
    images = np.stack([p.image64 for p in train])
    test_images = np.stack([p.image64 for p in test])
    X, stats = images_to_X(images, SCALING)
    X_test, _ = images_to_X(test_images, SCALING, stats)
    Y = np.array([[0.0] * len(train0) + [1.0] * len(train1)])
    Y_test = np.array([[0.0] * len(test0) + [1.0] * len(test1)])
    for a in (X, Y, X_test, Y_test, images, test_images, *stats):
        a.setflags(write=False)
    return PhotoData(X, Y, X_test, Y_test, stats, images, test_images,
                     tuple(p.name for p in train), tuple(p.name for p in test),
                     tuple(class_names))


def photo_X(image64: np.ndarray, stats) -> np.ndarray:
    """A new (64, 64, 3) photo as the network's input x (12288, 1), standardised with the
    training part's ``stats``."""
    x, _ = images_to_X(np.asarray(image64, dtype=np.uint8)[None], SCALING, stats)
    return x
