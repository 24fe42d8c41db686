"""Experiment 2 (app_pages/exp_learning_rate.py): the race, checked against nn_core directly."""
import numpy as np

from tests.app import exp_training_apptest as h
from nn_core import BatchTrainer
from nn_core.datasets import make_flower
from nn_ui.experiments.registry import EXPERIMENTS
from nn_ui.view import chunks
from nn_ui.experiments.race import parse_rates
from nn_ui.experiments.race_words import verdict


def test_race_matches_nn_core_and_flags_the_diverged_rate():
    at = h.page("exp_learning_rate", race_iterations="500")
    played = h.play(at, "race")
    race = at.session_state["race_race"]
    rates = [0.001, 0.03, 0.3, 10, 30]
    X, Y = make_flower(seed=1)
    direct = BatchTrainer(X, Y, [2, 10, 5, 1], "relu", learning_rates=rates, inits="he", seeds=1)
    direct.run(500)
    for k in range(5):
        assert np.allclose(race.costs(k), direct.costs[k], rtol=1e-12, atol=0)
        assert race.diverged(k) == direct.diverged[k]
    assert direct.diverged == [False, False, False, False, True]   # α 30 explodes, alone
    # the browser is sent each curve, float32, NaN past the diverged one's end, and where
    # and why it stopped
    for k in range(4):
        np.testing.assert_array_equal(played.costs[k], np.float32(direct.costs[k]))
    stop = len(direct.costs[4])
    assert played.meta["stop"] == [None] * 4 + [stop] and stop < 500
    assert np.isnan(played.costs[4, stop:]).all()
    np.testing.assert_array_equal(played.costs[4, :stop], chunks.finite32(direct.costs[4]))
    assert played.meta["status"][4].startswith("diverged")
    assert played.header["names"] == ["α 0.001", "α 0.03", "α 0.3", "α 10", "α 30"]
    lines = [m.value for m in at.markdown if m.value.startswith("**α")]
    assert lines[0].startswith("**α 0.001**") and "crawls" in lines[0]
    assert lines[-1].startswith("**α 30**") and "diverged" in lines[-1]
    assert any("α 30: the run diverged" in e.value for e in at.error)
    assert len(at.error) == 1


def test_rates_typed_by_the_learner():
    at = h.page("exp_learning_rate", race_iterations="200")
    at.text_input(key="race_rates").set_value("0.1, fast").run()
    assert not at.exception and "not a list of numbers" in at.error[0].value
    at.text_input(key="race_rates").set_value("1, 0.1").run()
    race = at.session_state["race_race"]
    assert race.names == ["α 0.1", "α 1"] and list(race.batch.learning_rates) == [0.1, 1.0]
    assert parse_rates("0.01; 0.1 1") == [0.01, 0.1, 1.0]
    for bad in ("", "1,2,3,4,5,6", "0", "1e9"):
        try:
            parse_rates(bad)
        except ValueError:
            continue
        raise AssertionError(bad)


def test_verdicts():
    t = np.arange(100)
    assert verdict([1.0, 0.9, 0.5], True) == "diverged"
    assert verdict(np.linspace(0.7, 0.69, 100), False) == "crawls"
    assert verdict(np.linspace(0.7, 0.1, 100), False) == "learns"
    assert verdict(np.linspace(0.7, 1.0, 100), False) == "got worse"
    # back and forth, hardly lower: 0.5 +- 0.1, falling by 0.2 in all
    assert verdict(0.5 + 0.1 * (t % 2) - np.linspace(0, 0.2, 100), False) == "oscillates"
    # down to 0.2, with small jumps up on the way: it learns, overshooting
    ripple = 0.7 - 0.5 * (1 - np.exp(-t / 20)) + 0.004 * (t % 2)
    assert verdict(ripple, False) == "overshoots"
    # the cat photos at a large α: up to 9 at iteration 1, then flat at 0.644 for good
    jump = np.r_[0.694, 8.98, 1.01, 0.85, np.full(96, 0.644)]
    assert verdict(jump, False) == "stuck"
    # flat far above the lowest point reached (it got down to 0.33, then fell back up)
    assert verdict(np.r_[np.linspace(0.69, 0.33, 50), np.full(50, 0.63)], False) == "stuck"


def test_presets_set_the_widgets():
    for name, query in EXPERIMENTS[1].presets.items():
        at = h.page("exp_learning_rate", **{**query, "race_iterations": "200"})
        if "race_rates" in query:
            assert at.text_input(key="race_rates").value == query["race_rates"], name
        if "race_data" in query and "cats" in at.selectbox(key="race_data").options:
            assert at.selectbox(key="race_data").value == query["race_data"], name
