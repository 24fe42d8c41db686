import threading
import time

import pytest

from classroom import ComputeSlots, default_capacity


def test_capacity_defaults_to_the_cores_or_the_environment(monkeypatch):
    monkeypatch.setenv("CLASSROOM_SLOTS", "3")
    assert default_capacity() == 3
    assert ComputeSlots().capacity == 3
    monkeypatch.delenv("CLASSROOM_SLOTS")
    assert default_capacity() >= 1
    with pytest.raises(ValueError):
        ComputeSlots(0)


def test_try_acquire_never_waits_and_says_no_when_full():
    slots = ComputeSlots(2)
    a, b = slots.try_acquire(), slots.try_acquire()
    assert a is not None and b is not None
    assert slots.try_acquire() is None
    assert slots.stats() == {"capacity": 2, "in_use": 2, "waiting": 0, "granted": 2, "refused": 1}
    a.release()
    a.release()                       # a second release gives nothing back twice
    assert slots.in_use == 1
    c = slots.try_acquire()
    assert c is not None and slots.try_acquire() is None


class Stop(BaseException):
    """Like Streamlit's StopException: a BaseException raised in the middle of the work."""


def test_a_with_block_gives_the_slot_back_even_when_stopped():
    slots = ComputeSlots(1)
    with pytest.raises(Stop):
        with slots.try_acquire():
            assert slots.in_use == 1
            raise Stop
    assert slots.in_use == 0


def test_acquire_waits_in_line_first_come_first_served():
    slots = ComputeSlots(1)
    held = slots.try_acquire()
    order, threads = [], []

    def waiter(name):
        slot = slots.acquire(timeout=20, poll=0.01)
        order.append(name)
        slot.release()

    for name in "abc":
        t = threading.Thread(target=waiter, args=(name,))
        t.start()
        threads.append(t)
        while slots.waiting < len(threads):     # each is in line before the next arrives
            time.sleep(0.005)
    assert slots.try_acquire() is None          # no jumping the line
    held.release()
    for t in threads:
        t.join(10)
    assert order == ["a", "b", "c"]
    assert slots.in_use == 0 and slots.waiting == 0


def test_acquire_gives_up_after_its_timeout_and_reports_while_waiting():
    slots = ComputeSlots(1)
    held = slots.try_acquire()
    seen = []
    assert slots.acquire(timeout=0.2, poll=0.02, on_wait=lambda w, pos: seen.append(pos)) is None
    assert seen and set(seen) == {1}            # told "first in line" while waiting
    assert slots.waiting == 0 and slots.stats()["refused"] == 1
    held.release()


def test_a_waiter_stopped_by_its_callback_leaves_the_line():
    slots = ComputeSlots(1)
    held = slots.try_acquire()

    def on_wait(waited, position):
        raise Stop

    with pytest.raises(Stop):
        slots.acquire(timeout=5, poll=0.01, on_wait=on_wait)
    assert slots.waiting == 0
    held.release()
    assert slots.try_acquire() is not None


def test_never_more_than_capacity_at_once_under_contention():
    slots = ComputeSlots(2)
    lock = threading.Lock()
    running = peak = 0
    granted = refused = 0

    def worker():
        nonlocal running, peak, granted, refused
        for _ in range(20):
            slot = slots.try_acquire() if _ % 2 else slots.acquire(timeout=5, poll=0.005)
            if slot is None:
                with lock:
                    refused += 1
                continue
            with slot:
                with lock:
                    running += 1
                    peak = max(peak, running)
                    granted += 1
                time.sleep(0.001)
                with lock:
                    running -= 1

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert peak <= 2
    assert granted + refused == 160 and slots.stats()["granted"] == granted
    assert slots.in_use == 0 and slots.waiting == 0
