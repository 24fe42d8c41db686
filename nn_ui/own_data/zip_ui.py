"""The page pieces that save the set on the learner's computer and bring it back: a .zip with a
folder per class (download ``own_zip_download``, upload ``own_zip``), and "start again"
(``own_clear``). Nothing is stored on the server."""
from __future__ import annotations

import re

import streamlit as st

from nn_ui.own_data.model import OwnData
from nn_ui.own_data.photos_ui import remember, show_report


def zip_name(own: OwnData) -> str:
    """"mug-banana.zip": the class names, with what a file name cannot hold as "_"."""
    safe = [re.sub(r"[^\w.-]+", "_", n, flags=re.UNICODE).strip("._") or "class"
            for n in own.names]
    return f"{safe[0]}-{safe[1]}.zip"


def _load(own: OwnData) -> None:
    """on_change of the .zip uploader: its photos added, the name inputs set to the set's."""
    file = st.session_state.get("own_zip")
    if file is None:
        return
    remember("zip", own.load_zip(file.getvalue(), file_id=file.file_id))
    for c in (0, 1):
        st.session_state[f"own_name_{c}"] = own.names[c]


def _clear(own: OwnData) -> None:
    own.clear()


def save_and_load(own: OwnData) -> None:
    """Download the set as a .zip, upload one again, or remove every photo."""
    cols = st.columns(2, gap="large")
    with cols[0]:
        st.download_button("Download the photos (.zip)", own.zip, file_name=zip_name(own),
                           mime="application/zip", key="own_zip_download",
                           icon=":material/download:", on_click="ignore",
                           disabled=own.photos.total == 0)
        st.caption("A folder per class of the 64 × 64 photos the network sees. Nothing is "
                   "kept on the server: close the tab and the photos are gone.")
        st.button("Remove every photo", key="own_clear", icon=":material/delete:",
                  on_click=_clear, args=(own,), disabled=own.photos.total == 0)
    with cols[1]:
        st.file_uploader("Bring back a set (.zip, one folder per class)", type=["zip"],
                         key="own_zip", on_change=_load, args=(own,))
        show_report("zip")
