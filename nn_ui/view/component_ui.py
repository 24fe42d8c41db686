"""The live view drawn in the browser: a Streamlit component (``st.components.v2``: inline
HTML, JS and CSS, no build step) that animates a run at the display's rate.

The server sends data, not figures (``chunks``: costs float32, W1 pictures uint8, the boundary
as a small raster); the browser draws the cost curve with Plotly.js, which the app serves
itself from the pinned ``plotly`` package (``static/plotly.min.js.gz``, ``plotly_js``; the
browser caches it, nothing comes from a CDN), and the pictures on a canvas. Play,
Pause, Step, the speed and the log scale work in the browser; it asks the page for the next
chunk (a trigger value, at most about once a second), and for a Reset or an α change.

``show`` is the one channel of both views (the live view, page_ui; the races,
experiments.race_ui): the page's data out (``chunks.message``: the control fields and the
chunk asked for) and the browser's request in, read safely (``requests.request_of``).

Importing this module registers nothing and writes nothing: the component is registered, and
the chart library's file made, at the first ``live_view`` (or at server start, ``register``).
"""
from __future__ import annotations

from collections.abc import Callable
from functools import cache, partial
from pathlib import Path

import streamlit as st

from nn_ui.view import chunks
from nn_ui.view.chunks import Chunk
from nn_ui.view.plotly_js import ensure_plotly_js
from nn_ui.view.requests import request_of

BROWSER = Path(__file__).resolve().parent / "browser"
#: The browser's code, one module in this order: helpers (the cost axis, the race's numbers,
#: the words at Done), the live view (its network graph: live_graph.js, its layout, its unit
#: card and its drawing in live_graph_layout.js, live_graph_card.js, live_graph_draw.js), the
#: race view, the entry point Streamlit calls.
JS_FILES = ("shared.js", "cost_axis.js", "race_numbers.js", "status_words.js", "live_view.js",
            "live_play.js", "live_draw.js", "live_graph.js", "live_graph_layout.js",
            "live_graph_card.js", "live_graph_draw.js", "race_view.js", "race_draw.js", "main.js")


@cache
def register():
    """The component, registered once per process (the chart library's file made first)."""
    ensure_plotly_js()
    js = "\n".join((BROWSER / name).read_text(encoding="utf-8") for name in JS_FILES)
    return st.components.v2.component(
        "nn_live_view",
        js=js,
        css=(BROWSER / "live_view.css").read_text(encoding="utf-8"),
        isolate_styles=False,         # in the page's DOM: Plotly's own CSS applies to the chart
    )


def live_view(key: str, data: bytes, on_request) -> object:
    """Mount (or update) the live view under ``key`` with ``data`` (``chunks.message``);
    ``on_request`` is called before the rerun its "request" trigger causes."""
    return register()(key=key, data=data, on_request_change=on_request, height="content")


def show(key: str, control: dict, chunk: Chunk | None,
         answer: Callable[[dict], None]) -> None:
    """The view under ``key`` for this run of the page: its ``control`` fields and ``chunk``
    (the data the browser asked for, sent once; None: the control fields only). The browser's
    request (its "request" trigger, read safely) is handed to ``answer(request)`` before the
    rerun it causes; a missing or malformed one is dropped."""
    live_view(key, chunks.message(control, chunk), partial(_answer, key, answer))


def _answer(key: str, answer: Callable[[dict], None]) -> None:
    req = request_of(st.session_state, key)
    if req is not None:
        answer(req)
