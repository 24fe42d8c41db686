"""Plotly figure builders: arrays in, a figure out. No Streamlit, no training, no files.

Every builder draws only finite numbers (a NaN or an infinity never reaches a chart) and uses
the lesson's names in its labels (α, J, W1, A1, ...). Sizes are chosen for a projector.
"""
from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
from PIL import Image

# Colours: the two classes, the function and its slope, the flat regions.
CLASS_COLORS = ("#E8590C", "#1C7ED6")      # class 0 (non-cat / orange), class 1 (cat / blue)
G_COLOR, DG_COLOR = "#1C7ED6", "#E8590C"
FLAT_FILL = "rgba(250, 82, 82, 0.10)"
GRID = "#E9ECEF"
TEXT = "#212529"
MUTED = "#868E96"
RUN_COLORS = ("#1C7ED6", "#E8590C", "#2B8A3E", "#AE3EC9", "#F59F00", "#0CA678", "#D6336C",
              "#5C7CFA", "#868E96", "#74B816")
FONT = dict(family='"Source Sans", "Source Sans Pro", "Helvetica Neue", Arial, sans-serif',
            size=15, color=TEXT)
MONO = '"Source Code Pro", "DejaVu Sans Mono", monospace'
MAX_POINTS = 800


def _title(text: str, size: int = 19) -> dict:
    """A chart title at the top left, above the legend."""
    return dict(text=f"<b>{text}</b>", x=0, xref="paper", xanchor="left", y=1, yref="container",
                yanchor="top", pad=dict(t=10), font=dict(size=size))


def _axis(title_text: str | None = None, **extra) -> dict:
    """An axis as a plain dict (the figures skip validation, so no ``title_text`` shorthand)."""
    axis = dict(gridcolor=GRID, zerolinecolor="#CED4DA", linecolor="#ADB5BD", ticks="outside",
                tickcolor="#ADB5BD", **extra)
    if title_text:
        axis["title"] = dict(text=title_text)
    return axis


def _figure(data: list, height: int, title: str | None = None, xaxis: dict | None = None,
            yaxis: dict | None = None, **layout) -> go.Figure:
    """One figure built in one pass (no template, no add_* calls: a frame of the live page has
    to be built in milliseconds). ``layout`` overrides the defaults."""
    base = dict(font=FONT, height=height, paper_bgcolor="white", plot_bgcolor="white",
                colorway=list(RUN_COLORS), hovermode="closest",
                hoverlabel=dict(font=dict(family=FONT["family"], size=14)),
                margin=dict(l=64, r=20, t=78 if title else 40, b=54),
                legend=dict(orientation="h", yanchor="bottom", y=1.01, x=0, xanchor="left"),
                xaxis=_axis(**(xaxis or {})), yaxis=_axis(**(yaxis or {})))
    if title:
        base["title"] = _title(title)
    base.update(layout)
    return go.Figure(data=data, layout=base, _validate=False)


def finite_xy(x: Sequence[float], y: Sequence[float]) -> tuple[np.ndarray, np.ndarray]:
    """The points of (x, y) where both are finite numbers."""
    x = np.asarray(x, dtype=float).ravel()
    y = np.asarray(y, dtype=float).ravel()
    keep = np.isfinite(x) & np.isfinite(y)
    return x[keep], y[keep]


def thin(x: np.ndarray, y: np.ndarray, max_points: int = MAX_POINTS):
    """At most about ``max_points`` points of a curve, keeping the first and the last and, in
    each bucket, the lowest and the highest value (so a spike is never hidden)."""
    n = len(x)
    if n <= max_points:
        return x, y
    buckets = max_points // 2
    edges = np.linspace(0, n, buckets + 1).astype(int)
    idx = [0]
    for a, b in zip(edges[:-1], edges[1:]):
        if b > a:
            seg = y[a:b]
            idx += sorted({a + int(np.argmin(seg)), a + int(np.argmax(seg))})
    idx.append(n - 1)
    idx = np.unique(idx)
    return x[idx], y[idx]


