"""What makes a network on the live page (``Settings``), in the page's words, and the trainer it
makes. Changing a setting makes a new network; α is not a setting (it may change mid-run)."""
from __future__ import annotations

from dataclasses import dataclass

from classroom import LIMITS
from nn_core import Trainer
from nn_ui.data_sets.inputs import Inputs
from nn_core.features import FEATURES, PLAIN, check_features
from nn_ui.common.names import (ACTIVATIONS, CATS, DATASETS, INITS, OWN_DATASETS, SCALINGS,
                                parse_hidden_units)
from nn_ui.live import playground as pg

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
    # the 2-D sets' playground (nn_ui.live.playground); the defaults are the runs as they were
    noise: int | None = None          # percent of the set's size; None: the set's own
    split: int = pg.DEFAULT_SPLIT     # percent of the points for training, the rest to test
    batch: int = pg.FULL_BATCH        # examples an iteration; 0: all of them (full batch)
    lambd: float = 0.0                # L2 regularisation λ
    features: tuple[str, ...] = PLAIN

    @classmethod
    def from_widgets(cls, dataset: str, hidden_text: str, activation: str, init: str,
                     seed: int, scaling: str = "scale", noise: int | None = None,
                     split: int = pg.DEFAULT_SPLIT, batch: int = pg.FULL_BATCH,
                     lambd: float = 0.0, features=PLAIN) -> Settings:
        """The settings the live page's widgets give ("20, 7, 5" for the hidden layers; the
        playground's only for a 2-D set). ValueError or LimitError (a sentence for the page)
        when they do not make a network."""
        toy = {}
        if dataset != CATS:
            toy = {"noise": None if noise is None or noise == pg.default_noise(dataset)
                   else int(noise), "split": int(split), "batch": int(batch),
                   "lambd": float(lambd), "features": pg.ordered_features(features)}
        settings = cls(dataset, parse_hidden_units(hidden_text), activation, init, int(seed),
                       scaling, **toy)
        settings.check()
        return settings

    def check(self) -> None:
        """LimitError or ValueError (a sentence for the page) when the network is larger than
        allowed or a playground value is not one offered."""
        LIMITS.check(self.hidden)
        if self.noise is not None and self.noise not in pg.NOISES:
            raise ValueError(f"noise {self.noise} % is not one of {pg.NOISES}")
        if self.split not in pg.SPLITS:
            raise ValueError(f"a training share of {self.split} % is not one of {pg.SPLITS}")
        if self.batch not in pg.BATCH_SIZES:
            raise ValueError(f"batch size {self.batch} is not one of {pg.BATCH_SIZES}")
        if self.lambd not in pg.LAMBDAS:
            raise ValueError(f"λ {self.lambd} is not one of {pg.LAMBDAS}")
        check_features(self.features)

    @staticmethod
    def saved_toy_options(d: dict) -> dict:
        """The playground's fields of a saved run's settings (``asdict``; none before them)."""
        toy = {k: d[k] for k in ("noise", "split", "batch", "lambd") if k in d}
        if "features" in d:
            toy["features"] = tuple(str(f) for f in d["features"])
        return toy

    def playground_widgets(self) -> dict:
        """The live page's playground widgets (key -> value) for these settings (none for the
        photos): what a run brought back sets them to."""
        if self.dataset == CATS:
            return {}
        return {"noise": pg.default_noise(self.dataset) if self.noise is None else self.noise,
                "split": self.split, "batch": self.batch, "lambd": self.lambd,
                "features": list(self.features)}

    def toy_options(self) -> dict:
        """What makes a 2-D set's data (``inputs.toy_inputs``): noise, split, features."""
        if self.dataset == CATS:
            return {}
        return {"noise": self.noise, "split": self.split, "features": self.features}

    def describe(self, n_x: int | None = None) -> str:
        dims = "-".join(str(n) for n in ((n_x,) if n_x else ()) + self.hidden + (1,))
        data = "cats" if self.dataset == CATS else self.dataset
        extra = f" · {self.scaling}" if self.dataset == CATS and self.scaling != "scale" else ""
        if self.noise is not None:
            extra += f" · noise {self.noise} %"
        if self.split != pg.DEFAULT_SPLIT:
            extra += f" · {self.split} % to train"
        if self.batch != pg.FULL_BATCH:
            extra += f" · batch {self.batch}"
        if self.lambd:
            extra += f" · λ {self.lambd:g}"
        if self.features != PLAIN:
            extra += " · " + ", ".join(FEATURES[f].label for f in self.features)
        return (f"{data} · {dims} · {ACTIVATIONS[self.activation]} · "
                f"{INITS[self.init].split(':')[0].split(' (')[0]} · seed {self.seed}{extra}")


def changes(old: Settings, new: Settings) -> list[str]:
    """What differs, in words: ["hidden units 8 → 16", ...]."""
    words = {"dataset": ("data", {**DATASETS, **OWN_DATASETS}), "hidden": ("hidden units", None),
             "activation": ("activation", ACTIVATIONS), "init": ("initialisation", INITS),
             "seed": ("seed", None), "scaling": ("input scaling", SCALINGS),
             "noise": ("noise %", None), "split": ("training share %", None),
             "batch": ("batch size", None), "lambd": ("λ", None),
             "features": ("features", None)}
    out = []
    for name, (word, table) in words.items():
        a, b = getattr(old, name), getattr(new, name)
        if a != b:
            if name == "scaling" and CATS not in (old.dataset, new.dataset):
                continue
            show = (lambda v: table.get(v, v).split(":")[0].split(" (")[0]) if table else (
                lambda v: ", ".join(map(str, v)) if isinstance(v, tuple) else
                "full" if name == "batch" and v == pg.FULL_BATCH else
                "the set's own" if v is None else f"{v:g}" if isinstance(v, float) else str(v))
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
                   Y_test=inputs.Y_test, parameters=parameters, gram=inputs.gram,
                   lambd=settings.lambd, batch_size=settings.batch or None,
                   batch_seed=settings.seed)
