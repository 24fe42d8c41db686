"""Experiment 4 (app_pages/exp_vanishing.py): per-layer slopes and dead units, against nn_core."""
import numpy as np

from tests.app import exp_training_apptest as h
from nn_core import Trainer, model_backward, model_forward
from nn_core.datasets import make_circles
from nn_ui.experiments import EXPERIMENTS


def _direct(act, lr, iterations, depth=4):
    X, Y = make_circles(seed=1)
    t = Trainer(X, Y, [2] + [10] * depth + [1], act, learning_rate=lr, init="he", seed=1)
    t.run(iterations)
    return t


def test_layer_stats_match_nn_core():
    at = h.page("exp_vanishing", vanish_iterations="200")
    race = h.train_to_end(at, "vanish")
    last = race.history[-1]
    assert last["iteration"] == 200
    for k, act in enumerate(("sigmoid", "relu", "leaky_relu")):
        t = _direct(act, 0.1, 200)
        assert np.allclose(race.costs(k), t.costs, rtol=1e-10)
        assert last["stats"][k] == t.layer_stats() and len(last["stats"][k]) == 4
        AL, caches = model_forward(t.X, t.parameters, act)
        grads = model_backward(AL, t.Y, caches, act)
        assert np.allclose(last["grad"][k], [np.mean(np.abs(grads[f"dW{l}"])) for l in range(1, 6)])
    # At the start, sigmoid's first-layer gradient is tiny next to the output layer's (it
    # vanishes: 1.5e-6 against 0.076); ReLU's is of the same order (5.8e-4 against 1.4e-3).
    first = race.history[0]
    assert first["iteration"] == 0
    sig, relu = first["grad"][0], first["grad"][1]
    assert sig[0] < sig[-1] / 1000 and relu[0] > relu[-1] / 10
    figs = h.charts(at)
    assert {"vanish_slow", "vanish_dead", "vanish_grad", "vanish_cost"} <= set(figs)
    assert all(h.all_finite(f) for f in figs.values())
    assert [m.value for m in at.metric] == [f"|dW1| = {g[0]:.1e}" for g in last["grad"]]
    n_dead = sum(s['dead_units'] for s in last['stats'][1])
    assert at.caption[1].value.startswith(f"{n_dead} dead unit{'' if n_dead == 1 else 's'} · ")


def test_dying_relu_with_a_large_rate():
    at = h.page("exp_vanishing", vanish_lr="1", vanish_iterations="200")
    race = h.train_to_end(at, "vanish")
    dead = sum(s["dead_units"] for s in race.history[-1]["stats"][1])
    assert dead == sum(s["dead_units"] for s in _direct("relu", 1.0, 200).layer_stats())
    assert dead > 0
    assert at.caption[1].value.startswith(f"{dead} dead unit{'' if dead == 1 else 's'} · ")
    # Leaky ReLU's slope never drops below 0.01: no (unit, example) pair counts as slow.
    assert all(s["saturated_share"] == 0 for s in race.history[-1]["stats"][2])


def test_depth_control():
    at = h.page("exp_vanishing", vanish_iterations="200")
    at.selectbox(key="vanish_depth").set_value(2).run()
    race = at.session_state["vanish_race"]
    assert race.trainers[0].layer_dims == [2, 10, 10, 1]
    assert not at.exception


def test_presets_load():
    for name, query in EXPERIMENTS[3].presets.items():
        at = h.page("exp_vanishing", **{**query, "vanish_iterations": "200"})
        if "vanish_lr" in query:
            assert at.select_slider(key="vanish_lr").value == float(query["vanish_lr"]), name
