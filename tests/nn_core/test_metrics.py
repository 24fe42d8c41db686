import numpy as np
import pytest

from nn_core.metrics import balanced_accuracy, baselines, class_balance, confusion_matrix, mistakes


def test_confusion_matrix_by_hand():
    # true 0 0 1 1 1, answered 0 1 1 1 0: (0,0)=1 (0,1)=1 (1,0)=1 (1,1)=2; accuracy 3/5
    Y, P = np.array([[0, 0, 1, 1, 1]]), np.array([[0, 1, 1, 1, 0]])
    c = confusion_matrix(Y, P)
    np.testing.assert_array_equal(c.matrix, [[1, 1], [1, 2]])
    assert c.accuracy == 0.6
    np.testing.assert_array_equal(c.indices(Y, P, true=1, answered=0), [4])


def test_baselines_of_the_course_test_set_shape():
    # 33 cats of 50 (the course test set is 66 % cats): always cat 66 %, never cat 34 %
    Y = np.array([[1] * 33 + [0] * 17])
    assert class_balance(Y) == 0.66
    assert baselines(Y) == pytest.approx({"always 1": 0.66, "always 0": 0.34})


def test_mistakes_most_confident_first():
    Y = np.array([[1, 0, 1, 0, 1]])
    AL = np.array([[0.4, 0.9, 0.05, 0.2, 0.8]])
    # wrong: 0 (0.4, conf 0.1), 1 (0.9, conf 0.4), 2 (0.05, conf 0.45)
    np.testing.assert_array_equal(mistakes(Y, AL), [2, 1, 0])


def test_balanced_accuracy_ignores_the_class_balance():
    # 1 cat, 3 non-cats: "always non-cat" is 75 % accurate but 50 % balanced;
    # answering 1 0 0 1: cat recall 1, non-cat recall 2/3 -> (1 + 2/3) / 2 = 0.8333
    Y = np.array([[1, 0, 0, 0]])
    assert balanced_accuracy(Y, np.zeros((1, 4))) == 0.5
    assert balanced_accuracy(Y, np.array([[1, 0, 0, 1]])) == pytest.approx(5 / 6)
