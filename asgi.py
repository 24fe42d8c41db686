"""The app as a class gets it: app.py behind the rerun guard (``classroom.flood_asgi``).

    streamlit run asgi.py --server.address 0.0.0.0      # what the Dockerfile and make run do

``streamlit run app.py`` still works, without the guard (the tests of single pages use it).
At start, the live page's default run is computed in the background (``default_run``).
"""
from contextlib import asynccontextmanager

import streamlit as st
from starlette.middleware import Middleware

from classroom.flood_asgi import RerunGuard


@asynccontextmanager
async def lifespan(app):
    """At start, in the background: the live page's default run (computed once per server)."""
    from nn_ui.live.default_run import compute_at_start
    compute_at_start()
    yield


app = st.App("app.py", middleware=[Middleware(RerunGuard)], lifespan=lifespan)
