import time

import numpy as np
import pytest

from nn_core.datasets import make_xor
from nn_core.initialization import initialize_parameters
from nn_core.train import Trainer, accuracy, predict, predict_proba, train_plain


def _wide_data(n_x=60, m=24, seed=0):
    """Fewer examples than features, like the photos: the trainer takes its Gram path."""
    rng = np.random.default_rng(seed)
    X = rng.random((n_x, m))
    Y = (X[:5].sum(axis=0, keepdims=True) > 2.5).astype(int)
    return X, Y


def test_cost_falls_and_xor_is_learned():
    X, Y = make_xor(m=200, noise=0.1, seed=0)
    trainer = Trainer(X, Y, [2, 8, 1], "tanh", learning_rate=0.5, init="xavier", seed=0)
    trainer.run(1500)
    assert trainer.path == "plain" and trainer.iteration == 1500 and len(trainer.costs) == 1500
    assert trainer.costs[-1] < 0.1 * trainer.costs[0]
    assert all(b <= a + 1e-12 for a, b in zip(trainer.costs[::100], trainer.costs[100::100]))
    assert trainer.train_accuracy() == 1.0
    assert accuracy(X, Y, trainer.parameters, "tanh") == 1.0


@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid", "leaky_relu"])
@pytest.mark.parametrize("lambd", [0.0, 0.3])
def test_fast_trainer_matches_the_plain_lesson_functions(activation, lambd):
    X, Y = _wide_data()
    dims = [60, 7, 5, 1]
    params0 = initialize_parameters(dims, "he", seed=3)
    trainer = Trainer(X, Y, dims, activation, learning_rate=0.05, parameters=params0, lambd=lambd)
    assert trainer.path == "gram"
    trainer.run(300)
    final, costs = train_plain(X, Y, params0, 300, 0.05, activation, lambd)
    np.testing.assert_allclose(trainer.costs, costs, rtol=1e-9, atol=0)
    for name, value in final.items():
        np.testing.assert_allclose(trainer.parameters[name], value, rtol=1e-7, atol=1e-10)
    assert trainer.train_accuracy() == accuracy(X, Y, final, activation)


def test_gram_and_plain_paths_agree_with_a_test_set_and_lr_changes_mid_run():
    X, Y = _wide_data(seed=1)
    Xt, Yt = _wide_data(seed=2)
    runs = []
    for fast in (True, False):
        t = Trainer(X, Y, [60, 4, 1], learning_rate=0.1, seed=5, X_test=Xt, Y_test=Yt, fast=fast)
        t.run(50)
        t.learning_rate = 0.02
        t.run(50)
        runs.append(t)
    gram, plain = runs
    assert (gram.path, plain.path) == ("gram", "plain")
    np.testing.assert_allclose(gram.costs, plain.costs, rtol=1e-9)
    assert gram.test_accuracy() == plain.test_accuracy() == accuracy(Xt, Yt, plain.parameters)
    assert gram.test_cost() == pytest.approx(plain.test_cost(), rel=1e-9)
    np.testing.assert_allclose(gram.test_proba(), predict_proba(Xt, plain.parameters), rtol=1e-9)


def test_zero_initialisation_keeps_hidden_units_identical():
    X, Y = _wide_data()
    trainer = Trainer(X, Y, [60, 6, 1], "tanh", learning_rate=0.5, init="zeros")
    trainer.run(200)
    W1, W2 = trainer.parameters["W1"], trainer.parameters["W2"]
    assert np.ptp(W1, axis=0).max() == 0 and np.ptp(W2) == 0  # every row the same
    assert trainer.costs[-1] < trainer.costs[0]  # it learns, but as one unit


def test_same_seed_same_run_other_seed_other_run():
    X, Y = _wide_data()
    a, b, c = (Trainer(X, Y, [60, 5, 1], seed=s, learning_rate=0.1) for s in (1, 1, 2))
    for t in (a, b, c):
        t.run(40)
    assert a.costs == b.costs and a.costs != c.costs


def test_a_huge_learning_rate_diverges_and_keeps_the_last_good_parameters():
    X, Y = _wide_data()
    X = X * 255  # raw pixel values make it blow up fast
    trainer = Trainer(X, Y, [60, 8, 1], learning_rate=1e4, seed=0)
    done = trainer.run(100)
    assert trainer.diverged and trainer.status.startswith("diverged at iteration")
    assert done < 100 and trainer.iteration == len(trainer.costs) - 1
    assert all(np.isfinite(v).all() for v in trainer.parameters.values())
    assert np.isfinite(trainer.costs).all()
    assert trainer.run(10) == 0  # stays stopped


