"""Loss and cost (app_pages/loss.py): binary cross-entropy of one example, its two curves,
the cost as the mean loss, parameters against hyper-parameters, biases starting at zero."""
import numpy as np
import pytest

from nn_core import compute_cost
from nn_core.cost import loss
from tests.app.helpers import chart, no_exception, open_page, texts, trace, values


def test_the_two_curves_cut_the_axis_where_the_right_class_gets_1():
    at = open_page("loss")
    fig = chart(at, "loss_curves")
    cat = trace(fig, "y = 1 (a cat): −log a")
    a, L = values(cat["x"]), values(cat["y"])
    assert a.min() > 0 and a.max() == 1.0 and L[-1] == 0.0
    assert np.allclose(L, loss(a[None], np.ones((1, len(a))))[0])
    non = trace(fig, "y = 0 (not a cat): −log(1 − a)")
    a0, L0 = values(non["x"]), values(non["y"])
    assert np.allclose(L0, -np.log(1 - a0)) and L0[0] < 0.002
    assert "binary cross-entropy" in texts(at) and "hyper-parameter" in texts(at).lower()


def test_one_example_is_marked_on_its_curve():
    at = open_page("loss")
    at.segmented_control(key="loss_y").set_value(0).run()
    at.slider(key="loss_a").set_value(0.9).run()
    no_exception(at)
    assert f"**{-np.log(0.1):.3f}**" in texts(at)
    mark = chart(at, "loss_curves")["data"][-1]
    assert values(mark["x"])[0] == pytest.approx(0.9)
    assert values(mark["y"])[0] == pytest.approx(-np.log(0.1))


def test_the_cost_is_the_mean_of_the_losses_and_biases_start_at_zero():
    at = open_page("loss")
    table = at.dataframe[0].value
    AL, Y = table["a = P(cat)"].to_numpy()[None], table["y"].to_numpy()[None]
    assert np.allclose(table["loss L(a, y)"], loss(AL, Y)[0])
    assert f"**J = {compute_cost(AL, Y):.3f}**" in texts(at)
    assert "b1 = [0. 0. 0. 0. 0. 0. 0. 0.]" in texts(at)
