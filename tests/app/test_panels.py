"""nn_ui.figures.panels: a figure of K panels side by side cut into K one-panel figures, each
with its own traces, axes, subplot title and colour bar, for columns that wrap on a phone."""
import numpy as np

from nn_ui.figures.panels import split_panels
from nn_ui.figures.race import layer_lines_figure, weight_vectors_figure

NAMES = ["zeros", "small random ×0.01", "He", "large ×10"]


def test_each_panel_keeps_its_heat_map_title_and_the_shared_scale():
    W1s = [np.zeros((10, 2)), np.full((10, 2), 0.01), np.arange(20.0).reshape(10, 2), -np.ones((10, 2))]
    title, figs = split_panels(weight_vectors_figure(W1s, NAMES))
    assert title.startswith("<b>W1") and len(figs) == 4
    for k, fig in enumerate(figs):
        [heat] = fig.data
        np.testing.assert_array_equal(np.asarray(heat.z), W1s[k].T)
        assert heat.xaxis == "x" and heat.yaxis == "y" and heat.zmax == 19.0
        assert fig.layout.annotations[0].text.startswith(NAMES[k])
        assert list(fig.layout.xaxis.domain) == [0, 1] and fig.layout.title.text is None
    assert [bool(f.data[0].showscale) for f in figs] == [False, False, False, True]


def test_shared_y_axes_stand_alone_and_a_single_panel_stays_whole():
    values = np.random.default_rng(0).random((5, 3, 2))
    _, figs = split_panels(layer_lines_figure(range(0, 50, 10), values, NAMES[:3], "Share", "g′"))
    assert [len(f.data) for f in figs] == [2, 2, 2]
    assert all(f.layout.yaxis.matches is None and f.layout.yaxis.showticklabels is not False
               for f in figs)
    np.testing.assert_allclose(figs[2].data[1].y, values[:, 2, 1])
    one = layer_lines_figure(range(0, 50, 10), values[:, :1], NAMES[:1], "Share", "g′")
    assert split_panels(one)[1] == [one]
