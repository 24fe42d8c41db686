"""2-D points of the learner's own on Live training: the pure set (a click adds or removes, a
CSV replaces, a fifth held out), and the page (clicks on the plane through its trigger, a CSV
upload with a bad row, the live view training on them)."""
import json

import numpy as np
import pytest
from streamlit.components.v2.bidi_component.main import _make_trigger_id

from nn_ui.own_data import points as points_mod
from nn_ui.own_data.points import MIN_PER_CLASS, PointSet
from tests.app.helpers import component_data, live_of, no_exception, open_page, play_live


# ----- the pure set ------------------------------------------------------------------------------
def test_a_click_adds_and_a_click_near_a_point_removes_it():
    pts = PointSet()
    assert pts.click(1.0, 2.0, 1) == "added" and pts.points == [(1.0, 2.0, 1)]
    assert pts.click(-1.0, 0.5, 0) == "added" and pts.counts == (1, 1)
    # the plane is 8 wide (the default -4..4): a click within 0.03 * 8 = 0.24 of a point
    assert pts.click(1.1, 2.1, 0) == "removed" and pts.points == [(-1.0, 0.5, 0)]
    assert pts.click(-1.0 + 0.3, 0.5, 0) == "added"                  # 0.3 away: a new point
    assert pts.version == 4


@pytest.mark.parametrize("x1, x2, label, said", [
    (float("nan"), 0, 0, "between"), (0, 2000, 0, "between"), (0, 0, 2, "class is 0 or 1")])
def test_a_bad_click_gets_a_sentence(x1, x2, label, said):
    pts = PointSet()
    assert said in pts.click(x1, x2, label) and pts.points == []


def test_at_most_max_points(monkeypatch):
    monkeypatch.setattr(points_mod, "MAX_POINTS", 2)
    pts = PointSet()
    pts.click(0, 0, 0)
    pts.click(2, 2, 1)
    assert "the most a set can have" in pts.click(-2, -2, 0) and len(pts.points) == 2


def test_a_csv_replaces_the_points_and_a_bad_one_keeps_them():
    pts = PointSet()
    pts.click(0, 0, 0)
    assert pts.load_csv(b"x1,x2,label\n1,2,0\nx,2,1\n").startswith("Row 3")
    assert pts.points == [(0.0, 0.0, 0)]
    assert pts.load_csv(b"1,2,0\n3,4,1\n") is None and pts.points == [(1.0, 2.0, 0), (3.0, 4.0, 1)]


def test_the_data_set_holds_a_fifth_of_each_class_out():
    pts = PointSet()
    for c, n in ((0, 10), (1, 5)):
        for i in range(n):
            assert pts.click(-3 + 0.5 * i, 2 * c - 1, c) == "added"
    assert pts.missing() is None
    X, Y, X_test, Y_test = pts.arrays()
    assert X.shape == (2, 12) and X_test.shape == (2, 3)              # 10 - 2 and 5 - 1
    assert Y.sum() == 4 and Y_test.tolist() == [[0, 0, 1]]
    assert pts.arrays() is pts.arrays()                            # made once per version
    every = sorted(map(tuple, np.c_[X.T, Y.T].tolist() + np.c_[X_test.T, Y_test.T].tolist()))
    assert every == sorted(pts.points)


def test_missing_says_what_each_class_needs():
    pts = PointSet()
    pts.click(0, 0, 0)
    assert pts.missing() == (f"Each class needs at least {MIN_PER_CLASS} points before "
                             "training: class 0 has 1 (3 more to add) and class 1 has 0 (4 more "
                             "to add).")


def test_the_plane_fits_the_points_and_never_shrinks_below_the_default():
    pts = PointSet()
    assert pts.extent() == (-4.0, 4.0, -4.0, 4.0)
    pts.load_csv(b"0,0,0\n100,10,1\n")
    x0, x1, y0, y1 = pts.extent()
    assert x0 == -15.0 and x1 == 115.0 and y0 == -4.0 and y1 == 11.5


# ----- the page ----------------------------------------------------------------------------------
def points_page():
    at = open_page("live_training")
    at.selectbox(key="dataset").set_value("points").run()
    no_exception(at)
    return at


def click(at, x1: float, x2: float, other: bool = False):
    """What a click on the plane sends (points_plane.js): its place, and Shift."""
    el = next(e for e in at.get("bidi_component") if e.proto.id.endswith("points_plane"))
    ws = at._tree.get_widget_states()
    w = ws.widgets.add()
    w.id = _make_trigger_id(el.proto.id, "events")
    w.json_trigger_value = json.dumps([{"event": "click", "value": {"x1": x1, "x2": x2,
                                                                    "other": other}}])
    at._run(ws)
    no_exception(at)
    return at


def plane_data(at) -> dict:
    el = next(e for e in at.get("bidi_component") if e.proto.id.endswith("points_plane"))
    return json.loads(el.proto.json)


def test_clicks_on_the_plane_make_the_points_and_the_network_learns_them():
    at = points_page()
    assert not any(e.proto.id.endswith("live_view") for e in at.get("bidi_component"))
    for x in (-3, -2.5, -2, -1.5, -1):
        click(at, x, x)                                      # class 0 (the control's default)
    for x in (1, 1.5, 2, 2.5, 3):
        click(at, x, x, other=True)                          # Shift: the other class, 1
    assert plane_data(at)["points"][0] == [-3, -3, 0] and plane_data(at)["points"][-1] == [3, 3, 1]
    run = live_of(at).run
    assert run.settings.dataset == "points" and run.inputs.private
    assert run.inputs.X.shape == (2, 8) and run.inputs.X_test.shape == (2, 2)
    h, _ = component_data(at)
    assert h["chunk"]["setup"]["kind"] == "boundary"
    _, costs = play_live(at)
    assert costs[-1] < costs[0] and run.trainer.train_accuracy() == 1.0
    click(at, 3.05, 3.0)                                        # near the last point: removed
    assert len(plane_data(at)["points"]) == 9
    assert live_of(at).run is not run                  # other points: a new network


def test_a_csv_with_a_bad_row_gets_its_sentence_and_a_good_one_trains():
    at = points_page()
    click(at, 0, 0)
    at.file_uploader(key="points_csv").set_value(("p.csv", b"1,2,0\n3,inf,1\n", "text/csv")).run()
    no_exception(at)
    assert "Row 2 (`3,inf,1`): x2 is `inf`" in at.error[0].value
    assert plane_data(at)["points"] == [[0, 0, 0]]                 # nothing lost
    rows = "".join(f"{i},{i % 3},{int(i >= 5)}\n" for i in range(10)).encode()
    at.file_uploader(key="points_csv").set_value(("p.csv", rows, "text/csv")).run()
    no_exception(at)
    assert len(plane_data(at)["points"]) == 10
    assert live_of(at).run.inputs.X.shape == (2, 8)
