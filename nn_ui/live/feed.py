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

Where the computed iterations come from is the feed's one seam, ``Feed.source``: this
session's own run (``OwnRun``, what the feed computed itself), or, while the student plays the
page's defaults, the server's shared default run (``default_run.Recorded``, computed once per
server, its one chunk sent as it is), or, while another session of this server plays the same
run, the tape they share (``shared_tape.Follower``: computed once, chunk by chunk, by whichever
follower needs the next chunk first). All answer the same questions (``end``, ``diverged``,
``costs``, ``accs``, ``tests``, ``states``, ``chunk_from``). Two moves switch between them:
``_follow`` (a run at iteration 0 follows a shared one) and ``_go_back`` (the run goes on with
its own numbers from an iteration of its source: α changed mid-run, or more iterations were
asked for than the shared run has, or the shared run diverged).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from classroom import BUDGET, Budget, train_click
from nn_core.batch import together_key
from nn_ui.live import default_run, shared_tape
from nn_ui.view.chunks import Chunk
from nn_ui.live.default_run import Recorded, shared_default
from nn_ui.live.pace import Pace
from nn_ui.live.recording import Recording
from nn_ui.live.own_run import OwnRun
from nn_ui.live.run import LiveRun
from nn_ui.live.settings import TEST_EVERY

#: One chunk: at most this much compute (a whole 2-layer cat run fits in one); handed over
#: sooner to a more urgent student (``live.pace``).
CHUNK_SECONDS = 1.0
CHUNK_BUDGET = Budget(max_work=BUDGET.max_work, max_seconds=CHUNK_SECONDS, slice_seconds=0.1)
#: A chunk waits at most this long in the compute slots' line (then the browser asks again).
CHUNK_WAIT = 2.5
#: The first chunk after α changed: short, so the curve goes on at the new α at once; it waits
#: up to QUICK_WAIT seconds for a compute slot when all are busy.
QUICK_BUDGET = Budget(max_work=BUDGET.max_work, max_seconds=0.03, slice_seconds=0.03)
QUICK_WAIT = 0.5


