"""Gradient descent on K networks of one shape, as one computation: the trainers' kernel.

``Trainer`` (one network, ``nn_core.train``) and ``BatchTrainer`` (K networks side by side,
``nn_core.batch``) are thin classes over ``Networks``, which holds the one forward pass, the
one backward pass and update, the one divergence rule and the one run loop. Every array of one
network has the lesson's shape; K networks stack theirs along a first axis of size K:

    one network:   W[l] (n_l, n_{l-1})      b[l] (n_l, 1)      Z[l], A[l] (n_l, m)
    K networks:    W[l] (K, n_l, n_{l-1})   b[l] (K, n_l, 1)   Z[l], A[l] (K, n_l, m)

so one iteration is one set of NumPy calls for all K (for these small networks Python overhead,
not arithmetic, dominates: five course runs take about three times one, not five).

Layer 1 is kept by a small strategy, chosen once:

* ``GramLayer1`` when the examples are fewer than the features (m < n_x, as with 209 photos of
  12288 numbers). Every gradient of W1 is ``dZ1 X^T / m``, a combination of the training
  inputs, so ``W1 = s W1_0 + C X^T`` at every iteration, with a (n_1, m) matrix C and a scalar
  s (s stays 1 without L2; L2 only shrinks W1 by a constant factor each step). Then
  ``W1 X = s (W1_0 X) + C (X^T X)``: with ``P0 = W1_0 X`` and the Gram matrix ``G = X^T X``
  computed once, an iteration costs O(n_1 m^2) instead of O(n_1 n_x m), and the update of W1
  is ``C := (1 - alpha lambd / m) C - alpha dZ1 / m``. W1 itself is rebuilt on demand.
* ``PlainLayer1`` otherwise (m >= n_x, e.g. the 2-D toy sets, or ``fast=False``): W1 itself.

The state of a training, ``(W, b)``: ``W`` a tuple of L entries, ``W[0]`` layer 1 as its
strategy keeps it (``(s, C)`` on the Gram path, s of shape (1, 1) or (K, 1, 1), else W1) and
``W[l - 1]`` the weights of layer l >= 2; ``b`` the tuple of the L biases ``b[l - 1]``. An
iteration makes new arrays and never changes a state in place, so a state may be kept
(read-only) and given back (``Trainer.restore``). It knows nothing of pages, files or images.
"""
from __future__ import annotations

import math
import time
import weakref

import numpy as np

from nn_core.activations import Activation, get_activation, sigmoid
from nn_core.cost import compute_cost_from_Z, cross_entropy_rows
from nn_core.forward import model_forward
from nn_core.minibatch import MiniBatches
from nn_core.units import SATURATION_THRESHOLD, dead_units, layer_marks, saturated_units

#: A cost above this many times the first cost (and above DIVERGENCE_FLOOR) counts as exploded.
DIVERGENCE_FACTOR = 20.0
DIVERGENCE_FLOOR = 10.0


def check_data(X, Y, name: str = "X") -> tuple[np.ndarray, np.ndarray]:
    """X (n_x, m) as float64 and its labels Y (1, m) as 0.0/1.0; ValueError with a sentence."""
    X = np.asarray(X, dtype=np.float64)
    Y = np.asarray(Y)
    if X.ndim != 2:
        raise ValueError(f"{name} must be (n_x, m), got shape {X.shape}")
    Y = Y.reshape(1, -1)
    if Y.shape[1] != X.shape[1]:
        raise ValueError(f"{name} has {X.shape[1]} examples but its labels have {Y.shape[1]}")
    if X.size and not (np.isfinite(X.min()) and np.isfinite(X.max())):   # NaN, inf: no copy of X
        raise ValueError(f"{name} contains NaN or infinite values")
    if not np.all((Y == 0) | (Y == 1)):
        raise ValueError(f"labels must be 0 or 1, got {sorted(set(np.unique(Y).tolist()))}")
    return X, Y.astype(np.float64)


def _take(A, k: int | None):
    """Network k's part of a stacked array (A itself when k is None: one network, unstacked)."""
    return A if k is None else A[k]


#: X^T as float32, one copy per data set X however many trainings use it (a class shares one).
_FLOAT32_T: dict[int, np.ndarray] = {}


