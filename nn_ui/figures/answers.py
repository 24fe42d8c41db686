"""Plotly figures of the network's answers (experiments 7-9): cost against accuracy, the
class balance, the confusion matrix, P(cat) of a photo over training. Arrays in, a figure out;
as everywhere, only finite numbers reach a chart and labels use the lesson's names. (The
gradient check's figures: ``nn_ui.figures.gradcheck``.)
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go

from nn_ui.figures.style import (BAD_COLOR, CLASS_COLORS, MUTED, OK_COLOR, RUN_COLORS, finite_xy,
                                 layout, thin)


# ----- 7. cost, not accuracy ----------------------------------------------------------------------
def cost_accuracy_figure(costs: Sequence[float], train_accuracies: Sequence[float],
                         test_iterations: Sequence[float], test_accuracies: Sequence[float],
                         baselines: Mapping[str, float] | None = None,
                         height: int = 460) -> go.Figure:
    """Cost J (left axis) and accuracies (right axis, %) against iterations.

    costs[i], train_accuracies[i]: before update i (nn_core.Trainer's lists);
    test_accuracies[k] at iteration test_iterations[k]; baselines: name -> accuracy, drawn as
    dotted levels on the accuracy axis.
    """
    fig = go.Figure()
    x, y = thin(*finite_xy(np.arange(len(costs)), costs))
    fig.add_trace(go.Scatter(x=x, y=y, name="cost J (training set)", yaxis="y",
                             line=dict(color=RUN_COLORS[0], width=3.5),
                             hovertemplate="iteration %{x}<br>J = %{y:.4f}<extra></extra>"))
    # Accuracy changes by whole examples: draw it as steps (thinned keeps every change for m=209).
    xa, ya = finite_xy(np.arange(len(train_accuracies)), train_accuracies)
    if len(ya) > 1:
        change = np.flatnonzero(np.diff(ya) != 0) + 1
        keep = np.unique(np.concatenate([[0], change, [len(ya) - 1]]))
        xa, ya = xa[keep], ya[keep]
    fig.add_trace(go.Scatter(x=xa, y=ya, name="accuracy, training set", yaxis="y2",
                             line=dict(color=RUN_COLORS[1], width=2.5, shape="hv"),
                             hovertemplate="iteration %{x}<br>train accuracy %{y:.1%}<extra></extra>"))
    xt, yt = finite_xy(test_iterations, test_accuracies)
    fig.add_trace(go.Scatter(x=xt, y=yt, name="accuracy, test set", yaxis="y2",
                             mode="lines+markers", marker=dict(size=6),
                             line=dict(color=RUN_COLORS[2], width=2.5, shape="hv"),
                             hovertemplate="iteration %{x}<br>test accuracy %{y:.1%}<extra></extra>"))
    x_end = max(len(costs) - 1, float(xt.max()) if len(xt) else 0, 1)
    for k, (name, level) in enumerate((baselines or {}).items()):
        if np.isfinite(level):
            fig.add_trace(go.Scatter(
                x=[0, x_end], y=[level, level], yaxis="y2", mode="lines", name=name,
                line=dict(color=("#AE3EC9", MUTED)[k % 2], width=2, dash="dot"),
                hovertemplate=f"{name}: %{{y:.0%}}<extra></extra>"))
    layout(fig, height, title="Cost: smooth; accuracy: steps")
    fig.update_layout(
        legend=dict(orientation="h", y=-0.3, yanchor="top", x=0),
        margin=dict(l=60, r=70, t=50, b=130),
        yaxis=dict(title=dict(text="cost J", font=dict(color=RUN_COLORS[0])), rangemode="tozero"),
        yaxis2=dict(title=dict(text="accuracy", font=dict(color=RUN_COLORS[1])), overlaying="y",
                    side="right", range=[0, 1.02], tickformat=".0%", dtick=0.25, showgrid=False))
    fig.update_xaxes(title_text="iterations", rangemode="tozero")
    return fig


def class_balance_figure(shares: Mapping[str, float], class_names: tuple[str, str] = ("non-cat", "cat"),
                         height: int = 220) -> go.Figure:
    """For each set ("training set" -> share of class 1), a 100 % bar split into the classes."""
    sets = list(shares)
    one = np.clip(np.nan_to_num([shares[s] for s in sets], nan=0.0), 0, 1)
    fig = go.Figure()
    for cls, values in ((1, one), (0, 1 - one)):
        fig.add_trace(go.Bar(
            y=sets, x=values, orientation="h", name=class_names[cls],
            marker=dict(color=CLASS_COLORS[cls]), text=[f"{v:.0%} {class_names[cls]}s" for v in values],
            textposition="inside", insidetextanchor="middle", textfont=dict(size=15, color="white"),
            hovertemplate=f"%{{y}}: %{{x:.1%}} {class_names[cls]}s<extra></extra>"))
    layout(fig, height, barmode="stack", showlegend=False,
           title="Share of cats")
    fig.update_layout(margin=dict(l=110, r=20, t=45, b=30), bargap=0.3)
    fig.update_xaxes(range=[0, 1], tickformat=".0%", fixedrange=True)
    fig.update_yaxes(fixedrange=True, autorange="reversed")
    return fig


# ----- 8. mistakes ---------------------------------------------------------------------------------
#: The cells of the confusion matrix: (true class, answer) -> a short name.
CELLS = {(0, 0): "non-cat right", (0, 1): "non-cat called cat",
         (1, 0): "cat called non-cat", (1, 1): "cat right"}


def confusion_figure(matrix: np.ndarray, class_names: tuple[str, str] = ("non-cat", "cat"),
                     selected: tuple[int, int] | None = None, height: int = 360) -> go.Figure:
    """The 2x2 confusion matrix (rows: true class, columns: the network's answer) as coloured
    cells with their counts. Each cell has a clickable marker at its centre (trace 1, point
    ``2 * true + answer``): a Streamlit selection of it names the cell. ``selected`` is outlined.
    """
    M = np.nan_to_num(np.asarray(matrix, dtype=float)).reshape(2, 2)
    right = np.eye(2, dtype=bool)
    names = [f"answer: {n}" for n in class_names]     # (cell_of_point reads these back)
    rows = [f"truly a {n}" for n in class_names]
    # Colour: green shades on the diagonal (right), red shades off it (wrong), by count.
    peak = max(float(M.max()), 1.0)
    z = np.where(right, 0.5 + 0.5 * M / peak, 0.5 - 0.5 * M / peak)
    scale = [[0.0, BAD_COLOR], [0.5, "#F8F9FA"], [1.0, OK_COLOR]]
    fig = go.Figure(go.Heatmap(x=names, y=rows, z=z, zmin=0, zmax=1, colorscale=scale,
                               showscale=False, hoverinfo="skip", xgap=4, ygap=4))
    xs, ys, text, hover = [], [], [], []
    total = max(float(M.sum()), 1.0)
    for (t, a), cell in CELLS.items():
        xs.append(names[a])
        ys.append(rows[t])
        text.append(f"<b>{int(M[t, a])}</b><br>{cell.replace(' ', '<br>', 1)}")  # narrow cells
        hover.append(f"{cell}: {int(M[t, a])} photos ({M[t, a] / total:.0%})<br>click to see them")
    fig.add_trace(go.Scatter(
        x=xs, y=ys, mode="markers+text", text=text, textfont=dict(size=13, color="#212529"),
        hovertext=hover, hoverinfo="text", showlegend=False,
        marker=dict(symbol="square", size=90, color="rgba(255,255,255,0.01)",
                    line=dict(color=["#1C7ED6" if selected == c else "rgba(0,0,0,0)"
                                     for c in CELLS], width=4))))
    layout(fig, height, "Test set: click a cell", showlegend=False,
           clickmode="event+select", dragmode=False)
    # the answers' labels on top, under the title; cells wide enough for "non-cat called cat"
    fig.update_layout(margin=dict(l=120, r=20, t=84, b=20))
    fig.update_xaxes(side="top", fixedrange=True, showgrid=False, tickfont=dict(size=13),
                     tickangle=0)                  # never turned up into the title
    fig.update_yaxes(autorange="reversed", fixedrange=True, showgrid=False, tickfont=dict(size=15))
    return fig


def cell_of_point(point: Mapping, class_names: tuple[str, str] = ("non-cat", "cat")) -> tuple[int, int] | None:
    """The cell (true, answer) of a point of a Streamlit selection on ``confusion_figure``
    (a point has "x" like "answer: cat" and "y" like "truly a non-cat"), or None."""
    answers = {f"answer: {n}": k for k, n in enumerate(class_names)}
    truths = {f"truly a {n}": k for k, n in enumerate(class_names)}
    x, y = point.get("x"), point.get("y")
    if x in answers and y in truths:
        return truths[y], answers[x]
    return None


# ----- 9. a photo over training --------------------------------------------------------------------
def photo_over_training_figure(iterations: Sequence[float], p_cat: Sequence[float],
                               class_names: tuple[str, str] = ("non-cat", "cat"),
                               extra: Mapping[str, tuple[Sequence[float], Sequence[float]]] | None = None,
                               height: int = 420) -> go.Figure:
    """P(class 1) of one photo at each snapshot, the 0.5 threshold, the two answers shaded.

    extra: name -> (iterations, values in [0, 1]) drawn thinly on the same axis (accuracies).
    """
    x, p = finite_xy(iterations, p_cat)
    p = np.clip(p, 0.0, 1.0)
    fig = go.Figure()
    fig.add_hrect(y0=0.5, y1=1.0, fillcolor="rgba(28,126,214,0.07)", line_width=0, layer="below")
    fig.add_hrect(y0=0.0, y1=0.5, fillcolor="rgba(232,89,12,0.07)", line_width=0, layer="below")
    for k, (name, (xe, ye)) in enumerate((extra or {}).items()):
        xe, ye = finite_xy(xe, ye)
        fig.add_trace(go.Scatter(x=xe, y=ye, name=name, mode="lines",
                                 line=dict(color=("#ADB5BD", "#2B8A3E")[k % 2], width=1.8, dash="dot"),
                                 hovertemplate=f"iteration %{{x}}<br>{name} %{{y:.0%}}<extra></extra>"))
    fig.add_trace(go.Scatter(
        x=x, y=p, name=f"P({class_names[1]}) of this photo", mode="lines+markers",
        line=dict(color="#212529", width=3),
        marker=dict(size=9, color=[CLASS_COLORS[int(v > 0.5)] for v in p],
                    line=dict(color="white", width=1)),
        hovertemplate=f"iteration %{{x}}<br>P({class_names[1]}) = %{{y:.3f}}<extra></extra>"))
    fig.add_hline(y=0.5, line=dict(color="#495057", width=2, dash="dash"))
    x_end = float(x.max()) if len(x) else 1.0
    for y, text in ((0.97, f"says “{class_names[1]}”"), (0.03, f"says “{class_names[0]}”")):
        fig.add_annotation(x=x_end, y=y, text=text, showarrow=False, xanchor="right",
                           font=dict(size=14, color=MUTED))
    layout(fig, height, "P(cat), iteration by iteration")
    # the legend (up to three rows on a phone) under the axis title
    plot_px = height - 50 - 150
    fig.update_layout(legend=dict(orientation="h", y=-66 / plot_px, yanchor="top", x=0),
                      margin=dict(l=64, r=20, t=50, b=150))
    fig.update_yaxes(range=[0, 1], tickformat=".0%", dtick=0.25, title_text=f"P({class_names[1]})")
    fig.update_xaxes(title_text="iterations of training", rangemode="tozero")
    return fig


def mind_changes(iterations: Sequence[float], p_cat: Sequence[float]) -> list[tuple[int, str]]:
    """Where the answer flips: [(iteration, new answer 0/1), ...] (answer 1 when P > 0.5)."""
    it, p = finite_xy(iterations, p_cat)
    answers = (p > 0.5).astype(int)
    return [(int(it[i]), int(answers[i])) for i in range(1, len(p)) if answers[i] != answers[i - 1]]
