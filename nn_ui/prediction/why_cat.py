"""The prediction page's "Why did it say cat?": one photo forward under the lesson's names and
shapes, the units that fired, the training photos the network finds most like it, and how the
model leans on photos unlike its training photos. Streamlit-free: arrays in, plain data out.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nn_core import predict_proba
from nn_core.explain import ForwardTrace, forward_trace, hidden_layer, nearest
from nn_io import models
from nn_ui.figures.network import weight_images
from nn_ui.common.names import ACTIVATIONS
from nn_ui.prediction.familiar import Familiar, Scale, nearest_distances

#: Pictures nothing like the course's photos: six plain colours and six of random noise.
UNFAMILIAR_COLOURS = ((255, 255, 255), (0, 0, 0), (128, 128, 128), (200, 50, 50), (50, 200, 50),
                      (50, 50, 200))
UNFAMILIAR_NOISE = 6


def unfamiliar_pictures() -> np.ndarray:
    """(12, 64, 64, 3) uint8: the plain colours, then noise (seed 0, the same on every call)."""
    plain = [np.full((64, 64, 3), c, np.uint8) for c in UNFAMILIAR_COLOURS]
    noise = np.random.default_rng(0).integers(0, 256, (UNFAMILIAR_NOISE, 64, 64, 3), np.uint8)
    return np.concatenate([np.stack(plain), noise])


@dataclass(frozen=True)
class Neighbour:
    image64: np.ndarray          # (64, 64, 3) uint8, a training photo
    label: str                   # its class name
    distance: float              # |A[L-1](photo) - A[L-1](this one)|


@dataclass(frozen=True)
class Why:
    """Everything the explanation shows for one photo and one model."""
    trace: ForwardTrace
    layer_dims: tuple[int, ...]
    activation: str              # the hidden layers' g, as the page names it
    class_names: tuple[str, str]
    pictures: list[np.ndarray]   # W1's rows as images, one per unit of layer 1
    neighbours: list[Neighbour]  # the closest training photos in A[L-1], closest first
    train_counts: tuple[int, int] | None       # (non-cats, cats) of the training photos
    unfamiliar_called: int       # how many of the unfamiliar pictures get P(class 1) > 0.5
    unfamiliar_tried: int
    test_negatives_called: tuple[int, int] | None   # (called class 1, of) the test's class 0
    familiar: Familiar | None = None   # how far this photo is from every training photo

    def chain(self) -> list[str]:
        """The forward pass as the lesson writes it, one step a line, with shapes and values.

        [12288, 8, 1] -> ["X (12288, 1)", "Z1 = W1·X + b1  (8, 1)",
        "A1 = ReLU(Z1)  (8, 1): 5 of 8 units fired", "Z2 = W2·A1 + b2 = 0.41  (1, 1)",
        "P(cat) = A2 = σ(Z2) = 0.601"]
        """
        dims, L = self.layer_dims, len(self.layer_dims) - 1
        lines = [f"X ({dims[0]}, 1)"]
        for l in range(1, L + 1):
            prev = "X" if l == 1 else f"A{l - 1}"
            if l < L:
                fired = int((self.trace.A[l - 1] > 0).sum())
                lines.append(f"Z{l} = W{l}·{prev} + b{l}  ({dims[l]}, 1)")
                lines.append(f"A{l} = {self.activation}(Z{l})  ({dims[l]}, 1): {fired} of "
                             f"{dims[l]} units above 0")
            else:
                lines.append(f"Z{L} = W{L}·{prev} + b{L} = {self.trace.Z[-1][0, 0]:.2f}  (1, 1)")
                lines.append(f"P({self.class_names[1]}) = A{L} = σ(Z{L}) = {self.trace.p:.3f}")
        return lines


def explain(model: models.Model, image64: np.ndarray, cats=None, k: int = 5) -> Why:
    """Explain ``model``'s answer for one photo (64, 64, 3) uint8.

    cats: the course's ``CatData`` (for the nearest training photos and the class balance), or
    None when the server has no cat photos. The model needs a hidden layer and 64 x 64 inputs.
    """
    params, g, alpha = model.parameters, model.hidden_activation, model.leaky_alpha
    x = models.model_input(model, image64)
    trace = forward_trace(x, params, g, alpha)
    shape = (64, 64) if model.preprocessing == "grayscale" else (64, 64, 3)
    pictures = weight_images(params["W1"], shape)
    names = tuple(model.class_names)
    p_unfamiliar = predict_proba(models.model_input(model, unfamiliar_pictures()), params, g, alpha)
    neighbours, counts, negatives, familiar = [], None, None, None
    if cats is not None:
        X_train = models.model_input(model, np.asarray(cats.train_x))
        H_train = hidden_layer(X_train, params, g, alpha)
        idx, dist = nearest(trace.hidden, H_train, k)
        X_test = models.model_input(model, np.asarray(cats.test_x))
        familiar = Familiar(float(nearest_distances(x, X_train)[0]), Scale.of(X_test, X_train),
                            float(dist[0]), Scale.of(hidden_layer(X_test, params, g, alpha),
                                                     H_train))
        neighbours = [Neighbour(np.asarray(cats.train_x[i]), names[int(cats.train_y[i])], float(d))
                      for i, d in zip(idx, dist)]
        y = np.asarray(cats.train_y)
        counts = (int((y == 0).sum()), int((y == 1).sum()))
        test_neg = np.asarray(cats.test_x)[np.asarray(cats.test_y) == 0]
        if len(test_neg):
            p_neg = predict_proba(models.model_input(model, test_neg), params, g, alpha)
            negatives = (int((p_neg > 0.5).sum()), len(test_neg))
    return Why(trace, tuple(model.layer_dims), ACTIVATIONS.get(g, g), names, pictures,
               neighbours, counts, int((p_unfamiliar > 0.5).sum()), p_unfamiliar.shape[1],
               negatives, familiar)


def lean_note(why: Why) -> str:
    """One or two sentences: how this model answers photos unlike its training photos, and the
    training set's class balance."""
    a, b = why.class_names
    text = (f"How far to trust it: this network calls **{why.unfamiliar_called} of "
            f"{why.unfamiliar_tried}** pictures unlike any training photo (plain colours, "
            f"random noise) “{b}”")
    if why.test_negatives_called is not None:
        called, of = why.test_negatives_called
        text += f", and {called} of the {of} {a} test photos"
    text += "."
    if why.train_counts is not None:
        n0, n1 = why.train_counts
        text += (f" It learned from {n0 + n1} photos: {n1} {b}s and {n0} {a}s "
                 f"({n1 / (n0 + n1):.0%} {b}s), and only those: what it says about anything "
                 f"else is a guess.")
    return text
