"""Live training: the network learns while the learner watches the cost J fall."""
import streamlit as st

from uuid import uuid4

from classroom import LIMITS, PACER, LimitError
from nn_ui import live_url, widgets
from nn_ui.data import cat_data_offer, have_cats
from nn_ui.figure_style import RUN_COLORS
from nn_ui.figures import Curve, cost_figure
from nn_ui.figures_network import boundary_figure, grid_for, network_figure, weights_figure
from nn_ui.live_run import current_run, on_dataset_change, pause, play, reset, step, train
from nn_ui.names import (ACTIVATIONS, CATS, DATASETS, INITS, LEARNING_RATES, SCALINGS, SPEEDS,
                         SUGGESTED_LEARNING_RATE, alpha_label, hidden_units_text, label,
                         speed_label)
from nn_ui.runs import save_run
from nn_ui.settings import Settings

state = st.session_state
widgets.header("Live training", widgets.text("live"))
live_url.apply_link()              # a shared link's settings, checked, before the widgets

# ----- the network and its data (changing any of these makes a new network) -------------------
cats_here = have_cats()
with st.sidebar:
    st.header("Network and data")
    dataset = st.selectbox("Data", list(DATASETS), format_func=label(DATASETS), key="dataset",
                           index=0 if cats_here else 1, on_change=on_dataset_change,
                           **widgets.KEEP)
    hidden_text = st.text_input(
        "Hidden units per layer", hidden_units_text((8,)), key="hidden",
        help=f"One number per hidden layer: 8 is the article's network, 20, 7, 5 the course's "
             f"4-layer one. At most {LIMITS.max_hidden_layers} layers of {LIMITS.max_units}.",
        **widgets.KEEP)
    activation = st.selectbox("Hidden activation g", list(ACTIVATIONS), key="activation",
                              format_func=label(ACTIVATIONS), **widgets.KEEP)
    init = st.selectbox("Initialisation of W", list(INITS), key="init", format_func=label(INITS),
                        **widgets.KEEP)
    seed = int(st.number_input("Seed", 0, 10_000, 1, key="seed", **widgets.KEEP))
    scaling = "scale"
    if dataset == CATS:
        scaling = st.selectbox("Input scaling", list(SCALINGS), key="scaling",
                               format_func=label(SCALINGS), **widgets.KEEP)
    st.caption("Changing any of these starts a new network from iteration 0.")

try:
    settings = Settings.from_widgets(dataset, hidden_text, activation, init, seed, scaling)
except (ValueError, LimitError) as err:
    st.error(f"Hidden units: {err}", icon=":material/error:")
    st.stop()

if dataset == CATS and not cats_here:
    cat_data_offer()
    st.stop()

# ----- the controls of the run (they keep the network) ------------------------------------------
c_lr, c_it, c_speed = st.columns([5, 2, 3], gap="medium")
state.setdefault("lr", SUGGESTED_LEARNING_RATE[CATS if dataset == CATS else "toy"])
lr = c_lr.select_slider("Learning rate α", LEARNING_RATES, key="lr", format_func=alpha_label,
                        help="W := W − α · dW. You can change "
                        "it while the network learns.", **widgets.KEEP)
target = int(c_it.number_input("Iterations", 1, LIMITS.max_iterations, 2500, step=100,
                               key="iterations", **widgets.KEEP))
speed = c_speed.select_slider("Speed: iterations per frame", SPEEDS, 25, key="speed",
                              format_func=speed_label, **widgets.KEEP)

live = current_run(state, settings, lr)
trainer = live.trainer
done = trainer.iteration >= target

b1, b2, b3, b4, b5 = st.columns([1.2, 1.2, 1.2, 1.2, 3], vertical_alignment="bottom")
playing = bool(state.get("playing"))
b1.button("Play", key="play", icon=":material/play_arrow:", type="primary", on_click=play,
          args=(target,), disabled=playing or done or trainer.diverged, width="stretch")
b2.button("Pause", key="pause", icon=":material/pause:", on_click=pause, disabled=not playing,
          width="stretch")
b3.button("Step", key="step", icon=":material/skip_next:", on_click=step,
          disabled=playing or trainer.diverged, width="stretch",
          help="One iteration: forward, cost, backward, update.")
