"""The session's own photo set, pure: files taken in once, refusals naming the file, counts,
balance, readiness, versions, the .zip into a set of the same or other names."""
import pytest

from nn_io.photo_set import PhotoSet
from nn_io.photo_zip import zip_bytes
from nn_ui.own_data.model import MIN_PER_CLASS, OwnData, own_of
from tests.nn_io.own_photos import photo_bytes


def files(n: int, start: int = 0, color=(200, 50, 50)):
    return [(f"id{start + i}", f"{start + i}.png", photo_bytes(start + i, color))
            for i in range(n)]


def test_a_file_is_taken_in_once_and_a_bad_one_is_named():
    own = OwnData()
    report = own.add_files(0, files(2) + [("idx", "x.txt", b"text here")])
    assert report.added == 2 and report.sentence() == "2 photos added."
    assert report.refused == ["`x.txt`: This file is not an image (it looks like text)."]
    again = own.add_files(0, files(2) + [("idx", "x.txt", b"text here")])
    assert again.added == 0 and again.refused == [] and again.sentence() is None
    assert own.counts == (2, 0)


def test_readiness_says_what_each_class_misses():
    own = OwnData(("mug", "banana"))
    own.add_files(0, files(MIN_PER_CLASS))
    own.add_files(1, files(3, start=50))
    assert not own.ready()
    assert own.missing() == ("Each class needs at least 5 photos before training: `banana` "
                             "has 3 (2 more to add).")
    with pytest.raises(ValueError):
        own.dataset()
    own.add_files(1, files(2, start=60))
    assert own.ready() and own.missing() is None
    d = own.dataset()
    assert d.X.shape == (12288, 8) and d.X_test.shape == (12288, 2)
    assert own.dataset() is d                                  # made once per version
    own.remove(1, own.photos.photos(1)[0].digest)
    assert not own.ready()


@pytest.mark.parametrize("n0, n1, unbalanced", [(0, 0, False), (4, 0, False), (10, 5, False),
                                                (10, 4, True), (3, 7, True)])
def test_balance(n0, n1, unbalanced):
    own = OwnData()
    own.add_files(0, files(n0))
    own.add_files(1, files(n1, start=100))
    assert (own.balance() is not None) == unbalanced
    total = n0 + n1
    assert own.shares() == ((0.5, 0.5) if not total else (n0 / total, n1 / total))


def test_the_version_changes_with_the_photos_not_the_names():
    own = OwnData()
    v = own.version
    own.add_files(0, files(1))
    assert own.version == v + 1
    own.add_files(0, files(1))                                  # nothing new
    assert own.version == v + 1
    assert own.rename((" A ", "B")) is None and own.names == ("A", "B")   # spaces trimmed
    assert own.rename(("x", "X")).startswith("Both classes are called")
    assert own.names == ("A", "B")
    own.rename(("x", "y"))
    assert own.names == ("x", "y") and own.version == v + 1    # the network goes on
    own.remove(0, own.photos.photos(0)[0].digest)
    own.clear()                                                 # already empty: no change
    assert own.version == v + 2


def test_the_data_set_takes_new_names_without_new_photos():
    own = OwnData()
    own.add_files(0, files(5))
    own.add_files(1, files(5, start=50))
    d = own.dataset()
    own.rename(("mug", "banana"))
    d2 = own.dataset()
    assert d2.class_names == ("mug", "banana") and d.class_names == ("A", "B")
    assert d2.test_names == d.test_names


def zipped(names, n=2):
    s = PhotoSet(names)
    for c in (0, 1):
        for i in range(n):
            s.add(c, photo_bytes(1000 * (c + 1) + i + sum(map(ord, ''.join(names)))), f"{c}{i}.png")
    return zip_bytes(s)


def test_a_zip_into_an_empty_set_brings_its_names():
    own = OwnData()
    report = own.load_zip(zipped(("cup", "plate")), file_id="z1")
    assert report.added == 4 and own.names == ("cup", "plate") and own.counts == (2, 2)
    assert own.load_zip(zipped(("cup", "plate")), file_id="z1").added == 0   # once


def test_a_zip_of_the_same_names_in_the_other_order_goes_to_the_right_classes():
    own = OwnData(("cup", "plate"))
    own.add_files(0, files(1))
    own.load_zip(zipped(("Plate", "cup"), n=1))
    assert own.counts == (2, 1)


def test_a_zip_of_other_names_is_refused_when_the_set_holds_photos():
    own = OwnData()
    own.add_files(0, files(1))
    report = own.load_zip(zipped(("cup", "plate")))
    assert report.added == 0 and "This .zip's classes are `cup` and `plate`" in report.refused[0]
    assert own.names == ("A", "B") and own.counts == (1, 0)


def test_a_zip_beyond_a_cap_keeps_what_fits(monkeypatch):
    from nn_io import photo_set
    data = zipped(("cup", "plate"))
    monkeypatch.setattr(photo_set, "MAX_PER_CLASS", 1)
    own = OwnData()
    report = own.load_zip(data)
    assert report.added == 2 and own.counts == (1, 1)
    assert len(report.refused) == 2 and "the most a class can have" in report.refused[0]


def test_own_of_keeps_one_set_a_session():
    state = {}
    assert own_of(state) is own_of(state) is state["own_data"]
    state["own_data"] = "a client's value"
    assert isinstance(own_of(state), OwnData)
