"""The app's look, for every figure builder: colours, fonts, the layout, the title, the axes;
and what every builder does to its numbers first (finite points only, long curves thinned).

A builder makes its figure in one pass with ``figure`` (no template, no add_* calls: a frame of
the live page has to be built in milliseconds), or builds it trace by trace and finishes with
``layout``; both give the same fonts, title, legend, grid and axes.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

# Colours: the two classes, the function and its slope, the flat regions.
CLASS_COLORS = ("#E8590C", "#1C7ED6")      # class 0 (non-cat / orange), class 1 (cat / blue)
G_COLOR, DG_COLOR = "#1C7ED6", "#E8590C"
FLAT_FILL = "rgba(250, 82, 82, 0.10)"
GRID = "#E9ECEF"
TEXT = "#212529"
MUTED = "#868E96"
RUN_COLORS = ("#1C7ED6", "#E8590C", "#2B8A3E", "#AE3EC9", "#F59F00", "#0CA678", "#D6336C",
              "#5C7CFA", "#868E96", "#74B816")
#: One colour per hidden layer (layer 1 first).
LAYER_COLORS = ("#1C7ED6", "#5C7CFA", "#AE3EC9", "#D6336C", "#E8590C", "#F59F00")
#: Verdict colours: right, suspicious, surely wrong.
OK_COLOR, WARN_COLOR, BAD_COLOR = "#2B8A3E", "#F59F00", "#E03131"
#: P(class 1) from 0 to 1: orange, white, blue.
P_SCALE = [[0.0, "#FFD8A8"], [0.5, "#FFFFFF"], [1.0, "#A5D8FF"]]
FONT = dict(family='"Source Sans", "Source Sans Pro", "Helvetica Neue", Arial, sans-serif',
            size=15, color=TEXT)
MONO = '"Source Code Pro", "DejaVu Sans Mono", monospace'
MAX_POINTS = 800


def title(text: str, size: int = 19) -> dict:
    """A chart title at the top left, above the legend."""
    return dict(text=f"<b>{text}</b>", x=0, xref="paper", xanchor="left", y=1, yref="container",
                yanchor="top", pad=dict(t=10), font=dict(size=size))


def axis(title_text: str | None = None, **extra) -> dict:
    """An axis as a plain dict (the figures skip validation, so no ``title_text`` shorthand)."""
    out = dict(gridcolor=GRID, zerolinecolor="#CED4DA", linecolor="#ADB5BD", ticks="outside",
               tickcolor="#ADB5BD", **extra)
    if title_text:
        out["title"] = dict(text=title_text)
    return out


def base_layout(height: int, title_text: str | None = None) -> dict:
    """The layout every figure starts from: fonts, white background, the legend on top."""
    base = dict(font=FONT, height=height, paper_bgcolor="white", plot_bgcolor="white",
                colorway=list(RUN_COLORS), hovermode="closest",
                hoverlabel=dict(font=dict(family=FONT["family"], size=14)),
                margin=dict(l=64, r=20, t=78 if title_text else 40, b=54),
                legend=dict(orientation="h", yanchor="bottom", y=1.01, x=0, xanchor="left"))
    if title_text:
        base["title"] = title(title_text)
    return base


def figure(data: list, height: int, title: str | None = None, xaxis: dict | None = None,
           yaxis: dict | None = None, **layout) -> go.Figure:
    """One figure built in one pass. ``layout`` overrides the defaults."""
    base = base_layout(height, title)
    base.update(xaxis=axis(**(xaxis or {})), yaxis=axis(**(yaxis or {})))
    base.update(layout)
    return go.Figure(data=data, layout=base, _validate=False)


def layout(fig: go.Figure, height: int, title: str | None = None, **extra) -> go.Figure:
    """The app's look on a figure built trace by trace (every axis, subplots' too); ``extra``
    overrides the defaults."""
    fig.update_xaxes(**axis())
    fig.update_yaxes(**axis())
    fig.update_layout(**{**base_layout(height, title), **extra})
    return fig


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
