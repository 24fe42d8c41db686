"""The page pieces that fill the two classes: a name, an uploader and the 64 x 64 thumbnails
with a remove button for each class; the camera; the counts, the balance and what is missing.

Widget keys: ``own_name_0``/``own_name_1`` (names), ``own_photos_0``/``own_photos_1``
(uploaders, several files at once), ``own_camera_class`` and ``own_camera`` (one shot into the
class shown), ``own_remove_<class>_<digest>`` (a thumbnail's remove button).
"""
from __future__ import annotations

import streamlit as st

from classroom.uploads import UPLOADS
from nn_io.images import MAX_UPLOAD_BYTES
from nn_io.photo_set import DEFAULT_NAMES, MAX_PER_CLASS, MAX_PHOTOS
from nn_ui.common import widgets_ui as widgets
from nn_ui.own_data.model import OwnData, Report

#: Where the last batch's report waits to be shown (by class: 0, 1, "camera", "zip").
REPORTS = "own_reports"
THUMB = 64


def names(own: OwnData) -> None:
    """The names typed (before their inputs are drawn, in each class's box), checked: a bad
    pair gets its sentence here and the last good names stay."""
    typed = [st.session_state.get(f"own_name_{c}", DEFAULT_NAMES[c]) for c in (0, 1)]
    said = own.rename(typed)
    if said:
        st.error(said, icon=":material/error:")


def class_box(own: OwnData, c: int) -> None:
    """Class ``c``: its name, its uploader (files taken in once), its count and thumbnails."""
    with st.container(border=True, key=f"own_class_{c}"):
        st.text_input(f"Class {c + 1}", DEFAULT_NAMES[c], key=f"own_name_{c}", max_chars=30,
                      placeholder="a name, e.g. mug", **widgets.KEEP)
        name = own.names[c]
        files = st.file_uploader(
            f"Photos of **{name}** (several at once, up to "
            f"{MAX_UPLOAD_BYTES // 2**20} MB each)", accept_multiple_files=True,
            key=f"own_photos_{c}")
        if files:
            remember(c, own.add_files(c, ((f.file_id, f.name, f.getvalue()) for f in files)))
            st.caption(f"Once they show below, remove the files from the box (×): the photos "
                       f"stay, and the server keeps at most {UPLOADS.rules.session_files} "
                       "uploaded files a tab. Many photos at once: a .zip (section 4).")
        show_report(c)
        count = own.counts[c]
        st.markdown(f"**{count}** photo{'s' if count != 1 else ''} of {name} "
                    f"(at most {MAX_PER_CLASS})")
        thumbnails(own, c)


def thumbnails(own: OwnData, c: int) -> None:
    """Each photo of class ``c`` at 64 x 64 (what the network sees), with a remove button."""
    photos = own.photos.photos(c)
    if not photos:
        st.caption("No photos yet: upload some, or take them with the camera below.")
        return
    with st.container(horizontal=True, gap="small", key=f"own_thumbs_{c}"):
        for i, p in enumerate(photos, 1):
            with st.container(width=THUMB, gap=None, horizontal_alignment="center"):
                st.image(p.image64, width=THUMB, output_format="PNG")
                st.button(":material/close:", key=f"own_remove_{c}_{p.digest[:16]}",
                          help=f"Remove photo {i} ({p.name[:40]})", type="tertiary",
                          on_click=own.remove, args=(c, p.digest))


def camera(own: OwnData) -> None:
    """One camera for both classes, when switched on (the browser asks for the camera only
    then): a shot goes to the class chosen above it."""
    with st.container(border=True, key="own_camera_box"):
        if not st.toggle("Take photos with the camera", key="own_camera_on"):
            return
        c = st.segmented_control("The camera's photo goes to", [0, 1], default=0,
                                 required=True, key="own_camera_class",
                                 format_func=lambda i: own.names[i])
        shot = st.camera_input(f"Take a photo of {own.names[c]}", key="own_camera",
                               width=480)
        if shot is not None:
            remember("camera", own.add_files(c, [(shot.file_id, f"camera {shot.file_id[-6:]}",
                                                  shot.getvalue())]))
        show_report("camera")


def summary(own: OwnData) -> None:
    """The counts and the balance (what is missing before training: ``train_ui``)."""
    n0, n1 = own.counts
    s0, _ = own.shares()
    st.markdown(f"**{own.names[0]}** {n0} · **{own.names[1]}** {n1} · "
                f"{n0 + n1} of at most {MAX_PHOTOS} photos")
    if n0 + n1:
        st.progress(s0, text=f"Balance: {s0:.0%} {own.names[0]} / {1 - s0:.0%} {own.names[1]}")
    unbalanced = own.balance()
    if unbalanced:
        st.warning(unbalanced, icon=":material/balance:")


# ----- what a batch of files did ---------------------------------------------------------------
def remember(where, report: Report) -> None:
    """Keep a batch's report to show it beside its control (this run and no later one)."""
    if report.added or report.refused:
        st.session_state.setdefault(REPORTS, {})[where] = report


def show_report(where) -> None:
    """The report kept for ``where``: how many came in, and each refused file's sentence."""
    report = st.session_state.get(REPORTS, {}).pop(where, None)
    if report is None:
        return
    if report.added:
        st.toast(report.sentence(), icon=":material/add_photo_alternate:")
    for said in report.refused[:10]:
        st.error(said, icon=":material/error:")
    if len(report.refused) > 10:
        st.error(f"… and {len(report.refused) - 10} more files were refused.",
                 icon=":material/error:")
