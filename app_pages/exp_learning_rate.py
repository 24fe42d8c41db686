"""Experiment 2: the learning-rate race. The same network, 1-5 learning rates, one chart."""
import streamlit as st

from classroom import LIMITS
from nn_core import BatchTrainer
from nn_ui.common import widgets_ui as widgets
from nn_ui.data_sets.loaders_ui import data_choices, inputs_or_stop
from nn_ui.figures.race import accuracy_figure
from nn_ui.common.names import alpha_label
from nn_ui.experiments.race import Look, Race, parse_rates
from nn_ui.experiments.race_ui import columns, controls, race_for, view
from nn_ui.experiments.race_words import WORDS, verdict

HIDDEN = (10, 5)
DEFAULT_RATES = "0.001, 0.03, 0.3, 10, 30"
ITERATIONS = (200, 500, 1000, 2000, 5000, LIMITS.max_iterations)
P = "race"
widgets.header("2. Learning-rate race", (
    "The same network (two hidden ReLU layers of 10 and 5 units, He initialisation, the same "
    "seed) learns with several learning rates α at once. Each step is W := W − α · dW: too small "
    "an α crawls, too large an α jumps over the valley of the cost, back and forth, or out of it."))

buttons, settings, stage = columns()
choices = data_choices()
dataset = settings.selectbox("Data", choices, index=choices.index("flower"), key=f"{P}_data",
                             bind="query-params")
rates_text = settings.text_input("Learning rates α (1 to 5, separated by commas)", DEFAULT_RATES,
                                 key=f"{P}_rates", bind="query-params")
target = settings.select_slider("Iterations", ITERATIONS, 2000, key=f"{P}_iterations",
                                bind="query-params")
log_y = settings.toggle("Cost on a log scale", key=f"{P}_log", bind="query-params")
try:
    rates = parse_rates(rates_text)
except ValueError as err:
    stage.error(str(err), icon=":material/error:")
    st.stop()

inputs = inputs_or_stop(dataset)


def make():
    batch = BatchTrainer(inputs.X, inputs.Y, [inputs.X.shape[0], *HIDDEN, 1], "relu",
                         learning_rates=rates, inits="he", seeds=1)
    return Race((dataset, tuple(rates), target), [f"α {alpha_label(r)}" for r in rates],
                   target, batch=batch)


race = race_for(P, (dataset, tuple(rates), target), make)
with buttons:
    controls(P, race)


def draw(race: Race) -> None:
    """The race where it ended: each rate's verdict, and its accuracy."""
    words = [verdict(race.costs(k), race.diverged(k)) for k in range(race.K)]
    for k in range(race.K):
        if race.diverged(k):
            st.error(f"{race.names[k]}: the run {race.status(k)}. Its curve stops there "
                     "(a red ✕); the others go on.", icon=":material/warning:")
    left, right = st.columns([3, 2], gap="large")
    with left:
        for n, w, c in zip(race.names, words, (race.costs(k) for k in range(race.K))):
            last = f"J = {c[-1]:.4f}" if c else "–"
            st.markdown(f"**{n}** · {last} · {WORDS.get(w, w)}")
    with right:
        widgets.chart(accuracy_figure(race.names, race.train_accuracy(), height=300),
                      key=f"{P}_accuracy")


with stage:
    view(P, Look("Cost J of each learning rate", log=log_y), draw)
