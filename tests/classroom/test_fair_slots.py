"""The compute slots' line (``classroom.slots``): the most urgent first (the earliest deadline,
pushed back by what a tab used lately), a chunk under way handing its slot to a more urgent
caller, and never a free slot kept idle while somebody waits. A tab that kept the server busy
is served after the others, whatever it does in between (a Reset keeps the tab and its
account); alone, it may use every slot."""
import threading
import time

import numpy as np

from classroom import click, slots
from classroom.limits import Budget
from classroom.slots import ComputeSlots
from nn_core import Trainer


def _work(pool, who, seconds=0.05):
    slot = pool.try_acquire(who)
    assert slot is not None
    time.sleep(seconds)
    slot.release()


def _in_line(pool, order, who, deadline=None):
    """A thread that waits in line for a slot, notes ``who`` when served, gives it back."""
    def wait():
        slot = pool.acquire(30, poll=0.01, who=who, deadline=deadline)
        order.append(who)
        slot.release()
    thread = threading.Thread(target=wait)
    before = pool.waiting
    thread.start()
    for _ in range(6000):                               # in line before the next one comes
        if pool.waiting > before:
            return thread
        time.sleep(0.005)
    raise AssertionError(f"{who} did not wait in line")


def test_a_heavy_tab_waits_behind_a_lighter_one_that_came_later():
    pool = ComputeSlots(1)
    _work(pool, "hog", 0.2)                             # the hog has used some compute
    held = pool.try_acquire("other")
    order = []
    threads = [_in_line(pool, order, "hog"), _in_line(pool, order, "student")]
    held.release()
    for t in threads:
        t.join(30)
    assert order == ["student", "hog"]


def test_the_earliest_deadline_first_whatever_the_order_of_arrival():
    pool = ComputeSlots(1)
    held = pool.try_acquire()
    now, order = time.monotonic(), []
    threads = [_in_line(pool, order, "later", now + 3.0), _in_line(pool, order, "sooner", now),
               _in_line(pool, order, "middle", now + 1.0)]
    held.release()
    for t in threads:
        t.join(30)
    assert order == ["sooner", "middle", "later"]


def test_a_chunk_hands_over_to_a_more_urgent_caller_only():
    pool = ComputeSlots(1)
    now = time.monotonic()
    held = pool.try_acquire("a", deadline=now + 2.0)
    order = []
    later = _in_line(pool, order, "b", now + 5.0)
    assert not pool.more_urgent_waiting(held)           # b can wait: the chunk goes on
    sooner = _in_line(pool, order, "c", now)
    assert pool.more_urgent_waiting(held)               # c cannot: handed over at a slice
    held.release()
    for t in (later, sooner):
        t.join(30)
    assert order == ["c", "b"]


def test_no_slot_stands_idle_while_nobody_waits_and_a_reset_keeps_the_account():
    pool = ComputeSlots(1)
    _work(pool, "hog", 0.1)
    used = pool.used("hog")
    assert used > 0
    slot = pool.try_acquire("hog")                      # nobody else wants it: the hog goes on
    assert slot is not None
    slot.release()
    assert pool.used("hog") >= used * 0.9               # the same tab, the same account


def test_alone_a_tab_may_use_every_slot_and_its_account_fades():
    pool = ComputeSlots(2)
    a, b = pool.try_acquire("hog"), pool.try_acquire("hog")
    assert a is not None and b is not None
    a.release(), b.release()
    used = pool.used("hog")
    assert used > 0 and pool.used("hog", now=time.monotonic() + slots.HALF_LIFE) < used * 0.51


def test_train_click_finds_the_tab_through_the_apps_hook(monkeypatch):
    pool = ComputeSlots(1)
    monkeypatch.setattr(click, "IDENTIFY", lambda: "tab-7")
    X = np.random.default_rng(0).normal(size=(2, 20))
    t = Trainer(X, (X[:1] > 0).astype(float), [2, 4, 1], "relu", learning_rate=0.1, seed=1)
    click.train_click(t, 50, slots=pool)
    assert pool.used("tab-7") > 0


def test_a_chunk_hands_over_when_a_lighter_tab_waits():
    """A long chunk of a heavy tab ends early once a lighter tab waits in line for the slot."""
    pool = ComputeSlots(1)
    _work(pool, "hog", 0.2)
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
    order = []
    student = _in_line(pool, order, "student")
    worker.join(60)
    student.join(60)
    assert outcome["o"].status == "handed over" and order == ["student"]


def test_a_freed_slot_wakes_only_who_is_first_in_line():
    """Twenty wait in line for one slot, each giving it back at once: each is woken once, when
    the slot is its own (``on_wait`` is called at each wake-up that does not serve it; with the
    old notify_all, every release woke all the others, about 200 calls)."""
    pool = ComputeSlots(1)
    held = pool.try_acquire()
    calls, order, threads = [], [], []
    for k in range(20):
        def wait(k=k):
            slot = pool.acquire(120, on_wait=lambda waited, pos: calls.append(k), poll=60,
                                who=f"tab{k}", deadline=float(k))
            order.append(k)
            slot.release()
        threads.append(threading.Thread(target=wait))
        threads[-1].start()
        for _ in range(6000):                           # in line before the next one comes
            if pool.waiting == k + 1:
                break
            time.sleep(0.005)
    held.release()
    for t in threads:
        t.join(120)
    assert order == list(range(20))                     # earliest deadline first
    assert sorted(calls) == list(range(20))             # once each: when it joined the line
