"""Experiment 7 in AppTest: the run drawn is the Trainer's run, the baselines are the class
shares, the accuracy moves in steps of one photo while the cost falls."""
from __future__ import annotations

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from nn_core import Trainer
from nn_core.metrics import baselines, class_balance
from nn_ui.data_sets import loaders_ui as data
from tests.app.helpers import ROOT, chart, no_exception, open_file, trace, values

pytestmark = pytest.mark.usefixtures("whole_runs")
PAGE = str(ROOT / "app_pages" / "exp_cost_vs_accuracy.py")


@pytest.fixture(scope="module")
def inputs():
    inputs = data.cat_inputs("scale")
    if inputs is None:
        pytest.skip("no cat photos on this machine")
    return inputs


def open_page(**params) -> AppTest:
    return open_file(PAGE, **params)


def test_the_default_run_is_the_trainers_and_the_baselines_are_the_class_shares(inputs):
    at = open_page()
    run = at.session_state["cva_run"][1]
    t = Trainer(inputs.X, inputs.Y, [12288, 8, 1], "relu", 0.0075, "he", 1,
                X_test=inputs.X_test, Y_test=inputs.Y_test)
    t.run(2500)
    assert run.complete
    np.testing.assert_allclose(run.costs, t.costs, rtol=1e-12)
    np.testing.assert_allclose(run.train_accuracies, t.train_accuracies)
    assert run.test_accuracy == pytest.approx(t.test_accuracy())
    assert run.test_iterations.tolist() == list(range(0, 2501, 25))
    # the class balance: 34 % cats to learn from, 66 % to test on; the baselines are those shares
    assert run.train_share == pytest.approx(class_balance(inputs.Y)) == pytest.approx(72 / 209)
    base = baselines(inputs.Y_test)
    assert run.test_baselines["always say cat (test)"] == pytest.approx(base["always 1"]) == 0.66
    assert run.test_baselines["always say non-cat (test)"] == pytest.approx(base["always 0"])
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["“Always cat” (test)"] == "66%"
    assert metrics["Test accuracy"] == f"{t.test_accuracy():.0%}"
    fig = chart(at, "cva_chart")
    assert values(trace(fig, "always say cat (test)")["y"]).tolist() == [0.66, 0.66]
    assert values(trace(fig, "always say non-cat (test)")["y"]) == pytest.approx([0.34, 0.34])
    for tr in fig["data"]:
        assert np.all(np.isfinite(values(tr["y"]))), tr["name"]
    balance = chart(at, "cva_balance")
    assert values(balance["data"][0]["x"]) == pytest.approx([72 / 209, 0.66])


def test_the_accuracy_moves_in_steps_the_cost_smoothly(inputs):
    at = open_page(cva_iterations="250", cva_every="5")
    assert at.select_slider(key="cva_iterations").value == 250
    run = at.session_state["cva_run"][1]
    assert len(run.costs) == 250 and run.test_iterations.tolist() == list(range(0, 251, 5))
    # every accuracy is a whole number of photos out of 209 (or of 50 on the test set) ...
    assert np.allclose(run.train_accuracies * 209, np.round(run.train_accuracies * 209))
    assert np.allclose(run.test_accuracies * 50, np.round(run.test_accuracies * 50))
    # ... so it jumps by at least one photo (1/209) or not at all, while the cost changes at
    # every iteration
    jumps = np.abs(np.diff(run.train_accuracies))
    assert np.all((jumps == 0) | (jumps >= 1 / 209 - 1e-12))
    assert np.all(np.diff(run.costs) != 0)


def test_a_tiny_learning_rate_scores_near_the_always_non_cat_baseline(inputs):
    at = open_page(cva_lr="0.0001")
    assert at.select_slider(key="cva_lr").value == 0.0001
    run = at.session_state["cva_run"][1]
    assert abs(run.test_accuracy - run.test_baselines["always say non-cat (test)"]) <= 0.04
    assert "pts vs always cat" in " ".join(str(m.delta) for m in at.metric)


def test_the_default_run_is_trained_once_per_server_and_shared_read_only(inputs):
    from classroom.shared import SHARED
    SHARED.clear()
    before = SHARED.computations
    first = open_page().session_state["cva_run"][1]        # two students, default settings
    second = open_page().session_state["cva_run"][1]
    assert SHARED.computations == before + 1 and second is first
    assert not first.costs.flags.writeable and not first.test_accuracies.flags.writeable
    with pytest.raises(TypeError):
        first.test_baselines["always say cat (test)"] = 1.0
    # other settings are this student's own run, not shared
    other = open_page(cva_seed="2").session_state["cva_run"][1]
    assert SHARED.computations == before + 1 and other is not first
    assert other.costs[-1] != first.costs[-1]


def test_a_run_cut_short_by_a_busy_server_is_not_kept_and_try_again_trains(inputs, monkeypatch):
    from classroom.shared import SHARED
    from classroom.slots import SLOTS
    from nn_ui.experiments import cat_runs_ui as cat_runs
    SHARED.clear()
    monkeypatch.setattr(cat_runs, "WAIT_SECONDS", 0.3)
    held = [SLOTS.try_acquire() for _ in range(SLOTS.capacity)]   # every slot is taken
    try:
        at = open_page()
        no_exception(at)
        assert "cva_run" not in at.session_state
        assert "busy" in at.warning[0].value and at.button(key="cva_again")
    finally:
        for slot in held:
            slot.release()
    at.button(key="cva_again").click().run()
    assert at.session_state["cva_run"][1].complete and not at.warning
