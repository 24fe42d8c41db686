"""Small generated 2-D data sets, so the app teaches with no download.

Every maker returns ``X`` (2, m) float64 and ``Y`` (1, m) int with labels 0/1, from an explicit
seed; ``noise`` is the standard deviation of the Gaussian jitter.

``train_test_sets`` makes a training set and a test set of one kind with a noise level in
percent of the set's size and a train/test split in percent; its defaults are the app's sets
(the maker's default noise and m, seeds 1 and TEST_SEED), to the bit.
"""
from __future__ import annotations

import inspect

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

#: The test set of a 2-D data set: the same maker, another seed.
TEST_SEED = 101
#: The size of each set, in the units of its jitter: the standard deviation at 100 % noise
#: (radius 1 for the circles, moons and spiral, whose jitter turns the angle; the corners at
#: +-1 for XOR; the flower's radius 4; 4 for the Gaussian blobs 3 apart).
NOISE_SCALE = {"flower": 4.0, "circles": 1.0, "moons": 1.0, "xor": 1.0, "spiral": 1.0,
               "gaussians": 4.0}
#: Each maker's default noise, in percent of NOISE_SCALE (5 % of the flower's 4 is its 0.2).
DEFAULT_NOISE_PERCENT = {"flower": 5, "circles": 5, "moons": 10, "xor": 10, "spiral": 20,
                         "gaussians": 25}
#: Points of a set, training and test together: twice the maker's default m (the default split,
#: 50 %, gives the maker's default m to each).
POINTS = {name: 2 * inspect.signature(make).parameters["m"].default
          for name, make in DATASETS.items()}


def noise_std(name: str, percent: float) -> float:
    """The jitter's standard deviation for ``percent`` (0-100) noise on set ``name``."""
    if not 0 <= percent <= 100:
        raise ValueError(f"noise must be between 0 and 100 %, got {percent}")
    return percent / 100 * NOISE_SCALE[name]


def split_sizes(name: str, train_percent: float = 50) -> tuple[int, int]:
    """(m_train, m_test): ``train_percent`` of POINTS[name] for training (at least 2 each)."""
    if not 0 < train_percent < 100:
        raise ValueError(f"the training share must be between 0 and 100 %, got {train_percent}")
    total = POINTS[name]
    m = min(max(round(total * train_percent / 100), 2), total - 2)
    return m, total - m


def train_test_sets(name: str, noise_percent: float | None = None, train_percent: float = 50,
                    seed: int = 1, test_seed: int = TEST_SEED):
    """A training set and a test set of the 2-D set ``name``, drawn independently from the same
    maker: the points are split ``train_percent`` / the rest (``split_sizes``), both with
    ``noise_percent`` noise (None: the maker's default, DEFAULT_NOISE_PERCENT).

    -> X (2, m), Y (1, m), X_test (2, m_test), Y_test (1, m_test). The defaults give
    ``make(seed=1)`` and ``make(seed=TEST_SEED)``, the app's sets, to the bit.
    """
    make = DATASETS[name]
    m, m_test = split_sizes(name, train_percent)
    if noise_percent is None:
        noise_percent = DEFAULT_NOISE_PERCENT[name]
    noise = noise_std(name, noise_percent)
    X, Y = make(m=m, noise=noise, seed=seed)
    X_test, Y_test = make(m=m_test, noise=noise, seed=test_seed)
    return X, Y, X_test, Y_test
