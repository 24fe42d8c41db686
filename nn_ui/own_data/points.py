"""2-D points of the learner's own for Live training, pure (no Streamlit): clicked on a plane
(a click near a point removes it) or read from a CSV (``nn_io.points_csv``), and the data set
they make, X (2, m) and Y (1, m) with a fifth of each class held out to test.

    pts = PointSet()
    pts.click(0.5, -1.0, label=1)        # "added" (or "removed" near a point, or a sentence)
    pts.load_csv(data)                   # None, or the sentence why not (the points kept)
    pts.arrays(seed=1)                   # X, Y, X_test, Y_test once each class has enough
"""
from __future__ import annotations

import numpy as np

from nn_io.errors import InputError
from nn_io.photo_data import held_out_count
from nn_io.points_csv import MAX_ABS, MAX_ROWS, read_points

MAX_POINTS = MAX_ROWS
#: Points each class needs before training (one of them is held out to test).
MIN_PER_CLASS = 4
#: A click this close to a point (a share of the plane's width) removes it.
NEAR = 0.03
#: The plane shown when there are no points, and the least it shows around them.
DEFAULT_EXTENT = (-4.0, 4.0, -4.0, 4.0)
MARGIN = 0.15


class PointSet:
    """The learner's points: (x1, x2, label) in the order they came, label 0 or 1."""

    def __init__(self):
        self.points: list[tuple[float, float, int]] = []
        self.version = 0
        self._arrays: tuple | None = None

    @property
    def counts(self) -> tuple[int, int]:
        n1 = sum(p[2] for p in self.points)
        return len(self.points) - n1, n1

    def extent(self) -> tuple[float, float, float, float]:
        """(x1 min, x1 max, x2 min, x2 max) of the plane to draw: the points with a margin,
        and never less than the default plane (clicks stay where they were put)."""
        lo0, hi0, lo1, hi1 = DEFAULT_EXTENT
        if not self.points:
            return DEFAULT_EXTENT
        P = np.array([p[:2] for p in self.points])
        span = np.maximum(P.max(axis=0) - P.min(axis=0), 1e-9)
        lo = P.min(axis=0) - MARGIN * span
        hi = P.max(axis=0) + MARGIN * span
        return (float(min(lo[0], lo0)), float(max(hi[0], hi0)),
                float(min(lo[1], lo1)), float(max(hi[1], hi1)))

    def click(self, x1: float, x2: float, label: int) -> str:
        """A click at (x1, x2): removes the nearest point within NEAR of the plane's width, else
        adds a point of ``label``. -> "added", "removed", or a sentence why not."""
        x1, x2 = float(x1), float(x2)
        if not (np.isfinite(x1) and np.isfinite(x2)) or max(abs(x1), abs(x2)) > MAX_ABS:
            return f"A point is between −{MAX_ABS:g} and {MAX_ABS:g} on each axis."
        if label not in (0, 1):
            return "A point's class is 0 or 1."
        if self.points:
            e = self.extent()
            P = np.array([p[:2] for p in self.points])
            d = np.hypot(P[:, 0] - x1, P[:, 1] - x2)
            j = int(np.argmin(d))
            if d[j] <= NEAR * (e[1] - e[0]):
                del self.points[j]
                self._changed()
                return "removed"
        if len(self.points) >= MAX_POINTS:
            return f"There are {MAX_POINTS:,} points, the most a set can have; remove some."
        self.points.append((x1, x2, int(label)))
        self._changed()
        return "added"

    def load_csv(self, data: bytes) -> str | None:
        """The points of a CSV file instead of these; the sentence why not (these kept)."""
        try:
            X, Y = read_points(data)
        except InputError as err:
            return err.message
        self.points = [(float(a), float(b), int(y)) for a, b, y in zip(X[0], X[1], Y[0])]
        self._changed()
        return None

    def clear(self) -> None:
        if self.points:
            self.points = []
            self._changed()

    def missing(self) -> str | None:
        """What is missing before training, in a sentence, or None."""
        short = [(c, k) for c, k in enumerate(self.counts) if k < MIN_PER_CLASS]
        if not short:
            return None
        said = " and ".join(f"class {c} has {k} ({MIN_PER_CLASS - k} more to add)"
                            for c, k in short)
        return f"Each class needs at least {MIN_PER_CLASS} points before training: {said}."

    def arrays(self, seed: int = 1):
        """-> X (2, m), Y (1, m), X_test (2, k), Y_test (1, k): a fifth of each class held out
        (at least one), chosen by ``seed``; read-only, made once per version."""
        if self.missing():
            raise ValueError(self.missing())
        if self._arrays is None or self._arrays[:2] != (self.version, seed):
            P = np.array(self.points, dtype=float)                  # (m, 3)
            rng = np.random.default_rng(seed)
            train, test = [], []
            for c in (0, 1):
                idx = np.flatnonzero(P[:, 2] == c)
                idx = idx[rng.permutation(len(idx))]
                k = held_out_count(len(idx))
                test += idx[:k].tolist()
                train += idx[k:].tolist()
            train, test = sorted(train), sorted(test)
            out = (P[train, :2].T.copy(), P[train, 2][None].copy(),
                   P[test, :2].T.copy(), P[test, 2][None].copy())
            for a in out:
                a.setflags(write=False)
            self._arrays = (self.version, seed, out)
        return self._arrays[2]

    def _changed(self) -> None:
        self.version += 1
