"""Experiment 5: one iteration, step by step, with the real shapes and numbers."""
import streamlit as st

from nn_core import initialize_parameters
from nn_core.walkthrough import one_iteration
from nn_ui.common import widgets_ui as widgets
from nn_ui.data_sets.loaders_ui import data_choices, inputs_or_stop
from nn_ui.figures.curves import excerpt_figure
from nn_ui.common.names import CATS, LEARNING_RATES, alpha_label
from nn_ui.experiments.shape_quiz import shape_choices, shape_text

P = "step"
PHASES = {"forward": "Forward propagation", "cost": "The cost", "backward": "Back-propagation",
          "update": "The update"}

widgets.header("5. One iteration, step by step", (
    "One iteration of gradient descent on the whole training set, array by array: forward "
    "propagation, the cost, back-propagation, the update. Before each array is shown, guess its "
    "shape: (rows, columns), where a column is one example."))

choices = data_choices()
c1, c2, c3, c4 = st.columns([2, 2, 3, 2], vertical_alignment="bottom")
dataset = c1.selectbox("Data", choices, index=choices.index(CATS if CATS in choices else "flower"),
                       key=f"{P}_data", bind="query-params")
hidden = c2.selectbox("Hidden units", (4, 8, 16), index=1, key=f"{P}_hidden", bind="query-params")
lr = c3.select_slider("Learning rate α", LEARNING_RATES, 0.0075, key=f"{P}_lr",
                      format_func=alpha_label, bind="query-params")
reveal_all = c4.toggle("Show every step", key=f"{P}_reveal", bind="query-params",
                       help="Skip the questions (for the teacher's projector).")

inputs = inputs_or_stop(dataset)
X, Y = inputs.X, inputs.Y
dims = [X.shape[0], hidden, 1]
params = initialize_parameters(dims, "he", seed=1)
steps = one_iteration(X, Y, params, lr, "relu")
m = X.shape[1]

st.markdown(f"The network: **{dims[0]:,} inputs → {hidden} ReLU units → 1 sigmoid output**, "
            f"**m = {m}** training examples, He initialisation (seed 1), α = {alpha_label(lr)}.  \n"
            f"Given: **X** {shape_text(X.shape)}, **Y** {shape_text(Y.shape)}, "
            f"**W1** {shape_text(params['W1'].shape)}, **b1** {shape_text(params['b1'].shape)}, "
            f"**W2** {shape_text(params['W2'].shape)}, **b2** {shape_text(params['b2'].shape)}.")


def clear_guesses():
    for key in [k for k in st.session_state if str(k).startswith(f"{P}_guess_")]:
        del st.session_state[key]


st.button("Start the questions again", key=f"{P}_restart", icon=":material/restart_alt:",
          on_click=clear_guesses)

phase = None
right = asked = 0
for i, step in enumerate(steps):
    if step.phase != phase:
        phase = step.phase
        st.subheader(PHASES[phase])
    with st.container(border=True):
        head, body = st.columns([2, 3], gap="large")
        truth = shape_text(step.shape)
        with head:
            st.markdown(f"**Step {i + 1} · {step.name}**")
            st.code(step.formula, language=None, wrap_lines=True)
            if not reveal_all:
                guess = st.radio(f"What is the shape of {step.name}?",
                                 shape_choices(step.shape, dims, m, step.name), index=None,
                                 key=f"{P}_guess_{i}", horizontal=True)
                if guess is None:
                    st.caption("Pick a shape to see the step.")
                    break
                asked += 1
                right += guess == truth
                if guess == truth:
                    st.success(f"Right: {step.name} is {truth}.", icon=":material/check_circle:")
                else:
                    st.error(f"Not quite: {step.name} is {truth}, not {guess}.",
                             icon=":material/cancel:")
            else:
                st.markdown(f"Shape **{truth}**")
        with body:
            if step.shape == ():
                st.metric(f"{step.name}", f"{float(step.value):.4f}")
            else:
                widgets.chart(excerpt_figure(step.value, step.name), key=f"{P}_heat_{i}")
else:
    if not reveal_all:
        st.success(f"One whole iteration done: {right} of {asked} shapes right. The next "
                   "iteration starts again from Z1 with the new W and b.", icon=":material/school:")
