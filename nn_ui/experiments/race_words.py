"""What experiments 1-4 say about their runs, in words: a cost curve's verdict (experiment 2),
why small random weights stay near 50 % (experiment 1), how the first layer's gradient compares
with the output layer's (experiment 4). Numbers in, a sentence out.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from nn_ui.experiments import lesson

#: A verdict (``verdict``) as experiment 2 says it.
WORDS = {"crawls": "crawls: each step is too small",
         "learns": "learns",
         "overshoots": "learns, but some steps overshoot: the cost jumps up now and then",
         "oscillates": "oscillates: the steps overshoot the valley, back and forth",
         "stuck": "stuck: a step too large threw it where it stopped learning "
                  "(its ReLU units can die)",
         "got worse": "got worse: it overshot and ended higher than it started",
         "diverged": "diverged: the cost exploded, the run stopped",
         "starting": "starting"}


def verdict(costs, diverged: bool) -> str:
    """A word for a cost curve: "diverged", "got worse", "stuck", "oscillates", "overshoots",
    "crawls" or "learns".

    got worse: it ends above where it started. stuck: over its last quarter the cost moved by
    under 0.1 %, after it had jumped above its start or while far above its lowest point (a
    too-large step that left the network where it can no longer learn, often with its ReLU
    units dead). Then, when after the first ten iterations the cost went up (by more than 0.1 %)
    on more than 5 % of them: "overshoots" if it still ended below half its start (it learns,
    with jumps), else "oscillates". crawls: it ends above 90 % of its start.
    """
    if diverged:
        return "diverged"
    c = np.asarray(costs, dtype=float)
    if len(c) < 3:
        return "starting"
    if c[-1] > c[0]:
        return "got worse"
    last = c[3 * len(c) // 4:]
    flat = len(c) >= 40 and abs(last[0] - last[-1]) < 1e-3 * last[0]
    if flat and (c.max() > c[0] * 1.001 or c[-1] > c.min() + 0.02 * c[0]):
        return "stuck"
    tail = c[10:]
    if len(tail) > 2 and np.count_nonzero(np.diff(tail) > 1e-3 * tail[:-1]) > 0.05 * len(c):
        return "overshoots" if c[-1] < 0.5 * c[0] else "oscillates"
    if c[-1] > 0.9 * c[0]:
        return "crawls"
    return "learns"



def small_random_note(X: np.ndarray, Y: np.ndarray, hidden: Sequence[int], seed: int,
                      acc: float) -> str | None:
    """Why ×0.01 stays near 50 % in this network (None when it learns, ``acc`` >= 0.6),
    measured at iteration 0 against He's start."""
    if acc >= 0.6:
        return None
    dims = [X.shape[0], *hidden, 1]
    small = lesson.start_of(X, Y, dims, "random", 0.01, seed)
    he = lesson.start_of(X, Y, dims, "he", 0.01, seed)
    return (f"**Why small random ×0.01 stays near 50 %**: this network has {len(hidden) + 1} "
            f"layers of weights, and each multiplies what it passes on by about 0.01. At the "
            f"start its answers differ from 0.5 by {small.off_half:.0e} on average, and the "
            f"gradient reaching W1 is {small.dW1:.0e} against He's {he.dW1:.0e} "
            f"({small.dW1 / he.dW1:.0e} of it): the first updates hardly move anything, a "
            f"vanishing gradient. ×0.01 is the course's start for one hidden layer; deeper "
            f"networks start at He's size, randn · √(2 / n_prev).")


def gradient_ratio(g: Sequence[float]) -> str:
    """How the first layer's gradient compares with the output layer's, in words."""
    if g[-1] <= 0:
        return "no gradient reaches any layer"
    return f"the first layer's gradient is {g[0] / g[-1]:.2g}× the output layer's"
