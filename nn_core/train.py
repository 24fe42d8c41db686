"""Training by gradient descent: the plain lesson loop, the trainer a page drives, predict.

``train_plain`` is the lesson written out: forward, cost, backward, update, repeated.

``Trainer`` computes exactly the same run (float64), fast (the Gram path for layer 1 when
m < n_x: see ``nn_core.networks``), and is driven a slice at a time by a page:
``run(iterations, deadline)``. It is the one-network case of ``nn_core.networks.Networks``
(``BatchTrainer`` is the K-network case) and its own ``Network`` record: ``costs``,
``train_accuracies``, ``status``, ``parameters`` ... are its own. It keeps the cost of every
iteration, snapshots of the parameters, and stops with a clear status when the cost becomes
non-finite or explodes, keeping the last good parameters. ``state`` and ``restore`` continue a
recorded run exactly. It knows nothing of pages, files or images.
"""
from __future__ import annotations

import numpy as np

from nn_core.backward import model_backward
from nn_core.cost import compute_cost
from nn_core.forward import model_forward
from nn_core.initialization import initialize_parameters
from nn_core.networks import Network, Networks
from nn_core.update import update_parameters


def predict_proba(X: np.ndarray, parameters: dict[str, np.ndarray], hidden_activation="relu",
                  leaky_alpha: float = 0.01) -> np.ndarray:
    """P(class 1 | x) for each example.   X: (n_x, m)   ->   AL: (1, m) in (0, 1)."""
    AL, _ = model_forward(X, parameters, hidden_activation, leaky_alpha)
    return AL


def predict(X: np.ndarray, parameters: dict[str, np.ndarray], hidden_activation="relu",
            leaky_alpha: float = 0.01) -> np.ndarray:
    """0/1 answers, 1 where P(class 1) > 0.5.   X: (n_x, m)   ->   (1, m) int."""
    return (predict_proba(X, parameters, hidden_activation, leaky_alpha) > 0.5).astype(int)


def accuracy(X: np.ndarray, Y: np.ndarray, parameters: dict[str, np.ndarray],
             hidden_activation="relu", leaky_alpha: float = 0.01) -> float:
    """Share of examples answered right, in [0, 1].   X: (n_x, m)   Y: (1, m)."""
    return float(np.mean(predict(X, parameters, hidden_activation, leaky_alpha) == Y))


def train_plain(X, Y, parameters, iterations: int, learning_rate: float,
                hidden_activation="relu", lambd: float = 0.0, leaky_alpha: float = 0.01):
    """The lesson's loop: forward, cost, backward, update, ``iterations`` times.

    X: (n_x, m)   Y: (1, m)   parameters: W1, b1, ...
    -> (parameters after training, list of the cost at each iteration before its update)
    """
    costs = []
    for _ in range(iterations):
        AL, caches = model_forward(X, parameters, hidden_activation, leaky_alpha)
        costs.append(compute_cost(AL, Y, parameters, lambd))
        grads = model_backward(AL, Y, caches, hidden_activation, lambd, leaky_alpha)
        parameters = update_parameters(parameters, grads, learning_rate)
    return parameters, costs


class Trainer(Networks, Network):
    """Gradient descent on one L-layer network, driven a slice at a time.

    X: (n_x, m) inputs, Y: (1, m) labels 0/1; ``layer_dims = [n_x, n_1, ..., 1]`` (read from
    ``parameters`` when those are given: W1 (n_1, n_x), b1 (n_1, 1), ...). Hidden layers use
    ``hidden_activation``, the output a sigmoid. Optional test set X_test (n_x, m_test),
    Y_test (1, m_test), used only when asked for (``test_accuracy``, ``test_cost``).

    After ``run``: ``costs[i]`` is the cost of the parameters after i updates; ``iteration`` =
    updates done; ``parameters`` the current ones; ``learning_rate`` may change between runs.
    ``snapshot_every=k`` keeps the parameters at iterations 0, k, 2k, ... in ``snapshots``;
    ``snapshot_at`` (iterations, e.g. ``[0, 1, 10, 100, 2500]``) keeps them at those too.
    ``status``: "ready", "trained N iterations; <path_note>" or "diverged at iteration k: ...".
    As every trainer: ``K`` (1), ``networks`` (``[self]``), ``all_diverged``, ``state``.
    """

    def __init__(self, X, Y, layer_dims, hidden_activation: str = "relu",
                 learning_rate: float = 0.0075, init: str = "he", seed=1, lambd: float = 0.0,
                 leaky_alpha: float = 0.01, init_scale: float = 0.01, X_test=None, Y_test=None,
                 parameters: dict | None = None, snapshot_every: int | None = None,
                 snapshot_at=None, fast: bool = True, gram: np.ndarray | None = None):
        if parameters is None:
            parameters = initialize_parameters(layer_dims, init, seed, init_scale)
        else:                                       # its own copy: the caller's may change
            parameters = {k: np.array(v, dtype=np.float64) for k, v in parameters.items()}
        Network.__init__(self, self, None, learning_rate)
        Networks.__init__(self, X, Y, parameters, [self], hidden_activation, lambd, leaky_alpha,
                          X_test, Y_test, snapshot_every, snapshot_at, fast, gram)

    def restore(self, iteration: int, state, costs, train_accuracies) -> None:
        """Continue from a recorded point of the same run: ``state`` (``trainer.state``) after
        ``iteration`` updates, and the ``iteration`` costs and train accuracies before it.

        The run it was recorded from must have the same data, layer_dims, hidden activation,
        initialisation and seed as this trainer (on the Gram path, ``state`` is relative to this
        trainer's W1_0): the next iterations are then exactly those a trainer that had run all
        along makes, at this trainer's ``learning_rate`` (set it before or after).
        """
        if len(costs) != iteration or len(train_accuracies) != iteration:
            raise ValueError(f"restore at iteration {iteration} needs {iteration} costs and "
                             f"train accuracies, got {len(costs)} and {len(train_accuracies)}")
        if self.diverged:
            raise ValueError("this run diverged: start a new trainer")
        self._state, self._previous = state, None
        self._iteration = int(iteration)
        self.costs = [float(c) for c in costs]
        self.train_accuracies = [float(a) for a in train_accuracies]
        self.status = f"trained {self.iteration} iterations; {self.path_note}"
        self._snapshot()
