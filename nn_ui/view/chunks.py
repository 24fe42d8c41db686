"""Chunks: what the browser's live view is sent of a run, as arrays, not figures.

A message is bytes (``message``), read by ``live_view.js``::

    uint32 n | n bytes of JSON header | zero padding to 8 | the chunk's arrays, zlib-deflated

The header holds the page's control fields and, when a chunk comes with it, the chunk's meta,
whose ``"blobs"`` table says where each array lies in the inflated body
(``name: [dtype, offset, count, shape]``). A chunk covers the iterations ``start..end`` of one run:

* ``costs`` float32 (end - start + 1,): J after i updates, i = start..end
* ``acc`` float32 (same): train accuracy after i updates
* ``test_it`` uint32, ``test_cost`` float32, ``test_acc`` float32: every TEST_EVERY iterations
* ``frame_it`` uint32 (F,) and ``frames`` uint8 (F, units, h, w[, 3]): the first hidden units'
  rows of W1 as pictures (each unit scaled to 0-255 on its own), every FRAME_EVERY iterations;
  or for 2-D data the network's P(class 1) on a small grid (F, G, G) scaled to 0-255.
  Frames are sent as differences (mod 256) from the one before, the first from the last frame
  before the chunk (its iteration in ``frame_base`` uint32 (1,): the browser has that frame of
  the same run), or as it is when there is none (``frame_base`` empty: a run's first chunk, or
  a browser that has nothing yet): W1 changes little between two pictures, so the deflated
  differences are small, and a chunk costs no whole picture.

Pure NumPy and the standard library: the page's code builds the arrays, this module packs them.
"""
from __future__ import annotations

import json
import struct
import zlib
from dataclasses import dataclass

import numpy as np

try:                         # zlib-ng: the same deflate stream, byte for byte, a third faster
    from zlib_ng import zlib_ng as _deflater
except ImportError:          # requirements.txt pins it; zlib makes the same bytes
    _deflater = zlib

#: A W1 picture or a boundary raster every this many iterations (and at each chunk's end).
FRAME_EVERY = 100
#: The boundary raster of a 2-D data set: GRID x GRID points.
GRID = 48
#: At most this many hidden units are drawn as pictures (the page says so when there are more).
MAX_PICTURES = 16


def unit_pictures(W1: np.ndarray, image_shape: tuple[int, ...],
                  most: int = MAX_PICTURES) -> np.ndarray:
    """The first ``most`` rows of W1 (n_1, n_x) as uint8 pictures (units, *image_shape).

    Each unit on its own scale: its most negative weight 0, its most positive 255 (a unit whose
    weights are all equal is mid-grey, 128). Non-finite weights count as 0.
    """
    W = np.array(W1[:most], dtype=np.float64)            # a copy, scaled in place
    if not np.isfinite(W).all():
        np.nan_to_num(W, copy=False, nan=0.0, posinf=0.0, neginf=0.0)
    lo = W.min(axis=1, keepdims=True)
    span = W.max(axis=1, keepdims=True) - lo
    flat = span[:, 0] < 1e-12
    W -= lo
    W *= 255.0 / np.where(flat[:, None], 1.0, span)
    W[flat] = 127.5
    np.rint(W, out=W)
    return W.astype(np.uint8).reshape((len(W), *image_shape))


def plane_bytes(points: np.ndarray, extent) -> np.ndarray:
    """Points (2, m) of the plane as uint8 (2, m) over ``extent`` [x0, x1, y0, y1]: 0 to 255
    across it (a pixel of a 256-wide picture: enough to draw them; outside it, 0 or 255)."""
    x0, x1, y0, y1 = (float(v) for v in extent)
    lo, span = np.array([[x0], [y0]]), np.array([[x1 - x0], [y1 - y0]])
    return np.rint(np.clip((np.asarray(points, float) - lo) / span, 0, 1) * 255).astype(np.uint8)


def probability_raster(P: np.ndarray) -> np.ndarray:
    """P(class 1) on the grid (G, G) in [0, 1] -> uint8 0-255."""
    return np.round(np.clip(np.nan_to_num(P, nan=0.5), 0.0, 1.0) * 255).astype(np.uint8)


def deltas(frames: np.ndarray, base: np.ndarray | None = None) -> np.ndarray:
    """uint8 frames (F, ...) -> the first (minus ``base``, a frame the browser has, if given),
    then each minus the one before, mod 256."""
    out = frames.copy()
    if len(frames) > 1:
        out[1:] = frames[1:] - frames[:-1]              # uint8 arithmetic wraps: mod 256
    if base is not None and len(frames):
        out[0] = frames[0] - base
    return out


