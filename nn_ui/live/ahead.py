"""A new run's first chunk computed before Play, while its page is read.

A class sets up its pages over some seconds, then presses Play at once into a saturated
server. ``compute_ahead`` computes the chunk Play will ask first (``live.pace``) while the
page is drawn, and the page sends it with the view: Play starts the animation at once, from
what the browser holds, and the server's rush after Play is that much smaller. It never
comes before a playing student: it waits in the compute slots' line as a browser that runs out
DEFER seconds from now would, at most ``wait`` seconds (WAIT when the page was drawn before:
its first drawing waits for nothing), and rides with a chunk of the same shape computed
meanwhile (``classroom.convoy``), so that a class setting up computes its first chunks
together, nearly for free.

It computes on the run's tape (``shared_tape``) with a trainer of the tape's own, not the
session's: until the student plays, the session's run stays at iteration 0 (what the Cost curves
page, the saved runs and a new page show), and at Play the feed follows the tape as any
follower does (``Feed._on_tape``: the session's trainer restored to where the tape is, not
computed again). Identical runs share that tape as before. ``Feed.ahead`` is true while what
was computed has not been asked for (the browser then starts at iteration 0). Pure: no
Streamlit.
"""
from __future__ import annotations

import time

from nn_ui.live import shared_tape
from nn_ui.live.feed import CHUNK_BUDGET, Feed, TapeFeed
from nn_ui.live.pace import Pace
from nn_ui.live.run import LiveRun
from nn_ui.live.settings import make_trainer

#: Seconds a first chunk waits in line at most (the page's view waits as long)...
WAIT = 0.3
#: ... in the place of a browser that runs out this many seconds from now.
DEFER = 10.0


def fresh_tape(feed: Feed) -> TapeFeed:
    """The tape's recording of ``feed``'s run at iteration 0, with a trainer of its own (the
    same numbers: the run's settings and seed)."""
    r = feed.run
    trainer = make_trainer(r.settings, r.inputs, r.lr_history[0][1])
    return TapeFeed.start(LiveRun(r.settings, trainer, r.inputs, lr_history=list(r.lr_history)))


def compute_ahead(feed: Feed, target: int, pace: Pace, wait: float = WAIT) -> int:
    """The chunk up to ``pace.upto`` of ``feed``'s run, not played yet and at iteration 0, on
    its tape, when a compute slot is free within ``wait`` seconds (what was computed ahead for
    other Iterations dropped first). Returns the iterations computed ahead now (0: none: the
    run was computed ahead already, is played, shared otherwise, private, or no slot was
    free)."""
    if feed.ahead and feed.source.tape.target != target:     # Iterations changed before Play
        feed.drop_ahead()
    if feed.end != 0 or feed.source.shared or feed.diverged or feed.follows_default():
        return 0
    follower = shared_tape.TAPES.follow(feed, target, lambda: fresh_tape(feed))
    if follower is None:                            # a learner's own data: never shared
        return 0
    if follower.end < pace.upto and not follower.diverged:
        later = pace._replace(deadline=time.monotonic() + DEFER)   # after every browser's need
        follower.tape.extend(follower.end, lambda rec: rec.compute(target, wait, CHUNK_BUDGET,
                                                                   later))
        follower.catch_up()
    if follower.end == 0:                           # no free slot: Play computes it
        return 0
    feed.source, feed.ahead = follower, True
    return feed.end
