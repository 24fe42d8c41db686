import numpy as np
import pytest

from nn_core.batch import BatchTrainer
from nn_core.datasets import make_moons
from nn_core.train import Trainer


def _wide_data(n_x=50, m=20, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.random((n_x, m))
    return X, (X[:4].sum(axis=0, keepdims=True) > 2).astype(int)


@pytest.mark.parametrize("wide", [True, False])
@pytest.mark.parametrize("lambd", [0.0, 0.5])
def test_each_network_equals_its_own_trainer(wide, lambd):
    X, Y = _wide_data() if wide else make_moons(m=60, seed=2)
    Xt, Yt = _wide_data(seed=9) if wide else make_moons(m=30, seed=3)
    dims = [X.shape[0], 5, 3, 1]
    rates, inits, seeds = [0.01, 0.1, 0.5], ["he", "random", "zeros"], [1, 2, 3]
    batch = BatchTrainer(X, Y, dims, "tanh", rates, inits, seeds, lambd=lambd, X_test=Xt, Y_test=Yt)
    assert batch.K == 3 and batch.path == ("gram" if wide else "plain")
    batch.run(120)
    for k in range(3):
        single = Trainer(X, Y, dims, "tanh", rates[k], inits[k], seeds[k], lambd=lambd,
                         X_test=Xt, Y_test=Yt)
        single.run(120)
        np.testing.assert_allclose(batch.costs[k], single.costs, rtol=1e-12)
        for name, value in single.parameters.items():
            np.testing.assert_allclose(batch.networks[k].parameters[name], value, rtol=1e-9, atol=1e-12)
        assert batch.train_accuracy()[k] == single.train_accuracy()
        assert batch.test_accuracy()[k] == single.test_accuracy()
        assert batch.train_accuracies[k] == single.train_accuracies


def test_a_diverging_network_stops_alone():
    X, Y = _wide_data()
    X = X * 255
    batch = BatchTrainer(X, Y, [50, 6, 1], learning_rates=[0.001, 1e4], seeds=0)
    batch.run(200)
    assert batch.diverged == [False, True]
    assert batch.status[1].startswith("diverged at iteration") and batch.status[0].startswith("trained 200 iterations;")
    assert len(batch.costs[0]) == 200 and len(batch.costs[1]) < 200
    assert np.isfinite(batch.costs[1]).all()
    assert all(np.isfinite(v).all() for v in batch.networks[1].parameters.values())
    single = Trainer(X, Y, [50, 6, 1], learning_rate=1e4, seed=0)
    single.run(200)
    assert single.costs == batch.costs[1]
    for name, value in single.parameters.items():
        np.testing.assert_allclose(batch.networks[1].parameters[name], value, rtol=1e-9)
    assert batch.train_accuracy()[1] == single.train_accuracy()
