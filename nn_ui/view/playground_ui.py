"""The live page's playground: the 2-D sets' controls in the sidebar (noise, training share,
batch size, λ, input features, each with its sentence) and the +/- buttons for the hidden
layers and their units under the network graph (the text field stays). The choices, their
sentences and defaults: ``nn_ui.live.playground``."""
from __future__ import annotations

import streamlit as st

from classroom import LIMITS
from nn_core.features import FEATURES, PLAIN
from nn_ui.common import widgets_ui as widgets
from nn_ui.common.names import CATS, hidden_units_text, parse_hidden_units
from nn_ui.live import playground as pg

state = st.session_state


def controls(dataset: str) -> dict:
    """The playground's widgets for a 2-D set (nothing for the photos) -> the keyword
    arguments of ``Settings.from_widgets``."""
    if dataset == CATS:
        return {}
    state.setdefault("noise", pg.default_noise(dataset))
    state.setdefault("split", pg.DEFAULT_SPLIT)
    state.setdefault("batch", pg.FULL_BATCH)
    state.setdefault("lambd", 0.0)
    state.setdefault("features", list(PLAIN))
    st.subheader("Playground", anchor=False)
    noise = st.select_slider("Noise", pg.NOISES, key="noise", format_func=lambda v: f"{v} %",
                             **widgets.KEEP)
    st.caption(pg.SENTENCES["noise"])
    split = st.select_slider("Training share", pg.SPLITS, key="split",
                             format_func=lambda v: f"{v} %", **widgets.KEEP)
    st.caption(pg.SENTENCES["split"])
    batch = st.selectbox("Batch size", pg.BATCH_SIZES, key="batch", format_func=pg.batch_label,
                         **widgets.KEEP)
    st.caption(pg.SENTENCES["batch"])
    lambd = st.select_slider("L2 regularisation λ", pg.LAMBDAS, key="lambd",
                             format_func=pg.lambda_label, **widgets.KEEP)
    st.caption(pg.SENTENCES["lambd"])
    features = st.pills("Input features", list(FEATURES), selection_mode="multi",
                        key="features", format_func=pg.feature_label, **widgets.KEEP)
    st.caption(pg.SENTENCES["features"])
    return {"noise": noise, "split": split, "batch": batch, "lambd": lambd,
            "features": tuple(features or ())}


def _units() -> list[int] | None:
    try:
        return list(parse_hidden_units(state.get("hidden", "")))
    except ValueError:
        return None


def _set_units(units: list[int]) -> None:
    state["hidden"] = hidden_units_text(tuple(units))


def _layers(delta: int) -> None:
    units = _units()
    if units is None:
        return
    if delta > 0 and len(units) < LIMITS.max_hidden_layers:
        units.append(units[-1])
    elif delta < 0 and len(units) > 1:
        units.pop()
    _set_units(units)


def _layer_units(layer: int, delta: int) -> None:
    units = _units()
    if units is None or layer >= len(units):
        return
    units[layer] = min(max(units[layer] + delta, 1), LIMITS.max_units)
    _set_units(units)


def layer_buttons() -> None:
    """+/- for the number of hidden layers and for the units of each (a new network)."""
    units = _units()
    if units is None:
        return
    group = dict(horizontal=True, vertical_alignment="center", gap="small", width="content")
    with st.container(horizontal=True, key="live_layer_buttons", vertical_alignment="center"):
        with st.container(**group):
            st.markdown(f"**{len(units)} hidden layer{'s' if len(units) > 1 else ''}**")
            st.button("−", key="layers_minus", on_click=_layers, args=(-1,),
                      disabled=len(units) <= 1, help="Remove the last hidden layer.")
            st.button("+", key="layers_plus", on_click=_layers, args=(1,),
                      disabled=len(units) >= LIMITS.max_hidden_layers,
                      help="Add a hidden layer (as wide as the last one).")
        for k, n in enumerate(units):
            with st.container(**group):
                st.markdown(f"layer {k + 1}: **{n}**")
                st.button("−", key=f"units_minus_{k}", on_click=_layer_units, args=(k, -1),
                          disabled=n <= 1, help=f"One unit fewer in hidden layer {k + 1}.")
                st.button("+", key=f"units_plus_{k}", on_click=_layer_units, args=(k, 1),
                          disabled=n >= LIMITS.max_units,
                          help=f"One more unit in hidden layer {k + 1}.")
    st.caption("− and + change the hidden layers (as the text field does): a new network "
               "starts from iteration 0.")
