"""What one simulated student does, for each page the load test can drive.

A scenario gives each session its own settings (so that a result seen in the wrong session
shows), drives the controls by their keys, presses Train, reads the result the page shows, and
knows the right answer (computed here with ``nn_core``, before the server starts).

* ``tiny``: tests/classroom/apps/tiny_app.py, the stand-in used by the tests.
* ``live``: the app's live-training page, on the cat photos (the default data set, 12288-8-1,
  2500 iterations), each session with its own seed and learning rate, speed "as fast as it
  goes": press Play in the live view (the browser's side played by ``LiveView``: it asks for
  chunks and reads them), until iteration 2500 is shown. The widgets show labels; the page's
  own table (``nn_ui.common.names``) gives them, so a new wording breaks nothing.
* ``live-watch``: the same at the live view's default speed (100 iterations a second): the
  whole 2500-iteration run watched, 25 s; chunks received, bytes and server CPU a run, and how
  long each student's animation waited for data.
"""
from __future__ import annotations

import asyncio
import json
import math
import time
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
    #: files the page's own code loads besides those index.html names (fetched when cold)
    static_files: tuple[str, ...] = ()

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

    def stats(self, tab: Tab) -> dict:
        """Figures of this session's training beyond its time (e.g. chunks received)."""
        return {}


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


# ----- the app's live-training page -----------------------------------------------------------
class LiveView:
    """The browser's side of the live view (nn_ui/view/js/), without a browser:
    it reads the data the page sends (``nn_ui.view.chunks``), animates at ``speed``
    iterations a second of wall clock (0: as fast as it goes, every iteration as soon as it
    is there), from what it holds (a run's first chunk may come with the page), asks for the
    next chunk as the JavaScript does: when less than LOOKAHEAD seconds are left to show, at
    most once a second, and says where it stopped when it shows the end (Done, which saves
    the run as finished). ``shown``: the iteration it shows."""

    KEY = "live_view"
    LOOKAHEAD, GAP, RETRY = 3.0, 1.0, 4.0

    def __init__(self, tab: Tab, speed: int):
        self.tab, self.speed = tab, speed
        self.header, self.run, self.end, self.final = None, None, -1, None
        self.shown = 0
        self.costs: list = []
        self.chunks = self.chunk_bytes = 0
        self.waiting = 0.0                 # seconds the animation stood still for lack of data
        tab.on_element = self.seen

    def seen(self, drawn) -> None:
        if drawn.kind != "bidi_component" or drawn.key != self.KEY:
            return
        from nn_ui.view.chunks import decode
        data = drawn.inner.bytes
        header, arrays = decode(data, ("costs",))        # the pictures are not read here
        if header["run"] != self.run:
            self.run, self.end, self.costs, self.final = header["run"], -1, [], None
            self.shown = 0
        self.header = header
        c = header["chunk"]
        if c is None and header.get("busy"):     # no compute slot: ask again (as the JS does)
            self.pending = None
        if c is not None and c["start"] <= self.end + 1:
            self.chunks += 1
            self.chunk_bytes += len(data)
            fresh = self.end < 0
            self.costs[c["start"]:] = arrays["costs"].tolist()
            self.end = c["end"]
            if fresh:                           # where the run was (0 before its first Play)
                self.shown = min(header.get("at", 0), self.end)
            self.final = c if c["diverged"] else None
            self.pending = None

    def complete(self) -> bool:
        return self.final is not None or (self.header is not None
                                          and self.end >= self.header["target"])

    async def ask(self, shown: float, want: bool = True, **more) -> None:
        """The view's request (``more``: e.g. alpha, from its α control); waits for the answer
        when it asks for no chunk."""
        h = self.header
        self.pending = time.perf_counter()
        await self.tab.trigger(self.KEY, "request", {
            "run": h["run"], "epoch": h["epoch"], "have": self.end,
            "reached": int(shown), "want": want, "speed": self.speed, "seq": self.chunks + 1,
            **more},
            wait=bool(more) and not want, timeout=30.0)

    async def play(self, timeout: float, start: int = 0) -> int:
        """Press Play and watch until the target (or the divergence) is shown."""
        if self.header is None:
            raise ProtocolError("the page has no live view")
        deadline = time.perf_counter() + timeout
        shown, last, asked, self.pending = float(start), time.perf_counter(), 0.0, None
        while True:
            now = time.perf_counter()
            if now > deadline:
                raise ProtocolError(f"iteration {self.header['target']} not shown within "
                                    f"{timeout:g} s (at {int(shown)}, data to {self.end})")
            top = max(self.end, 0)
            before = shown
            shown = top if self.speed == 0 else min(shown + self.speed * (now - last), top)
            if shown == before and shown >= top and not self.complete():
                self.waiting += now - last
            last = now
            self.shown = shown
            if self.complete() and shown >= top:
                await self.ask(shown, want=False, stop=True)     # Done: where it stopped
                return int(shown)
            left = 0.0 if self.speed == 0 else (top - shown) / self.speed
            stale = self.pending is not None and now - self.pending > self.RETRY
            if not self.complete() and left < self.LOOKAHEAD and (self.pending is None or stale) \
                    and now - asked >= self.GAP:
                asked = now
                await self.ask(shown)
            await asyncio.sleep(0.02)


