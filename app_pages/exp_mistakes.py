"""Experiment 8, mistakes: the test photos the network gets wrong, and how sure it was."""
import numpy as np
import streamlit as st
from PIL import Image

from nn_ui.common import widgets_ui as widgets
from nn_ui.data_sets.loaders_ui import cat_data_or_stop
from nn_ui.figures.answers import CELLS, cell_of_point, confusion_figure
from nn_ui.prediction.model_choice_ui import choose_model, test_answers

URL = {"bind": "query-params"}
state = st.session_state
widgets.header("8. Mistakes", "The test photos the network never learned from, answered by a "
               "trained network: where it is wrong, and how sure it was. **P(cat)** near 0 or 1 "
               "is a confident answer; a confident mistake is the most instructive one.")

#: What to show: every mistake, or one cell of the confusion matrix (label -> (true, answer)).
SHOW = {"all mistakes": None, **{name: cell for cell, name in CELLS.items()}}
COLUMNS = 6

model = choose_model("mis_model", ("default", "session"), **URL)
cats = cat_data_or_stop()
if model is None:
    st.stop()

answers = test_answers(model, cats.test_x, cats.test_y)
names = model.class_names


def on_cell_click():
    """A click on the confusion matrix chooses that cell in the control below it."""
    points = state["mis_matrix"]["selection"]["points"]
    cell = cell_of_point(points[0], names) if points else None
    if cell is not None:
        state["mis_show"] = CELLS[cell]


n, wrong = len(answers.labels), len(answers.mistakes)
st.markdown(f"Network {'-'.join(map(str, model.layer_dims))}: wrong on **{wrong} of {n}** test "
            f"photos (accuracy **{answers.confusion.accuracy:.0%}**).")
shown = st.segmented_control("Show", list(SHOW), default="all mistakes", required=True,
                             key="mis_show", **URL)
cell = SHOW[shown]
st.plotly_chart(confusion_figure(answers.confusion.matrix, names, selected=cell),
                key="mis_matrix", on_select=on_cell_click, selection_mode="points",
                config=widgets.CHART_CONFIG, theme=None)
st.caption("Rows: what the photo truly is; columns: what the network answered. The green "
           "diagonal is right, the red corners are the mistakes. Click a cell to see its photos.")
idx = answers.mistakes if cell is None else answers.cell(*cell)
st.subheader(f"{shown.capitalize()}: {len(idx)} photo{'s' if len(idx) != 1 else ''}, "
             "most confident first")
if not len(idx):
    st.info("No photo here.", icon=":material/info:")
for start in range(0, len(idx), COLUMNS):
    cols = st.columns(COLUMNS)
    for col, i in zip(cols, idx[start:start + COLUMNS]):
        p = float(answers.p[i])
        big = Image.fromarray(np.asarray(cats.test_x[i])).resize((128, 128),
                                                                Image.Resampling.NEAREST)
        col.image(big, width="stretch", caption=f"#{i + 1} · P({names[1]}) = {p:.2f} · "
                  f"a {names[int(answers.labels[i])]}")
