"""Experiment 4 (app_pages/exp_vanishing.py): per-layer slopes and dead units, against nn_core."""
import numpy as np

from tests.app import exp_training_apptest as h
from nn_core import Trainer, model_backward, model_forward
from nn_core.datasets import make_circles
from nn_ui.experiments.registry import EXPERIMENTS


def _direct(act, lr, iterations, depth=4):
    X, Y = make_circles(seed=1)
    t = Trainer(X, Y, [2] + [10] * depth + [1], act, learning_rate=lr, init="he", seed=1)
    t.run(iterations)
    return t


def test_layer_stats_match_nn_core():
    at = h.page("exp_vanishing", vanish_iterations="200")
    played = h.play(at, "vanish")
    race = at.session_state["vanish_race"]
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
    assert {"vanish_slow_p0", "vanish_dead", "vanish_grad_p0"} <= set(figs)
    # the browser is sent each network's mean |dW1| over the race (a row every 10 iterations)
    # and shows it first, as a chart
    assert list(played.metric_it) == [row["iteration"] for row in race.history]
    assert list(played.metric_it[:3]) == [0, 10, 20]
    np.testing.assert_array_equal(played.metric, np.float32([[row["grad"][k][0]
                                  for row in race.history] for k in range(3)]))
    assert played.header["metric"] == {"label": "mean |dW1|", "format": "exp",
                                       "chart": played.header["metric"]["chart"]}
    assert played.header["metric"]["chart"]
    assert all(h.all_finite(f) for f in figs.values())
    names = ["sigmoid", "ReLU", "leaky ReLU"]
    assert [m.value for m in at.markdown if m.value.strip("*") in names] == \
        [f"**{n}**" for n in names] and not at.metric
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


# ----- dying ReLU, the article's case: one unit's bias very negative -------------------------------
from nn_core import initialize_parameters  # noqa: E402
from nn_core.datasets import make_xor  # noqa: E402

DYING = EXPERIMENTS[3].presets["Dying ReLU: one unit's bias at −5"]


def _unit1_active(act, iterations, bias=-5.0, lr=1.0):
    """Directly in nn_core: XOR, one hidden layer of 3 units (He, seed 1), b1[1] = bias."""
    X, Y = make_xor(seed=1)
    p = initialize_parameters([2, 3, 1], "he", 1)
    p["b1"][0, 0] = bias
    t = Trainer(X, Y, [2, 3, 1], act, learning_rate=lr, parameters=p)
    t.run(iterations)
    P = t.parameters
    return int((P["W1"][0] @ X + P["b1"][0, 0] > 0).sum()), t


def test_a_unit_with_a_very_negative_bias_stays_dead_under_relu_and_comes_back_under_leaky():
    assert _unit1_active("relu", 0)[0] == 0 and _unit1_active("leaky_relu", 0)[0] == 0
    dead, relu = _unit1_active("relu", 2000)
    alive, leaky = _unit1_active("leaky_relu", 2000)
    assert dead == 0 and np.all(relu.parameters["b1"][0] == -5.0)   # no gradient: never moved
    assert alive > 20                                                # Z > 0 on many examples
    assert leaky.train_accuracy() > relu.train_accuracy()            # and XOR needs it


def test_the_dying_relu_preset_shows_it():
    at = h.page("exp_vanishing", **DYING)
    race = h.train_to_end(at, "vanish", max_runs=200)
    assert race.trainers[1].layer_dims == [2, 3, 1]
    on = race.history[-1]["unit1"]
    assert on[1] == _unit1_active("relu", 2000)[0] == 0
    assert on[2] == _unit1_active("leaky_relu", 2000)[0] > 20
    assert race.history[0]["unit1"][1:] == [0, 0]                    # both started dead
    captions = [c.value for c in at.caption]
    assert any(c.startswith(f"unit 1 dead: Z ≤ 0 on all {race.trainers[0].m} examples")
               for c in captions)
    assert any(c.startswith(f"unit 1 alive: Z > 0 on {on[2]} of") for c in captions)
    lines = [h.charts(at)[f"vanish_unit1_p{k}"]["data"][0] for k in range(3)]
    assert [np.asarray(t["y"], dtype=float)[-1] for t in lines][1:] == [0, on[2]]
    assert max(np.asarray(lines[1]["y"], dtype=float)) == 0                 # ReLU: never back


def test_no_nan_in_any_text():
    for query in [{}, {"vanish_lr": "1"}, {"vanish_lr": "10"}]:
        at = h.page("exp_vanishing", **{**query, "vanish_iterations": "200"})
        h.train_to_end(at, "vanish")
        text = " ".join(str(e.value) for e in [*at.caption, *at.markdown, *at.metric])
        assert "nan" not in text.lower(), query


def test_the_vanishing_preset_shows_its_claim_at_its_own_settings():
    at = h.page("exp_vanishing", **EXPERIMENTS[3].presets["Vanishing gradients"])
    race = h.train_to_end(at, "vanish", max_runs=300)
    assert race.iterations_done() == 1000
    sig, relu = (_direct(a, 0.1, 1000) for a in ("sigmoid", "relu"))   # nn_core, directly
    g_sig, g_relu = (h_ for h_ in race.history[-1]["grad"][:2])
    assert np.allclose(race.costs(0), sig.costs, rtol=1e-9)
    assert g_sig[0] < 1e-3 * g_relu[0]                 # sigmoid's first layer hardly moves
    assert sig.costs[-1] > 0.69 > 0.2 > relu.costs[-1]  # and it learns nothing; ReLU does
