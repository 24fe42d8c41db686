"""The shared default run: the live page's default network, computed once per server.

The default run (``defaults.DEFAULT_SETTINGS`` at ``defaults.DEFAULT_LEARNING_RATE``) is recorded
once per server (``shared_default``, in a compute slot, by the first student who plays it) as a
read-only ``Recorded``, and its one chunk is sent as it is to every student who plays it. A
student's ``Feed`` follows it (``follows``) until the student changes α mid-run, then goes on
from its states with their own numbers (``shared_tape.adopt`` moves the student's trainer
along it).
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import ClassVar

import numpy as np

from classroom.click import compute_shared
from classroom.shared import CacheBusy
from nn_io.catdata import find_cat_data
from nn_ui.data_sets.inputs import Inputs
from nn_ui.live import defaults
from nn_ui.live.run import LiveRun
from nn_ui.view.chunks import Chunk
from nn_ui.live.recording import Recording, pack_range
from nn_ui.live.settings import TEST_EVERY

_LOG = logging.getLogger(__name__)      # Streamlit's handler, format and level: see asgi.py


@dataclass(frozen=True)
class Recorded:
    """A computed run, read-only: the default run shared by every student.

    costs[i], accs[i]: J and train accuracy after i updates (i = 0..end); tests: iteration ->
    (test J, test accuracy); states: iteration -> trainer state (multiples of FRAME_EVERY);
    chunk: the packed chunk of iterations 0..end."""

    end: int
    costs: tuple
    accs: tuple
    tests: dict
    states: dict
    chunk: Chunk
    chunk_ms: float
    #: as a feed's source (``feed.Feed.source``): computed once per server, never diverged
    shared: ClassVar[bool] = True
    diverged: ClassVar[bool] = False

    def chunk_from(self, have: int) -> Chunk | None:
        """Its one chunk, to a browser that has nothing of it yet (else None)."""
        return self.chunk if have <= 0 else None


def follows(rec: Recording) -> bool:
    """Whether ``rec`` is the default run at iteration 0, as every student first has it."""
    r, t = rec.run, rec.trainer
    return (r.settings == defaults.DEFAULT_SETTINGS and len(rec.costs) == 1
            and r.lr_history == [(0, defaults.DEFAULT_LEARNING_RATE)] and not t.diverged)


def _record_default(inputs: Inputs) -> Recorded:
    run = LiveRun.new(defaults.DEFAULT_SETTINGS, inputs, defaults.DEFAULT_LEARNING_RATE)
    rec = Recording.start(run)
    t = run.trainer
    start = time.perf_counter()
    while t.iteration < defaults.TAPE_ITERATIONS and not t.diverged:
        t.run(min(TEST_EVERY, defaults.TAPE_ITERATIONS - t.iteration))
        rec.record(t)
    rec.sync()
    rec.keep_picture(t)
    rec.ms[t.iteration] = 1000.0 * (time.perf_counter() - start) / max(t.iteration, 1)
    for s in rec.states.values():
        _read_only(s)
    return Recorded(t.iteration, tuple(rec.costs), tuple(rec.accs), dict(rec.tests),
                    dict(rec.states), pack_range(rec, 0, t.iteration), rec.ms[t.iteration])


def _read_only(obj) -> None:
    if isinstance(obj, np.ndarray):
        obj.setflags(write=False)
    elif isinstance(obj, (tuple, list)):
        for x in obj:
            _read_only(x)


def shared_default(inputs: Inputs, wait: float = 5.0) -> Recorded | None:
    """The default run on ``inputs`` (the cat photos as the default settings take them),
    computed once per server (in a compute slot, by the first caller); None when it is not
    ready within ``wait`` seconds (the caller computes its own chunk)."""
    try:
        return compute_shared(("live default feed", defaults.DEFAULT_SETTINGS,
                               defaults.DEFAULT_LEARNING_RATE, defaults.TAPE_ITERATIONS),
                              partial(_record_default, inputs), wait=wait)
    except CacheBusy:
        return None


_THREAD = "default-run"


def compute_at_start(inputs_of: Callable[[], Inputs | None]) -> None:
    """The default run computed in a background thread when the server starts (asgi.py's
    lifespan), so that the first student's Play starts at once: nothing when the cat photos
    are not here. ``inputs_of()``: the default settings' data (read through the server's
    cache, ``data.loaders_ui``)."""
    threading.Thread(target=_compute_at_start, args=(inputs_of,), name=_THREAD,
                     daemon=True).start()


def _compute_at_start(inputs_of: Callable[[], Inputs | None]) -> None:
    if find_cat_data() is None:
        return
    # its cached data sets are read outside any page run: Streamlit's "missing ScriptRunContext"
    # warning is right to say it can be ignored here
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(
        lambda record: threading.current_thread().name != _THREAD)
    start = time.perf_counter()
    try:
        inputs = inputs_of()
        shared = None if inputs is None else shared_default(inputs, wait=600.0)
    except Exception:                               # a server starts whatever happens here
        _LOG.exception("the live page's default run could not be computed at start")
        return
    if shared is not None:
        _LOG.info("the live page's default run (%d iterations) computed at start in %.2f s",
                  shared.end, time.perf_counter() - start)
