"""nn_ui.figures: pure builders, arrays in, a figure out; never a NaN drawn."""
import json

import numpy as np
import plotly.io as pio
import pytest

from nn_ui.figures import curves as F


def as_dict(fig) -> dict:
    return json.loads(pio.to_json(fig, validate=False))


def test_flat_regions_of_sigmoid():
    z = np.linspace(-10, 10, 2001)
    s = 1 / (1 + np.exp(-z))
    regions = F.flat_regions(z, s * (1 - s), 0.05)
    # sigma (1 - sigma) = 0.05 at sigma = (1 - sqrt(0.8)) / 2 = 0.0528,
    # so z = ln(0.0528 / 0.9472) = -2.887
    assert len(regions) == 2
    assert regions[0][0] == -10 and regions[0][1] == pytest.approx(-2.887, abs=0.011)
    assert regions[1][1] == 10 and regions[1][0] == pytest.approx(2.887, abs=0.011)


def test_cost_figure_draws_only_finite_costs_with_named_axes():
    costs = [0.7, 0.6, np.nan, 0.5, np.inf, 0.0]
    fig = as_dict(F.cost_figure([F.Curve("train", range(6), costs)], log_y=True))
    y = np.array(fig["data"][0]["y"] if isinstance(fig["data"][0]["y"], list) else [])
    if not len(y):
        import base64
        d = fig["data"][0]["y"]
        y = np.frombuffer(base64.b64decode(d["bdata"]), dtype=d["dtype"])
    assert np.all(np.isfinite(y)) and len(y) == 4 and y.min() == 1e-12   # 0 on a log axis
    assert fig["layout"]["xaxis"]["title"]["text"] == "iterations"
    assert fig["layout"]["yaxis"]["title"]["text"].startswith("cost J")
    assert fig["layout"]["yaxis"]["type"] == "log"


def test_an_empty_cost_figure_says_what_to_do():
    fig = as_dict(F.cost_figure([F.Curve("train", [], [])]))
    assert "Play" in fig["layout"]["annotations"][0]["text"]


def test_probability_figure_clips_and_survives_nan():
    assert as_dict(F.probability_figure(1.7))["data"][0]["x"] == [1.0]
    assert as_dict(F.probability_figure(float("nan")))["data"][0]["x"] == [0.5]


def test_log_cost_axis_labels_its_ticks_in_full():
    from nn_ui.figures.curves import Curve, cost_figure, log_ticks
    ticks = log_ticks(np.array([0.04, 0.7, 120.0]))
    # 3.5 decades: 1-3 steps from 0.03 (>= 0.04 / 2) up to 100 (<= 120 * 2), each written out
    assert ticks["ticktext"] == ["0.03", "0.1", "0.3", "1", "3", "10", "30", "100"]
    # 2 decades: 1-2-5 steps
    assert log_ticks(np.array([0.05, 4.0]))["ticktext"] == ["0.05", "0.1", "0.2", "0.5", "1",
                                                            "2", "5"]
    # a narrow range (a run at a large α, 0.6 to 1.8): more than a lone "1"
    assert log_ticks(np.array([0.6, 1.8]))["ticktext"] == ["0.6", "0.7", "0.8", "1", "1.2",
                                                           "1.5", "2"]
    # a cost that blew up to 2e5: one tick a decade, not twenty crowded ones
    assert log_ticks(np.array([0.3, 2e5]))["ticktext"] == ["0.1", "1", "10", "100", "1000",
                                                           "10000", "100000"]
    fig = cost_figure([Curve("run", np.arange(3), np.array([0.04, 0.7, 120.0]))], log_y=True)
    assert list(fig.layout.yaxis.ticktext) == ticks["ticktext"]
    assert cost_figure([Curve("run", np.arange(3), np.ones(3))]).layout.yaxis.ticktext is None


def test_log_ticks_on_a_short_plot_are_thinned_round_ones_first():
    from nn_ui.figures.curves import TICK_GAP_PX, log_ticks
    y = np.array([0.28, 0.87])
    tall, short = log_ticks(y, plot_px=400)["tickvals"], log_ticks(y, plot_px=174)["tickvals"]
    assert len(short) < len(tall) and set(short) <= set(tall) and 1.0 in short and 0.5 in short
    span = np.log10(max(0.87 * 2, short[-1]) / min(0.28, short[0]))
    gaps = np.diff(np.log10(short)) * 174 / span
    assert gaps.min() >= TICK_GAP_PX


def test_small_numbers_of_a_heat_map_share_one_power_of_ten():
    from nn_ui.figures.curves import excerpt_figure
    # entries of about 1e-4: "-0.000136" does not fit a cell, "-1.36" with "× 10⁻⁴" does
    fig = excerpt_figure(np.array([[-0.000136, 0.000174], [0.0000125, 0.0]]), "dW1")
    assert [list(row) for row in fig.data[0].text] == [["-1.36", "1.74"], ["0.12", "0.00"]]
    assert fig.layout.title.text.endswith("numbers × 10⁻⁴</b>")
    plain = excerpt_figure(np.array([[-0.5, 0.17]]), "W2")
    assert [list(row) for row in plain.data[0].text] == [["-0.50", "0.17"]]
    # the largest 0.042 (dW1 of the cat photos): all written as hundredths
    mixed = excerpt_figure(np.array([[-0.000136, 0.0422]]), "dW1")
    assert [list(row) for row in mixed.data[0].text] == [["-0.01", "4.22"]]
    assert mixed.layout.title.text.endswith("numbers × 10⁻²</b>")
    assert "×" not in plain.layout.title.text
