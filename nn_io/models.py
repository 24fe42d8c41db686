"""Model files: a trained network as a .npz (parameters + metadata), saved and loaded safely.

Layout of the .npz (a zip of .npy members, written by ``np.savez``):

    W1.npy b1.npy ... WL.npy bL.npy   float arrays, W[l] (n_l, n_{l-1}), b[l] (n_l, 1)
    mean.npy std.npy                  only for preprocessing "standardize", each (n_x, 1)
    metadata.npy                      a 0-d unicode array holding one JSON object:
        format_version, layer_dims [n_x, n_1, ..., 1], hidden_activation, leaky_alpha,
        preprocessing ("scale", "standardize", "grayscale", "raw"), class_names [name of 0,
        name of 1], training {settings}, train_accuracy, test_accuracy

Loading never unpickles: every member's zip entry and .npy header are checked (names, float
dtypes, shapes chaining layer_dims, declared sizes adding up, a total size limit) before the
arrays are read with ``allow_pickle=False``, and the values must be finite.
"""
from __future__ import annotations

import functools
import io
import json
import math
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from numpy.lib import format as npy_format

from nn_core.activations import ACTIVATIONS
from nn_core.preprocessing import PREPROCESSING_MODES, images_to_X
from nn_io.errors import BadModelFile, MissingDefaultModel

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_MODEL_PATH = ROOT / "assets" / "default_model.npz"
FORMAT_VERSION = 1
#: Hidden activations a model file may name: every one nn_core has.
HIDDEN_ACTIVATIONS = tuple(ACTIVATIONS)
#: A model file larger than this (bytes on disk, or declared uncompressed total) is refused.
MAX_MODEL_BYTES = 64 * 1024 * 1024
#: Unpacked, as float64 (what loading makes of any float): the largest network the app trains,
#: 12288-64-64-64-64-1, is 6.4 MB.
MAX_UNCOMPRESSED_BYTES = 64 * 1024 * 1024
MAX_METADATA_CHARS = 100_000
#: No weight, bias, mean or std of a trained network comes near this (the default model's
#: largest is below 1); beyond it Z = W·X overflows to infinity.
MAX_ABS_VALUE = 1e6
MAX_LAYERS = 20
#: W1..WL, b1..bL, mean, std and the metadata.
MAX_MEMBERS = 2 * MAX_LAYERS + 3
#: n_x for each preprocessing mode (64 x 64 x 3 colours, or 64 x 64 grey levels).
INPUT_SIZE = {"scale": 12288, "standardize": 12288, "raw": 12288, "grayscale": 4096}
_ZIP_SIGNATURE = b"PK\x03\x04"


@dataclass(frozen=True)
class Model:
    """A loaded network. parameters: W1 (n_1, n_x), b1 (n_1, 1), ..., read-only float arrays.

    metadata: the JSON object of the file (see the module docstring).
    stats: (mean, std) each (n_x, 1) for preprocessing "standardize", else None.
    """
    parameters: dict[str, np.ndarray]
    metadata: dict
    stats: tuple[np.ndarray, np.ndarray] | None = field(default=None)

    @property
    def layer_dims(self) -> list[int]:
        return list(self.metadata["layer_dims"])

    @property
    def hidden_activation(self) -> str:
        return self.metadata["hidden_activation"]

    @property
    def leaky_alpha(self) -> float:
        return float(self.metadata.get("leaky_alpha", 0.01))

    @property
    def preprocessing(self) -> str:
        return self.metadata["preprocessing"]

    @property
    def class_names(self) -> tuple[str, str]:
        return tuple(self.metadata.get("class_names", ("non-cat", "cat")))


