"""Mini-batches: the batch order, and the trainer against the lesson's loop on each batch."""
import hashlib

import numpy as np
import pytest

from nn_core.backward import model_backward
from nn_core.batch import BatchTrainer
from nn_core.cost import compute_cost
from nn_core.datasets import make_circles
from nn_core.forward import model_forward
from nn_core.initialization import initialize_parameters
from nn_core.minibatch import MiniBatches, batch_count, epoch_batches
from nn_core.train import Trainer
from nn_core.update import update_parameters


def _digest(costs, params) -> str:
    h = hashlib.sha256(np.asarray(costs, dtype=np.float64).tobytes())
    for name in sorted(params):
        h.update(np.ascontiguousarray(params[name], dtype=np.float64).tobytes())
    return h.hexdigest()[:16]


def lesson_loop(X, Y, params, iterations, lr, activation, lambd, batches):
    """The lesson's loop on each iteration's batch: forward, backward, update on X[:, cols];
    the cost recorded is J on all m examples before the update."""
    costs = []
    for i in range(iterations):
        AL, _ = model_forward(X, params, activation)
        costs.append(compute_cost(AL, Y, params, lambd))
        cols = batches.of(i)
        ALb, caches = model_forward(X[:, cols], params, activation)
        grads = model_backward(ALb, Y[:, cols], caches, activation, lambd)
        params = update_parameters(params, grads, lr)
    return params, costs


def test_an_epoch_is_every_example_once_in_batches_of_b():
    # m = 10, b = 4: batches of 4, 4, 2 (ceil(10 / 4) = 3 iterations an epoch)
    assert batch_count(10, 4) == 3 and batch_count(10, None) == 1 and batch_count(10, 10) == 1
    batches = epoch_batches(10, 4, seed=7, epoch=0)
    assert [len(b) for b in batches] == [4, 4, 2]
    np.testing.assert_array_equal(np.sort(np.concatenate(batches)), np.arange(10))
    order = MiniBatches(10, 4, seed=7)
    assert order.per_epoch == 3 and not order.full
    np.testing.assert_array_equal(order.of(1), batches[1])
    np.testing.assert_array_equal(order.of(4), epoch_batches(10, 4, 7, 1)[1])   # epoch 1
    assert not all(np.array_equal(a, b) for a, b in zip(batches, epoch_batches(10, 4, 7, 1)))
    assert MiniBatches(10, 10).full and MiniBatches(10, None).full
    with pytest.raises(ValueError, match="at least 1"):
        MiniBatches(10, 0)


@pytest.mark.parametrize("activation,lambd", [("relu", 0.0), ("tanh", 0.5), ("sigmoid", 0.0)])
def test_mini_batch_trainer_matches_the_lesson_loop_on_each_batch(activation, lambd):
    X, Y = make_circles(m=90, seed=2)
    params0 = initialize_parameters([2, 5, 3, 1], "he", 4)
    t = Trainer(X, Y, [2, 5, 3, 1], activation, 0.2, parameters=params0, lambd=lambd,
                batch_size=16, batch_seed=3)
    assert t.batches.per_epoch == 6                         # ceil(90 / 16)
    t.run(200)
    final, costs = lesson_loop(X, Y, params0, 200, 0.2, activation, lambd,
                               MiniBatches(90, 16, seed=3))
    np.testing.assert_allclose(t.costs, costs, rtol=1e-12, atol=1e-15)
    for name, value in final.items():
        np.testing.assert_allclose(t.parameters[name], value, rtol=1e-11, atol=1e-14)
    full = Trainer(X, Y, [2, 5, 3, 1], activation, 0.2, parameters=params0, lambd=lambd)
    full.run(200)
    assert not np.allclose(full.costs, t.costs)             # the batches made another run


def test_mini_batches_on_the_gram_path_are_those_of_the_plain_path():
    rng = np.random.default_rng(0)
    X = rng.random((40, 20))
    Y = (X[:4].sum(axis=0, keepdims=True) > 2).astype(int)
    runs = [Trainer(X, Y, [40, 6, 1], "relu", 0.1, seed=5, lambd=0.2, batch_size=6, fast=fast)
            for fast in (True, False)]
    for t in runs:
        t.run(120)
    assert [t.path for t in runs] == ["gram", "plain"]
    np.testing.assert_allclose(runs[0].costs, runs[1].costs, rtol=1e-10)
    np.testing.assert_allclose(runs[0].parameters["W1"], runs[1].parameters["W1"], rtol=1e-9,
                               atol=1e-12)


def test_a_restored_mini_batch_run_goes_on_with_the_same_batches():
    X, Y = make_circles(m=60, seed=1)
    whole = Trainer(X, Y, [2, 4, 1], learning_rate=0.3, batch_size=7, batch_seed=2)
    whole.run(25)                                           # mid-epoch (9 batches an epoch)
    costs, accs, state = list(whole.costs), list(whole.train_accuracies), whole.state
    whole.run(40)
    again = Trainer(X, Y, [2, 4, 1], learning_rate=0.3, batch_size=7, batch_seed=2)
    again.restore(25, state, costs, accs)
    again.run(40)
    assert again.costs == whole.costs
    assert _digest([], again.parameters) == _digest([], whole.parameters)


def test_k_networks_on_mini_batches_are_k_trainers():
    X, Y = make_circles(m=50, seed=3)
    batch = BatchTrainer(X, Y, [2, 4, 1], learning_rates=[0.1, 0.4], seeds=[1, 2],
                         batch_size=8, batch_seed=9)
    batch.run(60)
    for k, (lr, seed) in enumerate([(0.1, 1), (0.4, 2)]):
        one = Trainer(X, Y, [2, 4, 1], learning_rate=lr, seed=seed, batch_size=8, batch_seed=9)
        one.run(60)
        np.testing.assert_allclose(batch.costs[k], one.costs, rtol=1e-12)


def test_full_batch_is_today_s_run_to_the_bit():
    # Digests of runs made with nn_core as it was before mini-batches (commit 6529d56): the
    # default (full batch), and a batch as large as the data, give exactly those numbers.
    X, Y = make_circles(seed=1)
    Xt, Yt = make_circles(seed=101)
    for batch_size in (None, 300, 1000):
        t = Trainer(X, Y, [2, 4, 3, 1], "relu", 0.3, "he", 1, X_test=Xt, Y_test=Yt,
                    batch_size=batch_size)
        t.run(2500)
        assert _digest(t.costs, t.parameters) == "8411e4ed7f9c3675"
        assert t.costs[-1] == 0.10264775797588589
    t = Trainer(X, Y, [2, 4, 3, 1], "tanh", 0.3, "xavier", 3, lambd=0.7)
    t.run(500)
    assert _digest(t.costs, t.parameters) == "488a4640468716fa"
    rng = np.random.default_rng(0)
    Xw = rng.random((40, 16))
    Yw = (Xw[:4].sum(0, keepdims=True) > 2).astype(int)
    t = Trainer(Xw, Yw, [40, 5, 1], "relu", 0.1, "he", 2, lambd=0.3)
    t.run(300)
    assert t.path == "gram" and _digest(t.costs, t.parameters) == "56f06f4bd71f7681"
    b = BatchTrainer(X, Y, [2, 4, 3, 1], "relu", [0.1, 0.3], "he", [1, 2])
    b.run(400)
    both = {**b.networks[0].parameters,
            **{name + "_": v for name, v in b.networks[1].parameters.items()}}
    assert _digest(b.costs[0] + b.costs[1], both) == "4c39b4012a3a90ad"
