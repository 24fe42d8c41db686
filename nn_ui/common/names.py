"""The table from the names a learner reads on the page to the names ``nn_core`` uses.

Widgets take the ``nn_core`` names as their options and show the labels below
(``format_func=label(ACTIVATIONS)``), so a widget's value is always something ``nn_core``
accepts, and every label lives in one place.
"""
from __future__ import annotations

#: Hidden activations: nn_core name -> label.
ACTIVATIONS = {
    "relu": "ReLU",
    "leaky_relu": "leaky ReLU",
    "tanh": "tanh",
    "sigmoid": "sigmoid",
}

#: Initialisations: nn_core name -> label.
INITS = {
    "he": "He: randn · √(2 / n_prev)",
    "xavier": "Xavier: randn · √(1 / n_prev)",
    "random": "small random: randn · 0.01",
    "course": "course: the notebook's draws",
    "zeros": "zeros (never breaks symmetry)",
}

#: Input scaling of the photos (nn_core.preprocessing modes): name -> label.
SCALINGS = {
    "scale": "pixels ÷ 255 (the course)",
    "standardize": "standardised: mean 0, std 1",
    "grayscale": "grayscale ÷ 255 (4096 inputs)",
    "raw": "raw pixels 0–255 (no scaling)",
}

#: Data sets: "cats" is the course's photos (nn_io.catdata), the rest nn_core.datasets.
CATS = "cats"
DATASETS = {
    CATS: "Cat photos (209 + 50 to test)",
    "flower": "Flower (the course's planar data)",
    "circles": "Circles",
    "moons": "Moons",
    "xor": "XOR",
    "spiral": "Spiral",
    "gaussians": "Two blobs",
}
TOY_DATASETS = tuple(name for name in DATASETS if name != CATS)

#: Learning rates α offered, on a log scale from 1e-5 to 10.
LEARNING_RATES = (0.00001, 0.00003, 0.0001, 0.0003, 0.001, 0.003, 0.0075, 0.01, 0.03, 0.1,
                  0.3, 1.0, 3.0, 10.0)
#: A learning rate that suits each kind of data with the defaults (ReLU, He).
SUGGESTED_LEARNING_RATE = {CATS: 0.0075, "toy": 0.3}

#: Speeds of the live view: iterations a second of animation; FAST (0) = every iteration as
#: soon as the server has computed it.
FAST = 0
SPEEDS = (10, 25, 50, 100, 250, 500, 1000, FAST)
DEFAULT_SPEED = 100


def speed_label(speed: int) -> str:
    """100 -> "100 a second", FAST -> "as fast as it goes"."""
    return "as fast as it goes" if speed == FAST else f"{speed} a second"


def alpha_label(lr: float) -> str:
    """0.0075 -> "0.0075", 1e-05 -> "0.00001" (no exponent notation for a learner)."""
    return f"{lr:.5f}".rstrip("0").rstrip(".") if lr < 1 else f"{lr:g}"


def label(table: dict[str, str]):
    """format_func for a widget whose options are the keys of ``table``."""
    return lambda name: table.get(name, str(name))


def hidden_units_text(units: tuple[int, ...]) -> str:
    """(20, 7, 5) -> "20, 7, 5"."""
    return ", ".join(str(n) for n in units)


#: More hidden layers than any limit allows: the rest of a longer text is not even read.
MAX_LAYERS_READ = 20


def parse_hidden_units(text: str) -> tuple[int, ...]:
    """ "20, 7, 5" -> (20, 7, 5). ValueError with a sentence for the page when it is not that."""
    text = text if isinstance(text, str) else ""
    parts = [p for p in text.replace(";", ",").replace(" ", ",").split(",") if p]
    if not parts:
        raise ValueError("Give the number of units of each hidden layer, e.g. 8 or 20, 7, 5.")
    try:
        units = tuple(int(p) for p in parts[:MAX_LAYERS_READ])
    except ValueError:
        shown = text if len(text) <= 40 else text[:40] + f"… ({len(text):,} characters)"
        raise ValueError(
            f"“{shown}” is not a list of whole numbers; write e.g. 8 or 20, 7, 5.") from None
    if len(parts) > MAX_LAYERS_READ:
        raise ValueError(f"{len(parts):,} layers is far too many; write e.g. 8 or 20, 7, 5.")
    return units


def percent(share: float | None) -> float | None:
    """A share in [0, 1] as a percentage rounded to one decimal the way f"{share:.1%}" rounds
    it (the live page's metrics), for tables that format numbers in the browser: 0.8125 ->
    81.2 there and here, never 81.3 in one place and 81.2 in the other."""
    return None if share is None else float(f"{100 * share:.1f}")
