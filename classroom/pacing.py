"""How often a playing page may redraw: one frame budget for the whole server, shared.

A live view redraws from a fragment timer (``st.fragment(run_every=...)``), and every tick of
every tab is a run of the page's fragment: some milliseconds of Python to train a slice and
build the figures. Streamlit has no back-pressure: the browser sends a tick every interval
whether or not the last one was drawn, so forty students at four frames a second ask for 160
frames a second, far more than one process can draw; every session then falls behind and the
training itself, starved of the interpreter, nearly stops.

``FramePacer`` shares a number of frames a second among the sessions that are playing:

    every = PACER.interval(key)                       # at each full run, while playing
    @st.fragment(run_every=every)
    def live_view():
        if PACER.repace(key, every):                  # the class got busier (or quieter)
            st.rerun()                                # a full run sets the new interval
        iterations = PACER.scaled(speed, every)       # same learning per second, fewer frames

One student alone gets the page's own pace (``base``, e.g. 4 frames a second); forty share
``frames_per_second`` (e.g. 20: one frame every 2 s each), with at most ``max_interval`` between
two frames. A session counts as playing while it calls ``interval`` or ``repace`` (each frame
does), and stops counting ``ttl`` seconds after its last call or at ``stop``.
"""
from __future__ import annotations

import os
import threading
import time
from collections.abc import Hashable


def default_frames_per_second() -> float:
    """``CLASSROOM_FRAMES_PER_SECOND`` if set, else 20 (a live frame of the app: ~25 ms)."""
    return float(os.environ.get("CLASSROOM_FRAMES_PER_SECOND", "") or 20.0)


class FramePacer:
    """Shares ``frames_per_second`` among the playing sessions (see the module docstring)."""

    def __init__(self, frames_per_second: float | None = None, base: float = 0.25,
                 max_interval: float = 4.0, ttl: float = 10.0, clock=time.monotonic):
        self.frames_per_second = (default_frames_per_second() if frames_per_second is None
                                  else float(frames_per_second))
        if self.frames_per_second <= 0:
            raise ValueError("frames_per_second must be positive")
        self.base, self.max_interval, self.ttl = float(base), float(max_interval), float(ttl)
        self._clock = clock
        self._lock = threading.Lock()
        self._seen: dict[Hashable, float] = {}

    def playing(self) -> int:
        """How many sessions are playing now."""
        with self._lock:
            return self._prune(self._clock())

    def _prune(self, now: float) -> int:
        for key in [k for k, t in self._seen.items() if now - t > self.ttl]:
            del self._seen[key]
        return len(self._seen)

    def interval(self, key: Hashable) -> float:
        """Seconds between two frames of session ``key``, which counts as playing from now.

        max(base, playing / frames_per_second), at most max_interval:
        1 playing, 20 frames/s, base 0.25 -> 0.25;  40 playing -> 2.0
        """
        with self._lock:
            now = self._clock()
            self._seen[key] = now
            n = self._prune(now)
        return min(self.max_interval, max(self.base, n / self.frames_per_second))

    def repace(self, key: Hashable, current: float | None, tolerance: float = 1.5) -> bool:
        """True when ``current`` (the fragment's run_every) is off by more than ``tolerance``
        times from what the server can give now: the page should rerun in full to re-pace."""
        wanted = self.interval(key)
        if not current:
            return False
        return wanted > current * tolerance or wanted * tolerance < current

    def stop(self, key: Hashable) -> None:
        """Session ``key`` stopped playing (paused, finished, left the page)."""
        with self._lock:
            self._seen.pop(key, None)

    def scaled(self, per_frame: int, every: float | None) -> int:
        """Iterations for a frame ``every`` seconds apart that keep the pace of ``per_frame``
        iterations every ``base`` seconds: 25 a frame at 0.25 s -> 200 a frame at 2 s."""
        if not every or every <= self.base:
            return int(per_frame)
        return max(1, int(round(per_frame * every / self.base)))


#: The one pacer of this server process.
PACER = FramePacer()
