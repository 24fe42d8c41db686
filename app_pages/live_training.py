"""Live training: the network learns while the learner watches the cost J fall."""
import streamlit as st

from classroom import LIMITS, LimitError
from nn_ui.view import link_ui as live_url
from nn_ui.common import widgets_ui as widgets
from nn_ui.data_sets.loaders_ui import cat_data_offer, have_cats
from nn_ui.figures.network import network_figure
from nn_ui.view.session_ui import on_dataset_change
from nn_ui.view import page_ui as page
from nn_ui.common.names import (ACTIVATIONS, CATS, DATASETS, DEFAULT_SPEED, INITS, SCALINGS,
                                SUGGESTED_LEARNING_RATE, hidden_units_text, label)
from nn_ui.live.defaults import DEFAULT_ITERATIONS, DEFAULT_SETTINGS as DEFAULT
from nn_ui.live.settings import Settings
from nn_ui.live.state import live_state

state = st.session_state
widgets.header("Live training", widgets.text("live"))
live_url.apply_link()              # a shared link's settings, checked, before the widgets

# ----- the network and its data (changing any of these makes a new network) -------------------
cats_here = have_cats()
with st.sidebar:
    st.header("Network and data")
    dataset = st.selectbox("Data", list(DATASETS), format_func=label(DATASETS), key="dataset",
                           index=list(DATASETS).index(DEFAULT.dataset if cats_here else "flower"),
                           on_change=on_dataset_change,
                           **widgets.KEEP)
    hidden_text = st.text_input(
        "Hidden units per layer", hidden_units_text(DEFAULT.hidden), key="hidden",
        help=f"One number per hidden layer: 8 is the article's network, 20, 7, 5 the course's "
             f"4-layer one. At most {LIMITS.max_hidden_layers} layers of {LIMITS.max_units}.",
        **widgets.KEEP)
    activation = st.selectbox("Hidden activation g", list(ACTIVATIONS), key="activation",
                              index=list(ACTIVATIONS).index(DEFAULT.activation),
                              format_func=label(ACTIVATIONS), **widgets.KEEP)
    init = st.selectbox("Initialisation of W", list(INITS), key="init", format_func=label(INITS),
                        index=list(INITS).index(DEFAULT.init), **widgets.KEEP)
    seed = int(st.number_input("Seed", 0, 10_000, DEFAULT.seed, key="seed", **widgets.KEEP))
    scaling = DEFAULT.scaling
    if dataset == CATS:
        scaling = st.selectbox("Input scaling", list(SCALINGS), key="scaling",
                               index=list(SCALINGS).index(DEFAULT.scaling),
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
# α is the live view's own control (one round trip when it moves mid-run): the session's value
lr = page.alpha_of(state, SUGGESTED_LEARNING_RATE[CATS if dataset == CATS else "toy"])
target = int(st.number_input("Iterations", 1, LIMITS.max_iterations, DEFAULT_ITERATIONS, step=100,
                             key="iterations", width=180, **widgets.KEEP))
state.setdefault("speed", DEFAULT_SPEED)    # the live view's speed at first (a link may set it)

feed = page.feed_for(state, settings, lr)
live_url.write_link()              # the address bar: these settings, a link to share
notice = live_state(state).notice
if notice:
    live_state(state).notice = None
    st.toast(notice, icon=":material/info:")


# ----- the live view: drawn by the browser, fed a chunk of data at a time -----------------------
@st.fragment
def live_view():
    page.view(state, target)


live_view()

# drawn only while open: every rerun of the page (an α moved) stays cheap
network = st.expander("The network being trained, with the lesson's shapes", key="live_network_open",
                      on_change="rerun")
if network.open:
    with network:
        widgets.chart(network_figure(feed.run.layer_dims, feed.run.inputs.X.shape[1],
                                     activation=ACTIVATIONS[settings.activation]),
                      key="live_network")
