"""Plotly figure builders, pure (no Streamlit): arrays in, a figure out; ``style`` is the one
style every builder applies."""
