"""Model files: save/load round trip, the network's input, and every kind of bad .npz refused
from its zip and .npy headers before anything is unpickled or unpacked."""
import io
import json
import pickle
import struct
import zipfile
from pathlib import Path

import numpy as np
import pytest

from nn_core.train import predict_proba
from nn_io import models
from nn_io.errors import BadModelFile, MissingDefaultModel
from nn_io.models import (DEFAULT_MODEL_PATH, Model, load_default_model, load_model, model_input,
                          save_model)


def params(dims=(12288, 7, 1), seed=0):
    rng = np.random.default_rng(seed)
    p = {}
    for l in range(1, len(dims)):
        p[f"W{l}"] = rng.normal(0, 0.01, (dims[l], dims[l - 1]))
        p[f"b{l}"] = rng.normal(0, 0.01, (dims[l], 1))
    return p


META = {"hidden_activation": "relu", "preprocessing": "scale", "class_names": ["non-cat", "cat"],
        "training": {"learning_rate": 0.0075, "iterations": 2500, "seed": 1},
        "train_accuracy": np.float64(0.985), "test_accuracy": 0.8}


def refused(data: bytes) -> str:
    with pytest.raises(BadModelFile) as info:
        load_model(data)
    assert "\n" not in info.value.message and info.value.message.endswith(".")
    return info.value.message


def npz(**members) -> bytes:
    out = io.BytesIO()
    np.savez(out, **members)
    return out.getvalue()


def members_of(data: bytes) -> dict:
    with np.load(io.BytesIO(data), allow_pickle=False) as z:
        return {k: z[k] for k in z.files}


# --- round trip -----------------------------------------------------------------------------
def test_save_then_load_gives_the_same_network_and_metadata():
    p = params((12288, 20, 7, 5, 1))
    model = load_model(save_model(p, META))
    assert isinstance(model, Model) and sorted(model.parameters) == sorted(p)
    for k in p:
        np.testing.assert_array_equal(model.parameters[k], p[k])
        assert not model.parameters[k].flags.writeable
    m = model.metadata
    assert m["layer_dims"] == [12288, 20, 7, 5, 1] == model.layer_dims
    assert m["format_version"] == models.FORMAT_VERSION == 1
    assert m["train_accuracy"] == 0.985 and m["test_accuracy"] == 0.8
    assert m["training"] == META["training"] and model.class_names == ("non-cat", "cat")
    assert (model.hidden_activation, model.leaky_alpha, model.preprocessing) == ("relu", 0.01,
                                                                                 "scale")
    assert model.stats is None


def test_the_loaded_model_predicts_what_the_saved_one_did():
    p = params((12288, 5, 1), seed=2)
    images = np.random.default_rng(1).integers(0, 256, (3, 64, 64, 3), dtype=np.uint8)
    model = load_model(save_model(p, {**META, "hidden_activation": "tanh"}))
    X = images.reshape(3, -1).T / 255.0
    np.testing.assert_array_equal(predict_proba(model_input(model, images), model.parameters,
                                                model.hidden_activation),
                                  predict_proba(X, p, "tanh"))


def test_metadata_values_become_plain_json():
    meta = {**META, "training": {"costs": np.array([0.7, 0.5]), "lr": np.float32(0.5),
                                 "diverged_at": float("nan"), "folder": Path("/tmp/x")}}
    text = str(members_of(save_model(params(), meta))["metadata"])
    training = json.loads(text)["training"]
    assert training == {"costs": [0.7, 0.5], "lr": 0.5, "diverged_at": None, "folder": "/tmp/x"}


def test_standardize_stores_mean_and_std_as_members_and_applies_them():
    rng = np.random.default_rng(4)
    mean, std = rng.uniform(50, 200, (12288, 1)), rng.uniform(20, 80, (12288, 1))
    data = save_model(params(), {**META, "preprocessing": "standardize", "stats": (mean, std)})
    assert {"mean", "std"} <= set(members_of(data))
    assert "mean" not in json.loads(str(members_of(data)["metadata"]))
    model = load_model(data)
    np.testing.assert_array_equal(model.stats[0], mean)
    images = rng.integers(0, 256, (2, 64, 64, 3), dtype=np.uint8)
    # by hand: one column per photo, minus the mean, over the std
    expected = (images.reshape(2, -1).T.astype(float) - mean) / std
    np.testing.assert_allclose(model_input(model, images), expected)