class Live(Scenario):
    """app_pages/live_training.py: a ReLU network (``hidden``: 8 units) with He initialisation, its own seed and
    alpha; Play, as the browser's live view does (``LiveView``); read the iteration shown and J
    there.

    dataset: "cats" (the photos, 12288-8-1, needs them on the server) or a 2-D set ("flower",
    2-8-1), chosen in the sidebar like a student would. speed: iterations a second of
    animation (0: as fast as it goes).
    """

    #: learning rates per kind of data; the first is the page's suggestion
    LRS = {"cats": (0.0075, 0.01, 0.003, 0.001), "toy": (0.3, 0.1, 1.0, 0.03)}

    def __init__(self, iterations: int = 2500, speed: int = 0, name: str = "live",
                 dataset: str = "cats", hidden: tuple[int, ...] = (8,)):
        super().__init__(name, "asgi.py", "live_training", 180.0,   # as deployed
                         ("app/static/plotly.min.js.gz",))            # the live view's chart
        self.iterations, self.speed, self.dataset = iterations, speed, dataset
        self.hidden = tuple(int(n) for n in hidden)
        self.views: dict[int, LiveView] = {}

    def settings(self, i: int) -> dict:
        # session 0 has the page's defaults (seed 1, the suggested alpha); the others their own
        lrs = self.LRS["cats" if self.dataset == "cats" else "toy"]
        return {"dataset": self.dataset, "seed": i + 1,
                "lr": lrs[(i // 10) % len(lrs)] if i else lrs[0],
                "iterations": self.iterations, "speed": self.speed}

    def view(self, tab: Tab) -> LiveView:
        if id(tab) not in self.views:
            self.views[id(tab)] = LiveView(tab, self.speed)
        return self.views[id(tab)]

    async def prepare(self, tab: Tab, s: dict) -> None:
        # the widgets show labels: the page's own table (nn_ui.common.names) turns values into them
        from nn_ui.common.names import ACTIVATIONS, DATASETS, INITS, label
        view = self.view(tab)
        await tab.set("dataset", label(DATASETS)(s["dataset"]), timeout=self.timeout)
        # the network of the lesson, said explicitly (whatever the page's defaults become)
        shown = {"hidden": ", ".join(map(str, self.hidden)), "activation": label(ACTIVATIONS)("relu"),
                 "init": label(INITS)("he"), "seed": s["seed"], "iterations": s["iterations"]}
        for key, value in shown.items():
            await tab.set(key, value, timeout=self.timeout)
        if view.header is None:
            raise ProtocolError(f"the page shows no live view: {tab.texts()[:6]}")
        if view.header["alpha"] != s["lr"]:           # the view's own α control
            await view.ask(0, want=False, alpha=float(s["lr"]))
            if view.header["alpha"] != s["lr"]:
                raise ProtocolError(f"α {s['lr']} not taken: the view shows "
                                    f"{view.header['alpha']}")

    def result(self, tab: Tab) -> dict:
        view = self.view(tab)
        i = max(0, min(int(view.shown), view.end, view.header["target"])) if view.header else 0
        return {"iteration": i, "cost": view.costs[i] if view.costs else None}

    async def train(self, tab: Tab, s: dict) -> dict:
        await self.view(tab).play(self.timeout)
        return self.result(tab)

    def stats(self, tab: Tab) -> dict:
        view = self.view(tab)
        return {"chunks": view.chunks, "waiting": view.waiting}

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
        """The iteration reached and J there (after that many updates), as the page sends it
        (float32)."""
        import numpy as np
        from nn_core import Trainer
        X, Y, gram = self.inputs(s["dataset"])
        t = Trainer(X, Y, [X.shape[0], *self.hidden, 1], "relu", learning_rate=float(s["lr"]),
                    init="he", seed=s["seed"], gram=gram)
        t.run(s["iterations"] + 1)                  # costs[-1]: J after s["iterations"] updates
        return {"iteration": s["iterations"], "cost": float(np.float32(t.costs[-1]))}

    async def leave(self, tab: Tab) -> None:
        # Play a long run, ask for its next chunk, go (the next step closes the tab).
        view = self.view(tab)
        await tab.set("iterations", 10_000, timeout=self.timeout)
        await view.ask(max(view.end, 0))


def live_watch() -> Live:
    """The default run's pace (100 iterations a second of animation) for 2500 iterations."""
    return Live(iterations=2500, speed=100, name="live-watch")


SCENARIOS = {"tiny": Tiny, "live": Live, "live-watch": live_watch}
