"""Activation functions: g(z) and g'(z), the flat regions where the gradient vanishes."""
import numpy as np
import streamlit as st

from nn_core import ACTIVATIONS as NN_ACTIVATIONS
from nn_core import get_activation
from nn_ui.experiments import lesson, lesson_ui
from nn_ui.common import widgets_ui as widgets
from nn_ui.figures.curves import activation_figure
from nn_ui.figures.race import boundaries_figure
from nn_ui.common.names import ACTIVATIONS

widgets.header("Activation functions", "Each hidden unit computes z = w·x + b and passes on "
               "**g(z)**. Learning follows the slope **g′(z)**: where it is nearly 0 (shaded), "
               "the gradient *vanishes* and the weights behind it barely change.")

c1, c2, c3 = st.columns([3, 2, 2], gap="large")
z_lo, z_hi = c1.slider("Range of z", -20.0, 20.0, (-6.0, 6.0), step=0.5, key="act_z",
                       **widgets.KEEP)
slope = c2.slider("Leaky ReLU slope for z < 0", 0.0, 0.3, 0.01, step=0.01, key="act_alpha",
                  help="Not the learning rate α: the small slope leaky ReLU keeps where z < 0.", **widgets.KEEP)
flat = c3.select_slider("Shade where |g′(z)| is below", [0.01, 0.02, 0.05, 0.1, 0.2], 0.05,
                        key="act_flat", **widgets.KEEP)
if z_hi - z_lo < 0.5:
    st.warning("Choose a wider range of z.")
    st.stop()

z = np.linspace(z_lo, z_hi, 801)
every = list(NN_ACTIVATIONS)                    # nn_core's table: sigmoid, tanh, relu, ...
for pair in (every[i:i + 2] for i in range(0, len(every), 2)):
    charts, notes = st.columns(2, gap="large"), st.columns(2, gap="large")
    for name, chart_col, note_col in zip(pair, charts, notes):
        act = get_activation(name, slope)
        title = ACTIVATIONS.get(name, name) + (f" (slope {slope:g})" if name == "leaky_relu"
                                               else "")
        with chart_col:
            widgets.chart(activation_figure(z, act.g(z), act.dg(z), title, flat),
                          key=f"act_{name}")
        note_col.markdown(widgets.text(f"activation_{name}", missing=""))

st.divider()
st.info(widgets.text("activation_inputs"), icon=":material/lightbulb:")

st.subheader("Why a hidden layer, and why g(z) must be non-linear")
st.markdown(
    "Without a hidden layer the network is **logistic regression**: P(cat) = σ(W·x + b), and "
    "its boundary (where P = 0.5, W·x + b = 0) is a straight line, whatever it learns. A hidden "
    "layer of units with a **non-linear g(z)** can bend it. (With g(z) = z the hidden layer "
    "would be no help: W2(W1·x + b1) + b2 is again one W·x + b, a straight line.)")
data = st.segmented_control("Data", lesson.HIDDEN_DATASETS, default="flower", required=True,
                            key="act_hidden_data", **widgets.KEEP)
both = lesson_ui.hidden_layer_or_not(data)
widgets.chart(boundaries_figure(both.X, both.Y, both.xs, both.ys, list(both.P),
                                [f"{n}: {a:.0%}" for n, a in zip(("no hidden layer",
                                 f"{lesson.HIDDEN_UNITS} tanh units"), both.accuracy)],
                                title="Without and with a hidden layer"),
              key="act_hidden")
st.caption(f"Train accuracy after {lesson.HIDDEN_ITERATIONS} iterations at α "
           f"{lesson.HIDDEN_LR}: {both.names[0]} **{both.accuracy[0]:.0%}**; {both.names[1]} "
           f"**{both.accuracy[1]:.0%}**.")
