"""Is it a cat? A photo in, what the network sees, P(cat) out."""
import numpy as np
import streamlit as st
from PIL import Image

from nn_core import predict_proba
from nn_io import models
from nn_io.errors import InputError
from nn_ui import why_cat, widgets
from nn_ui.data import cat_data, read_model, read_photo
from nn_ui.figures import probability_figure
from nn_ui.figures_prediction import units_figure
from nn_ui.model_choice import model_file
from nn_ui.names import ACTIVATIONS, CATS, SCALINGS

state = st.session_state
widgets.header("Is it a cat?", "Give the network a photo. It squares it, shrinks it to "
               "**64 × 64** pixels (the **12288** numbers it learned from), runs it forward "
               "and answers **P(cat)**, a number between 0 and 1.")

MODEL_CHOICES = {"default": "The app's trained model", "session": "The one I trained here",
                 "upload": "A model file (.npz)"}
SOURCES = {"upload": "Upload a photo", "camera": "Take a photo",
           "test": "A photo the network never saw"}

# ----- which network answers --------------------------------------------------------------------
model, model_note = None, ""
with st.container(border=True):
    choice = st.radio("Which network answers", list(MODEL_CHOICES), key="pred_model",
                      format_func=MODEL_CHOICES.get, horizontal=True, **widgets.KEEP)
    live = state.get("live")
    if choice == "default":
        try:
            model = models.load_default_model()
        except InputError as err:
            st.warning(err.message + " You can still use the network you train here, or "
                       "upload a model file.", icon=":material/info:")
    elif choice == "session":
        if live is None or live.settings.dataset != CATS:
            st.info("No network trained on the cat photos in this session yet: on the Live "
                    "training page, pick the cat photos and press Play.", icon=":material/info:")
            st.page_link("app_pages/live_training.py", label="Go to Live training",
                         icon=":material/play_circle:")
        elif live.trainer.iteration == 0:
            st.info("Your network has not trained yet (iteration 0): press Play on the Live "
                    "training page first.", icon=":material/info:")
        else:
            data = model_file(live)
            model = models.load_model(data)
            st.download_button("Download my model (.npz)", data, file_name="my_cat_model.npz",
                               mime="application/octet-stream", key="pred_download",
                               icon=":material/download:", on_click="ignore")
    else:
        uploaded = st.file_uploader("Model file (.npz), saved by this app", type=["npz"],
                                    key="pred_model_file")
        if uploaded is not None:
            model = read_model(state, "pred_model_kept", uploaded)
            if isinstance(model, InputError):
                widgets.input_error(model)
                model = None
    if model is not None:
        meta = model.metadata
        acc = [f"{name} accuracy {meta[key]:.0%}" for key, name in
               (("train_accuracy", "train"), ("test_accuracy", "test"))
               if meta.get(key) is not None]
        st.caption(f"Network {'-'.join(map(str, model.layer_dims))}, hidden activation "
                   f"{ACTIVATIONS.get(model.hidden_activation, model.hidden_activation)}, input "
                   f"{SCALINGS.get(model.preprocessing, model.preprocessing)}"
                   + (f"; {', '.join(acc)}" if acc else "") + ".")

# ----- the photo ---------------------------------------------------------------------------------
c_source, c_fit = st.columns([3, 2])
source = c_source.segmented_control("Photo", list(SOURCES), format_func=SOURCES.get,
                                    default="upload", required=True, key="pred_source",
                                    **widgets.KEEP)
fit = c_fit.segmented_control("Make it square by", ["crop", "squash"], default="crop",
                              required=True, key="pred_fit", format_func={
                                  "crop": "cutting the centre", "squash": "squashing"}.get,
                              **widgets.KEEP)


image64, preview, truth, notes = None, None, None, ()
if source == "upload":
    raw = st.file_uploader("A photo (JPEG, PNG, WebP, HEIC, …, up to 10 MB)", key="pred_photo")
elif source == "camera":
    raw = st.camera_input("Take a photo", key="pred_camera")
else:
    raw = None
    try:
        cats = cat_data()
    except InputError as err:
        widgets.input_error(err)
        cats = None
    if cats is None:
        st.info("The course's cat photos are not on this server (see Live training).")
    else:
        i = st.slider("Test photo number", 1, len(cats.test_y), 1, key="pred_test_index",
                      **widgets.KEEP)
        image64 = np.asarray(cats.test_x[i - 1])
        preview = Image.fromarray(image64)
        truth = cats.classes[int(cats.test_y[i - 1])]
if raw is not None:
    photo = read_photo(state, "pred_photo_kept", raw, fit)
    if isinstance(photo, InputError):
        widgets.input_error(photo)
    else:
        image64, preview, notes = photo.image64, photo.preview, photo.notes