def test_a_deadline_snapshots_and_predict():
    X, Y = _wide_data()
    trainer = Trainer(X, Y, [60, 3, 1], learning_rate=0.1, snapshot_every=10)
    done = trainer.run(35, deadline=time.perf_counter() + 0.05)
    assert 1 <= done <= 35 and trainer.iteration == done
    trainer.run(35 - done)
    assert sorted(trainer.snapshots) == [0, 10, 20, 30]
    np.testing.assert_allclose(trainer.snapshots[0]["W1"], initialize_parameters([60, 3, 1], "he", 1)["W1"])
    p = trainer.parameters
    assert predict(X, p).shape == (1, 24) and set(np.unique(predict(X, p))) <= {0, 1}
    np.testing.assert_allclose(trainer.predict_proba(), trainer.predict_proba(X))


def test_snapshots_at_chosen_iterations_and_the_path_in_the_status():
    X, Y = _wide_data()                                   # 24 examples of 60 numbers: m < n_x
    trainer = Trainer(X, Y, [60, 3, 1], learning_rate=0.1, snapshot_at=[0, 1, 7, 30])
    trainer.run(30)
    assert sorted(trainer.snapshots) == [0, 1, 7, 30]
    again = Trainer(X, Y, [60, 3, 1], learning_rate=0.1)
    again.run(7)
    np.testing.assert_allclose(trainer.snapshots[7]["W1"], again.parameters["W1"], rtol=1e-12)
    assert trainer.status.startswith("trained 30 iterations; Gram path")
    plain = Trainer(X, Y, [60, 3, 1], learning_rate=0.1, fast=False)
    plain.run(3)
    assert plain.status.startswith("trained 3 iterations; plain path") and "switched off" in plain.status


def test_bad_data_is_refused_clearly():
    X, Y = _wide_data()
    with pytest.raises(ValueError, match="labels must be 0 or 1"):
        Trainer(X, Y * 2, [60, 3, 1])
    with pytest.raises(ValueError, match="layer_dims"):
        Trainer(X, Y, [59, 3, 1])
    with pytest.raises(ValueError, match="NaN"):
        Trainer(np.full_like(X, np.nan), Y, [60, 3, 1])


def test_train_accuracy_is_recorded_each_iteration():
    X, Y = _wide_data()
    trainer = Trainer(X, Y, [60, 4, 1], learning_rate=0.1, seed=2)
    trainer.run(30)
    assert len(trainer.train_accuracies) == 30
    # the value at iteration i is the accuracy of the parameters before update i
    again = Trainer(X, Y, [60, 4, 1], learning_rate=0.1, seed=2)
    again.run(12)
    assert trainer.train_accuracies[12] == again.train_accuracy()


def test_layer_stats_find_dead_and_saturated_units():
    X, Y = _wide_data()
    trainer = Trainer(X, Y, [60, 3, 2, 1], "relu", seed=0)
    p = trainer.parameters
    p["b1"][0] = -1e3  # unit 1 of layer 1 is dead: Z <= 0 for every example
    dead = Trainer(X, Y, [60, 3, 2, 1], "relu", parameters=p)
    stats = dead.layer_stats()
    assert [s["layer"] for s in stats] == [1, 2] and stats[0]["units"] == 3
    assert stats[0]["dead_units"] >= 1 and stats[0]["saturated_share"] >= 1 / 3
    p["b1"][0] = 0.0
    p["W1"] *= 1e3  # huge weights saturate sigmoid units
    sat = Trainer(X * 10, Y, [60, 3, 2, 1], "sigmoid", parameters=p).layer_stats()
    assert sat[0]["saturated_share"] > 0.9


def test_restore_continues_exactly_where_the_recorded_run_was():
    X, Y = _wide_data()
    whole = Trainer(X, Y, [60, 4, 1], learning_rate=0.1)
    whole.run(50)
    recorded = Trainer(X, Y, [60, 4, 1], learning_rate=0.1)
    recorded.run(20)
    point = (recorded.iteration, recorded.state, tuple(recorded.costs),
             tuple(recorded.train_accuracies))
    recorded.run(5)                                 # the recording goes on: point is unchanged
    later = Trainer(X, Y, [60, 4, 1], learning_rate=0.1)
    later.restore(*point)
    assert later.iteration == 20 and later.costs == whole.costs[:20]
    later.run(30)
    assert later.costs == whole.costs                # bit for bit, not only close
    for name, value in whole.parameters.items():
        np.testing.assert_array_equal(later.parameters[name], value)
    with pytest.raises(ValueError, match="needs 7 costs"):
        later.restore(7, point[1], point[2], point[3])
