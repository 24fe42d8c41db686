"""Plotly figures of several networks side by side (experiments 1-4): their accuracies, their
first-layer weights, their answers on the plane, a measure per hidden layer (their cost curves
are drawn by the browser, nn_ui/view).
Arrays in, a figure out; only finite numbers reach a chart (``finite_xy``; heat maps through
``np.nan_to_num``).
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from nn_ui.figures.style import (CLASS_COLORS, LAYER_COLORS, MUTED, P_SCALE, RUN_COLORS, finite_xy,
                                 layout)


def accuracy_figure(names: Sequence[str], accuracy: Sequence[float],
                    reference: dict[str, float] | None = None, height: int = 320,
                    title: str = "Train accuracy") -> go.Figure:
    """Horizontal bars of accuracy in [0, 1] per run; ``reference``: name -> a value to mark."""
    acc = np.clip(np.nan_to_num(np.asarray(accuracy, dtype=float), nan=0.0), 0.0, 1.0)
    colors = [RUN_COLORS[k % len(RUN_COLORS)] for k in range(len(names))]
    fig = go.Figure(go.Bar(x=acc, y=list(names), orientation="h", marker=dict(color=colors),
                           text=[f"{a:.0%}" for a in acc], textposition="auto",
                           hovertemplate="%{y}: %{x:.1%}<extra></extra>", showlegend=False))
    if reference:
        ys = [n for n in names if n in reference]
        fig.add_trace(go.Scatter(x=[reference[n] for n in ys], y=ys, mode="markers",
                                 name="the course's table", marker=dict(
                                     symbol="line-ns", size=28, line=dict(width=4, color="#212529"))))
    layout(fig, height, title=title)
    fig.add_vline(x=0.5, line=dict(color=MUTED, width=1.5, dash="dot"))
    fig.update_xaxes(range=[0, 1], tickformat=".0%", fixedrange=True)
    fig.update_yaxes(autorange="reversed", fixedrange=True, automargin=True)
    return fig


def weight_vectors_figure(W1s: Sequence[np.ndarray], names: Sequence[str],
                          height: int = 330) -> go.Figure:
    """Each network's first-layer weights W1 (n_1, 2) as a heat map, one unit per column.

    Identical columns are identical units: under zero initialisation every column is the same.
    One colour scale for every network (the largest |w| of all), shown in a colour bar, so the
    size of the weights compares: ×0.01 is near white next to ×10. Each title gives max |w|.
    """
    K = len(W1s)
    Ws = [np.nan_to_num(np.asarray(W, dtype=float), nan=0.0, posinf=0.0, neginf=0.0) for W in W1s]
    sizes = [float(np.abs(W).max()) if W.size else 0.0 for W in Ws]
    top = max(sizes, default=0.0) or 1.0
    titles = [f"{n}<br>max |w| {s:.2g}" for n, s in zip(names, sizes)]
    fig = make_subplots(rows=1, cols=K, subplot_titles=titles, horizontal_spacing=0.04)
    for k, W in enumerate(Ws):
        fig.add_trace(go.Heatmap(
            z=W.T, x=[f"{i + 1}" for i in range(W.shape[0])], y=[f"w·x{j + 1}" for j in range(W.shape[1])],
            zmin=-top, zmax=top, colorscale="RdBu", showscale=k == K - 1,
            colorbar=dict(title=dict(text="w", side="top"), thickness=12, tickformat=".2g"),
            hovertemplate="unit %{x}<br>%{y} weight %{z:.4f}<extra></extra>"), row=1, col=k + 1)
        fig.update_xaxes(title_text="hidden unit", row=1, col=k + 1, fixedrange=True)
        fig.update_yaxes(showticklabels=k == 0, fixedrange=True, row=1, col=k + 1)
    layout(fig, height, title="W1: the weights of each hidden unit (one column a unit)",
           showlegend=False)
    fig.update_layout(margin=dict(l=60, r=20, t=118, b=72))
    fig.update_xaxes(automargin=True, title_standoff=6)
    return fig


def boundaries_figure(X: np.ndarray, Y: np.ndarray, xs: np.ndarray, ys: np.ndarray,
                      Ps: Sequence[np.ndarray], names: Sequence[str], height: int = 330,
                      title: str = "What each network answers everywhere (P = 0.5 line)"
                      ) -> go.Figure:
    """Side by side, each network's P(class 1) on the grid (Ps[k]: (len(ys), len(xs))), the
    0.5 line, and the training points X (2, m) coloured by Y (1, m); x₁ and x₂ on one scale
    (circles stay round)."""
    K = len(Ps)
    fig = make_subplots(rows=1, cols=K, subplot_titles=list(names), horizontal_spacing=0.03)
    y = np.ravel(Y)
    for k, P in enumerate(Ps):
        P = np.nan_to_num(np.asarray(P, dtype=float), nan=0.5, posinf=1.0, neginf=0.0)
        fig.add_trace(go.Heatmap(x=xs, y=ys, z=P, zmin=0, zmax=1, colorscale=P_SCALE, showscale=False,
                                 hovertemplate="P(class 1) = %{z:.2f}<extra></extra>"), 1, k + 1)
        if P.min() < 0.5 < P.max():
            fig.add_trace(go.Contour(x=xs, y=ys, z=P, showscale=False, hoverinfo="skip",
                                     contours=dict(start=0.5, end=0.5, size=1, coloring="none"),
                                     line=dict(color="#495057", width=2)), 1, k + 1)
        for cls in (0, 1):
            pts = X[:, y == cls]
            fig.add_trace(go.Scatter(x=pts[0], y=pts[1], mode="markers", showlegend=False,
                                     marker=dict(color=CLASS_COLORS[cls], size=4),
                                     hoverinfo="skip"), 1, k + 1)
        fig.update_xaxes(range=[float(xs[0]), float(xs[-1])], showgrid=False, showticklabels=False,
                         row=1, col=k + 1)
        fig.update_yaxes(range=[float(ys[0]), float(ys[-1])], showgrid=False, showticklabels=False,
                         scaleanchor=f"x{k + 1 if k else ''}", scaleratio=1, constrain="domain",
                         row=1, col=k + 1)
        fig.update_xaxes(constrain="domain", row=1, col=k + 1)
    layout(fig, height, title=title, showlegend=False)
    fig.update_layout(margin=dict(l=20, r=20, t=90, b=20))
    return fig


def layer_lines_figure(iterations: Sequence[int], values: np.ndarray, names: Sequence[str],
                       title: str, y_title: str, share: bool = True,
                       height: int = 340) -> go.Figure:
    """One panel per network, one line per hidden layer: a per-layer measure over training.

    values: (T, K, L) measure at each recorded iteration, network, hidden layer.
    share: the measure is a share in [0, 1] (axis in %), else a count.
    """
    values = np.asarray(values, dtype=float)
    T, K, L = values.shape if values.ndim == 3 else (0, len(names), 0)
    fig = make_subplots(rows=1, cols=max(K, 1), subplot_titles=list(names), shared_yaxes=True,
                        horizontal_spacing=0.07)
    for k in range(K):
        for l in range(L):
            x, y = finite_xy(iterations, values[:, k, l])
            fig.add_trace(go.Scatter(x=x, y=y, mode="lines+markers" if len(x) < 3 else "lines",
                                     name=f"layer {l + 1}", legendgroup=f"l{l}", showlegend=k == 0,
                                     line=dict(color=LAYER_COLORS[l % len(LAYER_COLORS)], width=3),
                                     hovertemplate=f"layer {l + 1}<br>iteration %{{x}}<br>"
                                     + ("%{y:.0%}" if share else "%{y}") + "<extra></extra>"),
                          1, k + 1)
        fig.update_xaxes(title_text="iterations", rangemode="tozero", nticks=3 if K >= 3 else None,
                         row=1, col=k + 1)
    layout(fig, height, title=title)
    fig.update_layout(margin=dict(l=60, r=20, t=110, b=72), legend=dict(y=1.13))
    fig.update_xaxes(automargin=True, title_standoff=6)
    if share:
        fig.update_yaxes(range=[-0.03, 1.03], tickformat=".0%")
    elif values.size and np.nanmin(values) >= 0:                   # a count: from 0
        fig.update_yaxes(range=[-0.3, max(float(np.nanmax(values)), 1.0) + 0.5])
    fig.update_yaxes(title_text=y_title, row=1, col=1)
    return fig


def layer_bars_figure(names: Sequence[str], values: np.ndarray, title: str, share: bool = True,
                      height: int = 330) -> go.Figure:
    """Grouped bars: for each network (a group), one bar per hidden layer. values: (K, L)."""
    values = np.nan_to_num(np.asarray(values, dtype=float), nan=0.0)
    fig = go.Figure()
    for l in range(values.shape[1] if values.ndim == 2 else 0):
        fig.add_trace(go.Bar(x=list(names), y=values[:, l], name=f"layer {l + 1}",
                             marker=dict(color=LAYER_COLORS[l % len(LAYER_COLORS)]),
                             text=[f"{v:.0%}" if share else f"{v:g}" for v in values[:, l]],
                             textposition="outside"))
    layout(fig, height, title=title, barmode="group")
    fig.update_layout(margin=dict(l=60, r=20, t=90, b=50))
    if share:
        fig.update_yaxes(range=[0, 1.15], tickformat=".0%")
    else:
        fig.update_yaxes(range=[0, max(float(values.max()) if values.size else 1.0, 1.0) * 1.2])
    return fig
