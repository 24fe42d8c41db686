import numpy as np
import pytest

from nn_core.batch import BatchTrainer
from nn_core.initialization import initialize_parameters
from nn_core.networks import GramLayer1, PlainLayer1, check_data
from nn_core.train import Trainer


def _wide_data(n_x=40, m=16, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.random((n_x, m))
    return X, (X[:4].sum(axis=0, keepdims=True) > 2).astype(int)


@pytest.mark.parametrize("shrinks", [False, True])
def test_the_two_layer_1_strategies_compute_the_same_layer(shrinks):
    X, _ = _wide_data()
    Xt, _ = _wide_data(seed=1)
    W0 = np.random.default_rng(2).standard_normal((5, 40))
    dZ1 = np.random.default_rng(3).standard_normal((5, 16)) / 16
    gram, plain = GramLayer1(X, Xt, W0, shrinks), PlainLayer1(X, Xt)
    kept_g, kept_p = gram.start(W0), plain.start(W0)
    decay = 0.99 if shrinks else None
    for _ in range(3):                  # W1 := decay W1 - alpha dZ1 X^T, three times
        kept_g = gram.step(kept_g, dZ1, 0.1, decay)
        kept_p = plain.step(kept_p, dZ1, 0.1, decay)
    W1 = plain.weights(kept_p)
    np.testing.assert_allclose(gram.weights(kept_g), W1, rtol=1e-12)
    for test in (False, True):
        np.testing.assert_allclose(gram.product(kept_g, test), plain.product(kept_p, test),
                                   rtol=1e-10, atol=1e-12)
    assert gram.squared_norm(kept_g) == pytest.approx(float(np.sum(W1 * W1)), rel=1e-12)
    assert plain.squared_norm(kept_p) == pytest.approx(float(np.sum(W1 * W1)), rel=1e-12)


def test_one_interface_for_one_network_and_for_k():
    X, Y = _wide_data()
    single = Trainer(X, Y, [40, 4, 1], learning_rate=0.1, seed=3)
    batch = BatchTrainer(X, Y, [40, 4, 1], learning_rates=[0.5, 0.1], seeds=[1, 3])
    assert (single.K, batch.K) == (1, 2) and single.networks == [single]
    for training in (single, batch):    # the same code reads both
        assert training.run(25) == 25 and training.iteration == 25 and not training.all_diverged
        for net in training.networks:
            assert net.iteration == 25 and len(net.costs) == len(net.train_accuracies) == 25
            assert net.status.startswith("trained 25 iterations; Gram path")
            assert net.parameters["W1"].shape == (4, 40) and 0 <= net.train_accuracy() <= 1
    twin = batch.networks[1]            # the same settings as single: the same run
    np.testing.assert_allclose(twin.costs, single.costs, rtol=1e-12)
    np.testing.assert_allclose(twin.predict_proba(), single.predict_proba(), rtol=1e-9)
    assert twin.layer_stats() == single.layer_stats()


def test_a_batch_of_one_is_the_trainer_bit_for_bit():
    X, Y = _wide_data()
    Xt, Yt = _wide_data(seed=4)
    single = Trainer(X, Y, [40, 6, 3, 1], "tanh", 0.2, "xavier", 7, lambd=0.4, X_test=Xt, Y_test=Yt)
    batch = BatchTrainer(X, Y, [40, 6, 3, 1], "tanh", 0.2, "xavier", 7, lambd=0.4, X_test=Xt, Y_test=Yt)
    single.run(60)
    batch.run(60)
    assert batch.costs == [single.costs] and batch.train_accuracies == [single.train_accuracies]
    for name, value in single.parameters.items():
        np.testing.assert_array_equal(batch.networks[0].parameters[name], value)
    assert batch.test_accuracy().tolist() == [single.test_accuracy()]


def test_restore_then_a_new_alpha_is_the_run_whose_alpha_changed_there():
    X, Y = _wide_data()
    changed = Trainer(X, Y, [40, 5, 1], learning_rate=0.05)
    changed.run(30)
    changed.learning_rate = 0.2
    changed.run(20)
    recorded = Trainer(X, Y, [40, 5, 1], learning_rate=0.05)
    recorded.run(30)
    later = Trainer(X, Y, [40, 5, 1], learning_rate=0.2)
    later.restore(30, recorded.state, recorded.costs, recorded.train_accuracies)
    later.run(20)
    assert later.costs == changed.costs and later.train_accuracies == changed.train_accuracies
    np.testing.assert_array_equal(later.parameters["W1"], changed.parameters["W1"])


def test_a_state_is_never_changed_in_place():
    X, Y = _wide_data()
    trainer = Trainer(X, Y, [40, 3, 2, 1], learning_rate=0.1)
    kept = trainer.state
    W, b = kept
    before = [np.array(a) for a in (*W[0], *W[1:], *b)]
    for a in (*W[0], *W[1:], *b):
        a.setflags(write=False)         # as a shared recording keeps it
    trainer.run(5)
    assert [np.array_equal(x, y) for x, y in zip(before, (*W[0], *W[1:], *b))] == [True] * len(before)


def test_diverged_networks_are_answered_from_their_last_good_parameters():
    X, Y = _wide_data()
    X = X * 255
    batch = BatchTrainer(X, Y, [40, 6, 1], learning_rates=[1e4, 0.001, 3e3], seeds=0)
    batch.run(60)
    assert batch.diverged == [True, False, True] and not batch.all_diverged
    for k, lr in ((0, 1e4), (2, 3e3)):
        alone = Trainer(X, Y, [40, 6, 1], learning_rate=lr, seed=0)
        alone.run(60)
        net = batch.networks[k]
        assert net.iteration == alone.iteration == len(alone.costs) - 1 and net.costs == alone.costs
        assert net.train_accuracy() == alone.train_accuracy() and net.status == alone.status


def test_check_data_refuses_nan_and_infinity():
    X, Y = _wide_data()
    for bad in (np.nan, np.inf, -np.inf):
        X2 = X.copy()
        X2[3, 5] = bad
        with pytest.raises(ValueError, match="NaN or infinite"):
            check_data(X2, Y)
    assert check_data(X, Y)[0].dtype == np.float64


def test_initial_parameters_given_are_copied():
    X, Y = _wide_data()
    p = initialize_parameters([40, 3, 1], "he", 1)
    trainer = Trainer(X, Y, [40, 3, 1], parameters=p, fast=False)
    p["W1"][:] = 0
    assert np.abs(trainer.parameters["W1"]).sum() > 0


@pytest.mark.parametrize("gram", [False, True])
@pytest.mark.parametrize("lambd", [0.0, 0.7])
def test_first_rows_in_single_precision_are_w1s_rows(gram, lambd):
    """The pictures' W1 rows, float32: W1's first rows to single precision, on both layer-1
    strategies (with L2, the Gram form's s shrinks), for one network and for network k of K."""
    rng = np.random.default_rng(3)
    X, Y = rng.normal(size=(50, 12)), (rng.random((1, 12)) > 0.5).astype(float)
    t = Trainer(X, Y, [50, 6, 1], "relu", learning_rate=0.1, seed=2, lambd=lambd, fast=gram)
    t.run(30)
    assert t.path == ("gram" if gram else "plain")
    W32 = t.first_rows32(4)
    assert W32.dtype == np.float32 and W32.shape == (4, 50)
    np.testing.assert_allclose(W32, t.parameters["W1"][:4], rtol=1e-5, atol=1e-6)
    b = BatchTrainer(X, Y, [50, 6, 1], "relu", learning_rates=[0.1, 0.3], seeds=2, lambd=lambd,
                     fast=gram)
    b.run(30)
    np.testing.assert_allclose(b.networks[1].first_rows32(6), b.networks[1].parameters["W1"],
                               rtol=1e-5, atol=1e-6)


def test_one_layer_s_parameters_are_those_of_the_whole_dict():
    X, Y = _wide_data()
    for t in (Trainer(X, Y, [40, 5, 3, 1], seed=2), BatchTrainer(X, Y, [40, 5, 3, 1], seeds=[1, 2])):
        t.run(10)
        for net in t.networks:
            p = net.parameters
            for l in (1, 2, 3):
                W, b = net.layer(l)
                np.testing.assert_allclose(W, p[f"W{l}"], rtol=1e-12)
                np.testing.assert_array_equal(b, p[f"b{l}"])
            assert net.layer(1, weights=False)[0] is None
            with pytest.raises(ValueError, match="layer 4"):
                net.layer(4)


def test_read_only_data_sets_share_one_x_t_x_test_and_the_same_test_costs():
    """X^T X_test is computed once for read-only data (a class's trainings share it), never
    for data that may change in place; either way the test costs are the same to the bit."""
    from nn_core import networks
    X, Y = _wide_data()
    Xt, Yt = _wide_data(seed=1)
    fresh = Trainer(X, Y, [40, 5, 1], seed=3, X_test=Xt, Y_test=Yt)
    fresh.run(20)
    assert (id(X), id(Xt)) not in networks._CROSS              # writable data: not kept
    X.setflags(write=False), Xt.setflags(write=False)
    shared = [Trainer(X, Y, [40, 5, 1], seed=3, X_test=Xt, Y_test=Yt) for _ in range(2)]
    for t in shared:
        t.run(20)
        assert t.test_cost() == fresh.test_cost() and t.path == "gram"
    assert (id(X), id(Xt)) in networks._CROSS
    assert shared[0]._training._layer1._test_products[1] is \
        shared[1]._training._layer1._test_products[1]
