"""A process-wide bounded pool of compute slots: at most ``capacity`` trainings at once, the
most urgent first.

Streamlit runs every session's script in its own thread of one process. Thirty students pressing
Train at once would otherwise share two cores thirty ways and all wait thirty times longer. A
slot is taken for the duration of one training call and given back at its end:

    slot = SLOTS.try_acquire()          # never blocks: None when every slot is taken
    if slot is None:
        ...                             # the page says "busy, retrying"
    with slot:
        trainer.run(...)

``acquire(timeout, on_wait=..., who=..., deadline=...)`` waits in line for at most ``timeout``
seconds and calls ``on_wait(waited_seconds, position)`` at once, then every ``poll`` seconds
while it waits: a page passes a function that writes "busy, retrying", which is also a Streamlit
call, so a student who closes the tab leaves the line within ``poll`` seconds.

The line is ordered by urgency, not by arrival: each caller's *key* is the moment it needs its
result (``deadline``: for a live view, when its browser will have shown all it holds; by
default, now) pushed back by the compute its tab used lately (``who``: a tab, see
``classroom.st_helpers.tab_key``; ``USE_WEIGHT`` seconds of line per second of compute, fading
by half every ``HALF_LIFE`` seconds, so a Reset or a new run does not give a tab a new share).
A freed slot goes to the smallest key at once (a slot never stands idle while somebody waits);
equal keys are served in arrival order. A chunk under way asks ``more_urgent_waiting(slot)``
after each slice and hands its slot over when a smaller key waits. A tab that keeps the server
busy is thus served after the others, and slows only itself; alone, it may use every slot.

A caller in line may say what its work is (``acquire(..., rider=Rider(key, work))``): a holder
of a slot whose work can be done together with it takes it out of the line
(``take_riders(key, limit)``, the most urgent first), does it, charges its tab its share
(``Slot.share``) and ``finish``es it; ``acquire`` then returns the rider (``classroom.convoy``).

The capacity is the number of cores this process may use, or ``CLASSROOM_SLOTS``.
"""
from __future__ import annotations

import heapq
import itertools
import os
import threading
import time
from collections.abc import Callable


def default_capacity() -> int:
    """``CLASSROOM_SLOTS`` if set, else the cores this process may run on (at least 1)."""
    env = os.environ.get("CLASSROOM_SLOTS", "").strip()
    if env:
        return max(1, int(env))
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:                      # not Linux
        return max(1, os.cpu_count() or 1)


#: Compute seconds of a tab fade by half over this many seconds.
HALF_LIFE = 30.0
#: Seconds a tab's key is pushed back for each (faded) second of compute it used.
USE_WEIGHT = 4.0


class Rider:
    """A caller in line whose work may be done in another caller's slot: ``take_riders``
    takes it out of the line (``taken``); whoever took it ``finish``es it with its result,
    which the caller awaits (``done``). ``key``: which callers' work can be done together;
    ``work``: what the caller asks, and what was done of it."""

    __slots__ = ("key", "work", "taken", "done")

    def __init__(self, key, work):
        self.key, self.work, self.taken = key, work, False
        self.done = threading.Event()

    def finish(self) -> None:
        self.done.set()


class Slot:
    """One granted slot; give it back with ``release()`` or by leaving a ``with`` block.
    ``key``: the urgency it was granted with (see the module)."""

    __slots__ = ("_pool", "_released", "who", "started", "key")

    def __init__(self, pool: ComputeSlots, who: str | None, key: float):
        self._pool = pool
        self._released = False
        self.who, self.key, self.started = who, key, time.monotonic()

    def release(self) -> None:
        """Give the slot back (a second call does nothing)."""
        if not self._released:
            self._released = True
            self._pool._release(self.who, time.monotonic() - self.started)

    def share(self, who: str | None, seconds: float) -> None:
        """``seconds`` of this slot's time were ``who``'s work (a rider's): charged to it, not
        to the holder."""
        self._pool.charge(who, seconds)
        self.started += seconds

    def __enter__(self) -> Slot:
        return self

    def __exit__(self, *exc) -> None:
        self.release()


