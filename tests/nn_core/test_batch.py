import numpy as np
import pytest

from nn_core.batch import BatchTrainer, run_together, together_key
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


@pytest.mark.parametrize("wide", [True, False])
def test_trainers_run_together_end_exactly_where_their_own_runs_do(wide):
    """Students of one class, each at their own iteration, α and seed: one stacked
    computation, and each trainer's numbers, parameters and status are its lone run's."""
    X, Y = _wide_data(n_x=300, m=40) if wide else make_moons(m=60, seed=2)
    G = X.T @ X if wide else None
    dims = [X.shape[0], 7, 1]

    def make(seed, lr):
        return Trainer(X, Y, dims, "relu", learning_rate=lr, seed=seed, gram=G)

    setups = [(1, 0.0075, 0), (2, 0.01, 30), (3, 0.05, 55), (4, 0.0075, 200)]
    lone, together = [make(s, a) for s, a, _ in setups], [make(s, a) for s, a, _ in setups]
    for t, u, (_, _, start) in zip(lone, together, setups):
        t.run(start + 120)
        u.run(start)
    assert len({together_key(t) for t in together}) == 1
    for _ in range(6):
        assert run_together(together, 20) == [20] * 4
    for t, u in zip(lone, together):
        assert u.costs == t.costs and u.train_accuracies == t.train_accuracies
        assert u.iteration == t.iteration and u.status == t.status
        for name, value in t.parameters.items():
            np.testing.assert_array_equal(u.parameters[name], value)
        t.run(10)                                   # and they go on alone as before
        u.run(10)
        assert u.costs == t.costs


def test_a_trainer_that_diverges_together_is_run_again_alone():
    X, Y = _wide_data(n_x=300, m=40)
    X = X * 255
    dims = [X.shape[0], 6, 1]
    calm, wild, wild_alone = (Trainer(X, Y, dims, learning_rate=lr, seed=0)
                              for lr in (0.0001, 1e3, 1e3))
    done = run_together([calm, wild], 50)
    wild_alone.run(50)
    assert wild.diverged and not calm.diverged and done[0] == 50
    assert done[1] == len(wild_alone.costs) and wild.costs == wild_alone.costs
    assert wild.status == wild_alone.status and wild.iteration == wild_alone.iteration
    for name, value in wild_alone.parameters.items():
        np.testing.assert_array_equal(wild.parameters[name], value)


def test_only_trainers_of_one_data_set_and_shape_share_a_key():
    """The same X and Gram arrays (a server's data set), equal labels, the same layers."""
    X, Y = _wide_data(n_x=300, m=40)
    X2, _ = _wide_data(n_x=300, m=40, seed=5)
    G = X.T @ X
    dims = [X.shape[0], 6, 1]
    alive = [Trainer(X, Y, dims, seed=1, gram=G),
             Trainer(X, Y.copy(), dims, seed=9, learning_rate=0.3, gram=G)]
    assert together_key(alive[0]) == together_key(alive[1])
    others = [Trainer(X2, Y, dims), Trainer(X, 1 - Y, dims, gram=G), Trainer(X, Y, dims),
              Trainer(X, Y, [X.shape[0], 5, 1], gram=G), Trainer(X, Y, dims, "tanh", gram=G)]
    assert all(together_key(t) != together_key(alive[0]) for t in others)
    assert together_key(Trainer(X, Y, dims, lambd=0.5, gram=G)) is None
    assert together_key(Trainer(X, Y, dims, batch_size=8, gram=G)) is None


def test_a_trainer_runs_once_in_a_computation():
    X, Y = _wide_data(n_x=300, m=40)
    t = Trainer(X, Y, [300, 6, 1])
    with pytest.raises(ValueError, match="once"):
        run_together([t, t], 10)
    assert t.iteration == 0
