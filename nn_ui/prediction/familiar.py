"""Is a photo like the photos the network learned from? A verdict for one photo, from its
distance to the nearest training photo, on the scale of the test photos' own nearest distances
(photos the network never trained on, yet like its training photos). Two views are measured: the
pixels X (how the photo looks) and A[L-1] (how the network sees it: what the output unit reads).
A photo farther than every test photo in either view is unlike anything it learned from.
Streamlit-free: arrays in, numbers and sentences out.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def nearest_distances(Q: np.ndarray, R: np.ndarray) -> np.ndarray:
    """Q (n, q), R (n, r): each column of Q's Euclidean distance to its nearest column of R,
    (q,)."""
    Q, R = np.asarray(Q, float), np.asarray(R, float)
    sq = (Q ** 2).sum(0)[:, None] + (R ** 2).sum(0)[None, :] - 2 * Q.T @ R      # (q, r)
    return np.sqrt(np.maximum(sq.min(axis=1), 0.0))


@dataclass(frozen=True)
class Scale:
    """The test photos' distances to their nearest training photo in one view: a yardstick."""
    median: float
    p95: float
    most: float                  # the farthest test photo's nearest distance

    @classmethod
    def of(cls, Q_test: np.ndarray, R_train: np.ndarray) -> Scale:
        """Q_test (n, m_test), R_train (n, m_train): each column a photo in this view."""
        d = nearest_distances(Q_test, R_train)
        return cls(float(np.median(d)), float(np.percentile(d, 95)), float(d.max()))


@dataclass(frozen=True)
class Familiar:
    """One photo's nearest distances and the scales they are read on."""
    pixels: float                # in X (scaled inputs)
    pixel_scale: Scale
    hidden: float                # in A[L-1]
    hidden_scale: Scale

    @property
    def unfamiliar(self) -> bool:
        """Farther from every training photo than any test photo is, in either view."""
        return self.pixels > self.pixel_scale.most or self.hidden > self.hidden_scale.most

    @property
    def at_the_edge(self) -> bool:
        return self.pixels > self.pixel_scale.p95 or self.hidden > self.hidden_scale.p95

    def verdict(self, class_name: str = "cat") -> str:
        """One or two sentences for the page, with the scale the distance is read on."""
        s = self.hidden_scale
        yardstick = (f"Its nearest training photo is at distance **{self.hidden:.2f}** (in "
                     f"the last hidden layer, the distances under the photos below); a test "
                     f"photo's nearest is typically {s.median:.2f}, and {s.most:.2f} at most.")
        if self.unfamiliar:
            how = ("it looks unlike every training photo" if self.pixels > self.pixel_scale.most
                   else "the network sees it unlike every training photo")
            return (f"**Nothing I learned from looks like this: {how}**, farther than any "
                    f"test photo. {yardstick} So P({class_name}) here is a guess.")
        if self.at_the_edge:
            return (f"**This photo is at the edge of what I learned from**: farther than 95 % "
                    f"of the test photos. {yardstick} Trust P({class_name}) less than usual.")
        return (f"**This photo is like the photos I learned from.** {yardstick} The answer is "
                f"about as trustworthy as the network's test accuracy.")
