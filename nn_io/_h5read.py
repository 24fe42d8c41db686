"""Strict reading of one cat data set file (.h5): what is checked, in which order.

Used in-process for a trusted data folder and inside the sandboxed worker (``_h5worker``) for
uploads. Everything is checked from the file's metadata before a single array is read:

1. every member of the root group is a hard link (no soft link, no external link: an uploaded
   file must not make the server open another file), and is a data set (not a group);
2. the expected keys exist: ``{split}_set_x``, ``{split}_set_y``, ``list_classes``;
3. no data set stores its values in another file (external storage, virtual data sets), and
   compression uses only filters built into HDF5 (no plugin is ever loaded);
4. ``{split}_set_x``: dtype uint8, shape (m, 64, 64, 3), 1 <= m <= max_examples;
   ``{split}_set_y``: an integer dtype, shape (m,) or (1, m) with the same m;
   ``list_classes``: 2 short strings;
5. only then the arrays are read, and the labels must be in {0, 1}.
"""
from __future__ import annotations

import numpy as np

from nn_io.errors import BadDataset, quoted

IMAGE_SHAPE = (64, 64, 3)
#: Photos in one file: the course's train file has 209, its test file 50. A thousand (a 12 MB
#: array, about 100 MB once scaled to float64 for the network) keeps room for a larger class
#: set and stops a 47 KB gzip-compressed file from asking the server for gigabytes.
MAX_EXAMPLES = 1000
#: Filters HDF5 (and h5py's bundled LZF) decode without loading a plugin.
ALLOWED_FILTERS = {"gzip", "shuffle", "fletcher32", "lzf"}


def read_split(f, split: str, label: str, max_examples: int = MAX_EXAMPLES):
    """f: an open h5py.File; split: "train" or "test"; label: how to name the file in messages.

    -> (x (m, 64, 64, 3) uint8, y (m,) int64, classes tuple[str, str])
    """
    import h5py

    other = "test" if split == "train" else "train"
    names = list(f.keys())
    for name in names:
        link = f.get(name, getlink=True)
        if not isinstance(link, h5py.HardLink):
            kind = "a link to another file" if isinstance(link, h5py.ExternalLink) else "a link"
            raise BadDataset(f"The {label} contains {name!r}, which is {kind}; "
                             "only plain data sets are accepted.")
    x_key, y_key = f"{split}_set_x", f"{split}_set_y"
    missing = [k for k in (x_key, y_key, "list_classes") if k not in names]
    if missing:
        if f"{other}_set_x" in names:
            raise BadDataset(f"The {label} looks like the {other} file ({other}_set_x); "
                             f"please give the {split} file ({split}_catvnoncat.h5) here.")
        raise BadDataset(f"The {label} has no {', '.join(missing)} "
                         f"(it has: {', '.join(quoted(n) for n in names[:8]) or 'nothing'}).")
    dsets = {}
    for key in (x_key, y_key, "list_classes"):
        obj = f.get(key)
        if not isinstance(obj, h5py.Dataset):
            raise BadDataset(f"In the {label}, {key} is a group, not a data set.")
        if obj.is_virtual or obj.external:
            raise BadDataset(f"In the {label}, {key} keeps its values in another file; "
                             "only self-contained files are accepted.")
        unknown = set(obj._filters) - ALLOWED_FILTERS
        if unknown:
            raise BadDataset(f"In the {label}, {key} uses a compression this app does not read "
                             f"({', '.join(sorted(map(str, unknown)))}).")
        dsets[key] = obj

    dx, dy, dc = dsets[x_key], dsets[y_key], dsets["list_classes"]
    if dx.dtype != np.uint8:
        raise BadDataset(f"In the {label}, {x_key} has dtype {dx.dtype}; "
                         "it must be uint8 (pixel values 0-255).")
    if len(dx.shape) != 4 or dx.shape[1:] != IMAGE_SHAPE:
        raise BadDataset(f"In the {label}, {x_key} has shape {dx.shape}; "
                         "it must be (m, 64, 64, 3): m photos of 64x64 pixels, RGB.")
    m = dx.shape[0]
    if not 1 <= m <= max_examples:
        raise BadDataset(f"The {label} has {m} photos in {x_key}; "
                         f"between 1 and {max_examples} are accepted.")
    if dy.dtype.kind not in "iu" or dy.dtype.itemsize > 8:
        raise BadDataset(f"In the {label}, {y_key} has dtype {dy.dtype}; "
                         "it must hold whole numbers (labels 0 and 1).")
    if dy.shape not in ((m,), (1, m)):
        raise BadDataset(f"In the {label}, {y_key} has shape {dy.shape}; "
                         f"it must have one label per photo: ({m},).")
    string_info = h5py.check_string_dtype(dc.dtype)
    if dc.shape != (2,) or string_info is None or (
            string_info.length is not None and string_info.length > 64):
        raise BadDataset(f"In the {label}, list_classes must be 2 class names "
                         f"(it has shape {dc.shape}, dtype {dc.dtype}).")

    try:
        x = np.empty(dx.shape, np.uint8)
        dx.read_direct(x)
        raw_y = np.asarray(dy[()]).reshape(m)
        raw_classes = list(dc[()])
    except (OSError, ValueError, TypeError, RuntimeError) as e:
        raise BadDataset(f"The {label} cannot be read: {h5_reason(e)}.") from None
    # checked in the file's own dtype: uint64 2**63 is 9223372036854775808, not a negative
    found = sorted(int(v) for v in np.unique(raw_y))
    if not set(found) <= {0, 1}:
        shown = ", ".join(map(str, found[:10])) + (", ..." if len(found) > 10 else "")
        raise BadDataset(f"In the {label}, {y_key} has labels {{{shown}}}; "
                         "only 0 (non-cat) and 1 (cat) are allowed.")
    y = raw_y.astype(np.int64)
    classes = []
    for c in raw_classes:
        text = c.decode("utf-8", "replace") if isinstance(c, bytes) else str(c)
        text = text.strip("\x00 ")
        if not text or len(text) > 64 or not text.isprintable():
            raise BadDataset(f"In the {label}, list_classes holds a class name that is not "
                             "a short line of text.")
        classes.append(text)
    return x, y, (classes[0], classes[1])


def h5_reason(e: BaseException) -> str:
    """What an HDF5 library error means for the person who gave the file, in a few words
    (h5py's own text, "Unable to synchronously open file (truncated file: eof = ...", is not
    for a student)."""
    text = str(e).lower()
    if "truncated" in text or "eof" in text:
        return "it is incomplete: probably cut off while copying or uploading"
    if "signature" in text or "not an hdf5" in text:
        return "its inside is not HDF5"
    return "it is damaged"
