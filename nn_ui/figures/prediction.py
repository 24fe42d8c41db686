"""Figures of "Why did it say cat?": the hidden units of one forward pass. Arrays in, figure out."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from nn_ui.figures.style import CLASS_COLORS, GRID, MUTED, layout
from nn_ui.figures.network import jpeg_data_uri

ROW_PX = 46
UNIT_COLOR = "#5C7CFA"


def units_figure(units: Sequence[int], columns: dict[str, Sequence[float]],
                 pictures: Sequence[np.ndarray] | None = None, title: str = "",
                 signed: Sequence[bool] | None = None) -> go.Figure:
    """One row a hidden unit: its picture (optional) and one bar per named quantity.

    units: the unit numbers shown (1-based), top to bottom; columns: panel title -> one value
    per shown unit (e.g. "A1" -> activations); pictures: one (64, 64[, 3]) uint8 image per shown
    unit (its row of W1); signed[i]: colour panel i's bars by sign (positive: class 1's colour).
    """
    names = list(columns)
    signed = list(signed) if signed is not None else [False] * len(names)
    offset = 1 if pictures is not None else 0
    n_cols = len(names) + offset
    widths = ([0.55] if offset else []) + [1.0] * len(names)
    fig = make_subplots(rows=1, cols=n_cols, shared_yaxes=True, column_widths=widths,
                        horizontal_spacing=0.05, subplot_titles=([""] if offset else []) + names)
    y = np.arange(len(units))
    labels = [f"unit {u}" for u in units]
    for i, name in enumerate(names):
        v = np.nan_to_num(np.asarray(columns[name], dtype=float), nan=0.0, posinf=0.0, neginf=0.0)
        colors = ([CLASS_COLORS[1] if x > 0 else CLASS_COLORS[0] for x in v] if signed[i]
                  else UNIT_COLOR)
        fig.add_trace(go.Bar(x=v, y=y, orientation="h", marker=dict(color=colors),
                             customdata=labels, showlegend=False,
                             hovertemplate="%{customdata}: %{x:.3g}<extra>" + name + "</extra>"),
                      row=1, col=i + 1 + offset)
        top = float(np.abs(v).max()) or 1.0
        rng = [-1.1 * top, 1.1 * top] if (v < 0).any() else [0, 1.1 * top]
        fig.update_xaxes(range=rng, nticks=3, fixedrange=True, gridcolor=GRID,
                         zerolinecolor="#868E96", row=1, col=i + 1 + offset)
    if offset:
        fig.update_xaxes(visible=False, range=[0, 1], fixedrange=True, row=1, col=1)
        fig.add_trace(go.Scatter(x=[0.5] * len(y), y=y, mode="markers", marker=dict(opacity=0),
                                 hoverinfo="skip", showlegend=False), row=1, col=1)
        for row, im in zip(y, pictures):
            fig.add_layout_image(dict(source=jpeg_data_uri(im), xref="x", yref="y", x=0.5,
                                      y=float(row), sizex=1, sizey=0.9, xanchor="center",
                                      yanchor="middle", sizing="contain", layer="above"))
    fig.update_yaxes(tickvals=y, ticktext=labels, autorange="reversed", fixedrange=True,
                     showgrid=False, row=1, col=1)
    layout(fig, int(96 + ROW_PX * len(units)), title or None, bargap=0.25, showlegend=False,
           margin=dict(l=64, r=12, t=70 if title else 44, b=30))
    fig.update_annotations(font=dict(size=14, color=MUTED))
    return fig
