"""How far ahead of the browser a live run is computed, by when, and how much before its
compute slot may go to somebody who needs it sooner.

The browser animates at ``speed`` iterations a second and asks for more when less than
LOOKAHEAD (3) seconds of animation are left, at most once a second (``view/browser/shared.js``).
A chunk is computed to cover ``AHEAD_SECONDS`` of animation past the iteration shown, no more,
and, from the start of a run, at most ``GROWTH`` times what the browser holds: the first one
after Play (the browser holds nothing yet) ``FIRST_SECONDS``, the next up to three times that,
and so on (a slow start). A class of students pressing Play at once then each gets a few seconds of run
quickly, and their next seconds in turn, instead of the first in line getting their whole
run, or eight seconds of it, while the last waits. Its place in the compute
slots' line (``classroom.slots``) is its *deadline*: the moment the browser will have shown all
it holds. Once a chunk covers ``KEEP_SECONDS`` (more than the browser's one request a second), it
hands its slot to a student in line whose browser runs out sooner than its own will. A run
played as fast as it goes needs everything now; it hands its slot over only to a caller much
more urgent (``FAST_MARGIN``: a tab that used far more compute lately comes after it).

    p = pace(reached=120, have=300, speed=100, target=2500, now=t)
    # p.upto = 900 (three times what it holds; a multiple of STEP), p.deadline = t + 1.8,
    # p.keep = 20
    pace(reached=820, have=1000, speed=100, target=2500, now=t).upto   # 1700: 8 s past 820
"""
from __future__ import annotations

from typing import NamedTuple

#: Seconds of animation a chunk covers past the iteration the browser shows.
AHEAD_SECONDS = 8.0
#: ... and the first chunk, when the browser holds iteration 0 only; then a chunk ends at most at
#: GROWTH times what the browser holds (from a lecture hall's measurements: 2 made one chunk
#: more a run, so more work in all, and 120 students waited longer).
FIRST_SECONDS = 2.0
GROWTH = 3
#: Seconds of animation a chunk covers before it may hand its slot over.
KEEP_SECONDS = 2.0
#: As fast as it goes: a chunk (up to CHUNK_SECONDS of compute) hands its slot over to a caller
#: more urgent by this many seconds (not to another such run, which would make both wait).
FAST_MARGIN = 1.0
#: A chunk ends at a multiple of this many iterations (where the run keeps its pictures).
STEP = 100


class Pace(NamedTuple):
    """upto: compute up to this iteration; deadline: when the browser runs out (``now``'s
    clock); keep: iterations to compute before handing the slot over; margin: seconds of
    urgency by which a caller in line must come first for it."""

    upto: int
    deadline: float
    keep: int
    margin: float = 0.0


def pace(reached: int, have: int, speed: float, target: int, now: float) -> Pace:
    """The next chunk for a browser that shows iteration ``reached`` and holds data up to
    ``have``, playing at ``speed`` iterations a second (0: as fast as it goes, so everything up
    to ``target``, needed now)."""
    if speed <= 0:
        return Pace(target, now, 0, FAST_MARGIN)
    reached, have = max(0, reached), max(0, have)
    upto = min(reached + int(speed * AHEAD_SECONDS), max(GROWTH * have, int(speed * FIRST_SECONDS)))
    upto = max(min(target, -(-upto // STEP) * STEP), min(have + 1, target))
    keep = max(1, reached + int(speed * KEEP_SECONDS) - have)
    return Pace(upto, now + max(0.0, (have - reached) / speed), keep)

