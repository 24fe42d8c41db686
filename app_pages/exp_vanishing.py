"""Experiment 4: vanishing gradients and dying ReLU, layer by layer, on a deeper network."""
import numpy as np
import streamlit as st

from classroom import LIMITS
from nn_core import Trainer
from nn_ui import experiments_training as xt
from nn_ui import widgets
from nn_ui.figures_experiments_training import layer_lines_figure, race_figure
from nn_ui.names import ACTIVATIONS, LEARNING_RATES, alpha_label

UNITS = 10
ACTS = ("sigmoid", "relu", "leaky_relu")
ITERATIONS = (200, 500, 1000, 2000, 5000)
P = "vanish"

widgets.header("4. Vanishing gradients and dying ReLU", (
    f"Three deep networks ({LIMITS.max_hidden_layers} hidden layers of {UNITS} units) learn the "
    "same data, with sigmoid, ReLU or leaky ReLU hidden layers. Back-propagation multiplies by "
    "g′(Z) at every layer: sigmoid's g′ is at most ¼, so the first layers get a tiny gradient "
    "(it *vanishes*); a ReLU unit with Z ≤ 0 on every example has g′ = 0 and gets no gradient "
    "(it is *dead*: in the first layer for good, deeper only until the layers below change); "
    "leaky ReLU keeps a small slope and no unit dies."))

choices = xt.data_choices()
c1, c2, c3, c4 = st.columns([2, 2, 3, 3])
dataset = c1.selectbox("Data", choices, index=choices.index("circles"), key=f"{P}_data",
                       bind="query-params")
depth = c2.selectbox("Hidden layers", tuple(range(2, LIMITS.max_hidden_layers + 1)),
                     index=LIMITS.max_hidden_layers - 2, key=f"{P}_depth", bind="query-params")
lr = c3.select_slider("Learning rate α", LEARNING_RATES, 0.1, key=f"{P}_lr",
                      format_func=alpha_label, bind="query-params")
target = c4.select_slider("Iterations", ITERATIONS, 1000, key=f"{P}_iterations",
                          bind="query-params")

inputs = xt.inputs(dataset)
if inputs is None:
    st.warning("The cat photos are not on this server: pick a 2-D data set.", icon=":material/info:")
    st.stop()
names = [ACTIVATIONS[a] for a in ACTS]
dims = [inputs.X.shape[0], *([UNITS] * depth), 1]


def make():
    trainers = [Trainer(inputs.X, inputs.Y, dims, a, learning_rate=lr, init="he", seed=1,
                        gram=inputs.gram) for a in ACTS]
    return xt.Race((dataset, depth, lr, target), names, target, trainers=trainers,
                   track_layers=True)


race = xt.race_for(P, (dataset, depth, lr, target), make)
xt.controls(P, race)


def draw(race: xt.Race) -> None:
    h = race.history
    its = [row["iteration"] for row in h]
    slow = np.array([[[s["saturated_share"] for s in net] for net in row["stats"]] for row in h])
    dead = np.array([[[s["dead_units"] for s in net] for net in row["stats"]] for row in h])
    grad = np.array([row["grad"] for row in h])              # (T, K, L) with the output layer
    relu = ACTS.index("relu")
    dead_relu = dead[:, relu:relu + 1, :]                     # only a ReLU unit can die
    now = h[-1]
    cols = st.columns(race.K)
    for k, col in enumerate(cols):
        g = now["grad"][k]
        ratio = g[0] / g[-1] if g[-1] > 0 else float("nan")
        col.metric(names[k], f"|dW1| = {g[0]:.1e}",
                   help="Mean |dW1| now: how hard back-propagation pushes the first hidden "
                   "layer's weights. A vanishing gradient is a tiny one: that layer hardly learns.")
        n_dead = int(dead[-1, k].sum())
        detail = (f"{n_dead} dead unit{'' if n_dead == 1 else 's'}" if ACTS[k] == "relu"
                  else f"g′ < 0.01 on {slow[-1, k].mean():.0%} of units × examples")
        col.caption(f"{detail} · the first layer's gradient is {ratio:.2g}× the output "
                    f"layer's" + (f" · :red[{race.status(k)}]" if race.diverged(k) else ""))
    widgets.chart(layer_lines_figure(its, slow, names, "Share of units × examples with "
                                     "g′(z) < 0.01, per hidden layer", "g′(z) < 0.01"),
                  key=f"{P}_slow")
    left, right = st.columns([1, 1], gap="large")
    with left:
        widgets.chart(layer_lines_figure(its, dead_relu, [names[relu]],
                                         f"Dead ReLU units (of {UNITS}) per hidden layer",
                                         "dead units", share=False, height=340),
                      key=f"{P}_dead")
    with right:
        log_grad = np.log10(np.maximum(grad[:, :, :-1], 1e-12)) if len(grad) else grad
        widgets.chart(layer_lines_figure(its, log_grad, names, "Gradient size per hidden layer",
                                         "log₁₀ mean |dW|", share=False, height=340),
                      key=f"{P}_grad")
    legend = [f"{n} · diverged" if race.diverged(k) else n for k, n in enumerate(names)]
    widgets.chart(race_figure(legend, [race.costs(k) for k in range(race.K)],
                              [race.diverged(k) for k in range(race.K)], x_max=race.target,
                              title=f"Cost J · α {alpha_label(lr)}", height=300), key=f"{P}_cost")
    for k in range(race.K):
        if race.diverged(k):
            st.error(f"{names[k]}: the run {race.status(k)}.", icon=":material/warning:")


xt.live(P, draw)
