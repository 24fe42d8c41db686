"""What one simulated student does, for each page the load test can drive.

A scenario gives each session its own settings (so that a result seen in the wrong session
shows), drives the controls by their keys, presses Train, reads the result the page shows, and
knows the right answer (computed here with ``nn_core``, before the server starts).

* ``tiny``: tests/classroom/apps/tiny_app.py, the stand-in used by the tests.
* ``live``: the live-training page of the app (pages/ by the pages' engineer).
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

from loadtest.protocol import ProtocolError, Tab

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


SCENARIOS = {"tiny": Tiny}
