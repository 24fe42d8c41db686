import numpy as np
import pytest

from nn_core.initialization import initialize_parameters
from nn_core.train import train_plain
from nn_core.walkthrough import one_iteration


def test_steps_shapes_and_order_for_the_lesson_network():
    rng = np.random.default_rng(0)
    X, Y = rng.random((30, 12)), (rng.random((1, 12)) > 0.5).astype(int)
    p = initialize_parameters([30, 8, 1], "he", seed=0)
    steps = {s.name: s for s in one_iteration(X, Y, p, 0.1)}
    names = [s.name for s in one_iteration(X, Y, p, 0.1)]
    assert names == ["Z1", "A1", "Z2", "A2", "cost", "dZ2", "dW2", "db2", "dA1", "dZ1", "dW1", "db1",
                     "W1 new", "b1 new", "W2 new", "b2 new"]
    assert steps["Z1"].shape == (8, 12) and steps["dW1"].shape == (8, 30) and steps["W2 new"].shape == (1, 8)
    assert steps["A1"].value.min() >= 0  # ReLU
    assert steps["cost"].phase == "cost" and steps["dZ1"].formula == "dZ1 = dA1 * ReLU'(Z1)"
    # the walkthrough is the same iteration as the lesson loop
    new, costs = train_plain(X, Y, p, 1, 0.1)
    assert float(steps["cost"].value) == pytest.approx(costs[0])
    np.testing.assert_allclose(steps["W1 new"].value, new["W1"])
    np.testing.assert_allclose(steps["dZ1"].value, steps["dA1"].value * (steps["Z1"].value > 0))
