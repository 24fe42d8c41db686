"""The course's cat / non-cat photos: find them, download them, read them, or take them uploaded.

Two files, ``train_catvnoncat.h5`` (209 photos) and ``test_catvnoncat.h5`` (50 photos), each
holding ``{split}_set_x`` (m, 64, 64, 3) uint8, ``{split}_set_y`` (m,) labels 1 = cat,
0 = non-cat, and ``list_classes`` (b"non-cat", b"cat").

    folder = find_cat_data() or download_cat_data(cache_dir(), progress=callback)
    data = load_cat_data(folder)       # CatData, arrays read-only
    data = load_cat_h5_upload(train_bytes, test_bytes)   # parsed in a sandboxed process
"""
from __future__ import annotations

import hashlib
import http.client
import io
import json
import os
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from nn_io._h5read import MAX_EXAMPLES, h5_reason, read_split
from nn_io.errors import BadDataset, DownloadFailed, InputError, quoted

ROOT = Path(__file__).resolve().parents[1]
TRAIN_FILE, TEST_FILE = "train_catvnoncat.h5", "test_catvnoncat.h5"
#: The published bytes of the two files (see ../shared/data/README.md).
SHA256 = {
    TRAIN_FILE: "fbe56ab67c3ae28d564e3a644189117976d6b31af0a3ce9bb17dbf22908af242",
    TEST_FILE: "6a9d39ce52fa85953c5834695b8534a30ed8cfd54971fb2f080b5a24d002b951",
}
SIZES = {TRAIN_FILE: 2_572_022, TEST_FILE: 616_958}
#: Public copies with exactly these bytes; a file is fetched as f"{mirror}/{name}".
MIRRORS = (
    "https://raw.githubusercontent.com/Hiren2002/Logistic-Regression/main/datasets",
    "https://raw.githubusercontent.com/ramakris/coursera-deeplearning/master/neuralnetworks/"
    "week4/datasets",
)
ENV_VAR = "CATDATA_DIR"
HDF5_SIGNATURE = b"\x89HDF\r\n\x1a\n"
#: An uploaded .h5 larger than this is refused before it is parsed.
MAX_H5_BYTES = 40 * 1024 * 1024
#: Limits of the process that parses uploads.
WORKER_MEMORY_BYTES = 512 * 1024 * 1024
WORKER_CPU_SECONDS = 10
WORKER_TIMEOUT_SECONDS = 20.0
_MAX_DOWNLOAD_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class CatData:
    """The two splits, read-only.

    train_x: (209, 64, 64, 3) uint8   train_y: (209,) int64 in {0, 1}
    test_x: (50, 64, 64, 3) uint8     test_y: (50,) int64 in {0, 1}
    classes: ("non-cat", "cat"), the name of label 0 and of label 1
    """
    train_x: np.ndarray
    train_y: np.ndarray
    test_x: np.ndarray
    test_y: np.ndarray
    classes: tuple[str, str]

    def __post_init__(self):
        for name in ("train_x", "train_y", "test_x", "test_y"):
            getattr(self, name).flags.writeable = False


