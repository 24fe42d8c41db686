"""Identical runs computed once: a shared, growing tape followed by every session that plays it.

Two students who press Play on the same data set and settings, seed, iterations asked and α
(one α from iteration 0) would compute the same numbers twice. The first one's feed starts a
``Tape`` (``TAPES.follow``: its records at iteration 0 copied, its trainer lent, so that a
student alone computes nothing more than before); the others' feeds follow it, chunk by
chunk: whichever follower needs the next chunk first extends the tape (under the tape's lock,
in a compute slot as any chunk: the caller's ``compute``), the others read what it published.
A follower reads only ``Snapshot``s, each a frozen copy of the tape as one chunk left it, so
that no session ever holds a writable reference to what another sees. A follower that changes
α mid-run goes on with its own numbers from there (``feed.Feed._go_back``), which leaves the
tape, and every other follower's numbers, as they were.

Never shared: a learner's own data (``inputs.private``), a run brought back, a run whose α
changed. Memory: TAPES keeps at most MAX_TAPES tapes, the least recently used dropped first,
those nobody follows before those still followed (a dropped tape lives on while its followers
do, and new sessions may still join it, weakly referenced); a tape's memory is what one
session's own run of it would hold (a 2500-iteration cat run: about 3 MB, mostly its 26 W1
pictures). Pure: no Streamlit.
"""
from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field

from nn_ui.live.recording import Recording, pack_range
from nn_ui.view.chunks import Chunk

#: Tapes kept for sessions to join (the least recently used, unfollowed first, dropped).
MAX_TAPES = 8
#: Seconds a follower waits for another follower extending the tape (about one chunk).
EXTEND_WAIT = 0.5


@dataclass(frozen=True)
class Snapshot:
    """The tape as one chunk left it, read-only (as ``pack_range`` reads a ``Recording``).

    costs[i], accs[i]: J and train accuracy after i updates (i = 0..end); tests: iteration ->
    (test J, test accuracy); frames: iteration -> uint8 picture(s); states: iteration -> trainer
    state (multiples of FRAME_EVERY and each chunk's end); ms: chunk end -> ms per iteration.
    """

    end: int
    diverged: bool
    costs: tuple
    accs: tuple
    tests: dict
    frames: dict
    states: dict
    ms: dict
    graph: object
    run: object                         # the tape's LiveRun: only its inputs are read
    status: dict
    setup_: dict
    stretches_: list
    _packed: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def chunk_ms(self) -> float: return self.ms[max(self.ms)] if self.ms else 0.0

    def setup(self) -> dict: return self.setup_                 # as a Recording's

    def stretches(self) -> list: return self.stretches_

    def chunk_from(self, have: int) -> Chunk | None:
        """The iterations from ``have`` to the end, packed once for every follower that asks
        the same (None when the follower has them all)."""
        if have >= self.end and have > 0:
            return None
        key = (max(0, have), have < 0)
        chunk = self._packed.get(key)
        if chunk is None:
            chunk = self._packed[key] = pack_range(self, key[0], self.end, self.stretches_,
                                                   self.status, fresh=key[1])
        return chunk

    @classmethod
    def of(cls, rec: Recording) -> Snapshot:
        """A frozen copy of ``rec`` now (its containers copied: ``rec`` goes on growing)."""
        g = rec.graph
        graph = None if g is None else g.copy()
        return cls(len(rec.costs) - 1, rec.diverged, tuple(rec.costs), tuple(rec.accs),
                   dict(rec.tests), dict(rec.frames), dict(rec.states), dict(rec.ms), graph,
                   rec.run, rec.meta(), rec.setup(), rec.stretches())


class Tape:
    """One run computed once for all its followers (see the module docstring).

    ``rec``: the tape's own recording (a fresh run at iteration 0), touched only under the
    tape's lock; followers read ``published``."""

    def __init__(self, rec: Recording, target: int):
        self.rec = rec
        self.target = int(target)
        self.lock = threading.Lock()
        self.published = Snapshot.of(rec)
        self.extensions = 0                             # chunks computed (for tests, figures)

    def extend(self, seen: int, compute: Callable[[Recording], int]) -> str | None:
        """The tape past iteration ``seen`` (what the caller has): ``compute(rec)`` (a chunk
        of the tape's recording, in a compute slot) unless another follower did it meanwhile.
        Returns the busy message of a chunk that found no slot (else None)."""
        if not self.lock.acquire(timeout=EXTEND_WAIT):
            return None                                 # another follower is computing it
        try:
            if self.published.end > seen or self.published.diverged:
                return None
            rec = self.rec
            done = compute(rec)
            if done or rec.diverged:                    # diverged at its first step: done 0
                t = rec.trainer
                if not t.diverged:                      # a follower may stand here at once
                    rec.states.setdefault(t.iteration, t.state)
                self.published = Snapshot.of(rec)
                self.extensions += 1
            return getattr(rec, "busy", None)
        finally:
            self.lock.release()


