import numpy as np

from nn_core.backward import model_backward
from nn_core.forward import model_forward
from nn_core.gradcheck import BAD, gradient_check, relative_error
from nn_core.initialization import initialize_parameters


def test_relative_error():
    assert relative_error(np.array([1.0, 0.0]), np.array([1.0, 0.0])) == 0.0
    # ||(1,0) - (0,1)|| / (1 + 1) = sqrt(2) / 2
    assert np.isclose(relative_error(np.array([1.0, 0.0]), np.array([0.0, 1.0])), np.sqrt(2) / 2)
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0


def test_a_planted_bug_fails_the_check_and_sampling_works():
    rng = np.random.default_rng(1)
    X, Y = rng.normal(size=(6, 8)), (rng.random((1, 8)) > 0.5).astype(float)
    p = initialize_parameters([6, 4, 1], "xavier", seed=1)
    AL, caches = model_forward(X, p, "tanh")
    grads = model_backward(AL, Y, caches, "tanh")
    grads["dW2"] = 2 * grads["dW2"]  # the bug: dW2 doubled
    result = gradient_check(X, Y, p, "tanh", grads=grads, max_entries_per_parameter=3)
    assert not result.passed and result.per_parameter["dW2"] > BAD
    assert result.per_parameter["dW1"] < 1e-7
    assert all(len(v) <= 3 for v in result.entries.values())


def test_a_right_backprop_is_never_suspicious_in_any_parameter():
    # With eps = 1e-7 this sigmoid network's db1 came out at 7e-7 ("suspicious") although
    # back-propagation is right: the rounding of J over the step. With 1e-5 every one is tiny.
    rng = np.random.default_rng(0)
    X = rng.random((300, 20))
    Y = (rng.random((1, 20)) < 0.4).astype(float)
    for activation in ("sigmoid", "leaky_relu", "relu", "tanh"):
        parameters = initialize_parameters([300, 32, 1], "he", seed=0)
        result = gradient_check(X, Y, parameters, activation, max_entries_per_parameter=10)
        assert max(result.per_parameter.values()) < 1e-8, (activation, result.per_parameter)
