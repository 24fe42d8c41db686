"""A process-wide bounded pool of compute slots: at most ``capacity`` trainings at once.

Streamlit runs every session's script in its own thread of one process. Thirty students pressing
Train at once would otherwise share two cores thirty ways and all wait thirty times longer. A
slot is taken for the duration of one training call and given back at its end:

    slot = SLOTS.try_acquire()          # never blocks: None when every slot is taken
    if slot is None:
        ...                             # the page says "busy, retrying"
    with slot:
        trainer.run(...)

``acquire(timeout, on_wait=...)`` waits in line (first come, first served) for at most
``timeout`` seconds and calls ``on_wait(waited_seconds, position)`` at once, then every ``poll``
seconds while it waits: a page passes a function that writes "busy, retrying", which is also a
Streamlit call, so a student who closes the tab leaves the line within ``poll`` seconds.

The capacity is the number of cores this process may use, or ``CLASSROOM_SLOTS``.

Fair shares: a caller may say ``who`` it is (a tab: ``classroom.st_helpers.tab_key``). The pool
keeps each tab's compute seconds, fading by half every ``HALF_LIFE`` seconds, so a Reset or a
new run does not give a tab a new share. A tab refused a slot is remembered as *waiting* for
``WANT_SECONDS``; while one waits that has used less than the tab asking, the freed slot is kept
for it (``try_acquire`` refuses the heavier tab), and a chunk under way hands its slot over at
its next slice (``lighter_waiting``). A tab that keeps the server busy is slowed; the others
are not. When nobody else wants a slot, it may use every one.
"""
from __future__ import annotations

import os
import threading
import time
from collections import deque
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
#: A tab refused a slot counts as waiting for this long (the live view asks again within 1 s).
WANT_SECONDS = 2.0


class Slot:
    """One granted slot; give it back with ``release()`` or by leaving a ``with`` block."""

    __slots__ = ("_pool", "_released", "who", "started")

    def __init__(self, pool: ComputeSlots, who: str | None = None):
        self._pool = pool
        self._released = False
        self.who, self.started = who, time.monotonic()

    def release(self) -> None:
        """Give the slot back (a second call does nothing)."""
        if not self._released:
            self._released = True
            self._pool._release(self.who, time.monotonic() - self.started)

    def __enter__(self) -> Slot:
        return self

    def __exit__(self, *exc) -> None:
        self.release()


