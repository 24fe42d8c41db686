"""The page pieces that train the network on the learner's own photos: the same live view as
Live training (``nn_ui.view.page_ui``: Play, Pause, Step, Reset, α mid-run, speeds, the train and
test curves, the W1 pictures), the same network settings with the same widget keys (``hidden``,
``activation``, ``init``, ``seed``, ``iterations``), on the session's photos as ``Inputs``.

The session has one live run: training on the learner's photos starts a new network (the run
before is kept on the Cost curves page), as changing the data set on Live training does.
"""
from __future__ import annotations

import streamlit as st

from classroom import LIMITS, LimitError
from nn_ui.common import widgets_ui as widgets
from nn_ui.common.names import (
    ACTIVATIONS,
    CATS,
    DEFAULT_SPEED,
    INITS,
    OWN,
    SUGGESTED_LEARNING_RATE,
    hidden_units_text,
    label,
)
from nn_ui.data_sets.inputs import Inputs, read_only
from nn_ui.live.feed import Feed
from nn_ui.live.settings import Settings
from nn_ui.live.state import live_state
from nn_ui.own_data.model import OwnData
from nn_ui.view import page_ui as page

#: The photos are standardised as the cat photos can be (nn_io.photo_data.SCALING).
SCALING = "standardize"
#: Where the session keeps its photos as Inputs: (version of the set, Inputs).
INPUTS_KEY = "own_inputs"
DEFAULT_ITERATIONS = 1000


def own_inputs(state, own: OwnData) -> Inputs:
    """The session's photos as the network's Inputs, made once per version of the set (the same
    object while the set is unchanged: a new one makes a new network)."""
    kept = state.get(INPUTS_KEY)
    if kept is None or kept[0] != own.version:
        d = own.dataset()
        gram = d.X.T @ d.X
        read_only(gram)
        kept = state[INPUTS_KEY] = (own.version, Inputs(
            d.X, d.Y, d.X_test, d.Y_test, d.class_names, (64, 64, 3), SCALING, d.stats, gram,
            private=True))
    return kept[1]


def is_own(run, inputs: Inputs | None = None) -> bool:
    """Whether ``run`` (a LiveRun or None) trains on the learner's photos (on ``inputs``)."""
    return run is not None and run.settings.dataset == OWN and (
        inputs is None or run.inputs is inputs)


def settings_sidebar() -> Settings | None:
    """The network's settings, in the sidebar, with Live training's widgets and keys (the same
    values on both pages); None after a sentence when they make no network."""
    with st.sidebar:
        st.header("Network")
        hidden_text = st.text_input(
            "Hidden units per layer", hidden_units_text((8,)), key="hidden",
            help=f"One number per hidden layer. At most {LIMITS.max_hidden_layers} layers of "
                 f"{LIMITS.max_units}.", **widgets.KEEP)
        activation = st.selectbox("Hidden activation g", list(ACTIVATIONS), key="activation",
                                  format_func=label(ACTIVATIONS), **widgets.KEEP)
        init = st.selectbox("Initialisation of W", list(INITS), key="init",
                            format_func=label(INITS), **widgets.KEEP)
        seed = int(st.number_input("Seed", 0, 10_000, 1, key="seed", **widgets.KEEP))
        st.caption("The same settings as on Live training. Changing one, or your photos, "
                   "starts a new network from iteration 0.")
    try:
        return Settings.from_widgets(OWN, hidden_text, activation, init, seed, SCALING)
    except (ValueError, LimitError) as err:
        st.error(f"Hidden units: {err}", icon=":material/error:")
        return None


def train(own: OwnData) -> Feed | None:
    """The live view on the learner's photos (each class must have enough), or a sentence."""
    state = st.session_state
    settings = settings_sidebar()
    if settings is None:
        return None
    if not own.ready():
        st.info(own.missing() + " Then the network learns here, live.",
                icon=":material/hourglass_empty:")
        return None
    inputs = own_inputs(state, own)
    if not is_own(live_state(state).run):       # from another data set: α that suits photos
        live_state(state).lr = SUGGESTED_LEARNING_RATE[CATS]
    lr = page.alpha_of(state, SUGGESTED_LEARNING_RATE[CATS])
    m, m_test = inputs.X.shape[1], inputs.X_test.shape[1]
    st.markdown(f"The network learns from **X ({inputs.X.shape[0]}, {m})**: {m} of your "
                f"photos, one a column, and is tested on **{m_test}** it never learns from. "
                "Press **▶ Play**; watch the **train** and **test** costs part when it learns "
                "your photos rather than the things.")
    target = int(st.number_input("Iterations", 1, LIMITS.max_iterations, DEFAULT_ITERATIONS,
                                 step=100, key="iterations", width=180, **widgets.KEEP))
    state.setdefault("speed", DEFAULT_SPEED)
    feed = page.feed_for(state, settings, lr, inputs)
    if feed is None:
        return None
    if state.get("notice"):
        st.toast(state.pop("notice"), icon=":material/info:")
    _live_view(target)
    return feed


@st.fragment
def _live_view(target: int) -> None:
    page.view(st.session_state, target)
