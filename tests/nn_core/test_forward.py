import numpy as np

from nn_core.forward import linear_forward, model_forward


def test_linear_forward_by_hand():
    # Z = W X + b with W = [[1, -1]], b = 0.5, X columns (1, 3) and (2, 0):
    # 1*1 - 1*3 + 0.5 = -1.5 and 1*2 - 1*0 + 0.5 = 2.5
    X = np.array([[1.0, 2.0], [3.0, 0.0]])
    Z, cache = linear_forward(X, np.array([[1.0, -1.0]]), np.array([[0.5]]))
    np.testing.assert_allclose(Z, [[-1.5, 2.5]])
    assert cache[0] is X


def test_two_layer_forward_by_hand():
    # Hidden ReLU: Z1 = [[1, -1], [0, 2]] x + 0 for x = (1, 1): Z1 = (0, 2), A1 = (0, 2)
    # Output: Z2 = [1, 0.5] A1 - 1 = 0, A2 = sigmoid(0) = 0.5
    p = {"W1": np.array([[1.0, -1.0], [0.0, 2.0]]), "b1": np.zeros((2, 1)),
         "W2": np.array([[1.0, 0.5]]), "b2": np.array([[-1.0]])}
    AL, caches = model_forward(np.array([[1.0], [1.0]]), p)
    np.testing.assert_allclose(caches[0][1], [[0.0], [2.0]])
    np.testing.assert_allclose(AL, [[0.5]])


def test_shapes_of_the_lesson():
    # Z1 (8, 209) -> A1 -> Z2 (1, 209) -> A2 for X (12288, 209)
    rng = np.random.default_rng(0)
    X = rng.random((12288, 209))
    p = {"W1": rng.normal(0, 0.01, (8, 12288)), "b1": np.zeros((8, 1)),
         "W2": rng.normal(0, 0.01, (1, 8)), "b2": np.zeros((1, 1))}
    AL, caches = model_forward(X, p, "tanh")
    assert caches[0][1].shape == (8, 209) and caches[1][1].shape == (1, 209)
    assert AL.shape == (1, 209) and np.all((AL > 0) & (AL < 1))
