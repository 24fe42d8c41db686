"""Fair shares of the compute slots (``classroom.slots``): a tab that kept the server busy
gives the slot to a tab that used less, whatever it does in between (a Reset keeps the tab
and its account); alone, it may use every slot."""
import threading
import time

from classroom import click, slots
from classroom.slots import ComputeSlots


def _work(pool, who, seconds=0.05):
    slot = pool.try_acquire(who)
    assert slot is not None
    time.sleep(seconds)
    slot.release()


def test_a_heavy_tab_hands_the_slot_to_a_lighter_one():
    pool = ComputeSlots(1)
    _work(pool, "hog")                                 # the hog has used some compute
    held = pool.try_acquire("hog")                     # ...and holds the slot again
    assert pool.try_acquire("student") is None         # the student asks: refused, waiting
    assert pool.lighter_waiting("hog")                 # the hog's chunk ends at its next slice
    held.release()
    assert pool.try_acquire("hog") is None             # kept for the student (a Reset changes
    assert pool.try_acquire("hog") is None             # nothing: same tab, same account)
    mine = pool.try_acquire("student")
    assert mine is not None
    mine.release()
    assert not pool.lighter_waiting("hog")
    assert pool.try_acquire("hog") is not None         # nobody else wants it: the hog goes on


def test_alone_a_tab_may_use_every_slot_and_its_account_fades():
    pool = ComputeSlots(2)
    a, b = pool.try_acquire("hog"), pool.try_acquire("hog")
    assert a is not None and b is not None
    a.release(), b.release()
    used = pool.used("hog")
    assert used > 0 and pool.used("hog", now=time.monotonic() + slots.HALF_LIFE) < used * 0.51


def test_train_click_finds_the_tab_through_the_apps_hook(monkeypatch):
    from nn_core import Trainer
    import numpy as np
    pool = ComputeSlots(1)
    monkeypatch.setattr(click, "IDENTIFY", lambda: "tab-7")
    X = np.random.default_rng(0).normal(size=(2, 20))
    t = Trainer(X, (X[:1] > 0).astype(float), [2, 4, 1], "relu", learning_rate=0.1, seed=1)
    click.train_click(t, 50, slots=pool)
    assert pool.used("tab-7") > 0


def test_a_chunk_hands_over_when_a_lighter_tab_waits():
    """A long chunk of a heavy tab ends early once a lighter tab has been refused."""
    from nn_core import Trainer
    import numpy as np
    from classroom.limits import Budget
    pool = ComputeSlots(1)
    _work(pool, "hog")
    X = np.random.default_rng(0).normal(size=(2, 2000))
    t = Trainer(X, (X[:1] > 0).astype(float), [2, 64, 64, 1], "relu", learning_rate=0.01, seed=1)
    started = threading.Event()

    def on_slice(trainer, done, allowed):
        started.set()

    outcome = {}
    worker = threading.Thread(target=lambda: outcome.setdefault("o", click.train_click(
        t, 100_000, slots=pool, who="hog", chunk=True, on_slice=on_slice,
        budget=Budget(max_work=10**9, max_seconds=600, slice_seconds=0.02))))
    worker.start()
    assert started.wait(60)
    assert pool.try_acquire("student") is None          # refused: now it waits
    worker.join(60)
    assert outcome["o"].status == "handed over"
    assert pool.try_acquire("student") is not None


def test_the_lighter_tab_waits_for_the_hand_over_the_heavier_does_not():
    pool = ComputeSlots(1)
    _work(pool, "hog")
    held = pool.try_acquire("hog")
    got = {}
    student = threading.Thread(target=lambda: got.setdefault("slot", pool.try_fair("student", 30)))
    student.start()
    while not pool.waiting:                             # the student is in line
        time.sleep(0.01)
    held.release()                                      # the hog's next slice: handed over
    student.join(30)
    assert got["slot"] is not None
    assert pool.try_fair("hog", 30) is None             # heavier than the holder: no waiting
