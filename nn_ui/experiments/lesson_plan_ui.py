"""The lesson plan's steps on the page (Streamlit): each with its time, its link, the question
to ask before Play and what the class will see (``nn_ui.experiments.lesson_plan``)."""
from __future__ import annotations

import streamlit as st

from nn_ui.common import address_ui as address
from nn_ui.experiments.lesson_plan import PLAN


def show() -> None:
    total = PLAN[-1].minutes[1]
    st.subheader(f"A {total}-minute lesson, step by step")
    st.markdown("Follow the steps in order. Open each link on the projector (or hand it out: "
                "it opens the page with these settings), **ask the question before pressing "
                "Play**, let the class answer, then play and compare.")
    handout = []
    for n, s in enumerate(PLAN, 1):
        with st.container(border=True, key=f"plan_step_{n}"):
            st.markdown(f"**{n}. {s.title}** · minutes {s.minutes[0]}–{s.minutes[1]}")
            st.page_link(s.path, label=s.link, icon=":material/arrow_forward:",
                         query_params=s.params or None)
            st.markdown(f"**Ask, before Play:** {s.ask}")
            st.markdown(f"**They will see:** {s.see}")
        handout.append(f"{n}. {s.title} ({s.minutes[0]}–{s.minutes[1]} min): "
                       f"{address.page_url(s.path, s.params)}\n   Ask: {s.ask}")
    with st.expander("The plan as text, to print", icon=":material/print:"):
        st.code("\n".join(handout), language=None, wrap_lines=True)
