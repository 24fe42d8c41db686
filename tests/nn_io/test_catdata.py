"""The cat data set: finding, reading, checking, sandboxed upload parsing, and downloading.

Bad .h5 files are made here with h5py; the real files are read from ../shared/data when present.
"""
import functools
import hashlib
import http.server
import io
import socket
import sys
import threading
from pathlib import Path

import h5py
import numpy as np
import pytest

from nn_io import catdata
from nn_io.catdata import (CatData, download_cat_data, find_cat_data, load_cat_data,
                           load_cat_h5_upload)
from nn_io.errors import BadDataset, DownloadFailed, InputError

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data"
needs_real_data = pytest.mark.skipif(
    not (SHARED / "train_catvnoncat.h5").is_file(),
    reason=f"the course's cat data is not in {SHARED}")


def h5_bytes(split="train", m=6, x=None, y=None, classes=(b"non-cat", b"cat"), extra=None):
    """A small, valid-by-default data set file as bytes; override any part to break it."""
    rng = np.random.default_rng(0)
    buf = io.BytesIO()
    with h5py.File(buf, "w") as f:
        f[f"{split}_set_x"] = (rng.integers(0, 256, (m, 64, 64, 3), dtype=np.uint8)
                               if x is None else x)
        f[f"{split}_set_y"] = np.arange(m) % 2 if y is None else y
        if classes is not None:
            f["list_classes"] = np.array(classes)
        if extra:
            extra(f)
    return buf.getvalue()


def write_pair(folder: Path, train=None, test=None):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "train_catvnoncat.h5").write_bytes(h5_bytes("train") if train is None else train)
    (folder / "test_catvnoncat.h5").write_bytes(h5_bytes("test", m=4) if test is None else test)
    return folder


def message_of(train=None, test=None) -> str:
    with pytest.raises(BadDataset) as info:
        load_cat_h5_upload(h5_bytes("train") if train is None else train,
                           h5_bytes("test", m=4) if test is None else test)
    assert "\n" not in info.value.message and info.value.message.endswith(".")
    return info.value.message


# --- the real files ---------------------------------------------------------------------
@needs_real_data
def test_the_course_files_read_with_the_documented_shapes():
    data = load_cat_data(SHARED)
    assert data.train_x.shape == (209, 64, 64, 3) and data.train_x.dtype == np.uint8
    assert data.test_x.shape == (50, 64, 64, 3) and data.test_y.shape == (50,)
    assert data.train_y.dtype == np.int64 and set(np.unique(data.train_y)) == {0, 1}
    assert data.classes == ("non-cat", "cat")
    # the course's counts: 72 of the 209 training photos and 33 of the 50 test photos are cats
    assert data.train_y.sum() == 72 and data.test_y.sum() == 33
    with pytest.raises(ValueError):
        data.train_x[0, 0, 0, 0] = 1  # read-only, safe to share between sessions


@needs_real_data
def test_the_upload_path_gives_the_same_arrays_as_the_folder_path():
    folder = load_cat_data(SHARED)
    upload = load_cat_h5_upload((SHARED / "train_catvnoncat.h5").read_bytes(),
                                (SHARED / "test_catvnoncat.h5").read_bytes())
    for name in ("train_x", "train_y", "test_x", "test_y"):
        np.testing.assert_array_equal(getattr(upload, name), getattr(folder, name))
    assert upload.classes == folder.classes


def test_a_small_generated_pair_reads_back_exactly(tmp_path):
    x = np.random.default_rng(3).integers(0, 256, (5, 64, 64, 3), dtype=np.uint8)
    folder = write_pair(tmp_path, train=h5_bytes("train", m=5, x=x, y=np.array([[1, 0, 0, 1, 1]])))
    data = load_cat_data(folder)
    assert isinstance(data, CatData)
    np.testing.assert_array_equal(data.train_x, x)
    assert data.train_y.tolist() == [1, 0, 0, 1, 1]  # (1, m) labels are accepted as (m,)
    assert data.test_x.shape == (4, 64, 64, 3)