# --- saving -------------------------------------------------------------------------------
def save_model(parameters: dict, metadata: dict) -> bytes:
    """parameters W1, b1, ..., WL, bL + metadata -> the bytes of a .npz model file.

    ``metadata`` needs ``hidden_activation`` and ``preprocessing``; ``layer_dims`` is taken from
    the shapes when missing (and must match them when given); ``format_version`` is set here.
    For "standardize", give the training set's statistics as ``metadata["stats"] = (mean,
    std)`` (or ``metadata["mean"]``, ``metadata["std"]``), each (n_x, 1): they are stored as
    members, not in the JSON. Raises ValueError for parameters that do not make a network.
    """
    meta = dict(metadata)
    stats = meta.pop("stats", None)
    mean, std = (stats if stats is not None else (meta.pop("mean", None), meta.pop("std", None)))
    meta.pop("mean", None), meta.pop("std", None)
    L = len(parameters) // 2
    expected = {f"{k}{l}" for l in range(1, L + 1) for k in "Wb"}
    if L < 1 or set(parameters) != expected:
        raise ValueError(f"parameters must be W1, b1, ..., WL, bL; got {sorted(parameters)}")
    arrays = {k: np.asarray(v) for k, v in parameters.items()}
    dims = [arrays["W1"].shape[1]] + [arrays[f"W{l}"].shape[0] for l in range(1, L + 1)]
    if meta.get("layer_dims") is not None and [int(d) for d in meta["layer_dims"]] != dims:
        raise ValueError(f"layer_dims {list(meta['layer_dims'])} do not match the shapes {dims}")
    meta["layer_dims"] = dims
    meta.setdefault("leaky_alpha", 0.01)
    meta.setdefault("class_names", ["non-cat", "cat"])
    meta.setdefault("training", {})
    meta.setdefault("train_accuracy", None)
    meta.setdefault("test_accuracy", None)
    meta["format_version"] = FORMAT_VERSION
    members = {}
    if meta.get("preprocessing") == "standardize":
        if mean is None or std is None:
            raise ValueError('preprocessing "standardize" needs metadata["stats"] = (mean, std)')
        members["mean"] = np.asarray(mean, dtype=np.float64)
        members["std"] = np.asarray(std, dtype=np.float64)
    for k, v in arrays.items():
        members[k] = v if v.dtype.kind == "f" else v.astype(np.float64)
    text = json.dumps(_jsonable(meta), allow_nan=False, sort_keys=True)
    members["metadata"] = np.array(text)
    meta_checked = _check_metadata(json.loads(text))
    _check_shapes({k: (v.shape, v.dtype) for k, v in members.items() if k != "metadata"},
                  meta_checked)
    for k, v in members.items():
        if k != "metadata" and not np.all(np.isfinite(v)):
            raise ValueError(f"{k} has values that are not finite numbers")
    out = io.BytesIO()
    np.savez(out, **members)
    return out.getvalue()


def _jsonable(obj):
    """Metadata -> plain JSON types: NumPy scalars and small arrays become numbers and lists,
    NaN and infinities become None."""
    if isinstance(obj, dict):
        return {str(k): _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, np.ndarray):
        if obj.size > 10_000:
            raise ValueError("metadata may hold only small arrays (give stats for mean/std)")
        return _jsonable(obj.tolist())
    if isinstance(obj, np.generic):
        return _jsonable(obj.item())
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    if obj is None or isinstance(obj, (bool, int, float, str)):
        return obj
    if isinstance(obj, Path):
        return str(obj)
    raise ValueError(f"metadata value {obj!r} of type {type(obj).__name__} is not JSON")


# --- loading ------------------------------------------------------------------------------
def load_model(data: bytes) -> Model:
    """The bytes of a .npz model file -> Model. Raises ``BadModelFile`` with one sentence.

    Checks, in order: size; zip signature; a readable zip whose members are unencrypted,
    stored or deflated, not repeated; the metadata (JSON) member; exactly the expected members;
    each .npy header (float dtype, no object arrays, shape chaining layer_dims, header + data
    adding up to the member's declared size); the total declared size. Only then are the
    arrays read (``allow_pickle=False``), and every value must be finite.
    """
    data = bytes(data)
    if not data:
        raise BadModelFile("The model file is empty.")
    if len(data) > MAX_MODEL_BYTES:
        raise BadModelFile(f"The model file is {len(data) / 2**20:.0f} MB; at most "
                           f"{MAX_MODEL_BYTES // 2**20} MB is accepted.")
    if not data.startswith(_ZIP_SIGNATURE):
        raise BadModelFile("This is not a model file (a model file is a .npz saved by this app).")
    declared = _declared_members(data)
    if declared is not None and declared > MAX_MEMBERS:
        raise BadModelFile(f"The model file has {declared:,} members; a model saved by this app "
                           f"has at most {MAX_MEMBERS}.")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise BadModelFile("The model file is damaged (its zip structure cannot be read)."
                           ) from None
    with zf:
        try:
            return _load_from_zip(zf, infos)
        except BadModelFile:
            raise
        except (zlib.error, zipfile.BadZipFile, OSError, EOFError, ValueError) as e:
            # deflate damage surfaces as zlib.error from any read; one sentence, no traceback
            raise BadModelFile(f"The model file is damaged ({type(e).__name__}).") from None


