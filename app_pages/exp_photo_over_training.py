"""Experiment 9, your photo over training: the network changes its mind as it learns."""
import numpy as np
import streamlit as st
from PIL import Image

from nn_core.preprocessing import images_to_X
from nn_io.errors import InputError
from nn_ui.common import widgets_ui as widgets
from nn_ui.experiments.cat_runs_ui import kept_run, photo_over_training, run_settings
from nn_ui.data_sets.loaders_ui import cat_data_or_stop
from nn_ui.figures.answers import mind_changes, photo_over_training_figure
from nn_ui.prediction.photo_choice_ui import read_photo

URL = {"bind": "query-params"}
#: The test photo shown first: a cat that the default run calls non-cat, cat, non-cat, then cat
#: again (changes of mind at iterations 50, 150, 450, 500), as the page promises.
DEFAULT_PHOTO = 10
state = st.session_state
widgets.header("9. Your photo over training", "A network starts from random weights and learns "
               "from the 209 training photos. Here it keeps a copy of itself every few "
               "iterations, and each copy says how sure it is that **your photo** shows a cat: "
               "watch it change its mind.")

hidden, lr, iterations, every, seed = run_settings(
    "pot", (250, 500, 1000, 1500, 2500, 3000), (10, 25, 50, 100), 50, "A copy every",
    "Iterations between two snapshots of the network.")
cats = cat_data_or_stop()

s1, s2 = st.columns([2, 5], vertical_alignment="bottom")
source = s1.segmented_control("Photo", ["test photo", "my photo"], default="test photo",
                              required=True, key="pot_source", **URL)
image64, preview, truth, column = None, None, None, None
if source == "test photo":
    number = s2.slider("Test photo number (the network never learns from these)", 1,
                       len(cats.test_y), min(DEFAULT_PHOTO, len(cats.test_y)), key="pot_photo",
                       **URL)
    image64 = np.asarray(cats.test_x[number - 1])
    preview = Image.fromarray(image64).resize((256, 256), Image.Resampling.NEAREST)
    truth = cats.classes[int(cats.test_y[number - 1])]
    column, photos_X, photo_key = number - 1, None, "test"
else:
    upload = s2.file_uploader("Your photo (JPEG, PNG, WebP, HEIC, …, up to 10 MB)",
                              key="pot_upload")
    if upload is None:
        st.caption("Choose a photo above.")
        st.stop()
    photo = read_photo(state, "pot_photo_kept", upload)
    if isinstance(photo, InputError):
        widgets.input_error(photo)
        st.stop()
    image64, preview = photo.image64, photo.preview
    photos_X, _ = images_to_X(image64[None], "scale")
    column, photo_key = 0, upload.file_id

key = (hidden, lr, iterations, every, seed, photo_key)
run = kept_run("pot", key, lambda **callbacks: photo_over_training(
    photos_X, hidden, lr, iterations, every, seed, **callbacks))

p = run.p[:, column]
names = cats.classes
left, right = st.columns([1, 3], gap="large")
with left:
    st.image(preview, width="stretch",
             caption="Your photo" if truth is None else f"Test photo {column + 1}: a {truth}")
    final = float(p[-1])
    answer = names[int(final > 0.5)]
    done = int(run.iterations[-1])
    st.markdown(f"After {done:,} iteration{'' if done == 1 else 's'}: **{answer}**, "
                f"P({names[1]}) = **{final:.2f}**"
                + ("" if truth is None else (" — right." if truth == answer else " — wrong.")))
with right:
    extra = {"accuracy on the training photos": (run.iterations, run.train_accuracy),
             "accuracy on the test photos": (run.iterations, run.test_accuracy)}
    widgets.chart(photo_over_training_figure(run.iterations, p, names, extra), key="pot_chart")
flips = mind_changes(run.iterations, p)
start = names[int(p[0] > 0.5)]
if len(p) < 2:
    st.markdown("There is only the first copy, at iteration 0: the run stopped before it "
                "could learn (see above), so there is nothing to compare yet.")
elif flips:
    st.markdown(f"At iteration 0, with random weights, it said **{start}** "
                f"(P = {float(p[0]):.2f}). It changed its mind **{len(flips)} time"
                f"{'s' if len(flips) > 1 else ''}**: " + "; ".join(
                    f"at iteration {it:,} to **{names[a]}**" for it, a in flips) + ".")
else:
    st.markdown(f"It said **{start}** from the first copy to the last: P({names[1]}) moved "
                f"from {float(p[0]):.2f} to {float(p[-1]):.2f} without crossing 0.5.")
st.caption("Dotted: the share of training and test photos each copy answers right. The "
           "training accuracy climbs towards 100 % as the network learns its 209 photos by "
           "heart; the test accuracy stops much lower.")
