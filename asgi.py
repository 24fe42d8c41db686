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
At start, the live page's default run is computed in the background (``default_run``).
"""
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
    yield


app = st.App("app.py", middleware=MIDDLEWARE, lifespan=lifespan)
