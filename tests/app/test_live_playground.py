"""The playground's choices (nn_ui.live.playground): defaults, labels and the link's forms."""
import pytest

from nn_core.datasets import DATASETS, noise_std
from nn_core.features import FEATURES, PLAIN
from nn_ui.live import playground as pg


def test_defaults_are_the_app_s_runs_as_they_were():
    assert pg.DEFAULT_SPLIT == 50 and pg.FULL_BATCH in pg.BATCH_SIZES and 0.0 in pg.LAMBDAS
    for name, make in DATASETS.items():           # the default noise is each maker's own
        import inspect
        assert noise_std(name, pg.default_noise(name)) == \
            inspect.signature(make).parameters["noise"].default
        assert pg.default_noise(name) in pg.NOISES
    assert pg.NOISES[0] == 0 and pg.NOISES[-1] == 50
    assert pg.SPLITS[0] == 10 and pg.SPLITS[-1] == 90


def test_features_in_the_link_and_back():
    assert pg.features_text(PLAIN) == "x1,x2"
    everything = tuple(FEATURES)
    assert pg.parse_features(pg.features_text(everything)) == everything
    assert pg.parse_features("x2sq, x1") == ("x1", "x2^2")       # nn_core's order
    assert pg.ordered_features(["sin x2", "x1"]) == ("x1", "sin x2")
    with pytest.raises(ValueError, match="not one of"):
        pg.parse_features("x1,x3")
    with pytest.raises(ValueError, match="at least one"):
        pg.parse_features(" , ")


def test_labels_say_what_each_choice_is():
    assert pg.batch_label(0) == "full batch (the lesson)" and pg.batch_label(10) == "mini-batches of 10"
    assert pg.lambda_label(0.0) == "0 (none)" and pg.lambda_label(0.003) == "0.003"
    assert pg.feature_label("x1*x2") == "x₁·x₂"
    assert "one iteration" in pg.SENTENCES["batch"] or "each iteration one batch" in pg.SENTENCES["batch"]
