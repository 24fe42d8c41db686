"""The live run as the browser is fed it: computed ahead a chunk at a time, sent as arrays.

The browser animates; the server computes. A ``Feed`` holds one session's ``LiveRun`` and what
has been computed of it (J, train accuracy, test J and accuracy every TEST_EVERY iterations, a
W1 picture or boundary raster every FRAME_EVERY iterations, the trainer's state at those
iterations), and answers the browser's requests:

* ``chunk_from(have)``: the data from iteration ``have`` on, computing the next chunk (about
  CHUNK_SECONDS of compute, under the classroom's rules) when nothing is computed past it;
* ``cut(i, alpha)``: α changed while the browser showed iteration i: everything computed past
  i is dropped, the trainer goes back to exactly iteration i (the state kept at the last
  multiple of FRAME_EVERY, then the iterations up to i again with the α they had), and the
  run goes on from i with the new α. Each stretch of the run keeps its α (``stretches``).

The default run (``DEFAULT_SETTINGS`` at ``DEFAULT_LEARNING_RATE``) is computed once per server
(``shared_default``) and its one chunk is sent as it is to every student who plays it; a student
who changes α mid-run continues from the shared states with their own numbers.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from classroom import BUDGET, Budget, train_click
from classroom.click import compute_shared
from classroom.shared import CacheBusy
from nn_core import compute_cost
from nn_ui import replay
from nn_ui.figures_network import grid_for
from nn_ui.live_run import LiveRun, new_run
from nn_ui.live_view import chunks
from nn_ui.live_view.chunks import FRAME_EVERY, GRID, MAX_PICTURES, Chunk
from nn_ui.names import alpha_label
from nn_ui.settings import TEST_EVERY

#: One chunk: at most this much compute (a whole 2-layer cat run fits in one).
CHUNK_SECONDS = 0.25
CHUNK_BUDGET = Budget(max_work=BUDGET.max_work, max_seconds=CHUNK_SECONDS, slice_seconds=0.1)
#: The first chunk after α changed: short, so the curve goes on at the new α at once.
QUICK_BUDGET = Budget(max_work=BUDGET.max_work, max_seconds=0.05, slice_seconds=0.05)


@dataclass(frozen=True)
class Recorded:
    """A computed run, read-only: the default run shared by every student.

    costs[i], accs[i]: J and train accuracy after i updates (i = 0..end); tests: iteration ->
    (test J, test accuracy); states: iteration -> trainer state (multiples of FRAME_EVERY);
    chunk: the packed chunk of iterations 0..end."""

    end: int
    costs: tuple
    accs: tuple
    tests: dict
    states: dict
    chunk: Chunk
    chunk_ms: float


@dataclass
class Feed:
    """One session's live run and what has been computed of it (see the module docstring)."""

    run: LiveRun
    id: str = ""                                    # which run, for the browser
    epoch: int = 0                                  # bumped at each change of α
    costs: list = field(default_factory=list)       # J after i updates, i = 0..end
    accs: list = field(default_factory=list)
    tests: dict = field(default_factory=dict)       # iteration -> (test J, test accuracy)
    frames: dict = field(default_factory=dict)      # iteration -> uint8 picture(s) / raster
    states: dict = field(default_factory=dict)      # iteration -> trainer.state
    ms: dict = field(default_factory=dict)          # chunk end -> ms per iteration of that chunk
    shared: Recorded | None = None                  # following the shared default run
    busy: str | None = None

    # ----- what the run is ----------------------------------------------------------------
    @property
    def end(self) -> int:
        """The last iteration computed (its J is known)."""
        return self.shared.end if self.shared is not None else len(self.costs) - 1

    @property
    def trainer(self):
        return self.run.trainer

    @property
    def diverged(self) -> bool:
        return self.shared is None and bool(self.trainer.diverged)

    def stretches(self) -> list[list]:
        """[[first iteration, α], ...]: the α of each stretch of the run (a diverged run keeps
        the α it diverged with)."""
        return [[int(i), float(lr)] for i, lr in self.run.lr_history]

    def alpha_text(self) -> str:
        return " → ".join(f"α {alpha_label(lr)}" for _, lr in self.stretches())

    # ----- setting up ---------------------------------------------------------------------------
    def setup(self) -> dict:
        """What the browser needs once per run: how to draw the pictures or the boundary."""
        inputs, t = self.run.inputs, self.trainer
        if inputs.image_shape is not None:
            return {"kind": "pictures", "shape": list(inputs.image_shape),
                    "units": int(t.layer_dims[1]), "drawn": min(int(t.layer_dims[1]), MAX_PICTURES)}
        xs, ys, _ = self._grid()
        return {"kind": "boundary", "grid": GRID,
                "extent": [float(xs[0]), float(xs[-1]), float(ys[0]), float(ys[-1])],
                "classes": list(inputs.class_names)}

    def _grid(self):
        cached = getattr(self, "_grid_cache", None)
        if cached is None:
            cached = self._grid_cache = grid_for(self.run.inputs.X, steps=GRID)
        return cached

    def _frame(self, t) -> np.ndarray:
        if self.run.inputs.image_shape is not None:
            return chunks.unit_pictures(t.parameters["W1"], self.run.inputs.image_shape)
        _, _, G = self._grid()
        return chunks.probability_raster(t.predict_proba(G).reshape(GRID, GRID))

    def _record(self, t) -> None:
        """At multiples of TEST_EVERY: the test J and accuracy; of FRAME_EVERY: a picture and
        the trainer's state."""
        i = t.iteration
        if i % TEST_EVERY == 0 and i not in self.tests and t.X_test is not None:
            self.tests[i] = (float(t.test_cost()), float(t.test_accuracy()))
        if i % FRAME_EVERY == 0 and i not in self.frames:
            self.frames[i] = self._frame(t)
            self.states[i] = t.state

    def _sync(self) -> None:
        """costs / accs from the trainer, with J and accuracy at its current iteration."""
        t = self.trainer
        self.costs = list(t.costs)
        self.accs = list(t.train_accuracies)
        if len(self.costs) == t.iteration:          # J of the current parameters: one forward
            with np.errstate(over="ignore", invalid="ignore"):
                self.costs.append(float(compute_cost(t.predict_proba(), t.Y)))
            self.accs.append(float(t.train_accuracy()))

    @classmethod
    def start(cls, run: LiveRun) -> Feed:
        """A feed of ``run`` where it is (iteration 0, or where a run brought back was saved):
        its picture and state kept there, the run's costs and test costs so far."""
        feed = cls(run)
        t = run.trainer
        feed._record(t)
        feed.frames.setdefault(t.iteration, feed._frame(t))
        if not t.diverged:
            feed.states.setdefault(t.iteration, t.state)
        feed.tests.update({i: (c, float("nan")) for i, c in run.test_costs
                           if i not in feed.tests})
        feed._sync()
        return feed

    # ----- the shared default run -------------------------------------------------------------
    def follows_default(self) -> bool:
        r = self.run
        return (r.settings == replay.DEFAULT_SETTINGS and self.end == 0 and self.shared is None
                and r.lr_history == [(0, replay.DEFAULT_LEARNING_RATE)]
                and not self.trainer.diverged)

    def _materialize(self, i: int) -> None:
        """Make the trainer stand exactly at iteration i (i <= end) of this run, computed data
        past i dropped: restore the state kept at the last multiple of FRAME_EVERY (or at a
        change of α) at or before i, then run the iterations up to i again with their α."""
        src = self.shared if self.shared is not None else self
        costs, accs = list(src.costs), list(src.accs)
        k = max(s for s in src.states if s <= i)
        t = self.trainer
        if t.diverged:                              # a diverged trainer cannot go back: anew
            t = self.run.trainer = new_run(self.run.settings, self.run.lr_history[0][1]).trainer
        alpha = [lr for s, lr in self.run.lr_history if s <= k][-1]
        t.learning_rate = alpha
        t.restore(k, src.states[k], costs[:k], accs[:k])
        self.states = {s: v for s, v in src.states.items() if s <= i}
        self.tests = {s: v for s, v in src.tests.items() if s <= i}
        self.frames = {s: v for s, v in self.frames.items() if s <= i}
        self.ms = {s: v for s, v in self.ms.items() if s <= i}
        self.shared = None
        if i > k:
            t.run(i - k)
        self._sync()
        self.run.test_costs = [(s, c) for s, c in self.run.test_costs if s <= i]

    def _adopt(self, i: int) -> None:
        """The session's trainer (what the Cost curves and prediction pages read) moved to
        iteration i of the shared run: its state there, restored, not computed again."""
        src, t = self.shared, self.trainer
        k = max(s for s in src.states if s <= i)
        t.restore(k, src.states[k], list(src.costs[:k]), list(src.accs[:k]))
        if i > k:
            t.run(i - k)
        self.run.test_costs = [(s, v[0]) for s, v in sorted(src.tests.items()) if s <= i]
        self.run.ms_per_iteration = max(src.chunk_ms, 1e-6)

    # ----- answering the browser ----------------------------------------------------------------
    def compute(self, target: int, wait: float = 0.0, budget: Budget = CHUNK_BUDGET) -> int:
        """The next chunk: up to ``target``, at most ``budget`` (CHUNK_SECONDS of compute).
        Returns how many iterations were computed (0 when done, diverged or the server is
        busy)."""
        if self.follows_default():
            shared = shared_default()
            if shared is not None:
                self.shared = shared
                self._adopt(min(target, shared.end))
                return shared.end
        if self.shared is not None:
            if self.shared.end >= target:
                return 0
            self._materialize(self.shared.end)
        t = self.trainer
        if t.diverged or t.iteration >= target:
            return 0
        start = t.iteration

        def on_slice(trainer, done, allowed):
            self._record(trainer)
            if trainer.iteration % TEST_EVERY == 0:
                self.run.measure()

        outcome = train_click(t, target - t.iteration, budget=budget, wait=wait,
                              stop_every=TEST_EVERY, on_slice=on_slice)
        self.busy = outcome.message if outcome.busy else None
        self._sync()
        if t.iteration > start:
            self.frames.setdefault(t.iteration, self._frame(t))
            self.ms[t.iteration] = 1000.0 * outcome.seconds / max(outcome.done, 1)
            self.run.ms_per_iteration = self.ms[t.iteration]
        return t.iteration - start

    def cut(self, i: int, alpha: float) -> None:
        """α changes at iteration i (what the browser showed): the run goes on from exactly i
        with ``alpha``; what was computed past i is dropped. A diverged run keeps its α."""
        i = max(0, min(int(i), self.end))
        if self.trainer.diverged and i >= self.end:
            return
        src = self.shared if self.shared is not None else self
        if not src.states:
            return
        i = max(i, min(src.states))                 # a run brought back: nothing before it
        if self.shared is not None or i < self.end or self.trainer.diverged:
            self._materialize(i)
        hist = [(s, lr) for s, lr in self.run.lr_history if s < i]
        if hist and hist[-1][1] == alpha:
            self.run.lr_history = hist
        else:
            self.run.lr_history = hist + [(i, float(alpha))]
        self.trainer.learning_rate = float(alpha)
        self.states[i] = self.trainer.state           # a stretch starts here: go back to it
        self.epoch += 1

    def chunk_from(self, have: int) -> Chunk | None:
        """The computed data from iteration ``have`` to the end (None when there is none)."""
        if self.shared is not None:
            return self.shared.chunk if have <= 0 else None
        if have >= self.end and have > 0:
            return None
        return pack_range(self, max(0, have), self.end)

    def meta(self) -> dict:
        """What the page says of the run: its status, in words too."""
        t = self.trainer
        diverged = self.diverged
        return {"diverged": diverged,
                "status": t.status if diverged else "",
                "alpha_at_divergence": alpha_label(t.learning_rate) if diverged else None}


