"""nn_ui.figures.style: what every builder does to its numbers first."""
import numpy as np

from nn_ui.figures import style as F


def test_finite_xy_drops_nan_and_infinities():
    x, y = F.finite_xy([0, 1, 2, 3], [0.5, np.nan, np.inf, 0.25])
    assert x.tolist() == [0, 3] and y.tolist() == [0.5, 0.25]


def test_thin_keeps_ends_and_every_spike():
    y = np.linspace(1, 0, 10_000)
    y[4321] = 5.0                                   # one spike must survive the thinning
    x, t = F.thin(np.arange(10_000.0), y, max_points=200)
    assert len(x) <= 204 and x[0] == 0 and x[-1] == 9999 and 5.0 in t
