"""The app as a class gets it: app.py behind the rerun guard (``classroom.flood_asgi``).

    streamlit run asgi.py --server.address 0.0.0.0      # what the Dockerfile and make run do

``streamlit run app.py`` still works, without the guard (the tests of single pages use it).
"""
import streamlit as st
from starlette.middleware import Middleware

from classroom.flood_asgi import RerunGuard

app = st.App("app.py", middleware=[Middleware(RerunGuard)])