class ComputeSlots:
    """At most ``capacity`` slots out at once; waiters are served smallest key first."""

    def __init__(self, capacity: int | None = None):
        self.capacity = default_capacity() if capacity is None else int(capacity)
        if self.capacity < 1:
            raise ValueError(f"capacity must be at least 1, got {capacity}")
        self._cond = threading.Condition()
        self._in_use = 0
        # a heap of (key, arrival, wake-up): each waiter sleeps on its own condition (of the
        # one lock), woken when a slot may be its own, not with all the others
        self._line: list[tuple[float, int, threading.Condition]] = []
        self._arrivals = itertools.count()
        self.granted = 0
        self.refused = 0
        self._used: dict[str, tuple[float, float]] = {}     # who -> (seconds, when)

    @property
    def in_use(self) -> int:
        return self._in_use

    @property
    def waiting(self) -> int:
        return len(self._line)

    def stats(self) -> dict:
        """capacity, in_use, waiting, granted and refused so far (for a status line or a test)."""
        with self._cond:
            return {"capacity": self.capacity, "in_use": self._in_use,
                    "waiting": len(self._line), "granted": self.granted,
                    "refused": self.refused}

    def used(self, who: str | None, now: float | None = None) -> float:
        """The compute seconds ``who`` used, faded by half every HALF_LIFE seconds."""
        if who is None or who not in self._used:
            return 0.0
        seconds, when = self._used[who]
        now = time.monotonic() if now is None else now
        return seconds * 0.5 ** ((now - when) / HALF_LIFE)

    def key(self, who: str | None = None, deadline: float | None = None) -> float:
        """The urgency of a caller: when it needs its result (``time.monotonic()`` seconds; now
        by default), pushed back USE_WEIGHT seconds per second of compute ``who`` used."""
        now = time.monotonic()
        return (now if deadline is None else deadline) + USE_WEIGHT * self.used(who, now)

    def try_acquire(self, who: str | None = None, deadline: float | None = None) -> Slot | None:
        """A slot now, or None. Never waits, never jumps the line."""
        with self._cond:
            if not self._line and self._in_use < self.capacity:
                return self._grant(who, self.key(who, deadline))
            self.refused += 1
            return None

    def more_urgent_waiting(self, slot: Slot, margin: float = 0.0) -> bool:
        """Whether somebody in line has a key smaller than ``slot``'s holder's by more than
        ``margin`` seconds: a chunk under way hands its slot over at its next slice."""
        with self._cond:
            return bool(self._line) and self._line[0][0] + margin < slot.key

    def acquire(self, timeout: float, on_wait: Callable[[float, int], None] | None = None,
                poll: float = 0.25, who: str | None = None, deadline: float | None = None,
                rider: Rider | None = None) -> Slot | Rider | None:
        """A slot within ``timeout`` seconds, or None; ``on_wait(waited, position)`` while waiting.

        ``position`` is 1 for the next in line. An exception raised by ``on_wait`` (Streamlit's
        stop when the tab closed) leaves the line and propagates. With a ``rider``: returned
        as soon as a slot's holder took it (``take_riders``), its work done by them.
        """
        start = time.monotonic()
        with self._cond:
            key = self.key(who, deadline)
            if not self._line and self._in_use < self.capacity:
                return self._grant(who, key)
            entry = (key, next(self._arrivals), threading.Condition(self._cond), rider)
            heapq.heappush(self._line, entry)
        try:
            while True:
                with self._cond:
                    if rider is not None and rider.taken:
                        return rider
                    if self._servable(entry):
                        slot = self._grant(who, key)
                        self._leave(entry)          # then wakes whoever is first for the rest
                        return slot
                    remaining = timeout - (time.monotonic() - start)
                    if remaining <= 0:
                        self.refused += 1
                        return None
                    position = self._position(entry) if on_wait is not None else 0
                if on_wait is not None:         # outside the lock: it may call Streamlit
                    on_wait(time.monotonic() - start, position + 1)
                with self._cond:
                    if not self._servable(entry):
                        entry[2].wait(min(poll, max(remaining, 0.001)))
        finally:
            with self._cond:
                if entry in self._line:
                    self._leave(entry)

    def take_riders(self, key, limit: int) -> list[Rider]:
        """Up to ``limit`` riders of ``key`` out of the line, the most urgent first: the
        caller (a slot's holder) does their work and ``finish``es each."""
        with self._cond:
            chosen = [e for e in sorted(self._line) if e[3] is not None and e[3].key == key]
            chosen = chosen[:max(0, limit)]
            if chosen:
                taken = {id(e) for e in chosen}
                self._line = [e for e in self._line if id(e) not in taken]
                heapq.heapify(self._line)
                for e in chosen:
                    e[3].taken = True
                    e[2].notify()
                self._wake()
            return [e[3] for e in chosen]

    def _servable(self, entry) -> bool:                 # with self._cond held
        """Whether ``entry`` is among the first in line for the slots free now."""
        free = self.capacity - self._in_use
        if free <= 0:
            return False
        return self._line[0] is entry or self._position(entry) < free

    def _position(self, entry) -> int:                  # with self._cond held
        """How many in line come before ``entry``."""
        return sum(1 for other in self._line if other[:2] < entry[:2])

    def _leave(self, entry) -> None:                    # with self._cond held
        if self._line[0] is entry:
            heapq.heappop(self._line)
        else:
            self._line.remove(entry)
            heapq.heapify(self._line)
        self._wake()

    def _wake(self) -> None:                            # with self._cond held
        """Wake the waiters first in line for the slots free now (only them)."""
        free = self.capacity - self._in_use
        if free > 0 and self._line:
            for entry in (self._line[:1] if free == 1 else heapq.nsmallest(free, self._line)):
                entry[2].notify()

    def _grant(self, who: str | None, key: float) -> Slot:     # with self._cond held
        self._in_use += 1
        self.granted += 1
        return Slot(self, who, key)

    def charge(self, who: str | None, seconds: float) -> None:
        """``seconds`` of compute added to what ``who`` used lately."""
        with self._cond:
            self._charge(who, seconds)

    def _charge(self, who: str | None, seconds: float) -> None:     # with self._cond held
        if who is not None:
            now = time.monotonic()
            self._used[who] = (self.used(who, now) + seconds, now)
            if len(self._used) > 10_000:             # tabs long gone: the oldest go
                for w, _ in sorted(self._used.items(), key=lambda kv: kv[1][1])[:5000]:
                    del self._used[w]

    def _release(self, who: str | None = None, seconds: float = 0.0) -> None:
        with self._cond:
            self._in_use -= 1
            self._charge(who, seconds)
            self._wake()


#: The one pool of this server process.
SLOTS = ComputeSlots()
