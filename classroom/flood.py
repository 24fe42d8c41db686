"""How many reruns one tab may ask for: what a person can do, not what a script can.

A tab asks the server to rerun its page when a widget changes, a button is pressed or a
fragment timer fires. A person does a few a second at most; a scripted websocket can send
hundreds, and every rerun of a page costs the server about 0.1 s of CPU. ``RerunBudget`` judges
each request of one connection, before Streamlit sees it:

* ``RUN``: within the budget (``per_second`` in any second, ``per_window`` in any ``window``
  seconds; fragment-timer ticks count only against ``per_second``: a board redrawn every few
  seconds all lesson long). A request is a tick only when ``FragmentTimers`` says so: its
  fragment is one the *server* told the tab to rerun on a timer (``run_every``), and it comes
  no faster than that timer's interval; the tab's own flag (``is_auto_rerun``) proves nothing;
* ``HOLD``: over the budget. The request waits and a newer one replaces it (a rerun carries
  every widget's value, so the last one says all): the tab is slowed, its requests coalesced;
* ``DROP``: the connection has asked for ``drop_after`` requests more than its budget within
  one window. It gets one last run, which shows ``MESSAGE`` (``classroom.st_helpers
  .stop_if_dropped``), and nothing else runs for it; if it keeps sending for ``close_after``
  seconds its websocket is closed, and its address may not open a new one for ``cooldown``
  seconds.

Pure Python, no Streamlit: ``classroom.flood_asgi`` applies these rules to Streamlit's
websocket, and ``FLOOD`` is the registry both sides share within the server process.
"""
from __future__ import annotations

import threading
import time
from collections import deque
from dataclasses import dataclass

RUN, HOLD, DROP, DROPPED = "run", "hold", "drop", "dropped"

#: What the page shows a dropped tab.
MESSAGE = ("This tab asked the server for more than {per_second} page updates a second (or "
           "{per_window} in {window:g} s), more than a person can click, so the server stopped "
           "answering it to keep the class running. Reload the page to continue.")


@dataclass(frozen=True)
class FloodRules:
    """The budget of one connection. Defaults: 10 reruns a second, 30 in 10 s."""

    per_second: int = 10
    per_window: int = 30
    window: float = 10.0
    drop_after: int = 30         # requests over the budget within one window
    close_after: float = 5.0     # a dropped connection still sending is closed after this
    cooldown: float = 30.0       # its address may not open a new websocket for this long

    @property
    def message(self) -> str:
        return MESSAGE.format(per_second=self.per_second, per_window=self.per_window,
                              window=self.window)


class RerunBudget:
    """The rules applied to the requests of one connection (one tab). Not thread-safe: one
    connection's requests arrive one after another."""

    def __init__(self, rules: FloodRules = FloodRules()):
        self.rules = rules
        self._runs: deque[float] = deque()       # forwarded requests that count for the window
        self._recent: deque[float] = deque()     # every forwarded request, last second
        self._over: deque[float] = deque()       # requests over the budget, last window
        self.dropped_at: float | None = None
        self.counts = {RUN: 0, HOLD: 0, DROP: 0, DROPPED: 0}

    def _prune(self, now: float) -> None:
        for queue, age in ((self._runs, self.rules.window), (self._recent, 1.0),
                           (self._over, self.rules.window)):
            while queue and now - queue[0] >= age:
                queue.popleft()

    def _fits(self, timer_tick: bool) -> bool:
        return (len(self._recent) < self.rules.per_second
                and (timer_tick or len(self._runs) < self.rules.per_window))

    def ask(self, now: float | None = None, timer_tick: bool = False) -> str:
        """The verdict on one rerun request: RUN, HOLD, DROP (this one; the connection is
        dropped from now on) or DROPPED (it already was)."""
        now = time.monotonic() if now is None else now
        if self.dropped_at is not None:
            verdict = DROPPED
        else:
            self._prune(now)
            if self._fits(timer_tick):
                self._take(now, timer_tick)
                verdict = RUN
            else:
                self._over.append(now)
                verdict = HOLD
                if len(self._over) > self.rules.drop_after:
                    self.dropped_at, verdict = now, DROP
        self.counts[verdict] += 1
        return verdict

    def _take(self, now: float, timer_tick: bool) -> None:
        self._recent.append(now)
        if not timer_tick:
            self._runs.append(now)

    def release(self, now: float | None = None, timer_tick: bool = False) -> bool:
        """Run a held request now if the budget allows it (True) and count it as run."""
        now = time.monotonic() if now is None else now
        if self.dropped_at is not None:
            return False
        self._prune(now)
        if not self._fits(timer_tick):
            return False
        self._take(now, timer_tick)
        return True

    def wait(self, now: float | None = None, timer_tick: bool = False) -> float:
        """Seconds until a held request may run (0 when it may run now)."""
        now = time.monotonic() if now is None else now
        self._prune(now)
        waits = [0.0]
        if len(self._recent) >= self.rules.per_second:
            waits.append(self._recent[len(self._recent) - self.rules.per_second] + 1.0 - now)
        if not timer_tick and len(self._runs) >= self.rules.per_window:
            waits.append(self._runs[len(self._runs) - self.rules.per_window]
                         + self.rules.window - now)
        return max(waits)

    def should_close(self, now: float | None = None) -> bool:
        """A dropped connection that is still sending, ``close_after`` seconds on."""
        now = time.monotonic() if now is None else now
        return self.dropped_at is not None and now - self.dropped_at >= self.rules.close_after


