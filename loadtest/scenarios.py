"""What one simulated student does, for each page the load test can drive.

A scenario gives each session its own settings (so that a result seen in the wrong session
shows), drives the controls by their keys, presses Train, reads the result the page shows, and
knows the right answer (computed here with ``nn_core``, before the server starts).

* ``tiny``: tests/classroom/apps/tiny_app.py, the stand-in used by the tests.
* ``live``: the app's live-training page, on the cat photos (the default data set, 12288-8-1,
  2500 iterations), each session with its own seed and learning rate, speed "as fast as it
  goes": press Play, wait until the cost curve (key ``live_cost``) reaches iteration 2500.
  The widgets show labels; the page's own table (``nn_ui.names``) gives them, so a new wording
  breaks nothing.
* ``live-watch``: the same page at its default pace (25 iterations a frame, 4 frames a second)
  for 250 iterations: how many frames a second each student still sees when all play at once.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

from loadtest.protocol import ProtocolError, Tab, plotly_array

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Scenario:
    """The interface: settings, prepare, train, expected, check, leave."""

    name: str = "base"
    app: str = "app.py"
    page: str = ""
    timeout: float = 120.0            # for one press of Train to show its result

    def settings(self, i: int) -> dict:
        raise NotImplementedError

    async def prepare(self, tab: Tab, settings: dict) -> None:
        raise NotImplementedError

    async def train(self, tab: Tab, settings: dict) -> dict:
        """Press Train, wait for its result, return it (as ``result`` reads it)."""
        raise NotImplementedError

    async def train_more(self, tab: Tab, settings: dict) -> dict:
        """Train the same network ``settings["iterations"]`` iterations further."""
        raise NotImplementedError

    def result(self, tab: Tab) -> dict:
        """What the page shows now of this session's work (settings, iteration, cost...)."""
        raise NotImplementedError

    def expected(self, settings: dict) -> dict:
        raise NotImplementedError

    def check(self, result: dict, expected: dict) -> str | None:
        """None when the session saw its own right result, else what differs."""
        wrong = []
        for name, want in expected.items():
            got = result.get(name)
            if isinstance(want, float) and isinstance(got, (int, float)):
                if not math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-12):
                    wrong.append(f"{name} {got!r} != {want!r}")
            elif got != want:
                wrong.append(f"{name} {got!r} != {want!r}")
        return "; ".join(wrong) or None

    async def leave(self, tab: Tab) -> None:
        """Start something long, so that closing the tab next shows whether the work stops."""


# ----- the tiny stand-in app ------------------------------------------------------------------
class Tiny(Scenario):
    """Seed, learning rate, hidden units and iterations differ by session; Train; read JSON."""

    LRS = ("0.01", "0.1", "0.3", "1.0")

    def __init__(self, iterations: int = 300):
        super().__init__("tiny", "tests/classroom/apps/tiny_app.py", "", 120.0)
        self.iterations = iterations

    def settings(self, i: int) -> dict:
        return {"seed": i + 1, "lr": self.LRS[i % 4], "units": 2 + i % 7,
                "iterations": self.iterations}

    async def prepare(self, tab: Tab, s: dict) -> None:
        for key in ("seed", "lr", "units", "iterations"):
            await tab.set(key, s[key], timeout=self.timeout)

    def result(self, tab: Tab) -> dict:
        for text in tab.texts():
            if text.startswith('{"result"'):
                r = json.loads(text)["result"]
                return {k: r[k] for k in ("seed", "lr", "units", "iteration", "cost")}
        raise ProtocolError("the page shows no result")

    async def train(self, tab: Tab, s: dict) -> dict:
        await tab.click("train", timeout=self.timeout)
        return self.result(tab)

    async def train_more(self, tab: Tab, s: dict) -> dict:
        return await self.train(tab, s)

    def expected(self, s: dict) -> dict:
        from nn_core import Trainer
        from nn_core.datasets import make_flower
        X, Y = make_flower(m=200)
        t = Trainer(X, Y, [2, s["units"], 1], "tanh", learning_rate=float(s["lr"]),
                    seed=s["seed"])
        t.run(s["iterations"])
        return {"seed": s["seed"], "lr": float(s["lr"]), "units": s["units"],
                "iteration": s["iterations"], "cost": t.costs[-1]}

    async def leave(self, tab: Tab) -> None:
        # "Long" trains until its tab closes: send the press, see the run start, go.
        await tab.press("long")
        await tab.wait_until(lambda: any(d.kind == "progress" for d in tab.elements.values()),
                             30, "the long training to start")


