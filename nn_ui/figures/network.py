"""Plotly figures of a network: its layers with the lesson's shapes, what it answers on a 2-D
plane, the weights of its hidden units drawn as photos. Arrays in, a figure out.
"""
from __future__ import annotations

import base64
import io
from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from PIL import Image

from nn_ui.figures.style import CLASS_COLORS, MONO, MUTED, TEXT, figure


# ----- 2-D data: the decision boundary -----------------------------------------------------------
def grid_for(X: np.ndarray, steps: int = 90, margin: float = 0.15):
    """A grid around the points X (2, m): (xs (steps,), ys (steps,), G (2, steps*steps)).

    The network's P(class 1) on G, reshaped (steps, steps), is the boundary the live view draws
    (``live.recording``).
    """
    lo, hi = X.min(axis=1), X.max(axis=1)
    pad = (hi - lo) * margin + 1e-9
    xs = np.linspace(lo[0] - pad[0], hi[0] + pad[0], steps)
    ys = np.linspace(lo[1] - pad[1], hi[1] + pad[1], steps)
    gx, gy = np.meshgrid(xs, ys)
    return xs, ys, np.vstack([gx.ravel(), gy.ravel()])


# ----- photos: the hidden units' weights as images ----------------------------------------------
def weight_images(W1: np.ndarray, image_shape: tuple[int, ...],
                  scale: float | None = None) -> list[np.ndarray]:
    """Each row of W1 (n_1, n_x) as an image of ``image_shape`` ((64, 64, 3) or (64, 64)), uint8.

    Without ``scale`` each unit is scaled on its own: its most negative weight black, its most
    positive white (a unit whose weights are all equal is drawn mid-grey). With ``scale`` every
    unit shares one scale: -scale black, 0 mid-grey, +scale white (so sizes compare).
    Non-finite weights count as 0.
    """
    W = np.nan_to_num(np.asarray(W1, dtype=float), nan=0.0, posinf=0.0, neginf=0.0)
    if scale is not None:
        s = float(scale) if scale > 0 else 1.0
        return [np.round((np.clip(w / s, -1, 1) + 1) * 127.5).astype(np.uint8).reshape(image_shape)
                for w in W]
    images = []
    for w in W:
        lo, hi = float(w.min()), float(w.max())
        scaled = np.full_like(w, 0.5) if hi - lo < 1e-12 else (w - lo) / (hi - lo)
        images.append(np.round(scaled * 255).astype(np.uint8).reshape(image_shape))
    return images


