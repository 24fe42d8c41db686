"""Is it a cat? A photo in, what the network sees, P(cat) out."""
import numpy as np
import streamlit as st
from PIL import Image

from nn_core import predict_proba
from nn_io import models
from nn_io.errors import InputError
from nn_ui.prediction import why_cat
from nn_ui.common import widgets_ui as widgets
from nn_ui.data_sets.loaders_ui import cat_data
from nn_ui.figures.curves import probability_figure
from nn_ui.figures.prediction import units_figure
from nn_ui.prediction.model_choice_ui import choose_model, describe
from nn_ui.prediction.photo_choice_ui import choose_photo
from nn_ui.prediction.scroll_to_answer_ui import scroll_here

widgets.header("Is it a cat?", "Give the network a photo. It squares it, shrinks it to "
               "**64 × 64** pixels (the **12288** numbers it learned from), runs it forward "
               "and answers **P(cat)**, a number between 0 and 1.")

# On a projector the answer sits beside the controls, in view without scrolling; on a phone
# the columns stack and it comes right under the photo's control.
left, right = st.columns([1, 1], gap="large")
with left:
    with st.container(border=True):
        model = choose_model("pred_model", download_key="pred_download", **widgets.KEEP)
        if model is not None:
            st.caption(describe(model))
    chosen = choose_photo("pred", **widgets.KEEP)

# ----- the answer --------------------------------------------------------------------------------
with right:
    if chosen is None:
        st.caption("Choose a photo: the answer appears here.")
        st.stop()
    image64, truth, notes = chosen.image64, chosen.truth, chosen.notes
    if model is None:
        st.info("Choose a network above to get an answer.", icon=":material/info:")
    else:
        X = models.model_input(model, image64)
        p = float(predict_proba(X, model.parameters, model.hidden_activation,
                                model.leaky_alpha)[0, 0])
        names = model.class_names
        answer = names[1] if p > 0.5 else names[0]
        scroll_here(image64)                 # a phone: the answer to the top of the screen
        st.markdown(f"### The network says: **{answer}**")
        st.markdown((f"**{answer}**" if p > 0.5 else f"**not a {names[1]}**")
                    + f", P({names[1]}) = **{p:.3f}**"
                    + ("" if truth is None else (" — right!" if truth == answer else
                                                 f" — wrong: it is a {truth}.")))
        widgets.chart(probability_figure(p, names), key="pred_probability")
    col_photo, col_seen = st.columns(2)
    with col_photo:
        st.image(chosen.preview, width="stretch",
                 caption="Your photo" if truth is None else f"Test photo: a {truth}")
        if notes:
            said = "; ".join(notes)
            st.caption(said[:1].upper() + said[1:] + ".")   # "CMYK colours ...", not "Cmyk"
    with col_seen:
        seen = Image.fromarray(image64)
        if model is not None and model.preprocessing == "grayscale":
            seen = seen.convert("L")
        st.image(seen.resize((256, 256), Image.Resampling.NEAREST), width="stretch",
                 caption="What the network sees: 64 × 64 pixels")
    if model is None:
        st.stop()
    st.caption("The answer is “cat” when P(cat) > 0.5. A network trained on 209 photos is "
               "often confidently wrong: it has seen few cats, and a 64 × 64 photo loses a lot.")
    try:
        cats = cat_data()
    except InputError:
        cats = None
    why = why_cat.explain(model, image64, cats) if len(model.layer_dims) > 2 else None
    if why is not None and why.familiar is not None:
        (st.warning if why.familiar.unfamiliar or why.familiar.at_the_edge else st.success)(
            why.familiar.verdict(names[1]), icon=":material/travel_explore:")
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
    st.markdown("**Layer 1**: each unit's **W1** row drawn as a photo (it fires for photos like "
                "it) and how much it fired for yours (**A1**)"
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
                "last hidden layer's view (what the output unit reads), closest first.")
    st.image([n.image64 for n in why.neighbours], width=112,
             caption=[f"{n.label} · distance {n.distance:.2f}" for n in why.neighbours])
