"""Several networks of the same shape trained side by side, as one batched computation.

For the experiments that race learning rates or initialisations: K networks share the data,
``layer_dims`` and hidden activation, and differ in learning rate, initialisation and seed.
Their parameters are stacked along a first axis of size K (``W[l]`` is (K, n_l, n_{l-1}),
``b[l]`` is (K, n_l, 1)), so one iteration is one set of NumPy calls for all K networks: for
these small networks Python overhead, not arithmetic, dominates, and K runs cost about one.

Each network computes exactly what a ``Trainer`` with its settings computes (same Gram path
for layer 1 when m < n_x). A network that diverges stops alone, keeping its last good
parameters; the others go on.
"""
from __future__ import annotations

import math
import time

import numpy as np

from nn_core.activations import get_activation, sigmoid
from nn_core.initialization import initialize_parameters
from nn_core.train import DIVERGENCE_FACTOR, DIVERGENCE_FLOOR, _check_data


def _per_network(value, K, name):
    values = list(value) if isinstance(value, (list, tuple)) else [value] * K
    if len(values) != K:
        raise ValueError(f"{name} has {len(values)} values for {K} networks")
    return values


class BatchTrainer:
    """K networks trained side by side on X (n_x, m), Y (1, m).

    ``learning_rates``, ``inits``, ``seeds``, ``init_scales``: one value for all, or one per
    network (the longest list sets K). Results per network k: ``costs[k]``,
    ``train_accuracies[k]``, ``status[k]``, ``diverged[k]``, ``parameters(k)``.
    """

    def __init__(self, X, Y, layer_dims, hidden_activation: str = "relu", learning_rates=0.0075,
                 inits="he", seeds=1, init_scales=0.01, lambd: float = 0.0,
                 leaky_alpha: float = 0.01, X_test=None, Y_test=None, fast: bool = True):
        self.X, self.Y = _check_data(X, Y)
        self._Y_bool = self.Y > 0.5
        self.X_test = self.Y_test = None
        if X_test is not None:
            self.X_test, self.Y_test = _check_data(X_test, Y_test, "X_test")
        K = max(len(v) if isinstance(v, (list, tuple)) else 1
                for v in (learning_rates, inits, seeds, init_scales))
        self.K = K
        self.learning_rates = np.array(_per_network(learning_rates, K, "learning_rates"), dtype=float)
        self.inits = _per_network(inits, K, "inits")
        self.seeds = _per_network(seeds, K, "seeds")
        scales = _per_network(init_scales, K, "init_scales")
        self.layer_dims = [int(n) for n in layer_dims]
        n_x, m = self.X.shape
        if self.layer_dims[0] != n_x or self.layer_dims[-1] != 1:
            raise ValueError(f"layer_dims must start with n_x = {n_x} and end with 1, got {self.layer_dims}")
        self.L = len(self.layer_dims) - 1
        self.m = m
        self.lambd = float(lambd)
        self.hidden_activation = hidden_activation
        self._g = get_activation(hidden_activation, leaky_alpha)
        inits_p = [initialize_parameters(self.layer_dims, i, s, sc)
                   for i, s, sc in zip(self.inits, self.seeds, scales)]
        stacked = {k: np.stack([p[k] for p in inits_p]) for k in inits_p[0]}
        self.path = "gram" if fast and m < n_x else "plain"
        self._W0 = stacked["W1"]                                   # (K, n_1, n_x)
        if self.path == "gram":
            self._G = self.X.T @ self.X                            # (m, m)
            self._P0 = self._W0 @ self.X                           # (K, n_1, m)
            first = (np.ones((K, 1, 1)), np.zeros((K, self.layer_dims[1], m)))
            self._P0_test = self._G_test = None
        else:
            first = stacked["W1"]
        rest = tuple(stacked[f"{k}{l}"] for l in range(1, self.L + 1) for k in "Wb" if (k, l) != ("W", 1))
        self._state = (first, rest)
        self.costs: list[list[float]] = [[] for _ in range(K)]
        self.train_accuracies: list[list[float]] = [[] for _ in range(K)]
        self.diverged = [False] * K
        self.status = ["ready"] * K
        self.iteration = 0
        self.compute_seconds = 0.0
        self._frozen: dict[int, tuple] = {}  # network -> its last good state, once diverged

    # ----- one iteration for all K --------------------------------------------------------------
    def _forward(self, state, test=False):
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
            Z = C @ G + s * P0
        else:
            Z = first @ (self.X_test if test else self.X)
        Z += rest[0]
        Zs, As = [Z], []
        for l in range(2, self.L + 1):
            A = self._g.g(Z)
            As.append(A)
            Z = rest[2 * l - 3] @ A + rest[2 * l - 2]
            Zs.append(Z)
        return Zs, As

    def _costs(self, ZL, state) -> np.ndarray:
        Y = self.Y
        costs = np.sum(np.maximum(ZL, 0) - ZL * Y + np.log1p(np.exp(-np.abs(ZL))), axis=(1, 2)) / self.m
        if self.lambd:
            first, rest = state
            if self.path == "gram":
                s, C = first
                sq = (s[:, 0, 0] ** 2 * np.einsum("kij,kij->k", self._W0, self._W0)
                      + 2 * s[:, 0, 0] * np.einsum("kij,kij->k", self._P0, C)
                      + np.einsum("kij,kij->k", C @ self._G, C))
            else:
                sq = np.einsum("kij,kij->k", first, first)
            for W in rest[1::2]:
                sq = sq + np.einsum("kij,kij->k", W, W)
            costs = costs + self.lambd / (2 * self.m) * sq
        return costs

    def _step(self):
        state = self._state
        Zs, As = self._forward(state)
        ZL = Zs[-1]
        costs = self._costs(ZL, state)
        correct = np.count_nonzero((ZL > 0) == self._Y_bool, axis=(1, 2)) / self.m
        for k in range(self.K):
            if self.diverged[k]:
                continue
            c = float(costs[k])
            first_cost = self.costs[k][0] if self.costs[k] else None
            if math.isfinite(c) and (first_cost is None or c <= max(DIVERGENCE_FACTOR * first_cost,
                                                                   DIVERGENCE_FLOOR)):
                self.costs[k].append(c)
                self.train_accuracies[k].append(float(correct[k]))
                continue
            why = "the cost became non-finite" if not math.isfinite(c) else (
                f"the cost exploded to {c:.3g} (it started at {first_cost:.3g})")
            self.diverged[k] = True
            self.status[k] = (f"diverged at iteration {self.iteration}: {why} with learning rate "
                              f"{self.learning_rates[k]:g}; kept the last good parameters "
                              f"(iteration {max(self.iteration - 1, 0)})")
            self._frozen[k] = self._slice(self._previous if self.iteration else state, k)
        alpha = np.where(self.diverged, 0.0, self.learning_rates)[:, None, None]   # (K, 1, 1)
        decay = 1.0 - alpha * self.lambd / self.m
        first, rest = state
        new_rest = list(rest)
        dZ = (sigmoid(ZL) - self.Y) / self.m
        for l in range(self.L, 1, -1):
            W, b = rest[2 * l - 3], rest[2 * l - 2]
            dW = dZ @ As[l - 2].transpose(0, 2, 1)
            db = dZ.sum(axis=2, keepdims=True)
            dA = W.transpose(0, 2, 1) @ dZ
            new_rest[2 * l - 3] = decay * W - alpha * dW
            new_rest[2 * l - 2] = b - alpha * db
            dZ = dA * self._g.dg(Zs[l - 2])
        new_rest[0] = rest[0] - alpha * dZ.sum(axis=2, keepdims=True)
        if self.path == "gram":
            s, C = first
            new_first = (decay * s, decay * C - alpha * dZ)
        else:
            new_first = decay * first - alpha * (dZ @ self.X.T)
        self._previous = state
        self._state = (new_first, tuple(new_rest))
        self.iteration += 1

    _previous = None

    def _slice(self, state, k):
        first, rest = state
        first_k = tuple(a[k] for a in first) if self.path == "gram" else first[k]
        return (first_k, tuple(a[k] for a in rest))

    # ----- driving and reading ----------------------------------------------------------------
    def run(self, iterations: int, deadline: float | None = None) -> int:
        """Up to ``iterations`` iterations of every network still running; returns how many."""
        done = 0
        t0 = time.perf_counter()
        with np.errstate(over="ignore", invalid="ignore"):
            while done < iterations and not all(self.diverged):
                if deadline is not None and done and time.perf_counter() >= deadline:
                    break
                self._step()
                done += 1
        self.compute_seconds += time.perf_counter() - t0
        for k in range(self.K):
            if not self.diverged[k]:
                self.status[k] = f"trained {len(self.costs[k])} iterations"
        return done

    def run_for(self, seconds: float, max_iterations: int | None = None) -> int:
        """Run for about ``seconds`` of wall-clock time (at least one iteration)."""
        return self.run(max_iterations if max_iterations is not None else 1 << 62,
                        deadline=time.perf_counter() + seconds)

    def parameters(self, k: int) -> dict[str, np.ndarray]:
        """Network k's parameters W1 (n_1, n_x), b1 (n_1, 1), ... (its last good ones if diverged)."""
        first, rest = self._frozen.get(k) or self._slice(self._state, k)
        if self.path == "gram":
            s, C = first
            W1 = s[0, 0] * self._W0[k] + C @ self.X.T
        else:
            W1 = first
        params = {"W1": np.array(W1), "b1": rest[0].copy()}
        for i, l in enumerate(range(2, self.L + 1)):
            params[f"W{l}"] = rest[1 + 2 * i].copy()
            params[f"b{l}"] = rest[2 + 2 * i].copy()
        return params

    def _outputs(self, test: bool) -> np.ndarray:
        ZL = self._forward(self._state, test)[0][-1]            # (K, 1, m)
        for k in self._frozen:                                  # diverged networks: last good
            ZL[k] = self._forward_frozen(k, test)
        return ZL

    def _forward_frozen(self, k, test):
        """ZL (1, m) of diverged network k from its last good parameters."""
        params = self.parameters(k)
        Z = params["W1"] @ (self.X_test if test else self.X) + params["b1"]
        for l in range(2, self.L + 1):
            Z = params[f"W{l}"] @ self._g.g(Z) + params[f"b{l}"]
        return Z

    def train_accuracy(self) -> np.ndarray:
        """(K,) share of training examples each network answers right now."""
        return np.mean((self._outputs(False) > 0) == self._Y_bool, axis=(1, 2))

    def test_accuracy(self) -> np.ndarray | None:
        """(K,) share of test examples each network answers right (None without a test set)."""
        if self.X_test is None:
            return None
        return np.mean((self._outputs(True) > 0) == (self.Y_test > 0.5), axis=(1, 2))