def _float32_T(X: np.ndarray) -> np.ndarray:
    """X (n_x, m) -> X^T (m, n_x) as contiguous float32, kept while X lives."""
    XT = _FLOAT32_T.get(id(X))
    if XT is None:
        XT = _FLOAT32_T[id(X)] = np.ascontiguousarray(X.T, dtype=np.float32)
        weakref.finalize(X, _FLOAT32_T.pop, id(X), None)
    return XT


#: X^T X_test, one product per read-only data set however many trainings use it.
_CROSS: dict[tuple[int, int], np.ndarray] = {}


def _cross(X: np.ndarray, X_test: np.ndarray) -> np.ndarray:
    """X^T X_test (m, m_test): computed once while both live when both are read-only (the
    server's data sets, shared by a class), else each time (an array may change in place)."""
    if X.flags.writeable or X_test.flags.writeable:
        return X.T @ X_test
    key = (id(X), id(X_test))
    G = _CROSS.get(key)
    if G is None:
        G = _CROSS[key] = X.T @ X_test
        G.setflags(write=False)
        for a in (X, X_test):
            weakref.finalize(a, _CROSS.pop, key, None)
    return G


def _inner(A: np.ndarray, B: np.ndarray):
    """<A, B> of each network: A, B (n, p) -> float, or (K, n, p) -> (K,)."""
    return float(np.vdot(A, B)) if A.ndim == 2 else np.einsum("kij,kij->k", A, B)


def _descend(W, dW, alpha, decay):
    """One step of gradient descent, ``W - alpha dW``; with L2, ``decay W - alpha dW`` where
    decay = 1 - alpha lambd / m (None without L2). alpha, decay: floats, or (K, 1, 1)."""
    return W - alpha * dW if decay is None else decay * W - alpha * dW


def _stack(states: list):
    """K states (tuples of arrays, nested) as one, each leaf stacked along a new first axis."""
    if isinstance(states[0], tuple):
        return tuple(_stack(parts) for parts in zip(*states))
    return np.stack(states)


def _unstack(state, k: int):
    """Network k's part of a stacked state, copied (a state kept must not hold all K)."""
    if isinstance(state, tuple):
        return tuple(_unstack(part, k) for part in state)
    return np.array(state[k])


def _where(mask: np.ndarray, a, b):
    """State ``a`` where mask (K, 1, 1) is True, else state ``b``, leaf by leaf (new arrays)."""
    if isinstance(a, tuple):
        return tuple(_where(mask, x, y) for x, y in zip(a, b))
    return np.where(mask, a, b)


# ----- layer 1: two strategies --------------------------------------------------------------------
class PlainLayer1:
    """Layer 1 as the lesson writes it: it keeps W1, (n_1, n_x) or (K, n_1, n_x)."""

    path = "plain"

    def __init__(self, X: np.ndarray, X_test: np.ndarray | None):
        self.X, self.X_test = X, X_test

    def start(self, W1: np.ndarray) -> np.ndarray:
        """The kept form of the initial W1."""
        return W1

    def product(self, W1: np.ndarray, test: bool = False) -> np.ndarray:
        """W1 X (n_1, m) or (K, n_1, m), a new array (X_test with ``test``)."""
        return W1 @ (self.X_test if test else self.X)

    def step(self, W1, dZ1, alpha, decay, cols: np.ndarray | None = None):
        """W1 after one update. dZ1: dJ/dZ[1] times 1/m, (n_1, m) or (K, n_1, m); with ``cols``
        (b,), a mini-batch's: dZ1 is (n_1, b) or (K, n_1, b), of the examples X[:, cols]."""
        X = self.X if cols is None else self.X[:, cols]
        return _descend(W1, dZ1 @ X.mT, alpha, decay)

    def stacked(self, layers: list[PlainLayer1]) -> PlainLayer1:
        """The layer 1 of K trainings of this data set run as one (``Networks.gathered``)."""
        return self

    def weights(self, W1, k: int | None = None) -> np.ndarray:
        """W1 (n_1, n_x) of network k (of the only network when k is None)."""
        return _take(W1, k)

    def squared_norm(self, W1) -> np.ndarray:
        """||W1||^2 of each network: a float, or (K,)."""
        return _inner(W1, W1)

    def rows32(self, W1, rows: int, k: int | None = None) -> np.ndarray:
        """The first ``rows`` rows of network k's W1, float32 (rows, n_x)."""
        return _take(W1, k)[:rows].astype(np.float32)