def pack_range(src, a: int, b: int, stretches=None, status: dict | None = None) -> Chunk:
    """The iterations a..b of a Feed (or anything with costs, accs, tests, frames, ms)."""
    costs = chunks.finite32(src.costs[a:b + 1])
    accs = np.asarray(src.accs[a:b + 1], dtype=np.float32)
    test_it = sorted(i for i in src.tests if a <= i <= b)
    frame_it = sorted(i for i in src.frames if a <= i <= b)
    frames = (np.stack([src.frames[i] for i in frame_it]) if frame_it
              else np.zeros((0,), np.uint8))
    ms = [[int(i), float(v)] for i, v in sorted(src.ms.items()) if a < i <= b]
    meta = {"start": a, "end": b, "ms": ms, "setup": src.setup(),
            "stretches": src.stretches() if stretches is None else stretches,
            **(src.meta() if status is None else status)}
    arrays = {"costs": costs, "accs": accs,
              "test_it": np.asarray(test_it, dtype=np.uint32),
              "test_cost": chunks.finite32([src.tests[i][0] for i in test_it]),
              "test_acc": np.asarray([src.tests[i][1] for i in test_it], dtype=np.float32),
              "frame_it": np.asarray(frame_it, dtype=np.uint32),
              "frames": chunks.deltas(frames)}
    if a == 0 and meta["setup"]["kind"] == "boundary":
        inputs = src.run.inputs
        arrays["points"] = np.asarray(inputs.X, dtype=np.float32)
        arrays["labels"] = np.asarray(inputs.Y, dtype=np.uint8)
    return chunks.pack(meta, arrays)