# --- finding ----------------------------------------------------------------------------
def test_find_prefers_the_environment_variable_then_falls_back_to_the_cache(tmp_path, monkeypatch):
    monkeypatch.setattr(catdata, "ROOT", tmp_path / "repo")  # no data/ and no ../shared/data
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv(catdata.ENV_VAR, raising=False)
    assert find_cat_data() is None
    cached = write_pair(catdata.cache_dir())
    assert find_cat_data() == cached
    shared = write_pair(tmp_path / "shared" / "data")
    assert find_cat_data() == shared  # ../shared/data comes before the cache
    env = write_pair(tmp_path / "elsewhere")
    monkeypatch.setenv(catdata.ENV_VAR, str(env))
    assert find_cat_data() == env
    monkeypatch.setenv(catdata.ENV_VAR, str(tmp_path / "missing"))
    assert find_cat_data() == shared  # a wrong variable is skipped, not fatal


def test_a_folder_with_one_file_is_not_found(tmp_path, monkeypatch):
    monkeypatch.setattr(catdata, "ROOT", tmp_path / "repo")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = tmp_path / "half"
    folder.mkdir()
    (folder / "train_catvnoncat.h5").write_bytes(h5_bytes())
    monkeypatch.setenv(catdata.ENV_VAR, str(folder))
    assert find_cat_data() is None
    with pytest.raises(BadDataset, match="has no test_catvnoncat.h5"):
        load_cat_data(folder)


# --- bad files, from a folder and as uploads ---------------------------------------------
def test_bad_files_in_a_folder_get_clear_messages(tmp_path):
    with pytest.raises(BadDataset, match="is empty"):
        load_cat_data(write_pair(tmp_path / "a", train=b""))
    with pytest.raises(BadDataset, match="train_set_y has labels \\{0, 1, 7\\}"):
        load_cat_data(write_pair(tmp_path / "b", train=h5_bytes(y=np.array([0, 1, 7, 0, 1, 1]))))
    with pytest.raises(BadDataset, match="not an HDF5"):
        load_cat_data(write_pair(tmp_path / "c", train=b"hello, not a file of data\n" * 4))


@pytest.mark.parametrize("train, expected", [
    (b"", "training file is empty"),
    (b"GIF89a this is not HDF5", "training file is not an HDF5"),
    (b"\x89HDF\r\n\x1a\n" + b"\x00" * 40, "training file is not a readable HDF5"),
])
def test_uploads_that_are_not_hdf5(train, expected):
    assert expected in message_of(train=train)


