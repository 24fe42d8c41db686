"""Experiment 10, the lesson plan: the ten experiments, their claims, one link per preset."""
import streamlit as st

from nn_ui.common import address_ui as address, widgets_ui as widgets
from nn_ui.experiments import lesson_plan_ui
from nn_ui.experiments import registry as experiments

widgets.header("10. Lesson plan: shareable links", "Every experiment keeps its settings in the "
               "page's address: change a control and the URL changes with it "
               "(e.g. `…/exp_gradient_check?gc_plant=true`). Copy the address, or use a link "
               "below, and whoever opens it sees the same experiment with the same settings. "
               "Settings left at their default stay out of the URL.")

lesson_plan_ui.show()
st.subheader("Every experiment, with its presets")

available = {e.path for e in experiments.available()}


page_url = address.page_url        # on the address students type (``make serve``)


handout = []
for e in experiments.EXPERIMENTS:
    with st.container(border=True):
        st.markdown(f"#### {e.number}. {e.title}")
        st.markdown(f"*{e.claim}*")
        if e.path not in available:
            st.caption("This experiment's page is not in the app yet.")
            continue
        if e.path == "app_pages/lesson_plan.py":
            st.caption("This page.")
            continue
        st.page_link(e.path, label="Open with the default settings", icon=e.icon)
        for name, params in e.presets.items():
            st.page_link(e.path, label=name, icon=":material/link:", query_params=params)
        handout.append(f"{e.number}. {e.title}")
        handout.append(f"   {page_url(e.path, {})}")
        for name, params in e.presets.items():
            handout.append(f"   {name}: {page_url(e.path, params)}")

# to end the lesson: the learners' own photos (nothing to preset: the data is theirs)
OWN_DATA = "app_pages/own_data.py"
with st.container(border=True, key="plan_own_data"):
    st.markdown("#### Then: your own data")
    st.markdown("*A network learns what its data shows: give it two things of your own, a few "
                "photos each, and find out what it learned from them.*")
    st.page_link(OWN_DATA, label="Open Your own data", icon=":material/add_photo_alternate:")
handout.append("Then: your own data")
handout.append(f"   {page_url(OWN_DATA, {})}")

with st.expander("All the links as text, for a handout", icon=":material/content_copy:"):
    st.code("\n".join(handout) or "No experiment pages yet.", language=None)
