"""The page pieces for 2-D points of the learner's own on Live training: a plane to click on
(a component, ``points_plane``: a click adds a point of the class chosen with ``points_class``,
Shift+click one of the other class, a click near a point removes it), a CSV upload
(``points_csv``) and download, "remove all" (``points_clear``), and the points as ``Inputs``."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import streamlit as st

from nn_io.points_csv import MAX_ROWS, points_csv
from nn_ui.common.names import OWN_DATASETS, POINTS
from nn_ui.data_sets.inputs import Inputs
from nn_ui.own_data.points import PointSet

HERE = Path(__file__).resolve().parent
#: The data set name of a run on the learner's points (Settings.dataset), and its label.
LABEL = OWN_DATASETS[POINTS]
STATE_KEY = "own_points"
KEY = "points_plane"
CLASS_NAMES = ("class 0", "class 1")

_plane = st.components.v2.component(
    "nn_points_plane", js=(HERE / "points_plane.js").read_text(encoding="utf-8"),
    isolate_styles=False)


def points_of(state) -> PointSet:
    """The session's PointSet (made on first use)."""
    pts = state.get(STATE_KEY)
    if not isinstance(pts, PointSet):
        pts = state[STATE_KEY] = PointSet()
    return pts


def points_inputs(state, pts: PointSet) -> Inputs:
    """The points as the network's Inputs, one object per version of the set."""
    kept = state.get("own_points_inputs")
    if kept is None or kept[0] != pts.version:
        X, Y, X_test, Y_test = pts.arrays()
        kept = state["own_points_inputs"] = (pts.version, Inputs(
            X, Y, X_test, Y_test, CLASS_NAMES, private=True))
    return kept[1]


def _number(value) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if np.isfinite(value) else None


def _on_click() -> None:
    """The plane's "click" trigger: a point added or removed (a sentence when refused)."""
    state = st.session_state
    try:
        ev = state[KEY]["click"]
    except (KeyError, TypeError):
        return
    if not isinstance(ev, dict):
        return
    x1, x2 = _number(ev.get("x1")), _number(ev.get("x2"))
    if x1 is None or x2 is None:
        return
    label = state.get("points_class", 0)
    label = label if label in (0, 1) else 0
    if ev.get("other") is True:
        label = 1 - label
    said = points_of(state).click(x1, x2, label)
    if said not in ("added", "removed"):
        state["points_said"] = said


def _on_csv() -> None:
    state = st.session_state
    file = state.get("points_csv")
    if file is not None:
        said = points_of(state).load_csv(file.getvalue())
        if said:
            state["points_said"] = said


def editor(pts: PointSet) -> None:
    """The plane, the class a click adds, the CSV upload and download, and "remove all"."""
    st.markdown("**Your points**: click on the plane to add a point of the class chosen "
                "(Shift+click: the other class); click on a point to remove it. Or upload a "
                f"CSV of `x1, x2, label` rows (label 0 or 1, at most {MAX_ROWS:,} rows).")
    # the class a click adds, above the plane: on a phone (no Shift) it is the way to choose
    label = st.segmented_control("A click adds", [0, 1], default=0, required=True,
                                 key="points_class",
                                 format_func=lambda c: ("class 0 (orange)", "class 1 (blue)")[c])
    left, right = st.columns([3, 2], gap="medium")
    with right:
        n0, n1 = pts.counts
        st.caption(f"class 0: {n0} · class 1: {n1}")
        st.file_uploader("Points from a CSV file", type=["csv", "txt"], key="points_csv",
                         on_change=_on_csv)
        if pts.points:
            X = np.array([p[:2] for p in pts.points]).T
            st.download_button("Download the points (.csv)",
                               points_csv(X, np.array([[p[2] for p in pts.points]])),
                               file_name="points.csv", mime="text/csv", on_click="ignore",
                               key="points_download", icon=":material/download:")
            st.button("Remove all points", key="points_clear", on_click=pts.clear,
                      icon=":material/delete:")
    with left:
        data = {"points": [list(p) for p in pts.points], "extent": list(pts.extent()),
                "label": label}
        _plane(key=KEY, data=data, on_click_change=_on_click, height="content")
    said = st.session_state.pop("points_said", None)
    if said:
        st.error(said, icon=":material/error:")
