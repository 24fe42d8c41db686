"""The class board's figure: posts in, a figure out (no Streamlit, no database).

Two panels, the final cost J and the test accuracy against α on a log axis; one
colour an architecture, one marker an activation; the best run (highest test accuracy, then
lowest cost) ringed and named. Nicknames are escaped: Plotly draws some HTML in its texts.
"""
from __future__ import annotations

import html
import math
from collections.abc import Sequence

import plotly.graph_objects as go

from nn_ui.figures.style import FONT, RUN_COLORS, figure

SYMBOLS = {"relu": "circle", "leaky_relu": "diamond", "tanh": "square", "sigmoid": "triangle-up"}
ACTIVATION_NAMES = {"relu": "ReLU", "leaky_relu": "leaky ReLU", "tanh": "tanh",
                    "sigmoid": "sigmoid"}
BEST_COLOR = "#F59F00"


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
    groups: dict[tuple[str, str], list[dict]] = {}
    for p in posts:
        if _ok(p.get("alpha")) and p["alpha"] > 0 and not p.get("diverged") and _ok(p.get(key)):
            groups.setdefault((p["architecture"], p["activation"]), []).append(p)
    architectures = sorted({a for a, _ in groups})
    data = []
    for (arch, act), rows in sorted(groups.items()):
        color = RUN_COLORS[architectures.index(arch) % len(RUN_COLORS)]
        text = [f"{html.escape(r['nickname'])}<br>α {html.escape(r['alpha_text'])}<br>"
                + (f"J {r['final_cost']:.4f}" if _ok(r.get("final_cost")) else "")
                + (f" · {100 * r['test_accuracy']:.0f} %" if _ok(r.get("test_accuracy")) else "")
                for r in rows]
        data.append(go.Scatter(
            x=[r["alpha"] for r in rows], y=[r[key] * scale for r in rows], text=text,
            mode="markers", name=f"{arch} · {ACTIVATION_NAMES.get(act, html.escape(act))}",
            marker=dict(color=color, size=14, symbol=SYMBOLS.get(act, "circle"),
                        line=dict(color="white", width=1)),
            hovertemplate="%{text}<extra></extra>"))
    best = best_post(posts)
    if best is not None and _ok(best.get(key)):
        data.append(go.Scatter(
            x=[best["alpha"]], y=[best[key] * scale], mode="markers", hoverinfo="skip",
            name=f"best: {html.escape(best['nickname'])} · α {html.escape(best['alpha_text'])}",
            marker=dict(size=32, color="rgba(0,0,0,0)", line=dict(color=BEST_COLOR, width=4))))
    yaxis = dict(title_text=y_title, zeroline=False,
                 range=[0, 105] if panel == "accuracy" else None,
                 rangemode="tozero" if panel == "cost" else "normal")
    return figure(data, height, title, yaxis=yaxis,
                  xaxis=dict(type="log", title_text="learning rate α (log scale)",
                             exponentformat="power"),
                  font={**FONT, "size": 17}, margin=dict(l=64, r=16, t=56, b=60),
                  legend=dict(orientation="h", yanchor="top", y=-0.3, x=0, font=dict(size=15)),
                  hoverlabel=dict(font=dict(size=16)))
