"""Students' chunks computed as one: whoever gets a compute slot takes along the callers in
line whose runs have the same shape.

A lecture hall is many students training the same network on the same photos, each their own
seed or α. ``nn_core.batch.run_together`` runs K such trainers as one stacked computation, each
with the numbers its own run makes, for about half the CPU a network at K = 8. Here a chunk
that gets a slot (the *leader*) takes out of the line, at each slice, the chunks waiting with
its ``together_key`` (the *riders*, most urgent first, up to MAX_RIDERS) and trains them all
at once; a rider's thread, which waited in line, gets its outcome when its chunk is done, when
the leader's chunk ends, or when its tab closes. Each member is computed up to its own
iterations; its ``on_slice`` (which must make no Streamlit call: it runs in the leader's
thread) is called after each slice; its tab is charged its share of the slot's time.

    outcome = train_click(trainer, n, chunk=True, wait=2.5, ride=together_key(trainer), ...)
"""
from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from nn_core.batch import run_together

from classroom.limits import Budget
from classroom.slots import ComputeSlots, Rider, Slot

#: At most this many chunks ride with a leader (from the hall's measurements of
#: ``run_together``: 0.57 x a lone run's CPU a network at K = 8, 0.53 x at 16).
MAX_RIDERS = 15


@dataclass
class Work:
    """One member's chunk: ``allowed`` iterations of ``trainer``; what was done of it."""

    trainer: object
    allowed: int
    requested: int
    on_slice: Callable | None
    stop_every: int | None
    who: str | None
    gone: Callable[[], bool]
    done: int = 0
    seconds: float = 0.0
    status: str = "done"
    error: BaseException | None = None

    def left(self) -> int:
        return self.allowed - self.done

    def outcome(self) -> tuple[str, int, int, int, float]:
        """status, requested, allowed, done, seconds (``click.Outcome``'s first five)."""
        return self.status, self.requested, self.allowed, self.done, self.seconds

    def next_slice(self) -> int:
        """Iterations to its next stop: what is left, or the next multiple of stop_every."""
        if not self.stop_every:
            return self.left()
        return min(self.left(), self.stop_every - self.trainer.iteration % self.stop_every)


def run_convoy(leader: Work, key: Hashable, slot: Slot, slots: ComputeSlots, budget: Budget,
               hand_over: Callable[[int], bool] | None) -> None:
    """The leader's chunk, with riders of ``key`` taken from the line at each slice, until the
    leader's chunk ends (done, its budget's seconds, diverged, handed over, its tab closed).
    Every rider taken is finished (``Rider.finish``), whatever happens."""
    riders: list[Rider] = []
    members = [leader]
    deadline = time.perf_counter() + budget.max_seconds
    try:
        while leader.left() > 0:
            now = time.perf_counter()
            if now >= deadline:
                leader.status = "deadline"
                break
            for rider in slots.take_riders(key, MAX_RIDERS + 1 - len(members)):
                riders.append(rider)
                members.append(rider.work)
            n = min(m.next_slice() for m in members)
            done = run_together([m.trainer for m in members], n,
                                deadline=min(deadline, now + budget.slice_seconds))
            share = (time.perf_counter() - now) / len(members)
            for m, d in zip(members, done):
                m.done += d
                m.seconds += share
            members = [m for m in members if _after_slice(m, m is leader, slot, share)]
            if leader.status != "done":
                break
            if hand_over is not None and hand_over(leader.done):
                leader.status = "handed over"
                break
    finally:
        for rider in riders:
            work = rider.work
            if work.status == "done" and work.left() > 0:
                work.status = "handed over"             # the leader's chunk ended first
            rider.finish()


def _after_slice(m: Work, is_leader: bool, slot: Slot, share: float) -> bool:
    """A member after a slice: its ``on_slice``, then whether it goes on (a rider's error is
    kept for its own thread; the leader's propagates)."""
    if not is_leader:
        slot.share(m.who, share)
    try:
        if m.on_slice is not None:
            m.on_slice(m.trainer, m.done, m.allowed)
    except Exception as error:                          # noqa: BLE001 - raised in its thread
        if is_leader:
            raise
        m.error, m.status = error, "error"
        return False
    if m.trainer.all_diverged:
        m.status = "diverged"
    elif m.left() > 0 and m.gone():
        m.status = "tab closed"
    return m.status == "done" and m.left() > 0