def undeltas(encoded: np.ndarray, base: np.ndarray | None = None) -> np.ndarray:
    """The pure inverse of ``deltas``: what the browser does to the frames it receives
    (``browser/live_view.js``); the tests read the wire with it."""
    if not len(encoded):
        return encoded
    out = np.cumsum(encoded, axis=0, dtype=np.uint64).astype(np.uint8)
    return out if base is None else out + base          # uint8: mod 256


@dataclass(frozen=True)
class Chunk:
    """A packed chunk: ``meta`` (its JSON text, with the ``"blobs"`` table) and ``body`` (the
    deflated arrays). Immutable, so the shared default run's chunk is sent to every student."""

    meta: str
    body: bytes


def pack(meta: dict, arrays: dict[str, np.ndarray], level: int = 1) -> Chunk:
    """``arrays`` (name -> float32 / uint32 / uint8 array) deflated with zlib at ``level``.

    Level 1 with run-length matches only: a whole cat run's data (26 frames of W1 pictures,
    mostly noise to deflate) packs in 20 ms to 493 kB, against 22 ms and 560 kB at level 1 and
    104 ms and 474 kB at zlib's default 6: the server's CPU is what a class shares, and the
    data stays far under 2 MB a run. zlib-ng makes the same bytes as zlib here in two thirds
    of the time (the frames of a cat run: 9.0 ms against 13.6 ms)."""
    blobs, parts, offset = {}, [], 0
    for name, a in arrays.items():
        a = np.ascontiguousarray(a)
        if a.dtype not in (np.float32, np.uint32, np.uint8):
            raise ValueError(f"{name}: dtype {a.dtype} is not float32, uint32 or uint8")
        raw = a.tobytes()
        blobs[name] = [a.dtype.str.lstrip("<|"), offset, int(a.size), list(a.shape)]
        pad = (-len(raw)) % 8
        parts.append(raw + b"\0" * pad)
        offset += len(raw) + pad
    text = json.dumps({**meta, "blobs": blobs}, separators=(",", ":"), allow_nan=False)
    # run-length matches only: the pictures' differences are short runs of small values, which
    # this packs faster and 12 % smaller than zlib's default search (a plain deflate stream)
    deflate = _deflater.compressobj(level, zlib.DEFLATED, 15, 8, zlib.Z_RLE)
    return Chunk(text, deflate.compress(b"".join(parts)) + deflate.flush())


def message(control: dict, chunk: Chunk | None = None) -> bytes:
    """What the component is given: ``control`` (JSON) and, when there is one, a chunk."""
    text = json.dumps(dict(control, chunk=None), separators=(",", ":"), allow_nan=False)
    if chunk is not None:
        text = text[:-len('"chunk":null}')] + '"chunk":' + chunk.meta + "}"
    text = text.encode("utf-8")
    head = struct.pack("<I", len(text)) + text
    return head + b"\0" * ((-len(head)) % 8) + (chunk.body if chunk is not None else b"")


def decode(data: bytes, names=None) -> tuple[dict, dict[str, np.ndarray]]:
    """Inverse of ``message``: (header, arrays) (for tests and the load test; the browser has
    its own reader in live_view.js). ``names``: only those arrays, the body inflated no further
    than they reach (the load test reads a run's costs, not its pictures)."""
    (n,) = struct.unpack_from("<I", data, 0)
    header = json.loads(data[4:4 + n].decode("utf-8"))
    start = 4 + n + ((-(4 + n)) % 8)
    arrays = {}
    if header.get("chunk"):
        blobs = header["chunk"]["blobs"]
        if names is None:
            wanted, body = blobs, zlib.decompress(data[start:])
        else:
            wanted = {k: blobs[k] for k in names if k in blobs}
            reach = max((offset + count * np.dtype(dtype).itemsize
                         for dtype, offset, count, _ in wanted.values()), default=0)
            # (a max_length of 0 would inflate it all)
            body = zlib.decompressobj().decompress(data[start:], reach) if reach else b""
        for name, (dtype, offset, count, shape) in wanted.items():
            dt = np.dtype(dtype).newbyteorder("<")
            arrays[name] = np.frombuffer(body, dtype=dt, count=count, offset=offset).reshape(shape)
    return header, arrays


def finite32(values) -> np.ndarray:
    """float32 array; values beyond float32 (a diverging cost) become +inf, NaN stays NaN."""
    with np.errstate(over="ignore"):
        return np.asarray(values, dtype=np.float64).astype(np.float32)
