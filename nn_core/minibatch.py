"""Mini-batches: which training examples each iteration of gradient descent learns from.

The lesson's gradient descent is *full batch*: every iteration computes the gradient on all m
examples. With mini-batches of size b, the m examples are shuffled once per epoch and cut into
``ceil(m / b)`` consecutive batches (the last one smaller when b does not divide m), as the
course's ``random_mini_batches`` does; **one iteration is one batch**, so an epoch (one pass
over the data) takes ``ceil(m / b)`` iterations.

The batch of iteration i depends only on (m, b, seed, i): epoch ``e = i // per_epoch`` is
shuffled by ``np.random.default_rng((seed, e))``, so a run continued from a recorded point
(``Trainer.restore``) learns from exactly the batches it would have.
"""
from __future__ import annotations

import numpy as np


def batch_count(m: int, batch_size: int | None) -> int:
    """Batches (iterations) in one epoch: ceil(m / b); 1 for full batch (b None or >= m)."""
    if batch_size is None or batch_size >= m:
        return 1
    return -(-m // batch_size)


def epoch_batches(m: int, batch_size: int, seed: int, epoch: int) -> list[np.ndarray]:
    """The batches of one epoch: a permutation of 0..m-1 cut into pieces of ``batch_size``.

    -> list of ``batch_count(m, batch_size)`` int arrays of example indices (columns of X),
    each sorted, together every example exactly once.
    """
    order = np.random.default_rng((int(seed), int(epoch))).permutation(m)
    return [np.sort(order[i:i + batch_size]) for i in range(0, m, batch_size)]


class MiniBatches:
    """The batch of each iteration for m examples, batches of ``batch_size``, shuffled by ``seed``.

    ``full``: True when every iteration sees all m examples (``batch_size`` None or >= m); then
    ``of`` is never needed. ``of(i)``: the example indices (b_i,) of iteration i, sorted.
    """

    def __init__(self, m: int, batch_size: int | None = None, seed: int = 0):
        if batch_size is not None and int(batch_size) < 1:
            raise ValueError(f"the batch size must be at least 1, got {batch_size}")
        self.m = int(m)
        self.batch_size = None if batch_size is None or batch_size >= m else int(batch_size)
        self.seed = int(seed)
        self.per_epoch = batch_count(self.m, self.batch_size)
        self._epoch: tuple[int, list[np.ndarray]] | None = None     # the last epoch cut

    @property
    def full(self) -> bool:
        return self.batch_size is None

    def of(self, iteration: int) -> np.ndarray:
        """Indices (b_i,) of the examples iteration ``iteration`` (0 = the first update) uses."""
        if self.full:
            return np.arange(self.m)
        epoch, k = divmod(int(iteration), self.per_epoch)
        if self._epoch is None or self._epoch[0] != epoch:
            self._epoch = (epoch, epoch_batches(self.m, self.batch_size, self.seed, epoch))
        return self._epoch[1][k]