class FragmentTimers:
    """The fragments the server runs on a timer in one tab (``st.fragment(run_every=...)``), as
    the server announced them, and when each last ticked. Not thread-safe (one connection)."""

    #: A tick may come this share of its interval early (the network's jitter).
    SLACK = 0.5

    def __init__(self):
        self.intervals: dict[str, float] = {}
        self._last: dict[str, float] = {}

    def start(self, fragment_id: str, interval: float) -> None:
        if fragment_id and interval > 0:
            self.intervals[fragment_id] = float(interval)

    def stop(self, fragment_ids) -> None:
        for fid in fragment_ids:
            self.intervals.pop(fid, None)
            self._last.pop(fid, None)

    def is_tick(self, fragment_id: str, auto: bool, now: float | None = None) -> bool:
        """True for a timer's tick at its own rate (and noted); False for anything else, which
        the budget then counts as a person's request."""
        interval = self.intervals.get(fragment_id) if auto and fragment_id else None
        if interval is None:
            return False
        now = time.monotonic() if now is None else now
        last = self._last.get(fragment_id)
        if last is not None and now - last < self.SLACK * interval:
            return False
        self._last[fragment_id] = now
        return True


#: Closed connections remembered (``FloodRegistry.is_gone``); a closed tab's work stops within a
#: slice, long before this many more tabs have closed.
GONE_KEPT = 10_000


class FloodRegistry:
    """The process's record of dropped connections and addresses in their cool-down."""

    def __init__(self, rules: FloodRules = FloodRules()):
        self.rules = rules
        self._lock = threading.Lock()
        self._dropped: set[str] = set()
        self._gone: dict[str, None] = {}          # closed connections, the newest GONE_KEPT
        self._cooling: dict[str, float] = {}     # address -> until (monotonic)
        self.drops = 0
        self.refused = 0

    def drop(self, connection: str, address: str | None, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        with self._lock:
            self._dropped.add(connection)
            self.drops += 1
            if address:
                self._cooling[address] = now + self.rules.cooldown

    def is_dropped(self, connection: str | None) -> bool:
        return connection is not None and connection in self._dropped

    def is_gone(self, connection: str | None) -> bool:
        """Whether ``connection`` (named by the guard) has closed: its tab is gone, work for it
        can stop. A connection the guard never named is not gone."""
        return connection is not None and connection in self._gone

    def forget(self, connection: str) -> None:
        """The connection closed."""
        with self._lock:
            self._dropped.discard(connection)
            self._gone[connection] = None
            if len(self._gone) > GONE_KEPT:             # the oldest: their work is long over
                for old in list(self._gone)[:GONE_KEPT // 2]:
                    del self._gone[old]

    def refuses(self, address: str | None, now: float | None = None) -> bool:
        """True (and counted) when ``address`` is in its cool-down after a drop."""
        if not address:
            return False
        now = time.monotonic() if now is None else now
        with self._lock:
            until = self._cooling.get(address)
            if until is None:
                return False
            if now >= until:
                del self._cooling[address]
                return False
            self.refused += 1
            return True


#: The server's registry (one per process; the middleware and the pages share it).
FLOOD = FloodRegistry()
