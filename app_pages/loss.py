"""Loss and cost: the binary cross-entropy of one example, the cost J as the mean over the
examples, what the network learns (W, b) against what you choose (hyper-parameters)."""
import numpy as np
import pandas as pd
import streamlit as st

from nn_ui.experiments import lesson
from nn_ui.common import widgets_ui as widgets
from nn_ui.figures.loss import loss_curves_figure

widgets.header("Loss and cost", (
    "The network answers **a = ŷ = P(cat)** for each photo. The **loss** L(a, y) says how wrong "
    "that one answer is; the **cost J** is the mean loss over all m training examples. Training "
    "changes W and b to make J smaller."))

left, right = st.columns([5, 4], gap="large")
with left:
    st.markdown(
        "The loss the lesson uses is the **binary cross-entropy** (binary: two classes, cat or "
        "not):\n\n"
        "$$L(a, y) = -\\,y \\log a \\; - \\; (1 - y) \\log(1 - a)$$\n\n"
        "Only one of the two terms counts for a given photo: for a **cat** (y = 1) the loss is "
        "**−log a**, for a **non-cat** (y = 0) it is **−log(1 − a)**. Each is **−log of the "
        "probability the network gave the right answer**: 0 when it gave it probability 1 "
        "(−log a cuts the axis at a = 1), and it grows without limit as that probability goes "
        "to 0: a sure mistake costs a lot.")
    y = st.segmented_control("This example is", [1, 0], default=1, required=True,
                             format_func={1: "a cat (y = 1)", 0: "not a cat (y = 0)"}.get,
                             key="loss_y", **widgets.KEEP)
    a = st.slider("The network's answer a = P(cat)", 0.01, 0.99, 0.8, step=0.01, key="loss_a",
                  **widgets.KEEP)
    value = -np.log(a) if y == 1 else -np.log(1 - a)
    st.markdown(f"Its loss: L({a:.2f}, {y}) = {'−log a' if y == 1 else '−log(1 − a)'} = "
                f"**{value:.3f}**")
with right:
    widgets.chart(loss_curves_figure(a, y), key="loss_curves")

st.subheader("The cost J: the mean of the losses")
rows, J = lesson.loss_table()
c1, c2 = st.columns([5, 4], gap="large")
with c1:
    st.dataframe(pd.DataFrame(rows), hide_index=True, key="loss_table", column_config={
        "a = P(cat)": st.column_config.NumberColumn(format="%.2f"),
        "loss L(a, y)": st.column_config.NumberColumn(format="%.3f")})
with c2:
    st.markdown(
        f"$$J = \\frac{{1}}{{m}} \\sum_{{i=1}}^{{m}} L(a^{{(i)}}, y^{{(i)}})$$\n\n"
        f"For these m = {len(rows)} examples: **J = {J:.3f}**. The one sure mistake makes most "
        f"of it. The cost curves of this app are this J, computed on the 209 training photos "
        f"after each iteration.")

st.subheader("What the network learns, what you choose")
b = lesson.starting_biases()
st.markdown(
    "- **Parameters**: the weights **W1, W2** and biases **b1, b2**. Gradient descent learns "
    "them: each iteration, `W := W − α·dW` and `b := b − α·db`. For the 12288-8-1 network "
    f"that is {12288 * 8 + 8 + 8 + 1:,} numbers.\n"
    "- **Hyper-parameters**: what you choose before training and gradient descent never "
    "changes: the **learning rate α**, the **number of iterations**, the number of layers and "
    "units, the activation g(z), the initialisation. You pick them by trying, and compare the "
    "runs' costs (the Cost curves page).\n"
    "- **Where training starts**: W small and random (`randn × 0.01`), so the units start "
    "different; the **biases b start at zero**: the random W are enough to break the symmetry. "
    f"Here, the 12288-8-1 network's start: b1 = {np.array2string(b['b1'][:, 0], precision=1)}, "
    f"b2 = {np.array2string(b['b2'][:, 0], precision=1)}, and W1 between "
    f"{b['W1'].min():.3f} and {b['W1'].max():.3f}.")
st.page_link("app_pages/live_training.py", label="Watch J fall on Live training",
             icon=":material/play_circle:")
