"""Cost curves: this session's runs overlaid, to compare learning rates and networks."""
import pandas as pd
import streamlit as st

from nn_ui.runs import saved_ui as saved
from nn_ui.common import widgets_ui as widgets
from nn_ui.figures.style import RUN_COLORS
from nn_ui.figures.curves import Curve, cost_figure
from nn_ui.common.names import ACTIVATIONS, INITS, data_label, percent
from nn_ui.runs.records import runs_csv
from nn_ui.runs.run_chip import chip
from nn_ui.runs.saved_ui import all_runs

state = st.session_state
widgets.header("Cost curves", "Every run you trained, its cost **J** against "
               "**iterations**. Too small an α crawls; too large an α jumps around or diverges; "
               "the test set shows when the network starts to memorise its training photos.")

runs = all_runs(state)
if not runs:
    st.info("No runs yet: train a network first.", icon=":material/info:")
    st.page_link("app_pages/live_training.py", label="Go to Live training",
                 icon=":material/play_circle:")
    st.stop()

by_id = {r.id: r for r in runs}
c1, c2, c3 = st.columns([6, 1.5, 1.5], vertical_alignment="bottom")
chosen = c1.multiselect("Runs to compare", list(by_id), default=list(by_id)[-5:], key="cc_runs",
                        format_func=lambda i: chip(by_id[i]))
log_y = c2.toggle("Log scale", key="cc_log", **widgets.KEEP)
show_test = c3.toggle("Test set too", True, key="cc_test", **widgets.KEEP)
chosen_runs = [by_id[i] for i in chosen if i in by_id]
if not chosen_runs:
    st.info("Pick at least one run above.", icon=":material/info:")
    st.stop()

curves = []
for r in chosen_runs:
    color = RUN_COLORS[(r.id - 1) % len(RUN_COLORS)]
    curves.append(Curve(f"#{r.id} train · {r.label}" + (" · diverged" if r.diverged else ""),
                        range(len(r.costs)), r.costs, color, diverged=r.diverged))
    if show_test and len(r.test_costs):
        curves.append(Curve(f"#{r.id} test", r.test_iterations, r.test_costs, color, dash="dot"))
fig = cost_figure(curves, log_y, height=520, title="Cost J of the chosen runs")
fig.update_layout(legend=dict(orientation="v", y=-0.16, yanchor="top", x=0),
                  height=520 + 26 * len(curves), margin=dict(t=50, b=70 + 26 * len(curves)))
widgets.chart(fig, key="cc_chart")

table = pd.DataFrame([{
    "run": f"#{r.id}", "data": data_label(r.settings.dataset).split(" (")[0],
    "network": "-".join(map(str, r.layer_dims)),
    "activation": ACTIVATIONS[r.settings.activation],
    "init": INITS[r.settings.init].split(":")[0].split(" (")[0], "seed": r.settings.seed,
    "α": r.alpha.replace("α ", ""), "iterations": r.iterations,
    "final cost J": r.costs[-1] if len(r.costs) else None,
    "train accuracy": percent(r.train_accuracy), "test accuracy": percent(r.test_accuracy),
    "status": "diverged" if r.diverged else "ok"} for r in chosen_runs])
st.dataframe(table, hide_index=True, key="cc_table", column_config={
    "final cost J": st.column_config.NumberColumn(format="%.4f"),
    "train accuracy": st.column_config.NumberColumn(format="%.1f %%"),
    "test accuracy": st.column_config.NumberColumn(format="%.1f %%")})
c_csv, c_delete = st.columns([3, 1])
c_csv.download_button("Download these curves as CSV", runs_csv(chosen_runs),
                      file_name="cost_curves.csv", mime="text/csv", key="cc_csv",
                      icon=":material/download:", on_click="ignore")
with c_delete:
    saved.delete_control()
