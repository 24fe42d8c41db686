"""What makes a network on the live page (``Settings``), in the page's words, and the trainer it
makes. Changing a setting makes a new network; α is not a setting (it may change mid-run)."""
from __future__ import annotations

from dataclasses import dataclass

from classroom import LIMITS
from nn_core import Trainer
from nn_ui.data_sets.inputs import Inputs
from nn_ui.common.names import ACTIVATIONS, CATS, DATASETS, INITS, SCALINGS, parse_hidden_units

#: The test cost is measured every this many iterations, an even number: with a learning rate
#: on the edge of stability the cost alternates between two values from one iteration to the
#: next, and an odd spacing would draw that as a zig-zag.
TEST_EVERY = 20


@dataclass(frozen=True)
class Settings:
    """What makes a network: changing any of these needs a new one (α does not)."""

    dataset: str
    hidden: tuple[int, ...]
    activation: str
    init: str
    seed: int
    scaling: str = "scale"            # only for the photos

    @classmethod
    def from_widgets(cls, dataset: str, hidden_text: str, activation: str, init: str,
                     seed: int, scaling: str = "scale") -> Settings:
        """The settings the live page's widgets give ("20, 7, 5" for the hidden layers).
        ValueError or LimitError (a sentence for the page) when they do not make a network."""
        settings = cls(dataset, parse_hidden_units(hidden_text), activation, init, int(seed),
                       scaling)
        settings.check()
        return settings

    def check(self) -> None:
        """LimitError (a sentence for the page) when the network is larger than allowed."""
        LIMITS.check(self.hidden)

    def describe(self, n_x: int | None = None) -> str:
        dims = "-".join(str(n) for n in ((n_x,) if n_x else ()) + self.hidden + (1,))
        data = "cats" if self.dataset == CATS else self.dataset
        extra = f" · {self.scaling}" if self.dataset == CATS and self.scaling != "scale" else ""
        return (f"{data} · {dims} · {ACTIVATIONS[self.activation]} · "
                f"{INITS[self.init].split(':')[0].split(' (')[0]} · seed {self.seed}{extra}")


def changes(old: Settings, new: Settings) -> list[str]:
    """What differs, in words: ["hidden units 8 → 16", ...]."""
    words = {"dataset": ("data", DATASETS), "hidden": ("hidden units", None),
             "activation": ("activation", ACTIVATIONS), "init": ("initialisation", INITS),
             "seed": ("seed", None), "scaling": ("input scaling", SCALINGS)}
    out = []
    for name, (word, table) in words.items():
        a, b = getattr(old, name), getattr(new, name)
        if a != b:
            if name == "scaling" and CATS not in (old.dataset, new.dataset):
                continue
            show = (lambda v: table.get(v, v).split(":")[0].split(" (")[0]) if table else (
                lambda v: ", ".join(map(str, v)) if isinstance(v, tuple) else str(v))
            out.append(f"{word} {show(a)} → {show(b)}")
    return out


def make_trainer(settings: Settings, inputs: Inputs, learning_rate: float,
                 parameters: dict | None = None) -> Trainer:
    """The network for ``settings`` on ``inputs`` (its test set attached): fresh, or with
    saved ``parameters`` (W1 (n_1, n_x), b1 (n_1, 1), ...). The one place a live run's
    trainer is made."""
    dims = [inputs.X.shape[0], *settings.hidden, 1] if parameters is None else None
    return Trainer(inputs.X, inputs.Y, dims, settings.activation, learning_rate=learning_rate,
                   init=settings.init, seed=settings.seed, X_test=inputs.X_test,
                   Y_test=inputs.Y_test, parameters=parameters, gram=inputs.gram)