def jpeg_data_uri(image: np.ndarray, quality: int = 88) -> str:
    """A small uint8 image (h, w[, 3]) as a JPEG data URI, colours not subsampled.

    For the live W1 pictures: about 4 KB a 64 x 64 unit instead of about 16 KB as PNG (weights
    look like noise, which PNG cannot compress), redrawn several times a second.
    """
    buf = io.BytesIO()
    Image.fromarray(image).save(buf, format="JPEG", quality=quality, subsampling=0)
    return "data:image/jpeg;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def weights_figure(W1: np.ndarray, image_shape: tuple[int, ...], columns: int = 4,
                   max_units: int = 16, title: str | None = None,
                   scale: float | None = None) -> go.Figure:
    """The first ``max_units`` rows of W1 (n_1, n_x) drawn as images, ``columns`` a row.

    Each image is what makes that hidden unit fire: Z1 = W1 · x + b1 is large for a photo
    that looks like it. ``scale``: one grey scale from -scale to +scale for every unit, shown
    in a colour bar (see ``weight_images``); None: each unit scaled on its own.
    """
    images = weight_images(np.asarray(W1)[:max_units], image_shape, scale)
    n = len(images)
    rows = max(1, -(-n // columns))
    side = image_shape[0]
    gap = side * 0.12
    pictures, labels = [], []
    for i, im in enumerate(images):
        r, c = divmod(i, columns)
        x0, y0 = c * (side + gap), r * (side + gap + side * 0.18)
        pictures.append(dict(source=jpeg_data_uri(im), xref="x", yref="y", x=x0, y=y0,
                             sizex=side, sizey=side, xanchor="left", yanchor="top",
                             sizing="stretch", layer="above"))
        labels.append(dict(x=x0 + side / 2, y=y0 + side + side * 0.02, text=f"unit {i + 1}",
                           showarrow=False, yanchor="top", font=dict(size=14, color=MUTED)))
    width_units = columns * side + (columns - 1) * gap
    height_units = rows * (side + gap + side * 0.18)
    frame = go.Scatter(x=[0, width_units], y=[0, height_units], mode="markers",
                       marker=dict(opacity=0), hoverinfo="skip", showlegend=False)
    data = [frame]
    if scale is not None:
        s = float(scale) if scale > 0 else 1.0
        data.append(go.Scatter(x=[None], y=[None], mode="markers", hoverinfo="skip",
                               showlegend=False, marker=dict(
                                   colorscale="gray", cmin=-s, cmax=s, color=[0], showscale=True,
                                   colorbar=dict(title=dict(text="w", side="top"), thickness=12,
                                                 len=0.9, tickformat=".2g", nticks=5))))
    return figure(data, int(90 + 125 * rows),
                  title or "W1, drawn as photos: one per hidden unit", images=pictures,
                  annotations=labels, showlegend=False,
                  margin=dict(l=10, r=10 if scale is None else 70, t=60, b=10),
                  xaxis=dict(visible=False, range=[-2, width_units + 2], fixedrange=True),
                  yaxis=dict(visible=False, range=[height_units, -2], fixedrange=True,
                             scaleanchor="x", scaleratio=1))


# ----- the network --------------------------------------------------------------------------------
def layer_shapes(layer_dims: Sequence[int], m: int) -> list[dict]:
    """For each layer l = 0..L: its units and the shapes the lesson names.

    [12288, 8, 1], m = 209 -> [{"l": 0, "units": 12288, "A": "X (12288, 209)"},
    {"l": 1, "units": 8, "W": "W1 (8, 12288)", "b": "b1 (8, 1)", "A": "A1 (8, 209)"}, ...]
    """
    out = [{"l": 0, "units": int(layer_dims[0]), "A": f"X ({layer_dims[0]}, {m})"}]
    for l in range(1, len(layer_dims)):
        n, n_prev = int(layer_dims[l]), int(layer_dims[l - 1])
        out.append({"l": l, "units": n, "W": f"W{l} ({n}, {n_prev})", "b": f"b{l} ({n}, 1)",
                    "A": f"A{l} ({n}, {m})"})
    return out


def network_figure(layer_dims: Sequence[int], m: int, max_drawn: int = 8, height: int = 420,
                   activation: str = "ReLU") -> go.Figure:
    """The network drawn left to right: input, hidden layers, output, with the lesson's shapes
    (X, W1, b1, A1, ..., AL) under each column. Layers wider than ``max_drawn`` show
    ``max_drawn`` units and a ⋮."""
    shapes = layer_shapes(layer_dims, m)
    L = len(layer_dims) - 1
    xs = np.linspace(0, 1, L + 1)
    positions = []
    for n in layer_dims:
        k = min(int(n), max_drawn)
        half = 0.4 * (k - 1) / max(max_drawn - 1, 1)
        positions.append(np.linspace(0.5 + half, 0.5 - half, k) if k > 1 else np.array([0.5]))
    ex, ey = [], []
    for l in range(1, L + 1):
        for y0 in positions[l - 1]:
            for y1 in positions[l]:
                ex += [xs[l - 1], xs[l], None]
                ey += [y0, y1, None]
    data = [go.Scatter(x=ex, y=ey, mode="lines", line=dict(color="#CED4DA", width=1),
                       hoverinfo="skip", showlegend=False)]
    notes = []
    for l, ys in enumerate(positions):
        color = "#ADB5BD" if l == 0 else (CLASS_COLORS[1] if l == L else "#5C7CFA")
        data.append(go.Scatter(x=[xs[l]] * len(ys), y=ys, mode="markers", showlegend=False,
                               hoverinfo="text", text=[shapes[l]["A"]] * len(ys),
                               marker=dict(size=22 if l else 16, color=color,
                                           line=dict(color="white", width=2))))
        if layer_dims[l] > max_drawn:
            notes.append(dict(x=xs[l], y=float(ys[-1]) - 0.06, text="⋮", showarrow=False,
                              font=dict(size=22, color=MUTED)))
        # short lines, each column's text within its share of a phone's width (390 px)
        role = "input X" if l == 0 else ("output" if l == L else f"layer {l}")
        what = (f"{layer_dims[l]} numbers" if l == 0 else "1 unit, σ" if l == L else
                f"{layer_dims[l]} units, {activation}")
        notes.append(dict(x=xs[l], y=1.0, text=f"<b>{role}</b><br>{what}", showarrow=False,
                          yanchor="bottom", font=dict(size=14 if L <= 2 else 12)))
        under = shapes[l]["A"] if l == 0 else \
            f"{shapes[l]['W']}<br>{shapes[l]['b']}<br>{shapes[l]['A']}"
        notes.append(dict(x=xs[l], y=0.0, text=under, showarrow=False, yanchor="top",
                          font=dict(size=12 if L <= 2 else 10, family=MONO, color=TEXT)))
    pad = 0.22 if L <= 2 else 0.14
    return figure(data, height, annotations=notes, showlegend=False,
                  margin=dict(l=4, r=4, t=44, b=60),
                  xaxis=dict(visible=False, range=[-pad, 1 + pad], fixedrange=True),
                  yaxis=dict(visible=False, range=[-0.05, 1.05], fixedrange=True))
