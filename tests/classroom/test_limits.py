import pytest

from classroom import Budget, LimitError, Limits, network_units


def test_network_units_counts_hidden_and_output_units():
    assert network_units([12288, 8, 1]) == 9            # 8 hidden + 1 output
    assert network_units([12288, 20, 7, 5, 1]) == 33    # 20 + 7 + 5 + 1
    with pytest.raises(ValueError):
        network_units([5])


def test_limits_accept_the_lesson_networks():
    limits = Limits()
    limits.check([8], 2500)
    limits.check([20, 7, 5], 3000)
    limits.check([limits.max_units] * limits.max_hidden_layers, limits.max_iterations)


@pytest.mark.parametrize("hidden, iterations, words", [
    ([8] * 5, 100, "at most 4 hidden layers"),
    ([8, 65], 100, "hidden layer 2 has 65 units"),
    ([0], 100, "hidden layer 1 has 0 units"),
    ([8], 10_001, "10001 iterations"),
    ([8], 0, "0 iterations"),
])
def test_limits_refuse_with_a_message_for_the_page(hidden, iterations, words):
    with pytest.raises(LimitError, match=words):
        Limits(max_hidden_layers=4, max_units=64, max_iterations=10_000).check(hidden, iterations)


def test_budget_trims_iterations_to_the_work_allowed():
    budget = Budget(max_work=250_000)
    # 9 units x 2500 = 22 500 <= 250 000: all of them
    assert budget.iterations_allowed([12288, 8, 1], 2500) == 2500
    # 257 units: 250 000 // 257 = 972
    assert budget.iterations_allowed([2, 64, 64, 64, 64, 1], 5000) == 972
    # 4 networks side by side count 4 times: 250 000 // (257 * 4) = 243
    assert budget.iterations_allowed([2, 64, 64, 64, 64, 1], 5000, networks=4) == 243
    # never less than one iteration, never more than asked, nothing for nothing
    assert Budget(max_work=10).iterations_allowed([2, 64, 1], 100) == 1
    assert budget.iterations_allowed([2, 3, 1], 7) == 7
    assert budget.iterations_allowed([2, 3, 1], 0) == 0
