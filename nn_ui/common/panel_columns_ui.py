"""A chart of K panels side by side, drawn as K charts in columns (Streamlit): beside one
another on a laptop or a projector (two rows of two for four), one under the other on a phone
(``panels.split_panels``)."""
from __future__ import annotations

import re

import streamlit as st

from nn_ui.figures.panels import split_panels

#: Panels a row, by how many there are: two, three, or four as two rows of two (a panel keeps
#: at least about 400 px on a projector's 1280 px screen, beside the sidebar).
PER_ROW = {1: 1, 2: 2, 3: 3, 4: 2}


def chart(fig, key: str, config: dict) -> None:
    """``fig``'s title once, then each panel in its column, keyed ``{key}_p{k}``."""
    title, figs = split_panels(fig)
    if title:
        st.markdown(f"**{re.sub(r'</?b>', '', title)}**")
    per_row = PER_ROW.get(len(figs), 3)
    for row in range(0, len(figs), per_row):
        for k, (col, one) in enumerate(zip(st.columns(per_row), figs[row:row + per_row]), row):
            with col:
                st.plotly_chart(one, key=f"{key}_p{k}", config=config, theme=None)
