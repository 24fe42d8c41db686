"""Experiment 1: initialisation and symmetry. Four networks, one data set, four ways to start."""
import numpy as np
import streamlit as st

from classroom import LIMITS
from nn_core import BatchTrainer, predict_proba
from nn_ui.common import widgets_ui as widgets
from nn_ui.data_sets.loaders_ui import data_choices, inputs_or_stop
from nn_ui.figures.network import grid_for, weights_figure
from nn_ui.figures.race import accuracy_figure, boundaries_figure, weight_vectors_figure
from nn_ui.common.names import LEARNING_RATES, alpha_label
from nn_ui.experiments.race import COURSE_TABLE, Look, Race
from nn_ui.experiments.race_ui import columns, controls, race_for, view
from nn_ui.experiments.race_words import small_random_note

#: The four starts: name on the page, nn_core init, scale of "random".
STARTS = (("zeros", "zeros", 0.01), ("small random ×0.01", "random", 0.01),
          ("random ×10", "random", 10.0), ("He", "he", 0.01))
HIDDEN = (10, 5)
ITERATIONS = (1000, 2000, 5000, LIMITS.max_iterations)
P = "init"

widgets.header("1. Initialisation and symmetry", (
    "Four copies of the course's network (two hidden ReLU layers of 10 and 5 units) learn the same "
    "data, starting from four different weights. With **all weights zero**, every hidden unit "
    "computes the same thing and receives the same update, so they stay identical for ever: "
    "the network is no better than one unit."))

buttons, settings, stage = columns()
choices = data_choices()
dataset = settings.selectbox("Data", choices, index=choices.index("circles"), key=f"{P}_data",
                             bind="query-params")
lr = settings.select_slider("Learning rate α", LEARNING_RATES, 0.01, key=f"{P}_lr",
                            format_func=alpha_label, bind="query-params")
target = settings.select_slider("Iterations", ITERATIONS, LIMITS.max_iterations,
                                key=f"{P}_iterations", bind="query-params")
seed = int(settings.number_input("Seed", 0, 10_000, 1, key=f"{P}_seed", bind="query-params"))
log_y = settings.toggle("Cost on a log scale", True, key=f"{P}_log", bind="query-params",
                        help="Random ×10 starts at a cost near 100: on a linear scale the "
                        "others look flat.")

inputs = inputs_or_stop(dataset)
names = [name for name, _, _ in STARTS]


def make():
    batch = BatchTrainer(inputs.X, inputs.Y, [inputs.X.shape[0], *HIDDEN, 1], "relu",
                         learning_rates=lr, inits=[i for _, i, _ in STARTS], seeds=seed,
                         init_scales=[s for _, _, s in STARTS])
    return Race((dataset, lr, target, seed), names, target, batch=batch)


race = race_for(P, (dataset, lr, target, seed), make)
with buttons:
    controls(P, race)


def draw(race: Race) -> None:
    """The race where it ended: each start's accuracy and hidden units, and its W1."""
    acc = race.train_accuracy()
    W1s = [race.parameters(k)["W1"] for k in range(race.K)]
    same = [bool(np.allclose(W, W[:1], rtol=0, atol=1e-12)) for W in W1s]
    cols = st.columns(race.K)
    for k, col in enumerate(cols):
        col.markdown(f"**{names[k]}**")              # its accuracy: in the race view above
        col.caption(("**all hidden units identical**" if same[k] else "hidden units differ")
                    + (f" · :red[{race.status(k)}]" if race.diverged(k) else ""))
    note = small_random_note(inputs.X, inputs.Y, HIDDEN, seed, acc[1])
    if note:
        st.info(note, icon=":material/lightbulb:")
    ref = COURSE_TABLE if dataset == "circles" else None
    widgets.chart(accuracy_figure(names, acc, ref, height=380 if ref else 330),
                  key=f"{P}_accuracy")
    if ref:
        st.caption("Black ticks: the course's table on its circles set after 15 000 "
                   "iterations (zeros 50 %, random ×10 83 %, He 99 %).")
    if inputs.image_shape is not None:
        st.markdown("**W1 drawn as photos**: the first 5 of the 10 hidden units of each network, "
                    "all on one grey scale (the colour bar: 0 is mid-grey), so their sizes "
                    "compare.")
        scale = max(float(np.abs(np.nan_to_num(W[:5])).max()) for W in W1s) or 1.0
        grid = st.columns(2)
        for k in range(race.K):
            size = float(np.abs(np.nan_to_num(W1s[k][:5])).max())
            with grid[k % 2]:
                widgets.chart(weights_figure(W1s[k], inputs.image_shape, columns=5, max_units=5,
                                             title=f"{names[k]} · max |w| {size:.2g}",
                                             scale=scale), key=f"{P}_w1_{k}")
        st.caption("Under zeros every unit's picture is the same flat grey: no unit learned "
                   "anything of its own. Small weights are near-flat grey too: on one scale "
                   "their size shows.")
    else:
        widgets.chart(weight_vectors_figure(W1s, names), key=f"{P}_w1", panels=race.K)
        xs, ys, G = grid_for(inputs.X, steps=60)
        Ps = [predict_proba(G, race.parameters(k), "relu").reshape(len(ys), len(xs))
              for k in range(race.K)]
        widgets.chart(boundaries_figure(inputs.X, inputs.Y, xs, ys, Ps, names), key=f"{P}_bound", panels=race.K)
        st.caption("Under zeros every column of W1 is the same (all 0): the units are copies. "
                   "Random ×10 starts so large that ReLU units are cut off sharply; He starts "
                   "each unit at its own useful size.")


# zeros, ×0.01 and He can start on one line: each drawn wider than the next (bands)
look = Look(f"Cost J · α {alpha_label(lr)}", log=log_y, stacked=True)
with stage:
    view(P, look, draw)
