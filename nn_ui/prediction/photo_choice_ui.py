"""A photo for the network to answer: uploaded, taken with the camera, or one of the test
photos; decoded once (``nn_io.images.load_photo``), not at every rerun."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import streamlit as st
from PIL import Image

from nn_io.errors import InputError
from nn_io.images import Photo, load_photo
from nn_ui.common import widgets_ui as widgets
from nn_ui.data_sets.loaders_ui import cat_data_or_none

#: Where the photo comes from: name -> label.
#: Short labels: the three fit side by side on a phone (390 px).
SOURCES = {"upload": "Upload", "camera": "Camera", "test": "A test photo"}
FITS = {"crop": "cutting the centre", "squash": "squashing"}


@dataclass(frozen=True)
class Chosen:
    """The photo chosen. image64: (64, 64, 3) uint8; preview: a PIL image to show; truth: the
    test photo's class name (None for the student's own); notes: what decoding changed."""

    image64: np.ndarray
    preview: Image.Image
    truth: str | None = None
    notes: tuple = ()


def read_photo(state, key: str, file, fit: str = "crop") -> Photo | InputError:
    """``load_photo`` of an uploaded file (a Streamlit ``UploadedFile``), or its InputError.

    Decoded once per file and fit: ``state[key]`` keeps the last one, since every click reruns
    the page and a large photo takes a few hundred ms to decode.
    """
    kept = state.get(key)
    if kept is None or kept[0] != (file.file_id, fit):
        try:
            kept = ((file.file_id, fit), load_photo(file.getvalue(), fit=fit))
        except InputError as err:
            kept = ((file.file_id, fit), err)
        state[key] = kept
    return kept[1]


def choose_photo(prefix: str, **widget) -> Chosen | None:
    """The controls "Photo" (upload, camera, a test photo) and "Make it square by", and the
    photo they give, or None (nothing chosen yet, or the page said why not). Widget keys start
    with ``prefix``; ``widget``: more arguments of the controls (``persist_state``)."""
    source = st.segmented_control("Photo", list(SOURCES), format_func=SOURCES.get,
                                  default="upload", required=True, key=f"{prefix}_source",
                                  **widget)
    fit = st.segmented_control("Make it square by", list(FITS), default="crop", required=True,
                               key=f"{prefix}_fit", format_func=FITS.get, **widget)
    if source == "test":
        cats = cat_data_or_none()
        if cats is None:
            return None
        i = st.slider("Test photo number", 1, len(cats.test_y), 1, key=f"{prefix}_test_index",
                      **widget)
        image64 = np.asarray(cats.test_x[i - 1])
        return Chosen(image64, Image.fromarray(image64), cats.classes[int(cats.test_y[i - 1])])
    if source == "upload":
        raw = st.file_uploader("A photo (JPEG, PNG, WebP, HEIC, …, up to 10 MB)",
                               key=f"{prefix}_photo")
    else:
        raw = st.camera_input("Take a photo", key=f"{prefix}_camera")
    if raw is None:
        return None
    photo = read_photo(st.session_state, f"{prefix}_photo_kept", raw, fit)
    if isinstance(photo, InputError):
        widgets.input_error(photo)
        return None
    return Chosen(photo.image64, photo.preview, None, tuple(photo.notes))
