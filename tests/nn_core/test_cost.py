import math

import numpy as np
import pytest

from nn_core.cost import compute_cost, compute_cost_from_Z


def test_cost_by_hand():
    # -(ln 0.8 + ln(1 - 0.1)) / 2 = -(-0.2231435513 - 0.1053605157) / 2 = 0.1642520335
    assert compute_cost(np.array([[0.8, 0.1]]), np.array([[1, 0]])) == pytest.approx(0.1642520335)


def test_chance_is_ln2_and_extremes_stay_finite():
    Y = np.array([[1, 0, 1, 0]])
    assert compute_cost(np.full((1, 4), 0.5), Y) == pytest.approx(math.log(2))
    assert math.isfinite(compute_cost(np.array([[0.0, 1.0, 0.0, 1.0]]), Y))
    assert compute_cost_from_Z(np.array([[-1e6, 1e6, -1e6, 1e6]]), Y) == pytest.approx(1e6)


def test_cost_from_Z_equals_cost_from_AL():
    Z = np.linspace(-8, 8, 17).reshape(1, -1)
    Y = (np.arange(17) % 2).reshape(1, -1)
    assert compute_cost_from_Z(Z, Y) == pytest.approx(compute_cost(1 / (1 + np.exp(-Z)), Y), rel=1e-12)


def test_l2_term():
    # lambd / (2m) * (||W1||^2 + ||W2||^2) = 0.5 / 4 * (1 + 4 + 9) = 1.75 on top of ln 2
    p = {"W1": np.array([[1.0, 2.0]]), "b1": np.zeros((1, 1)), "W2": np.array([[3.0]]), "b2": np.ones((1, 1))}
    cost = compute_cost(np.full((1, 2), 0.5), np.array([[1, 0]]), p, lambd=0.5)
    assert cost == pytest.approx(math.log(2) + 1.75)


def test_float32_confident_mistakes_stay_finite_without_warnings():
    import warnings
    # In float32, 1 - 1e-15 rounds to 1: clipping there would still take log(0).
    AL = np.array([[1.0, 0.0]], dtype=np.float32)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        cost = compute_cost(AL, np.array([[0, 1]]))
    # each example costs about -ln(1e-15) = 34.54 (1 - (1 - 1e-15) is 1e-15 only to 1e-4 in float64)
    assert cost == pytest.approx(-math.log(1e-15), rel=1e-4)


def test_labels_as_a_flat_vector():
    AL = np.array([[0.8, 0.1]])
    assert compute_cost(AL, np.array([1, 0])) == compute_cost(AL, np.array([[1, 0]]))
    assert compute_cost_from_Z(np.array([[2.0, -1.0]]), [1, 0]) == compute_cost_from_Z(
        np.array([[2.0, -1.0]]), np.array([[1, 0]]))


def test_the_loss_of_each_example_and_the_cost_as_their_mean():
    from nn_core.cost import loss
    # a = (0.9, 0.5, 0.2), y = (1, 1, 0): −log 0.9 = 0.10536, −log 0.5 = 0.69315, −log 0.8 = 0.22314
    AL, Y = np.array([[0.9, 0.5, 0.2]]), np.array([[1, 1, 0]])
    assert np.allclose(loss(AL, Y), [[0.1053605, 0.6931472, 0.2231436]])
    assert compute_cost(AL, Y) == pytest.approx(loss(AL, Y).mean(), abs=1e-15)
    # a sure, right answer costs 0; both curves cut the axis where the right class gets 1
    assert loss(np.array([[1.0, 0.0]]), np.array([[1, 0]])).max() < 1e-9
    assert np.isfinite(loss(np.array([[0.0]]), np.array([[1]]))).all()
