"""The network graph's wire data: what the browser needs to draw the network as it learns.

The live view draws the network itself (units as nodes, weights as edges coloured by sign and
as wide as |w|, a mark for each bias, a small map of each unit) from arrays sent with each
chunk, beside the chunk's cost and frames (``chunks.py``):

* ``graph_setup``: once per run, as the ``graph`` of a chunk from iteration 0: the layer sizes, the input features'
  labels, the activation, whether layer 1's edges are drawn (2-D inputs) or summarised (photos:
  12288 inputs are not drawable), the maps' grid.
* ``w_it`` uint32 (Fw,), ``w24`` uint8 (3, P, Fw): the weights and biases every WEIGHT_EVERY
  iterations, each a ``weight_vector`` (for l = 1..L, W[l] row by row, left out for a
  summarised layer 1, then b[l]) as float32 rounded to 16 bits of mantissa (5 significant
  digits) and sent as its three high bytes, byte plane by byte plane, one weight's values over
  time side by side (``pack_weights``): a weight changes little from one row to the next, so
  the planes deflate to a third of the float32s.
* ``u_it`` uint32 (F,), ``u_maps`` uint8 (F, U, g, g), ``u_lo``, ``u_hi`` float32 (F, U):
  every FRAME_EVERY iterations (2-D inputs only), A of each of the U hidden units over a g x g
  grid of the plane, each unit on its own scale in MAP_TOP + 1 = 64 levels (0 is ``u_lo``,
  MAP_TOP is ``u_hi``: plenty for a small heat-map, and its differences deflate to about half
  of 256 levels'), sent as differences (mod 256) from the frame before, the first from the
  last frame before the chunk (its iteration in ``u_base`` (1,): the browser has that frame of
  the same run), or as they are when there is none (``u_base`` empty).
* ``u_marks`` uint8 (F, U): each hidden unit's mark on the training set, FINE 0, DEAD 1,
  SATURATED 2 (``nn_core.units``), at the same iterations (photos too).
* in a run's first chunk, ``in_maps`` uint8 (n_x, g, g), ``in_lo``, ``in_hi`` (n_x,): the input
  features over the same grid (they never change).

The output unit's map is the chunk's boundary raster. Pure NumPy and nn_core: no Streamlit.
"""
from __future__ import annotations

import numpy as np

from nn_core.features import FEATURES, feature_map
from nn_core.units import plane_grid, unit_maps
from nn_ui.view.chunks import deltas  # the maps' wire, as the pictures'

#: The weights are sent every this many iterations (a multiple of the recording's slices of
#: TEST_EVERY = 20); the browser moves the edges in a straight line between two.
WEIGHT_EVERY = 40
#: A unit's map: MAP_GRID x MAP_GRID points of the boundary's extent, in MAP_TOP + 1 levels.
MAP_GRID = 16
MAP_TOP = 63


def graph_setup(layer_dims, activation: str, features=None, grid: int = MAP_GRID) -> dict:
    """What the browser needs once per run to draw the graph (JSON).

    ``features``: the 2-D input features' names (``nn_core.features``), or None for photos:
    then layer 1's edges are summarised in a sentence and its units are the W1 pictures.
    """
    dims = [int(n) for n in layer_dims]
    out = {"dims": dims, "activation": activation, "first": "drawn" if features else "summary",
           "grid": grid, "top": MAP_TOP}
    if features:
        out["inputs"] = [FEATURES[name].label for name in features]
    else:
        out["inputs"] = [f"{dims[0]} pixel values"]
        out["summary"] = (f"Layer 1: {dims[0]:,} inputs × {dims[1]} units = "
                          f"{dims[0] * dims[1]:,} weights, too many to draw: each unit's "
                          f"{dims[0]:,} weights are shown as its picture.")
    return out


def weight_vector(parameters: dict[str, np.ndarray], first_drawn: bool = True) -> np.ndarray:
    """W1 (n_1, n_x), b1 (n_1, 1), ..., WL, bL -> float32 (P,): for each layer W[l] row by row
    (W1 only when ``first_drawn``; without it W1 may be left out of ``parameters``), then b[l]."""
    L = sum(1 for name in parameters if name.startswith("b"))
    parts = []
    for l in range(1, L + 1):
        if l > 1 or first_drawn:
            parts.append(np.ravel(parameters[f"W{l}"]))
        parts.append(np.ravel(parameters[f"b{l}"]))
    return _finite32(np.concatenate(parts))


def pack_weights(rows: np.ndarray) -> np.ndarray:
    """float32 (Fw, P) -> uint8 (3, P, Fw): each value rounded to its 24 high bits (16 bits of
    mantissa), byte k + 1 of weight p at row f in plane k (the browser puts them back)."""
    bits = np.ascontiguousarray(np.asarray(rows, dtype=np.float32).T).view(np.uint32)
    with np.errstate(over="ignore"):
        bits = (bits.astype(np.uint64) + 0x80).astype(np.uint32) >> 8       # round, drop byte 0
    return np.stack([(bits >> (8 * k)).astype(np.uint8) for k in range(3)])


