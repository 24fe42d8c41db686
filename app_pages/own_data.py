"""Your own data: two classes of the learner's own photos, for the network to learn."""
import streamlit as st

from nn_ui.common import widgets_ui as widgets
from nn_ui.own_data import photos_ui, zip_ui
from nn_ui.own_data.model import own_of

widgets.header("Your own data", widgets.text("own_data"))
own = own_of(st.session_state)

st.subheader("1. Two classes and their photos")
photos_ui.names(own)                # the names typed, checked before the boxes use them
for c, col in enumerate(st.columns(2, gap="medium")):
    with col:
        photos_ui.class_box(own, c)
photos_ui.camera(own)
ready = photos_ui.summary(own)

st.subheader("2. Keep them")
zip_ui.save_and_load(own)
