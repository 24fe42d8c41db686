"""Small generated 2-D data sets, so the app teaches with no download.

Every maker returns ``X`` (2, m) float64 and ``Y`` (1, m) int with labels 0/1, from an explicit
seed; ``noise`` is the standard deviation of the Gaussian jitter.
"""
from __future__ import annotations

import numpy as np


def make_flower(m: int = 400, noise: float = 0.2, seed: int = 1):
    """The course's planar "flower": two classes as interleaved petals of r = 4 sin(4 t).

    With the defaults this is the deeplearning.ai ``load_planar_dataset`` (same draws).
    -> X (2, m), Y (1, m)
    """
    rng = np.random.RandomState(seed)
    X = np.zeros((m, 2))
    Y = np.zeros((m, 1), dtype=int)
    for j in range(2):
        start = j * (m // 2)
        N = m // 2 if j == 0 else m - m // 2          # an odd m: one more in the second class
        ix = slice(start, start + N)
        t = np.linspace(j * 3.12, (j + 1) * 3.12, N) + rng.randn(N) * noise
        r = 4 * np.sin(4 * t) + rng.randn(N) * noise
        X[ix] = np.c_[r * np.sin(t), r * np.cos(t)]
        Y[ix] = j
    return X.T, Y.T


def make_circles(m: int = 300, noise: float = 0.05, seed: int = 1, factor: float = 0.8):
    """Two concentric circles: outer (radius 1) class 0, inner (radius ``factor``) class 1.

    -> X (2, m), Y (1, m)
    """
    rng = np.random.default_rng(seed)
    n_out = m // 2
    n_in = m - n_out
    t_out = np.linspace(0, 2 * np.pi, n_out, endpoint=False)
    t_in = np.linspace(0, 2 * np.pi, n_in, endpoint=False)
    X = np.vstack([np.c_[np.cos(t_out), np.sin(t_out)],
                   factor * np.c_[np.cos(t_in), np.sin(t_in)]])
    Y = np.r_[np.zeros(n_out, dtype=int), np.ones(n_in, dtype=int)]
    X += rng.normal(0, noise, X.shape)
    return _shuffled(X, Y, rng)


def make_moons(m: int = 300, noise: float = 0.1, seed: int = 1):
    """Two interleaving half circles. -> X (2, m), Y (1, m)"""
    rng = np.random.default_rng(seed)
    n_a = m // 2
    n_b = m - n_a
    t_a = np.linspace(0, np.pi, n_a)
    t_b = np.linspace(0, np.pi, n_b)
    X = np.vstack([np.c_[np.cos(t_a), np.sin(t_a)],
                   np.c_[1 - np.cos(t_b), 0.5 - np.sin(t_b)]])
    Y = np.r_[np.zeros(n_a, dtype=int), np.ones(n_b, dtype=int)]
    X += rng.normal(0, noise, X.shape)
    return _shuffled(X, Y, rng)


def make_xor(m: int = 200, noise: float = 0.1, seed: int = 1):
    """XOR: points around the four corners (+-1, +-1); class 1 where x1 and x2 differ in sign.

    -> X (2, m), Y (1, m)
    """
    rng = np.random.default_rng(seed)
    corners = np.array([[1, 1], [-1, -1], [1, -1], [-1, 1]], dtype=float)
    labels = np.array([0, 0, 1, 1])
    idx = np.arange(m) % 4
    X = corners[idx] + rng.normal(0, noise, (m, 2))
    return _shuffled(X, labels[idx], rng)


def make_spiral(m: int = 300, noise: float = 0.2, seed: int = 1, turns: float = 1.5):
    """Two interleaved spiral arms, one per class. -> X (2, m), Y (1, m)"""
    rng = np.random.default_rng(seed)
    Xs, Ys = [], []
    for j, n in enumerate((m // 2, m - m // 2)):
        r = np.linspace(0.05, 1.0, n)
        t = turns * 2 * np.pi * r + j * np.pi + rng.normal(0, noise, n)
        Xs.append(np.c_[r * np.cos(t), r * np.sin(t)])
        Ys.append(np.full(n, j))
    return _shuffled(np.vstack(Xs), np.concatenate(Ys), rng)


def make_gaussians(m: int = 200, noise: float = 1.0, seed: int = 1, distance: float = 3.0):
    """Two Gaussian blobs ``distance`` apart (std ``noise``): nearly linearly separable.

    -> X (2, m), Y (1, m)
    """
    rng = np.random.default_rng(seed)
    n0 = m // 2
    Y = np.r_[np.zeros(n0, dtype=int), np.ones(m - n0, dtype=int)]
    centres = np.array([[-distance / 2, 0.0], [distance / 2, 0.0]])
    X = centres[Y] + rng.normal(0, noise, (m, 2))
    return _shuffled(X, Y, rng)


def _shuffled(X, Y, rng):
    order = rng.permutation(len(Y))
    return X[order].T.copy(), Y[order].reshape(1, -1)


#: Name -> maker, for the pages.
DATASETS = {
    "flower": make_flower,
    "circles": make_circles,
    "moons": make_moons,
    "xor": make_xor,
    "spiral": make_spiral,
    "gaussians": make_gaussians,
}
