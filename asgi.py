"""The app as a class gets it: app.py behind a small stack of ASGI middleware.

    streamlit run asgi.py --server.address 0.0.0.0      # what the Dockerfile and make run do

``MIDDLEWARE``, outermost first (each one job, each in ``classroom``; add one here):

* ``PrivateMetrics``: ``/_stcore/metrics`` for the host itself only (``classroom.headers_asgi``);
* ``SecurityHeaders``: nosniff, the Content-Security-Policy, who may frame the app;
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
from classroom.uploads_asgi import UploadGuard

MIDDLEWARE = [Middleware(PrivateMetrics), Middleware(SecurityHeaders),
              Middleware(UploadGuard), Middleware(RerunGuard)]


@asynccontextmanager
async def lifespan(app):
    """At start, in the background: the live page's default run (computed once per server)."""
    from nn_ui.live_view.default_run import compute_at_start
    compute_at_start()
    yield


app = st.App("app.py", middleware=MIDDLEWARE, lifespan=lifespan)