def _declared_members(data: bytes) -> int | None:
    """The number of members the zip's end record declares (read before the zip's directory
    is parsed), or None when there is no plain end record (zipfile then judges the file)."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end < 0 or end + 22 > len(data):
        return None
    return int.from_bytes(data[end + 10:end + 12], "little")


def _load_from_zip(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> Model:
    if len(infos) > MAX_MEMBERS:        # a zip64 end record that said otherwise
        raise BadModelFile(f"The model file has {len(infos):,} members; a model saved by this "
                           f"app has at most {MAX_MEMBERS}.")
    names = [i.filename for i in infos]
    if len(set(names)) != len(names):
        raise BadModelFile("The model file is damaged (a member appears twice).")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise BadModelFile("The model file is encrypted; it cannot be read.")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise BadModelFile("The model file uses a compression this app does not read.")
        if not info.filename.endswith(".npy") or "/" in info.filename or info.is_dir():
            raise BadModelFile(f"The model file has an unexpected member {info.filename[:60]!r}.")
        total += info.file_size
    if total > MAX_UNCOMPRESSED_BYTES:
        raise BadModelFile(f"The model file would unpack to {total / 2**20:.0f} MB; at most "
                           f"{MAX_UNCOMPRESSED_BYTES // 2**20} MB is accepted.")
    by_key = {i.filename[:-4]: i for i in infos}
    if "metadata" not in by_key:
        raise BadModelFile("The model file has no metadata; it was not saved by this app.")

    headers = {key: _read_header(zf, info) for key, info in by_key.items()}
    shape, dtype, _ = headers["metadata"]
    if shape != () or dtype.kind != "U" or dtype.itemsize // 4 > MAX_METADATA_CHARS:
        raise BadModelFile("The model file's metadata is not a short text.")
    try:
        meta = json.loads(str(_read_member(zf, by_key["metadata"])[()]))
    except (ValueError, TypeError, RecursionError):  # RecursionError: "[[[[..." nested deep
        raise BadModelFile("The model file's metadata is not valid JSON.") from None
    try:
        meta = _check_metadata(meta)
    except ValueError as e:
        raise BadModelFile(f"The model file's metadata is wrong: {e}.") from None
    arrays_meta = {k: (s, d) for k, (s, d, _) in headers.items() if k != "metadata"}
    unpacked = sum(math.prod(s) * 8 for s, _ in arrays_meta.values())     # as float64
    if unpacked > MAX_UNCOMPRESSED_BYTES:
        raise BadModelFile(f"The model file's arrays would take {unpacked / 2**20:.0f} MB; at "
                           f"most {MAX_UNCOMPRESSED_BYTES // 2**20} MB is accepted.")
    try:
        _check_shapes(arrays_meta, meta)
    except ValueError as e:
        raise BadModelFile(f"The model file does not fit together: {e}.") from None

    arrays = {}
    for key, info in by_key.items():
        if key == "metadata":
            continue
        a = _read_member(zf, info).astype(np.float64, copy=False)  # native float64, any float
        if not np.all(np.isfinite(a)):
            raise BadModelFile(f"The model file's {key} holds values that are not finite "
                               "numbers (NaN or infinity); the training had probably diverged.")
        if a.size and np.abs(a).max() > MAX_ABS_VALUE:
            raise BadModelFile(f"The model file's {key} holds values up to "
                               f"{np.abs(a).max():.3g}; a trained network's stay far below "
                               f"{MAX_ABS_VALUE:g}, and such values would overflow.")
        a.flags.writeable = False
        arrays[key] = a
    stats = None
    if meta["preprocessing"] == "standardize":
        stats = (arrays.pop("mean"), arrays.pop("std"))
        if np.any(stats[1] <= 0):
            raise BadModelFile("The model file's std holds values that are not positive.")
    L = len(meta["layer_dims"]) - 1
    parameters = {f"{k}{l}": arrays[f"{k}{l}"] for l in range(1, L + 1) for k in "Wb"}
    return Model(parameters, meta, stats)


def _read_header(zf: zipfile.ZipFile, info: zipfile.ZipInfo):
    """-> (shape, dtype, header length) from a member's .npy header, checking that the header's
    shape and dtype add up to exactly the member's declared size."""
    key = info.filename[:-4]
    try:
        with zf.open(info) as fp:
            version = npy_format.read_magic(fp)
            if version == (1, 0):
                shape, fortran, dtype = npy_format.read_array_header_1_0(fp)
            elif version in ((2, 0), (3, 0)):
                shape, fortran, dtype = npy_format.read_array_header_2_0(fp)
            else:
                raise ValueError(f"unknown .npy version {version}")
            header_len = fp.tell()
    except (ValueError, OSError, EOFError, zipfile.BadZipFile, SyntaxError, TypeError,
            zlib.error, RecursionError, MemoryError):
        # RecursionError: a header such as {'shape': (- - - ... 1,)}, parsed by literal_eval
        raise BadModelFile(f"The model file's member {key[:40]!r} is not a valid array.") from None
    if dtype.hasobject or dtype.fields is not None:
        raise BadModelFile(f"The model file's {key[:40]} holds Python objects ({dtype}); they "
                           "are never unpickled here, only plain numbers are accepted.")
    if dtype.kind not in "fU":
        raise BadModelFile(f"The model file's {key[:40]} has type {dtype}; only decimal "
                           "numbers (float) are accepted.")
    if len(shape) > 2 or any(n < 0 for n in shape):
        raise BadModelFile(f"The model file's {key[:40]} has shape {shape}; "
                           "it must be a table of numbers.")
    if header_len + math.prod(shape) * dtype.itemsize != info.file_size:
        raise BadModelFile(f"The model file's {key[:40]} is damaged (its header does not match "
                           "its size).")
    return shape, dtype, header_len


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> np.ndarray:
    try:
        with zf.open(info) as fp:
            return npy_format.read_array(fp, allow_pickle=False)
    except (ValueError, OSError, EOFError, zipfile.BadZipFile, zlib.error, RecursionError):
        raise BadModelFile(f"The model file's {info.filename[:-4][:40]} is damaged.") from None


