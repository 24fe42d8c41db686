"""A live feed's source when the session computes its run itself (``feed.Feed.source``): the
feed's own recording, answering what every source answers (``end``, ``diverged``, ``costs``,
``accs``, ``tests``, ``states``, ``chunk_from``)."""
from __future__ import annotations

from nn_ui.live.recording import Recording, pack_range
from nn_ui.view.chunks import Chunk


class OwnRun:
    """A feed's source when the session computes its run itself: the feed's own recording."""

    shared = False

    def __init__(self, rec: Recording):
        self.rec = rec

    @property
    def end(self) -> int:
        return len(self.rec.costs) - 1

    @property
    def diverged(self) -> bool:
        return bool(self.rec.trainer.diverged)

    @property
    def costs(self) -> list:
        return self.rec.costs

    @property
    def accs(self) -> list:
        return self.rec.accs

    @property
    def tests(self) -> dict:
        return self.rec.tests

    @property
    def states(self) -> dict:
        return self.rec.states

    def chunk_from(self, have: int) -> Chunk | None:
        if have >= self.end and have > 0:
            return None
        return pack_range(self.rec, max(0, have), self.end, fresh=have < 0)
