"""What each unit computes, against the forward pass written out, and dead / saturated marks."""
import numpy as np

from nn_core.activations import RELU, SIGMOID, TANH
from nn_core.features import feature_map
from nn_core.initialization import initialize_parameters
from nn_core.train import Trainer, predict_proba
from nn_core.units import (DEAD, FINE, SATURATED, dead_units, plane_grid, saturated_units,
                           unit_activations, unit_maps, unit_marks)
from nn_core.datasets import make_circles


def test_one_unit_by_hand():
    # W1 = [[1, -1]], b1 = [[0.5]] at the point (2, 1): z = 2 - 1 + 0.5 = 1.5, a = relu = 1.5;
    # W2 = [[2]], b2 = [[-1]]: z = 3 - 1 = 2, a = sigmoid(2)
    p = {"W1": np.array([[1.0, -1.0]]), "b1": np.array([[0.5]]),
         "W2": np.array([[2.0]]), "b2": np.array([[-1.0]])}
    Zs, As = unit_activations(np.array([[2.0], [1.0]]), p)
    assert Zs[0][0, 0] == 1.5 and As[0][0, 0] == 1.5 and Zs[1][0, 0] == 2.0
    assert As[1][0, 0] == 1 / (1 + np.exp(-2.0))


def test_unit_maps_are_the_forward_pass_over_the_grid():
    p = initialize_parameters([5, 4, 3, 1], "he", 2)
    xs, ys = np.linspace(-1, 1, 7), np.linspace(-2, 2, 5)
    features = ("x1", "x2", "x1^2", "x2^2", "x1*x2")
    maps = unit_maps(p, xs, ys, features, "tanh")
    assert [m.shape for m in maps] == [(4, 5, 7), (3, 5, 7), (1, 5, 7)]
    # point (row i, column j) is (xs[j], ys[i]); its hidden layer 1 by hand: tanh(W1 f + b1)
    i, j = 3, 6
    f = np.array([xs[j], ys[i], xs[j] ** 2, ys[i] ** 2, xs[j] * ys[i]])
    a1 = np.tanh(p["W1"] @ f + p["b1"][:, 0])
    np.testing.assert_allclose(maps[0][:, i, j], a1, rtol=1e-12, atol=1e-15)
    a2 = np.tanh(p["W2"] @ a1 + p["b2"][:, 0])
    np.testing.assert_allclose(maps[1][:, i, j], a2, rtol=1e-12, atol=1e-15)
    grid = feature_map(plane_grid(xs, ys), features)
    np.testing.assert_allclose(maps[2].reshape(1, -1), predict_proba(grid, p, "tanh"), rtol=1e-12, atol=1e-15)


def test_unit_maps_match_the_trainer_after_training():
    X, Y = make_circles(m=100, seed=1)
    t = Trainer(X, Y, [2, 4, 3, 1], "relu", 0.3, seed=1)
    t.run(200)
    xs = ys = np.linspace(-1.5, 1.5, 9)
    out = unit_maps(t.parameters, xs, ys)[-1].reshape(1, -1)
    np.testing.assert_allclose(out, t.predict_proba(plane_grid(xs, ys)), rtol=1e-12)


def test_dead_and_saturated_units():
    # unit 0: Z = -1, -2 (dead); unit 1: Z = 3, -1 (alive); unit 2: Z = 0, 0 (dead: never > 0)
    Z = np.array([[-1.0, -2.0], [3.0, -1.0], [0.0, 0.0]])
    np.testing.assert_array_equal(dead_units(Z), [True, False, True])
    # tanh'(z) = 1 - tanh(z)^2 < 0.01 for |z| > 2.99: unit 0 at z = 4, -5 saturated, unit 1 not
    Zt = np.array([[4.0, -5.0], [4.0, 0.5]])
    np.testing.assert_array_equal(saturated_units(Zt, TANH), [True, False])
    np.testing.assert_array_equal(saturated_units(np.array([[6.0, -6.0]]), SIGMOID), [True])
    assert not saturated_units(np.array([[1.0, 2.0]]), RELU).any()


def test_unit_marks_of_a_network():
    X = np.array([[1.0, 2.0, -1.0], [0.5, -1.0, 2.0]])
    # layer 1: unit 0 has weights -10, -10 and bias -100: Z < 0 everywhere, dead
    p = {"W1": np.array([[-10.0, -10.0], [1.0, 1.0]]), "b1": np.array([[-100.0], [0.0]]),
         "W2": np.array([[1.0, 1.0]]), "b2": np.zeros((1, 1))}
    marks = unit_marks(X, p, "relu")
    assert [m.tolist() for m in marks] == [[DEAD, FINE]]
    assert unit_marks(X, p, "tanh")[0].tolist() == [SATURATED, FINE]      # tanh(-100...) = -1
    assert unit_marks(X, p, "leaky_relu")[0].tolist() == [FINE, FINE]
    t = Trainer(X, np.array([[1, 0, 1]]), [2, 2, 1], "relu", parameters=p)
    assert t.layer_stats()[0]["dead_units"] == 1                          # the same count
    assert [m.tolist() for m in t.unit_marks()] == [[DEAD, FINE]]         # the trainer's own
    wide = np.random.default_rng(1).normal(size=(30, 12))                 # the Gram path too
    g = Trainer(wide, (wide[0:1] > 0).astype(int), [30, 6, 4, 1], "tanh", 2.0, seed=2)
    g.run(50)
    assert g.path == "gram"
    assert [m.tolist() for m in g.unit_marks()] == [m.tolist() for m in unit_marks(
        wide, g.parameters, "tanh")]


def test_a_trainer_s_unit_values_on_a_few_examples_are_the_forward_pass_of_those_columns():
    # on the Gram path (m < n_x: W1 = s W1_0 + C X^T is never kept) and the plain one
    rng = np.random.default_rng(3)
    for X in (rng.normal(size=(30, 12)), rng.normal(size=(2, 40))):
        t = Trainer(X, (X[0:1] > 0).astype(int), [len(X), 5, 3, 1], "tanh", 0.5, seed=2)
        t.run(30)
        cols = np.array([7, 0, 3])
        Zs, As = t.unit_values(cols)
        Z_ref, A_ref = unit_activations(X[:, cols], t.parameters, "tanh")
        assert [Z.shape for Z in Zs] == [(5, 3), (3, 3), (1, 3)]
        for got, ref in zip(Zs + As, Z_ref + A_ref):
            np.testing.assert_allclose(got, ref, rtol=1e-9, atol=1e-12)
