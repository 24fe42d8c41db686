"""A chart of K panels side by side, drawn as K charts in K columns (Streamlit): beside one
another on a laptop or a projector, one under the other on a phone (``panels.split_panels``)."""
from __future__ import annotations

import re

import streamlit as st

from nn_ui.common.panels import split_panels


def chart(fig, key: str, config: dict) -> None:
    """``fig``'s title once, then each panel in its column, keyed ``{key}_p{k}``."""
    title, figs = split_panels(fig)
    if title:
        st.markdown(f"**{re.sub(r'</?b>', '', title)}**")
    for k, (col, one) in enumerate(zip(st.columns(len(figs)), figs)):
        with col:
            st.plotly_chart(one, key=f"{key}_p{k}", config=config, theme=None)
