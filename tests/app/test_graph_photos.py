"""The network graph's training photos (nn_ui.view.graph_photos): which photos, their
thumbnails, and the z and a vector read back."""
import numpy as np

from nn_ui.view import graph_photos as gp


def test_photo_columns_take_each_class_in_turn_and_fill_from_the_other():
    Y = np.array([[0, 1, 1, 0, 0, 1, 0, 1, 1]])
    np.testing.assert_array_equal(gp.photo_columns(Y, 6), [1, 0, 2, 3, 5, 4])
    few = np.array([[0, 0, 0, 1, 0, 0]])                  # one example of class 1
    np.testing.assert_array_equal(gp.photo_columns(few, 4), [3, 0, 1, 2])
    np.testing.assert_array_equal(gp.photo_columns(few[:, :3], 6), [0, 1, 2])   # m < k


def test_thumbnails_average_blocks_and_scale_standardised_photos_on_their_own():
    # a 4 x 4 grey photo (one channel): its 2 x 2 thumbnail is the mean of each 2 x 2 block
    img = np.arange(16, dtype=float).reshape(4, 4) / 15          # in [0, 1]: as it is
    X = np.stack([img.ravel(), img.ravel() * 4 - 2], axis=1)     # the second standardised
    t = gp.thumbnails(X, [0, 1], (4, 4), size=2)
    assert t.shape == (2, 2, 2) and t.dtype == np.uint8
    # block (0, 0) holds 0, 1, 4, 5 -> mean 2.5 / 15 * 255 = 42.5 -> 42 (rint: to even)
    assert t[0, 0, 0] == 42 and t[0, 1, 1] == round(12.5 / 15 * 255)
    assert t[1].min() == 0 and t[1].max() == 255                # its own scale


def test_values_vector_reads_back_as_z_then_a_unit_by_unit():
    Zs = [np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([[5.0, 6.0]])]    # 2 + 1 units, k = 2
    As = [np.maximum(Z, 0) / 10 for Z in Zs]
    v = gp.values_vector(Zs, As)
    assert v.dtype == np.float32 and v.shape == (12,)
    z, a = gp.read_values(v, 3, 2)
    np.testing.assert_array_equal(z, [[1, 2], [3, 4], [5, 6]])
    np.testing.assert_allclose(a, z / 10, rtol=1e-7)
