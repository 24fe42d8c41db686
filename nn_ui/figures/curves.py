"""Plotly figures of curves and numbers: activation functions, cost curves, P(cat), an array's
corner. Arrays in, a figure out; no Streamlit, no training, no files.

Every builder draws only finite numbers (a NaN or an infinity never reaches a chart) and uses
the lesson's names in its labels (α, J, W1, A1, ...). The look: ``nn_ui.figures.style``.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from nn_ui.figures.style import (BAD_COLOR, CLASS_COLORS, DG_COLOR, FLAT_FILL, G_COLOR, MUTED,
                                 RUN_COLORS, figure, finite_xy, layout, thin)


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
    return figure(data, height, title, shapes=shapes,
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
DIVERGED_MARK = dict(symbol="x", size=16, color=BAD_COLOR, line=dict(width=3, color=BAD_COLOR))


def cost_figure(curves: Sequence[Curve], log_y: bool = False, height: int = 360,
                title: str = "Cost J", x_max: int | None = None,
                plot_px: float | None = None) -> go.Figure:
    """Cost J against iterations for each curve (thinned to MAX_POINTS, finite points only).

    On a log scale, costs of 0 are drawn at 1e-12 (log 0 does not exist). ``plot_px``: the plot
    area's height when a caller changes the margins (else about ``height`` less the margins).
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
        annotations.append(dict(text="Press ▶ Play or Step:<br>the cost appears here",
                                showarrow=False, font=dict(size=17, color=MUTED), xref="paper",
                                yref="paper", x=0.5, y=0.5))
    return figure(
        data, height, title, annotations=annotations,
        xaxis=dict(title_text="iterations", rangemode="tozero",
                  range=[0, x_max] if x_max else None),
        yaxis=dict(title_text="cost J" + (" (log scale)" if log_y else ""),
                  type="log" if log_y else "linear",
                  rangemode="normal" if log_y else "tozero",
                  **(log_ticks(np.concatenate(drawn), plot_px or height - 132)
                     if log_y and drawn else {})))


#: Log-axis tick labels at least this far apart (13 px text with room between).
TICK_GAP_PX = 22
#: Which ticks a short log axis keeps first, by mantissa: 1, then 5, 2, 3, then the rest.
_ROUNDNESS = {1: 0, 5: 1, 2: 2, 3: 3}


def _roundness(v: float) -> int:
    """0 for 1 x 10^k, 1 for 5 x 10^k, ... 4 for a mantissa such as 1.2 or 7."""
    return _ROUNDNESS.get(round(v / 10.0 ** np.floor(np.log10(v)), 6), 4)


def log_ticks(y: np.ndarray, plot_px: float | None = None) -> dict:
    """Tick values m x 10^k spanning y, labelled in full ("0.05", "20"), for a log axis: about
    four to ten of them, whatever the range (0.6, 0.7, 0.8, 1, 1.2, ... over less than a decade;
    1, 2, 5 per decade over a few; 1, 3 over up to five; every decade, or every other, beyond).
    ``plot_px``: the plot's height in px, when known; ticks closer than TICK_GAP_PX are thinned
    (rounder ones kept first: 1, then 5, 2, 3).

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
    if plot_px and len(vals) > 1:
        # the axis may reach twice the top (a diverged run's ✕): px per decade at the least
        per_decade = plot_px / max(np.log10(max(ymax * 2, vals[-1]) / min(ymin, vals[0])), 1e-9)
        kept: list[float] = []
        for v in sorted(vals, key=_roundness):
            if all(abs(np.log10(v / k)) * per_decade >= TICK_GAP_PX for k in kept):
                kept.append(v)
        vals = sorted(kept)
    return dict(tickvals=vals, ticktext=[f"{v:g}" for v in vals])


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
    return figure([bar], height, shapes=[threshold], annotations=[note], showlegend=False,
                  margin=dict(l=90, r=20, t=30, b=64), bargap=0.35,
                  xaxis=dict(range=[0, 1], tickformat=".0%", fixedrange=True,
                             title_text=f"← {class_names[0]}          {class_names[1]} →"),
                  yaxis=dict(fixedrange=True))


# ----- an array's top-left corner ------------------------------------------------------------------
def excerpt(value: np.ndarray, rows: int = 6, cols: int = 10) -> np.ndarray:
    """The top-left corner of an array as 2-D (a scalar becomes (1, 1))."""
    a = np.atleast_2d(np.asarray(value, dtype=float))
    return a[:rows, :cols]


_SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _cell(v: float, digits: int) -> str:
    """``v`` with ``digits`` decimals; "0.00", not "-0.00", for a tiny negative number."""
    text = f"{v:.{digits}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def excerpt_figure(value: np.ndarray, name: str, rows: int = 6, cols: int = 10,
                   height: int | None = None) -> go.Figure:
    """A heat map of the top-left ``rows`` x ``cols`` corner of ``value``, numbers written in.

    The colour scale is symmetric around 0 (blue positive, red negative). Each number is
    written in at most five or six characters so that it fits its cell: with two decimals, as
    multiples of one power of ten named in the title ("× 10⁻⁴") when the largest is under 0.1
    or over 1000 (dW1's are about 1e-4); the hover shows the full value.
    """
    full = np.atleast_2d(np.asarray(value, dtype=float))
    a = np.nan_to_num(excerpt(full, rows, cols), nan=0.0, posinf=0.0, neginf=0.0)
    top = float(np.abs(a).max()) or 1.0
    r, c = a.shape
    power = int(np.floor(np.log10(top))) if top < 0.1 or top >= 1000 else 0
    digits = 1 if 10 <= top < 1000 else 2
    text = [[_cell(v / 10.0 ** power, digits) for v in row] for row in a]
    fig = go.Figure(go.Heatmap(
        z=a, x=[f"{j}" for j in range(c)], y=[f"{i}" for i in range(r)], zmin=-top, zmax=top,
        colorscale="RdBu", showscale=False, text=text, texttemplate="%{text}",
        textfont=dict(size=12), hovertemplate=f"{name}[%{{y}}, %{{x}}] = %{{z:.5g}}<extra></extra>"))
    more = []
    if full.shape[0] > r:
        more.append(f"rows 0–{r - 1} of {full.shape[0]}")
    if full.shape[1] > c:
        more.append(f"columns 0–{c - 1} of {full.shape[1]}")
    layout(fig, height or int(120 + 34 * r), showlegend=False,
           title=f"{name}: " + (", ".join(more) if more else "all of it")
           + (f", numbers × 10{str(power).translate(_SUPERSCRIPTS)}" if power else ""))
    fig.update_layout(margin=dict(l=40, r=10, t=70, b=10))
    fig.update_xaxes(side="top", fixedrange=True, showgrid=False, type="category")
    fig.update_yaxes(autorange="reversed", fixedrange=True, showgrid=False, type="category")
    return fig
