"""Training by gradient descent: the plain lesson loop, a fast trainer a page can drive, predict.

``train_plain`` is the lesson written out: forward, cost, backward, update, repeated.

``Trainer`` computes exactly the same run (float64) but is built to be driven a slice at a time
by a page (``run(iterations)`` or ``run_for(seconds)``) and to be fast:

* Gram path for layer 1 when the examples are fewer than the features (m < n_x, as with
  209 photos of 12288 numbers). Every gradient of W1 is ``dZ1 X^T / m``, a combination of the
  training inputs, so ``W1 = s W1_0 + C X^T`` at every iteration, with a (n_1, m) matrix C and a
  scalar s (s stays 1 without L2; L2 only shrinks W1 by a constant factor each step). Then
  ``W1 X = s (W1_0 X) + C (X^T X)``: with ``P0 = W1_0 X`` and the Gram matrix ``G = X^T X``
  computed once, an iteration costs O(n_1 m^2) instead of O(n_1 n_x m) and the update of W1
  becomes ``C := (1 - alpha lambd / m) C - alpha dZ1 / m``. W1 itself is rebuilt on demand.
* Otherwise (m >= n_x, e.g. the 2-D toy sets, or ``fast=False``) the plain layer-1 product is
  used. ``path`` and ``status`` say which.

The trainer keeps the cost of every iteration, snapshots of the parameters, and stops with a
clear status when the cost becomes non-finite or explodes, keeping the last good parameters.
It knows nothing of pages, files or images.
"""
from __future__ import annotations

import math
import time

import numpy as np

from nn_core.activations import SIGMOID, Activation, get_activation, sigmoid
from nn_core.backward import model_backward
from nn_core.cost import _cross_entropy_from_Z, compute_cost, compute_cost_from_Z
from nn_core.forward import model_forward
from nn_core.initialization import initialize_parameters, layer_dims_of
from nn_core.update import update_parameters

#: A cost above this many times the first cost (and above DIVERGENCE_FLOOR) counts as exploded.
DIVERGENCE_FACTOR = 20.0
DIVERGENCE_FLOOR = 10.0


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


def _check_data(X, Y, name="X"):
    X = np.asarray(X, dtype=np.float64)
    Y = np.asarray(Y)
    if X.ndim != 2:
        raise ValueError(f"{name} must be (n_x, m), got shape {X.shape}")
    Y = Y.reshape(1, -1)
    if Y.shape[1] != X.shape[1]:
        raise ValueError(f"{name} has {X.shape[1]} examples but its labels have {Y.shape[1]}")
    if not np.all(np.isfinite(X)):
        raise ValueError(f"{name} contains NaN or infinite values")
    if not np.all((Y == 0) | (Y == 1)):
        raise ValueError(f"labels must be 0 or 1, got {sorted(set(np.unique(Y).tolist()))}")
    return X, Y.astype(np.float64)


