"""Training by gradient descent: the plain lesson loop, the trainer a page drives, predict.

``train_plain`` is the lesson written out: forward, cost, backward, update, repeated.

``Trainer`` computes exactly the same run (float64), fast (the Gram path for layer 1 when
m < n_x: see ``nn_core.networks``), and is driven a slice at a time by a page:
``run(iterations, deadline)``. It is one network's record (``nn_core.networks.Network``:
``costs``, ``train_accuracies``, ``status``, ``parameters`` ...) trained by a
``nn_core.networks.Networks`` of K = 1 (``BatchTrainer`` is the K-network case). It keeps the cost of every
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


def _of_training(name: str, doc: str) -> property:
    """A read-only attribute of the Trainer that is its training's (``Networks``)."""
    return property(lambda self: getattr(self._training, name), doc=doc)


class Trainer(Network):
    """Gradient descent on one L-layer network, driven a slice at a time.

    X: (n_x, m) inputs, Y: (1, m) labels 0/1; ``layer_dims = [n_x, n_1, ..., 1]`` (read from
    ``parameters`` when those are given: W1 (n_1, n_x), b1 (n_1, 1), ...). Hidden layers use
    ``hidden_activation``, the output a sigmoid. Optional test set X_test (n_x, m_test),
    Y_test (1, m_test), used only when asked for (``test_accuracy``, ``test_cost``).
    ``lambd``: L2 regularisation (``J + lambd / (2m) sum ||W[l]||^2``). ``batch_size``: None for
    the lesson's full batch; else one iteration is one mini-batch of that many examples,
    shuffled by ``batch_seed`` (``nn_core.minibatch``); ``costs`` stay J on all m examples.

    A Trainer is one network's record (a ``Network``: ``costs``, ``train_accuracies``,
    ``status``, ``diverged``, ``learning_rate``, ``parameters``, ``predict_proba`` ...) whose
    training is a ``Networks`` of K = 1, kept in ``_training``: ``run``, ``iteration``,
    ``state``, ``layer_dims``, ``X`` ... are the training's.

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
                 snapshot_at=None, fast: bool = True, gram: np.ndarray | None = None,
                 batch_size: int | None = None, batch_seed: int = 0):
        if parameters is None:
            parameters = initialize_parameters(layer_dims, init, seed, init_scale)
        else:                                       # its own copy: the caller's may change
            parameters = {k: np.array(v, dtype=np.float64) for k, v in parameters.items()}
        super().__init__(None, learning_rate)
        Networks(X, Y, parameters, [self], hidden_activation, lambd, leaky_alpha, X_test,
                 Y_test, snapshot_every, snapshot_at, fast, gram, batch_size, batch_seed)

    K = _of_training("K", "1: one network.")
    networks = _of_training("networks", "[self].")
    all_diverged = _of_training("all_diverged", "The network diverged: run does nothing more.")
    state = _of_training("state", "Where the training is (see nn_core.networks); read-only.")
    layer_dims = _of_training("layer_dims", "[n_x, n_1, ..., 1].")
    L = _of_training("L", "Number of layers with parameters.")
    m = _of_training("m", "Number of training examples.")
    X = _of_training("X", "Training inputs (n_x, m), float64.")
    Y = _of_training("Y", "Training labels (1, m), 0.0/1.0.")
    X_test = _of_training("X_test", "Test inputs (n_x, m_test), or None.")
    Y_test = _of_training("Y_test", "Test labels (1, m_test), or None.")
    hidden_activation = _of_training("hidden_activation", "The hidden layers' activation name.")
    leaky_alpha = _of_training("leaky_alpha", "Leaky ReLU's slope for Z <= 0.")
    lambd = _of_training("lambd", "L2 regularisation strength lambda.")
    batches = _of_training("batches", "Which examples each iteration uses (MiniBatches).")
    path = _of_training("path", '"gram" or "plain": how layer 1 is kept.')
    path_note = _of_training("path_note", "The layer-1 path, in words.")
    snapshot_every = _of_training("snapshot_every", "Keep the parameters every this many.")
    snapshot_at = _of_training("snapshot_at", "Iterations whose parameters are kept too.")

    @property
    def iteration(self) -> int:
        """Updates made (the last good one after divergence). Set it only with the state it
        goes with: ``restore`` does both."""
        return self._training.iteration

    @iteration.setter
    def iteration(self, value: int) -> None:
        self._training.iteration = value

    def run(self, iterations: int, deadline: float | None = None) -> int:
        """Up to ``iterations`` iterations, stopping early at ``time.perf_counter() >=
        deadline`` (after one at least) or at divergence. Returns how many were done."""
        return self._training.run(iterations, deadline)

    def restore(self, iteration: int, state, costs, train_accuracies) -> None:
        """Continue from a recorded point of the same run: ``state`` (``trainer.state``) after
        ``iteration`` updates, and the ``iteration`` costs and train accuracies before it.

        The run it was recorded from must have the same data, layer_dims, hidden activation,
        initialisation, seed and batches as this trainer (on the Gram path, ``state`` is
        relative to this trainer's W1_0): the next iterations are then exactly those a trainer
        that had run all along makes, at this trainer's ``learning_rate`` (set it before or
        after).
        """
        if len(costs) != iteration or len(train_accuracies) != iteration:
            raise ValueError(f"restore at iteration {iteration} needs {iteration} costs and "
                             f"train accuracies, got {len(costs)} and {len(train_accuracies)}")
        if self.diverged:
            raise ValueError("this run diverged: start a new trainer")
        self._training._restore(iteration, state)
        self.costs = [float(c) for c in costs]
        self.train_accuracies = [float(a) for a in train_accuracies]
        self.status = f"trained {self.iteration} iterations; {self.path_note}"
