import threading
import time

import numpy as np
import pytest

from classroom import click
from classroom import (Budget, CacheBusy, ComputeSlots, SharedCache, compute_shared, run_budgeted,
                       train_click)
from nn_core import BatchTrainer, Trainer
from nn_core.datasets import make_flower

X, Y = make_flower(m=100)


def trainer(lr=0.5, seed=1, dims=(2, 4, 1)):
    return Trainer(X, Y, list(dims), "tanh", learning_rate=lr, seed=seed)


def test_slices_compute_exactly_the_one_go_run():
    sliced, whole = trainer(), trainer()
    seen = []
    outcome = run_budgeted(sliced, 300, Budget(slice_seconds=1e-4),
                           on_slice=lambda t, done, allowed: seen.append((done, allowed)))
    whole.run(300)
    assert outcome.status == "done" and outcome.done == 300 and sliced.iteration == 300
    assert np.array_equal(sliced.costs, whole.costs)
    assert len(seen) > 1 and seen[-1] == (300, 300)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_the_budget_trims_and_says_so():
    t = trainer(dims=(2, 10, 1))                      # 11 units
    outcome = run_budgeted(t, 500, Budget(max_work=1100))
    assert (outcome.status, outcome.allowed, outcome.done, t.iteration) == ("budget", 100, 100, 100)
    assert "100 of the 500 iterations" in outcome.message


def test_batch_trainers_count_every_network():
    bt = BatchTrainer(X, Y, [2, 4, 1], "tanh", learning_rates=[0.1, 0.5, 1.0])   # 3 x 5 units
    outcome = run_budgeted(bt, 1000, Budget(max_work=150))
    assert outcome.allowed == 10 and outcome.done == 10


class SlowTrainer:
    """One iteration per 10 ms, to see the deadline."""
    layer_dims = [2, 1]
    K = 1
    all_diverged = False
    iteration = 0

    def run(self, iterations, deadline=None):
        time.sleep(0.01)
        self.iteration += 1
        return 1


def test_the_deadline_stops_a_long_click():
    slow = SlowTrainer()
    outcome = run_budgeted(slow, 1000, Budget(max_seconds=0.05))
    assert outcome.status == "deadline" and 1 <= outcome.done < 1000
    assert "may compute for 0.05 s" in outcome.message


def test_a_diverging_run_stops_the_click():
    t = trainer(lr=1e4)
    outcome = run_budgeted(t, 1000)
    assert outcome.status == "diverged" and t.diverged and outcome.done < 1000


def test_busy_when_every_slot_is_taken_and_the_slot_comes_back():
    slots = ComputeSlots(1)
    held = slots.try_acquire()
    outcome = train_click(trainer(), 10, slots=slots)
    assert outcome.busy and outcome.done == 0 and "1 of 1 compute slots" in outcome.message
    held.release()
    outcome = train_click(trainer(), 10, slots=slots)
    assert outcome.status == "done" and outcome.done == 10 and slots.in_use == 0


def test_waiting_for_a_slot_reports_and_then_trains():
    slots = ComputeSlots(1)
    held = slots.try_acquire()
    waits = []

    def on_wait(waited, position):          # told at once, then the other training ends
        waits.append(position)
        held.release()

    outcome = train_click(trainer(), 10, slots=slots, wait=10, on_wait=on_wait)
    assert outcome.status == "done" and waits[0] == 1 and slots.in_use == 0


class Stop(BaseException):
    """Streamlit's StopException is a BaseException raised by the page's next Streamlit call."""


def test_a_closed_tab_stops_the_training_at_the_next_slice_and_frees_the_slot():
    slots = ComputeSlots(1)
    t = trainer()

    def on_slice(trainer, done, allowed):
        raise Stop

    with pytest.raises(Stop):
        train_click(t, 10_000, slots=slots, budget=Budget(slice_seconds=0.001), on_slice=on_slice)
    assert slots.in_use == 0 and 1 <= t.iteration < 10_000


def run_of(make, iterations):
    """The work a page shares: a run of ``make()`` for ``iterations``, as plain data."""
    def compute():
        t = make()
        t.run(iterations)
        return {"iterations": t.iteration, "costs": t.costs, "W1": t.parameters["W1"]}
    return compute


