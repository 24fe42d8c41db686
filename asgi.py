"""The app as a class gets it: app.py behind a small stack of ASGI middleware.

    streamlit run asgi.py --server.address 0.0.0.0      # what the Dockerfile and make run do

``MIDDLEWARE``, outermost first (each one job, each in ``classroom``; add one here):

* ``PrivateMetrics``: ``/_stcore/metrics`` for the host itself only (``classroom.headers_asgi``);
* ``SecurityHeaders``: nosniff, the Content-Security-Policy, who may frame the app;
* ``StaticGzip``: Streamlit's scripts and styles gzipped once and sent as they are
  (``classroom.static_gzip``);
* ``UploadGuard``: what a tab and an address may keep uploaded (``classroom.uploads_asgi``);
* ``RerunGuard``: how many reruns a tab may ask for, and what values (``classroom.flood_asgi``).

``streamlit run app.py`` still works, without them (the tests of single pages use it).
At start, the live page's default run is computed in the background (``default_run``), and
the objects of the libraries loaded so far are moved out of the garbage collector's way.
"""
import gc
from contextlib import asynccontextmanager

import streamlit as st
from starlette.middleware import Middleware

from classroom.flood_asgi import RerunGuard
from classroom.headers_asgi import PrivateMetrics, SecurityHeaders
from classroom.static_gzip import StaticGzip
from classroom.uploads_asgi import UploadGuard

MIDDLEWARE = [Middleware(PrivateMetrics), Middleware(SecurityHeaders), Middleware(StaticGzip),
              Middleware(UploadGuard), Middleware(RerunGuard)]


def _default_inputs():
    """The live page's default data, read through the server's cache (as a page reads it)."""
    from nn_ui.data_sets.loaders_ui import inputs_for
    from nn_ui.live.defaults import DEFAULT_SETTINGS
    return inputs_for(DEFAULT_SETTINGS.dataset, DEFAULT_SETTINGS.scaling)


@asynccontextmanager
async def lifespan(app):
    """At start: the live view's chart library file, and in the background the live page's
    default run (computed once per server; its log lines with Streamlit's)."""
    from streamlit.logger import get_logger

    from nn_ui.live import default_run
    from nn_ui.view.plotly_js import ensure_plotly_js
    ensure_plotly_js()
    get_logger(default_run.__name__)
    default_run.compute_at_start(_default_inputs)
    _freeze_libraries()
    yield


def _freeze_libraries() -> None:
    """The live page's libraries loaded, then everything alive so far kept out of the cyclic
    garbage collector's passes (``gc.freeze``): modules, classes and functions live as long as
    the process, and a full pass over them, every few hundred thousand allocations, took a
    fifth of the CPU of a live-view request that computes nothing (5.8 ms against 4.6 ms,
    measured on one tab). What sessions make later is collected as usual."""
    import nn_ui.view.page_ui  # noqa: F401  (what a live-view request runs)
    gc.collect()
    gc.freeze()


app = st.App("app.py", middleware=MIDDLEWARE, lifespan=lifespan)
