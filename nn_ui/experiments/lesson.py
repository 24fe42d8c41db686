"""Small computations behind the lesson pages' explanations (Loss and cost, Activation
functions): no training loop of their own, only nn_core called with fixed settings, cached."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nn_core import Trainer, initialize_parameters, predict_proba
from nn_core.cost import compute_cost, loss
from nn_ui.figures.network import grid_for

#: The course's planar-data comparison: logistic regression against 4 tanh hidden units.
HIDDEN_UNITS, HIDDEN_LR, HIDDEN_ITERATIONS = 4, 1.2, 3000
HIDDEN_DATASETS = ("flower", "xor", "moons")

#: Five examples for the loss table: (what it is, y, a = the network's P(cat)).
LOSS_EXAMPLES = (("a cat, called a cat, sure", 1, 0.95), ("a cat, unsure", 1, 0.6),
                 ("a cat, called a non-cat", 1, 0.1), ("a non-cat, called a non-cat", 0, 0.2),
                 ("a non-cat, called a cat, sure", 0, 0.99))


def loss_table() -> tuple[list[dict], float]:
    """The examples of ``LOSS_EXAMPLES`` with their loss, and the cost J (their mean)."""
    Y = np.array([[y for _, y, _ in LOSS_EXAMPLES]])
    AL = np.array([[a for _, _, a in LOSS_EXAMPLES]])
    losses = loss(AL, Y)[0]
    rows = [{"example": what, "y": y, "a = P(cat)": a, "loss L(a, y)": float(value)}
            for (what, y, a), value in zip(LOSS_EXAMPLES, losses)]
    return rows, compute_cost(AL, Y)


def starting_biases(layer_dims=(12288, 8, 1), seed: int = 1) -> dict[str, np.ndarray]:
    """The parameters a run starts from (small random W, b = 0), for showing b1 and b2."""
    return initialize_parameters(list(layer_dims), "random", seed)


@dataclass(frozen=True)
class HiddenOrNot:
    X: np.ndarray               # (2, m)
    Y: np.ndarray               # (1, m)
    xs: np.ndarray
    ys: np.ndarray
    P: tuple[np.ndarray, np.ndarray]       # P(class 1) on the grid, (len(ys), len(xs)) each
    accuracy: tuple[float, float]          # train accuracy: no hidden layer, one hidden layer
    names: tuple[str, str]


def hidden_layer_or_not(X: np.ndarray, Y: np.ndarray) -> HiddenOrNot:
    """Logistic regression (layer_dims [2, 1]: Z = W·X + b, σ(Z), no hidden layer) beside one
    hidden layer of 4 tanh units, on a 2-D set X (2, m), Y (1, m): α 1.2, 3000 iterations each.
    (``lesson_ui.hidden_layer_or_not``: once per data set and server.)"""
    runs = [Trainer(X, Y, dims, "tanh", learning_rate=HIDDEN_LR, init="random", seed=1)
            for dims in ([2, 1], [2, HIDDEN_UNITS, 1])]
    for t in runs:
        t.run(HIDDEN_ITERATIONS)
    xs, ys, G = grid_for(X, steps=70)
    P = tuple(predict_proba(G, t.parameters, "tanh").reshape(len(ys), len(xs)) for t in runs)
    names = ("no hidden layer: logistic regression, σ(W·x + b)",
             f"one hidden layer: {HIDDEN_UNITS} tanh units")
    return HiddenOrNot(X, Y, xs, ys, P, tuple(t.train_accuracy() for t in runs), names)


@dataclass(frozen=True)
class Start:
    """How a network starts, before its first update."""
    dW1: float          # mean |dW1|: how hard the first update pushes layer 1
    off_half: float     # mean |AL - 0.5|: how far its first answers are from a coin toss


def start_of(X: np.ndarray, Y: np.ndarray, layer_dims, init: str, scale: float, seed: int,
             activation: str = "relu") -> Start:
    """The gradient and the answers of a network at iteration 0 (nn_core, no training).

    X: (n_x, m)   Y: (1, m)
    """
    from nn_core import model_backward, model_forward
    params = initialize_parameters(list(layer_dims), init, seed, scale)
    AL, caches = model_forward(X, params, activation)
    grads = model_backward(AL, Y, caches, activation)
    return Start(float(np.mean(np.abs(grads["dW1"]))), float(np.mean(np.abs(AL - 0.5))))
