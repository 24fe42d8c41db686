"""The live-training page's server side: one session's feed, the browser's requests, α changes.

The page reads its widgets, calls ``feed_for`` (a new network when a setting that makes one
changed), and draws ``view`` in a fragment. The browser's requests arrive through ``on_request``
(over the component's channel, ``component_ui.show``, before the fragment reruns): the next
chunk, a Reset, Pause, or a new α from the view's own control with the iteration it showed,
answered in that one round trip by the first iterations at the new α. What the session keeps of
its run is its ``live.state.LiveState``.
"""
from __future__ import annotations

import time
from uuid import uuid4

import streamlit as st

from classroom import LIMITS
from nn_ui.live.defaults import DEFAULT_ITERATIONS
from nn_ui.data_sets.inputs import Inputs
from nn_ui.live.run import LiveRun
from nn_ui.view.session_ui import new_run
from nn_ui.view import link_ui as live_url
from nn_ui.view.component_ui import show
from nn_ui.view.requests import request_int
from nn_ui.live.feed import CHUNK_WAIT, QUICK_BUDGET, QUICK_WAIT, Feed
from nn_ui.live.ahead import WAIT as AHEAD_WAIT, compute_ahead
from nn_ui.live.pace import pace
from nn_ui.common.names import DEFAULT_SPEED, LEARNING_RATES, SPEEDS, alpha_label, speed_label
from nn_ui.runs.saved_ui import save_run
from nn_ui.live.settings import Settings, changes
from nn_ui.live.state import live_state

KEY = "live_view"
#: The choices of the view's speed and α controls: [value, label].
SPEED_CHOICES = [[v, speed_label(v)] for v in SPEEDS]
ALPHA_CHOICES = [[v, alpha_label(v)] for v in LEARNING_RATES]


def _new_feed(state, settings: Settings, lr: float, run: LiveRun | None = None,
              inputs: Inputs | None = None) -> Feed | None:
    """A feed for ``run`` (a run brought back by nn_ui.runs.saved_ui), or for a new network
    (on ``inputs``, by default the data set the settings name)."""
    if run is None:
        run = new_run(settings, lr) if inputs is None else LiveRun.new(settings, inputs, lr)
    if run is None:
        return None
    live = live_state(state)
    live.run = run
    feed = Feed.start(run)
    feed.id = uuid4().hex[:16]         # new to the browser, whatever session or server it was
    live.feed = feed
    live.chunk = feed.chunk_from(-1)                    # iteration 0, with the first render
    live.note = None
    return feed