#: A class name is shown on the page: plain words only (no markdown, links or HTML).
_CLASS_NAME = re.compile(r"\w[\w '\-]{0,63}")


def _check_metadata(meta) -> dict:
    """The JSON object -> the same dict with defaults filled; ValueError naming the problem."""
    if not isinstance(meta, dict):
        raise ValueError("it is not a JSON object")
    version = meta.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ValueError("format_version is missing")
    if version > FORMAT_VERSION:
        raise ValueError(f"format_version {version} is newer than this app reads "
                         f"({FORMAT_VERSION})")
    dims = meta.get("layer_dims")
    if (not isinstance(dims, list) or not 2 <= len(dims) <= MAX_LAYERS + 1
            or not all(isinstance(d, int) and not isinstance(d, bool) and 1 <= d <= 1_000_000
                       for d in dims)):
        raise ValueError("layer_dims must be a list of 2 to 21 positive whole numbers")
    if dims[-1] != 1:
        raise ValueError(f"the last layer has {dims[-1]} units; a cat / non-cat network has 1")
    if meta.get("hidden_activation") not in HIDDEN_ACTIVATIONS:
        raise ValueError(f"hidden_activation {meta.get('hidden_activation')!r} is not one of "
                         f"{', '.join(HIDDEN_ACTIVATIONS)}")
    alpha = meta.setdefault("leaky_alpha", 0.01)
    if not isinstance(alpha, (int, float)) or isinstance(alpha, bool) or not 0 <= alpha < 1:
        raise ValueError("leaky_alpha must be a number in [0, 1)")
    mode = meta.get("preprocessing")
    if mode not in PREPROCESSING_MODES:
        raise ValueError(f"preprocessing {mode!r} is not one of {', '.join(PREPROCESSING_MODES)}")
    if dims[0] != INPUT_SIZE[mode]:
        raise ValueError(f"the input layer has {dims[0]} units; preprocessing {mode!r} gives "
                         f"{INPUT_SIZE[mode]} numbers per photo")
    names = meta.setdefault("class_names", ["non-cat", "cat"])
    if (not isinstance(names, list) or len(names) != 2
            or not all(isinstance(n, str) and _CLASS_NAME.fullmatch(n) for n in names)):
        raise ValueError("class_names must be 2 short names of letters, digits, spaces, - or '")
    if not isinstance(meta.setdefault("training", {}), dict):
        raise ValueError("training must be a JSON object")
    for key in ("train_accuracy", "test_accuracy"):
        acc = meta.setdefault(key, None)
        if acc is not None and (not isinstance(acc, (int, float)) or isinstance(acc, bool)
                                or not 0 <= acc <= 1):
            raise ValueError(f"{key} must be a number in [0, 1] or null")
    return meta


