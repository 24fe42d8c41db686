"""Your own data: two classes of the learner's own photos, the network learning them live,
and a new photo to try."""
import streamlit as st

from nn_ui.common import widgets_ui as widgets
from nn_ui.own_data import photos_ui, save_ui, train_ui, try_ui, zip_ui
from nn_ui.own_data.model import own_of

widgets.header("Your own data", widgets.text("own_data"))
own = own_of(st.session_state)

st.subheader("1. Two classes and their photos")
photos_ui.names(own)                # the names typed, checked before the boxes use them
for c, col in enumerate(st.columns(2, gap="medium")):
    with col:
        photos_ui.class_box(own, c)
photos_ui.camera(own)
photos_ui.summary(own)

st.subheader("2. The network learns them")
feed = train_ui.train(own)
inputs = train_ui.own_inputs(st.session_state, own) if feed is not None else None

st.subheader("3. Try it")
try_ui.try_it(own, feed.run if feed is not None else None, inputs)

st.subheader("4. Keep them")
zip_ui.save_and_load(own)
save_ui.save_controls(own, feed.run if feed is not None else None)
