"""nn_core.explain: one example's forward pass kept layer by layer; nearest examples."""
import numpy as np
import pytest

from nn_core import initialize_parameters, predict_proba
from nn_core.explain import forward_trace, hidden_layer, nearest


def _params(dims, seed=0):
    return initialize_parameters(dims, "random", seed=seed, scale=0.5)


@pytest.mark.parametrize("dims", [[5, 3, 1], [5, 4, 3, 1]])
def test_trace_matches_prediction_and_shapes(dims):
    p = _params(dims)
    x = np.random.default_rng(1).normal(size=(5, 1))
    t = forward_trace(x, p, "relu")
    assert [z.shape for z in t.Z] == [(n, 1) for n in dims[1:]]
    assert [a.shape for a in t.A] == [(n, 1) for n in dims[1:]]
    assert t.p == pytest.approx(float(predict_proba(x, p, "relu")[0, 0]), abs=1e-15)
    # ZL is the sum of the last hidden units' contributions plus the output bias
    assert t.Z[-1][0, 0] == pytest.approx(t.contributions.sum() + t.bL, abs=1e-12)
    assert t.hidden.shape == (dims[-2], 1)
    # the first layer by hand: A1 = relu(W1 x + b1)
    assert np.allclose(t.A[0], np.maximum(0, p["W1"] @ x + p["b1"]))


def test_hand_worked_two_units():
    # W1 = [[1, 0], [0, -1]], b1 = 0, x = (2, 3): Z1 = (2, -3), A1 = relu = (2, 0)
    # W2 = [[0.5, 4]], b2 = -1: contributions (1, 0), Z2 = 1 + 0 - 1 = 0, P = σ(0) = 0.5
    p = {"W1": np.array([[1.0, 0.0], [0.0, -1.0]]), "b1": np.zeros((2, 1)),
         "W2": np.array([[0.5, 4.0]]), "b2": np.array([[-1.0]])}
    t = forward_trace(np.array([[2.0], [3.0]]), p, "relu")
    assert t.Z[0][:, 0].tolist() == [2.0, -3.0]
    assert t.A[0][:, 0].tolist() == [2.0, 0.0]
    assert t.contributions.tolist() == [1.0, 0.0]
    assert t.p == 0.5


def test_hidden_layer_of_many_is_the_traces_hidden_layer():
    p = _params([4, 6, 3, 1], seed=2)
    X = np.random.default_rng(3).normal(size=(4, 7))
    H = hidden_layer(X, p, "tanh")
    assert H.shape == (3, 7)
    for i in range(7):
        assert np.allclose(H[:, i:i + 1], forward_trace(X[:, i:i + 1], p, "tanh").hidden)


def test_nearest_by_hand():
    # columns (0,0), (3,4), (1,0), (0,-2): distances from (0,0) are 0, 5, 1, 2
    A = np.array([[0.0, 3.0, 1.0, 0.0], [0.0, 4.0, 0.0, -2.0]])
    idx, d = nearest(np.zeros((2, 1)), A, k=3)
    assert idx.tolist() == [0, 2, 3]
    assert d.tolist() == [0.0, 1.0, 2.0]


def test_bad_shapes_are_refused():
    p = _params([3, 2, 1])
    with pytest.raises(ValueError):
        forward_trace(np.zeros((3, 2)), p)
    with pytest.raises(ValueError):
        forward_trace(np.zeros((3, 1)), _params([3, 1]))
    with pytest.raises(ValueError):
        nearest(np.zeros((2, 1)), np.zeros((3, 4)))
