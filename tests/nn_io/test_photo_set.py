"""The learner's photo set: names, caps, duplicates, bad files refused and the rest kept."""
import numpy as np
import pytest

from nn_io import photo_set
from nn_io.errors import (
    BadClassNames,
    DuplicatePhoto,
    EmptyFile,
    ImageTooLarge,
    LimitReached,
    NotAnImage,
)
from nn_io.images import load_photo
from nn_io.photo_set import PhotoSet, check_class_names, pixel_digest
from tests.nn_io.own_photos import photo_bytes


def test_a_photo_is_kept_as_the_64x64_image_the_prediction_page_makes():
    data = photo_bytes(1, size=(120, 90))
    s = PhotoSet(("mug", "banana"))
    p = s.add(1, data, "IMG_1.png")
    np.testing.assert_array_equal(p.image64, load_photo(data).image64)   # squared the same way
    assert p.image64.shape == (64, 64, 3) and p.image64.dtype == np.uint8
    assert not p.image64.flags.writeable
    assert p.name == "IMG_1.png" and p.nbytes == len(data) and len(p.digest) == 64
    assert s.counts == (0, 1) and s.total == 1 and s.nbytes == len(data)
    assert s.photos(1) == (p,) and s.find(p.digest) == (1, p)


def test_the_same_photo_twice_is_noticed_even_in_the_other_class_or_another_format():
    s = PhotoSet()
    s.add(0, photo_bytes(1), "first.png")
    with pytest.raises(DuplicatePhoto) as info:
        s.add(1, photo_bytes(1), "again.png")
    assert "`first.png`" in info.value.message and "class `A`" in info.value.message
    # the same pixels in a BMP: the same 64 x 64 photo
    with pytest.raises(DuplicatePhoto):
        s.add(0, photo_bytes(1, fmt="BMP"), "again.bmp")
    s.add(0, photo_bytes(2), "other.png")
    assert s.counts == (2, 0)


@pytest.mark.parametrize("data, error", [
    (b"", EmptyFile), (b"hello, this is text", NotAnImage),
    (b"\xff\xd8\xff" + b"\0" * (11 * 2**20), ImageTooLarge),
], ids=["empty", "text", "11 MB"])
def test_a_bad_file_is_refused_with_its_sentence_and_the_rest_kept(data, error):
    s = PhotoSet()
    s.add(0, photo_bytes(1), "good.png")
    with pytest.raises(error) as info:
        s.add(0, data, "bad")
    assert info.value.message.endswith(".")
    assert s.counts == (1, 0)


def test_a_class_holds_at_most_MAX_PER_CLASS_photos_checked_before_decoding(monkeypatch):
    monkeypatch.setattr(photo_set, "MAX_PER_CLASS", 3)
    s = PhotoSet(("mug", "banana"))
    for i in range(3):
        s.add(0, photo_bytes(i), f"{i}.png")
    with pytest.raises(LimitReached) as info:
        s.add(0, b"not even a photo", "4.png")     # refused for the cap, not for the bytes
    assert "`mug` has 3 photos" in info.value.message
    s.add(1, photo_bytes(10), "other class.png")
    assert s.counts == (3, 1)


def test_a_set_holds_at_most_MAX_PHOTOS_and_MAX_TOTAL_BYTES(monkeypatch):
    monkeypatch.setattr(photo_set, "MAX_PHOTOS", 3)
    s = PhotoSet()
    for i in range(3):
        s.add(i % 2, photo_bytes(i), f"{i}.png")
    with pytest.raises(LimitReached, match="The set has 3 photos"):
        s.add(1, photo_bytes(9), "9.png")
    s.remove(0, s.photos(0)[0].digest)
    monkeypatch.setattr(photo_set, "MAX_TOTAL_BYTES", s.nbytes + 100)
    with pytest.raises(LimitReached, match="MB together"):
        s.add(1, photo_bytes(9), "9.png")          # a PNG of 96 x 80 noise is far over 100 B
    assert s.total == 2


def test_remove_takes_out_one_photo_by_its_digest():
    s = PhotoSet()
    a, b = s.add(0, photo_bytes(1), "a.png"), s.add(0, photo_bytes(2), "b.png")
    assert s.remove(0, a.digest) and s.photos(0) == (b,)
    assert not s.remove(0, a.digest) and not s.remove(1, b.digest)
    s.add(1, photo_bytes(1), "a again.png")          # once removed, it may come back
    s.clear()
    assert s.counts == (0, 0)


def test_the_digest_is_of_the_pixels():
    a = np.zeros((64, 64, 3), np.uint8)
    b = a.copy()
    b[5, 5, 1] = 1
    assert pixel_digest(a) == pixel_digest(a.copy()) != pixel_digest(b)


@pytest.mark.parametrize("names, said", [
    (("", "B"), "Class 1 has no name"),
    (("A", "   "), "Class 2 has no name"),
    (("Cat", "cat "), "Both classes are called `Cat`"),
    (("x" * 31, "B"), "31 characters long"),
    (("A", "mugs/cups"), "holds / or"),
    (("A", "..\\x"), "holds / or"),
    (("tab\there", "B"), "control character"),
    (("..", "B"), "cannot be called"),
])
def test_bad_class_names_get_a_sentence(names, said):
    with pytest.raises(BadClassNames) as info:
        check_class_names(names)
    assert said in info.value.message and info.value.message.endswith(".")


def test_names_are_trimmed_and_a_rename_keeps_the_old_names_when_refused():
    assert check_class_names((" mug ", "banana")) == ("mug", "banana")
    s = PhotoSet(("mug", "banana"))
    with pytest.raises(BadClassNames):
        s.rename(("mug", "MUG"))
    assert s.names == ("mug", "banana")
    s.rename(("cup", "plate"))
    assert s.names == ("cup", "plate")
