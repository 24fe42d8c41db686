"""Identical runs computed once (nn_ui.live.shared_tape): feeds of two sessions with the same
settings, seed, α and iterations follow one tape, chunk by chunk, and get the numbers a lone
nn_core Trainer makes, to the bit; another seed, own data or an α changed mid-run are not
shared; the shelf keeps a bounded number of tapes."""
import dataclasses
import gc
import threading

import numpy as np
import pytest

from nn_core import Trainer, compute_cost
from nn_ui.live import shared_tape
from nn_ui.live.feed import Feed
from nn_ui.live.run import LiveRun
from nn_ui.live.settings import Settings
from nn_ui.live.shared_tape import Follower, Shelf
from nn_ui.view import chunks
from nn_ui.view.session_ui import new_run

MOONS = Settings("moons", (6,), "tanh", "he", 4)
ALPHA, TARGET = 0.3, 700


@pytest.fixture(autouse=True)
def own_shelf(monkeypatch):
    """A shelf of this test's own (the server's may hold tapes of other tests)."""
    shelf = Shelf()
    monkeypatch.setattr(shared_tape, "TAPES", shelf)
    return shelf


def _feed(settings=MOONS, alpha=ALPHA, inputs=None):
    run = new_run(settings, alpha) if inputs is None else LiveRun.new(settings, inputs, alpha)
    return Feed.start(run)


def _lone(settings, alpha, iterations, change=None):
    """The same run by nn_core alone: its costs after i updates (i = 0..iterations) and W, b."""
    run = new_run(settings, alpha)
    t = Trainer(run.inputs.X, run.inputs.Y, [run.inputs.X.shape[0], *settings.hidden, 1],
                settings.activation, alpha, settings.init, settings.seed)
    if change:
        t.run(change[0])
        t.learning_rate = change[1]
    t.run(iterations - t.iteration)
    return t.costs + [float(compute_cost(t.predict_proba(), t.Y))], t.parameters


def _play(feed, target=TARGET):
    """What a browser does: ask for the next chunk while it has all there is, until it has the
    run to its target (a busy server: it asks again), each chunk's costs put where it starts
    (a chunk may repeat what the browser has: a busy tape answers with iteration 0 again).
    -> the costs it was sent, float32 (target + 1,)."""
    have, got = 0, []
    for _ in range(10_000):
        if feed.end <= have:
            feed.compute(target)
        chunk = feed.chunk_from(have)
        if chunk is not None:
            header, arrays = chunks.decode(chunks.message({}, chunk))
            got[header["chunk"]["start"]:] = arrays["costs"].tolist()
            have = header["chunk"]["end"]
        if have >= target or feed.diverged:
            return np.asarray(got, np.float32)
    raise AssertionError(f"the run stood still at iteration {have}")


def test_two_sessions_with_the_same_run_share_one_tape_to_the_bit(own_shelf):
    a, b = _feed(), _feed()
    assert a.run.inputs is b.run.inputs                  # the server's one data set
    while a.end < TARGET or b.end < TARGET:              # the two take turns, chunk by chunk
        a.compute(TARGET)
        b.compute(TARGET)
    assert own_shelf.started == 1 and isinstance(a.source, Follower)
    assert a.source.tape is b.source.tape
    tape = a.source.tape
    assert tape.rec.trainer.iteration == TARGET          # computed once: the tape's trainer,
    assert tape.rec.trainer is a.trainer and b.trainer is not a.trainer    # lent by the first
    costs, params = _lone(MOONS, ALPHA, TARGET)
    for feed in (a, b):
        assert feed.end == TARGET and feed.costs == costs    # every iteration, to the last bit
        assert feed.trainer.iteration == TARGET and feed.trainer.costs == costs[:-1]
        for k, v in params.items():                           # the session's own trainer
            np.testing.assert_array_equal(feed.trainer.parameters[k], v)
    sent = _play(b)                                           # what a browser is sent
    np.testing.assert_array_equal(sent, np.asarray(costs, np.float32))


