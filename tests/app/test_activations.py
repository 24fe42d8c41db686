"""Activation functions: g and g' for the four, flat regions shaded, the controls used."""
import numpy as np

from tests.app.helpers import chart, no_exception, open_page, trace, values


def test_four_activations_each_with_its_derivative():
    at = open_page("activations")
    for name in ("sigmoid", "tanh", "relu", "leaky_relu"):
        fig = chart(at, f"act_{name}")
        z = values(trace(fig, "g(z)")["x"])
        g = values(trace(fig, "g(z)")["y"])
        dg = values(trace(fig, "g′(z), the slope")["y"])
        assert z[0] == -6 and z[-1] == 6 and np.all(np.isfinite(g)) and np.all(np.isfinite(dg))
    relu = chart(at, "act_relu")
    z, dg = values(trace(relu, "g(z)")["x"]), values(trace(relu, "g′(z), the slope")["y"])
    assert dg[np.argmin(np.abs(z))] == 0.0          # the lesson: ReLU'(0) = 0
    sigmoid = chart(at, "act_sigmoid")
    assert max(values(trace(sigmoid, "g′(z), the slope")["y"])) <= 0.25
    # sigmoid flattens at both ends: two shaded regions; ReLU is flat on the left only
    assert len(sigmoid["layout"]["shapes"]) == 2
    assert len(relu["layout"]["shapes"]) == 1
    assert "dying ReLU" in " ".join(m.value for m in at.markdown)


def test_range_slope_and_threshold_controls():
    at = open_page("activations")
    at.slider(key="act_z").set_value((-20.0, 20.0)).run()
    at.slider(key="act_alpha").set_value(0.2).run()
    at.select_slider(key="act_flat").set_value(0.01).run()
    no_exception(at)
    leaky = chart(at, "act_leaky_relu")
    z = values(trace(leaky, "g(z)")["x"])
    dg = values(trace(leaky, "g′(z), the slope")["y"])
    assert z[0] == -20 and z[-1] == 20
    assert np.allclose(dg[z < 0], 0.2) and np.allclose(dg[z > 0], 1.0)
    assert "0.2" in leaky["layout"]["title"]["text"]
    # with a slope of 0.2 everywhere, leaky ReLU has no flat region at threshold 0.01
    assert not leaky["layout"].get("shapes")
    # sigmoid over ±20 with threshold 0.01: flat beyond |z| ≈ 4.6
    sig = chart(at, "act_sigmoid")
    x0 = sorted(s["x0"] for s in sig["layout"]["shapes"])
    assert x0[0] == -20 and 4 < x0[1] < 5


def test_leaky_relus_slope_is_not_called_alpha():
    at = open_page("activations")
    assert "α" not in at.slider(key="act_alpha").label
    assert "α" not in chart(at, "act_leaky_relu")["layout"]["title"]["text"]


def test_logistic_regression_beside_a_hidden_layer_on_the_flower():
    from nn_core import Trainer, accuracy
    from nn_core.datasets import make_flower
    at = open_page("activations")
    fig = chart(at, "act_hidden")
    X, Y = make_flower(seed=1)
    accs = []
    for dims in ([2, 1], [2, 4, 1]):                      # computed here, directly in nn_core
        t = Trainer(X, Y, dims, "tanh", learning_rate=1.2, init="random", seed=1)
        t.run(3000)
        accs.append(accuracy(X, Y, t.parameters, "tanh"))
    titles = [a["text"] for a in fig["layout"]["annotations"]][:2]
    assert titles == [f"no hidden layer: {accs[0]:.0%}", f"4 tanh units: {accs[1]:.0%}"]
    assert accs[0] < 0.6 < 0.85 < accs[1]                 # a straight line cannot; 4 units can
    at.segmented_control(key="act_hidden_data").set_value("xor").run()
    no_exception(at)
    assert "no hidden layer: 50%" in chart(at, "act_hidden")["layout"]["annotations"][0]["text"]
