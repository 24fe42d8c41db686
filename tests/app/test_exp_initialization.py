"""Experiment 1 (app_pages/exp_initialization.py): four starts, checked against nn_core directly."""
import numpy as np
import pytest

from tests.app import exp_training_apptest as h
from nn_core import BatchTrainer, Trainer
from nn_core.datasets import make_circles
from nn_io import catdata
from nn_ui.experiments.registry import EXPERIMENTS

STARTS = ["zeros", "small random ×0.01", "random ×10", "He"]


def test_zero_start_keeps_units_identical_and_matches_nn_core():
    at = h.page("exp_initialization", init_iterations="1000")
    played = h.play(at, "init")
    race = at.session_state["init_race"]
    assert race.names == STARTS and race.iterations_done() == 1000
    X, Y = make_circles(seed=1)
    direct = BatchTrainer(X, Y, [2, 10, 5, 1], "relu", learning_rates=0.01,
                          inits=["zeros", "random", "random", "he"], seeds=1,
                          init_scales=[0.01, 0.01, 10, 0.01])
    direct.run(1000)
    for k in range(4):
        assert np.allclose(race.costs(k), direct.costs[k], rtol=1e-12, atol=0)
    # what the browser was sent: every cost, float32, and each train accuracy
    np.testing.assert_array_equal(played.costs, np.float32(direct.costs))
    assert list(played.metric_it) == list(range(1000))
    np.testing.assert_array_equal(played.metric, np.float32(direct.train_accuracies))
    assert played.header["names"] == STARTS and played.header["metric"]["format"] == "pct"
    # The He network is exactly a Trainer of its own.
    he = Trainer(X, Y, [2, 10, 5, 1], "relu", learning_rate=0.01, init="he", seed=1)
    he.run(1000)
    assert np.allclose(race.costs(3), he.costs, rtol=1e-10)
    # Zeros: every hidden unit of every layer is the same; He: they differ.
    for l in (1, 2):
        W = race.parameters(0)[f"W{l}"]
        assert np.all(W == W[0])
        assert not np.allclose(race.parameters(3)[f"W{l}"], race.parameters(3)[f"W{l}"][0])
    # each start's accuracy, as the race view shows it at its end: zeros no better than a coin
    assert played.metric[0, -1] == np.float32(0.5)
    assert [m.value for m in at.markdown if m.value.strip("*") in STARTS] == \
        [f"**{n}**" for n in STARTS] and not at.metric
    captions = " ".join(c.value for c in at.caption)
    assert captions.count("all hidden units identical") == 1
    figs = h.charts(at)
    # a panel a network, each its own chart (one under the other on a phone)
    assert {"init_accuracy"} | {f"init_{c}_p{k}" for c in ("w1", "bound") for k in range(4)} \
        <= set(figs)
    assert all(h.all_finite(f) for f in figs.values())
    heat = [t for k in range(4) for t in h.traces(figs[f"init_w1_p{k}"]) if t["type"] == "heatmap"]
    assert np.all(np.asarray(heat[0]["z"], dtype=float) == 0)          # zeros: all columns alike
    # one colour scale for the four, the largest |w| of all, with one colour bar
    top = max(float(np.abs(race.parameters(k)["W1"]).max()) for k in range(4))
    assert all(t["zmax"] == pytest.approx(top) and t["zmin"] == pytest.approx(-top) for t in heat)
    assert [bool(t.get("showscale")) for t in heat] == [False, False, False, True]
    titles = [figs[f"init_w1_p{k}"]["layout"]["annotations"][0]["text"] for k in range(4)]
    assert titles[1].endswith(f"max |w| {np.abs(race.parameters(1)['W1']).max():.2g}")
    # the zeros curve is not hidden: the view draws each curve wider than the ones over it
    assert played.header["stacked"] is True and played.header["log"] is True


def test_why_small_random_stays_near_half_is_measured():
    from nn_core import model_backward, model_forward
    from nn_core.initialization import initialize_parameters
    at = h.page("exp_initialization", init_iterations="1000")
    race = h.train_to_end(at, "init")
    assert race.train_accuracy()[1] < 0.6
    note = next(i.value for i in at.info if "Why small random ×0.01" in i.value)
    X, Y = make_circles(seed=1)
    sizes = []
    for init in ("random", "he"):                 # iteration 0, computed here in nn_core
        p = initialize_parameters([2, 10, 5, 1], init, 1, 0.01)
        AL, caches = model_forward(X, p, "relu")
        sizes.append(float(np.mean(np.abs(model_backward(AL, Y, caches, "relu")["dW1"]))))
    assert f"W1 is {sizes[0]:.0e} against He's {sizes[1]:.0e}" in note
    assert sizes[0] < 1e-3 * sizes[1]


def test_controls_make_new_networks():
    at = h.page("exp_initialization")                          # 10 000 iterations: many chunks
    first = at.session_state["init_race"]
    at.number_input(key="init_seed").set_value(2).run()
    at.select_slider(key="init_lr").set_value(0.1).run()
    race = at.session_state["init_race"]
    assert race is not first and race.key == ("circles", 0.1, 10_000, 2)
    assert race.iterations_done() == 0                        # computed when the browser asks
    h.browser_request(at, "init_view", run=race.id, have=0, reached=0, want=True)
    done = race.iterations_done()
    assert 0 < done < 10_000 and not race.finished
    at.run()
    assert race.iterations_done() == done                     # no request, no training
    at.button(key="init_again").click().run()
    assert at.session_state["init_race"] is not race


@pytest.mark.parametrize("request_", [
    {"have": "x", "want": 1}, {"have": 10 ** 30, "want": True}, {"run": None, "want": True},
    {"done": True, "reached": 10 ** 9}, {"done": "yes"}, {"have": -7, "reached": "z", "want": True},
    {"run": "another", "done": True},
])
def test_a_request_the_browser_never_sends_is_harmless(request_):
    at = h.page("exp_initialization")
    race = at.session_state["init_race"]
    h.browser_request(at, "init_view", **{"run": race.id, **request_})
    assert not at.exception
    assert race.iterations_done() < 10_000                    # at most one chunk computed
    assert "init_shown" not in at.session_state               # the end not shown: none drawn
    assert not h.charts(at)


@pytest.mark.skipif(catdata.find_cat_data() is None, reason="no cat photos on this machine")
def test_cat_photos_weight_images():
    at = h.page("exp_initialization", init_data="cats", init_iterations="1000")
    race = h.train_to_end(at, "init")
    W0 = race.parameters(0)["W1"]
    assert W0.shape == (10, 12288) and np.all(W0 == W0[0])
    figs = h.charts(at)
    assert {f"init_w1_{k}" for k in range(4)} <= set(figs)
    # one grey scale for all four networks, shown by a colour bar
    scale = max(float(np.abs(race.parameters(k)["W1"][:5]).max()) for k in range(4))
    bars = [next(t for t in figs[f"init_w1_{k}"]["data"] if t.get("marker", {}).get("showscale"))
            for k in range(4)]
    assert all(b["marker"]["cmax"] == pytest.approx(scale) for b in bars)


def test_presets_load():
    for name, query in EXPERIMENTS[0].presets.items():
        at = h.page("exp_initialization", **{**query, "init_iterations": "1000"})
        if "init_lr" in query:
            assert at.select_slider(key="init_lr").value == float(query["init_lr"]), name
        if "init_data" in query and "cats" in at.selectbox(key="init_data").options:
            assert at.selectbox(key="init_data").value == query["init_data"], name