class Trainer:
    """Gradient descent on an L-layer network, driven a slice at a time.

    X: (n_x, m) inputs, Y: (1, m) labels 0/1; ``layer_dims = [n_x, n_1, ..., 1]``. Hidden layers
    use ``hidden_activation``, the output a sigmoid. Optional test set X_test (n_x, m_test),
    Y_test (1, m_test), used only when asked for (``test_accuracy``, ``test_cost``).

    After ``run``: ``costs[i]`` is the cost of the parameters after i updates (the course prints
    ``costs[0], costs[100], ...``); ``iteration`` = updates done; ``parameters`` the current ones.
    ``snapshot_every=k`` keeps the parameters at iterations 0, k, 2k, ... in ``snapshots``;
    ``snapshot_at`` (iterations, e.g. ``[0, 1, 10, 100, 2500]``) keeps them at those too.
    ``status``: "ready", "trained N iterations; <path_note>" or "diverged at iteration k: ...".
    """

    def __init__(self, X, Y, layer_dims, hidden_activation: str = "relu",
                 learning_rate: float = 0.0075, init: str = "he", seed=1, lambd: float = 0.0,
                 leaky_alpha: float = 0.01, init_scale: float = 0.01, X_test=None, Y_test=None,
                 parameters: dict | None = None, snapshot_every: int | None = None,
                 snapshot_at=None, fast: bool = True, gram: np.ndarray | None = None):
        self.X, self.Y = _check_data(X, Y)
        self._Y_bool = self.Y > 0.5
        self.X_test = self.Y_test = None
        if X_test is not None:
            self.X_test, self.Y_test = _check_data(X_test, Y_test, "X_test")
        if parameters is not None:
            parameters = {k: np.array(v, dtype=np.float64) for k, v in parameters.items()}
            layer_dims = layer_dims_of(parameters)
        else:
            parameters = initialize_parameters(layer_dims, init, seed, init_scale)
        self.layer_dims = [int(n) for n in layer_dims]
        n_x, m = self.X.shape
        if self.layer_dims[0] != n_x or self.layer_dims[-1] != 1:
            raise ValueError(f"layer_dims must start with n_x = {n_x} and end with 1, "
                             f"got {self.layer_dims}")
        self.L = len(self.layer_dims) - 1
        self.hidden_activation = hidden_activation
        self.leaky_alpha = leaky_alpha
        self._g: Activation = get_activation(hidden_activation, leaky_alpha)
        self._relu = self._g.name == "relu"
        self.learning_rate = float(learning_rate)
        self.lambd = float(lambd)
        self.m = m
        self.costs: list[float] = []
        self.train_accuracies: list[float] = []
        self.iteration = 0
        self.diverged = False
        self.status = "ready"
        self.snapshot_every = snapshot_every
        self.snapshot_at = frozenset(int(i) for i in snapshot_at or ())
        self._snapshots: dict[int, tuple] = {}
        self._materialized: dict[int, dict] = {}
        self.compute_seconds = 0.0

        use_gram = fast and m < n_x and self.L >= 1
        self.path = "gram" if use_gram else "plain"
        self.path_note = (
            "Gram path: layer 1 trained exactly in the span of the m training inputs (float64)"
            if use_gram else
            "plain path: layer 1 multiplies X directly"
            + ("" if fast else " (fast path switched off)")
            + (" (m >= n_x, so the Gram matrix would not save work)" if fast and m >= n_x else ""))
        self._W0 = parameters["W1"]
        if use_gram:
            t0 = time.perf_counter()
            self._G = self.X.T @ self.X if gram is None else np.asarray(gram, dtype=np.float64)
            if self._G.shape != (m, m):
                raise ValueError(f"gram must be X^T X of shape {(m, m)}, got {self._G.shape}")
            self._P0 = self._W0 @ self.X                       # (n_1, m)
            self._s = 1.0                                       # W1 = s W1_0 + C X^T
            self._C = np.zeros((self.layer_dims[1], m))         # (n_1, m)
            self.compute_seconds += time.perf_counter() - t0
            self._P0_test = self._G_test = None
        # The trainable state: layer 1 as (s, C) on the Gram path, else W1; then b1, W2, b2, ...
        self._state = self._pack(parameters)
        self._snapshot()

    # ----- state ------------------------------------------------------------------------------
    def _pack(self, parameters):
        first = (self._s, self._C) if self.path == "gram" else parameters["W1"]
        rest = [parameters[f"{k}{l}"] for l in range(1, self.L + 1) for k in "Wb" if (k, l) != ("W", 1)]
        return (first, tuple(rest))

    def _unpack(self, state) -> dict[str, np.ndarray]:
        first, rest = state
        if self.path == "gram":
            s, C = first
            W1 = s * self._W0 + C @ self.X.T
        else:
            W1 = first
        params = {"W1": np.array(W1), "b1": rest[0].copy()}
        for i, l in enumerate(range(2, self.L + 1)):
            params[f"W{l}"] = rest[1 + 2 * i].copy()
            params[f"b{l}"] = rest[2 + 2 * i].copy()
        return params

    @property
    def parameters(self) -> dict[str, np.ndarray]:
        """Current parameters W1 (n_1, n_x), b1 (n_1, 1), ..., as fresh arrays."""
        return self._unpack(self._state)

    @property
    def state(self):
        """Where the run is, as the trainer keeps it (layer 1 as (s, C) on the Gram path, else
        W1; then b1, W2, b2, ...). Opaque, and never changed in place: an iteration makes new
        arrays, so a state may be kept (read-only) and given to ``restore``."""
        return self._state

    def restore(self, iteration: int, state, costs, train_accuracies) -> None:
        """Continue from a recorded point of the same run: ``state`` (``trainer.state``) after
        ``iteration`` updates, and the ``iteration`` costs and train accuracies before it.

        The run it was recorded from must have the same data, layer_dims, hidden activation,
        initialisation, seed and learning rate as this trainer: the next iterations are then
        exactly those the recorded run made (on the Gram path, ``state`` is relative to this
        trainer's W1_0).
        """
        if len(costs) != iteration or len(train_accuracies) != iteration:
            raise ValueError(f"restore at iteration {iteration} needs {iteration} costs and "
                             f"train accuracies, got {len(costs)} and {len(train_accuracies)}")
        if self.diverged:
            raise ValueError("this run diverged: start a new trainer")
        self._state, self._previous = state, None
        self.iteration = int(iteration)
        self.costs = [float(c) for c in costs]
        self.train_accuracies = [float(a) for a in train_accuracies]
        self.status = f"trained {self.iteration} iterations; {self.path_note}"
        self._snapshot()

    @property
    def snapshots(self) -> dict[int, dict[str, np.ndarray]]:
        """Iteration -> parameters at that iteration (rebuilt on first access, then kept)."""
        for it, state in self._snapshots.items():
            if it not in self._materialized:
                self._materialized[it] = self._unpack(state)
        return dict(self._materialized)

    def _snapshot(self):
        if (self.snapshot_every and self.iteration % self.snapshot_every == 0) \
                or self.iteration in self.snapshot_at:
            self._snapshots[self.iteration] = self._state

    # ----- one iteration ----------------------------------------------------------------------
    def _forward(self, state, test: bool = False):
        """Pre-activations Zs and activations As of every layer (As[0] is the input side)."""
        first, rest = state
        if self.path == "gram":
            s, C = first
            if test:
                if self._G_test is None:
                    self._P0_test = self._W0 @ self.X_test
                    self._G_test = self.X.T @ self.X_test
                P0, G = self._P0_test, self._G_test
            else:
                P0, G = self._P0, self._G
            Z = C @ G
            Z += P0 if s == 1.0 else s * P0
        else:
            Z = first @ (self.X_test if test else self.X)
        Z += rest[0]
        Zs = [Z]
        As = []
        for l in range(2, self.L + 1):
            A = self._g.g(Z)
            As.append(A)
            Z = rest[2 * l - 3] @ A + rest[2 * l - 2]
            Zs.append(Z)
        return Zs, As

    def _cost(self, ZL, Y, state) -> float:
        cost = _cross_entropy_from_Z(ZL, Y)
        if self.lambd:
            cost += self.lambd / (2 * self.m) * self._sum_squared_weights(state)
        return cost

    def _sum_squared_weights(self, state) -> float:
        first, rest = state
        if self.path == "gram":
            # ||s W0 + C X^T||^2 = s^2 ||W0||^2 + 2 s <W0 X, C> + <C G, C>
            s, C = first
            total = s * s * float(np.vdot(self._W0, self._W0)) + 2 * s * float(np.vdot(self._P0, C)) \
                + float(np.vdot(C @ self._G, C))
        else:
            total = float(np.vdot(first, first))
        return total + sum(float(np.vdot(W, W)) for W in rest[1::2])

    def _step(self) -> bool:
        """One iteration: forward, cost, backward, update. False (and status) if it diverged."""
        state = self._state
        Zs, As = self._forward(state)
        ZL = Zs[-1]
        cost = self._cost(ZL, self.Y, state)
        if not self._cost_ok(cost):
            return False
        self.costs.append(cost)
        self.train_accuracies.append(float(np.count_nonzero((ZL > 0) == self._Y_bool)) / self.m)
        alpha, m, lambd = self.learning_rate, self.m, self.lambd
        decay = 1.0 - alpha * lambd / m
        first, rest = state
        new_rest = list(rest)
        dZ = (sigmoid(ZL) - self.Y) / m                       # dZ[L] / m
        for l in range(self.L, 1, -1):
            W, b = rest[2 * l - 3], rest[2 * l - 2]
            A_prev = As[l - 2]
            dW = dZ @ A_prev.T
            db = dZ.sum(axis=1, keepdims=True)
            dA = W.T @ dZ
            new_rest[2 * l - 3] = decay * W - alpha * dW if lambd else W - alpha * dW
            new_rest[2 * l - 2] = b - alpha * db
            # ReLU: times (Z > 0) as booleans, the same numbers as times g'(Z), one array less
            dZ = dA * (Zs[l - 2] > 0) if self._relu else dA * self._g.dg(Zs[l - 2])
        new_rest[0] = rest[0] - alpha * dZ.sum(axis=1, keepdims=True)
        if self.path == "gram":
            s, C = first
            new_first = (decay * s, decay * C - alpha * dZ) if lambd else (s, C - alpha * dZ)
        else:
            W1 = first
            dW1 = dZ @ self.X.T
            new_first = decay * W1 - alpha * dW1 if lambd else W1 - alpha * dW1
        self._previous = state
        self._state = (new_first, tuple(new_rest))
        self.iteration += 1
        self._snapshot()
        return True

    def _cost_ok(self, cost: float) -> bool:
        if math.isfinite(cost) and (not self.costs or cost <= max(
                DIVERGENCE_FACTOR * self.costs[0], DIVERGENCE_FLOOR)):
            return True
        why = "the cost became non-finite" if not math.isfinite(cost) else (
            f"the cost exploded to {cost:.3g} (it started at {self.costs[0]:.3g})")
        self.diverged = True
        self.status = (f"diverged at iteration {self.iteration}: {why} with learning rate "
                       f"{self.learning_rate:g}; kept the last good parameters "
                       f"(iteration {max(self.iteration - 1, 0)})")
        # The parameters of this iteration gave the bad cost: go back to the previous ones, whose
        # cost is the last one in ``costs``.
        if self.iteration > 0 and self._previous is not None:
            self._snapshots.pop(self.iteration, None)
            self._materialized.pop(self.iteration, None)
            self._state = self._previous
            self.iteration -= 1
            del self.costs[self.iteration + 1:]
            del self.train_accuracies[self.iteration + 1:]
        return False

    # ----- driving ----------------------------------------------------------------------------
    _previous = None

    def run(self, iterations: int, deadline: float | None = None) -> int:
        """Run up to ``iterations`` iterations (stopping early at ``time.perf_counter()`` >=
        deadline, or on divergence). Returns how many were done."""
        done = 0
        t0 = time.perf_counter()
        with np.errstate(over="ignore", invalid="ignore"):  # divergence is caught by the cost
            while done < iterations and not self.diverged:
                if deadline is not None and done and time.perf_counter() >= deadline:
                    break
                if not self._step():
                    break
                done += 1
        self.compute_seconds += time.perf_counter() - t0
        if not self.diverged:
            self.status = f"trained {self.iteration} iterations; {self.path_note}"
        return done

    def run_for(self, seconds: float, max_iterations: int | None = None) -> int:
        """Run for about ``seconds`` of wall-clock time (at least one iteration)."""
        return self.run(max_iterations if max_iterations is not None else 1 << 62,
                        deadline=time.perf_counter() + seconds)

    # ----- measuring --------------------------------------------------------------------------
    def _output(self, test: bool) -> np.ndarray:
        return self._forward(self._state, test)[0][-1]

    def layer_stats(self, threshold: float = 0.01) -> list[dict]:
        """For each hidden layer on the training set, with the current parameters:

        ``saturated_share``: share of the (unit, example) pairs where g'(Z) < threshold (the
        gradient nearly vanishes there); ``saturated_units``: units with g'(Z) < threshold on every
        example; ``dead_units``: units with Z <= 0 on every example (a dead ReLU never learns again).
        """
        Zs, _ = self._forward(self._state)
        stats = []
        for l, Z in enumerate(Zs[:-1], start=1):
            slow = self._g.dg(Z) < threshold
            stats.append({"layer": l, "units": Z.shape[0], "saturated_share": float(slow.mean()),
                          "saturated_units": int(slow.all(axis=1).sum()),
                          "dead_units": int((Z <= 0).all(axis=1).sum())})
        return stats

    def train_accuracy(self) -> float:
        """Share of the m training examples answered right (AL > 0.5 where Y = 1) now."""
        return float(np.mean((self._output(False) > 0) == (self.Y > 0.5)))

    def test_accuracy(self) -> float | None:
        """Share of test examples answered right (None without a test set)."""
        if self.X_test is None:
            return None
        return float(np.mean((self._output(True) > 0) == (self.Y_test > 0.5)))

    def test_proba(self) -> np.ndarray | None:
        """AL (1, m_test): P(class 1) for each test example (None without a test set)."""
        if self.X_test is None:
            return None
        return sigmoid(self._output(True))

    def test_cost(self) -> float | None:
        """Cost on the test set with the current parameters (None without a test set)."""
        if self.X_test is None:
            return None
        return compute_cost_from_Z(self._output(True), self.Y_test)

    def predict_proba(self, X=None) -> np.ndarray:
        """AL (1, m) for X (n_x, m) with the current parameters; the training set by default."""
        if X is None:
            return sigmoid(self._output(False))
        return predict_proba(X, self.parameters, self._g)