def unpack_weights(planes: np.ndarray) -> np.ndarray:
    """Inverse of ``pack_weights`` (what the browser does): uint8 (3, P, Fw) -> float32 (Fw, P)."""
    p = planes.astype(np.uint32)
    bits = (p[0] << 8) | (p[1] << 16) | (p[2] << 24)
    return np.ascontiguousarray(bits.view(np.float32).T)


def weight_count(layer_dims, first_drawn: bool = True) -> int:
    """P, the length of ``weight_vector`` for ``layer_dims``."""
    dims = list(layer_dims)
    return sum((n * p if l > 1 or first_drawn else 0) + n
               for l, (p, n) in enumerate(zip(dims, dims[1:]), start=1))


def quantise(maps: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Maps (U, g, g) -> uint8 (U, g, g), lo (U,), hi (U,) float32: each map on its own scale,
    lo -> 0 and hi -> MAP_TOP (a flat map is all 0 with lo = hi). Non-finite values count as 0."""
    A = np.nan_to_num(np.asarray(maps, dtype=np.float64), nan=0.0, posinf=0.0, neginf=0.0)
    flat = A.reshape(len(A), -1)
    lo, hi = flat.min(axis=1), flat.max(axis=1)
    span = np.where(hi > lo, hi - lo, 1.0)
    q = np.rint((flat - lo[:, None]) * (MAP_TOP / span[:, None])).astype(np.uint8)
    return q.reshape(A.shape), _finite32(lo), _finite32(hi)


def unquantise(q: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Inverse of ``quantise`` (what the browser does): uint8 (U, g, g) -> float64, to within
    (hi - lo) / (2 MAP_TOP) of the value."""
    lo, hi = np.asarray(lo, np.float64), np.asarray(hi, np.float64)
    return lo[:, None, None] + q.astype(np.float64) * ((hi - lo) / MAP_TOP)[:, None, None]


def map_axes(extent, grid: int = MAP_GRID) -> tuple[np.ndarray, np.ndarray]:
    """The unit maps' grid over ``extent`` [x0, x1, y0, y1]: xs (grid,), ys (grid,)."""
    x0, x1, y0, y1 = (float(v) for v in extent)
    return np.linspace(x0, x1, grid), np.linspace(y0, y1, grid)


def hidden_maps(parameters: dict[str, np.ndarray], extent, features, activation: str,
                grid: int = MAP_GRID):
    """A of every hidden unit over the grid of ``extent`` (``nn_core.units.unit_maps``),
    quantised: uint8 (U, grid, grid), lo (U,), hi (U,), U = n_1 + ... + n_{L-1}."""
    xs, ys = map_axes(extent, grid)
    maps = unit_maps(parameters, xs, ys, features, activation)[:-1]
    if not maps:                                  # no hidden layer
        return np.zeros((0, grid, grid), np.uint8), np.zeros(0, np.float32), np.zeros(0, np.float32)
    return quantise(np.concatenate(maps))


def input_maps(extent, features, grid: int = MAP_GRID):
    """The input features over the grid of ``extent``: uint8 (n_x, grid, grid), lo, hi (n_x,)."""
    xs, ys = map_axes(extent, grid)
    return quantise(feature_map(plane_grid(xs, ys), features).reshape(-1, grid, grid))


def marks_vector(marks: list[np.ndarray]) -> np.ndarray:
    """The hidden layers' marks (``Network.unit_marks``) as one uint8 (U,)."""
    return (np.concatenate(marks).astype(np.uint8) if marks else np.zeros(0, np.uint8))


def graph_arrays(weights: dict[int, np.ndarray], units: dict[int, tuple], a: int, b: int,
                 first_inputs: tuple | None = None) -> dict[str, np.ndarray]:
    """The graph's arrays of iterations a..b (see the module docstring), to pack with a chunk.

    weights: iteration -> ``weight_vector``; units: iteration -> (maps uint8 (U, g, g) or None
    for photos, lo, hi, marks (U,)); ``first_inputs``: ``input_maps`` for a run's first chunk.
    The first maps are sent as differences from those of the last iteration before a, if any.
    """
    w_it = sorted(i for i in weights if a <= i <= b)
    u_it = sorted(i for i in units if a <= i <= b)
    out = {"w_it": np.asarray(w_it, dtype=np.uint32),
           "w24": pack_weights(np.stack([weights[i] for i in w_it]) if w_it
                               else np.zeros((0, 0), np.float32)),
           "u_it": np.asarray(u_it, dtype=np.uint32),
           "u_marks": (np.stack([units[i][3] for i in u_it]) if u_it
                       else np.zeros((0,), np.uint8))}
    if u_it and units[u_it[0]][0] is not None:
        before = [i for i in units if i < a]
        base = units[max(before)][0] if before else None
        out["u_maps"] = deltas(np.stack([units[i][0] for i in u_it]), base)
        out["u_base"] = np.asarray([max(before)] if before else [], dtype=np.uint32)
        out["u_lo"] = np.stack([units[i][1] for i in u_it])
        out["u_hi"] = np.stack([units[i][2] for i in u_it])
    if first_inputs is not None:
        out["in_maps"], out["in_lo"], out["in_hi"] = first_inputs
    return out


def _finite32(values) -> np.ndarray:
    with np.errstate(over="ignore"):
        return np.nan_to_num(np.asarray(values, dtype=np.float64), nan=0.0, posinf=np.inf,
                             neginf=-np.inf).astype(np.float32)