# --- where the files are ------------------------------------------------------------------
def cache_dir() -> Path:
    """The per-user folder a download goes to: $XDG_CACHE_HOME (or ~/.cache)/<app>/catdata."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "how-a-neural-network-learns" / "catdata"


def candidate_folders() -> list[Path]:
    """Where ``find_cat_data`` looks, in order."""
    folders = []
    if os.environ.get(ENV_VAR):
        folders.append(Path(os.environ[ENV_VAR]).expanduser())
    folders += [ROOT / "data", ROOT.parent / "shared" / "data", cache_dir()]
    return folders


def find_cat_data() -> Path | None:
    """The first folder holding both files: $CATDATA_DIR, <repo>/data, <repo>/../shared/data,
    then the per-user cache. None when none has them."""
    for folder in candidate_folders():
        try:
            if (folder / TRAIN_FILE).is_file() and (folder / TEST_FILE).is_file():
                return folder
        except OSError:
            continue
    return None


# --- reading ------------------------------------------------------------------------------
def load_cat_data(folder: str | os.PathLike) -> CatData:
    """Read and check the two files in ``folder`` (a trusted folder: read in this process).

    Raises ``BadDataset`` with one sentence naming what is wrong.
    """
    import h5py

    folder = Path(folder)
    parts = []
    for split, name in (("train", TRAIN_FILE), ("test", TEST_FILE)):
        path = folder / name
        label = f"file {name}"
        if not path.is_file():
            raise BadDataset(f"The folder {folder} has no {name}.")
        if path.stat().st_size == 0:
            raise BadDataset(f"The {label} is empty.")
        with open(path, "rb") as fh:
            if fh.read(8) != HDF5_SIGNATURE:
                raise BadDataset(f"The {label} is not an HDF5 (.h5) file.")
        try:
            with h5py.File(path, "r") as f:
                parts.append(read_split(f, split, label))
        except InputError:
            raise
        except Exception as e:  # noqa: BLE001 - h5py raises many kinds for a damaged file
            raise BadDataset(f"The {label} cannot be read: {h5_reason(e)}.") from None
    return _combine(parts[0], parts[1])


def _combine(train, test) -> CatData:
    (train_x, train_y, classes), (test_x, test_y, test_classes) = train, test
    if tuple(classes) != tuple(test_classes):
        shown = [" and ".join(quoted(c) for c in pair) for pair in (classes, test_classes)]
        raise BadDataset(f"The two files name the classes differently ({shown[0]}, then "
                         f"{shown[1]}); they must be the same pair.")
    return CatData(train_x, train_y, test_x, test_y, (str(classes[0]), str(classes[1])))


def load_cat_h5_upload(train_bytes: bytes, test_bytes: bytes, *,
                       timeout: float = WORKER_TIMEOUT_SECONDS) -> CatData:
    """Two uploaded files -> CatData, parsed in a separate process with memory and time limits.

    Checked here first: not empty, at most MAX_H5_BYTES, the HDF5 signature. Then the worker
    (``nn_io/_h5worker.py``) checks links, keys, dtypes and shapes from the metadata before
    reading (see ``nn_io._h5read``). A crash, a timeout or the memory limit in the worker ends
    in ``BadDataset``, never in this process.
    """
    for data, label in ((train_bytes, "training file"), (test_bytes, "test file")):
        if not data:
            raise BadDataset(f"The {label} is empty.")
        if len(data) > MAX_H5_BYTES:
            raise BadDataset(f"The {label} is {len(data) / 2**20:.0f} MB; "
                             f"at most {MAX_H5_BYTES // 2**20} MB is accepted.")
        if bytes(data[:8]) != HDF5_SIGNATURE:
            raise BadDataset(f"The {label} is not an HDF5 (.h5) file.")
    request = len(train_bytes).to_bytes(8, "big") + bytes(train_bytes) + bytes(test_bytes)
    reply = _run_worker(request, timeout)
    try:
        with np.load(io.BytesIO(reply), allow_pickle=False) as z:
            arrays = {k: z[k] for k in ("train_x", "train_y", "test_x", "test_y",
                                        "classes", "test_classes")}
    except Exception:  # noqa: BLE001 - a malformed reply is the worker's failure
        raise BadDataset("These files could not be read (the reader gave no usable answer).")
    for split in ("train", "test"):
        x, y = arrays[f"{split}_x"], arrays[f"{split}_y"]
        if (x.dtype != np.uint8 or x.ndim != 4 or x.shape[1:] != (64, 64, 3)
                or y.shape != (x.shape[0],) or y.dtype != np.int64):
            raise BadDataset("These files could not be read (the reader gave no usable answer).")
    return _combine((arrays["train_x"], arrays["train_y"], tuple(arrays["classes"].tolist())),
                    (arrays["test_x"], arrays["test_y"], tuple(arrays["test_classes"].tolist())))


def _worker_command() -> list[str]:
    return [sys.executable, "-I", str(Path(__file__).with_name("_h5worker.py")),
            str(WORKER_MEMORY_BYTES), str(WORKER_CPU_SECONDS), str(MAX_EXAMPLES)]


def _run_worker(request: bytes, timeout: float) -> bytes:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "OPENBLAS_NUM_THREADS": "1",
           "OMP_NUM_THREADS": "1", "HDF5_PLUGIN_PRELOAD": "::", "LC_ALL": "C.UTF-8"}
    try:
        done = subprocess.run(_worker_command(), input=request, capture_output=True,
                              timeout=timeout, env=env, cwd=tempfile.gettempdir())
    except subprocess.TimeoutExpired:
        raise BadDataset("Reading these files took too long, so it was stopped; "
                         "they are probably damaged or crafted.") from None
    except OSError as e:
        raise BadDataset(f"The file reader could not be started ({e.strerror}).") from None
    if done.returncode == 0:
        return done.stdout
    if done.returncode == 2:
        try:
            message = str(json.loads(done.stdout.decode("utf-8").splitlines()[-1])["message"])
        except (ValueError, IndexError, KeyError, TypeError):
            message = ""
        if message:
            raise BadDataset(message[:400])
    if done.returncode < 0 or b"MemoryError" in done.stderr:
        raise BadDataset("These files made the reader fail (crashed or needed too much memory); "
                         "they are probably damaged or crafted.")
    raise BadDataset("These files could not be read; they are probably damaged.")


# --- downloading --------------------------------------------------------------------------
def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def download_cat_data(dest: str | os.PathLike | None = None,
                      progress: Callable[[float, str], None] | None = None,
                      urls: Sequence[str] = MIRRORS, timeout: float = 15.0) -> Path:
    """Fetch both files into ``dest`` (default: ``cache_dir()``) and return the folder.

    Each file is tried on each mirror in turn (``f"{mirror}/{name}"``), streamed to a temporary
    file, and kept only when its sha256 is the published one. A file already there with the
    right sha256 is not fetched again. ``progress(fraction, text)`` is called as bytes arrive,
    fraction in [0, 1] over both files. Raises ``DownloadFailed`` with one sentence (offline,
    no mirror had a good copy, or the folder is not writable).
    """
    dest = Path(dest) if dest is not None else cache_dir()
    try:
        dest.mkdir(parents=True, exist_ok=True)
    except OSError:
        raise DownloadFailed(f"The folder {dest} cannot be created, so the cat photos cannot be "
                             "saved; you can upload the two .h5 files instead.") from None
    total = sum(SIZES.values())
    done_bytes = 0

    def report(extra: int, text: str):
        if progress is not None:
            progress(min(1.0, (done_bytes + extra) / total), text)

    for name in (TRAIN_FILE, TEST_FILE):
        target = dest / name
        if target.is_file() and _sha256(target) == SHA256[name]:
            done_bytes += SIZES[name]
            report(0, f"{name} already downloaded")
            continue
        problems = []
        for mirror in urls:
            url = f"{mirror.rstrip('/')}/{name}"
            try:
                _fetch(url, target, name, timeout, lambda n, t=name: report(n, f"downloading {t}"))
                break
            except _BadCopy:
                problems.append("bad")
            except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as e:
                # HTTPException: a reply that is not HTTP, or cut off (IncompleteRead)
                if isinstance(e, PermissionError):
                    raise DownloadFailed(f"The folder {dest} is not writable, so the cat photos "
                                         "cannot be saved; you can upload the two .h5 files "
                                         "instead.") from None
                problems.append("network")
        else:
            if problems and all(p == "network" for p in problems):
                raise DownloadFailed("The cat photos could not be downloaded (this computer "
                                     "seems to be offline or the mirrors are unreachable); you "
                                     "can upload the two .h5 files instead.")
            raise DownloadFailed(f"No mirror had a correct copy of {name} (the checksum did not "
                                 "match); you can upload the two .h5 files instead.")
        done_bytes += SIZES[name]
        report(0, f"{name} downloaded")
    return dest


class _BadCopy(Exception):
    """A mirror answered with bytes that are not the published file."""


def _fetch(url: str, target: Path, name: str, timeout: float, on_bytes) -> None:
    request = urllib.request.Request(url, headers={"User-Agent": "how-a-neural-network-learns"})
    h = hashlib.sha256()
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{name}.", suffix=".part")
    try:
        got = 0
        with os.fdopen(fd, "wb") as out, urllib.request.urlopen(request, timeout=timeout) as r:
            while True:
                block = r.read(1 << 16)
                if not block:
                    break
                got += len(block)
                if got > _MAX_DOWNLOAD_BYTES:
                    raise _BadCopy()
                h.update(block)
                out.write(block)
                on_bytes(got)
        if h.hexdigest() != SHA256[name]:
            raise _BadCopy()
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
