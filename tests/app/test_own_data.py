"""Your own data: two named classes of the learner's photos (uploads, camera), thumbnails with
remove buttons, counts and balance, what is missing before training, the .zip both ways."""
import io
import zipfile

import pytest

from nn_io.photo_set import PhotoSet
from nn_io.photo_zip import zip_bytes
from tests.app.helpers import no_exception, open_page, texts
from tests.nn_io.own_photos import photo_bytes

RED, BLUE = (210, 40, 40), (40, 60, 210)


def pngs(n: int, color, start: int = 0) -> list:
    return [(f"{start + i}.png", photo_bytes(start + i, color), "image/png") for i in range(n)]


def upload(at, c: int, files):
    at.file_uploader(key=f"own_photos_{c}").set_value(files).run()
    no_exception(at)
    return at


def own(at):
    return at.session_state["own_data"]


def test_the_page_opens_with_two_classes_and_says_what_is_missing():
    at = open_page("own_data")
    assert at.text_input(key="own_name_0").value == "A"
    assert at.text_input(key="own_name_1").value == "B"
    assert own(at).counts == (0, 0)
    info = "\n".join(i.value for i in at.info)
    assert "Each class needs at least 5 photos before training: `A` has 0 (5 more to add)" in info
    assert not at.camera_input                       # the browser asks for the camera only
    at.toggle(key="own_camera_on").set_value(True).run()      # when it is switched on
    assert at.camera_input(key="own_camera").label == "Take a photo of A"


def test_photos_go_to_their_class_once_and_a_bad_file_gets_its_sentence():
    at = upload(open_page("own_data"), 0, pngs(3, RED) + [("notes.txt", b"some text", "text/plain")])
    assert own(at).counts == (3, 0)
    assert "`notes.txt`: This file is not an image (it looks like text)." in \
        [e.value for e in at.error]
    at.run()                                                    # files are taken in once
    assert own(at).counts == (3, 0) and not at.error
    upload(at, 1, pngs(2, BLUE, start=10))
    assert own(at).counts == (3, 2)
    assert "**3** photos of A" in texts(at) and "**2** photos of B" in texts(at)
    assert "`B` has 2 (3 more to add)" in texts(at)


def test_a_photo_already_there_is_noticed():
    at = upload(open_page("own_data"), 0, pngs(2, RED))
    upload(at, 1, [("copy.png", photo_bytes(1, RED), "image/png")])
    assert own(at).counts == (2, 0)
    assert "`copy.png`: It is the same photo as `1.png` in class `A`" in at.error[0].value


def test_names_are_the_classes_names_and_a_bad_pair_gets_a_sentence():
    at = upload(open_page("own_data"), 0, pngs(1, RED))
    at.text_input(key="own_name_0").set_value("mug").run()
    at.text_input(key="own_name_1").set_value("banana").run()
    assert own(at).names == ("mug", "banana")
    assert "Photos of **banana**" in at.file_uploader(key="own_photos_1").label
    at.text_input(key="own_name_1").set_value("Mug").run()
    assert "Both classes are called `mug`" in at.error[0].value
    assert own(at).names == ("mug", "banana")                   # the last good names kept
    at.text_input(key="own_name_1").set_value("").run()
    assert "Class 2 has no name" in at.error[0].value
    assert own(at).counts == (1, 0)                             # nothing lost


def test_a_thumbnail_shows_the_64x64_photo_and_its_button_removes_it():
    at = upload(open_page("own_data"), 0, pngs(3, RED))
    removes = [b for b in at.button if b.key.startswith("own_remove_0_")]
    assert len(removes) == 3
    thumbs = [i for i in at.get("image") if i.proto.imgs[0].url.endswith(".png")]
    assert len(thumbs) == 3                                      # exact pixels: PNG
    second = own(at).photos.photos(0)[1]
    removes[1].click().run()
    no_exception(at)
    assert own(at).counts == (2, 0)
    assert second.digest not in [p.digest for p in own(at).photos.photos(0)]
    at.run()                                  # the file still in the uploader does not come back
    assert own(at).counts == (2, 0)


