import warnings

import numpy as np
import pytest

from nn_core.activations import ACTIVATIONS, get_activation, make_leaky_relu, relu_derivative, sigmoid


def test_sigmoid_values_and_no_overflow_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        S = sigmoid(np.array([-1000.0, -1.0, 0.0, 1.0, 1000.0]))
    # sigma(0) = 1/2; sigma(1) = 1/(1 + e^-1) = 0.7310585786; sigma(-1) = 1 - sigma(1)
    np.testing.assert_allclose(S, [0.0, 0.2689414214, 0.5, 0.7310585786, 1.0], atol=1e-10)
    assert np.all(np.isfinite(S))


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_derivative_matches_central_differences(name):
    act = ACTIVATIONS[name]
    Z = np.linspace(-4, 4, 81)
    Z = Z[np.abs(Z) > 1e-3]  # ReLU-like kinks at 0 have no derivative
    eps = 1e-6
    numeric = (act.g(Z + eps) - act.g(Z - eps)) / (2 * eps)
    np.testing.assert_allclose(act.dg(Z), numeric, rtol=1e-6, atol=1e-9)


def test_relu_gradient_is_zero_at_zero_and_leaky_keeps_a_slope():
    assert relu_derivative(np.array([0.0]))[0] == 0.0
    # The default leaky slope is the lesson's 0.01: g(-2) = -0.02, g'(-2) = 0.01.
    default = ACTIVATIONS["leaky_relu"]
    np.testing.assert_array_equal(default.g(np.array([-2.0, 3.0])), [-0.02, 3.0])
    np.testing.assert_array_equal(default.dg(np.array([-2.0, 3.0])), [0.01, 1.0])
    assert get_activation("leaky_relu") is default
    leaky = make_leaky_relu(0.1)
    np.testing.assert_allclose(leaky.g(np.array([-2.0, 3.0])), [-0.2, 3.0])
    np.testing.assert_allclose(leaky.dg(np.array([-2.0, 0.0, 3.0])), [0.1, 0.1, 1.0])


def test_sigmoid_saturates_and_tanh_is_steepest_at_zero():
    # sigma'(z) = sigma(1 - sigma): 1/4 at 0, about 4.5e-5 at 10 (a vanishing gradient)
    assert ACTIVATIONS["sigmoid"].dg(np.array([0.0]))[0] == pytest.approx(0.25)
    assert ACTIVATIONS["sigmoid"].dg(np.array([10.0]))[0] == pytest.approx(4.5396e-5, rel=1e-4)
    assert ACTIVATIONS["tanh"].dg(np.array([0.0]))[0] == 1.0


def test_table_and_lookup():
    assert set(ACTIVATIONS) == {"sigmoid", "tanh", "relu", "leaky_relu"}
    assert get_activation("leaky_relu", 0.2).g(np.array([-1.0]))[0] == pytest.approx(-0.2)
    with pytest.raises(ValueError, match="unknown activation"):
        get_activation("softmax")
    with pytest.raises(ValueError):
        make_leaky_relu(1.5)
