"""Experiment 4: vanishing gradients and dying ReLU, layer by layer, on a deeper network."""
import numpy as np
import streamlit as st

from classroom import LIMITS
from nn_core import Trainer, initialize_parameters
from nn_ui.common import widgets_ui as widgets
from nn_ui.data_sets.loaders_ui import data_choices, inputs_or_stop
from nn_ui.figures.race import layer_lines_figure
from nn_ui.common.names import ACTIVATIONS, LEARNING_RATES, alpha_label
from nn_ui.experiments.race import Look, Race
from nn_ui.experiments.race_ui import columns, controls, race_for, view
from nn_ui.experiments.race_words import gradient_ratio

UNIT_CHOICES = (3, 5, 10)
ACTS = ("sigmoid", "relu", "leaky_relu")
ITERATIONS = (200, 500, 1000, 2000, 5000)
#: Unit 1's bias at the start (0: as initialised, like every bias).
BIASES = (0, -2, -5, -10)
P = "vanish"

widgets.header("4. Vanishing gradients and dying ReLU", (
    "Three networks learn the same data, with sigmoid, ReLU or leaky ReLU hidden layers. "
    "Back-propagation multiplies by g′(Z) at every layer: sigmoid's g′ is at most ¼, so in a "
    "deep network the first layers get a tiny gradient (it *vanishes*). A ReLU unit with Z ≤ 0 "
    "on every example has g′ = 0 and gets no gradient at all: it is *dead* (in the first layer "
    "for good). Leaky ReLU keeps a slope of 0.01 there, so such a unit still learns and can "
    "come back. Give one unit a very negative bias to see it."))

choices = data_choices()
buttons, settings, stage = columns()
dataset = settings.selectbox("Data", choices, index=choices.index("circles"), key=f"{P}_data",
                             bind="query-params")
depth = settings.selectbox("Hidden layers", tuple(range(1, LIMITS.max_hidden_layers + 1)),
                           index=LIMITS.max_hidden_layers - 1, key=f"{P}_depth",
                           bind="query-params")
lr = settings.select_slider("Learning rate α", LEARNING_RATES, 0.1, key=f"{P}_lr",
                            format_func=alpha_label, bind="query-params")
units = settings.selectbox("Units a layer", UNIT_CHOICES, index=UNIT_CHOICES.index(10),
                           key=f"{P}_units", bind="query-params")
bias = settings.selectbox("Unit 1's starting bias b", BIASES, key=f"{P}_bias",
                          bind="query-params", help="0: like every bias. Very negative: unit 1 "
                          "of layer 1 has Z = w·x + b ≤ 0 on every example, so it starts dead.")
target = settings.select_slider("Iterations", ITERATIONS, 1000, key=f"{P}_iterations",
                                bind="query-params")

inputs = inputs_or_stop(dataset)
names = [ACTIVATIONS[a] for a in ACTS]
dims = [inputs.X.shape[0], *([units] * depth), 1]
key = (dataset, depth, units, bias, lr, target)


def start() -> dict:           # He (seed 1), unit 1's bias set to ``bias``
    params = initialize_parameters(dims, "he", 1)
    params["b1"][0, 0] = bias
    return params


def make():
    trainers = [Trainer(inputs.X, inputs.Y, dims, a, learning_rate=lr, parameters=start(),
                        gram=inputs.gram) for a in ACTS]
    return Race(key, names, target, trainers=trainers, track_layers=True, number="grad1")


race = race_for(P, key, make)
with buttons:
    controls(P, race)


def draw(race: Race) -> None:
    """The race where it ended: each activation's first-layer gradient, its units, and the
    layers over the race."""
    h = race.history
    its = [row["iteration"] for row in h]
    slow = np.array([[[s["saturated_share"] for s in net] for net in row["stats"]] for row in h])
    dead = np.array([[[s["dead_units"] for s in net] for net in row["stats"]] for row in h])
    grad = np.array([row["grad"] for row in h])              # (T, K, L) with the output layer
    relu = ACTS.index("relu")                                 # only a ReLU unit can die
    now = h[-1]
    cols = st.columns(race.K)
    m = race.trainers[0].m
    for k, col in enumerate(cols):
        g = now["grad"][k]
        col.markdown(f"**{names[k]}**")              # its mean |dW1|: in the race view above
        n_dead = int(dead[-1, k].sum())
        detail = (f"{n_dead} dead unit{'' if n_dead == 1 else 's'}" if ACTS[k] == "relu"
                  else f"g′ < 0.01 on {slow[-1, k].mean():.0%} of units × examples")
        if bias != 0:
            on = now["unit1"][k]
            detail = (f"unit 1 dead: Z ≤ 0 on all {m} examples" if on == 0 else
                      f"unit 1 alive: Z > 0 on {on} of {m} examples") + " · " + detail
        col.caption(detail + " · " + gradient_ratio(g)
                    + (f" · :red[{race.status(k)}]" if race.diverged(k) else ""))
    if bias != 0:
        active = np.array([row["unit1"] for row in h], dtype=float)[:, :, None]
        widgets.chart(layer_lines_figure(its, active, names, f"Unit 1 of layer 1 (bias started "
                                         f"at {bias:g}): examples where Z > 0", "examples",
                                         share=False, height=320), key=f"{P}_unit1", panels=race.K)
    widgets.chart(layer_lines_figure(its, slow, names, "Share of units × examples with "
                                     "g′(z) < 0.01, per hidden layer", "g′(z) < 0.01"),
                  key=f"{P}_slow", panels=race.K)
    widgets.chart(layer_lines_figure(its, dead[:, relu:relu + 1, :], [names[relu]],
                                     f"Dead ReLU units (of {units})", "dead units", share=False,
                                     height=340), key=f"{P}_dead")
    log_grad = np.log10(np.maximum(grad[:, :, :-1], 1e-12)) if len(grad) else grad
    widgets.chart(layer_lines_figure(its, log_grad, names, "Gradient size per hidden layer",
                                     "log₁₀ mean |dW|", share=False, height=340),
                  key=f"{P}_grad", panels=race.K)
    for k in range(race.K):
        if race.diverged(k):
            st.error(f"{names[k]}: the run {race.status(k)}.", icon=":material/warning:")


look = Look(f"Cost J · α {alpha_label(lr)}", metric_label="mean |dW1|", metric_format="exp",
            metric_chart="Mean |dW1|: how hard the first layer is pushed")
with stage:
    view(P, look, draw)
