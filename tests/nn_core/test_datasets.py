import numpy as np
import pytest

from nn_core.datasets import DATASETS, make_flower


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_shapes_labels_and_seeds(name):
    X, Y = DATASETS[name](m=120, seed=4)
    assert X.shape == (2, 120) and Y.shape == (1, 120)
    assert DATASETS[name](m=121, seed=4)[0].shape == (2, 121)       # an odd m too
    assert set(np.unique(Y)) == {0, 1} and abs(Y.mean() - 0.5) <= 0.05
    X2, Y2 = DATASETS[name](m=120, seed=4)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(Y, Y2)
    assert not np.array_equal(X, DATASETS[name](m=120, seed=5)[0])


def test_flower_is_the_course_set():
    # load_planar_dataset: seed 1, 400 points, petals r = 4 sin(4 t) + noise, label = arm j
    X, Y = make_flower()
    rs = np.random.RandomState(1)
    t = np.linspace(0, 3.12, 200) + rs.randn(200) * 0.2
    r = 4 * np.sin(4 * t) + rs.randn(200) * 0.2
    np.testing.assert_allclose(X[:, :200], np.vstack([r * np.sin(t), r * np.cos(t)]))
    assert Y[0, :200].sum() == 0 and Y[0, 200:].sum() == 200
