"""Home's word on the experiments: what they are, and a link to each (Streamlit)."""
from __future__ import annotations

import streamlit as st

INTRO = ("Nine short experiments, each one claim of the lesson made visible: networks race side "
         "by side (initialisation, α, scaled inputs, vanishing gradients), one iteration taken "
         "step by step, a gradient check, the network's mistakes. They are under "
         "**Experiments** in the sidebar; the **lesson plan** puts them in order for a class.")


def show(pages: list) -> None:
    """The experiments' pages (``st.Page``s, in order), a link each in two columns read
    down (wide enough for each title whole on a projector)."""
    if not pages:
        return
    st.subheader("Then experiment")
    st.markdown(INTRO)
    half = (len(pages) + 1) // 2
    for col, part in zip(st.columns(2), (pages[:half], pages[half:])):
        for page in part:
            col.page_link(page, label=page.title, icon=page.icon)
