"""The learner's photos as the network's data set: shapes, labels, standardisation, the
held-out part (20 % of each class, at least one, the same for the same photos and seed)."""
import numpy as np
import pytest

from nn_core.preprocessing import images_to_X
from nn_io.photo_data import held_out_count, photo_dataset, photo_X
from nn_io.photo_set import PhotoSet, own_photo


def a_set(n0: int, n1: int) -> PhotoSet:
    rng = np.random.default_rng(0)
    s = PhotoSet(("mug", "banana"))
    for c, n in ((0, n0), (1, n1)):
        for i in range(n):
            s.add_image(c, rng.integers(0, 256, (64, 64, 3), dtype=np.uint8), f"{c}-{i}.png",
                        1000)
    return s


@pytest.mark.parametrize("n, k", [(2, 1), (4, 1), (5, 1), (7, 1), (8, 2), (12, 2), (13, 3),
                                  (100, 20)])
def test_a_fifth_of_each_class_is_held_out_at_least_one(n, k):
    # 0.2 * 7 = 1.4 -> 1; 0.2 * 8 = 1.6 -> 2; 0.2 * 13 = 2.6 -> 3
    assert held_out_count(n) == k


def test_a_class_of_one_photo_cannot_be_split():
    with pytest.raises(ValueError):
        held_out_count(1)


def test_shapes_labels_and_the_split():
    s = a_set(8, 5)
    d = photo_dataset(s.photos(0), s.photos(1), s.names, seed=1)
    assert d.X.shape == (12288, 10) and d.Y.shape == (1, 10)      # 8 - 2 and 5 - 1 to learn
    assert d.X_test.shape == (12288, 3) and d.Y_test.shape == (1, 3)
    assert d.Y.tolist() == [[0] * 6 + [1] * 4] and d.Y_test.tolist() == [[0, 0, 1]]
    assert d.images.shape == (10, 64, 64, 3) and d.test_images.shape == (3, 64, 64, 3)
    assert d.class_names == ("mug", "banana") and len(d.names) == 10 and len(d.test_names) == 3
    # every photo is in exactly one part
    assert sorted(d.names + d.test_names) == sorted(p.name for c in (0, 1) for p in s.photos(c))
    assert not d.X.flags.writeable and not d.X_test.flags.writeable


def test_X_is_the_photos_standardised_with_the_training_parts_mean_and_std():
    s = a_set(6, 6)
    d = photo_dataset(s.photos(0), s.photos(1), s.names)
    flat = d.images.reshape(len(d.images), -1).T.astype(float)        # the course's flattening
    mean, std = flat.mean(axis=1, keepdims=True), flat.std(axis=1, keepdims=True)
    np.testing.assert_allclose(d.X, (flat - mean) / std)
    np.testing.assert_allclose(d.X.mean(axis=1), 0, atol=1e-12)
    flat_test = d.test_images.reshape(len(d.test_images), -1).T.astype(float)
    np.testing.assert_allclose(d.X_test, (flat_test - mean) / std)
    np.testing.assert_allclose(photo_X(d.test_images[0], d.stats), d.X_test[:, :1])
    # column j of X is images[j]
    for j in (0, len(d.images) - 1):
        np.testing.assert_allclose(d.X[:, [j]], images_to_X(d.images[j:j + 1], "standardize",
                                                            d.stats)[0])


def test_the_split_depends_on_the_seed_not_on_the_order_photos_were_added():
    s = a_set(10, 10)
    d1 = photo_dataset(s.photos(0), s.photos(1), s.names, seed=1)
    d2 = photo_dataset(s.photos(0)[::-1], s.photos(1)[::-1], s.names, seed=1)
    assert d1.test_names == d2.test_names
    np.testing.assert_array_equal(d1.X_test, d2.X_test)
    others = {photo_dataset(s.photos(0), s.photos(1), s.names, seed=k).test_names
              for k in range(2, 8)}
    assert len(others - {d1.test_names}) >= 1


def test_a_constant_pixel_does_not_divide_by_zero():
    black = np.zeros((64, 64, 3), np.uint8)
    photos = [own_photo(black + i, f"{i}", 1) for i in range(3)]   # all pixels equal per photo
    d = photo_dataset(photos[:2], [own_photo(black + 200, "w", 1),
                                   own_photo(black + 201, "w2", 1)], ("dark", "light"))
    assert np.isfinite(d.X).all() and np.isfinite(d.X_test).all()
