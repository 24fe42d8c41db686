"""Experiment 6: back-propagation against central differences, with a planted bug or not."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nn_core import Activation, get_activation, initialize_parameters, model_backward
from nn_core.forward import model_forward
from nn_core.gradcheck import BAD, GOOD, GradCheckResult, gradient_check
from nn_ui.data_sets.inputs import Inputs


#: Bugs a learner can plant in back-propagation: name -> label (the label is what the URL holds).
#: "wrong slope for negative Z": g'(Z) taken as 1 where Z < 0 (ReLU's unit never switches off).
BUGS = {
    "dW2_doubled": "dW2 doubled",
    "db1_forgotten": "db1 forgotten",
    "relu_negative": "wrong slope for negative Z",
    "dW1_no_m": "dW1 not divided by m",
}


def _wrong_below_zero(g: Activation) -> Activation:
    """The activation with a wrong derivative: 1 where Z < 0 (for ReLU: the slope of the
    identity, as if the unit never switched off)."""
    return Activation(g.name + " (bug)", g.g, lambda Z: np.where(Z < 0, 1.0, g.dg(Z)))


def planted_grads(X, Y, parameters, hidden_activation: str, bug: str) -> dict[str, np.ndarray]:
    """Back-propagation's gradients with ``bug`` planted (a key of BUGS) for a 1-hidden-layer net.

    X: (n_x, m)   Y: (1, m)   parameters: W1 (n_1, n_x), b1, W2 (1, n_1), b2
    """
    g = get_activation(hidden_activation)
    AL, caches = model_forward(X, parameters, g)
    grads = model_backward(AL, Y, caches, _wrong_below_zero(g) if bug == "relu_negative" else g)
    if bug == "dW2_doubled":
        grads["dW2"] = 2 * grads["dW2"]
    elif bug == "db1_forgotten":
        grads["db1"] = np.zeros_like(grads["db1"])
    elif bug == "dW1_no_m":
        grads["dW1"] = grads["dW1"] * X.shape[1]
    elif bug != "relu_negative":
        raise ValueError(f"unknown bug {bug!r}; choose one of {sorted(BUGS)}")
    return grads


@dataclass(frozen=True)
class GradCheck:
    """A gradient check as the page shows it."""

    result: GradCheckResult
    data: str                  # which examples were used, in words
    layer_dims: list[int]
    bug: str | None

    @property
    def passed(self) -> bool:
        return self.result.passed


def check_gradients(inputs: Inputs, hidden: int = 8, activation: str = "relu", examples: int = 3,
                    entries: int = 10, seed: int = 1, bug: str | None = None) -> GradCheck | None:
    """Check back-propagation on a 1-hidden-layer network at its He initialisation.

    The data: the first ``examples`` of ``inputs``: the cat photos (pixels / 255), or the 2-D
    "flower" set when the photos are not on the server (``loaders_ui.cats_or_flower``).
    ``entries`` entries of each W and b are sampled (seed 0). ``bug``: a key of BUGS to plant,
    or None for back-propagation as written.
    """
    if inputs.image_shape is not None:
        data = f"the first {examples} training photos (12288 numbers each, pixels ÷ 255)"
    else:
        data = f"the first {examples} points of the 2-D flower set (the cat photos are missing)"
    X = np.asarray(inputs.X[:, :examples], dtype=np.float64)
    Y = np.asarray(inputs.Y[:, :examples], dtype=np.float64)
    dims = [X.shape[0], int(hidden), 1]
    parameters = initialize_parameters(dims, "he", int(seed))
    grads = planted_grads(X, Y, parameters, activation, bug) if bug else None
    result = gradient_check(X, Y, parameters, activation, max_entries_per_parameter=int(entries),
                            seed=0, grads=grads)
    return GradCheck(result, data, dims, bug)


__all__ = ["BUGS", "GOOD", "BAD", "GradCheck", "check_gradients", "planted_grads"]
