"""Experiment 6 in AppTest: the clean check passes, every planted bug fails it, and the numbers
drawn are those of nn_core.gradient_check computed here directly."""
from __future__ import annotations

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from nn_core import initialize_parameters, model_backward, model_forward
from nn_core.gradcheck import BAD, GOOD, gradient_check
from nn_ui.data_sets import loaders_ui as data
from nn_ui.experiments.gradient_check import BUGS
from tests.app.helpers import ROOT, chart, no_exception, open_file, values

PAGE = str(ROOT / "app_pages" / "exp_gradient_check.py")


def open_page(**params) -> AppTest:
    return open_file(PAGE, **params)


def errors_drawn(at: AppTest) -> dict[str, float]:
    bar = chart(at, "gc_errors")["data"][0]
    return dict(zip(bar["x"], values(bar["y"]).tolist()))


def direct(grads_of=None, examples=3, hidden=8, entries=10, seed=1):
    """The same check computed here: the first photos, He weights, 10 entries sampled (seed 0)."""
    inputs = data.cat_inputs("scale")
    if inputs is None:
        pytest.skip("no cat photos on this machine")
    X, Y = np.array(inputs.X[:, :examples]), np.array(inputs.Y[:, :examples])
    p = initialize_parameters([X.shape[0], hidden, 1], "he", seed)
    grads = None
    if grads_of is not None:
        AL, caches = model_forward(X, p, "relu")
        grads = grads_of(model_backward(AL, Y, caches, "relu"), X, Y, p)
    return gradient_check(X, Y, p, "relu", max_entries_per_parameter=entries, seed=0, grads=grads)


def test_the_clean_check_passes_with_the_numbers_of_nn_core():
    at = open_page()
    assert at.success and not at.error
    want = direct()
    assert want.passed
    drawn = errors_drawn(at)
    assert set(drawn) == {"dW1", "db1", "dW2", "db2"}
    for name, e in want.per_parameter.items():
        assert drawn[name] == pytest.approx(max(e, 1e-16), rel=1e-6)
        assert drawn[name] < GOOD
    assert f"{want.relative_error:.1e}" in at.success[0].value


def double_dW2(g, X, Y, p):
    g["dW2"] = 2 * g["dW2"]
    return g


def test_a_planted_bug_turns_the_check_red_and_names_the_culprit():
    at = open_page()
    at.toggle(key="gc_plant").set_value(True).run()
    no_exception(at)
    assert at.selectbox(key="gc_bug").value == BUGS["dW2_doubled"]
    assert at.error and not at.success
    want = direct(double_dW2)                   # the bug written again here, by hand
    assert not want.passed and want.per_parameter["dW2"] > BAD
    drawn = errors_drawn(at)
    assert drawn["dW2"] == pytest.approx(want.per_parameter["dW2"], rel=1e-6)
    assert all(drawn[n] < GOOD for n in ("dW1", "db1", "db2"))
    # the switch off again: green
    at.toggle(key="gc_plant").set_value(False).run()
    assert at.success and not at.error


@pytest.mark.parametrize("bug", list(BUGS))
def test_every_bug_fails_and_its_parameters_are_red(bug):
    at = open_page(gc_plant="true", gc_bug=BUGS[bug])
    assert at.toggle(key="gc_plant").value is True
    assert at.selectbox(key="gc_bug").value == BUGS[bug]
    assert at.error, f"{bug} passed the check"
    drawn = errors_drawn(at)
    culprits = {"dW2_doubled": ["dW2"], "db1_forgotten": ["db1"],
                "relu_negative": ["dW1", "db1"], "dW1_no_m": ["dW1"]}[bug]
    for name in culprits:
        assert drawn[name] > BAD
    for name in set(drawn) - set(culprits):
        assert drawn[name] < GOOD


def test_other_activations_and_sizes_pass_and_no_nan_is_drawn():
    at = open_page()
    for activation in ("tanh", "sigmoid", "leaky_relu"):
        at.selectbox(key="gc_activation").set_value(activation).run()
        no_exception(at)
        assert at.success, activation
    at.select_slider(key="gc_hidden").set_value(2)
    at.select_slider(key="gc_examples").set_value(10)
    at.select_slider(key="gc_entries").set_value(50).run()
    no_exception(at)
    assert at.success
    for key in ("gc_errors", "gc_pairs"):
        for t in chart(at, key)["data"]:
            for axis in ("x", "y"):
                v = t.get(axis)
                if v is not None and not isinstance(v[0] if isinstance(v, list) else v, str):
                    assert np.all(np.isfinite(values(v))), (key, axis)