# ----- activation functions --------------------------------------------------------------------
def flat_regions(z: np.ndarray, slope: np.ndarray, below: float) -> list[tuple[float, float]]:
    """The intervals of z (sorted) where |g'(z)| < ``below``: where the gradient nearly vanishes."""
    flat = np.abs(slope) < below
    regions, start = [], None
    for i, f in enumerate(flat):
        if f and start is None:
            start = i
        if start is not None and (not f or i == len(flat) - 1):
            end = i if f else i - 1
            regions.append((float(z[start]), float(z[end])))
            start = None
    return regions


def activation_figure(z: np.ndarray, g: np.ndarray, dg: np.ndarray, title: str,
                      flat_below: float = 0.05, height: int = 340) -> go.Figure:
    """g(z) and g'(z) over z, the regions where the slope is under ``flat_below`` shaded.

    z, g, dg: (n,) arrays of the same length, z increasing.
    """
    z, g = finite_xy(z, g)
    _, dg = finite_xy(z if len(dg) == len(z) else np.arange(len(dg)), dg)
    regions = flat_regions(z, dg, flat_below)
    shapes = [dict(type="rect", xref="x", yref="paper", x0=a, x1=b, y0=0, y1=1,
                   fillcolor=FLAT_FILL, line=dict(width=0), layer="below") for a, b in regions]
    data = [go.Scatter(x=z, y=g, name="g(z)", line=dict(color=G_COLOR, width=3.5)),
            go.Scatter(x=z, y=dg, name="g′(z), the slope",
                       line=dict(color=DG_COLOR, width=3, dash="dash"))]
    if regions:
        data.append(go.Scatter(x=[None], y=[None], mode="markers", name=f"|g′| < {flat_below:g}",
                               marker=dict(symbol="square", size=14, color=FLAT_FILL,
                                           line=dict(color="rgba(250,82,82,0.5)", width=1))))
    return _figure(data, height, title, shapes=shapes,
                   xaxis=dict(title_text="z",
                              range=[float(z[0]), float(z[-1])] if len(z) else None))


# ----- cost curves -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Curve:
    """One line of a cost chart: ``y[i]`` at iteration ``x[i]``."""

    name: str
    x: np.ndarray
    y: np.ndarray
    color: str = RUN_COLORS[0]
    dash: str = "solid"          # "solid" for the training set, "dot" for the test set
    markers: bool = False
    diverged: bool = False       # the run blew up after its last point: ends in a red ✕
    width: float | None = None   # the line's width (default: 3, or 2.5 when dashed)


#: The end of a diverged run: a red ✕ one iteration after its last finite cost.
DIVERGED_MARK = dict(symbol="x", size=16, color="#E03131", line=dict(width=3, color="#E03131"))


def cost_figure(curves: Sequence[Curve], log_y: bool = False, height: int = 360,
                title: str = "Cost J", x_max: int | None = None) -> go.Figure:
    """Cost J against iterations for each curve (thinned to MAX_POINTS, finite points only).

    On a log scale, costs of 0 are drawn at 1e-12 (log 0 does not exist).
    """
    data = []
    drawn = []
    for c in curves:
        x, y = finite_xy(c.x, c.y)
        if log_y:
            y = np.maximum(y, 1e-12)
        drawn.append(y)
        x, y = thin(x, y)
        data.append(go.Scatter(
            x=x, y=y, name=c.name, mode="lines+markers" if c.markers or len(x) <= 3 else "lines",
            line=dict(color=c.color, dash=c.dash,
                      width=c.width or (3 if c.dash == "solid" else 2.5)),
            marker=dict(size=6),
            hovertemplate="iteration %{x}<br>J = %{y:.4f}<extra>%{fullData.name}</extra>"))
    top = max((float(y.max()) for y in drawn if len(y)), default=1.0)
    top = top * 2 if log_y else top * 1.08
    for c in curves:
        x, y = finite_xy(c.x, c.y)
        if c.diverged and len(x):
            # a dashed rise from the last finite cost to a ✕ above the others, one iteration
            # later: never a lone dot, even for a run that diverged at its first update
            data.append(go.Scatter(
                x=[x[-1], x[-1] + 1], y=[max(y[-1], 1e-12) if log_y else y[-1], top],
                mode="lines+markers", showlegend=False,
                line=dict(color=c.color, width=2, dash="dash"),
                marker=dict(size=[0, DIVERGED_MARK["size"]], symbol=DIVERGED_MARK["symbol"],
                            color=DIVERGED_MARK["color"], line=DIVERGED_MARK["line"]),
                hovertemplate=f"diverged at iteration {int(x[-1]) + 1}<extra>{c.name}</extra>"))
    annotations = []
    if not curves or not any(len(c.x) for c in curves):
        annotations.append(dict(text="Press ▶ Play or Step: the cost appears here",
                                showarrow=False, font=dict(size=17, color=MUTED), xref="paper",
                                yref="paper", x=0.5, y=0.5))
    return _figure(
        data, height, title, annotations=annotations,
        xaxis=dict(title_text="iterations", rangemode="tozero",
                   range=[0, x_max] if x_max else None),
        yaxis=dict(title_text="cost J" + (" (log scale)" if log_y else ""),
                   type="log" if log_y else "linear",
                   rangemode="normal" if log_y else "tozero",
                   **(log_ticks(np.concatenate(drawn)) if log_y and drawn else {})))


