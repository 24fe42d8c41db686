"""The loss of one example: the two curves of binary cross-entropy. Arrays in, figure out."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from nn_ui.figures.style import CLASS_COLORS, MUTED, layout

#: a from 0.001 to 1: −log a is finite on (0, 1].
A_GRID = np.linspace(0.001, 1.0, 400)


def loss_curves_figure(a: float | None = None, y: int | None = None, height: int = 380,
                       y_max: float = 5.0) -> go.Figure:
    """L(a, y) against a = ŷ = P(cat) in (0, 1]: −log a for a cat (y = 1), −log(1 − a) for a
    non-cat (y = 0); each is 0 where the right class gets probability 1. ``a`` and ``y``: one
    example to mark on its curve."""
    a_grid = A_GRID
    cat = -np.log(a_grid)
    with np.errstate(divide="ignore"):
        non = -np.log(np.clip(1 - a_grid, 1e-300, None))
    keep = non <= y_max * 1.2
    fig = go.Figure([
        go.Scatter(x=a_grid, y=cat, mode="lines", name="y = 1 (a cat): −log a",
                   line=dict(color=CLASS_COLORS[1], width=3),
                   hovertemplate="a = %{x:.3f}<br>−log a = %{y:.3f}<extra></extra>"),
        go.Scatter(x=a_grid[keep], y=non[keep], mode="lines", name="y = 0 (not a cat): −log(1 − a)",
                   line=dict(color=CLASS_COLORS[0], width=3),
                   hovertemplate="a = %{x:.3f}<br>−log(1 − a) = %{y:.3f}<extra></extra>")])
    notes = [dict(x=1, y=0, text="0 at a = 1", showarrow=True, ax=-46, ay=-34,
                  font=dict(size=13, color=CLASS_COLORS[1]), arrowcolor=CLASS_COLORS[1]),
             dict(x=0, y=0, text="0 at a = 0", showarrow=True, ax=46, ay=-34,
                  font=dict(size=13, color=CLASS_COLORS[0]), arrowcolor=CLASS_COLORS[0])]
    if a is not None and y is not None:
        a = float(np.clip(a, 0.001, 0.999))
        value = -np.log(a) if y == 1 else -np.log(1 - a)
        fig.add_trace(go.Scatter(x=[a], y=[min(value, y_max)], mode="markers", showlegend=False,
                                 marker=dict(size=14, color=CLASS_COLORS[y],
                                             line=dict(color="white", width=2)),
                                 hovertemplate=f"this example: L = {value:.3f}<extra></extra>"))
    return layout(fig, height + 40, showlegend=True, margin=dict(l=56, r=16, t=76, b=54),
                  annotations=notes,      # the legend above the plot: two rows on a phone
                  legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0, xanchor="left"),
                  xaxis=dict(title=dict(text="a = ŷ = P(cat), the network's answer"),
                             range=[0, 1.02], zeroline=False, fixedrange=True,
                             tickvals=[0, 0.25, 0.5, 0.75, 1]),
                  yaxis=dict(title=dict(text="loss L(a, y)"), range=[-0.15, y_max],
                             zerolinecolor=MUTED, fixedrange=True))
