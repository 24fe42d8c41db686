"""Input features of a 2-D point, against the formulas written out."""
import numpy as np
import pytest

from nn_core.features import FEATURES, PLAIN, feature_map


def test_each_feature_of_two_points():
    # points (1, 2) and (-0.5, 3): x1^2 = 1, 0.25; x2^2 = 4, 9; x1 x2 = 2, -1.5
    X = np.array([[1.0, -0.5], [2.0, 3.0]])
    out = feature_map(X, ("x1", "x2", "x1^2", "x2^2", "x1*x2", "sin x1", "sin x2"))
    np.testing.assert_array_equal(out[:5], [[1, -0.5], [2, 3], [1, 0.25], [4, 9], [2, -1.5]])
    np.testing.assert_allclose(out[5:], [[np.sin(1), np.sin(-0.5)], [np.sin(2), np.sin(3)]])
    assert len(FEATURES) == 7


def test_the_default_is_the_points_themselves_and_the_order_is_kept():
    X = np.random.default_rng(0).normal(size=(2, 50))
    assert feature_map(X).tobytes() == X.tobytes() and PLAIN == ("x1", "x2")
    np.testing.assert_array_equal(feature_map(X, ("x2^2", "x1")), np.stack([X[1] ** 2, X[0]]))


@pytest.mark.parametrize("names,words", [((), "at least one"), (("x3",), "unknown feature"),
                                         (("x1", "x1"), "once")])
def test_bad_choices_get_a_sentence(names, words):
    with pytest.raises(ValueError, match=words):
        feature_map(np.zeros((2, 3)), names)
    with pytest.raises(ValueError, match="2-D points"):
        feature_map(np.zeros((3, 3)))
