"""The class board's figure: posts in, a figure out (no Streamlit, no database).

Two panels, the final cost J and the test accuracy against α on a log axis; one
colour a data set (named in each legend entry and point), one marker an activation; the best
run of each data set (highest test accuracy, then lowest cost: runs on different data are not
compared) ringed and named. Nicknames are escaped: Plotly draws some HTML in its texts.
"""
from __future__ import annotations

import html
import math
from collections.abc import Sequence

import plotly.graph_objects as go

from nn_ui.figures.style import FONT, RUN_COLORS, figure
from nn_ui.figures.style import title as title_style

SYMBOLS = {"relu": "circle", "leaky_relu": "diamond", "tanh": "square", "sigmoid": "triangle-up"}
ACTIVATION_NAMES = {"relu": "ReLU", "leaky_relu": "leaky ReLU", "tanh": "tanh",
                    "sigmoid": "sigmoid"}
BEST_COLOR = "#F59F00"
LEGEND_ROW = 24                   # px: one legend entry's line
DATASET_NAMES = {"cats": "cat photos", "gaussians": "two blobs"}


def _ok(x) -> bool:
    return x is not None and isinstance(x, (int, float)) and math.isfinite(x)


def best_post(posts: Sequence[dict]) -> dict | None:
    """The run with the highest test accuracy (ties: the lowest final cost), or None."""
    scored = [p for p in posts if _ok(p.get("test_accuracy")) and not p.get("diverged")]
    if not scored:
        scored = [p for p in posts if _ok(p.get("final_cost")) and not p.get("diverged")]
        return min(scored, key=lambda p: p["final_cost"]) if scored else None
    return max(scored, key=lambda p: (p["test_accuracy"],
                                      -(p["final_cost"] if _ok(p.get("final_cost")) else 1e9)))


def dataset_name(post: dict) -> str:
    """The data set a post was trained on, as the board names it."""
    return DATASET_NAMES.get(post.get("dataset"), post.get("dataset") or "data set unknown")


def best_by_dataset(posts: Sequence[dict]) -> dict[str, dict]:
    """The best run (``best_post``) of each data set, by the board's name of the data set."""
    groups: dict[str, list[dict]] = {}
    for p in posts:
        groups.setdefault(dataset_name(p), []).append(p)
    found = {name: best_post(rows) for name, rows in sorted(groups.items())}
    return {name: best for name, best in found.items() if best is not None}


PANELS = {"cost": ("final_cost", 1.0, "Final cost J (lower is better)", "cost J"),
          "accuracy": ("test_accuracy", 100.0, "Test accuracy (higher is better)",
                       "test accuracy (%)")}


def board_figure(posts: Sequence[dict], panel: str = "cost", height: int = 470) -> go.Figure:
    """One panel of the board (``panel``: "cost" or "accuracy") against α on a log axis.

    posts: dicts with nickname, alpha, alpha_text, architecture, activation, final_cost,
    test_accuracy (0-1), diverged. A diverged run has no final cost to draw: it is left out
    (the page counts it). The page puts the two panels side by side (stacked on a phone).
    """
    key, scale, title, y_title = PANELS[panel]
    groups: dict[tuple[str, str, str], list[dict]] = {}
    for p in posts:
        if _ok(p.get("alpha")) and p["alpha"] > 0 and not p.get("diverged") and _ok(p.get(key)):
            groups.setdefault((dataset_name(p), p["architecture"], p["activation"]), []).append(p)
    datasets = sorted({d for d, _, _ in groups})
    data = []
    for (dataset, arch, act), rows in sorted(groups.items()):
        color = RUN_COLORS[datasets.index(dataset) % len(RUN_COLORS)]
        text = [f"{html.escape(r['nickname'])}<br>{html.escape(dataset)} · "
                f"α {html.escape(r['alpha_text'])}<br>"
                + (f"J {r['final_cost']:.4f}" if _ok(r.get("final_cost")) else "")
                + (f" · {100 * r['test_accuracy']:.0f} %" if _ok(r.get("test_accuracy")) else "")
                for r in rows]
        data.append(go.Scatter(
            x=[r["alpha"] for r in rows], y=[r[key] * scale for r in rows], text=text,
            mode="markers", legendgroup=dataset,
            name=f"{html.escape(dataset)} · {arch} · {ACTIVATION_NAMES.get(act, html.escape(act))}",
            marker=dict(color=color, size=14, symbol=SYMBOLS.get(act, "circle"),
                        line=dict(color="white", width=1)),
            hovertemplate="%{text}<extra></extra>"))
    for dataset, best in best_by_dataset(posts).items():
        if not _ok(best.get(key)):
            continue
        data.append(go.Scatter(
            x=[best["alpha"]], y=[best[key] * scale], mode="markers", hoverinfo="skip",
            legendgroup=dataset,
            name=f"best on {html.escape(dataset)}: {html.escape(best['nickname'])} · "
                 f"α {html.escape(best['alpha_text'])}",
            marker=dict(size=32, color="rgba(0,0,0,0)", line=dict(color=BEST_COLOR, width=4))))
    # the y title clear of the tick labels: the margin grows to hold both (phone, projector)
    yaxis = dict(title_text=y_title, zeroline=False, automargin=True,
                 range=[0, 105] if panel == "accuracy" else None,
                 rangemode="tozero" if panel == "cost" else "normal")
    # the legend one entry a line under the x axis's title, the figure as much taller: the
    # plot keeps its height, and no legend entry runs into the axis however narrow the screen
    rows, plot = len(data), height - 56 - 84
    fig = figure(data, height + LEGEND_ROW * rows, title, yaxis=yaxis,
                 xaxis=dict(type="log", title_text="learning rate α (log scale)",
                            exponentformat="power", dtick=1),
                 font={**FONT, "size": 17},
                 margin=dict(l=64, r=16, t=56, b=84 + LEGEND_ROW * rows),
                 legend=dict(orientation="v", yanchor="top", y=-78 / plot, x=0,
                             font=dict(size=15), tracegroupgap=0),
                 hoverlabel=dict(font=dict(size=16)))
    fig.layout.title = title_style(title, size=17)        # whole on a phone's 350 px
    return fig
