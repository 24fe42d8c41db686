"""Experiment 6, gradient check: back-propagation against the numerical derivative."""
import streamlit as st

from nn_ui.common import widgets_ui as widgets
from nn_ui.data_sets.loaders_ui import cats_or_flower
from nn_ui.figures.gradcheck import (VERDICT_COLORS, gradient_pairs_figure, relative_error_figure,
                                     verdict)
from nn_ui.experiments.gradient_check import BAD, BUGS, GOOD, check_gradients
from nn_ui.common.names import ACTIVATIONS

URL = {"bind": "query-params"}
widgets.header("6. Gradient check", "Back-propagation computes every dW and db with the chain "
               "rule. The **numerical derivative** nudges one weight by ε = 10⁻⁵ each way and "
               "measures the change of the cost: (J(θ+ε) − J(θ−ε)) / 2ε. If both agree to a "
               f"relative error under **{GOOD:.0e}**, back-propagation is right; above "
               f"**{BAD:.0e}** it is surely wrong. Plant a bug and watch the check turn red.")

c1, c2, c3, c4, c5 = st.columns([3, 2, 2, 2, 1.3])
activation = c1.selectbox("Hidden activation g", list(ACTIVATIONS), key="gc_activation",
                          format_func=ACTIVATIONS.get, **URL)
hidden = c2.select_slider("Hidden units", (2, 4, 8, 16, 32), 8, key="gc_hidden", **URL)
examples = c3.select_slider("Photos (examples)", (1, 2, 3, 5, 10, 20), 3, key="gc_examples",
                            **URL, help="A gradient check needs only a few examples.")
entries = c4.select_slider("Entries checked per W, b", (5, 10, 20, 50), 10, key="gc_entries",
                           **URL, help="Sampled at random in each parameter (all of b2).")
seed = int(c5.number_input("Seed", 0, 10_000, 1, key="gc_seed", **URL))

b1, b2 = st.columns([2, 5], vertical_alignment="bottom")
plant = b1.toggle("Plant a bug in back-propagation", key="gc_plant", **URL)
bug_label = b2.selectbox(
    "Which bug", list(BUGS.values()), key="gc_bug", disabled=not plant, **URL,
    help="dW2 doubled: twice the right value. db1 forgotten: left at 0. Wrong slope for "
         "negative Z: g′(Z) taken as 1 where Z < 0, as if a ReLU never switched off. "
         "dW1 not divided by m: m times too large.")
bug = next(name for name, label in BUGS.items() if label == bug_label) if plant else None

check = check_gradients(cats_or_flower(), hidden, activation, examples, entries, seed, bug)
r = check.result
words = verdict(r.relative_error, GOOD, BAD)
text = (f"Relative error over all checked entries: **{r.relative_error:.1e}**, {words}. "
        f"Network {'-'.join(map(str, check.layer_dims))} with {ACTIVATIONS[activation]}, "
        f"He initialisation (seed {seed}), on {check.data}.")
if words == "right":
    st.success("Back-propagation is right. " + text, icon=":material/check_circle:")
elif words == "suspicious":
    st.warning("Suspicious: look closer. " + text, icon=":material/warning:")
else:
    st.error("Back-propagation is wrong. " + text, icon=":material/cancel:")

left, right = st.columns(2, gap="large")
with left:
    widgets.chart(relative_error_figure(r.per_parameter, GOOD, BAD), key="gc_errors")
with right:
    widgets.chart(gradient_pairs_figure(r.analytic, r.numeric), key="gc_pairs")
bad_ones = [name for name, e in r.per_parameter.items() if verdict(e, GOOD, BAD) != "right"]
st.markdown("The check names the culprit: " + (
    ", ".join(f":{'red' if verdict(r.per_parameter[n]) == 'surely wrong' else 'orange'}"
              f"[**{n}**]" for n in bad_ones)
    + (" disagrees" if len(bad_ones) == 1 else " disagree") + " with the numerical gradient; "
    "the others are right." if bad_ones else "every gradient agrees with the numerical one."))
st.caption(f"Colours: {', '.join(f'{k}' for k in VERDICT_COLORS)} (green, orange, red). The check "
           "is slow (two forward passes per checked weight), so it is run once to test the code, "
           "never during training.")