@dataclass
class Feed(Recording):
    """One session's live run and what has been computed of it (see the module docstring)."""

    id: str = ""                                    # which run, for the browser
    epoch: int = 0                                  # bumped at each change of α
    busy: str | None = None
    ahead: bool = False                             # computed before Play (``live.ahead``)
    #: where the computed iterations come from: ``OwnRun``, the shared ``Recorded`` or a tape
    source: OwnRun | Recorded | shared_tape.Follower = field(init=False, repr=False,
                                                             compare=False)

    def __post_init__(self) -> None:
        self.source = OwnRun(self)

    @property
    def end(self) -> int:
        """The last iteration computed (its J is known)."""
        return self.source.end

    @property
    def diverged(self) -> bool:
        return self.source.diverged

    def follows_default(self) -> bool:
        """Whether this is the default run at iteration 0 that the session has not left."""
        return not self.source.shared and default_run.follows(self)

    def _follow(self, shared: Recorded | shared_tape.Follower, target: int) -> None:
        """A shared run as the source; the session's trainer moved along it."""
        self.source = shared
        shared_tape.adopt(self, shared, min(target, shared.end))
        self.costs, self.accs = list(shared.costs[:self.end + 1]), list(shared.accs)

    def _on_tape(self, target: int, compute) -> int | None:
        """The run on the tape this server's sessions share (``shared_tape``): joined at
        iteration 0, extended by ``compute(rec)`` when this feed needs the next chunk first,
        followed. Returns the iterations this feed gained, or None when it is on no tape (or
        goes on alone: its tape diverged, or it asks for more than the tape has)."""
        before = self.end
        if not self.source.shared:
            follower = shared_tape.TAPES.follow(self, target, lambda: TapeFeed.lent_by(self))
            if follower is None:
                return None
            self.source = follower
        src = self.source
        if not isinstance(src, shared_tape.Follower) or target > src.tape.target:
            return None
        self.busy = None
        if src.end < target and not src.diverged and not src.catch_up():
            self.busy = src.tape.extend(src.end, compute)
            src.catch_up()
        if src.diverged:                            # alone from its last state before
            self._go_back(max(s for s in src.states if s <= src.end))
            return None
        self._follow(src, src.end)
        return self.end - before

    def _go_back(self, i: int) -> None:
        """The run goes on with its own numbers from iteration i (i <= end) of its source: the
        trainer made to stand exactly there (the state kept at the last multiple of
        FRAME_EVERY, or at a change of α, at or before i, restored, then the iterations up to
        i run again with their α), the data computed past i dropped."""
        src = self.source
        costs, accs = list(src.costs), list(src.accs)
        k = max(s for s in src.states if s <= i)
        t = self.trainer
        if t.diverged or t is getattr(src, "trainer", None):    # diverged, or lent to a tape:
            t = self.run.fresh_trainer()                        # a trainer of its own, anew
        t.learning_rate = self.run.alpha_at(k)
        t.restore(k, src.states[k], costs[:k], accs[:k])
        self.states = {s: v for s, v in src.states.items() if s <= i}
        self.tests = {s: v for s, v in src.tests.items() if s <= i}
        self.frames = {s: v for s, v in getattr(src, "frames", self.frames).items() if s <= i}
        if getattr(src, "graph", None) is not None:     # a tape's, copied: cut makes it ours
            self.graph = replace(src.graph)
        if self.graph is not None:
            self.graph.cut(i)
        self.ms = {s: v for s, v in getattr(src, "ms", self.ms).items() if s <= i}
        self.source = OwnRun(self)
        if i > k:
            t.run(i - k)
        self.sync()
        self.run.test_costs = [(s, c) for s, c in self.run.test_costs if s <= i]

    def compute(self, target: int, wait: float = 0.0, budget: Budget = CHUNK_BUDGET,
                pace: Pace | None = None) -> int:
        """The next chunk of a run of ``target`` iterations: up to the browser's ``pace``
        (``live.pace``: how far ahead, by when; else to ``target``), at most ``budget``
        (CHUNK_SECONDS of compute), waiting at most ``wait`` seconds in the compute slots' line.
        Returns how many iterations were computed (0 when done, diverged or busy)."""
        if self.follows_default():
            shared = shared_default(self.run.inputs)
            if shared is not None:
                self._follow(shared, target)
                return shared.end
        gained = self._on_tape(target, lambda rec: rec.compute(target, wait, budget, pace))
        if gained is not None:
            return gained
        if self.source.shared:
            if self.source.end >= target:
                return 0
            self._go_back(self.source.end)          # further than the shared run: our own
        t = self.trainer
        upto = target if pace is None else min(target, pace.upto)
        if t.diverged or t.iteration >= upto:
            return 0
        start = t.iteration

        def on_slice(trainer, done, allowed):
            self.record(trainer)
            if trainer.iteration % TEST_EVERY == 0:         # the recording's test J, if any
                self.run.measure(self.tests.get(trainer.iteration, (None,))[0])

        outcome = train_click(t, upto - t.iteration, budget=budget, wait=wait,
                              stop_every=TEST_EVERY, on_slice=on_slice, chunk=True,
                              ride=together_key(t),
                              **({} if pace is None else
                                 {"deadline": pace.deadline, "keep": pace.keep,
                                  "margin": pace.margin}))
        self.busy = outcome.message if outcome.busy else None
        self.sync()
        if t.iteration > start:
            self.keep_picture(t)
            self.ms[t.iteration] = 1000.0 * outcome.seconds / max(outcome.done, 1)
            self.run.ms_per_iteration = self.ms[t.iteration]
        return t.iteration - start

    def played(self, target: int) -> bool:
        """The browser asks for the run (Play, Step, Pause): what was computed ahead of Play
        (``live.ahead``) becomes the session's, its trainer moved along the tape; from a tape
        that diverged the run goes on alone (as ``_on_tape`` does), and from one made for
        other Iterations than ``target`` it starts again at 0 (on that run's own tape, at
        Play's compute). Returns whether the run had been computed ahead."""
        if not self.ahead:
            return False
        src = self.source
        if src.diverged:
            self._go_back(max(s for s in src.states if s <= src.end))
        elif src.tape.target != target:     # Iterations changed since: the tape of this run
            self.drop_ahead()
        else:
            self._follow(src, src.end)
        self.ahead = False
        return True

    def drop_ahead(self) -> None:
        """What was computed ahead of Play dropped (Iterations changed before Play: the run's
        tape is another one): the run at iteration 0 again, its own."""
        if self.ahead:
            self.ahead = False
            self._go_back(0)

    def cut(self, i: int, alpha: float) -> None:
        """α changes at iteration i (what the browser showed): the run goes on from exactly i
        with ``alpha``; what was computed past i is dropped. A diverged run keeps its α."""
        i = max(0, min(int(i), self.end))
        if self.trainer.diverged and i >= self.end:
            return
        src = self.source
        if not src.states:
            return
        i = max(i, min(src.states))                 # a run brought back: nothing before it
        if src.shared or i < self.end or self.trainer.diverged:
            self._go_back(i)
        self.run.alpha_from(i, alpha)
        self.states[i] = self.trainer.state           # a stretch starts here: go back to it
        self.epoch += 1
        self.ahead = False

    def chunk_from(self, have: int) -> Chunk | None:
        """The computed data from iteration ``have`` to the end (None when there is none)."""
        return self.source.chunk_from(have)


class TapeFeed(Feed):
    """A tape's own recording (``shared_tape.Tape.rec``): it computes its run itself, always."""

    @classmethod
    def lent_by(cls, feed: Feed) -> TapeFeed:
        """The tape of ``feed``'s run at iteration 0, made of it: its trainer lent (the feed
        follows the tape with it until it goes on alone, ``Feed._go_back``), its records
        copied; nothing computed again."""
        r, g = feed.run, feed.graph
        run = LiveRun(r.settings, r.trainer, r.inputs, test_costs=list(r.test_costs),
                      lr_history=list(r.lr_history), ms_per_iteration=r.ms_per_iteration)
        return cls(run, costs=list(feed.costs), accs=list(feed.accs), tests=dict(feed.tests),
                   frames=dict(feed.frames), states=dict(feed.states), ms=dict(feed.ms),
                   graph=None if g is None else g.copy())

    def follows_default(self) -> bool:
        return False

    def _on_tape(self, target: int, compute) -> None:
        return None
