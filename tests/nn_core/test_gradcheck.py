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