b4.button("Reset", key="reset", icon=":material/restart_alt:", on_click=reset, args=(lr,),
          width="stretch", help="A new network with the same settings, from iteration 0.")
log_y = b5.toggle("Cost on a log scale", key="log_cost", **widgets.KEEP)

live_url.write_link()              # the address bar: these settings, a link to share

if state.get("notice"):
    st.info(state.pop("notice"), icon=":material/info:")


# ----- the live view: one slice of training and a redraw per frame ---------------------------
# The server shares its frames among the students who are playing (classroom.PACER): alone, a
# frame every 0.25 s; forty at once, fewer frames each, with more iterations in each.
pace_key = state.setdefault("pace_key", uuid4().hex)
every = PACER.interval(pace_key) if playing else None
if not playing:
    PACER.stop(pace_key)


@st.fragment(run_every=every)
def live_view():
    run = state["live"]
    t = run.trainer
    if state.get("playing"):
        if PACER.repace(pace_key, every):
            st.rerun()                       # the class got busier or quieter: a new pace
        remaining = target - t.iteration
        if remaining > 0:
            n = PACER.scaled(speed, every) if speed else remaining
            train(run, min(n, remaining), wait=min(1.0, every / 2))
        if t.diverged or t.iteration >= target:
            state["playing"] = False
            save_run(state, run, finished=True)
            st.rerun()                       # a full rerun: the buttons change, the timer stops
    m1, m2, m3, m4, m5 = st.columns(5)
    m1.metric(f"Iteration (of {target:,})", f"{t.iteration:,}")
    m2.metric("Cost J", "–" if run.cost() is None else f"{run.cost():.4f}")
    acc, test_acc = run.train_accuracy(), run.test_accuracy()
    m3.metric("Train accuracy", f"{acc:.1%}")
    m4.metric("Test accuracy", "–" if test_acc is None else f"{test_acc:.1%}")
    m5.metric("ms per iteration", "–" if run.ms_per_iteration is None
              else f"{run.ms_per_iteration:.2f}", help="Compute time of the last frame's "
              "iterations, divided by their number.")
    if t.diverged:
        st.error(f"The run stopped: it {t.status}. Lower α and press Reset.",
                 icon=":material/warning:")
    elif t.iteration >= target:
        st.success(f"Done: {t.iteration:,} iterations. Raise *Iterations* to train on, or "
                   "change α, or the network, and compare on the Cost curves page.",
                   icon=":material/check_circle:")
    if run.busy_message:
        st.caption(run.busy_message)

    left, right = st.columns([1, 1], gap="large")
    with left:
        # before the first update, the cost at iteration 0 (the metric's) is the curve's start
        costs = t.costs if t.costs else [run.cost()]
        curves = [Curve("training set", range(len(costs)), costs, RUN_COLORS[0])]
        if run.test_costs:
            it, tc = zip(*run.test_costs)
            curves.append(Curve("test set", it, tc, RUN_COLORS[1], dash="dot"))
        widgets.chart(cost_figure(curves, log_y, title=f"Cost J · {run.alpha_text()}",
                                  x_max=max(target, t.iteration)), key="live_cost")
    with right:
        inputs = run.inputs
        if inputs.image_shape is not None:
            widgets.chart(weights_figure(t.parameters["W1"], inputs.image_shape), key="live_w1")
            st.caption("Each picture is one hidden unit's row of W1, its weights from the most "
                       "negative (dark) to the most positive (bright). A photo that looks like a "
                       "unit's picture makes its Z1 = W1·x + b1 large, and A1 = g(Z1) fires.")
        else:
            xs, ys, G = grid_for(inputs.X)
            P = t.predict_proba(G).reshape(len(ys), len(xs))
            widgets.chart(boundary_figure(inputs.X, inputs.Y, xs, ys, P), key="live_boundary")
            st.caption("Background: the network's P(class 1) at each point; the line is where "
                       "it says 0.5. Points: the training examples.")


live_view()

with st.expander("The network being trained, with the lesson's shapes"):
    widgets.chart(network_figure(live.layer_dims, live.inputs.X.shape[1],
                                 activation=ACTIVATIONS[settings.activation]),
                  key="live_network")
