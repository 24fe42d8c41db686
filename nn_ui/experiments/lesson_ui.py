"""The lesson pages' computations kept once per server (Streamlit's cache)."""
from __future__ import annotations

import streamlit as st

from nn_ui.data_sets.loaders_ui import toy_inputs
from nn_ui.experiments import lesson


@st.cache_data(show_spinner="Training two networks …", max_entries=8)
def hidden_layer_or_not(dataset: str) -> lesson.HiddenOrNot:
    """``lesson.hidden_layer_or_not`` on the 2-D set ``dataset``."""
    inputs = toy_inputs(dataset)
    return lesson.hidden_layer_or_not(inputs.X, inputs.Y)
