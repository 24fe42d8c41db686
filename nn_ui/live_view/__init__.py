"""The live view drawn in the browser: a Streamlit component (``st.components.v2``: inline
HTML, JS and CSS, no build step) that animates a run at the display's rate.

The server sends data, not figures (``chunks``: costs float32, W1 pictures uint8, the boundary
as a small raster); the browser draws the cost curve with Plotly.js, which the app serves
itself from the pinned ``plotly`` package (``static/plotly.min.js.gz``, ``plotly_js``; the
browser caches it, nothing comes from a CDN), and the pictures on a canvas. Play,
Pause, Step, the speed and the log scale work in the browser; it asks the page for the next
chunk (a trigger value, at most about once a second), and for a Reset or an α change.
"""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from nn_ui.live_view.plotly_js import ensure_plotly_js

HERE = Path(__file__).resolve().parent

ensure_plotly_js()

_component = st.components.v2.component(
    "nn_live_view",
    js="".join((HERE / name).read_text(encoding="utf-8")
               for name in ("cost_axis.js", "race_numbers.js", "status_words.js",
                                "live_view.js")),
    css=(HERE / "live_view.css").read_text(encoding="utf-8"),
    isolate_styles=False,             # in the page's DOM: Plotly's own CSS applies to the chart
)


def request_int(value, low: int, high: int, default: int) -> int:
    """A websocket client can send anything: an int in [low, high], else ``default``."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return default
    try:
        return min(max(int(value), low), high)
    except (OverflowError, ValueError):
        return default


def live_view(key: str, data: bytes, on_request) -> object:
    """Mount (or update) the live view under ``key`` with ``data`` (``chunks.message``);
    ``on_request`` is called before the rerun its "request" trigger causes."""
    return _component(key=key, data=data, on_request_change=on_request, height="content")
