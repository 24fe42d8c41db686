"""The live run as the browser is fed it: computed ahead a chunk at a time, sent as arrays.

The browser animates; the server computes. A ``Feed`` is a session's ``Recording`` (what has
been computed of its ``LiveRun``, recording.py) that answers the browser's requests:

* ``chunk_from(have)``: the data from iteration ``have`` on;
* ``compute(target)``: the next chunk (about CHUNK_SECONDS of compute, under the classroom's
  rules) when nothing is computed past what the browser has;
* ``cut(i, alpha)``: α changed while the browser showed iteration i: everything computed past
  i is dropped, the trainer goes back to exactly iteration i (the state kept at the last
  multiple of FRAME_EVERY, then the iterations up to i again with the α they had), and the
  run goes on from i with the new α. Each stretch of the run keeps its α (``stretches``).

While a student plays the default run, the feed follows the shared recording of it
(default_run.py) and sends its one chunk as it is; a student who changes α mid-run continues
from the shared states with their own numbers.
"""
from __future__ import annotations

from dataclasses import dataclass

from classroom import BUDGET, Budget, train_click
from nn_ui.live import default_run
from nn_ui.view.chunks import Chunk
from nn_ui.live.default_run import Recorded, shared_default
from nn_ui.live.recording import Recording, pack_range
from nn_ui.live.settings import TEST_EVERY

#: One chunk: at most this much compute (a whole 2-layer cat run fits in one).
CHUNK_SECONDS = 0.25
CHUNK_BUDGET = Budget(max_work=BUDGET.max_work, max_seconds=CHUNK_SECONDS, slice_seconds=0.1)
#: The first chunk after α changed: short, so the curve goes on at the new α at once; it waits
#: up to QUICK_WAIT seconds for a compute slot when all are busy.
QUICK_BUDGET = Budget(max_work=BUDGET.max_work, max_seconds=0.03, slice_seconds=0.03)
QUICK_WAIT = 0.5


@dataclass
class Feed(Recording):
    """One session's live run and what has been computed of it (see the module docstring)."""

    id: str = ""                                    # which run, for the browser
    epoch: int = 0                                  # bumped at each change of α
    shared: Recorded | None = None                  # following the shared default run
    busy: str | None = None

    @property
    def end(self) -> int:
        """The last iteration computed (its J is known)."""
        return self.shared.end if self.shared is not None else len(self.costs) - 1

    @property
    def diverged(self) -> bool:
        return self.shared is None and bool(self.trainer.diverged)

    def follows_default(self) -> bool:
        return self.shared is None and default_run.follows(self)

    def _materialize(self, i: int) -> None:
        """Make the trainer stand exactly at iteration i (i <= end) of this run, computed data
        past i dropped: restore the state kept at the last multiple of FRAME_EVERY (or at a
        change of α) at or before i, then run the iterations up to i again with their α."""
        src = self.shared if self.shared is not None else self
        costs, accs = list(src.costs), list(src.accs)
        k = max(s for s in src.states if s <= i)
        t = self.trainer
        if t.diverged:                              # a diverged trainer cannot go back: anew
            t = self.run.fresh_trainer()
        t.learning_rate = self.run.alpha_at(k)
        t.restore(k, src.states[k], costs[:k], accs[:k])
        self.states = {s: v for s, v in src.states.items() if s <= i}
        self.tests = {s: v for s, v in src.tests.items() if s <= i}
        self.frames = {s: v for s, v in self.frames.items() if s <= i}
        self.ms = {s: v for s, v in self.ms.items() if s <= i}
        self.shared = None
        if i > k:
            t.run(i - k)
        self.sync()
        self.run.test_costs = [(s, c) for s, c in self.run.test_costs if s <= i]

    def compute(self, target: int, wait: float = 0.0, budget: Budget = CHUNK_BUDGET) -> int:
        """The next chunk: up to ``target``, at most ``budget`` (CHUNK_SECONDS of compute).
        Returns how many iterations were computed (0 when done, diverged or the server is
        busy)."""
        if self.follows_default():
            shared = shared_default(self.run.inputs)
            if shared is not None:
                self.shared = shared
                default_run.adopt(self, shared, min(target, shared.end))
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
            self.record(trainer)
            if trainer.iteration % TEST_EVERY == 0:
                self.run.measure()

        outcome = train_click(t, target - t.iteration, budget=budget, wait=wait,
                              stop_every=TEST_EVERY, on_slice=on_slice, chunk=True)
        self.busy = outcome.message if outcome.busy else None
        self.sync()
        if t.iteration > start:
            self.keep_picture(t)
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
        self.run.alpha_from(i, alpha)
        self.states[i] = self.trainer.state           # a stretch starts here: go back to it
        self.epoch += 1

    def chunk_from(self, have: int) -> Chunk | None:
        """The computed data from iteration ``have`` to the end (None when there is none)."""
        if self.shared is not None:
            return self.shared.chunk if have <= 0 else None
        if have >= self.end and have > 0:
            return None
        return pack_range(self, max(0, have), self.end)