def _alpha(value) -> float | None:
    """``value`` as one of LEARNING_RATES, else None (a websocket client can send anything)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and \
            value in LEARNING_RATES:
        return float(value)
    return None


def _speed(value, state) -> int:
    """The browser's speed (one of SPEEDS), else the page's, else the default."""
    if isinstance(value, int) and not isinstance(value, bool) and value in SPEEDS:
        return value
    speed = state.get("speed")
    return speed if speed in SPEEDS else DEFAULT_SPEED


def alpha_of(state, suggested: float) -> float:
    """The session's α (``LiveState.lr``, set by the live view's α control, a link or a restored
    run): one of LEARNING_RATES, else ``suggested``."""
    session = live_state(state)
    lr = _alpha(session.lr)
    if lr is None:
        lr = session.lr = suggested
    return lr


def feed_for(state, settings: Settings, lr: float, inputs: Inputs | None = None) -> Feed | None:
    """The session's feed for ``settings``: the same one, or a new network with α ``lr`` (the
    old run kept for the Cost curves page, with a notice). ``inputs``: the data, when not the
    data set the settings name (the learner's own): other inputs make a new network too."""
    session = live_state(state)
    feed, live = session.feed, session.run
    other_data = live is not None and inputs is not None and live.inputs is not inputs
    if live is not None and live.settings == settings and not other_data and (
            feed is None or feed.run is not live):
        feed = _new_feed(state, settings, lr, live)      # a run brought back, where it was
    elif feed is None or live is None or feed.run is not live or live.settings != settings \
            or other_data:
        if live is not None:
            save_run(state, live)
            if live.settings != settings or other_data:
                what = changes(live.settings, settings) or ["other data"]
                session.notice = ("New network (" + "; ".join(what) + "): it starts again from "
                                  "iteration 0." + (" The previous run is kept on the Cost "
                                                    "curves page." if feed is not None and
                                                    feed.end and not feed.ahead else ""))
        feed = _new_feed(state, settings, lr, inputs=inputs)
    unplayed = feed is not None and (feed.ahead or feed.end == 0 and not feed.source.shared)
    if unplayed and not feed.diverged and lr != feed.run.alpha:
        feed.cut(0, lr)                 # nothing computed, or only ahead of Play: α from the start
    return feed


def change_alpha(state, feed: Feed, lr: float, reached: int) -> bool:
    """α ``lr`` from the live view's control while it showed iteration ``reached``: the run goes
    on from exactly there with ``lr`` (``Feed.cut``). A diverged run keeps its α, with a note
    (Reset starts a new network with ``lr``). True when the run's α changed."""
    session = live_state(state)
    session.lr = lr
    if lr == feed.run.alpha:
        return False
    diverged_before = feed.diverged
    feed.cut(reached, lr)
    if diverged_before and feed.run.alpha != lr:
        session.note = (
            f"This run diverged with α {alpha_label(feed.trainer.learning_rate)} and keeps it. "
            f"Press Reset for a new network with α {alpha_label(lr)}.")
        return False
    session.note = None
    return True


def reset(state, lr: float) -> None:
    """A new network with the same settings (the old run kept for the Cost curves page)."""
    live = live_state(state).run
    if live is None:
        return
    save_run(state, live)
    _new_feed(state, live.settings, lr, inputs=live.inputs)
    live_state(state).notice = "A new network with the same settings: back to iteration 0."


def on_request(req: dict) -> None:
    """The browser's request ``req``, before the fragment reruns."""
    state = st.session_state
    session = live_state(state)
    feed = session.feed
    if feed is None:
        return
    if req.get("reset") is True:
        reset(state, float(session.lr if session.lr is not None else feed.run.alpha))
        return
    if req.get("run") != feed.id:
        return                                          # about a run that is gone
    target = request_int(state.get("iterations"), 1, LIMITS.max_iterations,
                         DEFAULT_ITERATIONS)
    quick = False
    # Play, Step or Pause: what was computed ahead is the run's; Play's pace computed again
    ahead = (req.get("want") is True or req.get("stop") is True) and feed.played(target)
    lr = _alpha(req.get("alpha"))
    if lr is not None:
        quick = change_alpha(state, feed, lr,
                             request_int(req.get("reached"), 0, feed.end, feed.end))
        if not feed.run.inputs.private:                 # the learner's own data: no link
            live_url.write_link()
    if req.get("stop") is True:               # Pause, Step, Done: where the browser stopped
        i = request_int(req.get("reached"), 0, feed.end, feed.end)
        if i < feed.end and not feed.diverged:
            feed.cut(i, feed.run.alpha)
        # finished (posted to the class board) once its owner has seen its end, not before:
        # the default run is computed on the server long before the browser shows it
        shown_end = i >= target if not feed.diverged else i >= feed.end
        save_run(state, feed.run, finished=shown_end)
    have = request_int(req.get("have"), -1, feed.end, -1)
    if req.get("want") is True and (feed.end <= max(have, 0) or ahead):
        # a few seconds of animation past what the browser shows, in the line by when its
        # animation runs out; after an α change the student waits for the curve: a short chunk
        gained = (feed.compute(target, wait=QUICK_WAIT, budget=QUICK_BUDGET) if quick else
                  feed.compute(target, wait=CHUNK_WAIT, pace=pace(
                      request_int(req.get("reached"), 0, max(have, 0), 0), have,
                      _speed(req.get("speed"), state), target, time.monotonic())))
        if (gained or ahead) and (feed.end >= target or feed.diverged):
            save_run(state, feed.run)       # computed to its end; finished once it is shown
    session.chunk = feed.chunk_from(have)


def control(state, feed: Feed, target: int) -> dict:
    """The live view's control fields for this run of the page."""
    session = live_state(state)
    return {"view": KEY, "run": feed.id, "epoch": feed.epoch, "target": int(target),
            "speeds": SPEED_CHOICES,
            "speed": _speed(None, state),
            "alphas": ALPHA_CHOICES,
            "alpha": session.lr if session.lr is not None else feed.run.alpha,
            "busy": feed.busy, "note": session.note,
            "stretches": feed.stretches(), "at": 0 if feed.ahead else feed.end}


def view(state, target: int) -> None:
    """The live view (inside the page's fragment): the control fields, and the chunk the
    browser asked for (sent once; later reruns send the control fields only). For a run not
    played yet, the first chunk Play will ask for is computed ahead (``live.ahead``) and sent
    with the view: Play starts the animation at once, from what the browser holds."""
    session = live_state(state)
    feed, speed = session.feed, _speed(None, state)
    if (feed.end == 0 or feed.ahead) and speed > 0:
        if compute_ahead(feed, target, pace(0, 0, speed, target, time.monotonic()),
                         wait=AHEAD_WAIT if session.viewed else 0.0):
            session.chunk = feed.chunk_from(-1)     # the browser holds iteration 0 at most
    show(KEY, control(state, feed, target), session.take_chunk(), on_request)
    session.viewed = True
