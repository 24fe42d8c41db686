"""The playground's controls for the 2-D data sets, in the page's words and the link's.

TensorFlow Playground lets a learner change the data and the learning itself: the noise of the
points, how many of them train and how many test, the batch size, the L2 regularisation λ and
the features the network is fed. Here each control is a table of choices with a sentence
saying what it does, its default (the run as it was before these controls: the same numbers,
to the bit) and its form in the live page's link. Pure: no Streamlit.
"""
from __future__ import annotations

from nn_core.datasets import DEFAULT_NOISE_PERCENT
from nn_core.features import FEATURES

#: Noise, in percent of the set's size (nn_core.datasets.noise_std).
NOISES = tuple(range(0, 55, 5))
#: Share of the points used for training, in percent; the rest is the test set.
SPLITS = tuple(range(10, 100, 10))
DEFAULT_SPLIT = 50
#: Batch sizes: 0 is full batch, the lesson's (every iteration sees every training point).
FULL_BATCH = 0
BATCH_SIZES = (FULL_BATCH, 1, 5, 10, 30, 100)
#: L2 regularisation strengths λ.
LAMBDAS = (0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
#: Features, by the link's short names (no ^, * or spaces in an address).
FEATURE_IDS = {"x1": "x1", "x2": "x2", "x1^2": "x1sq", "x2^2": "x2sq", "x1*x2": "x1x2",
               "sin x1": "sinx1", "sin x2": "sinx2"}
FEATURE_OF_ID = {v: k for k, v in FEATURE_IDS.items()}

SENTENCES = {
    "noise": "Noise: how far the points are jittered from their clean shape (a share of the "
             "set's size). More noise blurs the classes into each other.",
    "split": "Training share: the points the network learns from; the rest is the test set, "
             "which it never learns from and which shows how well it generalises.",
    "batch": "Batch size: full batch, as in the lesson, computes every gradient on all the "
             "training points; a mini-batch of b points makes each iteration one batch, so the "
             "cost curve gets noisy and an epoch (one pass over the data) takes several "
             "iterations.",
    "lambd": "L2 regularisation λ adds λ/(2m)·Σ‖W‖² to the cost, so every update also shrinks "
             "the weights a little: smoother boundaries, less overfitting, and too much of it "
             "underfits.",
    "features": "Input features: what each point gives the network. With x₁² and x₂² a single "
                "unit can draw a circle; with x₁ and x₂ alone the hidden layers must build it.",
}


def default_noise(dataset: str) -> int:
    """The noise (percent) of the set as the app has always made it."""
    return DEFAULT_NOISE_PERCENT.get(dataset, 0)


def batch_label(size: int) -> str:
    """0 -> "full batch (the lesson)", 10 -> "mini-batches of 10"."""
    return "full batch (the lesson)" if size == FULL_BATCH else (
        "1 (stochastic)" if size == 1 else f"mini-batches of {size}")


def lambda_label(lambd: float) -> str:
    """0.0 -> "0 (none)", 0.003 -> "0.003"."""
    return "0 (none)" if lambd == 0 else f"{lambd:g}"


def feature_label(name: str) -> str:
    return FEATURES[name].label


def features_text(features) -> str:
    """("x1", "x1^2") -> "x1,x1sq" (the link's form)."""
    return ",".join(FEATURE_IDS[name] for name in features)


def parse_features(text: str) -> tuple[str, ...]:
    """The link's "x1,x1sq" -> ("x1", "x1^2") in nn_core's order; ValueError with a sentence."""
    ids = [part.strip() for part in str(text).split(",") if part.strip()]
    if not ids:
        raise ValueError("features: choose at least one")
    unknown = [i for i in ids if i not in FEATURE_OF_ID]
    if unknown:
        raise ValueError(f"features “{unknown[0]}” is not one of {', '.join(FEATURE_OF_ID)}")
    chosen = {FEATURE_OF_ID[i] for i in ids}
    return tuple(name for name in FEATURES if name in chosen)


def ordered_features(names) -> tuple[str, ...]:
    """The chosen feature names in nn_core's order (a multiselect keeps the click order)."""
    chosen = set(names)
    return tuple(name for name in FEATURES if name in chosen)

