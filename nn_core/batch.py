"""Several networks of the same shape trained side by side, as one batched computation.

For the experiments that race learning rates or initialisations: K networks share the data,
``layer_dims`` and hidden activation, and differ in learning rate, initialisation and seed.
Their parameters are stacked along a first axis of size K (``W[l]`` is (K, n_l, n_{l-1}),
``b[l]`` is (K, n_l, 1)), so one iteration is one set of NumPy calls for all K networks
(``nn_core.networks``): for these small networks Python overhead, not arithmetic, dominates,
and K runs cost far less than K. With K = 1 nothing is stacked: the computation is the
Trainer's, as fast and with the same numbers.

Each network computes exactly what a ``Trainer`` with its settings computes (same Gram path
for layer 1 when m < n_x). A network that diverges stops alone, keeping its last good
parameters; the others go on.

``run_together`` does the same for K existing Trainers that happen to share a data set and a
shape (a server's students, each at their own iteration, α and seed): one stacked computation
for a stretch of iterations, then each Trainer exactly where its own ``run`` would have left it.
"""
from __future__ import annotations

from collections.abc import Hashable

import numpy as np

from nn_core.initialization import initialize_parameters
from nn_core.networks import GramLayer1, Network, Networks


def _per_network(value, K: int, name: str) -> list:
    values = list(value) if isinstance(value, (list, tuple)) else [value] * K
    if len(values) != K:
        raise ValueError(f"{name} has {len(values)} values for {K} networks")
    return values


class BatchTrainer(Networks):
    """K networks trained side by side on X (n_x, m), Y (1, m).

    ``learning_rates``, ``inits``, ``seeds``, ``init_scales``: one value for all, or one per
    network (the longest list sets K). Network k is ``networks[k]`` (a ``Network``: its
    ``costs``, ``train_accuracies``, ``status``, ``diverged``, ``learning_rate``,
    ``parameters``, ``train_accuracy()`` ...); the same K at once: ``costs[k]``,
    ``train_accuracies[k]``, ``status[k]``, ``diverged[k]``, ``learning_rates`` (K,),
    ``train_accuracy()`` and ``test_accuracy()`` (K,). Network k's parameters are
    ``networks[k].parameters`` (a property, as ``Trainer.parameters``: a Trainer is its own
    one network).
    """

    def __init__(self, X, Y, layer_dims, hidden_activation: str = "relu", learning_rates=0.0075,
                 inits="he", seeds=1, init_scales=0.01, lambd: float = 0.0,
                 leaky_alpha: float = 0.01, X_test=None, Y_test=None, fast: bool = True,
                 gram: np.ndarray | None = None, batch_size: int | None = None,
                 batch_seed: int = 0):
        K = max(len(v) if isinstance(v, (list, tuple)) else 1
                for v in (learning_rates, inits, seeds, init_scales))
        rates = _per_network(learning_rates, K, "learning_rates")
        self.inits = _per_network(inits, K, "inits")
        self.seeds = _per_network(seeds, K, "seeds")
        scales = _per_network(init_scales, K, "init_scales")
        starts = [initialize_parameters(layer_dims, i, s, sc)
                  for i, s, sc in zip(self.inits, self.seeds, scales)]
        if K == 1:                      # one network needs no stacking: the Trainer's arrays
            parameters, networks = starts[0], [Network(None, rates[0])]
        else:
            parameters = {name: np.stack([p[name] for p in starts]) for name in starts[0]}
            networks = [Network(k, r) for k, r in enumerate(rates)]
        super().__init__(X, Y, parameters, networks,
                         hidden_activation, lambd, leaky_alpha, X_test, Y_test, fast=fast,
                         gram=gram, batch_size=batch_size, batch_seed=batch_seed)

    @property
    def costs(self) -> list[list[float]]:
        return [net.costs for net in self.networks]

    @property
    def train_accuracies(self) -> list[list[float]]:
        return [net.train_accuracies for net in self.networks]

    @property
    def status(self) -> list[str]:
        return [net.status for net in self.networks]

    @property
    def diverged(self) -> list[bool]:
        return [net.diverged for net in self.networks]

    @property
    def learning_rates(self) -> np.ndarray:
        """(K,) the networks' learning rates."""
        return np.array([net.learning_rate for net in self.networks])

    def train_accuracy(self) -> np.ndarray:
        """(K,) share of training examples each network answers right now."""
        return np.array([net.train_accuracy() for net in self.networks])

    def test_accuracy(self) -> np.ndarray | None:
        """(K,) share of test examples each network answers right (None without a test set)."""
        if self.X_test is None:
            return None
        return np.array([net.test_accuracy() for net in self.networks])


def together_key(trainer) -> Hashable | None:
    """What Trainers must share to run as one computation (``run_together``): the same data
    set (the same X and Gram arrays, equal labels), layer sizes, hidden activation and layer-1
    path; None for one that cannot (mini-batches, L2, kept snapshots, diverged). Only live
    trainers' keys compare."""
    t = trainer._training
    if trainer.K != 1 or trainer.diverged or not t.batches.full or t.lambd \
            or t.snapshot_every or t.snapshot_at:
        return None
    gram = t._layer1.G if isinstance(t._layer1, GramLayer1) else None
    return (id(t.X), t.Y.tobytes(), tuple(t.layer_dims), t.hidden_activation, t.leaky_alpha,
            t.path, id(gram))


def run_together(trainers: list, iterations: int, deadline: float | None = None) -> list[int]:
    """Up to ``iterations`` iterations of each of these Trainers (one ``together_key``, none
    diverged, each at its own iteration and α) as one stacked computation, stopping early at
    ``time.perf_counter() >= deadline`` (after one at least). Each Trainer ends with the
    numbers its own ``run`` makes: a network that diverges here is run again alone from where
    it was (its records as before), so that its status and last good parameters are its own.
    Returns the iterations each did."""
    if len(trainers) == 1:
        return [trainers[0].run(iterations, deadline)]
    if len({id(t) for t in trainers}) < len(trainers):
        raise ValueError("a trainer can run once in a computation")
    trainings = [t._training for t in trainers]
    before = [(len(t.costs), len(t.train_accuracies)) for t in trainers]
    together = Networks.gathered(trainings)
    done = together.run(iterations, deadline)
    together.scatter(trainings)
    out = []
    for t, net, (n_costs, n_accs) in zip(trainers, together.networks, before):
        if net.diverged:                    # alone, from where it was: its own rules
            del t.costs[n_costs:], t.train_accuracies[n_accs:]
            out.append(t.run(done))
        else:
            out.append(done)
    return out
