"""The learner's own data: two classes of their own photos (and 2-D points) to train on.

``model`` is the session's set, pure (no Streamlit); the ``*_ui`` modules are the page's pieces.
"""
