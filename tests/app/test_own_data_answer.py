"""'Try it', pure: a network trained on two classes of photos made here names a new photo's
class, P for each class sums to 1, the nearest photos are computed in the last hidden layer
(checked against a forward pass written out here), and the lesson's words fit the case."""
import re

import numpy as np
import pytest

from nn_core import Trainer
from nn_io.photo_data import photo_dataset
from nn_io.photo_set import own_photo
from nn_ui.own_data.answer import Answer, answer, clues, lesson

RED, BLUE = (200, 40, 40), (40, 60, 200)


def picture(seed: int, colour, background=(128, 128, 128)) -> np.ndarray:
    """A 64 x 64 photo: a disc of ``colour`` at a place drawn from ``seed``, on ``background``,
    with noise."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[:64, :64]
    cy, cx, r = rng.integers(20, 44), rng.integers(20, 44), rng.integers(10, 18)
    img = np.empty((64, 64, 3))
    img[:] = background
    img[(yy - cy) ** 2 + (xx - cx) ** 2 < r * r] = colour
    return np.clip(img + rng.normal(0, 12, img.shape), 0, 255).astype(np.uint8)


@pytest.fixture(scope="module")
def trained():
    reds = [own_photo(picture(i, RED), f"red{i}.png", 1) for i in range(8)]
    blues = [own_photo(picture(100 + i, BLUE), f"blue{i}.png", 1) for i in range(8)]
    data = photo_dataset(reds, blues, ("red", "blue"), seed=1)
    t = Trainer(data.X, data.Y, [12288, 4, 1], "relu", learning_rate=0.0075, seed=1,
                X_test=data.X_test, Y_test=data.Y_test)
    t.run(200)
    return data, t


def test_a_new_photo_gets_its_class_and_p_for_each(trained):
    data, t = trained
    for seed, colour, name in ((500, RED, "red"), (600, BLUE, "blue")):
        a = answer(picture(seed, colour), t.parameters, "relu", data)
        assert a.chosen == name
        assert sum(a.p) == pytest.approx(1.0) and a.sure == max(a.p) > 0.5
        assert a.p[data.class_names.index(name)] == a.sure
        assert len(a.nearest) == 3 and a.nearest[0].class_name == name


def test_the_nearest_photos_are_nearest_in_the_last_hidden_layer(trained):
    data, t = trained
    new = picture(700, RED)
    a = answer(new, t.parameters, "relu", data)
    P = t.parameters
    x = (new.reshape(1, -1).T.astype(float) - data.stats[0]) / data.stats[1]
    A1 = np.maximum(0, P["W1"] @ data.X + P["b1"])                       # (4, m)
    a1 = np.maximum(0, P["W1"] @ x + P["b1"])                            # (4, 1)
    d = np.sqrt(((A1 - a1) ** 2).sum(axis=0))
    order = np.argsort(d, kind="stable")[:3]
    assert [n.name for n in a.nearest] == [data.names[j] for j in order]
    np.testing.assert_allclose([n.distance for n in a.nearest], d[order])
    np.testing.assert_array_equal(a.nearest[0].image64, data.images[order[0]])


def test_a_network_without_hidden_layer_compares_pixels(trained):
    data, _ = trained
    t = Trainer(data.X, data.Y, [12288, 1], "relu", learning_rate=0.001, seed=1)
    t.run(5)
    a = answer(data.images[3], t.parameters, "relu", data)
    assert a.nearest[0].name == data.names[3] and a.nearest[0].distance == pytest.approx(0)


def test_the_colour_and_background_clues():
    def dataset(bg0, bg1):
        p0 = [own_photo(picture(i, RED, bg0), f"a{i}", 1) for i in range(5)]
        p1 = [own_photo(picture(50 + i, RED, bg1), f"b{i}", 1) for i in range(5)]
        return photo_dataset(p0, p1, ("in", "out"))
    assert clues(dataset((128, 128, 128), (128, 128, 128))) == []         # the same things
    said = clues(dataset((128, 128, 128), (128, 128, 250)))
    edge = re.fullmatch(r"the background \(the edges of the photos\): out's photos are more "
                        r"blue on average \((\d+) levels of 255\)", said[-1])
    assert edge and 110 <= int(edge.group(1)) <= 122, said     # 250 - 128, less what noise clips
    assert said[0].startswith("the colour: out's photos are more blue"), said


def test_the_lesson_names_the_count_over_fitting_unsure_and_a_suggestion(trained):
    data, t = trained
    a = answer(picture(500, RED), t.parameters, "relu", data)
    words = " ".join(lesson(a, data, 1.0, 0.5))
    assert "learned from **12 photos** (6 of red, 6 of blue)" in words
    assert "Of the 4 photos held out (never learned from) it names 2 right, though it names " \
           "all its training photos right" in words and "over-fitting" in words
    assert "Besides the things" not in words          # a disc is 15 % of a photo: < 40 levels
    assert "**more photos**" in words and "**varied backgrounds**" in words
    assert "It is unsure" not in words and a.sure > 0.65
    unsure = Answer("blue", (0.45, 0.55), ())
    assert "It is unsure (P = 0.55)" in " ".join(lesson(unsure, data, 1.0, 1.0))