def test_the_default_run_is_trained_once_and_shared_read_only():
    cache, slots = SharedCache(), ComputeSlots(2)
    made = []

    def make():
        made.append(1)
        return trainer(seed=3)

    records = []
    threads = [threading.Thread(target=lambda: records.append(
        compute_shared(("flower", 3), run_of(make, 200), cache=cache, slots=slots)))
        for _ in range(6)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(30)
    assert len(made) == 1 and len(records) == 6 and all(r is records[0] for r in records)
    record = records[0]
    direct = trainer(seed=3)
    direct.run(200)
    assert record["iterations"] == 200
    assert record["costs"] == tuple(direct.costs)
    assert np.array_equal(record["W1"], direct.parameters["W1"])
    with pytest.raises(ValueError):
        record["W1"][0, 0] = 0.0
    with pytest.raises(TypeError):
        record["iterations"] = 5                 # a read-only mapping
    assert slots.in_use == 0


def test_the_shared_run_is_busy_rather_than_hanging_without_a_slot():
    slots = ComputeSlots(1)
    held = slots.try_acquire()
    with pytest.raises(CacheBusy):
        compute_shared("k", run_of(trainer, 10), cache=SharedCache(), slots=slots, wait=0.05)
    held.release()


def test_slices_can_stop_at_multiples_of_an_iteration_count():
    t = trainer()
    t.run(7)
    seen = []
    outcome = run_budgeted(t, 50, Budget(slice_seconds=60),
                           on_slice=lambda tr, done, allowed: seen.append(tr.iteration),
                           stop_every=20)
    assert outcome.done == 50 and seen == [20, 40, 57]     # 7 -> 20 -> 40 -> 57
    whole = trainer()
    whole.run(57)
    assert np.array_equal(t.costs, whole.costs)


def test_one_slot_for_all_the_slices_of_a_call():
    slots = ComputeSlots(1)
    in_use = []
    outcome = train_click(trainer(), 60, slots=slots, stop_every=20,
                          on_slice=lambda tr, done, allowed: in_use.append(slots.in_use))
    assert outcome.done == 60 and in_use == [1, 1, 1] and slots.stats()["granted"] == 1


def test_a_chunk_hands_its_slot_to_a_student_waiting_in_line_at_its_next_slice():
    slots = ComputeSlots(1)
    t = trainer()
    started, got = threading.Event(), {}

    def wait_in_line():
        started.wait(30)
        slot = slots.acquire(60)                  # e.g. a student who moved α mid-run
        got["slot"] = slot is not None
        if slot is not None:
            slot.release()

    waiter = threading.Thread(target=wait_in_line)
    waiter.start()
    # the chunk's browser holds 5 s of animation: the student in line needs the slot sooner
    outcome = train_click(t, 10 ** 7, slots=slots, budget=Budget(max_seconds=60.0),
                          on_slice=lambda *a: started.set(), chunk=True,
                          deadline=time.monotonic() + 5.0)
    waiter.join(30)
    assert outcome.status == "handed over" and 1 <= outcome.done < 10 ** 7
    assert "handed the compute slot" in outcome.message and got["slot"]
    assert slots.in_use == 0


def test_a_click_keeps_its_slot_while_others_wait():
    slots = ComputeSlots(1)
    started = threading.Event()
    in_line = threading.Event()

    def wait_in_line():
        started.wait(30)
        in_line.set()
        slots.acquire(60).release()               # in line until the click is over

    def on_slice(*a):
        started.set()
        in_line.wait(30)                           # the rest trains with somebody in line

    waiter = threading.Thread(target=wait_in_line)
    waiter.start()
    outcome = train_click(trainer(), 3000, slots=slots, on_slice=on_slice,
                          budget=Budget(slice_seconds=1e-4))
    waiter.join(30)
    assert outcome.status == "done" and outcome.done == 3000


def test_a_closed_tab_leaves_the_line_and_its_chunk_stops_at_the_next_slice(monkeypatch):
    """The app says which tabs closed (``identify_tabs(..., gone)``): no core works for them."""
    closed = set()
    monkeypatch.setattr(click, "GONE", lambda who: who in closed)
    slots = ComputeSlots(1)
    held = slots.try_acquire()
    waited = {}
    waiter = threading.Thread(target=lambda: waited.setdefault(
        "o", train_click(trainer(), 10, slots=slots, wait=60, who="tab-2")))
    waiter.start()
    while not slots.waiting:
        time.sleep(0.005)
    closed.add("tab-2")
    waiter.join(30)
    assert waited["o"].busy and slots.waiting == 0 and slots.stats()["granted"] == 1
    held.release()

    def on_slice(t, done, allowed):
        closed.add("tab-3")                             # closed while its chunk trains
    outcome = train_click(trainer(), 10 ** 6, slots=slots, who="tab-3", on_slice=on_slice,
                          budget=Budget(max_seconds=60.0, slice_seconds=0.01), chunk=True)
    assert outcome.status == "tab closed" and 0 < outcome.done < 10 ** 6
    assert slots.in_use == 0
