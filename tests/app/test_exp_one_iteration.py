"""Experiment 5 (app_pages/exp_one_iteration.py): guess the shape, then the real step."""
import numpy as np
import pytest

from tests.app import exp_training_apptest as h
from nn_core import initialize_parameters
from nn_core.datasets import make_flower
from nn_core.walkthrough import one_iteration
from nn_io import catdata
from nn_ui.experiments.registry import EXPERIMENTS
from nn_ui.experiments.shape_quiz import shape_choices, shape_text


def _steps_flower(hidden=8):
    X, Y = make_flower(seed=1)
    params = initialize_parameters([2, hidden, 1], "he", seed=1)
    return one_iteration(X, Y.astype(float), params, 0.0075, "relu")


def test_guess_then_reveal_each_step():
    at = h.page("exp_one_iteration", step_data="flower")
    steps = _steps_flower()
    assert [s.name for s in steps][:6] == ["Z1", "A1", "Z2", "A2", "cost", "dZ2"]
    assert len(at.radio) == 1 and not at.get("plotly_chart")      # nothing shown before a guess
    for i, step in enumerate(steps):
        radio = at.radio(key=f"step_guess_{i}")
        truth = shape_text(step.shape)
        assert truth in radio.options
        wrong = next(o for o in radio.options if o != truth)
        radio.set_value(truth if i % 2 == 0 else wrong).run()
        assert not at.exception
        verdicts = [s.value for s in at.success] + [e.value for e in at.error]
        expected = f"Right: {step.name} is {truth}." if i % 2 == 0 else \
            f"Not quite: {step.name} is {truth}, not {wrong}."
        assert expected in verdicts
    assert "8 of 16 shapes right" in at.success[-1].value
    figs = h.charts(at)
    assert len(figs) == len(steps) - 1                                # every array but the cost
    z1 = h.traces(figs["step_heat_0"])[0]["z"]
    assert np.allclose(np.asarray(z1, float).reshape(6, 10), steps[0].value[:6, :10])
    assert all(h.all_finite(f) for f in figs.values())
    assert at.metric[0].value == f"{float(steps[4].value):.4f}"


@pytest.mark.skipif(catdata.find_cat_data() is None, reason="no cat photos on this machine")
def test_real_shapes_of_the_cat_photos():
    at = h.page("exp_one_iteration", step_reveal="true")
    shown = [m.value for m in at.markdown if m.value.startswith("Shape")]
    assert shown[:4] == ["Shape **(8, 209)**", "Shape **(8, 209)**", "Shape **(1, 209)**",
                         "Shape **(1, 209)**"]
    assert "Shape **(8, 12288)**" in shown and "Shape **(1, 8)**" in shown
    assert "**X** (12288, 209)" in at.markdown[1].value
    assert len(h.charts(at)) == 15


def test_shape_choices():
    opts = shape_choices((8, 209), [12288, 8, 1], 209, "Z1")
    assert len(opts) == 4 == len(set(opts)) and "(8, 209)" in opts and "(209, 8)" in opts
    assert shape_choices((8, 209), [12288, 8, 1], 209, "Z1") == opts   # stable between reruns
    assert "() — one number" in shape_choices((), [2, 4, 1], 400, "cost")


def test_restart_clears_the_guesses():
    at = h.page("exp_one_iteration", step_data="flower")
    at.radio(key="step_guess_0").set_value(at.radio(key="step_guess_0").options[0]).run()
    assert len(at.radio) == 2
    at.button(key="step_restart").click().run()
    assert len(at.radio) == 1 and at.radio(key="step_guess_0").value is None


def test_presets_load():
    for name, query in EXPERIMENTS[4].presets.items():
        at = h.page("exp_one_iteration", **query)
        if "step_hidden" in query:
            assert at.selectbox(key="step_hidden").value == int(query["step_hidden"]), name
        if "step_reveal" in query:
            assert at.toggle(key="step_reveal").value is True, name
