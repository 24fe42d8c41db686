"""The live run with the playground's settings (noise, split, batch, λ, features) and the graph's
data in its chunks: the defaults are today's runs to the bit, each setting makes the run
nn_core's Trainer makes with it, and the graph's data of a 2500-iteration run stays within
1.5 times the bytes sent without it."""
import dataclasses

import numpy as np
import pytest

from nn_core import Trainer
from nn_core.datasets import make_circles, train_test_sets
from nn_core.features import feature_map
from nn_ui.live.feed import Feed
from nn_ui.live.recording import pack_range
from nn_ui.view.session_ui import new_run
from nn_ui.live.settings import Settings, changes
from nn_ui.view import chunks
from nn_ui.view import graph_data as gd


def _run_to(feed, end):
    while feed.end < end and not feed.diverged:
        feed.compute(end)


def test_default_settings_are_today_s_run_to_the_bit():
    # circles 4,3 with every playground control at its default: the data and the run of
    # before these controls (the digest of nn_core's test of full batch)
    feed = Feed.start(new_run(Settings("circles", (4, 3), "relu", "he", 1), 0.3))
    X, Y = make_circles(seed=1)
    Xt, _ = make_circles(seed=101)
    assert feed.run.inputs.X.tobytes() == X.tobytes()
    assert feed.run.inputs.X_test.tobytes() == Xt.tobytes()
    _run_to(feed, 2500)
    assert feed.trainer.costs[-1] == 0.10264775797588589


def test_each_playground_setting_makes_nn_core_s_run_with_it():
    s = Settings.from_widgets("moons", "5, 3", "tanh", "xavier", 2, noise=20, split=70,
                              batch=10, lambd=0.03, features=["x1^2", "x1", "x2"])
    assert s.features == ("x1", "x2", "x1^2") and s.noise == 20
    feed = Feed.start(new_run(s, 0.3))
    _run_to(feed, 300)
    P, Y, Pt, Yt = train_test_sets("moons", 20, 70)
    assert P.shape == (2, 420) and Pt.shape == (2, 180)
    t = Trainer(feature_map(P, s.features), Y, [3, 5, 3, 1], "tanh", 0.3, "xavier", 2,
                lambd=0.03, batch_size=10, batch_seed=2)
    t.run(300)
    assert feed.trainer.costs == t.costs
    np.testing.assert_array_equal(feed.run.inputs.points, P)
    assert "noise 20 %" in s.describe() and "batch 10" in s.describe()
    plain = Settings.from_widgets("moons", "5, 3", "tanh", "xavier", 2)
    words = changes(plain, s)
    assert "noise % the set's own → 20" in words and "batch size full → 10" in words
    assert Settings.from_widgets("moons", "4", "relu", "he", 1, noise=10) == \
        Settings("moons", (4,), "relu", "he", 1)              # 10 % is the moons' own noise


@pytest.mark.parametrize("bad,words", [({"split": 95}, "training share"),
                                       ({"batch": 7}, "batch size"), ({"lambd": 0.5}, "λ"),
                                       ({"features": ()}, "at least one")])
def test_values_not_offered_get_a_sentence(bad, words):
    with pytest.raises(ValueError, match=words):
        Settings.from_widgets("xor", "4", "relu", "he", 1, **bad)


def test_a_chunk_carries_the_graph_and_the_test_points():
    feed = Feed.start(new_run(Settings("circles", (4, 3), "relu", "he", 1, features=(
        "x1", "x2", "x1^2")), 0.3))
    _run_to(feed, 400)
    header, a = chunks.decode(chunks.message({}, feed.chunk_from(-1)))
    g = header["chunk"]["graph"]
    assert g["dims"] == [3, 4, 3, 1] and g["inputs"] == ["x₁", "x₂", "x₁²"]
    assert a["test_points"].shape == (2, 300) and a["points"].shape == (2, 300)
    extent = header["chunk"]["setup"]["extent"]                 # the test points as pixels
    x = feed.run.inputs.points_test[0, 7]
    assert abs(a["test_points"][0, 7] - (x - extent[0]) / (extent[1] - extent[0]) * 255) <= 0.5
    _, again = chunks.decode(chunks.message({}, feed.chunk_from(0)))   # the browser has run 0
    assert "test_points" not in again and "in_maps" not in again and "w24" in again
    assert list(a["w_it"][:3]) == [0, 40, 80] and a["w_it"][-1] == feed.end
    assert list(a["u_it"][:4]) == [0, 100, 200, 300]
    w = gd.unpack_weights(a["w24"])
    np.testing.assert_allclose(w[-1], gd.weight_vector(feed.trainer.parameters), rtol=2 ** -16)
    assert a["in_maps"].shape == (3, gd.MAP_GRID, gd.MAP_GRID)
    feed.cut(250, 1.0)                                  # α changed at 250: nothing past it
    assert max(feed.graph.weights) == 250 and sorted(feed.graph.units) == [0, 100, 200]
    assert sorted(feed.graph.weights)[-2] == 240


def test_the_graph_adds_at_most_half_the_bytes_of_a_2500_iteration_run():
    # the chunks the browser is sent, in the feed's own chunking, with and without the graph
    feed = Feed.start(new_run(Settings("circles", (4, 3), "relu", "he", 1), 0.3))
    ranges, have = [], -1
    while feed.end < 2500:
        feed.compute(2500)
        ranges.append((have, feed.end))
        have = feed.end
    sent = lambda: sum(len(chunks.message({"run": "r"}, pack_range(feed, max(a, 0), b)))
                       for a, b in ranges)                                # noqa: E731
    with_graph = sent()
    graph, inputs = feed.graph, feed.run.inputs
    feed.graph = None                       # as sent before the graph and the test points
    feed.run.inputs = dataclasses.replace(inputs, points_test=None)
    without = sent()
    feed.graph, feed.run.inputs = graph, inputs
    one = len(chunks.message({"run": "r"}, feed.chunk_from(-1)))
    print(f"a 2500-iteration circles 4,3 run in {len(ranges)} chunks: {without} bytes without "
          f"the graph, {with_graph} with it ({with_graph / without:.2f}x); in one chunk {one}")
    assert with_graph <= 1.5 * without
    ranges = [(a, a + 250) for a in range(0, 2500, 250)]    # a busy server: ten chunks
    with_graph = sent()
    feed.graph = None
    feed.run.inputs = dataclasses.replace(inputs, points_test=None)
    without = sent()
    print(f"in ten chunks: {without} bytes without, {with_graph} with ({with_graph / without:.2f}x)")
    assert with_graph <= 1.5 * without


def test_a_saved_run_s_playground_settings_come_back():
    s = Settings.from_widgets("spiral", "6", "tanh", "he", 3, noise=40, split=30, batch=5,
                              lambd=0.3, features=["x1", "sin x2"])
    d = dataclasses.asdict(s)                               # as saved_ui keeps them (JSON)
    d["features"] = list(d["features"])
    back = Settings(s.dataset, s.hidden, s.activation, s.init, s.seed, s.scaling,
                    **Settings.saved_toy_options(d))
    assert back == s
    assert Settings.saved_toy_options({"dataset": "flower"}) == {}   # saved before them
    assert s.playground_widgets() == {"noise": 40, "split": 30, "batch": 5, "lambd": 0.3,
                                      "features": ["x1", "sin x2"]}
    assert Settings("flower", (4,), "relu", "he", 1).playground_widgets()["noise"] == 5
    assert Settings("cats", (8,), "relu", "he", 1).playground_widgets() == {}
