"""The network graph's wire data (nn_ui.view.graph_data): the weights' order and rounding, the
units' maps against nn_core's forward pass, and the arrays read back after packing."""
import numpy as np

from nn_core import Trainer, initialize_parameters
from nn_core.datasets import make_circles
from nn_core.features import feature_map
from nn_core.units import DEAD, FINE, plane_grid
from nn_ui.view import chunks
from nn_ui.view import graph_data as gd


def test_the_weight_vector_is_each_layer_s_w_row_by_row_then_its_b():
    # dims 2-2-1: W1 = [[1, 2], [3, 4]], b1 = [5, 6], W2 = [[7, 8]], b2 = [9]
    p = {"W1": np.array([[1.0, 2], [3, 4]]), "b1": np.array([[5.0], [6]]),
         "W2": np.array([[7.0, 8]]), "b2": np.array([[9.0]])}
    np.testing.assert_array_equal(gd.weight_vector(p), [1, 2, 3, 4, 5, 6, 7, 8, 9])
    np.testing.assert_array_equal(gd.weight_vector(p, first_drawn=False), [5, 6, 7, 8, 9])
    assert gd.weight_count([2, 2, 1]) == 9 and gd.weight_count([2, 2, 1], False) == 5
    assert gd.weight_count([12288, 20, 7, 5, 1], False) == 20 + 7 * 20 + 7 + 5 * 7 + 5 + 5 + 1


def test_weights_come_back_to_five_significant_digits():
    rows = np.random.default_rng(0).normal(0, 3, (7, 31)).astype(np.float32)
    rows[0, :3] = [0.0, -1.5, 1e-30]
    planes = gd.pack_weights(rows)
    assert planes.shape == (3, 31, 7) and planes.dtype == np.uint8
    back = gd.unpack_weights(planes)
    np.testing.assert_allclose(back, rows, rtol=2 ** -16, atol=0)
    assert back[0, 0] == 0.0 and back[0, 1] == -1.5


def test_hidden_maps_are_the_forward_pass_of_each_unit_over_the_grid():
    p = initialize_parameters([3, 4, 2, 1], "he", 5)
    features, extent = ("x1", "x2", "x1*x2"), [-1.0, 2.0, -3.0, 1.0]
    q, lo, hi = gd.hidden_maps(p, extent, features, "tanh", grid=9)
    assert q.shape == (6, 9, 9) and lo.shape == hi.shape == (6,)
    A = gd.unquantise(q, lo, hi)
    xs, ys = np.linspace(-1, 2, 9), np.linspace(-3, 1, 9)
    X = feature_map(plane_grid(xs, ys), features)
    A1 = np.tanh(p["W1"] @ X + p["b1"])                       # layer 1 by hand
    A2 = np.tanh(p["W2"] @ A1 + p["b2"])
    step = (hi - lo)[:, None] / gd.MAP_TOP
    assert np.all(np.abs(A.reshape(6, -1) - np.vstack([A1, A2])) <= step / 2 + 1e-6)
    qi, ilo, ihi = gd.input_maps(extent, features, grid=9)
    np.testing.assert_allclose(gd.unquantise(qi, ilo, ihi).reshape(3, -1), X,
                               atol=float((ihi - ilo).max()) / (2 * gd.MAP_TOP) + 1e-6)


def test_graph_arrays_read_back_after_packing():
    from nn_ui.view import chunks
    X, Y = make_circles(m=100, seed=1)
    t = Trainer(X, Y, [2, 4, 3, 1], "relu", 0.3, seed=1)
    extent, feats = [-1.5, 1.5, -1.5, 1.5], ("x1", "x2")
    weights, units, kept = {}, {}, {}
    for i in range(0, 201, 20):
        weights[i] = gd.weight_vector(t.parameters)
        if i % 100 == 0:
            q, lo, hi = gd.hidden_maps(t.parameters, extent, feats, "relu")
            units[i] = (q, lo, hi, gd.marks_vector(t.unit_marks()))
            kept[i] = t.parameters
        t.run(20)
    arrays = gd.graph_arrays(weights, units, 0, 200, gd.input_maps(extent, feats))
    setup = gd.graph_setup(t.layer_dims, "relu", feats)
    _, back = chunks.decode(chunks.message({}, chunks.pack({"graph": setup}, arrays)))
    assert setup["dims"] == [2, 4, 3, 1] and setup["inputs"] == ["x₁", "x₂"]
    np.testing.assert_array_equal(back["w_it"], range(0, 201, 20))
    w = gd.unpack_weights(back["w24"])
    assert w.shape == (11, gd.weight_count([2, 4, 3, 1]))
    np.testing.assert_allclose(w[5], gd.weight_vector(kept[100]), rtol=2 ** -16)
    np.testing.assert_array_equal(back["u_it"], [0, 100, 200])
    maps = chunks.undeltas(back["u_maps"])
    A = gd.unquantise(maps[2], back["u_lo"][2], back["u_hi"][2])       # iteration 200
    xs, ys = gd.map_axes(extent)
    G = plane_grid(xs, ys)
    A1 = np.maximum(kept[200]["W1"] @ G + kept[200]["b1"], 0)
    step = (back["u_hi"][2] - back["u_lo"][2])[:4, None] / gd.MAP_TOP
    assert np.all(np.abs(A[:4].reshape(4, -1) - A1) <= step / 2 + 1e-6)
    assert set(np.unique(back["u_marks"])) <= {FINE, DEAD} and back["u_marks"].shape == (3, 7)
    assert back["in_maps"].shape == (2, gd.MAP_GRID, gd.MAP_GRID)


