"""nn_ui.common.names: every option a page offers is a name nn_core accepts; labels and parsing."""
import pytest

from nn_core import ACTIVATIONS as CORE_ACTIVATIONS
from nn_core.datasets import DATASETS as CORE_DATASETS
from nn_core.initialization import INIT_METHODS
from nn_core.preprocessing import PREPROCESSING_MODES
from nn_ui.common import names


def test_every_option_is_an_nn_core_name():
    assert set(names.ACTIVATIONS) == set(CORE_ACTIVATIONS)
    assert set(names.INITS) == set(INIT_METHODS)
    assert set(names.SCALINGS) == set(PREPROCESSING_MODES)
    assert set(names.TOY_DATASETS) == set(CORE_DATASETS)


def test_learning_rates_span_the_issue_on_a_log_scale():
    lrs = names.LEARNING_RATES
    assert lrs[0] == 1e-5 and lrs[-1] == 10 and 0.0075 in lrs and list(lrs) == sorted(lrs)


@pytest.mark.parametrize("lr, text", [(1e-5, "0.00001"), (0.0075, "0.0075"), (0.3, "0.3"),
                                      (1.0, "1"), (10.0, "10")])
def test_alpha_labels_have_no_exponents(lr, text):
    assert names.alpha_label(lr) == text


@pytest.mark.parametrize("text, units", [("8", (8,)), ("20, 7, 5", (20, 7, 5)),
                                         ("20 7 5", (20, 7, 5)), (" 4;4 ", (4, 4))])
def test_hidden_units_parse(text, units):
    assert names.parse_hidden_units(text) == units
    assert names.parse_hidden_units(names.hidden_units_text(units)) == units


@pytest.mark.parametrize("text", ["", "eight", "8.5", "8,x"])
def test_bad_hidden_units_raise_a_sentence(text):
    with pytest.raises(ValueError, match="e.g. 8"):
        names.parse_hidden_units(text)


def test_speed_labels():
    assert names.speed_label(names.FAST) == "as fast as it goes"
    assert names.speed_label(25) == "25 a second"