class Follower:
    """A feed's source while its session follows a tape: what it has seen of it (``snap``)."""

    shared = True

    def __init__(self, tape: Tape):
        self.tape = tape
        self.snap = tape.published

    def catch_up(self) -> bool:
        """Whether the tape grew since this follower last looked (``snap`` is then the new)."""
        snap = self.tape.published
        grew, self.snap = snap is not self.snap, snap
        return grew

    @property
    def end(self) -> int:
        return self.snap.end

    @property
    def diverged(self) -> bool:
        return self.snap.diverged

    @property
    def trainer(self):          # the tape's: the first follower's own, lent (TapeFeed.lent_by)
        return self.tape.rec.trainer

    def __getattr__(self, name):                        # costs, accs, tests, states, frames...
        if name in ("costs", "accs", "tests", "states", "frames", "ms", "graph", "chunk_ms"):
            return getattr(self.snap, name)
        raise AttributeError(name)

    def chunk_from(self, have: int) -> Chunk | None:
        return self.snap.chunk_from(have)


def key_of(rec: Recording, target: int) -> Hashable | None:
    """What makes ``rec``'s run identical to another's (its settings, its data set, its seed,
    its α from iteration 0, the iterations asked), or None when it may not be shared (the
    learner's own data, a run under way or brought back, α changed mid-run)."""
    run, t = rec.run, rec.trainer
    if run.inputs.private or t.iteration != 0 or len(rec.costs) != 1 or t.diverged \
            or len(run.lr_history) != 1 or run.lr_history[0][0] != 0:
        return None
    # the data set's object itself: the server's shared one (its cache) is the same object for
    # every session; an uploaded copy of the photos is the session's own
    return (run.settings, id(run.inputs), float(run.lr_history[0][1]), int(target))


class Shelf:
    """The tapes of this server process by key, at most ``size`` kept (see the module
    docstring); ``follow`` joins one or starts it."""

    def __init__(self, size: int = MAX_TAPES):
        self.size = int(size)
        self._lock = threading.Lock()
        self._kept: OrderedDict[Hashable, Tape] = OrderedDict()
        self._alive: weakref.WeakValueDictionary = weakref.WeakValueDictionary()
        self._followers: dict[Hashable, weakref.WeakSet] = {}
        self.started = 0

    def follow(self, rec: Recording, target: int,
               start: Callable[[], Recording]) -> Follower | None:
        """A follower of the tape of ``rec``'s run (``start()``: a fresh recording of the same
        run, made when there is no tape yet), or None when the run may not be shared."""
        key = key_of(rec, target)
        if key is None:
            return None
        with self._lock:
            tape = self._alive.get(key)
        if tape is None or tape.rec.run.inputs is not rec.run.inputs:
            fresh = Tape(start(), target)               # outside the lock: a first forward pass
            with self._lock:
                tape = self._alive.get(key)
                if tape is None or tape.rec.run.inputs is not rec.run.inputs:
                    tape = self._alive[key] = fresh
                    self._followers[key] = weakref.WeakSet()
                    self.started += 1
        follower = Follower(tape)
        with self._lock:
            self._kept[key] = tape
            self._kept.move_to_end(key)
            self._followers[key].add(follower)
            self._trim()
        return follower

    def _trim(self) -> None:
        while len(self._kept) > self.size:
            idle = [k for k in self._kept if not self._followers.get(k)]
            del self._kept[idle[0] if idle else next(iter(self._kept))]
        for k in [k for k in self._followers if k not in self._alive]:
            del self._followers[k]

    def followers(self, rec: Recording, target: int) -> int:
        """How many feeds follow the tape of ``rec``'s run now."""
        key = key_of(rec, target)
        with self._lock:
            return len(self._followers.get(key, ()))

    def __len__(self) -> int:
        return len(self._kept)

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()


#: The tapes of this server process.
TAPES = Shelf()


def adopt(rec: Recording, shared, i: int) -> None:
    """The session's trainer (what the Cost curves and prediction pages read) moved to
    iteration i of the shared run ``shared`` (a ``Snapshot`` or the default run's
    ``Recorded``): its state there, restored, not computed again (only from the last state
    kept before i, when there is none at i). The trainer the session lent to the tape is
    there already."""
    t = rec.trainer
    if t is not getattr(shared, "trainer", None):
        k = max(s for s in shared.states if s <= i)
        t.restore(k, shared.states[k], list(shared.costs[:k]), list(shared.accs[:k]))
        if i > k:
            t.run(i - k)
    rec.run.test_costs = [(s, v[0]) for s, v in sorted(shared.tests.items()) if s <= i]
    rec.run.ms_per_iteration = max(shared.chunk_ms, 1e-6)
