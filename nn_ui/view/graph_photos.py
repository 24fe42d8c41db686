"""The network graph's training photos: a few the learner picks from, and each unit's z and a.

Tapping a unit of a photo run shows, for a training photo the learner picks, that unit's
``z = w · x + b`` and ``a = g(z)`` (the output unit's a is P(cat)) at the iteration shown. The
server picks PHOTOS training examples once per run (``photo_columns``: cats and non-cats in
turn), sends them once as small thumbnails (``thumbnails``, uint8 (k, THUMB, THUMB[, 3])),
and with the weights, at the same iterations, each unit's z and a on them (``values_vector``,
from the training's own forward pass, ``Network.unit_values``), packed as the weights are
(``graph_data.pack_weights``: float32 rounded to its 3 high bytes, 5 significant digits).
Pure NumPy: no Streamlit.
"""
from __future__ import annotations

import numpy as np

#: The training photos offered, and their thumbnails' side in pixels.
PHOTOS = 6
THUMB = 32


def photo_columns(Y: np.ndarray, k: int = PHOTOS) -> np.ndarray:
    """k training examples of Y (1, m), class 1 and class 0 in turn, each class in the order of
    the set (the other class fills in when one has too few): int (k,), k <= m."""
    y = np.ravel(Y) > 0.5
    ones, zeros = list(np.flatnonzero(y)), list(np.flatnonzero(~y))
    out = []
    while len(out) < min(k, y.size):
        for pool in (ones, zeros):
            if pool and len(out) < k:
                out.append(int(pool.pop(0)))
    return np.asarray(out, dtype=np.int64)


def thumbnails(X: np.ndarray, cols, image_shape, size: int = THUMB) -> np.ndarray:
    """The photos X[:, cols] (each column a picture of ``image_shape``, (h, w) or (h, w, 3))
    shrunk to size x size by averaging blocks: uint8 (k, size, size[, 3]). Values in [0, 1]
    (the lesson's x / 255) are shown as they are, others (standardised) each on its own scale."""
    h, w = image_shape[:2]
    fh, fw = max(h // size, 1), max(w // size, 1)
    out = []
    for j in cols:
        img = np.asarray(X[:, j], dtype=np.float64).reshape(image_shape)
        img = img[:fh * (h // fh), :fw * (w // fw)]
        small = img.reshape(h // fh, fh, w // fw, fw, *image_shape[2:]).mean(axis=(1, 3))
        lo, hi = float(small.min()), float(small.max())
        if lo < 0 or hi > 1:
            small = (small - lo) / (hi - lo if hi > lo else 1.0)
        out.append(np.rint(np.clip(small, 0, 1) * 255).astype(np.uint8))
    return np.stack(out)


def values_vector(Zs: list[np.ndarray], As: list[np.ndarray]) -> np.ndarray:
    """Z[l], A[l] (n_l, k) for l = 1..L -> float32 (2 U k,): every unit's z on the k photos, unit
    after unit (layer 1 first), then every unit's a likewise (U = n_1 + ... + n_L)."""
    Z, A = np.concatenate(Zs), np.concatenate(As)
    with np.errstate(over="ignore"):
        return np.nan_to_num(np.concatenate([Z.ravel(), A.ravel()]), nan=0.0).astype(np.float32)


def read_values(vector: np.ndarray, units: int, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Inverse of ``values_vector`` (what the browser does): (2 U k,) -> z, a (U, k)."""
    v = np.asarray(vector).reshape(2, units, k)
    return v[0], v[1]
