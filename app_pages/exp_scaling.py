"""Experiment 3: why inputs are scaled. Raw pixels, pixels / 255, standardised: one network each."""
import numpy as np
import streamlit as st

from classroom import LIMITS
from nn_core import Trainer
from nn_ui.common import widgets_ui as widgets
from nn_ui.data_sets.loaders_ui import data_choices, no_cat_inputs, scaled_variants
from nn_ui.figures.race import layer_bars_figure
from nn_ui.common.names import CATS, LEARNING_RATES, alpha_label
from nn_ui.experiments.race import Look, Race
from nn_ui.experiments.race_ui import columns, controls, race_for, view

HIDDEN = (8,)
ITERATIONS = (200, 500, 1000, 2000, 5000, LIMITS.max_iterations)
P = "scale"

widgets.header("3. Why inputs are scaled", (
    "Three copies of one network (8 hidden units, He initialisation, the same seed) learn the "
    "same photos given three ways: raw pixels 0–255, pixels ÷ 255, and standardised (each "
    "input shifted and scaled to mean 0, standard deviation 1). With raw pixels Z1 = W1·x + b1 "
    "is huge: sigmoid units sit on their flat ends (g′(z) ≈ 0, a *saturated* unit) and "
    "ReLU updates are so large that units die (Z ≤ 0 on every example, g′ = 0) or the cost "
    "explodes."))

choices = data_choices()
buttons, settings, stage = columns()
dataset = settings.selectbox("Data", choices,
                             index=choices.index(CATS if CATS in choices else "circles"),
                             key=f"{P}_data", bind="query-params")
activation = settings.selectbox("Hidden activation g", ("sigmoid", "relu"),
                                key=f"{P}_activation", bind="query-params")
lr = settings.select_slider("Learning rate α", LEARNING_RATES, 0.01, key=f"{P}_lr",
                            format_func=alpha_label, bind="query-params")
target = settings.select_slider("Iterations", ITERATIONS, 1000, key=f"{P}_iterations",
                                bind="query-params")
log_y = settings.toggle("Cost on a log scale", True, key=f"{P}_log", bind="query-params")
if dataset != CATS:
    settings.caption("Without the photos: the 2-D points, first mapped to 0–255 like pixels.")

variants = scaled_variants(dataset) or no_cat_inputs()
names = list(variants)


def make():
    trainers = [Trainer(X, Y, [X.shape[0], *HIDDEN, 1], activation, learning_rate=lr, init="he",
                        seed=1, gram=gram) for X, Y, gram in variants.values()]
    return Race((dataset, activation, lr, target), names, target, trainers=trainers,
                   track_layers=True)


race = race_for(P, (dataset, activation, lr, target), make)
with buttons:
    controls(P, race)


sigmoid = activation == "sigmoid"


def draw(race: Race) -> None:
    """The race where it ended: each input's units, layer by layer (their accuracy is in the
    race view above)."""
    stats = race.layer_stats()
    cols = st.columns(race.K)
    for k, col in enumerate(cols):
        s = stats[k][0]
        col.markdown(f"**{names[k]}**")              # its accuracy: in the race view above
        detail = (f"saturated (g′(z) < 0.01) on {s['saturated_share']:.0%} of unit-examples"
                  if sigmoid else f"{s['dead_units']} of {s['units']} units dead, "
                  f"Z ≤ 0 on {s['saturated_share']:.0%} of unit-examples")
        col.caption(detail + (f" · :red[{race.status(k)}]" if race.diverged(k) else ""))
    if sigmoid:        # a sigmoid unit never dies: it saturates (g′ small, never 0)
        saturated = np.array([[s["saturated_share"] for s in st_k] for st_k in stats])
        widgets.chart(layer_bars_figure(names, saturated, "Saturated: share of g′(z) < 0.01",
                                        height=280), key=f"{P}_saturated")
    else:              # ReLU's g′ is 0 for z ≤ 0: inactive there, dead if always
        inactive = np.array([[s["saturated_share"] for s in st_k] for st_k in stats])
        dead = np.array([[s["dead_units"] / s["units"] for s in st_k] for st_k in stats])
        widgets.chart(layer_bars_figure(names, inactive, "Inactive: share of z ≤ 0 "
                                        "(g′ = 0)", height=280), key=f"{P}_inactive")
        widgets.chart(layer_bars_figure(names, dead, "Dead units: z ≤ 0 on every example",
                                        height=280), key=f"{P}_dead")
    for k in range(race.K):
        if race.diverged(k):
            st.error(f"{names[k]}: the run {race.status(k)}. Its curve stops there (a red ✕).",
                     icon=":material/warning:")
    st.caption(("A saturated unit passes almost no gradient back: dZ1 = dA1 * g′(Z1) ≈ 0"
                if sigmoid else "A ReLU unit passes no gradient back where z ≤ 0 "
                "(dZ1 = dA1 * g′(Z1) = 0), and none at all once it is dead")
               + ", so its weights hardly change. Scaling the inputs keeps Z1 in the range "
               "where g′ is large.")


with stage:
    view(P, Look(f"Cost J · {activation} · α {alpha_label(lr)}", log=log_y), draw)