def test_model_input_scale_grayscale_and_one_photo():
    image = np.zeros((64, 64, 3), np.uint8)
    image[0, 0] = (255, 0, 0)  # the first pixel pure red: 0.299 of full luminance
    model = load_model(save_model(params(), META))
    X = model_input(model, image)
    assert X.shape == (12288, 1) and X[0, 0] == 1.0 and X[1, 0] == 0.0
    gray = load_model(save_model(params((4096, 3, 1)), {**META, "preprocessing": "grayscale"}))
    Xg = model_input(gray, image[None])
    assert Xg.shape == (4096, 1) and Xg[0, 0] == pytest.approx(0.299)
    with pytest.raises(ValueError):
        model_input(model, np.zeros((2, 32, 32, 3), np.uint8))
    with pytest.raises(ValueError):
        model_input(model, np.zeros((2, 64, 64, 3), np.float64))


def test_save_model_refuses_what_is_not_a_network():
    with pytest.raises(ValueError, match="W1, b1"):
        save_model({"W1": np.zeros((3, 12288))}, META)
    with pytest.raises(ValueError, match="do not match"):
        save_model(params(), {**META, "layer_dims": [12288, 8, 1]})
    with pytest.raises(ValueError, match="not finite"):
        save_model({**params(), "b2": np.array([[np.nan]])}, META)
    with pytest.raises(ValueError, match="standardize"):
        save_model(params(), {**META, "preprocessing": "standardize"})
    with pytest.raises(ValueError, match="hidden_activation"):
        save_model(params(), {**META, "hidden_activation": "softmax"})