def log_ticks(y: np.ndarray) -> dict:
    """Tick values m x 10^k spanning y, labelled in full ("0.05", "20"), for a log axis: about
    four to ten of them, whatever the range (0.6, 0.7, 0.8, 1, 1.2, ... over less than a decade;
    1, 2, 5 per decade over a few; 1, 3 over up to five; every decade, or every other, beyond).

    Plotly's own log ticks label the minor steps with a lone digit ("2", "5"), which a learner
    reads as the cost.
    """
    y = y[np.isfinite(y) & (y > 0)]
    if not len(y):
        return {}
    ymin, ymax = float(y.min()), float(y.max())
    decades = np.log10(ymax / ymin)
    if decades < 0.8:
        mantissas, step, slack = (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 7, 8), 1, 1.15
    elif decades <= 2.5:
        mantissas, step, slack = (1, 2, 5), 1, 2
    elif decades <= 5:
        mantissas, step, slack = (1, 3), 1, 2
    else:
        mantissas, step, slack = (1,), 1 if decades <= 10 else 2, 3
    lo, hi = int(np.floor(np.log10(ymin))), int(np.ceil(np.log10(ymax)))
    vals = [m * 10.0 ** k for k in range(lo - lo % step, hi + 1, step) for m in mantissas]
    vals = [v for v in vals if ymin / slack <= v <= ymax * slack]
    return dict(tickvals=vals, ticktext=[f"{v:g}" for v in vals])


# ----- 2-D data: the decision boundary -----------------------------------------------------------
def grid_for(X: np.ndarray, steps: int = 90, margin: float = 0.15):
    """A grid around the points X (2, m): (xs (steps,), ys (steps,), G (2, steps*steps)).

    The network's P(class 1) on G, reshaped (steps, steps), is what ``boundary_figure`` draws.
    """
    lo, hi = X.min(axis=1), X.max(axis=1)
    pad = (hi - lo) * margin + 1e-9
    xs = np.linspace(lo[0] - pad[0], hi[0] + pad[0], steps)
    ys = np.linspace(lo[1] - pad[1], hi[1] + pad[1], steps)
    gx, gy = np.meshgrid(xs, ys)
    return xs, ys, np.vstack([gx.ravel(), gy.ravel()])


