"""A session's live-run state, typed: one object over the session's mapping
(``st.session_state``, or a dict in a test) instead of loose string keys.

Its values stay under the keys the live page, the tests and the widgets know ("live", "lr",
"runs", ...); this class is the one place those keys are written, with their types.
"""
from __future__ import annotations

from collections.abc import MutableMapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nn_ui.live.feed import Feed
    from nn_ui.live.run import LiveRun
    from nn_ui.runs.records import RunRecord
    from nn_ui.view.chunks import Chunk


def _field(key: str, doc: str):
    def get(self):
        return self.state.get(key)

    def set_(self, value) -> None:
        if value is None:
            self.state.pop(key, None)
        else:
            self.state[key] = value
    return property(get, set_, doc=doc)


class LiveState:
    """The live run of one session and what the page keeps about it (None: not there)."""

    run: LiveRun | None = _field("live", "the live run (``LiveRun``)")
    feed: Feed | None = _field("live_feed", "what has been computed of it for the browser")
    chunk: Chunk | None = _field("live_chunk", "the chunk the browser asked for, sent once")
    note: str | None = _field("live_note", "a sentence in the live view (a diverged run)")
    notice: str | None = _field("notice", "a sentence the page shows once, as a toast")
    lr: float | None = _field("lr", "the session's α (the view's α control, a link, a run "
                                    "brought back)")
    run_count: int | None = _field("run_count", "how many runs were numbered")

    def __init__(self, state: MutableMapping):
        self.state = state

    @property
    def runs(self) -> dict[int, RunRecord]:
        """The runs kept for the Cost curves page, by number, oldest first."""
        return self.state.setdefault("runs", {})

    def kept_runs(self) -> list[RunRecord]:
        """The runs kept so far, oldest first (none: an empty list)."""
        return list(self.state.get("runs", {}).values())

    def forget_runs(self) -> None:
        """The kept runs, the live one and their numbering gone (the student deleted them)."""
        self.state.pop("runs", None)
        self.run = self.run_count = None

    def next_run_id(self) -> int:
        """The next run's number (1, 2, ...)."""
        self.run_count = (self.run_count or 0) + 1
        return self.run_count

    def take_chunk(self) -> Chunk | None:
        """The chunk to send, once."""
        return self.state.pop("live_chunk", None)