class GramLayer1:
    """Layer 1 in the span of the m training inputs: it keeps (s, C) with W1 = s W1_0 + C X^T.

    W0 = W1_0: (n_1, n_x) or (K, n_1, n_x); s: (1, 1) or (K, 1, 1); C: (n_1, m) or (K, n_1, m).
    ``shrinks``: L2 is on, so s changes (without L2 it stays exactly 1 and is not multiplied).
    """

    path = "gram"

    def __init__(self, X: np.ndarray, X_test: np.ndarray | None, W0: np.ndarray, shrinks: bool,
                 gram: np.ndarray | None = None):
        m = X.shape[1]
        self.X, self.X_test, self.W0, self.shrinks = X, X_test, W0, shrinks
        self.G = X.T @ X if gram is None else np.asarray(gram, dtype=np.float64)     # (m, m)
        if self.G.shape != (m, m):
            raise ValueError(f"gram must be X^T X of shape {(m, m)}, got {self.G.shape}")
        self.P0 = W0 @ X                                         # (n_1, m) or (K, n_1, m)
        self._W0_squared = _inner(W0, W0)
        self._test_products = None                               # (W0 X_test, X^T X_test)
        self._W0_32 = None                                       # W0 as float32, for rows32

    def stacked(self, layers: list[GramLayer1]) -> GramLayer1:
        """The layer 1 of K trainings of one network each (this one first, all on the same
        X and G, without L2) run as one (``Networks.gathered``): their P0 stacked (K, n_1, m),
        nothing computed again. It trains only: it has no W0 to rebuild W1 from."""
        layer = object.__new__(GramLayer1)
        layer.X, layer.X_test, layer.W0, layer.shrinks, layer.G = self.X, None, None, False, self.G
        layer.P0 = np.stack([one.P0 for one in layers])
        layer._W0_squared = layer._test_products = layer._W0_32 = None
        return layer

    def start(self, W0: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(s, C) = (1, 0) for the initial W1 = W0."""
        lead = W0.shape[:-2]
        return np.ones(lead + (1, 1)), np.zeros(lead + (W0.shape[-2], self.X.shape[1]))

    def product(self, first, test: bool = False) -> np.ndarray:
        """W1 X = C G + s P0 (n_1, m) or (K, n_1, m), a new array (X_test with ``test``)."""
        s, C = first
        if test:
            if self._test_products is None:
                self._test_products = (self.W0 @ self.X_test, _cross(self.X, self.X_test))
            P0, G = self._test_products
        else:
            P0, G = self.P0, self.G
        Z = C @ G
        Z += s * P0 if self.shrinks else P0
        return Z

    def step(self, first, dZ1, alpha, decay, cols: np.ndarray | None = None):
        """(s, C) after one update. dZ1: dJ/dZ[1] times 1/m, (n_1, m) or (K, n_1, m); with
        ``cols`` (b,), a mini-batch's (n_1, b): only those columns of C learn."""
        s, C = first
        if cols is not None:
            full = np.zeros(C.shape)
            full[..., cols] = dZ1
            dZ1 = full
        return (s, C - alpha * dZ1) if decay is None else (decay * s, decay * C - alpha * dZ1)

    def weights(self, first, k: int | None = None) -> np.ndarray:
        """W1 = s W1_0 + C X^T (n_1, n_x) of network k (of the only network when k is None)."""
        s, C = first
        return _take(s, k) * _take(self.W0, k) + _take(C, k) @ self.X.T

    def rows32(self, first, rows: int, k: int | None = None) -> np.ndarray:
        """The first ``rows`` rows of network k's W1 = s W1_0 + C X^T, float32 (rows, n_x): the
        product in single precision, about half the work of ``weights`` (for pictures)."""
        s, C = first
        if self._W0_32 is None:
            self._W0_32 = self.W0.astype(np.float32)
        W = _take(C, k)[:rows].astype(np.float32) @ _float32_T(self.X)
        W += np.float32(np.ravel(_take(s, k))[0]) * _take(self._W0_32, k)[:rows]
        return W

    def squared_norm(self, first) -> np.ndarray:
        """||W1||^2 = s^2 ||W1_0||^2 + 2 s <W1_0 X, C> + <C G, C>: a float, or (K,)."""
        s, C = first
        s = s[..., 0, 0]
        return s * s * self._W0_squared + 2 * s * _inner(self.P0, C) + _inner(C @ self.G, C)


# ----- one network's results and answers -------------------------------------------------------
class Network:
    """One network of a training: its record so far and what it answers now.

    ``costs[i]``, ``train_accuracies[i]``: J and the share of training examples answered right
    with the parameters after i updates (the course prints ``costs[0], costs[100], ...``).
    ``iteration``: updates made (a diverged network stops at its last good one).
    ``learning_rate``: alpha, which may change between two ``run`` calls.
    ``status``: "ready", "trained N iterations; <path note>" or "diverged at iteration k: ...".
    """

    def __init__(self, index: int | None, learning_rate: float):
        self._training: Networks | None = None   # set by the Networks that trains it
        self._index = index                      # in the stacked arrays (None: not stacked)
        self.learning_rate = float(learning_rate)
        self.costs: list[float] = []
        self.train_accuracies: list[float] = []
        self.diverged = False
        self.cost_at_divergence: float | None = None   # the cost that stopped it (may be inf)
        self.status = "ready"
        self._materialized: dict[int, tuple] = {}

    @property
    def iteration(self) -> int:
        """Updates made; a diverged network's last good iteration."""
        return max(len(self.costs) - 1, 0) if self.diverged else self._training.iteration

    @property
    def parameters(self) -> dict[str, np.ndarray]:
        """Current parameters W1 (n_1, n_x), b1 (n_1, 1), ..., as fresh arrays."""
        return self._training._parameters(self._training.state, self._index)

    def layer(self, l: int, weights: bool = True) -> tuple[np.ndarray | None, np.ndarray]:
        """Layer l's current W[l] (n_l, n_{l-1}) and b[l] (n_l, 1), fresh arrays; W is None
        without ``weights`` (on the Gram path W1 is rebuilt: n_1 x n_x x m work for photos)."""
        W, b = self._training.state
        if not 1 <= l <= self._training.L:
            raise ValueError(f"layer {l} is not one of 1..{self._training.L}")
        if not weights:
            Wl = None
        elif l == 1:
            Wl = np.array(self._training._layer1.weights(W[0], self._index))
        else:
            Wl = np.array(_take(W[l - 1], self._index))
        return Wl, np.array(_take(b[l - 1], self._index))

    def first_rows32(self, rows: int) -> np.ndarray:
        """The first ``rows`` rows of W1 (n_1, n_x) now, float32 (rows, n_x): what a picture of
        the hidden units needs, computed in single precision."""
        W, _ = self._training.state
        return self._training._layer1.rows32(W[0], rows, self._index)

    @property
    def snapshots(self) -> dict[int, dict[str, np.ndarray]]:
        """Iteration -> parameters at that iteration (rebuilt on first access, then kept)."""
        out = {}
        for it, state in self._training._snapshots.items():
            if it <= self.iteration:
                kept = self._materialized.get(it)
                if kept is None or kept[0] is not state:
                    params = self._training._parameters(state, self._index)
                    kept = self._materialized[it] = (state, params)
                out[it] = kept[1]
        return out

    def _output(self, test: bool) -> np.ndarray:
        """ZL (1, m) (or (1, m_test)) with the current parameters."""
        k = self._index or 0
        return self._training._outputs(test)[k:k + 1]

    def train_accuracy(self) -> float:
        """Share of the m training examples answered right (AL > 0.5 where Y = 1) now."""
        return float(np.mean((self._output(False) > 0) == self._training._Y_bool))

    def test_accuracy(self) -> float | None:
        """Share of test examples answered right (None without a test set)."""
        if self._training.X_test is None:
            return None
        return float(np.mean((self._output(True) > 0) == (self._training.Y_test > 0.5)))

    def test_proba(self) -> np.ndarray | None:
        """AL (1, m_test): P(class 1) for each test example (None without a test set)."""
        if self._training.X_test is None:
            return None
        return sigmoid(self._output(True))

    def test_cost(self) -> float | None:
        """Cost on the test set with the current parameters (None without a test set)."""
        if self._training.X_test is None:
            return None
        return compute_cost_from_Z(self._output(True), self._training.Y_test)

    def predict_proba(self, X: np.ndarray | None = None) -> np.ndarray:
        """AL (1, m) for X (n_x, m) with the current parameters; the training set by default."""
        if X is None:
            return sigmoid(self._output(False))
        return model_forward(X, self.parameters, self._training._g)[0]

    def unit_marks(self, threshold: float = SATURATION_THRESHOLD) -> list[np.ndarray]:
        """Each hidden unit's mark on the training set now (``nn_core.units.unit_marks``, with
        the training's own forward pass): L - 1 uint8 arrays (n_l,) of FINE, DEAD, SATURATED."""
        training = self._training
        Zs, _ = training._forward(training.state)
        return [layer_marks(_take(Z, self._index), training._g, threshold) for Z in Zs[:-1]]

    def unit_values(self, cols) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Z and A of every unit on the training examples ``cols`` (k,) now, from the
        training's own forward pass (``nn_core.units.unit_activations`` of X[:, cols]):
        Zs, As, lists of L arrays (n_l, k), l = 1..L; A[L] = sigmoid(Z[L]) = P(class 1)."""
        training = self._training
        Zs, As = training._forward(training.state)
        Zs = [_take(Z, self._index)[:, cols] for Z in Zs]
        As = [_take(A, self._index)[:, cols] for A in As] + [sigmoid(Zs[-1])]
        return Zs, As

    def layer_stats(self, threshold: float = 0.01) -> list[dict]:
        """For each hidden layer on the training set, with the current parameters:

        ``saturated_share``: share of the (unit, example) pairs where g'(Z) < threshold (the
        gradient nearly vanishes there); ``saturated_units``: units with g'(Z) < threshold on every
        example; ``dead_units``: units with Z <= 0 on every example (a dead ReLU never learns again).
        """
        training = self._training
        Zs, _ = training._forward(training.state)
        stats = []
        for l, Z in enumerate(Zs[:-1], start=1):
            Z = _take(Z, self._index)                          # (n_l, m)
            slow = training._g.dg(Z) < threshold
            stats.append({"layer": l, "units": Z.shape[0], "saturated_share": float(slow.mean()),
                          "saturated_units": int(saturated_units(Z, training._g, threshold).sum()),
                          "dead_units": int(dead_units(Z).sum())})
        return stats


# ----- K networks, one computation -----------------------------------------------------------------
class Networks:
    """K networks of one shape on X (n_x, m), Y (1, m) labels 0/1, trained as one computation.

    ``parameters``: W1, b1, ..., WL, bL at iteration 0, each (n_l, n_{l-1}) / (n_l, 1) for one
    network or stacked (K, n_l, n_{l-1}) / (K, n_l, 1); ``networks``: the K ``Network`` records
    (index None for one unstacked network), which this training adopts. Hidden layers use ``hidden_activation``, the output
    a sigmoid. Optional test set X_test (n_x, m_test), Y_test (1, m_test), used only when asked
    for. ``snapshot_every=k`` keeps the state at iterations 0, k, 2k, ...; ``snapshot_at`` (e.g.
    ``[0, 1, 10, 100, 2500]``) at those too. ``gram``: X^T X (m, m) when already computed.
    ``batch_size``: None (or >= m) for full-batch gradient descent, the lesson's; else each
    iteration learns from one mini-batch of that many examples, shuffled by ``batch_seed``
    (``nn_core.minibatch``), while ``costs`` stay J on all m examples.

    What every trainer offers: ``K``, ``networks``, ``run(iterations, deadline)``, ``iteration``,
    ``all_diverged``, ``state``, and ``layer_dims``, ``L``, ``m``, ``X``, ``Y``, ``X_test``,
    ``Y_test``, ``hidden_activation``, ``leaky_alpha``, ``lambd``, ``path``, ``path_note``,
    ``batches`` (a ``MiniBatches``).
    """

    def __init__(self, X, Y, parameters: dict[str, np.ndarray], networks: list[Network],
                 hidden_activation: str = "relu", lambd: float = 0.0, leaky_alpha: float = 0.01,
                 X_test=None, Y_test=None, snapshot_every: int | None = None, snapshot_at=None,
                 fast: bool = True, gram: np.ndarray | None = None,
                 batch_size: int | None = None, batch_seed: int = 0):
        self.X, self.Y = check_data(X, Y)
        self._Y_bool = self.Y > 0.5
        self.X_test = self.Y_test = None
        if X_test is not None:
            self.X_test, self.Y_test = check_data(X_test, Y_test, "X_test")
        L = len(parameters) // 2
        W = [np.asarray(parameters[f"W{l}"], dtype=np.float64) for l in range(1, L + 1)]
        b = [np.asarray(parameters[f"b{l}"], dtype=np.float64) for l in range(1, L + 1)]
        self.layer_dims = [int(W[0].shape[-1])] + [int(w.shape[-2]) for w in W]
        n_x, m = self.X.shape
        if self.layer_dims[0] != n_x or self.layer_dims[-1] != 1:
            raise ValueError(f"layer_dims must start with n_x = {n_x} and end with 1, "
                             f"got {self.layer_dims}")
        self.L, self.m = L, m
        self.batches = MiniBatches(m, batch_size, batch_seed)
        self.networks = networks
        for net in networks:
            net._training = self
        self.K = len(networks)
        self._stacked = networks[0]._index is not None
        self.hidden_activation = hidden_activation
        self.leaky_alpha = leaky_alpha
        self._g: Activation = get_activation(hidden_activation, leaky_alpha)
        self._relu = self._g.name == "relu"
        self.lambd = float(lambd)
        self.snapshot_every = snapshot_every
        self.snapshot_at = frozenset(int(i) for i in snapshot_at or ())

        use_gram = fast and m < n_x
        self._layer1 = (GramLayer1(self.X, self.X_test, W[0], bool(self.lambd), gram) if use_gram
                        else PlainLayer1(self.X, self.X_test))
        self.path = self._layer1.path
        self.path_note = (
            "Gram path: layer 1 trained exactly in the span of the m training inputs (float64)"
            if use_gram else
            "plain path: layer 1 multiplies X directly"
            + ("" if fast else " (fast path switched off)")
            + (" (m >= n_x, so the Gram matrix would not save work)" if fast and m >= n_x else ""))
        W[0] = self._layer1.start(W[0])
        self._state = (tuple(W), tuple(b))
        self._previous = None                 # the state one iteration back (None: not known)
        self._held = None                     # (K, 1, 1) True for the diverged networks
        self._iteration = 0
        self._snapshots: dict[int, tuple] = {}
        self._cached_outputs: dict[bool, tuple] = {}
        self._snapshot()

    @classmethod
    def gathered(cls, trainings: list[Networks]) -> Networks:
        """K trainings of one network each, at their current states, as one stacked training
        (``nn_core.batch.run_together``; they must share a ``together_key``). Its networks
        stand in for theirs: each appends to its training's own ``costs`` and
        ``train_accuracies`` lists; ``scatter`` gives each training its state back."""
        first = trainings[0]
        self = object.__new__(cls)
        self.__dict__.update(first.__dict__)        # the data, shape and rules they share
        self.networks = []
        for k, training in enumerate(trainings):
            own, net = training.networks[0], Network(k, training.networks[0].learning_rate)
            net.costs, net.train_accuracies, net._training = own.costs, own.train_accuracies, self
            self.networks.append(net)
        self.K, self._stacked = len(trainings), True
        self._layer1 = first._layer1.stacked([t._layer1 for t in trainings])
        self._state = _stack([t._state for t in trainings])
        self._previous = self._held = None
        self._iteration = 0
        self._snapshots, self._cached_outputs = {}, {}
        return self

    def scatter(self, trainings: list[Networks]) -> None:
        """After ``run``: each of the gathered ``trainings`` whose network did not diverge at
        the state its network reached (copied out), ``iteration`` updates further on."""
        for k, (training, net) in enumerate(zip(trainings, self.networks)):
            if net.diverged:
                continue
            training._state = _unstack(self._state, k)
            if self._previous is not None:
                training._previous = _unstack(self._previous, k)
            training._iteration += self._iteration
            training.run(0)                         # its status: trained N iterations

    # ----- reading ------------------------------------------------------------------------------
    @property
    def iteration(self) -> int:
        """Iterations done by the networks still running (the last good one when all diverged).
        Set it only with the state it goes with (see ``Trainer.restore``)."""
        return self._iteration

    @iteration.setter
    def iteration(self, value: int) -> None:
        self._iteration = int(value)

    @property
    def all_diverged(self) -> bool:
        """Every network diverged: ``run`` does nothing more."""
        return all(net.diverged for net in self.networks)

    @property
    def state(self):
        """Where the training is: ``(W, b)`` as described in the module's docstring. Never
        changed in place; read-only for whoever keeps it."""
        return self._state

    def _restore(self, iteration: int, state) -> None:
        """Stand at ``iteration`` with ``state`` (the networks' own records are the caller's)."""
        self._state, self._previous = state, None
        self._iteration = int(iteration)
        self._snapshot()

    def _parameters(self, state, k: int | None) -> dict[str, np.ndarray]:
        """Network k's W1 (n_1, n_x), b1 (n_1, 1), ..., WL, bL in ``state``, as fresh arrays."""
        W, b = state
        weights = [self._layer1.weights(W[0], k)] + [_take(w, k) for w in W[1:]]
        params = {}
        for l in range(1, self.L + 1):
            params[f"W{l}"] = np.array(weights[l - 1])
            params[f"b{l}"] = np.array(_take(b[l - 1], k))
        return params

    def _outputs(self, test: bool) -> np.ndarray:
        """ZL of every network with the current parameters: (K, m), or (K, m_test) with test."""
        cached = self._cached_outputs.get(test)
        if cached is None or cached[0] is not self._state:
            ZL = self._forward(self._state, test)[0][-1]
            cached = self._cached_outputs[test] = (self._state, ZL.reshape(self.K, -1))
        return cached[1]

    # ----- one iteration --------------------------------------------------------------------------
    def _forward(self, state, test: bool = False):
        """Pre-activations Zs (Z[1] ... Z[L]) and hidden activations As (A[1] ... A[L-1]),
        each (n_l, m) or (K, n_l, m); the test set with ``test``."""
        W, b = state
        Z = self._layer1.product(W[0], test)
        Z += b[0]
        Zs, As = [Z], []
        for l in range(1, self.L):
            A = self._g.g(Z)
            As.append(A)
            Z = W[l] @ A + b[l]
            Zs.append(Z)
        return Zs, As

    def _squared_weights(self, state) -> np.ndarray:
        """sum over l of ||W[l]||^2 of each network: (K,)."""
        W, _ = state
        return np.reshape(self._layer1.squared_norm(W[0]) + sum(_inner(w, w) for w in W[1:]), -1)

    def _record(self, ZL: np.ndarray, state) -> bool:
        """Append each running network's cost and accuracy of ``state`` (ZL (1, m) or (K, 1, m)),
        or stop the networks whose cost is not finite or exploded. False when none runs on."""
        m = self.m
        Z2 = ZL.reshape(-1, m)                                        # (K, m)
        costs = cross_entropy_rows(Z2, self.Y)
        if self.lambd:
            costs = costs + self.lambd / (2 * m) * self._squared_weights(state)
        right = (Z2 > 0) == self._Y_bool
        stopped = []
        for k, (net, cost) in enumerate(zip(self.networks, costs.tolist())):
            if net.diverged:
                continue
            if math.isfinite(cost) and (not net.costs or cost <= max(
                    DIVERGENCE_FACTOR * net.costs[0], DIVERGENCE_FLOOR)):
                net.costs.append(cost)
                net.train_accuracies.append(np.count_nonzero(right[k]) / m)
                continue
            why = "the cost became non-finite" if not math.isfinite(cost) else (
                f"the cost exploded to {cost:.3g} (it started at {net.costs[0]:.3g})")
            net.diverged = True
            net.cost_at_divergence = cost
            net.status = (f"diverged at iteration {self._iteration}: {why} with learning rate "
                          f"{net.learning_rate:g}; kept the last good parameters "
                          f"(iteration {max(self._iteration - 1, 0)})")
            stopped.append(k)
        return not stopped or self._hold(stopped)

    def _hold(self, stopped: list[int]) -> bool:
        """Networks ``stopped`` went wrong at this iteration: they go back to the previous
        iteration's parameters, their last good ones, and stay there. False when none runs on."""
        back = self._iteration > 0 and self._previous is not None
        if self.all_diverged:
            if back:                               # the previous state is every network's last good
                self._state = self._previous
                self._iteration -= 1
            return False
        held = np.zeros((self.K, 1, 1), dtype=bool)
        if back:
            held[stopped] = True
            self._state = _where(held, self._previous, self._state)
        held[[k for k, net in enumerate(self.networks) if net.diverged]] = True
        self._held = held
        return True

    def _step(self, alpha, decay) -> bool:
        """One iteration of every running network: forward and cost on all m examples, then
        backward and update on this iteration's examples (all m, or one mini-batch).
        alpha, decay: floats, or (K, 1, 1). False (and nothing changed) when none runs on."""
        state = self._state
        Zs, As = self._forward(state)
        ZL = Zs[-1]
        if not self._record(ZL, state):
            return False
        W, b = state
        new_W, new_b = list(W), list(b)
        cols, Y, m = None, self.Y, self.m
        if not self.batches.full:                   # this iteration's mini-batch: its columns
            cols = self.batches.of(self._iteration)
            Y, m = Y[:, cols], len(cols)
            ZL, Zs, As = ZL[..., cols], [Z[..., cols] for Z in Zs], [A[..., cols] for A in As]
            decay = 1.0 - alpha * self.lambd / m if self.lambd else None
        dZ = (sigmoid(ZL) - Y) / m                                   # dZ[L] / m
        for l in range(self.L, 1, -1):
            dW = dZ @ As[l - 2].mT
            db = dZ.sum(axis=-1, keepdims=True)
            dA = W[l - 1].mT @ dZ
            new_W[l - 1] = _descend(W[l - 1], dW, alpha, decay)
            new_b[l - 1] = b[l - 1] - alpha * db
            # ReLU: times (Z > 0) as booleans, the same numbers as times g'(Z), one array less
            Z = Zs[l - 2]
            dZ = dA * (Z > 0) if self._relu else dA * self._g.dg(Z)
        new_b[0] = b[0] - alpha * dZ.sum(axis=-1, keepdims=True)
        new_W[0] = self._layer1.step(W[0], dZ, alpha, decay, cols)
        new = (tuple(new_W), tuple(new_b))
        if self._held is not None:                  # diverged networks keep their parameters
            new = _where(self._held, self._state, new)
        self._previous, self._state = self._state, new
        self._iteration += 1
        self._snapshot()
        return True

    def _snapshot(self) -> None:
        it = self._iteration
        if (self.snapshot_every and it % self.snapshot_every == 0) or it in self.snapshot_at:
            self._snapshots[it] = self._state

    # ----- driving ----------------------------------------------------------------------------
    def run(self, iterations: int, deadline: float | None = None) -> int:
        """Up to ``iterations`` iterations of every network still running, stopping early at
        ``time.perf_counter() >= deadline`` (after one at least) or when all have diverged.
        Returns how many were done."""
        if self.all_diverged:
            return 0
        rates = [net.learning_rate for net in self.networks]
        alpha = np.array(rates)[:, None, None] if self._stacked else rates[0]
        decay = 1.0 - alpha * self.lambd / self.m if self.lambd else None
        done = 0
        with np.errstate(over="ignore", invalid="ignore"):  # divergence is caught by the cost
            while done < iterations:
                if deadline is not None and done and time.perf_counter() >= deadline:
                    break
                if not self._step(alpha, decay):            # every network has diverged
                    break
                done += 1
        for net in self.networks:
            if not net.diverged:
                net.status = f"trained {self._iteration} iterations; {self.path_note}"
        return done
