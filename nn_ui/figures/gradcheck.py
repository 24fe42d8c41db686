"""Plotly figures of the gradient check (experiment 6): the relative error per parameter
against the thresholds, and back-propagation's derivatives against the numerical ones. Arrays
in, a figure out; only finite numbers reach a chart.
"""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import plotly.graph_objects as go

from nn_ui.figures.style import (BAD_COLOR, MUTED, OK_COLOR, RUN_COLORS, WARN_COLOR, finite_xy,
                                 layout)

#: A relative error of exactly 0 drawn on a log axis at this floor.
ERROR_FLOOR = 1e-16


def verdict(error: float, good: float = 1e-7, bad: float = 1e-2) -> str:
    """"right" below ``good``, "surely wrong" above ``bad``, else "suspicious" (NaN: wrong)."""
    if not np.isfinite(error) or error > bad:
        return "surely wrong"
    return "right" if error < good else "suspicious"


VERDICT_COLORS = {"right": OK_COLOR, "suspicious": WARN_COLOR, "surely wrong": BAD_COLOR}



def relative_error_figure(per_parameter: Mapping[str, float], good: float = 1e-7,
                          bad: float = 1e-2, height: int = 380) -> go.Figure:
    """One bar per parameter ("dW1" -> its relative error), log scale, the thresholds drawn.

    Errors of 0 are drawn at ERROR_FLOOR; non-finite ones at 1 (they are surely wrong).
    """
    names = list(per_parameter)
    raw = np.array([per_parameter[n] for n in names], dtype=float)
    shown = np.where(np.isfinite(raw), np.maximum(raw, ERROR_FLOOR), 1.0)
    colors = [VERDICT_COLORS[verdict(e, good, bad)] for e in raw]
    fig = go.Figure(go.Bar(
        x=names, y=shown, marker=dict(color=colors), text=[f"{e:.1e}" for e in shown],
        textposition="outside", textfont=dict(size=15), showlegend=False,
        hovertemplate="%{x}: relative error %{y:.2e}<extra></extra>"))
    for y, text, color in ((good, f"{good:.0e}: right below", OK_COLOR),
                           (bad, f"{bad:.0e}: surely wrong above", BAD_COLOR)):
        fig.add_hline(y=y, line=dict(color=color, width=2, dash="dash"))
        # on a log axis an annotation's y is log10 of the value
        fig.add_annotation(text=text, font=dict(color=color, size=14), showarrow=False,
                           xref="paper", x=1, xanchor="right", y=float(np.log10(y)),
                           yanchor="bottom", bgcolor="rgba(255,255,255,0.8)")
    lo = min(float(shown.min()) if len(shown) else 1e-12, good) / 30
    hi = max(float(shown.max()) if len(shown) else 1.0, bad, 1.0) * 30
    layout(fig, height, title="Relative error, per parameter")
    fig.update_yaxes(type="log", range=[np.log10(lo), np.log10(hi)], exponentformat="power",
                     title_text="relative error", automargin=True, title_standoff=8)
    fig.update_xaxes(title_text="gradient")
    return fig


def gradient_pairs_figure(analytic: Mapping[str, np.ndarray], numeric: Mapping[str, np.ndarray],
                          height: int = 380) -> go.Figure:
    """Each checked entry as a point (numerical derivative, back-propagation's), per parameter.

    Right gradients lie on the diagonal; a planted bug moves its parameter's points off it.
    """
    fig = go.Figure()
    every = []
    for k, name in enumerate(analytic):
        x, y = finite_xy(numeric[name], analytic[name])
        every += [x, y]
        fig.add_trace(go.Scatter(
            x=x, y=y, mode="markers", name=name,
            marker=dict(size=9, color=RUN_COLORS[k % len(RUN_COLORS)], opacity=0.8,
                        line=dict(color="white", width=1)),
            hovertemplate=f"{name}<br>numerical %{{x:.3e}}<br>back-prop %{{y:.3e}}<extra></extra>"))
    values = np.concatenate(every) if every else np.zeros(1)
    r = float(np.max(np.abs(values))) if values.size else 1.0
    r = r * 1.1 if r > 0 else 1.0
    fig.add_trace(go.Scatter(x=[-r, r], y=[-r, r], mode="lines", name="equal",
                             line=dict(color=MUTED, width=1.5, dash="dot"), hoverinfo="skip"))
    layout(fig, height, title="Back-prop vs numerical")
    fig.update_layout(legend=dict(y=1.0, yanchor="top", x=0.01, orientation="v",
                                  bgcolor="rgba(255,255,255,0.7)"))
    fig.update_xaxes(title_text="numerical (J(θ+ε) − J(θ−ε)) / 2ε", range=[-r, r],
                     exponentformat="e")
    fig.update_yaxes(title_text="back-propagation", range=[-r, r], exponentformat="e")
    return fig