def test_photos_summarise_layer_1_in_a_sentence():
    setup = gd.graph_setup([12288, 20, 7, 5, 1], "relu")
    assert setup["first"] == "summary" and "245,760 weights" in setup["summary"]
    assert "too many to draw" in setup["summary"]


def test_a_graph_track_keeps_weights_maps_and_marks_and_forgets_past_a_cut():
    from nn_ui.live.graph_track import GraphTrack
    X, Y = make_circles(m=100, seed=1)
    t = Trainer(feature_map(X, ("x1", "x2", "x1^2")), Y, [3, 4, 1], "tanh", 0.3, seed=1)
    track = GraphTrack(t.layer_dims, "tanh", ("x1", "x2", "x1^2"), [-1.5, 1.5, -1.5, 1.5])
    track.note(t)
    for _ in range(12):
        t.run(20)
        track.note(t)
    t.run(7)
    track.note(t, force=True)                              # a chunk's end: iteration 247
    assert sorted(track.weights) == list(range(0, 241, gd.WEIGHT_EVERY)) + [247]
    assert sorted(track.units) == [0, 100, 200]
    np.testing.assert_allclose(track.weights[247], gd.weight_vector(t.parameters), rtol=1e-7)
    a = track.arrays(0, 247)
    assert a["in_maps"].shape == (3, gd.MAP_GRID, gd.MAP_GRID) and a["u_maps"].shape[:2] == (3, 4)
    later = track.arrays(150, 247)                        # differences from iteration 100's
    assert "in_maps" not in later and list(later["u_base"]) == [100]
    assert len(track.arrays(0, 247)["u_base"]) == 0
    np.testing.assert_array_equal(chunks.undeltas(later["u_maps"], track.units[100][0])[0],
                                  track.units[200][0])
    track.cut(150)
    assert max(track.weights) <= 150 and max(track.units) == 100


def test_a_photo_run_s_track_leaves_w1_out():
    from nn_ui.live.graph_track import GraphTrack
    rng = np.random.default_rng(0)
    X = rng.random((300, 20))
    t = Trainer(X, (X[:3].sum(0, keepdims=True) > 1.5).astype(int), [300, 6, 3, 1], seed=1)
    assert t.path == "gram"
    track = GraphTrack(t.layer_dims, "relu")
    t.run(100)
    track.note(t, force=True)                              # the weights at a chunk's end
    p = t.parameters
    expected = np.concatenate([p["b1"].ravel(), p["W2"].ravel(), p["b2"].ravel(),
                               p["W3"].ravel(), p["b3"].ravel()])
    np.testing.assert_allclose(track.weights[100], expected, rtol=1e-6)
    assert len(track.weights[100]) == gd.weight_count([300, 6, 3, 1], first_drawn=False)
    a = track.arrays(0, 100)
    assert "u_maps" not in a and a["u_marks"].shape == (1, 9) and "in_maps" not in a


def test_a_photo_run_s_track_keeps_z_and_a_on_its_photos_as_nn_core_s_forward_pass():
    from nn_core.units import unit_activations
    from nn_ui.live.graph_track import GraphTrack
    from nn_ui.view import chunks
    from nn_ui.view import graph_photos as gp
    rng = np.random.default_rng(0)
    X = rng.random((4 * 4 * 3, 20))                       # 20 "photos" of 4 x 4 x 3, in [0, 1)
    Y = (X[:3].sum(0, keepdims=True) > 1.5).astype(int)
    t = Trainer(X, Y, [48, 6, 3, 1], "relu", 0.5, seed=1)
    assert t.path == "gram"
    cols = gp.photo_columns(Y)
    assert len(cols) == gp.PHOTOS and [int(Y[0, c]) for c in cols[:2]] == [1, 0]
    thumbs = gp.thumbnails(X, cols, (4, 4, 3), size=2)
    # a thumbnail's pixel: the mean of its 2 x 2 block, x 255
    assert thumbs.shape == (6, 2, 2, 3)
    assert thumbs[0, 1, 0, 2] == round(X[:, cols[0]].reshape(4, 4, 3)[2:, :2, 2].mean() * 255)
    track = GraphTrack(t.layer_dims, "relu", photos=(cols, thumbs, ["c"] * 6, "c"))
    track.note(t)
    t.run(40)
    track.note(t)
    t.run(13)
    track.note(t, force=True)                              # a chunk's end: iteration 53
    assert sorted(track.values) == [0, 40, 53]
    header, a = chunks.decode(chunks.message({}, chunks.pack(
        {"graph": track.setup()}, track.arrays(0, 53))))
    assert header["chunk"]["graph"]["photos"]["examples"] == [int(c) for c in cols]
    np.testing.assert_array_equal(a["ph_px"], thumbs)
    rows = gd.unpack_weights(a["v24"])                     # as the weights: 5 digits
    assert rows.shape == (3, 2 * 10 * 6)
    z, act = gp.read_values(rows[2], 10, 6)
    Zs, As = unit_activations(X[:, cols], t.parameters, "relu")   # nn_core's forward pass
    np.testing.assert_allclose(z, np.vstack(Zs), rtol=2 ** -15, atol=1e-6)
    np.testing.assert_allclose(act, np.vstack(As), rtol=2 ** -15, atol=1e-6)
    assert np.all((act[-1] > 0) & (act[-1] < 1))           # the output's a: P(class 1)
    later = track.arrays(40, 53)
    assert "ph_px" not in later and gd.unpack_weights(later["v24"]).shape == (2, 120)
    track.cut(45)
    assert sorted(track.values) == [0, 40]