def test_the_camera_adds_one_shot_to_the_class_shown():
    at = open_page("own_data")
    at.toggle(key="own_camera_on").set_value(True).run()
    at.segmented_control(key="own_camera_class").set_value(1).run()
    jpeg = photo_bytes(5, BLUE, fmt="JPEG")
    at.camera_input(key="own_camera").set_value(("shot.jpg", jpeg, "image/jpeg")).run()
    no_exception(at)
    assert own(at).counts == (0, 1)
    at.segmented_control(key="own_camera_class").set_value(0).run()
    assert own(at).counts == (0, 1)                             # the same shot: not again
    at.camera_input(key="own_camera").set_value(
        ("shot.jpg", photo_bytes(6, RED, fmt="JPEG"), "image/jpeg")).run()
    assert own(at).counts == (1, 1)


def test_balance_and_readiness():
    at = upload(open_page("own_data"), 0, pngs(12, RED))
    upload(at, 1, pngs(5, BLUE, start=100))
    assert "Unbalanced: `A` has 12 photos, `B` 5." in at.warning[0].value
    assert "needs at least" not in texts(at)                       # ready: the live view
    assert any(e.proto.id.endswith("live_view") for e in at.get("bidi_component"))
    bar = at.get("progress")[0].proto
    assert bar.text == "Balance: 71% A / 29% B"          # 12 / 17 = 0.706, 5 / 17 = 0.294


def test_the_set_goes_out_as_a_zip_and_comes_back_with_its_names():
    s = PhotoSet(("mug", "banana"))
    for i in range(3):
        s.add(0, photo_bytes(i, RED), f"{i}.png")
        s.add(1, photo_bytes(10 + i, BLUE), f"{10 + i}.png")
    at = open_page("own_data")
    at.file_uploader(key="own_zip").set_value(("set.zip", zip_bytes(s), "application/zip")).run()
    no_exception(at)
    assert own(at).counts == (3, 3) and own(at).names == ("mug", "banana")
    assert at.text_input(key="own_name_0").value == "mug"
    assert at.text_input(key="own_name_1").value == "banana"
    # what the download button gives is that set again
    assert zipfile.ZipFile(io.BytesIO(own(at).zip())).namelist()[:2] == ["classes.txt",
                                                                         "mug/001.png"]


def test_a_zip_of_other_classes_is_refused_while_the_set_holds_photos_nothing_lost():
    s = PhotoSet(("cat", "dog"))
    s.add(0, photo_bytes(1, RED), "1.png")
    s.add(1, photo_bytes(2, BLUE), "2.png")
    at = upload(open_page("own_data"), 0, pngs(2, RED, start=50))
    at.file_uploader(key="own_zip").set_value(("set.zip", zip_bytes(s), "application/zip")).run()
    no_exception(at)
    assert "This .zip's classes are `cat` and `dog`" in " ".join(e.value for e in at.error)
    assert own(at).counts == (2, 0) and own(at).names == ("A", "B")


@pytest.mark.parametrize("data, said", [
    (b"not a zip", "not a .zip archive"),
    (b"", "empty"),
], ids=["text", "empty"])
def test_a_bad_zip_gets_its_sentence(data, said):
    at = open_page("own_data")
    at.file_uploader(key="own_zip").set_value(("x.zip", data, "application/zip")).run()
    no_exception(at)
    assert said in " ".join(e.value for e in at.error)


def test_remove_every_photo():
    at = upload(open_page("own_data"), 0, pngs(2, RED))
    at.button(key="own_clear").click().run()
    assert own(at).counts == (0, 0)


def test_home_links_to_the_page():
    links = {el.proto.page: el.proto.label for el in open_page().get("page_link")}
    assert links["own_data"] == "**Your own data**"
