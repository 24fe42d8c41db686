import numpy as np
import pytest

from nn_core.backward import linear_backward, model_backward
from nn_core.forward import model_forward
from nn_core.gradcheck import gradient_check
from nn_core.initialization import initialize_parameters


def test_linear_backward_by_hand():
    # dW = dZ A_prev^T / m, db = mean of dZ, dA_prev = W^T dZ, with m = 2:
    # dZ = [[1, -1]], A_prev = [[2, 4]]: dW = (2 - 4) / 2 = -1; db = 0; dA_prev = 3 * dZ
    dA_prev, dW, db = linear_backward(np.array([[1.0, -1.0]]),
                                      (np.array([[2.0, 4.0]]), np.array([[3.0]]), np.zeros((1, 1))))
    np.testing.assert_allclose(dW, [[-1.0]])
    np.testing.assert_allclose(db, [[0.0]])
    np.testing.assert_allclose(dA_prev, [[3.0, -3.0]])


def _data(n_x=4, m=5, seed=3):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n_x, m)), (rng.random((1, m)) > 0.5).astype(float)


@pytest.mark.parametrize("activation", ["relu", "leaky_relu", "tanh", "sigmoid"])
@pytest.mark.parametrize("lambd", [0.0, 0.7])
def test_every_gradient_matches_central_differences(activation, lambd):
    X, Y = _data()
    parameters = initialize_parameters([4, 5, 3, 1], "xavier", seed=2)
    parameters = {k: v + 0.1 for k, v in parameters.items()}  # non-zero biases too
    result = gradient_check(X, Y, parameters, activation, lambd=lambd)
    assert result.relative_error < 1e-7, result.per_parameter
    assert set(result.per_parameter) == {"dW1", "db1", "dW2", "db2", "dW3", "db3"}
    assert all(err < 1e-7 for err in result.per_parameter.values()), result.per_parameter


def test_grads_have_the_shapes_of_the_parameters_and_no_dA0():
    X, Y = _data()
    parameters = initialize_parameters([4, 5, 3, 1], "he", seed=0)
    AL, caches = model_forward(X, parameters)
    grads = model_backward(AL, Y, caches)
    for l in (1, 2, 3):
        assert grads[f"dW{l}"].shape == parameters[f"W{l}"].shape
        assert grads[f"db{l}"].shape == parameters[f"b{l}"].shape
    assert grads["dA1"].shape == (5, 5) and grads["dA2"].shape == (3, 5) and "dA0" not in grads
