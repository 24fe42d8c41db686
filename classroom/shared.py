"""A process-wide read-only cache: identical work done once per server, its result shared.

When thirty students open the live-training page with the default settings and the default
seed, the run is the same for all of them. ``SharedCache.get_or_compute(key, compute)`` computes
it once (the first caller computes; callers arriving meanwhile wait for that result instead of
computing it again) and hands every caller the same *frozen* value: NumPy arrays read-only,
lists turned into tuples, dicts into read-only mappings. A student's session never holds a
writable reference to a shared object, so one session cannot change what another sees.

The cache is small (``maxsize`` entries, least recently used dropped first): it is meant for the
few default configurations of the pages, not for every student's settings.
"""
from __future__ import annotations

import dataclasses
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from types import MappingProxyType
from typing import Any

import numpy as np


class CacheBusy(TimeoutError):
    """The value is being computed by another session and was not ready within ``wait``."""


def freeze(value: Any) -> Any:
    """A read-only deep copy: arrays copied and made read-only, list -> tuple, dict -> mapping.

    Frozen dataclasses are rebuilt with frozen fields; numbers, strings and None are kept.
    """
    if isinstance(value, np.ndarray):
        frozen = np.array(value, copy=True)
        frozen.setflags(write=False)
        return frozen
    if isinstance(value, (dict, MappingProxyType)):
        return MappingProxyType({k: freeze(v) for k, v in value.items()})
    if isinstance(value, (list, tuple)):
        return tuple(freeze(v) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        if not value.__dataclass_params__.frozen:
            raise TypeError(f"only frozen dataclasses can be shared, got {type(value).__name__}")
        return dataclasses.replace(value, **{f.name: freeze(getattr(value, f.name))
                                             for f in dataclasses.fields(value)})
    if isinstance(value, (int, float, complex, str, bytes, bool, type(None), np.generic)):
        return value
    raise TypeError(f"cannot share a {type(value).__name__} read-only; "
                    "use arrays, numbers, strings, lists, dicts or frozen dataclasses")


class _Entry:
    __slots__ = ("ready", "value", "error")

    def __init__(self):
        self.ready = threading.Event()
        self.value = None
        self.error: BaseException | None = None


class SharedCache:
    """``get_or_compute(key, compute)``: one computation per key, the frozen result shared."""

    def __init__(self, maxsize: int = 8):
        self.maxsize = int(maxsize)
        self._lock = threading.Lock()
        self._entries: OrderedDict[Hashable, _Entry] = OrderedDict()
        self.computations = 0
        self.hits = 0

    def get_or_compute(self, key: Hashable, compute: Callable[[], Any],
                       wait: float | None = 60.0,
                       keep: Callable[[Any], bool] | None = None) -> Any:
        """The frozen value for ``key``, computed by ``compute()`` on the first call only.

        A caller that finds the computation under way waits at most ``wait`` seconds
        (``CacheBusy`` after that; None waits without end). If ``compute`` raises, nothing is
        kept: the error goes to the caller that computed and to those waiting, and the next
        call computes again. If the computing caller was stopped (a ``BaseException`` such as
        Streamlit's stop when its tab closed), one of the waiting callers computes instead.
        ``keep(value)`` False (a run cut short): the value goes to the computing caller and to
        those waiting, and is not kept; the next call computes again.
        """
        while True:
            with self._lock:
                entry = self._entries.get(key)
                if entry is not None:
                    self._entries.move_to_end(key)
                    owner = False
                else:
                    entry = self._entries[key] = _Entry()
                    owner = True
                    self.computations += 1
            if owner:
                return self._compute(key, entry, compute, keep)
            if not entry.ready.wait(wait):
                raise CacheBusy(f"the shared result for {key!r} is still being computed")
            if entry.error is None:
                with self._lock:
                    self.hits += 1
                return entry.value
            if isinstance(entry.error, Exception):
                raise entry.error
            # The computing session was stopped (its tab closed: Streamlit's StopException is a
            # BaseException): that is no reason to stop this one. Compute again.

    def _compute(self, key, entry: _Entry, compute, keep=None):
        try:
            entry.value = freeze(compute())
        except BaseException as error:
            entry.error = error
            with self._lock:
                if self._entries.get(key) is entry:
                    del self._entries[key]
            raise
        finally:
            entry.ready.set()
        with self._lock:
            if keep is not None and not keep(entry.value):
                if self._entries.get(key) is entry:
                    del self._entries[key]
                return entry.value
            while len(self._entries) > self.maxsize:
                oldest = next(iter(self._entries))
                if not self._entries[oldest].ready.is_set():
                    break                       # never drop a computation under way
                del self._entries[oldest]
        return entry.value

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


#: The one shared cache of this server process.
SHARED = SharedCache()
