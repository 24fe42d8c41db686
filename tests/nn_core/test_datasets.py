import numpy as np
import pytest

from nn_core.datasets import (DATASETS, DEFAULT_NOISE_PERCENT, TEST_SEED, make_flower, noise_std,
                              split_sizes, train_test_sets)


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


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_train_test_sets_defaults_are_today_s_sets_to_the_bit(name):
    X, Y, X_test, Y_test = train_test_sets(name)
    A, B = DATASETS[name](seed=1)
    C, D = DATASETS[name](seed=TEST_SEED)
    assert X.tobytes() == A.tobytes() and Y.tobytes() == B.tobytes()
    assert X_test.tobytes() == C.tobytes() and Y_test.tobytes() == D.tobytes()
    same = train_test_sets(name, DEFAULT_NOISE_PERCENT[name], 50)
    assert same[0].tobytes() == A.tobytes()


def test_noise_and_split_change_the_sets():
    # circles: 600 points; 20 % for training = 120, the rest 480 for testing
    X, Y, X_test, Y_test = train_test_sets("circles", noise_percent=0, train_percent=20)
    assert X.shape == (2, 120) and X_test.shape == (2, 480) and Y_test.shape == (1, 480)
    np.testing.assert_allclose(np.hypot(*X)[Y[0] == 0], 1.0)          # no noise: on the circle
    np.testing.assert_allclose(np.hypot(*X)[Y[0] == 1], 0.8)
    noisy = train_test_sets("circles", noise_percent=30)[0]
    assert np.std(np.hypot(*noisy) - np.hypot(*train_test_sets("circles", 0)[0])) > 0.2
    assert noise_std("flower", 5) == 0.2 and noise_std("circles", 50) == 0.5
    assert split_sizes("xor", 90) == (360, 40) and split_sizes("xor", 10) == (40, 360)
    with pytest.raises(ValueError, match="noise"):
        noise_std("moons", 120)
    with pytest.raises(ValueError, match="training share"):
        split_sizes("moons", 100)
