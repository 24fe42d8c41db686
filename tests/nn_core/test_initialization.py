import numpy as np
import pytest

from nn_core.initialization import initialize_parameters, layer_dims_of


@pytest.mark.parametrize("method", ["zeros", "random", "xavier", "he", "course"])
def test_shapes_and_zero_biases(method):
    p = initialize_parameters([5, 4, 3, 1], method, seed=0)
    assert [p[f"W{l}"].shape for l in (1, 2, 3)] == [(4, 5), (3, 4), (1, 3)]
    assert [p[f"b{l}"].shape for l in (1, 2, 3)] == [(4, 1), (3, 1), (1, 1)]
    assert all(not p[f"b{l}"].any() for l in (1, 2, 3))
    assert layer_dims_of(p) == [5, 4, 3, 1]


def test_scales():
    p = initialize_parameters([2000, 500, 1], "he", seed=0)
    assert p["W1"].std() == pytest.approx(np.sqrt(2 / 2000), rel=0.01)
    p = initialize_parameters([2000, 500, 1], "xavier", seed=0)
    assert p["W1"].std() == pytest.approx(np.sqrt(1 / 2000), rel=0.01)
    p = initialize_parameters([2000, 500, 1], "random", seed=0, scale=0.01)
    assert p["W1"].std() == pytest.approx(0.01, rel=0.01)
    assert not initialize_parameters([3, 2, 1], "zeros")["W1"].any()


def test_course_initialisation_draws_like_the_notebooks():
    # two layers: np.random.seed(1); W1 = randn(7, 5) * 0.01; W2 = randn(1, 7) * 0.01
    rs = np.random.RandomState(1)
    W1, W2 = rs.randn(7, 5) * 0.01, rs.randn(1, 7) * 0.01
    p = initialize_parameters([5, 7, 1], "course", seed=1)
    np.testing.assert_array_equal(p["W1"], W1)
    np.testing.assert_array_equal(p["W2"], W2)
    # deep: W[l] = randn(n_l, n_{l-1}) / sqrt(n_{l-1}), layer by layer
    rs = np.random.RandomState(1)
    expected = [rs.randn(4, 5) / np.sqrt(5), rs.randn(3, 4) / np.sqrt(4), rs.randn(1, 3) / np.sqrt(3)]
    p = initialize_parameters([5, 4, 3, 1], "course", seed=1)
    for l, W in enumerate(expected, start=1):
        np.testing.assert_array_equal(p[f"W{l}"], W)


def test_same_seed_same_draws_and_bad_input():
    a = initialize_parameters([4, 3, 1], "he", seed=7)
    b = initialize_parameters([4, 3, 1], "he", seed=7)
    c = initialize_parameters([4, 3, 1], "he", seed=8)
    np.testing.assert_array_equal(a["W1"], b["W1"])
    assert not np.array_equal(a["W1"], c["W1"])
    with pytest.raises(ValueError):
        initialize_parameters([4], "he")
    with pytest.raises(ValueError):
        initialize_parameters([4, 0, 1], "he")
    with pytest.raises(ValueError):
        initialize_parameters([4, 2, 1], "ones")
