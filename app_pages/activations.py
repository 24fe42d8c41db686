"""Activation functions: g(z) and g'(z), the flat regions where the gradient vanishes."""
import numpy as np
import streamlit as st

from nn_core import get_activation
from nn_ui import widgets
from nn_ui.figures import activation_figure
from nn_ui.names import ACTIVATIONS

widgets.header("Activation functions", "Each hidden unit computes z = w·x + b and passes on "
               "**g(z)**. Learning follows the slope **g′(z)**: where it is nearly 0 (shaded), "
               "the gradient *vanishes* and the weights behind it barely change.")

c1, c2, c3 = st.columns([3, 2, 2], gap="large")
z_lo, z_hi = c1.slider("Range of z", -20.0, 20.0, (-6.0, 6.0), step=0.5, key="act_z",
                       **widgets.KEEP)
alpha = c2.slider("Leaky ReLU slope α", 0.0, 0.3, 0.01, step=0.01, key="act_alpha",
                  help="Leaky ReLU's slope for z < 0", **widgets.KEEP)
flat = c3.select_slider("Shade where |g′(z)| is below", [0.01, 0.02, 0.05, 0.1, 0.2], 0.05,
                        key="act_flat", **widgets.KEEP)
if z_hi - z_lo < 0.5:
    st.warning("Choose a wider range of z.")
    st.stop()

z = np.linspace(z_lo, z_hi, 801)
for pair in (("sigmoid", "tanh"), ("relu", "leaky_relu")):
    charts, notes = st.columns(2, gap="large"), st.columns(2, gap="large")
    for name, chart_col, note_col in zip(pair, charts, notes):
        act = get_activation(name, alpha)
        title = ACTIVATIONS[name] + (f" (α = {alpha:g})" if name == "leaky_relu" else "")
        with chart_col:
            widgets.chart(activation_figure(z, act.g(z), act.dg(z), title, flat),
                          key=f"act_{name}")
        note_col.markdown(widgets.text(f"activation_{name}"))

st.divider()
st.info(widgets.text("activation_inputs"), icon=":material/lightbulb:")