# --- bad files --------------------------------------------------------------------------------
class _Payload:
    """Unpickling this would create a file: the proof that no pickle ever runs."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (Path(self.marker),))


def test_a_pickle_payload_never_executes(tmp_path):
    marker = tmp_path / "pwned"
    good = members_of(save_model(params(), META))
    as_object = npz(**{**good, "W1": np.array([_Payload(marker)], dtype=object)})
    assert "never unpickled" in refused(as_object)
    meta_object = npz(**{**good, "metadata": np.array(_Payload(marker), dtype=object)})
    assert "never unpickled" in refused(meta_object)
    assert "not a model file" in refused(pickle.dumps(_Payload(marker)))
    assert not marker.exists()


def test_not_a_model_file_at_all():
    assert "empty" in refused(b"")
    assert "not a model file" in refused(b"W1,b1\n0.5,0.1\n")
    assert "damaged" in refused(b"PK\x03\x04" + b"\x00" * 100)
    assert "no metadata" in refused(npz(**params()))


def test_wrong_or_extra_or_missing_members():
    good = members_of(save_model(params(), META))
    missing = {k: v for k, v in good.items() if k != "b2"}
    assert "lacks b2" in refused(npz(**missing))
    assert "unexpected members evil" in refused(npz(**good, evil=np.zeros(3)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for k, v in good.items():
            buf = io.BytesIO()
            np.save(buf, v)
            z.writestr(f"{k}.npy", buf.getvalue())
        z.writestr("notes.txt", b"hello")
    assert "unexpected member 'notes.txt'" in refused(out.getvalue())


def test_wrong_shapes_and_dtypes():
    good = members_of(save_model(params(), META))
    assert "W2 has shape (1, 8)" in refused(npz(**{**good, "W2": np.zeros((1, 8))}))
    assert "b1 has shape (7,)" in refused(npz(**{**good, "b1": np.zeros(7)}))
    assert "W1 has type int64" in refused(npz(**{**good, "W1": good["W1"].astype(np.int64)}))
    assert "only decimal numbers" in refused(npz(**{**good, "b1": np.zeros((7, 1), np.int64)}))
    meta = json.loads(str(good["metadata"]))
    wrong_dims = {**good, "metadata": np.array(json.dumps({**meta, "layer_dims": [4096, 7, 1]}))}
    assert "input layer has 4096 units" in refused(npz(**wrong_dims))
    newer = {**good, "metadata": np.array(json.dumps({**meta, "format_version": 2}))}
    assert "newer" in refused(npz(**newer))
    assert "not valid JSON" in refused(npz(**{**good, "metadata": np.array("{not json")}))


def test_nan_and_infinity_are_refused():
    good = members_of(save_model(params(), META))
    W1 = good["W1"].copy()
    W1[3, 5] = np.nan
    assert "W1 holds values that are not finite" in refused(npz(**{**good, "W1": W1}))
    assert "b2 holds values" in refused(npz(**{**good, "b2": np.array([[np.inf]])}))
    # finite but absurd: W1 · X would overflow to infinity (P(cat) "100 % sure" of nonsense)
    assert "values up to 1e+307" in refused(npz(**{**good, "W2": np.full((1, 7), 1e307)}))


def test_a_lying_npy_header_is_caught_before_reading():
    good = members_of(save_model(params(), META))
    honest = io.BytesIO()
    np.save(honest, good["W2"])
    # the header claims (1, 70000) but the data is 7 numbers
    lying = honest.getvalue().replace(b"(1, 7)", b"(1, 70000)")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for k, v in good.items():
            buf = io.BytesIO()
            np.save(buf, v)
            z.writestr(f"{k}.npy", lying if k == "W2" else buf.getvalue())
    assert "W2 is damaged (its header does not match its size)" in refused(out.getvalue())


def _patch_sizes(data: bytes, name: bytes, new_size: int) -> bytes:
    """Rewrite the uncompressed size of one member in its local header and the central
    directory: a zip that lies about how much it unpacks to."""
    b = bytearray(data)
    i = 0
    while (i := b.find(b"PK\x03\x04", i)) >= 0:
        n = struct.unpack_from("<H", b, i + 26)[0]
        if b[i + 30:i + 30 + n] == name:
            struct.pack_into("<I", b, i + 22, new_size)
        i += 4
    i = 0
    while (i := b.find(b"PK\x01\x02", i)) >= 0:
        n = struct.unpack_from("<H", b, i + 28)[0]
        if b[i + 46:i + 46 + n] == name:
            struct.pack_into("<I", b, i + 24, new_size)
        i += 4
    return bytes(b)


def test_zip_bombs_are_refused_from_the_declared_sizes(monkeypatch):
    # 300 MB of zeros declared, under 1 MB on disk: refused before anything is unpacked
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("metadata.npy", b"x")
        with z.open("W1.npy", "w", force_zip64=True) as w:
            block = bytes(1 << 20)
            for _ in range(300):
                w.write(block)
    assert len(out.getvalue()) < 1_000_000
    assert "would unpack to 300 MB" in refused(out.getvalue())
    # a member claiming fewer bytes than it unpacks to: the header check (or the CRC) stops it
    good = save_model(params(), META)
    compressed = io.BytesIO()
    with zipfile.ZipFile(compressed, "w", zipfile.ZIP_DEFLATED) as z:
        for k, v in members_of(good).items():
            buf = io.BytesIO()
            np.save(buf, v)
            z.writestr(f"{k}.npy", buf.getvalue())
    liar = _patch_sizes(compressed.getvalue(), b"W1.npy", 1000)
    assert "W1" in refused(liar)


def test_a_file_over_the_size_limit_is_refused_unread(monkeypatch):
    monkeypatch.setattr(models, "MAX_MODEL_BYTES", 1000)
    assert "at most 0 MB" in refused(save_model(params(), META))


def compressed(data: bytes) -> bytes:
    """The same model saved with np.savez_compressed (each member deflated)."""
    buf = io.BytesIO()
    np.savez_compressed(buf, **members_of(data))
    return buf.getvalue()


# Compressed: damage inside a deflate stream surfaces as zlib.error (14 in 300 such files once
# escaped as a traceback).
@pytest.mark.parametrize("pack, copies, flips, seed", [
    (lambda data: data, 40, 5, 5), (compressed, 300, 3, 0)], ids=["stored", "deflated"])
def test_random_damage_only_ever_gives_bad_model_file(pack, copies, flips, seed):
    good = pack(save_model(params((12288, 2, 1)), META))
    assert load_model(good).layer_dims == [12288, 2, 1]
    rng = np.random.default_rng(seed)
    for _ in range(copies):
        bad = bytearray(good)
        for i in rng.integers(0, len(bad), size=flips):
            bad[i] = rng.integers(0, 256)
        try:
            load_model(bytes(bad))
        except BadModelFile:
            pass


def test_a_float16_bomb_is_refused_by_its_size_as_float64():
    # W1 (1500, 12288) float16 is 35 MB declared (under the 64 MB limit), about 40 KB deflated,
    # and 141 MB once loaded as float64: counted as float64, it is refused before it is read
    meta = {"format_version": 1, "layer_dims": [12288, 1500, 1], "hidden_activation": "relu",
            "preprocessing": "scale"}
    buf = io.BytesIO()
    np.savez_compressed(buf, metadata=np.array(json.dumps(meta)),
                        W1=np.zeros((1500, 12288), np.float16), b1=np.zeros((1500, 1)),
                        W2=np.zeros((1, 1500)), b2=np.zeros((1, 1)))
    assert len(buf.getvalue()) < 1_000_000
    # (1500 * 12288 + 1500 + 1500 + 1) * 8 bytes = 140.7 MB
    assert "would take 141 MB" in refused(buf.getvalue())


def test_metadata_that_only_looks_right_is_refused():
    good = members_of(save_model(params(), META))
    meta = json.loads(str(good["metadata"]))
    for change, words in (({"format_version": True}, "format_version"),
                          ({"class_names": ["[non-cat](https://example.org)", "cat"]},
                           "class_names"),
                          ({"class_names": ["<b>cat</b>", "dog"]}, "class_names")):
        bad = npz(**{**good, "metadata": np.array(json.dumps({**meta, **change}))})
        assert words in refused(bad)
    kind = npz(**{**good, "metadata": np.array(json.dumps({**meta,
                                                           "class_names": ["chien", "chat noir"]}))})
    assert load_model(kind).class_names == ("chien", "chat noir")


# --- the default model ------------------------------------------------------------------------
def test_the_default_model_path_is_in_assets():
    assert DEFAULT_MODEL_PATH == Path(models.__file__).resolve().parents[1] / "assets" / \
        "default_model.npz"


def test_load_default_model_reads_once_and_again_when_the_file_changes(tmp_path):
    path = tmp_path / "default_model.npz"
    with pytest.raises(MissingDefaultModel):
        load_default_model(path)
    path.write_bytes(save_model(params(), META))
    first = load_default_model(path)
    assert load_default_model(path) is first
    path.write_bytes(save_model(params((12288, 3, 1)), META))
    assert load_default_model(path).layer_dims == [12288, 3, 1]


@pytest.mark.skipif(not DEFAULT_MODEL_PATH.is_file(),
                    reason="assets/default_model.npz not made yet")
def test_the_shipped_default_model_loads():
    model = load_default_model()
    assert model.layer_dims[0] == models.INPUT_SIZE[model.preprocessing]
    assert model.metadata["test_accuracy"] is not None


def test_deeply_nested_metadata_is_refused_not_a_recursion_error():
    # json.loads raises RecursionError (not ValueError) for "[[[[..." nested 50 000 deep
    good = members_of(save_model(params(), META))
    assert "not valid JSON" in refused(npz(**{**good, "metadata": np.array("[" * 50_000)}))


def test_float16_and_big_endian_members_load_as_native_float64():
    W1 = (np.arange(12288) / 12288).reshape(1, 12288).astype(">f8")  # big-endian
    b1 = np.full((1, 1), 0.5, dtype=np.float16)
    meta = {"format_version": 1, "layer_dims": [12288, 1], "hidden_activation": "relu",
            "leaky_alpha": 0.01, "preprocessing": "raw", "class_names": ["non-cat", "cat"]}
    buf = io.BytesIO()
    np.savez(buf, metadata=np.array(json.dumps(meta)), W1=W1, b1=b1)
    model = load_model(buf.getvalue())
    for value in model.parameters.values():
        assert value.dtype == np.float64 and value.dtype.isnative
    np.testing.assert_array_equal(model.parameters["W1"], W1)
    assert model.parameters["b1"][0, 0] == 0.5


# --- small bad inputs (issue 12) --------------------------------------------------------------
def _with_member(name: str, raw: bytes) -> bytes:
    good = members_of(save_model(params(), META))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for k, v in good.items():
            buf = io.BytesIO()
            np.save(buf, v)
            z.writestr(f"{k}.npy", raw if k == name else buf.getvalue())
    return out.getvalue()


def test_a_header_of_3000_unary_minus_signs_is_a_sentence_not_a_recursion_error():
    header = "{'descr': '<f8', 'fortran_order': False, 'shape': (" + "-" * 3000 + "1, 7), }"
    header = header.ljust((len(header) // 64 + 1) * 64 - 11) + "\n"
    raw = b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode("latin1")
    assert "not a valid array" in refused(_with_member("W2", raw))


def test_a_zip_of_40000_members_is_refused_from_its_end_record():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for i in range(40_000):
            z.writestr(f"m{i}.npy", b"")
    assert "has 40,000 members; a model saved by this app has at most 43" in refused(
        out.getvalue())


@pytest.mark.parametrize("value", [True, False])
def test_an_accuracy_of_true_is_not_100_percent(value):
    data = save_model(params(), {**META, "train_accuracy": 0.5})
    good = members_of(data)
    meta = json.loads(str(good["metadata"][()]))
    meta["train_accuracy"] = value
    good["metadata"] = np.array(json.dumps(meta))
    assert "train_accuracy must be a number in [0, 1] or null" in refused(npz(**good))