# ----- the answer --------------------------------------------------------------------------------
if image64 is None:
    st.caption("Choose a photo above.")
    st.stop()
col_photo, col_seen, col_answer = st.columns([3, 2, 4], gap="large")
with col_photo:
    st.image(preview, caption="Your photo" if truth is None else f"Test photo: a {truth}",
             width="stretch")
    if notes:
        said = "; ".join(notes)
        st.caption(said[:1].upper() + said[1:] + ".")   # "CMYK colours ...", not "Cmyk"
with col_seen:
    seen = Image.fromarray(image64)
    if model is not None and model.preprocessing == "grayscale":
        seen = seen.convert("L")
    st.image(seen.resize((256, 256), Image.Resampling.NEAREST), width="stretch",
             caption="What the network sees: 64 × 64 pixels")
with col_answer:
    if model is None:
        st.info("Choose a network above to get an answer.", icon=":material/info:")
        st.stop()
    X = models.model_input(model, image64)
    p = float(predict_proba(X, model.parameters, model.hidden_activation, model.leaky_alpha)[0, 0])
    names = model.class_names
    answer = names[1] if p > 0.5 else names[0]
    sure = p if p > 0.5 else 1 - p
    st.markdown(f"### The network says: **{answer}**")
    st.markdown(f"P({names[1]}) = **{p:.3f}**, so it is {sure:.0%} sure"
                + ("" if truth is None else (" — right!" if truth == answer else
                                             f" — wrong: it is a {truth}.")))
    widgets.chart(probability_figure(p, names), key="pred_probability")
    st.caption("The answer is “cat” when P(cat) > 0.5. A network trained on 209 photos is "
               "often confidently wrong: it has seen few cats, and a 64 × 64 photo loses a lot.")
    try:
        cats = cat_data()
    except InputError:
        cats = None
    why = why_cat.explain(model, image64, cats) if len(model.layer_dims) > 2 else None
    if why is not None:
        st.info(why_cat.lean_note(why), icon=":material/balance:")

# ----- why ---------------------------------------------------------------------------------------
if why is None:
    st.stop()
st.subheader(f"Why did it say “{answer}”?")
L = len(why.layer_dims) - 1
st.markdown("The photo goes forward through the network, under the lesson's names and shapes "
            "(one photo: m = 1):")
st.code("\n".join(why.chain()), language=None)
A1 = why.trace.A[0][:, 0]
n1 = len(A1)
shown = np.argsort(-A1, kind="stable")[:12] if n1 > 12 else np.arange(n1)
pictures = [why.pictures[j] for j in shown]
units = [int(j) + 1 for j in shown]
if L == 2:
    st.markdown(f"Each hidden unit's **W1** row drawn as a photo (it fires for photos like it), "
                f"how much it fired for yours (**A1**), its weight in **W2**, and their product: "
                f"its push on Z2, towards {names[1]} (blue) or {names[0]} (orange)."
                + (f" The {len(shown)} units that fired most of {n1}." if n1 > len(shown) else ""))
    W2 = model.parameters["W2"][0]
    widgets.chart(units_figure(units, {"A1": A1[shown], "W2": W2[shown],
                                       "A1 × W2": why.trace.contributions[shown]},
                               pictures, signed=[False, True, True]), key="pred_units")
else:
    st.markdown(f"**Layer 1**: each unit's **W1** row drawn as a photo (it fires for photos like "
                f"it) and how much it fired for yours (**A1**)"
                + (f"; the {len(shown)} that fired most of {n1}." if n1 > len(shown) else "."))
    widgets.chart(units_figure(units, {"A1": A1[shown]}, pictures), key="pred_units")
    last = why.trace.hidden[:, 0]
    st.markdown(f"**Layer {L - 1}**, the last hidden layer: how much each unit fired "
                f"(**A{L - 1}**), its weight in **W{L}**, and their product: its push on Z{L}, "
                f"towards {names[1]} (blue) or {names[0]} (orange).")
    widgets.chart(units_figure(list(range(1, len(last) + 1)),
                               {f"A{L - 1}": last, f"W{L}": model.parameters[f"W{L}"][0],
                                f"A{L - 1} × W{L}": why.trace.contributions},
                               signed=[False, True, True]), key="pred_units_last")
if why.neighbours:
    st.markdown(f"**The training photos it finds most like yours**: closest in A{L - 1}, the "
                f"last hidden layer's view (what the output unit reads), closest first.")
    st.image([n.image64 for n in why.neighbours], width=112,
             caption=[f"{n.label} · distance {n.distance:.2f}" for n in why.neighbours])
