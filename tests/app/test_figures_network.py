"""nn_ui.figures.network: the network, the grid of the plane, W1 as pictures; never a NaN
drawn."""
import json

import numpy as np
import plotly.io as pio

from nn_ui.figures import network as F


def as_dict(fig) -> dict:
    return json.loads(pio.to_json(fig, validate=False))


def test_weight_images_scale_each_unit_and_survive_bad_values():
    W = np.zeros((3, 12288))
    W[0] = np.linspace(-1, 1, 12288)
    W[2, :5] = [np.nan, np.inf, -np.inf, 2.0, -2.0]
    images = F.weight_images(W, (64, 64, 3))
    assert all(im.shape == (64, 64, 3) and im.dtype == np.uint8 for im in images)
    assert images[0].min() == 0 and images[0].max() == 255
    assert np.all(images[1] == 128)                 # all-equal weights: mid-grey
    assert images[2].min() == 0 and images[2].max() == 255
    # the course's flattening order: row j of W1 is image j reshaped (64, 64, 3)
    assert images[0][0, 0, 0] == 0 and images[0][63, 63, 2] == 255


def test_weights_figure_one_picture_per_unit_up_to_sixteen():
    fig = as_dict(F.weights_figure(np.random.default_rng(0).normal(size=(20, 4096)), (64, 64)))
    assert len(fig["layout"]["images"]) == 16
    assert fig["layout"]["images"][0]["source"].startswith("data:image/jpeg;base64,")


def test_network_figure_names_the_lessons_shapes():
    fig = as_dict(F.network_figure([12288, 20, 7, 5, 1], 209))
    text = " ".join(a["text"] for a in fig["layout"]["annotations"])
    for shape in ("X (12288, 209)", "W1 (20, 12288)", "A3 (5, 209)", "W4 (1, 5)", "A4 (1, 209)"):
        assert shape in text
    assert "⋮" in text                              # 12288 and 20 units: a few drawn


def test_grid_for_surrounds_the_points():
    X = np.array([[0.0, 1.0, 2.0], [0.0, 1.0, 0.5]])
    xs, ys, G = F.grid_for(X, steps=10)
    assert G.shape == (2, 100)


def test_weight_images_on_one_shared_scale():
    W = np.array([[0.0, 0.5, -0.5, 2.0], [0.01, 0.0, 0.0, -0.01]])
    a, b = F.weight_images(W, (2, 2), scale=1.0)
    assert a.ravel().tolist() == [128, 191, 64, 255]     # 0 mid-grey, ±1 white/black, clipped
    assert b.ravel().tolist() == [129, 128, 128, 126]     # small weights stay near grey