class ComputeSlots:
    """At most ``capacity`` slots out at once; waiters are served in arrival order."""

    def __init__(self, capacity: int | None = None):
        self.capacity = default_capacity() if capacity is None else int(capacity)
        if self.capacity < 1:
            raise ValueError(f"capacity must be at least 1, got {capacity}")
        self._cond = threading.Condition()
        self._in_use = 0
        self._queue: deque[object] = deque()
        self.granted = 0
        self.refused = 0
        self._used: dict[str, tuple[float, float]] = {}     # who -> (seconds, when)
        self._holders: list[str | None] = []                 # who holds each slot out
        self._wanting: dict[str, float] = {}                 # who -> when last refused

    @property
    def in_use(self) -> int:
        return self._in_use

    @property
    def waiting(self) -> int:
        return len(self._queue)

    def stats(self) -> dict:
        """capacity, in_use, waiting, granted and refused so far (for a status line or a test)."""
        with self._cond:
            return {"capacity": self.capacity, "in_use": self._in_use,
                    "waiting": len(self._queue), "granted": self.granted,
                    "refused": self.refused}

    def try_acquire(self, who: str | None = None) -> Slot | None:
        """A slot now, or None. Never waits; never jumps the line of ``acquire`` waiters, nor
        takes a slot a lighter tab is waiting for (see the module)."""
        with self._cond:
            if (not self._queue and self._in_use < self.capacity
                    and not self._kept_for_other(who)):
                self._wanting.pop(who, None)
                return self._grant(who)
            self.refused += 1
            if who is not None:
                self._wanting[who] = time.monotonic()
            return None

    def used(self, who: str | None, now: float | None = None) -> float:
        """The compute seconds ``who`` used, faded by half every HALF_LIFE seconds."""
        if who is None or who not in self._used:
            return 0.0
        seconds, when = self._used[who]
        now = time.monotonic() if now is None else now
        return seconds * 0.5 ** ((now - when) / HALF_LIFE)

    def _lighter(self, who: str | None) -> list[str]:          # with self._cond held
        now = time.monotonic()
        for w in [w for w, t in self._wanting.items() if now - t > WANT_SECONDS]:
            del self._wanting[w]
        mine = self.used(who, now)
        return [w for w in self._wanting if w != who and self.used(w, now) < mine]

    def _kept_for_other(self, who: str | None) -> bool:        # with self._cond held
        """A lighter tab waits, and no slot is free beyond the ones kept for those waiting."""
        return len(self._lighter(who)) >= self.capacity - self._in_use

    def try_fair(self, who: str | None, hand_over: float = 0.5) -> Slot | None:
        """A slot now; or, when ``who`` used less than every tab holding one (which then hands
        it over at its next slice), within ``hand_over`` seconds in line; else None."""
        slot = self.try_acquire(who)
        if slot is not None or who is None:
            return slot
        with self._cond:
            mine = self.used(who)
            first = all(h is not None and h != who and self.used(h) > mine
                        for h in self._holders) and not self._lighter(who)
        return self.acquire(hand_over, who=who) if first else None

    def lighter_waiting(self, who: str | None) -> bool:
        """Whether somebody waits in line, or a tab that used less than ``who`` wants a slot:
        a chunk under way hands its slot over."""
        with self._cond:
            return bool(self._queue) or bool(self._lighter(who))

    def acquire(self, timeout: float, on_wait: Callable[[float, int], None] | None = None,
                poll: float = 0.25, who: str | None = None) -> Slot | None:
        """A slot within ``timeout`` seconds, or None; ``on_wait(waited, position)`` while waiting.

        ``position`` is 1 for the next in line. An exception raised by ``on_wait`` (Streamlit's
        stop when the tab closed) leaves the line and propagates.
        """
        start = time.monotonic()
        ticket = object()
        with self._cond:
            if not self._queue and self._in_use < self.capacity and not self._kept_for_other(who):
                return self._grant(who)
            self._queue.append(ticket)
        try:
            while True:
                with self._cond:
                    position = self._queue.index(ticket)
                    if position < self.capacity - self._in_use:
                        self._queue.remove(ticket)
                        return self._grant(who)
                    remaining = timeout - (time.monotonic() - start)
                    if remaining <= 0:
                        self.refused += 1
                        return None
                if on_wait is not None:         # outside the lock: it may call Streamlit
                    on_wait(time.monotonic() - start, position + 1)
                with self._cond:
                    if self._queue.index(ticket) >= self.capacity - self._in_use:
                        self._cond.wait(min(poll, max(remaining, 0.001)))
        finally:
            with self._cond:
                if ticket in self._queue:
                    self._queue.remove(ticket)
                    self._cond.notify_all()

    def _grant(self, who: str | None = None) -> Slot:     # with self._cond held
        self._in_use += 1
        self.granted += 1
        self._holders.append(who)
        return Slot(self, who)

    def _release(self, who: str | None = None, seconds: float = 0.0) -> None:
        with self._cond:
            self._in_use -= 1
            self._holders.remove(who)
            if who is not None:
                now = time.monotonic()
                self._used[who] = (self.used(who, now) + seconds, now)
                if len(self._used) > 10_000:             # tabs long gone: the oldest go
                    for w, _ in sorted(self._used.items(), key=lambda kv: kv[1][1])[:5000]:
                        del self._used[w]
            self._cond.notify_all()


#: The one pool of this server process.
SLOTS = ComputeSlots()
