"""Experiment 7, cost, not accuracy: the cost falls smoothly, the accuracy moves in steps."""
import streamlit as st

from nn_ui.common import widgets_ui as widgets
from nn_ui.experiments.cat_runs_ui import cost_and_accuracy, kept_run, run_settings
from nn_ui.data_sets.loaders_ui import cat_data_or_stop
from nn_ui.figures.answers import class_balance_figure, cost_accuracy_figure

widgets.header("7. Cost, not accuracy", "Gradient descent lowers the **cost J**, which changes a "
               "little at every iteration. The **accuracy** only changes when a photo crosses "
               "P(cat) = 0.5, so it moves in steps, and it means little on its own: compare it "
               "with what answering without looking would score.")

settings = run_settings("cva", (100, 250, 500, 1000, 1500, 2500, 3000), (5, 10, 25, 50, 100),
                        25, "Test accuracy every",
                        "Iterations between two measures on the test photos.")
cat_data_or_stop()

run = kept_run("cva", settings, lambda **callbacks: cost_and_accuracy(*settings, **callbacks))

best_base = max(run.test_baselines.values())
m1, m2, m3, m4 = st.columns(4)
m1.metric("Final cost J", f"{run.costs[-1]:.4f}" if len(run.costs) else "–")
m2.metric("Test accuracy", f"{run.test_accuracy:.0%}",
          f"{(run.test_accuracy - best_base) * 100:+.0f} pts vs always cat",
          delta_color="normal")
m3.metric("“Always cat” (test)", f"{run.test_baselines['always say cat (test)']:.0%}")
m4.metric("Balanced accuracy", f"{run.test_balanced_accuracy:.0%}",
          help="The mean of the accuracy on the cats and on the non-cats: 50 % for any answer "
               "that ignores the photo, whatever the class balance.")

widgets.chart(cost_accuracy_figure(run.costs, run.train_accuracies, run.test_iterations,
                                   run.test_accuracies, run.test_baselines), key="cva_chart")
left, right = st.columns([3, 2], gap="large")
with left:
    widgets.chart(class_balance_figure({"training set": run.train_share,
                                        "test set": run.test_share}), key="cva_balance")
with right:
    st.markdown(
        f"The training photos are **{run.train_share:.0%} cats**, the test photos "
        f"**{run.test_share:.0%} cats**. On the test set, answering “cat” to every photo "
        f"scores **{run.test_baselines['always say cat (test)']:.0%}** and “non-cat” "
        f"**{run.test_baselines['always say non-cat (test)']:.0%}**, without looking. "
        f"So a test accuracy of {run.test_accuracy:.0%} is "
        f"**{(run.test_accuracy - best_base) * 100:+.0f} points** over the best answer that "
        "looks at nothing. One training photo is 1/209 ≈ 0.5 % of accuracy: that is the "
        "size of each step.")
