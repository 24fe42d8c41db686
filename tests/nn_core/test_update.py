import numpy as np

from nn_core.update import update_parameters


def test_update_by_hand_and_input_untouched():
    # W := W - alpha dW = 1 - 0.1 * 2 = 0.8;  b := 0 - 0.1 * (-1) = 0.1
    p = {"W1": np.array([[1.0]]), "b1": np.array([[0.0]])}
    new = update_parameters(p, {"dW1": np.array([[2.0]]), "db1": np.array([[-1.0]])}, 0.1)
    np.testing.assert_allclose(new["W1"], [[0.8]])
    np.testing.assert_allclose(new["b1"], [[0.1]])
    assert p["W1"][0, 0] == 1.0 and p["b1"][0, 0] == 0.0
