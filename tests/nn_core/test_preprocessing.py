import numpy as np
import pytest

from nn_core.preprocessing import flatten_images, images_to_X, standardize


def _images(m=3):
    return np.random.default_rng(0).integers(0, 256, (m, 64, 64, 3), dtype=np.uint8)


def test_course_flattening_order_and_scales():
    images = _images()
    X, stats = images_to_X(images, "scale")
    assert X.shape == (12288, 3) and stats is None
    # column j is image j; feature index = (row * 64 + col) * 3 + channel, as reshape(m, -1).T
    assert X[(5 * 64 + 7) * 3 + 2, 1] == images[1, 5, 7, 2] / 255
    assert X.min() >= 0 and X.max() <= 1
    raw, _ = images_to_X(images, "raw")
    assert raw.max() == images.max()
    gray, _ = images_to_X(images, "grayscale")
    assert gray.shape == (4096, 3)
    # luma of pixel (0, 0) of image 0: 0.299 R + 0.587 G + 0.114 B, / 255
    assert gray[0, 0] == pytest.approx(images[0, 0, 0] @ np.array([0.299, 0.587, 0.114]) / 255)


def test_standardize_uses_training_stats_for_new_data():
    train = flatten_images(_images(10))
    X, (mean, std) = standardize(train)
    np.testing.assert_allclose(X.mean(axis=1), 0, atol=1e-12)
    np.testing.assert_allclose(X.std(axis=1), 1, atol=1e-12)
    new, _ = standardize(train[:, :2], (mean, std))
    np.testing.assert_allclose(new, X[:, :2])
    constant, _ = standardize(np.ones((2, 4)))
    assert np.all(constant == 0)
    with pytest.raises(ValueError):
        images_to_X(_images(), "bogus")