# ----- the app's live-training page -----------------------------------------------------------
class Live(Scenario):
    """app_pages/live_training.py: a 8-unit ReLU network with He initialisation, its own seed and
    alpha, Play, read the curve.

    dataset: "cats" (the photos, 12288-8-1, needs them on the server) or a 2-D set ("flower",
    2-8-1), chosen in the sidebar like a student would.
    """

    #: learning rates per kind of data; the first is the page's suggestion
    LRS = {"cats": (0.0075, 0.01, 0.003, 0.001), "toy": (0.3, 0.1, 1.0, 0.03)}

    def __init__(self, iterations: int = 2500, speed: int | None = None, name: str = "live",
                 dataset: str = "cats"):
        """speed: iterations a frame, None for "as fast as it goes"."""
        super().__init__(name, "asgi.py", "live_training", 180.0)   # as deployed
        self.iterations, self.speed, self.dataset = iterations, speed, dataset

    def settings(self, i: int) -> dict:
        # session 0 has the page's defaults (seed 1, the suggested alpha); the others their own
        lrs = self.LRS["cats" if self.dataset == "cats" else "toy"]
        return {"dataset": self.dataset, "seed": i + 1,
                "lr": lrs[(i // 10) % len(lrs)] if i else lrs[0],
                "iterations": self.iterations, "speed": self.speed}

    async def prepare(self, tab: Tab, s: dict) -> None:
        # the widgets show labels: the page's own table (nn_ui.names) turns values into them
        from nn_ui.names import (ACTIVATIONS, DATASETS, FAST, INITS, alpha_label, label,
                                 speed_label)
        await tab.set("dataset", label(DATASETS)(s["dataset"]), timeout=self.timeout)
        if not any(d.key == "live_cost" for d in tab.find("plotly_chart")):
            raise ProtocolError(f"the page shows no cost curve: {tab.texts()[:6]}")
        # the network of the lesson, said explicitly (whatever the page's defaults become)
        shown = {"hidden": "8", "activation": label(ACTIVATIONS)("relu"),
                 "init": label(INITS)("he"), "seed": s["seed"], "lr": alpha_label(s["lr"]),
                 "iterations": s["iterations"],
                 "speed": speed_label(FAST if s["speed"] is None else s["speed"])}
        for key, value in shown.items():
            await tab.set(key, value, timeout=self.timeout)

    def result(self, tab: Tab) -> dict:
        # The metric "Iteration (of N)" says how far the network got; the cost curve (key
        # "live_cost", trace 0: J after i updates at x = i, thinned but always ending with the
        # last point) where: after k updates its last point is J after k - 1 (at 0, J at 0).
        curve = tab.plotly("live_cost")["data"][0]
        ys = plotly_array(curve.get("y", []))
        shown = next((d.inner.body for d in tab.find("metric")
                      if d.inner.label.startswith("Iteration (of")), None)
        if shown is None:
            raise ProtocolError("the page shows no iteration count")
        iteration = int(shown.replace(",", ""))
        return {"iteration": iteration, "cost": ys[-1] if ys and iteration else None}

    def _reached(self, tab: Tab, target: int) -> bool:
        """The page is idle at ``target`` iterations. While a full rerun redraws the page, the
        chart may be missing for a moment: not there yet, rather than an error."""
        if tab._timers or not tab.idle:
            return False
        try:
            return self.result(tab)["iteration"] >= target
        except ProtocolError:
            return False

    async def _play_to(self, tab: Tab, target: int) -> dict:
        await tab.click("play", timeout=self.timeout)
        # playing: frames come from the fragment's timer; at the target the page reruns in full
        try:
            await tab.wait_until(lambda: self._reached(tab, target), self.timeout,
                                 f"iteration {target}")
        except ProtocolError as error:
            raise ProtocolError(f"{error} (the page shows iteration "
                                f"{self.result(tab)['iteration']})") from None
        return self.result(tab)

    async def train(self, tab: Tab, s: dict) -> dict:
        return await self._play_to(tab, s["iterations"])

    async def train_more(self, tab: Tab, s: dict) -> dict:
        target = self.result(tab)["iteration"] + s["iterations"]
        await tab.set("iterations", target, timeout=self.timeout)
        return await self._play_to(tab, target)

    _inputs: dict = {}

    @staticmethod
    def inputs(dataset: str):
        """X (n_x, m), Y (1, m) and the Gram matrix (or None) as the page makes them."""
        if dataset not in Live._inputs:
            if dataset == "cats":
                from nn_core.preprocessing import images_to_X
                from nn_io.catdata import find_cat_data, load_cat_data
                folder = find_cat_data()
                if folder is None:
                    raise RuntimeError("the cat photos are not here (see README.md)")
                data = load_cat_data(folder)
                X, _ = images_to_X(data.train_x, "scale")
                Live._inputs[dataset] = (X, data.train_y.reshape(1, -1), X.T @ X)
            else:
                from nn_core.datasets import DATASETS
                X, Y = DATASETS[dataset](seed=1)
                Live._inputs[dataset] = (X, Y.reshape(1, -1), None)
        return Live._inputs[dataset]

    def expected(self, s: dict) -> dict:
        from nn_core import Trainer
        X, Y, gram = self.inputs(s["dataset"])
        t = Trainer(X, Y, [X.shape[0], 8, 1], "relu", learning_rate=float(s["lr"]), init="he",
                    seed=s["seed"], gram=gram)
        t.run(s["iterations"])
        return {"iteration": s["iterations"], "cost": t.costs[-1]}

    async def leave(self, tab: Tab) -> None:
        # Play a long run, see it going, go.
        target = self.result(tab)["iteration"] + 10_000 - 1
        await tab.set("iterations", min(target, 10_000), timeout=self.timeout)
        from nn_ui.names import speed_label
        await tab.set("speed", speed_label(25), timeout=self.timeout)
        await tab.press("play")
        await tab.wait_until(lambda: bool(tab._timers), 30, "the play to start")


def live_watch() -> Live:
    return Live(iterations=250, speed=25, name="live-watch")


SCENARIOS = {"tiny": Tiny, "live": Live, "live-watch": live_watch}
