"""Chunks computed as one (``classroom.convoy``): the chunk that gets a compute slot takes
along the chunks of the same shape waiting in line; each gets its own numbers."""
import threading
import time

import numpy as np
import pytest

from classroom import click
from classroom import Budget, ComputeSlots, train_click
from nn_core import Trainer
from nn_core.batch import together_key

rng = np.random.default_rng(3)
X = rng.random((300, 40))                   # photos-like: more features than examples
Y = (X[:10].sum(axis=0, keepdims=True) > 5).astype(int)
G = X.T @ X
DIMS = [300, 7, 1]


def trainer(seed: int, lr: float = 0.01) -> Trainer:
    return Trainer(X, Y, DIMS, "relu", learning_rate=lr, seed=seed, gram=G)


def chunks_in_line(slots, trainers, wants, whos, on_slice=None):
    """Each trainer's chunk asked from a thread of its own while ``slots``' one slot is held,
    until all wait in line; then the slot is given back. Returns (outcomes, errors) by index."""
    held = slots.try_acquire()
    outcomes, errors = {}, {}

    def ask(i):
        try:
            outcomes[i] = train_click(trainers[i], wants[i], slots=slots, wait=60, chunk=True,
                                      stop_every=20, who=whos[i], ride=together_key(trainers[i]),
                                      on_slice=None if on_slice is None else on_slice(i),
                                      budget=Budget(max_seconds=60.0),
                                      deadline=time.monotonic() + i)
        except Exception as error:              # noqa: BLE001 - what the caller sees
            errors[i] = error

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(len(trainers))]
    for th in threads:
        th.start()
    end = time.monotonic() + 30
    while slots.waiting < len(trainers) and time.monotonic() < end:
        time.sleep(0.005)
    assert slots.waiting == len(trainers)
    held.release()
    for th in threads:
        th.join(60)
    return outcomes, errors


def test_the_chunks_waiting_in_line_ride_with_the_first_and_get_their_own_numbers():
    slots = ComputeSlots(1)
    seeds, wants = [1, 2, 3, 4], [100, 100, 60, 100]
    together = [trainer(s, lr) for s, lr in zip(seeds, (0.01, 0.02, 0.01, 0.05))]
    together[3].run(30)                           # at its own iteration
    outcomes, errors = chunks_in_line(slots, together, wants, [f"tab-{i}" for i in range(4)])
    assert not errors
    # one slot granted after the held one: the first in line's, which computed all four
    assert slots.stats()["granted"] == 2 and slots.in_use == 0 and slots.waiting == 0
    for i, (seed, lr) in enumerate(zip(seeds, (0.01, 0.02, 0.01, 0.05))):
        lone = trainer(seed, lr)
        lone.run(30 if i == 3 else 0)
        lone.run(outcomes[i].done)
        assert outcomes[i].status == "done" and outcomes[i].done == wants[i]
        assert together[i].costs == lone.costs and together[i].status == lone.status
    # each tab is charged its share of the slot's time
    assert all(slots.used(f"tab-{i}") > 0 for i in range(4))


def test_a_rider_whose_chunk_is_longer_gets_what_the_leaders_chunk_covered():
    slots = ComputeSlots(1)
    together = [trainer(1), trainer(2)]
    outcomes, errors = chunks_in_line(slots, together, [40, 200], ["a", "b"])
    assert not errors
    assert (outcomes[0].status, outcomes[0].done) == ("done", 40)
    assert outcomes[1].status == "handed over" and outcomes[1].done == 40
    assert together[1].iteration == 40


def test_a_riders_failing_slice_is_raised_in_its_own_thread_and_the_others_go_on():
    slots = ComputeSlots(1)
    together = [trainer(1), trainer(2), trainer(3)]

    def on_slice(i):
        def seen(t, done, allowed):
            if i == 1:
                raise RuntimeError("rider 1's page is gone")
        return seen
    outcomes, errors = chunks_in_line(slots, together, [60, 60, 60], ["a", "b", "c"], on_slice)
    assert list(errors) == [1] and "rider 1" in str(errors[1])
    assert outcomes[0].done == 60 and outcomes[2].done == 60


def test_a_rider_whose_tab_closed_stops_at_the_next_slice(monkeypatch):
    closed = set()
    monkeypatch.setattr(click, "GONE", lambda who: who in closed)
    slots = ComputeSlots(1)
    together = [trainer(1), trainer(2)]

    def on_slice(i):
        return (lambda t, done, allowed: closed.add("b")) if i == 0 else None
    outcomes, errors = chunks_in_line(slots, together, [100, 100], ["a", "b"], on_slice)
    assert not errors
    assert outcomes[0].done == 100
    assert outcomes[1].status == "tab closed" and 0 < outcomes[1].done < 100


@pytest.mark.parametrize("ride", [False, True])
def test_a_lone_chunk_is_the_same_with_or_without_a_key(ride):
    t, lone = trainer(5), trainer(5)
    outcome = train_click(t, 90, slots=ComputeSlots(1), chunk=True, stop_every=20,
                          ride=together_key(t) if ride else None)
    lone.run(90)
    assert outcome.status == "done" and outcome.done == 90 and t.costs == lone.costs


def test_a_rider_whose_tab_closes_as_it_is_taken_waits_for_the_leader(monkeypatch):
    """Taken out of the line just as its tab is found closed: its thread still waits for the
    leader, which is computing its trainer (never 'busy' while its trainer trains)."""
    slots = ComputeSlots(1)
    taken = threading.Event()
    take = slots.take_riders

    def take_and_say(key, limit):
        riders = take(key, limit)
        if riders:
            taken.set()
        return riders
    monkeypatch.setattr(slots, "take_riders", take_and_say)
    # tab b is found closed only once the leader took its chunk (its first look waits for it)
    monkeypatch.setattr(click, "GONE", lambda who: who == "b" and taken.wait(30))
    held = slots.try_acquire()
    a, b = trainer(1), trainer(2)
    out = {}

    def ask(name, t, urgency):
        out[name] = train_click(t, 100, slots=slots, wait=60, chunk=True, stop_every=20,
                                who=name, ride=together_key(t), budget=Budget(max_seconds=60.0),
                                deadline=time.monotonic() + urgency)
    threads = [threading.Thread(target=ask, args=("b", b, 5.0))]
    threads[0].start()
    while slots.waiting < 1:
        time.sleep(0.005)
    threads.append(threading.Thread(target=ask, args=("a", a, 0.0)))
    threads[1].start()
    while slots.waiting < 2:
        time.sleep(0.005)
    held.release()
    for th in threads:
        th.join(60)
    assert out["a"].status == "done" and out["a"].done == 100
    assert out["b"].status == "tab closed" and 0 < out["b"].done == b.iteration < 100
    assert slots.in_use == 0 and slots.waiting == 0
