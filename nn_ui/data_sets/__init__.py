"""The data a network learns from: ``inputs`` (the arrays, pure) and ``loaders_ui`` (read once a
server with Streamlit's caches, and what a page says when the photos are missing)."""