def test_sessions_playing_at_once_in_threads_all_get_the_lone_run(own_shelf):
    feeds = [_feed() for _ in range(4)]
    sent = [None] * len(feeds)

    def play(n):
        sent[n] = _play(feeds[n])

    threads = [threading.Thread(target=play, args=(n,)) for n in range(len(feeds))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    costs = np.asarray(_lone(MOONS, ALPHA, TARGET)[0], np.float32)
    assert own_shelf.started == 1
    for n, feed in enumerate(feeds):
        np.testing.assert_array_equal(sent[n], costs)
        assert feed.trainer.iteration == TARGET


def test_a_follower_arriving_later_is_sent_what_the_tape_has_at_once(own_shelf):
    a = _feed()
    _play(a)
    b = _feed()
    assert b.compute(TARGET) == TARGET and own_shelf.started == 1
    assert b.chunk_from(0) is a.source.snap.chunk_from(0)     # packed once for both
    assert b.source.tape.extensions == a.source.tape.extensions


def test_another_seed_or_alpha_or_the_learners_own_data_is_not_shared(own_shelf):
    a = _feed()
    c = _feed(dataclasses.replace(MOONS, seed=5))
    d = _feed(alpha=1.0)
    a.compute(TARGET), c.compute(TARGET), d.compute(TARGET)
    assert own_shelf.started == 3
    assert len({id(f.source.tape) for f in (a, c, d)}) == 3
    own = dataclasses.replace(a.run.inputs, private=True)
    e, f = _feed(inputs=own), _feed(inputs=own)
    e.compute(TARGET), f.compute(TARGET)
    assert not e.source.shared and not f.source.shared and own_shelf.started == 3
    while c.end < TARGET:
        c.compute(TARGET)
    assert c.costs == _lone(dataclasses.replace(MOONS, seed=5), ALPHA, TARGET)[0]


@pytest.mark.parametrize("cut_at", [0, 137])
def test_alpha_changed_by_one_follower_leaves_the_others_numbers_as_they_were(cut_at):
    a, b = _feed(), _feed()
    while a.end < 300:
        a.compute(TARGET)
        b.compute(TARGET)
    lent = a.trainer                                     # the first follower lent it
    a.cut(cut_at, 1.0)                                   # the browser showed iteration cut_at
    assert not a.source.shared and a.end == cut_at and a.trainer is not lent
    assert b.source.tape.rec.trainer is lent
    while a.end < TARGET or b.end < TARGET:
        a.compute(TARGET)
        b.compute(TARGET)
    assert isinstance(b.source, Follower) and b.costs == _lone(MOONS, ALPHA, TARGET)[0]
    costs, params = _lone(MOONS, ALPHA, TARGET, change=(cut_at, 1.0))
    assert a.costs == costs
    for k, v in params.items():
        np.testing.assert_array_equal(a.trainer.parameters[k], v)


@pytest.mark.parametrize("alpha", [10.0, 1000.0])        # diverges later; at its 1st step
def test_a_diverged_tape_leaves_its_followers_to_diverge_alone(alpha, monkeypatch):
    flower = Settings("flower", (8,), "relu", "he", 1)
    a, b = _feed(flower, alpha), _feed(flower, alpha)
    for _ in range(200):
        if a.diverged and b.diverged:
            break
        a.compute(2500)
        b.compute(2500)
    assert a.diverged and b.diverged and not a.source.shared and not b.source.shared
    monkeypatch.setattr(shared_tape, "key_of", lambda rec, target: None)
    alone = _feed(flower, alpha)                          # what a feed computes on its own
    while not alone.diverged:
        alone.compute(2500)
    for feed in (a, b):
        assert feed.costs == alone.costs and feed.trainer.status == alone.trainer.status
        assert feed.stretches() == [[0, alpha]] and feed.end == alone.end
        assert feed.chunk_from(-1).body == alone.chunk_from(-1).body


def test_the_shelf_keeps_a_few_tapes_the_unfollowed_dropped_first():
    shelf = Shelf(size=2)
    feeds = [_feed(dataclasses.replace(MOONS, seed=s)) for s in (1, 2, 3)]
    followers = [shelf.follow(f, TARGET, lambda f=f: Feed.start(
        LiveRun.new(f.run.settings, f.run.inputs, ALPHA))) for f in feeds]
    assert shelf.started == 3 and len(shelf) == 2        # the oldest dropped from the shelf...
    again = shelf.follow(feeds[0], TARGET, lambda: pytest.fail("started again"))
    assert again.tape is followers[0].tape               # ...but alive while followed
    del followers[1], again
    gc.collect()
    extra = _feed(dataclasses.replace(MOONS, seed=9))
    shelf.follow(extra, TARGET, lambda: Feed.start(LiveRun.new(extra.run.settings,
                                                                extra.run.inputs, ALPHA)))
    assert shelf.followers(feeds[0], TARGET) == 1 and shelf.followers(feeds[1], TARGET) == 0
    assert len(shelf) == 2 and shelf.started == 4


def test_a_snapshot_and_a_lent_tape_share_no_graph_record_with_what_grows(own_shelf):
    """What a follower reads (a Snapshot) and what a tape was made of (``TapeFeed.lent_by``)
    hold copies of the graph's records, never the dicts another thread goes on writing."""
    from nn_ui.live.feed import TapeFeed
    a = _feed()
    a.compute(TARGET)
    tape = a.source.tape
    grown, snap = tape.rec.graph, tape.published.graph
    lent = TapeFeed.lent_by(_feed()).graph
    for name in ("weights", "units", "values"):
        assert getattr(snap, name) is not getattr(grown, name)
        assert getattr(snap, name) == getattr(grown, name)
        assert getattr(lent, name) is not getattr(a.graph, name)