def _check_shapes(arrays: dict[str, tuple[tuple, np.dtype]], meta: dict) -> None:
    """Exactly W1..WL, b1..bL (+ mean, std for standardize), float, shapes chaining layer_dims."""
    dims = meta["layer_dims"]
    L = len(dims) - 1
    expected = {f"{k}{l}": shape for l in range(1, L + 1)
                for k, shape in (("W", (dims[l], dims[l - 1])), ("b", (dims[l], 1)))}
    if meta["preprocessing"] == "standardize":
        expected["mean"] = expected["std"] = (dims[0], 1)
    missing = sorted(set(expected) - set(arrays))
    extra = sorted(set(arrays) - set(expected))
    if missing:
        raise ValueError(f"it lacks {', '.join(missing[:6])} for layer sizes {dims}")
    if extra:
        raise ValueError(f"it has unexpected members {', '.join(e[:20] for e in extra[:6])}")
    for key, want in expected.items():
        shape, dtype = arrays[key]
        if dtype.kind != "f":
            raise ValueError(f"{key} has type {dtype}; it must hold decimal numbers")
        if tuple(shape) != want:
            raise ValueError(f"{key} has shape {tuple(shape)}, layer sizes {dims} need {want}")


# --- the default model and the network's input ----------------------------------------------
def load_default_model(path: str | Path = DEFAULT_MODEL_PATH) -> Model:
    """The model shipped in assets/ (read once, again only when the file changes)."""
    path = Path(path)
    try:
        st = path.stat()
    except OSError:
        raise MissingDefaultModel("The default trained model is missing, so train a network "
                                  "first (or ask the teacher to add assets/default_model.npz)."
                                  ) from None
    return _load_cached(str(path), st.st_mtime_ns, st.st_size)


@functools.lru_cache(maxsize=4)
def _load_cached(path: str, mtime_ns: int, size: int) -> Model:
    return load_model(Path(path).read_bytes())


def model_input(model: Model, image64s: np.ndarray) -> np.ndarray:
    """Photos as the model's input layer sees them, with the model's own preprocessing.

    image64s: (k, 64, 64, 3) uint8 (or one (64, 64, 3) photo)   ->   X: (n_x, k) float64
    """
    images = np.asarray(image64s)
    if images.shape == (64, 64, 3):
        images = images[None]
    if images.ndim != 4 or images.shape[1:] != (64, 64, 3) or images.dtype != np.uint8:
        raise ValueError(f"image64s must be (k, 64, 64, 3) uint8, "
                         f"got {images.shape} {images.dtype}")
    X, _ = images_to_X(images, model.preprocessing, model.stats)
    if X.shape[0] != model.layer_dims[0]:
        raise ValueError(f"the model expects {model.layer_dims[0]} inputs, got {X.shape[0]}")
    return X
