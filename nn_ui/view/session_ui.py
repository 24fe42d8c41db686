"""The live run in this session (Streamlit): a new run on data read through the server's caches
(``new_run``), and the page's data-set callback."""
from __future__ import annotations

import streamlit as st

from nn_ui.common.names import CATS, SUGGESTED_LEARNING_RATE
from nn_ui.data_sets.loaders_ui import inputs_for
from nn_ui.live.run import LiveRun
from nn_ui.live.settings import Settings
from nn_ui.live.state import live_state


def new_run(settings: Settings, learning_rate: float) -> LiveRun | None:
    """A fresh network for ``settings`` (None when its data is not available)."""
    inputs = inputs_for(settings.dataset, settings.scaling)
    if inputs is None:
        return None
    return LiveRun.new(settings, inputs, learning_rate)


def on_dataset_change() -> None:
    """A new data set: suggest the learning rate that suits it (the learner may change it)."""
    kind = CATS if st.session_state.get("dataset") == CATS else "toy"
    live_state(st.session_state).lr = SUGGESTED_LEARNING_RATE[kind]
