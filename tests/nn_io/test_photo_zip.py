"""A photo set to a .zip and back; unsafe or wrong .zip files refused with a sentence, all in
memory (nothing is extracted)."""
import io
import stat
import zipfile

import pytest

from nn_io import photo_zip
from nn_io.errors import BadZip
from nn_io.photo_set import PhotoSet
from nn_io.photo_zip import read_zip, zip_bytes
from tests.nn_io.own_photos import photo_bytes


def a_set() -> PhotoSet:
    s = PhotoSet(("zebra", "apple"))            # class 0 after class 1 in the alphabet
    for i in range(3):
        s.add(0, photo_bytes(i, (20, 20, 20)), f"z{i}.png")
    for i in range(2):
        s.add(1, photo_bytes(10 + i, (200, 30, 30)), f"a{i}.jpg")
    return s


def make_zip(entries: dict, **kw) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data, **kw)
    return out.getvalue()


def test_a_set_goes_to_a_zip_and_comes_back_the_same():
    s = a_set()
    data = zip_bytes(s)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.namelist() == ["classes.txt", "zebra/001.png", "zebra/002.png",
                                 "zebra/003.png", "apple/001.png", "apple/002.png"]
    assert zip_bytes(s) == data                           # the same set, the same bytes
    back = read_zip(data)
    assert back.names == ("zebra", "apple") and not back.skipped
    t = PhotoSet(back.names)
    for c, name, raw in back.files:
        t.add(c, raw, name)
    for c in (0, 1):                                       # the very same pixels, in order
        assert [p.digest for p in t.photos(c)] == [p.digest for p in s.photos(c)]


def test_a_zip_of_two_folders_made_elsewhere_with_a_folder_around_them_and_a_macs_files():
    z = make_zip({"my set/cups/one.png": photo_bytes(1), "my set/cups/two.jpg":
                  photo_bytes(2, fmt="JPEG"), "my set/bowls/x.png": photo_bytes(3),
                  "__MACOSX/my set/cups/._one.png": b"junk", "my set/.DS_Store": b"junk",
                  "my set/readme.txt": b"hello"})
    got = read_zip(z)
    assert got.names == ("bowls", "cups")                  # no classes.txt: alphabetical
    assert sorted((c, n) for c, n, _ in got.files) == [(0, "bowls/x.png"), (1, "cups/one.png"),
                                                       (1, "cups/two.jpg")]
    assert got.skipped == ["`my set/readme.txt` is not inside a class folder, so it was left out."]


@pytest.mark.parametrize("entries, said", [
    ({"a/1.png": b"x"}, "has 1 folder of photos (`a`); a photo set has exactly two"),
    ({"a/1.png": b"x", "b/1.png": b"x", "c/1.png": b"x"}, "has 3 folders"),
    ({"a/1.png": b"x", "A/1.png": b"x"}, "Both classes are called"),
    ({"../evil/1.png": b"x", "b/1.png": b"x"}, "leads out of its folders (`../evil/1.png`)"),
    ({"/etc/passwd": b"x"}, "leads out of its folders"),
    ({"a\\..\\..\\x.png": b"x", "b/1.png": b"x"}, "leads out of its folders"),
    ({"C:/x/1.png": b"x"}, "leads out of its folders"),
], ids=["one folder", "three", "same name", "dotdot", "absolute", "backslashes", "drive"])
def test_a_zip_not_laid_out_as_two_class_folders_or_leaving_them_is_refused(entries, said):
    with pytest.raises(BadZip) as info:
        read_zip(make_zip(entries))
    assert said in info.value.message, info.value.message


@pytest.mark.parametrize("data, said", [
    (b"", "empty"), (b"PK\x03\x04 but nothing else", "not a .zip"),
    (photo_bytes(1), "not a .zip"), (b"x" * (10 * 2**20 + 1), "10.0 MB"),
], ids=["empty", "damaged", "a photo", "too large"])
def test_a_file_that_is_no_zip_is_refused(data, said):
    with pytest.raises(BadZip) as info:
        read_zip(data)
    assert said in info.value.message


def test_too_many_entries_are_refused_before_any_is_read(monkeypatch):
    entries = {f"a/{i}.png": b"x" for i in range(photo_zip.MAX_ENTRIES)}
    entries["b/last.png"] = b"x"
    with pytest.raises(BadZip, match=f"holds {photo_zip.MAX_ENTRIES + 1:,} entries"):
        read_zip(make_zip(entries))


def test_a_zip_bomb_is_refused_from_its_directory():
    zeros = b"\0" * (60 * 2**20)                    # 60 MB of zeros pack into about 60 KB
    z = make_zip({"a/1.png": zeros, "b/1.png": zeros})
    assert len(z) < 2**20
    with pytest.raises(BadZip, match="unpacks to 120.0 MB"):
        read_zip(z)


def test_a_zip_whose_directory_lies_about_a_size_is_caught_without_reading_on():
    big = b"\0" * 2**20
    z = bytearray(make_zip({"a/1.png": big, "b/1.png": b"small"}))
    # the central directory's uncompressed size of a/1.png: 1 MB claimed as 100 bytes
    cd = z.rfind(b"PK\x01\x02", 0, z.rfind(b"PK\x01\x02"))
    z[cd + 24:cd + 28] = (100).to_bytes(4, "little")
    with pytest.raises(BadZip, match="more than its directory says|damaged"):
        read_zip(bytes(z))


def test_an_oversized_or_encrypted_entry_is_left_out_with_a_sentence_the_rest_kept(monkeypatch):
    monkeypatch.setattr(photo_zip, "MAX_UPLOAD_BYTES", 1000)
    z = bytearray(make_zip({"a/big.png": b"\1" * 2000, "a/ok.png": b"ok", "b/1.png": b"x"}))
    got = read_zip(bytes(z))
    assert [n for _, n, _ in got.files] == ["a/ok.png", "b/1.png"]
    assert "`a/big.png` is 0.0 MB; photos up to 0 MB" in got.skipped[0]
    # the encryption flag on b/1.png, in its local header and the directory
    z = bytearray(make_zip({"a/1.png": b"x", "b/1.png": b"x"}))
    for sig, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = z.rfind(sig)
        z[at + offset] |= 1
    got = read_zip(bytes(z))
    assert [n for _, n, _ in got.files] == ["a/1.png"]
    assert got.skipped == ["`b/1.png` is encrypted, so it was left out."]


def test_links_and_folders_are_not_files():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("a/", b"")
        link = zipfile.ZipInfo("a/link.png")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(link, "/etc/passwd")
        zf.writestr("a/1.png", b"x")
        zf.writestr("b/1.png", b"x")
    got = read_zip(out.getvalue())
    assert [n for _, n, _ in got.files] == ["a/1.png", "b/1.png"]


def test_classes_txt_gives_the_order_only_when_it_names_the_folders():
    files = {"b/1.png": b"x", "a/1.png": b"x"}
    assert read_zip(make_zip({"classes.txt": "b\na\n", **files})).names == ("b", "a")
    assert read_zip(make_zip({"classes.txt": "x\ny\n", **files})).names == ("a", "b")
    assert read_zip(make_zip({"classes.txt": b"\xff\xfe", **files})).names == ("a", "b")


def test_nothing_is_written_to_disk(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    read_zip(zip_bytes(a_set()))
    assert list(tmp_path.iterdir()) == []
