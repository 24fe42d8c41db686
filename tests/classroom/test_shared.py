import threading
from types import MappingProxyType

import numpy as np
import pytest

from classroom import CacheBusy, SharedCache, freeze


def test_freeze_makes_a_read_only_deep_copy():
    W = np.ones((2, 3))
    frozen = freeze({"W1": W, "costs": [0.7, 0.6], "name": "relu", "n": 3})
    assert isinstance(frozen, MappingProxyType)
    assert frozen["costs"] == (0.7, 0.6)
    with pytest.raises(ValueError):
        frozen["W1"][0, 0] = 5.0              # read-only array
    with pytest.raises(TypeError):
        frozen["W1"] = W                      # read-only mapping
    W[0, 0] = 9.0                             # the original stays the caller's own
    assert frozen["W1"][0, 0] == 1.0
    with pytest.raises(TypeError, match="cannot share a set"):
        freeze({1, 2})


def test_one_computation_for_many_callers_arriving_together():
    cache = SharedCache()
    started, release = threading.Event(), threading.Event()
    calls = []

    def compute():
        calls.append(1)
        started.set()
        release.wait(10)
        return {"W1": np.arange(4.0)}

    results = []
    def caller():
        results.append(cache.get_or_compute("default", compute))

    threads = [threading.Thread(target=caller) for _ in range(8)]
    threads[0].start()
    started.wait(10)
    for t in threads[1:]:
        t.start()
    release.set()
    for t in threads:
        t.join(10)
    assert len(calls) == 1 and cache.computations == 1 and cache.hits == 7
    assert len(results) == 8 and all(r is results[0] for r in results)   # the same object
    assert not results[0]["W1"].flags.writeable


def test_a_failed_computation_is_not_kept():
    cache = SharedCache()

    def boom():
        raise RuntimeError("no data")

    with pytest.raises(RuntimeError):
        cache.get_or_compute("k", boom)
    assert len(cache) == 0
    assert cache.get_or_compute("k", lambda: 3) == 3


def test_a_value_it_should_not_keep_is_handed_over_and_computed_again_next_time():
    cache, calls = SharedCache(), []

    def run():
        calls.append(1)
        return {"complete": len(calls) > 1, "n": len(calls)}

    complete = lambda value: value["complete"]     # noqa: E731
    first = cache.get_or_compute("k", run, keep=complete)
    assert first["n"] == 1 and not first["complete"] and len(cache) == 0
    second = cache.get_or_compute("k", run, keep=complete)
    assert second["complete"] and cache.get_or_compute("k", run, keep=complete) is second
    assert len(calls) == 2


class Stop(BaseException):
    pass


def test_a_waiter_computes_again_when_the_computing_session_was_stopped():
    cache = SharedCache()
    started, release = threading.Event(), threading.Event()

    def stopped():
        started.set()
        release.wait(10)
        raise Stop                            # the first student's tab closed

    def owner():
        with pytest.raises(Stop):
            cache.get_or_compute("k", stopped)

    t = threading.Thread(target=owner)
    t.start()
    started.wait(10)
    got = []
    w = threading.Thread(target=lambda: got.append(cache.get_or_compute("k", lambda: 42)))
    w.start()
    release.set()
    t.join(10)
    w.join(10)
    assert got == [42] and cache.computations == 2


def test_a_waiter_is_told_busy_after_its_wait():
    cache = SharedCache()
    started, release = threading.Event(), threading.Event()

    def slow():
        started.set()
        release.wait(10)
        return 1

    t = threading.Thread(target=lambda: cache.get_or_compute("k", slow))
    t.start()
    started.wait(10)
    with pytest.raises(CacheBusy):
        cache.get_or_compute("k", slow, wait=0.05)
    release.set()
    t.join(10)
    assert cache.get_or_compute("k", slow) == 1 and cache.computations == 1


def test_the_cache_keeps_only_the_most_recently_used():
    cache = SharedCache(maxsize=2)
    for key in "abc":
        cache.get_or_compute(key, lambda key=key: key.upper())
    kept = cache.computations
    assert cache.get_or_compute("b", str) == "B" and cache.get_or_compute("c", str) == "C"
    assert cache.computations == kept                   # b and c kept: not computed again
    assert cache.get_or_compute("a", lambda: "again") == "again"    # a was dropped