def test_a_truncated_upload():
    whole = h5_bytes("train", m=20)
    message = message_of(train=whole[: len(whole) // 2])
    # plain words for the student, not h5py's "truncated file: eof = ..., sblock->base_addr"
    assert "training file" in message and "incomplete" in message
    assert "eof" not in message and "sblock" not in message and "synchronously" not in message


def test_wrong_keys_name_what_is_missing_and_a_swapped_pair_is_recognised():
    assert "has no train_set_y" in message_of(
        train=h5_bytes(extra=lambda f: f.move("train_set_y", "labels")))
    assert "looks like the test file" in message_of(train=h5_bytes("test"))


@pytest.mark.parametrize("train, expected", [
    (h5_bytes(x=np.zeros((6, 64, 64, 3), np.float32)), "train_set_x has dtype float32"),
    (h5_bytes(x=np.zeros((6, 32, 32, 3), np.uint8)), "train_set_x has shape (6, 32, 32, 3)"),
    (h5_bytes(x=np.zeros((6, 64, 64), np.uint8)), "train_set_x has shape (6, 64, 64)"),
    (h5_bytes(y=np.array([0, 1, 7, 0, 1, 1])), "train_set_y has labels {0, 1, 7}"),
    (h5_bytes(y=np.array([0, 1, -1, 0, 1, 1])), "train_set_y has labels {-1, 0, 1}"),
    (h5_bytes(y=np.zeros(6, np.float64)), "train_set_y has dtype float64"),
    (h5_bytes(y=np.zeros(5, np.int64)), "train_set_y has shape (5,)"),
    (h5_bytes(classes=(b"a", b"b", b"c")), "list_classes must be 2 class names"),
    (h5_bytes(classes=None), "has no list_classes"),
])
def test_wrong_contents_are_named(train, expected):
    assert expected in message_of(train=train)


def test_class_names_must_agree_between_the_two_files():
    assert "name the classes differently" in message_of(
        test=h5_bytes("test", m=4, classes=(b"dog", b"cat")))


def test_links_are_refused_without_being_followed(tmp_path):
    secret = tmp_path / "secret.h5"
    secret.write_bytes(h5_bytes())

    def external(f):
        del f["train_set_x"]
        f["train_set_x"] = h5py.ExternalLink(str(secret), "/train_set_x")

    def soft(f):
        f["train_set_x_alias"] = h5py.SoftLink("/train_set_x")

    assert "'train_set_x', which is a link to another file" in message_of(train=h5_bytes(
        extra=external))
    assert "which is a link; only plain data sets" in message_of(train=h5_bytes(extra=soft))


def test_external_storage_is_refused(tmp_path):
    raw = tmp_path / "pixels.bin"
    raw.write_bytes(bytes(6 * 64 * 64 * 3))

    def external_storage(f):
        del f["train_set_x"]
        f.create_dataset("train_set_x", shape=(6, 64, 64, 3), dtype=np.uint8,
                         external=[(str(raw), 0, h5py.h5f.UNLIMITED)])

    assert "keeps its values in another file" in message_of(train=h5_bytes(extra=external_storage))


def test_a_compressed_bomb_is_refused_from_its_shape_before_reading():
    # 100,000 photos declared (1.2 GB of pixels) in a chunked, compressed file of a few KB
    def bomb(f):
        del f["train_set_x"], f["train_set_y"]
        f.create_dataset("train_set_x", shape=(100_000, 64, 64, 3), dtype=np.uint8,
                         chunks=(1, 64, 64, 3), compression="gzip", fillvalue=0)
        f["train_set_y"] = np.zeros(100_000, np.int64)
    data = h5_bytes(extra=bomb)
    assert len(data) < 1_000_000
    assert "has 100000 photos in train_set_x; between 1 and 1000" in message_of(train=data)


def test_a_small_gzip_file_of_1001_photos_is_refused():
    # the amplifier: a few tens of KB declaring more photos than a class set needs
    def many(f):
        del f["train_set_x"], f["train_set_y"]
        f.create_dataset("train_set_x", data=np.zeros((1001, 64, 64, 3), np.uint8),
                         chunks=(100, 64, 64, 3), compression="gzip", compression_opts=9)
        f["train_set_y"] = np.zeros(1001, np.int64)
    data = h5_bytes(extra=many)
    assert len(data) < 100_000
    assert "has 1001 photos in train_set_x; between 1 and 1000" in message_of(train=data)


def test_class_names_from_a_file_are_shown_as_plain_text_not_markdown():
    message = message_of(test=h5_bytes("test", m=4, classes=(b"**non-cat**", b"[cat](http://x)")))
    assert "`**non-cat**` and `[cat](http://x)`" in message


def test_labels_are_reported_in_the_files_own_dtype():
    y = np.array([0, 1, 2**63, 1, 0, 1], dtype=np.uint64)
    message = message_of(train=h5_bytes(y=y))
    assert "9223372036854775808" in message and "-9223372036854775808" not in message


def test_a_group_where_a_data_set_should_be():
    def group(f):
        del f["train_set_y"]
        f.create_group("train_set_y")
    assert "train_set_y is a group" in message_of(train=h5_bytes(extra=group))


def test_randomly_damaged_files_never_escape_as_anything_but_bad_dataset():
    good = h5_bytes("train", m=3)
    rng = np.random.default_rng(7)
    outcomes = set()
    for _ in range(12):
        bad = bytearray(good)
        for i in rng.integers(8, len(bad), size=20):
            bad[i] = rng.integers(0, 256)
        try:
            load_cat_h5_upload(bytes(bad), h5_bytes("test", m=2))
            outcomes.add("read")
        except InputError:
            outcomes.add("refused")
    assert outcomes <= {"read", "refused"}


# --- the sandbox --------------------------------------------------------------------------
def _fake_worker(monkeypatch, code: str):
    monkeypatch.setattr(catdata, "_worker_command", lambda: [sys.executable, "-c", code])


def test_a_crash_of_the_reader_process_becomes_a_message(monkeypatch):
    _fake_worker(monkeypatch, "import os, signal; os.kill(os.getpid(), signal.SIGSEGV)")
    assert "made the reader fail (crashed" in message_of()


def test_a_reader_that_hangs_is_stopped(monkeypatch):
    _fake_worker(monkeypatch, "import time; time.sleep(30)")
    with pytest.raises(BadDataset, match="took too long"):
        load_cat_h5_upload(h5_bytes(), h5_bytes("test", m=4), timeout=1.0)


def test_a_reader_that_answers_garbage_becomes_a_message(monkeypatch):
    _fake_worker(monkeypatch, "import sys; sys.stdout.write('garbage')")
    assert "gave no usable answer" in message_of()


def test_the_memory_limit_applies_to_the_real_reader(monkeypatch):
    # 40 MB of address space is too little for Python + NumPy + h5py: the worker fails, this
    # process does not
    monkeypatch.setattr(catdata, "WORKER_MEMORY_BYTES", 40 * 1024 * 1024)
    message = message_of()
    assert "could not be read" in message or "made the reader fail" in message


# --- downloading --------------------------------------------------------------------------
class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def serve():
    """serve(folder) -> base URL of a local HTTP server on 127.0.0.1 serving that folder."""
    servers = []

    def start(folder):
        handler = functools.partial(_QuietHandler, directory=str(folder))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        server.requests = 0
        original = server.finish_request

        def counting(*args):
            server.requests += 1
            return original(*args)
        server.finish_request = counting
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                         daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}", server

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@needs_real_data
def test_download_from_a_mirror_checks_sha256_and_reports_progress(tmp_path, serve):
    url, server = serve(SHARED)
    seen = []
    folder = download_cat_data(tmp_path / "dl", progress=lambda f, text: seen.append((f, text)),
                               urls=[url])
    for name, digest in catdata.SHA256.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0 and len(fractions) > 4
    assert load_cat_data(folder).train_x.shape == (209, 64, 64, 3)
    assert not list(folder.glob(".*part"))  # no temporary files left behind
    before = server.requests
    download_cat_data(folder, urls=[url])  # both files already there: nothing fetched
    assert server.requests == before


@needs_real_data
def test_a_mirror_with_a_bad_copy_is_skipped_for_the_next(tmp_path, serve):
    bad = write_pair(tmp_path / "bad")  # valid .h5 files, but not the published bytes
    bad_url, _ = serve(bad)
    good_url, _ = serve(SHARED)
    folder = download_cat_data(tmp_path / "dl", urls=[closed_port_url(), bad_url, good_url])
    assert hashlib.sha256((folder / "test_catvnoncat.h5").read_bytes()).hexdigest() == \
        catdata.SHA256["test_catvnoncat.h5"]


def test_offline_gives_one_clear_sentence(tmp_path):
    with pytest.raises(DownloadFailed) as info:
        download_cat_data(tmp_path / "dl", urls=[closed_port_url(), closed_port_url()])
    message = info.value.message
    assert "offline" in message and "upload the two .h5 files" in message
    assert message.count(".") == 2 and "\n" not in message  # "... .h5 files instead."
    assert not any((tmp_path / "dl").iterdir())


def broken_server_url(reply: bytes) -> str:
    """A server on 127.0.0.1 that answers every request with ``reply`` and hangs up."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)

    def answer():
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            with conn:
                conn.recv(4096)
                conn.sendall(reply)
    threading.Thread(target=answer, daemon=True).start()
    return f"http://127.0.0.1:{listener.getsockname()[1]}"


def test_a_mirror_that_does_not_speak_http_counts_as_unreachable(tmp_path):
    # http.client raises BadStatusLine, IncompleteRead, ... (HTTPException, not URLError)
    for reply, words in (
            (b"SSH-2.0-OpenSSH_9.2\r\n", "offline or the mirrors are unreachable"),
            (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "unreachable"),
            # cut off after 999 of its 2572022 bytes: what came is not the published file
            (b"HTTP/1.1 200 OK\r\nContent-Length: 2572022\r\n\r\n" + b"x" * 999,
             "checksum did not match")):
        with pytest.raises(DownloadFailed, match=words):
            download_cat_data(tmp_path / "dl", urls=[broken_server_url(reply)], timeout=5)
    assert not list((tmp_path / "dl").glob(".*part"))


def test_only_bad_copies_say_the_checksum_did_not_match(tmp_path, serve):
    url, _ = serve(write_pair(tmp_path / "bad"))
    with pytest.raises(DownloadFailed, match="checksum did not match"):
        download_cat_data(tmp_path / "dl", urls=[url])