def _record_default() -> Recorded:
    run = new_run(replay.DEFAULT_SETTINGS, replay.DEFAULT_LEARNING_RATE)
    feed = Feed.start(run)
    t = run.trainer
    start = time.perf_counter()
    while t.iteration < replay.TAPE_ITERATIONS and not t.diverged:
        t.run(min(TEST_EVERY, replay.TAPE_ITERATIONS - t.iteration))
        feed._record(t)
    feed._sync()
    feed.frames.setdefault(t.iteration, feed._frame(t))
    feed.ms[t.iteration] = 1000.0 * (time.perf_counter() - start) / max(t.iteration, 1)
    for s in feed.states.values():
        _read_only(s)
    return Recorded(t.iteration, tuple(feed.costs), tuple(feed.accs), dict(feed.tests),
                    dict(feed.states), pack_range(feed, 0, t.iteration), feed.ms[t.iteration])


def _read_only(obj) -> None:
    if isinstance(obj, np.ndarray):
        obj.setflags(write=False)
    elif isinstance(obj, (tuple, list)):
        for x in obj:
            _read_only(x)


def shared_default(wait: float = 5.0) -> Recorded | None:
    """The default run, computed once per server (in a compute slot, by the first caller); None
    when it is not ready within ``wait`` seconds (the caller computes its own chunk)."""
    try:
        return compute_shared(("live default feed", replay.DEFAULT_SETTINGS,
                               replay.DEFAULT_LEARNING_RATE, replay.TAPE_ITERATIONS),
                              _record_default, wait=wait)
    except CacheBusy:
        return None