def boundary_figure(X: np.ndarray, Y: np.ndarray, xs: np.ndarray, ys: np.ndarray,
                    P: np.ndarray | None, height: int = 380,
                    class_names: tuple[str, str] = ("class 0", "class 1")) -> go.Figure:
    """The points X (2, m) coloured by label Y (1, m), over the network's P(class 1) on the grid
    (P: (len(ys), len(xs)), or None before any network exists). The line is P = 0.5."""
    data = []
    if P is not None:
        P = np.nan_to_num(np.asarray(P, dtype=float), nan=0.5, posinf=1.0, neginf=0.0)
        scale = [[0.0, "#FFD8A8"], [0.5, "#FFFFFF"], [1.0, "#A5D8FF"]]
        data.append(go.Heatmap(x=xs, y=ys, z=P, zmin=0, zmax=1, colorscale=scale,
                               showscale=False,
                               hovertemplate="P(class 1) = %{z:.2f}<extra></extra>"))
        data.append(go.Contour(x=xs, y=ys, z=P, contours=dict(start=0.5, end=0.5, size=1,
                                                              coloring="none"),
                               line=dict(color="#495057", width=2.5), showscale=False,
                               hoverinfo="skip", name="P = 0.5"))
    y = np.ravel(Y)
    for cls in (0, 1):
        pts = X[:, y == cls]
        data.append(go.Scatter(x=pts[0], y=pts[1], mode="markers", name=class_names[cls],
                               marker=dict(color=CLASS_COLORS[cls], size=8,
                                           line=dict(color="white", width=1))))
    return _figure(data, height, "What the network answers everywhere",
                   xaxis=dict(title_text="x₁", range=[float(xs[0]), float(xs[-1])],
                              showgrid=False, zeroline=False),
                   yaxis=dict(title_text="x₂", range=[float(ys[0]), float(ys[-1])],
                              showgrid=False, zeroline=False))


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


def png_data_uri(image: np.ndarray, upscale: int = 1) -> str:
    """A small uint8 image (h, w[, 3]) as a PNG data URI (nearest-neighbour upscaled)."""
    im = Image.fromarray(image)
    if upscale > 1:
        im = im.resize((im.width * upscale, im.height * upscale), Image.Resampling.NEAREST)
    buf = io.BytesIO()
    im.save(buf, format="PNG", optimize=False, compress_level=1)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


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
    return _figure(data, int(90 + 125 * rows),
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
        role = "input x" if l == 0 else (f"output ŷ = A{L}" if l == L else
                                         f"hidden layer {l}: {activation}")
        what = "numbers" if l == 0 else ("unit" if layer_dims[l] == 1 else "units")
        notes.append(dict(x=xs[l], y=1.0, text=f"<b>{role}</b><br>{layer_dims[l]} {what}",
                          showarrow=False, font=dict(size=15)))
        under = shapes[l]["A"] if l == 0 else \
            f"{shapes[l]['W']}<br>{shapes[l]['b']}<br>{shapes[l]['A']}"
        notes.append(dict(x=xs[l], y=0.0, text=under, showarrow=False, yanchor="top",
                          font=dict(size=14, family=MONO, color=TEXT)))
    return _figure(data, height, annotations=notes, showlegend=False,
                   margin=dict(l=70, r=70, t=20, b=20),
                   xaxis=dict(visible=False, range=[-0.12, 1.12], fixedrange=True),
                   yaxis=dict(visible=False, range=[-0.32, 1.1], fixedrange=True))


# ----- a prediction ------------------------------------------------------------------------------
def probability_figure(p: float, class_names: tuple[str, str] = ("non-cat", "cat"),
                       height: int = 190) -> go.Figure:
    """P(class 1) as a bar from 0 to 1, the 0.5 threshold marked."""
    p = float(np.clip(np.nan_to_num(p, nan=0.5), 0.0, 1.0))
    color = CLASS_COLORS[1] if p > 0.5 else CLASS_COLORS[0]
    bar = go.Bar(x=[p], y=[f"P({class_names[1]})"], orientation="h", marker=dict(color=color),
                 text=[f"{p:.1%}"], textposition="auto", textfont=dict(size=20), hoverinfo="skip")
    threshold = dict(type="line", xref="x", yref="paper", x0=0.5, x1=0.5, y0=0, y1=1,
                     line=dict(color="#495057", width=2, dash="dash"))
    note = dict(x=0.5, y=1, yref="paper", text="0.5: the threshold", showarrow=False,
                yanchor="bottom", font=dict(size=13, color=MUTED))
    return _figure([bar], height, shapes=[threshold], annotations=[note], showlegend=False,
                   margin=dict(l=90, r=20, t=30, b=64), bargap=0.35,
                   xaxis=dict(range=[0, 1], tickformat=".0%", fixedrange=True,
                              title_text=f"← {class_names[0]}          {class_names[1]} →"),
                   yaxis=dict(fixedrange=True))
