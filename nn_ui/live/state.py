"""A session's live-run state, typed: one ``LiveState`` kept under one key of the session's
mapping (``st.session_state``, or a dict in a test), ``live_state(state)``, instead of loose
string keys. Every module that touches the live run's state reads and writes it here.
"""
from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nn_ui.live.feed import Feed
    from nn_ui.live.run import LiveRun
    from nn_ui.runs.records import RunRecord
    from nn_ui.view.chunks import Chunk

#: The session-state key the live state is kept under.
KEY = "live_state"


@dataclass
class LiveState:
    """The live run of one session and what the page keeps about it (None: not there)."""

    run: LiveRun | None = None          # the live run
    feed: Feed | None = None            # what has been computed of it for the browser
    chunk: Chunk | None = None          # the chunk the browser asked for, sent once
    note: str | None = None             # a sentence in the live view (a diverged run)
    notice: str | None = None           # a sentence the page shows once, as a toast
    lr: float | None = None             # the session's α (its control, a link, a run restored)
    run_count: int = 0                  # how many runs were numbered
    viewed: bool = False                # the live view was drawn in this session
    #: the runs kept for the Cost curves page, by number, oldest first
    runs: dict[int, RunRecord] = field(default_factory=dict)

    def kept_runs(self) -> list[RunRecord]:
        """The runs kept so far, oldest first (none: an empty list)."""
        return list(self.runs.values())

    def forget_runs(self) -> None:
        """The kept runs, the live one and their numbering gone (the student deleted them)."""
        self.runs = {}
        self.run, self.run_count = None, 0

    def next_run_id(self) -> int:
        """The next run's number (1, 2, ...)."""
        self.run_count += 1
        return self.run_count

    def take_chunk(self) -> Chunk | None:
        """The chunk to send, once."""
        chunk, self.chunk = self.chunk, None
        return chunk


def live_state(state: MutableMapping) -> LiveState:
    """The session's live state (``state[KEY]``), made empty at its first use."""
    live = state.get(KEY)
    if live is None:
        live = state[KEY] = LiveState()
    return live
