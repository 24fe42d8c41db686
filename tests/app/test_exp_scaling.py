"""Experiment 3 (app_pages/exp_scaling.py): raw, / 255, standardised, checked against nn_core."""
import numpy as np
import pytest

from tests.app import exp_training_apptest as h
from nn_core import Trainer
from nn_core.preprocessing import images_to_X
from nn_io import catdata
from nn_ui.experiments.registry import EXPERIMENTS

HAVE_CATS = catdata.find_cat_data() is not None


@pytest.mark.skipif(not HAVE_CATS, reason="no cat photos on this machine")
def test_photos_saturation_and_dead_units_match_nn_core():
    at = h.page("exp_scaling", scale_iterations="200")
    played = h.play(at, "scale")
    race = at.session_state["scale_race"]
    assert race.names == ["raw 0–255", "÷ 255", "standardised"]
    data = catdata.load_cat_data(catdata.find_cat_data())
    Y = data.train_y.reshape(1, -1)
    for k, mode in enumerate(("raw", "scale", "standardize")):
        X, _ = images_to_X(data.train_x, mode)
        t = Trainer(X, Y, [12288, 8, 1], "sigmoid", learning_rate=0.01, init="he", seed=1)
        t.run(200)
        assert np.allclose(race.costs(k), t.costs, rtol=1e-9)
        np.testing.assert_allclose(played.costs[k], np.float32(t.costs), rtol=1e-6)
        # the number the view shows for each input: its train accuracy after every update
        np.testing.assert_array_equal(played.metric[k], np.float32(t.train_accuracies))
        assert race.layer_stats()[k] == t.layer_stats()
    raw = race.layer_stats()[0][0]
    assert raw["saturated_share"] > 0.9                        # raw pixels: sigmoid saturated
    assert race.layer_stats()[1][0]["saturated_share"] < 0.1
    figs = h.charts(at)
    assert "scale_saturated" in figs
    assert played.header["metric"]["format"] == "pct" and list(played.metric_it) == \
        list(range(200))
    assert played.metric[2, -1] > 0.9                          # standardised: it learns
    assert "scale_dead" not in figs and "scale_inactive" not in figs   # sigmoid units never die
    assert not any("dead" in c.value for c in at.caption)
    assert all(h.all_finite(f) for f in figs.values())
    bars = h.traces(figs["scale_saturated"])[0]
    assert np.allclose(np.asarray(bars["y"], float), [s[0]["saturated_share"] for s in race.layer_stats()])


@pytest.mark.skipif(not HAVE_CATS, reason="no cat photos on this machine")
def test_relu_on_raw_pixels_is_flagged():
    at = h.page("exp_scaling", scale_activation="relu", scale_iterations="200")
    race = h.train_to_end(at, "scale")
    assert race.diverged(0) and not race.diverged(1) and not race.diverged(2)
    assert any("raw 0–255: the run diverged" in e.value for e in at.error)
    figs = h.charts(at)
    assert all(h.all_finite(f) for f in figs.values())
    # ReLU's z ≤ 0 half is "inactive", never "saturated"
    assert {"scale_inactive", "scale_dead"} <= set(figs) and "scale_saturated" not in figs
    assert not any("saturated" in c.value for c in at.caption)


def test_two_d_fallback():
    at = h.page("exp_scaling", scale_data="circles", scale_iterations="200")
    race = h.train_to_end(at, "scale")
    X0 = race.trainers[0].X
    assert X0.min() == 0 and X0.max() == 255
    assert np.allclose(race.trainers[1].X, X0 / 255)
    assert np.allclose(race.trainers[2].X.mean(axis=1), 0) and np.allclose(race.trainers[2].X.std(axis=1), 1)
    assert race.layer_stats()[0][0]["saturated_share"] > race.layer_stats()[2][0]["saturated_share"]


def test_presets_load():
    for name, query in EXPERIMENTS[2].presets.items():
        at = h.page("exp_scaling", **{**query, "scale_iterations": "200", "scale_data": query.get("scale_data", "circles")})
        if "scale_activation" in query:
            assert at.selectbox(key="scale_activation").value == query["scale_activation"], name


def test_the_2d_preset_shows_the_claim_too():
    # "Without the photos": circles mapped to 0-255, ReLU, α 0.3: raw diverges (the huge Z1
    # blows the cost up), ÷ 255 learns some, standardised learns most
    query = EXPERIMENTS[2].presets["Without the photos"]
    at = h.page("exp_scaling", **query)
    race = h.train_to_end(at, "scale")
    acc = race.train_accuracy()
    assert race.diverged(0) and not race.diverged(1) and not race.diverged(2)
    assert acc[2] > acc[1] > acc[0] and acc[2] > 0.9
