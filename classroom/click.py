"""One click's worth of training: a compute slot, the budget, slices, and a plain outcome.

``train_click`` is what a page calls when a student presses Train or Step, or from a fragment
tick while playing:

    outcome = train_click(state.trainer, iterations,
                          on_slice=lambda trainer, done, allowed: bar.progress(done / allowed))
    if outcome.busy:
        st.info(outcome.message)        # "busy: 2 trainings are running, retrying..."

It takes a slot from the process-wide pool without waiting (or waits in line up to ``wait``
seconds, calling ``on_wait``), trims the iterations to the budget, runs them in slices of at
most ``budget.slice_seconds`` and calls ``on_slice(trainer, done, allowed)`` after each slice.
A page makes a Streamlit call there (a progress bar, a counter): when the student's tab has
closed, that call raises Streamlit's stop, the slot is given back and no core works for nobody.

``compute_shared`` does a piece of work once per server process (in a compute slot) and hands
every session the same frozen result, which none may change.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from classroom.convoy import Work, run_convoy
from classroom.limits import BUDGET, Budget
from classroom.shared import SHARED, CacheBusy, SharedCache
from classroom.slots import SLOTS, ComputeSlots, Rider

#: ``() -> str | None``: the tab a training call is for; set by the app (``identify_tabs``).
IDENTIFY: Callable[[], str | None] | None = None
#: ``(tab) -> bool``: whether that tab has closed (its work can stop); set by the app.
GONE: Callable[[str], bool] | None = None


def identify_tabs(identify: Callable[[], str | None],
                  gone: Callable[[str], bool] | None = None) -> None:
    """Say how ``train_click`` finds which tab it works for, and whether that tab has closed
    (the app calls it once)."""
    global IDENTIFY, GONE
    IDENTIFY, GONE = identify, gone


class _TabGone(Exception):
    """The tab a call waits for closed: it leaves the line."""


#: Why a call stopped: all asked iterations done / trimmed by the work budget / deadline /
#: the run diverged / no compute slot was free / the slot handed to a caller waiting for it /
#: the tab it worked for closed.
STATUSES = ("done", "budget", "deadline", "diverged", "busy", "handed over", "tab closed")


@dataclass(frozen=True)
class Outcome:
    """What one training call did. ``message`` is a sentence for the page."""

    status: str
    requested: int
    allowed: int
    done: int
    seconds: float
    message: str

    @property
    def busy(self) -> bool:
        return self.status == "busy"


def run_budgeted(trainer, iterations: int, budget: Budget = BUDGET,
                 on_slice: Callable[[object, int, int], None] | None = None,
                 stop_every: int | None = None,
                 hand_over: Callable[[int], bool] | None = None,
                 gone: Callable[[], bool] | None = None) -> Outcome:
    """Run up to ``iterations`` on ``trainer`` within ``budget``, in slices, calling back.

    trainer: an ``nn_core.Trainer`` or ``BatchTrainer`` (anything with ``layer_dims``, ``K``,
    ``run(iterations, deadline)``, ``iteration`` and ``all_diverged``). A slice ends after
    ``budget.slice_seconds``, and also at every multiple of ``stop_every`` iterations when given
    (e.g. to measure the test cost every 20 iterations in ``on_slice``). After a slice, a true
    ``hand_over(done)`` ends the call ("handed over"), a true ``gone()`` too ("tab closed").
    No slot is taken here: see ``train_click``.
    """
    requested = int(iterations)
    allowed = budget.iterations_allowed(trainer.layer_dims, requested, trainer.K)
    start = time.perf_counter()
    deadline = start + budget.max_seconds
    done = 0
    status = "done"
    while done < allowed:
        now = time.perf_counter()
        if now >= deadline:
            status = "deadline"
            break
        n = allowed - done
        if stop_every:
            n = min(n, stop_every - trainer.iteration % stop_every)
        done += trainer.run(n, deadline=min(deadline, now + budget.slice_seconds))
        if on_slice is not None:
            on_slice(trainer, done, allowed)
        if trainer.all_diverged:
            status = "diverged"
            break
        if hand_over is not None and done < allowed and hand_over(done):
            status = "handed over"
            break
        if gone is not None and done < allowed and gone():
            status = "tab closed"
            break
    return _outcome(status, requested, allowed, done, time.perf_counter() - start, budget)


def _outcome(status: str, requested: int, allowed: int, done: int, seconds: float,
             budget: Budget) -> Outcome:
    """What a call did, in words too ("budget" when all it was allowed is done, not all asked)."""
    if status == "done" and allowed < requested:
        status = "budget"
    return Outcome(status, requested, allowed, done, seconds,
                   _message(status, requested, allowed, done, seconds, budget))


def _iterations(n: int) -> str:
    return f"{n} iteration{'' if n == 1 else 's'}"


def _message(status, requested, allowed, done, seconds, budget) -> str:
    if status == "done":
        return f"trained {_iterations(done)} in {seconds:.2f} s"
    if status == "budget":
        return (f"trained {done} of the {_iterations(requested)} asked: one click may do "
                f"{budget.max_work:,} unit-iterations (iterations x units); press again to go on")
    if status == "deadline":
        return (f"trained {done} of {_iterations(allowed)}: one click may compute for "
                f"{budget.max_seconds:g} s; press again to go on")
    if status == "tab closed":
        return f"trained {_iterations(done)}, then stopped: the tab closed"
    if status == "handed over":
        return (f"trained {done} of {_iterations(allowed)}, then handed the compute slot to a "
                f"student waiting for it")
    return f"stopped after {_iterations(done)}: the run diverged"


def busy_outcome(requested: int, slots: ComputeSlots) -> Outcome:
    """The outcome of a call that found no free slot."""
    s = slots.stats()
    return Outcome("busy", int(requested), 0, 0, 0.0,
                   f"busy: {s['in_use']} of {s['capacity']} compute slots are training "
                   f"(and {s['waiting']} waiting), retrying")


def train_click(trainer, iterations: int, *, on_slice=None, budget: Budget = BUDGET,
                slots: ComputeSlots = SLOTS, wait: float = 0.0,
                on_wait: Callable[[float, int], None] | None = None,
                stop_every: int | None = None, chunk: bool = False,
                who: str | None = None, deadline: float | None = None,
                keep: int = 0, margin: float = 0.0, ride: Hashable | None = None) -> Outcome:
    """One training call under the server's rules: a slot, the budget, slices, callbacks.

    The slot is held for the whole call (all its slices): call it once a frame or a click, not
    once a chunk, or a busy server hands each frame a single chunk. ``stop_every`` ends slices
    at multiples of that many iterations (see ``run_budgeted``).

    wait = 0: does not wait (an ``Outcome`` with ``busy`` True when every slot is taken: the
    next request retries). wait > 0: waits in line at most ``wait`` seconds, calling
    ``on_wait(waited_seconds, position)`` every quarter second (right for a button). The line
    is ordered by urgency (``classroom.slots``): ``deadline`` (``time.monotonic()`` seconds),
    when the caller needs the result (now by default), pushed back by what ``who`` used lately.

    chunk=True: a chunk of a run the browser plays, which asks again for the rest: once it
    has ``keep`` iterations, it ends at its next slice when a caller more urgent by over
    ``margin`` seconds waits in line (a student who moved α, or whose animation runs out
    sooner, waits for a few iterations, not for the rest of this chunk).

    who: the tab asking (its fair share, see ``classroom.slots``); by default ``IDENTIFY()``,
    which the app sets once (``classroom.st_helpers.tab_key``). When that tab closes (``GONE``),
    the call leaves the line, or stops at its next slice ("tab closed").

    ride: a chunk's ``nn_core.batch.together_key`` (chunk=True): it is computed together with
    the chunks of that key waiting in line when it gets a slot, or, waiting in line, with the
    chunk of whoever gets one first (``classroom.convoy``). ``on_slice`` then runs in either
    thread: it must make no Streamlit call.
    """
    who = who if who is not None else (IDENTIFY() if IDENTIFY is not None else None)

    def gone() -> bool:
        return GONE is not None and who is not None and GONE(who)

    def waiting(waited: float, position: int) -> None:
        if gone():
            raise _TabGone
        if on_wait is not None:
            on_wait(waited, position)

    work = rider = None
    if ride is not None and chunk:
        allowed = budget.iterations_allowed(trainer.layer_dims, int(iterations), trainer.K)
        work = Work(trainer, allowed, int(iterations), on_slice, stop_every, who, gone)
        rider = Rider(ride, work)
    try:
        slot = (slots.try_acquire(who, deadline) if wait <= 0 else
                slots.acquire(wait, on_wait=waiting, who=who, deadline=deadline, rider=rider))
    except _TabGone:                           # unless taken meanwhile: then it is computed
        slot = rider if rider is not None and rider.taken else None
    if isinstance(slot, Rider):                 # computed with another student's chunk
        slot.done.wait()                        # the leader finishes every rider it took
        if work.error is not None:
            raise work.error
        return _outcome(*work.outcome(), budget)
    if slot is None:
        return busy_outcome(iterations, slots)

    def hand_over(done: int) -> bool:
        return done >= keep and slots.more_urgent_waiting(slot, margin)

    with slot:
        if work is not None:
            run_convoy(work, ride, slot, slots, budget, hand_over)
            return _outcome(*work.outcome(), budget)
        return run_budgeted(trainer, iterations, budget, on_slice, stop_every,
                            hand_over=hand_over if chunk else None, gone=gone)


def compute_shared(key: Hashable, compute: Callable[[], object], *,
                   cache: SharedCache = SHARED, slots: ComputeSlots = SLOTS,
                   wait: float = 60.0, keep: Callable[[object], bool] | None = None):
    """``compute()`` once per server for ``key``, in a compute slot, its frozen result shared.

    The one computation waits in line for a slot like everyone (not for the budget: it is done
    once for everybody) and should call no page code, so a closed tab does not cancel what the
    others are waiting for. ``compute`` must not take a slot itself. Raises ``CacheBusy`` when
    no slot is free, or the result is not ready, within ``wait`` seconds. ``keep(result)``
    False: the result is handed to the callers of this computation but not kept (see
    ``SharedCache.get_or_compute``).
    """
    def in_a_slot():
        slot = slots.acquire(wait)
        if slot is None:
            raise CacheBusy(f"no compute slot for the shared work {key!r} within {wait:g} s")
        with slot:
            return compute()

    return cache.get_or_compute(key, in_a_slot, wait=wait, keep=keep)
